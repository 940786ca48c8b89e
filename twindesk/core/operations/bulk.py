"""Changing or deleting many records at once: one transaction, all or nothing.

A clerk selects a hundred rows and sets their status, or deletes them. Each record goes
through the same ``update``/``delete`` as a single edit (validation, audit trail), but
inside one unit of work, so a refusal, a cancel or a crash half-way leaves every
record as it was. A bulk delete is preceded by a backup: it is the change a clerk
is most likely to regret.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from twindesk.core.backups import backup_before
from twindesk.core.errors import TwinDeskError
from twindesk.core.operations import delete, update
from twindesk.core.storage import Register

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class BulkCancelled(TwinDeskError):
    """The clerk cancelled; the transaction was rolled back."""

    code = "bulk.cancelled"


def _each(ids: list[int], progress: Progress | None, cancelled: Cancelled | None) -> Iterable[int]:
    for done, record_id in enumerate(ids):
        if cancelled is not None and cancelled():
            raise BulkCancelled
        if progress is not None:
            progress(done, len(ids))
        yield record_id


def update_many(
    register: Register,
    entity: str,
    ids: Iterable[int],
    values: dict[str, Any],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Set the same ``values`` on every record in ``ids``; returns how many were changed."""
    ids = list(ids)
    with register.write() as session:
        for record_id in _each(ids, progress, cancelled):
            update(session, entity, record_id, values, version=None)
    return len(ids)


def delete_many(
    register: Register,
    entity: str,
    ids: Iterable[int],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Delete every record in ``ids`` after a backup; refused whole if one is still in use."""
    ids = list(ids)
    if not ids:
        return 0
    backup_before(register, "before-delete")
    with register.write() as session:
        for record_id in _each(ids, progress, cancelled):
            delete(session, entity, record_id)
    return len(ids)
