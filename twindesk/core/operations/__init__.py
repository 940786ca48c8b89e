"""Register operations: create, read, update and delete any record, with validation.

The window's forms and the command line call these; nothing else writes records one
at a time. Every call takes the session explicitly (from ``Register.write()``), so
several operations can form one unit of work that commits whole or not at all.

    with register.write(operator="Li Hua") as s:
        tokyo = create(s, "place", {"name_en": "Tokyo", "name_zh": "东京", "country_code": "JP"})
        create(s, "pairing", {"place_a_id": beijing.id, "place_b_id": tokyo.id,
                              "kind": "sister_city", "established": "1979-03"})
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import func, select
from sqlmodel import Session

from twindesk.core.errors import ConflictError, InUseError, NotFoundError
from twindesk.core.i18n import count
from twindesk.core.models import Record, TableModel, utcnow
from twindesk.core.operations.base import (
    Entity,
    Problems,
    audit_value,
    current_links,
    record_audit,
    replace_links,
    search_text_of,
    unique,
)
from twindesk.core.operations.entities import ENTITIES

__all__ = [
    "ENTITIES",
    "affected_by_delete",
    "blocking_delete",
    "create",
    "delete",
    "get",
    "in_use_error",
    "links_of",
    "locked",
    "update",
]

_STRIP = str.strip
M = TypeVar("M", bound=TableModel)


class Searchable(Protocol):
    search_text: str


def _entity(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        raise ValueError(f"unknown entity {name!r}") from None


def _split(entity: Entity, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    """Separate plain fields from link lists; unknown names are a programming error."""
    fields, links = {}, {}
    for key, value in values.items():
        if key in entity.links:
            links[key] = unique(_STRIP(v) if isinstance(v, str) else v for v in (value or []))
        elif key in entity.fields:
            fields[key] = _STRIP(value) if isinstance(value, str) else value
        else:
            raise ValueError(f"{entity.name} has no field {key!r}")
    return fields, links


def get(session: Session, entity: str, record_id: int, *, lock: bool = False) -> Record:
    """The record ``record_id``; with ``lock``, read afresh and locked for this
    transaction (see ``locked``)."""
    spec = _entity(entity)
    if lock:
        record = locked(session, spec.model, record_id)
    else:
        record = session.get(spec.model, record_id)
    if record is None:
        raise NotFoundError(entity=f"entity.{entity}", id=record_id)
    return record


def locked(session: Session, model: type[M], record_id: int) -> M | None:
    """Read a record to change it: its newest committed row, locked until the transaction
    ends. On PostgreSQL two clerks' transactions run side by side, so a version checked
    on an unlocked read could be overwritten by a save committed just after the check (a
    lost update); SELECT ... FOR UPDATE makes the second wait, then see the first's
    version and be refused. SQLite's writing transactions hold the write lock from their
    start (storage.sqlite: BEGIN IMMEDIATE), and SQLAlchemy leaves FOR UPDATE out there."""
    return session.get(model, record_id, with_for_update=True, populate_existing=True)


def links_of(session: Session, entity: str, record_id: int) -> dict[str, list]:
    spec = _entity(entity)
    return {name: current_links(session, link, record_id) for name, link in spec.links.items()}


def _finish(session: Session, spec: Entity, record: Record, links: dict[str, list]) -> None:
    if spec.search_fields:  # the entities with search fields have the column
        cast(Searchable, record).search_text = search_text_of(session, spec, record, links)


def create(session: Session, entity: str, values: dict[str, Any]) -> Record:
    """Validate and insert a record; raises ValidationError listing every problem."""
    spec = _entity(entity)
    fields, links = _split(spec, values)
    record = spec.model(**fields)
    problems = Problems()
    spec.validate(session, record, problems, links)
    problems.raise_if_any()
    _finish(session, spec, record, links)
    session.add(record)
    session.flush()
    assert record.id is not None  # given by the database at the flush
    for name, items in links.items():
        replace_links(session, spec.links[name], record.id, items)
    if spec.after_save:
        spec.after_save(session, record, {}, True)
    record_audit(
        session,
        entity,
        record.id,
        "insert",
        {k: (None, v) for k, v in {**fields, **links}.items() if v not in (None, "", [])},
    )
    return record


def update(
    session: Session, entity: str, record_id: int, values: dict[str, Any], *, version: int | None
) -> Record:
    """Change fields of a record read at ``version``.

    If someone else saved the record since (its version moved on), the change is
    refused with ConflictError instead of silently overwriting theirs. ``version=None``
    skips the check, for callers that read and write in one transaction.
    """
    spec = _entity(entity)
    record = get(session, entity, record_id, lock=True)
    fields, links = _split(spec, values)
    if version is not None and record.version != version:
        differences = [
            (f"field.{k}", audit_value(v), audit_value(getattr(record, k)))
            for k, v in fields.items()
            if getattr(record, k) != v
        ]
        raise ConflictError(entity=f"entity.{entity}", id=record_id, differences=differences)
    before = {k: getattr(record, k) for k in fields}
    old_links = {name: current_links(session, spec.links[name], record_id) for name in links}
    for key, value in fields.items():
        setattr(record, key, value)
    problems = Problems()
    spec.validate(session, record, problems, links)
    if problems:
        session.expire(record)  # leave nothing half-changed in the session
        problems.raise_if_any()
    changes = {k: (before[k], v) for k, v in fields.items() if before[k] != v}
    changes.update({k: (old_links[k], v) for k, v in links.items() if old_links[k] != v})
    if not changes:
        return record
    for name, items in links.items():
        if old_links[name] != items:
            replace_links(session, spec.links[name], record_id, items)
    _finish(session, spec, record, links if links else {})
    record.version += 1
    record.updated_at = utcnow()
    session.add(record)
    session.flush()
    if spec.after_save:
        spec.after_save(session, record, changes, False)
    record_audit(session, entity, record_id, "update", changes)
    return record


def delete(session: Session, entity: str, record_id: int, *, version: int | None = None) -> None:
    """Delete a record; refused while other records still depend on it."""
    spec = _entity(entity)
    record = get(session, entity, record_id, lock=True)
    if version is not None and record.version != version:
        raise ConflictError(entity=f"entity.{entity}", id=record_id)
    blocking = blocking_delete(session, entity, record_id)
    if blocking:
        raise in_use_error(session, entity, record_id, blocking)
    snapshot = {k: getattr(record, k) for k in spec.fields}
    session.delete(record)
    session.flush()
    record_audit(
        session,
        entity,
        record_id,
        "delete",
        {k: (v, None) for k, v in snapshot.items() if v not in (None, "")},
    )


def blocking_delete(session: Session, entity: str, record_id: int) -> list[tuple[str, int]]:
    """The records (entity, id) that keep a record from being deleted, e.g. the pairings
    of a place: asked before the clerk is asked to confirm, so a delete is never
    confirmed and then refused."""
    spec = _entity(entity)
    return spec.dependents(session, record_id) if spec.dependents else []


def in_use_error(
    session: Session, entity: str, record_id: int, blocking: list[tuple[str, int]], shown: int = 5
) -> InUseError:
    """The refusal naming the record and what blocks it by name, in both languages."""
    from twindesk.core.queries import describe

    conn = session.connection()
    kind = blocking[0][0]
    ids = [i for _, i in blocking]
    labels = {lang: describe(conn, kind, ids[:shown], lang) for lang in ("en", "zh")}
    name = {
        lang: describe(conn, entity, [record_id], lang).get(record_id, f"#{record_id}")
        for lang in ("en", "zh")
    }
    names = {
        lang: ("; " if lang == "en" else "；").join(
            labels[lang][i] for i in ids[:shown] if i in labels[lang]
        )
        + ("…" if len(ids) > shown else "")
        for lang in ("en", "zh")
    }
    return InUseError(
        "error.in_use.named",
        entity=f"entity.{entity}",
        id=record_id,
        name=(name["en"], name["zh"]),
        what=(count(len(ids), kind, "en"), count(len(ids), kind, "zh")),
        names=(names["en"], names["zh"]),
        blocking=blocking,
    )


# What a row of each referring table means to the clerk, for "this also affects".
_REFERRING = {
    "pairing": "pairing",
    "programme": "programme",
    "exchange": "exchange",
    "contact": "contact",
    "document": "document",
    "place": "place",
    "exchange_pairing": "exchange",
    "exchange_place": "exchange",
    "contact_pairing": "contact",
}


def affected_by_delete(session: Session, entity: str, record_id: int) -> list[tuple[str, int]]:
    """What else refers to a record, as (noun, how many) for ``i18n.count``, so a delete
    confirmation can name it.

    Read from the foreign keys themselves, so a new table that refers to pairings is
    counted without anyone remembering to add it here.
    """
    table = _entity(entity).model.__table__
    counts: dict[str, int] = {}
    for other in table.metadata.sorted_tables:
        what = _REFERRING.get(other.name)
        if what is None:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is table and fk.parent.table is other:
                n = session.execute(
                    select(func.count()).select_from(other).where(fk.parent == record_id)
                ).scalar_one()
                if n:
                    counts[what] = counts.get(what, 0) + n
    return sorted(counts.items())
