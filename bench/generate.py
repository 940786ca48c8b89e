"""Synthetic registers for scale tests and benchmarks.

    python bench/generate.py OUT.sqlite3 --size {1k,10k,100k,1m} [--seed N]
    python bench/generate.py OUT.sqlite3 --exchanges 25000 --seed 7

The size is the number of exchanges; everything else is proportionate:

    pairings   = max(50, exchanges / 20)
    places     ~ pairings * 1.3   (a few hundred real Chinese places, the rest foreign)
    programmes ~ pairings / 5     (1-4 fields of cooperation, 0-5 items each)
    contacts   ~ pairings / 2     (each linked to 1-2 pairings)

The register is a normal one: made by ``open_register(create=True)`` (migrations and
reference data), then filled with SQLAlchemy Core bulk inserts inside one write
transaction. It keeps the register's rules: no self-pairing, no second current pairing
of the same two places and kind, valid partial dates with ends after starts, a status
history for every pairing, and ``search_text`` built by ``search_key`` exactly as the
register operations build it.

Everything is decided by ``random.Random(seed)``; ``created_at``/``updated_at`` are
derived from a fixed base time, so one seed always gives the same content.

Chinese places are real (provinces, prefecture cities, districts, counties, with pinyin
English names and approximate coordinates). Foreign places are invented from
per-language syllables, each with a Chinese transliteration and, for Japanese, Korean,
Vietnamese and Cyrillic names, a native-script form.

Speed: pinyin (inside ``search_key``) and SQLite's index and foreign-key upkeep are
most of the cost. Each distinct Chinese name is keyed once (in a process pool when
there are thousands), Chinese exchange titles come from a bounded set, and from
``PARALLEL_MIN`` exchanges on a forked process makes the exchange rows while this one
inserts them. Both paths give byte-identical registers (tests/test_generate.py).

    from bench.generate import generate
    counts = generate("/tmp/r.sqlite3", 100_000, seed=0)   # {"place": 6500, ...}
"""
from __future__ import annotations

import argparse
import calendar
import multiprocessing
import os
import random
import sys
import time
import traceback
import unicodedata
import zlib
from datetime import date, datetime, timedelta, timezone
from bisect import bisect
from itertools import accumulate
from pathlib import Path
from typing import Callable, Iterable, Iterator

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from twindesk.core import reference  # noqa: E402
from twindesk.core.models import (  # noqa: E402
    Contact, ContactPairing, Exchange, ExchangeField, ExchangePairing, ExchangePlace, Pairing,
    PairingStatusChange, Place, PlaceAlias, Programme, ProgrammeField, ProgrammeItem,
    RegisterInfo,
)
from twindesk.core.search import SEPARATOR, normalize_name, search_key  # noqa: E402
from twindesk.core.storage import open_register  # noqa: E402

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
CHUNK = 10_000
FIRST_YEAR, LAST_YEAR = 1973, 2026
BASE_TIME = datetime(2024, 1, 1, tzinfo=timezone.utc)  # created_at of the first record

# --------------------------------------------------------------------------- Chinese places
# Two spaces of indentation per level. "zh|English|lat,lon"; coordinates are given for
# provincial-level units and derived (stable jitter) for the places under them. A "*"
# marks a county-level city directly under a province. Types follow from the suffix.
CN_PLACES = """
北京市|Beijing|39.90,116.41
  东城区|Dongcheng
  西城区|Xicheng
  朝阳区|Chaoyang
  海淀区|Haidian
  丰台区|Fengtai
  石景山区|Shijingshan
  通州区|Tongzhou
  顺义区|Shunyi
  昌平区|Changping
  大兴区|Daxing
  怀柔区|Huairou
  密云区|Miyun
  延庆区|Yanqing
天津市|Tianjin|39.13,117.20
  和平区|Heping
  河西区|Hexi
  南开区|Nankai
  滨海新区|Binhai New Area
  武清区|Wuqing
  蓟州区|Jizhou
上海市|Shanghai|31.23,121.47
  黄浦区|Huangpu
  徐汇区|Xuhui
  长宁区|Changning
  静安区|Jing'an
  普陀区|Putuo
  虹口区|Hongkou
  杨浦区|Yangpu
  浦东新区|Pudong New Area
  闵行区|Minhang
  宝山区|Baoshan
  嘉定区|Jiading
  松江区|Songjiang
  青浦区|Qingpu
  奉贤区|Fengxian
  金山区|Jinshan
  崇明区|Chongming
重庆市|Chongqing|29.56,106.55
  渝中区|Yuzhong
  江北区|Jiangbei
  沙坪坝区|Shapingba
  九龙坡区|Jiulongpo
  南岸区|Nan'an
  万州区|Wanzhou
  涪陵区|Fuling
  永川区|Yongchuan
  奉节县|Fengjie
  巫山县|Wushan
河北省|Hebei|38.04,114.51
  石家庄市|Shijiazhuang
  唐山市|Tangshan
  秦皇岛市|Qinhuangdao
  邯郸市|Handan
  保定市|Baoding
    涞源县|Laiyuan
  张家口市|Zhangjiakou
  承德市|Chengde
  沧州市|Cangzhou
  廊坊市|Langfang
  邢台市|Xingtai
  衡水市|Hengshui
山西省|Shanxi|37.87,112.55
  太原市|Taiyuan
  大同市|Datong
  长治市|Changzhi
  晋中市|Jinzhong
    平遥县|Pingyao
  运城市|Yuncheng
  临汾市|Linfen
辽宁省|Liaoning|41.80,123.43
  沈阳市|Shenyang
    沈河区|Shenhe
    铁西区|Tiexi
  大连市|Dalian
    中山区|Zhongshan
    西岗区|Xigang
    金州区|Jinzhou
    旅顺口区|Lüshunkou
  鞍山市|Anshan
  抚顺市|Fushun
  本溪市|Benxi
  丹东市|Dandong
  锦州市|Jinzhou
  营口市|Yingkou
吉林省|Jilin|43.82,125.32
  长春市|Changchun
    南关区|Nanguan
    绿园区|Lüyuan
  吉林市|Jilin City
  四平市|Siping
  通化市|Tonghua
  延边朝鲜族自治州|Yanbian Korean Autonomous Prefecture
    珲春市|Hunchun
    延吉市|Yanji
黑龙江省|Heilongjiang|45.80,126.53
  哈尔滨市|Harbin
    道里区|Daoli
    南岗区|Nangang
    松北区|Songbei
  齐齐哈尔市|Qiqihar
  牡丹江市|Mudanjiang
    绥芬河市|Suifenhe
  佳木斯市|Jiamusi
  大庆市|Daqing
  黑河市|Heihe
江苏省|Jiangsu|32.06,118.80
  南京市|Nanjing
    玄武区|Xuanwu
    鼓楼区|Gulou
    江宁区|Jiangning
  无锡市|Wuxi
    江阴市|Jiangyin
    宜兴市|Yixing
  徐州市|Xuzhou
  常州市|Changzhou
  苏州市|Suzhou
    姑苏区|Gusu
    吴中区|Wuzhong
    昆山市|Kunshan
      周庄镇|Zhouzhuang
    张家港市|Zhangjiagang
    常熟市|Changshu
    同里镇|Tongli
  南通市|Nantong
  连云港市|Lianyungang
  淮安市|Huai'an
  盐城市|Yancheng
  扬州市|Yangzhou
  镇江市|Zhenjiang
  泰州市|Taizhou (Jiangsu)
  宿迁市|Suqian
浙江省|Zhejiang|30.27,120.16
  杭州市|Hangzhou
    上城区|Shangcheng
    西湖区|Xihu
    萧山区|Xiaoshan
    余杭区|Yuhang
    淳安县|Chun'an
    桐庐县|Tonglu
  宁波市|Ningbo
    余姚市|Yuyao
  温州市|Wenzhou
  嘉兴市|Jiaxing
    乌镇|Wuzhen
  湖州市|Huzhou
    安吉县|Anji
    德清县|Deqing
  绍兴市|Shaoxing
  金华市|Jinhua
    义乌市|Yiwu
  衢州市|Quzhou
  舟山市|Zhoushan
  台州市|Taizhou (Zhejiang)
  丽水市|Lishui
安徽省|Anhui|31.82,117.23
  合肥市|Hefei
  芜湖市|Wuhu
  蚌埠市|Bengbu
  淮南市|Huainan
    寿县|Shou
  马鞍山市|Ma'anshan
  安庆市|Anqing
  黄山市|Huangshan
    歙县|She
    黟县|Yi
  滁州市|Chuzhou
福建省|Fujian|26.07,119.30
  福州市|Fuzhou
    仓山区|Cangshan
    台江区|Taijiang
  厦门市|Xiamen
    思明区|Siming
    湖里区|Huli
  莆田市|Putian
  三明市|Sanming
  泉州市|Quanzhou
    晋江市|Jinjiang
    安溪县|Anxi
    德化县|Dehua
  漳州市|Zhangzhou
  南平市|Nanping
    武夷山市|Wuyishan
  龙岩市|Longyan
  宁德市|Ningde
江西省|Jiangxi|28.68,115.86
  南昌市|Nanchang
  景德镇市|Jingdezhen
  萍乡市|Pingxiang (Jiangxi)
  九江市|Jiujiang
  赣州市|Ganzhou
  吉安市|Ji'an
  宜春市|Yichun
  上饶市|Shangrao
    婺源县|Wuyuan
山东省|Shandong|36.65,117.12
  济南市|Jinan
    历下区|Lixia
  青岛市|Qingdao
    市南区|Shinan
    崂山区|Laoshan
    黄岛区|Huangdao
    即墨区|Jimo
  淄博市|Zibo
  枣庄市|Zaozhuang
  东营市|Dongying
  烟台市|Yantai
    龙口市|Longkou
    蓬莱区|Penglai
  潍坊市|Weifang
    寿光市|Shouguang
  济宁市|Jining
    曲阜市|Qufu
  泰安市|Tai'an
  威海市|Weihai
  日照市|Rizhao
  临沂市|Linyi
  德州市|Dezhou
  聊城市|Liaocheng
河南省|Henan|34.75,113.63
  郑州市|Zhengzhou
    金水区|Jinshui
    二七区|Erqi
  开封市|Kaifeng
  洛阳市|Luoyang
  平顶山市|Pingdingshan
  安阳市|Anyang
  新乡市|Xinxiang
  焦作市|Jiaozuo
  许昌市|Xuchang
  南阳市|Nanyang
  商丘市|Shangqiu
  信阳市|Xinyang
湖北省|Hubei|30.59,114.31
  武汉市|Wuhan
    江汉区|Jianghan
    武昌区|Wuchang
    洪山区|Hongshan
  黄石市|Huangshi
  十堰市|Shiyan
  宜昌市|Yichang
  襄阳市|Xiangyang
  荆州市|Jingzhou
  孝感市|Xiaogan
  黄冈市|Huanggang
  恩施土家族苗族自治州|Enshi Tujia and Miao Autonomous Prefecture
湖南省|Hunan|28.23,112.94
  长沙市|Changsha
    岳麓区|Yuelu
    芙蓉区|Furong
  株洲市|Zhuzhou
  湘潭市|Xiangtan
  衡阳市|Hengyang
  岳阳市|Yueyang
  常德市|Changde
  张家界市|Zhangjiajie
  郴州市|Chenzhou
  怀化市|Huaihua
广东省|Guangdong|23.13,113.26
  广州市|Guangzhou
    天河区|Tianhe
    越秀区|Yuexiu
    番禺区|Panyu
  深圳市|Shenzhen
    福田区|Futian
    南山区|Nanshan
    罗湖区|Luohu
    宝安区|Bao'an
    龙岗区|Longgang
  珠海市|Zhuhai
  汕头市|Shantou
  佛山市|Foshan
  韶关市|Shaoguan
  江门市|Jiangmen
  湛江市|Zhanjiang
  茂名市|Maoming
  肇庆市|Zhaoqing
  惠州市|Huizhou
  梅州市|Meizhou
  汕尾市|Shanwei
  东莞市|Dongguan
  中山市|Zhongshan City
  清远市|Qingyuan
  揭阳市|Jieyang
海南省|Hainan|20.04,110.20
  海口市|Haikou
  三亚市|Sanya
  儋州市|Danzhou
  *琼海市|Qionghai
    博鳌镇|Bo'ao
四川省|Sichuan|30.57,104.07
  成都市|Chengdu
    锦江区|Jinjiang District
    武侯区|Wuhou
    都江堰市|Dujiangyan
  自贡市|Zigong
  攀枝花市|Panzhihua
  泸州市|Luzhou
  德阳市|Deyang
  绵阳市|Mianyang
  乐山市|Leshan
  南充市|Nanchong
  宜宾市|Yibin
  雅安市|Ya'an
  凉山彝族自治州|Liangshan Yi Autonomous Prefecture
贵州省|Guizhou|26.65,106.63
  贵阳市|Guiyang
  遵义市|Zunyi
  六盘水市|Liupanshui
  安顺市|Anshun
  黔东南苗族侗族自治州|Qiandongnan Miao and Dong Autonomous Prefecture
云南省|Yunnan|25.04,102.71
  昆明市|Kunming
    五华区|Wuhua
    盘龙区|Panlong
  曲靖市|Qujing
  玉溪市|Yuxi
  保山市|Baoshan City
    腾冲市|Tengchong
  丽江市|Lijiang
  普洱市|Pu'er
  大理白族自治州|Dali Bai Autonomous Prefecture
    大理市|Dali
  西双版纳傣族自治州|Xishuangbanna Dai Autonomous Prefecture
  德宏傣族景颇族自治州|Dehong Dai and Jingpo Autonomous Prefecture
    瑞丽市|Ruili
陕西省|Shaanxi|34.34,108.94
  西安市|Xi'an
    雁塔区|Yanta
    碑林区|Beilin
    临潼区|Lintong
  宝鸡市|Baoji
  咸阳市|Xianyang
  渭南市|Weinan
  延安市|Yan'an
  汉中市|Hanzhong
  榆林市|Yulin
甘肃省|Gansu|36.06,103.83
  兰州市|Lanzhou
  嘉峪关市|Jiayuguan
  天水市|Tianshui
  酒泉市|Jiuquan
    敦煌市|Dunhuang
  张掖市|Zhangye
  武威市|Wuwei
青海省|Qinghai|36.62,101.78
  西宁市|Xining
  海东市|Haidong
  海西蒙古族藏族自治州|Haixi Mongol and Tibetan Autonomous Prefecture
内蒙古自治区|Inner Mongolia Autonomous Region|40.84,111.75
  呼和浩特市|Hohhot
  包头市|Baotou
  赤峰市|Chifeng
  鄂尔多斯市|Ordos
  呼伦贝尔市|Hulunbuir
    满洲里市|Manzhouli
  通辽市|Tongliao
  锡林郭勒盟|Xilin Gol League
    二连浩特市|Erenhot
广西壮族自治区|Guangxi Zhuang Autonomous Region|22.82,108.37
  南宁市|Nanning
  柳州市|Liuzhou
  桂林市|Guilin
    阳朔县|Yangshuo
  梧州市|Wuzhou
  北海市|Beihai
  防城港市|Fangchenggang
    东兴市|Dongxing
  钦州市|Qinzhou
  崇左市|Chongzuo
    凭祥市|Pingxiang (Guangxi)
西藏自治区|Tibet Autonomous Region|29.65,91.17
  拉萨市|Lhasa
  日喀则市|Shigatse
  林芝市|Nyingchi
宁夏回族自治区|Ningxia Hui Autonomous Region|38.49,106.23
  银川市|Yinchuan
  石嘴山市|Shizuishan
  吴忠市|Wuzhong City
  固原市|Guyuan
  中卫市|Zhongwei
新疆维吾尔自治区|Xinjiang Uygur Autonomous Region|43.83,87.62
  乌鲁木齐市|Ürümqi
  克拉玛依市|Karamay
  吐鲁番市|Turpan
  哈密市|Hami
  喀什地区|Kashgar Prefecture
    喀什市|Kashgar
  伊犁哈萨克自治州|Ili Kazakh Autonomous Prefecture
    霍尔果斯市|Khorgas
"""

