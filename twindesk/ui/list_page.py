"""A page listing one kind of record: quick search, filters, the table, its actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import groups, queries
from twindesk.core.columns import CONTINENTS, FILTERS, YEAR_FILTERS  # shared with exports
from twindesk.core.i18n import count, more_than
from twindesk.core.queries import Filter
from twindesk.core.storage import Register
from twindesk.ui.table_model import RecordTableModel
from twindesk.ui.worker import Runs

# The pause in typing after which the list is searched: short enough that, with the
# query (under 100 ms on a million exchanges), results are on screen within 150 ms of the
# last keystroke; long enough that a word typed at speed runs one query, not one a key.
SEARCH_PAUSE_MS = 50
# The entry of the status filter that shows the pairings in force (queries.in_force).
IN_FORCE = "*in_force"


class FilterWidgets(Protocol):
    """What the lists' filter methods read, on a ListPage or the map page that borrows
    them (MapPage: the same filters over the same pairings)."""

    register: Register
    lang: str
    search: QLineEdit
    filters: dict[str, QComboBox]
    year_from: QLineEdit | None
    year_to: QLineEdit | None


def _line_edit(box: QComboBox) -> QLineEdit:
    edit = box.lineEdit()
    assert edit is not None  # an editable box's
    return edit


def _completer(box: QComboBox) -> QCompleter:
    completer = box.completer()
    assert completer is not None  # an editable box's
    return completer


class _Results(QObject):
    ready = Signal(int, object)  # generation, RecordTableModel.Fetched
    counted = Signal(int, object, int)  # generation, Filter, the list's exact size


@dataclass(frozen=True)
class _Place:
    """Where the clerk is in a list: (row, record) selected, (row, column, record)
    current, the scroll bars' values."""

    selected: list[tuple[int, int | None]]
    current: tuple[int, int, int | None] | None
    scroll: int
    scroll_x: int


def filter_title(attr: str) -> str:
    """A filter's first entry, which shows that it filters nothing (the map's filters too)."""
    titles = {
        "countries": QCoreApplication.translate("ListPage", "All countries"),
        "continents": QCoreApplication.translate("ListPage", "All continents"),
        "kinds": QCoreApplication.translate("ListPage", "All kinds"),
        "statuses": QCoreApplication.translate("ListPage", "All statuses"),
        "levels": QCoreApplication.translate("ListPage", "All levels"),
        "fields": QCoreApplication.translate("ListPage", "All fields"),
        "types": QCoreApplication.translate("ListPage", "All types"),
        "groups": QCoreApplication.translate("ListPage", "All country groups"),
    }
    return titles[attr]


