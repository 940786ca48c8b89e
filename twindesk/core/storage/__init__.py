"""Opening, creating and upgrading registers.

``open_register`` is the one way in. It refuses files that are not registers, or that
a newer TwinDesk made, backs up a register before upgrading its schema, and loads the
reference data (countries, built-in vocabularies) into a new one.

A :class:`Register` hands out sessions: ``read()`` for looking, ``write()`` for a unit
of work that is committed whole or not at all. Bulk work uses ``connect()`` with
SQLAlchemy Core.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import Table, create_engine, exc
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlmodel import Session, select

from twindesk import __version__
from twindesk.core import reference
from twindesk.core.errors import StorageError
from twindesk.core.models import RegisterInfo
from twindesk.core.storage import migrations
from twindesk.core.storage import sqlite as sqlite_seam

if TYPE_CHECKING:
    from twindesk.core.clerks import ChangesWatcher
    from twindesk.core.storage.postgres import ServerAddress

log = logging.getLogger("twindesk.storage")
# What a register on a PostgreSQL server is named by (storage.postgres.SCHEMES).
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


class Seam(Protocol):
    """What the modules ``storage.sqlite`` and ``storage.postgres`` both provide."""

    def bulk_write_connection(
        self, engine: Engine, tables: list[str]
    ) -> AbstractContextManager[Connection]: ...
    def migration_connection(self, engine: Engine) -> AbstractContextManager[Connection]: ...
    def integrity_problems(self, conn: Connection, *, quick: bool = False) -> list[str]: ...
    def mark_as_register(self, conn: Connection) -> None: ...
    def table_names(self, conn: Connection) -> set[str]: ...
    def defer_foreign_keys(self, conn: Connection) -> None: ...
    def broken_references(self, conn: Connection) -> list[tuple[str, int, str]]: ...
    def sync_ids(self, conn: Connection) -> None: ...
    def next_ids(self, conn: Connection, table: Table, count: int) -> list[int]: ...
    def create_text_index(self, conn: Connection, name: str) -> None: ...
    def count_text_matches(self, conn: Connection, name: str, query: str) -> int | None: ...
    # several clerks (core.clerks)
    def database_user(self, engine: Engine) -> str: ...
    def role_of(self, conn: Connection) -> str: ...
    def changes_watcher(
        self, engine: Engine, path: Path | None, *, read_only: bool = False
    ) -> ChangesWatcher: ...


class Register:
    """An open register: one SQLite file, or one database on a PostgreSQL server."""

    def __init__(
        self, engine: Engine, path: Path | None, *, read_only: bool, name: str | None = None
    ) -> None:
        self.engine = engine
        self.path = path
        self.read_only = read_only
        self.operator = ""
        self.seam: Seam = seam_for(engine.dialect.name)
        self._name = name
        self.created = False  # made a register by this opening (a new file or database)
        self.schema_behind = False  # opened as it was, with a schema older than this TwinDesk's
        # Counted as open in this process until closed: raw reads of the file would
        # drop SQLite's locks on it (see storage.sqlite.hold).
        self._held = sqlite_seam.hold(path) if path is not None else None
        self._write_engine = engine.execution_options(**{sqlite_seam.WRITE_OPTION: True})
        self._database_user: str | None = None
        self._role: str | None = None
        self._watchers: list[ChangesWatcher] = []

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def name(self) -> str:
        # Never the engine's URL as such: it may hold a server password.
        return self.path.name if self.path else self._name or self.engine.url.render_as_string()

    # -- sessions ---------------------------------------------------------------
    def read(self) -> Session:
        """A session for reading; use it as a context manager."""
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def write(
        self, *, operator: str | None = None, import_batch_id: int | None = None
    ) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise StorageError("storage.read_only", path=self.name)
        with translate_errors(self.name, self.seam):
            with Session(self._write_engine, expire_on_commit=False) as session:
                session.info["operator"] = self.operator if operator is None else operator
                session.info["import_batch_id"] = import_batch_id
                session.info["db_user"] = self.database_user
                with session.begin():
                    yield session

    @contextmanager
    def connect(self, *, write: bool = False) -> Iterator[Connection]:
        """A Core connection inside one transaction, for bulk reads and writes."""
        if write and self.read_only:
            raise StorageError("storage.read_only", path=self.name)
        engine = self._write_engine if write else self.engine
        with translate_errors(self.name, self.seam):
            with engine.begin() as conn:
                yield conn

    @contextmanager
    def bulk_write(self, tables: list[str]) -> Iterator[Connection]:
        """Like ``connect(write=True)``, for one load of many rows into ``tables``: on
        SQLite, references are checked once at the end rather than row by row (see
        ``storage.sqlite.bulk_write_connection``); any broken one refuses the whole load."""
        if self.read_only:
            raise StorageError("storage.read_only", path=self.name)
        with translate_errors(self.name, self.seam):
            with self.seam.bulk_write_connection(self._write_engine, tables) as conn:
                yield conn

    # -- file-level operations ---------------------------------------------------
    def integrity_problems(self, *, quick: bool = False) -> list[str]:
        with self.connect() as conn:
            return self.seam.integrity_problems(conn, quick=quick)

    def info(self) -> dict[str, str]:
        with self.read() as s:
            return {row.key: row.value for row in s.exec(select(RegisterInfo))}

    # -- several clerks (core.clerks) ----------------------------------------------
    @property
    def database_user(self) -> str:
        """Who the database knows the clerk as, for the audit trail: the login on a
        server (current_user), the computer's user for a file. Asked once."""
        if self._database_user is None:
            with translate_errors(self.name, self.seam):
                self._database_user = self.seam.database_user(self.engine)
        return self._database_user

    def role(self) -> str:
        """What the connected clerk may do (core.clerks.ROLES): on a server, what the
        login's privileges allow; a file's clerk is its administrator. Asked once."""
        if self._role is None:
            with self.connect() as conn:
                self._role = self.seam.role_of(conn)
        return self._role

    def watch_changes(self) -> ChangesWatcher:
        """A watcher of what other clerks save (core.clerks.ChangesWatcher), closed with
        the register at the latest."""
        with translate_errors(self.name, self.seam):
            watcher = self.seam.changes_watcher(self.engine, self.path, read_only=self.read_only)
        self._watchers.append(watcher)
        return watcher

    def close(self) -> None:
        for watcher in self._watchers:
            watcher.close()
        self._watchers.clear()
        self.engine.dispose()
        sqlite_seam.release(self._held)
        self._held = None

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def seam_for(dialect: str) -> Seam:
    """The module with the engine's own pieces (imported only when a server is used)."""
    if dialect == "postgresql":
        from twindesk.core.storage import postgres

        return postgres
    return sqlite_seam


