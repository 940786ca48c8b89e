"""Which column holds what, read from the cells as well as from the header words.

Header synonyms alone fail on lists made elsewhere: everyday words no list foresaw
("Twinned with"), generic words ("城市" over 中文 / 英文), numbered headers ("city1",
"city2"), dates split over 年 / 月 / 日 columns. So every column is profiled (the share
of its values that are known countries, dates, years, months, days, "A—B" pair cells,
coordinates, numbers or free text; one value repeated on every row), and that evidence
is combined with the header words and with the rest of the sheet (two place columns:
the one with fewer distinct values, or the one beside the home country, is the local
side).

Every choice carries its reason and a confidence. Below ``SURE`` the guess is shown and
not applied: the command line stops with the options that fix it, the wizard opens on
its columns page with the doubtful columns marked. The result is a plain
:class:`~twindesk.core.spreadsheets.mapping.Mapping` plus, for split dates, a derived
column that joins year, month and day into one partial date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from twindesk.core import dates
from twindesk.core.spreadsheets import mapping as mapping_mod
from twindesk.core.spreadsheets.layout import Derived, Layout, column_letter
from twindesk.core.spreadsheets.mapping import IGNORE, Mapping
from twindesk.core.spreadsheets.values import clean_text, split_place_pair

# A column's guess: (column, field or None, reason, share of cells, confidence).
Choose = Callable[[int, str | None, str, float, float], None]

SURE = 0.6  # below this a column's guess is shown and asked, never applied silently
SAMPLE = 400  # values profiled per column: enough for shares, cheap on 100,000 rows

# Header words that name a place without saying which side (the local side is then
# read from the rest of the sheet), and words for the parts of a split date.
_PLACE_WORDS = {
    "城市",
    "城市名称",
    "城市名",
    "地区",
    "地方",
    "地名",
    "名称",
    "city",
    "town",
    "place",
    "municipality",
    "name",
    "cities",
    "towns",
    "市",
    "省市",
    "省州",
    "省州城市",
}
_PLACE_KEYS = {mapping_mod.header_key(w) for w in _PLACE_WORDS}
_PART_WORDS = {
    "year": {"年", "年份", "year", "yr", "yyyy"},
    "month": {"月", "月份", "month", "mon", "mm"},
    "day": {"日", "日期日", "day", "dd"},
}
_LAT_WORDS = {"lat", "latitude", "纬度"}
_LNG_WORDS = {"lng", "lon", "long", "longitude", "经度"}
_COORD_SIDE = {
    "local": ("local_latitude", "local_longitude"),
    "partner": ("partner_latitude", "partner_longitude"),
}
_HAN = re.compile(r"[\u3400-\u9fff]")
_PLACE_TOKEN = re.compile(
    r"city|town|place|municipal|region|province|state|prefecture|城|市|地区|省|州|县"
)
_KEEP_WHEN_DOUBTFUL = {"country", "local_country", "partner", "local", "places"}
_SIDE_NAMES = {
    "partner",
    "partner_en",
    "partner_zh",
    "partner_native",
    "local",
    "local_en",
    "local_zh",
}
_NUMBERED = re.compile(r"^(?P<word>.*?)[\s_\-]*(?P<n>[12AaBb])$")  # city1, country_2, lat1


@dataclass
class Profile:
    """What a column's values look like (shares of the non-empty values)."""

    filled: int = 0
    distinct: int = 0
    country: float = 0.0
    home_country: float = 0.0  # share naming the office's own country (China)
    date: float = 0.0  # full or partial dates that are not bare numbers
    year: float = 0.0
    month: float = 0.0
    day: float = 0.0
    pair: float = 0.0
    latitude: float = 0.0
    longitude: float = 0.0
    number: float = 0.0
    text: float = 0.0  # words: a name or a note
    han: float = 0.0  # written in Chinese characters
    serial: bool = False  # 1, 2, 3... : a row number
    constant: bool = False  # the same value on every row (a local side, often)


