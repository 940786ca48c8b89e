"""Commit: a validated plan written in one transaction, all or nothing."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from twindesk.core.storage import Register

from twindesk.core.backups import backup_before
from twindesk.core.errors import ConflictError, TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.models import (
    AuditEntry,
    Contact,
    ContactPairing,
    Country,
    CountryAlias,
    Exchange,
    ExchangeField,
    ExchangePairing,
    ExchangePlace,
    ImportBatch,
    Pairing,
    PairingStatusChange,
    Place,
    PlaceAlias,
    Programme,
    ProgrammeField,
    TableModel,
    utcnow,
)
from twindesk.core.operations.bulk_write import BulkWriter, insert_rows
from twindesk.core.operations.entities import CONTACT, ENTITIES, EXCHANGE, PAIRING, PLACE, PROGRAMME
from twindesk.core.search import has_han
from twindesk.core.spreadsheets.importing.plan import (
    Cancelled,
    ImportCancelled,
    ImportResult,
    Plan,
    Progress,
    RowPlan,
)
from twindesk.core.storage import inserted_id

CHUNK = 2000
AUDIT_COLUMNS = (
    "entity",
    "record_id",
    "action",
    "field",
    "old_value",
    "new_value",
    "operator",
    "at",
    "import_batch_id",
    "db_user",
)


def commit_plan(
    register: Register,
    plan: Plan,
    *,
    operator: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    counts = plan.counts()
    result = ImportResult(
        None,
        counts["insert"],
        counts["update"],
        counts["skip"],
        counts["reject"],
        counts["places"],
        dry_run=dry_run,
        unchanged=counts["unchanged"],
    )
    if dry_run or counts["insert"] + counts["update"] == 0:
        return result  # nothing to write: no batch is recorded
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    backup_before(register, "before-import")
    writer = _Writer(plan, operator, progress, cancelled, counts)
    writer.db_user = getattr(register, "database_user", "")
    with no_gc_pauses(), register.bulk_write(writer.tables()) as conn:
        writer.run(conn)
    result.batch_id = writer.batch_id
    result.places_created = writer.places_created
    logging.getLogger("twindesk.import").info(
        "import #%s of %s committed: %s", result.batch_id, plan.file_name, counts
    )
    return result


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Hold Python's cycle collector while a plan of 100,000 rows is built or written.

    Each row makes a handful of dicts and lists that live as long as the plan; the
    collector would scan them again and again as they pile up (a second or more for
    100,000 rows) and find nothing to free. Plain reference counting still frees
    everything else; the collector resumes afterwards, and is left alone if someone
    else had already switched it off.

    What survived is moved to the oldest generation (freeze, then unfreeze: a list
    splice, no scan). Merely re-enabling would start a full collection at the next
    allocation, walking the millions of objects just made (half a second, for
    nothing); in the oldest generation they wait for the next full collection like
    any long-lived object, and are still freed (cycles included) when let go.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
        gc.unfreeze()


class _Writer:
    def __init__(
        self,
        plan: Plan,
        operator: str,
        progress: Progress | None,
        cancelled: Cancelled | None,
        counts: dict[str, int],
    ) -> None:
        self.plan = plan
        self.counts = counts
        self.note = translate("import.history_note", "en", file=plan.file_name)
        self.operator = operator
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.total = max(1, len(plan.rows) + len(plan.new_places))
        self.batch_id: int | None = None
        self.db_user = ""  # who the database knows the clerk as (the audit trail keeps it)
        self.now = utcnow()
        self.audit: list[tuple] = []  # rows of AUDIT_COLUMNS: 100,000s of them, no dicts
        self.places_created = 0

    def tables(self) -> list[str]:
        """Every table this import may write, for the reference check before commit."""
        targets: dict[str, tuple[type[TableModel], ...]] = {
            "pairing": (Pairing, PairingStatusChange, Contact, ContactPairing),
            "exchange": (Exchange, ExchangePairing, ExchangePlace, ExchangeField),
            "programme": (Programme, ProgrammeField),
            "contact": (Contact, ContactPairing),
        }
        common: tuple[type[TableModel], ...] = (
            ImportBatch,
            Country,
            CountryAlias,
            Place,
            PlaceAlias,
            AuditEntry,
        )
        return [m.__table__.name for m in (*common, *targets[self.plan.target])]

    def tick(self, n: int) -> None:
        self.done += n
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled()
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def audit_row(
        self,
        entity: str,
        record_id: int,
        action: str,
        field_: str = "",
        old: Any = None,
        new: Any = None,
    ) -> None:
        self.audit.append(
            (
                entity,
                record_id,
                action,
                field_,
                None if old is None else str(old),
                None if new is None else str(new),
                self.operator,
                self.now,
                self.batch_id,
                self.db_user,
            )
        )

    def flush_audit(self, conn: Connection) -> None:
        if self.audit:
            insert_rows(conn, AuditEntry.__table__, self.audit, AUDIT_COLUMNS)
            self.audit = []

    def run(self, conn: Connection) -> None:
        plan = self.plan
        counts = self.counts
        # The records, their search keys and links go in as every bulk write puts them.
        self.bulk = BulkWriter(conn, now=self.now)
        self.batch_id = inserted_id(
            conn.execute(
                insert(ImportBatch.__table__).values(
                    file_name=f"{plan.file_name} [{plan.sheet}]"[:500],
                    sha256=plan.sha256,
                    operator=self.operator,
                    started_at=self.now,
                    inserted=0,
                    updated=0,
                    skipped=counts["skip"],
                    rejected=counts["reject"],
                )
            )
        )
        rows = [r for r in plan.rows if r.action in ("insert", "update")]
        self.check_references(conn, rows)
        place_ids = self.insert_places(conn, rows)
        inserted = updated = 0
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            inserts = [r for r in chunk if r.action == "insert"]
            updates = [r for r in chunk if r.action == "update"]
            inserted += getattr(self, f"insert_{plan.target}")(conn, inserts, place_ids)
            for r in updates:
                updated += self.update_record(conn, r)
            self.flush_audit(conn)
            self.tick(len(chunk))
        conn.execute(
            update(ImportBatch.__table__)
            .where(ImportBatch.__table__.c.id == self.batch_id)
            .values(inserted=inserted, updated=updated)
        )

    def check_references(self, conn: Connection, rows: list[RowPlan]) -> None:
        """Refuse a plan whose places or pairings were deleted after it was checked.

        Before anything is written, under the write lock: a deleted place's id could
        otherwise be given again to a place this import creates (ids follow the highest
        one), and the rows meant for the deleted place would silently point at the new
        one; the reference check at the end of the bulk write cannot see that.
        """
        wanted: dict[Any, set[int]] = {Place: set(), Pairing: set()}
        for r in rows:
            v = r.values
            for k in ("place_a_id", "place_b_id"):
                if (v.get(k) or 0) > 0:
                    wanted[Place].add(v[k])
            if (v.get("pairing_id") or 0) > 0:
                wanted[Pairing].add(v["pairing_id"])
            wanted[Pairing].update(r.links.get("pairings", ()))
            wanted[Place].update(r.links.get("places", ()))
        for model, ids in wanted.items():
            ids.discard(None)
            t = model.__table__
            found: set[int] = set()
            ordered = sorted(ids)
            for start in range(0, len(ordered), 900):  # under SQLite's parameter limit
                found.update(
                    conn.execute(
                        select(t.c.id).where(t.c.id.in_(ordered[start : start + 900]))
                    ).scalars()
                )
            gone = sorted(ids - found)
            if gone:
                raise TwinDeskError(
                    "import.references_gone",
                    count=len(gone),
                    entity=f"entity.{t.name}",
                    ids=", ".join(f"#{i}" for i in gone[:5]),
                )

    # -- places -------------------------------------------------------------------
    def insert_places(self, conn: Connection, rows: list[RowPlan]) -> dict[int, int]:
        """Create the new places the committed rows use; new key -> register id."""
        new = self.plan.used_new_places()
        mapping: dict[int, int] = {}
        self.insert_missing_countries(conn, {p.country_code for p in new})
        for start in range(0, len(new), CHUNK):
            chunk = new[start : start + CHUNK]
            place_rows = [
                {
                    "name_en": p.name_en,
                    "name_zh": p.name_zh,
                    "name_native": p.name_native,
                    "place_type": p.place_type,
                    "country_code": p.country_code,
                    "notes": p.region,  # the file's state or province, as a clerk notes it
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                }
                for p in chunk
            ]
            # The file's old spelling becomes an alias, so "Peking" finds Beijing next time.
            ids = self.bulk.insert(PLACE, place_rows, [{"aliases": p.aliases} for p in chunk])
            for p, pid in zip(chunk, ids, strict=True):
                mapping[p.key] = pid
                self.audit_row("place", pid, "insert")
            self.flush_audit(conn)
            self.tick(len(chunk))
        self.places_created = len(new)
        return mapping

    def insert_missing_countries(self, conn: Connection, codes: set[str]) -> None:
        """Countries this TwinDesk knows that the register does not hold yet (a register
        made by an older version), for the new places to be recorded in."""
        if not codes:
            return
        from twindesk.core import reference

        t = Country.__table__
        have = set(conn.execute(select(t.c.code).where(t.c.code.in_(sorted(codes)))).scalars())
        missing = [c for c in reference.countries() if c["code"] in codes - have]
        if missing:
            conn.execute(insert(t), missing)
            a = CountryAlias.__table__
            aliases = [
                r
                for r in reference.country_aliases()
                if r["country_code"] in {c["code"] for c in missing}
            ]
            if aliases:
                conn.execute(insert(a), aliases)

    # -- inserts per target ---------------------------------------------------------
    def insert_pairing(
        self, conn: Connection, rows: list[RowPlan], place_ids: dict[int, int]
    ) -> int:
        params = []
        for r in rows:
            v = dict(r.values)
            for k in ("place_a_id", "place_b_id"):
                if v[k] < 0:
                    v[k] = place_ids[v[k]]
            params.append(v)
        ids = self.bulk.insert(PAIRING, params)
        history, contacts = [], []
        for r, pid, v in zip(rows, ids, params, strict=True):
            r.extra["id"] = pid
            self.audit_row("pairing", pid, "insert")
            when = (
                v["established"]
                if v["status"] == "established" and v["established"]
                else v["ended"]
                if v["status"] == "ended" and v["ended"]
                else self.now.date().isoformat()
            )
            history.append(
                {
                    "pairing_id": pid,
                    "status": v["status"],
                    "date": when,
                    "note": self.note,
                    "operator": self.operator,
                    "recorded_at": self.now,
                }
            )
            if "contact" in r.extra:
                contacts.append((pid, r.extra["contact"]))
        if history:
            insert_rows(conn, PairingStatusChange.__table__, history)
        if contacts:
            cparams = []
            for _, c in contacts:
                zh = has_han(c["name"])
                cparams.append(
                    {
                        "name_en": "" if zh else c["name"],
                        "name_zh": c["name"] if zh else "",
                        "title": c["title"][:300],
                        "organisation": "",
                        "phone": "",
                        "email": "",
                        "language": "",
                        "notes": "",
                    }
                )
            cids = self.bulk.insert(CONTACT, cparams, [{"pairings": [pid]} for pid, _ in contacts])
            for cid in cids:
                self.audit_row("contact", cid, "insert")
        return len(ids)

    def insert_exchange(
        self, conn: Connection, rows: list[RowPlan], place_ids: dict[int, int]
    ) -> int:
        params = []
        for r in rows:
            v = dict(r.values)
            v["host_place_id"] = None
            params.append(v)
        ids = self.bulk.insert(EXCHANGE, params, [r.links for r in rows])
        for r, xid in zip(rows, ids, strict=True):
            r.extra["id"] = xid
            self.audit_row("exchange", xid, "insert")
        return len(ids)

    def insert_programme(
        self, conn: Connection, rows: list[RowPlan], place_ids: dict[int, int]
    ) -> int:
        ids = self.bulk.insert(PROGRAMME, [dict(r.values) for r in rows], [r.links for r in rows])
        for pid in ids:
            self.audit_row("programme", pid, "insert")
        return len(ids)

    def insert_contact(
        self, conn: Connection, rows: list[RowPlan], place_ids: dict[int, int]
    ) -> int:
        ids = self.bulk.insert(CONTACT, [dict(r.values) for r in rows], [r.links for r in rows])
        for cid in ids:
            self.audit_row("contact", cid, "insert")
        return len(ids)

    # -- updates ------------------------------------------------------------------------
    def update_record(self, conn: Connection, r: RowPlan) -> int:
        if not r.changes:
            return 0
        target = self.plan.target
        assert r.duplicate_of is not None  # an update is of the record it duplicates
        rid = r.duplicate_of[1]
        version: int = r.extra["version"]  # the record's, when the plan read it
        values = {k: new for k, (_, new) in r.changes.items()}
        try:
            self.bulk.update(ENTITIES[target], rid, values, version=version)
        except ConflictError:
            # Saved by another clerk (or deleted) after the plan read it: the version the
            # plan captured no longer matches, so nothing of the import is written rather
            # than overwrite their change with the file's values.
            raise ConflictError(
                "error.conflict.import", entity=f"entity.{target}", id=rid
            ) from None
        for k, (old, new) in r.changes.items():
            self.audit_row(target, rid, "update", k, old, new)
        self.audit_row(target, rid, "update", "version", version, version + 1)
        if target == "pairing" and "status" in r.changes:
            conn.execute(
                insert(PairingStatusChange.__table__).values(
                    pairing_id=rid,
                    status=values["status"],
                    date=self.now.date().isoformat(),
                    note=self.note,
                    operator=self.operator,
                    recorded_at=self.now,
                )
            )
        return 1