# Old romanisations a clerk may still type.
CN_ALIASES = {
    "北京": "Peking", "广州": "Canton", "厦门": "Amoy", "南京": "Nanking", "天津": "Tientsin",
    "青岛": "Tsingtao", "西安": "Sian", "重庆": "Chungking", "苏州": "Soochow", "福州": "Foochow",
    "汕头": "Swatow", "沈阳": "Mukden", "乌鲁木齐": "Urumqi", "呼和浩特": "Huhehaote",
    "日喀则": "Xigaze", "喀什": "Kashi", "大连": "Dairen", "杭州": "Hangchow",
    "西藏自治区": "Xizang",
}

# --------------------------------------------------------------------------- foreign names
# Elements are "roman:zh" or "roman:native:zh". "ps" families join a prefix, an optional
# middle and a suffix; "syll" families join two (rarely three) elements of one list.
FAMILIES: dict[str, dict] = {
    "english": dict(
        style="ps", zh=0.55, lang="English", person="en",
        p="Ash:阿什 Bell:贝尔 Black:布莱克 Bran:布兰 Bright:布赖特 Brook:布鲁克 Cam:坎 Carl:卡尔 "
          "Clay:克莱 Clif:克利夫 Dal:达尔 Dun:邓 Eas:伊斯 Elm:埃尔姆 Fair:费尔 Fern:弗恩 Glen:格伦 "
          "Gran:格兰 Green:格林 Hal:哈尔 Ham:汉姆 Hart:哈特 Hay:海 Kings:金斯 Lan:兰 Lin:林 Mal:马尔 "
          "Mid:米德 Mil:米尔 Mor:莫 New:纽 Nor:诺 Oak:奥克 Pem:彭 Red:雷德 Rich:里奇 Ros:罗斯 "
          "Sal:索尔 Sand:桑德 Shel:谢尔 Spring:斯普林 Stan:斯坦 Stock:斯托克 Sum:萨默 Thorn:索恩 "
          "Wal:沃尔 Water:沃特 Wes:韦斯 Whit:惠特 Wil:威尔 Win:温 Wood:伍德",
        m="er:厄 ing:英 ow:奥 an:安 el:埃尔",
        s="ton:顿 field:菲尔德 ford:福德 ville:维尔 wood:伍德 port:波特 bury:伯里 dale:代尔 "
          "mouth:茅斯 land:兰 ham:汉姆 chester:切斯特 brook:布鲁克 view:维尤 burg:堡 ridge:里奇 "
          "well:韦尔 ley:利 worth:沃思 by:比 stone:斯通 haven:黑文 wick:威克 more:莫尔 ington:英顿",
        tpl=[("Port {}", "波特{}"), ("Mount {}", "芒特{}"), ("Lake {}", "莱克{}"),
             ("{} Springs", "{}斯普林斯"), ("{} Falls", "{}福尔斯"), ("North {}", "北{}"),
             ("East {}", "东{}"), ("New {}", "新{}")]),
    "germanic": dict(
        style="ps", zh=0.6, lang="German", person="de",
        p="Alt:阿尔特 Bern:伯恩 Bis:比斯 Blum:布卢姆 Born:博恩 Dorn:多恩 Eber:埃伯 Eich:艾希 "
          "Eisen:艾森 Fal:法尔 Frei:弗赖 Fried:弗里德 Gold:戈尔德 Gross:格罗斯 Hild:希尔德 "
          "Hohen:霍恩 Kirch:基希 Kron:克龙 Lands:兰茨 Lauf:劳夫 Lieb:利布 Lind:林德 Lud:路德 "
          "Mühl:米尔 Neu:诺伊 Nord:诺德 Ober:奥伯 Oster:奥斯特 Ried:里德 Rot:罗特 Schön:舍恩 "
          "Schwarz:施瓦茨 Sig:西格 Stein:施泰因 Sulz:祖尔茨 Tann:坦 Wald:瓦尔德 Wein:魏恩 "
          "Weiss:魏斯 Wolf:沃尔夫 Zell:采尔 Harz:哈尔茨 Rosen:罗森 Fürsten:菲尔斯滕",
        m="en:恩 el:埃尔",
        s="berg:贝格 burg:堡 dorf:多夫 hausen:豪森 heim:海姆 stadt:施塔特 feld:费尔德 bach:巴赫 "
          "hagen:哈根 ingen:英根 au:奥 brück:布吕克 furt:富特 wald:瓦尔德 see:塞 kirchen:基兴 "
          "stein:施泰因 hofen:霍芬 rode:罗德 beck:贝克",
        tpl=[("Bad {}", "巴德{}"), ("Neu-{}", "新{}")]),
    "dutch": dict(
        style="ps", zh=0.5, lang="Dutch", person="nl",
        p="Alk:阿尔克 Amers:阿默斯 Apel:阿珀尔 Bos:博斯 Del:代尔 Dor:多 Ede:埃德 Ens:恩斯 "
          "Gro:赫罗 Haar:哈尔 Hel:黑尔 Hoorn:霍伦 Lei:莱 Maas:马斯 Naar:纳尔 Roer:鲁尔 "
          "Schie:斯希 Veen:芬 Wes:韦斯 Zut:聚特 Zaan:赞 Brab:布拉班 Oost:奥斯特 Zee:泽",
        m="er:厄",
        s="dam:丹 hoven:霍芬 voort:福特 dijk:代克 veld:费尔德 broek:布鲁克 meer:梅尔 sum:瑟姆 "
          "ingen:英恩 wijk:韦克 horst:霍斯特 lo:洛 rode:罗德",
        tpl=[("Sint-{}", "圣{}")]),
    "french": dict(
        style="ps", zh=0.6, lang="French", person="fr",
        p="Beau:博 Bel:贝尔 Bour:布尔 Cha:沙 Cham:尚 Cler:克莱 Font:丰 Gre:格勒 Lan:朗 "
          "Laval:拉瓦尔 Lor:洛 Mar:马 Mont:蒙 Mor:莫 Nan:南 Or:奥 Per:佩 Pon:蓬 Quim:坎 Ren:雷 "
          "Roch:罗什 Sal:萨 Sar:萨尔 Tou:图 Val:瓦 Ver:韦 Vien:维耶 Char:沙尔 Dam:当 Gi:日",
        m="e:厄 an:昂",
        s="ville:维尔 court:库尔 mont:蒙 bourg:堡 lieu:利厄 ac:阿克 ay:艾 ières:耶尔 eau:奥 "
          "on:翁 ans:昂 ard:阿尔 ois:瓦 ille:伊 ès:埃斯 ency:朗西 ignac:尼亚克",
        tpl=[("Saint-{}", "圣{}"), ("{}-sur-Mer", "滨海{}"), ("{}-les-Bains", "{}莱班")]),
    "italian": dict(
        style="ps", zh=0.6, lang="Italian", person="it",
        p="Ales:亚历 Ber:贝 Bor:博 Cal:卡尔 Cam:坎 Cas:卡 Castel:卡斯泰尔 Fer:费 Fio:菲奥 Gal:加 "
          "Lec:莱 Luc:卢 Man:曼 Mar:马 Mon:蒙 Nov:诺 Pa:帕 Pes:佩 Pia:皮亚 Ra:拉 Ro:罗 Sa:萨 "
          "Ser:塞 Ter:泰 Tor:托 Ve:韦 Vi:维 Chie:基耶 Mace:马切",
        m="",
        s="no:诺 na:纳 ra:拉 lia:利亚 ello:埃洛 ona:奥纳 ano:阿诺 ese:埃塞 enza:恩扎 ino:伊诺 "
          "ia:亚 etta:埃塔 ari:阿里 ento:恩托 ola:奥拉 rata:拉塔",
        tpl=[("San {}", "圣{}"), ("Borgo {}", "博尔戈{}")]),
    "iberian": dict(
        style="ps", zh=0.5, lang="Spanish", person="es",
        p="Al:阿尔 Bar:巴 Bel:贝 Ca:卡 Car:卡 Cor:科 Gua:瓜 Jal:哈尔 La:拉 Ma:马 Mon:蒙 Na:纳 "
          "Pa:帕 Pla:普拉 Que:克 Ri:里 Sal:萨尔 Ta:塔 Tor:托 Va:巴 Vi:比 Za:萨 Gra:格拉 Lo:洛 "
          "Me:梅 Ol:奥 Ju:胡 Cu:库",
        m="",
        s="do:多 da:达 nia:尼亚 ja:哈 rez:雷斯 nas:纳斯 ranca:兰卡 lante:兰特 lencia:伦西亚 "
          "tana:塔纳 cia:西亚 gosa:戈萨 lena:莱纳 rillo:里略 mira:米拉 polis:波利斯 tiba:蒂巴 "
          "caya:卡亚 tepec:特佩克",
        tpl=[("San {}", "圣{}"), ("Santa {}", "圣{}"), ("Puerto {}", "波多{}"), ("Villa {}", "比利亚{}"),
             ("São {}", "圣{}"), ("Nova {}", "新{}")]),
    "slavic_cyr": dict(
        style="ps", zh=0.65, lang="Russian", person="ru",
        p="Bel:Бел:别尔 Vol:Вол:沃尔 Gor:Гор:戈尔 Zel:Зел:泽尔 Kras:Крас:克拉斯 Kur:Кур:库尔 "
          "Lip:Лип:利普 Mir:Мир:米尔 Nov:Нов:诺夫 Orl:Орл:奥尔 Pet:Пет:彼得 Rad:Рад:拉德 "
          "Sos:Сос:索斯 Sver:Свер:斯韦尔 Yar:Яр:亚尔 Zhel:Жел:热尔 Chern:Черн:切尔 Kam:Кам:卡姆 "
          "Lev:Лев:列夫 Mag:Маг:马格 Nik:Ник:尼克 Pol:Пол:波尔 Sol:Сол:索尔 Svet:Свет:斯韦特 "
          "Tom:Том:托姆 Ug:Уг:乌格 Vyaz:Вяз:维亚兹 Dub:Дуб:杜布 Ros:Рос:罗斯 Sev:Сев:谢夫 "
          "Kir:Кир:基尔 Bor:Бор:博尔 Kol:Кол:科尔 Ples:Плес:普列斯",
        m="o:о:诺 e:е:耶",
        s="sk:ск:斯克 ovsk:овск:夫斯克 insk:инск:因斯克 ino:ино:伊诺 ovo:ово:沃 ograd:оград:格勒 "
          "gorsk:горск:戈尔斯克 ozersk:озерск:奥焦尔斯克 evo:ево:耶沃 any:аны:阿内 ovka:овка:夫卡 "
          "ets:ец:涅茨 itsa:ица:伊察 opol:ополь:波尔",
        tpl=[]),
    "slavic_lat": dict(
        style="ps", zh=0.55, lang="English", person="pl",
        p="Bial:比亚韦 Bog:博格 Brze:布热 Dąb:东布 Gni:格涅 Kal:卡利 Kro:克罗 Lub:卢布 "
          "Nowo:诺沃 Ost:奥斯特 Pra:普拉 Rad:拉多 Siel:谢尔 Sta:斯塔 Tar:塔尔 Zlo:兹洛 Kar:卡尔 "
          "Most:莫斯特 Ples:普莱斯 Vel:韦尔 Slav:斯拉夫 Tre:特雷 Zag:扎格 Sze:塞 Deb:德布 Cluj:克卢",
        m="",
        s="ów:乌夫 ice:采 ín:因 ov:夫 any:阿尼 no:诺 ec:茨 ica:察 ovo:沃 ac:阿茨 grad:格勒 "
          "ište:什泰 ava:瓦 nik:尼克 ény:埃尼 eni:埃尼 iai:艾",
        tpl=[]),
    "nordic": dict(
        style="ps", zh=0.55, lang="English", person="nordic",
        p="Ar:阿尔 Ber:贝 Borg:博里 Ek:埃克 Fal:法尔 Gäv:耶夫 Hel:赫尔 Jön:延 Kal:卡尔 "
          "Kris:克里斯 Lin:林 Lund:隆德 Mal:马尔 Nor:诺尔 Öre:厄勒 Sand:桑德 Sol:索尔 Sten:斯滕 "
          "Tro:特罗 Upp:乌普 Vas:韦斯 Ys:于斯 Hol:霍尔 Fred:腓特 Ål:奥尔 Tam:坦 Kuo:库奥",
        m="",
        s="sund:松德 vik:维克 borg:堡 by:比 köping:雪平 stad:斯塔德 holm:霍尔姆 dal:达尔 "
          "hamn:港 strand:斯特兰德 berg:贝里 näs:奈斯 mark:马克 pere:佩雷 lahti:拉赫蒂",
        tpl=[]),
    "greek": dict(
        style="ps", zh=0.6, lang="Greek", person="gr",
        p="Ala:阿拉 Ka:卡 Ko:科 Ly:利 Me:梅 Ni:尼 Pa:帕 Ther:塞尔 Tri:特里 Xan:克桑 Ve:韦 "
          "Ach:阿克 Ere:埃雷 Kor:科尔 Lam:拉姆 Ba:巴 Ku:库 Ti:第",
        m="",
        s="polis:波利斯 ini:伊尼 atha:阿萨 os:奥斯 ia:亚 ada:阿达 ikon:伊孔 oupoli:乌波利 "
          "taisi:塔伊西 umi:乌米 nari:纳里",
        tpl=[]),
    "japanese": dict(
        style="syll", zh=1.0, lang="Japanese", person="ja", join="", city=("{}", "{}", "{}"),
        e="yama:山:山 kawa:川:川 ta:田:田 shima:島:岛 oka:岡:冈 matsu:松:松 taka:高:高 naga:長:长 "
          "kita:北:北 minami:南:南 higashi:東:东 nishi:西:西 shin:新:新 hama:浜:滨 saki:崎:崎 "
          "sawa:沢:泽 mori:森:森 hara:原:原 no:野:野 kura:倉:仓 toyo:豊:丰 tsu:津:津 mizu:水:水 "
          "ishi:石:石 ao:青:青 shiro:白:白 kuro:黒:黑 kane:金:金 hira:平:平 tama:玉:玉 kami:上:上 "
          "shimo:下:下 naka:中:中 wa:和:和 mi:三:三 fuku:福:福 chi:千:千 miya:宮:宫 sato:里:里 "
          "ura:浦:浦 ike:池:池 sugi:杉:杉 ashi:芦:芦 hiro:広:广 yoko:横:横 iwa:岩:岩 sakura:桜:樱 "
          "kiri:桐:桐 tachi:立:立 ume:梅:梅 yana:柳:柳 kuma:熊:熊 tori:鳥:鸟 tatsu:竜:龙 "
          "fuji:藤:藤 ina:稲:稻 hoshi:星:星 tsuru:鶴:鹤 ka:加:加 ku:久:久 yoshi:吉:吉"),
    "korean": dict(
        style="syll", zh=1.0, lang="Korean", person="ko", join="", city=("{}", "{}", "{}"),
        e="cheong:청:清 gwang:광:光 won:원:原 san:산:山 dae:대:大 jeon:전:全 su:수:水 chang:창:昌 "
          "an:안:安 yang:양:阳 gang:강:江 pyeong:평:平 seong:성:城 nam:남:南 buk:북:北 dong:동:东 "
          "hae:해:海 gim:김:金 po:포:浦 mok:목:木 yeong:영:永 gyeong:경:庆 cheon:천:川 hwa:화:华 "
          "sin:신:新 jin:진:镇 ju:주:州 gu:구:龟 mun:문:闻 sang:상:尚 ui:의:义 myeong:명:明 "
          "bo:보:宝 tae:태:泰 hong:홍:洪 il:일:一 seo:서:瑞 ok:옥:沃 hwang:황:黄 gong:공:公 "
          "ham:함:咸 jang:장:长 go:고:高 byeok:벽:碧 ryeong:령:灵"),
    "viet": dict(
        style="syll", zh=0.9, lang="Vietnamese", person="vi", join=" ", latin_native=True,
        e="Hà:河 Thanh:清 Quảng:广 Bình:平 Long:龙 Vĩnh:永 Ninh:宁 Hòa:和 Yên:安 Hải:海 Phú:富 "
          "Thái:太 Nam:南 Bắc:北 Đông:东 Tây:西 Sơn:山 Giang:江 Định:定 Hưng:兴 Phước:福 "
          "Thuận:顺 Lạc:乐 Cao:高 Tân:新 Mỹ:美 Đức:德 Lâm:林 Trà:茶 Kiên:坚 Hội:会 Tuyên:宣 "
          "Quang:光 Điện:奠 Hậu:后 Tiên:仙"),
    "thai": dict(
        style="ps", zh=0.6, lang="Thai", person="th",
        p="Chiang :清 Nakhon :那空 Phra :帕 Ban :班 Khon:孔 Udon:乌隆 Surat:素叻 Lop:华 Chai:猜 "
          "Sakon:沙功 Prachin:巴真 Sing:信 Mae :湄 Uthai:乌泰 Phet:碧 Ubon:乌汶",
        m="",
        s="buri:武里 thani:他尼 rat:叻 rai:莱 mai:迈 sawan:沙旺 phanom:帕侬 kaen:敬 pathom:巴吞 "
          "nayok:那育 sot:梭 chabun:差汶",
        tpl=[]),
    "malay": dict(
        style="ps", zh=0.6, lang="Malay", person="id",
        p="Ban:万 Bu:布 Ke:格 Ma:马 Pa:巴 Pe:佩 Su:苏 Ta:打 Ja:惹 Se:实 Ku:古 Me:棉 Lu:卢 "
          "Ti:直 Sa:沙 Ci:芝 Bo:茂",
        m="ra:拉 la:拉",
        s="dung:隆 karta:加达 rang:朗 baya:巴亚 jaya:查亚 bang:邦 kan:甘 pura:普拉 lang:琅 "
          "ngor:莪 kit:吉 ton:顿 wi:威 gan:岸 bon:汶 lor:罗",
        tpl=[("Kota {}", "哥打{}"), ("Kuala {}", "瓜拉{}"), ("San {}", "圣{}")]),
    "south_asian": dict(
        style="ps", zh=0.5, lang="English", person="in",
        p="Ahmad:艾哈迈德 Amr:阿姆利 Ban:班 Bhag:巴格 Chan:昌 Dev:德夫 Gor:戈尔 Hari:哈里 Jai:斋 "
          "Kan:坎 Kol:科尔 Mad:马德 Nag:纳格 Pal:帕尔 Ram:拉姆 Sri:斯里 Sur:苏尔 Vijay:维杰 "
          "Raj:拉杰 Shiv:希夫 Bhim:比姆 Kath:加德",
        m="a:阿",
        s="pur:布尔 abad:巴德 nagar:纳加尔 garh:加尔 pura:布拉 gaon:冈 ganj:甘杰 kot:科特 "
          "wadi:瓦迪 mandu:满都 gala:加拉",
        tpl=[]),
    "persian": dict(
        style="ps", zh=0.5, lang="Persian", person="ar",
        p="Bandar:班达尔 Khorram:霍拉姆 Shah:沙赫 Dar:达尔 Kuh:库赫 Mah:马赫 Nur:努尔 Sar:萨尔 "
          "Zar:扎尔 Gol:戈尔 Isfa:伊斯法 Ker:克尔 Mash:马什",
        m="",
        s="abad:阿巴德 shahr:沙赫尔 dasht:达什特 kan:坎 rud:鲁德 gah:加赫 man:曼 had:哈德",
        tpl=[]),
    "turkic": dict(
        style="ps", zh=0.55, lang="Turkish", person="tr",
        p="Ak:阿克 Ala:阿拉 Bay:拜 Boz:博兹 Çan:恰恩 Er:埃尔 Esk:埃斯克 Gök:格克 Kara:卡拉 "
          "Kır:克尔 Kız:克孜 Kum:库姆 Sar:萨尔 Tas:塔斯 Ter:泰尔 Uz:乌兹 Yen:耶恩 Yeşil:耶希尔 "
          "Bal:巴尔 Tash:塔什 Sham:沙姆 Alma:阿拉木 Nam:纳曼",
        m="",
        s="kent:肯特 abad:阿巴德 su:苏 bulak:布拉克 köy:柯伊 yurt:尤尔特 dere:德雷 tepe:泰佩 "
          "şehir:谢希尔 ova:奥瓦 lar:拉尔 li:利 ören:厄伦 taş:塔什 kul:库尔 aty:阿图",
        tpl=[]),
    "mongol": dict(
        style="ps", zh=0.7, lang="Mongolian", person="mn",
        p="Bayan:巴彦 Ulaan:乌兰 Sükh:苏赫 Khan:汗 Dar:达尔 Erdene:额尔登 Tsetseg:策策格 "
          "Altan:阿拉坦 Tsagaan:查干 Khar:哈尔 Mör:木伦 Zuun:准 Baruun:巴伦",
        m="",
        s="bulag:布拉格 khan:汗 gol:高勒 tolgoi:陶勒盖 uul:乌拉 khot:浩特 bator:巴托尔 "
          "nuur:淖尔 tal:塔拉",
        tpl=[]),
    "arabic": dict(
        style="ps", zh=0.5, lang="Arabic", person="ar",
        p="Ab:阿卜 Ad:阿德 Bah:巴赫 Ba:巴 Bou:布 Da:达 Fa:法 Gha:加 Ha:哈 Ja:贾 Kha:哈 Ma:马 "
          "Mu:穆 Na:纳 Qa:卡 Ra:拉 Sa:萨 Sha:沙 Ta:塔 Za:扎",
        m="",
        s="hran:赫兰 rah:拉 diya:迪耶 ssa:萨 nqa:恩卡 bis:比斯 mah:马 tif:蒂夫 kat:卡特 "
          "zira:齐拉 liya:利耶 nah:纳 run:伦 fiq:菲克 yat:耶特 dir:迪尔",
        tpl=[("Ras {}", "拉斯{}"), ("Ain {}", "艾因{}"), ("Sidi {}", "西迪{}"), ("Al-{}", "{}")]),
    "polynesian": dict(
        style="ps", zh=0.4, lang="English", person="en",
        p="A:阿 Fa:法 Ha:哈 Ma:马 Mo:莫 Nu:努 Pa:帕 Ta:塔 Va:瓦 Le:莱 To:托 Ka:卡",
        m="la:拉 ke:克",
        s="lofa:洛法 kua:库阿 nui:努伊 lau:劳 tai:泰 vai:瓦伊 ea:埃阿 lele:莱莱 pua:普阿 "
          "tuna:图纳",
        tpl=[]),
    "african": dict(
        style="ps", zh=0.5, lang="English", person="af",
        p="Aba:阿巴 Bu:布 Ka:卡 Ki:基 Lu:卢 Ma:马 Mba:姆巴 Nya:尼亚 Ou:瓦 Ta:塔 Zi:济 Ko:科 "
          "Da:达 Ga:加 Se:塞 Lo:洛 Mo:莫 Ndo:恩多 Bo:博 Ki:基 Mwa:姆瓦",
        m="la:拉 ri:里",
        s="mbe:姆贝 nga:恩加 kuru:库鲁 ra:拉 ndu:恩杜 si:西 bo:博 le:莱 ta:塔 goma:戈马 "
          "kasa:卡萨 lawa:拉瓦 gou:古 dougou:杜古 ne:内 mba:姆巴",
        tpl=[]),
}

