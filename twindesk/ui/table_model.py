"""A table model backed by a register query that never loads a whole table.

``rowCount`` is the size of the filtered list (one COUNT query); rows are fetched a
page at a time when the view asks for them and kept in a small cache of pages, so a
register with a million exchanges scrolls without holding a million rows. Sorting and
filtering re-run the query in SQL.

A long list is counted in two steps: up to ``FIRST_COUNT`` rows with its first page (one
query reads both), the rest after it is on screen (``count_all``, ``extend``). Counting
60,000 search hits of a million exchanges on a server reads every one of them (170 ms);
the first page needs none of that.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from twindesk.core import queries

# The column definitions live in the core, shared with the list exports.
from twindesk.core.columns import COLUMNS, RenderContext
from twindesk.core.queries import Filter
from twindesk.core.storage import Register

ROOT = QModelIndex()  # the invalid index: a table's rows are children of none
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VERSION_ROLE = Qt.ItemDataRole.UserRole + 2


class RecordTableModel(QAbstractTableModel):
    """Rows of one entity's list, fetched page by page from the register."""

    PAGE_SIZE = 200
    MAX_PAGES = 16  # pages kept in memory; the rest are fetched again when needed
    FIRST_COUNT = 1000  # rows counted before the first page shows (five pages)

    def __init__(
        self, register: Register, entity: str, *, lang: str = "en", f: Filter | None = None
    ) -> None:
        """The list for ``f`` (all records when None), its first page read; a long list
        is not ``exact`` until ``extend``/``make_exact``."""
        super().__init__()
        self.register = register
        self.entity = entity
        self.columns = COLUMNS[entity]
        self._context = RenderContext(register, lang)
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        fetched = self.fetch(f or Filter(), [])
        self.filter, self.order, self._count = fetched.filter, fetched.order, fetched.count
        self.exact = fetched.exact  # False while a long list is "more than FIRST_COUNT"
        if fetched.first_page:
            self._pages[0] = fetched.first_page

    # -- what the view asks ------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label(self._context.lang)
        return section + 1

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row(index.row())
            return None if row is None else self.columns[index.column()].render(row, self._context)
        if role == RECORD_ID_ROLE:
            row = self.row(index.row())
            return None if row is None else row.id
        if role == VERSION_ROLE:
            row = self.row(index.row())
            return None if row is None else row.version
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:  # Qt's "no sort column": the register's own order (by id)
            if self.order:
                self.order = []
                self.refresh()
            return
        key = self.columns[column].sort
        if key is None:
            return
        self.order = [(key, order == Qt.SortOrder.DescendingOrder)]
        self.refresh()

    # -- for the page ---------------------------------------------------------------
    def row(self, number: int) -> Any | None:
        """The query row at ``number``, fetching its page if it is not cached."""
        if not 0 <= number < self._count:
            return None
        page_no = number // self.PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            with self.register.connect() as conn:
                page = queries.page(
                    conn,
                    self.entity,
                    self.filter,
                    offset=page_no * self.PAGE_SIZE,
                    limit=self.PAGE_SIZE,
                    order_by=self.order,
                )
            self._pages[page_no] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        offset = number - page_no * self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def record_id(self, number: int) -> int | None:
        row = self.row(number)
        return None if row is None else row.id

    def find_cached(self, record_id: int) -> int | None:
        """The row number of record ``record_id`` among the rows read so far (no query),
        or None: where a record moved to when the list was read again."""
        for page_no, page in self._pages.items():
            for offset, row in enumerate(page):
                if row.id == record_id:
                    return page_no * self.PAGE_SIZE + offset
        return None

    def set_filter(self, f: Filter) -> None:
        self.filter = f
        self.refresh()

    def set_language(self, lang: str) -> None:
        self._context = RenderContext(self.register, lang)
        self.refresh()

    def refresh(self) -> None:
        """Read the list again now, count and all."""
        self.install(self.fetch(self.filter, self.order, whole=True))

    def fetch(self, f: Filter, order: list[tuple[str, bool]], *, whole: bool = False) -> Fetched:
        """The list's first page for a filter and order, and its size up to
        ``FIRST_COUNT`` (``whole``: its exact size, for a list read again where the clerk
        is deep in it). Touches no Qt state, so a page can run it on a worker thread and
        ``install`` the result."""
        with self.register.connect() as conn:
            # One query gives the first page's ids and the count up to FIRST_COUNT.
            limit = max(self.FIRST_COUNT, self.PAGE_SIZE) + 1
            ids = queries.page_ids(conn, self.entity, f, 0, limit, order)
            first = queries.rows_of(conn, self.entity, ids[: self.PAGE_SIZE])
            if whole and len(ids) == limit:
                return Fetched(f, list(order), queries.count(conn, self.entity, f), first)
        return Fetched(f, list(order), len(ids), first, exact=len(ids) < limit)

    def install(self, fetched: Fetched) -> None:
        """Show what ``fetch`` read: one model reset, so the view never mixes two lists."""
        self.beginResetModel()
        self.filter, self.order, self._count = fetched.filter, fetched.order, fetched.count
        self.exact = fetched.exact
        self._pages.clear()
        if fetched.first_page:
            self._pages[0] = fetched.first_page
        self.endResetModel()

    def count_all(self, f: Filter) -> int:
        """The exact size of the list for ``f``. Touches no Qt state (a worker's job)."""
        with self.register.connect() as conn:
            return queries.count(conn, self.entity, f)

    def extend(self, f: Filter, total: int) -> bool:
        """Take the exact count of a list installed with "more than FIRST_COUNT" rows:
        the rows after them are added below (rows on screen and the selection stay).
        False when the list shown is no longer the one counted."""
        if self.exact or f != self.filter:
            return False
        if total < self._count:  # rows deleted since the first count: read it all again
            self.install(self.fetch(f, self.order, whole=True))
            return True
        if total > self._count:
            self.beginInsertRows(ROOT, self._count, total - 1)
            self._count = total
            self.endInsertRows()
        self.exact = True
        return True

    def make_exact(self) -> None:
        """Count a long list now, if only its first rows are counted yet."""
        if not self.exact:
            self.extend(self.filter, self.count_all(self.filter))

    def cached_pages(self) -> int:
        return len(self._pages)


@dataclass(frozen=True)
class Fetched:
    """A list's size and first page, as read for one filter and order."""

    filter: Filter
    order: list[tuple[str, bool]]
    count: int  # when not ``exact``, "more than count - 1"
    first_page: list[Any]
    exact: bool = True
