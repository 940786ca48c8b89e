"""Round anniversaries of pairings (逢五逢十) and an iCalendar (RFC 5545) file of them,
with the programmes' expiry dates, for the office's calendar.

A partial date stays partial: the anniversary of a pairing signed in "1995-05" falls in
May 2025, not on 1 May; in the calendar it is an all-day event over the whole month. A
pairing known only by its year has an anniversary year but no day to put in a calendar:
the report and the dashboard list it, the calendar leaves it out and says how many. A
programme ending "2023" ends, as far as the register knows, on the last day of 2023.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement
from sqlalchemy.engine import Connection
from sqlmodel import col

from twindesk import __version__
from twindesk.core import dates
from twindesk.core.i18n import translate
from twindesk.core.models import Pairing, Programme
from twindesk.core.queries import Filter, in_force, list_query

ROUND = 5  # 逢五逢十: every fifth year


@dataclass(frozen=True)
class Anniversary:
    pairing_id: int
    years: int
    date: str  # the anniversary, as partial as the date of establishment: "2025-05"
    established: str
    a_en: str
    a_zh: str
    b_en: str
    b_zh: str
    country_en: str
    country_zh: str


def anniversaries(
    conn: Connection,
    first_year: int,
    last_year: int | None = None,
    *,
    condition: ColumnElement[bool] | None = None,
) -> list[Anniversary]:
    """Pairings with a round anniversary (5, 10, 15... years) in ``first_year`` ..
    ``last_year``, in date order; of the pairings in force now, or those ``condition``
    selects (the annual report: in force at the end of its year)."""
    last_year = first_year if last_year is None else last_year
    query = list_query("pairing", Filter()).where(
        in_force() if condition is None else condition, col(Pairing.established) != ""
    )
    out = []
    for r in conn.execute(query):
        start = int(r.established[:4])
        for year in range(first_year, last_year + 1):
            years = year - start
            if years > 0 and years % ROUND == 0:
                on = f"{year:04d}{r.established[4:]}"
                if not dates.is_partial(on):  # 29 February in a common year
                    on = on[:8] + "28"
                out.append(
                    Anniversary(
                        r.id,
                        years,
                        on,
                        r.established,
                        r.a_name_en,
                        r.a_name_zh,
                        r.b_name_en,
                        r.b_name_zh,
                        r.country_en,
                        r.country_zh,
                    )
                )
    out.sort(key=lambda a: (a.date, a.b_en))
    return out


# --------------------------------------------------------------------------- iCalendar
def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF and a space; never
    inside a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _event(
    uid: str, start: date, end: date, summary: str, description: str, stamp: str
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


@dataclass
class CalendarResult:
    path: Path
    anniversaries: int
    programmes: int
    year_only: int  # anniversaries known to the year only: left out of the calendar


def write_calendar(
    conn: Connection,
    out: Path | str,
    *,
    first_year: int,
    last_year: int,
    lang: str = "en",
    register_name: str = "",
) -> CalendarResult:
    """Write the round anniversaries of ``first_year`` .. ``last_year`` and the ends of the
    programmes not completed or cancelled that fall in those years to ``out`` (.ics)."""

    def pick(en: str, zh: str) -> str:
        return (zh or en) if lang == "zh" else (en or zh)

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    host = (register_name or "register").replace(" ", "-")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//TwinDesk//TwinDesk {__version__}//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(translate('calendar.name', lang))}",
    ]
    counted = year_only = 0
    for a in anniversaries(conn, first_year, last_year):
        if dates.precision(a.date) == "year":
            year_only += 1
            continue
        name = (
            f"{pick(a.a_en, a.a_zh)}—{pick(a.b_en, a.b_zh)}"
            if lang == "zh"
            else f"{pick(a.a_en, a.a_zh)} – {pick(a.b_en, a.b_zh)}"
        )
        summary = translate("calendar.anniversary", lang, years=a.years, pairing=name)
        description = translate(
            "calendar.established",
            lang,
            date=dates.format_partial(a.established, lang),
            country=pick(a.country_en, a.country_zh),
        )
        lines += _event(
            f"anniversary-{a.pairing_id}-{a.date[:4]}@{host}.twindesk",
            dates.first_day(a.date),
            dates.last_day(a.date) + timedelta(days=1),
            summary,
            description,
            stamp,
        )
        counted += 1
    programmes = 0
    for r in conn.execute(
        list_query("programme", Filter()).where(
            col(Programme.end) >= f"{first_year:04d}",
            col(Programme.end) < f"{last_year + 1:04d}",
            col(Programme.status).not_in(("completed", "cancelled")),
        )
    ):
        end = dates.last_day(r.end)
        summary = translate("calendar.programme_ends", lang, title=pick(r.title_en, r.title_zh))
        pairing = f"{pick(r.a_name_en, r.a_name_zh)} – {pick(r.b_name_en, r.b_name_zh)}"
        description = translate(
            "calendar.programme_end", lang, pairing=pairing, end=dates.format_partial(r.end, lang)
        )
        lines += _event(
            f"programme-end-{r.id}@{host}.twindesk",
            end,
            end + timedelta(days=1),
            summary,
            description,
            stamp,
        )
        programmes += 1
    lines.append("END:VCALENDAR")
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8"))
    tmp.replace(out)
    return CalendarResult(out, counted, programmes, year_only)
