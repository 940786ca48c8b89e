#!/usr/bin/env python3
"""Build the office-lists corpus: spreadsheets as Chinese foreign-affairs offices keep them.

Each spreadsheet is first laid out with openpyxl (merged cells, hidden rows and columns, date
cells, number formats), then LibreOffice re-saves it as the final .xlsx / .xls / .ods, so the
bytes of every final spreadsheet are LibreOffice's.  CSV files are written directly in the
encoding the office's software would use (GBK, GB18030, UTF-8 with BOM, plain UTF-8).

expected.json is written from the same tables that fill the cells, so the two cannot drift.
Naming rules for expected.json (see README.md):
  * name_zh: the place's Chinese name without the city suffix 市 when a file adds it
    (武汉市 -> 武汉); names whose 市 is part of the name keep it (四日市); provinces,
    prefectures, states keep their level word (湖北省, 大分县, 俄亥俄州).
  * name_en: as written, trimmed, except old romanisations mapped to the present name
    (Peking -> Beijing, Canton -> Guangzhou, Tientsin -> Tianjin, Nanking -> Nanjing,
    Kiev -> Kyiv); the file's "spellings" key lists the ones it uses.
  * a language the file does not give is null.

Usage: /work/main/.venv/bin/python make_corpus.py   (needs soffice on PATH; takes ~15 seconds)
Tests do not run this script; they read the committed files.
"""

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = os.path.dirname(os.path.abspath(__file__))
EXPECTED = {}
README = []  # (file, format, encoding, hard)
PENDING = []  # (src xlsx path, final file name)

D = dt.date


# ---------------------------------------------------------------- expected.json helpers
def place(en, zh, cc):
    return {"name_en": en, "name_zh": zh, "country": cc}


def pairing(local, partner, date=None, kind="sister_city", status="established", old=None):
    p = {"local": local, "partner": partner, "kind": kind, "status": status, "established": date}
    if old:
        p["country_at_signing"] = old
    return p


def register(name, fmt, encoding, description, local, pairings, rejected=0, spellings=None):
    seen = []
    for p in pairings:
        assert p not in seen, (name, p)  # duplicates in a file are listed once
        seen.append(p)
    assert 8 <= len(pairings) + rejected <= 40, (name, len(pairings))
    entry = {
        "description": description,
        "local": local,
        "target": "pairing",
        "pairings": pairings,
        "rows_rejected": rejected,
    }
    if spellings:
        entry["spellings"] = spellings
    EXPECTED[name] = entry
    README.append((name, fmt, encoding, description))


def iso(date):
    """dt.date -> 'YYYY-MM-DD'; tuples/strings are already ISO partial dates."""
    if date is None:
        return None
    if isinstance(date, dt.date):
        return date.isoformat()
    return date


# ---------------------------------------------------------------- spreadsheet helpers
BUILD = tempfile.mkdtemp(prefix="office-lists-")
os.makedirs(os.path.join(BUILD, "src"))

BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def book(title):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    return wb, ws


def put(ws, row, values, bold=False, fmt=None):
    """Write values into row starting at column A; None leaves the cell empty."""
    for col, v in enumerate(values, start=1):
        if v is None:
            continue
        c = ws.cell(row=row, column=col, value=v)
        if bold:
            c.font = BOLD
            c.alignment = CENTER
        if isinstance(v, dt.date) and fmt:
            c.number_format = fmt


def title(ws, row, text, ncols, size=14):
    ws.cell(row=row, column=1, value=text).font = Font(bold=True, size=size)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def widths(ws, *w):
    for i, x in enumerate(w):
        ws.column_dimensions[chr(ord("A") + i)].width = x


def save(wb, final_name):
    stem = os.path.splitext(final_name)[0]
    src = os.path.join(BUILD, "src", stem + ".xlsx")
    wb.save(src)
    PENDING.append((src, final_name))


def write_csv(final_name, rows, encoding, delimiter=",", newline="\r\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    data = buf.getvalue()
    with open(os.path.join(OUT, final_name), "wb") as fh:
        if encoding == "utf-8-sig":
            fh.write(b"\xef\xbb\xbf" + data.encode("utf-8"))
        else:
            fh.write(data.encode(encoding))
    return data


# ---------------------------------------------------------------- places used as local side
BJ = place("Beijing", "北京", "CN")
TJ = place("Tianjin", "天津", "CN")
SH = place("Shanghai", "上海", "CN")
WH = place("Wuhan", "武汉", "CN")
HRB = place("Harbin", "哈尔滨", "CN")
NJ = place("Nanjing", "南京", "CN")
GZ = place("Guangzhou", "广州", "CN")
XA = place("Xi'an", "西安", "CN")
CD = place("Chengdu", "成都", "CN")
SY = place("Shenyang", "沈阳", "CN")
DL = place("Dalian", "大连", "CN")
XM = place("Xiamen", "厦门", "CN")
CQ = place("Chongqing", "重庆", "CN")
HZ = place("Hangzhou", "杭州", "CN")
QD = place("Qingdao", "青岛", "CN")
SZ = place("Suzhou", "苏州", "CN")
CC = place("Changchun", "长春", "CN")
KM = place("Kunming", "昆明", "CN")


# ============================================================== 01 Beijing, xlsx
def f01():
    name = "beijing-2024.xlsx"
    # zh, en, country as written, ISO, date (date cell or (text, iso)), status, note, old
    rows = [
        ("东京", "Tokyo", "日本", "JP", D(1979, 3, 14), "有效", "北京市第一个友好城市", None),
        ("纽约", "New York", "美国", "US", D(1980, 2, 25), "有效", None, None),
        ("贝尔格莱德", "Belgrade", "南斯拉夫", "RS", D(1980, 10, 14), "有效", "现属塞尔维亚", "YU"),
        ("利马", "Lima", "秘鲁", "PE", D(1983, 11, 21), "有效", None, None),
        ("华盛顿", "Washington", "美国", "US", D(1984, 5, 15), "有效", None, None),
        ("马德里", "Madrid", "西班牙", "ES", D(1985, 9, 16), "有效", None, None),
        (
            "里约热内卢",
            "Rio de Janeiro",
            "巴西",
            "BR",
            ("1986年11月24日", "1986-11-24"),
            "有效",
            None,
            None,
        ),
        ("科隆", "Cologne", "联邦德国", "DE", D(1987, 9, 14), "有效", None, "DE_WEST"),
        ("安卡拉", "Ankara", "土耳其", "TR", D(1990, 6, 20), "有效", None, None),
        ("开罗", "Cairo", "埃及", "EG", D(1990, 10, 28), "有效", None, None),
        ("雅加达", "Jakarta", "印度尼西亚", "ID", D(1992, 8, 4), "有效", None, None),
        ("伊斯兰堡", "Islamabad", "巴基斯坦", "PK", D(1992, 10, 8), "有效", None, None),
        ("曼谷", "Bangkok", "泰国", "TH", D(1993, 5, 26), "有效", None, None),
        ("布宜诺斯艾利斯", "Buenos Aires", "阿根廷", "AR", D(1993, 7, 13), "有效", None, None),
        (
            "首尔",
            "Seoul",
            "韩国",
            "KR",
            ("1993年10月23日", "1993-10-23"),
            "有效",
            "原译“汉城”",
            None,
        ),
        ("基辅", "Kyiv", "乌克兰", "UA", D(1993, 12, 13), "有效", None, None),
        ("柏林", "Berlin", "德国", "DE", D(1994, 4, 5), "有效", None, None),
        ("布鲁塞尔", "Brussels", "比利时", "BE", D(1994, 9, 22), "有效", None, None),
        ("河内", "Hanoi", "越南", "VN", D(1994, 10, 6), "有效", None, None),
        ("阿姆斯特丹", "Amsterdam", "荷兰", "NL", D(1994, 10, 29), "有效", None, None),
        ("莫斯科", "Moscow", "俄罗斯", "RU", D(1995, 5, 16), "有效", None, None),
        ("巴黎", "Paris", "法国", "FR", D(1997, 10, 23), "有效", None, None),
        ("罗马", "Rome", "意大利", "IT", D(1998, 5, 28), "有效", None, None),
        ("渥太华", "Ottawa", "加拿大", "CA", D(1999, 10, 18), "有效", None, None),
        ("堪培拉", "Canberra", "澳大利亚", "AU", D(2000, 9, 14), "有效", None, None),
        ("雅典", "Athens", "希腊", "GR", ("2005年5月", "2005-05"), "有效", None, None),
        ("伦敦", "London", "英国", "GB", D(2006, 4, 10), "有效", None, None),
        (
            "布拉格",
            "Prague",
            "捷克",
            "CZ",
            D(2016, 3, 29),
            "已终止",
            "2019年10月对方单方面终止",
            None,
        ),
    ]
    wb, ws = book("友城一览")
    ncols = 8
    title(ws, 1, "北京市国际友好城市一览表", ncols, 16)
    ws.cell(row=2, column=1, value="截至2024年底")
    ws.merge_cells("A2:H2")
    ws["A2"].alignment = Alignment(horizontal="right")
    # two-row header: 外方城市 over 中文 / 英文; hidden column B holds internal ids
    put(
        ws,
        3,
        ["序号", "内部编号", "外方城市", None, "所在国家", "结好日期", "状态", "备注"],
        bold=True,
    )
    put(ws, 4, [None, None, "中文", "英文"], bold=True)
    for col in "ABEFGH":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("C3:D3")
    ws.column_dimensions["B"].hidden = True
    widths(ws, 6, 14, 16, 18, 12, 16, 8, 26)
    junk_ids = [
        "BJ-FC-0001",
        "#REF!",
        "0000317",
        100233,
        "BJ-FC-0004",
        "待核",
        "BJ-FC-0006",
        "=",
        "BJ-FC-0008",
        100240,
        "BJ-FC-0010",
        "BJ-FC-0011",
        "x",
        "BJ-FC-0013",
        "BJ-FC-0014",
        "#N/A",
        "BJ-FC-0016",
        "BJ-FC-0017",
        "BJ-FC-0018",
        "BJ-FC-0019",
        "BJ-FC-0020",
        "BJ-FC-0021",
        "BJ-FC-0022",
        "BJ-FC-0023",
        "BJ-FC-0024",
        "BJ-FC-0025",
        "BJ-FC-0026",
        "停用",
    ]
    pairings = []
    r = 5
    for i, (zh, en, ctry, cc, date, st, note, old) in enumerate(rows, start=1):
        zh_cell = zh + "\u3000" if zh == "雅典" else zh  # stray full-width space
        en_cell = " " + en if en == "Lima" else en
        if isinstance(date, tuple):
            dcell, dexp = date
        else:
            dcell, dexp = date, date.isoformat()
        put(
            ws,
            r,
            [i, junk_ids[i - 1], zh_cell, en_cell, ctry, dcell, st, note],
            fmt='yyyy"年"m"月"d"日"' if i % 3 else "yyyy-mm-dd",
        )
        pairings.append(
            pairing(
                BJ,
                place(en, zh, cc),
                dexp,
                status="ended" if st == "已终止" else "established",
                old=old,
            )
        )
        r += 1
    r += 1
    put(ws, r, ["合计", None, f"{len(rows)}个"])
    r += 1
    ws.cell(
        row=r,
        column=1,
        value="注：1. 结好日期以双方正式签署协议之日为准；2. 贝尔格莱德、科隆结好时所属国家"
        "分别为南斯拉夫、联邦德国；3. 布拉格市已于2019年10月单方面终止友城关系。",
    )
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "Beijing office's own list (local side never named): title and 截至 rows, two-row header "
        "外方城市 over 中文/英文, hidden internal-id column full of junk, date cells in two "
        "number formats plus text dates, old states 南斯拉夫/联邦德国, an ended pairing, 合计 and 注 footers.",
        BJ,
        pairings,
    )


