"""Other clerks' saves on screen: the window follows the register as others change it.

About once a second the window asks the register's changes watcher (``core.clerks``) what
others saved, off the GUI thread. When something changed, the page on screen is read again
in the background, keeping the clerk's selected rows and scroll position; the other pages
are read again when they are next shown. An open form is left alone: if its record was
changed meanwhile, saving it says so (optimistic locking) instead of overwriting.

On a server register the status bar also says which other clerks are connected.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from twindesk.core.clerks import ALL, SESSIONS, VOCABULARY_TABLES, ChangesWatcher
from twindesk.core.errors import TwinDeskError

if TYPE_CHECKING:
    from twindesk.ui.main_window import MainWindow

log = logging.getLogger("twindesk.ui")

POLL_MS = 1000  # another clerk's save is on screen within about a second
OTHERS_EVERY = 10  # polls between two looks at who is connected (a window that closed
# cleanly says so at once; one that crashed is seen gone at the next look)
NOT_ASKED = False  # ``others`` was not asked this time


class _Found(QObject):
    found = Signal(object, object)  # tables changed (set), others (list | None | NOT_ASKED)


class LiveUpdates(QObject):
    """The window's link to the other clerks. Signals:
    changed(tables): others saved; the set of tables (``core.clerks.ALL``: unknown which).
    """

    changed = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.others: list[str] | None = None
        self._stale: set[QWidget] = set()
        self._busy = False
        self._ticks = 0
        self._lock = threading.Lock()  # the watcher is used by one poll at a time
        self.watcher: ChangesWatcher | None = None
        try:
            self.watcher = window.register.watch_changes()
        except (TwinDeskError, OSError) as err:  # the register is still usable, not live
            log.warning("other clerks' changes will not show by themselves: %s", err)
        self.label = QLabel(window)
        self.label.setObjectName("connectedLabel")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self._found = _Found(self)
        self._found.found.connect(self._arrived)
        window.stack.currentChanged.connect(self._shown)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        if self.watcher is not None:
            self.timer.start()
            self.poll()  # who is connected, at once

    # -- polling ------------------------------------------------------------------------
    def poll(self) -> None:
        """Ask the watcher, on the thread pool; one poll at a time."""
        if self._busy or self.watcher is None:
            return
        self._busy = True
        ask_others = self._ticks % OTHERS_EVERY == 0
        self._ticks += 1
        lock, emitter = self._lock, self._found

        def work() -> None:
            tables: set[str] = set()
            others: list[str] | None | bool = NOT_ASKED
            try:
                with lock:
                    watcher = self.watcher
                    if watcher is not None:
                        tables = watcher.changes()
                        if ask_others or SESSIONS in tables:
                            others = watcher.others()
            except Exception:  # a bug: logged; the next poll tries again
                log.exception("asking for other clerks' changes")
            try:
                emitter.found.emit(tables, others)
            except RuntimeError:  # the window closed meanwhile
                pass

        QThreadPool.globalInstance().start(work)

    def _arrived(self, tables: set[str], others: list[str] | None | bool) -> None:
        self._busy = False
        if others is not NOT_ASKED:
            self._show_others(others)  # type: ignore[arg-type]
        tables = tables - {SESSIONS}
        if tables:
            self.follow(tables)

    def stop(self) -> None:
        """The window closes: no more polls; the watcher's connection is let go."""
        self.timer.stop()
        with self._lock:  # a poll under way finishes first
            watcher, self.watcher = self.watcher, None
        if watcher is not None:
            watcher.close()

    # -- what others changed ---------------------------------------------------------------
    def follow(self, tables: set[str]) -> None:
        """Bring the window up to date with ``tables``: the page on screen now, the others
        when shown."""
        window = self.window
        from twindesk.ui.vocabulary_page import VocabularyPage

        pages: list[QWidget] = [window.dashboard, *window.built_pages()]
        if not (ALL in tables or tables & VOCABULARY_TABLES):
            pages = [page for page in pages if not isinstance(page, VocabularyPage)]
        on_screen = window.stack.currentWidget()
        for page in pages:
            if page is on_screen:
                self._refresh(page)
            else:
                self._stale.add(page)
        self.changed.emit(tables)

    def _shown(self, index: int) -> None:
        page = self.window.stack.widget(index)
        if page in self._stale:
            self._refresh(page)

    def _refresh(self, page: QWidget) -> None:
        from twindesk.ui.list_page import ListPage

        self._stale.discard(page)
        if isinstance(page, ListPage):
            page.refresh_kept()
        else:
            page.refresh()  # type: ignore[attr-defined]

    # -- who is connected ---------------------------------------------------------------------
    def _show_others(self, others: list[str] | None) -> None:
        self.others = others
        if others is None:  # a file: anyone who can reach it may have it open
            self.label.hide()
            return
        if others:
            self.label.setText(
                self.tr("1 other clerk connected")
                if len(others) == 1
                else self.tr("%1 other clerks connected").replace("%1", str(len(others)))
            )
            self.label.setToolTip("\n".join(others))
        else:
            self.label.setText(self.tr("No other clerk connected"))
            self.label.setToolTip("")
        self.label.show()
