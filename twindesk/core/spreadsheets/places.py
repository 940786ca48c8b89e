"""Matching place names in a file against the register's places, and naming new ones.

A name matches a place when it equals, after folding case, width and spacing
(``search.normalize_name``), the place's English, Chinese or native name or one of its
aliases. When a country is known, only places in that country (or in a historic state
it succeeded, or its successor) count. One candidate is a match; several are a
question for the clerk, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection

from twindesk.core import gazetteer  # its data file is opened on first use only
from twindesk.core.models import Place, PlaceAlias
from twindesk.core.places import place_type_of
from twindesk.core.search import normalize_name as _normalize_name

_KEYS: dict[str, str] = {}


def normalize_name(text: str) -> str:
    """search.normalize_name, remembered: an import meets the same names again and again."""
    key = _KEYS.get(text)
    if key is None:
        if len(_KEYS) > 500_000:
            _KEYS.clear()
        key = _KEYS[text] = _normalize_name(text)
    return key


_ONLY_HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")

# Official spellings that pinyin rules do not give (minority languages, old postal names).
ROMANISED_EXCEPTIONS = {
    "哈尔滨": "Harbin",
    "呼和浩特": "Hohhot",
    "乌鲁木齐": "Urumqi",
    "拉萨": "Lhasa",
    "喀什": "Kashgar",
    "西藏": "Tibet",
    "内蒙古": "Inner Mongolia",
    "陕西": "Shaanxi",
    "香港": "Hong Kong",
    "澳门": "Macao",
    "日喀则": "Xigaze",
    "石河子": "Shihezi",
}
_SUFFIXES = (
    ("自治区", " Autonomous Region"),
    ("省", " Province"),
    ("市", ""),
    ("区", " District"),
    ("县", " County"),
)


def romanise_chinese_place(name: str) -> str:
    """'天津' -> 'Tianjin', '西安市' -> "Xi'an": only when the reading is certain, else ''.

    Certain means: Chinese characters only, each with one reading (no heteronym such
    as 重 or 长), or a name in the exception list. Foreign places written in Chinese
    (神户 = Kobe) are never romanised this way; the caller only asks for places in China.
    """
    name = (name or "").strip()
    if name in ROMANISED_EXCEPTIONS:
        return ROMANISED_EXCEPTIONS[name]
    if not _ONLY_HAN.match(name):
        return ""
    base, suffix = name, ""
    for zh, en in _SUFFIXES:
        if name.endswith(zh) and len(name) > len(zh) + 1:
            base, suffix = name[: -len(zh)], en
            break
    if base in ROMANISED_EXCEPTIONS:
        return ROMANISED_EXCEPTIONS[base] + suffix
    from pypinyin import Style, pinyin  # its phrase dictionary loads in 0.3 s: only when asked

    readings = pinyin(base, style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(readings) != len(base) or any(len(set(r)) != 1 for r in readings):
        return ""
    syllables = [r[0] for r in readings]
    out = syllables[0]
    for s in syllables[1:]:
        out += ("'" if s[0] in "aoe" else "") + s
    return out.capitalize() + suffix


@dataclass
class NewPlace:
    """A place the import will create (shared by every row that names it)."""

    key: int  # negative, so it cannot be confused with a register id
    name_en: str
    name_zh: str
    name_native: str
    country_code: str
    place_type: str
    rows: list[int] = field(default_factory=list)
    latitude: float | None = None  # from the file's coordinate columns, the first row that has them
    longitude: float | None = None
    aliases: list[str] = field(default_factory=list)  # the file's old spelling (Peking, Kiev)
    # Whether the place is known to be real and new: the gazetteer names it exactly once
    # (or the clerk said "create it"). One that is not is asked about, never just made.
    confirmed: bool = False
    question: str = ""  # the key the clerk's answer about it is given under
    similar: list[int] = field(default_factory=list)  # register places it may be
    gazetteer_id: str = ""  # the gazetteer place the clerk picked for it
    options: list = field(default_factory=list)  # gazetteer places of its name, to pick from
    region: str = ""  # the file's state or province of it (宾夕法尼亚州): which of a name's places

    def label(self) -> tuple[str, str]:
        return (
            self.name_en or self.name_zh or self.name_native,
            self.name_zh or self.name_en or self.name_native,
        )


_GAZETTEER_KINDS: dict[str, set[str]] = {
    "city": {"city", "prefecture"},
    "prefecture_city": {"city", "prefecture"},
    "province": {"region"},
    "autonomous_region": {"region"},
    "municipality": {"city", "region"},
}


def gazetteer_kinds(place_type: str) -> set[str]:
    """The gazetteer's kinds a new place of this type may be (a province is a region)."""
    return _GAZETTEER_KINDS.get(place_type, {"city", "region", "prefecture"})