@dataclass
class ColumnGuess:
    column: int
    header: str
    field: str | None  # None: unmapped (kept in the notes or ignored)
    reason: str  # code in i18n: import.reason.*
    share: float  # the content share behind the reason (0 when the header alone decided)
    confidence: float

    @property
    def doubtful(self) -> bool:
        return self.field is not None and self.confidence < SURE


@dataclass
class Recognition:
    mapping: Mapping
    columns: list[ColumnGuess]
    derived: list[Derived] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required field groups not found

    @property
    def sure(self) -> bool:
        return not self.missing and not any(c.doubtful for c in self.columns)

    def doubtful_columns(self) -> list[int]:
        return [c.column for c in self.columns if c.doubtful]


# --------------------------------------------------------------------------- profiling
def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = clean_text(value)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    return None


def profile(
    values: list[Any], is_country: Callable[[str], str | None], home: str = "CN"
) -> Profile:
    cells = [v for v in values if v is not None and clean_text(v) != ""][:SAMPLE]
    p = Profile(filled=len(cells))
    if not cells:
        return p
    texts = [clean_text(v) for v in cells]
    p.distinct = len(set(texts))
    p.constant = p.distinct == 1 and len(cells) >= 3
    n = len(cells)
    counts = dict.fromkeys(
        ("country", "home", "date", "year", "month", "day", "pair", "lat", "lng", "number", "text"),
        0,
    )
    numbers = []
    for value, text in zip(cells, texts, strict=True):
        num = _number(value)
        if isinstance(value, (date, datetime)):
            counts["date"] += 1
            continue
        if num is not None:
            counts["number"] += 1
            numbers.append(num)
            if num.is_integer():
                counts["year"] += 1800 <= num <= 2100
                counts["month"] += 1 <= num <= 12
                counts["day"] += 1 <= num <= 31
            counts["lat"] += -90 <= num <= 90 and not num.is_integer()
            counts["lng"] += -180 <= num <= 180 and not num.is_integer()
            continue
        code = is_country(text)
        if code:
            counts["country"] += 1
            counts["home"] += code == home
            continue
        if re.fullmatch(r"\d{1,2}\s*月", text):
            counts["month"] += 1
            continue
        if re.fullmatch(r"\d{4}\s*年?", text):
            counts["year"] += 1
            continue
        if re.search(r"\d", text) and _is_date_text(text):
            counts["date"] += 1
            continue
        if split_place_pair(text) is not None:
            counts["pair"] += 1
        if re.search(r"[^\W\d_]", text):
            counts["text"] += 1
    p.country, p.home_country = counts["country"] / n, counts["home"] / n
    p.date, p.year, p.month, p.day = (counts[k] / n for k in ("date", "year", "month", "day"))
    p.pair, p.latitude, p.longitude = counts["pair"] / n, counts["lat"] / n, counts["lng"] / n
    p.number, p.text = counts["number"] / n, counts["text"] / n
    p.han = sum(1 for t in texts if _HAN.search(t)) / n
    if len(numbers) == n and n >= 3 and all(x.is_integer() for x in numbers):
        p.serial = [int(x) for x in numbers] == list(range(int(numbers[0]), int(numbers[0]) + n))
    return p


def _is_date_text(text: str) -> bool:
    try:
        return bool(dates.parse_partial(text, dayfirst=True))
    except dates.DateParseError as e:
        return e.ambiguous  # 03/04/2000: a date, whichever way it reads


# --------------------------------------------------------------------------- headers
def _key(text: str) -> str:
    return mapping_mod.header_key(text)


def _part_word(text: str) -> str | None:
    """'year', 'month' or 'day' for a header naming a part of a split date (年, Month)."""
    return mapping_mod.word_class(text, _PART_WORDS)


def _numbered(text: str) -> tuple[str, int] | None:
    """('city', 1) for 'city1' / 'City 2' / 'country_b'."""
    m = _NUMBERED.match((text or "").strip())
    if not m or not m["word"].strip():
        return None
    return m["word"].strip(), 1 if m["n"] in "1Aa" else 2


