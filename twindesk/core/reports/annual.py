"""The annual report on the office's friendship-city work for one year."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from sqlalchemy import Connection, Row, func, select
from sqlmodel import col

from twindesk.core.errors import TwinDeskError
from twindesk.core.models import Exchange, Pairing, Programme, ProgrammeField
from twindesk.core.queries import CountryB, Filter
from twindesk.core.reports import content, data
from twindesk.core.reports.charts import bar_chart, pie_chart
from twindesk.core.reports.content import Labels
from twindesk.core.reports.layout import (
    STYLES,
    Cancelled,
    Progress,
    ReportResult,
    Story,
    check_cancel,
    render,
)
from twindesk.core.reports.partner_map import add_annual_map
from twindesk.core.reports.text import (
    change,
    continent,
    day,
    month_name,
    number,
    other,
    pairing_name,
    people,
    period,
    pick,
    share,
    short_date,
    sort_key,
    when,
)
from twindesk.core.storage import Register

INDICATORS = (
    "in_force",
    "new",
    "ended",
    "countries",
    "prog_active",
    "prog_signed",
    "prog_expiring",
    "exchanges",
    "participants",
)
EDITIONS = ("full", "summary")
SUMMARY_TOP = 10  # rows of a long table in the summary edition, unless the clerk says


@dataclass
class AnnualContext:
    """What every section of the annual report is built from. ``top``: the rows a long
    table keeps (the largest of a ranked table, the first of a list); None keeps all."""

    story: Story
    conn: Connection
    year: int
    label: dict[str, Callable[[str], str]]
    undated: bool = True
    by_signing_country: bool = False
    top: int | None = None


# The sections, in report order, by the short ids the clerk picks them with
# (``--sections``, the dialog's list). A new section is a function of the context added here.
SECTIONS: dict[str, Callable[[AnnualContext], None]] = {
    "narrative": lambda c: _content("narrative", c),
    "summary": lambda c: _summary(
        c.story, c.conn, c.year, c.label, c.undated, c.by_signing_country, c.top
    ),
    "map": lambda c: add_annual_map(c.story, c.conn, c.year),
    "new": lambda c: _new_pairings(c.story, c.conn, c.year, c.label, c.top),
    "programmes": lambda c: _programmes(c.story, c.conn, c.year, c.label, c.top),
    "exchanges": lambda c: _exchanges(c.story, c.conn, c.year, c.label, c.top),
    "delegations": lambda c: _content("delegations", c),
    "changes": lambda c: _content("changes", c),
    "groups": lambda c: _content("groups", c),
    "anniversaries": lambda c: _content("anniversaries", c),
    "dormant": lambda c: _content("dormant", c),
    "appendix": lambda c: _appendix(c.story, c.conn, c.label),
}


def _content(name: str, c: AnnualContext) -> None:
    """One of the office's sections (narrative, groups, changes, delegations,
    anniversaries, dormant pairings), written in ``content``."""
    content.SECTIONS[name](c.story, c.conn, c.year, c.label, c.undated, c.top)


# Left out of the summary edition unless picked: the register itself.
FULL_ONLY = ("appendix",)


def edition_sections(edition: str) -> list[str]:
    """The sections an edition has when the clerk picks none."""
    return [s for s in SECTIONS if edition == "full" or s not in FULL_ONLY]


def build_annual_report(
    register: Register,
    *,
    year: int,
    lang: str = "en",
    office: str = "",
    out: Path | str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    undated_in_force: bool = True,
    document_number: str = "",
    signature: bool = False,
    provenance: bool = False,
    by_signing_country: bool = False,
    style: str = "plain",
    edition: str = "full",
    sections: Sequence[str] | None = None,
    top: int | None = None,
    format: str = "pdf",
) -> ReportResult:
    """Write the annual report for ``year`` to ``out``; see ``layout.render`` for
    ``progress`` and ``cancelled``. Raises ``ReportCancelled`` (no file written).

    ``undated_in_force``: whether pairings without a date of establishment count as in
    force in every year (the report says how many there are either way).
    ``office`` is the issuing unit on the cover and in the footers; ``document_number``
    goes on the cover; ``signature`` adds a signature block after the report proper;
    ``provenance`` names TwinDesk and the register file in the footers.
    ``by_signing_country`` adds the pairings by the country they were signed in (the Soviet
    Union, Yugoslavia) beside the table by present country.
    ``style``: "plain", or "official" (公文: Song title, Hei headings, Fangsong body, GB/T
    9704 margins, "— 3 —" page numbers). ``edition`` "full" or "summary" (no appendix,
    long tables cut to ``top`` rows, 10 unless given); ``sections`` picks the section ids
    of :data:`SECTIONS`. ``format`` "pdf" or "docx" (the same content, editable in Word or
    WPS; ``ReportResult.pages`` is then 0)."""
    if style not in STYLES or edition not in EDITIONS or format not in ("pdf", "docx"):
        raise ValueError(f"style {style!r}, edition {edition!r}, format {format!r}")
    chosen = list(sections) if sections is not None else edition_sections(edition)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise ReportOptionError(name=", ".join(unknown), known=", ".join(SECTIONS))
    if top is None and edition == "summary":
        top = SUMMARY_TOP
    story = Story(lang, style, pdf=format == "pdf")
    office = office or story.t("office_default")
    today = day(date.today(), lang)
    steps = len(chosen) + 1
    with register.connect() as conn:
        vocab = data.vocabularies(conn)

        def labeller(terms: dict[str, tuple[str, str]]) -> Callable[[str], str]:
            return lambda code: pick(*terms.get(code, (code, code)), lang)

        label = {name: labeller(terms) for name, terms in vocab.items()}
        context = AnnualContext(story, conn, year, label, undated_in_force, by_signing_country, top)
        check_cancel(cancelled, progress, 1, steps)
        for i, section in enumerate(s for s in SECTIONS if s in chosen):
            if section == "appendix" and signature:
                _signature(story, office, today)  # the report proper ends before the register
                signature = False
            SECTIONS[section](context)
            check_cancel(cancelled, progress, i + 2, steps)
        if signature:
            _signature(story, office, today)
    title = story.t("annual.title")
    subtitle = story.t("annual.year_official" if story.official else "annual.year", year=year)
    if edition == "summary":
        subtitle += ("" if story.official or lang == "zh" else " · ") + story.t(
            "annual.summary_edition"
        )
    lines = [story.t("issued_by", office=office), today]
    if document_number:
        lines.append(story.t("document_number", number=document_number))
    if provenance:
        lines.append(story.t("generated", date=today, register=register.name))
    cover = {
        "office": office,
        "title": title,
        "subtitle": subtitle,
        "lines": lines,
        "number": document_number,
        "foot": [office, today] + lines[3 if document_number else 2 :],
    }
    if format == "docx":
        from twindesk.core.reports.word import write_docx

        return write_docx(
            story,
            out,
            title=f"{title} {year}",
            office=office,
            cover=cover,
            progress=progress,
            cancelled=cancelled,
        )
    return render(
        story,
        out,
        title=f"{title} {year}",
        office=office,
        register_name=register.name,
        cover=cover,
        toc=True,
        progress=progress,
        cancelled=cancelled,
        provenance=provenance,
    )


class ReportOptionError(TwinDeskError):
    """A section id the annual report does not have."""

    code = "report.unknown_section"


def _signature(story: Story, office: str, today: str) -> None:
    """The approval line; in the official style also the unit and date (落款), set right."""
    story.spacer(12 * mm)
    if story.official:  # one block, so a page break never parts the date from the unit
        story.para("\n".join((story.t("approved_by"), office, today)), "sign")
    else:
        story.para(story.t("signature"))


# --------------------------------------------------------------------------- sections
def _ranked(rows: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Largest this year first, then last year, then by name: the order of both a chart
    and its table."""
    return sorted(rows, key=lambda r: (-r[2], -r[1], sort_key(r[0])))


