"""``twindesk --smoke PNG``: start the window, save a picture of it, exit 0.

For checking a build (tests/test_frozen.py): the first window that comes up (the main
window, or the welcome screen on a first start) is drawn to PNG, what Qt loaded (the
platform plugin, the translations, the fonts) goes to the log, and the application
quits. A window that never shows exits 3. bench/bench_gui.py puts a bare window with a
table through the same steps, as the floor of TwinDesk's start-up (bench/floors.py).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

from twindesk.logs import log

TIMEOUT_S = 60
SETTLE_MS = 1000


def schedule_smoke(app: QApplication, png: Path) -> None:
    deadline = time.monotonic() + TIMEOUT_S

    def check() -> None:
        shown = [
            w
            for w in app.topLevelWidgets()
            if w.isVisible() and isinstance(w, (QMainWindow, QDialog))
        ]
        if not shown:
            if time.monotonic() > deadline:
                log.error("smoke: no window after %s s", TIMEOUT_S)
                app.exit(3)
            else:
                QTimer.singleShot(100, check)
            return
        # Let the window finish what it starts on showing (the dashboard's figures come
        # from a worker thread), then picture it.
        QTimer.singleShot(SETTLE_MS, lambda: picture(shown[0]))

    def picture(window: QWidget) -> None:
        wait = getattr(window, "wait_for_background_work", None)  # the main window's
        for _ in range(3):
            if wait is not None:
                wait()
            app.processEvents()
        window.grab().save(str(png))
        # The CPU the start took (all threads), for comparing with a bare window's.
        log.info(
            "smoke: %s %r shown; CPU %.2f s; platform %s; Qt translations in %s; 'Cancel' "
            "reads %r; font %s",
            type(window).__name__,
            window.windowTitle(),
            time.process_time(),
            QGuiApplication.platformName(),
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            QCoreApplication.translate("QPlatformTheme", "Cancel"),
            app.font().families(),
        )
        app.exit(0)

    QTimer.singleShot(0, check)
