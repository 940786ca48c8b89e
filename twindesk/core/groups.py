"""Country groups the office reports on (SCO, BRICS, ASEAN, the EU, Belt and Road partners).

A group has members with the dates they joined and left (partial ISO dates, "" when not
known), because groups grow: the 2016 report counts the SCO of 2016, without India. A
membership without a joining date counts in every year, as an undated pairing does.
The groups a register starts with come from ``db/reference/country_groups.csv`` and are
put in once (``seed``); after that they are the clerk's to edit.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, delete, exists, func, inspect, or_, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from twindesk.core.dates import DateParseError, parse_partial
from twindesk.core.errors import ValidationError
from twindesk.core.models import (
    Country,
    CountryGroup,
    CountryGroupMember,
    ExchangePairing,
    ExchangePlace,
    Pairing,
    Place,
    RegisterInfo,
)
from twindesk.paths import db_dir

SEEDED_KEY = "country_groups_seeded"


@dataclass
class Member:
    country_code: str
    joined: str = ""
    left: str = ""


# --------------------------------------------------------------------------- seeding
def seed(conn: Connection) -> int:
    """Put the reference groups into a register that has never had them; returns how many
    groups were added. Runs once per register (a marker in register_info), so a group
    the clerk deleted does not come back."""
    if "country_group" not in inspect(conn).get_table_names():
        return 0  # an older schema: the upgrade to 0007 brings the tables, then this runs
    info = RegisterInfo.__table__
    if conn.execute(select(info.c.value).where(info.c.key == SEEDED_KEY)).first():
        return 0
    path = db_dir() / "reference" / "country_groups.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    existing = set(conn.execute(select(CountryGroup.code)).scalars())
    groups = {r["group"]: r for r in rows if r["group"] not in existing}
    if groups:
        conn.execute(
            CountryGroup.__table__.insert(),
            [
                {
                    "code": g,
                    "name_en": r["name_en"],
                    "name_zh": r["name_zh"],
                    "sort_order": int(r["sort_order"]),
                }
                for g, r in groups.items()
            ],
        )
        conn.execute(
            CountryGroupMember.__table__.insert(),
            [
                {
                    "group_code": r["group"],
                    "country_code": r["country"],
                    "joined": r["joined"],
                    "left": r["left"],
                }
                for r in rows
                if r["group"] in groups
            ],
        )
    conn.execute(info.insert(), {"key": SEEDED_KEY, "value": "1"})
    return len(groups)


# --------------------------------------------------------------------------- SQL conditions
def member_at_end(year: int | None = None):
    """A membership row that holds at the end of ``year`` (now, without a year)."""
    m = CountryGroupMember
    if year is None:
        return m.left == ""
    after = f"{year + 1:04d}"
    return and_(or_(m.joined == "", m.joined < after), or_(m.left == "", m.left >= after))


def in_groups(country, groups: Sequence[str], year: int | None = None):
    """``country`` (a country code column) is in one of ``groups`` at the end of ``year``."""
    m = CountryGroupMember
    return exists().where(
        m.country_code == country, m.group_code.in_(list(groups)), member_at_end(year)
    )


def local_countries():
    """The countries of the register's local sides (China, for a Chinese office)."""
    return select(Place.country_code).where(Place.id.in_(select(Pairing.place_a_id))).distinct()


def exchange_countries(only=None):  # noqa: ANN001, ANN201 - SQL in, a subquery out
    """(exchange_id, country_code): the partner countries of each exchange: those of the
    pairings it was held under, and of its places outside the local sides' countries.
    ``only``: a select of the exchange ids wanted (a year's), read first, by index."""
    partner = aliased(Place, name="partner_place")
    by_pairing = (
        select(ExchangePairing.exchange_id, partner.country_code)
        .join(Pairing, Pairing.id == ExchangePairing.pairing_id)
        .join(partner, partner.id == Pairing.place_b_id)
    )
    by_place = (
        select(ExchangePlace.exchange_id, Place.country_code)
        .join(Place, Place.id == ExchangePlace.place_id)
        .where(Place.country_code.not_in(local_countries()))
    )
    if only is not None:
        by_pairing = by_pairing.where(ExchangePairing.exchange_id.in_(only))
        by_place = by_place.where(ExchangePlace.exchange_id.in_(only))
    return union(by_pairing, by_place).subquery("exchange_country")


