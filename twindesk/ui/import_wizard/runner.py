"""Long steps of the wizard (reading, validating, committing, undoing) on the thread pool,
with progress and cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from twindesk.core.errors import TwinDeskError
from twindesk.ui.progress_panel import ProgressPanel


# --------------------------------------------------------------------------- background steps
class Runner(ProgressPanel):
    """The window's progress panel for one step of the wizard: bar and Cancel shown only
    while the step runs, the status line beside them.

    Signals: done(result), failed(error); a cancel arrives as failed(ImportCancelled).
    """

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent, hide_idle=True, inline=True)
        self.lang = lang
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelStep")

    def cancel(self, text: str | None = None) -> None:
        super().cancel(self.tr("Cancelling…") if text is None else text)

    def _finished(self, result: Any) -> None:
        self.status.clear()
        super()._finished(result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, TwinDeskError):
            self.status.setText(error.message(self.lang))
        else:
            self.status.setText(self.tr("Something went wrong: %1").replace("%1", str(error)))
        super()._failed(error)
