"""The annual report on the office's friendship-city work for one year."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from sqlalchemy import func, select

from twindesk.core.models import Exchange, Pairing, Programme, ProgrammeField
from twindesk.core.queries import CountryB, Filter
from twindesk.core.reports import data
from twindesk.core.reports.charts import bar_chart, pie_chart
from twindesk.core.reports.layout import (
    Cancelled, Progress, ReportResult, Story, check_cancel, render,
)
from twindesk.core.reports.partner_map import add_annual_map
from twindesk.core.reports.text import (
    change, continent, day, month_name, number, other, pairing_name, people, period, pick, share,
    short_date, sort_key, when,
)
from twindesk.core.storage import Register

STEPS = 6
INDICATORS = ("in_force", "new", "ended", "countries", "prog_active", "prog_signed",
              "prog_expiring", "exchanges", "participants")


def build_annual_report(register: Register, *, year: int, lang: str = "en", office: str = "",
                        out: Path | str, progress: Progress | None = None,
                        cancelled: Cancelled | None = None,
                        undated_in_force: bool = True, document_number: str = "",
                        signature: bool = False, provenance: bool = False,
                        by_signing_country: bool = False) -> ReportResult:
    """Write the annual report for ``year`` to ``out``; see ``layout.render`` for
    ``progress`` and ``cancelled``. Raises ``ReportCancelled`` (no file written).

    ``undated_in_force``: whether pairings without a date of establishment count as in
    force in every year (the report says how many there are either way).
    ``document_number`` goes on the cover; ``signature`` adds a signature block after the
    report proper; ``provenance`` names TwinDesk and the register file in the footers.
    ``by_signing_country`` adds the pairings by the country they were signed in (the Soviet
    Union, Yugoslavia) beside the table by present country."""
    story = Story(lang)
    office = office or story.t("office_default")
    with register.connect() as conn:
        vocab = data.vocabularies(conn)
        label = {name: (lambda code, terms=terms: pick(*terms.get(code, (code, code)), lang))
                 for name, terms in vocab.items()}
        check_cancel(cancelled, progress, 1, STEPS)
        _summary(story, conn, year, label, undated_in_force, by_signing_country)
        add_annual_map(story, conn, year)
        check_cancel(cancelled, progress, 2, STEPS)
        _new_pairings(story, conn, year, label)
        check_cancel(cancelled, progress, 3, STEPS)
        _programmes(story, conn, year, label)
        check_cancel(cancelled, progress, 4, STEPS)
        _exchanges(story, conn, year, label)
        check_cancel(cancelled, progress, 5, STEPS)
        if signature:
            story.spacer(12 * mm)
            story.para(story.t("signature"))
        _appendix(story, conn, label)
        check_cancel(cancelled, progress, 6, STEPS)
    title = story.t("annual.title")
    lines = [story.t("issued_by", office=office), day(date.today(), lang)]
    if document_number:
        lines.append(story.t("document_number", number=document_number))
    if provenance:
        lines.append(story.t("generated", date=day(date.today(), lang), register=register.name))
    cover = {"office": office, "title": title, "subtitle": story.t("annual.year", year=year),
             "lines": lines}
    return render(story, out, title=f"{title} {year}", office=office, register_name=register.name,
                  cover=cover, toc=True, progress=progress, cancelled=cancelled,
                  provenance=provenance)


# --------------------------------------------------------------------------- sections
def _ranked(rows: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Largest this year first, then last year, then by name: the order of both a chart
    and its table."""
    return sorted(rows, key=lambda r: (-r[2], -r[1], sort_key(r[0])))


def _comparison(story: Story, rows: list[tuple[str, int, int]], year: int, first: str) -> None:
    """A table of label / previous year / this year / change, with a total row."""
    rows = _ranked(rows)
    body = [(name, number(prev), number(cur), change(cur, prev)) for name, prev, cur in rows]
    prev_total, cur_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    body.append((story.t("total"), number(prev_total), number(cur_total), change(cur_total, prev_total)))
    story.table([first, story.t("prev_year", year=year - 1), story.t("prev_year", year=year),
                 story.t("change")], body, [5, 1.3, 1.3, 1.3], numeric=(1, 2, 3), total=True)


