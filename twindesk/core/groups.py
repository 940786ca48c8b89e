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
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    Subquery,
    and_,
    delete,
    exists,
    func,
    inspect,
    or_,
    select,
    union,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import Exists
from sqlmodel import col

from twindesk.core.dates import DateParseError, parse_partial
from twindesk.core.errors import ConflictError, ValidationError
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
    existing = set(conn.execute(select(col(CountryGroup.code))).scalars())
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
def member_at_end(year: int | None = None) -> ColumnElement[bool]:
    """A membership row that holds at the end of ``year`` (now, without a year)."""
    m = CountryGroupMember
    if year is None:
        return col(m.left) == ""
    after = f"{year + 1:04d}"
    return and_(
        or_(col(m.joined) == "", col(m.joined) < after),
        or_(col(m.left) == "", col(m.left) >= after),
    )


def in_groups(
    country: SQLColumnExpression[str], groups: Sequence[str], year: int | None = None
) -> Exists:
    """``country`` (a country code column) is in one of ``groups`` at the end of ``year``."""
    m = CountryGroupMember
    return exists().where(
        col(m.country_code) == country, col(m.group_code).in_(list(groups)), member_at_end(year)
    )


def local_countries() -> Select[str]:
    """The countries of the register's local sides (China, for a Chinese office)."""
    return (
        select(col(Place.country_code))
        .where(col(Place.id).in_(select(col(Pairing.place_a_id))))
        .distinct()
    )


def exchange_countries(only: Select[Any] | None = None) -> Subquery:
    """(exchange_id, country_code): the partner countries of each exchange: those of the
    pairings it was held under, and of its places outside the local sides' countries.
    ``only``: a select of the exchange ids wanted (a year's), read first, by index."""
    partner = aliased(Place, name="partner_place")
    by_pairing = (
        select(col(ExchangePairing.exchange_id), col(partner.country_code))
        .join(Pairing, col(Pairing.id) == col(ExchangePairing.pairing_id))
        .join(partner, col(partner.id) == col(Pairing.place_b_id))
    )
    by_place = (
        select(col(ExchangePlace.exchange_id), col(Place.country_code))
        .join(Place, col(Place.id) == col(ExchangePlace.place_id))
        .where(col(Place.country_code).not_in(local_countries()))
    )
    if only is not None:
        by_pairing = by_pairing.where(col(ExchangePairing.exchange_id).in_(only))
        by_place = by_place.where(col(ExchangePlace.exchange_id).in_(only))
    return union(by_pairing, by_place).subquery("exchange_country")


def exchange_in_groups(
    exchange_id: SQLColumnExpression[int | None], groups: Sequence[str], year: int | None = None
) -> ColumnElement[bool]:
    """The exchange ``exchange_id`` has a partner country in one of ``groups``."""
    ec = exchange_countries()
    return exchange_id.in_(
        select(ec.c.exchange_id).where(in_groups(ec.c.country_code, groups, year))
    )


# --------------------------------------------------------------------------- reading
def groups(conn: Connection) -> list:
    """(code, name_en, name_zh, members now) of every group, in their order."""
    now = func.count(col(CountryGroupMember.id)).filter(member_at_end())
    return list(
        conn.execute(
            select(
                col(CountryGroup.code),
                col(CountryGroup.name_en),
                col(CountryGroup.name_zh),
                now.label("members"),
            )
            .outerjoin(
                CountryGroupMember, col(CountryGroupMember.group_code) == col(CountryGroup.code)
            )
            .group_by(col(CountryGroup.code))
            .order_by(col(CountryGroup.sort_order), col(CountryGroup.name_en))
        )
    )


