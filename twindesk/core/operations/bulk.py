"""Changing or deleting many records at once: one transaction, all or nothing.

A clerk selects a hundred rows and sets their status, or deletes them. Each record goes
through the same ``update``/``delete`` as a single edit (validation, audit trail), but
inside one unit of work, so a refusal, a cancel or a crash half-way leaves every
record as it was. A bulk delete is preceded by a backup: it is the change a clerk
is most likely to regret.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from twindesk.core.backups import backup_before
from twindesk.core.errors import ConflictError, TwinDeskError
from twindesk.core.operations import delete, update
from twindesk.core.storage import Register

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class BulkCancelledError(TwinDeskError):
    """The clerk cancelled; the transaction was rolled back."""

    code = "bulk.cancelled"


def _each(ids: list[int], progress: Progress | None, cancelled: Cancelled | None) -> Iterable[int]:
    for done, record_id in enumerate(ids):
        if cancelled is not None and cancelled():
            raise BulkCancelledError
        if progress is not None:
            progress(done, len(ids))
        yield record_id


@contextmanager
def _refused_as_selected() -> Iterator[None]:
    """A record changed by another clerk since the rows were selected refuses the whole
    change (the transaction is rolled back), with a message that says so."""
    try:
        yield
    except ConflictError as err:
        raise ConflictError("error.conflict.selected", **err.params) from err


def update_many(
    register: Register,
    entity: str,
    ids: Iterable[int] | Mapping[int, int],
    values: dict[str, Any],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Set the same ``values`` on every record in ``ids``; returns how many were changed.

    ``ids`` maps each record to the version the clerk selected it at (the list's rows
    carry it): a record another clerk saved since is not overwritten, and the whole
    change is refused (ConflictError, nothing written). Plain ids skip that check, for
    callers that choose the records in the same transaction.
    """
    versions = dict(ids) if isinstance(ids, Mapping) else None
    ids = list(ids)
    with register.write() as session, _refused_as_selected():
        for record_id in _each(ids, progress, cancelled):
            seen = None if versions is None else versions[record_id]
            update(session, entity, record_id, values, version=seen)
    return len(ids)


def delete_many(
    register: Register,
    entity: str,
    ids: Iterable[int] | Mapping[int, int],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Delete every record in ``ids`` after a backup; refused whole if one is still in use,
    or (``ids`` mapping each to the version the clerk selected it at) if one was changed
    by another clerk since."""
    versions = dict(ids) if isinstance(ids, Mapping) else None
    ids = list(ids)
    if not ids:
        return 0
    backup_before(register, "before-delete")
    with register.write() as session, _refused_as_selected():
        for record_id in _each(ids, progress, cancelled):
            delete(
                session,
                entity,
                record_id,
                version=None if versions is None else versions[record_id],
            )
    return len(ids)
