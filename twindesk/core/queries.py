"""Lists of records with filters, sorting and paging.

The window's tables, the exports and the command line all read lists through here.
A list is a Core ``select`` of display columns; ``page`` fetches one slice of it and
``count`` its size, so no caller ever loads a whole table into memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    exists,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.engine import Connection, Result
from sqlalchemy.orm import aliased
from sqlmodel import col

from twindesk.core.models import (
    VOCABULARIES,
    Contact,
    ContactPairing,
    Country,
    Document,
    Exchange,
    ExchangeField,
    ExchangePairing,
    ExchangePlace,
    Pairing,
    PairingStatus,
    PairingStatusChange,
    Place,
    Programme,
    ProgrammeField,
)
from twindesk.core.search import TextContains, like_pattern
from twindesk.core.storage import sqlite as sqlite_seam

PlaceA = aliased(Place, name="place_a")
PlaceB = aliased(Place, name="place_b")
CountryB = aliased(Country, name="country_b")


@dataclass
class Filter:
    """What a clerk narrowed a list to. Empty fields do not filter."""

    text: str = ""
    countries: Sequence[str] = ()
    continents: Sequence[str] = ()
    kinds: Sequence[str] = ()
    statuses: Sequence[str] = ()
    levels: Sequence[str] = ()
    fields: Sequence[str] = ()
    types: Sequence[str] = ()
    groups: Sequence[str] = ()  # country groups (SCO...): partners that are members now
    year_from: int | None = None
    year_to: int | None = None
    pairing_id: int | None = None
    in_force: bool = False  # only pairings in force (``in_force``)
    extra: dict[str, Any] = field(default_factory=dict)


def in_force(year: int | None = None) -> ColumnElement[bool]:
    """Pairings in force: the one rule of the dashboard, the lists and the reports.

    Which statuses count is the vocabulary's to say (``PairingStatus.in_force``, set on
    the Lists page): established counts; a proposal, a negotiation, an approval not yet
    signed, a suspended, dormant or ended pairing does not. With ``year``, in force at
    the end of that year: established by then (a pairing whose date the sources do not
    give counts) and not ended by then, so a pairing ended later (now in a closed status
    such as "ended") was in force in that year.
    """
    counts = col(Pairing.status).in_(
        select(col(PairingStatus.code)).where(col(PairingStatus.in_force))
    )
    if year is None:
        return counts
    after = f"{year + 1:04d}"
    closed = col(Pairing.status).in_(
        select(col(PairingStatus.code)).where(col(PairingStatus.is_current).is_(False))
    )
    return and_(
        or_(col(Pairing.established) == "", col(Pairing.established) < after),
        or_(
            and_(counts, or_(col(Pairing.ended) == "", col(Pairing.ended) >= after)),
            and_(closed, col(Pairing.ended) >= after),
        ),
    )


def _matching_places(pattern: str) -> Select[int | None]:
    return select(col(Place.id)).where(col(Place.search_text).like(pattern, escape="\\"))


def _year_range(
    column: SQLColumnExpression[str], year_from: int | None, year_to: int | None
) -> list[ColumnElement[bool]]:
    # Partial ISO dates sort as text, so a year range is a text range.
    conditions = []
    if year_from is not None:
        conditions.append(column >= f"{year_from:04d}")
    if year_to is not None:
        conditions.append(column < f"{year_to + 1:04d}")
    if year_from is not None or year_to is not None:
        conditions.append(column != "")
    return conditions


# --------------------------------------------------------------------------- lists
def pairings_query(f: Filter) -> Select:
    query: Select = (
        select(
            col(Pairing.id),
            col(Pairing.version),
            col(PlaceA.name_en).label("a_name_en"),
            col(PlaceA.name_zh).label("a_name_zh"),
            col(PlaceB.name_en).label("b_name_en"),
            col(PlaceB.name_zh).label("b_name_zh"),
            col(CountryB.code).label("country_code"),
            col(CountryB.name_en).label("country_en"),
            col(CountryB.name_zh).label("country_zh"),
            col(CountryB.continent),
            col(Pairing.kind),
            col(Pairing.level),
            col(Pairing.status),
            col(Pairing.established),
            col(Pairing.ended),
            col(Pairing.updated_at),
        )
        .join(PlaceA, col(PlaceA.id) == col(Pairing.place_a_id))
        .join(PlaceB, col(PlaceB.id) == col(Pairing.place_b_id))
        .join(CountryB, col(CountryB.code) == col(PlaceB.country_code))
    )
    pattern = like_pattern(f.text)
    if pattern:
        # A union of index lookups (by either place, or by the partner's country), not an
        # OR over the joined rows, which would scan every pairing.
        places = _matching_places(pattern)
        countries = select(col(Country.code)).where(
            col(Country.search_text).like(pattern, escape="\\")
        )
        partner_in_country = select(col(Place.id)).where(col(Place.country_code).in_(countries))
        matching = union(
            select(col(Pairing.id)).where(col(Pairing.place_a_id).in_(places)),
            select(col(Pairing.id)).where(col(Pairing.place_b_id).in_(places)),
            select(col(Pairing.id)).where(col(Pairing.place_b_id).in_(partner_in_country)),
        )
        query = query.where(col(Pairing.id).in_(matching))
    if f.countries:
        query = query.where(col(CountryB.code).in_(f.countries))
    if f.continents:
        query = query.where(col(CountryB.continent).in_(f.continents))
    if f.kinds:
        query = query.where(col(Pairing.kind).in_(f.kinds))
    if f.statuses:
        query = query.where(col(Pairing.status).in_(f.statuses))
    if f.levels:
        query = query.where(col(Pairing.level).in_(f.levels))
    if f.in_force:
        query = query.where(in_force())
    if f.groups:
        from twindesk.core.groups import in_groups  # groups builds on this module

        query = query.where(in_groups(col(CountryB.code), f.groups))
    query = query.where(*_year_range(col(Pairing.established), f.year_from, f.year_to))
    if f.fields:
        # A pairing "works in" a field when one of its programmes or exchanges does.
        in_programme = exists().where(
            col(ProgrammeField.programme_id) == col(Programme.id),
            col(Programme.pairing_id) == col(Pairing.id),
            col(ProgrammeField.field_code).in_(f.fields),
        )
        in_exchange = exists().where(
            col(ExchangeField.exchange_id) == col(ExchangePairing.exchange_id),
            col(ExchangePairing.pairing_id) == col(Pairing.id),
            col(ExchangeField.field_code).in_(f.fields),
        )
        query = query.where(or_(in_programme, in_exchange))
    return query


def places_query(f: Filter) -> Select:
    query: Select = select(
        col(Place.id),
        col(Place.version),
        col(Place.name_en),
        col(Place.name_zh),
        col(Place.name_native),
        col(Place.place_type),
        col(Country.code).label("country_code"),
        col(Country.name_en).label("country_en"),
        col(Country.name_zh).label("country_zh"),
        col(Country.continent),
        col(Place.updated_at),
    ).join(Country, col(Country.code) == col(Place.country_code))
    pattern = like_pattern(f.text)
    if pattern:
        query = query.where(col(Place.search_text).like(pattern, escape="\\"))
    if f.countries:
        query = query.where(col(Country.code).in_(f.countries))
    if f.continents:
        query = query.where(col(Country.continent).in_(f.continents))
    if f.types:
        query = query.where(col(Place.place_type).in_(f.types))
    return query


def programmes_query(f: Filter) -> Select:
    query: Select = (
        select(
            col(Programme.id),
            col(Programme.version),
            col(Programme.title_en),
            col(Programme.title_zh),
            col(PlaceA.name_en).label("a_name_en"),
            col(PlaceA.name_zh).label("a_name_zh"),
            col(PlaceB.name_en).label("b_name_en"),
            col(PlaceB.name_zh).label("b_name_zh"),
            col(Programme.start),
            col(Programme.end),
            col(Programme.status),
            col(Programme.pairing_id),
            col(Programme.updated_at),
        )
        .join(Pairing, col(Pairing.id) == col(Programme.pairing_id))
        .join(PlaceA, col(PlaceA.id) == col(Pairing.place_a_id))
        .join(PlaceB, col(PlaceB.id) == col(Pairing.place_b_id))
    )
    pattern = like_pattern(f.text)
    if pattern:
        places = _matching_places(pattern)
        query = query.where(
            or_(
                col(Programme.search_text).like(pattern, escape="\\"),
                col(Pairing.place_a_id).in_(places),
                col(Pairing.place_b_id).in_(places),
            )
        )
    if f.pairing_id is not None:
        query = query.where(col(Programme.pairing_id) == f.pairing_id)
    if f.statuses:
        query = query.where(col(Programme.status).in_(f.statuses))
    if f.fields:
        query = query.where(
            exists().where(
                col(ProgrammeField.programme_id) == col(Programme.id),
                col(ProgrammeField.field_code).in_(f.fields),
            )
        )
    query = query.where(*_year_range(col(Programme.start), f.year_from, f.year_to))
    return query


def exchanges_query(f: Filter) -> Select:
    query = select(
        col(Exchange.id),
        col(Exchange.version),
        col(Exchange.title_en),
        col(Exchange.title_zh),
        col(Exchange.exchange_type),
        col(Exchange.start),
        col(Exchange.end),
        col(Exchange.venue),
        col(Exchange.participants),
        col(Exchange.programme_id),
        col(Exchange.direction),
        col(Exchange.updated_at),
    )
    if like_pattern(f.text):
        query = query.where(TextContains(Exchange, f.text))
    if f.pairing_id is not None:
        query = query.where(
            exists().where(
                col(ExchangePairing.exchange_id) == col(Exchange.id),
                col(ExchangePairing.pairing_id) == f.pairing_id,
            )
        )
    if f.types:
        query = query.where(col(Exchange.exchange_type).in_(f.types))
    if f.fields:
        query = query.where(
            exists().where(
                col(ExchangeField.exchange_id) == col(Exchange.id),
                col(ExchangeField.field_code).in_(f.fields),
            )
        )
    if f.groups:
        from twindesk.core.groups import exchange_in_groups

        query = query.where(exchange_in_groups(col(Exchange.id), f.groups))
    query = query.where(*_year_range(col(Exchange.start), f.year_from, f.year_to))
    return query


def contacts_query(f: Filter) -> Select:
    query: Select = select(
        col(Contact.id),
        col(Contact.version),
        col(Contact.name_en),
        col(Contact.name_zh),
        col(Contact.title),
        col(Contact.organisation),
        col(Place.name_en).label("place_en"),
        col(Place.name_zh).label("place_zh"),
        col(Contact.phone),
        col(Contact.email),
        col(Contact.updated_at),
    ).outerjoin(Place, col(Place.id) == col(Contact.place_id))
    pattern = like_pattern(f.text)
    if pattern:
        query = query.where(col(Contact.search_text).like(pattern, escape="\\"))
    if f.pairing_id is not None:
        query = query.where(
            exists().where(
                col(ContactPairing.contact_id) == col(Contact.id),
                col(ContactPairing.pairing_id) == f.pairing_id,
            )
        )
    return query


LISTS = {
    "pairing": pairings_query,
    "place": places_query,
    "programme": programmes_query,
    "exchange": exchanges_query,
    "contact": contacts_query,
}


def list_query(
    entity: str, f: Filter | None = None, *, order_by: Sequence[tuple[str, bool]] = ()
) -> Select:
    """The select for a list; ``order_by`` is (column name, descending) pairs."""
    query = LISTS[entity](f or Filter())
    columns = query.selected_columns
    order = []
    for name, descending in order_by:
        column = columns[name]
        order.append(column.desc() if descending else column.asc())
    # Always end on the id, so paging through equal values is stable. It runs the same
    # way as the first key, so an index on that key (start, or rowid) serves both.
    if not any(name == "id" for name, _ in order_by):
        descending = bool(order_by) and order_by[0][1]
        order.append(columns["id"].desc() if descending else columns["id"].asc())
    return query.order_by(*order)


def page(
    conn: Connection,
    entity: str,
    f: Filter | None = None,
    *,
    offset: int = 0,
    limit: int = 200,
    order_by: Sequence[tuple[str, bool]] = (),
) -> list[Any]:
    """One slice of a list.

    Deep pages are fetched in two steps: first only the ids of the slice (which SQLite
    answers from an index, skipping rows without reading them), then the display
    columns of just those rows. OFFSET on the full select would read every skipped
    row's columns: seconds at row 900,000 of a million.
    """
    return rows_of(conn, entity, page_ids(conn, entity, f, offset, limit, order_by))


def page_ids(
    conn: Connection,
    entity: str,
    f: Filter | None,
    offset: int,
    limit: int,
    order_by: Sequence[tuple[str, bool]] = (),
) -> list[int]:
    """The ids of one slice of a list, in its order (``page``'s first step)."""
    query = list_query(entity, f, order_by=order_by)
    id_column = query.selected_columns["id"]
    return list(
        conn.execute(query.with_only_columns(id_column).offset(offset).limit(limit)).scalars()
    )


def rows_of(conn: Connection, entity: str, ids: Sequence[int]) -> list[Any]:
    """The list's rows of the records ``ids``, in that order (``page``'s second step)."""
    if not ids:
        return []
    query = LISTS[entity](Filter())
    id_column = query.selected_columns["id"]
    rows = {row.id: row for row in conn.execute(query.where(id_column.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def count(conn: Connection, entity: str, f: Filter | None = None) -> int:
    f = f or Filter()
    if f.text and f == Filter(text=f.text) and conn.dialect.name == "sqlite":
        # A quick search alone: the full-text index can count its hits by itself.
        counted = sqlite_seam.count_text_matches(conn, entity, f.text)
        if counted is not None:
            return counted
    query = LISTS[entity](f)
    return conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()


# --------------------------------------------------------------------------- labels
def _pick(en: str | None, zh: str | None, lang: str) -> str:
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return first or second or ""


def vocabulary_terms(conn: Connection, vocabulary: str, lang: str = "en") -> list[tuple[str, str]]:
    """(code, label) of a vocabulary's terms ("pairing_kind", "exchange_type"...) in the order
    the Lists page gives them, each label in ``lang`` (the other language when empty)."""
    model = VOCABULARIES[vocabulary]
    rows = conn.execute(
        select(col(model.code), col(model.label_en), col(model.label_zh)).order_by(
            col(model.sort_order), col(model.code)
        )
    )
    return [(code, _pick(en, zh, lang)) for code, en, zh in rows]


def describe(conn: Connection, entity: str, ids: Sequence[int], lang: str = "en") -> dict[int, str]:
    """Short human labels for records, e.g. for pickers: "Beijing – Moscow", "Moscow (RU)"."""
    if not ids:
        return {}
    rows: Result  # of other columns for each entity; ids as the register has them, never None
    if entity == "place":
        rows = conn.execute(
            select(
                col(Place.id), col(Place.name_en), col(Place.name_zh), col(Place.country_code)
            ).where(col(Place.id).in_(ids))
        )
        return {r.id: f"{_pick(r.name_en, r.name_zh, lang)} ({r.country_code})" for r in rows}
    if entity == "pairing":
        rows = conn.execute(pairings_query(Filter()).where(col(Pairing.id).in_(ids)))
        dash = "—" if lang == "zh" else " – "  # Chinese writes 北京—莫斯科
        return {
            r.id: f"{_pick(r.a_name_en, r.a_name_zh, lang)}{dash}{_pick(r.b_name_en, r.b_name_zh, lang)}"
            for r in rows
        }
    described: dict[str, tuple[type[Programme | Exchange | Contact], str, str]] = {
        "programme": (Programme, "title_en", "title_zh"),
        "exchange": (Exchange, "title_en", "title_zh"),
        "contact": (Contact, "name_en", "name_zh"),
    }
    model, en, zh = described[entity]
    rows = conn.execute(
        select(col(model.id), getattr(model, en), getattr(model, zh)).where(col(model.id).in_(ids))
    )
    return {r[0]: _pick(r[1], r[2], lang) for r in rows}


def search_ids(conn: Connection, entity: str, text: str, limit: int = 20) -> list[int]:
    """Ids of the records a picker offers for what the clerk typed."""
    return [r.id for r in page(conn, entity, Filter(text=text), limit=limit)]


# --------------------------------------------------------------------------- the window's look-ups
# What the window's pages, forms and dialogs show besides the lists, read here: the
# interface asks the core and builds no SQL of its own (tests/test_ui_builds_no_sql.py).
def place_usage(conn: Connection, place_id: int) -> dict[str, int]:
    """How many pairings, exchanges and contacts name a place (what a merge moves)."""
    p, ep, c = Pairing.__table__, ExchangePlace.__table__, Contact.__table__
    return {
        "pairings": conn.execute(
            select(func.count())
            .select_from(p)
            .where(or_(p.c.place_a_id == place_id, p.c.place_b_id == place_id))
        ).scalar_one(),
        "exchanges": conn.execute(
            select(func.count()).select_from(ep).where(ep.c.place_id == place_id)
        ).scalar_one(),
        "contacts": conn.execute(
            select(func.count()).select_from(c).where(c.c.place_id == place_id)
        ).scalar_one(),
    }


def first_closed_status(conn: Connection) -> str | None:
    """The first pairing status, in the Lists' order, that is not current: the one ending
    a pairing sets."""
    return conn.execute(
        select(col(PairingStatus.code))
        .where(col(PairingStatus.is_current).is_(False))
        .order_by(col(PairingStatus.sort_order))
    ).scalar()


def countries(conn: Connection, *, historic: bool = True) -> list[Any]:
    """(code, name_en, name_zh, historic) of the countries, today's first then by English
    name; without the historic states (the USSR...) when ``historic`` is false."""
    query = select(
        col(Country.code), col(Country.name_en), col(Country.name_zh), col(Country.historic)
    ).order_by(col(Country.historic), col(Country.name_en))
    if not historic:
        query = query.where(col(Country.historic).is_(False))
    return list(conn.execute(query))


def country_choices(
    conn: Connection, lang: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(code, name) of the countries the register's places are in, then of the others
    (today's only), each sorted by its name in ``lang``."""
    zh = lang == "zh"
    # Each country looked up in the places' country index: not a DISTINCT over every place.
    present = set(
        conn.execute(
            select(col(Country.code)).where(
                select(col(Place.id)).where(col(Place.country_code) == col(Country.code)).exists()
            )
        ).scalars()
    )
    rows = conn.execute(
        select(col(Country.code), col(Country.name_en), col(Country.name_zh)).where(
            col(Country.historic).is_(False) | col(Country.code).in_(present)
        )
    ).all()
    named = sorted(
        ((code, (name_zh or en) if zh else en) for code, en, name_zh in rows),
        key=lambda item: item[1],
    )
    return [c for c in named if c[0] in present], [c for c in named if c[0] not in present]


def status_history(conn: Connection, pairing_id: int) -> list[Any]:
    """A pairing's status history, oldest first: (date, status, note, operator...)."""
    t = PairingStatusChange.__table__
    return list(
        conn.execute(select(t).where(t.c.pairing_id == pairing_id).order_by(t.c.date, t.c.id))
    )


def documents(conn: Connection, owner: str, owner_id: int) -> list[Any]:
    """(id, file_name, size, sha256) of the files attached to a record (``owner``: pairing,
    programme, exchange or contact), without their content."""
    t = Document.__table__
    return list(
        conn.execute(
            select(t.c.id, t.c.file_name, t.c.size, t.c.sha256).where(
                t.c[f"{owner}_id"] == owner_id
            )
        )
    )
