"""Import history and undo: what an import inserted removed, what it changed put back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Row

from twindesk.core.backups import backup_before
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.models import (
    AuditEntry,
    Contact,
    ContactPairing,
    Document,
    Exchange,
    ExchangePairing,
    ExchangePlace,
    ImportBatch,
    Pairing,
    PairingStatusChange,
    Place,
    Programme,
    TableModel,
    utcnow,
)
from twindesk.core.spreadsheets.importing.plan import UndoError

if TYPE_CHECKING:
    from twindesk.core.storage import Register


def list_imports(register: Register) -> list[dict]:
    """Every recorded import, newest first."""
    t = ImportBatch.__table__
    with register.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.id.desc()))]


ENTITY_TABLES: dict[str, type[TableModel]] = {
    "place": Place,
    "pairing": Pairing,
    "exchange": Exchange,
    "programme": Programme,
    "contact": Contact,
    # Attached files a merge of registers brought along (core.merging); an import adds none.
    "document": Document,
}
UNDO_ORDER = ("document", "exchange", "contact", "programme", "pairing", "place")
_IDS = 900  # ids per IN (...): below SQLite's oldest limit of 999 variables


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _IDS):
        yield ids[i : i + _IDS]


def undo_import(register: Register, batch_id: int, *, operator: str = "") -> UndoCounts:
    """Remove what import ``batch_id`` inserted and restore what it changed; all or nothing.

    Imports can be undone in any order: what another import did to these records counts
    as a change only while that import stands (undone, it is gone). Refused (UndoError,
    nothing changed, no backup made) when the batch was already undone, when a record
    it touched was changed since by hand or by an import that stands, or when a record
    it added is now used by another (a programme of its pairing...). A place it created
    that other records now use is kept; it goes with the undo that frees it.
    """
    with register.connect() as conn:
        _UndoPlan.make(conn, batch_id)  # the checks that can refuse, before any backup
    backup_before(register, "before-undo-import")
    with register.connect(write=True) as conn:
        # Again under the write lock (on a server: with the batch and its records locked),
        # as the register may have moved on in between.
        plan = _UndoPlan.make(conn, batch_id, lock=True)
        counts = plan.apply(conn, operator, utcnow(), db_user=register.database_user)
    logging.getLogger("twindesk.import").info("import #%s undone: %s", batch_id, dict(counts))
    return counts


class UndoCounts(dict[str, int]):
    """Records removed per entity, and "updated": the records restored. ``kept_places``:
    places the import created that other records now use, left for them (not a key, so
    summing the values still counts what was removed)."""

    def __init__(self, counts: dict[str, int], *, kept_places: int = 0) -> None:
        super().__init__(counts)
        self.kept_places = kept_places


class _UndoPlan:
    """What undoing one import will do, checked: records to delete, to restore, to keep."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.inserted: dict[str, list[int]] = {}
        self.updates: dict[tuple[str, int], dict[str, tuple[Any, Any]]] = {}
        self.expected: dict[tuple[str, int], int | None] = {}  # version each must have now
        self.kept: set[int] = set()  # places it created that others now use
        self.freed: dict[int, int] = {}  # place -> its (undone) import, to delete too
        self.undone: set[int] = set()  # imports undone before
        self.first_entry = 0  # its first audit row: later rows are later changes

    @classmethod
    def make(cls, conn: Connection, batch_id: int, *, lock: bool = False) -> _UndoPlan:
        """The undo of ``batch_id``, checked. With ``lock`` (the writing pass) the batch and
        every record it touched are locked first (SELECT ... FOR UPDATE; SQLite's writing
        transaction holds the whole file already), so on a server a clerk's save cannot
        slip in between these checks and the undo's writes: it waits, and then finds the
        record gone or restored."""
        bt, at = ImportBatch.__table__, AuditEntry.__table__
        query = select(bt).where(bt.c.id == batch_id)
        batch = conn.execute(query.with_for_update() if lock else query).first()
        if batch is None:
            raise TwinDeskError("error.not_found", entity="import.batch", id=batch_id)
        if batch.undone_at is not None:
            raise UndoError("import.undo.already", id=batch_id)
        plan = cls(batch_id)
        plan.undone = {
            r.id for r in conn.execute(select(bt.c.id).where(bt.c.undone_at.is_not(None)))
        }
        entries = conn.execute(
            select(at)
            .where(at.c.import_batch_id == batch_id, at.c.action.in_(("insert", "update")))
            .order_by(at.c.id)
        ).fetchall()
        plan.first_entry = entries[0].id if entries else 0
        for e in entries:
            if e.action == "insert":
                plan.inserted.setdefault(e.entity, []).append(e.record_id)
                plan.expected[(e.entity, e.record_id)] = 1
            else:
                plan.updates.setdefault((e.entity, e.record_id), {})[e.field] = (
                    e.old_value,
                    e.new_value,
                )
        for key, fields in plan.updates.items():
            version = fields.get("version", (None, None))[1]
            plan.expected[key] = int(version) if version is not None else None
        if lock:
            plan._lock_records(conn)
        plan._check_later_changes(conn)
        plan._check_inserted(conn)
        plan._check_updated(conn)
        plan._check_dependents(conn)
        plan._find_kept_places(conn)
        return plan

    def _later_entries(self, conn: Connection, entity: str, ids: list[int]) -> Iterator[Row]:
        """Audit rows other than this import's, written after it, on these records."""
        at = AuditEntry.__table__
        for chunk in _chunks(sorted(set(ids))):
            yield from conn.execute(
                select(
                    at.c.id,
                    at.c.record_id,
                    at.c.action,
                    at.c.field,
                    at.c.new_value,
                    at.c.import_batch_id,
                )
                .where(
                    at.c.entity == entity,
                    at.c.record_id.in_(chunk),
                    at.c.id > self.first_entry,
                    or_(at.c.import_batch_id.is_(None), at.c.import_batch_id != self.batch_id),
                )
                .order_by(at.c.id)
            )

    def _lock_records(self, conn: Connection) -> None:
        records: dict[str, set[int]] = {}
        for entity, ids in self.inserted.items():
            records.setdefault(entity, set()).update(ids)
        for entity, rid in self.updates:
            records.setdefault(entity, set()).add(rid)
        for entity, locked in records.items():
            if entity not in ENTITY_TABLES:
                continue
            t = ENTITY_TABLES[entity].__table__
            for chunk in _chunks(sorted(locked)):
                conn.execute(select(t.c.id).where(t.c.id.in_(chunk)).with_for_update()).all()

    def _check_later_changes(self, conn: Connection) -> None:
        """A change by hand, or by an import that still stands, refuses the undo; what an
        undone import did (and its undo put back) does not count."""
        records: dict[str, list[int]] = {}
        for entity, ids in self.inserted.items():
            records.setdefault(entity, []).extend(ids)
        for entity, rid in self.updates:
            records.setdefault(entity, []).append(rid)
        for entity, ids in records.items():
            if entity not in ENTITY_TABLES:
                continue
            for e in self._later_entries(conn, entity, ids):
                key = (entity, e.record_id)
                if e.import_batch_id is None:
                    if (
                        e.action == "delete"
                        and entity in self.inserted
                        and e.record_id in self.inserted[entity]
                    ):
                        self.expected[key] = None  # deleted by hand: nothing to remove
                        continue
                    raise UndoError(
                        "import.undo.changed_since", entity=f"entity.{entity}", id=e.record_id
                    )
                if e.import_batch_id not in self.undone:
                    raise UndoError(
                        "import.undo.changed_by_import",
                        entity=f"entity.{entity}",
                        id=e.record_id,
                        batch=e.import_batch_id,
                    )
                # Changed by an import since undone: its update and its undo each moved the
                # version on, and the audit rows say what they did; the version proves nothing.
                self.expected[key] = None

    def _check_inserted(self, conn: Connection) -> None:
        """Records it added still have the version it (and undone imports) left them at."""
        for entity, ids in self.inserted.items():
            t = ENTITY_TABLES[entity].__table__
            if "version" not in t.c:  # a document: never edited, only added or deleted
                continue
            for chunk in _chunks(ids):
                for rid, version in conn.execute(
                    select(t.c.id, t.c.version).where(t.c.id.in_(chunk))
                ):
                    expected = self.expected.get((entity, rid))
                    if expected is not None and version != expected:
                        raise UndoError(
                            "import.undo.changed_since", entity=f"entity.{entity}", id=rid
                        )

    def _check_updated(self, conn: Connection) -> None:
        for entity, rid in self.updates:
            t = ENTITY_TABLES[entity].__table__
            current = conn.execute(select(t.c.version).where(t.c.id == rid)).scalar()
            expected = self.expected.get((entity, rid))
            if current is None or (expected is not None and current != expected):
                raise UndoError("import.undo.changed_since", entity=f"entity.{entity}", id=rid)

    def _check_dependents(self, conn: Connection) -> None:
        """Records it added that others now hang on (a programme of its pairing, a document,
        a link from a record it did not add) would take those with them: refused."""
        for entity, ids in self.inserted.items():
            for table, column, owner, owner_column in _DEPENDENTS.get(entity, ()):
                t = table.__table__
                mine = set(self.inserted.get(owner, ()))
                for chunk in _chunks(ids):
                    for own, used in conn.execute(
                        select(t.c[owner_column], t.c[column]).where(t.c[column].in_(chunk))
                    ):
                        if own not in mine:
                            raise UndoError(
                                "import.undo.used_by",
                                entity=f"entity.{entity}",
                                id=used,
                                other=f"entity.{owner}",
                                other_id=own,
                            )

    def _place_users(
        self, conn: Connection, place_ids: list[int], leaving: dict[str, set[int]]
    ) -> set[int]:
        """Of ``place_ids``, those used by a record that is not ``leaving``."""
        used: set[int] = set()
        for table, column, owner, owner_column in _PLACE_USERS:
            t = table.__table__
            gone = leaving.get(owner, set())
            for chunk in _chunks(place_ids):
                for own, place in conn.execute(
                    select(t.c[owner_column], t.c[column]).where(t.c[column].in_(chunk))
                ):
                    if own not in gone:
                        used.add(place)
        return used

    def _find_kept_places(self, conn: Connection) -> None:
        """Places it created that records staying in the register use are kept; places an
        undone import created that only this import's records used go too."""
        leaving = {e: set(ids) for e, ids in self.inserted.items()}
        mine = self.inserted.get("place", [])
        if mine:
            self.kept = self._place_users(conn, mine, leaving)
        # Places its records used that an undone import created: freed by this undo?
        used: set[int] = set()
        pt = Pairing.__table__
        for chunk in _chunks(self.inserted.get("pairing", [])):
            for a, b in conn.execute(
                select(pt.c.place_a_id, pt.c.place_b_id).where(pt.c.id.in_(chunk))
            ):
                used.update((a, b))
        for table, column, owner, owner_column in _PLACE_USERS:
            if owner in ("pairing", "place") or not self.inserted.get(owner):
                continue
            t = table.__table__
            for chunk in _chunks(self.inserted[owner]):
                used.update(
                    p
                    for (p,) in conn.execute(
                        select(t.c[column]).where(
                            t.c[owner_column].in_(chunk), t.c[column].is_not(None)
                        )
                    )
                )
        used -= set(mine)
        if not used or not self.undone:
            return
        at = AuditEntry.__table__
        created: dict[int, int] = {}
        for chunk in _chunks(sorted(used)):
            for rid, batch in conn.execute(
                select(at.c.record_id, at.c.import_batch_id).where(
                    at.c.entity == "place",
                    at.c.action == "insert",
                    at.c.record_id.in_(chunk),
                    at.c.import_batch_id.in_(sorted(self.undone)),
                )
            ):
                created[rid] = batch
        if not created:
            return
        # Still there, unchanged since (by hand or by an import that stands), and free.
        t = Place.__table__
        existing = {
            rid
            for chunk in _chunks(sorted(created))
            for (rid,) in conn.execute(select(t.c.id).where(t.c.id.in_(chunk)))
        }
        for chunk in _chunks(sorted(existing)):
            for rid, batch in conn.execute(
                select(at.c.record_id, at.c.import_batch_id).where(
                    at.c.entity == "place", at.c.record_id.in_(chunk)
                )
            ):
                if batch is None or batch not in self.undone:
                    existing.discard(rid)  # changed by hand, or by an import that stands
        still_used = self._place_users(conn, sorted(existing), leaving)
        self.freed = {rid: created[rid] for rid in existing - still_used}

    def apply(
        self, conn: Connection, operator: str, now: datetime, *, db_user: str = ""
    ) -> UndoCounts:
        at, bt = AuditEntry.__table__, ImportBatch.__table__
        batch_id = self.batch_id
        audit: list[dict] = []
        for (entity, rid), fields in self.updates.items():
            t = ENTITY_TABLES[entity].__table__
            fields = {k: v for k, v in fields.items() if k != "version"}
            # _check_updated found the record, and the transaction keeps it.
            current = conn.execute(select(t.c.version).where(t.c.id == rid)).scalar_one()
            values = {k: _typed(t.c[k], old) for k, (old, _new) in fields.items()}
            conn.execute(
                update(t).where(t.c.id == rid).values(**values, version=current + 1, updated_at=now)
            )
            for k, (old, new) in fields.items():
                audit.append(
                    _undo_audit(entity, rid, "update", k, new, old, operator, now, batch_id)
                )
            audit.append(
                _undo_audit(
                    entity,
                    rid,
                    "update",
                    "version",
                    str(current),
                    str(current + 1),
                    operator,
                    now,
                    batch_id,
                )
            )
            if entity == "pairing" and "status" in fields:
                conn.execute(
                    insert(PairingStatusChange.__table__).values(
                        pairing_id=rid,
                        status=values["status"],
                        date=now.date().isoformat(),
                        note=translate("import.undo.history_note", "en", id=batch_id),
                        operator=operator,
                        recorded_at=now,
                    )
                )
        removed: dict[str, int] = {}
        for entity in UNDO_ORDER:
            ids = [
                i
                for i in self.inserted.get(entity, [])
                if not (entity == "place" and i in self.kept)
            ]
            if not ids:
                continue
            t = ENTITY_TABLES[entity].__table__
            for chunk in _chunks(ids):
                conn.execute(delete(t).where(t.c.id.in_(chunk)))
            removed[entity] = len(ids)
            audit.extend(
                _undo_audit(entity, rid, "delete", "", None, None, operator, now, batch_id)
                for rid in ids
            )
        if self.freed:  # places undone imports created, used until now by this one's records
            t = Place.__table__
            for chunk in _chunks(sorted(self.freed)):
                conn.execute(delete(t).where(t.c.id.in_(chunk)))
            removed["place"] = removed.get("place", 0) + len(self.freed)
            audit.extend(
                _undo_audit("place", rid, "delete", "", None, None, operator, now, batch)
                for rid, batch in sorted(self.freed.items())
            )
        if audit:
            for row in audit:
                row["db_user"] = db_user
            conn.execute(insert(at), audit)
        conn.execute(update(bt).where(bt.c.id == batch_id).values(undone_at=now))
        removed["updated"] = len(self.updates)
        return UndoCounts(removed, kept_places=len(self.kept))