# ============================================================== 02 Tianjin, xls, 年/月/日 split
def f02():
    name = "tianjin-youcheng.xls"
    rows = [  # zh, country, cc, y, m, d, note, old
        ("神户", "日本", "JP", 1973, 6, 24, "我国第一对友好城市", None),
        ("费城", "美国", "US", 1979, 2, 19, None, None),
        ("墨尔本", "澳大利亚", "AU", 1980, 5, 1, None, None),
        ("四日市", "日本", "JP", 1980, 10, 28, None, None),
        ("萨拉热窝", "南斯拉夫", "BA", 1981, 10, None, "现为波黑首都", "YU"),
        ("阿比让", "科特迪瓦", "CI", 1984, None, None, None, None),
        ("格罗宁根", "荷兰", "NL", 1985, 9, 18, None, None),
        ("千叶", "日本", "JP", 1986, 5, 7, None, None),
        ("伦巴第大区", "意大利", "IT", 1987, 3, None, "大区级", None),
        ("伊兹密尔", "土耳其", "TR", 1991, 9, 10, None, None),
        ("哈尔科夫", "乌克兰", "UA", 1993, 7, 2, None, None),
        ("仁川", "韩国", "KR", 1993, 12, 7, None, None),
        ("罗兹", "波兰", "PL", 1994, 6, None, None, None),
        ("萨尔州", "德国", "DE", 1994, 9, 15, "州级", None),
        ("普罗夫迪夫", "保加利亚", "BG", 1994, 11, 21, None, None),
        ("海防", "越南", "VN", 1999, 11, 3, None, None),
        ("比什凯克", "吉尔吉斯斯坦", "KG", 2000, None, None, None, None),
        ("延雪平", "瑞典", "SE", 2002, 5, 24, None, None),
        ("卡拉奇", "巴基斯坦", "PK", 2014, 4, 9, None, None),
    ]
    wb, ws = book("Sheet1")
    title(ws, 1, "天津市国际友好城市统计表", 7)
    put(ws, 2, ["序号", "友好城市", "国别", "缔结时间", None, None, "备注"], bold=True)
    put(ws, 3, [None, None, None, "年", "月", "日"], bold=True)
    for col in "ABCG":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:F2")
    widths(ws, 6, 14, 14, 7, 5, 5, 22)
    pairings = []
    r = 4
    for i, (zh, ctry, cc, y, m, d, note, old) in enumerate(rows, start=1):
        put(ws, r, [i, zh, ctry, y, m, d, note])
        date = f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")
        pairings.append(pairing(TJ, place(None, zh, cc), date, old=old))
        r += 1
        if i == 9:
            r += 1  # a blank row inside the data
    r += 1
    ws.cell(row=r, column=1, value="注：“日”栏空白者，原始档案未载明具体日期。")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    save(wb, name)
    register(
        name,
        "xls (Excel 97)",
        "-",
        "Tianjin's own list in Chinese only: two-row header with 年/月/日 split under a merged "
        "缔结时间, empty 月/日 cells meaning a partial date, a blank row mid-table, 南斯拉夫 for "
        "Sarajevo, 四日市 whose 市 is part of the name, region-level partners.",
        TJ,
        pairings,
    )


# ============================================================== 03 Shanghai, ods, English, dd/mm/yyyy
def f03():
    name = "shanghai-sister-cities-en.ods"
    rows = [  # en, nation, cc, dd/mm/yyyy, status, note, old
        ("Yokohama", "Japan", "JP", "30/11/1973", "Active", None, None),
        ("Osaka", "Japan", "JP", "18/04/1974", "Active", None, None),
        ("Rotterdam", "Netherlands", "NL", "20/05/1979", "Active", None, None),
        ("Milan", "Italy", "IT", "27/09/1979", "Active", None, None),
        ("San Francisco", "USA", "US", "28/01/1980", "Active", None, None),
        ("Zagreb", "Yugoslavia", "HR", "15/07/1980", "Active", "now Croatia", "YU"),
        ("Karachi", "Pakistan", "PK", "15/02/1984", "Active", None, None),
        ("Antwerp", "Belgium", "BE", "16/05/1984", "Active", None, None),
        ("Montreal", "Canada", "CA", "19/05/1985", "Active", None, None),
        ("Chicago", "USA", "US", "16/09/1985", "Active", None, None),
        ("Hamburg", "West Germany", "DE", "29/05/1986", "Active", None, "DE_WEST"),
        ("Casablanca", "Morocco", "MA", "18/08/1986", "Active", None, None),
        (
            "Gothenburg",
            "Sweden",
            "SE",
            "24/09/1986",
            "Terminated",
            "ended by Gothenburg, 2020",
            None,
        ),
        ("Marseille", "France", "FR", "27/11/1987", "Active", None, None),
        ("Saint Petersburg", "USSR", "RU", "11/12/1988", "Active", "signed as Leningrad", "SU"),
        ("Istanbul", "Turkey", "TR", "12/04/1989", "Active", None, None),
        ("Haifa", "Israel", "IL", "18/06/1993", "Active", None, None),
        ("Busan", "Republic of Korea", "KR", "14/08/1993", "Active", None, None),
        ("Ho Chi Minh City", "Vietnam", "VN", "30/03/1994", "Active", None, None),
        ("Dunedin", "New Zealand", "NZ", "16/05/1994", "Active", None, None),
        ("Liverpool", "United Kingdom", "GB", "26/03/1999", "Active", None, None),
        ("Barcelona", "Spain", "ES", "21/02/2001", "Active", None, None),
        (
            "Prague",
            "Czech Republic",
            "CZ",
            "05/11/2017",
            "Terminated",
            "terminated by Shanghai, Jan 2020",
            None,
        ),
    ]
    wb, ws = book("Sister Cities")
    title(ws, 1, "Shanghai Municipal Foreign Affairs Office", 6)
    title(ws, 2, "List of Sister Cities (as of June 2023)", 6, 12)
    put(ws, 4, ["No.", "Sister city", "Nation", "Date signed", "Status", "Notes"], bold=True)
    widths(ws, 5, 20, 18, 13, 12, 32)
    pairings = []
    for i, (en, nat, cc, dmy, st, note, old) in enumerate(rows, start=1):
        put(ws, 4 + i, [i, en, nat, dmy, st, note])
        d, m, y = dmy.split("/")
        pairings.append(
            pairing(
                SH,
                place(en, None, cc),
                f"{y}-{m}-{d}",
                status="ended" if st == "Terminated" else "established",
                old=old,
            )
        )
    save(wb, name)
    register(
        name,
        "ods",
        "-",
        "Shanghai's own list in English: two title rows, dates as dd/mm/yyyy text (some days <= 12, "
        "others > 12 so the order is decidable), USSR / Yugoslavia / West Germany, "
        "'Republic of Korea', two Terminated rows.",
        SH,
        pairings,
    )


# ============================================================== 04 Wuhan, CSV GB18030
def f04():
    name = "wuhan-gb18030.csv"
    rows = [  # zh, foreign name, country, cc, date text, iso, kind text, note, old
        (
            "大分",
            "Ōita",
            "日本",
            "JP",
            "1979年9月7日",
            "1979-09-07",
            "友好城市",
            "武汉市第一个国际友城",
            None,
        ),
        (
            "匹兹堡",
            "Pittsburgh",
            "美国",
            "US",
            "1982年9月8日",
            "1982-09-08",
            "友好城市",
            None,
            None,
        ),
        (
            "杜伊斯堡",
            "Duisburg",
            "西德",
            "DE",
            "1982年10月8日",
            "1982-10-08",
            "友好城市",
            None,
            "DE_WEST",
        ),
        (
            "曼彻斯特",
            "Manchester",
            "英国",
            "GB",
            "1986年9月16日",
            "1986-09-16",
            "友好城市",
            None,
            None,
        ),
        ("加拉茨", "Galați", "罗马尼亚", "RO", "1987年8月", "1987-08", "友好城市", None, None),
        (
            "基辅",
            "Kiev",
            "苏联",
            "UA",
            "1990年10月19日",
            "1990-10-19",
            "友好城市",
            "今属乌克兰",
            "SU",
        ),
        ("杰尔", "Győr", "匈牙利", "HU", "1995年5月", "1995-05", "友好城市", None, None),
        ("喀土穆", "Khartoum", "苏丹", "SD", "1995年9月", "1995-09", "友好城市", None, None),
        ("波尔多", "Bordeaux", "法国", "FR", "1998年6月18日", "1998-06-18", "友好城市", None, None),
        ("清州", "Cheongju", "韩国", "KR", "2000年10月30日", "2000-10-30", "友好城市", None, None),
        ("圣珀尔滕", "Sankt Pölten", "奥地利", "AT", "2005年", "2005", "友好城市", None, None),
        (
            "克赖斯特彻奇",
            "Christchurch",
            "新西兰",
            "NZ",
            "2006年4月",
            "2006-04",
            "友好城市",
            None,
            None,
        ),
        ("马卡姆", "Markham", "加拿大", "CA", "2006年9月", "2006-09", "友好城市", None, None),
        ("阿什杜德", "Ashdod", "以色列", "IL", "2010年", "2010", "友好交流城市", None, None),
        ("科帕沃于尔", "Kópavogur", "冰岛", "IS", "2012年", "2012", "友好交流城市", None, None),
        ("蒂华纳", "Tijuana", "墨西哥", "MX", "2013年", "2013", "友好城市", None, None),
        ("萨拉托夫", "Saratov", "俄罗斯", "RU", "2015年", "2015", "友好城市", None, None),
        ("斯旺西", "Swansea", "英国", "GB", "2016年", "2016", "友好城市", None, None),
        ("伊热夫斯克", "Izhevsk", "俄罗斯", "RU", "2016年", "2016", "友好交流城市", None, None),
        ("恩德培", "Entebbe", "乌干达", "UG", "2017年", "2017", "友好交流城市", None, None),
    ]
    out = [["序号", "友城名称", "外文名称", "所在国家", "结好时间", "类别", "备注"]]
    pairings = []
    for i, (zh, fn, ctry, cc, dtext, d, kind, note, old) in enumerate(rows, start=1):
        out.append([i, zh, fn, ctry, dtext, kind, note])
        en = "Kyiv" if fn == "Kiev" else fn
        pairings.append(
            pairing(
                WH,
                place(en, zh, cc),
                d,
                kind="friendly_exchange" if kind == "友好交流城市" else "sister_city",
                old=old,
            )
        )
    text = write_csv(name, out, "gb18030")
    try:
        text.encode("gbk")
        raise SystemExit("wuhan file must need GB18030, not just GBK")
    except UnicodeEncodeError:
        pass
    register(
        name,
        "csv",
        "GB18030 (CRLF)",
        "Wuhan's own list: GB18030 needed for Galați/Győr/Kópavogur/Pölten (not GBK-encodable), "
        "dates 1979年9月7日 / 1987年8月 / 2005年, 类别 友好城市 vs 友好交流城市, 苏联 + 'Kiev' "
        "and 西德.",
        WH,
        pairings,
        spellings={"Kiev": "Kyiv"},
    )


