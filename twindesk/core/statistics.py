"""Figures about a register, aggregated in SQL: the dashboard's numbers and charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, desc, func, or_, select
from sqlalchemy.engine import Connection

from twindesk.core import dates
from twindesk.core.anniversaries import anniversaries
from twindesk.core.groups import member_at_end
from twindesk.core.models import (
    AuditEntry,
    Contact,
    Country,
    CountryGroup,
    CountryGroupMember,
    Exchange,
    Pairing,
    Place,
    Programme,
)
from twindesk.core.queries import in_force  # the one rule, shared with the lists and reports


@dataclass
class Overview:
    totals: dict[str, int] = field(default_factory=dict)
    by_continent: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[str, str, str, int]] = field(default_factory=list)  # code, en, zh, n
    by_decade: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    exchanges_per_year: list[tuple[str, int]] = field(default_factory=list)
    expiring: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, en, zh, end
    recent: list[tuple[str, int, str, str]] = field(
        default_factory=list
    )  # entity, id, action, when
    anniversaries: list = field(
        default_factory=list
    )  # anniversaries.Anniversary, this year and next
    by_group: list[tuple[str, str, str, int]] = field(
        default_factory=list
    )  # code, en, zh, in force


def expiring_programmes(
    conn: Connection, today: date, horizon: date, limit: int = 50
) -> list[tuple[int, str, str, str]]:
    """Active or planned programmes whose end falls between today and ``horizon``.

    An end of "2026" may mean any day of 2026, so the text range only narrows the
    candidates; the partial-date bounds decide.
    """
    rows = conn.execute(
        select(Programme.id, Programme.title_en, Programme.title_zh, Programme.end)
        .where(
            Programme.end >= f"{today.year:04d}",
            Programme.end <= horizon.isoformat(),
            or_(Programme.status == "active", Programme.status == "planned"),
        )
        .order_by(Programme.end)
    )
    out = [
        tuple(r)
        for r in rows
        if dates.last_day(r.end) >= today and dates.first_day(r.end) <= horizon
    ]
    return out[:limit]


def overview(
    conn: Connection, *, top: int = 10, today: date | None = None, expiring_months: int = 6
) -> Overview:
    today = today or date.today()
    o = Overview()
    for name, model in (
        ("pairings", Pairing),
        ("places", Place),
        ("programmes", Programme),
        ("exchanges", Exchange),
        ("contacts", Contact),
    ):
        o.totals[name] = conn.execute(select(func.count()).select_from(model)).scalar_one()
    o.totals["in_force"] = conn.execute(
        select(func.count()).select_from(Pairing).where(in_force())
    ).scalar_one()
    partner_country = (
        select(Pairing.id, Country.code, Country.name_en, Country.name_zh, Country.continent)
        .join(Place, Place.id == Pairing.place_b_id)
        .join(Country, Country.code == Place.country_code)
        .where(in_force())
        .subquery()
    )
    o.by_continent = [
        tuple(r)
        for r in conn.execute(
            select(partner_country.c.continent, func.count())
            .group_by(partner_country.c.continent)
            .order_by(desc(func.count()))
        )
    ]
    o.by_country = [
        tuple(r)
        for r in conn.execute(
            select(
                partner_country.c.code,
                partner_country.c.name_en,
                partner_country.c.name_zh,
                # every column grouped: PostgreSQL, unlike SQLite, takes no column that is not
                func.count(),
            )
            .group_by(partner_country.c.code, partner_country.c.name_en, partner_country.c.name_zh)
            .order_by(desc(func.count()))
            .limit(top)
        )
    ]
    decade = func.substr(Pairing.established, 1, 3)
    found = dict(
        conn.execute(
            select(decade, func.count()).where(Pairing.established != "").group_by(decade)
        ).all()
    )
    # Every decade from the first to the last, the empty ones as 0: a gap in the chart
    # must show as a gap, not vanish.
    first, last = (min(map(int, found)), max(map(int, found))) if found else (0, -1)
    o.by_decade = [(f"{d}0s", found.get(str(d), 0)) for d in range(first, last + 1)]
    o.by_kind = [
        tuple(r)
        for r in conn.execute(
            select(Pairing.kind, func.count()).group_by(Pairing.kind).order_by(desc(func.count()))
        )
    ]
    year = func.substr(Exchange.start, 1, 4)
    o.exchanges_per_year = [
        tuple(r)
        for r in conn.execute(
            select(year, func.count()).where(Exchange.start != "").group_by(year).order_by(year)
        )
    ]
    horizon = today + timedelta(days=round(expiring_months * 30.44))
    o.expiring = expiring_programmes(conn, today, horizon)
    o.anniversaries = anniversaries(conn, today.year, today.year + 1)
    # Pairings in force with partners in each group as it is now (the lists' group filter).
    o.by_group = [
        tuple(r)
        for r in conn.execute(
            select(
                CountryGroup.code,
                CountryGroup.name_en,
                CountryGroup.name_zh,
                func.count(func.distinct(partner_country.c.id)),
            )
            .outerjoin(
                CountryGroupMember,
                and_(CountryGroupMember.group_code == CountryGroup.code, member_at_end()),
            )
            .outerjoin(partner_country, partner_country.c.code == CountryGroupMember.country_code)
            .group_by(CountryGroup.code)
            .order_by(CountryGroup.sort_order, CountryGroup.name_en)
        )
    ]
    o.recent = [
        tuple(r)
        for r in conn.execute(
            select(
                AuditEntry.entity, AuditEntry.record_id, AuditEntry.action, func.max(AuditEntry.at)
            )
            .group_by(AuditEntry.entity, AuditEntry.record_id, AuditEntry.action)
            .order_by(desc(func.max(AuditEntry.at)))
            .limit(10)
        )
    ]
    return o
