"""What a register on a PostgreSQL server has instead of SQLite's pieces, behind the same
seam as ``storage.sqlite``: the register marker (SQLite's application id), lock and
statement timeouts (the busy timeout), the migration lock, the trigram index for the
quick search, id reservation for bulk inserts, and the server's errors as messages.

The driver is psycopg 3, imported by SQLAlchemy only when a server register is opened.
A password given in the URL stays in the engine's URL: ``ServerAddress`` is what is
shown and logged, and it never holds the password.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, create_engine, event, exc, exists, func, select, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import ConnectionPoolEntry

from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.models import REFERENCE_TABLES
from twindesk.core.storage import SERVER_SCHEMES as SCHEMES

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("twindesk.storage")

DRIVER = "postgresql+psycopg"
# The marker row in register_info: a database without it is not a TwinDesk register
# (SQLite's files carry PRAGMA application_id instead).
MARKER_KEY = "application_id"
MARKER_VALUE = "TwDk"
# A writer waits this long for a row another clerk has locked (SQLite's busy timeout)
# and then hears "in use, try again"; a statement that runs longer than the second
# figure (a runaway query holding locks on a shared server) is cancelled.
LOCK_TIMEOUT_MS = 10_000
STATEMENT_TIMEOUT_MS = 600_000
CONNECT_TIMEOUT_S = 10
# One migration at a time per database: two clerks opening an old register together.
MIGRATION_LOCK = 0x5477446B
TRIGRAM_INDEX = "ix_{}_search_trgm"
TEXT_INDEXED = ("exchange",)


class ServerAddress:
    """A register on a server, as ``postgresql://user[:password]@host[:port]/database``.

    ``str()`` is what messages, logs and the window show: without the password.
    """

    is_server = True  # what open_register asks (it imports this module only for servers)

    def __init__(self, location: str | URL) -> None:
        url = make_url(location) if isinstance(location, str) else location
        self.url = url.set(drivername=DRIVER)

    def __str__(self) -> str:
        return self.url._replace(drivername="postgresql", password=None).render_as_string(
            hide_password=False
        )

    def __repr__(self) -> str:
        return f"ServerAddress({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerAddress) and other.url == self.url

    def __hash__(self) -> int:
        return hash(str(self.url))


def address(location: object) -> ServerAddress | None:
    """The server address ``location`` names, or None for a file path."""
    if isinstance(location, ServerAddress):
        return location
    if isinstance(location, str) and location.startswith(SCHEMES):
        return ServerAddress("postgresql" + location[location.index("://") :])
    return None


def create(address_: ServerAddress, *, read_only: bool = False) -> Engine:
    options = (
        f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
        # Timestamps are kept in UTC, as on SQLite; the server's zone must not shift them.
        "-c TimeZone=UTC"
    )
    if read_only:
        options += " -c default_transaction_read_only=on"
    engine = create_engine(
        address_.url,
        pool_pre_ping=True,
        connect_args={
            "options": options,
            # Who is connected (pg_stat_activity), for the other clerks' status bars.
            "application_name": application_name(),
            "connect_timeout": CONNECT_TIMEOUT_S,
        },
    )
    _remember_own_sessions(engine)
    return engine


def probe(engine: Engine) -> tuple[bool, set[str]]:
    """(marked as a register, table names) of the database's current schema."""
    with engine.connect() as conn:
        tables = table_names(conn)
        marked = (
            "register_info" in tables
            and conn.execute(
                text("SELECT value FROM register_info WHERE key = :k"), {"k": MARKER_KEY}
            ).scalar()
            == MARKER_VALUE
        )
    return marked, tables


def table_names(conn: Connection) -> set[str]:
    return set(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    )


