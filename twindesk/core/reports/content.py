"""The sections of the annual report beyond the key figures: what an office's annual work
summary reports (issue #17 items 9-13, 15).

Each section is one function ``(story, conn, year, label, undated)`` registered in
``SECTIONS`` under a short id, so a report (the full one, a summary edition) calls them
by name: "narrative", "groups", "changes", "delegations", "anniversaries", "dormant".
Counts are GROUP BY queries, as in ``data``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    Subquery,
    and_,
    case,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import aliased
from sqlmodel import col

from twindesk.core import narrative
from twindesk.core.anniversaries import anniversaries
from twindesk.core.groups import exchange_countries, member_at_end
from twindesk.core.i18n import translate
from twindesk.core.models import (
    Country,
    CountryGroup,
    CountryGroupMember,
    Exchange,
    ExchangeField,
    ExchangePairing,
    Pairing,
    PairingStatusChange,
    Programme,
)
from twindesk.core.operations.entities import EXCHANGE_DIRECTIONS
from twindesk.core.queries import Filter, PlaceB, list_query
from twindesk.core.reports import data
from twindesk.core.reports.charts import bar_chart
from twindesk.core.reports.layout import Cell, Story
from twindesk.core.reports.text import (
    TEXT,
    change,
    continent,
    month_name,
    number,
    pairing_name,
    people,
    pick,
    short_date,
    sort_key,
)

TEXT.update(
    {
        # narrative
        "narrative.foreword": ("Foreword", "前言"),
        "narrative.work": ("Summary of the year's work", "年度工作总结"),
        "narrative.overview": ("Overview of the work", "工作概述"),
        "narrative.results": ("Main results", "主要成效"),
        "narrative.problems": ("Problems", "存在问题"),
        "narrative.next_steps": ("Next steps", "下一步工作"),
        # groups
        "groups.title": ("Country groups", "按国家集团统计"),
        "groups.pairings": (
            "Pairings in force with members of each group",
            "与各国家集团成员国的存续结好关系",
        ),
        "groups.exchanges": (
            "Exchanges in {year} with members of each group",
            "{year}年与各国家集团成员国的交流活动",
        ),
        "groups.note": (
            "Members as of the end of each year; a country may be in several groups, so "
            "the rows do not add up. Memberships without a date count in every year.",
            "成员国按各年年末计；一个国家可属于多个集团，故各行不相加。未记录加入日期的成员国计入各年。",
        ),
        "col.group": ("Group", "国家集团"),
        # changes
        "changes.title": ("Changes in {year}", "{year}年结好关系变化"),
        "changes.status": ("Changes of status", "状态变更"),
        "changes.ended": ("Pairings ended", "终止的结好关系"),
        "changes.signed": ("Agreements and memoranda signed", "新签协议与备忘录"),
        "changes.signed_by_kind": ("Documents signed, by kind", "新签文件（按类别）"),
        "changes.programme": ("Cooperation programme", "合作项目协议"),
        "col.from_status": ("From", "原状态"),
        "col.to_status": ("To", "新状态"),
        "col.reason": ("Reason", "原因"),
        "col.document": ("Document", "文件类别"),
        "col.title_or_place": ("Title or place of signing", "名称或签约地点"),
        # delegations
        "deleg.title": ("Delegations and exchanges in {year}", "{year}年出访、来访与交流"),
        "deleg.by_direction": ("Incoming and outgoing delegations", "出访与来访"),
        "deleg.by_country": ("By country", "按国家统计"),
        "deleg.by_continent": ("By continent", "按大洲统计"),
        "deleg.by_field": ("By field of cooperation", "按合作领域统计"),
        "deleg.by_leader": ("By the leader's level", "按团长级别统计"),
        "col.leader_level": ("Leader's level", "团长级别"),
        "deleg.by_month": ("By month and direction", "按月份与方向统计"),
        "deleg.note": (
            "A batch (批次) is one exchange; people (人次) add up the recorded participants. "
            "An exchange with partners in several countries, continents or fields counts "
            "once in each. The list of exchanges above gives each one's direction.",
            "批次指交流活动项数，人次为已记录参加人数之和。涉及多个国家、大洲或领域的交流活动在各行分别计入。"
            "各项活动的方向见上文交流活动一览。",
        ),
        "deleg.none": ("No exchanges were recorded in {year}.", "{year}年未记录交流活动。"),
        "dir.incoming": ("Incoming", "来访"),
        "dir.outgoing": ("Outgoing", "出访"),
        "dir.online": ("Online", "线上"),
        "dir.local": ("Held here", "本地举办"),
        "dir.": ("Not recorded", "未记录"),
        "col.direction": ("Direction", "方向"),
        "col.batches": ("Batches", "批次"),
        "col.people": ("People", "人次"),
        "col.in_batches": ("In", "来访批次"),
        "col.in_people": ("In: people", "来访人次"),
        "col.out_batches": ("Out", "出访批次"),
        "col.out_people": ("Out: people", "出访人次"),
        "col.countries": ("Countries", "国家"),
        "col.field": ("Field", "合作领域"),
        "not_recorded": ("Not recorded", "未记录"),
        # anniversaries
        "anniv.title": (
            "Round anniversaries in {year} and {next}",
            "{year}年和{next}年逢五逢十的结好纪念",
        ),
        "anniv.years": ("{years}th", "{years}周年"),
        "anniv.col": ("Anniversary", "周年"),
        "anniv.note": (
            "Pairings in force at the end of {year} whose 5th, 10th, 15th… anniversary "
            "falls in {year} or {next}; a date given to the month or year only stays so.",
            "{year}年末存续、且在{year}年或{next}年迎来结好5周年、10周年、15周年等的结好关系；"
            "仅记录到年或月的日期照录。",
        ),
        # dormant
        "dormant.title": ("Dormant pairings", "不活跃的结好关系"),
        "dormant.note": (
            "{count} of the {total} pairings in force at the end of {year} have no "
            "exchange recorded in {first}–{year}.",
            "{year}年末存续的 {total} 个结好关系中，有 {count} 个在{first}—{year}年间没有交流活动记录。",
        ),
        "col.last_exchange": ("Last exchange", "最近一次交流"),
        "never": ("none recorded", "无记录"),
    }
)

Section = Callable[..., None]
DIRECTIONS = (*EXCHANGE_DIRECTIONS, "")


T = TypeVar("T")
# For each vocabulary, a term's label in the report's language (annual.py makes them).
Labels = dict[str, Callable[[str], str]]


def first_rows(story: Story, rows: Iterable[T], top: int | None) -> tuple[list[T], str]:
    """A list cut to its first ``top`` rows (the summary edition), and the note saying so;
    every section of the annual report cuts its lists with it."""
    rows = list(rows)
    if top is None or len(rows) <= top:
        return rows, ""
    return rows[:top], story.t("annual.more_rows", shown=number(top), count=number(len(rows)))


def _table(
    story: Story,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths: Sequence[float],
    top: int | None = None,
    **kw: Any,
) -> None:
    rows, note = first_rows(story, rows, top)
    story.table(headers, rows, widths, **kw)
    if note:
        story.para(note, "note")


# --------------------------------------------------------------------------- narrative
def narrative_section(
    story: Story,
    conn: Connection,
    year: int,
    label: Labels,
    undated: bool = True,
    top: int | None = None,
) -> None:
    """The office's own texts for the year, when it wrote any (``core.narrative``)."""
    texts = narrative.read(conn, year)
    if not texts:
        return

    def paragraphs(section: str) -> None:
        for paragraph in pick(*texts[section], story.lang).split("\n"):
            if paragraph.strip():
                story.para(paragraph.strip())

    if "foreword" in texts:
        story.heading(story.t("narrative.foreword"), numbered=False)
        paragraphs("foreword")
    parts = [s for s in narrative.SECTIONS[1:] if s in texts]
    if parts:
        story.heading(story.t("narrative.work"))
        for section in parts:
            story.heading(story.t(f"narrative.{section}"), 1)
            paragraphs(section)


