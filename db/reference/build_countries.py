"""Regenerate the country reference data a new register is loaded with.

    python db/reference/build_countries.py           # write the two CSVs beside this file
    python db/reference/build_countries.py --check   # exit 1 if they are not up to date

Outputs (UTF-8, no BOM, ``\\n`` line ends, csv-module quoting):

- ``countries.csv``: ``code,alpha3,name_en,name_zh,continent,historic,successor,search_text``.
  ``search_text`` is the quick-search key of the names and aliases (with pinyin), worked
  out here so that making a register does not load the pinyin dictionaries (0.5 s).
  The 249 current ISO 3166-1 countries keyed by alpha-2, Kosovo (XK, user-assigned; see
  EXTRA_COUNTRIES), then the ISO 3166-3 historic states keyed by their alpha-4 code
  (SUHH, YUCS, DDDE...).
- ``country_aliases.csv``: ``country_code,alias``: other names a record may use.

Sources: pycountry (codes, English names, zh_CN translations) plus the curated tables
below, which hold everything pycountry does not say the way a Chinese foreign-affairs
clerk needs it. The output depends on the installed pycountry version; regenerate and
review the diff when pycountry is upgraded.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import sys
import unicodedata
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from twindesk.core.search import search_key  # noqa: E402  (the project, beside this folder)

COUNTRIES_CSV = HERE / "countries.csv"
ALIASES_CSV = HERE / "country_aliases.csv"

COUNTRY_COLUMNS = [
    "code",
    "alpha3",
    "name_en",
    "name_zh",
    "continent",
    "historic",
    "successor",
    "search_text",
]
ALIAS_COLUMNS = ["country_code", "alias"]
CONTINENTS = ("AF", "AN", "AS", "EU", "NA", "OC", "SA")

# --------------------------------------------------------------------------- English names
# Short names as commonly written, where pycountry's name/common_name is the inverted ISO
# form ("Iran, Islamic Republic of") or an official long form. The pycountry name is kept
# as an alias automatically.
NAME_EN: dict[str, str] = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FM": "Micronesia",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PN": "Pitcairn Islands",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TW": "Taiwan",  # zh is 中国台湾; pycountry's "Taiwan, Province of China" stays an alias
    "TZ": "Tanzania",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
    "VN": "Vietnam",
    # Already pycountry's names, listed so the choice is explicit: ISO's current forms,
    # with the older English names as curated aliases below.
    "CZ": "Czechia",
    "TR": "Türkiye",
    "HK": "Hong Kong",
    "MO": "Macao",
}

# --------------------------------------------------------------------------- Chinese names
# pycountry's zh_CN translation is used unless overridden here. Overrides follow the short
# names used by the Ministry of Foreign Affairs / GB/T 2659: the translation is long or
# official-style, uses a non-mainland form, or is wrong.
NAME_ZH: dict[str, str] = {
    # long / official-style translations
    "BO": "玻利维亚",  # 玻利维亚共和国
    "IR": "伊朗",  # 伊朗伊斯兰共和国
    "KP": "朝鲜",  # 朝鲜民主主义人民共和国
    "KR": "韩国",  # 大韩民国
    "LA": "老挝",  # 老挝人民民主共和国
    "MD": "摩尔多瓦",  # 摩尔多瓦共和国
    "SY": "叙利亚",  # 阿拉伯叙利亚共和国
    "VE": "委内瑞拉",  # 委内瑞拉玻利瓦尔共和国
    # names as the mainland writes them
    "CN": "中国",
    "RU": "俄罗斯",
    "US": "美国",
    "GB": "英国",
    "VN": "越南",
    "TZ": "坦桑尼亚",
    "HK": "中国香港",  # translation: 香港
    "MO": "中国澳门",  # translation: 澳门
    "TW": "中国台湾",  # translation: 中国台湾省
    "BD": "孟加拉国",  # translation: 孟加拉
    "CD": "刚果（金）",  # MFA short form; translation 刚果民主共和国 stays an alias
    "CG": "刚果（布）",  # MFA short form; translation: 刚果
    "FM": "密克罗尼西亚联邦",  # translation: 密克罗尼西亚
    "GT": "危地马拉",  # translation 瓜地马拉 is the Taiwan form
    "IM": "马恩岛",  # translation: 曼岛
    "KG": "吉尔吉斯斯坦",  # translation: 吉尔吉斯坦
    "MN": "蒙古国",  # translation: 蒙古
    # territories: GB/T 2659 forms, full-width brackets
    "BQ": "博奈尔、圣尤斯特歇斯和萨巴",
    "BV": "布韦岛",
    "CC": "科科斯（基林）群岛",
    "FK": "福克兰群岛（马尔维纳斯）",
    "GS": "南乔治亚岛和南桑德韦奇群岛",
    "HM": "赫德岛和麦克唐纳群岛",
    "PN": "皮特凯恩群岛",
    "SH": "圣赫勒拿、阿森松和特里斯坦-达库尼亚",
    "SJ": "斯瓦尔巴群岛和扬马延岛",
    "TF": "法属南部领地",  # translation: 法属南半球领地
    # wrong in the translation files; these translations are NOT kept as aliases
    "KH": "柬埔寨",  # translation: 柬埔塞 (typo)
    "PF": "法属波利尼西亚",  # translation: 法属玻利尼西亚 (typo)
}
ZH_TRANSLATION_NOT_AN_ALIAS = {"KH", "PF"}

# --------------------------------------------------------------------------- continents
# The usual country-to-continent table (pycountry-convert's, from Wikipedia's "countries by
# continent" data file), completed for the ISO codes it lacks: AQ, TF -> AN; EH -> AF;
# PN, UM -> OC; SX -> NA; TL -> AS (as its old code TP); VA -> EU. Notable choices it makes
# and we keep: RU EU, TR AS, CY AS (also where the Chinese MFA lists Cyprus), GE/AM/AZ AS,
# EG AF, Central America and the Caribbean NA, GS SA.
_CONTINENT_GROUPS = {
    "AF": "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS"
    " LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT"
    " ZA ZM ZW",
    "AN": "AQ BV HM TF",
    "AS": "AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW"
    " KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE",
    "EU": "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT"
    " JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA",
    "NA": "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ"
    " MS MX NI PA PM PR SV SX TC TT US VC VG VI",
    "OC": "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
    "SA": "AR BO BR CL CO EC FK GF GS GY PE PY SR UY VE",
}
CONTINENT: dict[str, str] = {
    code: continent for continent, codes in _CONTINENT_GROUPS.items() for code in codes.split()
}

# --------------------------------------------------------------------------- historic states
# ISO 3166-3 entries, keyed by alpha-4: (name_en, name_zh, continent, successor alpha-2).
# The successor is the main continuing state or the territory's present code; empty where
# the entity was divided with no main successor (Neutral Zone, Pacific trust territory).
# Where a split left one clearly larger part, that part is named (CSHH -> CZ, ANHH -> CW,
# GEHH -> KI), as the brief asks for a main successor "where one is sensible".
# Burma and East Timor were renamings/recoding of the same state, so the bare names stay
# aliases of MM and TL (what a record saying "Burma" means today); the ISO 3166-3 entries
# get dated names to keep them apart. Zaire, by contrast, is the historic entry.
HISTORIC: dict[str, tuple[str, str, str, str]] = {
    "AIDJ": ("French Territory of the Afars and the Issas", "法属阿法尔和伊萨领地", "AF", "DJ"),
    "ANHH": ("Netherlands Antilles", "荷属安的列斯", "NA", "CW"),
    "BQAQ": ("British Antarctic Territory", "英属南极领地", "AN", "AQ"),
    "BUMM": ("Burma (until 1989)", "缅甸（1989年前）", "AS", "MM"),
    "BYAA": ("Byelorussian SSR", "白俄罗斯苏维埃社会主义共和国", "EU", "BY"),
    "CSHH": ("Czechoslovakia", "捷克斯洛伐克", "EU", "CZ"),
    "CSXX": ("Serbia and Montenegro", "塞尔维亚和黑山", "EU", "RS"),
    "CTKI": ("Canton and Enderbury Islands", "坎顿和恩德伯里群岛", "OC", "KI"),
    "DDDE": ("East Germany", "民主德国（东德）", "EU", "DE"),
    "DYBJ": ("Dahomey", "达荷美", "AF", "BJ"),
    "FQHH": ("French Southern and Antarctic Territories", "法属南部和南极领地", "AN", "TF"),
    "FXFR": ("Metropolitan France", "法国本土", "EU", "FR"),
    "GEHH": ("Gilbert and Ellice Islands", "吉尔伯特和埃利斯群岛", "OC", "KI"),
    "HVBF": ("Upper Volta", "上沃尔特", "AF", "BF"),
    "JTUM": ("Johnston Island", "约翰斯顿岛", "OC", "UM"),
    "MIUM": ("Midway Islands", "中途岛", "OC", "UM"),
    "NHVU": ("New Hebrides", "新赫布里底群岛", "OC", "VU"),
    "NQAQ": ("Dronning Maud Land", "毛德皇后地", "AN", "AQ"),
    "NTHH": ("Saudi-Iraqi Neutral Zone", "沙特-伊拉克中立区", "AS", ""),
    "PCHH": ("Trust Territory of the Pacific Islands", "太平洋群岛托管地", "OC", ""),
    "PUUM": ("U.S. Miscellaneous Pacific Islands", "美属太平洋诸岛", "OC", "UM"),
    "PZPA": ("Panama Canal Zone", "巴拿马运河区", "NA", "PA"),
    "RHZW": ("Southern Rhodesia", "南罗得西亚", "AF", "ZW"),
    "SKIN": ("Sikkim", "锡金", "AS", "IN"),
    "SUHH": ("Soviet Union", "苏联", "EU", "RU"),  # continent as its successor Russia
    "TPTL": ("East Timor (until 2002)", "东帝汶（2002年前）", "AS", "TL"),
    "VDVN": ("North Vietnam", "北越（越南民主共和国）", "AS", "VN"),
    "WKUM": ("Wake Island", "威克岛", "OC", "UM"),
    "YDYE": ("South Yemen", "南也门（民主也门）", "AS", "YE"),
    "YUCS": ("Yugoslavia", "南斯拉夫", "EU", "RS"),
    "ZRCD": ("Zaire", "扎伊尔", "AF", "CD"),
}

# --------------------------------------------------------------------------- curated aliases
# Other names records use: old names, English variants and abbreviations, Chinese variants.
# An alias may repeat the country's own name (so an alias lookup alone finds it); it may
# never name a different country. Automatic aliases (pycountry names, alpha-3, zh_CN
# translations) are added by the script and need not be listed.
ALIASES: dict[str, list[str]] = {
    # China and its special administrative regions
    "CN": ["PRC", "P.R.C.", "People's Republic of China", "中华人民共和国", "中国大陆"],
    "HK": ["Hong Kong SAR", "Hong Kong, China", "香港", "香港特别行政区"],
    "MO": [
        "Macau",
        "Macao SAR",
        "Macau SAR",
        "Macao, China",
        "Macau, China",
        "澳门",
        "澳门特别行政区",
    ],
    "TW": ["Taiwan, China", "Chinese Taipei", "台湾", "台湾省", "台湾地区"],
    # historic states
    "SUHH": [
        "USSR",
        "U.S.S.R.",
        "Soviet Union",
        "Union of Soviet Socialist Republics",
        "苏联",
    ],
    "DDDE": ["East Germany", "GDR", "German Democratic Republic", "东德", "民主德国"],
    "YUCS": [
        "Yugoslavia",
        "SFR Yugoslavia",
        "SFRY",
        "Socialist Federal Republic of Yugoslavia",
        "Federal Republic of Yugoslavia",
        "南斯拉夫",
        "南斯拉夫联盟共和国",
        "南联盟",
    ],
    "CSHH": ["Czechoslovakia", "Czechoslovak Socialist Republic", "ČSSR", "捷克斯洛伐克"],
    "CSXX": ["Serbia and Montenegro", "State Union of Serbia and Montenegro", "塞黑"],
    "ZRCD": ["Zaire", "Republic of Zaire", "扎伊尔"],
    "BUMM": ["Socialist Republic of the Union of Burma"],
    "TPTL": ["Portuguese Timor", "葡属帝汶"],
    "BYAA": ["Byelorussia", "Byelorussian Soviet Socialist Republic", "BSSR"],
    "RHZW": ["Rhodesia", "罗得西亚"],
    "VDVN": ["Democratic Republic of Vietnam", "北越"],
    "YDYE": ["People's Democratic Republic of Yemen", "Democratic Yemen", "南也门"],
    "HVBF": ["Republic of Upper Volta"],
    "ANHH": ["荷属安的列斯群岛"],
    # current countries: old names and common variants
    "DE": [
        "West Germany",
        "FRG",
        "Federal Republic of Germany",
        "西德",
        "联邦德国",
        "德意志联邦共和国",
    ],
    "RU": ["Russian Federation", "俄罗斯联邦"],
    "GB": [
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "英格兰",
        "苏格兰",
        "威尔士",
        "北爱尔兰",
        "大不列颠及北爱尔兰联合王国",
    ],
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America", "美利坚合众国"],
    "KR": [
        "Korea",
        "Republic of Korea",
        "ROK",
        "South Korea",
        "南韩",
        "大韩民国",
        "南朝鲜",
    ],  # 南朝鲜: the mainland's usage before 1992
    "KP": ["DPRK", "D.P.R.K.", "北朝鲜", "北韩"],
    "TR": ["Turkey", "Turkiye", "土耳其"],
    "CZ": ["Czech Republic", "捷克共和国"],
    "NL": ["Holland", "The Netherlands", "荷兰"],
    "CI": ["Ivory Coast", "象牙海岸"],
    "SZ": ["Swaziland", "埃斯瓦蒂尼"],
    "MK": [
        "Macedonia",
        "Republic of Macedonia",
        "Former Yugoslav Republic of Macedonia",
        "FYROM",
        "马其顿",
    ],
    "CV": ["Cape Verde"],
    "TL": ["East Timor"],
    "KH": ["Kampuchea", "Democratic Kampuchea", "Cambodia", "柬埔寨"],
    "LK": ["Ceylon", "锡兰"],
    "IR": ["Persia", "波斯"],
    "TH": ["Siam", "暹罗"],
    "MM": ["Burma", "Union of Burma"],
    "GE": ["Georgia (country)"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "刚果金"],
    "CG": ["Congo-Brazzaville", "Republic of Congo", "刚果布", "刚果共和国"],
    "LA": ["Lao PDR"],
    "AE": ["UAE", "阿拉伯联合酋长国"],
    "VA": ["Holy See", "Vatican", "罗马教廷"],
    # Spelling variants: "Surinam" is a genuine older English spelling and "Madagaskar"
    # the German/Polish/Russian one. Plain misspellings ("Grece", "Kazakhstah") are NOT
    # aliases: an import says they are not countries rather than guess (countries.py
    # also ignores them in registers that were loaded with them).
    "MG": ["Madagaskar"],
    "SR": ["Surinam"],
    # Forms found in the English Wikipedia lists of twin towns (the world list).
    "IE": ["Republic of Ireland", "Eire", "Éire", "爱尔兰共和国"],
    "BA": ["Bosnia and Hercegovina", "Bosnia-Herzegovina", "波黑"],
    "AX": ["Åland", "Aland Islands", "奥兰"],
    "RE": ["Reunion", "La Réunion"],
    "FK": ["Falkland Islands", "Malvinas", "Islas Malvinas", "福克兰群岛", "马尔维纳斯群岛"],
    "PS": ["West Bank", "Gaza Strip", "约旦河西岸", "加沙地带"],
    "MD": ["Moldavia", "摩尔达维亚"],  # the Moldavian SSR's English name: an old name
    "XK": ["Republic of Kosovo", "Kosova"],
}

# --------------------------------------------------------------------------- beyond ISO
# Current countries ISO 3166-1 does not list: code -> (alpha3, name_en, name_zh, continent).
# XK/XKX are the user-assigned codes the EU, the IMF and most software use for Kosovo;
# records of twin towns name it (the world list has 75), and without a code such a record
# could only be refused or filed under a country it does not name.
EXTRA_COUNTRIES: dict[str, tuple[str, str, str, str]] = {
    "XK": ("XKX", "Kosovo", "科索沃", "EU"),
}


# --------------------------------------------------------------------------- building
def norm(text: str) -> str:
    """The key aliases must be unique on: NFKC, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def build() -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    zh1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    zh3 = gettext.translation("iso3166-3", pycountry.LOCALES_DIR, languages=["zh_CN"])

    current = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    historic = sorted(pycountry.historic_countries, key=lambda c: c.alpha_4)
    current_codes = {c.alpha_2 for c in current}
    assert len(current) == 249, f"expected 249 ISO 3166-1 countries, got {len(current)}"
    assert set(CONTINENT) == current_codes, (
        "continent table out of step with pycountry:"
        f" missing {sorted(current_codes - set(CONTINENT))},"
        f" unknown {sorted(set(CONTINENT) - current_codes)}"
    )
    for table in (NAME_EN, NAME_ZH):
        assert set(table) <= current_codes, sorted(set(table) - current_codes)
    assert {c.alpha_4 for c in historic} == set(HISTORIC), "historic table out of step"

    rows: list[dict[str, str]] = []
    # (code, alias, tier): tier 0 curated, 1 derived for a current country, 2 for a
    # historic one. On a clash the lower tier wins; a clash within one tier is an error.
    candidates: list[tuple[str, str, int]] = []

    for c in current:
        code = c.alpha_2
        name_en = NAME_EN.get(code) or getattr(c, "common_name", None) or c.name
        translation = zh1.gettext(c.name)
        if translation == c.name and code not in NAME_ZH:
            raise SystemExit(f"{code}: no zh_CN translation and no curated Chinese name")
        name_zh = NAME_ZH.get(code, translation)
        rows.append(
            dict(
                code=code,
                alpha3=c.alpha_3,
                name_en=name_en,
                name_zh=name_zh,
                continent=CONTINENT[code],
                historic="0",
                successor="",
            )
        )
        derived = [
            c.name,
            getattr(c, "common_name", ""),
            getattr(c, "official_name", ""),
            c.alpha_3,
        ]
        if translation != c.name and code not in ZH_TRANSLATION_NOT_AN_ALIAS:
            derived.append(translation)
        candidates += [(code, a, 1) for a in derived if a and a not in (name_en, name_zh)]
    for code, (alpha3, name_en, name_zh, continent) in EXTRA_COUNTRIES.items():
        assert code not in current_codes, (
            f"{code} is now in ISO 3166-1: drop it from EXTRA_COUNTRIES"
        )
        assert continent in CONTINENTS, code
        rows.append(
            dict(
                code=code,
                alpha3=alpha3,
                name_en=name_en,
                name_zh=name_zh,
                continent=continent,
                historic="0",
                successor="",
            )
        )
        candidates.append((code, alpha3, 1))

    for c in historic:
        code = c.alpha_4
        name_en, name_zh, continent, successor = HISTORIC[code]
        assert continent in CONTINENTS, code
        assert successor == "" or successor in current_codes, (code, successor)
        rows.append(
            dict(
                code=code,
                alpha3=c.alpha_3,
                name_en=name_en,
                name_zh=name_zh,
                continent=continent,
                historic="1",
                successor=successor,
            )
        )
        translation = zh3.gettext(c.name)
        # A historic alpha-3 may have been reused by a current country (FQHH's ATF is
        # now TF's); the tiers below give it to the current one.
        derived = [c.name, c.alpha_3, translation if translation != c.name else ""]
        candidates += [(code, a, 2) for a in derived if a and a not in (name_en, name_zh)]

    codes = {r["code"] for r in rows}
    assert len(codes) == len(rows), "duplicate country code"
    for code, aliases in ALIASES.items():
        assert code in codes, f"curated alias for unknown code {code}"
        candidates += [(code, a, 0) for a in aliases]

    # Names of every country, so that no alias can name a different one.
    name_owner: dict[str, str] = {}
    for r in rows:
        for name in (r["name_en"], r["name_zh"]):
            other = name_owner.setdefault(norm(name), r["code"])
            assert other == r["code"], f"{name!r} is the name of both {other} and {r['code']}"

    chosen: dict[str, tuple[str, str, int]] = {}  # norm(alias) -> (code, alias, tier)
    for code, alias, tier in sorted(candidates, key=lambda t: t[2]):
        alias = alias.strip()
        key = norm(alias)
        owner = name_owner.get(key, code)
        if owner != code:
            if tier == 0:
                raise SystemExit(f"curated alias {alias!r} of {code} is the name of {owner}")
            print(f"skipped {code} alias {alias!r}: the name of {owner}", file=sys.stderr)
            continue
        if key in chosen:
            held_by, _, held_tier = chosen[key]
            if held_by == code:
                continue  # the same alias again (perhaps in other letter case)
            if held_tier == tier:
                raise SystemExit(f"alias {alias!r} claimed by both {held_by} and {code}")
            print(f"skipped {code} alias {alias!r}: an alias of {held_by}", file=sys.stderr)
            continue
        chosen[key] = (code, alias, tier)

    aliases = sorted((code, alias) for code, alias, _ in chosen.values())
    # The invariants the register relies on, checked on the final list.
    seen: dict[str, str] = {}
    for code, alias in aliases:
        assert code in codes
        assert seen.setdefault(norm(alias), code) == code, f"alias {alias!r} not unique"
    for r in rows:
        assert r["name_zh"].strip() and r["name_en"].strip(), r
        assert r["continent"] in CONTINENTS, r
    by_country: dict[str, list[str]] = {}
    for code, alias in aliases:
        by_country.setdefault(code, []).append(alias)
    for r in rows:
        r["search_text"] = country_search_text(r, by_country.get(r["code"], []))
    return rows, aliases


def country_search_text(row: dict[str, str], aliases: list[str]) -> str:
    """The country's quick-search key: its names, codes and aliases."""
    return search_key([row["name_en"], row["name_zh"], row["code"], row["alpha3"], *aliases])


def render(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only report whether the CSVs are up to date"
    )
    args = parser.parse_args(argv)

    rows, aliases = build()
    outputs = {
        COUNTRIES_CSV: render(COUNTRY_COLUMNS, [[r[c] for c in COUNTRY_COLUMNS] for r in rows]),
        ALIASES_CSV: render(ALIAS_COLUMNS, [list(a) for a in aliases]),
    }
    if args.check:
        stale = [
            p.name
            for p, text in outputs.items()
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8", newline="")
    historic = sum(r["historic"] == "1" for r in rows)
    print(
        f"{len(rows)} countries ({len(rows) - historic} current, {historic} historic),"
        f" {len(aliases)} aliases"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
