"""Copying a whole register between any two places: a file to a server, back, server to server
(``twindesk copy``).

``copy_register(source, target)`` writes every table of ``source`` into a target that is
new (a file that does not exist yet, an empty database) or holds an empty register, and
refuses one that holds records. What it does:

- The target gets the source's schema revision by the same Alembic migrations; a source
  older than this TwinDesk is copied as it is and its copy brought up to date afterwards
  (the source itself is only read); a newer one is refused (``storage.unknown_revision``).
- Every table is copied in foreign-key order with its ids, in batches through SQLAlchemy
  Core (COPY on a server, ``storage.postgres.copy_rows``); a server's id sequences are
  then moved past the ids written (``postgres.sync_ids``).
- The source is read in one transaction (a snapshot: clerks may go on working on it).
- All or nothing: a server target is written in one transaction (its DDL too), a file
  target under a temporary name in the same folder, renamed only once verified. Ctrl-C
  (KeyboardInterrupt) or ``cancelled`` leaves the target as it was.
- Verified before it is kept: each table's row count, and a checksum of every row's
  values (an order-free sum of per-row digests, the same on both engines), read back
  from the target and compared with what was read from the source.

The tables are reflected from the source (not taken from the models), so a register of
any known revision is copied column for column.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData, Table, create_engine, func, select, text
from sqlalchemy.engine import Connection, Engine

from twindesk.core import reference
from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.storage import (
    SERVER_SCHEMES,
    Register,
    migrations,
    open_register,
    translate_errors,
)
from twindesk.core.storage import sqlite as sqlite_seam

if TYPE_CHECKING:
    from twindesk.core.storage.postgres import ServerAddress

log = logging.getLogger("twindesk.storage")

BATCH = 5_000
# Not copied: Alembic's own table (the target's migrations write it).
SKIPPED = {"alembic_version"}
Progress = Callable[[str, int, int], None]  # table, rows copied of it, rows it has
Cancelled = Callable[[], bool]


class CopyCancelledError(TwinDeskError):
    code = "copy.cancelled"


@dataclass
class CopyResult:
    source: str
    target: str
    tables: dict[str, int] = field(default_factory=dict)  # rows per table
    revision: str = ""  # the source's schema revision
    upgraded: bool = False  # the copy was brought up to this TwinDesk's schema
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# --------------------------------------------------------------------------- locations
def location(value: object) -> Path | Any:
    """A register file's path, or a ``storage.postgres.ServerAddress``."""
    if getattr(value, "is_server", False):
        return value
    if isinstance(value, str) and value.startswith(SERVER_SCHEMES):
        from twindesk.core.storage import postgres

        return postgres.address(value)
    return Path(value).expanduser()  # type: ignore[arg-type]


def _same(a: object, b: object) -> bool:
    if getattr(a, "is_server", False) and getattr(b, "is_server", False):
        return str(a) == str(b)
    if isinstance(a, Path) and isinstance(b, Path):
        return a.resolve() == b.resolve()
    return False


# --------------------------------------------------------------------------- checksums
def _canonical(value: Any) -> bytes:
    """A value as the same bytes whichever engine it was read from."""
    if value is None:
        return b"\x00"
    if isinstance(value, bool):
        return b"T" if value else b"F"
    if isinstance(value, int):
        return b"I" + str(value).encode()
    if isinstance(value, float):
        return b"R" + repr(value).encode()
    if isinstance(value, Decimal):
        return b"R" + repr(float(value)).encode()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return b"D" + value.isoformat(sep=" ", timespec="microseconds").encode()
    if isinstance(value, date):
        return b"d" + value.isoformat().encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return b"B" + hashlib.sha256(bytes(value)).digest()
    return b"S" + str(value).encode("utf-8", "surrogatepass")


class Checksum:
    """An order-free checksum of a table's rows: the sum of each row's digest. Row order
    differs between engines (text collation), the set of rows must not."""

    MODULUS = 1 << 128

    def __init__(self) -> None:
        self.value = 0
        self.rows = 0

    def add(self, row: tuple) -> None:
        digest = hashlib.blake2b(b"\x1f".join(_canonical(v) for v in row), digest_size=16)
        self.value = (self.value + int.from_bytes(digest.digest(), "big")) % self.MODULUS
        self.rows += 1

    def hex(self) -> str:
        return f"{self.value:032x}"


