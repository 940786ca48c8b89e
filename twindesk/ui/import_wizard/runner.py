"""Long steps of the wizard (reading, validating, committing, undoing) on the thread pool,
with progress and cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from twindesk.core.errors import TwinDeskError
from twindesk.ui.worker import Task


# --------------------------------------------------------------------------- background steps
class Runner(QWidget):
    """A progress bar, a status line and a Cancel button for one background step.

    Signals: done(result), failed(error); a cancel arrives as failed(ImportCancelled).
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.task: Task | None = None
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelStep")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status, 2)

    @property
    def running(self) -> bool:
        return self.task is not None

    def run(self, work: Callable, text: str) -> None:
        self.task = Task(work, self)
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.status.setText(text)
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(done * 1000 // max(total, 1))

    def _stop(self) -> None:
        self.task = None
        self.bar.setVisible(False)
        self.cancel_button.setVisible(False)

    def _finished(self, result: Any) -> None:
        self._stop()
        self.status.clear()
        self.done.emit(result)

    def _failed(self, error: Exception) -> None:
        self._stop()
        if isinstance(error, TwinDeskError):
            self.status.setText(error.message(self.lang))
        else:
            self.status.setText(self.tr("Something went wrong: %1").replace("%1", str(error)))
        self.failed.emit(error)
