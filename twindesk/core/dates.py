"""Partial dates: "1995", "1979-03", "1979-03-14".

Records say "March 1979" or just "1995"; inventing a day would be a lie that later
shows up in reports. A partial date is kept as ISO text of 4, 7 or 10 characters,
which sorts correctly as text and needs no separate precision column.

``parse_partial`` reads the forms clerks write ("1979年3月14日", "1979.3", "March 1979",
"14/09/2000", Excel serial numbers). Whether 03/04/2000 is day-first or month-first is
not decided here row by row: the caller passes ``dayfirst`` decided for a whole column
(see ``guess_dayfirst``), and an ambiguous value without it is an error.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta

ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTHS["sept"] = 9

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug


class DateParseError(ValueError):
    """The text is not a date in any form we read. ``ambiguous`` when only the order is unclear."""

    def __init__(self, text: str, ambiguous: bool = False) -> None:
        super().__init__(text)
        self.text = text
        self.ambiguous = ambiguous


def make_partial(year: int, month: int | None = None, day: int | None = None) -> str:
    """ISO partial date text, checking the parts form a real date."""
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} out of range")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    if day is None:
        return f"{year:04d}-{month:02d}"
    date(year, month, day)  # raises ValueError for 31 February
    return f"{year:04d}-{month:02d}-{day:02d}"


def _partial_of_groups(m: re.Match[str]) -> str:
    """make_partial on a match of (year)(month)?(day)?: the year group always matches."""
    year, month, day = m.groups()
    return make_partial(int(year), int(month) if month else None, int(day) if day else None)


def is_partial(text: str) -> bool:
    """True when ``text`` is a valid ISO partial date (empty is not)."""
    m = ISO_PARTIAL.match(text or "")
    if not m:
        return False
    try:
        _partial_of_groups(m)
    except ValueError:
        return False
    return True


def precision(text: str) -> str:
    """'year', 'month' or 'day' for a partial date; '' for an empty one."""
    return {4: "year", 7: "month", 10: "day"}.get(len(text or ""), "")


def first_day(text: str) -> date:
    y, m, d = (int(p) for p in (text.split("-") + ["1", "1"])[:3])
    return date(y, m, d)


def last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def year_of(text: str) -> int | None:
    return int(text[:4]) if text and text[:4].isdigit() else None


def from_excel_serial(serial: float) -> str:
    """Excel/LibreOffice day numbers (1900 system) to an ISO date."""
    if not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
        raise DateParseError(str(serial))
    return (EXCEL_EPOCH + timedelta(days=int(serial))).isoformat()


def _clean(text: str) -> str:
    # NFKC folds full-width digits and punctuation ("１９７９年") to ASCII.
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip("。.，, ")


def parse_partial(value: object, *, dayfirst: bool | None = None) -> str:
    """Read a date as clerks write it; return ISO partial text, '' for an empty value.

    Raises :class:`DateParseError` when the value is not a date, or when it is a
    numeric day/month date whose order is ambiguous and ``dayfirst`` is None.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        raise DateParseError(str(value))
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1000 <= value <= 2999:
            return make_partial(int(value))  # a year typed as a number
        return from_excel_serial(float(value))
    text = _clean(str(value))
    if not text:
        return ""
    try:
        return _parse_text(text, dayfirst)
    except ValueError as exc:  # make_partial's range checks
        if isinstance(exc, DateParseError):
            raise
        raise DateParseError(str(value)) from None


def _parse_text(text: str, dayfirst: bool | None) -> str:
    # 1979年3月14日, 1979年3月, 1979年
    m = re.fullmatch(r"(\d{4}) ?年(?: ?(\d{1,2}) ?月(?: ?(\d{1,2}) ?[日号])?)?", text)
    if m:
        return _partial_of_groups(m)
    # 1979, 1979-03, 1979-3-14, 1979.3, 1979/03/14, 1979.03.14
    m = re.fullmatch(r"(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?", text)
    if m:
        return _partial_of_groups(m)
    # 14/09/2000, 09/14/2000, 14.09.2000, 3/2000
    m = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", text)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        if a > 12 and b <= 12:
            return make_partial(year, b, a)
        if b > 12 and a <= 12:
            return make_partial(year, a, b)
        if a == b:
            return make_partial(year, a, b)
        if dayfirst is None:
            raise DateParseError(text, ambiguous=True)
        return make_partial(year, b, a) if dayfirst else make_partial(year, a, b)
    m = re.fullmatch(r"(\d{1,2})[-./](\d{4})", text)
    if m:
        return make_partial(int(m[2]), int(m[1]))
    # March 1979, Mar. 1979, 14 March 1979, March 14, 1979, 1979 March
    words = re.findall(r"[a-z]+|\d+", text)
    months = [MONTHS[w] for w in words if w in MONTHS]
    numbers = [int(w) for w in words if w.isdigit()]
    others = [w for w in words if not w.isdigit() and w not in MONTHS and w not in ("of", "the")]
    if len(months) == 1 and not others:
        years = [n for n in numbers if n >= 1000]
        days = [n for n in numbers if n < 1000]
        if len(years) == 1 and len(days) <= 1:
            return make_partial(years[0], months[0], days[0] if days else None)
    raise DateParseError(text)


def guess_dayfirst(values: Sequence[object]) -> bool | None:
    """Decide day/month order for a whole column of dates.

    A value like 14/09/2000 settles it (day first); 09/14/2000 settles it the other
    way. Returns None when no value settles it or when values disagree: then the
    caller must ask, never guess.
    """
    votes = set()
    for value in values:
        if not isinstance(value, str):
            continue
        m = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", _clean(value))
        if not m:
            continue
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b:
            votes.add(True)
        elif b > 12 >= a:
            votes.add(False)
    return votes.pop() if len(votes) == 1 else None


def format_partial(text: str, lang: str = "en") -> str:
    """A partial date for people: "March 1979" / "1979年3月"."""
    if not text:
        return ""
    parts = [int(p) for p in text.split("-")]
    if lang == "zh":
        return "".join(
            f"{v}{u}" for v, u in zip(parts, ("年", "月", "日"), strict=False)
        )  # 1 to 3 parts
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return f"{parts[2]} {calendar.month_name[parts[1]]} {parts[0]}"