# --------------------------------------------------------------------------- groups
def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def pairings_by_group(
    conn: Connection, year: int, undated: bool = True
) -> dict[str, tuple[int, int]]:
    """{group: (previous year, this year)}: pairings in force at each year's end whose
    partner's country was a member at that year's end."""
    m = CountryGroupMember
    ids = [
        func.count(
            func.distinct(case((and_(data.in_force(y, undated), member_at_end(y)), Pairing.id)))
        )
        for y in (year - 1, year)
    ]
    rows = conn.execute(
        select(col(m.group_code), ids[0], ids[1])
        .select_from(m)
        .join(PlaceB, col(PlaceB.country_code) == col(m.country_code))
        .join(Pairing, col(Pairing.place_b_id) == col(PlaceB.id))
        .group_by(col(m.group_code))
    )
    return {code: (prev, cur) for code, prev, cur in rows}


def exchanges_by_group(conn: Connection, year: int) -> dict[str, tuple[int | None, int, int]]:
    """{group: (participants, of them with a number, exchanges)} of ``year``: exchanges
    with a partner country that was a member at the year's end (``exchange_countries``)."""
    ec = exchange_countries(_of_year(year))
    m = CountryGroupMember
    pairs = (
        select(col(m.group_code), ec.c.exchange_id)
        .join(ec, ec.c.country_code == col(m.country_code))
        .where(member_at_end(year))
        .distinct()
        .subquery()
    )
    rows = conn.execute(
        select(
            pairs.c.group_code,
            func.count(),
            func.sum(col(Exchange.participants)),
            func.count(col(Exchange.participants)),
        )
        .join(Exchange, col(Exchange.id) == pairs.c.exchange_id)
        .where(data.in_year(col(Exchange.start), year))
        .group_by(pairs.c.group_code)
    )
    return {code: (p, known, n) for code, n, p, known in rows}  # the order ``people`` takes