# ============================================================== 05 Harbin, CSV GBK
def f05():
    name = "harbin-gbk.csv"
    rows = [  # zh, country, cc, date text, iso, note
        ("新潟", "日本", "JP", "1979.12", "1979-12", None),
        ("埃德蒙顿", "加拿大", "CA", "1985.8", "1985-08", None),
        ("明尼阿波利斯", "美国", "US", "1992.6", "1992-06", None),
        ("哈巴罗夫斯克", "俄罗斯", "RU", "1993.6", "1993-06", "即伯力"),
        ("旭川", "日本", "JP", "1995.11", "1995-11", None),
        ("富川", "韩国", "KR", "1997.10", "1997-10", None),
        ("马格德堡", "德国", "DE", "1999.8", "1999-08", None),
        ("安克雷奇", "美国", "US", "2000", "2000", None),
        ("乌日采", "塞尔维亚", "RS", "2005", "2005", None),
        ("维捷布斯克", "白俄罗斯", "BY", "2006.9", "2006-09", None),
        ("雅库茨克", "俄罗斯", "RU", "2007", "2007", None),
        ("奥胡斯", "丹麦", "DK", "2008.5", "2008-05", None),
        ("罗瓦涅米", "芬兰", "FI", "2009", "2009", None),
        ("符拉迪沃斯托克", "俄罗斯", "RU", "2012.7", "2012-07", "即海参崴"),
        ("克拉斯诺达尔", "俄罗斯", "RU", "", None, "日期待查"),
        ("戈梅利", "白俄罗斯", "BY", "2013", "2013", None),
        ("桑德兰", "英国", "GB", "2014.10", "2014-10", None),
        ("蓬塔阿雷纳斯", "智利", "CL", "2015", "2015", None),
    ]
    out = [
        ["哈尔滨市国际友好城市名录", "", "", "", ""],
        ["序号", "外方城市", "国别", "缔结日期", "备注"],
    ]
    pairings = []
    for i, (zh, ctry, cc, dtext, d, note) in enumerate(rows, start=1):
        out.append([i, zh, ctry, dtext, note])
        pairings.append(pairing(HRB, place(None, zh, cc), d))
        if i == 4:
            out.append([5, zh, ctry, dtext, note])  # copy-paste duplicate
        if i == 9:
            out.append(["", "", "", "", ""])  # blank line
    # the duplicate took number 5: renumber the rest the way a clerk's sheet would look
    n = 0
    for row in out[2:]:
        if row[0] != "":
            n += 1
            row[0] = n
    out.append(["合计", f"{len(rows)}个", "", "", ""])
    out.append(["注：缔结日期按“年.月”填写", "", "", "", ""])
    write_csv(name, out, "gbk")
    register(
        name,
        "csv",
        "GBK (CRLF)",
        "Harbin's own list from an old Chinese-locale program: GBK, a title line with trailing commas, "
        "dates as 年.月 text ('1985.8', '1995.11'), a copy-pasted duplicate row, a blank line, an "
        "empty date, 合计 and 注 footer lines.",
        HRB,
        pairings,
    )


# ============================================================== 06 Nanjing, CSV UTF-8 BOM, English
def f06():
    name = "nanjing-utf8-bom.csv"
    rows = [  # en, nation as written, cc, year, note, old
        ("Nagoya", "Japan", "JP", 1978, None, None),
        (
            "St. Louis",
            "Missouri, United States",
            "US",
            1979,
            "first China–US sister-city pair",
            None,
        ),
        ("Florence", "Tuscany, Italy", "IT", 1980, None, None),
        ("Limassol", "Cyprus", "CY", 1985, None, None),
        ("Eindhoven", "Netherlands", "NL", 1985, None, None),
        ("London", "Ontario, Canada", "CA", 1986, "not London, UK", None),
        ("Leipzig", "East Germany", "DE", 1988, None, "DD"),
        ("Daejeon", "South Korea", "KR", 1994, None, None),
        ("Mexicali", "Baja California, Mexico", "MX", 1996, None, None),
        ("Barranquilla", "Colombia", "CO", 1997, None, None),
        ("Perth", "Western Australia, Australia", "AU", 1998, None, None),
        ("Bloemfontein", "South Africa", "ZA", 2000, None, None),
        ("Malacca", "Malaysia", "MY", 2001, None, None),
        ("Windhoek", "Namibia", "NA", 2002, None, None),
        ("Mogilev", "Belarus", "BY", 2005, None, None),
        ("Concepción", "Bío Bío, Chile", "CL", 2006, None, None),
        ("Yaroslavl", "Russia", "RU", 2008, None, None),
        ("Shiraz", "Iran", "IR", 2009, None, None),
        ("Lusaka", "Zambia", "ZM", 2012, None, None),
        ("York", "England, United Kingdom", "GB", 2016, None, None),
    ]
    out = [["No.", "Sister city", "Nation", "Year", "Notes"]]
    pairings = []
    for i, (en, nat, cc, y, note, old) in enumerate(rows, start=1):
        out.append([i, en, nat, y, note])
        pairings.append(pairing(NJ, place(en, None, cc), str(y), old=old))
    write_csv(name, out, "utf-8-sig")
    register(
        name,
        "csv",
        "UTF-8 with BOM (CRLF)",
        "Nanjing's own list in English, as Excel's 'CSV UTF-8' saves it: countries in "
        "'region, country' form inside quotes ('Ontario, Canada' for London), East Germany for "
        "Leipzig, year-only dates.",
        NJ,
        pairings,
    )


# ============================================================== 07 Guangzhou, xls
def f07():
    name = "guangzhou-youcheng.xls"
    rows = [  # zh, en, country, cc, date, kind text, hidden, old
        ("福冈", "Fukuoka", "日本", "JP", D(1979, 5, 2), "友好城市", False, None),
        ("洛杉矶", "Los Angeles", "美国", "US", D(1981, 12, 8), "友好城市", False, None),
        ("马尼拉", "Manila", "菲律宾", "PH", D(1982, 11, 5), "友好城市", False, None),
        ("温哥华", "Vancouver", "加拿大", "CA", D(1985, 3, 27), "友好城市", False, None),
        ("悉尼", "Sydney", "澳大利亚", "AU", D(1986, 5, 12), "友好城市", False, None),
        ("里昂", "Lyon", "法国", "FR", ("1988年1月", "1988-01"), "友好城市", False, None),
        (
            "法兰克福",
            "Frankfurt am Main",
            "联邦德国",
            "DE",
            D(1988, 4, 11),
            "友好城市",
            False,
            "DE_WEST",
        ),
        ("奥克兰", "Auckland", "新西兰", "NZ", D(1989, 2, 17), "友好城市", False, None),
        ("光州", "Gwangju", "韩国", "KR", D(1996, 10, 25), "友好城市", False, None),
        ("德班", "Durban", "南非", "ZA", D(2000, 7, 17), "友好城市", False, None),
        ("布里斯托尔", "Bristol", "英国", "GB", ("2001年5月", "2001-05"), "友好城市", False, None),
        ("泗水", "Surabaya", "印度尼西亚", "ID", D(2005, 12, 21), "友好城市", False, None),
        ("伯明翰", "Birmingham", "英国", "GB", D(2006, 5, 18), "友好合作城市", False, None),
        ("布宜诺斯艾利斯", "Buenos Aires", "阿根廷", "AR", D(2011, 6, 14), "友好城市", False, None),
        ("喀山", "Kazan", "俄罗斯", "RU", D(2012, 3, 26), "友好城市", True, None),
        ("伊斯坦布尔", "Istanbul", "土耳其", "TR", D(2012, 4, 17), "友好城市", False, None),
        ("迪拜", "Dubai", "阿联酋", "AE", D(2012, 9, 16), "友好城市", False, None),
        ("巴里", "Bari", "意大利", "IT", D(2013, 7, 22), "友好合作城市", False, None),
        ("坦佩雷", "Tampere", "芬兰", "FI", D(2013, 11, 20), "友好合作城市", False, None),
        (
            "叶卡捷琳堡",
            "Yekaterinburg",
            "俄罗斯",
            "RU",
            D(2014, 5, 29),
            "友好合作城市",
            False,
            None,
        ),
        ("维尔纽斯", "Vilnius", "立陶宛", "LT", D(2015, 9, 10), "友好合作城市", False, None),
        ("基多", "Quito", "厄瓜多尔", "EC", D(2015, 12, 1), "友好城市", False, None),
        ("阿雷基帕", "Arequipa", "秘鲁", "PE", D(2016, 8, 23), "友好城市", False, None),
        ("累西腓", "Recife", "巴西", "BR", D(2016, 11, 15), "友好城市", False, None),
        ("登别", "Noboribetsu", "日本", "JP", D(2017, 10, 30), "友好交流城市", False, None),
    ]
    wb, ws = book("友城")
    title(ws, 1, "广州市国际友好城市及友好合作城市一览", 7)
    put(ws, 2, ["序号", "城市", None, "国家", "缔结时间", "类型", "备注"], bold=True)
    put(ws, 3, [None, "中文", "英文"], bold=True)
    for col in "ADEFG":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("B2:C2")
    widths(ws, 6, 14, 20, 12, 14, 14, 16)
    kinds = {
        "友好城市": "sister_city",
        "友好合作城市": "friendly_cooperation",
        "友好交流城市": "friendly_exchange",
    }
    pairings = []
    r = 4
    for i, (zh, en, ctry, cc, date, kind, hidden, old) in enumerate(rows, start=1):
        dcell, dexp = date if isinstance(date, tuple) else (date, date.isoformat())
        put(
            ws,
            r,
            [i, zh, en, ctry, dcell, kind, "（行已隐藏，协议有效）" if hidden else None],
            fmt="yyyy/m/d",
        )
        if hidden:
            ws.row_dimensions[r].hidden = True
        pairings.append(pairing(GZ, place(en, zh, cc), dexp, kind=kinds[kind], old=old))
        r += 1
    put(ws, r, ["合计", f"{len(rows)}个"])
    ws.cell(row=r + 1, column=1, value="注：喀山一行为打印需要隐藏，关系仍然有效。")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=7)
    save(wb, name)
    register(
        name,
        "xls (Excel 97)",
        "-",
        "Guangzhou's own list: two-row header 城市 over 中文/英文, Excel date cells (yyyy/m/d) "
        "and text months, 类型 友好城市/友好合作城市/友好交流城市, 联邦德国, '阿联酋' abbreviation, "
        "a HIDDEN data row (Kazan) that is still a valid pairing, 合计 and 注 footers.",
        GZ,
        pairings,
    )


# ============================================================== 08 China–US register, xlsx, both sides, English
def f08():
    name = "china-us-register-en.xlsx"
    rows = [  # chinese side written, canonical en, us side, state, country written, year, month, level
        ("Tientsin", "Tianjin", "Philadelphia", "Pennsylvania", "USA", 1979, 2, "City"),
        ("Hubei Province", "Hubei Province", "Ohio", "Ohio", "USA", 1979, 10, "Province/State"),
        ("Nanking", "Nanjing", "St. Louis", "Missouri", "USA", 1979, 11, "City"),
        ("Shanghai", "Shanghai", "San Francisco", "California", "U.S.", 1980, 1, "City"),
        ("Peking", "Beijing", "New York", "New York", "USA", 1980, 2, "City"),
        (
            "Anhui Province",
            "Anhui Province",
            "Maryland",
            "Maryland",
            "United States",
            1980,
            10,
            "Province/State",
        ),
        (
            "Zhejiang Province",
            "Zhejiang Province",
            "New Jersey",
            "New Jersey",
            "USA",
            1981,
            5,
            "Province/State",
        ),
        ("Canton", "Guangzhou", "Los Angeles", "California", "USA", 1981, 12, "City"),
        ("Dalian", "Dalian", "Oakland", "California", "USA", 1982, 6, "City"),
        ("Wuhan", "Wuhan", "Pittsburgh", "Pennsylvania", "U.S.A.", 1982, 9, "City"),
        ("Hangzhou", "Hangzhou", "Boston", "Massachusetts", "USA", 1982, 10, "City"),
        ("Chongqing", "Chongqing", "Seattle", "Washington", "USA", 1983, 6, "City"),
        ("Hebei Province", "Hebei Province", "Iowa", "Iowa", "USA", 1983, 7, "Province/State"),
        ("Peking", "Beijing", "Washington", "District of Columbia", "USA", 1984, 5, "City"),
        ("Jinan", "Jinan", "Sacramento", "California", "USA", 1985, None, "City"),
        ("Qingdao", "Qingdao", "Long Beach", "California", "United States", 1985, 6, "City"),
        ("Shanghai", "Shanghai", "Chicago", "Illinois", "USA", 1985, 9, "City"),
        ("Kunming", "Kunming", "Denver", "Colorado", "USA", 1986, None, "City"),
        ("Chengdu", "Chengdu", "Phoenix", "Arizona", "USA", 1987, 9, "City"),
        ("Changsha", "Changsha", "Saint Paul", "Minnesota", "USA", 1988, None, "City"),
        ("Xi'an", "Xi'an", "Kansas City", "Missouri", "USA", 1989, 7, "City"),
        ("Harbin", "Harbin", "Minneapolis", "Minnesota", "USA", 1992, 6, "City"),
    ]
    wb, ws = book("China-US")
    title(
        ws,
        1,
        "Sister-City and Sister-State Relationships, China – United States (extract, 1979–1992)",
        7,
        12,
    )
    put(
        ws,
        3,
        ["Chinese city", "U.S. partner", "State", "Country", "Year", "Month", "Level"],
        bold=True,
    )
    widths(ws, 20, 18, 20, 14, 7, 7, 16)
    pairings = []
    for i, (cn_w, cn, us, state, ctry, y, m, lvl) in enumerate(rows):
        put(ws, 4 + i, [cn_w, us, state, ctry, y, m, lvl])
        pairings.append(
            pairing(place(cn, None, "CN"), place(us, None, "US"), f"{y}-{m:02d}" if m else str(y))
        )
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "A register naming both sides in English: old romanisations Peking/Canton/Tientsin/Nanking, "
        "province-to-state rows beside city rows, a Year / Month column pair with empty months, "
        "country as USA / U.S. / U.S.A. / United States, and 'Washington' both as a partner city "
        "(D.C.) and as Seattle's state.",
        None,
        pairings,
        spellings={
            "Peking": "Beijing",
            "Canton": "Guangzhou",
            "Tientsin": "Tianjin",
            "Nanking": "Nanjing",
        },
    )


