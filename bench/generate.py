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
history for every pairing, and the search keys and link rows written by the core's
``BulkWriter`` from the entities' declarations, exactly as the register operations
make them.

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
import json
import multiprocessing
import os
import random
import sys
import time
import traceback
import unicodedata
import zlib
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from twindesk.core import reference
from twindesk.core.models import (
    Contact,
    ContactPairing,
    Exchange,
    ExchangeField,
    ExchangePairing,
    ExchangePlace,
    Pairing,
    PairingStatusChange,
    Place,
    PlaceAlias,
    Programme,
    ProgrammeField,
    ProgrammeItem,
    RegisterInfo,
)
from twindesk.core.operations.bulk_write import BulkWriter, insert_rows
from twindesk.core.operations.entities import (
    CONTACT,
    DIRECTION_OF_TYPE,
    EXCHANGE,
    PAIRING,
    PLACE,
    PROGRAMME,
)
from twindesk.core.search import SEPARATOR, normalize_name, search_key
from twindesk.core.storage import open_register

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
CHUNK = 10_000
FIRST_YEAR, LAST_YEAR = 1973, 2026
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)  # created_at of the first record

# --------------------------------------------------------------------------- data
# The names, places and texts records are made of live beside this file in bench/data/
# (their formats in its README), as the reference data live in db/reference.
DATA = Path(__file__).resolve().parent / "data"


def _data(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# Real Chinese places, one a line, two spaces of indentation per level.
CN_PLACES = (DATA / "cn_places.txt").read_text(encoding="utf-8")

_names = _data("foreign_names.json")
FAMILIES: dict[str, dict] = _names["families"]  # syllables of invented foreign names
LEVEL_FORMATS = _names["level_formats"]  # region / district / township: (en, zh, native)
COUNTRY_PROVINCE = _names["country_province"]
COUNTRY_FAMILY = {
    code: family for family, codes in _names["country_families"].items() for code in codes.split()
}
MIXED_FAMILY = _names["mixed_family"]  # bilingual countries: (other family, its share)
CONTINENT_FAMILY = _names["continent_family"]
COUNTRY_WEIGHTS = _names["country_weights"]  # share of partners; everyone else gets 0.15
NOT_PARTNERS = set(_names["not_partners"].split())
TINY = set(_names["tiny"].split())

_people = _data("people.json")
CN_ALIASES = _people["cn_aliases"]  # old romanisations a clerk may still type
PEOPLE = _people["people"]  # (given names, family names) by language
FAMILY_FIRST = _people["family_first"]  # English order for East Asia
CN_SURNAMES = _people["cn_surnames"]
CN_GIVEN = _people["cn_given"]
OPERATORS = _people["operators"]

_texts = _data("record_texts.json")
KINDS = _texts["kinds"]  # (code, weight)
EXCHANGE_TYPES = _texts["exchange_types"]  # (code, weight)
MULTI_TYPES = _texts["multi_types"]
TITLES: dict[str, list] = _texts["titles"]  # type -> (share hosted locally, {side: (en, zh)})
MULTI_TITLES = _texts["multi_titles"]
LOCAL_VENUES = _texts["local_venues"]
FOREIGN_VENUES = _texts["foreign_venues"]
REGION_VENUES = _texts["region_venues"]
TYPE_FIELDS = _texts["type_fields"]
OUTCOMES = _texts["outcomes"]
ITEMS = _texts["items"]
END_REASONS = _texts["end_reasons"]
SOURCES = _texts["sources"]
CN_TITLES = _texts["cn_titles"]
CN_FRIENDSHIP_TITLES = _texts["cn_friendship_titles"]
CITY_ORGS = _texts["city_orgs"]
REGION_ORGS = _texts["region_orgs"]
FOREIGN_TITLES = _texts["foreign_titles"]
DIAL = _texts["dial"]
ASCII_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "ß": "ss",
        "_": " ",
    }
)


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
        self.memo.update(zip(todo, _pool_parts(todo), strict=True))

    def __call__(self, names: Iterable[str | None]) -> str:
        """What ``search_key(names)`` gives (the ``keys`` of the core's BulkWriter)."""
        seen: dict[str, None] = {}
        for name in names:
            if name:
                for part in self.parts(name):
                    seen[part] = None
        return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR if seen else ""


