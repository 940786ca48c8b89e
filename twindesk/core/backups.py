"""Backups of a register: made, rotated, listed and restored.

A backup is a complete, verified copy made with SQLite's online backup API (see
``storage.sqlite.backup_file``), compressed with zstd and verified again after
compression, named after the register, the moment and the reason:
``register-20261123-091500-daily.sqlite3.zst`` (earlier versions made ``.gz`` backups, which
are listed, rotated and restored alike). Automatic backups are made before every
migration, import, restore and bulk delete, and at the first open of each day.

Which backups are kept is the register's own policy (stored in it, so the window, the
command line and every automatic backup honour the same one): the newest few whatever
their reason, then one a day, one a week and one a month back in time (grandfather,
father, son), so a daily backup of a large register does not fill the disk.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Protocol

import zstandard

from twindesk.core.errors import StorageError
from twindesk.core.i18n import MESSAGES, translate
from twindesk.core.models import RegisterInfo
from twindesk.core.storage import Register, open_register
from twindesk.core.storage import sqlite as sqlite_seam
from twindesk.paths import backup_dir_for

log = logging.getLogger("twindesk.backups")

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d+)?)-(?P<reason>[a-z0-9-]+)"
    r"\.sqlite3(?P<packed>\.gz|\.zst)?$"
)
POLICY_KEY = "backup_policy"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupPolicy:
    """How many backups a register keeps: the newest ``recent`` whatever their reason,
    and the newest of each of the last ``daily`` days, ``weekly`` weeks and ``monthly``
    months that have one."""

    recent: int = 10
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def dump(self) -> str:
        return ",".join(f"{k}={v}" for k, v in asdict(self).items())

    @classmethod
    def parse(cls, text: str | None) -> BackupPolicy:
        values: dict[str, int] = {}
        for part in (text or "").split(","):
            key, _, number = part.partition("=")
            if key.strip() in {f.name for f in fields(cls)} and number.strip().isdigit():
                values[key.strip()] = min(int(number), 9999)
        policy = cls(**values)
        # The newest backup is always kept, whatever the numbers say.
        return policy if policy.recent >= 1 else cls(**{**asdict(policy), "recent": 1})


def policy_of(register: Register) -> BackupPolicy:
    with register.read() as s:
        row = s.get(RegisterInfo, POLICY_KEY)
    return BackupPolicy.parse(row.value if row else None)


def set_policy(register: Register, policy: BackupPolicy) -> None:
    """Store the policy in the register, where every backup path finds it."""
    with register.write() as s:
        row = s.get(RegisterInfo, POLICY_KEY) or RegisterInfo(key=POLICY_KEY)
        row.value = policy.dump()
        s.add(row)


def _policy_in_copy(copy: Path) -> BackupPolicy:
    """The policy stored in a fresh (uncompressed, verified) copy of the register: read
    from the copy, so rotation never touches the live file outside its connections."""
    con = sqlite3.connect(f"file:{copy.as_posix()}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT value FROM register_info WHERE key = ?", (POLICY_KEY,)).fetchone()
    except sqlite3.DatabaseError:  # a register too old to have the table: the default
        row = None
    finally:
        con.close()
    return BackupPolicy.parse(row[0] if row else None)


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str
    size: int
    sequence: int = 0  # several backups in one second: 0, 1, 2...

    @property
    def name(self) -> str:
        return self.path.name


def reason_label(reason: str, lang: str) -> str:
    """Why a backup was made, for the clerk ("before-upgrade-0002" → "before an upgrade")."""
    known = sorted(
        (
            code.removeprefix("backup.reason.")
            for code in MESSAGES
            if code.startswith("backup.reason.")
        ),
        key=len,
        reverse=True,
    )
    match = next((k for k in known if reason == k or reason.startswith(k + "-")), None)
    return translate(f"backup.reason.{match}", lang) if match else reason


def folder_for(register_path: Path) -> Path:
    return backup_dir_for(register_path)


def _private_folder(register_path: Path) -> Path:
    """The register's backup folder, and the folder of all backups (which shows register
    names), created private: backups hold the whole register, for the owner's eyes only."""
    folder = folder_for(register_path)
    sqlite_seam.private_folder(folder.parent)
    return sqlite_seam.private_folder(folder)


def list_backups(register_path: Path) -> list[Backup]:
    """The backups of a register, newest first."""
    folder = folder_for(register_path)
    found = []
    for path in folder.iterdir() if folder.is_dir() else []:
        m = _NAME.match(path.name)
        if m is None:
            continue
        stamp = datetime.strptime(m["stamp"][:15], "%Y%m%d-%H%M%S")
        sequence = int(m["stamp"][16:] or 0)
        try:
            size = path.stat().st_size
        except FileNotFoundError:  # another program's rotation removed it just now
            continue
        found.append(Backup(path, stamp, m["reason"], size, sequence))
    return sorted(found, key=lambda b: (b.made_at, b.sequence), reverse=True)