# ============================================================== 09 pairs in one cell, CSV plain UTF-8
def f09():
    name = "pairs-in-one-cell.csv"
    # cell text, local (en, zh), partner (en, zh), country written, cc, date text, iso, note, old
    rows = [
        (
            "天津—神户",
            (None, "天津"),
            (None, "神户"),
            "日本",
            "JP",
            "1973-06",
            "1973-06",
            "中国第一对友好城市",
            None,
        ),
        (
            "上海-横滨",
            (None, "上海"),
            (None, "横滨"),
            "日本",
            "JP",
            "1973-11",
            "1973-11",
            None,
            None,
        ),
        (
            "西安 - 京都",
            (None, "西安"),
            (None, "京都"),
            "日本",
            "JP",
            "1974-02",
            "1974-02",
            None,
            None,
        ),
        (
            "上海-大阪",
            (None, "上海"),
            (None, "大阪"),
            "日本",
            "JP",
            "1974-04",
            "1974-04",
            None,
            None,
        ),
        (
            "南京——名古屋",
            (None, "南京"),
            (None, "名古屋"),
            "日本",
            "JP",
            "1978-12",
            "1978-12",
            None,
            None,
        ),
        (
            "北京－东京",
            (None, "北京"),
            (None, "东京"),
            "日本",
            "JP",
            "1979-03",
            "1979-03",
            None,
            None,
        ),
        (
            "大连—北九州",
            (None, "大连"),
            (None, "北九州"),
            "日本",
            "JP",
            "1979-05",
            "1979-05",
            None,
            None,
        ),
        (
            "广州—福冈",
            (None, "广州"),
            (None, "福冈"),
            "日本",
            "JP",
            "May 1979",
            "1979-05",
            None,
            None,
        ),
        (
            "武汉–大分",
            (None, "武汉"),
            (None, "大分"),
            "日本",
            "JP",
            "1979-09",
            "1979-09",
            None,
            None,
        ),
        (
            "南京—圣路易斯",
            (None, "南京"),
            (None, "圣路易斯"),
            "美国",
            "US",
            "1979-11",
            "1979-11",
            None,
            None,
        ),
        (
            "上海 – 旧金山",
            (None, "上海"),
            (None, "旧金山"),
            "美国",
            "US",
            "1980-01",
            "1980-01",
            None,
            None,
        ),
        (
            "成都 — 蒙彼利埃",
            (None, "成都"),
            (None, "蒙彼利埃"),
            "法国",
            "FR",
            "1981-06",
            "1981-06",
            None,
            None,
        ),
        (
            "Wuhan / Pittsburgh",
            ("Wuhan", None),
            ("Pittsburgh", None),
            "USA",
            "US",
            "September 1982",
            "1982-09",
            None,
            None,
        ),
        (
            "Wuhan / Kiev",
            ("Wuhan", None),
            ("Kyiv", None),
            "Soviet Union",
            "UA",
            "October 1990",
            "1990-10",
            "now Ukraine",
            "SU",
        ),
        (
            "哈尔滨—哈巴罗夫斯克",
            (None, "哈尔滨"),
            (None, "哈巴罗夫斯克"),
            "俄罗斯",
            "RU",
            "1993-06",
            "1993-06",
            None,
            None,
        ),
        (
            "北京－莫斯科",
            (None, "北京"),
            (None, "莫斯科"),
            "俄罗斯",
            "RU",
            "1995-05",
            "1995-05",
            None,
            None,
        ),
        (
            "Wuhan / Bordeaux",
            ("Wuhan", None),
            ("Bordeaux", None),
            "France",
            "FR",
            "June 1998",
            "1998-06",
            None,
            None,
        ),
        (
            "北京 — 堪培拉",
            (None, "北京"),
            (None, "堪培拉"),
            "澳大利亚",
            "AU",
            "2000-09",
            "2000-09",
            None,
            None,
        ),
    ]
    out = [["序号", "友好城市", "国家", "签约时间", "备注"]]
    pairings = []
    for i, (cell, lo, pa, ctry, cc, dtext, d, note, old) in enumerate(rows, start=1):
        out.append([i, cell, ctry, dtext, note])
        pairings.append(pairing(place(lo[0], lo[1], "CN"), place(pa[0], pa[1], cc), d, old=old))
    write_csv(name, out, "utf-8", newline="\n")
    register(
        name,
        "csv",
        "UTF-8, no BOM (LF)",
        "Both cities in one cell with every separator clerks use: — (em dash), —— (doubled), "
        "－ (full-width hyphen), - , – (en dash), spaced ' — ' and ' - ', and 'Wuhan / Bordeaux'; "
        "dates as 1979-03 and 'May 1979'; Soviet Union + Kiev.",
        None,
        pairings,
        spellings={"Kiev": "Kyiv"},
    )


# ============================================================== 10 Hubei province, ods, both sides
def f10():
    name = "hubei-province-partners.ods"
    # local zh (canonical), local written, partner zh canonical, partner written, country, cc, level, date text, iso, relation
    rows = [
        (
            "湖北省",
            "湖北省",
            "俄亥俄州",
            "俄亥俄州",
            "美国",
            "US",
            "省—州",
            "1979.10",
            "1979-10",
            "友好省州",
        ),
        ("湖北省", "湖北省", "大分县", "大分县", "日本", "JP", "省—县", "1983", "1983", "友好省县"),
        (
            "湖北省",
            "湖北省",
            "忠清北道",
            "忠清北道",
            "韩国",
            "KR",
            "省—道",
            "1996.10",
            "1996-10",
            "友好省道",
        ),
        (
            "武汉",
            "武汉市",
            "大分",
            "大分市",
            "日本",
            "JP",
            "市—市",
            "1979.9",
            "1979-09",
            "友好城市",
        ),
        (
            "武汉",
            "武汉市",
            "匹兹堡",
            "匹兹堡市",
            "美国",
            "US",
            "市—市",
            "1982.9",
            "1982-09",
            "友好城市",
        ),
        (
            "武汉",
            "武汉市",
            "杜伊斯堡",
            "杜伊斯堡市",
            "德国",
            "DE",
            "市—市",
            "1982.10",
            "1982-10",
            "友好城市",
        ),
        (
            "武汉",
            "武汉市",
            "曼彻斯特",
            "曼彻斯特市",
            "英国",
            "GB",
            "市—市",
            "1986.9",
            "1986-09",
            "友好城市",
        ),
        (
            "武汉",
            "武汉市",
            "基辅",
            "基辅市",
            "乌克兰",
            "UA",
            "市—市",
            "1990.10",
            "1990-10",
            "友好城市",
        ),
        (
            "武汉",
            "武汉市",
            "波尔多",
            "波尔多市",
            "法国",
            "FR",
            "市—市",
            "1998.6",
            "1998-06",
            "友好城市",
        ),
        ("襄阳", "襄阳市", "平斯克", "平斯克市", "白俄罗斯", "BY", "市—市", "", None, "友好城市"),
        (
            "孝感",
            "孝感市",
            "布列斯特",
            "布列斯特市",
            "白俄罗斯",
            "BY",
            "市—市",
            "",
            None,
            "友好交流城市",
        ),
        (
            "咸宁",
            "咸宁市",
            "索利戈尔斯克",
            "索利戈尔斯克市",
            "白俄罗斯",
            "BY",
            "市—市",
            "",
            None,
            "友好城市",
        ),
        (
            "赤壁",
            "赤壁市",
            "巴拉诺维奇",
            "巴拉诺维奇市",
            "白俄罗斯",
            "BY",
            "市—市",
            "",
            None,
            "友好交流城市",
        ),
        (
            "黄冈",
            "黄冈市",
            "奥西耶克",
            "奥西耶克市",
            "克罗地亚",
            "HR",
            "市—市",
            "",
            None,
            "友好交流城市",
        ),
    ]
    wb, ws = book("汇总")
    title(ws, 1, "湖北省国际友好省州及友好城市汇总表", 7)
    put(ws, 2, ["序号", "本方", "外方", "国别", "级别", "结好时间", "关系"], bold=True)
    widths(ws, 6, 12, 16, 12, 9, 11, 12)
    pairings = []
    for i, (lz, lw, pz, pw, ctry, cc, lvl, dtext, d, rel) in enumerate(rows, start=1):
        put(ws, 2 + i, [i, lw, pw, ctry, lvl, dtext, rel])
        pairings.append(
            pairing(
                place(None, lz, "CN"),
                place(None, pz, cc),
                d,
                kind="friendly_exchange" if rel == "友好交流城市" else "sister_city",
            )
        )
    r = 3 + len(rows)
    ws.cell(
        row=r, column=1, value="注：省级友好关系由省外办管理，市级由各市外办报备；空白日期待核实。"
    )
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    save(wb, name)
    register(
        name,
        "ods",
        "-",
        "A provincial office's summary naming both sides in Chinese: province paired with state / "
        "prefecture / do (湖北省—俄亥俄州, 湖北省—大分县, 湖北省—忠清北道) beside city pairs written "
        "with 市 (武汉市—大分市), dates 1979.10 text, 关系 友好省州/友好城市/友好交流城市, empty dates.",
        None,
        pairings,
    )


