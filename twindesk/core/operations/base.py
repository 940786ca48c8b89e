"""The machinery every register operation shares.

An :class:`Entity` describes one kind of record: its table, the fields a clerk may
set, its links (many-to-many lists such as a programme's fields of cooperation), how
its search key is built and which rules it must keep. ``create``, ``update`` and
``delete`` in ``twindesk.core.operations`` work for every entity through that
description, so validation, optimistic locking and the audit trail are written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlmodel import Session

from twindesk.core.errors import ValidationError
from twindesk.core.models import AuditEntry, Record, utcnow
from twindesk.core.search import search_key


class Problems:
    """Collects every broken rule of a record, so a form can mark all fields at once."""

    def __init__(self) -> None:
        self.items: list[ValidationError] = []

    def add(self, code: str, field: str | None = None, **params: Any) -> None:
        self.items.append(ValidationError(code, field, **params))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            first.problems = list(self.items)
            raise first


@dataclass
class Link:
    """A list attached to a record through an association table."""

    table: Table
    owner_column: str
    value_column: str
    check: Callable[[Session, Any], bool] | None = None  # does the value exist?
    entity: str = ""  # what a missing value is, for the message
    extra: Callable[[Any], dict] | None = None  # more columns derived from the value


@dataclass
class Entity:
    name: str
    model: type[Record]
    fields: tuple[str, ...]
    validate: Callable[[Session, Any, Problems, dict[str, list]], None]
    links: dict[str, Link] = field(default_factory=dict)
    # The columns whose text makes the record's ``search_text``, in order, and the link
    # whose values follow them (a place's aliases): the one declaration the form's save
    # (``operations``) and every bulk write (``operations.bulk_write``) build it from.
    search_fields: tuple[str, ...] = ()
    search_link: str | None = None
    after_save: Callable[[Session, Any, dict[str, tuple[Any, Any]], bool], None] | None = None
    # The records (entity, id) that keep one from being deleted.
    dependents: Callable[[Session, int], list[tuple[str, int]]] | None = None


def audit_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def record_audit(
    session: Session,
    entity: str,
    record_id: int,
    action: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> None:
    """Write the audit trail for one record: one row per changed field."""
    operator = session.info.get("operator", "")
    db_user = session.info.get("db_user", "")
    batch = session.info.get("import_batch_id")
    now = utcnow()
    rows = [
        {
            "entity": entity,
            "record_id": record_id,
            "action": action,
            "field": name,
            "old_value": audit_value(old),
            "new_value": audit_value(new),
            "operator": operator,
            "at": now,
            "import_batch_id": batch,
            "db_user": db_user,
        }
        for name, (old, new) in (changes or {"": (None, None)}).items()
    ]
    session.execute(insert(AuditEntry.__table__), rows)


def current_links(session: Session, link: Link, owner_id: int) -> list:
    table = link.table
    return list(
        session.execute(
            select(table.c[link.value_column]).where(table.c[link.owner_column] == owner_id)
        ).scalars()
    )


def replace_links(session: Session, link: Link, owner_id: int, values: list) -> None:
    table = link.table
    session.execute(delete(table).where(table.c[link.owner_column] == owner_id))
    if values:
        rows = []
        for position, value in enumerate(values):
            row = {link.owner_column: owner_id, link.value_column: value}
            if link.extra:
                row.update(link.extra(value))
            if "position" in table.c:
                row["position"] = position
            rows.append(row)
        session.execute(insert(table), rows)


def search_text_of(
    session: Session, entity: Entity, record: Any, links: dict[str, list] | None = None
) -> str:
    """A record's ``search_text`` as its entity declares it: the search fields, then the
    search link's values (from ``links`` when the save gives them, else as stored)."""
    names = [getattr(record, name) for name in entity.search_fields]
    if entity.search_link is not None:
        values = (links or {}).get(entity.search_link)
        if values is None and record.id is not None:
            values = current_links(session, entity.links[entity.search_link], record.id)
        names.extend(values or ())
    return search_key(names)


def unique(values: Iterable) -> list:
    """Keep the first of each value, in order (a clerk may pick a field twice)."""
    return list(dict.fromkeys(v for v in values if v not in (None, "")))
