"""File > Restore from a backup: the register's backups, newest first, to pick one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import backups


class RestoreDialog(QDialog):
    """The backups of a register, newest first; the clerk picks one to restore."""

    def __init__(self, register_path: Path, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.found = backups.list_backups(register_path)
        folder = backups.folder_for(register_path)
        text = self.tr(
            "Backups of %1 in %2. Restoring keeps what the register holds now as a backup."
        )
        intro = QLabel(text.replace("%1", register_path.name).replace("%2", str(folder)), self)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(len(self.found), 3, self)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels([self.tr("Made"), self.tr("Why"), self.tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, b in enumerate(self.found):
            for column, text in enumerate(
                (
                    f"{b.made_at:%Y-%m-%d %H:%M:%S}",
                    backups.reason_label(b.reason, lang),
                    f"{b.size / 1048576:.1f} MB",
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        if self.found:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(
            self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(self.found))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def chosen(self) -> Path | None:
        row = self.table.currentRow()
        return self.found[row].path if 0 <= row < len(self.found) else None
