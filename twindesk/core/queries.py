"""Lists of records with filters, sorting and paging.

The window's tables, the exports and the command line all read lists through here.
A list is a Core ``select`` of display columns; ``page`` fetches one slice of it and
``count`` its size, so no caller ever loads a whole table into memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from twindesk.core.models import (
    VOCABULARIES,
    Contact,
    ContactPairing,
    Country,
    Exchange,
    ExchangeField,
    ExchangePairing,
    Pairing,
    PairingStatus,
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


def in_force(year: int | None = None):
    """Pairings in force: the one rule of the dashboard, the lists and the reports.

    Which statuses count is the vocabulary's to say (``PairingStatus.in_force``, set on
    the Lists page): established counts; a proposal, a negotiation, an approval not yet
    signed, a suspended, dormant or ended pairing does not. With ``year``, in force at
    the end of that year: established by then (a pairing whose date the sources do not
    give counts) and not ended by then, so a pairing ended later (now in a closed status
    such as "ended") was in force in that year.
    """
    counts = Pairing.status.in_(select(PairingStatus.code).where(PairingStatus.in_force))
    if year is None:
        return counts
    after = f"{year + 1:04d}"
    closed = Pairing.status.in_(
        select(PairingStatus.code).where(PairingStatus.is_current.is_(False))
    )
    return and_(
        or_(Pairing.established == "", Pairing.established < after),
        or_(
            and_(counts, or_(Pairing.ended == "", Pairing.ended >= after)),
            and_(closed, Pairing.ended >= after),
        ),
    )


def _matching_places(pattern: str):
    return select(Place.id).where(Place.search_text.like(pattern, escape="\\"))


def _year_range(column, year_from: int | None, year_to: int | None) -> list:
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
    query = (
        select(
            Pairing.id,
            Pairing.version,
            PlaceA.name_en.label("a_name_en"),
            PlaceA.name_zh.label("a_name_zh"),
            PlaceB.name_en.label("b_name_en"),
            PlaceB.name_zh.label("b_name_zh"),
            CountryB.code.label("country_code"),
            CountryB.name_en.label("country_en"),
            CountryB.name_zh.label("country_zh"),
            CountryB.continent,
            Pairing.kind,
            Pairing.level,
            Pairing.status,
            Pairing.established,
            Pairing.ended,
            Pairing.updated_at,
        )
        .join(PlaceA, PlaceA.id == Pairing.place_a_id)
        .join(PlaceB, PlaceB.id == Pairing.place_b_id)
        .join(CountryB, CountryB.code == PlaceB.country_code)
    )
    pattern = like_pattern(f.text)
    if pattern:
        # A union of index lookups (by either place, or by the partner's country), not an
        # OR over the joined rows, which would scan every pairing.
        places = _matching_places(pattern)
        countries = select(Country.code).where(Country.search_text.like(pattern, escape="\\"))
        partner_in_country = select(Place.id).where(Place.country_code.in_(countries))
        matching = union(
            select(Pairing.id).where(Pairing.place_a_id.in_(places)),
            select(Pairing.id).where(Pairing.place_b_id.in_(places)),
            select(Pairing.id).where(Pairing.place_b_id.in_(partner_in_country)),
        )
        query = query.where(Pairing.id.in_(matching))
    if f.countries:
        query = query.where(CountryB.code.in_(f.countries))
    if f.continents:
        query = query.where(CountryB.continent.in_(f.continents))
    if f.kinds:
        query = query.where(Pairing.kind.in_(f.kinds))
    if f.statuses:
        query = query.where(Pairing.status.in_(f.statuses))
    if f.levels:
        query = query.where(Pairing.level.in_(f.levels))
    if f.in_force:
        query = query.where(in_force())
    if f.groups:
        from twindesk.core.groups import in_groups  # groups builds on this module

        query = query.where(in_groups(CountryB.code, f.groups))
    query = query.where(*_year_range(Pairing.established, f.year_from, f.year_to))
    if f.fields:
        # A pairing "works in" a field when one of its programmes or exchanges does.
        in_programme = exists().where(
            ProgrammeField.programme_id == Programme.id,
            Programme.pairing_id == Pairing.id,
            ProgrammeField.field_code.in_(f.fields),
        )
        in_exchange = exists().where(
            ExchangeField.exchange_id == ExchangePairing.exchange_id,
            ExchangePairing.pairing_id == Pairing.id,
            ExchangeField.field_code.in_(f.fields),
        )
        query = query.where(or_(in_programme, in_exchange))
    return query


def places_query(f: Filter) -> Select:
    query = select(
        Place.id,
        Place.version,
        Place.name_en,
        Place.name_zh,
        Place.name_native,
        Place.place_type,
        Country.code.label("country_code"),
        Country.name_en.label("country_en"),
        Country.name_zh.label("country_zh"),
        Country.continent,
        Place.updated_at,
    ).join(Country, Country.code == Place.country_code)
    pattern = like_pattern(f.text)
    if pattern:
        query = query.where(Place.search_text.like(pattern, escape="\\"))
    if f.countries:
        query = query.where(Country.code.in_(f.countries))
    if f.continents:
        query = query.where(Country.continent.in_(f.continents))
    if f.types:
        query = query.where(Place.place_type.in_(f.types))
    return query


def programmes_query(f: Filter) -> Select:
    query = (
        select(
            Programme.id,
            Programme.version,
            Programme.title_en,
            Programme.title_zh,
            PlaceA.name_en.label("a_name_en"),
            PlaceA.name_zh.label("a_name_zh"),
            PlaceB.name_en.label("b_name_en"),
            PlaceB.name_zh.label("b_name_zh"),
            Programme.start,
            Programme.end,
            Programme.status,
            Programme.pairing_id,
            Programme.updated_at,
        )
        .join(Pairing, Pairing.id == Programme.pairing_id)
        .join(PlaceA, PlaceA.id == Pairing.place_a_id)
        .join(PlaceB, PlaceB.id == Pairing.place_b_id)
    )
    pattern = like_pattern(f.text)
    if pattern:
        places = _matching_places(pattern)
        query = query.where(
            or_(
                Programme.search_text.like(pattern, escape="\\"),
                Pairing.place_a_id.in_(places),
                Pairing.place_b_id.in_(places),
            )
        )
    if f.pairing_id is not None:
        query = query.where(Programme.pairing_id == f.pairing_id)
    if f.statuses:
        query = query.where(Programme.status.in_(f.statuses))
    if f.fields:
        query = query.where(
            exists().where(
                ProgrammeField.programme_id == Programme.id, ProgrammeField.field_code.in_(f.fields)
            )
        )
    query = query.where(*_year_range(Programme.start, f.year_from, f.year_to))
    return query


def exchanges_query(f: Filter) -> Select:
    query = select(
        Exchange.id,
        Exchange.version,
        Exchange.title_en,
        Exchange.title_zh,
        Exchange.exchange_type,
        Exchange.start,
        Exchange.end,
        Exchange.venue,
        Exchange.participants,
        Exchange.programme_id,
        Exchange.direction,
        Exchange.updated_at,
    )
    if like_pattern(f.text):
        query = query.where(TextContains(Exchange, f.text))
    if f.pairing_id is not None:
        query = query.where(
            exists().where(
                ExchangePairing.exchange_id == Exchange.id,
                ExchangePairing.pairing_id == f.pairing_id,
            )
        )
    if f.types:
        query = query.where(Exchange.exchange_type.in_(f.types))
    if f.fields:
        query = query.where(
            exists().where(
                ExchangeField.exchange_id == Exchange.id, ExchangeField.field_code.in_(f.fields)
            )
        )
    if f.groups:
        from twindesk.core.groups import exchange_in_groups

        query = query.where(exchange_in_groups(Exchange.id, f.groups))
    query = query.where(*_year_range(Exchange.start, f.year_from, f.year_to))
    return query


def contacts_query(f: Filter) -> Select:
    query = select(
        Contact.id,
        Contact.version,
        Contact.name_en,
        Contact.name_zh,
        Contact.title,
        Contact.organisation,
        Place.name_en.label("place_en"),
        Place.name_zh.label("place_zh"),
        Contact.phone,
        Contact.email,
        Contact.updated_at,
    ).outerjoin(Place, Place.id == Contact.place_id)
    pattern = like_pattern(f.text)
    if pattern:
        query = query.where(Contact.search_text.like(pattern, escape="\\"))
    if f.pairing_id is not None:
        query = query.where(
            exists().where(
                ContactPairing.contact_id == Contact.id, ContactPairing.pairing_id == f.pairing_id
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
    query = list_query(entity, f, order_by=order_by)
    id_column = query.selected_columns["id"]
    ids = list(
        conn.execute(query.with_only_columns(id_column).offset(offset).limit(limit)).scalars()
    )
    if not ids:
        return []
    rows = {row.id: row for row in conn.execute(LISTS[entity](Filter()).where(id_column.in_(ids)))}
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
        select(model.code, model.label_en, model.label_zh).order_by(model.sort_order, model.code)
    )
    return [(code, _pick(en, zh, lang)) for code, en, zh in rows]


def describe(conn: Connection, entity: str, ids: Sequence[int], lang: str = "en") -> dict[int, str]:
    """Short human labels for records, e.g. for pickers: "Beijing – Moscow", "Moscow (RU)"."""
    if not ids:
        return {}
    if entity == "place":
        rows = conn.execute(
            select(Place.id, Place.name_en, Place.name_zh, Place.country_code).where(
                Place.id.in_(ids)
            )
        )
        return {r.id: f"{_pick(r.name_en, r.name_zh, lang)} ({r.country_code})" for r in rows}
    if entity == "pairing":
        rows = conn.execute(pairings_query(Filter()).where(Pairing.id.in_(ids)))
        dash = "—" if lang == "zh" else " – "  # Chinese writes 北京—莫斯科
        return {
            r.id: f"{_pick(r.a_name_en, r.a_name_zh, lang)}{dash}{_pick(r.b_name_en, r.b_name_zh, lang)}"
            for r in rows
        }
    model, en, zh = {
        "programme": (Programme, "title_en", "title_zh"),
        "exchange": (Exchange, "title_en", "title_zh"),
        "contact": (Contact, "name_en", "name_zh"),
    }[entity]
    rows = conn.execute(
        select(model.id, getattr(model, en), getattr(model, zh)).where(model.id.in_(ids))
    )
    return {r[0]: _pick(r[1], r[2], lang) for r in rows}


def search_ids(conn: Connection, entity: str, text: str, limit: int = 20) -> list[int]:
    """Ids of the records a picker offers for what the clerk typed."""
    return [r.id for r in page(conn, entity, Filter(text=text), limit=limit)]
