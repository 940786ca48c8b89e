"""What the reports read from a register: Core selects, aggregated in SQL.

Lists reuse ``twindesk.core.queries``; counts are GROUP BY queries, so a register of
50,000 exchanges never becomes 50,000 Python objects. Names come back in both
languages; the report picks one (``text.pick``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import SQLColumnExpression, and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import replacement_traverse
from sqlmodel import col

from twindesk.core import queries
from twindesk.core.models import (
    VOCABULARIES,
    Contact,
    ContactPairing,
    Country,
    Document,
    Exchange,
    ExchangeField,
    ExchangePairing,
    Pairing,
    PairingStatusChange,
    Place,
    PlaceAlias,
    Programme,
    ProgrammeField,
    ProgrammeItem,
)
from twindesk.core.queries import CountryB, Filter, PlaceA, PlaceB

# Programme statuses that are no longer running, so never "expiring".
PROGRAMME_CLOSED = ("completed", "cancelled")


def vocabulary(conn: Connection, name: str) -> dict[str, tuple[str, str]]:
    table = VOCABULARIES[name].__table__
    return {
        r.code: (r.label_en, r.label_zh)
        for r in conn.execute(select(table.c.code, table.c.label_en, table.c.label_zh))
    }


def vocabularies(conn: Connection) -> dict[str, dict[str, tuple[str, str]]]:
    return {name: vocabulary(conn, name) for name in VOCABULARIES}


# --------------------------------------------------------------------------- conditions
def in_year(column: SQLColumnExpression[str], year: int) -> ColumnElement[bool]:
    """A partial date (text) in ``year``; empty dates are never in a year."""
    return and_(column >= f"{year:04d}", column < f"{year + 1:04d}")


def overlaps(column: SQLColumnExpression[str], start: str, end: str) -> ColumnElement[bool]:
    """A partial date that may fall between the ISO days ``start`` and ``end``.

    "2025-03" overlaps 2025-03-20..2025-06-30; so does "2025". Comparing the date with
    the bounds cut to its own length does it in SQL, on any database.
    """
    length = func.length(column)
    return and_(
        column != "",
        column >= func.substr(literal(start), 1, length),
        column <= func.substr(literal(end), 1, length),
    )


def in_force(year: int, undated: bool = True) -> ColumnElement[bool]:
    """The pairing was in force at the end of ``year`` (the register's one rule), judged
    by its status at the end of that year (``status_at_end``). ``undated=False`` leaves
    out pairings whose date of establishment the register does not give."""
    rule = queries.in_force(year)
    status = status_at_end(year)
    if status is not col(Pairing.status):
        # The rule is the register's; only its "status" is read as of the year's end.
        column = Pairing.__table__.c.status

        def as_of_then(element: object, **_kw: Any) -> object:
            if isinstance(element, ColumnElement) and element.compare(column):
                return status
            return None

        rule = replacement_traverse(rule, {}, as_of_then)
    return rule if undated else and_(rule, col(Pairing.established) != "")


def status_at_end(year: int) -> SQLColumnExpression[str]:
    """A pairing's status at the end of ``year``, from its dated status history: the last
    change dated by then; before its first dated change, the first status recorded; with
    no history, its status now. For this year and later, simply its status now."""
    if year >= date.today().year:
        return col(Pairing.status)
    h = PairingStatusChange
    by_then = (
        select(col(h.status))
        .where(
            col(h.pairing_id) == col(Pairing.id),
            col(h.date) != "",
            col(h.date) < f"{year + 1:04d}",
        )
        .order_by(col(h.date).desc(), col(h.recorded_at).desc(), col(h.id).desc())
        .limit(1)
        .correlate(Pairing)
        .scalar_subquery()
    )
    first = (
        select(col(h.status))
        .where(col(h.pairing_id) == col(Pairing.id))
        .order_by(col(h.date) == "", col(h.date), col(h.recorded_at), col(h.id))
        .limit(1)
        .correlate(Pairing)
        .scalar_subquery()
    )
    return func.coalesce(by_then, first, col(Pairing.status))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _sum_if(condition: ColumnElement[bool], value: SQLColumnExpression[int]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def programme_status_at_end(year: int) -> SQLColumnExpression[str]:
    """A programme's status at the end of ``year``. Programmes keep no status history, so
    for a past year: one completed or expired since, whose end date comes after that
    year, was still active then (the 2021-2023 programme in the 2021 report)."""
    if year >= date.today().year:
        return col(Programme.status)
    return case(
        (
            and_(
                col(Programme.status).in_(("completed", "expired")),
                col(Programme.end) != "",
                col(Programme.end) >= f"{year + 1:04d}",
            ),
            literal("active"),
        ),
        else_=col(Programme.status),
    )


def programme_active(year: int) -> ColumnElement[bool]:
    return and_(
        col(Programme.status) != "cancelled",
        or_(col(Programme.start) != "", col(Programme.end) != ""),
        or_(col(Programme.start) == "", col(Programme.start) < f"{year + 1:04d}"),
        or_(col(Programme.end) == "", col(Programme.end) >= f"{year:04d}"),
    )


# --------------------------------------------------------------------------- annual figures
def key_figures(conn: Connection, year: int, undated: bool = True) -> dict[str, tuple[int, int]]:
    """Each indicator as (previous year, this year). "undated" counts the pairings in force
    without a date of establishment (0 when ``undated`` leaves them out); "participants"
    adds up the known numbers only, "no_count" counts the exchanges without one."""
    years = (year - 1, year)
    pairing_cols = []
    for y in years:
        pairing_cols += [
            _count_if(in_force(y, undated)),
            _count_if(in_year(col(Pairing.established), y)),
            _count_if(in_year(col(Pairing.ended), y)),
            func.count(func.distinct(case((in_force(y, undated), CountryB.code)))),
            _count_if(and_(in_force(y, undated), col(Pairing.established) == "")),
        ]
    p = conn.execute(
        select(*pairing_cols)
        .select_from(Pairing)
        .join(PlaceB, col(PlaceB.id) == col(Pairing.place_b_id))
        .join(CountryB, col(CountryB.code) == col(PlaceB.country_code))
    ).one()
    g = conn.execute(
        select(
            *[
                c
                for y in years
                for c in (
                    _count_if(programme_active(y)),
                    _count_if(in_year(col(Programme.start), y)),
                    _count_if(in_year(col(Programme.end), y)),
                )
            ]
        )
    ).one()
    e = conn.execute(
        select(
            *[
                c
                for y in years
                for c in (
                    _count_if(in_year(col(Exchange.start), y)),
                    _sum_if(
                        in_year(col(Exchange.start), y),
                        func.coalesce(col(Exchange.participants), 0),
                    ),
                    _count_if(
                        and_(in_year(col(Exchange.start), y), col(Exchange.participants).is_(None))
                    ),
                )
            ]
        ).where(col(Exchange.start) >= f"{year - 1:04d}", col(Exchange.start) < f"{year + 1:04d}")
    ).one()
    names = [
        ("in_force", p, 0),
        ("new", p, 1),
        ("ended", p, 2),
        ("countries", p, 3),
        ("undated", p, 4),
        ("prog_active", g, 0),
        ("prog_signed", g, 1),
        ("prog_expiring", g, 2),
        ("exchanges", e, 0),
        ("participants", e, 1),
        ("no_count", e, 2),
    ]
    return {name: (int(row[i]), int(row[i + len(row) // 2])) for name, row, i in names}


# The state a pairing was signed in, where it differs from the partner's present country.
CountrySigned = queries.aliased(Country, name="country_signed")


def in_force_by(
    conn: Connection, year: int, *keys: SQLColumnExpression[Any], undated: bool = True
) -> list[Row]:
    """Pairings in force at the end of the year and the year before, grouped by ``keys``
    (columns of Pairing, the partner place's country ``CountryB``, the country at signing
    ``CountrySigned``, which is the present country where none is recorded)."""
    query = (
        select(
            *keys,
            _count_if(in_force(year - 1, undated)).label("prev"),
            _count_if(in_force(year, undated)).label("cur"),
        )
        .select_from(Pairing)
        .join(PlaceB, col(PlaceB.id) == col(Pairing.place_b_id))
        .join(CountryB, col(CountryB.code) == col(PlaceB.country_code))
        .join(
            CountrySigned,
            col(CountrySigned.code)
            == func.coalesce(col(Pairing.country_at_signing), col(PlaceB.country_code)),
        )
        .where(or_(in_force(year, undated), in_force(year - 1, undated)))
        .group_by(*keys)
    )
    return list(conn.execute(query))


def pairings(conn: Connection, f: Filter | None = None) -> list[Row]:
    """Pairings with both places' names, country, kind, level, status, dates, signing."""
    query = queries.list_query("pairing", f, order_by=[("established", False)]).add_columns(
        col(Pairing.signed_at_place), col(Pairing.signed_at_event)
    )
    return list(conn.execute(query))


def programmes(
    conn: Connection, *conditions: ColumnElement[bool], year: int | None = None
) -> list[Row]:
    """Programmes with their pairing's names; with ``year``, ``status_then`` is the
    status at the end of that year."""
    query = queries.list_query("programme", order_by=[("end", False), ("start", False)]).where(
        *conditions
    )
    if year is not None:
        query = query.add_columns(programme_status_at_end(year).label("status_then"))
    return list(conn.execute(query))


def fields_of(
    conn: Connection,
    link_table: type[ProgrammeField | ExchangeField],
    owner_column: SQLColumnExpression[int],
    owners: Select[Any],
) -> dict[int, list[str]]:
    """Field codes per owner id, for the owners selected by the subquery ``owners``."""
    rows = conn.execute(
        select(owner_column, col(link_table.field_code))
        .where(owner_column.in_(owners))
        .order_by(owner_column)
    )
    out: dict[int, list[str]] = defaultdict(list)
    for owner, code in rows:
        out[owner].append(code)
    return out


def exchange_counts(conn: Connection, year: int, key: SQLColumnExpression[Any]) -> list[Row]:
    query: Select = (
        select(
            key.label("key"),
            func.count().label("n"),
            func.sum(col(Exchange.participants)).label("people"),
            func.count(col(Exchange.participants)).label("known"),
        )
        .where(in_year(col(Exchange.start), year))
        .group_by(key)
    )
    return list(conn.execute(query))


def exchanges_by_pairing(conn: Connection, year: int) -> list[Row]:
    query: Select = (
        select(
            col(Pairing.id),
            col(PlaceA.name_en).label("a_name_en"),
            col(PlaceA.name_zh).label("a_name_zh"),
            col(PlaceB.name_en).label("b_name_en"),
            col(PlaceB.name_zh).label("b_name_zh"),
            col(CountryB.name_en).label("country_en"),
            col(CountryB.name_zh).label("country_zh"),
            func.count().label("n"),
            func.sum(col(Exchange.participants)).label("people"),
            func.count(col(Exchange.participants)).label("known"),
        )
        .select_from(ExchangePairing)
        .join(Exchange, col(Exchange.id) == col(ExchangePairing.exchange_id))
        .join(Pairing, col(Pairing.id) == col(ExchangePairing.pairing_id))
        .join(PlaceA, col(PlaceA.id) == col(Pairing.place_a_id))
        .join(PlaceB, col(PlaceB.id) == col(Pairing.place_b_id))
        .join(CountryB, col(CountryB.code) == col(PlaceB.country_code))
        .where(in_year(col(Exchange.start), year))
        .group_by(
            col(Pairing.id),
            col(PlaceA.name_en),
            col(PlaceA.name_zh),
            col(PlaceB.name_en),
            col(PlaceB.name_zh),
            col(CountryB.name_en),
            col(CountryB.name_zh),
        )
        .order_by(func.count().desc(), col(PlaceB.name_en))
    )
    return list(conn.execute(query))


def exchanges(
    conn: Connection, *conditions: ColumnElement[bool], f: Filter | None = None
) -> list[Row]:
    """Exchanges (in date order) with the host place's names."""
    query = (
        queries.list_query("exchange", f, order_by=[("start", False)])
        .add_columns(
            col(Exchange.outcome),
            col(Place.name_en).label("host_en"),
            col(Place.name_zh).label("host_zh"),
        )
        .outerjoin(Place, col(Place.id) == col(Exchange.host_place_id))
        .where(*conditions)
    )
    return list(conn.execute(query))


def pairing_names_of_exchanges(
    conn: Connection, exchange_ids: Select[Any]
) -> dict[int, list[tuple[str, str, str, str]]]:
    """For the exchanges selected by the subquery ``exchange_ids``: the pairings' place names."""
    rows = conn.execute(
        select(
            col(ExchangePairing.exchange_id),
            col(PlaceA.name_en),
            col(PlaceA.name_zh),
            col(PlaceB.name_en),
            col(PlaceB.name_zh),
        )
        .join(Pairing, col(Pairing.id) == col(ExchangePairing.pairing_id))
        .join(PlaceA, col(PlaceA.id) == col(Pairing.place_a_id))
        .join(PlaceB, col(PlaceB.id) == col(Pairing.place_b_id))
        .where(col(ExchangePairing.exchange_id).in_(exchange_ids))
        .order_by(col(ExchangePairing.exchange_id), col(PlaceB.name_en))
    )
    out: dict[int, list] = defaultdict(list)
    for exchange_id, *names in rows:
        out[exchange_id].append(tuple(names))
    return out


# --------------------------------------------------------------------------- one pairing
def pairing_record(conn: Connection, pairing_id: int) -> Row | None:
    return conn.execute(select(Pairing).where(col(Pairing.id) == pairing_id)).first()


def place_record(conn: Connection, place_id: int) -> dict[str, Any]:
    parent = queries.aliased(Place, name="parent")
    row: Row = conn.execute(
        select(
            Place,
            col(Country.name_en).label("country_en"),
            col(Country.name_zh).label("country_zh"),
            col(parent.name_en).label("parent_en"),
            col(parent.name_zh).label("parent_zh"),
        )
        .join(Country, col(Country.code) == col(Place.country_code))
        .outerjoin(parent, col(parent.id) == col(Place.parent_id))
        .where(col(Place.id) == place_id)
    ).one()
    aliases = (
        conn.execute(
            select(col(PlaceAlias.alias))
            .where(col(PlaceAlias.place_id) == place_id)
            .order_by(col(PlaceAlias.id))
        )
        .scalars()
        .all()
    )
    return {**row._mapping, "aliases": list(aliases)}


def status_history(conn: Connection, pairing_id: int) -> list[Row]:
    return list(
        conn.execute(
            select(
                col(PairingStatusChange.date),
                col(PairingStatusChange.status),
                col(PairingStatusChange.note),
                col(PairingStatusChange.operator),
            )
            .where(col(PairingStatusChange.pairing_id) == pairing_id)
            .order_by(col(PairingStatusChange.recorded_at), col(PairingStatusChange.id))
        )
    )


def programme_items(conn: Connection, programme_ids: Select[Any]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for pid, text in conn.execute(
        select(col(ProgrammeItem.programme_id), col(ProgrammeItem.text))
        .where(col(ProgrammeItem.programme_id).in_(programme_ids))
        .order_by(
            col(ProgrammeItem.programme_id), col(ProgrammeItem.position), col(ProgrammeItem.id)
        )
    ):
        out[pid].append(text)
    return out


def contacts(conn: Connection, pairing_id: int) -> list[Row]:
    query = queries.list_query(
        "contact", Filter(pairing_id=pairing_id), order_by=[("name_en", False)]
    ).add_columns(col(Contact.language))
    return list(conn.execute(query))


def documents(conn: Connection, pairing_id: int) -> list[Row]:
    """Documents attached to the pairing, or to its programmes, exchanges and contacts
    (without their content)."""
    programme_ids = select(col(Programme.id)).where(col(Programme.pairing_id) == pairing_id)
    exchange_ids = select(col(ExchangePairing.exchange_id)).where(
        col(ExchangePairing.pairing_id) == pairing_id
    )
    contact_ids = select(col(ContactPairing.contact_id)).where(
        col(ContactPairing.pairing_id) == pairing_id
    )
    query = (
        select(
            col(Document.id),
            col(Document.file_name),
            col(Document.size),
            col(Document.sha256),
            col(Document.description),
            col(Document.added_at),
            col(Document.pairing_id),
            col(Document.programme_id),
            col(Document.exchange_id),
            col(Document.contact_id),
            col(Programme.title_en).label("programme_en"),
            col(Programme.title_zh).label("programme_zh"),
            col(Exchange.title_en).label("exchange_en"),
            col(Exchange.title_zh).label("exchange_zh"),
            col(Contact.name_en).label("contact_en"),
            col(Contact.name_zh).label("contact_zh"),
        )
        .outerjoin(Programme, col(Programme.id) == col(Document.programme_id))
        .outerjoin(Exchange, col(Exchange.id) == col(Document.exchange_id))
        .outerjoin(Contact, col(Contact.id) == col(Document.contact_id))
        .where(
            or_(
                col(Document.pairing_id) == pairing_id,
                col(Document.programme_id).in_(programme_ids),
                col(Document.exchange_id).in_(exchange_ids),
                col(Document.contact_id).in_(contact_ids),
            )
        )
        .order_by(col(Document.added_at), col(Document.id))
    )
    return list(conn.execute(query))
