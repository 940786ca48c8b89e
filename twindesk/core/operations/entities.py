"""The rules of each kind of record.

Each ``_validate_*`` adds every problem it finds to ``problems``; the generic
operations raise them together. Rules that need the database (duplicates, existence
of linked records) are checked here too, inside the same transaction as the write.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from twindesk.core import dates
from twindesk.core.models import (
    Contact,
    ContactPairing,
    CooperationField,
    Country,
    Exchange,
    ExchangeField,
    ExchangePairing,
    ExchangePlace,
    ExchangeType,
    Pairing,
    PairingKind,
    PairingLevel,
    PairingStatus,
    PairingStatusChange,
    Place,
    PlaceAlias,
    PlaceType,
    Programme,
    ProgrammeField,
    ProgrammeItem,
    ProgrammeStatus,
    utcnow,
)
from twindesk.core.operations.base import Entity, Link, Problems
from twindesk.core.search import normalize_name

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --------------------------------------------------------------------------- shared checks
def _exists(model: type) -> Any:
    return lambda session, key: key is not None and session.get(model, key) is not None


def check_term(
    session: Session,
    problems: Problems,
    model: type,
    field: str,
    value: Any,
    *,
    required: bool = True,
) -> None:
    if value in (None, ""):
        if required:
            problems.add("rule.required", field)
        return
    if session.get(model, value) is None:
        problems.add("rule.unknown_term", field, value=value)


def check_ref(
    session: Session,
    problems: Problems,
    model: type,
    entity: str,
    field: str,
    value: Any,
    *,
    required: bool = False,
) -> None:
    if value is None:
        if required:
            problems.add("rule.required", field)
        return
    if session.get(model, value) is None:
        problems.add("rule.unknown_record", field, entity=f"entity.{entity}", value=value)


def check_dates(problems: Problems, obj: Any, start: str, end: str) -> None:
    """Both partial dates valid, and the end not before the start."""
    ok = True
    for name in (start, end):
        value = getattr(obj, name)
        if value and not dates.is_partial(value):
            problems.add("rule.bad_date", name, value=value)
            ok = False
    s, e = getattr(obj, start), getattr(obj, end)
    # Compare at the coarser precision: an end of "2023" is not before a start of "2023-05".
    if ok and s and e and dates.last_day(e) < dates.first_day(s):
        problems.add(
            "rule.end_before_start",
            end,
            end_field=f"field.{end}",
            end=e,
            start_field=f"field.{start}",
            start=s,
        )


def check_text_lengths(problems: Problems, obj: Any) -> None:
    for name, column in obj.__table__.c.items():
        limit = getattr(column.type, "length", None)
        value = getattr(obj, name, None)
        if limit and isinstance(value, str) and len(value) > limit:
            problems.add("rule.too_long", name, max=limit)


def check_links(
    session: Session, problems: Problems, links: dict[str, Link], values: dict[str, list]
) -> None:
    for name, items in values.items():
        link = links[name]
        if link.check is None:
            continue
        for item in items:
            if not link.check(session, item):
                problems.add(
                    "rule.unknown_record", name, entity=f"entity.{link.entity}", value=item
                )


def place_label(place: Place | None) -> tuple[str, str]:
    """A place's name for a message, as (English, Chinese), each falling back to the other."""
    if place is None:
        return ("?", "?")
    return (place.name_en or place.name_zh, place.name_zh or place.name_en)


# --------------------------------------------------------------------------- place
def _validate_place(session: Session, place: Place, problems: Problems, links: dict) -> None:
    if not (place.name_en or "").strip() and not (place.name_zh or "").strip():
        problems.add("rule.name_required", "name_en")
    if not place.country_code:
        problems.add("rule.required", "country_code")
    elif session.get(Country, place.country_code) is None:
        problems.add("rule.unknown_country", "country_code", value=place.country_code)
    check_term(session, problems, PlaceType, "place_type", place.place_type)
    if place.parent_id is not None:
        check_ref(session, problems, Place, "place", "parent_id", place.parent_id)
        seen = {place.id}
        current: int | None = place.parent_id
        while current is not None:
            if current in seen:
                problems.add("rule.parent_cycle", "parent_id")
                break
            seen.add(current)
            current = session.execute(
                select(col(Place.parent_id)).where(col(Place.id) == current)
            ).scalar()
    for name, bound in (("latitude", 90), ("longitude", 180)):
        value = getattr(place, name)
        if value is not None and not -bound <= value <= bound:
            problems.add("rule.bad_coordinate", name)
    check_text_lengths(problems, place)


def _place_dependents(session: Session, place_id: int) -> list[tuple[str, int]]:
    """The pairings of a place (a place in a pairing cannot be deleted)."""
    return [
        ("pairing", i)
        for i in session.execute(
            select(col(Pairing.id))
            .where(or_(col(Pairing.place_a_id) == place_id, col(Pairing.place_b_id) == place_id))
            .order_by(col(Pairing.id))
        ).scalars()
    ]