def _summary(story: Story, conn, year: int, label, undated: bool = True,
             by_signing_country: bool = False) -> None:
    story.heading(story.t("annual.summary"))
    story.heading(story.t("annual.key_figures", year=year, prev=year - 1), 1)
    figures = data.key_figures(conn, year, undated)
    rows = []
    for k in INDICATORS:
        prev, cur = figures[k]
        if k == "participants":
            # Unknown is not zero: only known numbers are added up, and a year with
            # exchanges but no number at all has no figure (nor a change).
            no_count = figures["no_count"]
            known = [n - missing > 0 or n == 0 for n, missing in zip(figures["exchanges"], no_count)]
            cells = [number(v) if ok else story.t("unknown") for v, ok in zip((prev, cur), known)]
            rows.append((story.t(f"ind.{k}"), *cells, change(cur, prev) if all(known) else ""))
            if any(no_count):
                rows.append((story.t("ind.no_count"), number(no_count[0]), number(no_count[1]),
                             change(no_count[1], no_count[0])))
            continue
        rows.append((story.t(f"ind.{k}"), number(prev), number(cur), change(cur, prev)))
        if k == "in_force" and undated:
            u_prev, u_cur = figures["undated"]
            rows.append(("    " + story.t("ind.undated"), number(u_prev), number(u_cur),
                         change(u_cur, u_prev)))
    story.table([story.t("indicator"), story.t("prev_year", year=year - 1),
                 story.t("prev_year", year=year), story.t("change")],
                rows, [5, 1.3, 1.3, 1.3], numeric=(1, 2, 3))
    undated_total = _undated_total(conn)
    if undated_total:
        story.para(story.t("annual.undated_counted" if undated else "annual.undated_left_out",
                           count=number(undated_total)), "note")

    story.heading(story.t("annual.by_continent"), 1)
    rows = _ranked([(continent(r.continent, story.lang), r.prev, r.cur)
                    for r in data.in_force_by(conn, year, CountryB.continent, undated=undated)])
    if rows:
        story.add(bar_chart([r[0] for r in rows], [[r[1] for r in rows], [r[2] for r in rows]],
                            [story.t("prev_year", year=year - 1), story.t("prev_year", year=year)]))
    _comparison(story, rows, year, story.t("col.continent"))

    for key, column, vocab in (("annual.by_kind", Pairing.kind, "pairing_kind"),
                               ("annual.by_level", Pairing.level, "pairing_level")):
        story.heading(story.t(key), 1)
        rows = _ranked([(label[vocab](r[0]), r.prev, r.cur)
                        for r in data.in_force_by(conn, year, column, undated=undated)])
        if any(r[2] for r in rows):
            story.add(pie_chart([r[0] for r in rows], [r[2] for r in rows], story.t("other"),
                                height=120))
        _comparison(story, rows, year, story.t(f"col.{key.split('_')[-1]}"))

    countries = [("annual.by_country", CountryB)]
    if by_signing_country:
        countries.append(("annual.by_signing_country", data.CountrySigned))
    for key, country in countries:
        story.heading(story.t(key), 1)
        rows = [(pick(r.name_en, r.name_zh, story.lang), r.prev, r.cur)
                for r in data.in_force_by(conn, year, country.name_en, country.name_zh,
                                          undated=undated)]
        _comparison(story, rows, year, story.t("col.country"))


def _undated_total(conn) -> int:
    return conn.execute(select(func.count()).select_from(Pairing)
                        .where(Pairing.established == "")).scalar_one()


def _place(row, side: str, lang: str) -> tuple[str, str]:
    en, zh = getattr(row, f"{side}_name_en"), getattr(row, f"{side}_name_zh")
    return pick(en, zh, lang), other(en, zh, lang)


def _new_pairings(story: Story, conn, year: int, label) -> None:
    lang = story.lang
    story.heading(story.t("annual.new", year=year))
    rows = data.pairings(conn, Filter(year_from=year, year_to=year))
    story.table(
        [story.t(c) for c in ("col.local", "col.partner", "col.country", "col.kind", "col.level",
                              "col.established", "col.signed_at")],
        [(_place(r, "a", lang), _place(r, "b", lang), pick(r.country_en, r.country_zh, lang),
          label["pairing_kind"](r.kind), label["pairing_level"](r.level),
          short_date(r.established, lang),
          " · ".join(x for x in (r.signed_at_place, r.signed_at_event) if x)) for r in rows],
        [2.2, 2.6, 1.8, 2, 1.5, 2, 2.6])


def _programmes(story: Story, conn, year: int, label) -> None:
    lang = story.lang
    story.heading(story.t("annual.programmes"))
    fields = data.fields_of(conn, ProgrammeField, ProgrammeField.programme_id,
                            select(Programme.id).where(data.programme_active(year)))
    for key, condition in (("annual.prog_signed", data.in_year(Programme.start, year)),
                           ("annual.prog_expiring", data.in_year(Programme.end, year)),
                           ("annual.prog_active", data.programme_active(year))):
        story.heading(story.t(key, year=year), 1)
        story.table(
            [story.t(c) for c in ("col.programme", "col.pairing", "col.period", "col.status",
                                  "col.fields")],
            [(pick(r.title_en, r.title_zh, lang),
              pairing_name(pick(r.a_name_en, r.a_name_zh, lang), pick(r.b_name_en, r.b_name_zh, lang),
                           lang),
              period(r.start, r.end, lang), label["programme_status"](r.status_then),
              "、".join(label["cooperation_field"](c) for c in fields.get(r.id, ())) if lang == "zh"
              else ", ".join(label["cooperation_field"](c) for c in fields.get(r.id, ())))
             for r in data.programmes(conn, condition, year=year)],
            [4, 3, 2, 1.4, 3])