# Records that hang on a record an import added: (table, column naming it, the record
# it belongs to, that record's id column). Deleting the added record would delete or
# unlink them, so an undo that would is refused.
# (table, column naming it, the record it belongs to, that record's id column)
_Users = tuple[tuple[type[TableModel], str, str, str], ...]
_DEPENDENTS: dict[str, _Users] = {
    "pairing": (
        (Programme, "pairing_id", "programme", "id"),
        (ExchangePairing, "pairing_id", "exchange", "exchange_id"),
        (ContactPairing, "pairing_id", "contact", "contact_id"),
        (Document, "pairing_id", "document", "id"),
    ),
    "programme": (
        (Exchange, "programme_id", "exchange", "id"),
        (Document, "programme_id", "document", "id"),
    ),
    "exchange": ((Document, "exchange_id", "document", "id"),),
    # Not its own links to pairings: they go with it (an import links new contacts to the
    # register's pairings); a link added by hand later shows in its audit trail.
    "contact": ((Document, "contact_id", "document", "id"),),
}
# What uses a place: (table, column, the record it belongs to, its id column).
_PLACE_USERS: _Users = (
    (Pairing, "place_a_id", "pairing", "id"),
    (Pairing, "place_b_id", "pairing", "id"),
    (ExchangePlace, "place_id", "exchange", "exchange_id"),
    (Exchange, "host_place_id", "exchange", "id"),
    (Contact, "place_id", "contact", "id"),
    (Place, "parent_id", "place", "id"),
)


def _undo_audit(
    entity: str,
    rid: int,
    action: str,
    field_: str,
    old: str | None,
    new: str | None,
    operator: str,
    now: datetime,
    batch_id: int,
) -> dict[str, Any]:
    return {
        "entity": entity,
        "record_id": rid,
        "action": action,
        "field": field_,
        "old_value": old,
        "new_value": new,
        "operator": operator,
        "at": now,
        "import_batch_id": batch_id,
    }


def _typed(column: ColumnElement[Any], text: str | None) -> Any:
    if text is None:
        return None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return text
    if python_type is int:
        return int(text)
    if python_type is float:
        return float(text)
    if python_type is bool:
        return text in ("True", "1")
    if python_type is datetime:
        return datetime.fromisoformat(text)
    return text
