"""The spreadsheet import wizard, and the list of past imports that can be undone.

Pages: file, sheet, header row, mapping, preview and validation, duplicates, commit,
summary. Each page drives one step of :class:`SpreadsheetImport` (the core, no Qt);
reading a sheet, validating, committing and undoing run on the thread pool through a
:class:`Runner` with progress and cancel. Nothing is written before the commit page,
and the commit is one transaction, so a cancel leaves the register as it was.

The preview and the duplicates list are table models over the plan's rows: a file of
100,000 rows makes no widget per row (the action editor exists only while editing).
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel, QMimeData, QModelIndex, Qt, QThreadPool, Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
    QFileDialog, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QProgressBar, QPushButton,
    QRadioButton, QScrollArea, QSpinBox, QSplitter, QStyledItemDelegate, QTableView, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget, QWizard, QWizardPage,
)
from sqlalchemy import select

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import count, number, translate
from twindesk.core.models import PairingKind
from twindesk.core.spreadsheets import (
    ImportOptions, SpreadsheetImport, list_imports, list_presets, load_preset,
    save_preset, save_rejected, undo_import,
)
from twindesk.core.spreadsheets import mapping as mapping_mod
from twindesk.core.spreadsheets.importing import Plan, RowPlan
from twindesk.core.spreadsheets.places import PlaceIndex
from twindesk.core.spreadsheets.recognition import Recognition
from twindesk.core.spreadsheets.layout import Layout
from twindesk.core.spreadsheets.mapping import IGNORE, Mapping, field_label
from twindesk.core.storage import Register
from twindesk.ui.worker import Task

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
HEADER_PREVIEW_ROWS = 40
COLOURS = {"warning": QColor("#fff1b8"), "error": QColor("#ffd0d0")}
HEADER_COLOUR = QColor("#d6e4ff")


def importable_paths(mime: QMimeData) -> list[Path]:
    """The local spreadsheet files among what is being dragged or dropped."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in SUFFIXES]


