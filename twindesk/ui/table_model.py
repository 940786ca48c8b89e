"""A table model backed by a register query that never loads a whole table.

``rowCount`` is the size of the filtered list (one COUNT query); rows are fetched a
page at a time when the view asks for them and kept in a small cache of pages, so a
register with a million exchanges scrolls without holding a million rows. Sorting and
filtering re-run the query in SQL.
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

    def __init__(self, register: Register, entity: str, *, lang: str = "en") -> None:
        super().__init__()
        self.register = register
        self.entity = entity
        self.columns = COLUMNS[entity]
        self.filter = Filter()
        self.order: list[tuple[str, bool]] = []
        self._context = RenderContext(register, lang)
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._count = self._query_count()

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
        self.install(self.fetch(self.filter, self.order))

    def fetch(self, f: Filter, order: list[tuple[str, bool]]) -> Fetched:
        """The list's size and first page for a filter and order. Touches no Qt state,
        so a page can run it on a worker thread and ``install`` the result."""
        with self.register.connect() as conn:
            total = queries.count(conn, self.entity, f)
            first = (
                queries.page(conn, self.entity, f, limit=self.PAGE_SIZE, order_by=order)
                if total
                else []
            )
        return Fetched(f, list(order), total, first)

    def install(self, fetched: Fetched) -> None:
        """Show what ``fetch`` read: one model reset, so the view never mixes two lists."""
        self.beginResetModel()
        self.filter, self.order, self._count = fetched.filter, fetched.order, fetched.count
        self._pages.clear()
        if fetched.first_page:
            self._pages[0] = fetched.first_page
        self.endResetModel()

    def cached_pages(self) -> int:
        return len(self._pages)

    def _query_count(self) -> int:
        with self.register.connect() as conn:
            return queries.count(conn, self.entity, self.filter)


@dataclass(frozen=True)
class Fetched:
    """A list's size and first page, as read for one filter and order."""

    filter: Filter
    order: list[tuple[str, bool]]
    count: int
    first_page: list[Any]