def mark_as_register(conn: Connection) -> None:
    """Write the marker row (after the migrations made register_info)."""
    conn.execute(
        text("INSERT INTO register_info (key, value) VALUES (:k, :v)"),
        {"k": MARKER_KEY, "v": MARKER_VALUE},
    )


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A transaction for schema changes. PostgreSQL's DDL is transactional and Alembic
    alters tables in place (no batch copy), so keys stay on; the advisory lock makes a
    second clerk opening the same old register wait, then find it upgraded.

    A register set up with roles (``set_up_roles``) is upgraded as twindesk_admin, which
    owns its tables: what the upgrade makes is the administrators' too, and each role is
    granted its part of it."""
    with engine.begin() as conn:
        conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        with_roles = _set_up_with_roles(conn)
        if with_roles:
            conn.execute(text(f"SET LOCAL ROLE {ROLE_NAMES['admin']}"))
        yield conn
        if with_roles:
            grant_privileges(conn)


@contextmanager
def bulk_write_connection(engine: Engine, tables: list[str]) -> Iterator[Connection]:
    """A writing transaction for one bulk load. The server checks each reference as the
    row goes in; a broken one (a place another clerk deleted since the file was checked)
    refuses the whole load with the same message as on SQLite."""
    try:
        with engine.begin() as conn:
            yield conn
    except exc.IntegrityError as e:
        diag = getattr(e.orig, "diag", None)
        if getattr(e.orig, "sqlstate", None) != "23503" or diag is None:
            raise
        parent = (diag.message_detail or "").rpartition('table "')[2].rstrip('".') or "?"
        raise StorageError(
            "storage.broken_reference", table=diag.table_name, rowid="?", parent=parent, count=1
        ) from e


def copy_rows(
    conn: Connection, table: str, columns: list[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Load ``rows`` (tuples in the order of ``columns``) into ``table`` with COPY, inside
    the connection's transaction: the server's bulk load, several times faster than an
    executemany of INSERTs (one message per row), so an import keeps SQLite's pace."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    driver = cast("psycopg.Connection[Any]", conn.connection.driver_connection)
    with driver.cursor() as cursor:
        with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


# -- a bulk load whose rows refer to each other in any order (restoring a full export) ------
_FOREIGN_KEYS = (
    "SELECT conrelid::regclass::text, conname FROM pg_constraint "
    "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
)


def defer_foreign_keys(conn: Connection) -> None:
    """Check references at the end of this transaction, as SQLite's defer_foreign_keys.
    The migrations make the keys NOT DEFERRABLE; DDL is transactional here, so they are
    made deferrable for this transaction only (``broken_references`` puts them back)."""
    for table, name in conn.execute(text(_FOREIGN_KEYS)).all():
        conn.execute(
            text(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY DEFERRED')
        )
    conn.execute(text("SET CONSTRAINTS ALL DEFERRED"))


def broken_references(conn: Connection) -> list[tuple[str, int, str]]:
    """After ``defer_foreign_keys``: (table, row, referred table) of every row that refers
    to a missing row, as SQLite's foreign_key_check gives them; when there is none, the
    keys are checked by the server and put back to NOT DEFERRABLE."""
    from sqlmodel import SQLModel

    import twindesk.core.models  # noqa: F401 - every table on the metadata

    found = []
    for table in SQLModel.metadata.sorted_tables:
        key = table.c.id if "id" in table.c else list(table.primary_key.columns)[0]
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table.alias()  # an alias: a place may refer to a place
            pairs = [(element.parent, parent.c[element.column.name]) for element in fk.elements]
            missing = ~exists().where(*(p == c for c, p in pairs))
            rows = conn.execute(select(key).where(*(c.isnot(None) for c, _p in pairs), missing))
            found += [(table.name, rid, fk.referred_table.name) for rid in rows.scalars()]
    if found:
        return found
    conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
    for table_, name in conn.execute(text(_FOREIGN_KEYS)).all():
        conn.execute(text(f'ALTER TABLE {table_} ALTER CONSTRAINT "{name}" NOT DEFERRABLE'))
    return []


def analyse(address_: ServerAddress) -> None:
    """VACUUM (ANALYZE) a database just filled in bulk (``twindesk copy``): until it runs
    (autovacuum gets there minutes later) the server has no statistics and no visibility
    map for what it now holds, and plans the window's first pages, searches and deep
    scrolls as if the tables were empty: seconds each on a million exchanges. Not in a
    transaction (VACUUM cannot be); a failure is logged, not raised: the data is in."""
    engine = create(address_)
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("SET statement_timeout = 0"))
            conn.execute(text("VACUUM (ANALYZE)"))
    except exc.DBAPIError as e:
        log.warning("VACUUM (ANALYZE) of %s failed: %s", address_, e)
    finally:
        engine.dispose()


def sync_ids(conn: Connection) -> None:
    """Move every id sequence past the ids rows were written with (a restore keeps the
    export's ids), so the next record saved does not collide with one restored."""
    rows = conn.execute(
        text(
            "SELECT c.table_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) "
            "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
            "AND c.column_name = 'id' AND c.column_default LIKE 'nextval%'"
        )
    ).all()
    for table, sequence in rows:
        conn.execute(
            text(f'SELECT setval(:s, COALESCE((SELECT max(id) FROM "{table}"), 0) + 1, false)'),
            {"s": sequence},
        )


def integrity_problems(conn: Connection, *, quick: bool = False) -> list[str]:
    """The server keeps its pages and enforces every reference on write: nothing for the
    register to check at this level (the rule checks of ``core.check`` still run)."""
    return []


def next_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new ids for ``table``, taken from its sequence: other clerks may insert at
    the same time (no write lock on the whole database as on SQLite), and the sequence
    must stay ahead of ids written explicitly."""
    if count <= 0:
        return []
    sequence = func.pg_get_serial_sequence(table.name, "id")
    return list(
        conn.execute(
            select(func.nextval(sequence)).select_from(func.generate_series(1, count))
        ).scalars()
    )


def create_text_index(conn: Connection, name: str) -> None:
    """A trigram GIN index on ``search_text``: the quick search's LIKE '%…%' on folded text
    (``search.TextContains``) uses it. pg_trgm ships with the server; a database user who
    may not install it gets no index, and the search still works (by reading the table)."""
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except exc.DBAPIError as e:
        log.warning("no trigram index for %s: pg_trgm cannot be installed (%s)", name, e.orig)
        return
    conn.execute(
        text(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX.format(name)} "
            f"ON {name} USING gin (search_text gin_trgm_ops)"
        )
    )


def is_text_index(name: str) -> bool:
    """The trigram indexes, which the models do not declare."""
    return any(name == TRIGRAM_INDEX.format(t) for t in TEXT_INDEXED)


def count_text_matches(conn: Connection, name: str, query: str) -> int | None:
    return None  # the trigram index answers the search itself; counting reads the rows


def drop_register(conn: Connection) -> None:
    """Remove a register's tables from the database (``demo --replace``), nothing else."""
    from sqlmodel import SQLModel

    import twindesk.core.models  # noqa: F401 - every table on the metadata

    names = [t.name for t in SQLModel.metadata.sorted_tables] + ["alembic_version"]
    conn.execute(text("DROP TABLE IF EXISTS " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))


# -- the server's errors as messages --------------------------------------------------------
LOCKED = {"55P03", "40P01", "40001", "57014"}  # lock timeout, deadlock, serialisation, timeout


@contextmanager
def translate_errors(name: str) -> Iterator[None]:
    try:
        yield
    except exc.DBAPIError as e:
        state = getattr(e.orig, "sqlstate", None) or ""
        if state in LOCKED:
            raise StorageError("storage.locked", path=name) from e
        if state == "25006":
            raise StorageError("storage.read_only", path=name) from e
        if state == "42501":
            if " for database " in str(e.orig):
                raise StorageError("storage.no_access", path=name) from e
            # A table, sequence or schema: the login's role does not allow this change.
            raise StorageError("storage.not_permitted", path=name) from e
        # No connection, login or database. An error without a state is the driver's own:
        # a lost or refused connection (operational), not a mistake in a statement.
        lost = not state and isinstance(e, (exc.OperationalError, exc.InterfaceError))
        if lost or state[:2] in ("08", "28", "3D", "57"):
            raise StorageError(
                "storage.server_unreachable", path=name, detail=_first_line(e)
            ) from e
        raise


def _first_line(e: exc.DBAPIError) -> str:
    return str(e.orig).strip().splitlines()[0] if str(e.orig).strip() else type(e.orig).__name__


# -- several clerks (core.clerks) ----------------------------------------------------------
# Every change a register's triggers announce (migration 0009), with the table's name.
CHANNEL = "twindesk_changes"
APPLICATION_PREFIX = "twindesk/"
RECONNECT_AFTER_S = 10.0
_OTHERS = (
    "SELECT pid, application_name FROM pg_stat_activity "
    "WHERE datname = current_database() AND application_name LIKE 'twindesk/%'"
)
# The server backends of each engine's connections: a window's own saves are not
# "another clerk's", and its own connections are not another clerk connected.
_OWN: weakref.WeakKeyDictionary[Engine, set[int]] = weakref.WeakKeyDictionary()


def application_name() -> str:
    """``twindesk/<os user>@<host>``: what pg_stat_activity shows of a TwinDesk session.
    The server keeps 63 characters of printable ASCII (others would show as escapes)."""
    import socket

    from twindesk.core.clerks import os_user

    name = f"{APPLICATION_PREFIX}{os_user()}@{socket.gethostname()}"
    return "".join(c if " " <= c <= "~" else "?" for c in name)[:63]


def _remember_own_sessions(engine: Engine) -> None:
    pids: set[int] = set()
    _OWN[engine] = pids

    @event.listens_for(engine, "connect")
    def _connected(dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        record.info["pid"] = dbapi_conn.info.backend_pid
        pids.add(record.info["pid"])

    @event.listens_for(engine, "close")
    def _closed(_dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        pids.discard(record.info.get("pid", 0))


def own_sessions(engine: Engine) -> set[int]:
    return _OWN.get(engine, set())


def database_user(engine: Engine) -> str:
    """The login the register was opened with (what the server checks privileges of)."""
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT current_user")).scalar())


class ChangesWatcher:
    """``core.clerks.ChangesWatcher`` for a server: a connection of its own LISTENs on
    ``CHANNEL``; ``changes`` reads what notifications have come (never waiting), leaving
    out those of this register's own sessions. A lost connection is made again (at most
    every ``RECONNECT_AFTER_S``), and what changed meanwhile counts as everything."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._fairy: Any = None
        self._conn: psycopg.Connection[Any] | None = None
        self._retry_at = 0.0
        self._closed = False
        self._connect()
        self._announce()

    def _connect(self) -> None:
        # A connection like the register's (timeouts, application name), taken out of
        # its pool for good: it stays in autocommit, LISTENing.
        fairy = self._engine.raw_connection()
        try:
            conn = cast("psycopg.Connection[Any]", fairy.driver_connection)
            fairy.detach()
            conn.rollback()
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            fairy.close()
            raise
        self._fairy, self._conn = fairy, conn

    def _announce(self) -> None:
        """Tell the other windows that who is connected changed (this one came or goes).
        A read-only session may not NOTIFY; the others see it at their next look."""
        import psycopg

        from twindesk.core.clerks import SESSIONS

        if self._conn is not None:
            try:
                self._conn.execute(f"NOTIFY {CHANNEL}, '{SESSIONS}'")
            except psycopg.Error:
                pass

    def _drop(self) -> None:
        fairy, self._fairy, self._conn = self._fairy, None, None
        self._retry_at = time.monotonic() + RECONNECT_AFTER_S
        if fairy is not None:
            try:
                fairy.close()
            except Exception:  # already broken: nothing to close cleanly
                log.debug("closing a broken listener connection", exc_info=True)

    def changes(self) -> set[str]:
        import psycopg

        from twindesk.core.clerks import ALL

        if self._conn is None:
            if self._closed or time.monotonic() < self._retry_at:
                return set()
            try:
                self._connect()
            except (exc.DBAPIError, psycopg.Error):
                self._retry_at = time.monotonic() + RECONNECT_AFTER_S
                return set()
            return {ALL}  # notifications sent while it was away are lost
        own = own_sessions(self._engine)
        try:
            return {n.payload for n in self._conn.notifies(timeout=0) if n.pid not in own}
        except psycopg.Error:
            log.info("the connection listening for other clerks' changes was lost")
            self._drop()
            return set()

    def others(self) -> list[str] | None:
        import psycopg

        if self._conn is None:
            return None
        try:
            rows = self._conn.execute(_OTHERS).fetchall()
        except psycopg.Error:
            self._drop()
            return None
        own = own_sessions(self._engine)
        return sorted(
            {name.removeprefix(APPLICATION_PREFIX) for pid, name in rows if pid not in own}
        )

    def close(self) -> None:
        self._announce()
        self._drop()
        self._closed = True


def changes_watcher(
    engine: Engine, path: object = None, *, read_only: bool = False
) -> ChangesWatcher:
    return ChangesWatcher(engine)


# -- roles ---------------------------------------------------------------------------------
# Three group roles (cluster-wide, as every role on a server), each holding the one below:
# a viewer reads; an editor also changes records; an administrator owns the register's
# tables (so its upgrades can change them) and changes the lists and the countries.
ROLE_NAMES = {"viewer": "twindesk_viewer", "editor": "twindesk_editor", "admin": "twindesk_admin"}
# What an editor may only read: the lists everyone's records use, the countries, and the
# register's own bookkeeping.
ADMIN_ONLY = (*REFERENCE_TABLES, "register_info", "alembic_version")
APPEND_ONLY = ("audit_entry",)  # an editor adds to the audit trail, never changes it
NOTIFY_FUNCTION = "twindesk_notify_change"


def _set_up_with_roles(conn: Connection) -> bool:
    """Whether twindesk_admin owns the register's tables, and this login may act as it."""
    owner = conn.execute(
        text(
            "SELECT tableowner FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
        )
    ).scalar()
    return owner == ROLE_NAMES["admin"] and bool(
        conn.execute(text("SELECT pg_has_role(current_user, :r, 'MEMBER')"), {"r": owner}).scalar()
    )


def role_of(conn: Connection) -> str:
    """What the connected login may do here, from what the server will let it do: an
    administrator may act as the tables' owner (the one who set the register up, or a
    member of twindesk_admin; a superuser too), an editor may change pairings, a viewer
    neither."""
    from twindesk.core.clerks import ADMIN, EDITOR, VIEWER

    row = conn.execute(
        text(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE'), "
            "has_table_privilege('pairing', 'INSERT') AND has_table_privilege('pairing', "
            "'UPDATE') AND has_table_privilege('pairing', 'DELETE') "
            "FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'pairing'"
        )
    ).first()
    if row is None:
        return VIEWER
    return ADMIN if row[0] else EDITOR if row[1] else VIEWER


def role_name(role: str) -> str | None:
    """The server's name of a role given as viewer / editor / admin or in full."""
    role = role.strip().lower()
    return ROLE_NAMES.get(role) or (role if role in ROLE_NAMES.values() else None)


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def set_up_roles(conn: Connection) -> None:
    """Make the three roles (if the server has none yet), hand the register's tables to
    twindesk_admin and grant each role its part, now and for tables made later. Run by
    the register's owner or a superuser; safe to run again (after an upgrade, say)."""
    viewer, editor, admin = ROLE_NAMES["viewer"], ROLE_NAMES["editor"], ROLE_NAMES["admin"]
    have = set(
        conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": list(ROLE_NAMES.values())},
        ).scalars()
    )
    for name in (viewer, editor, admin):
        if name not in have:
            conn.execute(text(f"CREATE ROLE {name} NOLOGIN"))
    conn.execute(text(f"GRANT {viewer} TO {editor}"))
    conn.execute(text(f"GRANT {editor} TO {admin}"))
    superuser = conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not superuser:  # to hand the tables over, the owner must be able to act as admin
        conn.execute(text(f"GRANT {admin} TO CURRENT_USER"))
    database = _quote(conn, str(conn.execute(text("SELECT current_database()")).scalar()))
    schema = _quote(conn, str(conn.execute(text("SELECT current_schema()")).scalar()))
    conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {viewer}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {viewer}"))
    conn.execute(text(f"GRANT CREATE ON SCHEMA {schema} TO {admin}"))
    for table in sorted(table_names(conn)):
        conn.execute(text(f"ALTER TABLE {_quote(conn, table)} OWNER TO {admin}"))
    if conn.execute(
        text("SELECT 1 FROM pg_proc WHERE proname = :f"), {"f": NOTIFY_FUNCTION}
    ).first():
        conn.execute(text(f"ALTER FUNCTION {NOTIFY_FUNCTION}() OWNER TO {admin}"))
    grant_privileges(conn)
    for creator in dict.fromkeys([admin, "CURRENT_USER"]):
        default = f"ALTER DEFAULT PRIVILEGES FOR ROLE {creator} IN SCHEMA {schema} GRANT"
        conn.execute(text(f"{default} SELECT ON TABLES TO {viewer}"))
        conn.execute(text(f"{default} INSERT, UPDATE, DELETE ON TABLES TO {editor}"))
        conn.execute(text(f"{default} USAGE, SELECT ON SEQUENCES TO {editor}"))
        conn.execute(text(f"{default} ALL ON TABLES TO {admin}"))
        conn.execute(text(f"{default} ALL ON SEQUENCES TO {admin}"))


def grant_privileges(conn: Connection) -> None:
    """Each role's privileges on the register's tables as they are now."""
    viewer, editor, admin = ROLE_NAMES["viewer"], ROLE_NAMES["editor"], ROLE_NAMES["admin"]
    schema = _quote(conn, str(conn.execute(text("SELECT current_schema()")).scalar()))
    tables = sorted(table_names(conn))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {viewer}"))
    conn.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {admin}"))
    conn.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA {schema} TO {admin}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {editor}"))
    for table in tables:
        quoted = _quote(conn, table)
        conn.execute(text(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {quoted} FROM {editor}"))
        if table in APPEND_ONLY:
            conn.execute(text(f"GRANT INSERT ON {quoted} TO {editor}"))
        elif table not in ADMIN_ONLY:
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {quoted} TO {editor}"))


def grant_role(conn: Connection, user: str, role: str) -> bool:
    """Give login ``user`` the TwinDesk role ``role`` (and no other TwinDesk role, so this
    also moves a clerk down); a login the server does not know is made, without a
    password. Returns whether it was made."""
    name = role_name(role)
    if name is None:
        raise TwinDeskError("server.unknown_role", role=role, roles=", ".join(ROLE_NAMES))
    if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}).first():
        raise TwinDeskError("server.roles_missing", role=name)
    quoted = _quote(conn, user)
    made = not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": user}).first()
    if made:
        conn.execute(text(f"CREATE ROLE {quoted} LOGIN"))
    held = conn.execute(
        text(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :u AND r.rolname = ANY(:n)"
        ),
        {"u": user, "n": list(ROLE_NAMES.values())},
    ).scalars()
    for other in held:
        if other != name:
            conn.execute(text(f"REVOKE {other} FROM {quoted}"))
    conn.execute(text(f"GRANT {name} TO {quoted}"))
    return made