def cell_text(value: Any) -> str:
    """A cell as the clerk typed it: 1979.0 shows as 1979, a date cell as 1979-03-14."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def fit_columns(view: QTableView, *, rows: int = 60, maximum: int = 400) -> None:
    """Widen each column to its header and its first ``rows`` rows, at most ``maximum`` px.

    QTableView.resizeColumnsToContents() asks the model for up to 1,000 rows of every
    column and every role: half a second on the GUI thread for a plan's preview.
    """
    model = view.model()
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    pad = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 16
    for col in range(model.columnCount()):
        texts = [str(model.headerData(col, Qt.Orientation.Horizontal) or "")]
        texts += [str(model.index(row, col).data() or "")
                  for row in range(min(rows, model.rowCount()))]
        width = max(metrics.horizontalAdvance(t.split("\n", 1)[0]) for t in texts) + pad
        header.resizeSection(col, min(max(width, 40), maximum))


# --------------------------------------------------------------------------- background steps
class Runner(QWidget):
    """A progress bar, a status line and a Cancel button for one background step.

    Signals: done(result), failed(error); a cancel arrives as failed(ImportCancelled).
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.task: Task | None = None
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelStep")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status, 2)

    @property
    def running(self) -> bool:
        return self.task is not None

    def run(self, work: Callable, text: str) -> None:
        self.task = Task(work, self)
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.status.setText(text)
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(done * 1000 // max(total, 1))

    def _stop(self) -> None:
        self.task = None
        self.bar.setVisible(False)
        self.cancel_button.setVisible(False)

    def _finished(self, result: Any) -> None:
        self._stop()
        self.status.clear()
        self.done.emit(result)

    def _failed(self, error: Exception) -> None:
        self._stop()
        if isinstance(error, TwinDeskError):
            self.status.setText(error.message(self.lang))
        else:
            self.status.setText(self.tr("Something went wrong: %1").replace("%1", str(error)))
        self.failed.emit(error)


# --------------------------------------------------------------------------- table models
class SheetRowsModel(QAbstractTableModel):
    """The first rows of a sheet as they are, with the header row(s) highlighted."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.rows: list[list[Any]] = []
        self.width = 0
        self.header_rows: set[int] = set()

    def set_rows(self, rows: list[list[Any]], header_rows: list[int]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.width = max((len(r) for r in rows), default=0)
        self.header_rows = set(header_rows)
        self.endResetModel()

    def set_header_rows(self, header_rows: list[int]) -> None:
        self.header_rows = set(header_rows)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.width - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802, B008
        return 0 if parent.isValid() else self.width

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            row = self.rows[index.row()]
            return cell_text(row[index.column()]) if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self.header_rows:
            return HEADER_COLOUR
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201, N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)  # the sheet's own row numbers
        from twindesk.core.spreadsheets.layout import column_letter

        return column_letter(section)


class PlanModel(QAbstractTableModel):
    """The validated rows: row number, status, what commit will do, the cells, the problems.

    ``set_filter`` shows only rows of one status and/or with one kind of problem; rows are
    looked up by index, so a plan of 100,000 rows costs nothing until the view paints a row.
    """

    def __init__(self, lang: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.lang = lang
        self.plan: Plan | None = None
        self.shown: list[int] = []
        self.status_filter = ""
        self.kind_filter = ""
        self.fixed = [self.tr("Row"), self.tr("Status"), self.tr("Action")]
        self.status_labels = {"ok": self.tr("OK"), "warning": self.tr("Warning"),
                              "error": self.tr("Error")}
        self.action_labels = {"insert": self.tr("Add"), "update": self.tr("Update"),
                              "skip": self.tr("Skip"), "reject": self.tr("Reject")}

    def set_plan(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self.plan = plan
        self._select()
        self.endResetModel()

    def set_filter(self, status: str | None = None, kind: str | None = None) -> None:
        """Filter by ``status`` and ``kind`` ("" for any; None leaves that filter as it is)."""
        self.beginResetModel()
        if status is not None:
            self.status_filter = status
        if kind is not None:
            self.kind_filter = kind
        self._select()
        self.endResetModel()

    def _select(self) -> None:
        rows = self.plan.rows if self.plan is not None else []
        status, kind = self.status_filter, self.kind_filter
        if status or kind:
            self.shown = [i for i, r in enumerate(rows)
                          if (not status or r.status == status)
                          and (not kind or any(p.kind == kind for p in r.problems))]
        else:
            self.shown = list(range(len(rows)))

    def row_plan(self, row: int) -> RowPlan:
        return self.plan.rows[self.shown[row]]

    def find_sheet_row(self, sheet_row: int) -> int | None:
        """The model row showing sheet row ``sheet_row`` (1-based), if it is shown."""
        for n, i in enumerate(self.shown):
            if self.plan.rows[i].row == sheet_row:
                return n
        return None

    @property
    def width(self) -> int:
        return self.plan.layout.width if self.plan is not None else 0

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802, B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802, B008
        return 0 if parent.isValid() or self.plan is None else len(self.fixed) + self.width + 1

    ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
             Qt.ItemDataRole.ToolTipRole)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        # The view asks for a dozen roles per cell it paints: answer the others at once.
        if role not in self.ROLES or self.plan is None or not index.isValid():
            return None
        r = self.row_plan(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.row
            if col == 1:
                return self.status_labels[r.status]
            if col == 2:
                return self.action_labels.get(r.action, r.action)
            cell = col - len(self.fixed)
            if cell < self.width:
                return cell_text(r.cells[cell]) if cell < len(r.cells) else ""
            return r.reasons(self.lang, errors_only=False)
        if role == Qt.ItemDataRole.BackgroundRole:
            return COLOURS.get(r.status)
        if role == Qt.ItemDataRole.ToolTipRole and r.problems:
            return "\n".join(p.message(self.lang) for p in r.problems)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201, N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal \
                or self.plan is None:
            return None
        if section < len(self.fixed):
            return self.fixed[section]
        cell = section - len(self.fixed)
        if cell < self.width:
            return self.plan.layout.column_label(cell)
        return self.tr("Problems")


ACTIONS = ("skip", "update", "keep")


class DuplicatesModel(QAbstractTableModel):
    """Rows that repeat a register record or an earlier row, with the action chosen for each."""

    ACTION_COLUMN = 4

    def __init__(self, wizard: "ImportWizard", parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.wizard = wizard
        self.rows: list[RowPlan] = []
        self.headers = [self.tr("Row"), self.tr("Same as"), self.tr("In the file"),
                        self.tr("Would change (now → file)"), self.tr("Action")]
        self.labels = {"skip": self.tr("Skip"), "update": self.tr("Update"),
                       "keep": self.tr("Keep both")}

    def set_plan(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self.rows = [r for r in plan.rows if r.duplicate_of is not None] if plan else []
        self.endResetModel()

    def action(self, r: RowPlan) -> str:
        return self.wizard.row_actions.get(r.row, self.wizard.on_duplicate)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def flags(self, index):  # noqa: ANN001, ANN201
        flags = super().flags(index)
        if index.isValid() and index.column() == self.ACTION_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        lang = self.wizard.lang
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.row
            if col == 1:
                where, ref = r.duplicate_of
                if where == "row":
                    return self.tr("row %1").replace("%1", str(ref))
                return f"{translate('entity.' + self.wizard.plan.target, lang)} #{ref}"
            if col == 2:
                return " · ".join(cell_text(c) for c in r.cells if c is not None)
            if col == 3:
                return self.changes(r, short=True)
            return self.labels[self.action(r)]
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return self.changes(r)
        if role == Qt.ItemDataRole.EditRole and col == self.ACTION_COLUMN:
            return self.action(r)
        return None

    def changes(self, r: RowPlan, *, short: bool = False) -> str:
        """What an update with row ``r`` would change: on one line (``short``, long values
        cut), or one field a line."""
        lines = self.wizard.plan.change_lines(r, self.wizard.lang)
        if not lines:
            return self.tr("Nothing would change")
        if short:
            cut = lambda text: text if len(text) <= 24 else text[:23] + "…"  # noqa: E731
            return self.tr("; ").join(self.tr("%1: %2 → %3").replace("%1", name)
                                      .replace("%2", cut(old)).replace("%3", cut(new))
                                      for name, old, new in lines)
        return "\n".join(self.tr("%1: %2 → %3").replace("%1", name).replace("%2", old)
                         .replace("%3", new) for name, old, new in lines)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: ANN001, N802
        if not index.isValid() or index.column() != self.ACTION_COLUMN or value not in ACTIONS:
            return False
        r = self.rows[index.row()]
        if value != self.action(r):
            self.wizard.row_actions[r.row] = value
            self.wizard.duplicates_dirty = True
            self.dataChanged.emit(index, index)
        return True

    def set_all(self, action: str) -> None:
        self.wizard.on_duplicate = action
        self.wizard.row_actions.clear()
        self.wizard.duplicates_dirty = True
        if self.rows:
            self.dataChanged.emit(self.index(0, self.ACTION_COLUMN),
                                  self.index(len(self.rows) - 1, self.ACTION_COLUMN))

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201, N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ActionDelegate(QStyledItemDelegate):
    """A combo box for the action column, made only while a cell is being edited."""

    def __init__(self, labels: dict[str, str], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.labels = labels

    def createEditor(self, parent, option, index):  # noqa: ANN001, ANN201, N802
        combo = QComboBox(parent)
        combo.setObjectName("actionEditor")
        for code in ACTIONS:
            combo.addItem(self.labels[code], code)
        # A choice counts at once; no need to leave the cell first.
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor, index) -> None:  # noqa: ANN001, N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:  # noqa: ANN001, N802
        model.setData(index, editor.currentData())


# --------------------------------------------------------------------------- pages
class FilePage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(self.tr("Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) or CSV. "
                                 "Nothing is written to the register before the last step."))
        self.path = QLineEdit(self)
        self.path.setObjectName("path")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self.browse)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.runner = Runner(wizard.lang, self)  # reads a file's only sheet
        self.runner.done.connect(wizard.sheet_read)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.runner)

    def browse(self) -> None:
        pattern = " ".join(f"*{s}" for s in SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a spreadsheet"), self.path.text(),
            self.tr("Spreadsheets (%1);;All files (*)").replace("%1", pattern))
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        try:
            wizard.open_file(Path(self.path.text().strip()))
        except TwinDeskError as err:
            self.error.setText(err.message(wizard.lang))
            return False
        self.error.clear()
        names = wizard.imp.sheet_names
        # A CSV (or a workbook of one sheet) has nothing to choose: read it from here.
        return len(names) != 1 or wizard.read_sheet(self.runner, names[0])

    def nextId(self) -> int:  # noqa: N802
        imp = self.wizard().imp
        if imp is not None and len(imp.sheet_names) == 1:
            return ImportWizard.PAGE_HEADER
        return ImportWizard.PAGE_SHEET


class SheetPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose a sheet"))
        self.sheets = QListWidget(self)
        self.sheets.setObjectName("sheets")
        self.sheets.itemDoubleClicked.connect(lambda _item: self.wizard().next())
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(wizard.sheet_read)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheets, 1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        self.sheets.clear()
        hidden = getattr(wizard.imp.workbook, "_hidden_sheets", set())
        for name in wizard.imp.sheet_names:
            label = name + (" " + self.tr("(hidden)") if name in hidden else "")
            item = QListWidgetItem(label, self.sheets)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self.sheets.setCurrentRow(0)

    def chosen(self) -> str:
        item = self.sheets.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else self.wizard().imp.sheet_names[0]

    def validatePage(self) -> bool:  # noqa: N802
        return self.wizard().read_sheet(self.runner, self.chosen())


class HeaderPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Header row"))
        self.setSubTitle(self.tr("The row with the column names is highlighted. If it is not the "
                                 "right one, click the right row or change the number."))
        self.model = SheetRowsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("rows")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.clicked.connect(lambda index: self.row.setValue(index.row() + 1))
        self.row = QSpinBox(self)
        self.row.setObjectName("headerRow")
        self.two_rows = QCheckBox(self.tr("The header has two rows"), self)
        self.two_rows.setObjectName("twoRows")
        self.info = QLabel(self)
        self.info.setObjectName("layoutInfo")
        self.info.setWordWrap(True)
        self._loading = False
        self.row.valueChanged.connect(self._changed)
        self.two_rows.toggled.connect(self._changed)
        form = QFormLayout()
        form.addRow(self.tr("Header row"), self.row)
        form.addRow("", self.two_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.info)

    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        sheet = wizard.imp.workbook.sheet(wizard.sheet_name)
        self._loading = True
        self.row.setRange(1, max(1, min(len(sheet.rows), 1000)))
        self.row.setValue(wizard.layout.header_rows[0] + 1 if wizard.layout.header_rows else 1)
        self.two_rows.setChecked(len(wizard.layout.header_rows) == 2)
        self._loading = False
        self.model.set_rows(sheet.rows[:max(HEADER_PREVIEW_ROWS, self.row.value() + 5)],
                            wizard.layout.header_rows)
        self._describe()

    def _changed(self) -> None:
        if self._loading:
            return
        wizard: ImportWizard = self.wizard()
        layout = wizard.imp.layout(wizard.sheet_name, header_row=self.row.value() - 1,
                                   header_height=2 if self.two_rows.isChecked() else 1)
        wizard.set_layout(layout)
        self.model.set_header_rows(layout.header_rows)
        self._describe()

    def _describe(self) -> None:
        layout: Layout = self.wizard().layout
        text = self.tr("Data: rows %1 to %2.").replace("%1", str(layout.data_start + 1)) \
            .replace("%2", str(layout.data_end))
        if layout.footer_rows:
            text += " " + self.tr("Left out at the bottom (totals, notes): rows %1.").replace(
                "%1", ", ".join(str(r + 1) for r in layout.footer_rows))
        self.info.setText(text)


class MappingPage(QWizardPage):
    """Which column feeds which field; presets; unmapped columns; the local side and kind."""

    NOT_MAPPED = ""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(self.tr("Say what each column holds. The suggestion comes from the "
                                 "column names and what the cells hold; change any of it."))
        lang = wizard.lang
        self.target = QComboBox(self)
        self.target.setObjectName("target")
        for code in mapping_mod.TARGETS:
            self.target.addItem(translate(f"entity.{code}", lang), code)
        self.target.activated.connect(self._target_changed)
        self.preset = QComboBox(self)
        self.preset.setObjectName("preset")
        self.preset.activated.connect(self._preset_chosen)
        self.preset_name = QLineEdit(self)
        self.preset_name.setObjectName("presetName")
        self.preset_name.setPlaceholderText(self.tr("Name for this mapping"))
        self.save_preset_button = QPushButton(self.tr("Save as preset"), self)
        self.save_preset_button.setObjectName("savePreset")
        self.save_preset_button.clicked.connect(self.save_preset)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("columns")
        self.table.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Examples"),
                                              self.tr("Field"), self.tr("Why")])
        self.doubtful: set[int] = set()
        self._confirmed = False
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.keep_notes = QRadioButton(self.tr("Keep them in the notes"), self)
        self.keep_notes.setObjectName("keepNotes")
        self.ignore = QRadioButton(self.tr("Ignore them"), self)
        self.ignore.setObjectName("ignoreUnmapped")
        group = QButtonGroup(self)
        group.addButton(self.keep_notes)
        group.addButton(self.ignore)
        self.keep_notes.setChecked(True)
        self.local = QLineEdit(self)
        self.local.setObjectName("local")
        self.local.setPlaceholderText(self.tr("e.g. 上海 or Shanghai, when the file names only the partner"))
        self.local.textChanged.connect(lambda _t: self._ask_local())
        # Asked on the page itself when no column gives the local side, not after Next.
        self.local_hint = QLabel(self)
        self.local_hint.setObjectName("localHint")
        self.local_hint.setWordWrap(True)
        self.local_hint.setStyleSheet("color: #8a5300;")
        self.local_hint.setVisible(False)
        self.kind = QComboBox(self)
        self.kind.setObjectName("defaultKind")
        with wizard.register.connect() as conn:
            t = PairingKind.__table__
            for code, en, zh in conn.execute(select(t.c.code, t.c.label_en, t.c.label_zh)):
                self.kind.addItem(zh or en if lang == "zh" else en or zh, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData("sister_city")))
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.combos: list[QComboBox] = []
        self._headers: list[str] | None = None

        top = QFormLayout()
        top.addRow(self.tr("Import as"), self.target)
        presets = QHBoxLayout()
        presets.addWidget(self.preset, 1)
        presets.addWidget(self.preset_name, 1)
        presets.addWidget(self.save_preset_button)
        top.addRow(self.tr("Preset"), presets)
        unmapped = QHBoxLayout()
        unmapped.addWidget(self.keep_notes)
        unmapped.addWidget(self.ignore)
        unmapped.addStretch(1)
        bottom = QFormLayout()
        bottom.addRow(self.tr("Columns left unmapped"), unmapped)
        local = QVBoxLayout()  # the question right under the field it is about
        local.setSpacing(2)
        local.addWidget(self.local)
        local.addWidget(self.local_hint)
        bottom.addRow(self.tr("Local side for the whole file"), local)
        bottom.addRow(self.tr("Kind when the file does not say"), self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

    # -- filling -------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        layout = wizard.layout
        self._fill_presets()
        if wizard.mapping is not None and self._headers == layout.headers:
            return  # back and forth without a change: keep the clerk's edits
        self._headers = list(layout.headers)
        preset = wizard.imp.preset_for(layout)
        if preset is not None:
            self.preset.setCurrentIndex(max(0, self.preset.findData(preset.name)))
            self._use_preset_options(preset.options)
            mapping = preset.apply(layout.headers)
        else:
            self.preset.setCurrentIndex(0)
            recognition = wizard.imp.recognise(layout, local_given=bool(self.local.text().strip()))
            if not self.local.text().strip() and recognition.mapping.target == "pairing" and \
                    not recognition.mapping.names_local_side() and self._own_place():
                # The file names only partners: the register's own place is the local side,
                # shown in the field for the clerk to keep or change.
                self.local.setText(self._own_place())
                recognition = wizard.imp.recognise(layout, local_given=True)
            self._show(recognition.mapping, recognition)
            return
        self._show(mapping)

    def _own_place(self) -> str:
        """The name of the register's own place (set on the welcome screen), or ""."""
        from twindesk.core.models import Place
        from twindesk.core.places import own_place

        register = self.wizard().register
        own = own_place(register)
        if own is None:
            return ""
        with register.read() as s:
            place = s.get(Place, own)
            return (place.name_zh or place.name_en) if self.wizard().lang == "zh" else \
                (place.name_en or place.name_zh)

    def _fill_presets(self) -> None:
        current = self.preset.currentData()
        self.preset.clear()
        self.preset.addItem(self.tr("(no preset)"), "")
        with self.wizard().register.connect() as conn:
            for name in list_presets(conn):
                self.preset.addItem(name, name)
        self.preset.setCurrentIndex(max(0, self.preset.findData(current)))

    def _show(self, mapping: Mapping, recognition: Recognition | None = None) -> None:
        """Fill the columns table; with a ``recognition``, say why each column was read
        as it was, and mark the doubtful ones, which the clerk must look at."""
        wizard: ImportWizard = self.wizard()
        layout = wizard.layout
        lang = wizard.lang
        guesses = {g.column: g for g in recognition.columns} if recognition else {}
        self.doubtful = set(recognition.doubtful_columns()) if recognition else set()
        self._confirmed = False
        self.target.setCurrentIndex(self.target.findData(mapping.target))
        (self.keep_notes if mapping.unmapped == "notes" else self.ignore).setChecked(True)
        examples = wizard.imp.column_examples(layout)
        self.table.setRowCount(layout.width)
        self.combos = []
        for col in range(layout.width):
            label = layout.column_label(col)
            if col in layout.hidden_columns:
                label += " " + self.tr("(hidden)")
            self.table.setItem(col, 0, QTableWidgetItem(label))
            sample = " | ".join(cell_text(v) for v in examples[col])
            self.table.setItem(col, 1, QTableWidgetItem(sample))
            combo = QComboBox(self.table)
            combo.setObjectName(f"field{col}")
            combo.addItem(self.tr("—"), self.NOT_MAPPED)
            combo.addItem(field_label(IGNORE, lang), IGNORE)
            for name in mapping_mod.TARGET_FIELDS[mapping.target]:
                combo.addItem(field_label(name, lang), name)
            combo.setCurrentIndex(max(0, combo.findData(mapping.columns.get(col, self.NOT_MAPPED))))
            combo.currentIndexChanged.connect(lambda _i: self._ask_local())
            self.table.setCellWidget(col, 2, combo)
            self.combos.append(combo)
            self.table.setItem(col, 3, self._why(guesses.get(col), col in self.doubtful, lang))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.table.resizeColumnToContents(3)
        if self.doubtful:
            self.message.setText(self.tr("Columns TwinDesk is not sure of are marked below (%n): "
                                         "check what they hold before going on.", "", len(self.doubtful)))
        else:
            self.message.clear()
        self._ask_local()

    def _ask_local(self) -> None:
        """Show the question for the local side while no column and no text gives it."""
        if not self.combos:
            return
        mapping = self.mapping()
        needed = mapping.target == "pairing" and not mapping.names_local_side() \
            and not self.local.text().strip()
        self.local_hint.setText(translate("import.local.missing_wizard", self.wizard().lang)
                                if needed else "")
        self.local_hint.setVisible(needed)

    def _why(self, guess, doubtful: bool, lang: str) -> QTableWidgetItem:  # noqa: ANN001
        if guess is None:
            return QTableWidgetItem("")
        reason = translate(f"import.reason.{guess.reason}", lang, share=f"{round(guess.share * 100)}%")
        text = self.tr("%1 (confidence %2)").replace("%1", reason).replace("%2", f"{guess.confidence:.0%}")
        item = QTableWidgetItem(("⚠ " + self.tr("Unsure:") + " " + text) if doubtful else text)
        if doubtful:
            item.setBackground(QColor("#fff3cd"))
        item.setToolTip(text)
        return item

    def _use_preset_options(self, options: dict) -> None:
        if options.get("local"):
            self.local.setText(str(options["local"]))
        if options.get("default_kind"):
            self.kind.setCurrentIndex(max(0, self.kind.findData(options["default_kind"])))

    def _target_changed(self) -> None:
        wizard = self.wizard()
        recognition = wizard.imp.recognise(wizard.layout, self.target.currentData(),
                                           local_given=bool(self.local.text().strip()))
        self._show(recognition.mapping, recognition)

    def _preset_chosen(self) -> None:
        name = self.preset.currentData()
        if not name:
            return
        with self.wizard().register.connect() as conn:
            preset = load_preset(conn, name)
        self._use_preset_options(preset.options)
        self._show(preset.apply(self.wizard().layout.headers))

    # -- reading -------------------------------------------------------------------------
    def mapping(self) -> Mapping:
        columns = {col: combo.currentData() for col, combo in enumerate(self.combos)
                   if combo.currentData() != self.NOT_MAPPED}
        return Mapping(self.target.currentData(), columns,
                       "notes" if self.keep_notes.isChecked() else "ignore")

    def set_field(self, col: int, name: str) -> None:
        """Map column ``col`` (0-based) to field ``name`` (a test's and a script's way in)."""
        combo = self.combos[col]
        combo.setCurrentIndex(combo.findData(name))

    def save_preset(self) -> None:
        wizard: ImportWizard = self.wizard()
        name = self.preset_name.text().strip()
        try:
            with wizard.register.connect(write=True) as conn:
                save_preset(conn, name, wizard.layout.headers, self.mapping(),
                            {"local": self.local.text().strip(), "default_kind": self.kind.currentData()})
        except TwinDeskError as err:
            self.message.setText(err.message(wizard.lang))
            return
        self._fill_presets()
        self.preset.setCurrentIndex(self.preset.findData(name))
        self.preset_name.clear()
        self.message.setText(self.tr("Saved the preset “%1”.").replace("%1", name))

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        mapping = self.mapping()
        for group in mapping_mod.missing_groups(mapping):
            self.message.setText(translate("import.mapping.missing", wizard.lang,
                                           field=f"import.field.{group[0]}"))
            return False
        local = self.local.text().strip()
        if mapping.target == "pairing" and not local and not mapping.names_local_side():
            self._ask_local()  # the question beside the field, which gets the cursor
            self.local.setFocus()
            return False
        if self.doubtful and not self._confirmed:
            # The first Next shows what to check; the second, after a look, goes on.
            self._confirmed = True
            self.table.setCurrentCell(min(self.doubtful), 2)
            self.message.setText(self.tr("Check the columns marked “Unsure”, change any that are "
                                         "wrong, then press Next again."))
            return False
        self.message.clear()
        create_local = bool(local) and not local.isdigit() and not self._local_exists(local)
        if create_local and QMessageBox.question(
                self, self.tr("Local side"),
                self.tr("There is no place “%1” in the register. Create it as the local side of "
                        "this file?").replace("%1", local),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            self.local.setFocus()
            return False
        wizard.set_mapping(mapping, local=int(local) if local.isdigit() else (local or None),
                           default_kind=self.kind.currentData(), create_local=create_local)
        return True

    def _local_exists(self, name: str) -> bool:
        with self.wizard().register.connect() as conn:
            return bool(PlaceIndex.load(conn).candidates([name], None))


class PreviewPage(QWizardPage):
    """Every row checked, coloured, with its problems; questions the clerk must answer."""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Check the rows"))
        self.setSubTitle(self.tr("Nothing has been written yet. Rows in red will not be "
                                 "imported; rows in yellow will, but deserve a look."))
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._validated)
        self.runner.failed.connect(self._failed)
        self.filter = QComboBox(self)
        self.filter.setObjectName("filter")
        for label, code in ((self.tr("All rows"), ""), (self.tr("Errors"), "error"),
                            (self.tr("Warnings"), "warning"), (self.tr("OK"), "ok")):
            self.filter.addItem(label, code)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(status=self.filter.currentData()))
        # The kinds of problem present, with how many rows have each (filled per plan).
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind.setToolTip(self.tr("Show only the rows with this kind of problem"))
        self.kind.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(kind=self.kind.currentData() or ""))
        self.counts = QLabel(self)
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self.model = PlanModel(wizard.lang, self)
        self.table = QTableView(self)
        self.table.setObjectName("plan")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._show_problems)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("details")
        self.details.setReadOnly(True)
        self.questions = QGroupBox(self.tr("Questions only you can answer"), self)
        self.questions.setObjectName("questions")
        self.question_form = QFormLayout(self.questions)
        self.question_combos: list[tuple[Any, QComboBox]] = []
        # Many places to resolve make many rows: they scroll, the table stays in view.
        self.questions_area = QScrollArea(self)
        self.questions_area.setWidget(self.questions)
        self.questions_area.setWidgetResizable(True)
        self.questions_area.setFrameShape(QFrame.Shape.NoFrame)
        self.questions_area.setMaximumHeight(240)
        self.questions_area.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show"), self))
        top.addWidget(self.filter)
        top.addWidget(self.kind)
        top.addWidget(self.counts, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.questions_area)
        layout.addWidget(split, 1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:  # noqa: N802
        self.validate()

    def validate(self) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.plan = None
        self.model.set_plan(None)
        self.details.clear()
        imp, options = wizard.imp, wizard.options()
        self.runner.run(lambda p, c: imp.validate(options, progress=p, cancelled=c),
                        self.tr("Checking every row…"))
        self.completeChanged.emit()

    def _validated(self, plan: Plan) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.plan = plan
        wizard.duplicates_dirty = False
        self.model.set_plan(plan)
        self._fill_kinds(plan)
        fit_columns(self.table, maximum=600)
        counts = plan.counts()
        errors = sum(1 for r in plan.rows if r.status == "error")
        self.counts.setText(
            self.tr("%1: %2 to add, %3 to update, %4 skipped, %5 with errors (not imported), "
                    "%6 with warnings; new places: %7.")
            .replace("%1", count(len(plan.rows), "row", wizard.lang))
            .replace("%2", number(counts["insert"])).replace("%3", number(counts["update"]))
            .replace("%4", number(counts["skip"])).replace("%5", number(errors))
            .replace("%6", number(counts["warning"])).replace("%7", number(counts["places"])))
        self._show_questions(plan)
        self.completeChanged.emit()
        if self._pending_next:
            self._pending_next = False
            if not plan.questions:
                wizard.next()

    _pending_next = False  # the clerk clicked Next with answers: go on once they are checked

    def _fill_kinds(self, plan: Plan) -> None:
        """The kinds of problem in ``plan`` with their row counts; the one chosen stays
        chosen when it is still there."""
        lang = self.wizard().lang
        current = self.kind.currentData() or ""
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds of problem"), "")
        for kind, rows in plan.kind_counts().items():
            self.kind.addItem(self.tr("%1 (%2)").replace("%1", translate(f"import.kind.{kind}", lang))
                              .replace("%2", f"{rows:,}"), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        self.model.set_filter(kind=self.kind.currentData() or "")

    def _failed(self, _error: Exception) -> None:
        self._pending_next = False
        self.completeChanged.emit()

    def _show_questions(self, plan: Plan) -> None:
        while self.question_form.rowCount():
            self.question_form.removeRow(0)
        self.question_combos = []
        lang = self.wizard().lang
        # A list of new towns may ask about thousands of places: the first few are shown
        # one by one, the rest are answered together ("Create every place not found").
        new_places = [q for q in plan.questions if q.kind == "new_place"]
        shown = [q for q in plan.questions if q.kind != "new_place"] + new_places[:self.SHOWN_PLACES]
        for q in shown:
            combo = QComboBox(self.questions)
            combo.setObjectName(f"question:{q.key}")
            combo.addItem(self.tr("— choose —"), None)
            for value, labels in q.choices:
                combo.addItem(labels[1] if lang == "zh" else labels[0], value)
            combo.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
            label = QLabel(q.prompt(lang) + " " + self.tr("(rows %1)").replace(
                "%1", ", ".join(str(r) for r in q.rows[:12]) + ("…" if len(q.rows) > 12 else "")))
            label.setWordWrap(True)
            self.question_form.addRow(label, combo)
            self.question_combos.append((q, combo))
        hidden = len(new_places) - self.SHOWN_PLACES
        if hidden > 0:
            more = QLabel(self.tr("…and %1 more places not found in the register or the gazetteer.")
                          .replace("%1", f"{hidden:,}"), self.questions)
            more.setObjectName("more_places")
            self.question_form.addRow(more)
        if len(new_places) > 1:
            create_all = QPushButton(self.tr("Create every place not found as a new place"),
                                     self.questions)
            create_all.setObjectName("create_all_places")
            create_all.clicked.connect(self._create_all_places)
            self.question_form.addRow(create_all)
        self.questions_area.setVisible(bool(plan.questions))

    SHOWN_PLACES = 30

    def _create_all_places(self) -> None:
        """The clerk's answer for every place asked about that is still open, shown or
        not: a new place."""
        self.wizard().create_places = True
        for q, combo in self.question_combos:
            if q.kind == "new_place" and combo.currentData() is None:
                combo.setCurrentIndex(combo.findData("new"))
        self.completeChanged.emit()

    def _show_problems(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        r = self.model.row_plan(current.row())
        lang = self.wizard().lang
        self.details.setPlainText("\n".join(p.message(lang) for p in r.problems)
                                  or self.tr("No problems in this row."))

    def select_sheet_row(self, sheet_row: int) -> bool:
        """Select the row showing sheet row ``sheet_row``; False when it is not shown."""
        row = self.model.find_sheet_row(sheet_row)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def isComplete(self) -> bool:  # noqa: N802
        wizard = self.wizard()
        if self.runner.running or wizard.plan is None:
            return False
        hidden = sum(q.kind == "new_place" for q in wizard.plan.questions) > self.SHOWN_PLACES
        return all(combo.currentData() is not None for _q, combo in self.question_combos) and \
            (not hidden or wizard.create_places)

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        if not self.question_combos:
            return True
        for q, combo in self.question_combos:
            if q.kind == "dayfirst":
                wizard.dayfirst[q.key] = bool(combo.currentData())
            else:
                wizard.place_choices[q.key] = combo.currentData()
        self._pending_next = True
        self.validate()
        return False

    def nextId(self) -> int:  # noqa: N802
        plan = self.wizard().plan
        if plan is not None and any(r.duplicate_of is not None for r in plan.rows):
            return ImportWizard.PAGE_DUPLICATES
        return ImportWizard.PAGE_COMMIT


class DuplicatesPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Duplicates"))
        self.setSubTitle(self.tr("These rows repeat a record already in the register, or an "
                                 "earlier row of the file. Choose for each, or for all at once."))
        self.model = DuplicatesModel(wizard, self)
        self.table = QTableView(self)
        self.table.setObjectName("duplicates")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(DuplicatesModel.ACTION_COLUMN,
                                            ActionDelegate(self.model.labels, self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)  # one line a row, cut with "…"; the pane below has it all
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._show_changes)
        # The chosen row's changes one field a line: the column cuts long values.
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("changes")
        self.details.setReadOnly(True)
        self.all = QComboBox(self)
        self.all.setObjectName("forAll")
        for code in ACTIONS:
            self.all.addItem(self.model.labels[code], code)
        self.apply_all = QPushButton(self.tr("Apply to all"), self)
        self.apply_all.setObjectName("applyAll")
        self.apply_all.clicked.connect(lambda: self.model.set_all(self.all.currentData()))
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._validated)
        self.runner.failed.connect(lambda _e: self.completeChanged.emit())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("For all rows"), self))
        row.addWidget(self.all)
        row.addWidget(self.apply_all)
        row.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        self.all.setCurrentIndex(self.all.findData(wizard.on_duplicate))
        self.model.set_plan(wizard.plan)
        fit_columns(self.table, maximum=300)
        action = DuplicatesModel.ACTION_COLUMN
        self.table.setColumnWidth(action, max(self.table.columnWidth(action), 140))
        # The first row that would change something, its changes shown below.
        first = next((n for n, r in enumerate(self.model.rows) if r.changes), 0)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(first, 0))

    def _show_changes(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        r = self.model.rows[current.row()]
        self.details.setPlainText(self.tr("Row %1 would change:").replace("%1", str(r.row))
                                  + "\n" + self.model.changes(r)
                                  if r.changes else self.model.changes(r))

    def isComplete(self) -> bool:  # noqa: N802
        return not self.runner.running

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        if not wizard.duplicates_dirty:
            return True
        # The choices change what other rows merge into: plan again with them.
        imp, options = wizard.imp, wizard.options()
        self.runner.run(lambda p, c: imp.validate(options, progress=p, cancelled=c),
                        self.tr("Applying the choices…"))
        self.completeChanged.emit()
        return False

    def _validated(self, plan: Plan) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.plan = plan
        wizard.duplicates_dirty = False
        self.model.set_plan(plan)
        self.completeChanged.emit()
        wizard.next()


class CommitPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("All rows are written in one step: if it is cancelled or fails, "
                                 "the register stays exactly as it was."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._committed)
        self.runner.failed.connect(self._failed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        wizard.result = None
        self.summary.setText(translate("import.summary", wizard.lang, file=wizard.plan.file_name,
                                       sheet=wizard.plan.sheet, **wizard.plan.counts()))

    def isComplete(self) -> bool:  # noqa: N802
        return not self.runner.running

    def validatePage(self) -> bool:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        if wizard.result is not None:
            return True
        if not self.runner.running:
            imp, plan, operator = wizard.imp, wizard.plan, wizard.operator
            self.runner.run(lambda p, c: imp.commit(plan, operator=operator, progress=p, cancelled=c),
                            self.tr("Importing…"))
            wizard.button(QWizard.WizardButton.BackButton).setEnabled(False)
            self.completeChanged.emit()
        return False

    def _committed(self, result) -> None:  # noqa: ANN001
        wizard: ImportWizard = self.wizard()
        wizard.result = result
        self.completeChanged.emit()
        if result.batch_id is not None:
            wizard.imported.emit(result.batch_id)
        wizard.next()

    def _failed(self, error: Exception) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.button(QWizard.WizardButton.BackButton).setEnabled(True)
        self.completeChanged.emit()
        if not isinstance(error, TwinDeskError):
            raise error  # a bug: the application's error handler logs it


class SummaryPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Done"))
        self.setFinalPage(True)
        self.text = QLabel(self)
        self.text.setObjectName("result")
        self.text.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save rejected rows…"), self)
        self.save_button.setObjectName("saveRejected")
        self.save_button.clicked.connect(lambda: self.save_rejected())
        self.undo_button = QPushButton(self.tr("Undo this import"), self)
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(lambda: self.undo())
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._undone)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:  # noqa: N802
        wizard: ImportWizard = self.wizard()
        r = wizard.result
        lines = [self.tr("Added: %1").replace("%1", str(r.inserted)),
                 self.tr("Updated: %1").replace("%1", str(r.updated)),
                 self.tr("Skipped: %1").replace("%1", str(r.skipped)),
                 self.tr("Rejected: %1").replace("%1", str(r.rejected)),
                 self.tr("New places: %1").replace("%1", str(r.places_created))]
        if r.batch_id is None:
            lines.append(translate("import.nothing_written", wizard.lang))
        else:
            lines.append(translate("import.committed", wizard.lang, batch=r.batch_id))
        self.text.setText("\n".join(lines))
        self.save_button.setEnabled(r.rejected > 0)
        self.undo_button.setEnabled(r.batch_id is not None)

    def save_rejected(self, target: str | None = None) -> Path | None:
        wizard: ImportWizard = self.wizard()
        if not target:
            suggested = str(Path(wizard.plan.file_name).with_suffix("")) + "-rejected.xlsx"
            target, _ = QFileDialog.getSaveFileName(self, self.tr("Save rejected rows"), suggested,
                                                    self.tr("Excel workbook (*.xlsx)"))
        if not target:
            return None
        path = Path(target).with_suffix(".xlsx")
        count = save_rejected(wizard.plan, path, lang=wizard.lang)
        self.runner.status.setText(translate("import.rejected_saved", wizard.lang, path=path)
                                   + f" ({count})")
        return path

    def undo(self, *, confirm: bool = True) -> None:
        wizard: ImportWizard = self.wizard()
        batch = wizard.result.batch_id
        if confirm and QMessageBox.question(
                self, self.tr("Undo this import"),
                self.tr("Remove everything import #%1 added and restore what it changed?")
                .replace("%1", str(batch))) != QMessageBox.StandardButton.Yes:
            return
        self.undo_button.setEnabled(False)
        register, operator = wizard.register, wizard.operator
        self.runner.run(lambda _p, _c: undo_import(register, batch, operator=operator),
                        self.tr("Undoing…"))

    def _undone(self, removed: dict) -> None:
        wizard: ImportWizard = self.wizard()
        batch = wizard.result.batch_id
        self.runner.status.setText(translate(
            "import.undo.done", wizard.lang, id=batch, updated=removed.get("updated", 0),
            removed=sum(v for k, v in removed.items() if k != "updated")))
        wizard.undone.emit(batch)


# --------------------------------------------------------------------------- the wizard
class ImportWizard(QWizard):
    """Signals:
        imported(batch_id): an import was committed (the window refreshes).
        undone(batch_id): an import was undone from the summary page.
    """

    imported = Signal(int)
    undone = Signal(int)
    (PAGE_FILE, PAGE_SHEET, PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DUPLICATES,
     PAGE_COMMIT, PAGE_SUMMARY) = range(8)

    def __init__(self, register: Register, *, lang: str, path: Path | str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.register, self.lang = register, lang
        self.operator = getattr(register, "operator", "") or ""
        self.imp: SpreadsheetImport | None = None
        self.sheet_name: str | None = None
        self.layout: Layout | None = None
        self.mapping: Mapping | None = None
        self.local: int | str | None = None
        self.default_kind = "sister_city"
        self.create_local = False  # the clerk agreed to make the local place the file names
        self.on_duplicate = "skip"
        self.row_actions: dict[int, str] = {}
        self.dayfirst: dict[str, bool] = {}
        self.place_choices: dict[str, Any] = {}
        self.create_places = False  # the clerk chose "Create every place not found"
        self.duplicates_dirty = False
        self.plan: Plan | None = None
        self.result = None
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.header_page = HeaderPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.commit_page = CommitPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in enumerate((self.file_page, self.sheet_page, self.header_page,
                                        self.mapping_page, self.preview_page,
                                        self.duplicates_page, self.commit_page, self.summary_page)):
            self.setPage(page_id, page)
        self.setStartId(self.PAGE_FILE)
        if path is not None:
            self.file_page.path.setText(str(path))
        self.resize(1000, 700)

    @property
    def runners(self) -> list[Runner]:
        return self.findChildren(Runner)

    # -- state the pages share ---------------------------------------------------------
    def open_file(self, path: Path) -> None:
        if self.imp is not None and self.imp.path == path:
            return
        imp = SpreadsheetImport(self.register, path)  # raises ImportFileError with a message
        self._close_file()
        self.imp = imp
        self.sheet_name = self.layout = self.mapping = self.plan = None
        self.mapping_page._headers = None
        self.dayfirst.clear()
        self.place_choices.clear()
        self.create_places = False
        self.row_actions.clear()

    def set_layout(self, layout: Layout) -> None:
        if self.layout is None or self.layout.headers != layout.headers:
            self.dayfirst.clear()
            self.place_choices.clear()
            self.create_places = False
        self.sheet_name = layout.sheet
        self.layout = layout

    def read_sheet(self, runner: Runner, name: str) -> bool:
        """True when sheet ``name`` has been read; else read it on ``runner`` and go on."""
        if self.layout is not None and self.sheet_name == name:
            return True
        if not runner.running:
            imp = self.imp
            # Reading a big sheet takes seconds: off the GUI thread, then on to the next page.
            runner.run(lambda _p, _c: imp.layout(name), self.tr("Reading the sheet…"))
        return False

    def sheet_read(self, layout: Layout) -> None:
        self.set_layout(layout)
        self.next()

    def set_mapping(self, mapping: Mapping, *, local: int | str | None, default_kind: str,
                    create_local: bool = False) -> None:
        self.mapping, self.local, self.default_kind = mapping, local, default_kind
        self.create_local = create_local
        self.row_actions.clear()

    def options(self) -> ImportOptions:
        return ImportOptions(
            sheet=self.sheet_name, header_row=self.layout.header_rows[0] if self.layout.header_rows else None,
            header_height=len(self.layout.header_rows) or None, mapping=self.mapping,
            target=self.mapping.target, unmapped=self.mapping.unmapped, local=self.local,
            default_kind=self.default_kind, on_duplicate=self.on_duplicate,
            row_actions=dict(self.row_actions), dayfirst=dict(self.dayfirst),
            place_choices=dict(self.place_choices), derived=list(self.layout.derived),
            create_local=self.create_local,
            create_places=self.create_places)  # else each place not found is asked about

    # -- closing ------------------------------------------------------------------------
    def reject(self) -> None:
        busy = [r for r in self.runners if r.running]
        if busy:
            # Cancel stops the step under way; the wizard stays open to say how it ended.
            for runner in busy:
                runner.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        for runner in self.runners:
            runner.cancel()
        QThreadPool.globalInstance().waitForDone()
        self._close_file()
        super().done(result)

    def _close_file(self) -> None:
        if self.imp is not None:
            self.imp.close()
            self.imp = None


# --------------------------------------------------------------------------- past imports
class ImportsDialog(QDialog):
    """Past imports, newest first; the chosen one can be undone as a whole.

    Signals: undone(batch_id).
    """

    undone = Signal(int)

    def __init__(self, register: Register, *, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importsDialog")
        self.setWindowTitle(self.tr("Imports"))
        self.register, self.lang = register, lang
        self.table = QTableWidget(0, 8, self)
        self.table.setObjectName("imports")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Import"), self.tr("File"), self.tr("Operator"), self.tr("When"),
             self.tr("Added"), self.tr("Updated"), self.tr("Rejected"), self.tr("Undone")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.undo_button = QPushButton(self.tr("Undo this import…"), self)
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        self.runner = Runner(lang, self)
        self.runner.done.connect(self._undone)
        self.runner.failed.connect(lambda _e: self._selection_changed())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.runner)
        layout.addWidget(buttons)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        batches = list_imports(self.register)
        self.table.setRowCount(len(batches))
        for row, b in enumerate(batches):
            undone = b["undone_at"].strftime("%Y-%m-%d %H:%M") if b["undone_at"] else ""
            for col, value in enumerate((f"#{b['id']}", b["file_name"], b["operator"],
                                         b["started_at"].strftime("%Y-%m-%d %H:%M"), b["inserted"],
                                         b["updated"], b["rejected"], undone)):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, b["id"])
                if undone:
                    item.setForeground(QColor("#888888"))
                self.table.setItem(row, col, item)
        self.batches = batches
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch["undone_at"] is None
                                    and not self.runner.running)

    def undo_selected(self, *, confirm: bool = True) -> None:
        batch = self.selected()
        if batch is None or batch["undone_at"] is not None:
            return
        question = self.tr("Undo import #%1 (%2)? Everything it added is removed and what it "
                           "changed is restored.").replace("%1", str(batch["id"])) \
            .replace("%2", batch["file_name"])
        if confirm and QMessageBox.question(self, self.windowTitle(), question) \
                != QMessageBox.StandardButton.Yes:
            return
        self.undo_button.setEnabled(False)
        register, operator, batch_id = self.register, getattr(self.register, "operator", ""), batch["id"]
        self._undoing = batch_id
        self.runner.run(lambda _p, _c: undo_import(register, batch_id, operator=operator),
                        self.tr("Undoing…"))

    def _undone(self, removed: dict) -> None:
        self.runner.status.setText(translate(
            "import.undo.done", self.lang, id=self._undoing, updated=removed.get("updated", 0),
            removed=sum(v for k, v in removed.items() if k != "updated")))
        self.refresh()
        self.undone.emit(self._undoing)

    def done(self, result: int) -> None:
        QThreadPool.globalInstance().waitForDone()
        super().done(result)

