"""A page listing one kind of record: quick search, filters, the table, its actions."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
    QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget,
)
from sqlalchemy import select

from twindesk.core.columns import CONTINENTS, FILTERS, YEAR_FILTERS  # shared with exports
from twindesk.core.models import VOCABULARIES, Country
from twindesk.core.queries import Filter
from twindesk.core.storage import Register
from twindesk.ui.table_model import RecordTableModel



class ListPage(QWidget):
    """Signals:
        open_requested(entity, record_id): the clerk wants to see a record.
        new_requested(entity): the clerk wants a new record.
        delete_requested(entity, record_id, version)
        delete_many_requested(entity, record_ids): several rows were selected.
        count_changed(count)
    """

    open_requested = Signal(str, int)
    new_requested = Signal(str)
    delete_requested = Signal(str, int, int)
    delete_many_requested = Signal(str, list)
    count_changed = Signal(int)

    def __init__(self, register: Register, entity: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.register, self.entity, self.lang = register, entity, lang
        self.setObjectName(f"{entity}Page")
        self.model = RecordTableModel(register, entity, lang=lang)

        self.search = QLineEdit(self)
        self.search.setObjectName("quickSearch")
        self.search.setPlaceholderText(self.tr("Search by English or Chinese name, pinyin or initials"))
        self.search.setClearButtonEnabled(True)
        # Wait for a pause in typing, so each keystroke does not run a query.
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)

        self.filters: dict[str, QComboBox] = {}
        filter_row = QHBoxLayout()
        for attr, source in FILTERS[entity]:
            box = QComboBox(self)
            box.setObjectName(f"filter_{attr}")
            box.addItem(self._filter_title(attr), None)
            for code, label in self._choices(source):
                box.addItem(label, code)
            box.currentIndexChanged.connect(self.apply_filter)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setMaximumWidth(260)
            self.filters[attr] = box
            filter_row.addWidget(box)
        self.year_from = self.year_to = None
        if entity in YEAR_FILTERS:
            self.year_from, self.year_to = QSpinBox(self), QSpinBox(self)
            for box, name in ((self.year_from, "yearFrom"), (self.year_to, "yearTo")):
                box.setObjectName(name)
                box.setRange(1899, 2100)
                box.setSpecialValueText("—")
                box.setValue(1899)
                box.valueChanged.connect(self._debounce.start)
            filter_row.addWidget(QLabel(self.tr("Years"), self))
            filter_row.addWidget(self.year_from)
            filter_row.addWidget(QLabel("–", self))
            filter_row.addWidget(self.year_to)

        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
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

        open_action = QAction(self.tr("Open"), self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(lambda: self._open(self.table.currentIndex().row()))
        self.table.addAction(open_action)

        self.new_button = QPushButton(self.tr("New"), self)
        self.new_button.setObjectName("newButton")
        self.new_button.clicked.connect(lambda: self.new_requested.emit(self.entity))
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
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

        filter_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.restore_columns()

    # -- filters ----------------------------------------------------------------------
    def _filter_title(self, attr: str) -> str:
        titles = {"countries": self.tr("All countries"), "continents": self.tr("All continents"),
                  "kinds": self.tr("All kinds"), "statuses": self.tr("All statuses"),
                  "levels": self.tr("All levels"), "fields": self.tr("All fields"),
                  "types": self.tr("All types")}
        return titles[attr]

    def _choices(self, source: str) -> list[tuple[str, str]]:
        zh = self.lang == "zh"
        if source == "continent":
            return [(code, names[1] if zh else names[0]) for code, names in CONTINENTS.items()]
        with self.register.read() as s:
            if source == "country":
                rows = s.execute(select(Country.code, Country.name_en, Country.name_zh)
                                 .where(Country.historic.is_(False))
                                 .order_by(Country.name_zh if zh else Country.name_en)).all()
                return [(c, zh_name if zh else en) for c, en, zh_name in rows]
            model = VOCABULARIES[source]
            rows = s.execute(select(model.code, model.label_en, model.label_zh)
                             .order_by(model.sort_order)).all()
            return [(c, zh_label if zh else en) for c, en, zh_label in rows]

    def current_filter(self) -> Filter:
        f = Filter(text=self.search.text())
        for attr, box in self.filters.items():
            if box.currentData() is not None:
                setattr(f, attr, [box.currentData()])
        if self.year_from is not None:
            f.year_from = self.year_from.value() if self.year_from.value() > 1899 else None
            f.year_to = self.year_to.value() if self.year_to.value() > 1899 else None
        return f

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self.count_changed.emit(self.model.rowCount())

    def refresh(self) -> None:
        self.model.refresh()
        self.count_changed.emit(self.model.rowCount())

    def export(self):  # noqa: ANN201 - returns the dialog (an ExportDialog)
        """Export the list as the table shows it (search, filters, sort, visible columns)."""
        from twindesk.ui.export_dialog import export_page

        return export_page(self)

    # -- rows -------------------------------------------------------------------------
    def _open(self, row: int) -> None:
        record_id = self.model.record_id(row)
        if record_id is not None:
            self.open_requested.emit(self.entity, record_id)

    def delete_current(self) -> None:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        if len(rows) > 1:
            ids = [self.model.record_id(row) for row in rows]
            self.delete_many_requested.emit(self.entity, [i for i in ids if i is not None])
            return
        record = self.model.row(rows[0] if rows else self.table.currentIndex().row())
        if record is not None:
            self.delete_requested.emit(self.entity, record.id, record.version)

    # -- columns: hide, show, reorder; remembered -------------------------------------
    def _column_menu(self, pos) -> None:  # noqa: ANN001
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for section, column in enumerate(self.model.columns):
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
        self.table.horizontalHeader().sectionMoved.connect(lambda *_: self.save_columns())
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.save_columns())
