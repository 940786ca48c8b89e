"""A record's Change log: every recorded change of it, and its export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import audit
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.storage import Register


class ChangeLog(QDialog):
    """Every recorded change of one record: when, who, what, before and after, and which
    import did it."""

    def __init__(
        self,
        register: Register,
        entity: str,
        record_id: int,
        label: str,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changeLog")
        self.setWindowTitle(translate("audit.title", lang, record=label))
        with register.connect() as conn:
            self.rows = audit.history_rows(conn, entity, record_id, lang)
        self.headers = audit.headers(lang)
        self.table = QTableWidget(len(self.rows), len(self.headers), self)
        self.table.setObjectName("changes")
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for r, cells in enumerate(self.rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for column in range(len(self.headers)):  # long notes wrap in the tooltip, not the row
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.export_button = buttons.addButton(
            self.tr("&Export…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setObjectName("exportChanges")
        self.export_button.clicked.connect(self.export)
        self.lang, self.label = lang, label
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 480)

    def export(self, path: str | None = None) -> Path | None:
        """Save the Change log as .xlsx or .csv (a short list: written at once)."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the change log"),
                f"{self.label} changes.xlsx".replace("#", ""),
                self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"),
            )
        if not path:
            return None
        try:
            return audit.export_history(self.rows, path, title=self.windowTitle(), lang=self.lang)
        except TwinDeskError as err:
            QMessageBox.warning(self, "TwinDesk", err.message(self.lang))
            return None