# ============================================================== 11 provinces, xlsx, English
def f11():
    name = "provincial-partners-en.xlsx"
    rows = [  # chinese province, partner, country written, cc, type, year
        ("Guangdong Province", "New South Wales", "Australia", "AU", "Sister state", 1979),
        ("Jiangsu Province", "Victoria", "Australia", "AU", "Sister state", 1979),
        ("Hubei Province", "Ohio", "United States", "US", "Sister state", 1979),
        ("Jiangsu Province", "Aichi Prefecture", "Japan", "JP", "Sister province", 1980),
        ("Heilongjiang Province", "Alberta", "Canada", "CA", "Sister province", 1981),
        ("Shandong Province", "Yamaguchi Prefecture", "Japan", "JP", "Sister province", 1982),
        ("Fujian Province", "Nagasaki Prefecture", "Japan", "JP", "Sister province", 1982),
        ("Zhejiang Province", "Shizuoka Prefecture", "Japan", "JP", "Sister province", 1982),
        ("Gansu Province", "Akita Prefecture", "Japan", "JP", "Sister province", 1982),
        ("Shanxi Province", "Saitama Prefecture", "Japan", "JP", "Sister province", 1982),
        (
            "Guangxi Zhuang Autonomous Region",
            "Kumamoto Prefecture",
            "Japan",
            "JP",
            "Sister province",
            1982,
        ),
        ("Hubei Province", "Oita Prefecture", "Japan", "JP", "Sister province", 1983),
        ("Shaanxi Province", "Kyoto Prefecture", "Japan", "JP", "Sister province", 1983),
        ("Hunan Province", "Shiga Prefecture", "Japan", "JP", "Sister province", 1983),
        ("Hebei Province", "Nagano Prefecture", "Japan", "JP", "Sister province", 1983),
        ("Liaoning Province", "Kanagawa Prefecture", "Japan", "JP", "Sister province", 1983),
        ("Guangdong Province", "Hyogo Prefecture", "Japan", "JP", "Sister province", 1983),
        ("Sichuan Province", "Hiroshima Prefecture", "Japan", "JP", "Sister province", 1984),
        ("Heilongjiang Province", "Hokkaido", "Japan", "JP", "Sister province", 1986),
        ("Henan Province", "Mie Prefecture", "Japan", "JP", "Sister province", 1986),
        ("Jilin Province", "Miyagi Prefecture", "Japan", "JP", "Sister province", 1987),
        ("Jiangxi Province", "Gifu Prefecture", "Japan", "JP", "Sister province", 1988),
    ]
    wb, ws = book("Provinces")
    title(ws, 1, "Sister provinces and states (first 22 by year)", 5, 12)
    put(
        ws,
        2,
        ["Chinese province", "Partner (state / prefecture)", "Country", "Type", "Since"],
        bold=True,
    )
    widths(ws, 32, 28, 16, 16, 8)
    pairings = []
    for i, (cn, pa, ctry, cc, typ, y) in enumerate(rows):
        put(ws, 3 + i, [cn, pa, ctry, typ, y])
        pairings.append(pairing(place(cn, None, "CN"), place(pa, None, cc), str(y)))
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "Province-level pairs in English naming both sides: 'Hubei Province' with 'Oita Prefecture' "
        "and 'Ohio', states and prefectures instead of cities, an autonomous region, Since as "
        "year numbers.",
        None,
        pairings,
    )


# ============================================================== 12 Xi'an, ods, vertical merges
def f12():
    name = "xian-youcheng.ods"
    groups = [  # country, cc, [(zh, en, date text, iso, kind)]
        (
            "日本",
            "JP",
            [
                ("京都", "Kyoto", "1974.2", "1974-02", "友好城市"),
                ("奈良", "Nara", "1974.2", "1974-02", "友好城市"),
                ("船桥", "Funabashi", "2013.11", "2013-11", "友好交流城市"),
            ],
        ),
        (
            "美国",
            "US",
            [
                ("堪萨斯城", "Kansas City", "1989.7", "1989-07", "友好城市"),
                ("蒙哥马利县", "Montgomery County", "2015", "2015", "友好交流城市"),
            ],
        ),
        ("英国", "GB", [("爱丁堡", "Edinburgh", "1985.11", "1985-11", "友好城市")]),
        ("法国", "FR", [("波城", "Pau", "1986.9", "1986-09", "友好城市")]),
        ("伊朗", "IR", [("伊斯法罕", "Isfahan", "1989.4", "1989-04", "友好城市")]),
        ("德国", "DE", [("多特蒙德", "Dortmund", "1992.6", "1992-06", "友好城市")]),
        (
            "韩国",
            "KR",
            [
                ("庆州", "Gyeongju", "1994.12", "1994-12", "友好城市"),
                ("安东", "Andong", "2011.10", "2011-10", "友好交流城市"),
                ("晋州", "Jinju", "2016", "2016", "友好交流城市"),
            ],
        ),
        ("加拿大", "CA", [("魁北克城", "Quebec City", "2001.10", "2001-10", "友好城市")]),
        (
            "意大利",
            "IT",
            [
                ("蓬佩伊", "Pompei", "2007", "2007", "友好城市"),
                ("埃尔科拉诺", "Ercolano", "2012", "2012", "友好交流城市"),
            ],
        ),
        ("土耳其", "TR", [("科尼亚", "Konya", "2009.8", "2009-08", "友好城市")]),
        ("乌兹别克斯坦", "UZ", [("撒马尔罕", "Samarkand", "2011.8", "2011-08", "友好城市")]),
        ("吉尔吉斯斯坦", "KG", [("奥什", "Osh", "2012", "2012", "友好城市")]),
        ("亚美尼亚", "AM", [("久姆里", "Gyumri", "2014", "2014", "友好城市")]),
        ("巴西", "BR", [("巴西利亚", "Brasília", "2015", "2015", "友好城市")]),
        ("摩洛哥", "MA", [("非斯", "Fez", "2016", "2016", "友好城市")]),
        ("尼泊尔", "NP", [("加德满都", "Kathmandu", "2016", "2016", "友好城市")]),
    ]
    wb, ws = book("友城名单")
    title(ws, 1, "西安市国际友好城市名单", 6)
    put(ws, 2, ["序号", "外方城市", None, "国别", "结好时间", "关系类别"], bold=True)
    put(ws, 3, [None, "中文名称", "英文名称"], bold=True)
    for col in "ADEF":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("B2:C2")
    widths(ws, 6, 14, 20, 14, 11, 14)
    pairings = []
    r, n = 4, 0
    for ctry, cc, cities in groups:
        top = r
        for zh, en, dtext, d, kind in cities:
            n += 1
            put(ws, r, [n, zh, en, ctry if r == top else None, dtext, kind])
            pairings.append(
                pairing(
                    XA,
                    place(en, zh, cc),
                    d,
                    kind="friendly_exchange" if kind == "友好交流城市" else "sister_city",
                )
            )
            r += 1
        if r - top > 1:
            ws.merge_cells(start_row=top, start_column=4, end_row=r - 1, end_column=4)
            ws.cell(row=top, column=4).alignment = CENTER
    save(wb, name)
    register(
        name,
        "ods",
        "-",
        "Xi'an's own list grouped by country: 国别 cells merged vertically over several rows "
        "(value only in the top cell), two-row header 外方城市 over 中文名称/英文名称, dates as "
        "'1974.2' text and bare years, 友好城市 vs 友好交流城市, Montgomery County (a county).",
        XA,
        pairings,
    )


# ============================================================== 13 Chengdu, xlsx, English
def f13():
    name = "chengdu-sister-cities.xlsx"
    rows = [  # en, country written, cc, year, note
        ("Montpellier", "Occitanie, France", "FR", 1981, "first sister city of Chengdu"),
        ("Linz", "Upper Austria, Austria", "AT", 1983, None),
        ("Kōfu", "Yamanashi, Japan", "JP", 1984, None),
        ("Phoenix", "Arizona, United States", "US", 1987, None),
        ("Winnipeg", "Manitoba, Canada", "CA", 1988, None),
        ("Gimcheon", "South Korea", "KR", 1996, None),
        ("Palermo", "Sicily, Italy", "IT", 1999, None),
        ("Medan", "Indonesia", "ID", 2002, None),
        ("Bonn", "North Rhine-Westphalia, Germany", "DE", 2009, None),
        ("Sheffield", "England, United Kingdom", "GB", 2010, None),
        ("Volgograd", "Russia", "RU", 2011, None),
        ("Honolulu", "Hawaii, USA", "US", 2011, None),
        ("Perth", "Western Australia, Australia", "AU", 2012, None),
        ("Maastricht", "Limburg, Netherlands", "NL", 2012, None),
        ("Flemish Brabant", "Belgium", "BE", 2012, "province"),
        ("Hamilton", "Waikato, New Zealand", "NZ", 2013, None),
        ("Nashville", "Tennessee, USA", "US", 2014, None),
        ("Łódź", "Łódź Voivodeship, Poland", "PL", 2015, None),
        ("Chiang Mai", "Thailand", "TH", 2015, None),
        ("Ljubljana", "Slovenia", "SI", 2015, None),
        ("Zapopan", "Jalisco, Mexico", "MX", 2016, None),
        ("Recife", "Pernambuco, Brazil", "BR", 2016, None),
        ("Gomel", "Belarus", "BY", 2017, None),
        ("Maputo", "Mozambique", "MZ", 2017, None),
        ("Horsens", "Central Denmark, Denmark", "DK", 2018, None),
        ("Luang Prabang", "Laos", "LA", 2018, None),
        ("Kathmandu", "Nepal", "NP", 2018, None),
    ]
    wb, ws = book("Sister cities")
    title(ws, 1, "Chengdu Foreign Affairs Office – Sister Cities", 6)
    put(ws, 3, ["Ref", "No.", "Sister city", "Country", "Year", "Notes"], bold=True)
    ws.column_dimensions["A"].hidden = True
    widths(ws, 12, 5, 18, 32, 7, 28)
    pairings = []
    r = 4
    for i, (en, ctry, cc, y, note) in enumerate(rows, start=1):
        put(ws, r, [f"CD{i * 7 + 1000:05d}" if i % 5 else "?", i, en, ctry, y, note])
        pairings.append(pairing(CD, place(en, None, cc), str(y)))
        r += 1
        if i in (9, 18):
            r += 2  # two blank rows
    # duplicate of the first row, pasted again at the end (with its old number)
    put(
        ws,
        r,
        ["CD01007", 1, "Montpellier", "Occitanie, France", 1981, "first sister city of Chengdu"],
    )
    r += 2
    ws.cell(
        row=r,
        column=1,
        value="Note: compiled from the office's records; Year = year the agreement was signed.",
    )
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "Chengdu's own list in English: hidden first column of junk reference codes, countries as "
        "'region, country' (Occitanie, France; Hawaii, USA), year numbers, blank row pairs, the first "
        "row pasted again at the bottom (duplicate), a Note footer; a province (Flemish Brabant) as partner.",
        CD,
        pairings,
    )


# ============================================================== 14 Shenyang, xls
def f14():
    name = "shenyang-list.xls"
    rows = [  # zh, country, cc, date text or date, iso
        ("札幌", "日本", "JP", "1980年11月18日", "1980-11-18"),
        ("川崎", "日本", "JP", "1981年8月19日", "1981-08-19"),
        ("芝加哥", "美国", "US", "1985年8月", "1985-08"),
        ("都灵", "意大利", "IT", D(1985, 10, 24), "1985-10-24"),
        ("卡托维兹", "波兰", "PL", "1991年", "1991"),
        ("伊尔库茨克", "俄罗斯", "RU", "1992年9月5日", "1992-09-05"),
        ("新西伯利亚", "俄罗斯", "RU", "1992年9月12日", "1992-09-12"),
        ("仁川", "韩国", "KR", D(1994, 6, 28), "1994-06-28"),
        ("大田", "韩国", "KR", "1995年", "1995"),
        ("城南", "韩国", "KR", "1998年10月", "1998-10"),
        ("奎松城", "菲律宾", "PH", "1998年", "1998"),
        ("卡拉奇", "巴基斯坦", "PK", "2001年", "2001"),
        ("乌法", "俄罗斯", "RU", "2002年", "2002"),
        ("拉马特甘", "以色列", "IL", D(2006, 9, 20), "2006-09-20"),
        ("贝尔法斯特", "英国", "GB", "2016年10月", "2016-10"),
        ("蒙特雷", "墨西哥", "MX", "2017年", "2017"),
        ("拉普拉塔", "阿根廷", "AR", "2017年", "2017"),
        ("雅温得", "喀麦隆", "CM", "2018年", "2018"),
        ("金贾", "乌干达", "UG", "2019年", "2019"),
    ]
    wb, ws = book("沈阳")
    title(ws, 1, "沈阳市国际友好城市情况表", 5)
    ws.cell(row=2, column=5, value="（截至2023年12月）")
    put(ws, 3, ["序号", "对方城市", "所在国家", "结好日期", "备注"], bold=True)
    widths(ws, 6, 14, 12, 18, 20)
    pairings = []
    r = 4
    for i, (zh, ctry, cc, dcell, d) in enumerate(rows, start=1):
        put(ws, r, [i, zh, ctry, dcell, None], fmt='yyyy"年"m"月"d"日"')
        pairings.append(pairing(SY, place(None, zh, cc), d))
        r += 1
        if i == 1:
            # hidden stale copy of the Sapporo row (the clerk hid it instead of deleting it)
            put(ws, r, [1, "札幌", "日本", "1980年11月18日", "重复，待删"])
            ws.row_dimensions[r].hidden = True
            r += 1
    put(ws, r, ["合计", None, None, f"{len(rows)}对"])
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    save(wb, name)
    register(
        name,
        "xls (Excel 97)",
        "-",
        "Shenyang's own list in Chinese only: title plus a right-hand 截至 cell, text dates 1980年11月18日 / "
        "1985年8月 / 1991年 mixed with date cells formatted 年月日, a hidden duplicate row, 合计 footer "
        "merged over three columns, 奎松城 (Quezon City).",
        SY,
        pairings,
    )