# --------------------------------------------------------------------------- recognising
def recognise(
    layout: Layout,
    rows: list[list[Any]],
    target: str | None = None,
    *,
    is_country: Callable[[str], str | None],
    local_given: bool = False,
    home: str = "CN",
) -> Recognition:
    """Read which column holds which field, from headers and content together.

    ``rows`` are the data rows' cells; ``is_country(text)`` gives the ISO code a text
    names (or None); ``local_given``: the clerk named the local side for the whole file
    (``--local``), so a lone place column is the partner.
    """
    width = layout.width - len(layout.derived)  # the sheet's own columns
    headers = list(layout.headers)
    parents = list(layout.parents) if layout.parents else [""] * width
    children = [h.split(" / ")[-1] if " / " in h else h for h in headers]
    columns = [[r[c] if c < len(r) else None for r in rows[: SAMPLE * 3]] for c in range(width)]
    profiles = [profile(col, is_country, home) for col in columns]
    guess_headers = [p or "" for p in parents] + children
    target = target or _guess_target(guess_headers, profiles)
    fields = set(mapping_mod.TARGET_FIELDS[target])
    guesses: dict[int, ColumnGuess] = {}
    contradicted: dict[int, str] = {}  # column -> the field its header names, against its cells

    def choose(col: int, name: str | None, reason: str, share: float, confidence: float) -> None:
        guesses[col] = ColumnGuess(
            col, headers[col], name, reason, round(share, 2), round(confidence, 2)
        )

    # 1. What the header words say, checked against the content.
    for col in range(width):
        if col in layout.hidden_columns or not (headers[col] or profiles[col].filled):
            continue
        name = _header_field(parents[col], children[col], target, fields)
        if name is None:
            continue
        if name in _SIDE_NAMES and profiles[col].pair >= 0.6 and "places" in fields:
            # "友好城市" over cells like 天津—神户: both sides in one cell, not one place.
            choose(col, "places", "content.pair", profiles[col].pair, 0.5 + profiles[col].pair / 2)
            continue
        agreement = _agreement(name, profiles[col])
        if agreement < SURE:
            contradicted[col] = name  # the cells say otherwise: step 3 reads them
            continue
        choose(col, name, "header", 0.0, agreement)

    # 2. Split dates: year / month / day columns become one partial date.
    derived = _split_dates(layout, width, parents, children, profiles, guesses, target, choose)

    # 3. Content alone, for the columns the headers did not settle.
    place_cols: list[int] = []
    for col in range(width):
        p = profiles[col]
        if col in guesses or col in layout.hidden_columns or not p.filled:
            continue
        word = _key(children[col] or parents[col])
        numbered = _numbered(children[col])
        base = _key(numbered[0]) if numbered else word
        # "城市" over 中文 / 英文: the parent says the column holds a place's name.
        parent_place = bool(parents[col]) and _key(parents[col]) in _PLACE_KEYS
        if p.serial and p.filled >= 3:
            choose(col, IGNORE, "content.serial", 1.0, 0.9)
        elif base in _LAT_WORDS or base in _LNG_WORDS:
            guesses[col] = ColumnGuess(col, headers[col], None, "coordinate", 1.0, 0.9)
        elif p.country >= 0.7:
            choose(col, "country", "content.country", p.country, 0.5 + p.country / 2)
        elif p.pair >= 0.6 and "places" in fields:
            choose(col, "places", "content.pair", p.pair, 0.5 + p.pair / 2)
        elif (
            (p.date + p.year) >= 0.8
            and not p.serial
            and "established" in fields
            and "established" not in {g.field for g in guesses.values()}
        ):
            choose(col, "established", "content.date", p.date + p.year, 0.75)
        elif p.text >= 0.7 and (base in _PLACE_KEYS or not word or parent_place):
            place_cols.append(col)
        elif (
            p.text >= 0.8
            and p.pair < 0.3
            and col not in contradicted
            and _PLACE_TOKEN.search(word)
            and _short_names(columns[col])
        ):
            place_cols.append(col)  # "Home town", "所在城市": names of a place
    for col, name in contradicted.items():
        g = guesses.get(col)
        if g is not None and g.field not in (None, IGNORE):
            # Read from its cells, but the header said otherwise: shown as unsure.
            choose(col, g.field, g.reason, g.share, min(g.confidence, SURE - 0.05))
        elif g is None and col not in place_cols and name in _KEEP_WHEN_DOUBTFUL:
            # Left out, its rows would take a default (the office's country): asked instead.
            choose(col, name, "header", 0.0, _agreement(name, profiles[col]))
        elif g is None and col not in place_cols:
            # Neither the header's field nor any other fits: kept in the notes, never lost.
            choose(col, None, "header_contradicted", 0.0, _agreement(name, profiles[col]))
    _assign_sides(
        place_cols, headers, parents, children, profiles, guesses, fields, local_given, choose
    )
    _one_column_per_field(guesses, profiles, fields, choose)
    _assign_countries(guesses, profiles, choose)
    _assign_coordinates(guesses, headers, children, profiles, choose)
    mapping = Mapping(
        target=target, columns={c: g.field for c, g in guesses.items() if g.field is not None}
    )
    for d in derived:
        mapping.columns[d.column] = d.field
    missing = [" / ".join(group) for group in mapping_mod.missing_groups(mapping)]
    ordered = [guesses[c] for c in sorted(guesses)]
    return Recognition(mapping=mapping, columns=ordered, derived=derived, missing=missing)