def _comparison(
    story: Story, rows: list[tuple[str, int, int]], year: int, first: str, top: int | None = None
) -> None:
    """A table of label / previous year / this year / change, with a total row; with
    ``top``, the largest rows and the rest put together as "Others"."""
    rows = _ranked(rows)
    shown = rows if top is None or len(rows) <= top + 1 else rows[:top]
    body = [(name, number(prev), number(cur), change(cur, prev)) for name, prev, cur in shown]
    if len(shown) < len(rows):
        rest = rows[len(shown) :]
        prev, cur = sum(r[1] for r in rest), sum(r[2] for r in rest)
        body.append(
            (
                story.t("annual.others", count=number(len(rest))),
                number(prev),
                number(cur),
                change(cur, prev),
            )
        )
    prev_total, cur_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    body.append(
        (story.t("total"), number(prev_total), number(cur_total), change(cur_total, prev_total))
    )
    story.table(
        [
            first,
            story.t("prev_year", year=year - 1),
            story.t("prev_year", year=year),
            story.t("change"),
        ],
        body,
        [5, 1.3, 1.3, 1.3],
        numeric=(1, 2, 3),
        total=True,
    )
    if len(shown) < len(rows):
        story.para(
            story.t("annual.top_rows", shown=number(len(shown)), count=number(len(rows))), "note"
        )