# ============================================================== 15 Dalian, ods, dd.mm.yyyy
def f15():
    name = "dalian-partner-towns.ods"
    rows = [  # en, country written, cc, date text, status text
        ("Kitakyushu", "Japan", "JP", "01.05.1979", "Active"),
        ("Maizuru", "Japan", "JP", "17.05.1982", "Active"),
        ("Oakland", "USA", "US", "17.09.1982", "Active"),
        ("Le Havre", "France", "FR", "21.10.1983", "Active"),
        ("Bremen", "Germany", "DE", "24.06.1985", "Active"),
        ("Glasgow", "Scotland, UK", "GB", "16.03.1987", "Active"),
        ("Rostock", "Germany", "DE", "27.11.1988", "Active"),
        ("Vladivostok", "Russia", "RU", "30.07.1992", "Active"),
        ("Enschede", "Netherlands", "NL", "13.10.1999", "Active"),
        ("Pointe-Noire", "Republic of the Congo", "CG", "16.11.2000", "Active"),
        ("Cape Breton", "Nova Scotia, Canada", "CA", "09.08.2011", "Active"),
        ("Gdańsk", "Poland", "PL", "", "Proposed"),
        ("Sochi", "Russia", "RU", "", "Under negotiation"),
    ]
    wb, ws = book("Partner towns")
    title(ws, 1, "Dalian Municipal Foreign Affairs Office — Partner Towns", 5)
    put(ws, 3, ["No.", "Partner town", "Country", "Date signed", "Status"], bold=True)
    widths(ws, 5, 16, 24, 13, 18)
    statuses = {"Active": "established", "Proposed": "proposed", "Under negotiation": "negotiating"}
    pairings = []
    for i, (en, ctry, cc, dtext, st) in enumerate(rows, start=1):
        put(ws, 3 + i, [i, en, ctry, dtext or None, st])
        d = None
        if dtext:
            dd, mm, yy = dtext.split(".")
            d = f"{yy}-{mm}-{dd}"
        pairings.append(pairing(DL, place(en, None, cc), d, status=statuses[st]))
    save(wb, name)
    register(
        name,
        "ods",
        "-",
        "Dalian's own list in English: dates dd.mm.yyyy as text (01.05.1979 = 1 May), 'Republic "
        "of the Congo' (CG, not CD), 'Scotland, UK', Proposed and Under-negotiation rows without dates.",
        DL,
        pairings,
    )


# ============================================================== 16 Xiamen, CSV UTF-8, semicolons, ISO codes
def f16():
    name = "xiamen-iso-semicolon.csv"
    rows = [  # zh, en, iso, year, kind text
        ("加的夫", "Cardiff", "GB", 1983, "友好城市"),
        ("佐世保", "Sasebo", "JP", 1983, "友好城市"),
        ("宿务市", "Cebu City", "PH", 1984, "友好城市"),
        ("巴尔的摩", "Baltimore", "US", 1985, "友好城市"),
        ("惠灵顿", "Wellington", "NZ", 1987, "友好城市"),
        ("佐特尔梅尔", "Zoetermeer", "NL", 1994, "友好城市"),
        ("槟岛", "Penang Island", "MY", 1995, "友好城市"),
        ("泗水", "Surabaya", "ID", 1997, "友好城市"),
        ("木浦", "Mokpo", "KR", 1998, "友好城市"),
        ("里士满", "Richmond", "CA", 2003, "友好交流城市"),
        ("瓜达拉哈拉", "Guadalajara", "MX", 2005, "友好城市"),
        ("特里尔", "Trier", "DE", 2010, "友好交流城市"),
        ("普吉", "Phuket", "TH", 2011, "友好城市"),
        ("考纳斯", "Kaunas", "LT", 2012, "友好城市"),
        ("杜尚别", "Dushanbe", "TJ", 2013, "友好城市"),
        ("伊兹密尔", "Izmir", "TR", 2014, "友好城市"),
        ("尼斯", "Nice", "FR", 2015, "友好交流城市"),
        ("内坦亚", "Netanya", "IL", 2016, "友好交流城市"),
        ("贝尔格莱德", "Belgrade", "RS", 2016, "友好城市"),
        ("马拉松", "Marathon", "GR", 2017, "友好交流城市"),
        ("阳光海岸", "Sunshine Coast", "AU", 2018, "友好城市"),
    ]
    out = [["序号", "友城（中文）", "Sister city", "ISO", "结好年份", "类别"]]
    pairings = []
    for i, (zh, en, cc, y, kind) in enumerate(rows, start=1):
        out.append([i, zh, en, cc, y, kind])
        pairings.append(
            pairing(
                XM,
                place(en, zh, cc),
                str(y),
                kind="friendly_exchange" if kind == "友好交流城市" else "sister_city",
            )
        )
    write_csv(name, out, "utf-8", delimiter=";", newline="\n")
    register(
        name,
        "csv",
        "UTF-8, no BOM (LF), semicolon-separated",
        "Xiamen's own list exported by a database tool: semicolon separator, countries as ISO codes "
        "only, bilingual names, 宿务市 (Cebu City: 市 is part of the name), year numbers, 类别 mix.",
        XM,
        pairings,
    )


# ============================================================== 17 Chongqing, xlsx, sections set the kind
def f17():
    name = "chongqing-youcheng.xlsx"
    sister = [  # zh, country, cc, date cell or (text, iso)
        ("图卢兹", "法国", "FR", D(1981, 6, 15)),
        ("西雅图", "美国", "US", D(1983, 6, 3)),
        ("广岛", "日本", "JP", D(1986, 10, 23)),
        ("多伦多", "加拿大", "CA", D(1986, 11, 5)),
        ("莱斯特", "英国", "GB", ("1993年", "1993")),
        ("沃罗涅日", "俄罗斯", "RU", D(1993, 9, 20)),
        ("杜塞尔多夫", "德国", "DE", D(2004, 9, 14)),
        ("布里斯班", "澳大利亚", "AU", D(2005, 3, 11)),
        ("仁川", "韩国", "KR", D(2007, 6, 19)),
        ("马里博尔", "斯洛文尼亚", "SI", ("2012年", "2012")),
        ("阿斯旺", "埃及", "EG", ("2013年", "2013")),
    ]
    exchange = [
        ("底特律", "美国", "US", ("2012年", "2012")),
        ("金奈", "印度", "IN", D(2015, 5, 15)),
        ("乌兰巴托", "蒙古", "MN", ("2015年", "2015")),
        ("皮特什蒂", "罗马尼亚", "RO", ("2016年", "2016")),
        ("斯利文", "保加利亚", "BG", ("2016年", "2016")),
        ("佩斯州", "匈牙利", "HU", D(2017, 5, 12)),
        ("热尔省", "法国", "FR", ("2017年", "2017")),
        ("金边", "柬埔寨", "KH", D(2018, 4, 2)),
        ("设拉子", "伊朗", "IR", ("2018年", "2018")),
        ("弗拉基米尔", "俄罗斯", "RU", ("2019年", "2019")),
    ]
    wb, ws = book("友城")
    title(ws, 1, "重庆市国际友好城市和友好交流城市一览表", 5)
    put(ws, 2, ["序号", "城市名称", "国家", "结好日期", "备注"], bold=True)
    widths(ws, 6, 14, 14, 18, 18)
    pairings = []
    r = 3
    for heading, rows, kind in (
        ("一、友好城市（共11个）", sister, "sister_city"),
        ("二、友好交流城市（共10个）", exchange, "friendly_exchange"),
    ):
        ws.cell(row=r, column=1, value=heading).font = BOLD
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
        r += 1
        for i, (zh, ctry, cc, date) in enumerate(rows, start=1):
            dcell, d = date if isinstance(date, tuple) else (date, date.isoformat())
            put(ws, r, [i, zh, ctry, dcell], fmt='yyyy"年"m"月"d"日"')
            pairings.append(pairing(CQ, place(None, zh, cc), d, kind=kind))
            r += 1
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "Chongqing's own list in two sections: merged section-heading rows 一、友好城市 / 二、友好交流城市 "
        "decide the kind of the rows below them, 序号 restarts in each section, date cells shown as "
        "年月日 beside '1993年' text, region-level partners (佩斯州, 热尔省).",
        CQ,
        pairings,
    )


# ============================================================== 18 Hangzhou, xlsx, kinds + 在建
def f18():
    name = "hangzhou-taizhang.xlsx"
    rows = [  # zh, country, cc, kind text, date cell/(text, iso)/None, status text
        ("岐阜", "日本", "JP", "友好城市", ("1979年2月21日", "1979-02-21"), "已缔结"),
        ("波士顿", "美国", "US", "友好城市", D(1982, 2, 11), "已缔结"),
        ("碧瑶", "菲律宾", "PH", "友好城市", ("1982年", "1982"), "已缔结"),
        ("利兹", "英国", "GB", "友好城市", D(1988, 9, 20), "已缔结"),
        ("福井", "日本", "JP", "友好城市", ("1989年", "1989"), "已缔结"),
        ("尼斯", "法国", "FR", "友好城市", ("1998年", "1998"), "已缔结"),
        ("帕拉马里博", "苏里南", "SR", "友好城市", ("1999年", "1999"), "已缔结"),
        ("蒙特哥贝", "牙买加", "JM", "友好城市", ("2000年", "2000"), "已缔结"),
        ("开普敦", "南非", "ZA", "友好城市", ("2005年", "2005"), "已缔结"),
        ("喀山", "俄罗斯", "RU", "友好城市", ("2007年", "2007"), "已缔结"),
        ("印第安纳波利斯", "美国", "US", "友好城市", D(2008, 5, 19), "已缔结"),
        ("德累斯顿", "德国", "DE", "友好城市", D(2009, 4, 20), "已缔结"),
        ("库里蒂巴", "巴西", "BR", "友好城市", ("2009年", "2009"), "已缔结"),
        ("马里博尔", "斯洛文尼亚", "SI", "友好城市", ("2010年", "2010"), "已缔结"),
        ("滨松", "日本", "JP", "友好交流关系", ("2011年", "2011"), "已缔结"),
        ("奥卢", "芬兰", "FI", "友好交流关系", ("2012年", "2012"), "已缔结"),
        ("海德堡", "德国", "DE", "友好交流关系", ("2013年", "2013"), "已缔结"),
        ("卢加诺", "瑞士", "CH", "友好合作关系", ("2014年", "2014"), "已缔结"),
        ("丽水", "韩国", "KR", "友好交流关系", ("2015年", "2015"), "已缔结"),
        ("西归浦", "韩国", "KR", "友好城市", ("2016年", "2016"), "已缔结"),
        ("阿加迪尔", "摩洛哥", "MA", "友好交流关系", ("2017年", "2017"), "已缔结"),
        ("萨尔茨堡", "奥地利", "AT", "友好城市", None, "在建"),
        ("维罗纳", "意大利", "IT", "友好交流关系", None, "在建"),
    ]
    wb, ws = book("台账")
    title(ws, 1, "杭州市国际友城工作台账", 7)
    ws.cell(row=2, column=1, value="更新：2024-03")
    put(ws, 3, ["序号", "外方城市", "国别", "关系类型", "签约时间", "状态", "经办人"], bold=True)
    widths(ws, 6, 16, 12, 14, 18, 9, 9)
    kinds = {
        "友好城市": "sister_city",
        "友好交流关系": "friendly_exchange",
        "友好合作关系": "friendly_cooperation",
    }
    pairings = []
    for i, (zh, ctry, cc, kind, date, st) in enumerate(rows, start=1):
        if date is None:
            dcell, d = None, None
        elif isinstance(date, tuple):
            dcell, d = date
        else:
            dcell, d = date, date.isoformat()
        put(ws, 3 + i, [i, zh, ctry, kind, dcell, st, "张" if i % 4 else "李"], fmt="yyyy-mm-dd")
        pairings.append(
            pairing(
                HZ,
                place(None, zh, cc),
                d,
                kind=kinds[kind],
                status="proposed" if st == "在建" else "established",
            )
        )
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "Hangzhou's working ledger: 关系类型 友好城市/友好交流关系/友好合作关系, 状态 已缔结 vs 在建 "
        "(proposed, no date), date cells beside '1982年' text, an 经办人 column of clerk names that "
        "is not data, 丽水 which is also a Chinese city name but is Yeosu, Korea here.",
        HZ,
        pairings,
    )


