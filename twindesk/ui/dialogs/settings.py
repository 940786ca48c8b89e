"""Edit > Settings: the clerk's settings (``twindesk.ui.settings``) and the open
register's own place and backup policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import backups
from twindesk.core.i18n import count
from twindesk.core.storage import Register
from twindesk.ui.settings import Settings

if TYPE_CHECKING:
    from twindesk.ui.forms import RecordPicker


class SettingsDialog(QDialog):
    """The clerk's settings, and the open register's own backup policy (kept in the
    register, so the command line and every automatic backup follow it too)."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, register: Register | None = None
    ) -> None:
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
        self.dates.addItem(
            self.tr("In the interface language (March 1979, 1979年3月)"), "interface"
        )
        self.dates.addItem(self.tr("ISO (1979-03)"), "iso")
        self.dates.setCurrentIndex(max(0, self.dates.findData(settings.date_display)))
        form = QFormLayout()
        form.addRow(self.tr("Interface language"), self.language)
        form.addRow(self.tr("Office name (on reports)"), self.office)
        form.addRow(self.tr("Operator (recorded with changes)"), self.operator)
        form.addRow(self.tr("Dates"), self.dates)
        self.register = register
        self.own_place: RecordPicker | None = None
        if register is not None and not register.read_only:
            self._add_own_place(form, register)
        self.policy: dict[str, QSpinBox] = {}
        if register is not None and register.path is not None and register.is_sqlite:
            self._add_backup_policy(form, register)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
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
        self.settings.save()
        from twindesk.core import (
            places,
        )  # the dialog's, not the window's start (see _add_own_place)

        if (  # a picker only for a register (see __init__)
            self.own_place is not None
            and self.register is not None
            and self.own_place.value() != places.own_place(self.register)
        ):
            if self.own_place.value() is not None or not self.own_place.edit.text().strip():
                places.set_own_place(self.register, self.own_place.value())
        if self.policy and self.register is not None and not self.register.read_only:
            backups.set_policy(
                self.register,
                backups.BackupPolicy(**{name: box.value() for name, box in self.policy.items()}),
            )
        super().accept()

    def _add_own_place(self, form: QFormLayout, register: Register) -> None:
        """The office's own place in this register: the default local side of new pairings."""
        # Here, not at the top: the window imports this module at start, and places brings
        # the gazetteer (forms also imports this module's neighbours).
        from twindesk.core import places
        from twindesk.ui.forms import RecordPicker

        self.own_place = RecordPicker(register, "place", self.settings.lang, self)
        self.own_place.setObjectName("own_place")
        self.own_place.set_value(places.own_place(register))
        self.own_place.edit.setPlaceholderText(
            self.tr("Type its name in English or Chinese, e.g. Wuxi or 无锡")
        )
        self.own_place.setToolTip(
            self.tr("New pairings and imports start with this place as the local side")
        )
        form.addRow(self.tr("Own city or province (this register)"), self.own_place)

    def _add_backup_policy(self, form: QFormLayout, register: Register) -> None:
        assert register.path is not None  # for a register file only
        policy = backups.policy_of(register)
        labels = {
            "recent": self.tr("Newest backups kept"),
            "daily": self.tr("Daily backups kept"),
            "weekly": self.tr("Weekly backups kept"),
            "monthly": self.tr("Monthly backups kept"),
        }
        for name, label in labels.items():
            box = QSpinBox(self)
            box.setObjectName(f"backups_{name}")
            box.setRange(1 if name == "recent" else 0, 999)
            box.setValue(getattr(policy, name))
            box.setEnabled(not register.read_only)
            self.policy[name] = box
            form.addRow(label, box)
        found = backups.list_backups(register.path)
        used = QLabel(
            self.tr("%1, %2 MB, in %3")
            .replace("%1", count(len(found), "backup", self.settings.lang))
            .replace("%2", QLocale().toString(sum(b.size for b in found) / 1e6, "f", 1))
            .replace("%3", str(backups.folder_for(register.path))),
            self,
        )
        used.setObjectName("backup_space")
        used.setWordWrap(True)
        used.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Backups of this register"), used)
