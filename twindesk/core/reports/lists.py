"""Working lists: programmes ending soon, exchanges in a period, pairings by country."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import date
from itertools import groupby
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row
from sqlmodel import col

from twindesk.core.errors import TwinDeskError
from twindesk.core.models import Exchange, Programme
from twindesk.core.queries import Filter
from twindesk.core.reports import data
from twindesk.core.reports.layout import (
    Cancelled,
    Progress,
    ReportResult,
    Story,
    check_cancel,
    render,
)
from twindesk.core.reports.text import (
    day,
    number,
    other,
    pairing_name,
    period,
    pick,
    short_date,
    sort_key,
    when,
)
from twindesk.core.storage import Register


def add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _labels(conn: Connection, lang: str) -> Callable[[str, str], str]:
    vocab = data.vocabularies(conn)
    return lambda name, code: pick(*vocab[name].get(code, (code, code)), lang)


def _pairing(r: Row, lang: str) -> str:
    return pairing_name(
        pick(r.a_name_en, r.a_name_zh, lang), pick(r.b_name_en, r.b_name_zh, lang), lang
    )


def build_expiring_list(
    register: Register,
    *,
    months: int = 6,
    today: date | None = None,
    lang: str = "en",
    office: str = "",
    out: Path | str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Programmes, not completed or cancelled, whose end falls in the next ``months``."""
    story = Story(lang)
    start = today or date.today()
    end = add_months(start, months)
    title = story.t("list.expiring", months=months)
    story.title_block(
        title,
        story.t("list.working"),
        story.t("list.expiring_note", start=day(start, lang), end=day(end, lang)),
    )
    with register.connect() as conn:
        label = _labels(conn, lang)
        check_cancel(cancelled, progress, 1, 2)
        rows = data.programmes(
            conn,
            data.overlaps(col(Programme.end), start.isoformat(), end.isoformat()),
            col(Programme.status).notin_(data.PROGRAMME_CLOSED),
        )
        story.table(
            [
                story.t(c)
                for c in ("col.end", "col.programme", "col.pairing", "col.period", "col.status")
            ],
            [
                (
                    short_date(r.end, lang),
                    pick(r.title_en, r.title_zh, lang),
                    _pairing(r, lang),
                    period(r.start, r.end, lang),
                    label("programme_status", r.status),
                )
                for r in rows
            ],
            [1.5, 4.5, 3, 2.2, 1.4],
        )
        check_cancel(cancelled, progress, 2, 2)
    return render(
        story,
        out,
        title=title,
        office=office or story.t("office_default"),
        register_name=register.name,
        progress=progress,
        cancelled=cancelled,
    )


def build_exchange_list(
    register: Register,
    *,
    start: date,
    end: date,
    lang: str = "en",
    office: str = "",
    out: Path | str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Exchanges whose (possibly partial) start date falls between ``start`` and ``end``."""
    if end < start:  # an empty list would look like a period with no exchanges
        raise TwinDeskError("report.reversed_range", start=start.isoformat(), end=end.isoformat())
    story = Story(lang)
    title = story.t("list.exchanges", start=day(start, lang), end=day(end, lang))
    with register.connect() as conn:
        label = _labels(conn, lang)
        condition = data.overlaps(col(Exchange.start), start.isoformat(), end.isoformat())
        rows = data.exchanges(conn, condition)
        check_cancel(cancelled, progress, 1, 2)
        pairings = data.pairing_names_of_exchanges(conn, select(col(Exchange.id)).where(condition))
        check_cancel(cancelled, progress, 2, 2)
    story.title_block(
        title, story.t("list.working"), story.t("list.exchanges_note", count=number(len(rows)))
    )
    sep = "；" if lang == "zh" else "; "
    story.table(
        [
            story.t(c)
            for c in (
                "col.date",
                "col.exchange",
                "col.type",
                "col.pairing",
                "col.venue",
                "col.participants",
            )
        ],
        [
            (
                when(r.start, r.end, lang),
                pick(r.title_en, r.title_zh, lang),
                label("exchange_type", r.exchange_type),
                sep.join(
                    pairing_name(pick(a_en, a_zh, lang), pick(b_en, b_zh, lang), lang)
                    for a_en, a_zh, b_en, b_zh in pairings.get(r.id, ())
                ),
                r.venue or pick(r.host_en, r.host_zh, lang),
                number(r.participants),
            )
            for r in rows
        ],
        [1.6, 3.9, 1.7, 3, 1.8, 1.6],
        numeric=(5,),
    )
    return render(
        story,
        out,
        title=title,
        office=office or story.t("office_default"),
        register_name=register.name,
        progress=progress,
        cancelled=cancelled,
    )


def build_country_list(
    register: Register,
    *,
    countries: Sequence[str] = (),
    lang: str = "en",
    office: str = "",
    out: Path | str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """All pairings (or those with places in ``countries``), one table per country."""
    story = Story(lang)
    title = story.t("list.by_country")
    with register.connect() as conn:
        label = _labels(conn, lang)
        rows = data.pairings(conn, Filter(countries=[c.upper() for c in countries]))
        check_cancel(cancelled, progress, 1, 1)

    def country(r: Row) -> str:
        return pick(r.country_en, r.country_zh, lang)

    def order(r: Row) -> tuple:
        name = sort_key(country(r)) if lang == "zh" else country(r)
        return (
            name,
            r.country_code,
            r.established or "9",
            sort_key(pick(r.b_name_en, r.b_name_zh, lang)),
        )

    rows.sort(key=order)
    groups = [(name, list(items)) for name, items in groupby(rows, key=country)]
    story.title_block(
        title,
        story.t("list.working"),
        story.t("list.by_country_note", count=number(len(rows)), countries=len(groups)),
    )
    for name, items in groups:
        story.heading(f"{name} ({len(items)})", 1, numbered=False)
        story.table(
            [
                story.t(c)
                for c in (
                    "col.partner",
                    "col.local",
                    "col.kind",
                    "col.level",
                    "col.status",
                    "col.established",
                )
            ],
            [
                (
                    (pick(r.b_name_en, r.b_name_zh, lang), other(r.b_name_en, r.b_name_zh, lang)),
                    (pick(r.a_name_en, r.a_name_zh, lang), other(r.a_name_en, r.a_name_zh, lang)),
                    label("pairing_kind", r.kind),
                    label("pairing_level", r.level),
                    label("pairing_status", r.status),
                    short_date(r.established, lang),
                )
                for r in items
            ],
            [3, 2.6, 2.6, 1.9, 1.8, 1.9],
        )
    return render(
        story,
        out,
        title=title,
        office=office or story.t("office_default"),
        register_name=register.name,
        progress=progress,
        cancelled=cancelled,
    )