# Region / district / township formats: (English, Chinese, native).
LEVEL_FORMATS = {
    "default": {"province": ("{} Province", "{}省", ""), "district": ("{} District", "{}区", ""),
                "township": ("{}", "{}镇", "")},
    "english": {"province": ("{} County", "{}县", ""), "township": ("{} Township", "{}镇", "")},
    "germanic": {"province": ("Kreis {}", "{}县", "")},
    "french": {"province": ("Département de {}", "{}省", "")},
    "italian": {"province": ("Provincia di {}", "{}省", "")},
    "iberian": {"province": ("Provincia de {}", "{}省", "")},
    "slavic_cyr": {"province": ("{} Oblast", "{}州", ""), "district": ("{} Raion", "{}区", "")},
    "slavic_lat": {"province": ("{} Region", "{}州", "")},
    "nordic": {"province": ("{} County", "{}省", "")},
    "arabic": {"province": ("{} Governorate", "{}省", "")},
    "japanese": {"province": ("{} Prefecture", "{}县", "{}県"), "district": ("{} Ward", "{}区", "{}区"),
                 "township": ("{} Town", "{}町", "{}町")},
    "korean": {"province": ("{}-do", "{}道", "{}도"), "district": ("{}-gu", "{}区", "{}구"),
               "township": ("{}-eup", "{}邑", "{}읍")},
    "viet": {"province": ("{} Province", "{}省", "Tỉnh {}"), "township": ("{} Town", "{}市社", "Thị xã {}")},
}
COUNTRY_PROVINCE = {"US": ("State of {}", "{}州", ""), "AU": ("{} State", "{}州", ""),
                    "CA": ("{} Province", "{}省", ""), "BR": ("Estado de {}", "{}州", ""),
                    "MX": ("Estado de {}", "{}州", ""), "GB": ("{}shire", "{}郡", "")}

COUNTRY_FAMILY = {}
for _fam, _codes in {
    "english": "US GB IE AU NZ JM BS BB TT GY BZ AG DM GD KN LC VC AI BM KY VG VI TC MS GI IM JE GG "
               "FK MT",
    "germanic": "DE AT LI",
    "dutch": "NL SR AW CW SX",
    "french": "FR MC GP MQ RE GF PF NC MF BL PM YT WF HT",
    "italian": "IT SM",
    "iberian": "ES PT AD BR MX AR CL CO PE VE EC BO PY UY CR PA GT HN SV NI CU DO PR",
    "slavic_cyr": "RU BY UA BG RS MK",
    "slavic_lat": "PL CZ SK SI HR BA ME HU RO MD LT LV EE AL",
    "nordic": "SE NO DK FI IS FO AX GL",
    "greek": "GR CY GE AM",
    "japanese": "JP", "korean": "KR KP", "viet": "VN", "thai": "TH LA KH MM",
    "malay": "ID MY BN SG PH TL",
    "south_asian": "IN PK BD LK NP BT MV",
    "persian": "IR AF TJ",
    "turkic": "TR AZ UZ TM KZ KG",
    "mongol": "MN",
    "arabic": "AE SA EG MA DZ TN LY JO IQ SY LB YE OM QA KW BH SD MR PS IL",
    "polynesian": "FJ WS TO TV KI NR PW FM MH SB VU PG CK NU AS GU MP",
}.items():
    for _code in _codes.split():
        COUNTRY_FAMILY[_code] = _fam
# Bilingual countries: (other family, its share).
MIXED_FAMILY = {"CA": ("french", 0.25), "CH": ("germanic", 0.6), "BE": ("dutch", 0.55),
                "LU": ("french", 0.5), "ZA": ("english", 0.5)}
CONTINENT_FAMILY = {"AF": "african", "EU": "slavic_lat", "AS": "south_asian", "NA": "iberian",
                    "SA": "iberian", "OC": "polynesian"}