def members(conn: Connection, group: str) -> list:
    """(country_code, name_en, name_zh, joined, left) of a group's memberships."""
    return list(
        conn.execute(
            select(
                col(CountryGroupMember.country_code),
                col(Country.name_en),
                col(Country.name_zh),
                col(CountryGroupMember.joined),
                col(CountryGroupMember.left),
            )
            .join(Country, col(Country.code) == col(CountryGroupMember.country_code))
            .where(col(CountryGroupMember.group_code) == group)
            .order_by(col(Country.name_en), col(CountryGroupMember.joined))
        )
    )


def group(conn: Connection, code: str) -> Any:
    """(code, name_en, name_zh) of one group."""
    return conn.execute(
        select(col(CountryGroup.code), col(CountryGroup.name_en), col(CountryGroup.name_zh)).where(
            col(CountryGroup.code) == code
        )
    ).one()


# A group as a clerk read it before editing: its names and its memberships, sorted.
GroupAsRead = tuple[str, str, tuple[tuple[str, str, str], ...]]


def as_read(conn: Connection, code: str, *, lock: bool = False) -> GroupAsRead | None:
    """Group ``code`` as ``save_group`` compares it (None: there is no such group);
    ``lock``: its row is locked until the transaction ends (FOR UPDATE on a server)."""
    query = select(col(CountryGroup.name_en), col(CountryGroup.name_zh)).where(
        col(CountryGroup.code) == code
    )
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        return None
    held = conn.execute(
        select(
            col(CountryGroupMember.country_code),
            col(CountryGroupMember.joined),
            col(CountryGroupMember.left),
        ).where(col(CountryGroupMember.group_code) == code)
    )
    return row.name_en, row.name_zh, tuple(sorted((c, j, lf) for c, j, lf in held))


def _both(name_en: str, name_zh: str) -> str:
    """ "SCO / 上海合作组织": a group named in a message read in either language."""
    return " / ".join(n.strip() for n in (name_en, name_zh) if n.strip())


# --------------------------------------------------------------------------- editing
def save_group(
    conn: Connection,
    code: str,
    name_en: str,
    name_zh: str,
    new_members: Iterable[Member],
    *,
    sort_order: int | None = None,
    read: GroupAsRead | None = None,
) -> None:
    """Create or replace group ``code`` and its memberships (in one transaction: the
    caller's ``register.connect(write=True)``). Dates are read as any partial date;
    a bad one, an unknown country or a membership that ends before it starts is refused
    with the problem on ``members``.

    ``read``: the group as the clerk read it before editing (``as_read``). If another
    clerk changed or deleted it since, the save is refused (ConflictError) rather than
    put back what they removed or remove what they added."""
    if read is not None and as_read(conn, code, lock=True) != read:
        raise ConflictError("error.conflict.group", name=_both(read[0], read[1]) or code)
    if not (name_en or name_zh).strip():
        raise ValidationError("rule.required", "name_en")
    known = set(conn.execute(select(col(Country.code))).scalars())
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
    values: dict[str, Any] = {"name_en": name_en.strip(), "name_zh": name_zh.strip()}
    if conn.execute(select(table.c.code).where(table.c.code == code)).first():
        if sort_order is not None:
            values["sort_order"] = sort_order
        conn.execute(table.update().where(table.c.code == code).values(**values))
    else:
        last = conn.execute(select(func.max(table.c.sort_order))).scalar() or 0
        try:
            with conn.begin_nested():
                conn.execute(
                    table.insert().values(code=code, sort_order=sort_order or last + 10, **values)
                )
        except IntegrityError as err:  # another clerk made a group of this code meanwhile
            raise ConflictError("error.conflict.group", name=_both(name_en, name_zh)) from err
    conn.execute(delete(CountryGroupMember).where(col(CountryGroupMember.group_code) == code))
    if rows:
        conn.execute(CountryGroupMember.__table__.insert(), rows)


def delete_group(conn: Connection, code: str) -> None:
    conn.execute(delete(CountryGroupMember).where(col(CountryGroupMember.group_code) == code))
    conn.execute(delete(CountryGroup).where(col(CountryGroup.code) == code))
