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
from twindesk.core.reports.text import (
    change, continent, day, month_name, number, other, pairing_name, period, pick, short_date,
    sort_key, when,
)
from twindesk.core.storage import Register

STEPS = 6
CHART_ROOM = 85 * mm  # a heading, a chart and the head of its table
INDICATORS = ("in_force", "new", "ended", "countries", "prog_active", "prog_signed",
              "prog_expiring", "exchanges", "participants")


def build_annual_report(register: Register, *, year: int, lang: str = "en", office: str = "",
                        out: Path | str, progress: Progress | None = None,
                        cancelled: Cancelled | None = None) -> ReportResult:
    """Write the annual report for ``year`` to ``out``; see ``layout.render`` for
    ``progress`` and ``cancelled``. Raises ``ReportCancelled`` (no file written)."""
    story = Story(lang)
    office = office or story.t("office_default")
    with register.connect() as conn:
        vocab = data.vocabularies(conn)
        label = {name: (lambda code, terms=terms: pick(*terms.get(code, (code, code)), lang))
                 for name, terms in vocab.items()}
        check_cancel(cancelled, progress, 1, STEPS)
        _summary(story, conn, year, label)
        check_cancel(cancelled, progress, 2, STEPS)
        _new_pairings(story, conn, year, label)
        check_cancel(cancelled, progress, 3, STEPS)
        _programmes(story, conn, year, label)
        check_cancel(cancelled, progress, 4, STEPS)
        _exchanges(story, conn, year, label)
        check_cancel(cancelled, progress, 5, STEPS)
        _appendix(story, conn, label)
        check_cancel(cancelled, progress, 6, STEPS)
    title = story.t("annual.title")
    cover = {"office": office, "title": title, "subtitle": story.t("annual.year", year=year),
             "lines": [story.t("generated", date=day(date.today(), lang), register=register.name)]}
    return render(story, out, title=f"{title} {year}", office=office, register_name=register.name,
                  cover=cover, toc=True, progress=progress, cancelled=cancelled)


# --------------------------------------------------------------------------- sections
def _comparison(story: Story, rows: list[tuple[str, int, int]], year: int, first: str) -> None:
    """A table of label / previous year / this year / change, with a total row."""
    rows = sorted(rows, key=lambda r: (-r[2], -r[1], sort_key(r[0]) if story.lang == "zh" else r[0]))
    body = [(name, number(prev), number(cur), change(cur, prev)) for name, prev, cur in rows]
    prev_total, cur_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    body.append((story.t("total"), number(prev_total), number(cur_total), change(cur_total, prev_total)))
    story.table([first, story.t("prev_year", year=year - 1), story.t("prev_year", year=year),
                 story.t("change")], body, [5, 1.3, 1.3, 1.3], numeric=(1, 2, 3), total=True)


def _summary(story: Story, conn, year: int, label) -> None:
    story.heading(story.t("annual.summary"))
    story.heading(story.t("annual.key_figures", year=year, prev=year - 1), 1)
    figures = data.key_figures(conn, year)
    story.table([story.t("indicator"), story.t("prev_year", year=year - 1),
                 story.t("prev_year", year=year), story.t("change")],
                [(story.t(f"ind.{k}"), number(figures[k][0]), number(figures[k][1]),
                  change(figures[k][1], figures[k][0])) for k in INDICATORS],
                [5, 1.3, 1.3, 1.3], numeric=(1, 2, 3))

    story.heading(story.t("annual.by_continent"), 1, room=CHART_ROOM)
    rows = [(continent(r.continent, story.lang), r.prev, r.cur)
            for r in data.in_force_by(conn, year, CountryB.continent)]
    rows.sort(key=lambda r: -r[2])
    story.add(bar_chart([r[0] for r in rows], [[r[1] for r in rows], [r[2] for r in rows]],
                        [story.t("prev_year", year=year - 1), story.t("prev_year", year=year)]))
    _comparison(story, rows, year, story.t("col.continent"))

    for key, column, vocab in (("annual.by_kind", Pairing.kind, "pairing_kind"),
                               ("annual.by_level", Pairing.level, "pairing_level")):
        story.heading(story.t(key), 1, room=CHART_ROOM)
        rows = [(label[vocab](r[0]), r.prev, r.cur) for r in data.in_force_by(conn, year, column)]
        story.add(pie_chart([r[0] for r in rows], [r[2] for r in rows], story.t("other"), height=120))
        _comparison(story, rows, year, story.t(f"col.{key.split('_')[-1]}"))

    story.heading(story.t("annual.by_country"), 1)
    rows = [(pick(r.name_en, r.name_zh, story.lang), r.prev, r.cur)
            for r in data.in_force_by(conn, year, CountryB.name_en, CountryB.name_zh)]
    _comparison(story, rows, year, story.t("col.country"))


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
              period(r.start, r.end, lang), label["programme_status"](r.status),
              "、".join(label["cooperation_field"](c) for c in fields.get(r.id, ())) if lang == "zh"
              else ", ".join(label["cooperation_field"](c) for c in fields.get(r.id, ())))
             for r in data.programmes(conn, condition)],
            [4, 3, 2, 1.4, 3])