def _summary(
    story: Story,
    conn: Connection,
    year: int,
    label: Labels,
    undated: bool = True,
    by_signing_country: bool = False,
    top: int | None = None,
) -> None:
    story.heading(story.t("annual.summary"))
    story.heading(story.t("annual.key_figures", year=year, prev=year - 1), 1)
    figures = data.key_figures(conn, year, undated)
    figure_rows = []
    for k in INDICATORS:
        prev, cur = figures[k]
        if k == "participants":
            # Unknown is not zero: only known numbers are added up, and a year with
            # exchanges but no number at all has no figure (nor a change).
            no_count = figures["no_count"]
            known = [
                n - missing > 0 or n == 0
                for n, missing in zip(figures["exchanges"], no_count, strict=True)
            ]
            cells = [
                number(v) if ok else story.t("unknown")
                for v, ok in zip((prev, cur), known, strict=True)
            ]
            figure_rows.append(
                (story.t(f"ind.{k}"), *cells, change(cur, prev) if all(known) else "")
            )
            if any(no_count):
                figure_rows.append(
                    (
                        story.t("ind.no_count"),
                        number(no_count[0]),
                        number(no_count[1]),
                        change(no_count[1], no_count[0]),
                    )
                )
            continue
        figure_rows.append((story.t(f"ind.{k}"), number(prev), number(cur), change(cur, prev)))
        if k == "in_force" and undated:
            u_prev, u_cur = figures["undated"]
            figure_rows.append(
                (
                    "    " + story.t("ind.undated"),
                    number(u_prev),
                    number(u_cur),
                    change(u_cur, u_prev),
                )
            )
    story.table(
        [
            story.t("indicator"),
            story.t("prev_year", year=year - 1),
            story.t("prev_year", year=year),
            story.t("change"),
        ],
        figure_rows,
        [5, 1.3, 1.3, 1.3],
        numeric=(1, 2, 3),
    )
    undated_total = _undated_total(conn)
    if undated_total:
        story.para(
            story.t(
                "annual.undated_counted" if undated else "annual.undated_left_out",
                count=number(undated_total),
            ),
            "note",
        )

    story.heading(story.t("annual.by_continent"), 1)
    rows = _ranked(
        [
            (continent(r.continent, story.lang), r.prev, r.cur)
            for r in data.in_force_by(conn, year, col(CountryB.continent), undated=undated)
        ]
    )
    if rows:
        story.add(
            bar_chart(
                [r[0] for r in rows],
                [[r[1] for r in rows], [r[2] for r in rows]],
                [story.t("prev_year", year=year - 1), story.t("prev_year", year=year)],
            )
        )
    _comparison(story, rows, year, story.t("col.continent"))

    for key, column, vocab in (
        ("annual.by_kind", col(Pairing.kind), "pairing_kind"),
        ("annual.by_level", col(Pairing.level), "pairing_level"),
    ):
        story.heading(story.t(key), 1)
        rows = _ranked(
            [
                (label[vocab](r[0]), r.prev, r.cur)
                for r in data.in_force_by(conn, year, column, undated=undated)
            ]
        )
        if any(r[2] for r in rows):
            story.add(
                pie_chart([r[0] for r in rows], [r[2] for r in rows], story.t("other"), height=120)
            )
        _comparison(story, rows, year, story.t(f"col.{key.split('_')[-1]}"))

    countries = [("annual.by_country", CountryB)]
    if by_signing_country:
        countries.append(("annual.by_signing_country", data.CountrySigned))
    for key, country in countries:
        story.heading(story.t(key), 1)
        rows = [
            (pick(r.name_en, r.name_zh, story.lang), r.prev, r.cur)
            for r in data.in_force_by(
                conn, year, col(country.name_en), col(country.name_zh), undated=undated
            )
        ]
        _comparison(story, rows, year, story.t("col.country"), top)