PLACE = Entity(
    name="place",
    model=Place,
    fields=(
        "name_en",
        "name_zh",
        "name_native",
        "place_type",
        "country_code",
        "parent_id",
        "latitude",
        "longitude",
        "notes",
    ),
    validate=_validate_place,
    links={
        "aliases": Link(
            PlaceAlias.__table__,
            "place_id",
            "alias",
            extra=lambda alias: {"normalized": normalize_name(alias)},
        )
    },
    search_fields=("name_en", "name_zh", "name_native"),
    search_link="aliases",
    dependents=_place_dependents,
)


# --------------------------------------------------------------------------- pairing
def current_statuses(session: Session) -> list[str]:
    return list(
        session.execute(
            select(col(PairingStatus.code)).where(col(PairingStatus.is_current))
        ).scalars()
    )


def find_duplicate_pairing(
    session: Session, place_a: int, place_b: int, kind: str, exclude_id: int | None = None
) -> int | None:
    """The id of a current pairing of the same two places (either order) and kind."""
    query = select(col(Pairing.id)).where(
        col(Pairing.kind) == kind,
        col(Pairing.status).in_(current_statuses(session)),
        or_(
            and_(col(Pairing.place_a_id) == place_a, col(Pairing.place_b_id) == place_b),
            and_(col(Pairing.place_a_id) == place_b, col(Pairing.place_b_id) == place_a),
        ),
    )
    if exclude_id is not None:
        query = query.where(col(Pairing.id) != exclude_id)
    return session.execute(query.limit(1)).scalar()


def _validate_pairing(session: Session, pairing: Pairing, problems: Problems, links: dict) -> None:
    for name in ("place_a_id", "place_b_id"):
        check_ref(session, problems, Place, "place", name, getattr(pairing, name), required=True)
    check_term(session, problems, PairingKind, "kind", pairing.kind)
    check_term(session, problems, PairingLevel, "level", pairing.level)
    check_term(session, problems, PairingStatus, "status", pairing.status)
    check_dates(problems, pairing, "established", "ended")
    if pairing.country_at_signing == "":
        pairing.country_at_signing = None  # a form's empty choice: none recorded
    elif pairing.country_at_signing is not None:
        check_ref(
            session, problems, Country, "country", "country_at_signing", pairing.country_at_signing
        )
    if pairing.source_checked and not dates.is_partial(pairing.source_checked):
        problems.add("rule.bad_date", "source_checked", value=pairing.source_checked)
    check_text_lengths(problems, pairing)
    if pairing.place_a_id is not None and pairing.place_a_id == pairing.place_b_id:
        problems.add("rule.self_pairing", "place_b_id")
    elif problems:
        return  # the duplicate check needs valid places and kind
    else:
        other = find_duplicate_pairing(
            session, pairing.place_a_id, pairing.place_b_id, pairing.kind, pairing.id
        )
        status = session.get(PairingStatus, pairing.status)
        if other and status is not None and status.is_current:
            kind = session.get(PairingKind, pairing.kind)
            assert kind is not None  # a term of the vocabulary (check_term, above)
            problems.add(
                "rule.duplicate_pairing",
                "place_b_id",
                a=place_label(session.get(Place, pairing.place_a_id)),
                b=place_label(session.get(Place, pairing.place_b_id)),
                kind=(kind.label_en, kind.label_zh),
                other=other,
            )


def _pairing_status_history(
    session: Session, pairing: Pairing, changes: dict[str, tuple[Any, Any]], created: bool
) -> None:
    """Every status a pairing takes is written to its dated history."""
    if "status" not in changes and not created:
        return
    when = ""
    if pairing.status == "established" and pairing.established:
        when = pairing.established
    elif pairing.status == "ended" and pairing.ended:
        when = pairing.ended
    else:
        when = utcnow().date().isoformat()
    assert pairing.id is not None  # saved: after_save runs after the flush
    session.add(
        PairingStatusChange(
            pairing_id=pairing.id,
            status=pairing.status,
            date=when,
            note=session.info.get("status_note", ""),
            operator=session.info.get("operator", ""),
        )
    )


PAIRING = Entity(
    name="pairing",
    model=Pairing,
    fields=(
        "place_a_id",
        "place_b_id",
        "kind",
        "level",
        "status",
        "established",
        "ended",
        "end_reason",
        "signed_at_place",
        "signed_at_event",
        "signatories",
        "agreement_ref",
        "source",
        "source_url",
        "source_checked",
        "notes",
        "country_at_signing",
    ),
    validate=_validate_pairing,
    links={
        "contacts": Link(
            ContactPairing.__table__,
            "pairing_id",
            "contact_id",
            check=_exists(Contact),
            entity="contact",
        )
    },
    after_save=_pairing_status_history,
)


