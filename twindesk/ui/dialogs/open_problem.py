"""Why a register cannot be opened, and the ways out that fit the reason."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from twindesk.core import backups
from twindesk.core.errors import StorageError
from twindesk.core.i18n import MESSAGES, translate

if TYPE_CHECKING:
    from twindesk.core.storage.postgres import ServerAddress

# The answers of the "cannot open" dialog.
RETRY, READ_ONLY, RESTORE, OTHER, CANCEL = "retry", "read_only", "restore", "other", "cancel"


class OpenProblem(QMessageBox):
    """Why a register cannot be opened, and the ways out that fit the reason.

    Never a traceback, never a silent overwrite: each button is a safe next step.
    """

    def __init__(
        self,
        err: StorageError,
        path: Path | ServerAddress,
        lang: str,
        parent: QWidget | None = None,
        *,
        can_restore: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openProblem")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("TwinDesk")
        self.setText(err.message(lang))
        hint = f"hint.{err.code.removeprefix('storage.')}"
        if hint in MESSAGES:
            self.setInformativeText(translate(hint, lang, **err.params))
        if can_restore is None:
            assert isinstance(path, Path)  # a server's caller says: no backups here to restore
            can_restore = bool(backups.list_backups(path))
        self.choices: dict[QPushButton, str] = {}
        code = err.code
        if code == "storage.locked":
            self._choice(self.tr("Try again"), RETRY, QMessageBox.ButtonRole.AcceptRole)
        if code in ("storage.damaged", "storage.missing") and can_restore:
            self._choice(
                self.tr("Restore the latest backup"), RESTORE, QMessageBox.ButtonRole.AcceptRole
            )
        if code in ("storage.locked", "storage.read_only", "storage.damaged"):
            self._choice(self.tr("Open read-only"), READ_ONLY, QMessageBox.ButtonRole.ActionRole)
        self._choice(self.tr("Open another register…"), OTHER, QMessageBox.ButtonRole.ActionRole)
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.choices[cancel] = CANCEL
        self.setDefaultButton(next(iter(self.choices)))

    def _choice(self, text: str, answer: str, role: QMessageBox.ButtonRole) -> None:
        button = self.addButton(text, role)
        button.setObjectName(answer)
        self.choices[button] = answer

    def ask(self) -> str:
        self.exec()
        clicked = self.clickedButton()
        return self.choices.get(clicked, CANCEL) if isinstance(clicked, QPushButton) else CANCEL
