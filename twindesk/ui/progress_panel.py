"""A progress bar, a status line and a Cancel button for one background task: the
import wizard's steps, an export, a report.

The panel runs the work as a :class:`~twindesk.ui.worker.Task`, shows its progress and
its end, and stops it when its dialog closes. What the clerk reads (the button's text,
the status lines) the owner gives, in its own words: each dialog keeps its own
translations.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twindesk.ui.worker import Task, Work

STEPS = 1000  # the bar's range: fine enough for a million rows, whatever the total


class ProgressPanel(QWidget):
    """Signals: done(result): the work returned; failed(error): it raised (a cancel as the
    core's cancelled error). The panel has shown its end by then (full or empty bar).

    ``cancel_text`` is the button's label; ``hide_idle`` hides bar and button between
    tasks (else the button is only disabled); ``inline`` puts the status line beside
    the bar instead of under it.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        cancel_text: str,
        parent: QWidget | None = None,
        *,
        hide_idle: bool = False,
        inline: bool = False,
    ) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.hide_idle = hide_idle
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress")
        self.bar.setRange(0, STEPS)
        self.bar.setValue(0)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(cancel_text, self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(lambda: self.cancel())  # not clicked(checked)
        layout: QBoxLayout
        if inline:
            layout = QHBoxLayout(self)
            layout.addWidget(self.bar, 1)
            layout.addWidget(self.cancel_button)
            layout.addWidget(self.status, 2)
        else:
            row = QHBoxLayout()
            row.addWidget(self.bar, 1)
            row.addWidget(self.cancel_button)
            layout = QVBoxLayout(self)
            layout.addLayout(row)
            layout.addWidget(self.status)
        layout.setContentsMargins(0, 0, 0, 0)
        self._idle()

    @property
    def running(self) -> bool:
        """A task was started and has not ended yet (its end not yet shown)."""
        return self.task is not None

    def run(self, work: Work, text: str) -> Task:
        """Start ``work(progress, cancelled)`` on the thread pool, ``text`` on the status line."""
        self.task = task = Task(work, self)
        task.progress.connect(self._progress)
        task.finished.connect(self._finished)
        task.failed.connect(self._failed)
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.status.setText(text)
        task.start()
        return task

    def cancel(self, text: str | None = None) -> None:
        """Ask the work under way to stop; ``text`` says so meanwhile."""
        if self.task is not None:
            self.task.cancel()
            if text is not None:
                self.cancel_button.setEnabled(False)
                self.status.setText(text)

    def wait(self) -> None:
        """Wait for the work under way to end (its signals then on their way)."""
        if self.task is not None:
            self.task.wait()

    def stop(self) -> None:
        """Cancel the work under way and wait for it: the dialog is closing."""
        if self.task is not None:
            self.task.stop()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(done * STEPS // max(total, 1))

    def _idle(self) -> None:
        self.cancel_button.setEnabled(False)
        if self.hide_idle:
            self.bar.setVisible(False)
            self.cancel_button.setVisible(False)

    def _finished(self, result: Any) -> None:
        self.task = None
        self.bar.setValue(STEPS)
        self._idle()
        self.done.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.bar.setValue(0)
        self._idle()
        self.failed.emit(error)