def _exchanges(story: Story, conn, year: int, label) -> None:
    lang = story.lang
    story.heading(story.t("annual.exchanges", year=year))
    counts = data.exchange_counts(conn, year, Exchange.exchange_type)
    if not counts:
        # No empty charts and tables of zeros: say so once.
        story.para(story.t("annual.no_exchanges", year=year), "note")
        return
    unknown = sum(r.n - r.known for r in counts)

    story.heading(story.t("annual.ex_by_type"), 1)
    rows = sorted(((label["exchange_type"](r.key), r.n, r.people, r.known) for r in counts),
                  key=lambda r: (-r[1], sort_key(r[0])))
    total = sum(r[1] for r in rows)
    story.add(pie_chart([r[0] for r in rows], [r[1] for r in rows], story.t("other"), height=120))
    story.table([story.t("col.type"), story.t("col.count"), story.t("col.share"),
                 story.t("col.participants")],
                [(name, number(n), share(n, total), people(p, known, n, lang))
                 for name, n, p, known in rows]
                + [(story.t("total"), number(total), share(total, total),
                    people(sum(r[2] or 0 for r in rows), total - unknown, total, lang))],
                [5, 1.3, 1.3, 1.3], numeric=(1, 2, 3), total=True)
    if unknown:
        story.para(story.t("annual.no_count_note", count=number(unknown), total=number(total)),
                   "note")

    story.heading(story.t("annual.ex_by_month"), 1)
    by_month = {r.key: r.n for r in data.exchange_counts(
        conn, year, func.substr(Exchange.start, 6, 2))}
    months = [by_month.get(f"{m:02d}", 0) for m in range(1, 13)]
    undated = by_month.get("", 0)
    if any(months):
        story.add(bar_chart([month_name(m, lang) for m in range(1, 13)], [months],
                            [story.t("col.count")], height=130))
    headers = ([story.t("col.month")] + [month_name(m, lang) for m in range(1, 13)]
               + [story.t("unknown").capitalize(), story.t("total")])
    story.table(headers, [[story.t("col.count")] + [number(n) for n in months]
                          + [number(undated), number(sum(months) + undated)]],
                [2.2] + [1] * 12 + [1.5, 1.3], numeric=tuple(range(1, 15)))
    if undated:
        story.para(story.t("annual.month_unknown", count=number(undated)), "note")

    story.heading(story.t("annual.ex_by_pairing"), 1)
    story.table([story.t("col.pairing"), story.t("col.country"), story.t("col.count"),
                 story.t("col.participants")],
                [(pairing_name(pick(r.a_name_en, r.a_name_zh, lang), pick(r.b_name_en, r.b_name_zh, lang),
                               lang), pick(r.country_en, r.country_zh, lang), number(r.n),
                  people(r.people, r.known, r.n, lang)) for r in data.exchanges_by_pairing(conn, year)],
                [5, 2.5, 1.2, 1.4], numeric=(2, 3))

    story.heading(story.t("annual.ex_list"), 1)
    story.table(
        [story.t(c) for c in ("col.date", "col.exchange", "col.type", "col.venue", "col.participants")],
        [(when(r.start, r.end, lang),
          pick(r.title_en, r.title_zh, lang), label["exchange_type"](r.exchange_type),
          r.venue or pick(r.host_en, r.host_zh, lang),
          story.t("unknown") if r.participants is None else number(r.participants))
         for r in data.exchanges(conn, data.in_year(Exchange.start, year))],
        [2.1, 5.5, 2, 2.4, 1.3], numeric=(4,))


def _appendix(story: Story, conn, label) -> None:
    lang = story.lang
    story.page_break()
    story.heading(story.t("annual.appendix"), numbered=False)
    rows = data.pairings(conn)
    # Collated, not by code point: "Åland" files with A, not after Zimbabwe.
    rows.sort(key=lambda r: (sort_key(pick(r.country_en, r.country_zh, lang)), r.established or "9",
                             sort_key(pick(r.b_name_en, r.b_name_zh, lang))))
    story.para(story.t("annual.appendix_note", count=number(len(rows)), date=day(date.today(), lang)),
               "note")
    story.table(
        [story.t(c) for c in ("col.no", "col.country", "col.partner", "col.local", "col.kind",
                              "col.level", "col.status", "col.established")],
        [(str(i), pick(r.country_en, r.country_zh, lang), _place(r, "b", lang), _place(r, "a", lang),
          label["pairing_kind"](r.kind), label["pairing_level"](r.level),
          label["pairing_status"](r.status), short_date(r.established, lang))
         for i, r in enumerate(rows, 1)],
        [0.9, 2.0, 2.8, 2.3, 2.4, 1.8, 1.8, 2.1], numeric=(0,))