def groups_section(
    story: Story,
    conn: Connection,
    year: int,
    label: Labels,
    undated: bool = True,
    top: int | None = None,
) -> None:
    groups = list(
        conn.execute(
            select(
                col(CountryGroup.code), col(CountryGroup.name_en), col(CountryGroup.name_zh)
            ).order_by(col(CountryGroup.sort_order), col(CountryGroup.name_en))
        )
    )
    if not groups:
        return
    lang = story.lang
    story.heading(story.t("groups.title"))
    story.para(story.t("groups.note"), "note")
    story.heading(story.t("groups.pairings"), 1)
    counts = pairings_by_group(conn, year, undated)
    story.table(
        [
            story.t("col.group"),
            story.t("prev_year", year=year - 1),
            story.t("prev_year", year=year),
            story.t("change"),
        ],
        [
            (
                pick(en, zh, lang),
                number(counts.get(code, (0, 0))[0]),
                number(counts.get(code, (0, 0))[1]),
                change(counts.get(code, (0, 0))[1], counts.get(code, (0, 0))[0]),
            )
            for code, en, zh in groups
        ],
        [5, 1.3, 1.3, 1.3],
        numeric=(1, 2, 3),
    )
    story.heading(story.t("groups.exchanges", year=year), 1)
    ex = exchanges_by_group(conn, year)
    story.table(
        [story.t("col.group"), story.t("col.count"), story.t("col.participants")],
        [
            (
                pick(en, zh, lang),
                number(ex.get(code, (0, 0, 0))[2]),
                people(*ex[code], lang) if code in ex else "",
            )
            for code, en, zh in groups
        ],
        [5, 1.5, 1.5],
        numeric=(1, 2),
    )