# Rough share of China's friendship cities by partner country; everyone else gets 0.15.
COUNTRY_WEIGHTS = {
    "JP": 15, "US": 14, "KR": 12, "RU": 7, "FR": 5, "IT": 5, "DE": 5, "AU": 4, "GB": 3, "BR": 3,
    "CA": 3, "ES": 2, "UA": 2, "MX": 2, "PL": 2, "NZ": 1.5, "TH": 1.5, "VN": 1.5, "ID": 1.2,
    "MY": 1.2, "PH": 1.2, "KZ": 1, "MN": 1, "BY": 1, "HU": 1, "RO": 1, "AR": 1, "CL": 1, "SE": 1,
    "NL": 1, "BE": 1, "AT": 1, "CH": 1, "TR": 1, "EG": 1, "ZA": 1, "IN": 1, "PT": 1, "GR": 1,
    "CZ": 1, "PE": 0.8, "FI": 0.8, "DK": 0.7, "NO": 0.6, "IE": 0.5, "IL": 0.5, "PK": 0.6,
}
NOT_PARTNERS = set("CN HK MO TW AQ BV HM TF GS UM IO PN CC CX NF SJ EH VA TK".split())
TINY = set("AI BL BM FO GG GI IM JE KY MF MS NU PM SX TC VG VI WF AX FK GL".split())

# --------------------------------------------------------------------------- people
PEOPLE = {
    "en": ("James:詹姆斯 Mary:玛丽 John:约翰 Linda:琳达 Robert:罗伯特 Susan:苏珊 Michael:迈克尔 "
           "Karen:卡伦 David:戴维 Sarah:萨拉 Peter:彼得 Emma:埃玛 Thomas:托马斯 Anna:安娜 Mark:马克 "
           "Helen:海伦",
           "Smith:史密斯 Johnson:约翰逊 Brown:布朗 Taylor:泰勒 Miller:米勒 Wilson:威尔逊 Davis:戴维斯 "
           "Clark:克拉克 Lewis:刘易斯 Walker:沃克 Young:扬 King:金 Wright:赖特 Scott:斯科特 Green:格林 "
           "Baker:贝克 Hall:霍尔 Turner:特纳 Parker:帕克 Evans:埃文斯"),
    "de": ("Hans:汉斯 Klaus:克劳斯 Jürgen:于尔根 Stefan:斯特凡 Andreas:安德烈亚斯 Ursula:乌尔苏拉 "
           "Petra:佩特拉 Sabine:扎比内 Monika:莫妮卡 Wolfgang:沃尔夫冈 Katrin:卡特琳 Matthias:马蒂亚斯",
           "Müller:米勒 Schmidt:施密特 Schneider:施耐德 Fischer:菲舍尔 Weber:韦伯 Meyer:迈尔 "
           "Wagner:瓦格纳 Becker:贝克尔 Hoffmann:霍夫曼 Koch:科赫 Richter:里希特 Klein:克莱因 "
           "Wolf:沃尔夫 Neumann:诺伊曼"),
    "nl": ("Jan:扬 Pieter:彼得 Sanne:桑内 Bram:布拉姆 Femke:费姆克 Willem:威廉 Lotte:洛特 Joost:约斯特",
           "de_Vries:德弗里斯 Jansen:扬森 van_Dijk:范代克 Bakker:巴克 Visser:菲瑟 Smit:斯米特 "
           "Peeters:佩特斯 Maes:马斯"),
    "fr": ("Jean:让 Pierre:皮埃尔 Michel:米歇尔 Philippe:菲利普 Nicolas:尼古拉 Marie:玛丽 "
           "Nathalie:娜塔莉 Isabelle:伊莎贝尔 Sophie:索菲 Christophe:克里斯托夫 Camille:卡米耶 "
           "Julien:朱利安",
           "Martin:马丁 Bernard:贝尔纳 Dubois:迪布瓦 Thomas:托马 Robert:罗贝尔 Richard:里夏尔 "
           "Petit:珀蒂 Durand:迪朗 Leroy:勒鲁瓦 Moreau:莫罗 Lefèvre:勒费弗尔 Fontaine:方丹"),
    "it": ("Giuseppe:朱塞佩 Marco:马可 Luca:卢卡 Giovanni:乔瓦尼 Francesca:弗朗切斯卡 Giulia:朱莉娅 "
           "Paolo:保罗 Alessandro:亚历山德罗 Chiara:基娅拉 Roberto:罗伯托",
           "Rossi:罗西 Russo:鲁索 Ferrari:法拉利 Esposito:埃斯波西托 Bianchi:比安基 Romano:罗马诺 "
           "Colombo:科隆博 Ricci:里奇 Marino:马里诺 Greco:格雷科 Bruno:布鲁诺 Conti:孔蒂"),
    "es": ("José:何塞 Juan:胡安 Carlos:卡洛斯 Luis:路易斯 María:玛丽亚 Ana:安娜 Carmen:卡门 "
           "Javier:哈维尔 Lucía:露西娅 Diego:迭戈 Fernanda:费尔南达 Pablo:巴勃罗",
           "García:加西亚 Fernández:费尔南德斯 González:冈萨雷斯 Rodríguez:罗德里格斯 López:洛佩斯 "
           "Martínez:马丁内斯 Sánchez:桑切斯 Pérez:佩雷斯 Gómez:戈麦斯 Silva:席尔瓦 Santos:桑托斯 "
           "Oliveira:奥利维拉"),
    "ru": ("Aleksandr:亚历山大 Sergey:谢尔盖 Dmitry:德米特里 Andrey:安德烈 Olga:奥莉加 Yelena:叶连娜 "
           "Tatyana:塔季扬娜 Natalya:娜塔利娅 Igor:伊戈尔 Vladimir:弗拉基米尔 Irina:伊琳娜 "
           "Mikhail:米哈伊尔",
           "Ivanov:伊万诺夫 Smirnov:斯米尔诺夫 Kuznetsov:库兹涅佐夫 Popov:波波夫 Volkov:沃尔科夫 "
           "Sokolov:索科洛夫 Lebedev:列别杰夫 Kozlov:科兹洛夫 Novikov:诺维科夫 Morozov:莫罗佐夫 "
           "Petrov:彼得罗夫 Pavlov:巴甫洛夫"),
    "pl": ("Piotr:彼得 Krzysztof:克日什托夫 Tomasz:托马什 Anna:安娜 Katarzyna:卡塔日娜 Marek:马雷克 "
           "Agnieszka:阿格涅什卡 Jan:扬 Ewa:埃娃 Pavel:帕维尔 Jana:雅娜 Martin:马丁",
           "Nowak:诺瓦克 Kowalski:科瓦尔斯基 Wiśniewski:维希涅夫斯基 Novák:诺瓦克 Horváth:霍瓦特 "
           "Kovač:科瓦奇 Dvořák:德沃夏克 Szabó:萨博 Popescu:波佩斯库 Kazlauskas:卡兹劳斯卡斯 "
           "Tamm:塔姆 Bērziņš:贝尔津什"),
    "nordic": ("Lars:拉斯 Erik:埃里克 Anders:安德斯 Ingrid:英格丽德 Karin:卡琳 Nils:尼尔斯 "
               "Sigrid:西格丽德 Johan:约翰 Mikko:米科 Aino:艾诺",
               "Andersson:安德松 Johansson:约翰松 Hansen:汉森 Nielsen:尼尔森 Larsen:拉森 "
               "Virtanen:维尔塔宁 Berg:贝里 Lindqvist:林德奎斯特 Korhonen:科霍宁"),
    "gr": ("Georgios:乔治斯 Maria:玛丽亚 Dimitris:季米特里斯 Eleni:埃莱尼 Nikos:尼科斯 Giorgi:吉奥尔吉",
           "Papadopoulos:帕帕多普洛斯 Nikolaidis:尼古拉迪斯 Georgiou:乔治乌 Konstantinou:康斯坦丁努 "
           "Beridze:贝里泽 Petrosyan:彼得罗相"),
    "ar": ("Ahmed:艾哈迈德 Mohammed:穆罕默德 Omar:奥马尔 Khalid:哈立德 Fatima:法蒂玛 Layla:莱拉 "
           "Youssef:优素福 Hassan:哈桑 Amina:阿米娜 Karim:卡里姆 Reza:礼萨 Maryam:玛丽亚姆",
           "Al-Mansouri:曼苏里 Haddad:哈达德 Al-Rashid:拉希德 Nasser:纳赛尔 Saleh:萨利赫 Aziz:阿齐兹 "
           "Mahmoud:马哈茂德 Ibrahim:易卜拉欣 Al-Amin:阿明 Bennani:本纳尼 Hosseini:侯赛尼"),
    "tr": ("Mehmet:穆罕默德 Ahmet:艾哈迈德 Ayşe:艾谢 Fatma:法特玛 Mustafa:穆斯塔法 Emine:埃米内 "
           "Ali:阿里 Zeynep:泽伊内普 Murat:穆拉特 Elif:埃利夫 Nursultan:努尔苏丹 Dilnoza:迪尔诺扎",
           "Yılmaz:耶尔马兹 Kaya:卡亚 Demir:德米尔 Şahin:沙欣 Çelik:切利克 Yıldız:耶尔德兹 "
           "Aydın:艾登 Öztürk:厄兹蒂尔克 Abenov:阿别诺夫 Karimov:卡里莫夫"),
    "mn": ("Bat-Erdene:巴特额尔登 Oyuun:奥云 Ganbaatar:甘巴特尔 Sarnai:萨仁 Enkhbayar:恩赫巴亚尔",
           "Dorj:道尔吉 Bold:包勒德 Batbayar:巴特巴雅尔 Tsend:曾德 Sükhbaatar:苏赫巴特尔"),
    "in": ("Rajesh:拉杰什 Priya:普丽娅 Amit:阿米特 Sunita:苏妮塔 Vikram:维克拉姆 Anjali:安贾莉 "
           "Imran:伊姆兰 Nadia:纳迪娅",
           "Sharma:夏尔马 Patel:帕特尔 Singh:辛格 Kumar:库马尔 Gupta:古普塔 Khan:汗 Rahman:拉赫曼 "
           "Perera:佩雷拉"),
    "th": ("Somchai:颂猜 Suda:素达 Anan:阿南 Malee:玛丽 Prasert:巴色 Nok:诺 Sokha:索卡",
           "Srisuk:西苏 Chaiyaporn:猜亚蓬 Wongsawat:翁沙瓦 Boonmee:汶米 Saetang:谢唐 Thongchai:通猜"),
    "id": ("Budi:布迪 Siti:西蒂 Agus:阿古斯 Dewi:德维 Ahmad:艾哈迈德 Rina:丽娜 Jose:何塞 Maria:玛丽亚",
           "Santoso:桑托索 Wijaya:维佳亚 Hidayat:希达亚特 Rahman:拉赫曼 Setiawan:塞蒂亚万 Lim:林 "
           "Reyes:雷耶斯 Cruz:克鲁斯"),
    "af": ("Kwame:夸梅 Amara:阿玛拉 Thabo:塔博 Ngozi:恩戈齐 Juma:朱马 Fatou:法图 Moussa:穆萨 Grace:格蕾丝",
           "Mensah:门萨 Okafor:奥卡福 Dlamini:德拉米尼 Mwangi:姆万吉 Diallo:迪亚洛 Banda:班达 "
           "Traoré:特拉奥雷 Kamau:卡马乌"),
    "ja": ("Hiroshi:浩 Takeshi:武 Kenji:健二 Yūko:裕子 Akiko:明子 Naoki:直树 Masato:正人 Keiko:惠子 "
           "Tomoko:智子 Kazuo:和夫 Yumi:由美 Daisuke:大辅",
           "Satō:佐藤 Suzuki:铃木 Takahashi:高桥 Tanaka:田中 Watanabe:渡边 Itō:伊藤 Yamamoto:山本 "
           "Nakamura:中村 Kobayashi:小林 Katō:加藤 Yoshida:吉田 Yamada:山田 Sasaki:佐佐木 "
           "Matsumoto:松本 Inoue:井上 Kimura:木村"),
    "ko": ("Min-jun:敏俊 Seo-yeon:瑞妍 Ji-hoon:志勋 Hye-jin:惠珍 Sung-ho:成浩 Eun-ji:恩智 "
           "Jae-won:载元 Young-soo:永洙 Mi-kyung:美京 Dong-hyun:东贤",
           "Kim:金 Lee:李 Park:朴 Choi:崔 Jung:郑 Kang:姜 Cho:赵 Yoon:尹 Jang:张 Lim:林 Han:韩 Oh:吴"),
    "vi": ("Văn_Hùng:文雄 Thị_Lan:氏兰 Minh_Tuấn:明俊 Thu_Hà:秋河 Quốc_Bảo:国宝 Thanh_Hương:清香 "
           "Đức_Anh:德英 Ngọc_Mai:玉梅",
           "Nguyễn:阮 Trần:陈 Lê:黎 Phạm:范 Hoàng:黄 Phan:潘 Vũ:武 Đặng:邓 Bùi:裴 Đỗ:杜"),
}
FAMILY_FIRST = {"ja": False, "ko": True, "vi": True, "mn": False}  # English order for East Asia

CN_SURNAMES = ("王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu 周:Zhou "
               "徐:Xu 孙:Sun 马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 林:Lin 罗:Luo 高:Gao 郑:Zheng 梁:Liang "
               "谢:Xie 宋:Song 唐:Tang 许:Xu 韩:Han 冯:Feng 邓:Deng 曹:Cao 彭:Peng 曾:Zeng 肖:Xiao "
               "田:Tian 董:Dong 袁:Yuan 潘:Pan 于:Yu 蒋:Jiang 蔡:Cai 余:Yu 杜:Du 叶:Ye 程:Cheng "
               "苏:Su 魏:Wei 吕:Lü 丁:Ding 任:Ren 沈:Shen 姚:Yao 卢:Lu 姜:Jiang 崔:Cui 钟:Zhong "
               "谭:Tan 陆:Lu 汪:Wang 范:Fan 金:Jin 石:Shi 廖:Liao 贾:Jia 夏:Xia 韦:Wei 方:Fang "
               "白:Bai 邹:Zou 孟:Meng 熊:Xiong 秦:Qin 邱:Qiu 江:Jiang 尹:Yin 薛:Xue 段:Duan 雷:Lei "
               "侯:Hou 龙:Long 史:Shi 陶:Tao 黎:Li 贺:He 顾:Gu 毛:Mao 郝:Hao 龚:Gong 邵:Shao 万:Wan")
