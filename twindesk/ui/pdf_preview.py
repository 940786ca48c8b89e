"""Print preview of a report: its PDF pages as they will print, with zoom and page moves.

QPdfView shows the vector PDF itself, so what the clerk sees is what the printer gets.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 1.25, 0.1, 8.0
PAGE_KEYS = (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class PdfPreview(QWidget):
    def __init__(self, document: QPdfDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.view = QPdfView(self)
        self.view.setObjectName("preview")
        self.view.setDocument(document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.navigator = self.view.pageNavigator()

        def action(name: str, text: str, slot, keys=(), icon=None) -> QAction:  # noqa: ANN001
            act = QAction(text, self)
            act.setObjectName(name)
            if icon is not None:
                act.setIcon(self.style().standardIcon(icon))
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown = " / ".join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys
            )
            act.setToolTip(f"{text} ({shown})" if shown else text)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.previous_action = action(
            "previous",
            self.tr("Previous page"),
            lambda: self.go(self.page() - 1),
            icon=QStyle.StandardPixmap.SP_ArrowUp,
        )
        self.next_action = action(
            "next",
            self.tr("Next page"),
            lambda: self.go(self.page() + 1),
            icon=QStyle.StandardPixmap.SP_ArrowDown,
        )
        self.fit_width_action = action(
            "fit_width",
            self.tr("Fit width"),
            lambda: self.set_zoom_mode(QPdfView.ZoomMode.FitToWidth),
        )
        self.fit_page_action = action(
            "fit_page", self.tr("Fit page"), lambda: self.set_zoom_mode(QPdfView.ZoomMode.FitInView)
        )
        self.zoom_out_action = action(
            "zoom_out",
            self.tr("Zoom out"),
            lambda: self.zoom_by(1 / ZOOM_STEP),
            (QKeySequence.StandardKey.ZoomOut,),
        )
        self.zoom_in_action = action(
            "zoom_in",
            self.tr("Zoom in"),
            lambda: self.zoom_by(ZOOM_STEP),
            (QKeySequence.StandardKey.ZoomIn,),
        )
        self.zoom_out_action.setText("−")
        self.zoom_in_action.setText("+")
        for act in (self.fit_width_action, self.fit_page_action):
            act.setCheckable(True)

        self.page_box = QSpinBox(self)
        self.page_box.setObjectName("page")
        self.page_box.setToolTip(self.tr("Page number: type one and press Enter"))
        self.page_box.setKeyboardTracking(False)  # typing "12" goes to 12, not via 1
        self.page_box.valueChanged.connect(lambda n: self.go(n - 1))
        self.page_count = QLabel(self)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("800%") + 4)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for item in (
            self.previous_action,
            self.next_action,
            self.page_box,
            self.page_count,
            None,
            self.fit_width_action,
            self.fit_page_action,
            self.zoom_out_action,
            self.zoom_label,
            self.zoom_in_action,
        ):
            if item is None:
                bar.addStretch(1)
            elif isinstance(item, QAction):
                button = QToolButton(self)
                button.setObjectName(item.objectName())
                button.setDefaultAction(item)
                bar.addWidget(button)
            else:
                bar.addWidget(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        # Keys go to the view (it has focus after a click); the viewport gets the wheel.
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.page_box.installEventFilter(self)
        self.navigator.currentPageChanged.connect(self._show_page)
        self.view.zoomFactorChanged.connect(lambda _: self._show_zoom())
        self.view.zoomModeChanged.connect(lambda _: self._show_zoom())
        document.pageCountChanged.connect(lambda _: self._show_page(self.page()))
        self._show_page(0)
        self._show_zoom()

    # -- pages ----------------------------------------------------------------------------
    def page(self) -> int:
        """The 0-based page at the top of the view."""
        return self.navigator.currentPage()

    def go(self, page: int) -> None:
        count = self.document.pageCount()
        if not count:
            return
        page = max(0, min(page, count - 1))
        if page == self.page() and count > 1:
            # The view ignores a jump to the page it calls current, even when it shows that
            # page's middle (scrolled, or zoomed): a neighbour first makes it a real jump.
            self.navigator.jump(page - 1 if page else 1, QPointF(0, 0), 0)
        self.navigator.jump(page, QPointF(0, 0), 0)

    def _show_page(self, page: int) -> None:
        count = self.document.pageCount()
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 0))
        self.page_box.setValue(page + 1 if count else 0)
        self.page_box.blockSignals(False)
        self.page_count.setText(self.tr("of %1").replace("%1", f"{count:,}") if count else "")
        self.page_box.setEnabled(count > 0)
        self.previous_action.setEnabled(0 < page < count)
        self.next_action.setEnabled(page < count - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.page_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.page_box.interpretText()  # Enter goes to the page, not to the dialog's default button
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in PAGE_KEYS
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            # A page at a time, not a screenful of scrolling: what a report reader expects.
            targets: dict[int, int] = {
                Qt.Key.Key_Home: 0,
                Qt.Key.Key_End: self.document.pageCount() - 1,
                Qt.Key.Key_PageUp: self.page() - 1,
                Qt.Key.Key_PageDown: self.page() + 1,
            }
            self.go(targets[event.key()])
            return True
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.angleDelta().y():
                self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            return True
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._show_zoom()  # the fitted zoom follows the view's size
        return super().eventFilter(watched, event)

    # -- zoom -----------------------------------------------------------------------------
    def set_zoom_mode(self, mode: QPdfView.ZoomMode) -> None:
        page = self.page()
        self.view.setZoomMode(mode)
        self._keep(page)
        self._show_zoom()

    def zoom(self) -> float:
        """The zoom shown; in the fit modes QPdfView keeps its last custom factor, so the
        fitted one is worked out as QPdfView does (page points at the screen's dpi)."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or not self.document.pageCount():
            return self.view.zoomFactor()
        points = self.document.pagePointSize(max(self.page(), 0))
        dpi = QGuiApplication.primaryScreen().logicalDotsPerInch() / 72
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        factor = width / (points.width() * dpi)
        if mode == QPdfView.ZoomMode.FitInView:
            height = self.view.viewport().height() - margins.top() - margins.bottom()
            factor = min(factor, height / (points.height() * dpi))
        return max(factor, ZOOM_MIN)

    def zoom_by(self, step: float) -> None:
        factor, page = max(ZOOM_MIN, min(self.zoom() * step, ZOOM_MAX)), self.page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._keep(page)
        self._show_zoom()

    def _keep(self, page: int) -> None:
        """Back to ``page`` once QPdfView has laid out the new zoom: it keeps the scroll
        offset, which is another page at another zoom."""
        QTimer.singleShot(0, self, lambda: self.go(page))

    def _show_zoom(self) -> None:
        mode = self.view.zoomMode()
        self.fit_width_action.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.fit_page_action.setChecked(mode == QPdfView.ZoomMode.FitInView)
        factor = self.zoom()
        self.zoom_out_action.setEnabled(factor > ZOOM_MIN + 1e-6)
        self.zoom_in_action.setEnabled(factor < ZOOM_MAX - 1e-6)
        self.zoom_label.setText(f"{factor:.0%}")
