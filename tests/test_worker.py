"""Background work: each task waits for its own work only, and the one progress panel
(import steps, exports, reports) shows, cancels and stops it."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from twindesk.core.errors import TwinDeskError
from twindesk.ui.progress_panel import STEPS, ProgressPanel
from twindesk.ui.worker import Runs, Task


class StoppedError(TwinDeskError):
    code = "import.cancelled"


def test_a_task_waits_for_its_own_work_not_for_the_pool(qtbot):
    release = threading.Event()
    slow = Task(lambda _p, _c: release.wait(30))
    quick = Task(lambda _p, _c: 42)
    with qtbot.waitSignal(quick.finished) as done:
        slow.start()
        quick.start()
        assert quick.wait(5)  # the slow one is still running: not waited for
    assert done.args == [42]
    assert slow.running and not slow.wait(0.05)
    runs = Runs()
    runs.start(lambda: None)
    assert runs.wait(5)
    release.set()
    assert slow.wait(5) and not slow.running


def test_stop_cancels_and_waits(qtbot):
    started = threading.Event()

    def work(_progress, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise StoppedError()

    task = Task(work)
    with qtbot.waitSignal(task.failed) as failed:
        task.start()
        assert started.wait(5)
        task.stop()
        assert not task.running  # the work has returned
    assert isinstance(failed.args[0], StoppedError)


def test_the_progress_panel_shows_cancels_and_ends(qtbot):
    panel = ProgressPanel("Cancel")
    qtbot.addWidget(panel)
    assert not panel.cancel_button.isEnabled() and not panel.running
    half = threading.Event()

    def work(progress, cancelled):
        progress(5, 10)
        half.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise StoppedError()

    with qtbot.waitSignal(panel.failed) as failed:
        panel.run(work, "Working…")
        assert panel.running and panel.cancel_button.isEnabled()
        assert panel.status.text() == "Working…"
        assert half.wait(5)
        qtbot.waitUntil(lambda: panel.bar.value() == STEPS // 2)
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert isinstance(failed.args[0], StoppedError)
    assert panel.bar.value() == 0 and not panel.running
    assert not panel.cancel_button.isEnabled()
    with qtbot.waitSignal(panel.done) as done:
        panel.run(lambda _p, _c: "made", "Again…")
    assert done.args == ["made"] and panel.bar.value() == STEPS


def test_a_panel_hidden_when_idle_shows_only_while_working(qtbot):
    panel = ProgressPanel("Cancel", hide_idle=True, inline=True)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.bar.isVisible() and not panel.cancel_button.isVisible()
    release = threading.Event()
    with qtbot.waitSignal(panel.done):
        panel.run(lambda _p, _c: release.wait(30), "Reading…")
        assert panel.bar.isVisible() and panel.cancel_button.isVisible()
        release.set()
    assert not panel.bar.isVisible() and not panel.cancel_button.isVisible()
