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
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, exc, exists, func, select, text
from sqlalchemy.engine import URL, Connection, Engine, make_url

from twindesk.core.errors import StorageError
from twindesk.core.storage import SERVER_SCHEMES as SCHEMES

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
    return create_engine(
        address_.url,
        pool_pre_ping=True,
        connect_args={
            "options": options,
            "application_name": "TwinDesk",
            "connect_timeout": CONNECT_TIMEOUT_S,
        },
    )


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
    second clerk opening the same old register wait, then find it upgraded."""
    with engine.begin() as conn:
        conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        yield conn


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


def copy_rows(conn: Connection, table: str, columns: list[str], rows) -> None:  # noqa: ANN001
    """Load ``rows`` (tuples in the order of ``columns``) into ``table`` with COPY, inside
    the connection's transaction: the server's bulk load, several times faster than an
    executemany of INSERTs (one message per row), so an import keeps SQLite's pace."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    with conn.connection.driver_connection.cursor() as cursor:
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


def next_ids(conn: Connection, table, count: int) -> list[int]:  # noqa: ANN001 - a Table
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
            raise StorageError("storage.no_access", path=name) from e
        if not state or state[:2] in ("08", "28", "3D", "57"):  # no connection, login, database
            raise StorageError(
                "storage.server_unreachable", path=name, detail=_first_line(e)
            ) from e
        raise


def _first_line(e: exc.DBAPIError) -> str:
    return str(e.orig).strip().splitlines()[0] if str(e.orig).strip() else type(e.orig).__name__
