"""A table model backed by a register query that never loads a whole table.

``rowCount`` is the size of the filtered list (one COUNT query); rows are fetched a
page at a time when the view asks for them and kept in a small cache of pages, so a
register with a million exchanges scrolls without holding a million rows. Sorting and
filtering re-run the query in SQL.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt,
)

from twindesk.core import queries
from twindesk.core.dates import format_partial
from twindesk.core.queries import Filter
from twindesk.core.storage import Register

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VERSION_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, how a row shows in it, what it sorts by."""

    key: str
    header: str  # English source text, translated by the view
    render: Callable[[Any, "RenderContext"], str]
    sort: str | None = None  # query column to sort by; None = not sortable


class RenderContext:
    """What rendering needs besides the row: the language and vocabulary labels.

    ``iso_dates`` is the clerk's display preference (Settings > Dates), set once for
    the process like the language: ISO text "1979-03" instead of "March 1979".
    """

    iso_dates = False

    def __init__(self, register: Register, lang: str) -> None:
        from twindesk.core.models import VOCABULARIES

        self.lang = lang
        self.labels: dict[str, dict[str, tuple[str, str]]] = {}
        with register.connect() as conn:
            for name, model in VOCABULARIES.items():
                table = model.__table__
                self.labels[name] = {
                    code: (en, zh) for code, en, zh in conn.execute(
                        table.select().with_only_columns(table.c.code, table.c.label_en,
                                                         table.c.label_zh))}

    def pick(self, en: str | None, zh: str | None) -> str:
        """A name in the interface language, falling back to the other language."""
        first, second = (zh, en) if self.lang == "zh" else (en, zh)
        return first or second or ""

    def term(self, vocabulary: str, code: str) -> str:
        en, zh = self.labels.get(vocabulary, {}).get(code, (code, code))
        return self.pick(en, zh)

    def date(self, value: str) -> str:
        if not value or self.iso_dates:
            return value or ""
        return format_partial(value, self.lang)


def _name(prefix: str) -> Callable[[Any, RenderContext], str]:
    return lambda r, c: c.pick(getattr(r, f"{prefix}_en"), getattr(r, f"{prefix}_zh"))


def _term(vocabulary: str, attr: str) -> Callable[[Any, RenderContext], str]:
    return lambda r, c: c.term(vocabulary, getattr(r, attr))


def _date(attr: str) -> Callable[[Any, RenderContext], str]:
    return lambda r, c: c.date(getattr(r, attr))


def _text(attr: str) -> Callable[[Any, RenderContext], str]:
    return lambda r, c: "" if getattr(r, attr) is None else str(getattr(r, attr))


CONTINENTS = {"AF": ("Africa", "非洲"), "AN": ("Antarctica", "南极洲"), "AS": ("Asia", "亚洲"),
              "EU": ("Europe", "欧洲"), "NA": ("North America", "北美洲"),
              "OC": ("Oceania", "大洋洲"), "SA": ("South America", "南美洲")}


def _continent(r: Any, c: RenderContext) -> str:
    return c.pick(*CONTINENTS.get(r.continent, (r.continent, r.continent)))


COLUMNS: dict[str, list[Column]] = {
    "pairing": [
        Column("local", QT_TRANSLATE_NOOP("Columns", "Local place"), _name("a_name"), "a_name_en"),
        Column("partner", QT_TRANSLATE_NOOP("Columns", "Partner place"), _name("b_name"), "b_name_en"),
        Column("country", QT_TRANSLATE_NOOP("Columns", "Country"), _name("country"), "country_en"),
        Column("continent", QT_TRANSLATE_NOOP("Columns", "Continent"), _continent, "continent"),
        Column("kind", QT_TRANSLATE_NOOP("Columns", "Kind"), _term("pairing_kind", "kind"), "kind"),
        Column("level", QT_TRANSLATE_NOOP("Columns", "Level"), _term("pairing_level", "level"), "level"),
        Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), _term("pairing_status", "status"), "status"),
        Column("established", QT_TRANSLATE_NOOP("Columns", "Established"), _date("established"), "established"),
        Column("ended", QT_TRANSLATE_NOOP("Columns", "Ended"), _date("ended"), "ended"),
    ],
    "place": [
        Column("name_en", QT_TRANSLATE_NOOP("Columns", "English name"), _text("name_en"), "name_en"),
        Column("name_zh", QT_TRANSLATE_NOOP("Columns", "Chinese name"), _text("name_zh"), "name_zh"),
        Column("name_native", QT_TRANSLATE_NOOP("Columns", "Native name"), _text("name_native"), "name_native"),
        Column("type", QT_TRANSLATE_NOOP("Columns", "Type"), _term("place_type", "place_type"), "place_type"),
        Column("country", QT_TRANSLATE_NOOP("Columns", "Country"), _name("country"), "country_en"),
        Column("continent", QT_TRANSLATE_NOOP("Columns", "Continent"), _continent, "continent"),
    ],
    "programme": [
        Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), _name("title"), "title_en"),
        Column("local", QT_TRANSLATE_NOOP("Columns", "Local place"), _name("a_name"), "a_name_en"),
        Column("partner", QT_TRANSLATE_NOOP("Columns", "Partner place"), _name("b_name"), "b_name_en"),
        Column("start", QT_TRANSLATE_NOOP("Columns", "Start"), _date("start"), "start"),
        Column("end", QT_TRANSLATE_NOOP("Columns", "End"), _date("end"), "end"),
        Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), _term("programme_status", "status"), "status"),
    ],
    "exchange": [
        Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), _name("title"), "title_en"),
        Column("type", QT_TRANSLATE_NOOP("Columns", "Type"), _term("exchange_type", "exchange_type"), "exchange_type"),
        Column("start", QT_TRANSLATE_NOOP("Columns", "Start"), _date("start"), "start"),
        Column("end", QT_TRANSLATE_NOOP("Columns", "End"), _date("end"), "end"),
        Column("venue", QT_TRANSLATE_NOOP("Columns", "Venue"), _text("venue"), "venue"),
        Column("participants", QT_TRANSLATE_NOOP("Columns", "Participants"), _text("participants"), "participants"),
    ],
    "contact": [
        Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), _name("name"), "name_en"),
        Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), _text("title"), "title"),
        Column("organisation", QT_TRANSLATE_NOOP("Columns", "Organisation"), _text("organisation"), "organisation"),
        Column("place", QT_TRANSLATE_NOOP("Columns", "Place"), _name("place"), "place_en"),
        Column("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), _text("phone"), None),
        Column("email", QT_TRANSLATE_NOOP("Columns", "E-mail"), _text("email"), "email"),
    ],
}


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
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("Columns", self.columns[section].header)
        return section + 1

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
                page = queries.page(conn, self.entity, self.filter, offset=page_no * self.PAGE_SIZE,
                                    limit=self.PAGE_SIZE, order_by=self.order)
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

    def set_filter(self, f: Filter) -> None:
        self.filter = f
        self.refresh()

    def set_language(self, lang: str) -> None:
        self._context = RenderContext(self.register, lang)
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = self._query_count()
        self.endResetModel()

    def cached_pages(self) -> int:
        return len(self._pages)

    def _query_count(self) -> int:
        with self.register.connect() as conn:
            return queries.count(conn, self.entity, self.filter)
