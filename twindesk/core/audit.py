"""Reading the audit trail: what happened to a record, when, by whom, through what.

Every insert, update and delete writes ``audit_entry`` rows (``operations.base.
record_audit`` for edits, the importer for imports, with the import's batch id). This
module turns them into the lines a clerk reads in a record's Change log and exports.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection

from twindesk.core.i18n import MESSAGES, translate
from twindesk.core.models import AuditEntry, ImportBatch


@dataclass(frozen=True)
class Change:
    at: datetime  # aware, UTC
    operator: str
    action: str
    field: str
    old: str | None
    new: str | None
    import_batch_id: int | None
    import_file: str | None

    def cells(self, lang: str, label: Callable[[str | None], str] = lambda v: v or "") -> list[str]:
        """The change as the Change log shows it, in ``lang``; times in local time;
        ``label`` turns a stored value (a code, an id) into what the clerk knows it by."""
        field = (
            translate(f"field.{self.field}", lang)
            if f"field.{self.field}" in MESSAGES
            else self.field
        )
        action = (
            translate(f"audit.{self.action}", lang)
            if f"audit.{self.action}" in MESSAGES
            else self.action
        )
        source = ""
        if self.import_batch_id is not None:
            source = (
                f"{translate('import.batch', lang)} #{self.import_batch_id} ({self.import_file})"
            )
        return [
            self.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            self.operator,
            action,
            field,
            label(self.old),
            label(self.new),
            source,
        ]


def headers(lang: str) -> list[str]:
    return [
        translate(f"audit.{key}", lang)
        for key in ("at", "operator", "action", "field", "old", "new", "source")
    ]


def record_history(conn: Connection, entity: str, record_id: int) -> list[Change]:
    """Every recorded change of one record, oldest first."""
    a, b = AuditEntry.__table__, ImportBatch.__table__
    rows = conn.execute(
        select(
            a.c.at,
            a.c.operator,
            a.c.action,
            a.c.field,
            a.c.old_value,
            a.c.new_value,
            a.c.import_batch_id,
            b.c.file_name,
        )
        .outerjoin(b, b.c.id == a.c.import_batch_id)
        .where(a.c.entity == entity, a.c.record_id == record_id)
        .order_by(a.c.at, a.c.id)
    )
    return [Change(*row) for row in rows]


# Stored values that are codes of a vocabulary, or ids of another record.
VOCABULARY_FIELDS = {
    ("pairing", "kind"): "pairing_kind",
    ("pairing", "level"): "pairing_level",
    ("pairing", "status"): "pairing_status",
    ("programme", "status"): "programme_status",
    ("exchange", "exchange_type"): "exchange_type",
    ("place", "place_type"): "place_type",
    ("programme", "fields"): "cooperation_field",
    ("exchange", "fields"): "cooperation_field",
}
REFERENCE_FIELDS = {
    "place_a_id": "place",
    "place_b_id": "place",
    "place_id": "place",
    "parent_id": "place",
    "host_place_id": "place",
    "pairing_id": "pairing",
    "programme_id": "programme",
    "pairings": "pairing",
    "places": "place",
}


def history_rows(conn: Connection, entity: str, record_id: int, lang: str) -> list[list[str]]:
    """A record's Change log as the clerk reads it: labels, not codes and ids.

    "sister_city" shows as "Sister / friendship city", place 13 as "Tokyo (JP)"; a value
    no longer known (a deleted record, a removed term) shows as stored.
    """
    from twindesk.core.columns import RenderContext
    from twindesk.core.queries import describe

    changes = record_history(conn, entity, record_id)
    context = RenderContext(None, lang, conn=conn)
    ids: dict[str, set[int]] = {}
    for change in changes:
        target = REFERENCE_FIELDS.get(change.field)
        for value in (change.old, change.new):
            if target and value:
                ids.setdefault(target, set()).update(
                    int(v) for v in value.split(", ") if v.isdigit()
                )
    names = {target: describe(conn, target, sorted(found), lang) for target, found in ids.items()}

    def labeller(field: str) -> Callable[[str | None], str]:
        vocabulary = VOCABULARY_FIELDS.get((entity, field))
        target = REFERENCE_FIELDS.get(field)

        def label(value: str | None) -> str:
            if not value:
                return ""
            parts = value.split(", ")
            if vocabulary:
                return ", ".join(context.term(vocabulary, p) for p in parts)
            if target:
                return ", ".join(names[target].get(int(p), p) if p.isdigit() else p for p in parts)
            return value

        return label

    return [change.cells(lang, labeller(change.field)) for change in changes]


def export_history(rows: list[list[str]], out: Path | str, *, title: str, lang: str) -> Path:
    """Write a Change log to .xlsx or .csv, finished like every TwinDesk list."""
    from twindesk.core.spreadsheets import export as xl

    out = Path(out)
    suffix = xl.check_suffix(out)
    head = headers(lang)
    with xl.atomic_output(out) as tmp:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(head)
                writer.writerows([[xl.csv_text(v) for v in row] for row in rows])
        else:
            xl.write_xlsx(
                tmp, xl.sheet_title(title), head, [itemgetter(i) for i in range(len(head))], [rows]
            )
    return out