def _guess_target(headers: list[str], profiles: list[Profile]) -> str:
    by_header = mapping_mod.guess_target(headers)
    if by_header == "pairing":
        return by_header
    named = {mapping_mod.match_header(h, by_header) for h in headers if h}
    if named & mapping_mod.TARGET_SPECIFIC[by_header]:
        return by_header  # "参加人数", "Phone": the headers say what the rows are
    # Content: places and countries with no exchange-like words make a pairing list.
    return "pairing" if any(p.country >= 0.7 or p.pair >= 0.6 for p in profiles) else by_header


def _header_field(parent: str, child: str, target: str, fields: set[str]) -> str | None:
    if parent and child and parent != child:
        p = mapping_mod.match_header(parent, target)
        q = mapping_mod.qualifier(child)
        if p and q and f"{p}_{q}" in fields:
            return f"{p}_{q}"
        if _part_word(child):
            return None  # a part of a split date: step 2
        if q and not p and _key(parent) in _PLACE_KEYS:
            return None  # "城市" over 中文 / 英文: a place whose side comes from the sheet
        return mapping_mod.match_header(child, target) or p
    text = child or parent
    if (
        _part_word(text)
        or (numbered := _numbered(text))
        and _key(numbered[0])
        in {_key(w) for w in _PLACE_WORDS | _LAT_WORDS | _LNG_WORDS | {"country", "国家"}}
    ):
        return None
    if _key(text) in _PLACE_KEYS:
        return None
    return mapping_mod.match_header(text, target)


def _agreement(name: str, p: Profile) -> float:
    """How well a column's content fits the field its header names."""
    if not p.filled:
        return 0.7
    if name in ("country", "local_country"):
        if p.country >= 0.5 or p.filled < 5:  # a few odd values are the rows' errors to show
            return 0.95 if p.country >= 0.5 else 0.7
        return 0.4 if p.text >= 0.5 else 0.55
    if name in ("established", "ended", "source_checked", "dates", "start", "end"):
        fits = p.date + p.year
        return 0.95 if fits >= 0.5 else (0.35 if p.country >= 0.5 or p.pair >= 0.5 else 0.6)
    if name in ("kind", "status", "level", "exchange_type"):
        # A list's words: few, repeated. "State" over Ohio, Missouri, California... is not
        # the pairing's status.
        return 0.4 if p.filled >= 6 and p.distinct > 10 and p.distinct * 2 > p.filled else 0.9
    if name in (
        "partner",
        "partner_en",
        "partner_zh",
        "local",
        "local_en",
        "local_zh",
        "places",
        "partner_native",
    ):
        if p.country >= 0.7 or p.date + p.year >= 0.7:
            return 0.35
        return 0.9
    return 0.9


def _short_names(values: list[Any]) -> bool:
    texts = [clean_text(v) for v in values if v is not None and clean_text(v)][:SAMPLE]
    return (
        bool(texts)
        and sum(len(t) <= 40 and not re.search(r"\d", t) for t in texts) / len(texts) >= 0.9
    )