# --------------------------------------------------------------------------- tables
def _kept(name: str) -> bool:
    return (
        name not in SKIPPED
        and not name.startswith("sqlite_")
        and not sqlite_seam.is_text_index_table(name)
    )


def register_tables(conn: Connection) -> list[Table]:
    """The register's tables as the database has them, in foreign-key order."""
    meta = MetaData()
    meta.reflect(bind=conn, only=lambda name, _meta: _kept(name))
    return list(meta.sorted_tables)


def _columns(table: Table) -> list[str]:
    """Column names in one order on both engines (reflection keeps each engine's own)."""
    return sorted(c.name for c in table.columns)


def _marker_filter(table: Table):  # noqa: ANN202 - a WHERE clause, or None
    """register_info's engine marker (a server's application_id row) is the target's own."""
    from twindesk.core.storage import postgres

    if table.name != "register_info":
        return None
    return table.c.key != postgres.MARKER_KEY


def table_checksum(conn: Connection, table: Table, *, batch: int = BATCH) -> Checksum:
    """The checksum of every row of ``table`` as ``conn`` reads it."""
    names = _columns(table)
    query = select(*(table.c[n] for n in names))
    where = _marker_filter(table)
    if where is not None:
        query = query.where(where)
    checksum = Checksum()
    # Per statement: Connection.execution_options would change the connection for good.
    result = conn.execute(query, execution_options={"yield_per": batch})
    for chunk in result.partitions():
        for row in chunk:
            checksum.add(tuple(row))
    return checksum


# --------------------------------------------------------------------------- targets
class _Target:
    """Where the copy is written, with its engine's ways: a new SQLite file (written under
    a temporary name, renamed when verified) or a server database (one transaction)."""

    name: str
    conn: Connection
    is_sqlite: bool

    def opened(self, revision: str) -> AbstractContextManager[Connection]:
        """The target's connection, inside the transaction the copy is written in, with the
        schema at ``revision`` made."""
        raise NotImplementedError

    def write(self, table: Table, columns: list[str], rows: list[tuple]) -> None:
        raise NotImplementedError

    def broken_references(self) -> list[tuple[str, int, str]]:
        raise NotImplementedError

    def finish(self, conn: Connection) -> None:
        raise NotImplementedError

    def keep(self) -> None:
        raise NotImplementedError

    def discard(self) -> None:
        raise NotImplementedError


class _FileTarget(_Target):
    is_sqlite = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.work = path.with_name(f".{path.name}.copying-{os.getpid()}-{secrets.token_hex(3)}")
        self.engine: Engine | None = None

    @contextmanager
    def opened(self, revision: str) -> Iterator[Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        sqlite_seam.create_private(self.work)
        try:
            self.engine = engine = create_engine(sqlite_seam.url_for(self.work))
            sqlite_seam.configure_engine(engine)
            with engine.connect() as conn:
                raw = sqlite_seam.driver_connection(conn)
                raw.execute("PRAGMA foreign_keys = OFF")  # checked whole at the end
                raw.execute("PRAGMA cache_size = -65536")
                with conn.begin():
                    sqlite_seam.mark_as_register(conn)
                    migrations.upgrade(conn, revision)
                    self.conn = conn
                    yield conn
                raw.execute("PRAGMA foreign_keys = ON")
            engine.dispose()
            self.engine = None
        except BaseException:
            self.discard()
            raise

    def write(self, table: Table, columns: list[str], rows: list[tuple]) -> None:
        self.conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])

    def broken_references(self) -> list[tuple[str, int, str]]:
        return sqlite_seam.broken_references(self.conn)

    def finish(self, conn: Connection) -> None:
        pass

    def keep(self) -> None:
        """Put the verified copy in place of the target name."""
        if sqlite_seam.held_here(self.path):
            raise StorageError("storage.locked", path=str(self.path))
        for suffix in ("-wal", "-shm"):  # the journal of an empty register replaced
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        os.replace(self.work, self.path)

    def discard(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.work}{suffix}").unlink(missing_ok=True)


