"""The Lists page: the vocabularies a clerk can extend (kinds, statuses, fields...)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import number
from twindesk.core.models import VOCABULARIES
from twindesk.core.operations import vocabularies
from twindesk.core.storage import Register


class VocabularyPage(QWidget):
    """Signals:
    changed(): a list changed; what counts as in force may have too.
    """

    changed = Signal()

    def __init__(self, register: Register, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vocabularyPage")
        self.register, self.lang = register, lang
        self.editable = True  # the lists are the administrator's (set_editable)
        names = {
            "pairing_kind": self.tr("Kinds of relationship"),
            "pairing_level": self.tr("Levels"),
            "pairing_status": self.tr("Pairing statuses"),
            "cooperation_field": self.tr("Fields of cooperation"),
            "exchange_type": self.tr("Exchange types"),
            "place_type": self.tr("Place types"),
            "programme_status": self.tr("Programme statuses"),
        }
        self.choice = QComboBox(self)
        self.choice.setObjectName("vocabulary")
        for code in VOCABULARIES:
            self.choice.addItem(names[code], code)
        self.choice.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(self)
        self.table.setObjectName("terms")
        self.table.setColumnCount(5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("English"),
                self.tr("Chinese"),
                self.tr("Used by"),
                self.tr("Counts as in force"),
                self.tr("Code"),
            ]
        )
        in_force_header = self.table.horizontalHeaderItem(3)
        assert in_force_header is not None  # set just above
        in_force_header.setToolTip(
            self.tr(
                "Pairings in this status are counted as in force on the dashboard, in the "
                "lists' “In force” filter and in the reports"
            )
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemChanged.connect(self._in_force_toggled)
        # No code to invent: the register makes one from the name (vocabularies.code_for).
        self.label_en, self.label_zh = QLineEdit(self), QLineEdit(self)
        for widget, name in ((self.label_en, "label_en"), (self.label_zh, "label_zh")):
            widget.setObjectName(name)
        self.label_en.setPlaceholderText(self.tr("e.g. Water management"))
        self.label_zh.setPlaceholderText(self.tr("e.g. 水务管理"))
        add = QPushButton(self.tr("Add to list"), self)
        add.setObjectName("addTerm")
        add.clicked.connect(self.add_term)
        remove = QPushButton(self.tr("Remove unused term"), self)
        remove.setObjectName("removeTerm")
        remove.clicked.connect(self.remove_term)
        form = QFormLayout()
        form.addRow(self.tr("English label"), self.label_en)
        form.addRow(self.tr("Chinese label"), self.label_zh)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("List"), self))
        layout.addWidget(self.choice)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refresh()

    def set_editable(self, editable: bool) -> None:
        """Shown to a clerk who may not change the lists (not their administrator): the
        terms and their use, without the means to add, remove or re-count them."""
        self.editable = editable
        for name in ("addTerm", "removeTerm", "label_en", "label_zh"):
            widget = self.findChild(QWidget, name)
            if widget is not None:
                widget.setVisible(editable)
        for form in self.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                label_widget = label.widget() if label is not None else None
                if label_widget is not None:
                    label_widget.setVisible(editable)
        self.refresh()

    def vocabulary(self) -> str:
        return self.choice.currentData()

    def refresh(self) -> None:
        statuses = self.vocabulary() == "pairing_status"
        with self.register.read() as s:
            terms = vocabularies.terms(s, self.vocabulary())
            rows = [
                (
                    t.label_en,
                    t.label_zh,
                    vocabularies.usage(s, self.vocabulary(), t.code),
                    getattr(t, "in_force", False),
                    t.code,
                )
                for t in terms
            ]
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, (en, zh, used, in_force, code) in enumerate(rows):
            for c, value in enumerate((en, zh, number(used), "", code)):
                self.table.setItem(r, c, QTableWidgetItem(value))
            self._cell(r, 0).setData(Qt.ItemDataRole.UserRole, code)
            if statuses:
                check = self._cell(r, 3)
                check.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                    if self.editable
                    else Qt.ItemFlag.ItemIsEnabled
                )
                check.setCheckState(Qt.CheckState.Checked if in_force else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self.table.setColumnHidden(3, not statuses)
        self.table.resizeColumnsToContents()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # refresh() fills every cell
        return item

    def _in_force_toggled(self, item: QTableWidgetItem) -> None:
        if item.column() == 3:
            code = self._cell(item.row(), 0).data(Qt.ItemDataRole.UserRole)
            on = item.checkState() == Qt.CheckState.Checked
            self._run(lambda s: vocabularies.set_in_force(s, code, on))

    def _run(self, work) -> bool:  # noqa: ANN001
        try:
            with self.register.write() as s:
                work(s)
        except TwinDeskError as err:
            QMessageBox.warning(self, self.tr("Lists"), err.message(self.lang))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def add_term(self) -> None:
        if self._run(
            lambda s: vocabularies.add_term(
                s, self.vocabulary(), label_en=self.label_en.text(), label_zh=self.label_zh.text()
            )
        ):
            for widget in (self.label_en, self.label_zh):
                widget.clear()

    def remove_term(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            code = self._cell(row, 0).data(Qt.ItemDataRole.UserRole)
            self._run(lambda s: vocabularies.remove_term(s, self.vocabulary(), code))