# ============================================================== 19 national register, xlsx, both sides, 1 junk row
def f19():
    name = "national-register-extract.xlsx"
    rows = [  # local zh, province, partner zh, country, cc, date (text,iso)/date, note
        ("天津", "天津", "神户", "日本", "JP", ("1973年6月24日", "1973-06-24"), "全国第一对"),
        ("上海", "上海", "横滨", "日本", "JP", ("1973.11", "1973-11"), None),
        ("西安", "陕西", "京都", "日本", "JP", ("1974.2", "1974-02"), None),
        ("西安", "陕西", "奈良", "日本", "JP", ("1974.2", "1974-02"), None),
        ("上海", "上海", "大阪", "日本", "JP", ("1974-04", "1974-04"), None),
        ("南京", "江苏", "名古屋", "日本", "JP", D(1978, 12, 21), None),
        ("杭州", "浙江", "岐阜", "日本", "JP", ("1979年2月21日", "1979-02-21"), None),
        ("北京", "北京", "东京", "日本", "JP", D(1979, 3, 14), None),
        ("广州", "广东", "福冈", "日本", "JP", ("1979.5", "1979-05"), None),
        ("大连", "辽宁", "北九州", "日本", "JP", ("1979-05", "1979-05"), None),
        ("武汉", "湖北", "大分", "日本", "JP", ("1979年9月7日", "1979-09-07"), None),
        ("南京", "江苏", "圣路易斯", "美国", "US", ("1979.11", "1979-11"), "中美第一对"),
        ("哈尔滨", "黑龙江", "新潟", "日本", "JP", ("1979.12", "1979-12"), None),
        None,  # the junk row goes here
        ("长春", "吉林", "仙台", "日本", "JP", ("1980.10", "1980-10"), None),
        ("沈阳", "辽宁", "札幌", "日本", "JP", ("1980年11月18日", "1980-11-18"), None),
        ("成都", "四川", "蒙彼利埃", "法国", "FR", ("1981.6", "1981-06"), None),
        ("苏州", "江苏", "金泽", "日本", "JP", ("1981.6", "1981-06"), None),
        ("昆明", "云南", "藤泽", "日本", "JP", ("1981.11", "1981-11"), None),
        ("长沙", "湖南", "鹿儿岛", "日本", "JP", ("1982.10", "1982-10"), None),
        ("重庆", "重庆", "广岛", "日本", "JP", D(1986, 10, 23), None),
    ]
    wb, ws = book("节选")
    title(ws, 1, "全国友好城市统计（节选，按缔结时间排序）", 7)
    put(ws, 2, ["序号", "中方城市", "所属省份", "外方城市", "国别", "缔结时间", "备注"], bold=True)
    widths(ws, 6, 12, 10, 12, 10, 16, 22)
    pairings = []
    r = 3
    for i, row in enumerate(rows, start=1):
        if row is None:
            # junk: an internal list title pasted into the country column of a numbered row
            put(
                ws, r, [i, "北京市", "北京", "见内部名单", "北京市友好城市名单（内部）", None, None]
            )
            r += 1
            continue
        lz, prov, pz, ctry, cc, date, note = row
        dcell, d = date if isinstance(date, tuple) else (date, date.isoformat())
        put(ws, r, [i, lz + "市", prov, pz + "市", ctry, dcell, note], fmt="yyyy-mm-dd")
        pairings.append(pairing(place(None, lz, "CN"), place(None, pz, cc), d))
        r += 1
    put(ws, r, ["合计", None, None, f"{len(pairings)}对"])
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "A national register extract naming both sides with 市 (天津市—神户市), a 所属省份 column, "
        "dates in four forms (1973年6月24日, 1973.11, 1974-04, date cells); row 14 is junk "
        "('北京市友好城市名单（内部）' in the country column) and must be REFUSED; 合计 footer.",
        None,
        pairings,
        rejected=1,
    )


# ============================================================== 20 Qingdao, xlsx, English, Atlantis row
def f20():
    name = "qingdao-twinned-en.xlsx"
    rows = [  # en, country written, cc, date text, iso
        ("Shimonoseki", "Japan", "JP", "October 1979", "1979-10"),
        ("Long Beach", "United States", "US", "Jun 1985", "1985-06"),
        ("Acapulco", "Mexico", "MX", "May 1985", "1985-05"),
        ("Odesa", "Ukraine", "UA", "1993", "1993"),
        ("Daegu", "South Korea", "KR", "Dec 1993", "1993-12"),
        ("Vigo", "Spain", "ES", "1998", "1998"),
        ("Nantes", "France", "FR", "September 2005", "2005-09"),
        ("Regensburg", "Germany", "DE", "2009", "2009"),
        ("Mannheim", "Germany", "DE", "2010", "2010"),
        ("Southampton", "England, UK", "GB", "November 2011", "2011-11"),
        ("Puerto Montt", "Chile", "CL", "2011", "2011"),
        ("Poseidonia", "Atlantis", None, "12 May 1990", None),  # must be refused
        ("Paderborn", "Germany", "DE", "2012", "2012"),
        ("Perm", "Russia", "RU", "2012", "2012"),
        ("Velsen", "Netherlands", "NL", "2013", "2013"),
        ("Adelaide", "Australia", "AU", "April 2014", "2014-04"),
        ("Bilbao", "Spain", "ES", "2014", "2014"),
        ("Thousand Oaks", "United States", "US", "2015", "2015"),
        ("Faisalabad", "Pakistan", "PK", "2016", "2016"),
        ("Makassar", "Indonesia", "ID", "2016", "2016"),
        ("Pattaya", "Thailand", "TH", "2017", "2017"),
        ("Ness Ziona", "Israel", "IL", "2017", "2017"),
        ("Dushanbe", "Tajikistan", "TJ", "2018", "2018"),
        ("Vila Velha", "Brazil", "BR", "2019", "2019"),
    ]
    wb, ws = book("Twinned")
    title(ws, 1, "Qingdao — International Sister Cities", 5)
    put(ws, 3, ["No.", "Twinned with", "Country", "Date signed", "Notes"], bold=True)
    widths(ws, 5, 18, 16, 16, 24)
    pairings = []
    for i, (en, ctry, cc, dtext, d) in enumerate(rows, start=1):
        cell_en = en + " " if en in ("Vigo", "Perm") else en  # trailing spaces
        note = "record kept from a training exercise" if cc is None else None
        put(ws, 3 + i, [i, cell_en, ctry, dtext, note])
        if cc is None:
            continue
        pairings.append(pairing(QD, place(en, None, cc), d))
    r = 4 + len(rows)
    put(ws, r, ["Total", None, None, f"{len(rows)} entries"])
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "Qingdao's own list in English: dates as 'October 1979', 'Jun 1985', 'Dec 1993' and bare "
        "years, trailing spaces in names, 'England, UK'; the row 'Poseidonia, Atlantis' must be "
        "REFUSED (unknown country); a Total footer.",
        QD,
        pairings,
        rejected=1,
    )


# ============================================================== 21 Suzhou, xls, Partner over Chinese name / English name
def f21():
    name = "suzhou-partners.xls"
    rows = [  # zh, en, nation written, cc, year, type
        ("池田", "Ikeda", "Japan", "JP", 1981, "Sister city"),
        ("威尼斯", "Venice", "Italy", "IT", 1980, "Sister city"),
        ("维多利亚", "Victoria", "Canada", "CA", 1980, "Sister city"),
        ("金泽", "Kanazawa", "Japan", "JP", 1981, "Sister city"),
        ("波特兰", "Portland", "USA", "US", 1988, "Sister city"),
        ("康斯坦茨", "Konstanz", "Germany", "DE", 1989, "Sister city"),
        ("全州", "Jeonju", "Korea, Republic of", "KR", 1996, "Sister city"),
        ("里加", "Riga", "Latvia", "LV", 1997, "Sister city"),
        ("格勒诺布尔", "Grenoble", "France", "FR", 1998, "Sister city"),
        ("埃斯比约", "Esbjerg", "Denmark", "DK", 2000, "Sister city"),
        ("伊斯梅利亚", "Ismailia", "Egypt", "EG", 2001, "Sister city"),
        ("阿雷格里港", "Porto Alegre", "Brazil", "BR", 2002, "Sister city"),
        ("奈梅亨", "Nijmegen", "Netherlands", "NL", 2003, "Sister city"),
        ("巴东", "Padang", "Indonesia", "ID", 2004, "Sister city"),
        ("洛根", "Logan", "Australia", "AU", 2005, "Friendly exchange"),
        ("陶波", "Taupō", "New Zealand", "NZ", 2006, "Friendly exchange"),
        ("新松奇", "Nowy Sącz", "Poland", "PL", 2010, "Friendly exchange"),
    ]
    wb, ws = book("Partners")
    title(ws, 1, "Suzhou Municipal Foreign Affairs Office · Sister & Friendly Cities", 7, 12)
    put(ws, 2, ["No.", "Partner", None, "Nation", "Since", "Type", "ID"], bold=True)
    put(ws, 3, [None, "Chinese name", "English name"], bold=True)
    for col in "ADEFG":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("B2:C2")
    ws.column_dimensions["G"].hidden = True
    widths(ws, 5, 14, 16, 20, 7, 18, 10)
    pairings = []
    for i, (zh, en, nat, cc, y, typ) in enumerate(rows, start=1):
        put(ws, 3 + i, [i, zh, en, nat, y, typ, 9000 + i * 13])
        pairings.append(
            pairing(
                SZ,
                place(en, zh, cc),
                str(y),
                kind="friendly_exchange" if typ == "Friendly exchange" else "sister_city",
            )
        )
    save(wb, name)
    register(
        name,
        "xls (Excel 97)",
        "-",
        "Suzhou's own list with English headers: two-row header 'Partner' merged over 'Chinese name' / "
        "'English name', 'Korea, Republic of' (a comma inside the country name, not 'region, country'), "
        "hidden last column of numeric IDs, Since as year numbers, Type Sister city / Friendly exchange.",
        SZ,
        pairings,
    )


