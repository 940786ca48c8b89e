"""Long work (reports, imports, exports, backups) off the GUI thread, with progress and cancel.

A :class:`Task` runs ``work(progress, cancelled)`` on Qt's thread pool. The core's long
operations all take exactly those two callbacks, so the window never needs to know
what the work is; the signals arrive in the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from twindesk.core.errors import TwinDeskError

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class Task(QObject):
    """Signals:
    progress(done, total)
    finished(result): the work returned.
    failed(error): the work raised; ``error`` is the exception (a TwinDeskError for
        known conditions such as a cancel, anything else is a bug to log).
    """

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.running = False

    def start(self) -> None:
        self.running = True
        self._cancel.clear()
        task = self

        class _Runnable(QRunnable):
            def run(self) -> None:
                try:
                    result = task._work(task.progress.emit, task._cancel.is_set)
                except TwinDeskError as err:
                    task.running = False
                    task.failed.emit(err)
                except Exception as err:
                    task.running = False
                    task.failed.emit(err)
                else:
                    task.running = False
                    task.finished.emit(result)

        QThreadPool.globalInstance().start(_Runnable())

    def cancel(self) -> None:
        self._cancel.set()
