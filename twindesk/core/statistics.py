"""Figures about a register, aggregated in SQL: the dashboard's numbers and charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, desc, func, or_, select
from sqlalchemy.engine import Connection, Result
from sqlmodel import col

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
    recent: list[tuple[str, int, str, datetime]] = field(
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
    rows: Result = conn.execute(  # ids from the register: never None
        select(
            col(Programme.id), col(Programme.title_en), col(Programme.title_zh), col(Programme.end)
        )
        .where(
            col(Programme.end) >= f"{today.year:04d}",
            col(Programme.end) <= horizon.isoformat(),
            or_(col(Programme.status) == "active", col(Programme.status) == "planned"),
        )
        .order_by(col(Programme.end))
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
        select(
            col(Pairing.id),
            col(Country.code),
            col(Country.name_en),
            col(Country.name_zh),
            col(Country.continent),
        )
        .join(Place, col(Place.id) == col(Pairing.place_b_id))
        .join(Country, col(Country.code) == col(Place.country_code))
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
    found: dict[str, int] = dict(
        conn.execute(
            select(decade, func.count()).where(col(Pairing.established) != "").group_by(decade)
        ).all()
    )
    # Every decade from the first to the last, the empty ones as 0: a gap in the chart
    # must show as a gap, not vanish.
    first, last = (min(map(int, found)), max(map(int, found))) if found else (0, -1)
    o.by_decade = [(f"{d}0s", found.get(str(d), 0)) for d in range(first, last + 1)]
    o.by_kind = [
        (kind, n)
        for kind, n in conn.execute(
            select(col(Pairing.kind), func.count())
            .group_by(col(Pairing.kind))
            .order_by(desc(func.count()))
        )
    ]
    year = func.substr(Exchange.start, 1, 4)
    o.exchanges_per_year = [
        tuple(r)
        for r in conn.execute(
            select(year, func.count())
            .where(col(Exchange.start) != "")
            .group_by(year)
            .order_by(year)
        )
    ]
    horizon = today + timedelta(days=round(expiring_months * 30.44))
    o.expiring = expiring_programmes(conn, today, horizon)
    o.anniversaries = anniversaries(conn, today.year, today.year + 1)
    # Pairings in force with partners in each group as it is now (the lists' group filter).
    o.by_group = [
        (code, en, zh, n)
        for code, en, zh, n in conn.execute(
            select(
                col(CountryGroup.code),
                col(CountryGroup.name_en),
                col(CountryGroup.name_zh),
                func.count(func.distinct(partner_country.c.id)),
            )
            .outerjoin(
                CountryGroupMember,
                and_(col(CountryGroupMember.group_code) == col(CountryGroup.code), member_at_end()),
            )
            .outerjoin(
                partner_country, partner_country.c.code == col(CountryGroupMember.country_code)
            )
            .group_by(col(CountryGroup.code))
            .order_by(col(CountryGroup.sort_order), col(CountryGroup.name_en))
        )
    ]
    o.recent = [
        (entity, rid, action, when)
        for entity, rid, action, when in conn.execute(
            select(
                col(AuditEntry.entity),
                col(AuditEntry.record_id),
                col(AuditEntry.action),
                func.max(col(AuditEntry.at)),
            )
            .group_by(col(AuditEntry.entity), col(AuditEntry.record_id), col(AuditEntry.action))
            .order_by(desc(func.max(col(AuditEntry.at))))
            .limit(10)
        )
    ]
    return o