# ============================================================== 22 Changchun, ods
def f22():
    name = "changchun-youcheng.ods"
    rows = [  # zh, country, cc, date cell / (text, iso) / None, old
        ("仙台", "日本", "JP", ("1980-10", "1980-10"), None),
        ("诺维萨德", "南斯拉夫", "RS", ("1983-07", "1983-07"), "YU"),
        ("温莎", "加拿大", "CA", ("1987-08", "1987-08"), None),
        ("小石城", "美国", "US", D(1994, 5, 16), None),
        ("蔚山", "韩国", "KR", D(1994, 6, 20), None),
        ("克拉斯诺亚尔斯克", "俄罗斯", "RU", ("1997-05", "1997-05"), None),
        ("明斯克", "白俄罗斯", "BY", ("1999-10", "1999-10"), None),
        ("乌兰乌德", "俄罗斯", "RU", ("2000-09", "2000-09"), None),
        ("普罗夫迪夫", "保加利亚", "BG", ("2002-04", "2002-04"), None),
        ("日利纳", "斯洛伐克", "SK", D(2005, 9, 23), None),
        ("约灵", "丹麦", "DK", ("2008-11", "2008-11"), None),
        ("马斯特顿", "新西兰", "NZ", None, None),
        ("瓦南布尔", "澳大利亚", "AU", ("2010-03", "2010-03"), None),
        ("蒂华纳", "墨西哥", "MX", ("2012-12", "2012-12"), None),
        ("清津", "朝鲜", "KP", ("2013-08", "2013-08"), None),
        ("巴真", "泰国", "TH", ("2016-06", "2016-06"), None),
    ]
    wb, ws = book("长春市友城")
    put(ws, 1, ["序号", "友城名称", "国家", "结好日期", "备注"], bold=True)
    widths(ws, 6, 18, 12, 14, 20)
    pairings = []
    r = 2
    for i, (zh, ctry, cc, date, old) in enumerate(rows, start=1):
        if date is None:
            dcell, d = None, None
        elif isinstance(date, tuple):
            dcell, d = date
        else:
            dcell, d = date, date.isoformat()
        note = "现属塞尔维亚" if old else ("日期不详" if d is None else None)
        put(ws, r, [i, zh, ctry, dcell, note], fmt="yyyy-mm-dd")
        pairings.append(pairing(CC, place(None, zh, cc), d, old=old))
        r += 1
        if i in (5, 11):
            r += 1
    save(wb, name)
    register(
        name,
        "ods",
        "-",
        "Changchun's own list with no title: header in row 1, dates as '1980-10' text and date cells, "
        "南斯拉夫 for Novi Sad, 朝鲜 (KP), 小石城 (Little Rock), blank rows, an unknown date.",
        CC,
        pairings,
    )


# ============================================================== 23 Kunming, xlsx, English, relationship + status
def f23():
    name = "kunming-sister-cities-en.xlsx"
    rows = [  # en, nation written, cc, since, relationship, status
        ("Fujisawa", "Japan", "JP", 1981, "Sister city", "Active"),
        ("Zurich", "Switzerland", "CH", 1982, "Sister city", "Active"),
        ("Denver", "U.S.A.", "US", 1986, "Sister city", "Active"),
        ("Wagga Wagga", "Australia", "AU", 1988, "Sister city", "Active"),
        ("Chiang Mai", "Thailand", "TH", 1999, "Sister city", "Active"),
        ("Schenectady", "U.S.A.", "US", 2000, "Sister city", "Active"),
        ("Yangon", "Myanmar", "MM", 2008, "Sister city", "Active"),
        ("Vientiane", "Lao PDR", "LA", 2011, "Sister city", "Active"),
        ("Kolkata", "India", "IN", 2013, "Sister city", "Active"),
        ("Mandalay", "Myanmar", "MM", 2013, "Friendship agreement", "Active"),
        ("Olomouc", "Czech Republic", "CZ", 2014, "Partnership", "Active"),
        ("Da Nang", "Viet Nam", "VN", 2014, "Sister city", "Active"),
        ("Chittagong", "Bangladesh", "BD", 2014, "Sister city", "Active"),
        ("Kuching", "Malaysia", "MY", 2015, "Friendly exchange", "Active"),
        ("Pokhara", "Nepal", "NP", 2015, "Sister city", "Active"),
        ("Phnom Penh", "Cambodia", "KH", 2015, "Sister city", "Active"),
        ("Antalya", "Türkiye", "TR", 2016, "Sister city", "Active"),
        ("Nancy", "France", "FR", 2016, "Partnership", "Active"),
        ("Cochabamba", "Bolivia", "BO", 2017, "Sister city", "Active"),
        ("Polonnaruwa", "Sri Lanka", "LK", 2017, "Memorandum of understanding", "Active"),
        ("Nairobi", "Kenya", "KE", 2018, "Sister city", "Active"),
        ("New Plymouth", "New Zealand", "NZ", 2018, "Friendly exchange", "Active"),
        ("Takayama", "Japan", "JP", 2019, "Friendly exchange", "Active"),
        ("Kandy", "Sri Lanka", "LK", None, "Sister city", "Proposed"),
    ]
    kinds = {
        "Sister city": "sister_city",
        "Friendship agreement": "friendship_agreement",
        "Partnership": "partnership",
        "Friendly exchange": "friendly_exchange",
        "Memorandum of understanding": "memorandum",
    }
    wb, ws = book("Kunming")
    title(ws, 1, "Kunming — Sister Cities and Partner Cities", 6)
    put(ws, 2, ["No.", "Sister city", "Nation", "Since", "Relationship", "Status"], bold=True)
    widths(ws, 5, 16, 16, 7, 28, 10)
    pairings = []
    for i, (en, nat, cc, y, rel, st) in enumerate(rows, start=1):
        put(ws, 2 + i, [i, en, nat, y, rel, st])
        pairings.append(
            pairing(
                KM,
                place(en, None, cc),
                str(y) if y else None,
                kind=kinds[rel],
                status="proposed" if st == "Proposed" else "established",
            )
        )
    r = 3 + len(rows)
    ws.cell(
        row=r,
        column=1,
        value="Notes: 'Since' is the year the agreement was signed; proposed links have no year.",
    )
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    save(wb, name)
    register(
        name,
        "xlsx",
        "-",
        "Kunming's own list in English: Relationship values Sister city / Friendship agreement / "
        "Partnership / Friendly exchange / Memorandum of understanding, a Proposed row without a year, "
        "country spellings 'U.S.A.', 'Lao PDR', 'Viet Nam', 'Türkiye', a Notes footer.",
        KM,
        pairings,
    )


# ---------------------------------------------------------------- convert and finish
FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}


def convert():
    profile = os.path.join(BUILD, "lo-profile")
    by_ext = {}
    for src, final in PENDING:
        by_ext.setdefault(os.path.splitext(final)[1][1:], []).append((src, final))
    for ext, items in by_ext.items():
        outdir = os.path.join(BUILD, "out-" + ext)
        os.makedirs(outdir)
        cmd = [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            FILTERS[ext],
            "--outdir",
            outdir,
        ] + [s for s, _ in items]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        for src, final in items:
            made = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + "." + ext)
            shutil.copyfile(made, os.path.join(OUT, final))


README_HEAD = """# office-lists: spreadsheets as Chinese foreign-affairs offices keep them

Test data for importing registers of friendship-city (友好城市) relationships. Every file is made
the way a different office would make it; `expected.json` says exactly which pairings each file
must give. The .xlsx / .xls / .ods files were written by LibreOffice (laid out with openpyxl first,
then re-saved with `soffice --convert-to`); the CSV files are written in the encoding the office's
software would use. `make_corpus.py` rebuilds everything (needs `soffice`); tests need not run it.

## expected.json

A dict keyed by file name. Per file: `description`, `local` (the place the clerk states once for a
file that names only partners; `null` when every row names both sides), `target` ("pairing"),
`pairings`, `rows_rejected` (data rows that must be refused), and for files using old
romanisations `spellings` (written form -> present name).

Per pairing: `local` and `partner` as `{name_en, name_zh, country}`; `kind`; `status`;
`established` (ISO partial date "1979", "1979-03" or "1979-03-14", or null); `country_at_signing`
only where the file names a former state (SU, YU, DD, DE_WEST).

Conventions:
- A language the file does not give is `null` (a Chinese-only list has `name_en: null` for partners;
  the stated local place of an own-list file carries both names).
- `name_zh` drops the city suffix 市 that some files add (武汉市 -> 武汉); names whose 市 is part of
  the name keep it (四日市 Yokkaichi, 宿务市 Cebu City); provinces, prefectures, states and regions
  keep their level word (湖北省, 大分县, 俄亥俄州, 伦巴第大区, 佩斯州).
- `name_en` is the file's spelling, trimmed, except old romanisations: Peking -> Beijing,
  Canton -> Guangzhou, Tientsin -> Tianjin, Nanking -> Nanjing, Kiev -> Kyiv.
- `country` is the ISO 3166 alpha-2 code of the present-day country.
- Titles, headers, section headings, blank rows, 合计 / Total rows and 注 / Note rows are not data.
  A pairing listed twice in a file is expected once. A hidden row is still data (guangzhou: the clerk
  hid a valid row for printing; shenyang: the hidden row is a stale duplicate, so it adds nothing).
- Status words: 有效 / 已缔结 / Active -> established; 已终止 / Terminated -> ended;
  在建 / Proposed -> proposed; Under negotiation -> negotiating. Kinds: 友好城市, 友好省州/省县/省道,
  Sister city / state / province -> sister_city; 友好交流城市 / 友好交流关系 / Friendly exchange ->
  friendly_exchange; 友好合作城市 / 友好合作关系 -> friendly_cooperation; Partnership ->
  partnership; Friendship agreement -> friendship_agreement; Memorandum of understanding ->
  memorandum. A list that states no kind or status gives sister_city / established.
- Dates are the file's; where a file gives only a year or a month, so does `established`.

About the content: the pairings are real (cities in their real countries, from news reports,
offices' published lists and the Wikipedia-derived list in shared/data/real); many dates are
plausible rather than checked, and for these tests the file's value is the truth. Invented on
purpose: the proposed / under-negotiation rows (Hangzhou: Salzburg, Verona; Dalian: Gdańsk, Sochi;
Kunming: Kandy), the refused rows (Qingdao: "Poseidonia, Atlantis"; national register: an internal
list title in the country column) and the junk in hidden columns. No file uses "Czechoslovakia":
no Chinese–Czechoslovak pairing signed before 1993 could be confirmed.

## Files

| file | format | encoding | what makes it hard |
|---|---|---|---|
"""


def write_readme(total):
    lines = [README_HEAD]
    for name, fmt, enc, desc in README:
        n = len(EXPECTED[name]["pairings"])
        lines.append(f"| `{name}` | {fmt} | {enc} | {desc} ({n} pairings) |\n")
    lines.append(
        f"\nTotal: {len(README)} files, {total} pairings, "
        f"{sum(e['rows_rejected'] for e in EXPECTED.values())} rows to refuse.\n"
    )
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("".join(lines))


def write_expected():
    """One pairing per line: valid JSON that stays readable in a diff."""

    def js(v):
        return json.dumps(v, ensure_ascii=False)

    out = ["{"]
    for fi, (name, e) in enumerate(EXPECTED.items()):
        out.append(f" {js(name)}: {{")
        for key in ("description", "local", "target"):
            out.append(f"  {js(key)}: {js(e[key])},")
        out.append('  "pairings": [')
        for pi, p in enumerate(e["pairings"]):
            out.append("   " + js(p) + ("," if pi < len(e["pairings"]) - 1 else ""))
        out.append("  ],")
        if "spellings" in e:
            out.append(f'  "spellings": {js(e["spellings"])},')
        out.append(f'  "rows_rejected": {e["rows_rejected"]}')
        out.append(" }" + ("," if fi < len(EXPECTED) - 1 else ""))
    out.append("}")
    text = "\n".join(out) + "\n"
    assert json.loads(text) == EXPECTED
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as fh:
        fh.write(text)


def main():
    for f in (
        f01,
        f02,
        f03,
        f04,
        f05,
        f06,
        f07,
        f08,
        f09,
        f10,
        f11,
        f12,
        f13,
        f14,
        f15,
        f16,
        f17,
        f18,
        f19,
        f20,
        f21,
        f22,
        f23,
    ):
        f()
    convert()
    write_expected()
    total = sum(len(e["pairings"]) for e in EXPECTED.values())
    write_readme(total)
    print(
        f"{len(EXPECTED)} files, {total} pairings, "
        f"{sum(e['rows_rejected'] for e in EXPECTED.values())} rows to refuse"
    )
    shutil.rmtree(BUILD)


if __name__ == "__main__":
    sys.exit(main())