# --------------------------------------------------------------------------- programme
def _validate_programme(
    session: Session, programme: Programme, problems: Problems, links: dict
) -> None:
    check_ref(
        session, problems, Pairing, "pairing", "pairing_id", programme.pairing_id, required=True
    )
    if not (programme.title_en or "").strip() and not (programme.title_zh or "").strip():
        problems.add("rule.required", "title_en")
    check_term(session, problems, ProgrammeStatus, "status", programme.status)
    check_dates(problems, programme, "start", "end")
    check_text_lengths(problems, programme)
    check_links(session, problems, PROGRAMME.links, links)


PROGRAMME = Entity(
    name="programme",
    model=Programme,
    fields=("pairing_id", "title_en", "title_zh", "start", "end", "status", "description"),
    validate=_validate_programme,
    links={
        "fields": Link(
            ProgrammeField.__table__,
            "programme_id",
            "field_code",
            check=_exists(CooperationField),
            entity="field",
        ),
        "items": Link(ProgrammeItem.__table__, "programme_id", "text"),
    },
    search_fields=("title_en", "title_zh"),
)


# --------------------------------------------------------------------------- exchange
# Which way a delegation went, from the office's side (the annual report counts each way).
EXCHANGE_DIRECTIONS = ("incoming", "outgoing", "online", "local")
# The delegation leader's rank, highest first (国家级, 省部级, 厅局级, 县处级, other).
EXCHANGE_LEADER_LEVELS = ("national", "ministerial", "bureau", "division", "other")
# The built-in exchange types that say it themselves (migration 0007 filled these in).
DIRECTION_OF_TYPE = {
    "delegation_in": "incoming",
    "delegation_out": "outgoing",
    "video_conference": "online",
}


def _validate_exchange(
    session: Session, exchange: Exchange, problems: Problems, links: dict
) -> None:
    if not (exchange.title_en or "").strip() and not (exchange.title_zh or "").strip():
        problems.add("rule.required", "title_en")
    check_term(session, problems, ExchangeType, "exchange_type", exchange.exchange_type)
    check_dates(problems, exchange, "start", "end")
    if exchange.participants is not None and (
        not isinstance(exchange.participants, int) or exchange.participants < 0
    ):
        problems.add("rule.bad_number", "participants")
    check_ref(session, problems, Programme, "programme", "programme_id", exchange.programme_id)
    check_ref(session, problems, Place, "place", "host_place_id", exchange.host_place_id)
    if not exchange.direction:
        # What the type says, where it says it: an inbound delegation came here.
        exchange.direction = DIRECTION_OF_TYPE.get(exchange.exchange_type, "")
    elif exchange.direction not in EXCHANGE_DIRECTIONS:
        problems.add("rule.unknown_direction", "direction", value=exchange.direction)
    if exchange.leader_level and exchange.leader_level not in EXCHANGE_LEADER_LEVELS:
        problems.add("rule.unknown_leader_level", "leader_level", value=exchange.leader_level)
    check_text_lengths(problems, exchange)
    check_links(session, problems, EXCHANGE.links, links)


EXCHANGE = Entity(
    name="exchange",
    model=Exchange,
    fields=(
        "title_en",
        "title_zh",
        "exchange_type",
        "direction",
        "leader_level",
        "start",
        "end",
        "venue",
        "host_place_id",
        "participants",
        "programme_id",
        "outcome",
        "notes",
    ),
    validate=_validate_exchange,
    links={
        "pairings": Link(
            ExchangePairing.__table__,
            "exchange_id",
            "pairing_id",
            check=_exists(Pairing),
            entity="pairing",
        ),
        "places": Link(
            ExchangePlace.__table__, "exchange_id", "place_id", check=_exists(Place), entity="place"
        ),
        "fields": Link(
            ExchangeField.__table__,
            "exchange_id",
            "field_code",
            check=_exists(CooperationField),
            entity="field",
        ),
    },
    search_fields=("title_en", "title_zh", "venue"),
)


# --------------------------------------------------------------------------- contact
def _validate_contact(session: Session, contact: Contact, problems: Problems, links: dict) -> None:
    if not (contact.name_en or "").strip() and not (contact.name_zh or "").strip():
        problems.add("rule.name_required", "name_en")
    if contact.email and not EMAIL.match(contact.email):
        problems.add("rule.bad_email", "email", value=contact.email)
    check_ref(session, problems, Place, "place", "place_id", contact.place_id)
    check_text_lengths(problems, contact)
    check_links(session, problems, CONTACT.links, links)


CONTACT = Entity(
    name="contact",
    model=Contact,
    fields=(
        "name_en",
        "name_zh",
        "title",
        "organisation",
        "place_id",
        "phone",
        "email",
        "language",
        "notes",
    ),
    validate=_validate_contact,
    links={
        "pairings": Link(
            ContactPairing.__table__,
            "contact_id",
            "pairing_id",
            check=_exists(Pairing),
            entity="pairing",
        )
    },
    search_fields=("name_en", "name_zh", "organisation"),
)


# Documents are not here: they carry file content, not form fields (see attachments.py).
ENTITIES: dict[str, Entity] = {e.name: e for e in (PLACE, PAIRING, PROGRAMME, EXCHANGE, CONTACT)}
