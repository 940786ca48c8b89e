"""Backups, restores and the integrity check of a register on a PostgreSQL server.

A backup is the server's own dump (``pg_dump --format=custom``) when pg_dump is on the
PATH or in Debian's versioned folder (/usr/lib/postgresql/NN/bin): compact, restored by
``pg_restore`` into an empty database. Without pg_dump it is TwinDesk's full export
(``spreadsheets.full_export``: every row of every table, with its ids, in one .xlsx),
restored by the full export's own restore. Either is written under a temporary name and
kept only once verified: the dump's table of contents must list the data of every table
of the register, the workbook must hold as many rows in each sheet as its "About" sheet
says the register had.

Backups are kept in the user's data folder, one folder per server database
(``folder_for``); the password is never part of a name, a command line or a log line
(pg_dump gets it in its environment).

``server_checks`` is the server's counterpart of SQLite's integrity check: every foreign
key the register should have is there and validated, no row refers to a missing one
(``postgres.broken_references``), and with the amcheck extension the indexes and tables
are verified page by page; what could not be checked is said.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import exc, text
from sqlalchemy.engine import Connection

from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.storage import Register, open_register
from twindesk.core.storage import sqlite as sqlite_seam
from twindesk.paths import user_data_dir

log = logging.getLogger("twindesk.backups")

DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"
DUMP_SUFFIX = ".pgdump"
EXPORT_SUFFIX = ".xlsx"
DUMP_MAGIC = b"PGDMP"  # the first bytes of a custom-format dump
TIMEOUT_S = 6 * 3600


# --------------------------------------------------------------------------- the tools
def pg_tool(name: str) -> Path | None:
    """pg_dump or pg_restore: on the PATH, else the newest of Debian's versioned folders
    (which Debian keeps off the PATH when only the server package is installed)."""
    found = shutil.which(name)
    if found:
        return Path(found)

    def version(path: str) -> int:
        part = Path(path).parts[-3]
        return int(part) if part.isdigit() else 0

    candidates = sorted(glob.glob(f"{DEBIAN_BINARIES}/{name}"), key=version)
    return Path(candidates[-1]) if candidates else None


def _address(register_or_location: Any) -> Any:
    from twindesk.core.storage import postgres

    found = postgres.address(register_or_location)
    if found is None:
        raise StorageError("storage.not_register", path=str(register_or_location))
    return found


def _libpq(address: Any) -> tuple[str, dict[str, str]]:
    """The connection URI for libpq's tools, without the password, and the environment
    that gives it (PGPASSWORD: never on a command line other users' ``ps`` can read)."""
    url = address.url
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return uri, env


def _run(args: list[str], env: dict[str, str], name: str) -> str:
    try:
        done = subprocess.run(
            args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise TwinDeskError(
            "server_backup.tool_failed", tool=Path(args[0]).name, detail=str(e)
        ) from e
    if done.returncode:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise TwinDeskError(
            "server_backup.tool_failed",
            tool=Path(args[0]).name,
            detail=detail[-1] if detail else f"exit {done.returncode}",
        )
    return done.stdout


# --------------------------------------------------------------------------- backups
@dataclass(frozen=True)
class ServerBackup:
    path: Path
    kind: str  # "dump" (pg_dump) or "export" (TwinDesk's full export)
    made_at: datetime
    size: int
    tables: int = 0  # tables whose data it holds


def folder_for(location: Any) -> Path:
    """The backups of one server database: named after the database, with a short hash
    of its address (without the password), as file registers' folders are."""
    address = _address(location)
    shown = str(address)
    digest = hashlib.sha1(shown.encode()).hexdigest()[:8]
    database = re.sub(r"[^\w.-]+", "_", address.url.database or "server")[:60]
    return user_data_dir() / "backups" / f"server-{database}-{digest}"


def list_backups(location: Any) -> list[ServerBackup]:
    folder = folder_for(location)
    found = []
    for path in folder.iterdir() if folder.is_dir() else []:
        if path.suffix not in (DUMP_SUFFIX, EXPORT_SUFFIX) or path.name.startswith("."):
            continue
        stat = path.stat()
        found.append(
            ServerBackup(
                path,
                "dump" if path.suffix == DUMP_SUFFIX else "export",
                datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0),
                stat.st_size,
            )
        )
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def backup_server(
    register: Register, out: Path | None = None, *, method: str = "auto"
) -> ServerBackup:
    """Back up the server register ``register`` to ``out`` (default: its backup folder).

    ``method``: "dump" (pg_dump, refused when there is none), "export" (the full
    export), or "auto" (pg_dump when found, else the export)."""
    address = _address(_server_location(register))
    dump = pg_tool("pg_dump") if method in ("auto", "dump") else None
    if method == "dump" and dump is None:
        raise TwinDeskError("server_backup.no_pg_dump")
    kind = "dump" if dump is not None else "export"
    if out is None:
        folder = sqlite_seam.private_folder(folder_for(address))
        sqlite_seam.private_folder(folder.parent)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        database = re.sub(r"[^\w.-]+", "_", address.url.database or "server")
        out = folder / f"{database}-{stamp}-manual{DUMP_SUFFIX if dump else EXPORT_SUFFIX}"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if dump is not None:
            uri, env = _libpq(address)
            _run(
                [
                    str(dump),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={partial}",
                    f"--dbname={uri}",
                ],
                env,
                str(address),
            )
            sqlite_seam.make_private(partial)
            tables = _verify_dump(partial, register)
        else:
            from twindesk.core.spreadsheets.full_export import export_register

            export_register(register, partial.with_suffix(".xlsx"))
            partial.with_suffix(".xlsx").replace(partial)
            sqlite_seam.make_private(partial)
            tables = verify_export(partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
        partial.with_suffix(".xlsx").unlink(missing_ok=True)
    log.info("backup of %s made: %s (%s)", address, out.name, kind)
    return ServerBackup(
        out, kind, datetime.now().replace(microsecond=0), out.stat().st_size, tables
    )


def _server_location(register: Register) -> str:
    """The register's server address with its password: the engine's URL."""
    return (
        "postgresql://"
        + register.engine.url.render_as_string(hide_password=False).split("://", 1)[1]
    )


def _verify_dump(path: Path, register: Register) -> int:
    """The dump's table of contents (pg_restore --list) holds the data of every table of
    the register: a dump cut short, or of another database, does not."""
    listing = dump_contents(path)
    with register.connect() as conn:
        from twindesk.core.storage import postgres

        wanted = postgres.table_names(conn)
    missing = sorted(wanted - listing)
    if missing:
        raise StorageError(
            "storage.damaged", path=str(path), detail="no data for " + ", ".join(missing)
        )
    return len(wanted)


def dump_contents(path: Path) -> set[str]:
    """The tables whose data a custom-format dump holds."""
    restore = pg_tool("pg_restore")
    if restore is None:
        raise TwinDeskError("server_backup.no_pg_restore")
    out = _run([str(restore), "--list", str(path)], dict(os.environ), str(path))
    tables = set()
    for line in out.splitlines():
        # 3456; 0 16390 TABLE DATA public pairing postgres
        parts = line.split()
        if "TABLE" in parts and "DATA" in parts:
            at = parts.index("DATA")
            if len(parts) > at + 2:
                tables.add(parts[at + 2])
    return tables


def verify_export(path: Path) -> int:
    """A full export holds, in each sheet, as many rows as its "About" sheet says the
    register had: the workbook was written whole and can be read back."""
    from twindesk.core.spreadsheets.full_export import _close, _open_export, _rows, read_about

    book = _open_export(path)
    try:
        about = read_about(book)
        for sheet, _table, rows in about["sheets"]:
            found = sum(
                1
                for row in list(_rows(book, sheet, path.name))[1:]
                if any(v not in ("", None) for v in row)
            )
            if rows is not None and found != rows:
                raise StorageError(
                    "storage.damaged",
                    path=str(path),
                    detail=f"{sheet}: {found} rows, {rows} expected",
                )
        return len({t for _s, t, _r in about["sheets"]})
    finally:
        _close(book)


# --------------------------------------------------------------------------- restores
def is_dump(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(DUMP_MAGIC)) == DUMP_MAGIC
    except OSError:
        return False


def restore_server(backup: Path, location: Any) -> str:
    """Restore a server backup into the database at ``location``: a dump with pg_restore
    into an empty database, a full export through the full export's restore (into an
    empty database, or one holding an empty register). Returns "dump" or "export"."""
    from twindesk.core.storage import postgres

    backup = Path(backup)
    if not backup.exists():
        raise StorageError("storage.missing", path=str(backup))
    address = _address(location)
    if not is_dump(backup):
        from twindesk.core.spreadsheets.full_export import restore_register

        with open_register(address, create=True) as register:
            restore_register(register, backup)
        return "export"
    engine = postgres.create(address)
    try:
        with postgres.translate_errors(str(address)):
            _marked, tables = postgres.probe(engine)
    finally:
        engine.dispose()
    if tables:
        raise TwinDeskError("server_backup.not_empty", path=str(address))
    restore = pg_tool("pg_restore")
    if restore is None:
        raise TwinDeskError("server_backup.no_pg_restore")
    uri, env = _libpq(address)
    _run(
        [
            str(restore),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={uri}",
            str(backup),
        ],
        env,
        str(address),
    )
    open_register(address, read_only=True).close()  # a register again: marker, revision
    return "dump"


# --------------------------------------------------------------------------- the check
@dataclass
class ServerCheck:
    problems: list[str] = field(default_factory=list)
    checked: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese)


def server_checks(register: Register) -> ServerCheck:
    """What the server can check of a register beyond its rules (see the module notes)."""
    from sqlmodel import SQLModel

    import twindesk.core.models  # noqa: F401 - every table on the metadata

    result = ServerCheck()
    with register.connect() as conn:
        present = {
            (table, referred, bool(valid))
            for table, referred, valid in conn.execute(
                text(
                    "SELECT conrelid::regclass::text, confrelid::regclass::text, convalidated "
                    "FROM pg_constraint WHERE contype = 'f' "
                    "AND connamespace = current_schema()::regnamespace"
                )
            )
        }
        have = {(t.strip('"'), r.strip('"')) for t, r, _v in present}
        expected = {
            (t.name, fk.referred_table.name)
            for t in SQLModel.metadata.sorted_tables
            for fk in t.foreign_key_constraints
        }
        for table, referred in sorted(expected - have):
            result.problems.append(f"{table}: the foreign key to {referred} is missing")
        for table, referred, valid in sorted(present):
            if not valid:
                result.problems.append(f"{table}: the foreign key to {referred} is not validated")
        result.checked.append(
            (
                f"foreign keys: {len(present)} on the server, every one the register needs",
                f"外键：服务器上共 {len(present)} 个，登记册所需的外键齐全",
            )
        )
        broken = _broken_references(conn)
        result.problems += [
            f"{table} row {rowid} refers to a missing {parent} record"
            for table, rowid, parent in broken
        ]
        result.checked.append(
            (
                "references: every row's references looked up",
                "引用：已逐行核对每条记录的引用",
            )
        )
        result.checked.append(_amcheck(conn, result.problems))
        sums = conn.execute(text("SHOW data_checksums")).scalar()
        result.checked.append(
            (
                f"the server's page checksums: {sums}",
                f"服务器数据页校验和：{'开启' if sums == 'on' else '关闭'}",
            )
        )
    return result


def _broken_references(conn: Connection) -> list[tuple[str, int, str]]:
    """``postgres.broken_references``; in a read-only transaction (the check opens the
    register for reading) its closing ALTER of keys that are fine already is refused,
    which says they are fine: nothing broken."""
    from twindesk.core.storage import postgres

    try:
        with conn.begin_nested():
            return postgres.broken_references(conn)
    except exc.DBAPIError as e:
        if getattr(e.orig, "sqlstate", None) == "25006":  # read-only transaction
            return []
        raise


def _amcheck(conn: Connection, problems: list[str]) -> tuple[str, str]:
    """Verify the register's B-tree indexes (bt_index_check) and tables (verify_heapam,
    PostgreSQL 14 and later) with amcheck, when it is installed in the database."""
    installed = conn.execute(
        text("SELECT extversion FROM pg_extension WHERE extname = 'amcheck'")
    ).scalar()
    if installed is None:
        available = conn.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")
        ).scalar()
        if available:
            return (
                "pages and indexes: not checked; amcheck is not installed in this database "
                "(its administrator can run CREATE EXTENSION amcheck)",
                "数据页和索引：未检查；此数据库未安装 amcheck（管理员可执行 CREATE EXTENSION amcheck）",
            )
        return (
            "pages and indexes: not checked; the server has no amcheck extension",
            "数据页和索引：未检查；服务器没有 amcheck 扩展",
        )
    indexes = conn.execute(
        text(
            "SELECT c.oid, c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' "
            "AND c.relnamespace = current_schema()::regnamespace AND c.relpersistence = 'p'"
        )
    ).all()
    tables = conn.execute(
        text(
            "SELECT oid, oid::regclass::text FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = current_schema()::regnamespace"
        )
    ).all()
    has_heap = conn.execute(text("SELECT 1 FROM pg_proc WHERE proname = 'verify_heapam'")).scalar()
    try:
        with conn.begin_nested():
            for _oid, name in indexes:
                try:
                    conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass))"), {"i": name})
                except exc.DBAPIError as e:
                    if getattr(e.orig, "sqlstate", None) == "42501":
                        raise
                    problems.append(f"index {name}: {str(e.orig).strip().splitlines()[0]}")
                    raise
            heap = 0
            if has_heap:
                for _oid, name in tables:
                    for row in conn.execute(
                        text("SELECT blkno, msg FROM verify_heapam(CAST(:t AS regclass))"),
                        {"t": name},
                    ):
                        problems.append(f"table {name} page {row.blkno}: {row.msg}")
                    heap += 1
    except exc.DBAPIError as e:
        if getattr(e.orig, "sqlstate", None) == "42501":
            return (
                "pages and indexes: not checked; this login may not run amcheck's functions",
                "数据页和索引：未检查；当前登录用户无权执行 amcheck 的函数",
            )
        return ("pages and indexes: amcheck found damage", "数据页和索引：amcheck 发现损坏")
    return (
        f"pages and indexes: amcheck verified {len(indexes)} indexes and {heap} tables",
        f"数据页和索引：amcheck 已核验 {len(indexes)} 个索引和 {heap} 个数据表",
    )