# --------------------------------------------------------------------------- changes
def status_changes(conn: Connection, year: int) -> list:
    """Status changes dated in ``year``, each with the status before it: the pairing's
    latest entry dated before it; failing that, the one recorded before it (a pairing
    entered without a date of establishment has its first status dated the day it was
    entered, which may be after a change the clerk dates in the past)."""
    h, before = PairingStatusChange, aliased(PairingStatusChange, name="before")
    dated = (
        select(col(before.status))
        .where(
            col(before.pairing_id) == col(h.pairing_id),
            col(before.date) != "",
            or_(
                col(before.date) < col(h.date),
                and_(col(before.date) == col(h.date), col(before.id) < col(h.id)),
            ),
        )
        .order_by(col(before.date).desc(), col(before.id).desc())
        .limit(1)
        .correlate(h)
        .scalar_subquery()
    )
    recorded = (
        select(col(before.status))
        .where(
            col(before.pairing_id) == col(h.pairing_id),
            col(before.id) != col(h.id),
            col(before.recorded_at) < col(h.recorded_at),
        )
        .order_by(col(before.recorded_at).desc(), col(before.id).desc())
        .limit(1)
        .correlate(h)
        .scalar_subquery()
    )
    previous = func.coalesce(dated, recorded)
    pairings = list_query("pairing", Filter()).subquery()
    return list(
        conn.execute(
            select(
                col(h.date),
                col(h.status),
                col(h.note),
                previous.label("previous"),
                pairings.c.a_name_en,
                pairings.c.a_name_zh,
                pairings.c.b_name_en,
                pairings.c.b_name_zh,
                pairings.c.country_en,
                pairings.c.country_zh,
            )
            .join(pairings, pairings.c.id == col(h.pairing_id))
            .where(data.in_year(col(h.date), year))
            .order_by(col(h.date), col(h.id))
        )
    )


def ended_pairings(conn: Connection, year: int) -> list:
    return list(
        conn.execute(
            list_query("pairing", Filter(), order_by=[("ended", False)])
            .add_columns(col(Pairing.end_reason))
            .where(data.in_year(col(Pairing.ended), year))
        )
    )


def signed_documents(
    conn: Connection, year: int
) -> list[tuple[str, str, Row, str | tuple[str, str]]]:
    """(date, kind, pairing row, title or place) of the pairings established and the
    programmes signed in ``year``, by date; kind is a pairing kind or "programme"."""
    out: list[tuple[str, str, Row, str | tuple[str, str]]] = [
        (
            r.established,
            r.kind,
            r,
            " · ".join(x for x in (r.signed_at_place, r.signed_at_event) if x),
        )
        for r in data.pairings(conn, Filter(year_from=year, year_to=year))
    ]
    out += [
        (r.start, "programme", r, (r.title_en, r.title_zh))
        for r in data.programmes(conn, data.in_year(col(Programme.start), year))
    ]
    out.sort(key=lambda d: (d[0], d[1]))
    return out


def changes_section(
    story: Story,
    conn: Connection,
    year: int,
    label: Labels,
    undated: bool = True,
    top: int | None = None,
) -> None:
    lang = story.lang

    def name(r: Row) -> str:
        return pairing_name(
            pick(r.a_name_en, r.a_name_zh, lang), pick(r.b_name_en, r.b_name_zh, lang), lang
        )

    status = label["pairing_status"]
    story.heading(story.t("changes.title", year=year))
    story.heading(story.t("changes.status"), 1)
    _table(
        story,
        [
            story.t(c)
            for c in (
                "col.date",
                "col.pairing",
                "col.country",
                "col.from_status",
                "col.to_status",
                "col.reason",
            )
        ],
        [
            (
                short_date(r.date, lang),
                name(r),
                pick(r.country_en, r.country_zh, lang),
                status(r.previous) if r.previous else "",
                status(r.status),
                r.note,
            )
            for r in status_changes(conn, year)
        ],
        [1.8, 3.4, 1.6, 1.4, 1.4, 3],
        top,
    )
    story.heading(story.t("changes.ended"), 1)
    _table(
        story,
        [
            story.t(c)
            for c in ("col.ended", "col.pairing", "col.country", "col.status", "col.reason")
        ],
        [
            (
                short_date(r.ended, lang),
                name(r),
                pick(r.country_en, r.country_zh, lang),
                status(r.status),
                r.end_reason,
            )
            for r in ended_pairings(conn, year)
        ],
        [1.8, 3.6, 1.8, 1.4, 4],
        top,
    )
    documents = signed_documents(conn, year)
    story.heading(story.t("changes.signed"), 1)
    kind = label["pairing_kind"]
    _table(
        story,
        [story.t(c) for c in ("col.date", "col.document", "col.pairing", "col.title_or_place")],
        [
            (
                short_date(d, lang),
                story.t("changes.programme") if k == "programme" else kind(k),
                name(r),
                pick(*extra, lang) if isinstance(extra, tuple) else extra,
            )
            for d, k, r, extra in documents
        ],
        [1.8, 2.4, 3.6, 4],
        top,
    )
    if documents:
        story.heading(story.t("changes.signed_by_kind"), 1)
        by_kind: dict[str, int] = defaultdict(int)
        for _d, k, _r, _x in documents:
            by_kind[story.t("changes.programme") if k == "programme" else kind(k)] += 1
        rows = sorted(by_kind.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))
        story.table(
            [story.t("col.document"), story.t("col.count")],
            [(k, number(n)) for k, n in rows] + [(story.t("total"), number(len(documents)))],
            [5, 1.5],
            numeric=(1,),
            total=True,
        )


