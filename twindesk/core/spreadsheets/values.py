"""Cells to typed values: text, whole numbers, partial dates, date ranges, place pairs.

Each function takes a cell as the reader gave it (str, int, float, date, datetime or
None) and returns the value, or raises :class:`ValueProblemError` naming what is wrong.
Partial results that need the clerk's attention (a date known only to the month, a
placeholder such as "n/a") are returned with a note rather than refused.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from twindesk.core import dates
from twindesk.core.search import has_han


class ValueProblemError(ValueError):
    """A cell's value does not fit; ``code`` names an ``import.value.*`` message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# Placeholders that mean "not known": treated as empty, with a warning.
UNKNOWN = {
    "n/a",
    "na",
    "n.a.",
    "none",
    "unknown",
    "?",
    "??",
    "-",
    "--",
    "—",
    "——",
    "/",
    "不详",
    "未知",
    "无",
    "待定",
    "暂无",
    "待查",
    "tbd",
    "tba",
    "nil",
    "null",
    "x",
}

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


_FULL_WIDTH_ALNUM = {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF5B) if chr(c).isalnum()}
# Control characters (NUL, BEL... pasted from old systems) are dropped: invisible in a
# form, they would make "Li\x01lle" a different place from "Lille".
_FULL_WIDTH_ALNUM.update({c: None for c in (*range(0x20), 0x7F) if not chr(c).isspace()})
_CLEAN_CACHE: dict[str, str] = {}
_FOLDED_OR_SPACED = re.compile("[\uff10-\uff5a]|  ")


def clean_text(value: Any) -> str:
    """A cell as text: width folded for ASCII forms, spaces trimmed and collapsed.

    Chinese text keeps its own punctuation; only full-width letters and digits
    and stray spaces (incl. the ideographic space U+3000) are folded.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        cached = _CLEAN_CACHE.get(value)
        if cached is not None:
            return cached
        if value.isprintable() and _FOLDED_OR_SPACED.search(value) is None:
            # Printable text has no control character and no space but " "; with no
            # full-width letter or digit and no run of spaces, only the ends change.
            text = value.strip()
        else:
            text = _SPACES.sub(" ", value.translate(_FULL_WIDTH_ALNUM)).strip()
        if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]  # the guard a CSV export puts before "+86 …" so Excel keeps it text
        if len(_CLEAN_CACHE) > 200_000:
            _CLEAN_CACHE.clear()
        _CLEAN_CACHE[value] = text
        return text
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return (
            value.isoformat(sep=" ", timespec="minutes")
            if value.time() != time()
            else value.date().isoformat()
        )
    return _SPACES.sub(" ", str(value)).strip()


def is_unknown(text: str) -> bool:
    return text.strip().lower() in UNKNOWN


def to_int(value: Any) -> int | None:
    """A whole number from 12, 12.0, "12", "１２", "约40人"; None for empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueProblemError("import.value.not_number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueProblemError("import.value.not_whole")
    text = clean_text(value)
    if not text or is_unknown(text):
        return None
    plain = text.replace(",", "")
    if re.fullmatch(r"\d+", plain):
        return int(plain)
    if re.fullmatch(r"\d+\.0+", plain):
        return int(float(plain))
    m = re.fullmatch(
        r"(?:约|大约|about|approx\.?|c\.|ca\.)?\s*(\d+)\s*(?:人|名|位|余人|多人|people|persons|pax)?\+?",
        plain,
        re.I,
    )
    if m:
        raise ValueProblemError("import.value.number_in_text", number=int(m.group(1)))
    raise ValueProblemError("import.value.not_number")


# --------------------------------------------------------------------------- dates
def date_candidate(value: Any) -> Any:
    """What to feed ``dates.guess_dayfirst`` for this cell."""
    return value if isinstance(value, str) else None


def year_dot_one(value: Any) -> bool:
    """A year.1 typed into a number cell (1993.1): January, or a 1993.10 whose 0 the number
    dropped; only the clerk can say which."""
    return value.__class__ is float and 1000 <= value < 3000 and str(value).endswith(".1")


def to_date(value: Any, *, dayfirst: bool | None) -> tuple[str, list[str]]:
    """A partial ISO date and notes ('partial', 'number_year_month', 'unknown').

    Raises ValueProblemError('import.value.not_date' / 'import.value.date_ambiguous').
    """
    notes: list[str] = []
    if value is None:
        return "", notes
    if isinstance(value, time) or isinstance(value, timedelta):
        raise ValueProblemError("import.value.not_date")
    if isinstance(value, float) and not value.is_integer() and 1000 <= value < 3000:
        # 1979.3 typed into a number cell: year.month; but not a year.1 (never a guess).
        year, frac = str(value).split(".")
        if year_dot_one(value):
            raise ValueProblemError("import.value.number_month_ask", year=year)
        if len(frac) <= 2 and 1 <= int(frac) <= 12:
            notes.append("number_year_month")
            value = f"{year}.{frac}"
    if isinstance(value, str):
        text = clean_text(value)
        if not text:
            return "", notes
        if is_unknown(text):
            return "", ["unknown"]
        value = text
    try:
        result = dates.parse_partial(value, dayfirst=dayfirst)
    except dates.DateParseError as e:
        if e.ambiguous:
            raise ValueProblemError("import.value.date_ambiguous") from None
        raise ValueProblemError("import.value.not_date") from None
    if result and len(result) < 10:
        notes.append("partial")
    return result, notes


_RANGE_SEP = re.compile(r"\s*(?:至|到|～|~|–|—|－|\s-\s|\bto\b|\buntil\b)\s*", re.I)
_FULL_DAY = r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*[日号]?"


def split_range(text: str) -> tuple[str, str] | None:
    """'2023-05-10至05-14' -> ('2023-05-10', '05-14'); None when not a range."""
    parts = _RANGE_SEP.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0], parts[1]
    m = re.fullmatch(rf"({_FULL_DAY})\s*-\s*(\d.*)", text)
    if m:
        return m.group(1), m.group(2)
    return None


