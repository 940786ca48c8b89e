"""The Map page: every partner on an offline world map, lines from the local place.

Shapes, projection and the query are in ``twindesk.core.maps``; this draws them with
QPainter. The countries and lines are QPainterPaths in map coordinates, drawn through
the view's transform (zoom and pan only change the transform): the countries read
prebuilt (``country_paths``) and drawn once per view into a layer that later paints
copy, the lines made once per load. The dots are drawn in pixels so they keep their
size at any zoom.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QDataStream,
    QEvent,
    QPoint,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QCursor,
    QFontMetrics,
    QImage,
    QIntValidator,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import maps
from twindesk.core.columns import FILTERS, YEAR_FILTERS
from twindesk.core.i18n import translate
from twindesk.core.queries import Filter, describe
from twindesk.core.storage import Register
from twindesk.paths import resources_dir
from twindesk.ui.list_page import IN_FORCE, ListPage, filter_title

HIT_RADIUS = 7  # pixels around a dot that count as on it
DOT, LOCAL = 7, 8  # dot diameter, local square side (pixels)
MAX_ZOOM = 40
LINE_ALPHA = 120  # of 255: the lines' opacity


class MapView(QWidget):
    """The map itself. Signals:
    open_requested(pairing_ids): the clerk clicked (or pressed Enter on) a partner;
        several ids when several pairings share the spot.
    """

    open_requested = Signal(list)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.lang = lang
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(400, 250)
        self.partners: list[maps.MapPartner] = []
        self.legend: list[tuple[str, str]] = []  # (colour, text)
        self.selected: int | None = None  # index into partners
        self.hovered: int | None = None
        self.scale = 0.0  # pixels per map unit; 0 until first fitted
        self._fitted = True  # showing the whole world: stays so when the window is resized
        self.center = QPointF(0, 0)
        self._press: QPoint | None = None
        self._dragged = False
        self._screen: list[tuple[float, float]] | None = None  # partners in pixels, for hits
        x0, y0, x1, y1 = maps.extent()
        self._world = QRectF(QPointF(x0, y0), QPointF(x1, y1))
        self._countries: dict[str, QPainterPath] = {}  # read at the first paint, not at start-up
        # The sea and the countries, drawn once for a view (size, zoom, pan) and a set of
        # partner countries, then copied: a reload, a hover or a selection redraws only
        # lines and dots over it. (key, pixmap)
        self._land: tuple[tuple, QPixmap] | None = None
        self._sea = _path([maps.outline()])
        self._set_caches({}, [])

    # -- data -------------------------------------------------------------------------
    def set_partners(
        self,
        partners: list[maps.MapPartner],
        colours: dict[str, str],
        by: str,
        legend: list[tuple[str, str]],
    ) -> None:
        """Show ``partners``, each coloured by its ``by`` ("kind" or "status")."""
        self.partners, self.legend = partners, legend
        self.selected = self.hovered = None
        self._set_caches(colours, partners, by)
        self.update()

    def _set_caches(
        self, colours: dict[str, str], partners: list[maps.MapPartner], by: str = "kind"
    ) -> None:
        lines: dict[str, QPainterPath] = {}
        dots: dict[str, list[QPointF]] = {}
        locals_: dict[int, QPointF] = {}
        arc = maps.arc_control
        for p in partners:
            colour = colours.get(p.kind if by == "kind" else p.status, maps.PALETTE[-1])
            path = lines.get(colour)
            if path is None:
                path, dots[colour] = lines.setdefault(colour, QPainterPath()), []
            (x1, y1), (x2, y2) = p.local, p.partner
            path.moveTo(x1, y1)
            path.quadTo(*arc(p.local, p.partner), x2, y2)
            dots[colour].append(QPointF(x2, y2))
            if p.local_id not in locals_:
                locals_[p.local_id] = QPointF(x1, y1)
        self._lines = lines
        self._dots = {colour: QPolygonF(points) for colour, points in dots.items()}
        self._sprites = {colour: _sprite(colour, self.devicePixelRatioF()) for colour in dots}
        self._locals = QPolygonF(list(locals_.values()))
        self._partner_countries = {p.country for p in partners}
        self._screen = None

    # -- view -------------------------------------------------------------------------
    def transform(self) -> QTransform:
        if not self.scale:
            self.fit()
        t = QTransform()
        t.translate(self.width() / 2, self.height() / 2)
        t.scale(self.scale, -self.scale)  # map y runs north, the screen's south
        t.translate(-self.center.x(), -self.center.y())
        return t

    def fit(self) -> None:
        """The whole world in view."""
        margin = 12
        self.scale = min(
            (self.width() - 2 * margin) / self._world.width(),
            (self.height() - 2 * margin) / self._world.height(),
        )
        self.center = self._world.center()
        self._fitted = True
        self._changed()

    def zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by ``factor``, keeping the map point under ``anchor`` (pixels) in place."""
        if not self.scale:
            self.fit()
        fit = min(self.width() / self._world.width(), self.height() / self._world.height())
        new = max(fit * 0.5, min(fit * MAX_ZOOM, self.scale * factor))
        if anchor is not None:
            before = self.transform().inverted()[0].map(anchor)
            self.scale = new
            after = self.transform().inverted()[0].map(anchor)
            self.center += before - after
        else:
            self.scale = new
        self._fitted = False
        self._changed()

    def pan(self, dx: float, dy: float) -> None:
        """Move the map by (dx, dy) pixels."""
        self.center -= QPointF(dx / self.scale, -dy / self.scale)
        self._fitted = False
        self._changed()

    def _changed(self) -> None:
        self._screen = None
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().resizeEvent(event)
        if self._fitted:
            self.fit()
        self._screen = None

    # -- where the partners are ----------------------------------------------------------
    def marker_position(self, index: int) -> QPoint:
        """Where the dot of ``partners[index]`` is, in this widget's pixels."""
        x, y = self._screen_points()[index]
        return QPoint(round(x), round(y))

    def _screen_points(self) -> list[tuple[float, float]]:
        if self._screen is None:
            t = self.transform()
            # PySide6's stubs type map(x, y) as object; it gives the point as (x, y).
            self._screen = [t.map(p.partner[0], p.partner[1]) for p in self.partners]  # type: ignore[misc]
        return self._screen

    def hits(self, pos: QPointF) -> list[int]:
        """Indexes of the partners whose dot is under ``pos``, nearest first."""
        x, y, r2 = pos.x(), pos.y(), HIT_RADIUS * HIT_RADIUS
        near = [
            ((sx - x) ** 2 + (sy - y) ** 2, i)
            for i, (sx, sy) in enumerate(self._screen_points())
            if abs(sx - x) <= HIT_RADIUS and abs(sy - y) <= HIT_RADIUS
        ]
        return [i for d, i in sorted(near) if d <= r2]

    # -- drawing ----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        t = self.transform()
        p = QPainter(self)
        p.drawPixmap(0, 0, self._land_layer(t))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        # The lines, drawn opaque on a layer laid on at LINE_ALPHA: blending each of 3,000
        # lines' 800,000 pixels as it is drawn took twice as long as drawing them opaque.
        # (Where lines cross, they no longer darken each other.)
        ratio = self.devicePixelRatioF()
        layer = QImage(
            round(self.width() * ratio),
            round(self.height() * ratio),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        layer.setDevicePixelRatio(ratio)
        layer.fill(Qt.GlobalColor.transparent)
        lines = QPainter(layer)
        lines.setRenderHint(QPainter.RenderHint.Antialiasing)
        lines.setClipRect(self.rect())  # zoomed in, Qt then skips what is off the map: 2x faster
        lines.setTransform(t)
        for colour, path in self._lines.items():
            lines.setPen(
                _cosmetic(colour, 1)
            )  # 1 px: Qt's fast cosmetic stroker (1.1 px took 20x as long)
            lines.drawPath(path)
        lines.end()
        p.setOpacity(LINE_ALPHA / 255)
        p.drawImage(0, 0, layer)
        p.setOpacity(1.0)
        # Local places under the partners: a partner a few km from its local place stays visible.
        p.setPen(QPen(QColor("#FFFFFF"), 1.5))
        p.setBrush(QColor(maps.LOCAL_COLOUR))
        # Mapped with the corner offset folded into the transform: the loops only pass
        # Qt's own points on (no per-dot Python arithmetic: 3,000 dots).
        side = QSizeF(LOCAL, LOCAL)
        # PySide6's stubs leave out QPolygonF's iteration (over its QPointF).
        for point in (t * QTransform.fromTranslate(-LOCAL / 2, -LOCAL / 2)).map(self._locals):  # type: ignore[attr-defined]
            p.drawRect(QRectF(point, side))
        for colour, points in self._dots.items():  # a prepared dot, copied: no stroking
            sprite = self._sprites[colour]
            r = sprite.width() / sprite.devicePixelRatio() / 2
            draw = p.drawPixmap
            for point in (t * QTransform.fromTranslate(-r, -r)).map(points):  # type: ignore[attr-defined]  # as above
                draw(point, sprite)
        for index, width in ((self.hovered, 2), (self.selected, 2.5)):
            if index is not None and index < len(self.partners):
                x, y = self._screen_points()[index]
                p.setPen(QPen(QColor("#1F3A5F"), width))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(QPointF(x, y), DOT, DOT)
        self._draw_legend(p)
        p.end()

    def _land_layer(self, t: QTransform) -> QPixmap:
        ratio = self.devicePixelRatioF()
        key = (
            self.width(),
            self.height(),
            ratio,
            t.m11(),
            t.m22(),
            t.dx(),
            t.dy(),
            frozenset(self._partner_countries),
        )
        if self._land is not None and self._land[0] == key:
            return self._land[1]
        if not self._countries:
            self._countries = country_paths()
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor("#FFFFFF"))
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setClipRect(self.rect())
        p.setTransform(t)
        p.setPen(_cosmetic("#C5CCD6", 1))
        p.setBrush(QColor(maps.SEA))
        p.drawPath(self._sea)
        p.setPen(_cosmetic(maps.BORDER, 0.8))
        land, partner_land = QBrush(QColor(maps.LAND)), QBrush(QColor(maps.LAND_PARTNER))
        for code, path in self._countries.items():
            p.setBrush(partner_land if code in self._partner_countries else land)
            p.drawPath(path)
        p.end()
        self._land = (key, pixmap)
        return pixmap

    def _draw_legend(self, p: QPainter) -> None:
        if not self.legend:
            return
        metrics = QFontMetrics(self.font())
        line = metrics.height() + 4
        rows = [(maps.LOCAL_COLOUR, translate("map.local", self.lang), True)]
        rows += [(colour, text, False) for colour, text in self.legend]
        width = 30 + max(metrics.horizontalAdvance(text) for _, text, _ in rows)
        box = QRectF(10, self.height() - 10 - line * len(rows) - 8, width, line * len(rows) + 8)
        p.setPen(QPen(QColor("#C5CCD6"), 1))
        p.setBrush(QColor(255, 255, 255, 225))
        p.drawRoundedRect(box, 4, 4)
        for i, (colour, text, square) in enumerate(rows):
            y = box.top() + 4 + i * line + line / 2
            p.setPen(QPen(QColor("#FFFFFF"), 1))
            p.setBrush(QColor(colour))
            if square:
                p.drawRect(QRectF(box.left() + 10 - LOCAL / 2, y - LOCAL / 2, LOCAL, LOCAL))
            else:
                p.drawEllipse(QPointF(box.left() + 10, y), DOT / 2 + 0.5, DOT / 2 + 0.5)
            p.setPen(QColor("#1F2933"))
            p.drawText(
                QRectF(box.left() + 22, y - line / 2, width, line),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )

    # -- mouse and keys ---------------------------------------------------------------
    def wheelEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.25**steps, event.position())
        event.accept()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragged = event.position().toPoint(), False
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        pos = event.position().toPoint()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = pos - self._press
            if self._dragged or delta.manhattanLength() > 3:  # a click may wobble a little
                self._dragged = True
                self._press = pos
                self.pan(delta.x(), delta.y())
            return
        hits = self.hits(QPointF(pos))
        hovered = hits[0] if hits else None
        if hovered != self.hovered:
            self.hovered = hovered
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if hits else Qt.CursorShape.ArrowCursor
            )
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        self.unsetCursor()
        clicked, self._press = not self._dragged, None
        if clicked:
            hits = self.hits(event.position())
            if hits:
                self.selected = hits[0]
                self.update()
                self._open(hits)

    def _open(self, hits: list[int]) -> None:
        self.open_requested.emit(list(dict.fromkeys(self.partners[i].pairing_id for i in hits)))

    def event(self, event) -> bool:  # noqa: ANN001 - Qt override
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPoint) -> str:
        """The partners under ``pos``: name in both languages, country, the pairing."""
        lines = []
        for i in self.hits(QPointF(pos))[:8]:
            p = self.partners[i]
            names = " ".join(dict.fromkeys(n for n in (p.partner_en, p.partner_zh) if n))
            country = p.country_zh if self.lang == "zh" and p.country_zh else p.country_en
            local = (p.local_zh or p.local_en) if self.lang == "zh" else (p.local_en or p.local_zh)
            partner = (
                (p.partner_zh or p.partner_en)
                if self.lang == "zh"
                else (p.partner_en or p.partner_zh)
            )
            pairing = f"{local}—{partner}" if self.lang == "zh" else f"{local} – {partner}"
            lines.append(f"<b>{_html(names)}</b> ({_html(country)})<br>{_html(pairing)}")
        return "<br>".join(lines)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(0.8)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.fit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self._open([self.selected])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.select_toward(key)
        elif key == Qt.Key.Key_Escape and self.selected is not None:
            self.selected = None
            self.update()
        else:
            super().keyPressEvent(event)

    def select_toward(self, key: Qt.Key) -> None:
        """Arrow keys move the selection to the nearest partner that way."""
        points = self._screen_points()
        if not points:
            return
        if self.selected is None:
            self.selected = min(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
        else:
            x, y = points[self.selected]
            dx, dy = {
                Qt.Key.Key_Left: (-1, 0),
                Qt.Key.Key_Right: (1, 0),
                Qt.Key.Key_Up: (0, -1),
                Qt.Key.Key_Down: (0, 1),
            }[key]
            best = None
            for i, (px, py) in enumerate(points):
                ahead = (px - x) * dx + (py - y) * dy  # distance that way
                aside = abs((px - x) * dy) + abs((py - y) * dx)
                if ahead > 0 and aside <= 2 * ahead:
                    score = ahead + 2 * aside
                    if best is None or score < best[0]:
                        best = (score, i)
            if best is not None:
                self.selected = best[1]
        self.update()


@cache
def country_paths() -> dict[str, QPainterPath]:
    """Country code -> its shape, read from the prebuilt projected paths
    (``maps.PATHS_FILE``) by QDataStream in a few milliseconds, where parsing the JSON,
    projecting its 10,000 points and making the paths in Python took 60-90 ms."""
    data = (resources_dir() / maps.PATHS_FILE).read_bytes()
    start, count = maps.paths_header(data)
    stream = QDataStream(QByteArray(data[start:]))
    stream.setVersion(QDataStream.Version.Qt_6_0)
    out = {}
    for _ in range(count):
        code = bytes(stream.readRawData(2)).decode("ascii")
        path = QPainterPath()
        stream >> path
        out[code] = path
    return out


def _path(rings) -> QPainterPath:  # noqa: ANN001
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)  # holes (Lesotho in South Africa) are rings too
    for ring in rings:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in ring]))
        path.closeSubpath()
    return path