# --------------------------------------------------------------------------- delegations
Tally = dict[str, tuple[int, int | None, int]]  # direction -> (exchanges, people, known)


def by_direction(
    conn: Connection,
    year: int,
    pairs: Subquery | None = None,
    *,
    key: SQLColumnExpression[Any] | None = None,
) -> dict[str, Tally]:
    """{key: {direction: (exchanges, participants, of them with a number)}} of ``year``.
    ``pairs`` is a subquery of (exchange_id, key): an exchange's countries, continents or
    fields; without it ``key`` is a column of the exchange, by default its month ("01"..
    "12", "" when not known)."""
    query: Select
    if pairs is None:
        key, query = (func.substr(Exchange.start, 6, 2) if key is None else key), select()
    else:
        key, query = (
            pairs.c.key,
            select().select_from(pairs).join(Exchange, col(Exchange.id) == pairs.c.exchange_id),
        )
    rows = conn.execute(
        query.add_columns(
            key.label("key"),
            col(Exchange.direction),
            func.count(),
            func.sum(col(Exchange.participants)),
            func.count(col(Exchange.participants)),
        )
        .where(data.in_year(col(Exchange.start), year))
        .group_by(key, col(Exchange.direction))
    )
    out: dict[str, Tally] = defaultdict(dict)
    for k, direction, n, p, known in rows:
        out[k or ""][direction] = (n, p, known)
    return out


def year_tally(conn: Connection, year: int) -> Tally:
    """The whole year's exchanges by direction."""
    return {
        r.key: (r.n, r.people, r.known)
        for r in data.exchange_counts(conn, year, col(Exchange.direction))
    }


def _of_year(year: int) -> Select[int | None]:
    return select(col(Exchange.id)).where(data.in_year(col(Exchange.start), year))


def _pairs_by_country(year: int) -> Subquery:
    ec = exchange_countries(_of_year(year))
    return select(ec.c.exchange_id, ec.c.country_code.label("key")).subquery()


def _pairs_by_continent(year: int) -> Subquery:
    ec = exchange_countries(_of_year(year))
    return (
        select(ec.c.exchange_id, col(Country.continent).label("key"))
        .join(Country, col(Country.code) == ec.c.country_code)
        .distinct()
        .subquery()
    )


def _pairs_by_field() -> Subquery:
    return select(
        col(ExchangeField.exchange_id), col(ExchangeField.field_code).label("key")
    ).subquery()


def _total(tally: Tally, directions: Iterable[str] = DIRECTIONS) -> tuple[int, int, int]:
    cells = [tally.get(d, (0, 0, 0)) for d in directions]
    return sum(c[0] for c in cells), sum(c[1] or 0 for c in cells), sum(c[2] for c in cells)