def to_date_range(value: Any, *, dayfirst: bool | None) -> tuple[str, str, list[str]]:
    """A start and end from one cell: '2023.9.18-9.22', '2023-05-10至05-14', or one date."""
    if not isinstance(value, str):
        start, notes = to_date(value, dayfirst=dayfirst)
        return start, "", notes
    text = clean_text(value)
    pair = split_range(text)
    if pair is None:
        start, notes = to_date(text, dayfirst=dayfirst)
        return start, "", notes
    start, notes = to_date(pair[0], dayfirst=dayfirst)
    end_text = pair[1].strip()
    try:
        end, more = to_date(end_text, dayfirst=dayfirst)
        if len(end) >= 4 and int(end[:4]) < 1000:
            raise ValueProblemError("import.value.not_date")
    except ValueProblemError:
        end, more = _relative_end(start, end_text), []
    for n in more:
        if n not in notes:
            notes.append(n)
    if start and end and dates.last_day(end) < dates.first_day(start):
        raise ValueProblemError("import.value.range_backwards", start=start, end=end)
    return start, end, notes


def _relative_end(start: str, text: str) -> str:
    """The end of a range written without its year (or month): '05-14', '9.22', '14日'."""
    if not start:
        raise ValueProblemError("import.value.not_date")
    year = int(start[:4])
    m = re.fullmatch(r"(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?", text)
    try:
        if m:
            return dates.make_partial(year, int(m.group(1)), int(m.group(2)))
        m = re.fullmatch(r"(\d{1,2})\s*[日号]?", text)
        if m and len(start) == 10:
            return dates.make_partial(year, int(start[5:7]), int(m.group(1)))
    except ValueError:
        pass
    raise ValueProblemError("import.value.not_date")


# --------------------------------------------------------------------------- names
# What separates two names in one cell ("天津—神户", "北京－莫斯科", "Wuhan / Bordeaux"):
# - a long dash (en, em, figure dash, horizontal bar, full-width hyphen, small em dash),
#   a tilde, an arrow or a full-width slash, spaced or not;
# - a hyphen or a slash with spaces on both sides ("Wuhan - Bordeaux");
# - a hyphen or a slash without spaces only between two Chinese names ("上海-大阪"), so
#   "Stratford-upon-Avon", "Saint-Étienne", "Baden-Baden" and "Jeju-si" stay one name.
_STRONG_SEPS = re.compile(r"\s*(?:[–—―‒－⸺⸻﹘]+|～|~|↔|⇄|<->|<=>|／)\s*")
_SPACED_SEPS = re.compile(r"\s+[-‐‑﹣/]\s+")
_HAN_SEPS = re.compile(r"(?<=[\u3400-\u9fff])\s*[-‐‑﹣/]\s*(?=[\u3400-\u9fff])")
# 、 lists names ("东京、大阪"); " & " and 与 may occur inside names (与那国), so they
# separate only when they occur once with a name on each side.
# 和 is not one: too many names hold it (和歌山, 大和郡山).
_LIST_SEP = "、"
_WEAK_SEPS = (" & ", "与")
MANY_PLACES = {
    "多城市",
    "多个城市",
    "多地",
    "多个友城",
    "多个",
    "各友城",
    "various",
    "several",
    "multiple",
    "several cities",
    "multiple cities",
    "all",
}