def space_used(register_path: Path) -> int:
    """Bytes the register's backups take on disk (shown in Settings)."""
    return sum(b.size for b in list_backups(register_path))


def make_backup(register_path: Path, reason: str = "manual") -> Backup:
    """Copy the register now, verify the copy, compress it, verify again, and rotate
    old backups by the register's policy."""
    register_path = Path(register_path)
    folder = _private_folder(register_path)
    # Work files carry this process's id, so programs backing up the same register at the
    # same moment never share (or delete) each other's files.
    work = folder / f".{register_path.stem}-{os.getpid()}-{secrets.token_hex(4)}"
    copy, packed = work.with_suffix(".copy"), work.with_suffix(".zst")
    try:
        sqlite_seam.backup_file(register_path, copy, check=False)
        # The integrity check and the packing both only read the copy, and both release
        # the GIL (SQLite, zstd): side by side they take the time of the longer one. The
        # backup is named (kept) only once both have passed.
        with ThreadPoolExecutor(max_workers=1) as pool:
            checked = pool.submit(sqlite_seam.check_copy, copy, register_path)
            try:
                policy = _policy_in_copy(copy)
                _compress_verified(copy, packed)
            finally:
                checked.result()  # waited for even when packing failed; raises if damaged
        target = _claim_name(register_path, folder, reason)
        os.replace(packed, target)
    finally:
        copy.unlink(missing_ok=True)
        packed.unlink(missing_ok=True)
    log.info("backup of %s made: %s (%s bytes)", register_path, target.name, target.stat().st_size)
    rotate(register_path, policy)
    made = next((b for b in list_backups(register_path) if b.path == target), None)
    return made or Backup(
        target, datetime.now().replace(microsecond=0), reason, target.stat().st_size
    )


def _claim_name(register_path: Path, folder: Path, reason: str) -> Path:
    """A backup name no one else has, taken atomically (O_EXCL). Several backups in one
    second are numbered after the last one of that second, so the order of names is the
    order of making even after rotation removed some."""
    now = datetime.now().replace(microsecond=0)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    same_second = [b.sequence for b in list_backups(register_path) if b.made_at == now]
    first = max(same_second) + 1 if same_second else 0
    for sequence in range(first, first + 10_000):
        suffix = f"-{sequence}" if sequence else ""
        target = folder / f"{register_path.stem}-{stamp}{suffix}-{reason}.sqlite3.zst"
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return target
    raise StorageError("storage.damaged", path=str(folder), detail="no free backup name")