def complete_from_gazetteer(new: list[NewPlace], index: PlaceIndex) -> None:
    """Give the places an import creates what the gazetteer knows of them: the missing
    English or Chinese name and the coordinates (哈巴罗夫斯克 gets "Khabarovsk", Kobe gets
    神户). Only a place the gazetteer names exactly by one of its own names (an alias
    such as "Pekin" gives nothing), once, in the same country and of the same kind; and
    never a name another place of the register already has. The file's own names and
    coordinates are never replaced."""
    picked = [p for p in new if p.gazetteer_id]
    new = [p for p in new if not p.gazetteer_id]
    for place in picked:  # the clerk chose the gazetteer's place: it gives what it has
        hit = gazetteer.by_id(place.gazetteer_id)
        if hit is not None:
            fill_from_gazetteer(place, hit)
    wanted = [(p.name_zh or p.name_en, p.country_code) for p in new]
    if not wanted:
        return
    known = gazetteer.exact_many(wanted, aliases=False)
    for place in new:
        kinds = gazetteer_kinds(place.place_type)
        hits = [
            h
            for h in known.get((place.name_zh or place.name_en, place.country_code), [])
            if h.kind in kinds
        ]
        if len(hits) > 1 and place.region:  # 匹兹堡 in 宾夕法尼亚州: Pittsburgh, not Pittsburg
            hits = in_region(hits, place.region, place.country_code) or hits
        if len(hits) > 1 and place.name_en and place.name_zh:
            # Two places of one name (汉堡: Hamburg, and Harburg by a wrong translation):
            # the one the other name names too, if only one does.
            others = gazetteer.exact_many([(place.name_en, place.country_code)], aliases=False)
            ids = {h.id for h in others.get((place.name_en, place.country_code), [])}
            hits = [h for h in hits if h.id in ids] or hits
        if len(hits) != 1:
            place.options = hits[:8]
            continue  # unknown, or several places of that name: nothing is filled in
        hit = hits[0]
        taken = index.candidates([n for n in (hit.name_en, hit.name_zh) if n], {place.country_code})
        if taken:
            # The register has a place of that name: one identity, not two. Not filled
            # in, and not confirmed: the clerk is asked whether it is that place.
            place.similar = sorted(taken)
            continue
        fill_from_gazetteer(place, hit)


def type_named(name_zh: str, name_en: str) -> str:
    """The place type a name states: 陕西省 / "Shaanxi Province" a province, 广西壮族自治区
    an autonomous region; "" when it states none (州 and 县 do not: 杭州, 县 a county)."""
    zh, en = (name_zh or "").strip(), (name_en or "").strip().lower()
    if zh.endswith("自治区"):
        return "autonomous_region"
    if zh.endswith("省") or en.endswith(" province"):
        return "province"
    return ""


def qualified_match(name: str, country: str | None) -> list[gazetteer.GazetteerPlace]:
    """The gazetteer's places ``name`` may mean; a name with its first-level region after
    a comma ("Kansas City, Missouri", "Pikeville, KY", "London, Ontario"), as lists of
    American and Canadian partners write them, means the place of that region alone."""
    found = gazetteer.match(name, country)
    base, comma, region = name.replace("，", ",").rpartition(",")
    if found or not comma or not base.strip() or not region.strip():
        return found
    return in_region(gazetteer.match(base.strip(), country), region.strip(), country)


def in_region(
    hits: list[gazetteer.GazetteerPlace], region: str, country: str | None
) -> list[gazetteer.GazetteerPlace]:
    """The places of ``hits`` in the first-level region a list names ("Missouri", "KY",
    宾夕法尼亚州)."""
    wanted = {gazetteer.key(region)}
    wanted.update(
        gazetteer.key(r.name_en) for r in gazetteer.match(region, country) if r.kind == "region"
    )
    if country and region.isascii() and region.isalnum() and len(region) <= 3:
        coded = gazetteer.by_id(f"{country}-{region.upper()}")  # "KY": ISO 3166-2 US-KY
        if coded is not None:
            wanted.add(gazetteer.key(coded.name_en))
    return [
        h for h in hits if h.kind != "region" and h.parent and gazetteer.key(h.parent) in wanted
    ]