def _split_dates(
    layout: Layout,
    width: int,
    parents: list[str],
    children: list[str],
    profiles: list[Profile],
    guesses: dict[int, ColumnGuess],
    target: str,
    choose: Choose,
) -> list[Derived]:
    """Year (+ month (+ day)) columns side by side become one derived date column."""
    if "established" in {g.field for g in guesses.values()}:
        return []
    parts: dict[str, int] = {}
    for col in range(width):  # the sheet's own columns, not the ones derived before
        part = _part_word(children[col]) or (
            _part_word(parents[col]) if not children[col] else None
        )
        if part and part not in parts:
            parts[part] = col
    if "year" not in parts:
        return []
    year = parts["year"]
    month = parts.get("month") if parts.get("month") == year + 1 else None
    day = parts.get("day") if month is not None and parts.get("day") == month + 1 else None
    field_name = "established" if target == "pairing" else "dates"
    parent = parents[year] or ""
    derived_field = mapping_mod.match_header(parent, target) if parent else None
    if derived_field in ("established", "ended", "dates", "start", "end"):
        field_name = derived_field
    if month is None:  # a year alone is the date, as it is
        choose(year, field_name, "header", 0.0, _agreement(field_name, profiles[year]))
        return []
    sources = [c for c in (year, month, day) if c is not None]
    for c in sources:
        choose(
            c, IGNORE, "split_date_part", profiles[c].year if c == year else profiles[c].month, 0.9
        )
    known = next((d for d in layout.derived if d.sources == sources), None)
    if known is not None:  # recognised before (the wizard asks again after a change)
        return [known]
    label = (
        (parent or layout.headers[year])
        + " ("
        + " + ".join(column_letter(c) for c in sources)
        + ")"
    )
    return [layout.add_derived(sources, label, field_name)]


def _assign_sides(
    place_cols: list[int],
    headers: list[str],
    parents: list[str],
    children: list[str],
    profiles: list[Profile],
    guesses: dict[int, ColumnGuess],
    fields: set[str],
    local_given: bool,
    choose: Choose,
) -> None:
    """Place columns without a side: group them (a parent header with 中文 / 英文 under
    it is one side), then decide which side is local."""
    taken = {g.field for g in guesses.values()}
    has_local = any(f and f.startswith("local") and f != "local_country" for f in taken)
    has_partner = any(f and (f.startswith("partner") or f == "places") for f in taken)
    groups: list[list[int]] = []
    for col in place_cols:
        last = groups[-1][-1] if groups else None
        same_parent = last is not None and parents[col] and parents[col] == parents[last]
        # Without a parent header, 中文 | 英文 side by side are still one place's two names.
        languages = last is not None and {
            mapping_mod.qualifier(children[last]),
            mapping_mod.qualifier(children[col]),
        } == {"zh", "en"}
        if last is not None and col == last + 1 and (same_parent or languages):
            groups[-1].append(col)
        else:
            groups.append([col])
    if not groups:
        return
    if has_local and has_partner:
        return  # the headers said it all; the rest stays in the notes
    sides: list[tuple[str, list[int], str, float]] = []
    if has_local or (local_given and len(groups) == 1):
        sides = [("partner", groups[0], "side.only_place" if local_given else "side.other", 0.8)]
    elif has_partner:
        sides = [("local", groups[0], "side.other", 0.7)]
    elif len(groups) == 1:
        # One place column and no local side named: it is the partner; the local side
        # must come from --local (the check says so).
        sides = [("partner", groups[0], "side.partner_only", 0.65)]
    else:
        a, b = groups[0], groups[1]
        da, db = profiles[a[0]].distinct, profiles[b[0]].distinct
        home_a = _home_beside(a, profiles)
        home_b = _home_beside(b, profiles)
        if max(home_a, home_b) >= 0.5 and home_a != home_b:
            local, partner, reason, conf = (
                (a, b, "side.home_country", 0.85)
                if home_a > home_b
                else (b, a, "side.home_country", 0.85)
            )
        elif da != db and (
            min(da, db) * 2 <= max(da, db) or profiles[(a if da < db else b)[0]].constant
        ):
            local, partner, reason, conf = (
                (a, b, "side.fewer_distinct", 0.8)
                if da < db
                else (b, a, "side.fewer_distinct", 0.8)
            )
        else:
            local, partner, reason, conf = a, b, "side.first_of_two", 0.7
        sides = [("local", local, reason, conf), ("partner", partner, "side.the_other", conf)]
    for side, cols, reason, conf in sides:
        if len(cols) == 1:
            choose(cols[0], side if side in fields else None, reason, profiles[cols[0]].text, conf)
            continue
        for col in cols:
            q = mapping_mod.qualifier(children[col])
            name = f"{side}_{q}" if q and f"{side}_{q}" in fields else side
            choose(col, name if name in fields else None, reason, profiles[col].text, conf)


