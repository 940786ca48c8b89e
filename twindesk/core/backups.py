"""Backups of a register: made, rotated, listed and restored.

A backup is a complete, verified copy made with SQLite's online backup API (see
``storage.sqlite.backup_file``), named after the register, the moment and the reason:
``register-20261123-091500-daily.sqlite3``. Automatic backups are made before every
migration, import, restore and bulk delete, and at the first open of each day; the
oldest are removed beyond the rotation size (30 by default), never the newest.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from twindesk.core.errors import StorageError
from twindesk.core.i18n import MESSAGES, translate
from twindesk.core.storage import DEFAULT_BACKUP_KEEP, Register, open_register
from twindesk.core.storage import sqlite as sqlite_seam
from twindesk.paths import backup_dir_for

DEFAULT_KEEP = DEFAULT_BACKUP_KEEP
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d+)?)-(?P<reason>[a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str
    size: int
    sequence: int = 0  # several backups in one second: 0, 1, 2...


def reason_label(reason: str, lang: str) -> str:
    """Why a backup was made, for the clerk ("before-upgrade-0002" → "before an upgrade")."""
    known = sorted((code.removeprefix("backup.reason.") for code in MESSAGES
                    if code.startswith("backup.reason.")), key=len, reverse=True)
    match = next((k for k in known if reason == k or reason.startswith(k + "-")), None)
    return translate(f"backup.reason.{match}", lang) if match else reason


def folder_for(register_path: Path) -> Path:
    return backup_dir_for(register_path)


def list_backups(register_path: Path) -> list[Backup]:
    """The backups of a register, newest first."""
    folder = folder_for(register_path)
    found = []
    for path in folder.glob("*.sqlite3") if folder.is_dir() else []:
        m = _NAME.match(path.name)
        if m is None:
            continue
        stamp = datetime.strptime(m["stamp"][:15], "%Y%m%d-%H%M%S")
        sequence = int(m["stamp"][16:] or 0)
        found.append(Backup(path, stamp, m["reason"], path.stat().st_size, sequence))
    return sorted(found, key=lambda b: (b.made_at, b.sequence), reverse=True)


def make_backup(register_path: Path, reason: str = "manual", *, keep: int = DEFAULT_KEEP) -> Backup:
    """Copy the register now, verify the copy, and rotate old backups."""
    register_path = Path(register_path)
    folder = folder_for(register_path)
    now = datetime.now().replace(microsecond=0)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    # Several backups in one second are numbered after the last one of that second, so
    # the order of names is the order of making even after rotation removed some.
    same_second = [b.sequence for b in list_backups(register_path) if b.made_at == now]
    sequence = max(same_second) + 1 if same_second else 0
    suffix = f"-{sequence}" if sequence else ""
    target = folder / f"{register_path.stem}-{stamp}{suffix}-{reason}.sqlite3"
    sqlite_seam.backup_file(register_path, target)
    rotate(register_path, keep=keep)
    return next(b for b in list_backups(register_path) if b.path == target)


def rotate(register_path: Path, *, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Remove the oldest backups beyond ``keep``; returns what was removed."""
    removed = []
    for backup in list_backups(register_path)[max(1, keep):]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def daily_backup_due(register_path: Path, today: datetime | None = None) -> bool:
    today = today or datetime.now()
    return not any(b.made_at.date() == today.date() for b in list_backups(register_path))


def backup_before(register: Register, reason: str) -> Backup | None:
    """The automatic backup before work that changes much at once (import, undoing an
    import, bulk delete): a clerk who regrets it can go back to the moment before."""
    if not register.is_sqlite or register.path is None or register.read_only:
        return None  # a server register is backed up on the server
    return make_backup(register.path, reason, keep=register.backup_keep)


def backup_if_first_open_today(register: Register) -> Backup | None:
    if register.path is None or not daily_backup_due(register.path):
        return None
    return backup_before(register, "daily")


def restore(backup_path: Path, register_path: Path, *, keep: int = DEFAULT_KEEP) -> Backup | None:
    """Put a backup in place of the register, keeping a backup of what is replaced.

    The backup is checked first (a TwinDesk register that passes the integrity check);
    the current register, if any, is backed up; then the file is replaced by a rename,
    so at no moment is there a half-written register.
    """
    backup_path, register_path = Path(backup_path), Path(register_path)
    with open_register(backup_path, read_only=True) as candidate:
        problems = candidate.integrity_problems()
    if problems:
        raise StorageError("storage.damaged", path=str(backup_path), detail=problems[0])
    safety = None
    if register_path.exists() and register_path.stat().st_size:
        try:
            safety = make_backup(register_path, "before-restore", keep=keep)
        except StorageError:
            # The register itself is damaged (the usual reason to restore): keep its
            # bytes beside the backups for an expert, under a name never taken for one.
            set_aside(register_path)
    staging = register_path.with_name(register_path.name + ".restoring")
    shutil.copyfile(backup_path, staging)
    for suffix in ("-wal", "-shm"):  # the old journal belongs to the old file
        Path(str(register_path) + suffix).unlink(missing_ok=True)
    os.replace(staging, register_path)
    return safety


def set_aside(register_path: Path) -> Path:
    """Copy a damaged register (and its journal) into its backup folder as ``*.damaged``."""
    folder = folder_for(register_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{register_path.stem}-{datetime.now():%Y%m%d-%H%M%S}.damaged"
    shutil.copyfile(register_path, target)
    wal = Path(str(register_path) + "-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(target) + "-wal"))
    return target