def _stable_jitter(name: str, spread: float) -> tuple[float, float]:
    h = zlib.crc32(name.encode())
    return ((h & 0xFFFF) / 0xFFFF - 0.5) * 2 * spread, (
        ((h >> 16) & 0xFFFF) / 0xFFFF - 0.5
    ) * 2 * spread


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
                ptype, name_zh, alias_zh = (
                    "autonomous_region",
                    zh,
                    zh[:2] if zh != "内蒙古自治区" else "内蒙古",
                )
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
        out.append(
            {
                "index": len(out),
                "parent": parent,
                "depth": depth,
                "name_zh": name_zh,
                "full_zh": zh,
                "name_en": en,
                "place_type": ptype,
                "latitude": lat,
                "longitude": lon,
                "aliases": aliases,
            }
        )
        stack.append(len(out) - 1)
    return out


# --------------------------------------------------------------------------- the generator
LOCAL_WEIGHT = {
    "province": 3.0,
    "autonomous_region": 2.0,
    "municipality": 8.0,
    "prefecture_city": 1.5,
    "city": 0.8,
    "region": 0.6,
    "district": 0.5,
    "county": 0.4,
    "township": 0.25,
}
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
LOCAL_LEVEL = {
    "province": "province",
    "autonomous_region": "province",
    "prefecture_city": "city",
    "city": "city",
    "region": "city",
    "district": "district",
    "county": "county",
    "township": "township",
}
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
        self.counts: dict[str, int] = {
            t.name: 0
            for t in (
                Place.__table__,
                PlaceAlias.__table__,
                Pairing.__table__,
                PairingStatusChange.__table__,
                Programme.__table__,
                ProgrammeField.__table__,
                ProgrammeItem.__table__,
                Contact.__table__,
                ContactPairing.__table__,
                Exchange.__table__,
                ExchangePairing.__table__,
                ExchangePlace.__table__,
                ExchangeField.__table__,
            )
        }
        # places, by id - 1
        self.places: list[dict] = []
        self.place_names: list[tuple[str, ...]] = []  # what the search key is built from
        self.place_aliases: list[list[str]] = []  # by place id - 1
        self.p_full_zh: list[str] = []  # "哈尔滨市" for titles and organisations
        self.p_cls: list[str] = []  # local: place type; foreign: province/city/district/township
        self.p_family: list[str] = []  # "" for Chinese places
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
            return (
                created,
                created + timedelta(days=self.rng.randint(1, 400)),
                self.rng.randint(2, 4),
            )
        return created, created, 1

    # -- countries --------------------------------------------------------------------
    def _countries(self) -> None:
        rows = [
            c
            for c in reference.countries()
            if not c["historic"] and c["code"] not in NOT_PARTNERS and c["continent"] != "AN"
        ]
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
            return {
                "CA": "english",
                "CH": "french",
                "BE": "french",
                "LU": "germanic",
                "ZA": "african",
            }[country]
        fam = COUNTRY_FAMILY.get(country)
        if fam:
            return fam
        return CONTINENT_FAMILY.get(self.countries[country]["continent"], "english")

    # -- places -----------------------------------------------------------------------
    def _add_place(
        self,
        *,
        name_en: str,
        name_zh: str,
        name_native: str,
        place_type: str,
        country: str,
        parent: int | None,
        lat: float | None,
        lon: float | None,
        cls: str,
        family: str,
        aliases: list[str],
        full_zh: str = "",
        notes: str = "",
    ) -> int:
        pid = len(self.places) + 1
        created, updated, version = self.stamps()
        self.places.append(
            {
                "id": pid,
                "version": version,
                "created_at": created,
                "updated_at": updated,
                "name_en": name_en,
                "name_zh": name_zh,
                "name_native": name_native,
                "place_type": place_type,
                "country_code": country,
                "parent_id": parent,
                "latitude": lat,
                "longitude": lon,
                "notes": notes,
            }
        )
        self.place_names.append((name_en, name_zh, name_native, *aliases))
        self.place_aliases.append(aliases)
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
                name_en=p["name_en"],
                name_zh=p["name_zh"],
                name_native="",
                place_type=p["place_type"],
                country="CN",
                parent=id_of.get(p["parent"]) if p["parent"] is not None else None,
                lat=p["latitude"],
                lon=p["longitude"],
                cls=p["place_type"],
                family="",
                aliases=p["aliases"],
                full_zh=p["full_zh"],
            )
            id_of[index] = pid
            self.locals.append(pid)
        activity = [
            LOCAL_WEIGHT[self.p_cls[pid - 1]] * self.rng.lognormvariate(0, 0.6)
            for pid in self.locals
        ]
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
            parent = (
                rng.choice(cities)
                if cities and rng.random() < 0.6
                else self.new_foreign_place("city", country)
            )
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
                roman, zh = (
                    f"{roman} {('Nova', 'Alta', 'Baixa', 'Upper', 'Lower')[attempt % 5]}",
                    zh + ("新", "上", "下", "东", "西")[attempt % 5],
                )
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
        place_type = {
            "province": "province",
            "city": "city",
            "district": "district",
            "township": "township",
        }[cls]
        pid = self._add_place(
            name_en=name_en,
            name_zh=name_zh,
            name_native=name_native,
            place_type=place_type,
            country=country,
            parent=parent,
            lat=None,
            lon=None,
            cls=cls,
            family=family,
            aliases=aliases,
        )
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
        return (
            f"{year:04d}-{month:02d}-{self.rng.randint(1, calendar.monthrange(year, month)[1]):02d}"
        )

    def _year(self, lo: int = FIRST_YEAR, hi: int = LAST_YEAR) -> int:
        # More pairings from the 1980s on, most in the 2000s and 2010s.
        years = list(range(lo, hi + 1))
        weights = [
            1
            if y < 1980
            else 4
            if y < 1990
            else 6
            if y < 2000
            else 8
            if y < 2010
            else 9
            if y < 2020
            else 4
            for y in years
        ]
        return self.rng.choices(years, weights=weights)[0]

    def _status_plan(self) -> list[str]:
        n = self.n_pairings
        plan = (
            ["dormant"] * max(2, round(n * 0.02))
            + ["ended"] * max(2, round(n * 0.015))
            + ["proposed"] * max(1, round(n * 0.01))
            + ["negotiating"] * round(n * 0.004)
            + ["approved"] * round(n * 0.002)
            + ["suspended"] * round(n * 0.003)
        )
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
            if (
                b is not None
                and status not in ("ended",)
                and (min(a, b), max(a, b), kind) in current
            ):
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
            self.pairing_rows.append(
                self._pairing_row(
                    pid, a, b, kind, level, status, established, ended_on, end_reason, est_year
                )
            )

    def _pairing_row(
        self, pid, a, b, kind, level, status, established, ended_on, end_reason, est_year
    ) -> dict:
        rng = self.rng
        pa, pb = self.places[a - 1], self.places[b - 1]
        created, updated, version = self.stamps()
        has_docs = est_year is not None and rng.random() < 0.7
        return {
            "id": pid,
            "version": version,
            "created_at": created,
            "updated_at": updated,
            "place_a_id": a,
            "place_b_id": b,
            "kind": kind,
            "level": level,
            "status": status,
            "established": established,
            "ended": ended_on,
            "end_reason": end_reason,
            "signed_at_place": (rng.choice([pa["name_zh"], pb["name_en"]]) if has_docs else ""),
            "signed_at_event": ("中国国际友好城市大会" if has_docs and rng.random() < 0.1 else ""),
            "signatories": (
                f"{self._cn_person()[0]}（{self.p_full_zh[a - 1]}）；{self._foreign_person(b)[0]}"
                if has_docs and rng.random() < 0.5
                else ""
            ),
            "agreement_ref": (f"友协〔{est_year}〕{rng.randint(1, 199)}号" if has_docs else ""),
            "source": rng.choice(SOURCES) if rng.random() < 0.6 else "",
            "source_url": (
                f"https://www.cifca.org.cn/Web/YouChengShow.aspx?id={pid}"
                if rng.random() < 0.3
                else ""
            ),
            "source_checked": (
                self._partial(rng.randint(2018, LAST_YEAR), (10, 40, 50))
                if rng.random() < 0.4
                else ""
            ),
            "notes": "",
        }

    def status_history(self) -> list[dict]:
        rows: list[dict] = []
        rng = self.rng
        for (pid, _a, _b, _kind, status, est_year, _end_year), row in zip(
            self.pairings, self.pairing_rows, strict=True
        ):
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
                    steps.append(
                        (status, f"{rng.randint(min(est_year + 1, LAST_YEAR), LAST_YEAR):04d}")
                    )
                elif status == "ended":
                    steps.append(("ended", row["ended"]))
            base = row["created_at"]
            for n, (st, when) in enumerate(steps):
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "pairing_id": pid,
                        "status": st,
                        "date": when,
                        "note": "",
                        "operator": OPERATORS[(pid + n) % len(OPERATORS)],
                        "recorded_at": base + timedelta(minutes=n),
                    }
                )
        return rows

    # -- people -----------------------------------------------------------------------
    def _cn_person(self) -> tuple[str, str]:
        (s_zh, s_en), (g_zh, g_en) = (
            self.rng.choice(CN_SURNAME_LIST),
            self.rng.choice(CN_GIVEN_LIST),
        )
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
        labels = {
            t["code"]: (t["label_en"], t["label_zh"])
            for t in reference.vocabulary_terms()["cooperation_field"]
        }
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
            title_en = (
                f"{pa['name_en']}–{pb['name_en']} {first_en.lower()} cooperation programme "
                f"{start_year}–{finish_year}"
            )
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
            programmes.append(
                {
                    "id": prid,
                    "version": version,
                    "created_at": created,
                    "updated_at": updated,
                    "pairing_id": pid,
                    "title_en": title_en,
                    "title_zh": title_zh,
                    "start": self._partial(start_year, (50, 40, 10)),
                    "end": f"{finish_year:04d}" if rng.random() < 0.7 else f"{finish_year:04d}-12",
                    "status": prog_status,
                    "description": (
                        f"Cooperation in {', '.join(labels[c][0].lower() for c in chosen)}, "
                        f"agreed for {start_year}–{finish_year}."
                    ),
                }
            )
            pfields.append({"fields": chosen})
            candidates = [(code, text) for code in chosen for text in ITEMS[code]]
            rng.shuffle(candidates)
            for position, (code, text) in enumerate(candidates[: rng.randint(0, 5)]):
                items.append(
                    {
                        "id": len(items) + 1,
                        "programme_id": prid,
                        "position": position,
                        "text": text,
                        "field_code": code if rng.random() < 0.8 else None,
                    }
                )
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
                    org, title = (
                        f"{self.p_full_zh[place - 1]}人民政府外事办公室",
                        rng.choice(CN_TITLES),
                    )
                else:
                    org, title = (
                        f"{self.p_full_zh[place - 1]}人民对外友好协会",
                        rng.choice(CN_FRIENDSHIP_TITLES),
                    )
                email = f"{ascii_slug(name_en)}@{ascii_slug(p['name_en'])}.gov.cn"
                phone = f"+86 {rng.randint(10, 999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
                language = rng.choice(
                    [
                        "Chinese",
                        "Chinese, English",
                        "Chinese, Japanese",
                        "Chinese, Russian",
                        "Chinese, Korean",
                    ]
                )
            else:
                name_en, name_zh, _family = self._foreign_person(place)
                title = rng.choice(FOREIGN_TITLES)
                orgs = REGION_ORGS if self.p_cls[place - 1] == "province" else CITY_ORGS
                org = rng.choice(orgs).format(p["name_en"])
                given_family = name_en.split(" ", 1)
                domain = ascii_slug(p["name_en"]) or "city"
                cc = p["country_code"].lower()
                email = (
                    f"{ascii_slug(given_family[0])}.{ascii_slug(given_family[-1])}@{domain}.{cc}"
                )
                dial = DIAL.get(p["country_code"])
                phone = (
                    f"+{dial} {rng.randint(10, 99)} {rng.randint(100000, 9999999)}" if dial else ""
                )
                language = FAMILIES[self.p_family[place - 1]]["lang"]
            created, updated, version = self.stamps()
            contacts.append(
                {
                    "id": cid,
                    "version": version,
                    "created_at": created,
                    "updated_at": updated,
                    "name_en": name_en,
                    "name_zh": name_zh,
                    "title": title,
                    "organisation": org,
                    "place_id": place,
                    "phone": phone,
                    "email": email if rng.random() < 0.85 else "",
                    "language": language,
                    "notes": "",
                }
            )
            linked = [pid]
            if rng.random() < 0.35:
                others = (self.by_local if local_side else self.by_foreign).get(place)
                if others:
                    other = rng.choice(others)
                    if other != pid:
                        linked.append(other)
            links.append({"pairings": linked})
        return contacts, links

    # -- exchanges ----------------------------------------------------------------------
    def exchanges(self) -> Iterator[tuple[list, list]]:
        """Chunks of (exchange rows, their links: pairings, places, fields).

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
        days_in = {
            (y, m): calendar.monthrange(y, m)[1]
            for y in range(FIRST_YEAR, LAST_YEAR + 1)
            for m in range(1, 13)
        }
        local_venues: dict[int, list[str]] = {}
        info = []  # per pairing: what an exchange needs to know about it
        for pid, a, b, _kind, _status, est_year, end_year in self.pairings:
            lo = max(FIRST_YEAR, est_year - 1) if est_year else 2021
            hi = min(end_year, LAST_YEAR) if end_year else LAST_YEAR
            if a not in local_venues:
                local_venues[a] = [v.format(self.p_full_zh[a - 1]) for v in LOCAL_VENUES]
            b_venues = REGION_VENUES if self.p_cls[b - 1] == "province" else FOREIGN_VENUES
            fmt = {
                "a": self.places[a - 1]["name_en"],
                "b": self.places[b - 1]["name_en"],
                "c": self.p_country_en[b - 1],
                "A": self.p_full_zh[a - 1],
                "C": self.p_country_zh[b - 1],
            }
            info.append(
                (
                    pid,
                    a,
                    b,
                    lo,
                    hi,
                    self.by_local[a],
                    fmt,
                    local_venues[a],
                    [v.format(fmt["b"]) for v in b_venues],
                    self.programmes_of.get(pid),
                    self.p_cls[b - 1] == "province",
                )
            )
        active = [info[p[0] - 1] for p in self.pairings if p[4] not in NOT_YET]
        waiting = [info[p[0] - 1] for p in self.pairings if p[4] in NOT_YET]
        n_active, n_waiting = len(active), len(waiting)
        by_id = self.pairings
        clock = self.clock
        rows, links = [], []
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
                end = (
                    (date(year, month, day) + timedelta(days=1 + int(rnd() * 9))).isoformat()
                    if rnd() < 0.6
                    else ""
                )
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
            participants = (
                None if rnd() < 0.3 else (50 + int(rnd() * 351) if multi else 2 + int(rnd() * 59))
            )
            clock += 37
            created = updated = BASE_TIME + timedelta(seconds=clock)
            version = 1
            if rnd() < 0.1:
                updated, version = (
                    created + timedelta(days=1 + int(rnd() * 400)),
                    2 + int(rnd() * 3),
                )
            rows.append(
                {
                    "id": eid,
                    "version": version,
                    "created_at": created,
                    "updated_at": updated,
                    "title_en": title_en,
                    "title_zh": title_zh,
                    "exchange_type": etype,
                    "start": start,
                    "end": end,
                    "venue": venue,
                    "host_place_id": host,
                    "participants": participants,
                    "programme_id": programme,
                    # Which way it went follows from the type and the host (no random draw,
                    # so the rest of the register is what it was before directions).
                    "direction": DIRECTION_OF_TYPE.get(etype)
                    or ("local" if multi else "incoming" if host == a else "outgoing"),
                    "outcome": OUTCOMES[int(rnd() * len(OUTCOMES))] if rnd() < 0.3 else "",
                    "notes": "",
                }
            )
            # Clerks list the places of multi-city exchanges; for the others the pairing
            # says it all, and only some records repeat the places.
            places: dict[int, None] = {}
            if multi or rnd() < 0.3:
                for link in linked:
                    p = by_id[link - 1]
                    places[p[1]] = None
                    places[p[2]] = None
            links.append({"pairings": linked, "places": list(places), "fields": list(codes)})
            if len(rows) >= CHUNK:
                self.clock = clock
                yield rows, links
                rows, links = [], []
        self.clock = clock
        if rows:
            yield rows, links

    # -- building and writing ---------------------------------------------------------------
    def build(self, log=None) -> None:
        """Make every record except the exchanges (those come in chunks, see ``exchanges``)."""
        say = log or (lambda _msg: None)
        t0 = time.perf_counter()
        self.build_local_places()
        self.build_pairings()
        while len(self.places) < self.n_places:  # places nobody is paired with (yet)
            self.new_foreign_place(
                self.rng.choices(["city", "township", "province"], [85, 8, 7])[0]
            )
        self.history = self.status_history()
        self.programme_rows, self.programme_fields, self.programme_items = self.build_programmes()
        self.contact_rows, self.contact_links = self.build_contacts()
        say(f"records built: {time.perf_counter() - t0:.1f}s")
        # The Chinese names' pinyin at once (in a pool when there are many): the keys the
        # writer asks for are then looked up.
        self.keys.prime(
            [n for names in self.place_names for n in names]
            + [row[f] for row in self.programme_rows for f in PROGRAMME.search_fields]
            + [row[f] for row in self.contact_rows for f in CONTACT.search_fields]
        )
        say(f"search keys: {time.perf_counter() - t0:.1f}s")

    def exchange_chunks(self) -> Iterable[tuple[list, list]]:
        """The exchanges in chunks; for large sizes made by a second process meanwhile.

        The child is forked after everything else is built, so it continues the very
        same random sequence ``exchanges()`` would continue here: the content does not
        depend on which process made it.
        """
        if self.n_exchanges < PARALLEL_MIN or not _can_fork():
            return self.exchanges()
        return _FromChild(self.exchanges)

    def write(self, conn, chunks: Iterable[tuple[list, list]], log=None) -> dict[str, int]:
        """Write everything through the core's bulk writer (search keys, link rows) in one
        transaction; the rows with nothing to derive (status history, programme items:
        each with its field) straight in."""
        say = log or (lambda _msg: None)
        t0 = time.perf_counter()
        writer = BulkWriter(conn, keys=self.keys)
        writer.insert(PLACE, self.places, [{"aliases": a} for a in self.place_aliases])
        writer.insert(PAIRING, self.pairing_rows)
        history = PairingStatusChange.__table__
        self.counts[history.name] += insert_rows(conn, history, self.history)
        writer.insert(PROGRAMME, self.programme_rows, self.programme_fields)
        self.counts[ProgrammeItem.__table__.name] += insert_rows(
            conn, ProgrammeItem.__table__, self.programme_items
        )
        writer.insert(CONTACT, self.contact_rows, self.contact_links)
        say(f"written except exchanges: {time.perf_counter() - t0:.1f}s")
        for rows, links in chunks:
            writer.insert(EXCHANGE, rows, links)
        say(f"exchanges written: {time.perf_counter() - t0:.1f}s")
        for table, written in writer.written.items():
            self.counts[table] += written
        conn.execute(
            RegisterInfo.__table__.insert(),
            [
                {
                    "key": "synthetic",
                    "value": f"bench.generate exchanges={self.n_exchanges} seed={self.seed}",
                }
            ],
        )
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
    except BaseException:
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


def generate(
    path: str | Path, exchanges: int, seed: int = 0, *, pairings: int | None = None, log=None
) -> dict[str, int]:
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
    parser.add_argument(
        "--check",
        action="store_true",
        help="run SQLite's integrity and foreign key checks afterwards",
    )
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
        print(
            "check: ok" if not problems else f"check: {len(problems)} problems, e.g. {problems[:3]}"
        )
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