def _exchanges(story: Story, conn, year: int, label) -> None:
    lang = story.lang
    story.heading(story.t("annual.exchanges", year=year))

    story.heading(story.t("annual.ex_by_type"), 1, room=CHART_ROOM)
    rows = [(label["exchange_type"](r.key), r.n, r.people)
            for r in data.exchange_counts(conn, year, Exchange.exchange_type)]
    rows.sort(key=lambda r: -r[1])
    total = sum(r[1] for r in rows)
    if rows:
        story.add(pie_chart([r[0] for r in rows], [r[1] for r in rows], story.t("other"), height=120))
    story.table([story.t("col.type"), story.t("col.count"), story.t("col.share"),
                 story.t("col.participants")],
                [(name, number(n), f"{n * 100 / total:.1f}%", number(people)) for name, n, people in rows]
                + ([(story.t("total"), number(total), "100%", number(sum(r[2] for r in rows)))]
                   if rows else []),
                [5, 1.3, 1.3, 1.3], numeric=(1, 2, 3), total=bool(rows))

    story.heading(story.t("annual.ex_by_month"), 1, room=CHART_ROOM)
    by_month = {r.key: r.n for r in data.exchange_counts(
        conn, year, func.substr(Exchange.start, 6, 2))}
    months = [by_month.get(f"{m:02d}", 0) for m in range(1, 13)]
    undated = by_month.get("", 0)
    story.add(bar_chart([month_name(m, lang) for m in range(1, 13)], [months],
                        [story.t("col.count")], height=130))
    headers = [story.t("col.month")] + [month_name(m, lang) for m in range(1, 13)] + ["?", story.t("total")]
    story.table(headers, [[story.t("col.count")] + [number(n) for n in months]
                          + [number(undated), number(sum(months) + undated)]],
                [2.2] + [1] * 12 + [0.8, 1.4], numeric=tuple(range(1, 15)))

    story.heading(story.t("annual.ex_by_pairing"), 1)
    story.table([story.t("col.pairing"), story.t("col.country"), story.t("col.count"),
                 story.t("col.participants")],
                [(pairing_name(pick(r.a_name_en, r.a_name_zh, lang), pick(r.b_name_en, r.b_name_zh, lang),
                               lang), pick(r.country_en, r.country_zh, lang), number(r.n),
                  number(r.people)) for r in data.exchanges_by_pairing(conn, year)],
                [5, 2.5, 1.2, 1.4], numeric=(2, 3))

    story.heading(story.t("annual.ex_list"), 1)
    story.table(
        [story.t(c) for c in ("col.date", "col.exchange", "col.type", "col.venue", "col.participants")],
        [(when(r.start, r.end, lang),
          pick(r.title_en, r.title_zh, lang), label["exchange_type"](r.exchange_type),
          r.venue or pick(r.host_en, r.host_zh, lang), number(r.participants))
         for r in data.exchanges(conn, data.in_year(Exchange.start, year))],
        [2.1, 5.5, 2, 2.4, 1.2], numeric=(4,))


def _appendix(story: Story, conn, label) -> None:
    lang = story.lang
    story.page_break()
    story.heading(story.t("annual.appendix"), numbered=False)
    rows = data.pairings(conn)
    if lang == "zh":
        rows.sort(key=lambda r: (sort_key(r.country_zh or r.country_en), r.established or "9",
                                 sort_key(r.b_name_zh or r.b_name_en)))
    else:
        rows.sort(key=lambda r: (r.country_en, r.established or "9", r.b_name_en or r.b_name_zh))
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
