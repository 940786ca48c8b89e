"""Windows and dialogs that fit the clerk's screen (a 1366×768 laptop with a taskbar).

- The main window opens where it was last on that screen, else within the screen's free
  area, maximised when the screen is small.
- Every dialog is kept within the free area when shown; a dialog whose content is taller
  gets its content put in a scroll area, so OK / Save / Cancel stay visible.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
)

WINDOW_SIZE = (1280, 800)
MARGIN = 8  # kept free around a dialog, so its frame does not touch the screen's edge


def _screen(widget: QWidget) -> QScreen:
    return widget.screen() or QGuiApplication.primaryScreen()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Size a dialog as asked, but never past the screen's free area."""
    free = _screen(widget).availableGeometry()
    widget.resize(min(width, free.width() - 2 * MARGIN), min(height, free.height() - 2 * MARGIN))


# -- the main window ---------------------------------------------------------------------
def _geometry_key(screen: QScreen) -> str:
    size = screen.geometry().size()
    return f"geometry/{screen.name() or 'screen'}-{size.width()}x{size.height()}"


def place_main_window(window: QWidget) -> None:
    """Before the first show: the geometry last used on this screen, else the default
    size within the free area, maximised when that would not leave room around it."""
    screen = _screen(window)
    saved = QSettings().value(_geometry_key(screen))
    if saved is not None and window.restoreGeometry(saved):
        return
    free = screen.availableGeometry()
    width, height = WINDOW_SIZE
    window.resize(min(width, free.width()), min(height, free.height()))
    if free.width() < width + 80 or free.height() < height + 80:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    else:
        frame = window.frameGeometry()
        frame.moveCenter(free.center())
        window.move(frame.topLeft())


def remember_main_window(window: QWidget) -> None:
    QSettings().setValue(_geometry_key(_screen(window)), window.saveGeometry())


# -- dialogs -----------------------------------------------------------------------------
def make_scrollable(dialog: QDialog) -> bool:
    """Put everything but the dialog's button box in a scroll area; False when it has
    no single button box at the bottom of a plain layout to keep."""
    layout = dialog.layout()
    if (
        not isinstance(layout, QVBoxLayout)
        or dialog.findChild(QScrollArea, "screenFitScroll") is not None
    ):
        return False
    last = layout.itemAt(layout.count() - 1) if layout.count() >= 2 else None
    if last is None or not isinstance(last.widget(), QDialogButtonBox):
        return False
    body = QWidget()
    body_layout = QVBoxLayout()
    body_layout.setContentsMargins(0, 0, 0, 0)
    while layout.count() > 1:
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        assert item is not None  # there is more than one
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            body_layout.addWidget(widget, stretch)
        elif inner is not None:
            inner.setParent(None)
            body_layout.addLayout(inner, stretch)
        else:
            body_layout.addItem(item)
    body.setLayout(body_layout)
    scroll = QScrollArea(dialog)
    scroll.setObjectName("screenFitScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(body)
    layout.insertWidget(0, scroll, 1)
    return True


def fit_dialog(dialog: QDialog) -> None:
    """Keep a dialog within its screen's free area, scrolling its content if need be."""
    free = _screen(dialog).availableGeometry().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    if dialog.minimumSizeHint().height() > free.height() and not isinstance(
        dialog, (QMessageBox, QWizard)
    ):
        make_scrollable(dialog)
    if dialog.height() > free.height() or dialog.width() > free.width():
        dialog.setMinimumHeight(min(dialog.minimumHeight(), free.height()))
        dialog.resize(min(dialog.width(), free.width()), min(dialog.height(), free.height()))
    frame = dialog.frameGeometry()
    x = min(max(frame.left(), free.left()), free.right() - frame.width() + 1)
    y = min(max(frame.top(), free.top()), free.bottom() - frame.height() + 1)
    if (x, y) != (frame.left(), frame.top()):
        dialog.move(x, y)


_SHOW = QEvent.Type.Show  # looked up once: the filter sees every event of the application


class _DialogFitter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == _SHOW
            and isinstance(watched, QDialog)
            and watched.isWindow()
            and not isinstance(watched, QFileDialog)
        ):
            fit_dialog(watched)
        return False


_fitter: _DialogFitter | None = None


def keep_dialogs_on_screen(app: QApplication) -> None:
    """Fit every dialog the application shows from now on (installed once)."""
    global _fitter
    if _fitter is None:
        _fitter = _DialogFitter(app)
        app.installEventFilter(_fitter)