class ListPage(QWidget):
    """Signals:
    open_requested(entity, record_id): the clerk wants to see a record.
    new_requested(entity): the clerk wants a new record.
    delete_requested(entity, record_id, version)
    delete_many_requested(entity, {record_id: version}): several rows were selected; each
        with the version it was shown at (a record changed since is not deleted).
    count_changed(count)
    """

    open_requested = Signal(str, int)
    new_requested = Signal(str)
    delete_requested = Signal(str, int, int)
    delete_many_requested = Signal(str, object)
    count_changed = Signal(int)

    def __init__(
        self, register: Register, entity: str, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.register, self.entity, self.lang = register, entity, lang
        self.setObjectName(f"{entity}Page")
        self.model = RecordTableModel(register, entity, lang=lang)

        self.search = QLineEdit(self)
        self.search.setObjectName("quickSearch")
        self.search.setPlaceholderText(
            self.tr("Search by English or Chinese name, pinyin or initials")
        )
        self.search.setClearButtonEnabled(True)
        # Wait for a pause in typing, so each keystroke does not run a query; the query
        # then runs off the GUI thread (typing never waits for it), and a newer one
        # supersedes it (see apply_filter).
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._filter_edited)
        self.search.returnPressed.connect(self._search_entered)
        self._generation = self._shown = 0  # the newest query asked for; the one on screen
        self._runs = Runs()  # the queries on the thread pool
        self._kept: _Place | None = None  # where the clerk was, for a list read again
        self._clearing = False  # clear_filters runs one query, not one per filter
        self._results = _Results(self)
        self._results.ready.connect(self._show_results)
        self._results.counted.connect(self._show_count)
        self._count_the_rest()  # of a long list, whose first rows the model has read

        self.filters: dict[str, QComboBox] = {}
        self.clear_buttons: dict[str, QToolButton] = {}
        # The years and "Clear all filters" share the search's row, so the six filters
        # of the pairings fit beside the sidebar on a 1280-pixel screen.
        search_row, filter_row = QHBoxLayout(), QHBoxLayout()
        spare_taken = False
        search_row.addWidget(self.search, 1)
        for attr, source in FILTERS[entity]:
            box = QComboBox(self)
            box.setObjectName(f"filter_{attr}")
            box.addItem(filter_title(attr), None)
            if source == "pairing_status":
                box.addItem(self.tr("In force"), IN_FORCE)
                box.setItemData(
                    1,
                    self.tr("The statuses the Lists page counts as in force"),
                    Qt.ItemDataRole.ToolTipRole,
                )
                box.insertSeparator(2)
            if source == "country":
                self._fill_countries(box)
            else:
                for code, label in self._choices(source):
                    box.addItem(label, code)
            box.currentIndexChanged.connect(self._filter_chosen)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(9)
            box.setMaximumWidth(220)
            self.filters[attr] = box
            # A box too narrow for its own "All …" ("All country groups") takes the row's
            # spare room: the others keep their width, and the row still fits 1280 pixels.
            cut = box.fontMetrics().horizontalAdvance(box.itemText(0)) + 32 > box.sizeHint().width()
            filter_row.addWidget(box, 1 if cut else 0)
            spare_taken = spare_taken or cut
            filter_row.addWidget(
                self._clear_button(attr, lambda _=False, b=box: b.setCurrentIndex(0))
            )
        self.year_from: QLineEdit | None = None
        self.year_to: QLineEdit | None = None
        if entity in YEAR_FILTERS:
            # Line edits, not spin boxes: emptied (or cleared with their button), they
            # stop filtering; a spin box put its last year back.
            self.year_from, self.year_to = QLineEdit(self), QLineEdit(self)
            for year_box, name, hint in (
                (self.year_from, "yearFrom", self.tr("from")),
                (self.year_to, "yearTo", self.tr("to")),
            ):
                year_box.setObjectName(name)
                year_box.setValidator(QIntValidator(1, 9999, year_box))
                year_box.setPlaceholderText(hint)
                year_box.setClearButtonEnabled(True)
                # Four digits and the clear button, in any font.
                year_box.setFixedWidth(year_box.fontMetrics().horizontalAdvance("00000") + 44)
                year_box.textChanged.connect(self._filter_edited)
            search_row.addSpacing(8)
            search_row.addWidget(QLabel(self.tr("Years"), self))
            search_row.addWidget(self.year_from)
            search_row.addWidget(QLabel("–", self))
            search_row.addWidget(self.year_to)
        self.clear_all_button = QPushButton(self.tr("Clear all filters"), self)
        self.clear_all_button.setObjectName("clearFilters")
        self.clear_all_button.clicked.connect(self.clear_filters)
        if FILTERS[entity] or entity in YEAR_FILTERS:
            search_row.addSpacing(8)
            search_row.addWidget(self.clear_all_button)
        else:
            self.clear_all_button.hide()

        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        # No sort column before sorting is switched on: switching it on sorts by the
        # indicator's column (the first, by default), and on a register of a million
        # exchanges each such re-sort counts and reads the list again.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(150)
        if entity in ("exchange", "programme"):  # titles are long: "Third China–Russia Sister…"
            header.resizeSection(0, 360)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        # A click on the table first puts the pending search on screen, so what is
        # pressed, double-clicked and opened is the row shown (never a row of the list
        # that was there before the search came in).
        self.table.viewport().installEventFilter(self)

        open_action = QAction(self.tr("Open"), self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self._open_current)
        self.table.addAction(open_action)

        self.new_button = QPushButton(self.tr("New"), self)
        self.new_button.setObjectName("newButton")
        self.new_button.clicked.connect(lambda: self.new_requested.emit(self.entity))
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(self._open_current)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.clicked.connect(self.delete_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip(self.tr("Save this list as it is shown to Excel or CSV"))
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.export_button)

        if not spare_taken:
            filter_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.restore_columns()
        self._show_clear_buttons()

    # -- filters ----------------------------------------------------------------------
    def _choices(self: FilterWidgets, source: str) -> list[tuple[str, str]]:
        zh = self.lang == "zh"
        if source == "continent":
            return [(code, names[1] if zh else names[0]) for code, names in CONTINENTS.items()]
        if source == "country":  # (the map page borrows this method: hence no self._countries)
            present, others = ListPage._countries(self)
            return present + others
        if source == "country_group":  # partners in a group (SCO...) as it is now
            with self.register.connect() as conn:
                return [
                    (g.code, (g.name_zh or g.name_en) if zh else g.name_en)
                    for g in groups.groups(conn)
                ]
        with self.register.connect() as conn:
            return queries.vocabulary_terms(conn, source, self.lang)

    def _countries(self: FilterWidgets) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(code, name) of the countries the register's places are in, then of the others
        (not the 250 of ISO 3166 first, Antarctica and Bouvet Island among them)."""
        with self.register.connect() as conn:
            return queries.country_choices(conn, self.lang)

    def _fill_countries(self, box: QComboBox) -> None:
        """The register's countries first, then the others after a line; the box takes
        typing and offers the countries whose name contains it."""
        present, others = self._countries()
        for code, name in present:
            box.addItem(name, code)
        box.insertSeparator(box.count())
        for code, name in others:
            box.addItem(name, code)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _line_edit(box).setPlaceholderText(box.itemText(0))
        _completer(box).setFilterMode(Qt.MatchFlag.MatchContains)
        _completer(box).setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        _completer(box).setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # "All countries" shows as the empty box's placeholder, ready for typing.
        box.currentIndexChanged.connect(lambda i: _line_edit(box).clear() if i == 0 else None)
        _line_edit(box).clear()
        _line_edit(box).editingFinished.connect(lambda: self._country_typed(box))

    @staticmethod
    def _country_typed(box: QComboBox) -> None:
        """Typing that names no country goes back to what the filter is; emptied, it clears."""
        text = _line_edit(box).text().strip()
        if not text:
            box.setCurrentIndex(0)
            return
        found = box.findText(text, Qt.MatchFlag.MatchFixedString)
        if found > 0:
            box.setCurrentIndex(found)
        else:
            _line_edit(box).setText(box.currentText() if box.currentIndex() > 0 else "")

    def _clear_button(self, attr: str, clear) -> QToolButton:  # noqa: ANN001
        button = QToolButton(self)
        button.setObjectName(f"clear_{attr}")
        button.setText("✕")
        button.setAutoRaise(True)
        button.setToolTip(self.tr("Clear this filter"))
        button.clicked.connect(clear)
        policy = button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the row does not jump when it shows
        button.setSizePolicy(policy)
        self.clear_buttons[attr] = button
        return button

    def _show_clear_buttons(self) -> None:
        for attr, box in self.filters.items():
            self.clear_buttons[attr].setVisible(box.currentIndex() > 0)
        self.clear_all_button.setEnabled(self.current_filter() != Filter())

    def clear_filters(self) -> None:
        """Show the whole list: search, every filter and the years emptied, one query."""
        # Not by blocking the widgets' signals: a line edit's clear button follows them.
        self._clearing = True
        self.search.clear()
        for box in self.filters.values():
            box.setCurrentIndex(0)
            if box.isEditable():  # typing that named no country yet
                _line_edit(box).clear()
        for year_box in (self.year_from, self.year_to):
            if year_box is not None:
                year_box.clear()
        self._clearing = False
        self._filter_chosen()

    def current_filter(self: FilterWidgets) -> Filter:
        f = Filter(text=self.search.text())
        for attr, box in self.filters.items():
            if box.currentData() == IN_FORCE:
                f.in_force = True
            elif box.currentData() is not None:
                setattr(f, attr, [box.currentData()])
        if self.year_from is not None and self.year_to is not None:  # made together
            f.year_from, f.year_to = (
                int(box.text()) if box.text() else None for box in (self.year_from, self.year_to)
            )
        return f

    # -- running the list's query -----------------------------------------------------
    def _filter_edited(self) -> None:
        """Typing (search, years): the query waits for a pause."""
        if not self._clearing:
            self._kept = None  # another list: the place in the old one means nothing there
            self._show_clear_buttons()
            self._debounce.start()

    def _filter_chosen(self) -> None:
        """A filter picked from a list: one change, shown at once."""
        if not self._clearing:
            self._kept = None
            self._show_clear_buttons()
            self._refilter_now()

    def apply_filter(self) -> None:
        """Query the list for the search and filters on the thread pool.

        Each query has a generation number: one superseded while it waited in the pool's
        queue does not run, and only the newest one's result is shown (an older one
        arriving late is dropped).
        """
        self._debounce.stop()
        self._generation += 1
        generation, fetch, emitter = self._generation, self.model.fetch, self._results
        f, order = self.current_filter(), list(self.model.order)
        # The same list read again for another clerk's save is counted to its end before
        # it is shown, so that the clerk's place in it (row 5,000, say) can be kept.
        whole = self._kept is not None

        def work() -> None:
            if generation != self._generation:
                return  # superseded before it started
            try:
                emitter.ready.emit(generation, fetch(f, order, whole=whole))
            except RuntimeError:  # the page closed while querying: nothing to show
                pass

        self._runs.start(work)

    def _show_results(self, generation: int, fetched) -> None:  # noqa: ANN001
        if generation != self._generation:
            return  # superseded
        if fetched.order != self.model.order:  # re-sorted meanwhile: ask again
            self.apply_filter()
            return
        self._shown = generation
        self._install(fetched)

    def wait(self) -> None:
        """Wait for the queries on their way (the window is about to close the register)."""
        self._runs.wait()

    def settle(self) -> None:
        """Put what the search and filters say on screen now, if it is not yet."""
        if self._debounce.isActive() or self._shown != self._generation:
            self._refilter_now()

    def _refilter_now(self) -> None:
        self._debounce.stop()
        self._generation += 1  # whatever is still on its way is superseded
        self._shown = self._generation
        whole = self._kept is not None  # a list read again: the clerk's place is kept
        self._install(self.model.fetch(self.current_filter(), self.model.order, whole=whole))

    def _install(self, fetched) -> None:  # noqa: ANN001 - RecordTableModel.Fetched
        """Put a list read for the newest generation on screen; a long one is counted
        to its end after (on the thread pool), its first rows meanwhile "more than"."""
        kept, self._kept = self._kept, None
        self.model.install(fetched)
        if kept is not None:  # a list read again for another clerk's save
            self._restore_place(kept)
        self.count_changed.emit(self.model.rowCount())
        self._count_the_rest()

    def _count_the_rest(self) -> None:
        """A long list shows its first rows as "more than"; its count follows from the
        thread pool (``_show_count``), unless another list is asked for meanwhile."""
        if self.model.exact:
            return
        generation, f = self._generation, self.model.filter
        count_all, emitter = self.model.count_all, self._results

        def work() -> None:
            if generation != self._generation:
                return  # another list was asked for meanwhile
            try:
                emitter.counted.emit(generation, f, count_all(f))
            except RuntimeError:  # the page closed while counting
                pass

        self._runs.start(work)

    def _show_count(self, generation: int, f: Filter, total: int) -> None:
        if generation == self._generation and self.model.extend(f, total):
            self.count_changed.emit(self.model.rowCount())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.settle()
        return super().eventFilter(watched, event)

    def _search_entered(self) -> None:
        """Enter in the search box: the results at once, the first one selected."""
        self.settle()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def refresh(self) -> None:
        """Read the list again now (after a save), counted to its end: the clerk may be
        deep in it."""
        self.model.refresh()
        self.count_changed.emit(self.model.rowCount())

    def refresh_kept(self) -> None:
        """Read the list again in the background (another clerk saved), keeping the
        clerk's place: the rows selected (the same records, wherever they moved among
        the rows read), the current row and the scroll position."""
        if self._kept is None:
            self._kept = self._place()
        self.apply_filter()

    def _place(self) -> _Place:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        # Ctrl+A on a long list: kept by row number (reading each row's record would read
        # the whole list).
        by_record = len(rows) <= self.model.PAGE_SIZE
        selected = [(r, self.model.record_id(r) if by_record else None) for r in rows]
        current = self.table.currentIndex()
        return _Place(
            selected,
            (current.row(), current.column(), self.model.record_id(current.row()))
            if current.isValid()
            else None,
            self.table.verticalScrollBar().value(),
            self.table.horizontalScrollBar().value(),
        )

    def _restore_place(self, kept: _Place) -> None:
        model = self.model

        def where(row: int, record_id: int | None) -> int | None:
            if record_id is None:
                return row if row < model.rowCount() else None
            if model.record_id(row) == record_id:
                return row
            return model.find_cached(record_id)

        self.table.doItemsLayout()  # the scroll bars' new range, before the value goes back
        self.table.verticalScrollBar().setValue(kept.scroll)
        self.table.horizontalScrollBar().setValue(kept.scroll_x)
        selection = QItemSelection()
        for row, record_id in kept.selected:
            found = where(row, record_id)
            if found is not None:
                selection.select(model.index(found, 0), model.index(found, model.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag
        if kept.current is not None:
            found = where(kept.current[0], kept.current[2])
            if found is not None:
                self.table.selectionModel().setCurrentIndex(
                    model.index(found, kept.current[1]), flags.NoUpdate
                )
        if not selection.isEmpty():
            self.table.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)

    def count_text(self) -> str:
        """What the status bar says of this list: "1 programme", "1 个合作项目"."""
        if not self.model.exact:  # the first rows are counted, the rest on their way
            return more_than(self.model.rowCount() - 1, self.entity, self.lang)
        return count(self.model.rowCount(), self.entity, self.lang)

    def export(self):  # noqa: ANN201 - returns the dialog (an ExportDialog)
        """Export the list as the table shows it (search, filters, sort, visible columns)."""
        from twindesk.ui.dialogs.export_dialog import export_page

        return export_page(self)

    # -- rows -------------------------------------------------------------------------
    def _open(self, row: int) -> None:
        record_id = self.model.record_id(row)
        if record_id is not None:
            self.open_requested.emit(self.entity, record_id)

    def _open_current(self) -> None:
        # A search that came in since the row was chosen replaces the rows, and with them
        # the current row: then nothing opens rather than a row no longer shown.
        self.settle()
        self._open(self.table.currentIndex().row())

    def delete_current(self) -> None:
        self.settle()
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        if len(rows) > 1:
            shown = [self.model.row(row) for row in rows]
            self.delete_many_requested.emit(
                self.entity, {r.id: r.version for r in shown if r is not None}
            )
            return
        record = self.model.row(rows[0] if rows else self.table.currentIndex().row())
        if record is not None:
            self.delete_requested.emit(self.entity, record.id, record.version)

    # -- columns: hide, show, reorder; remembered -------------------------------------
    def _column_menu(self, pos) -> None:  # noqa: ANN001
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for section in range(len(self.model.columns)):
            action = menu.addAction(self.model.headerData(section, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(section))
            action.toggled.connect(lambda on, s=section: self._toggle_column(s, on))
        menu.exec(header.mapToGlobal(pos))

    def _toggle_column(self, section: int, visible: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(section, not visible)
        self.save_columns()

    def _settings_key(self) -> str:
        return f"columns/{self.entity}"

    def save_columns(self) -> None:
        QSettings().setValue(self._settings_key(), self.table.horizontalHeader().saveState())

    def restore_columns(self) -> None:
        state = QSettings().value(self._settings_key())
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
        else:  # no widths of the clerk's yet: fit the columns to their content
            from twindesk.ui.column_widths import fit_columns_when_shown

            fit_columns_when_shown(self.table)
        self.table.horizontalHeader().sectionMoved.connect(lambda *_: self.save_columns())
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.save_columns())
