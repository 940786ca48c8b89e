"""Table models of the wizard over a sheet's rows and the plan's: a file of 100,000 rows
makes no widget per row (the action editor exists only while editing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QTableView

from twindesk.core.i18n import translate
from twindesk.core.spreadsheets.importing import Plan, RowPlan

if TYPE_CHECKING:  # the pages ask their wizard for the import; it imports them
    from twindesk.ui.import_wizard.wizard import ImportWizard


HEADER_PREVIEW_ROWS = 40


COLOURS = {"warning": QColor("#fff1b8"), "error": QColor("#ffd0d0")}


HEADER_COLOUR = QColor("#d6e4ff")


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
        texts += [
            str(model.index(row, col).data() or "") for row in range(min(rows, model.rowCount()))
        ]
        width = max(metrics.horizontalAdvance(t.split("\n", 1)[0]) for t in texts) + pad
        header.resizeSection(col, min(max(width, 40), maximum))


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

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, B008
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

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
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
        self.status_labels = {
            "ok": self.tr("OK"),
            "warning": self.tr("Warning"),
            "error": self.tr("Error"),
        }
        self.action_labels = {
            "insert": self.tr("Add"),
            "update": self.tr("Update"),
            "skip": self.tr("Skip"),
            "reject": self.tr("Reject"),
        }

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
            self.shown = [
                i
                for i, r in enumerate(rows)
                if (not status or r.status == status)
                and (not kind or any(p.kind == kind for p in r.problems))
            ]
        else:
            self.shown = list(range(len(rows)))

    def row_plan(self, row: int) -> RowPlan:
        assert self.plan is not None  # rows are shown only with a plan
        return self.plan.rows[self.shown[row]]

    def find_sheet_row(self, sheet_row: int) -> int | None:
        """The model row showing sheet row ``sheet_row`` (1-based), if it is shown."""
        rows = self.plan.rows if self.plan is not None else []
        for n, i in enumerate(self.shown):
            if rows[i].row == sheet_row:
                return n
        return None

    @property
    def width(self) -> int:
        return self.plan.layout.width if self.plan is not None else 0

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, B008
        return 0 if parent.isValid() or self.plan is None else len(self.fixed) + self.width + 1

    ROLES = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ToolTipRole,
    )

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

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if (
            role != Qt.ItemDataRole.DisplayRole
            or orientation != Qt.Orientation.Horizontal
            or self.plan is None
        ):
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

    def __init__(self, wizard: ImportWizard, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.wizard = wizard
        self.rows: list[RowPlan] = []
        self.headers = [
            self.tr("Row"),
            self.tr("Same as"),
            self.tr("In the file"),
            self.tr("Would change (now → file)"),
            self.tr("Action"),
        ]
        self.labels = {
            "skip": self.tr("Skip"),
            "update": self.tr("Update"),
            "keep": self.tr("Keep both"),
        }

    def set_plan(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self.rows = [r for r in plan.rows if r.duplicate_of is not None] if plan else []
        self.endResetModel()

    def action(self, r: RowPlan) -> str:
        return self.wizard.row_actions.get(r.row, self.wizard.on_duplicate)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: ANN001, B008
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
        lines = self.wizard.current_plan.change_lines(r, self.wizard.lang)
        if not lines:
            return self.tr("Nothing would change")
        if short:
            cut = lambda text: text if len(text) <= 24 else text[:23] + "…"  # noqa: E731
            return self.tr("; ").join(
                self.tr("%1: %2 → %3")
                .replace("%1", name)
                .replace("%2", cut(old))
                .replace("%3", cut(new))
                for name, old, new in lines
            )
        return "\n".join(
            self.tr("%1: %2 → %3").replace("%1", name).replace("%2", old).replace("%3", new)
            for name, old, new in lines
        )

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: ANN001
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
            self.dataChanged.emit(
                self.index(0, self.ACTION_COLUMN),
                self.index(len(self.rows) - 1, self.ACTION_COLUMN),
            )

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ActionDelegate(QStyledItemDelegate):
    """A combo box for the action column, made only while a cell is being edited."""

    def __init__(self, labels: dict[str, str], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.labels = labels

    def createEditor(self, parent, option, index):  # noqa: ANN001, ANN201
        combo = QComboBox(parent)
        combo.setObjectName("actionEditor")
        for code in ACTIONS:
            combo.addItem(self.labels[code], code)
        # A choice counts at once; no need to leave the cell first.
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor, index) -> None:  # noqa: ANN001
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:  # noqa: ANN001
        model.setData(index, editor.currentData())