def _sprite(colour: str, ratio: float) -> QPixmap:
    """A partner dot with its white halo, drawn once per colour."""
    side = DOT + 3
    pixmap = QPixmap(round(side * ratio), round(side * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#FFFFFF"), 1.5))
    p.setBrush(QColor(colour))
    p.drawEllipse(QRectF(0.75, 0.75, side - 1.5, side - 1.5))
    p.end()
    return pixmap


def _cosmetic(colour, width: float) -> QPen:  # noqa: ANN001
    pen = QPen(QColor(colour), width)
    pen.setCosmetic(True)  # a line width in pixels, whatever the zoom
    return pen


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class MapPage(QWidget):
    """The Map section: filters like the Pairings list, a colour switch, zoom buttons and
    the map. Signals:
        open_requested(entity, record_id): open a pairing (as the lists do).
    """

    open_requested = Signal(str, int)

    def __init__(self, register: Register, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapPage")
        self.register, self.lang = register, lang
        self._stale = True  # loaded when first shown, so the window opens as fast as before

        self.search = QLineEdit(self)
        self.search.setObjectName("quickSearch")
        self.search.setPlaceholderText(
            QCoreApplication.translate(
                "ListPage", "Search by English or Chinese name, pinyin or initials"
            )
        )
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)

        # The Pairings list's filters: its definitions, words, choices and reading of them
        # (ListPage.current_filter), so the map shows what the list shows.
        filter_row = QHBoxLayout()
        self.filters: dict[str, QComboBox] = {}
        for attr, source in FILTERS["pairing"]:
            box = QComboBox(self)
            box.setObjectName(f"filter_{attr}")
            box.addItem(filter_title(attr), None)
            if source == "pairing_status":
                box.addItem(QCoreApplication.translate("ListPage", "In force"), IN_FORCE)
                box.insertSeparator(2)
            for code, label in ListPage._choices(self, source):  # reads only lang and register
                box.addItem(label, code)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(9)
            box.setMaximumWidth(220)
            box.currentIndexChanged.connect(self.reload)
            self.filters[attr] = box
            filter_row.addWidget(box)
        self.year_from: QLineEdit | None = None
        self.year_to: QLineEdit | None = None
        if "pairing" in YEAR_FILTERS:
            self.year_from, self.year_to = QLineEdit(self), QLineEdit(self)
            for year_box, name, hint in (
                (self.year_from, "yearFrom", QCoreApplication.translate("ListPage", "from")),
                (self.year_to, "yearTo", QCoreApplication.translate("ListPage", "to")),
            ):
                year_box.setObjectName(name)
                year_box.setValidator(QIntValidator(1, 9999, year_box))
                year_box.setPlaceholderText(hint)
                year_box.setClearButtonEnabled(True)
                year_box.setMaximumWidth(90)
                year_box.textChanged.connect(self._debounce.start)
            filter_row.addWidget(QLabel(QCoreApplication.translate("ListPage", "Years"), self))
            filter_row.addWidget(self.year_from)
            filter_row.addWidget(QLabel("–", self))
            filter_row.addWidget(self.year_to)
        filter_row.addStretch(1)

        self.colour_by = QComboBox(self)
        self.colour_by.setObjectName("colourBy")
        self.colour_by.addItem(self.tr("Colour by kind"), "kind")
        self.colour_by.addItem(self.tr("Colour by status"), "status")
        self.colour_by.currentIndexChanged.connect(self.reload)
        self.summary = QLabel(self)
        self.summary.setObjectName("mapSummary")
        self.view = MapView(lang, self)
        self.view.open_requested.connect(self._open)
        self.zoom_out = self._button(
            "−", self.tr("Zoom out (-)"), lambda: self.view.zoom(0.8), "zoomOut"
        )
        self.zoom_in = self._button(
            "+", self.tr("Zoom in (+)"), lambda: self.view.zoom(1.25), "zoomIn"
        )
        self.fit_button = self._button(
            self.tr("Fit"), self.tr("Show the whole world (0)"), self.view.fit, "fit"
        )
        tools = QHBoxLayout()
        tools.addWidget(self.colour_by)
        tools.addWidget(self.summary, 1)
        for button in (self.zoom_out, self.zoom_in, self.fit_button):
            tools.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filter_row)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)

    def _button(self, text: str, tip: str, slot, name: str) -> QPushButton:  # noqa: ANN001
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the map
        if len(text) == 1:
            button.setFixedWidth(button.sizeHint().height() + 8)
        button.clicked.connect(slot)
        return button

    def current_filter(self) -> Filter:
        return ListPage.current_filter(self)  # the list's reading of the same widgets

    # -- loading ----------------------------------------------------------------------
    def refresh(self) -> None:
        """The register changed: reload now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        by = self.colour_by.currentData()
        with self.register.connect() as conn:
            data = maps.partners(conn, self.current_filter())
            legend = maps.legend(conn, by, data.partners)
        colours = {code: colour for code, colour, _en, _zh, _n in legend}
        zh = self.lang == "zh"
        entries = [
            (colour, f"{zh_label if zh else en}  {n:,}") for _c, colour, en, zh_label, n in legend
        ]
        self.view.set_partners(data.partners, colours, by, entries)
        text = self.tr("%n pairing(s) on the map", "", len(data.partners))
        if data.not_shown:
            text += " · " + maps.not_shown_message(data.not_shown, self.lang)
        self.summary.setText(text)

    def _open(self, pairing_ids: list[int]) -> None:
        if len(pairing_ids) == 1:
            self.open_requested.emit("pairing", pairing_ids[0])
            return
        # Several pairings share the spot (one partner, several local places): ask which.
        with self.register.connect() as conn:
            names = describe(conn, "pairing", pairing_ids, self.lang)
        menu = QMenu(self)
        for pairing_id in pairing_ids:
            action = menu.addAction(names.get(pairing_id, f"#{pairing_id}"))
            action.triggered.connect(
                lambda _=False, i=pairing_id: self.open_requested.emit("pairing", i)
            )
        menu.popup(QCursor.pos())