def _compress_verified(source: Path, target: Path) -> None:
    """zstd-pack ``source`` into ``target``, then read the result back and compare
    digests: a backup is only as good as what can be read out of it."""
    partial = target.with_name(target.name + ".partial")  # target is this process's own name
    digest = hashlib.sha256()
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            open(source, "rb") as src,
            os.fdopen(fd, "wb") as raw,
            # Level 1: half the time of level 3 for a tenth more bytes (106 MB register:
            # 0.52 s, 51 MB against 0.98 s, 46 MB), so a backup before every import and
            # bulk delete stays short (bench/floors.py, backup).
            zstandard.ZstdCompressor(level=1, write_checksum=True).stream_writer(raw) as out,
        ):
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if _packed_digest(partial) != digest.hexdigest():
            raise StorageError(
                "storage.damaged", path=str(target), detail="compressed copy differs"
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


class _Readable(Protocol):
    """A file read as bytes: a gzip or a zstandard stream."""

    def read(self, size: int = -1, /) -> bytes: ...


@contextmanager
def _unpacked(path: Path) -> Iterator[_Readable]:
    """A packed backup (.zst, or .gz from before) read as the plain register's bytes."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as fh:
            yield fh
    else:
        with open(path, "rb") as raw, zstandard.ZstdDecompressor().stream_reader(raw) as fh:
            yield fh


def _packed_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with _unpacked(path) as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except (OSError, EOFError, zstandard.ZstdError) as e:  # truncated or not packed at all
        raise StorageError("storage.damaged", path=str(path), detail=str(e)) from e
    return digest.hexdigest()


@contextmanager
def opened_copy(backup_path: Path) -> Iterator[Path]:
    """A backup as a plain SQLite file for as long as the block runs: compressed backups
    are unpacked into a private temporary folder, older plain ones are used as they are."""
    backup_path = Path(backup_path)
    if backup_path.suffix not in (".gz", ".zst"):
        yield backup_path
        return
    with tempfile.TemporaryDirectory(prefix="twindesk-restore-") as tmp:
        plain = Path(tmp) / backup_path.stem
        try:
            with _unpacked(backup_path) as src, open(plain, "wb") as out:
                shutil.copyfileobj(src, out, _CHUNK)
        except (OSError, EOFError, zstandard.ZstdError) as e:
            raise StorageError("storage.damaged", path=str(backup_path), detail=str(e)) from e
        yield plain


def rotate(register_path: Path, policy: BackupPolicy | None = None) -> list[Path]:
    """Remove the backups the policy does not keep; returns what was removed."""
    policy = policy or BackupPolicy()
    found = list_backups(register_path)  # newest first
    keep = {b.path for b in found[: max(1, policy.recent)]}
    for count, bucket in (
        (policy.daily, lambda b: b.made_at.date()),
        (policy.weekly, lambda b: b.made_at.isocalendar()[:2]),
        (policy.monthly, lambda b: (b.made_at.year, b.made_at.month)),
    ):
        seen: list[object] = []
        for backup in found:  # the newest of each bucket, for the last ``count`` buckets
            key = bucket(backup)
            if key not in seen and len(seen) < count:
                seen.append(key)
                keep.add(backup.path)
    removed = [b.path for b in found if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    if removed:
        log.info(
            "backups of %s rotated: %d removed, %d kept", register_path, len(removed), len(keep)
        )
    return removed


def daily_backup_due(register_path: Path, today: datetime | None = None) -> bool:
    today = today or datetime.now()
    return not any(b.made_at.date() == today.date() for b in list_backups(register_path))


def backup_before(register: Register, reason: str) -> Backup | None:
    """The automatic backup before work that changes much at once (import, undoing an
    import, bulk delete): a clerk who regrets it can go back to the moment before."""
    if not register.is_sqlite or register.path is None or register.read_only:
        return None  # a server register is backed up on the server
    return make_backup(register.path, reason)


def backup_if_first_open_today(register: Register) -> Backup | None:
    if register.path is None or not daily_backup_due(register.path):
        return None
    return backup_before(register, "daily")


def restore(backup_path: Path, register_path: Path) -> Backup | None:
    """Put a backup in place of the register, keeping a backup of what is replaced.

    The backup is checked first (a TwinDesk register that passes the integrity check);
    the current register, if any, is backed up; then its contents are replaced through
    SQLite in one transaction (``replace_contents``), so a window or another program
    that has the register open keeps working on the restored contents. Only a register
    SQLite cannot read at all is set aside and replaced whole, by a rename, so at no
    moment is there a half-written register.
    """
    backup_path, register_path = Path(backup_path), Path(register_path)
    with opened_copy(backup_path) as plain:
        with open_register(plain, read_only=True) as candidate:
            problems = candidate.integrity_problems()
        if problems:
            raise StorageError("storage.damaged", path=str(backup_path), detail=problems[0])
        safety = None
        if register_path.exists() and register_path.stat().st_size:
            try:
                safety = make_backup(register_path, "before-restore")
            except StorageError as err:
                if err.code != "storage.damaged":
                    raise  # locked, no room...: nothing is replaced
                # The register itself is damaged (the usual reason to restore): keep its
                # bytes beside the backups for an expert, under a name never taken for one.
                set_aside(register_path)
            else:
                sqlite_seam.replace_contents(plain, register_path)
                log.info("restored %s from %s", register_path, backup_path.name)
                return safety
        _replace_file(plain, register_path)
    log.info("restored %s from %s (file replaced)", register_path, backup_path.name)
    return safety


def _replace_file(plain: Path, register_path: Path) -> None:
    if sqlite_seam.held_here(register_path):
        # Deleting the journal of a file this process has open would corrupt it.
        raise StorageError("storage.locked", path=str(register_path))
    staging = register_path.with_name(register_path.name + ".restoring")
    shutil.copyfile(plain, staging)
    sqlite_seam.make_private(staging)
    for suffix in ("-wal", "-shm"):  # the old journal belongs to the old file
        Path(str(register_path) + suffix).unlink(missing_ok=True)
    os.replace(staging, register_path)


def set_aside(register_path: Path) -> Path:
    """Copy a damaged register (and its journal) into its backup folder as ``*.damaged``.

    A raw copy: refused while this process has the file open, since closing the copy's
    descriptor would drop SQLite's locks (see ``storage.sqlite.hold``).
    """
    if sqlite_seam.held_here(register_path):
        raise StorageError("storage.locked", path=str(register_path))
    folder = _private_folder(register_path)
    target = folder / f"{register_path.stem}-{datetime.now():%Y%m%d-%H%M%S}.damaged"
    sqlite_seam.make_private(shutil.copyfile(register_path, target))
    wal = Path(str(register_path) + "-wal")
    if wal.exists():
        sqlite_seam.make_private(shutil.copyfile(wal, Path(str(target) + "-wal")))
    log.warning("damaged register %s set aside as %s", register_path, target)
    return target