def fill_from_gazetteer(place: NewPlace, hit: gazetteer.GazetteerPlace) -> None:
    if hit.kind not in gazetteer_kinds(place.place_type):  # the clerk picked Utah, a state
        place.place_type = place_type_of(hit)
    place.confirmed = True
    place.gazetteer_id = hit.id
    place.name_en = place.name_en or hit.name_en
    place.name_zh = place.name_zh or (hit.name_zh or "")
    if place.latitude is None and hit.latitude is not None:
        place.latitude, place.longitude = hit.latitude, hit.longitude


@dataclass
class PlaceInfo:
    id: int
    name_en: str
    name_zh: str
    country_code: str
    place_type: str


class PlaceIndex:
    """The register's places by folded name, plus the places this import will create."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = {}
        self.places: dict[int, PlaceInfo] = {}
        self.new_by_key: dict[tuple[str, str], NewPlace] = {}
        self.new: list[NewPlace] = []
        self.new_by_ref: dict[int, NewPlace] = {}
        self._bare: dict[str, set[int]] | None = None  # see same_but_suffix

    @classmethod
    def load(cls, conn: Connection) -> PlaceIndex:
        index = cls()
        t = Place.__table__
        for row in conn.execute(
            select(
                t.c.id, t.c.name_en, t.c.name_zh, t.c.name_native, t.c.country_code, t.c.place_type
            )
        ):
            index.places[row.id] = PlaceInfo(
                row.id, row.name_en, row.name_zh, row.country_code, row.place_type
            )
            for name in (row.name_en, row.name_zh, row.name_native):
                index._add(name, row.id)
        a = PlaceAlias.__table__
        for alias in conn.execute(select(a.c.place_id, a.c.alias)):
            index._add(alias.alias, alias.place_id)
        return index

    def _add(self, name: str | None, place_id: int) -> None:
        key = normalize_name(name or "")
        if key:
            self.by_key.setdefault(key, set()).add(place_id)

    def candidates(self, names: list[str], countries: set[str] | None) -> set[int]:
        """Register places any of ``names`` names (all of them, when they disagree)."""
        found: list[set[int]] = []
        for name in names:
            ids = self.by_key.get(normalize_name(name), set())
            if countries:
                ids = {i for i in ids if self.places[i].country_code in countries}
            if ids:
                found.append(ids)
        if not found:
            return set()
        common = set.intersection(*found)
        return common if common else set.union(*found)

    def same_but_suffix(self, names: list[str], countries: set[str] | None) -> set[int]:
        """Register places whose name differs from one of ``names`` only by an
        administrative suffix: "Hubei Province" and "湖北省" are the register's Hubei 湖北."""
        if not self.by_key:
            return set()  # a new register: nothing to match
        if self._bare is None:  # the register's names without their suffixes, made once
            self._bare = {}
            for k, ids in self.by_key.items():
                self._bare.setdefault(gazetteer.strip_suffix(k), set()).update(ids)
        found: set[int] = set()
        for name in names:
            k = normalize_name(name)
            bare = gazetteer.strip_suffix(k)
            found.update(self._bare.get(k, ()))
            if bare != k:
                found.update(self._bare.get(bare, ()))
        if countries:
            found = {i for i in found if self.places[i].country_code in countries}
        return found

    def find_new(self, names: list[str], country: str | None) -> NewPlace | None:
        for name in names:
            key = normalize_name(name)
            if country is None:
                hits = [p for (c, k), p in self.new_by_key.items() if k == key]
                if len(hits) == 1:
                    return hits[0]
            elif (country, key) in self.new_by_key:
                return self.new_by_key[(country, key)]
        return None

    def add_new(self, place: NewPlace) -> NewPlace:
        self.new.append(place)
        self.new_by_ref[place.key] = place
        for name in (place.name_en, place.name_zh, place.name_native):
            key = normalize_name(name)
            if key:
                self.new_by_key.setdefault((place.country_code, key), place)
        return place

    def place_type(self, ref: int) -> str:
        """The place type of a register place (id) or of one this import creates (ref < 0)."""
        if ref < 0:
            return self.new_by_ref[ref].place_type
        info = self.places.get(ref)
        return info.place_type if info is not None else ""

    def label(self, ref: int) -> tuple[str, str]:
        if ref < 0:
            return self.new_by_ref[ref].label()
        info = self.places.get(ref)
        if info is None:
            return ("?", "?")
        return (info.name_en or info.name_zh, info.name_zh or info.name_en)
