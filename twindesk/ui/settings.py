"""The clerk's settings, stored with QSettings; defaults are declared once, here."""
from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from twindesk.core.i18n import default_language


@dataclass
class Settings:
    language: str = ""  # "" = follow the system locale
    office_name: str = ""
    operator: str = ""
    date_display: str = "interface"  # interface language, or "iso"
    recent_registers: str = ""  # newline-separated paths, newest first
    backups_kept: str = "30"  # backups kept per register (the rotation)

    @classmethod
    def load(cls, store: QSettings | None = None) -> "Settings":
        store = store or QSettings()
        values = {f.name: str(store.value(f.name, f.default)) for f in fields(cls)}
        return cls(**values)

    def save(self, store: QSettings | None = None) -> None:
        store = store or QSettings()
        for f in fields(self):
            store.setValue(f.name, getattr(self, f.name))
        store.sync()

    @property
    def lang(self) -> str:
        return self.language if self.language in ("en", "zh") else default_language()

    @property
    def keep_backups(self) -> int:
        try:
            return min(max(int(self.backups_kept), 1), 999)
        except ValueError:
            return 30

    def recent(self) -> list[str]:
        return [p for p in self.recent_registers.split("\n") if p]

    def remember(self, path: str, keep: int = 8) -> None:
        items = [path] + [p for p in self.recent() if p != path]
        self.recent_registers = "\n".join(items[:keep])


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for label, code in ((self.tr("System default"), ""), ("English", "en"), ("简体中文", "zh")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.office = QLineEdit(settings.office_name, self)
        self.office.setObjectName("office_name")
        self.operator = QLineEdit(settings.operator, self)
        self.operator.setObjectName("operator")
        self.dates = QComboBox(self)
        self.dates.setObjectName("date_display")
        self.dates.addItem(self.tr("In the interface language (March 1979, 1979年3月)"), "interface")
        self.dates.addItem(self.tr("ISO (1979-03)"), "iso")
        self.dates.setCurrentIndex(max(0, self.dates.findData(settings.date_display)))
        form = QFormLayout()
        form.addRow(self.tr("Interface language"), self.language)
        form.addRow(self.tr("Office name (on reports)"), self.office)
        form.addRow(self.tr("Operator (recorded with changes)"), self.operator)
        form.addRow(self.tr("Dates"), self.dates)
        self.keep = QSpinBox(self)
        self.keep.setObjectName("backups_kept")
        self.keep.setRange(1, 999)
        self.keep.setValue(settings.keep_backups)
        form.addRow(self.tr("Backups kept per register"), self.keep)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.language = self.language.currentData()
        self.settings.office_name = self.office.text().strip()
        self.settings.operator = self.operator.text().strip()
        self.settings.date_display = self.dates.currentData()
        self.settings.backups_kept = str(self.keep.value())
        self.settings.save()
        super().accept()