def delegations_section(
    story: Story,
    conn: Connection,
    year: int,
    label: Labels,
    undated: bool = True,
    top: int | None = None,
) -> None:
    lang = story.lang
    story.heading(story.t("deleg.title", year=year))
    tally = year_tally(conn, year)
    if not tally:
        story.para(story.t("deleg.none", year=year), "note")
        return
    prev = year_tally(conn, year - 1)
    story.para(story.t("deleg.note"), "note")

    story.heading(story.t("deleg.by_direction"), 1)
    rows = []
    for d in DIRECTIONS:
        n, p, known = tally.get(d, (0, 0, 0))
        n_prev = prev.get(d, (0, 0, 0))[0]
        if n or n_prev:
            rows.append(
                (
                    story.t(f"dir.{d}"),
                    number(n_prev),
                    number(n),
                    change(n, n_prev),
                    people(p, known, n, lang) if n else "",
                )
            )
    n, p, known = _total(tally)
    rows.append(
        (
            story.t("total"),
            number(_total(prev)[0]),
            number(n),
            change(n, _total(prev)[0]),
            people(p, known, n, lang),
        )
    )
    story.table(
        [
            story.t("col.direction"),
            story.t("prev_year", year=year - 1),
            story.t("prev_year", year=year),
            story.t("change"),
            story.t("col.people"),
        ],
        rows,
        [4, 1.3, 1.3, 1.3, 1.5],
        numeric=(1, 2, 3, 4),
        total=True,
    )

    def breakdown(
        title: str, first: str, tallies: dict[str, Tally], name: Callable[[str], str]
    ) -> None:
        story.heading(title, 1)
        body = []
        for key, t in tallies.items():
            n, p, known = _total(t)
            cells = [name(key), number(n), people(p, known, n, lang)]
            for d in ("incoming", "outgoing"):
                dn, dp, dk = t.get(d, (0, 0, 0))
                cells += [number(dn), people(dp, dk, dn, lang) if dn else ""]
            body.append((n, sort_key(cells[0]), cells))
        body.sort(key=lambda b: (-b[0], b[1]))
        _table(
            story,
            [
                first,
                story.t("col.batches"),
                story.t("col.people"),
                story.t("col.in_batches"),
                story.t("col.in_people"),
                story.t("col.out_batches"),
                story.t("col.out_people"),
            ],
            [b[2] for b in body],
            [3.6, 1.2, 1.3, 1.2, 1.3, 1.2, 1.3],
            top,
            numeric=(1, 2, 3, 4, 5, 6),
        )

    countries = {
        c.code: pick(c.name_en, c.name_zh, lang)
        for c in conn.execute(select(col(Country.code), col(Country.name_en), col(Country.name_zh)))
    }
    not_recorded = story.t("not_recorded")
    breakdown(
        story.t("deleg.by_country"),
        story.t("col.country"),
        by_direction(conn, year, _pairs_by_country(year)),
        lambda k: countries.get(k, k),
    )
    breakdown(
        story.t("deleg.by_continent"),
        story.t("col.continent"),
        by_direction(conn, year, _pairs_by_continent(year)),
        lambda k: continent(k, lang),
    )
    breakdown(
        story.t("deleg.by_field"),
        story.t("col.field"),
        by_direction(conn, year, _pairs_by_field()),
        lambda k: label["cooperation_field"](k) if k else not_recorded,
    )
    breakdown(
        story.t("deleg.by_leader"),
        story.t("col.leader_level"),
        by_direction(conn, year, key=col(Exchange.leader_level)),
        lambda k: translate(f"leader_level.{k}", lang),
    )

    story.heading(story.t("deleg.by_month"), 1)
    months = by_direction(conn, year)
    keys = [f"{m:02d}" for m in range(1, 13)] + ([""] if "" in months else [])
    series = [[months.get(k, {}).get(d, (0, 0, 0))[0] for k in keys[:12]] for d in DIRECTIONS[:2]]
    if any(any(s) for s in series):
        story.add(
            bar_chart(
                [month_name(m, lang) for m in range(1, 13)],
                series,
                [story.t("dir.incoming"), story.t("dir.outgoing")],
                height=130,
            )
        )
    story.table(
        [story.t("col.month")] + [story.t(f"dir.{d}") for d in DIRECTIONS] + [story.t("total")],
        [
            [month_name(int(k), lang) if k else story.t("unknown")]
            + [number(months.get(k, {}).get(d, (0, 0, 0))[0]) for d in DIRECTIONS]
            + [number(_total(months.get(k, {}))[0])]
            for k in keys
        ]
        + [
            [story.t("total")]
            + [number(tally.get(d, (0, 0, 0))[0]) for d in DIRECTIONS]
            + [number(_total(tally)[0])]
        ],
        [2] + [1.3] * len(DIRECTIONS) + [1.3],
        numeric=tuple(range(1, len(DIRECTIONS) + 2)),
        total=True,
    )