def _undated_total(conn: Connection) -> int:
    return conn.execute(
        select(func.count()).select_from(Pairing).where(col(Pairing.established) == "")
    ).scalar_one()


def _place(row: Row, side: str, lang: str) -> tuple[str, str]:
    en, zh = getattr(row, f"{side}_name_en"), getattr(row, f"{side}_name_zh")
    return pick(en, zh, lang), other(en, zh, lang)


def _new_pairings(
    story: Story, conn: Connection, year: int, label: Labels, top: int | None = None
) -> None:
    lang = story.lang
    story.heading(story.t("annual.new", year=year))
    rows, more = content.first_rows(
        story, data.pairings(conn, Filter(year_from=year, year_to=year)), top
    )
    story.table(
        [
            story.t(c)
            for c in (
                "col.local",
                "col.partner",
                "col.country",
                "col.kind",
                "col.level",
                "col.established",
                "col.signed_at",
            )
        ],
        [
            (
                _place(r, "a", lang),
                _place(r, "b", lang),
                pick(r.country_en, r.country_zh, lang),
                label["pairing_kind"](r.kind),
                label["pairing_level"](r.level),
                short_date(r.established, lang),
                " · ".join(x for x in (r.signed_at_place, r.signed_at_event) if x),
            )
            for r in rows
        ],
        [2.2, 2.6, 1.8, 2, 1.5, 2, 2.6],
    )
    if more:
        story.para(more, "note")


def _programmes(
    story: Story, conn: Connection, year: int, label: Labels, top: int | None = None
) -> None:
    lang = story.lang
    story.heading(story.t("annual.programmes"))
    fields = data.fields_of(
        conn,
        ProgrammeField,
        col(ProgrammeField.programme_id),
        select(col(Programme.id)).where(data.programme_active(year)),
    )
    for key, condition in (
        ("annual.prog_signed", data.in_year(col(Programme.start), year)),
        ("annual.prog_expiring", data.in_year(col(Programme.end), year)),
        ("annual.prog_active", data.programme_active(year)),
    ):
        story.heading(story.t(key, year=year), 1)
        rows, more = content.first_rows(story, data.programmes(conn, condition, year=year), top)
        story.table(
            [
                story.t(c)
                for c in ("col.programme", "col.pairing", "col.period", "col.status", "col.fields")
            ],
            [
                (
                    pick(r.title_en, r.title_zh, lang),
                    pairing_name(
                        pick(r.a_name_en, r.a_name_zh, lang),
                        pick(r.b_name_en, r.b_name_zh, lang),
                        lang,
                    ),
                    period(r.start, r.end, lang),
                    label["programme_status"](r.status_then),
                    "、".join(label["cooperation_field"](c) for c in fields.get(r.id, ()))
                    if lang == "zh"
                    else ", ".join(label["cooperation_field"](c) for c in fields.get(r.id, ())),
                )
                for r in rows
            ],
            [4, 3, 2, 1.4, 3],
        )
        if more:
            story.para(more, "note")


