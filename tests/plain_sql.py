"""Plain SQL on a register, on either engine: nothing of TwinDesk's query code, for tests
that check what the core computes against SQL written independently. Parameters are
written ``?`` (SQLite's style) and given to the server's driver as ``%s``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from twindesk.core.storage import Register


def _run(conn: Connection, register: Register, query: str, params: tuple[Any, ...]) -> Any:
    if not register.is_sqlite:
        query = query.replace("%", "%%").replace("?", "%s")  # psycopg's paramstyle
    return conn.exec_driver_sql(query, params)


def sql(register: Register, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows ``query`` gives, as tuples."""
    with register.connect() as conn:
        return [tuple(row) for row in _run(conn, register, query, params)]


def execute(register: Register, query: str, *params: Any) -> None:
    """Run a writing statement in a transaction of its own."""
    with register.connect(write=True) as conn:
        _run(conn, register, query, params)