CN_GIVEN = ("伟:Wei 芳:Fang 娜:Na 敏:Min 静:Jing 丽:Li 强:Qiang 磊:Lei 军:Jun 洋:Yang 勇:Yong "
            "艳:Yan 杰:Jie 娟:Juan 涛:Tao 明:Ming 超:Chao 秀英:Xiuying 霞:Xia 平:Ping 刚:Gang "
            "桂英:Guiying 晓明:Xiaoming 建华:Jianhua 海燕:Haiyan 志强:Zhiqiang 文:Wen 华:Hua 红:Hong "
            "玉兰:Yulan 鑫:Xin 斌:Bin 宇:Yu 浩:Hao 凯:Kai 婷:Ting 雪:Xue 琳:Lin 晨:Chen 欣怡:Xinyi "
            "子涵:Zihan 思远:Siyuan 佳:Jia 颖:Ying 博:Bo 一鸣:Yiming 天佑:Tianyou 建国:Jianguo "
            "卫东:Weidong 春梅:Chunmei 丹:Dan 蕾:Lei 岩:Yan 楠:Nan 旭:Xu 鹏:Peng 飞:Fei 亮:Liang "
            "冰:Bing 倩:Qian 晓燕:Xiaoyan 国庆:Guoqing 立新:Lixin 海波:Haibo 雅琴:Yaqin 振华:Zhenhua")
OPERATORS = ["", "王芳", "李建华", "陈静", "Zhang Wei", "刘洋"]

# --------------------------------------------------------------------------- record texts
KINDS = [("sister_city", 70), ("friendly_exchange", 18), ("friendly_cooperation", 6),
         ("partnership", 2.5), ("friendship_agreement", 2), ("memorandum", 1.5)]
EXCHANGE_TYPES = [("delegation_in", 25), ("delegation_out", 22), ("forum", 6), ("symposium", 4),
                  ("cultural_event", 10), ("training", 6), ("video_conference", 6),
                  ("student_exchange", 8), ("trade_fair", 5), ("signing_ceremony", 2),
                  ("sports_event", 4), ("other", 2)]
MULTI_TYPES = ["forum", "symposium", "video_conference", "trade_fair", "cultural_event"]
# Title templates by exchange type and host side ("A": the Chinese place hosts, "B": the
# partner hosts), with the share of A-hosted ones. English titles name both places;
# Chinese titles name one local place ({A}) or the partner's country ({C}), so the number
# of distinct Chinese titles (whose pinyin is costly) stays in the thousands.
TITLES: dict[str, tuple[float, dict[str, tuple[list[str], list[str]]]]] = {
    "delegation_in": (1.0, {
        "A": (["{b} delegation visits {a}", "Visit of the Mayor of {b} to {a}",
               "{c} friendship delegation from {b} in {a}"],
              ["{C}友城代表团来访", "{C}市长率团来访", "{C}经贸代表团来访", "{C}议会代表团来访"])}),
    "delegation_out": (0.0, {
        "B": (["{a} delegation visits {b}", "{a} government delegation to {b}, {c}"],
              ["{A}政府代表团出访", "{A}友好代表团出访", "{A}经贸代表团出访", "赴{C}友城访问"])}),
    "forum": (0.8, {
        "A": (["{a} International Sister Cities Forum", "China–{c} Local Government Cooperation Forum",
               "{a}–{b} mayors' forum"],
              ["{A}国际友好城市合作论坛", "{A}国际友城市长论坛", "中国—{C}地方政府合作论坛"]),
        "B": (["{b} International Cities Forum", "{c}–China Local Government Forum in {b}"],
              ["{C}国际城市论坛", "{C}—中国地方政府合作论坛"])}),
    "symposium": (0.6, {
        "A": (["{a}–{b} symposium on urban development", "{a}–{b} expert symposium in {a}"],
              ["{A}友城经贸合作研讨会", "{C}城市治理经验交流研讨会"]),
        "B": (["Symposium on {a}–{b} cooperation held in {b}", "{b}–{a} expert symposium in {b}"],
              ["赴{C}参加城市发展研讨会", "{A}代表团出席友城研讨会"])}),
    "cultural_event": (0.6, {
        "A": (["{c} Culture Week in {a}", "{b} art troupe performs in {a}"],
              ["{C}文化周", "{C}艺术团来访演出"]),
        "B": (["{a} culture days in {b}", "{a} art troupe tours {b}"],
              ["{A}文化周赴外展演", "{A}艺术团出访演出"])}),
    "training": (0.6, {
        "A": (["Training course for {b} officials in {a}"], ["{C}友城公务员研修班"]),
        "B": (["{a} officials trained in {b}"], ["{A}外事干部赴外培训", "{A}公务员赴友城研修"])}),
    "video_conference": (1.0, {
        "A": (["Video conference between {a} and {b}", "{a}–{b} online meeting"],
              ["{C}友城视频会议", "{A}与外国友城云端对话"])}),
    "student_exchange": (0.5, {
        "A": (["{b} youth camp in {a}", "{b} students visit {a}"],
              ["{C}友城青少年交流营", "{C}学生代表团来访"]),
        "B": (["{a} students visit {b}", "{a}–{b} student exchange"],
              ["{A}学生赴友城交流", "{A}青少年代表团出访"])}),
    "trade_fair": (0.7, {
        "A": (["{b} companies at the {a} trade fair"], ["{A}国际友城经贸博览会", "{A}友城商品展"]),
        "B": (["{a} products fair in {b}"], ["{A}商品海外展销会", "{C}中国商品展销会"])}),
    "signing_ceremony": (0.6, {
        "A": (["Signing ceremony in {a}: {a} and {b}", "{a}–{b} cooperation agreement signed"],
              ["{A}友好城市协议签约仪式", "{C}友城合作备忘录签约仪式"]),
        "B": (["Signing ceremony in {b}: {a} and {b}"], ["{A}赴外签署友城协议", "{C}友城合作备忘录签约仪式"])}),
    "sports_event": (0.6, {
        "A": (["{b} runners at the {a} marathon", "{a}–{b} friendship football match"],
              ["{A}国际友城马拉松邀请赛", "{C}友城青少年足球交流赛"]),
        "B": (["{a} team at the {b} games", "{a}–{b} friendship match in {b}"],
              ["{A}体育代表团出访", "赴{C}友城参加体育交流"])}),
    "other": (0.5, {
        "A": (["{b} visitors in {a}", "Exchange between {a} and {b}"], ["{A}外事活动", "{C}友城互访活动"]),
        "B": (["{a} visitors in {b}"], ["{A}赴外交流活动", "{C}友城互访活动"])}),
}
MULTI_TITLES = (["{a} International Sister Cities Forum", "{a} Friendship Cities Conference",
                 "{a} Sister Cities Expo"],
                ["{A}国际友好城市大会", "{A}国际友城合作论坛", "{A}友城博览会"])
LOCAL_VENUES = ["{}人民政府", "{}国际会议中心", "{}友谊宾馆", "{}会展中心", "{}人民对外友好协会"]
FOREIGN_VENUES = ["{} City Hall", "{} Civic Centre", "{} Convention Center", "{} Town Hall",
                  "{} Chamber of Commerce"]
REGION_VENUES = ["{} Government House", "{} Assembly Hall", "{} Government Conference Centre"]
TYPE_FIELDS = {
    "cultural_event": ["culture", "humanities", "tourism", "media"],
    "training": ["administration", "governance", "urban_planning", "public_health"],
    "trade_fair": ["trade", "economy", "agriculture", "innovation"],
    "student_exchange": ["education", "youth", "humanities"],
    "sports_event": ["sports", "youth"],
    "forum": ["economy", "innovation", "governance", "environment", "urban_planning", "trade"],
    "symposium": ["science_technology", "urban_planning", "environment", "innovation"],
}
OUTCOMES = ["签署合作备忘录 / MoU signed", "商定年度交流计划 / Annual plan agreed",
            "签署友好城市协议 / Agreement signed", "确定互派留学生 / Student exchange agreed",
            "达成经贸合作意向 / Trade cooperation intentions", "举办联合展览 / Joint exhibition held"]
ITEMS = {
    "trade": ["举办友城商品展销会 / Sister-city products fair", "互设经贸代表处 / Trade offices"],
    "economy": ["开展投资促进合作 / Investment promotion", "共建产业园区 / Joint industrial park"],
    "innovation": ["共建联合创新中心 / Joint innovation centre", "开展创业孵化合作 / Start-up incubation"],
    "science_technology": ["联合开展科研项目 / Joint research projects", "互派科技人员 / Scientist exchange"],
    "education": ["互派留学生和教师 / Student and teacher exchange", "建立友好学校关系 / Partner schools"],
    "culture": ["互办文化周活动 / Culture weeks", "开展博物馆交流 / Museum exchange"],
    "humanities": ["开展民间友好交流 / People-to-people exchange", "互派艺术团组 / Art troupe visits"],
    "tourism": ["互推旅游线路 / Joint tourism routes", "互设旅游推介中心 / Tourism promotion desks"],
    "public_health": ["开展医疗人员培训 / Medical staff training", "共享公共卫生经验 / Public health know-how"],
    "urban_planning": ["交流城市规划经验 / Planning experience", "合作编制片区规划 / Joint district plan"],
    "city_construction": ["开展城市更新合作 / Urban renewal", "交流基础设施建设经验 / Infrastructure"],
    "transport": ["推动开通直航航线 / Direct flights", "交流公共交通管理经验 / Public transport"],
    "environment": ["开展环境监测合作 / Environmental monitoring", "交流垃圾分类经验 / Waste sorting"],
    "sports": ["互办青少年体育交流赛 / Youth sports meets", "开展冰雪运动合作 / Winter sports"],
    "media": ["互派记者采访 / Journalist exchange", "合作拍摄城市宣传片 / Joint city film"],
    "agriculture": ["开展农业技术合作 / Farming technology", "建设农业示范园 / Demonstration farm"],
    "youth": ["举办青少年夏令营 / Youth summer camp", "开展青年志愿者交流 / Young volunteers"],
    "governance": ["交流城市治理经验 / City governance", "开展智慧城市合作 / Smart city"],
    "administration": ["互派公务员研修 / Civil servant secondments", "建立定期会晤机制 / Regular meetings"],
}
END_REASONS = ["合作长期停滞，双方同意终止 / Inactive for years, ended by agreement",
               "对方城市已合并撤销 / Partner merged into another municipality",
               "对方单方面宣布终止 / Ended by the partner", "协议期满未续签 / Agreement expired"]
SOURCES = ["中国国际友好城市联合会名录 / CIFCA directory", "本办档案 / Office archive",
           "省外办年度报告 / Provincial FAO annual report", "政府公报 / Government gazette"]
CN_TITLES = ["外事办公室主任", "外事办公室副主任", "友城交流处处长", "国际交流科科长", "外事办公室干部"]
CN_FRIENDSHIP_TITLES = ["友好协会秘书长", "友好协会副会长", "友好协会联络部部长"]
CITY_ORGS = ["City of {}", "{} City Hall, International Affairs", "{} Sister City Association",
             "{} Municipal Government"]
REGION_ORGS = ["{} Government, International Affairs Division", "Office of the Governor, {}",
               "{} Friendship Association"]
FOREIGN_TITLES = ["Mayor", "Deputy Mayor", "Director of International Relations",
                  "International Relations Officer", "Head of Protocol", "Sister City Coordinator",
                  "Chair, Sister City Committee"]
DIAL = {"JP": "81", "US": "1", "KR": "82", "RU": "7", "FR": "33", "IT": "39", "DE": "49",
        "AU": "61", "GB": "44", "BR": "55", "CA": "1", "ES": "34", "UA": "380", "MX": "52",
        "PL": "48", "NZ": "64", "TH": "66", "VN": "84", "ID": "62", "MY": "60", "PH": "63",
        "KZ": "7", "MN": "976", "BY": "375", "HU": "36", "RO": "40", "AR": "54", "CL": "56",
        "SE": "46", "NL": "31", "BE": "32", "AT": "43", "CH": "41", "TR": "90", "EG": "20",
        "ZA": "27", "IN": "91", "PT": "351", "GR": "30", "CZ": "420"}
ASCII_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                            "æ": "ae", "ß": "ss", "_": " "})


# --------------------------------------------------------------------------- helpers
def _elements(text: str) -> list[tuple[str, str, str]]:
    """Parse "roman:zh" / "roman:native:zh" items into (roman, native, zh)."""
    out = []
    for item in text.split(" ") if text else []:
        if not item:
            continue
        parts = item.split(":")
        if len(parts) == 2:
            out.append((parts[0], "", parts[1]))
        else:
            out.append((parts[0], parts[1], parts[2]))
    return out


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(item.replace("_", " ").split(":", 1)) for item in text.split()]  # type: ignore[misc]


for _spec in FAMILIES.values():
    for _key in ("p", "m", "s", "e"):
        if _key in _spec:
            # Thai/Japanese prefixes may end in a space ("Chiang :清"); keep it.
            _spec[_key] = _elements(_spec[_key].replace(" :", "\u00a0:"))
            _spec[_key] = [(r.replace("\u00a0", " "), n, z) for r, n, z in _spec[_key]]
PEOPLE_PARSED = {k: (_pairs(g), _pairs(f)) for k, (g, f) in PEOPLE.items()}
CN_SURNAME_LIST = [tuple(x.split(":")) for x in CN_SURNAMES.split()]
CN_GIVEN_LIST = [tuple(x.split(":")) for x in CN_GIVEN.split()]


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(ASCII_FOLD))
    text = text.encode("ascii", "ignore").decode().lower()
    return "".join(c for c in text if c.isalnum())


def strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(ASCII_FOLD))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def cum(weights: Iterable[float]) -> list[float]:
    return list(accumulate(weights))


class SearchKeys:
    """``search_key(names)`` for many records, reusing the keys of names seen before.

    search_key folds each name on its own and de-duplicates the parts, so the key of
    several names is the de-duplicated concatenation of each name's key; only names with
    non-ASCII text (whose pinyin is the costly part) are remembered.
    """

    def __init__(self) -> None:
        self.memo: dict[str, tuple[str, ...]] = {}  # names with Chinese (costly pinyin)
        self.plain: dict[str, tuple[str, ...]] = {}  # other names, forgotten now and then

    def parts(self, name: str) -> tuple[str, ...]:
        got = self.memo.get(name) or self.plain.get(name)
        if got is None:
            key = search_key([name])
            got = tuple(key[1:-1].split(SEPARATOR)) if key else ()
            if not name.isascii():
                self.memo[name] = got
            else:
                if len(self.plain) > 200_000:
                    self.plain.clear()
                self.plain[name] = got
        return got

    def prime(self, names: Iterable[str]) -> None:
        """Work out the keys of many Chinese names at once (in parallel when worth it)."""
        todo = list(dict.fromkeys(n for n in names if n and not n.isascii() and n not in self.memo))
        self.memo.update(zip(todo, _pool_parts(todo)))

    def __call__(self, *names: str | None) -> str:
        seen: dict[str, None] = {}
        for name in names:
            if name:
                for part in self.parts(name):
                    seen[part] = None
        return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR if seen else ""