def exchange_in_groups(exchange_id, groups: Sequence[str], year: int | None = None):
    """The exchange ``exchange_id`` has a partner country in one of ``groups``."""
    ec = exchange_countries()
    return exchange_id.in_(
        select(ec.c.exchange_id).where(in_groups(ec.c.country_code, groups, year))
    )


# --------------------------------------------------------------------------- reading
def groups(conn: Connection) -> list:
    """(code, name_en, name_zh, members now) of every group, in their order."""
    now = func.count(CountryGroupMember.id).filter(member_at_end())
    return list(
        conn.execute(
            select(
                CountryGroup.code, CountryGroup.name_en, CountryGroup.name_zh, now.label("members")
            )
            .outerjoin(CountryGroupMember, CountryGroupMember.group_code == CountryGroup.code)
            .group_by(CountryGroup.code)
            .order_by(CountryGroup.sort_order, CountryGroup.name_en)
        )
    )


def members(conn: Connection, group: str) -> list:
    """(country_code, name_en, name_zh, joined, left) of a group's memberships."""
    return list(
        conn.execute(
            select(
                CountryGroupMember.country_code,
                Country.name_en,
                Country.name_zh,
                CountryGroupMember.joined,
                CountryGroupMember.left,
            )
            .join(Country, Country.code == CountryGroupMember.country_code)
            .where(CountryGroupMember.group_code == group)
            .order_by(Country.name_en, CountryGroupMember.joined)
        )
    )


# --------------------------------------------------------------------------- editing
def save_group(
    conn: Connection,
    code: str,
    name_en: str,
    name_zh: str,
    new_members: Iterable[Member],
    *,
    sort_order: int | None = None,
) -> None:
    """Create or replace group ``code`` and its memberships (in one transaction: the
    caller's ``register.connect(write=True)``). Dates are read as any partial date;
    a bad one, an unknown country or a membership that ends before it starts is refused
    with the problem on ``members``."""
    if not (name_en or name_zh).strip():
        raise ValidationError("rule.required", "name_en")
    known = set(conn.execute(select(Country.code)).scalars())
    rows = []
    for m in new_members:
        if m.country_code not in known:
            raise ValidationError("rule.unknown_country", "members", value=m.country_code)
        try:
            joined = parse_partial(m.joined) if m.joined else ""
            left = parse_partial(m.left) if m.left else ""
        except DateParseError as error:
            raise ValidationError("rule.bad_date", "members", value=error.text) from None
        if joined and left and left < joined:
            raise ValidationError(
                "rule.end_before_start",
                "members",
                start_field="field.joined",
                start=joined,
                end_field="field.left",
                end=left,
            )
        rows.append(
            {"group_code": code, "country_code": m.country_code, "joined": joined, "left": left}
        )
    table = CountryGroup.__table__
    values = {"name_en": name_en.strip(), "name_zh": name_zh.strip()}
    if conn.execute(select(table.c.code).where(table.c.code == code)).first():
        if sort_order is not None:
            values["sort_order"] = sort_order
        conn.execute(table.update().where(table.c.code == code).values(**values))
    else:
        last = conn.execute(select(func.max(table.c.sort_order))).scalar() or 0
        conn.execute(table.insert().values(code=code, sort_order=sort_order or last + 10, **values))
    conn.execute(delete(CountryGroupMember).where(CountryGroupMember.group_code == code))
    if rows:
        conn.execute(CountryGroupMember.__table__.insert(), rows)


def delete_group(conn: Connection, code: str) -> None:
    conn.execute(delete(CountryGroupMember).where(CountryGroupMember.group_code == code))
    conn.execute(delete(CountryGroup).where(CountryGroup.code == code))