def inserted_id(result: CursorResult[Any]) -> int:
    """The id of the row a single-row INSERT (without RETURNING) added."""
    key = result.inserted_primary_key
    assert key is not None  # None only for an INSERT that added no row
    row_id: int = key[0]
    return row_id


def next_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` unused ids for explicit-id bulk inserts into ``table`` (see the seams)."""
    return seam_for(conn.dialect.name).next_ids(conn, table, count)


@contextmanager
def translate_errors(name: str, seam: Seam = sqlite_seam) -> Iterator[None]:
    """Turn driver errors about the file itself into messages for the clerk."""
    if seam is not sqlite_seam:  # storage.postgres, which has its own
        from twindesk.core.storage import postgres

        with postgres.translate_errors(name):
            yield
        return
    try:
        yield
    except exc.OperationalError as e:
        if sqlite_seam.is_locked_error(e):
            raise StorageError("storage.locked", path=name) from e
        if "readonly" in str(e) or "read-only" in str(e):
            raise StorageError("storage.read_only", path=name) from e
        if sqlite_seam.is_damaged_error(e):
            raise StorageError("storage.damaged", path=name, detail=str(e.orig)) from e
        raise
    except exc.DatabaseError as e:
        if sqlite_seam.is_damaged_error(e):
            raise StorageError("storage.damaged", path=name, detail=str(e.orig)) from e
        raise


def open_register(
    path: Path | str | ServerAddress,
    *,
    create: bool = False,
    read_only: bool = False,
    upgrade: bool = True,
    verify: bool = False,
) -> Register:
    """Open the register at ``path``; with ``create`` make it if it does not exist.

    Raises :class:`StorageError` for a missing, foreign, damaged, locked or too-new
    file. A register with an older schema is backed up and upgraded (unless
    ``read_only``). With ``verify`` the file's pages are checked too (SQLite's quick
    check: about 1.5 s for a million exchanges, so the window runs it in the background).

    ``path`` may name a register on a PostgreSQL server instead (``postgresql://…``, or
    a ``storage.postgres.ServerAddress``): see ``_open_server``.
    """
    if (
        isinstance(path, str)
        and path.startswith(SERVER_SCHEMES)
        or getattr(path, "is_server", False)
    ):
        return _open_server(path, create=create, read_only=read_only, upgrade=upgrade)
    path = Path(cast("Path | str", path)).expanduser()  # not a server address (is_server)
    sqlite_seam.check_file(path, must_exist=not create or read_only)
    is_new = not path.exists() or path.stat().st_size == 0
    tables: set[str]
    if is_new:
        if read_only:
            raise StorageError("storage.not_register", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite_seam.create_private(path)
        app_id, tables = 0, set()
    else:
        app_id, tables = sqlite_seam.probe(path)
        if tables and app_id != sqlite_seam.APPLICATION_ID:
            raise StorageError("storage.not_register", path=str(path))
    engine = create_engine(sqlite_seam.url_for(path, read_only=read_only))
    sqlite_seam.configure_engine(engine, read_only=read_only)
    register = Register(engine, path, read_only=read_only)
    try:
        with translate_errors(str(path)):
            _prepare(register, path, tables, upgrade=upgrade)
            problems = register.integrity_problems(quick=True) if verify else []
        if problems:
            raise StorageError("storage.damaged", path=str(path), detail=problems[0])
    except (exc.DatabaseError, sqlite3.DatabaseError) as e:
        register.close()
        raise StorageError("storage.damaged", path=str(path), detail=str(e)) from e
    except BaseException:
        register.close()
        raise
    return register


def open_for_reading(path: Path | str) -> Register:
    """A register to read from (reports, exports, the check, the calendar): read-only, after
    an older schema is brought up to date (backed up first), as opening it in the window
    does. Read as it was, today's queries would ask for columns it does not have yet. A
    register that cannot be written to (read-only media, in use) is read as it is."""
    register = open_register(path, read_only=True)
    if not register.schema_behind:
        return register
    register.close()
    try:
        open_register(path).close()
    except StorageError as err:
        if err.code not in (
            "storage.read_only",
            "storage.locked",
            "storage.no_access",
            "storage.not_permitted",  # a server login that may not upgrade it
        ):
            raise
    return open_register(path, read_only=True)


def _open_server(
    location: Path | str | ServerAddress, *, create: bool, read_only: bool, upgrade: bool
) -> Register:
    """Open a register in a PostgreSQL database: refused unless the database carries the
    register marker; an empty database becomes a register only with ``create``."""
    from twindesk.core.storage import postgres

    address = postgres.address(location)
    if address is None:
        raise StorageError("storage.not_register", path=str(location))
    name = str(address)
    register = Register(
        postgres.create(address, read_only=read_only), None, read_only=read_only, name=name
    )
    try:
        with translate_errors(name, postgres):
            marked, tables = postgres.probe(register.engine)
            if tables and not marked:
                raise StorageError("storage.not_register_server", path=name)
            if not tables and (read_only or not create):
                raise StorageError("storage.server_empty", path=name)
            _prepare(register, name, tables, upgrade=upgrade)
    except BaseException:
        register.close()
        raise
    return register


def _prepare(register: Register, path: Path | str, tables: set[str], *, upgrade: bool) -> None:
    engine = register._write_engine
    if not tables:  # a new file, or an empty database file: make it a register
        if register.read_only:
            raise StorageError("storage.not_register", path=str(path))
        _initialise(register)
        return
    if "alembic_version" not in tables:
        raise StorageError("storage.not_register", path=str(path))
    with engine.connect() as conn:
        revision = migrations.current_revision(conn)
    head = migrations.head_revision()
    if revision == head:
        return
    if revision is None:
        raise StorageError("storage.not_register", path=str(path))
    if not migrations.is_known(revision):
        raise StorageError("storage.unknown_revision", path=str(path), found=revision)
    if register.read_only or not upgrade:
        register.schema_behind = True
        return  # readable as it is; writes would need the upgrade first
    if register.path is not None:
        from twindesk.core.backups import make_backup  # backups builds on this module

        make_backup(register.path, f"before-upgrade-{revision}")
    with register.seam.migration_connection(engine) as conn:
        migrations.upgrade(conn)
        reference.load(conn)
    log.info("register %s migrated from schema %s to %s", path, revision, head)


def _initialise(register: Register) -> None:
    seam = register.seam
    register.created = True
    with seam.migration_connection(register._write_engine) as conn:
        if seam is sqlite_seam:  # the file's header
            seam.mark_as_register(conn)
        migrations.upgrade(conn)
        if seam is not sqlite_seam:  # a row of register_info, which the migrations made
            seam.mark_as_register(conn)
        reference.load(conn)
        conn.execute(
            RegisterInfo.__table__.insert(),
            [
                {"key": "created_by", "value": f"TwinDesk {__version__}"},
                {
                    "key": "created_at",
                    "value": datetime.now(UTC).isoformat(timespec="seconds"),
                },
            ],
        )
