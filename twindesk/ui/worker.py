"""Long work (reports, imports, exports, backups) off the GUI thread, with progress and cancel.

A :class:`Task` runs ``work(progress, cancelled)`` on Qt's thread pool. The core's long
operations all take exactly those two callbacks, so the window never needs to know
what the work is; the signals arrive in the GUI thread. :class:`Runs` starts plain
functions (a page's queries) there.

Each waits for its own work only (``wait``, ``stop``): a dialog that closes, or a window
about to close its register, does not wait for another window's or dialog's work, as
waiting for the whole thread pool would.
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
        self._ended = threading.Event()  # set while no runnable of this task is under way
        self._ended.set()
        self.running = False

    def start(self) -> None:
        self.running = True
        self._cancel.clear()
        self._ended.clear()
        task, ended = self, self._ended

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
                finally:
                    ended.set()

        QThreadPool.globalInstance().start(_Runnable())

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until this task's work has returned or raised (at once when it is not
        running); False if ``timeout`` seconds passed first. Its signals are then on
        their way to the GUI thread."""
        return self._ended.wait(timeout)

    def stop(self) -> None:
        """Cancel and wait for the work to stop: its dialog or window is closing."""
        self.cancel()
        self.wait()


class Runs:
    """Plain functions started on the thread pool by one owner (a page reading its
    figures or its list), which can wait for its own before the register closes."""

    def __init__(self) -> None:
        self._pending = 0
        self._idle = threading.Condition()

    def start(self, work: Callable[[], None]) -> None:
        with self._idle:
            self._pending += 1
        idle = self._idle
        runs = self

        class _Run(QRunnable):
            def run(self) -> None:
                try:
                    work()
                finally:
                    with idle:
                        runs._pending -= 1
                        idle.notify_all()

        QThreadPool.globalInstance().start(_Run())

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every function started here has returned; False on ``timeout``."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)