def _stable_jitter(name: str, spread: float) -> tuple[float, float]:
    h = zlib.crc32(name.encode())
    return ((h & 0xFFFF) / 0xFFFF - 0.5) * 2 * spread, (((h >> 16) & 0xFFFF) / 0xFFFF - 0.5) * 2 * spread


def parse_cn_places() -> list[dict]:
    """The Chinese places as dicts with index, parent index, type and names."""
    out: list[dict] = []
    stack: list[int] = []
    for line in CN_PLACES.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        fields = line.strip().split("|")
        zh, en = fields[0], fields[1]
        star = zh.startswith("*")
        zh = zh.lstrip("*")
        del stack[depth:]
        parent = stack[-1] if stack else None
        alias_zh = ""
        if depth == 0:
            if zh.endswith("自治区"):
                ptype, name_zh, alias_zh = "autonomous_region", zh, zh[:2] if zh != "内蒙古自治区" else "内蒙古"
            elif zh.endswith("省"):
                ptype, name_zh, alias_zh = "province", zh[:-1], zh
            else:
                ptype, name_zh, alias_zh = "municipality", zh[:-1], zh
        elif zh.endswith(("自治州", "地区", "盟")):
            ptype, name_zh = "region", zh
        elif zh.endswith("区"):
            ptype, name_zh = "district", zh
            en = en if " " in en else f"{en} District"
        elif zh.endswith("县"):
            ptype, name_zh = "county", zh
            en = en if " " in en else f"{en} County"
        elif zh.endswith("镇"):
            ptype, name_zh = "township", zh
        else:  # a city
            ptype = "prefecture_city" if depth == 1 and not star else "city"
            # "吉林市" keeps its suffix: "吉林" is the province.
            name_zh, alias_zh = (zh, "") if zh == "吉林市" else (zh[:-1], zh)
        if depth == 0:
            lat, lon = (float(x) for x in fields[2].split(","))
        else:
            plat, plon = out[parent]["latitude"], out[parent]["longitude"]
            dlat, dlon = _stable_jitter(zh, 1.2 if depth == 1 else 0.25)
            lat, lon = round(plat + dlat, 4), round(plon + dlon, 4)
        aliases = [a for a in (alias_zh, CN_ALIASES.get(name_zh, "")) if a]
        if ptype == "province":
            aliases.append(f"{en} Province")
        if ptype == "autonomous_region":
            aliases.append(en.split(" ")[0] if not en.startswith("Inner") else "Inner Mongolia")
        out.append({"index": len(out), "parent": parent, "depth": depth, "name_zh": name_zh,
                    "full_zh": zh,
                    "name_en": en, "place_type": ptype, "latitude": lat, "longitude": lon,
                    "aliases": aliases})
        stack.append(len(out) - 1)
    return out


# --------------------------------------------------------------------------- the generator
LOCAL_WEIGHT = {"province": 3.0, "autonomous_region": 2.0, "municipality": 8.0,
                "prefecture_city": 1.5, "city": 0.8, "region": 0.6, "district": 0.5,
                "county": 0.4, "township": 0.25}
PARTNER_CLASS = {  # local place type -> [(partner class, weight)]
    "province": [("province", 85), ("city", 15)],
    "autonomous_region": [("province", 80), ("city", 20)],
    "municipality": [("province", 35), ("city", 65)],
    "prefecture_city": [("city", 93), ("province", 4), ("district", 3)],
    "city": [("city", 90), ("township", 10)],
    "region": [("city", 70), ("province", 30)],
    "district": [("district", 55), ("city", 45)],
    "county": [("city", 60), ("township", 40)],
    "township": [("township", 70), ("city", 30)],
}
LOCAL_LEVEL = {"province": "province", "autonomous_region": "province", "prefecture_city": "city",
               "city": "city", "region": "city", "district": "district", "county": "county",
               "township": "township"}
NOT_YET = ("proposed", "negotiating", "approved")
VOWELS = set("aeiouyäöüéèàåæø")


