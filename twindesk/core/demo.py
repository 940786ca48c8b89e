"""The demo register: the friendship-city world described in the seed news articles.

Every record here comes from an article (the ``source`` says which), entered through
the same register operations a clerk's form uses, so the demo also proves that what
the articles describe fits the data model. Where an article gives only a decade
("in the 1990s Beijing forged ties with ...") the date is left empty and the notes say
so: a register must not invent precision its sources do not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session

from twindesk.core import operations as ops
from twindesk.core.operations import attachments
from twindesk.core.storage import Register, open_register

SRC_PD_2000 = (
    "People's Daily Online, “Beijing Widens Cooperation with Friendship Cities”, September 2000"
)
SRC_CD_2004 = (
    "China Daily, “Chinese, Russian officials discuss sister city cooperation”, 2004-10-27"
)
SRC_XINHUA_2003 = (
    "Xinhua via china.org.cn, “China Has 293 Sister Cities with Japan, ROK”, 2003-11-07"
)
SRC_CD_2020 = "China Daily, “Moscow, Beijing set out path on cooperation”, 2020-12-09"
SRC_CPAFFC_2021 = "CPAFFC, “Friendship Cities +” sub-forum of the SCO People-to-People Friendship Forum, Wuhan, 2021"

# key: (English, Chinese, native, type, country, parent key, aliases)
PLACES = {
    "beijing": ("Beijing", "北京", "", "municipality", "CN", None, ["Peking", "北京市"]),
    "tianjin": ("Tianjin", "天津", "", "municipality", "CN", None, ["Tientsin", "天津市"]),
    "shanghai": ("Shanghai", "上海", "", "municipality", "CN", None, ["上海市"]),
    "changning": ("Changning District", "长宁区", "", "district", "CN", "shanghai", []),
    "hubei": ("Hubei", "湖北", "", "province", "CN", None, ["湖北省"]),
    "wuhan": ("Wuhan", "武汉", "", "city", "CN", "hubei", ["武汉市"]),
    "jiangsu": ("Jiangsu", "江苏", "", "province", "CN", None, ["江苏省"]),
    "wuxi": ("Wuxi", "无锡", "", "prefecture_city", "CN", "jiangsu", ["无锡市"]),
    "guangxi": (
        "Guangxi Zhuang Autonomous Region",
        "广西壮族自治区",
        "",
        "autonomous_region",
        "CN",
        None,
        ["Guangxi", "广西"],
    ),
    "chongzuo": ("Chongzuo", "崇左", "", "prefecture_city", "CN", "guangxi", ["崇左市"]),
    "heilongjiang": ("Heilongjiang", "黑龙江", "", "province", "CN", None, ["黑龙江省"]),
    "suifenhe": ("Suifenhe", "绥芬河", "", "city", "CN", "heilongjiang", ["绥芬河市"]),
    "tokyo": ("Tokyo", "东京", "東京", "city", "JP", None, ["東京都"]),
    "kobe": ("Kobe", "神户", "神戸", "city", "JP", None, []),
    "new_york": ("New York", "纽约", "", "city", "US", None, ["New York City"]),
    "belgrade": ("Belgrade", "贝尔格莱德", "Београд", "city", "RS", None, ["Beograd"]),
    "lima": ("Lima", "利马", "", "city", "PE", None, []),
    "washington": ("Washington, D.C.", "华盛顿", "", "city", "US", None, ["Washington"]),
    "madrid": ("Madrid", "马德里", "", "city", "ES", None, []),
    "rio": ("Rio de Janeiro", "里约热内卢", "", "city", "BR", None, []),
    "cologne": ("Cologne", "科隆", "Köln", "city", "DE", None, []),
    "ankara": ("Ankara", "安卡拉", "", "city", "TR", None, []),
    "cairo": ("Cairo", "开罗", "القاهرة", "city", "EG", None, []),
    "islamabad": ("Islamabad", "伊斯兰堡", "", "city", "PK", None, []),
    "jakarta": ("Jakarta", "雅加达", "", "city", "ID", None, []),
    "bangkok": ("Bangkok", "曼谷", "กรุงเทพมหานคร", "city", "TH", None, []),
    "buenos_aires": ("Buenos Aires", "布宜诺斯艾利斯", "", "city", "AR", None, []),
    "seoul": ("Seoul", "首尔", "서울", "city", "KR", None, ["汉城"]),
    "kyiv": ("Kyiv", "基辅", "Київ", "city", "UA", None, ["Kiev"]),
    "berlin": ("Berlin", "柏林", "", "city", "DE", None, []),
    "brussels": ("Brussels", "布鲁塞尔", "Bruxelles", "city", "BE", None, []),
    "hanoi": ("Hanoi", "河内", "Hà Nội", "city", "VN", None, []),
    "amsterdam": ("Amsterdam", "阿姆斯特丹", "", "city", "NL", None, []),
    "moscow": ("Moscow", "莫斯科", "Москва", "city", "RU", None, []),
    "paris": ("Paris", "巴黎", "", "city", "FR", None, []),
    "rome": ("Rome", "罗马", "Roma", "city", "IT", None, []),
    "ottawa": ("Ottawa", "渥太华", "", "city", "CA", None, []),
    "canberra": ("Canberra", "堪培拉", "", "city", "AU", None, []),
    "yeongju": ("Yeongju", "荣州", "영주", "city", "KR", None, ["Yongju"]),
    "minsk": ("Minsk", "明斯克", "Мінск", "city", "BY", None, []),
    "sovetsky": (
        "Sovetsky District, Minsk",
        "苏维埃区（明斯克）",
        "Савецкі раён",
        "district",
        "BY",
        "minsk",
        ["Minsk Soviet District"],
    ),
    "rybinsk": ("Rybinsk", "雷宾斯克", "Рыбинск", "city", "RU", None, []),
    "pogranichny": (
        "Pogranichny District",
        "波格拉尼奇内区",
        "Пограничный район",
        "district",
        "RU",
        None,
        ["Pogranic Nei district"],
    ),
}

# Where each place is (latitude, longitude; city centres, or a province's middle), rounded
# to 0.01°, so the demo's partners show on the map.
COORDINATES = {
    "beijing": (39.90, 116.41),
    "tianjin": (39.13, 117.20),
    "shanghai": (31.23, 121.47),
    "changning": (31.22, 121.42),
    "hubei": (30.98, 112.27),
    "wuhan": (30.58, 114.27),
    "jiangsu": (32.97, 119.46),
    "wuxi": (31.57, 120.29),
    "guangxi": (23.83, 108.79),
    "chongzuo": (22.38, 107.37),
    "heilongjiang": (47.86, 127.76),
    "suifenhe": (44.40, 131.15),
    "tokyo": (35.69, 139.69),
    "kobe": (34.69, 135.18),
    "new_york": (40.71, -74.01),
    "belgrade": (44.80, 20.47),
    "lima": (-12.04, -77.03),
    "washington": (38.90, -77.04),
    "madrid": (40.42, -3.70),
    "rio": (-22.91, -43.17),
    "cologne": (50.94, 6.96),
    "ankara": (39.93, 32.86),
    "cairo": (30.06, 31.25),
    "islamabad": (33.69, 73.06),
    "jakarta": (-6.21, 106.85),
    "bangkok": (13.75, 100.50),
    "buenos_aires": (-34.61, -58.38),
    "seoul": (37.57, 126.98),
    "kyiv": (50.45, 30.52),
    "berlin": (52.52, 13.41),
    "brussels": (50.85, 4.35),
    "hanoi": (21.03, 105.85),
    "amsterdam": (52.37, 4.89),
    "moscow": (55.76, 37.62),
    "paris": (48.85, 2.35),
    "rome": (41.89, 12.49),
    "ottawa": (45.42, -75.70),
    "canberra": (-35.28, 149.13),
    "yeongju": (36.82, 128.63),
    "minsk": (53.90, 27.57),
    "sovetsky": (53.93, 27.59),
    "rybinsk": (58.05, 38.84),
    "pogranichny": (44.40, 131.38),
}

EIGHTIES = ["new_york", "belgrade", "lima", "washington", "madrid", "rio", "cologne"]
NINETIES = [
    "ankara",
    "cairo",
    "islamabad",
    "jakarta",
    "bangkok",
    "buenos_aires",
    "seoul",
    "kyiv",
    "berlin",
    "brussels",
    "hanoi",
    "amsterdam",
    "paris",
    "rome",
    "ottawa",
]

MOSCOW_FIELDS = [
    "trade",
    "economy",
    "innovation",
    "science_technology",
    "education",
    "urban_planning",
    "transport",
    "public_health",
    "tourism",
    "culture",
    "media",
]
MOSCOW_ITEMS = [
    "Exchange of best practices in fighting the coronavirus pandemic, its treatment and diagnostics",
    "Development of the two cities' subway systems",
    "A database of industry-specific experts to ease the exchange of scientific and technical talent",
    "Humanities cooperation: exchanges of instructors, students and schoolchildren",
    "Joint study and research",
    "City transportation management, and transport planning for the 2022 Winter Olympic Games",
    "Enhancing tourism",
    "A further five-year agreement between the Moscow and Beijing subways (planned)",
]


def build(register: Register) -> dict[str, int]:
    """Fill ``register`` with the demo records; returns counts of what was created."""
    with register.write(operator="TwinDesk demo") as s:
        place = _places(s)
        pairing = _pairings(s, place)
        programmes = _programme(s, pairing)
        exchanges = _exchanges(s, place, pairing, programmes)
        contacts = _contacts(s, place, pairing)
        attachments.attach(
            s,
            owner="programme",
            owner_id=programmes["moscow"].id,
            file_name="Moscow-Beijing programme 2021-2023 (press summary).txt",
            content=(SRC_CD_2020 + "\n\n" + "\n".join(f"- {i}" for i in MOSCOW_ITEMS)).encode(),
            description="Summary of the programme as reported in the press",
        )
    return {
        "places": len(place),
        "pairings": len(pairing),
        "programmes": len(programmes),
        "exchanges": exchanges,
        "contacts": contacts,
    }


def create_demo_register(path: Path | str) -> Register:
    register = open_register(path, create=True)
    build(register)
    return register


def _new(s: Session, entity: str, values: dict[str, Any]) -> int:
    """Create a record; its id."""
    record_id = ops.create(s, entity, values).id
    assert record_id is not None  # saved: the database gave it
    return record_id


def _places(s: Session) -> dict[str, int]:
    ids: dict[str, int] = {}
    for key, (en, zh, native, kind, country, parent, aliases) in PLACES.items():
        ids[key] = _new(
            s,
            "place",
            {
                "name_en": en,
                "name_zh": zh,
                "name_native": native,
                "place_type": kind,
                "country_code": country,
                "parent_id": ids.get(parent) if parent else None,
                "latitude": COORDINATES[key][0],
                "longitude": COORDINATES[key][1],
                "aliases": aliases,
            },
        )
    return ids


def _pair(s: Session, a: int, b: int, **values: Any) -> int:
    values.setdefault("kind", "sister_city")
    values.setdefault("level", "city")
    values.setdefault("status", "established")
    return _new(s, "pairing", {"place_a_id": a, "place_b_id": b, **values})


def _pairings(s: Session, p: dict[str, int]) -> dict[str, int]:
    pairing = {
        "tokyo": _pair(
            s,
            p["beijing"],
            p["tokyo"],
            established="1979-03",
            source=SRC_PD_2000,
            notes="Beijing's first sister-city tie, the second year of reform and opening up.",
        ),
        "tianjin_kobe": _pair(
            s,
            p["tianjin"],
            p["kobe"],
            established="1973",
            source=SRC_XINHUA_2003,
            notes="The first pair of sister cities between China and Japan.",
        ),
        "moscow": _pair(
            s,
            p["beijing"],
            p["moscow"],
            established="1995-05",
            source=SRC_CD_2004,
            notes="Cooperation in culture, education, public health, economy, trade and "
            "city construction; joint work on the Olympic bid.",
        ),
        "canberra": _pair(
            s,
            p["beijing"],
            p["canberra"],
            established="2000-09-14",
            source=SRC_PD_2000,
            notes="Aimed at cooperation in trade, economy, environmental protection, "
            "tourism and education.",
        ),
    }
    for key in EIGHTIES:
        pairing[key] = _pair(
            s,
            p["beijing"],
            p[key],
            source=SRC_PD_2000,
            notes="Established by the end of the 1980s; the source gives no exact date.",
        )
    for key in NINETIES:
        pairing[key] = _pair(
            s,
            p["beijing"],
            p[key],
            source=SRC_PD_2000,
            notes="Established in the 1990s; the source gives no exact date.",
        )
    sco = {
        "established": "2021-06-02",
        "signed_at_place": "Wuhan",
        "signed_at_event": "“Friendship Cities +” sub-forum, SCO People-to-People Friendship Forum",
        "source": SRC_CPAFFC_2021,
    }
    pairing["changning_sovetsky"] = _pair(s, p["changning"], p["sovetsky"], level="district", **sco)
    pairing["chongzuo_rybinsk"] = _pair(s, p["chongzuo"], p["rybinsk"], **sco)
    pairing["suifenhe_pogranichny"] = _pair(
        s, p["suifenhe"], p["pogranichny"], kind="friendship_agreement", level="county", **sco
    )
    return pairing


def _programme(s: Session, pairing: dict[str, int]) -> dict:
    moscow = ops.create(
        s,
        "programme",
        {
            "pairing_id": pairing["moscow"],
            "title_en": "Programme of cooperation between Moscow and Beijing for 2021–2023",
            "title_zh": "北京市与莫斯科市2021—2023年合作纲要",
            "start": "2021",
            "end": "2023",
            "status": "completed",
            "description": "Signed by Mayor Sergei Sobyanin and Mayor Chen Jining by video conference "
            "during the Moscow-Beijing-25 online forum. " + SRC_CD_2020,
            "fields": MOSCOW_FIELDS,
            "items": MOSCOW_ITEMS,
        },
    )
    return {"moscow": moscow}


def _exchange(s: Session, **values: Any) -> int:
    return _new(s, "exchange", values)


def _exchanges(s: Session, p: dict[str, int], pairing: dict[str, int], programmes: dict) -> int:
    # Directions as the articles tell them: Beijing's delegations went to the meetings in
    # Moscow; the Russian delegates and the musicians came to Beijing; the conferences and
    # forums in China were held here (本地举办); video conferences are online by their type.
    moscow_programme = programmes["moscow"].id
    ids = [
        _exchange(
            s,
            title_en="First China–Russia Sister City Meeting",
            title_zh="第一届中俄友好城市会议",
            exchange_type="forum",
            start="1997",
            venue="Moscow",
            host_place_id=p["moscow"],
            direction="outgoing",
            places=[p["moscow"]],
            notes=SRC_CD_2004,
        ),
        _exchange(
            s,
            title_en="Music Week for Friendship Cities",
            title_zh="友好城市音乐周",
            exchange_type="cultural_event",
            start="1997-09",
            venue="Beijing",
            direction="incoming",
            host_place_id=p["beijing"],
            participants=50,
            fields=["culture"],
            pairings=[pairing[k] for k in ("berlin", "paris", "moscow", "hanoi", "brussels")],
            places=[p[k] for k in ("beijing", "berlin", "paris", "moscow", "hanoi", "brussels")],
            notes="Over 50 musicians from Berlin, Paris, Moscow, Hanoi, Brussels and other "
            "cities performed for Chinese audiences. " + SRC_PD_2000,
        ),
        _exchange(
            s,
            title_en="Beijing–Tokyo Urban Symposium",
            title_zh="北京—东京城市问题研讨会",
            exchange_type="symposium",
            pairings=[pairing["tokyo"]],
            places=[p["beijing"], p["tokyo"]],
            fields=["urban_planning", "city_construction", "administration"],
            notes="A recurring series, held 11 times by September 2000: officials, experts and "
            "scholars on urban construction, administration and population management. "
            + SRC_PD_2000,
        ),
        _exchange(
            s,
            title_en="2000 China International Friendship Cities Conference",
            title_zh="2000年中国国际友好城市大会",
            exchange_type="forum",
            start="2000-09",
            direction="local",
            venue="Beijing",
            host_place_id=p["beijing"],
            places=[p["beijing"]],
            notes="Expected to be convened in Beijing later in September 2000. " + SRC_PD_2000,
        ),
        _exchange(
            s,
            title_en="Second China–Russia Sister City Meeting",
            title_zh="第二届中俄友好城市会议",
            exchange_type="forum",
            start="2002",
            venue="Moscow",
            host_place_id=p["moscow"],
            direction="outgoing",
            places=[p["moscow"]],
            notes=SRC_CD_2004,
        ),
        _exchange(
            s,
            title_en="China–Japan–ROK Local Government Exchange Meeting",
            title_zh="中日韩地方政府交流会议",
            exchange_type="forum",
            start="2003-11-06",
            direction="local",
            venue="Wuxi, Jiangsu",
            host_place_id=p["wuxi"],
            places=[p["wuxi"], p["yeongju"], p["tianjin"], p["kobe"]],
            pairings=[pairing["tianjin_kobe"]],
            outcome="China reported friendly ties with 220 Japanese and 73 ROK cities.",
            notes="Annual meeting initiated in 1999 by China, Japan and the ROK. "
            + SRC_XINHUA_2003,
        ),
        _exchange(
            s,
            title_en="Third China–Russia Sister City Meeting",
            title_zh="第三届中俄友好城市会议",
            exchange_type="forum",
            start="2004-10-26",
            venue="Beijing",
            direction="incoming",
            host_place_id=p["beijing"],
            pairings=[pairing["moscow"]],
            places=[p["beijing"], p["moscow"]],
            fields=["economy", "science_technology", "culture", "education"],
            outcome="Delegates of more than 30 Chinese and Russian cities agreed to promote "
            "multi-level exchanges; some cities formally established sister-city links.",
            notes="66 China–Russia sister-city pairs existed at the time. " + SRC_CD_2004,
        ),
        _exchange(
            s,
            title_en="Moscow Innovation Cluster – Zhongguancun cooperation agreement",
            title_zh="莫斯科创新集群与中关村合作协议签约",
            exchange_type="video_conference",
            start="2020-09",
            pairings=[pairing["moscow"]],
            fields=["innovation", "science_technology"],
            notes="Signed by video; innovation, research and development. " + SRC_CD_2020,
        ),
        _exchange(
            s,
            title_en="Moscow-Beijing-25: New Time – New Opportunities (online forum)",
            title_zh="“莫斯科—北京—25：新时代—新机遇”线上论坛",
            exchange_type="video_conference",
            start="2020-12-07",
            pairings=[pairing["moscow"]],
            programme_id=moscow_programme,
            places=[p["beijing"], p["moscow"]],
            fields=MOSCOW_FIELDS,
            outcome="The 2021–2023 cooperation programme was signed; online gala concert with "
            "the Bolshoi Theatre Chamber Orchestra, the Osipov State Russian Folk "
            "Orchestra and the Beijing Symphony Orchestra.",
            notes="25th anniversary of the partnership between the two capitals. " + SRC_CD_2020,
        ),
        _exchange(
            s,
            title_en="“Friendship Cities +” sub-forum of the SCO People-to-People Friendship Forum",
            title_zh="上海合作组织民间友好论坛“友好城市+”分论坛",
            exchange_type="forum",
            start="2021-06-02",
            venue="Wuhan, Hubei",
            host_place_id=p["wuhan"],
            direction="local",
            participants=150,
            pairings=[
                pairing[k]
                for k in ("changning_sovetsky", "chongzuo_rybinsk", "suifenhe_pogranichny")
            ],
            places=[
                p[k]
                for k in (
                    "wuhan",
                    "changning",
                    "sovetsky",
                    "chongzuo",
                    "rybinsk",
                    "suifenhe",
                    "pogranichny",
                )
            ],
            outcome="Changning District – Sovetsky District of Minsk and Chongzuo – Rybinsk "
            "signed friendship-city agreements; Suifenhe signed a friendship agreement "
            "with Pogranichny District.",
            notes="About 150 Chinese and foreign guests, online and offline. " + SRC_CPAFFC_2021,
        ),
    ]
    return len(ids)


def _contacts(s: Session, p: dict[str, int], pairing: dict[str, int]) -> int:
    people = [
        (
            "Chen Haosu",
            "陈昊苏",
            "President",
            "Chinese People's Association for Friendship with Foreign Countries (CPAFFC)",
            "beijing",
            ["moscow", "tianjin_kobe"],
            "Chinese",
        ),
        (
            "Zhang Mao",
            "张茅",
            "Vice-Mayor of Beijing",
            "Beijing Municipal Government",
            "beijing",
            ["moscow"],
            "Chinese",
        ),
        (
            "M. Men",
            "",
            "Vice-Mayor of Moscow",
            "Government of Moscow",
            "moscow",
            ["moscow"],
            "Russian",
        ),
        (
            "Igor Rogachev",
            "罗高寿",
            "Ambassador of Russia to China",
            "Embassy of the Russian Federation",
            "beijing",
            ["moscow"],
            "Russian",
        ),
        (
            "Sergei Sobyanin",
            "索比亚宁",
            "Mayor of Moscow",
            "Government of Moscow",
            "moscow",
            ["moscow"],
            "Russian",
        ),
        (
            "Chen Jining",
            "陈吉宁",
            "Mayor of Beijing",
            "Beijing Municipal Government",
            "beijing",
            ["moscow"],
            "Chinese",
        ),
        (
            "Liu Qi",
            "刘淇",
            "Mayor of Beijing",
            "Beijing Municipal Government",
            "beijing",
            ["canberra"],
            "Chinese",
        ),
        ("Kweon Young-chang", "", "Mayor of Yeongju", "Yeongju City", "yeongju", [], "Korean"),
        (
            "Lin Songtian",
            "林松添",
            "President",
            "CPAFFC",
            "beijing",
            ["changning_sovetsky", "chongzuo_rybinsk", "suifenhe_pogranichny"],
            "Chinese",
        ),
        (
            "Zhao Haishan",
            "赵海山",
            "Vice Governor of Hubei Province",
            "Hubei Provincial Government",
            "wuhan",
            [],
            "Chinese",
        ),
        (
            "Paramonov",
            "",
            "Executive Vice Chairman",
            "Russian Federation of Friendship Cities",
            "moscow",
            ["chongzuo_rybinsk", "suifenhe_pogranichny"],
            "Russian",
        ),
    ]
    for en, zh, title, org, place, pairings, language in people:
        ops.create(
            s,
            "contact",
            {
                "name_en": en,
                "name_zh": zh,
                "title": title,
                "organisation": org,
                "place_id": p[place],
                "language": language,
                "pairings": [pairing[k] for k in pairings],
            },
        )
    return len(people)
