"""Unexpected errors in the window: logged in full, shown briefly, and the window goes on.

PySide6 hands every exception that escapes a slot, a virtual override (paintEvent...)
or a QRunnable on the thread pool to ``sys.excepthook``. The hook installed here
writes the traceback to the log at once (from whatever thread raised it) and queues a
short dialog to the GUI thread, in the interface language, saying where the log is.
Nothing is undone: every change is written in its own transaction, so what was saved
before the error stays saved, and the half-done work of the failed step was rolled back.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from twindesk.logs import log_exception, log_file


class ErrorReporter(QObject):
    """Signals:
    reported(summary): queued from the hook to the GUI thread; shows the dialog.
    """

    reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorReporter")
        self.dialog: QMessageBox | None = None
        self._previous: (
            Callable[[type[BaseException], BaseException, TracebackType | None], Any] | None
        ) = None
        # Queued even from the GUI thread: the dialog opens after the failed slot has
        # unwound, not inside it.
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook and self._previous is not None:
            sys.excepthook = self._previous

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log_exception(exc_type, exc, tb, threading.current_thread().name)
        summary = f"{exc_type.__name__}: {exc}".strip()
        self.reported.emit(summary[:500])

    def show_now(self, exc: BaseException) -> None:
        """A bug before the event loop runs (at start): log it and show the dialog at once."""
        log_exception(type(exc), exc, exc.__traceback__, "start")
        box = self._dialog(f"{type(exc).__name__}: {exc}")
        box.setText(self.tr("TwinDesk could not start because of an unexpected error."))
        box.exec()

    def _show(self, summary: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time; the log has every error
        self._dialog(summary).open()

    def _dialog(self, summary: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "TwinDesk",
            self.tr(
                "Something unexpected went wrong. TwinDesk is still running, "
                "and everything saved before the error is safe."
            ),
            QMessageBox.StandardButton.Ok,
            QApplication.activeWindow(),
        )
        box.setObjectName("errorDialog")
        box.setInformativeText(
            self.tr("The details were written to the log file:\n%1").replace("%1", str(log_file()))
        )
        box.setDetailedText(summary)
        folder = box.addButton(self.tr("Open log folder"), QMessageBox.ButtonRole.ActionRole)
        folder.setObjectName("openLogFolder")
        folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))
        )
        box.setEscapeButton(
            QMessageBox.StandardButton.Ok
        )  # else Esc and the title bar's X do nothing
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget)
        self.dialog = box
        return box

    def _forget(self) -> None:
        self.dialog = None