# A place's former name in brackets after its name: 圣彼得堡（原列宁格勒）, "St. Petersburg
# (formerly Leningrad)". Only these words: other brackets are part of names (Frankfurt
# (Oder)) or tell places apart (Springfield (Illinois)).
_FORMER_NAME = re.compile(
    r"(?P<name>.+?)\s*[(（]\s*"
    r"(?:原名|原称|旧称|旧名|曾用名|曾称|前称|原|formerly\b(?:\s+(?:known\s+as|called)\b)?"
    r"|former\b(?:\s+name\b)?|previously\b|ex-)"
    # ...and not what it was (原为县级市, "formerly part of Hubei"): only a name is one.
    r"\s*[:：]?\s*(?!\s*(?:为|是|属|隶属|part\s|in\s|within\s|an?\s))"
    r"(?P<former>[^()（）\s][^()（）]*?)\s*[)）]",
    re.I,
)


def former_name(text: str) -> tuple[str, str]:
    """(name, former name) of a name cell that gives its former name in brackets; else
    (text, "")."""
    if "(" not in text and "（" not in text:  # nearly every name: no bracket at all
        return text, ""
    m = _FORMER_NAME.fullmatch(text)
    return (m["name"], m["former"]) if m else (text, "")


# A place's name in Latin letters: "Zaporozhye", "Foz do Iguaçu", "Saint-Étienne".
_LATIN_NAME = re.compile(r"[A-Za-z\u00c0-\u024f0-9 .'’()\-]+")


def latin_and_native(value: Any) -> tuple[str, str]:
    """A foreign-name cell of two lines, one in Latin letters and one in the place's own
    script ("Zaporozhye\nЗапоріжжя"): (Latin, native). Any other cell: (its text, "")."""
    if not isinstance(value, str) or "\n" not in value:
        return clean_text(value), ""
    lines = [line for line in map(clean_text, value.splitlines()) if line]
    latin = [line for line in lines if _LATIN_NAME.fullmatch(line)]
    other = [line for line in lines if line not in latin and not has_han(line)]
    if len(lines) == 2 and len(latin) == 1 and len(other) == 1:
        return latin[0], other[0]
    return clean_text(value), ""


def place_parts(value: Any) -> list[str]:
    """The place names one cell holds: ['天津', '神户'] for '天津—神户', ['Baden-Baden'] for one.

    More than two parts ("北京—东京—大阪", "东京、大阪、神户") is a cell naming several
    places; the caller decides what that means. An empty cell gives [].
    """
    text = clean_text(value)
    if not text:
        return []
    cached = _PARTS_CACHE.get(text)
    if cached is not None:
        return list(cached)
    if _ANY_SEP.search(text) is None:
        return [text]  # one name: nothing to remember
    parts = _place_parts(text)
    if len(_PARTS_CACHE) > 200_000:
        _PARTS_CACHE.clear()
    _PARTS_CACHE[text] = tuple(parts)
    return parts


_PARTS_CACHE: dict[str, tuple[str, ...]] = {}


# Every character any separator above starts with or holds: a name with none of them
# (nearly every cell) is one name, found without the splitting below.
_ANY_SEP = re.compile(r"[–—―‒－⸺⸻﹘～~↔⇄<／\-‐‑﹣/、&与]")


def _place_parts(text: str) -> list[str]:
    if _ANY_SEP.search(text) is None:
        return [text]
    parts = [text]
    for pattern in (_STRONG_SEPS, _SPACED_SEPS, _HAN_SEPS):
        parts = [q.strip() for p in parts for q in pattern.split(p)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        return parts
    listed = [p.strip() for p in text.split(_LIST_SEP)]
    if len(listed) > 1 and all(listed):
        return listed
    for sep in _WEAK_SEPS:
        halves = [p.strip() for p in text.split(sep)]
        if len(halves) == 2 and all(halves):
            return halves
    return [text]


def split_place_pair(value: Any) -> tuple[str, str] | None:
    """'北京—东京' -> ('北京', '东京'); 'Wuhan / Bordeaux' too; None when not exactly two names.

    A hyphen or slash without spaces splits only between Chinese names ('武汉-大分'), so
    'Stratford-upon-Avon' stays one name.
    """
    parts = place_parts(value)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def is_many_places(text: str) -> bool:
    return clean_text(text).lower() in MANY_PLACES


def split_list(value: Any) -> list[str]:
    """'经贸;文化' / 'trade, culture' / '教育、文化' -> items."""
    text = clean_text(value)
    if not text:
        return []
    return [p.strip() for p in re.split(r"[;；,，、/|\n]+", text) if p.strip()]
