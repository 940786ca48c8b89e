"""The Lists page: the vocabularies a clerk can extend (kinds, statuses, fields...)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from twindesk.core.errors import TwinDeskError
from twindesk.core.models import VOCABULARIES
from twindesk.core.operations import vocabularies
from twindesk.core.storage import Register


class VocabularyPage(QWidget):
    def __init__(self, register: Register, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("vocabularyPage")
        self.register, self.lang = register, lang
        names = {"pairing_kind": self.tr("Kinds of relationship"), "pairing_level": self.tr("Levels"),
                 "pairing_status": self.tr("Pairing statuses"),
                 "cooperation_field": self.tr("Fields of cooperation"),
                 "exchange_type": self.tr("Exchange types"), "place_type": self.tr("Place types"),
                 "programme_status": self.tr("Programme statuses")}
        self.choice = QComboBox(self)
        self.choice.setObjectName("vocabulary")
        for code in VOCABULARIES:
            self.choice.addItem(names[code], code)
        self.choice.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(self)
        self.table.setObjectName("terms")
        self.table.setColumnCount(4)
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("English"), self.tr("Chinese"),
                                              self.tr("Used by")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.code, self.label_en, self.label_zh = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        for widget, name in ((self.code, "code"), (self.label_en, "label_en"), (self.label_zh, "label_zh")):
            widget.setObjectName(name)
        self.code.setPlaceholderText("water_management")
        add = QPushButton(self.tr("Add to list"), self)
        add.setObjectName("addTerm")
        add.clicked.connect(self.add_term)
        remove = QPushButton(self.tr("Remove unused term"), self)
        remove.setObjectName("removeTerm")
        remove.clicked.connect(self.remove_term)
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
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

    def vocabulary(self) -> str:
        return self.choice.currentData()

    def refresh(self) -> None:
        with self.register.read() as s:
            terms = vocabularies.terms(s, self.vocabulary())
            rows = [(t.code, t.label_en, t.label_zh, vocabularies.usage(s, self.vocabulary(), t.code))
                    for t in terms]
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()

    def _run(self, work) -> bool:  # noqa: ANN001
        try:
            with self.register.write() as s:
                work(s)
        except TwinDeskError as err:
            QMessageBox.warning(self, self.tr("Lists"), err.message(self.lang))
            return False
        self.refresh()
        return True

    def add_term(self) -> None:
        if self._run(lambda s: vocabularies.add_term(
                s, self.vocabulary(), code=self.code.text(), label_en=self.label_en.text(),
                label_zh=self.label_zh.text())):
            for widget in (self.code, self.label_en, self.label_zh):
                widget.clear()

    def remove_term(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            code = self.table.item(row, 0).text()
            self._run(lambda s: vocabularies.remove_term(s, self.vocabulary(), code))