class _ServerTarget(_Target):
    is_sqlite = False

    def __init__(self, address: ServerAddress) -> None:
        from twindesk.core.storage import postgres

        self.address = address
        self.name = str(address)
        self.engine = postgres.create(address)
        self.clear = False  # an empty register there: its tables are dropped first

    @contextmanager
    def opened(self, revision: str) -> Iterator[Connection]:
        from twindesk.core.storage import postgres

        try:
            with translate_errors(self.name, postgres):
                with self.engine.connect() as conn:
                    # No statement timeout: a large register's COPY may take minutes.
                    conn.execute(text("SET statement_timeout = 0"))
                    conn.commit()
                    with conn.begin():
                        conn.execute(select(func.pg_advisory_xact_lock(postgres.MIGRATION_LOCK)))
                        if self.clear:
                            postgres.drop_register(conn)
                        migrations.upgrade(conn, revision)
                        postgres.defer_foreign_keys(conn)
                        self.revision = revision
                        self.conn = conn
                        yield conn
        finally:
            self.engine.dispose()

    def write(self, table: Table, columns: list[str], rows: list[tuple]) -> None:
        from twindesk.core.storage import postgres

        postgres.copy_rows(self.conn, table.name, columns, rows)

    def broken_references(self) -> list[tuple[str, int, str]]:
        from twindesk.core.storage import postgres

        if self.revision == migrations.head_revision():
            return postgres.broken_references(self.conn)  # puts the keys back if none is
        # An earlier schema, which today's models do not describe: its own tables.
        found = _broken_in(self.conn, register_tables(self.conn))
        if not found:
            self.conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
            for table, name in self.conn.execute(text(postgres._FOREIGN_KEYS)).all():
                self.conn.execute(
                    text(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" NOT DEFERRABLE')
                )
        return found

    def finish(self, conn: Connection) -> None:
        from twindesk.core.storage import postgres

        postgres.mark_as_register(conn)
        postgres.sync_ids(conn)

    def keep(self) -> None:
        from twindesk.core.storage import postgres

        # The rows were committed when the copy's transaction ended; the server's
        # statistics of them are made now.
        postgres.analyse(self.address)

    def discard(self) -> None:
        pass  # rolled back


def _broken_in(conn: Connection, tables: list[Table]) -> list[tuple[str, int, str]]:
    """(table, row, referred table) of rows referring to a missing row, for reflected
    tables (any schema revision)."""
    from sqlalchemy import exists

    found = []
    for table in tables:
        if "id" not in table.c:
            continue
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table.alias()
            pairs = [(e.parent, parent.c[e.column.name]) for e in fk.elements]
            missing = ~exists().where(*(p == c for c, p in pairs))
            rows = conn.execute(
                select(table.c.id).where(*(c.isnot(None) for c, _p in pairs), missing)
            )
            found += [(table.name, rid, fk.referred_table.name) for rid in rows.scalars()]
    return found


def _records(conn: Connection, tables: set[str]) -> dict[str, int]:
    """Records (not reference data) in a register's tables that exist."""
    from twindesk.core.spreadsheets.full_export import REFERENCE, exported_tables

    found = {}
    for t in exported_tables():
        if t.name in REFERENCE or t.name not in tables:
            continue
        n = conn.execute(select(func.count()).select_from(t)).scalar_one()
        if n:
            found[t.name] = n
    return found


def _refuse_full(name: str, records: dict[str, int]) -> None:
    if records:
        counts = ", ".join(f"{t}: {n:,}" for t, n in records.items())
        raise TwinDeskError("copy.target_not_empty", path=name, counts=counts)


def prepare_target(place: object) -> _Target:
    """The target, checked: new or empty; a register holding records, or a database or
    file that is not a register, is refused untouched."""
    if getattr(place, "is_server", False):
        from twindesk.core.storage import postgres

        assert isinstance(place, postgres.ServerAddress)  # what has is_server
        target = _ServerTarget(place)
        with translate_errors(target.name, postgres):
            marked, tables = postgres.probe(target.engine)
            if tables and not marked:
                target.engine.dispose()
                raise StorageError("storage.not_register_server", path=target.name)
            if tables:
                with target.engine.connect() as conn:
                    records = _records(conn, tables)
                if records:
                    target.engine.dispose()
                _refuse_full(target.name, records)
                target.clear = True
        return target
    path = Path(place)  # type: ignore[arg-type]
    sqlite_seam.check_file(path, must_exist=False)
    if path.exists() and path.stat().st_size:
        app_id, tables = sqlite_seam.probe(path)
        if tables and app_id != sqlite_seam.APPLICATION_ID:
            raise StorageError("storage.not_register", path=str(path))
        if tables:
            with open_register(path, read_only=True) as existing:
                with existing.connect() as conn:
                    _refuse_full(str(path), _records(conn, tables))
    return _FileTarget(path)


# --------------------------------------------------------------------------- the copy
def copy_register(
    source: object,
    target: object,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    batch: int = BATCH,
) -> CopyResult:
    """Copy the register at ``source`` (a file or a server address) to ``target``; see
    the module's notes. Raises TwinDeskError (nothing written) when it cannot."""
    started = time.monotonic()
    source, target = location(source), location(target)
    if _same(source, target):
        raise TwinDeskError("copy.same", path=str(source))
    with open_register(source, read_only=True) as src:
        goal = prepare_target(target)
        result = CopyResult(source=src.name, target=goal.name)
        try:
            with _snapshot(src) as sconn:
                revision = migrations.current_revision(sconn) or ""
                result.revision = revision
                tables = register_tables(sconn)
                with goal.opened(revision) as tconn:
                    _copy_tables(sconn, tables, goal, tconn, result, progress, cancelled, batch)
                    broken = goal.broken_references()
                    if broken:
                        table_, row, parent = broken[0]
                        raise TwinDeskError(
                            "copy.broken_source",
                            path=src.name,
                            table=table_,
                            row=row,
                            parent=parent,
                            count=len(broken),
                        )
                    goal.finish(tconn)
                    _verify(sconn, tables, tconn, goal.name, batch)
                    if revision != migrations.head_revision():
                        migrations.upgrade(tconn)
                        reference.load(tconn)
                        result.upgraded = True
                        if goal.is_sqlite and goal.broken_references():
                            raise StorageError(
                                "storage.damaged", path=goal.name, detail="broken references"
                            )
            goal.keep()
        except BaseException:
            goal.discard()
            raise
    result.seconds = time.monotonic() - started
    log.info(
        "copied %s to %s: %d rows in %d tables, %.1f s",
        result.source,
        result.target,
        result.rows,
        len(result.tables),
        result.seconds,
    )
    return result


@contextmanager
def _snapshot(register: Register) -> Iterator[Connection]:
    """One reading transaction on the source: every table as of one moment."""
    with translate_errors(register.name, register.seam):
        with register.engine.connect() as conn:
            if not register.is_sqlite:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn


def _copy_tables(
    sconn: Connection,
    tables: list[Table],
    goal: _Target,
    tconn: Connection,
    result: CopyResult,
    progress: Progress | None,
    cancelled: Cancelled | None,
    batch: int,
) -> None:
    targets = {t.name: t for t in register_tables(tconn)}
    missing = [t.name for t in tables if t.name not in targets]
    if missing:  # the same migrations made both: only a register edited by hand differs
        raise StorageError("storage.damaged", path=result.source, detail=", ".join(missing))
    for table in tables:
        columns = _columns(table)
        if set(columns) != {c.name for c in targets[table.name].columns}:
            raise StorageError("storage.damaged", path=result.source, detail=table.name)
        query = select(*(table.c[n] for n in columns))
        where = _marker_filter(table)
        if where is not None:
            query = query.where(where)
        total = sconn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        done = 0
        if progress is not None:
            progress(table.name, 0, total)
        rows_of = sconn.execute(query, execution_options={"yield_per": batch})
        for chunk in rows_of.partitions():
            if cancelled is not None and cancelled():
                raise CopyCancelledError(path=goal.name)
            goal.write(targets[table.name], columns, [tuple(r) for r in chunk])
            done += len(chunk)
            if progress is not None:
                progress(table.name, done, total)
        result.tables[table.name] = done


def _verify(
    sconn: Connection, tables: list[Table], tconn: Connection, name: str, batch: int
) -> None:
    """Every table's rows on both sides: the count, and the checksum of all values."""
    targets = {t.name: t for t in register_tables(tconn)}
    for table in tables:
        mine = table_checksum(sconn, table, batch=batch)
        theirs = table_checksum(tconn, targets[table.name], batch=batch)
        if (mine.rows, mine.value) != (theirs.rows, theirs.value):
            raise TwinDeskError(
                "copy.mismatch",
                path=name,
                table=table.name,
                detail=f"{mine.rows:,} / {theirs.rows:,} rows, {mine.hex()[:12]} / "
                f"{theirs.hex()[:12]}",
            )


def checksums(register: Register) -> dict[str, tuple[int, str]]:
    """(rows, checksum) of every table of ``register``, as the copy's check computes them
    (for comparing two registers, in tests and by hand)."""
    with _snapshot(register) as conn:
        return {
            t.name: (c.rows, c.hex())
            for t in register_tables(conn)
            for c in [table_checksum(conn, t)]
        }