class Generator:
    def __init__(self, exchanges: int, seed: int = 0, *, pairings: int | None = None) -> None:
        if exchanges < 0:
            raise ValueError("exchanges must not be negative")
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_exchanges = exchanges
        self.n_pairings = pairings if pairings is not None else max(50, exchanges // 20)
        self.n_places = max(20, round(self.n_pairings * 1.3))
        self.n_programmes = max(5, round(self.n_pairings / 5))
        self.n_contacts = max(10, round(self.n_pairings / 2))
        self.keys = SearchKeys()
        self.clock = 0  # seconds after BASE_TIME of the next record
        self.counts: dict[str, int] = {t.name: 0 for t in (
            Place.__table__, PlaceAlias.__table__, Pairing.__table__,
            PairingStatusChange.__table__, Programme.__table__, ProgrammeField.__table__,
            ProgrammeItem.__table__, Contact.__table__, ContactPairing.__table__,
            Exchange.__table__, ExchangePairing.__table__, ExchangePlace.__table__,
            ExchangeField.__table__)}
        # places, by id - 1
        self.places: list[dict] = []
        self.place_names: list[tuple[str, ...]] = []  # what the search key is built from
        self.aliases: list[dict] = []
        self.p_full_zh: list[str] = []  # "哈尔滨市" for titles and organisations
        self.p_cls: list[str] = []      # local: place type; foreign: province/city/district/township
        self.p_family: list[str] = []   # "" for Chinese places
        self.p_country_zh: list[str] = []
        self.p_country_en: list[str] = []
        self.used_en: set[str] = set()
        self.long_from: dict[str, int] = {}
        self.used_zh: set[str] = set()
        self.locals: list[int] = []
        self.foreign_by_cls: dict[tuple[str, str], list[int]] = {}
        # pairings: (id, a, b, kind, status, est_year, end_year)
        self.pairings: list[tuple] = []
        self.pairing_rows: list[dict] = []
        self.by_local: dict[int, list[int]] = {}
        self.by_foreign: dict[int, list[int]] = {}
        self.programmes_of: dict[int, list[int]] = {}
        self._countries()

    # -- time stamps ----------------------------------------------------------------
    def stamps(self) -> tuple[datetime, datetime, int]:
        """created_at, updated_at, version of the next record (deterministic)."""
        self.clock += 37
        created = BASE_TIME + timedelta(seconds=self.clock)
        if self.rng.random() < 0.1:
            return created, created + timedelta(days=self.rng.randint(1, 400)), self.rng.randint(2, 4)
        return created, created, 1

    # -- countries --------------------------------------------------------------------
    def _countries(self) -> None:
        rows = [c for c in reference.countries()
                if not c["historic"] and c["code"] not in NOT_PARTNERS and c["continent"] != "AN"]
        self.countries = {c["code"]: c for c in rows}
        codes = [c["code"] for c in rows]
        weights = [COUNTRY_WEIGHTS.get(c, 0.03 if c in TINY else 0.15) for c in codes]
        self.country_codes = codes
        self.country_cum = cum(weights)

    def pick_country(self) -> str:
        return self.rng.choices(self.country_codes, cum_weights=self.country_cum)[0]

    def family_of(self, country: str) -> str:
        mixed = MIXED_FAMILY.get(country)
        if mixed:
            other, share = mixed
            if self.rng.random() < share:
                return other
            return {"CA": "english", "CH": "french", "BE": "french", "LU": "germanic",
                    "ZA": "african"}[country]
        fam = COUNTRY_FAMILY.get(country)
        if fam:
            return fam
        return CONTINENT_FAMILY.get(self.countries[country]["continent"], "english")

    # -- places -----------------------------------------------------------------------
    def _add_place(self, *, name_en: str, name_zh: str, name_native: str, place_type: str,
                   country: str, parent: int | None, lat: float | None, lon: float | None,
                   cls: str, family: str, aliases: list[str], full_zh: str = "",
                   notes: str = "") -> int:
        pid = len(self.places) + 1
        created, updated, version = self.stamps()
        self.places.append({
            "id": pid, "version": version, "created_at": created, "updated_at": updated,
            "name_en": name_en, "name_zh": name_zh, "name_native": name_native,
            "place_type": place_type, "country_code": country, "parent_id": parent,
            "latitude": lat, "longitude": lon, "notes": notes, "search_text": "",
        })
        self.place_names.append((name_en, name_zh, name_native, *aliases))
        for alias in aliases:
            self.aliases.append({"id": len(self.aliases) + 1, "place_id": pid, "alias": alias,
                                 "normalized": normalize_name(alias)})
        self.used_en.add(normalize_name(name_en))
        if name_zh:
            self.used_zh.add(name_zh)
        self.p_full_zh.append(full_zh or name_zh)
        self.p_cls.append(cls)
        self.p_family.append(family)
        c = self.countries.get(country) or {"name_zh": "中国", "name_en": "China"}
        self.p_country_zh.append(c["name_zh"])
        self.p_country_en.append(c["name_en"])
        return pid

    def build_local_places(self) -> None:
        cn = parse_cn_places()
        n_local = min(len(cn), max(8, round(self.n_places * 0.2)))
        # Whole provinces in random order, each province followed by what lies under it:
        # a small register looks like one provincial office's, a large one national.
        tops = [p["index"] for p in cn if p["depth"] == 0]
        self.rng.shuffle(tops)
        blocks: dict[int, list[int]] = {}
        top_of: dict[int, int] = {}
        for p in cn:
            top = p["index"] if p["parent"] is None else top_of[p["parent"]]
            top_of[p["index"]] = top
            blocks.setdefault(top, []).append(p["index"])
        chosen: list[int] = []
        for top in tops:
            chosen.extend(blocks[top][: n_local - len(chosen)])
            if len(chosen) >= n_local:
                break
        id_of: dict[int, int] = {}
        for index in chosen:  # parents come before their children in each block
            p = cn[index]
            pid = self._add_place(
                name_en=p["name_en"], name_zh=p["name_zh"], name_native="",
                place_type=p["place_type"], country="CN",
                parent=id_of.get(p["parent"]) if p["parent"] is not None else None,
                lat=p["latitude"], lon=p["longitude"], cls=p["place_type"], family="",
                aliases=p["aliases"], full_zh=p["full_zh"])
            id_of[index] = pid
            self.locals.append(pid)
        activity = [LOCAL_WEIGHT[self.p_cls[pid - 1]] * self.rng.lognormvariate(0, 0.6)
                    for pid in self.locals]
        self.local_cum = cum(activity)

    def _base_name(self, family: str, long: bool) -> tuple[str, str, str]:
        """An invented place name: (roman, native, zh) before level suffixes."""
        spec = FAMILIES[family]
        rng = self.rng
        if spec["style"] == "syll":
            elems = spec["e"]
            picked = rng.sample(elems, 3 if long else 2)
            if spec["join"]:
                roman = spec["join"].join(e[0] for e in picked)
            else:
                roman = "".join(e[0] for e in picked).capitalize()
            if spec.get("latin_native"):
                native, roman = roman, strip_marks(roman)
            else:
                native = "".join(e[1] for e in picked)
            return roman, native, "".join(e[2] for e in picked)
        p = rng.choice(spec["p"])
        s = rng.choice(spec["s"])
        if long:  # a compound: "Oak" + "bright" + "on", 奥克布赖特顿
            m = rng.choice(spec["p"])
            m = (m[0].strip().lower(), m[1].lower(), m[2])
        elif spec["m"] and rng.random() < 0.2:
            m = rng.choice(spec["m"])
        else:
            m = ("", "", "")
        roman = p[0]
        for part in (m[0], s[0]):  # "Sta" + "ovo" -> "Stavo", not "Staovo"
            if part and roman[-1:] in VOWELS and part[0] in VOWELS and len(part) > 2:
                part = part[1:]
            roman += part
        roman = " ".join(w[:1].upper() + w[1:] for w in roman.split(" "))
        native = p[1] + m[1] + s[1] if p[1] else ""
        zh = p[2] + m[2] + s[2]
        if spec["tpl"] and rng.random() < (0.3 if long else 0.08):
            en_t, zh_t = rng.choice(spec["tpl"])
            roman, zh = en_t.format(roman), zh_t.format(zh)
            native = ""
        return roman, native, zh

    def new_foreign_place(self, cls: str, country: str | None = None) -> int:
        rng = self.rng
        country = country or self.pick_country()
        family = self.family_of(country)
        parent = None
        if cls in ("city", "township") and rng.random() < 0.4:
            regions = self.foreign_by_cls.get((country, "province"), [])
            if regions and rng.random() < 0.85:
                parent = rng.choice(regions)
            elif len(self.places) < self.n_places or rng.random() < 0.3:
                parent = self.new_foreign_place("province", country)
        elif cls == "district":
            cities = self.foreign_by_cls.get((country, "city"), [])
            parent = rng.choice(cities) if cities and rng.random() < 0.6 else \
                self.new_foreign_place("city", country)
        fmt_default = {**LEVEL_FORMATS["default"], **LEVEL_FORMATS.get(family, {})}
        if cls == "province" and country in COUNTRY_PROVINCE:
            fmt = COUNTRY_PROVINCE[country]
        elif cls == "city":
            fmt = FAMILIES[family].get("city", ("{}", "{}", "{}"))
        else:
            fmt = fmt_default[cls]
        with_zh = rng.random() < FAMILIES[family]["zh"] or cls == "province"
        long_from = self.long_from.get(family, 3)
        for attempt in range(40):
            roman, native, zh = self._base_name(family, long=attempt >= long_from)
            if attempt >= 30:  # very crowded: add a distinguishing word
                roman, zh = f"{roman} {('Nova', 'Alta', 'Baixa', 'Upper', 'Lower')[attempt % 5]}", \
                    zh + ("新", "上", "下", "东", "西")[attempt % 5]
            name_en = fmt[0].format(roman)
            name_zh = fmt[1].format(zh) if zh and with_zh else ""
            name_native = fmt[2].format(native) if native and fmt[2] else ""
            if normalize_name(name_en) in self.used_en or (name_zh and name_zh in self.used_zh):
                continue
            if attempt >= 2:  # short names of this family are running out
                self.long_from[family] = max(0, long_from - 1)
            break
        else:  # pragma: no cover - 40 collisions in a row would need a far larger register
            name_en, name_zh = f"{name_en} {len(self.places) + 1}", ""
        aliases: list[str] = []
        if rng.random() < 0.25:
            alias = self._alias_for(name_en, family, cls)
            if alias and normalize_name(alias) not in self.used_en:
                aliases.append(alias)
        place_type = {"province": "province", "city": "city", "district": "district",
                      "township": "township"}[cls]
        pid = self._add_place(name_en=name_en, name_zh=name_zh, name_native=name_native,
                              place_type=place_type, country=country, parent=parent,
                              lat=None, lon=None, cls=cls, family=family, aliases=aliases)
        self.foreign_by_cls.setdefault((country, cls), []).append(pid)
        self.foreign_by_cls.setdefault(("*", cls), []).append(pid)
        return pid

    def _alias_for(self, name_en: str, family: str, cls: str) -> str:
        """Another spelling a clerk may type, or "" when the name has no natural one."""
        if cls == "city" and family in ("japanese", "korean"):
            return f"{name_en} City" if family == "japanese" else f"{name_en}-si"
        if family == "slavic_cyr":
            alt = name_en.replace("Zh", "J").replace("zh", "j").replace("y", "i").replace("ts", "z")
            return alt if alt != name_en else ""
        if name_en.startswith("Saint-"):
            return "St-" + name_en[6:]
        if name_en.startswith("San "):
            return "S. " + name_en[4:]
        plain = strip_marks(name_en)
        return plain if plain != name_en else ""

    # -- pairings ---------------------------------------------------------------------
    def _partial(self, year: int, weights=(20, 30, 50)) -> str:
        r = self.rng.random() * sum(weights)
        if r < weights[0]:
            return f"{year:04d}"
        month = self.rng.randint(1, 12)
        if r < weights[0] + weights[1]:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{self.rng.randint(1, calendar.monthrange(year, month)[1]):02d}"

    def _year(self, lo: int = FIRST_YEAR, hi: int = LAST_YEAR) -> int:
        # More pairings from the 1980s on, most in the 2000s and 2010s.
        years = list(range(lo, hi + 1))
        weights = [1 if y < 1980 else 4 if y < 1990 else 6 if y < 2000 else 8 if y < 2010
                   else 9 if y < 2020 else 4 for y in years]
        return self.rng.choices(years, weights=weights)[0]

    def _status_plan(self) -> list[str]:
        n = self.n_pairings
        plan = (["dormant"] * max(2, round(n * 0.02)) + ["ended"] * max(2, round(n * 0.015))
                + ["proposed"] * max(1, round(n * 0.01)) + ["negotiating"] * round(n * 0.004)
                + ["approved"] * round(n * 0.002) + ["suspended"] * round(n * 0.003))
        plan += ["established"] * (n - len(plan))
        self.rng.shuffle(plan)
        return plan

    def build_pairings(self) -> None:
        rng = self.rng
        kinds, kind_cum = [k for k, _ in KINDS], cum(w for _, w in KINDS)
        current: set[tuple[int, int, str]] = set()
        ended: list[tuple[int, int, str, int]] = []
        for status in self._status_plan():
            pid = len(self.pairings) + 1
            a = rng.choices(self.locals, cum_weights=self.local_cum)[0]
            a_type = self.p_cls[a - 1]
            options = PARTNER_CLASS[a_type]
            want = rng.choices([c for c, _ in options], weights=[w for _, w in options])[0]
            kind = rng.choices(kinds, cum_weights=kind_cum)[0]
            b = None
            est_lo = FIRST_YEAR
            r = rng.random()
            if status == "established" and ended and r < 0.02:
                # A pairing that ended and was later set up again.
                a, b, kind, end_year = ended.pop(rng.randrange(len(ended)))
                if end_year >= LAST_YEAR or (min(a, b), max(a, b), kind) in current:
                    b = None
                else:
                    est_lo = end_year + 1
            elif r < 0.05 and self.by_local.get(a):
                # The same two places in a second kind of relationship (an upgrade).
                other = self.pairings[rng.choice(self.by_local[a]) - 1]
                kind = "sister_city" if other[3] != "sister_city" else "friendly_cooperation"
                b = other[2]
                est_lo = other[5] or FIRST_YEAR
            elif r < 0.17:
                pool = self.foreign_by_cls.get(("*", want), [])
                b = rng.choice(pool) if pool else None
            if b is not None and status not in ("ended",) and (min(a, b), max(a, b), kind) in current:
                b = None
            if b is None:
                b = self.new_foreign_place(want)
                est_lo = FIRST_YEAR
            a_type, b_cls = self.p_cls[a - 1], self.p_cls[b - 1]
            a_level = LOCAL_LEVEL.get(a_type) or ("province" if b_cls == "province" else "city")
            level = a_level if a_level == b_cls else "mixed"
            est_year = end_year = None
            established = ended_on = end_reason = ""
            if status not in NOT_YET:
                hi = 2020 if status == "ended" else LAST_YEAR
                est_year = self._year(min(est_lo, hi), hi)
                established = self._partial(est_year)
            if status == "ended":
                end_year = rng.randint(est_year + 1, min(LAST_YEAR, est_year + 30))
                ended_on = self._partial(end_year, (40, 30, 30))
                end_reason = rng.choice(END_REASONS)
                ended.append((a, b, kind, end_year))
            else:
                current.add((min(a, b), max(a, b), kind))
            self.pairings.append((pid, a, b, kind, status, est_year, end_year))
            self.by_local.setdefault(a, []).append(pid)
            self.by_foreign.setdefault(b, []).append(pid)
            self.pairing_rows.append(self._pairing_row(pid, a, b, kind, level, status,
                                                       established, ended_on, end_reason, est_year))

    def _pairing_row(self, pid, a, b, kind, level, status, established, ended_on, end_reason,
                     est_year) -> dict:
        rng = self.rng
        pa, pb = self.places[a - 1], self.places[b - 1]
        created, updated, version = self.stamps()
        has_docs = est_year is not None and rng.random() < 0.7
        return {
            "id": pid, "version": version, "created_at": created, "updated_at": updated,
            "place_a_id": a, "place_b_id": b, "kind": kind, "level": level, "status": status,
            "established": established, "ended": ended_on, "end_reason": end_reason,
            "signed_at_place": (rng.choice([pa["name_zh"], pb["name_en"]]) if has_docs else ""),
            "signed_at_event": ("中国国际友好城市大会" if has_docs and rng.random() < 0.1 else ""),
            "signatories": (f"{self._cn_person()[0]}（{self.p_full_zh[a - 1]}）；{self._foreign_person(b)[0]}"
                            if has_docs and rng.random() < 0.5 else ""),
            "agreement_ref": (f"友协〔{est_year}〕{rng.randint(1, 199)}号" if has_docs else ""),
            "source": rng.choice(SOURCES) if rng.random() < 0.6 else "",
            "source_url": (f"https://www.cifca.org.cn/Web/YouChengShow.aspx?id={pid}"
                           if rng.random() < 0.3 else ""),
            "source_checked": (self._partial(rng.randint(2018, LAST_YEAR), (10, 40, 50))
                               if rng.random() < 0.4 else ""),
            "notes": "",
        }

    def status_history(self) -> list[dict]:
        rows: list[dict] = []
        rng = self.rng
        for (pid, _a, _b, _kind, status, est_year, end_year), row in zip(self.pairings, self.pairing_rows):
            steps: list[tuple[str, str]] = []
            if status in NOT_YET:
                year = rng.randint(2021, LAST_YEAR)
                steps.append(("proposed", f"{year:04d}-{rng.randint(1, 6):02d}"))
                if status in ("negotiating", "approved"):
                    steps.append(("negotiating", f"{year:04d}-{rng.randint(7, 9):02d}"))
                if status == "approved":
                    steps.append(("approved", f"{year:04d}-{rng.randint(10, 12):02d}"))
            else:
                if est_year > FIRST_YEAR and rng.random() < 0.25:
                    steps.append(("negotiating", f"{est_year - 1:04d}"))
                steps.append(("established", row["established"]))
                if status in ("dormant", "suspended"):
                    steps.append((status, f"{rng.randint(min(est_year + 1, LAST_YEAR), LAST_YEAR):04d}"))
                elif status == "ended":
                    steps.append(("ended", row["ended"]))
            base = row["created_at"]
            for n, (st, when) in enumerate(steps):
                rows.append({"id": len(rows) + 1, "pairing_id": pid, "status": st, "date": when,
                             "note": "", "operator": OPERATORS[(pid + n) % len(OPERATORS)],
                             "recorded_at": base + timedelta(minutes=n)})
        return rows

    # -- people -----------------------------------------------------------------------
    def _cn_person(self) -> tuple[str, str]:
        (s_zh, s_en), (g_zh, g_en) = self.rng.choice(CN_SURNAME_LIST), self.rng.choice(CN_GIVEN_LIST)
        return s_zh + g_zh, f"{s_en} {g_en}"

    def _foreign_person(self, place: int) -> tuple[str, str, str]:
        """(English name, Chinese name or "", person family) for someone at a foreign place."""
        family = FAMILIES[self.p_family[place - 1]]["person"]
        given, surnames = PEOPLE_PARSED[family]
        (g, g_zh), (f, f_zh) = self.rng.choice(given), self.rng.choice(surnames)
        if FAMILY_FIRST.get(family):
            en = f"{f} {g}"
        else:
            en = f"{g} {f}"
        if family in ("ja", "ko", "vi"):
            zh = f_zh + g_zh
        else:
            zh = f"{g_zh}·{f_zh}" if self.rng.random() < 0.5 else ""
        return en, zh, family

    # -- programmes ---------------------------------------------------------------------
    def build_programmes(self) -> tuple[list, list, list]:
        rng = self.rng
        fields = [t["code"] for t in reference.vocabulary_terms()["cooperation_field"]]
        labels = {t["code"]: (t["label_en"], t["label_zh"])
                  for t in reference.vocabulary_terms()["cooperation_field"]}
        eligible = [p for p in self.pairings if p[5] is not None]
        programmes, pfields, items = [], [], []
        for n in range(self.n_programmes):
            prid = n + 1
            pid, a, b, _kind, status, est_year, end_year = rng.choice(eligible)
            start_year = rng.randint(max(est_year, 1980), min(LAST_YEAR, max(est_year, 1980) + 25))
            if end_year is not None:
                start_year = min(start_year, end_year)
            length = rng.randint(1, 5)
            finish_year = start_year + length
            chosen = rng.sample(fields, rng.randint(1, 4))
            pa, pb = self.places[a - 1], self.places[b - 1]
            first_en, first_zh = labels[chosen[0]]
            title_en = (f"{pa['name_en']}–{pb['name_en']} {first_en.lower()} cooperation programme "
                        f"{start_year}–{finish_year}")
            title_zh = f"{self.p_full_zh[a - 1]}与{pb['name_zh'] or pb['name_en']}{first_zh}合作计划（{start_year}—{finish_year}年）"
            if rng.random() < 0.03:
                prog_status = "cancelled"
            elif start_year > 2026 - 1 and rng.random() < 0.5:
                prog_status = "planned"
            elif finish_year < 2026:
                prog_status = "completed" if rng.random() < 0.7 else "expired"
            else:
                prog_status = "active"
            created, updated, version = self.stamps()
            programmes.append({
                "id": prid, "version": version, "created_at": created, "updated_at": updated,
                "pairing_id": pid, "title_en": title_en, "title_zh": title_zh,
                "start": self._partial(start_year, (50, 40, 10)),
                "end": f"{finish_year:04d}" if rng.random() < 0.7 else f"{finish_year:04d}-12",
                "status": prog_status,
                "description": (f"Cooperation in {', '.join(labels[c][0].lower() for c in chosen)}, "
                                f"agreed for {start_year}–{finish_year}."),
                "search_text": (title_en, title_zh),  # replaced by the key in build()
            })
            for code in chosen:
                pfields.append({"programme_id": prid, "field_code": code})
            candidates = [(code, text) for code in chosen for text in ITEMS[code]]
            rng.shuffle(candidates)
            for position, (code, text) in enumerate(candidates[:rng.randint(0, 5)]):
                items.append({"id": len(items) + 1, "programme_id": prid, "position": position,
                              "text": text, "field_code": code if rng.random() < 0.8 else None})
            self.programmes_of.setdefault(pid, []).append(prid)
        return programmes, pfields, items

    # -- contacts -----------------------------------------------------------------------
    def build_contacts(self) -> tuple[list, list]:
        rng = self.rng
        contacts, links = [], []
        for n in range(self.n_contacts):
            cid = n + 1
            pid, a, b, *_ = rng.choice(self.pairings)
            local_side = rng.random() < 0.5
            place = a if local_side else b
            p = self.places[place - 1]
            if local_side:
                name_zh, name_en = self._cn_person()
                if rng.random() < 0.75:
                    org, title = f"{self.p_full_zh[place - 1]}人民政府外事办公室", rng.choice(CN_TITLES)
                else:
                    org, title = f"{self.p_full_zh[place - 1]}人民对外友好协会", rng.choice(CN_FRIENDSHIP_TITLES)
                email = f"{ascii_slug(name_en)}@{ascii_slug(p['name_en'])}.gov.cn"
                phone = f"+86 {rng.randint(10, 999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
                language = rng.choice(["Chinese", "Chinese, English", "Chinese, Japanese",
                                       "Chinese, Russian", "Chinese, Korean"])
            else:
                name_en, name_zh, _family = self._foreign_person(place)
                title = rng.choice(FOREIGN_TITLES)
                orgs = REGION_ORGS if self.p_cls[place - 1] == "province" else CITY_ORGS
                org = rng.choice(orgs).format(p["name_en"])
                given_family = name_en.split(" ", 1)
                domain = ascii_slug(p["name_en"]) or "city"
                cc = p["country_code"].lower()
                email = f"{ascii_slug(given_family[0])}.{ascii_slug(given_family[-1])}@{domain}.{cc}"
                dial = DIAL.get(p["country_code"])
                phone = f"+{dial} {rng.randint(10, 99)} {rng.randint(100000, 9999999)}" if dial else ""
                language = FAMILIES[self.p_family[place - 1]]["lang"]
            created, updated, version = self.stamps()
            contacts.append({
                "id": cid, "version": version, "created_at": created, "updated_at": updated,
                "name_en": name_en, "name_zh": name_zh, "title": title, "organisation": org,
                "place_id": place, "phone": phone, "email": email if rng.random() < 0.85 else "",
                "language": language, "notes": "",
                "search_text": (name_en, name_zh, org),  # replaced by the key in build()
            })
            linked = [pid]
            if rng.random() < 0.35:
                others = (self.by_local if local_side else self.by_foreign).get(place)
                if others:
                    other = rng.choice(others)
                    if other != pid:
                        linked.append(other)
            for link in linked:
                links.append({"contact_id": cid, "pairing_id": link})
        return contacts, links

    # -- exchanges ----------------------------------------------------------------------
    def exchanges(self) -> Iterator[tuple[list, list, list, list]]:
        """Chunks of (exchange rows, exchange_pairing, exchange_place, exchange_field).

        This loop runs once per exchange (a million times for the largest size), so it
        draws with ``random()`` and precomputed tables instead of the friendlier helpers.
        """
        rng = self.rng
        rnd = rng.random
        types = [t for t, _ in EXCHANGE_TYPES]
        type_cum = cum(w for _, w in EXCHANGE_TYPES)
        type_total = type_cum[-1]
        all_fields = [t["code"] for t in reference.vocabulary_terms()["cooperation_field"]]
        type_fields = {t: TYPE_FIELDS.get(t, all_fields) for t in types}
        days_in = {(y, m): calendar.monthrange(y, m)[1]
                   for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)}
        local_venues: dict[int, list[str]] = {}
        info = []  # per pairing: what an exchange needs to know about it
        for pid, a, b, _kind, status, est_year, end_year in self.pairings:
            lo = max(FIRST_YEAR, est_year - 1) if est_year else 2021
            hi = min(end_year, LAST_YEAR) if end_year else LAST_YEAR
            if a not in local_venues:
                local_venues[a] = [v.format(self.p_full_zh[a - 1]) for v in LOCAL_VENUES]
            b_venues = REGION_VENUES if self.p_cls[b - 1] == "province" else FOREIGN_VENUES
            fmt = {"a": self.places[a - 1]["name_en"], "b": self.places[b - 1]["name_en"],
                   "c": self.p_country_en[b - 1], "A": self.p_full_zh[a - 1],
                   "C": self.p_country_zh[b - 1]}
            info.append((pid, a, b, lo, hi, self.by_local[a], fmt, local_venues[a],
                         [v.format(fmt["b"]) for v in b_venues], self.programmes_of.get(pid),
                         self.p_cls[b - 1] == "province"))
        active = [info[p[0] - 1] for p in self.pairings if p[4] not in NOT_YET]
        waiting = [info[p[0] - 1] for p in self.pairings if p[4] in NOT_YET]
        n_active, n_waiting = len(active), len(waiting)
        by_id = self.pairings
        keys = self.keys
        clock = self.clock
        rows, ep, eplace, ef = [], [], [], []
        for n in range(self.n_exchanges):
            eid = n + 1
            if n_waiting and rnd() < 0.01:
                primary = waiting[int(rnd() * n_waiting)]
            else:
                primary = active[int(rnd() * n_active)]
            pid, a, b, lo, hi, siblings, fmt, a_venues, b_venues, progs, b_region = primary
            r = rnd()
            multi = r < 0.006 and len(siblings) >= 4
            if multi:
                linked = rng.sample(siblings, rng.randint(4, min(30, len(siblings))))
                if pid not in linked:
                    linked[0] = pid
                etype = MULTI_TYPES[int(rnd() * len(MULTI_TYPES))]
            else:
                linked = [pid]
                if r < 0.25 and len(siblings) > 1:
                    for _ in range(1 if r < 0.17 else 2):
                        other = siblings[int(rnd() * len(siblings))]
                        if other not in linked:
                            linked.append(other)
                etype = types[bisect(type_cum, rnd() * type_total)]
            # dates: from a year before the pairing was set up (or proposed) until it ended
            if etype == "video_conference" and hi < 2008:
                etype = "delegation_in"
            elif etype == "video_conference" and lo < 2008:
                lo = 2008
            year = lo + int(rnd() * (hi - lo + 1))
            month = 1 + int(rnd() * 12)
            pr = rnd()
            if pr < 0.03:
                start, end = f"{year:04d}", ""
            elif pr < 0.15:
                start, end = f"{year:04d}-{month:02d}", ""
            else:
                day = 1 + int(rnd() * days_in[year, month])
                start = f"{year:04d}-{month:02d}-{day:02d}"
                end = (date(year, month, day) + timedelta(days=1 + int(rnd() * 9))).isoformat() \
                    if rnd() < 0.6 else ""
            if multi:
                host, (en_t, zh_t) = a, MULTI_TITLES
            else:
                share_a, sides = TITLES[etype]
                side = "A" if rnd() < share_a else "B"
                host, (en_t, zh_t) = (a if side == "A" else b), sides[side]
            title_en = en_t[int(rnd() * len(en_t))].format_map(fmt)
            title_zh = zh_t[int(rnd() * len(zh_t))].format_map(fmt) if rnd() < 0.9 else ""
            if b_region:
                title_en = title_en.replace("Mayor of", "Governor of")
                title_zh = title_zh.replace("市长", "州长")
            if etype == "video_conference":
                venue = "线上 / Online"
            elif host == a:
                venue = a_venues[int(rnd() * len(a_venues))]
            else:
                venue = b_venues[int(rnd() * len(b_venues))]
            k = rnd()
            nf = 0 if k < 0.3 else 1 if k < 0.75 else 2 if k < 0.95 else 3
            codes: dict[str, None] = {}
            for _ in range(nf):
                source = type_fields[etype] if rnd() < 0.8 else all_fields
                codes[source[int(rnd() * len(source))]] = None
            programme = progs[int(rnd() * len(progs))] if progs and rnd() < 0.4 else None
            participants = None if rnd() < 0.3 else (
                50 + int(rnd() * 351) if multi else 2 + int(rnd() * 59))
            clock += 37
            created = updated = BASE_TIME + timedelta(seconds=clock)
            version = 1
            if rnd() < 0.1:
                updated, version = created + timedelta(days=1 + int(rnd() * 400)), 2 + int(rnd() * 3)
            rows.append({
                "id": eid, "version": version, "created_at": created, "updated_at": updated,
                "title_en": title_en, "title_zh": title_zh, "exchange_type": etype,
                "start": start, "end": end, "venue": venue, "host_place_id": host,
                "participants": participants, "programme_id": programme,
                "outcome": OUTCOMES[int(rnd() * len(OUTCOMES))] if rnd() < 0.3 else "",
                "notes": "", "search_text": keys(title_en, title_zh, venue),
            })
            for link in linked:
                ep.append({"exchange_id": eid, "pairing_id": link})
            # Clerks list the places of multi-city exchanges; for the others the pairing
            # says it all, and only some records repeat the places.
            if multi or rnd() < 0.3:
                places: dict[int, None] = {}
                for link in linked:
                    p = by_id[link - 1]
                    places[p[1]] = None
                    places[p[2]] = None
                for place in places:
                    eplace.append({"exchange_id": eid, "place_id": place})
            for code in codes:
                ef.append({"exchange_id": eid, "field_code": code})
            if len(rows) >= CHUNK:
                self.clock = clock
                yield rows, ep, eplace, ef
                rows, ep, eplace, ef = [], [], [], []
        self.clock = clock
        if rows:
            yield rows, ep, eplace, ef

    # -- building and writing ---------------------------------------------------------------
    def build(self, log=None) -> None:
        """Make every record except the exchanges (those come in chunks, see ``exchanges``)."""
        say = log or (lambda _msg: None)
        t0 = time.perf_counter()
        self.build_local_places()
        self.build_pairings()
        while len(self.places) < self.n_places:  # places nobody is paired with (yet)
            self.new_foreign_place(self.rng.choices(["city", "township", "province"], [85, 8, 7])[0])
        self.history = self.status_history()
        self.programme_rows, self.programme_fields, self.programme_items = self.build_programmes()
        self.contact_rows, self.contact_links = self.build_contacts()
        say(f"records built: {time.perf_counter() - t0:.1f}s")
        self.keys.prime([n for names in self.place_names for n in names]
                        + [n for row in self.programme_rows for n in row["search_text"]]
                        + [n for row in self.contact_rows for n in row["search_text"]])
        for row, names in zip(self.places, self.place_names):
            row["search_text"] = self.keys(*names)
        for row in self.programme_rows + self.contact_rows:
            row["search_text"] = self.keys(*row["search_text"])
        say(f"search keys: {time.perf_counter() - t0:.1f}s")

    def exchange_chunks(self) -> Iterable[tuple[list, list, list, list]]:
        """The exchanges in chunks; for large sizes made by a second process meanwhile.

        The child is forked after everything else is built, so it continues the very
        same random sequence ``exchanges()`` would continue here: the content does not
        depend on which process made it.
        """
        if self.n_exchanges < PARALLEL_MIN or not _can_fork():
            return self.exchanges()
        return _FromChild(self.exchanges)

    def _insert(self, conn, table, rows: list[dict]) -> None:
        for i in range(0, len(rows), CHUNK):
            conn.execute(table.insert(), rows[i:i + CHUNK])
        self.counts[table.name] += len(rows)

    def write(self, conn, chunks: Iterable[tuple[list, list, list, list]], log=None) -> dict[str, int]:
        say = log or (lambda _msg: None)
        t0 = time.perf_counter()
        self._insert(conn, Place.__table__, self.places)
        self._insert(conn, PlaceAlias.__table__, self.aliases)
        self._insert(conn, Pairing.__table__, self.pairing_rows)
        self._insert(conn, PairingStatusChange.__table__, self.history)
        self._insert(conn, Programme.__table__, self.programme_rows)
        self._insert(conn, ProgrammeField.__table__, self.programme_fields)
        self._insert(conn, ProgrammeItem.__table__, self.programme_items)
        self._insert(conn, Contact.__table__, self.contact_rows)
        self._insert(conn, ContactPairing.__table__, self.contact_links)
        say(f"written except exchanges: {time.perf_counter() - t0:.1f}s")
        for rows, ep, eplace, ef in chunks:
            self._insert(conn, Exchange.__table__, rows)
            self._insert(conn, ExchangePairing.__table__, ep)
            self._insert(conn, ExchangePlace.__table__, eplace)
            self._insert(conn, ExchangeField.__table__, ef)
        say(f"exchanges written: {time.perf_counter() - t0:.1f}s")
        conn.execute(RegisterInfo.__table__.insert(), [
            {"key": "synthetic", "value": f"bench.generate exchanges={self.n_exchanges} seed={self.seed}"}])
        return dict(self.counts)