# --------------------------------------------------------------------------- anniversaries
def anniversaries_section(
    story: Story,
    conn: Connection,
    year: int,
    label: Labels,
    undated: bool = True,
    top: int | None = None,
) -> None:
    lang = story.lang
    story.heading(story.t("anniv.title", year=year, next=year + 1))
    story.para(story.t("anniv.note", year=year, next=year + 1), "note")
    _table(
        story,
        [
            story.t(c)
            for c in ("col.date", "anniv.col", "col.pairing", "col.country", "col.established")
        ],
        [
            (
                short_date(a.date, lang),
                story.t("anniv.years", years=a.years),
                pairing_name(pick(a.a_en, a.a_zh, lang), pick(a.b_en, a.b_zh, lang), lang),
                pick(a.country_en, a.country_zh, lang),
                short_date(a.established, lang),
            )
            for a in anniversaries(conn, year, year + 1, condition=data.in_force(year, undated))
        ],
        [2, 1.4, 4.4, 2, 2],
        top,
    )


# --------------------------------------------------------------------------- dormant
def dormant(conn: Connection, year: int, undated: bool = True) -> list:
    """Pairings in force at the end of ``year`` with no exchange dated in the four years
    ``year``-3 .. ``year``; ``last`` is their latest exchange before then, if any."""
    first = f"{year - 3:04d}"
    after = f"{year + 1:04d}"
    held = (
        select(col(Exchange.start))
        .join(ExchangePairing, col(ExchangePairing.exchange_id) == col(Exchange.id))
        .where(
            col(ExchangePairing.pairing_id) == col(Pairing.id),
            col(Exchange.start) != "",
            col(Exchange.start) < after,
        )
        .correlate(Pairing)
    )
    last = held.with_only_columns(func.max(Exchange.start)).scalar_subquery()
    recent = held.where(col(Exchange.start) >= first).exists()
    return list(
        conn.execute(
            list_query("pairing", Filter())
            .add_columns(last.label("last"))
            .where(data.in_force(year, undated), ~recent)
        )
    )


def dormant_section(
    story: Story,
    conn: Connection,
    year: int,
    label: Labels,
    undated: bool = True,
    top: int | None = None,
) -> None:
    lang = story.lang
    rows = dormant(conn, year, undated)
    total = conn.execute(
        select(func.count()).select_from(Pairing).where(data.in_force(year, undated))
    ).scalar_one()
    story.heading(story.t("dormant.title"))
    story.para(
        story.t(
            "dormant.note", count=number(len(rows)), total=number(total), year=year, first=year - 3
        ),
        "note",
    )
    rows.sort(
        key=lambda r: (
            r.last or "",
            sort_key(pick(r.country_en, r.country_zh, lang)),
            sort_key(pick(r.b_name_en, r.b_name_zh, lang)),
        )
    )
    _table(
        story,
        [
            story.t(c)
            for c in ("col.pairing", "col.country", "col.established", "col.last_exchange")
        ],
        [
            (
                pairing_name(
                    pick(r.a_name_en, r.a_name_zh, lang), pick(r.b_name_en, r.b_name_zh, lang), lang
                ),
                pick(r.country_en, r.country_zh, lang),
                short_date(r.established, lang),
                short_date(r.last, lang) if r.last else story.t("never"),
            )
            for r in rows
        ],
        [5, 2.4, 2, 2],
        top,
    )


SECTIONS: dict[str, Section] = {
    "narrative": narrative_section,
    "groups": groups_section,
    "changes": changes_section,
    "delegations": delegations_section,
    "anniversaries": anniversaries_section,
    "dormant": dormant_section,
}