def _one_column_per_field(
    guesses: dict[int, ColumnGuess], profiles: list[Profile], fields: set[str], choose: Choose
) -> None:
    """Two columns read as the same field: a place named in Chinese and in English
    ("友城（中文）" and "Sister city") are its two names; otherwise the first column keeps
    the field and the others go to the notes, never silently hidden behind it."""
    by_field: dict[str, list[int]] = {}
    for col in sorted(guesses):
        name = guesses[col].field
        if name not in (None, IGNORE, "country", "local_country"):
            by_field.setdefault(name, []).append(col)
    for name, cols in list(by_field.items()):
        if len(cols) < 2:
            continue
        if name in ("partner", "local"):
            for col in cols:
                lang = "zh" if profiles[col].han >= 0.5 else "en"
                if f"{name}_{lang}" in fields and f"{name}_{lang}" not in by_field:
                    g = guesses[col]
                    choose(col, f"{name}_{lang}", g.reason, g.share, g.confidence)
                    by_field[f"{name}_{lang}"] = [col]
            continue
        for col in cols[1:]:
            g = guesses[col]
            choose(col, None, g.reason, g.share, g.confidence)


def _home_beside(cols: list[int], profiles: list[Profile]) -> float:
    """Share of the home country in the country column right after a place group."""
    nxt = cols[-1] + 1
    if nxt < len(profiles) and profiles[nxt].country >= 0.7:
        return profiles[nxt].home_country
    return 0.0


def _assign_countries(
    guesses: dict[int, ColumnGuess], profiles: list[Profile], choose: Choose
) -> None:
    """With both sides named, a country column belongs to the side on its left."""
    sides = {
        c: g.field
        for c, g in guesses.items()
        if g.field and g.field.split("_")[0] in ("local", "partner") and g.field != "local_country"
    }
    countries = sorted(c for c, g in guesses.items() if g.field == "country")
    if len(countries) < 2 or not sides:
        return
    for col in countries:
        left = [c for c in sides if c < col]
        if left and sides[max(left)].startswith("local"):
            g = guesses[col]
            choose(col, "local_country", "side.country_of_local", g.share, g.confidence)


def _assign_coordinates(
    guesses: dict[int, ColumnGuess],
    headers: list[str],
    children: list[str],
    profiles: list[Profile],
    choose: Choose,
) -> None:
    """lat / lng columns go to the places of the side on their left."""
    sides = {
        c: g.field.split("_")[0]
        for c, g in guesses.items()
        if g.field and g.field.split("_")[0] in ("local", "partner") and g.field != "local_country"
    }
    for col, g in list(guesses.items()):
        if g.reason != "coordinate":
            continue
        word = _numbered(children[col])
        base = _key(word[0]) if word else _key(children[col])
        left = [c for c in sides if c < col]
        side = sides[max(left)] if left else "partner"
        pair = _COORD_SIDE[side]
        name = pair[0] if base in _LAT_WORDS else pair[1]
        ok = profiles[col].latitude if base in _LAT_WORDS else profiles[col].longitude
        choose(
            col,
            name,
            "header.coordinate",
            ok,
            0.9 if ok >= 0.8 or profiles[col].number >= 0.8 else 0.5,
        )