# --------------------------------------------------------------------------- processes
PARALLEL_MIN = 50_000  # exchanges; below this a second process costs more than it saves
POOL_MIN = 2_000  # names whose pinyin is worth a process pool


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _name_parts(name: str) -> tuple[str, ...]:
    key = search_key([name])
    return tuple(key[1:-1].split(SEPARATOR)) if key else ()


def _pool_parts(names: list[str]) -> list[tuple[str, ...]]:
    """``_name_parts`` for many names, on every core when there are enough of them."""
    if len(names) < POOL_MIN or not _can_fork():
        return [_name_parts(n) for n in names]
    processes = min(4, os.cpu_count() or 2)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return pool.map(_name_parts, names, chunksize=max(64, len(names) // (processes * 8)))


def _produce(make: Callable[[], Iterator], writer) -> None:
    try:
        for chunk in make():
            writer.send(chunk)
        writer.send(None)
    except BaseException:  # noqa: BLE001 - handed to the parent, which raises it
        writer.send(traceback.format_exc())
    finally:
        writer.close()


class _FromChild:
    """Runs the generator ``make()`` in a forked process; iterating yields what it sends."""

    def __init__(self, make: Callable[[], Iterator]) -> None:
        ctx = multiprocessing.get_context("fork")
        self.reader, writer = ctx.Pipe(duplex=False)
        self.child = ctx.Process(target=_produce, args=(make, writer), daemon=True)
        self.child.start()
        writer.close()

    def __iter__(self) -> Iterator:
        while True:
            item = self.reader.recv()
            if item is None:
                return
            if isinstance(item, str):
                raise RuntimeError(f"the exchange generator failed:\n{item}")
            yield item

    def close(self) -> None:
        self.reader.close()
        self.child.join(timeout=5)
        if self.child.is_alive():  # it stopped being read after an error
            self.child.terminate()
            self.child.join()


def generate(path: str | Path, exchanges: int, seed: int = 0, *, pairings: int | None = None,
             log=None) -> dict[str, int]:
    """Create a new register at ``path`` filled with synthetic records; return row counts."""
    path = Path(path)
    if path.exists() and path.stat().st_size:
        raise FileExistsError(f"{path} already exists; generate needs a new file")
    gen = Generator(exchanges, seed, pairings=pairings)
    gen.build(log=log)
    # Started before the register is opened, so no process is forked holding a connection.
    chunks = gen.exchange_chunks()
    try:
        register = open_register(path, create=True)
        try:
            with register.connect(write=True) as conn:
                conn.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB for index building
                counts = gen.write(conn, chunks, log=log)
                conn.exec_driver_sql("PRAGMA cache_size = -2000")
        finally:
            register.close()
    finally:
        close = getattr(chunks, "close", None)
        if close:
            close()  # stops a producer that is still running after an error
    return counts


def _size(text: str) -> int:
    try:
        return SIZES[text.lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"size must be one of {', '.join(SIZES)}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the register file to create")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--size", type=_size, help="1k, 10k, 100k or 1m exchanges")
    group.add_argument("--exchanges", type=int, help="an exact number of exchanges")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument("--check", action="store_true",
                        help="run SQLite's integrity and foreign key checks afterwards")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    exchanges = args.size if args.size is not None else args.exchanges
    if args.out.exists():
        if not args.force:
            parser.error(f"{args.out} exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.out) + suffix).unlink(missing_ok=True)
    say = (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    t0 = time.perf_counter()
    counts = generate(args.out, exchanges, args.seed, log=say)
    elapsed = time.perf_counter() - t0
    for table, count in counts.items():
        print(f"{table:24} {count:>10,}")
    print(f"{'seconds':24} {elapsed:>10.1f}")
    if args.check:
        with open_register(args.out) as register:
            problems = register.integrity_problems()
        print("check: ok" if not problems else f"check: {len(problems)} problems, e.g. {problems[:3]}")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