def _exchanges(
    story: Story, conn: Connection, year: int, label: Labels, top: int | None = None
) -> None:
    lang = story.lang
    story.heading(story.t("annual.exchanges", year=year))
    counts = data.exchange_counts(conn, year, col(Exchange.exchange_type))
    if not counts:
        # No empty charts and tables of zeros: say so once.
        story.para(story.t("annual.no_exchanges", year=year), "note")
        return
    unknown = sum(r.n - r.known for r in counts)

    story.heading(story.t("annual.ex_by_type"), 1)
    by_type = sorted(
        ((label["exchange_type"](r.key), r.n, r.people, r.known) for r in counts),
        key=lambda r: (-r[1], sort_key(r[0])),
    )
    total = sum(r[1] for r in by_type)
    story.add(
        pie_chart([r[0] for r in by_type], [r[1] for r in by_type], story.t("other"), height=120)
    )
    story.table(
        [
            story.t("col.type"),
            story.t("col.count"),
            story.t("col.share"),
            story.t("col.participants"),
        ],
        [
            (name, number(n), share(n, total), people(p, known, n, lang))
            for name, n, p, known in by_type
        ]
        + [
            (
                story.t("total"),
                number(total),
                share(total, total),
                people(sum(r[2] or 0 for r in by_type), total - unknown, total, lang),
            )
        ],
        [5, 1.3, 1.3, 1.3],
        numeric=(1, 2, 3),
        total=True,
    )
    if unknown:
        story.para(
            story.t("annual.no_count_note", count=number(unknown), total=number(total)), "note"
        )

    story.heading(story.t("annual.ex_by_month"), 1)
    by_month = {
        r.key: r.n for r in data.exchange_counts(conn, year, func.substr(Exchange.start, 6, 2))
    }
    months = [by_month.get(f"{m:02d}", 0) for m in range(1, 13)]
    undated = by_month.get("", 0)
    if any(months):
        story.add(
            bar_chart(
                [month_name(m, lang) for m in range(1, 13)],
                [months],
                [story.t("col.count")],
                height=130,
            )
        )
    headers = (
        [story.t("col.month")]
        + [month_name(m, lang) for m in range(1, 13)]
        + [story.t("unknown").capitalize(), story.t("total")]
    )
    story.table(
        headers,
        [
            [story.t("col.count")]
            + [number(n) for n in months]
            + [number(undated), number(sum(months) + undated)]
        ],
        [2.2] + [1] * 12 + [1.5, 1.3],
        numeric=tuple(range(1, 15)),
    )
    if undated:
        story.para(story.t("annual.month_unknown", count=number(undated)), "note")

    story.heading(story.t("annual.ex_by_pairing"), 1)
    rows, more = content.first_rows(
        story, data.exchanges_by_pairing(conn, year), top
    )  # most exchanges first
    story.table(
        [
            story.t("col.pairing"),
            story.t("col.country"),
            story.t("col.count"),
            story.t("col.participants"),
        ],
        [
            (
                pairing_name(
                    pick(r.a_name_en, r.a_name_zh, lang), pick(r.b_name_en, r.b_name_zh, lang), lang
                ),
                pick(r.country_en, r.country_zh, lang),
                number(r.n),
                people(r.people, r.known, r.n, lang),
            )
            for r in rows
        ],
        [5, 2.5, 1.2, 1.4],
        numeric=(2, 3),
    )
    if more:
        story.para(more, "note")

    story.heading(story.t("annual.ex_list"), 1)
    rows, more = content.first_rows(
        story, data.exchanges(conn, data.in_year(col(Exchange.start), year)), top
    )
    story.table(  # the direction (来访 / 出访...): the list of delegations each way too
        [
            story.t(c)
            for c in (
                "col.date",
                "col.exchange",
                "col.type",
                "col.direction",
                "col.venue",
                "col.participants",
            )
        ],
        [
            (
                when(r.start, r.end, lang),
                pick(r.title_en, r.title_zh, lang),
                label["exchange_type"](r.exchange_type),
                story.t(f"dir.{r.direction}"),
                r.venue or pick(r.host_en, r.host_zh, lang),
                story.t("unknown") if r.participants is None else number(r.participants),
            )
            for r in rows
        ],
        [2.1, 4.6, 1.9, 1.4, 2.2, 1.3],
        numeric=(5,),
    )
    if more:
        story.para(more, "note")


def _appendix(story: Story, conn: Connection, label: Labels) -> None:
    lang = story.lang
    story.page_break()
    story.heading(story.t("annual.appendix"), numbered=False)
    rows = data.pairings(conn)
    # Collated, not by code point: "Åland" files with A, not after Zimbabwe.
    rows.sort(
        key=lambda r: (
            sort_key(pick(r.country_en, r.country_zh, lang)),
            r.established or "9",
            sort_key(pick(r.b_name_en, r.b_name_zh, lang)),
        )
    )
    story.para(
        story.t("annual.appendix_note", count=number(len(rows)), date=day(date.today(), lang)),
        "note",
    )
    story.table(
        [
            story.t(c)
            for c in (
                "col.no",
                "col.country",
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
                str(i),
                pick(r.country_en, r.country_zh, lang),
                _place(r, "b", lang),
                _place(r, "a", lang),
                label["pairing_kind"](r.kind),
                label["pairing_level"](r.level),
                label["pairing_status"](r.status),
                short_date(r.established, lang),
            )
            for i, r in enumerate(rows, 1)
        ],
        [0.9, 2.0, 2.8, 2.3, 2.4, 1.8, 1.8, 2.1],
        numeric=(0,),
    )
