"""Many records written at once: an import, the restore of a full export, the generator.

``operations.create`` and ``update`` write one record through the ORM. A bulk load
writes thousands through SQLAlchemy Core, and each caller writing its own loop would
repeat what those two do: which names make the search key, the rows of the link tables
(with the columns they derive, such as an alias's normalized form), a new record's
version and time stamps, the version check of an update. :class:`BulkWriter` does it
once, from the same :class:`~twindesk.core.operations.base.Entity` declarations the ORM
path reads (``search_fields``, ``search_link``, ``links``), so a new rule reaches the
form, the import, the restore and the generator alike.

It checks nothing: the rows come validated (an import's plan), as they were (a restore)
or made to the rules (the generator). Speed matters here (an import of 100,000 rows):
the work per row is a dictionary look-up or two, and the rows go to the driver column
by column (``insert_rows``).

    writer = BulkWriter(conn)
    ids = writer.insert(PLACE, [{"name_en": "Lyon", ...}], [{"aliases": ["Lugdunum"]}])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert

from twindesk.core.errors import ConflictError
from twindesk.core.models import utcnow
from twindesk.core.operations.base import Entity, unique
from twindesk.core.search import search_key
from twindesk.core.storage import next_ids

Keys = Callable[[Iterable[str | None]], str]
IN_CHUNK = 900  # ids per IN (...): under SQLite's limit on parameters


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Any],
    cols: Sequence[str] | None = None,
    *,
    columns: Mapping[str, list] | None = None,
    constants: Mapping[str, Any] | None = None,
) -> int:
    """executemany straight through the driver, values converted by the column types.

    The same SQL and values SQLAlchemy Core would send, without its per-row overhead (an
    import writes several times as many rows as its file has). ``rows`` are dicts, or
    tuples of ``cols``; ``columns`` adds whole columns (a value per row) and ``constants``
    a value every row shares, either taking the place of a key the rows have.
    """
    if not rows:
        return 0
    count = len(rows)
    more = {**(columns or {}), **dict.fromkeys(constants or {})}
    if cols is None:
        names = [c for c in rows[0] if c not in more]
        data = [list(map(itemgetter(c), rows)) for c in names]
    else:
        keep = {i for i, c in enumerate(cols) if c not in more}
        names = [c for i, c in enumerate(cols) if i in keep]
        data = [list(c) for i, c in enumerate(zip(*rows, strict=True)) if i in keep]
    dialect = conn.dialect
    # Column by column, with map doing the per-row work: only a few columns need
    # converting (timestamps), and their values repeat (one "now" per import), so each
    # distinct value is converted once.
    for i, name in enumerate(names):
        proc = table.c[name].type._cached_bind_processor(dialect)
        if proc is not None:
            distinct = set(data[i])
            distinct.discard(None)
            converted = {value: proc(value) for value in distinct}
            converted[None] = None
            data[i] = list(map(converted.__getitem__, data[i]))
    for name, values in (columns or {}).items():
        proc = table.c[name].type._cached_bind_processor(dialect)
        names.append(name)
        data.append(values if proc is None else [None if v is None else proc(v) for v in values])
    for name, value in (constants or {}).items():
        proc = table.c[name].type._cached_bind_processor(dialect)
        names.append(name)
        data.append([value if proc is None or value is None else proc(value)] * count)
    if dialect.name == "postgresql":  # the server's bulk load (storage seam)
        from twindesk.core.storage.postgres import copy_rows

        copy_rows(conn, table.name, names, zip(*data, strict=True))
        return count
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"  # sqlite3 / psycopg
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) "
        f"VALUES ({', '.join(mark for _ in names)})"
    )
    conn.exec_driver_sql(sql, list(zip(*data, strict=True)))
    return count


class BulkWriter:
    """Writes many records of the register's entities through one connection.

    ``now`` stamps the new records and changes (one time for a whole import); ``keys``
    makes a search key from names (``search.search_key``, or a caller's memo of it).
    ``written`` counts the rows written to each table.
    """

    def __init__(
        self, conn: Connection, *, now: datetime | None = None, keys: Keys = search_key
    ) -> None:
        self.conn = conn
        self.now = now or utcnow()
        self.keys = keys
        self.written: dict[str, int] = {}

    # -- derived columns ---------------------------------------------------------------
    def search_texts(
        self,
        entity: Entity,
        rows: Sequence[Mapping[str, Any]],
        links: Sequence[Mapping[str, list]] | None = None,
    ) -> list[str] | None:
        """The ``search_text`` of each row (None: the entity has none), as
        ``operations`` makes it: the search fields, then the search link's values, from
        ``links`` when given, else as the register holds them for the rows' ids."""
        fields = entity.search_fields
        if not fields:
            return None
        keys = self.keys
        names = itemgetter(*fields) if len(fields) > 1 else (lambda row: (row[fields[0]],))
        if entity.search_link is None:
            return [keys(names(row)) for row in rows]
        if links is not None:
            extra: Iterable[Iterable[Any]] = (
                values.get(entity.search_link) or () for values in links
            )
        else:
            extra = self.stored_links(entity, entity.search_link, [row["id"] for row in rows])
        return [
            keys((*names(row), *more)) if more else keys(names(row))
            for row, more in zip(rows, extra, strict=True)
        ]

    def stored_links(self, entity: Entity, name: str, ids: list[int]) -> list[list[Any]]:
        """The values of the link ``name`` that the register holds for each of ``ids``,
        in the order they were written."""
        link = entity.links[name]
        t = link.table
        owner, value = t.c[link.owner_column], t.c[link.value_column]
        found: dict[int, list[Any]] = {}
        wanted = sorted(set(ids))
        order = [t.c.position] if "position" in t.c else []
        order += list(t.primary_key.columns)
        for start in range(0, len(wanted), IN_CHUNK):
            query = (
                select(owner, value)
                .where(owner.in_(wanted[start : start + IN_CHUNK]))
                .order_by(owner, *order)
            )
            for owner_id, item in self.conn.execute(query):
                found.setdefault(owner_id, []).append(item)
        return [found.get(i, []) for i in ids]

    # -- new records ---------------------------------------------------------------------
    def insert(
        self,
        entity: Entity,
        rows: list[dict[str, Any]],
        links: Sequence[Mapping[str, list]] | None = None,
        *,
        statement: Insert | None = None,
    ) -> list[int]:
        """Insert new records of ``entity``; return their ids.

        ``rows`` hold the entity's columns (with ``id``, or ids are given here);
        ``search_text``, and a version and time stamps a row does not have, are filled
        in. ``links``, one mapping per row like ``operations.create``'s link lists
        (``{"aliases": [...]}``), become rows of the link tables. ``statement`` is an
        INSERT to run instead of the fast one (the restore's, which takes its time
        stamps as text): the filled values are then written into the rows themselves.
        """
        if not rows:
            return []
        table = entity.model.__table__
        texts = self.search_texts(entity, rows, links)
        first = rows[0]
        columns: dict[str, list] = {}
        if texts is not None:
            columns["search_text"] = texts
        if "id" in first:
            ids = [row["id"] for row in rows]
        else:
            ids = columns["id"] = next_ids(self.conn, table, len(rows))
        constants = {
            name: value
            for name, value in (("version", 1), ("created_at", self.now), ("updated_at", self.now))
            if name not in first and name in table.c
        }
        if statement is None:
            insert_rows(self.conn, table, rows, columns=columns, constants=constants)
        else:
            for i, row in enumerate(rows):
                row.update(constants)
                for name, values in columns.items():
                    row[name] = values[i]
            self.conn.execute(statement, rows)
        self._count(table.name, len(rows))
        if links is not None:
            self.insert_links(entity, ids, links)
        return ids

    def insert_links(
        self, entity: Entity, ids: Sequence[int], links: Sequence[Mapping[str, list]]
    ) -> None:
        """The link rows of new records: each list once per value, in its order (with its
        position where the table keeps one), plus the columns the link derives."""
        for name, link in entity.links.items():
            owner, column, extra = link.owner_column, link.value_column, link.extra
            positions = "position" in link.table.c
            rows: list[dict[str, Any]] = []
            for owner_id, values in zip(ids, links, strict=True):
                items = values.get(name)
                if not items:
                    continue
                for position, value in enumerate(unique(items)):
                    row = {owner: owner_id, column: value}
                    if extra is not None:
                        row.update(extra(value))
                    if positions:
                        row["position"] = position
                    rows.append(row)
            if rows:
                self._count(link.table.name, insert_rows(self.conn, link.table, rows))

    # -- changes ---------------------------------------------------------------------------
    def update(
        self, entity: Entity, record_id: int, values: dict[str, Any], *, version: int
    ) -> None:
        """Change fields of a record read at ``version``; refused (ConflictError) when
        someone saved it since. Its version moves on and its search key is made again,
        as ``operations.update`` does."""
        t = entity.model.__table__
        done = self.conn.execute(
            update(t)
            .where(t.c.id == record_id, t.c.version == version)
            .values(**values, version=version + 1, updated_at=self.now)
        )
        if done.rowcount != 1:
            raise ConflictError(entity=f"entity.{entity.name}", id=record_id)
        self._count(t.name, 1)
        if entity.search_fields:
            if entity.search_link is None and all(f in values for f in entity.search_fields):
                row: Mapping[str, Any] = values
            else:
                row = (
                    self.conn.execute(
                        select(t.c.id, *(t.c[f] for f in entity.search_fields)).where(
                            t.c.id == record_id
                        )
                    )
                    .one()
                    ._asdict()
                )
            (text,) = self.search_texts(entity, [row]) or [""]
            self.conn.execute(update(t).where(t.c.id == record_id).values(search_text=text))

    def _count(self, table: str, rows: int) -> None:
        self.written[table] = self.written.get(table, 0) + rows
