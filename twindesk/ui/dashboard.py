"""The dashboard: the register at a glance, with Qt Charts."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QObject, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayoutItem,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from twindesk.core.columns import CONTINENTS
from twindesk.core.dates import format_partial
from twindesk.core.i18n import number, translate
from twindesk.core.statistics import overview
from twindesk.core.storage import Register
from twindesk.ui.table_model import RenderContext
from twindesk.ui.worker import Runs


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def bar_chart(title: str, items: list[tuple[str, int]], *, horizontal: bool = False) -> QChartView:
    """Bars of counts; ``horizontal`` for long labels such as country names."""
    chart = _chart(title)
    bars = QBarSet(title)
    if horizontal:
        items = list(reversed(items))  # largest at the top
    bars.append([n for _, n in items])
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append([label for label, _ in items])
    axis_x.setTruncateLabels(False)
    if not horizontal and len(items) > 8:
        axis_x.setLabelsAngle(-45)
    axis_y = QValueAxis()
    # 1,000 with the interface locale's grouping ("%d" shows no labels at all once
    # localised; the ticks are whole numbers, so "%.0f" loses nothing).
    chart.setLocalizeNumbers(True)
    axis_y.setLabelFormat("%.0f")
    step, ticks = nice_ticks(max([n for _, n in items] + [1]))
    axis_y.setRange(0, step * ticks)
    axis_y.setTickCount(ticks + 1)
    chart.addAxis(
        axis_x, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    )
    chart.addAxis(
        axis_y, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    )
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    return _view(chart)


def nice_ticks(top: int, most: int = 5) -> tuple[int, int]:
    """A round step (1, 2 or 5 × 10ⁿ, never below 1) and how many of them reach ``top``
    in at most ``most`` steps: ticks read 0, 200, 400, not 0, 312, 624, 936."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            ticks = -(-top // step)
            if ticks <= most:
                return step, max(ticks, 1)
        magnitude *= 10


def pie_chart(title: str, items: list[tuple[str, int]]) -> QChartView:
    chart = _chart(title)
    series = QPieSeries()
    for label, n in items:
        series.append(f"{label} ({number(n)})", n)
    chart.addSeries(series)
    # A legend, not slice labels: small slices' labels would overlap.
    chart.legend().setVisible(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return _view(chart)


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return view


class _Figures(QObject):
    ready = Signal(object, int)


def _widget_of(item: QLayoutItem | None) -> QWidget | None:
    """The widget a layout's item holds (None for a spacer, a layout or no item)."""
    return item.widget() if item is not None else None


class Dashboard(QWidget):
    """The register at a glance.

    The figures are aggregated over the whole register (a second on a million
    exchanges), so they are computed on a worker thread; the window is usable at once.

    Signals:
        loaded(): the figures are on screen.
    """

    loaded = Signal()

    def __init__(self, register: Register, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.register, self.lang = register, lang
        self._layout = QVBoxLayout(self)
        self._generation = 0
        self._runs = Runs()  # the figures being read on the thread pool
        self._figures = _Figures(self)
        self._figures.ready.connect(self._show)
        self._layout.addWidget(QLabel(self.tr("Counting…"), self))
        self.refresh()

    def refresh(self) -> None:
        """Recompute the figures in the background; a newer refresh wins over an older one."""
        self._generation += 1
        generation, register, emitter = self._generation, self.register, self._figures

        def work() -> None:
            try:
                with register.connect() as conn:
                    figures = overview(conn)
                emitter.ready.emit(figures, generation)
            except RuntimeError:  # the window closed while counting: nothing to show
                pass

        self._runs.start(work)

    def wait(self) -> None:
        """Wait for the figures being read (the window is about to close the register)."""
        self._runs.wait()
        # Figures already sent wait in the event queue: they must not be shown (showing
        # reads the register again, which is closing or, on a server, may be gone).
        self._generation += 1

    def _show(self, o, generation: int) -> None:  # noqa: ANN001
        if generation != self._generation:
            return
        # Figures read again (another clerk saved): the clerk stays where they had scrolled.
        scrolled = next(
            (
                w.verticalScrollBar().value()
                for w in (_widget_of(self._layout.itemAt(i)) for i in range(self._layout.count()))
                if isinstance(w, QScrollArea)
            ),
            0,
        )
        while self._layout.count():
            widget = _widget_of(self._layout.takeAt(0))
            if widget:
                widget.deleteLater()
        ctx = RenderContext(self.register, self.lang)
        content = QWidget(self)
        grid = QGridLayout(content)
        cards = QHBoxLayout()
        for key, label in (
            ("in_force", self.tr("Pairings in force")),
            ("pairings", self.tr("Pairings")),
            ("programmes", self.tr("Programmes")),
            ("exchanges", self.tr("Exchanges")),
            ("places", self.tr("Places")),
            ("contacts", self.tr("Contacts")),
        ):
            cards.addWidget(self._card(label, o.totals[key], key))
        grid.addLayout(cards, 0, 0, 1, 2)
        grid.addWidget(
            pie_chart(
                self.tr("Pairings by continent"),
                [(ctx.pick(*CONTINENTS.get(c, (c, c))), n) for c, n in o.by_continent],
            ),
            1,
            0,
        )
        grid.addWidget(
            bar_chart(
                self.tr("Pairings by country (top 10)"),
                [(ctx.pick(en, zh), n) for _, en, zh, n in o.by_country],
                horizontal=True,
            ),
            1,
            1,
        )
        decades = [(self.tr("%1s").replace("%1", d[:4]), n) for d, n in o.by_decade]
        grid.addWidget(bar_chart(self.tr("Pairings by decade established"), decades), 2, 0)
        grid.addWidget(
            pie_chart(
                self.tr("Pairings by kind"),
                [(ctx.term("pairing_kind", k), n) for k, n in o.by_kind],
            ),
            2,
            1,
        )
        grid.addWidget(bar_chart(self.tr("Exchanges per year"), o.exchanges_per_year[-20:]), 3, 0)
        lists = QVBoxLayout()
        expiring_title = self.tr("Programmes expiring within 6 months")
        lists.addWidget(QLabel(f"<b>{expiring_title}</b>"))
        expiring = QListWidget(self)
        expiring.setObjectName("expiring")
        for _pid, en, zh, end in o.expiring:
            expiring.addItem(
                QListWidgetItem(f"{format_partial(end, self.lang)} · {ctx.pick(en, zh)}")
            )
        if not o.expiring:
            expiring.addItem(self.tr("None"))
        lists.addWidget(expiring)
        recent_title = self.tr("Recently changed")
        lists.addWidget(QLabel(f"<b>{recent_title}</b>"))
        recent = QListWidget(self)
        recent.setObjectName("recent")
        actions = {
            "insert": self.tr("added"),
            "update": self.tr("changed"),
            "delete": self.tr("deleted"),
        }
        for entity, rid, action, when in o.recent:
            name = translate(f"entity.{entity}", self.lang)
            local = when.astimezone() if when.tzinfo else when
            recent.addItem(
                f"{local:%Y-%m-%d %H:%M} · {name} #{rid} · {actions.get(action, action)}"
            )
        lists.addWidget(recent)
        box = QWidget(self)
        box.setLayout(lists)
        grid.addWidget(box, 3, 1)
        grid.addWidget(
            bar_chart(
                self.tr("Pairings in force by country group"),
                [(ctx.pick(en, zh), n) for _, en, zh, n in o.by_group],
                horizontal=True,
            ),
            4,
            0,
        )
        grid.addWidget(self._anniversaries(o.anniversaries, ctx), 4, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        if scrolled:
            bar = scroll.verticalScrollBar()

            def back_to_where_it_was(_low: int, high: int) -> None:
                if high > 0:  # laid out: once, not at every later resize
                    bar.rangeChanged.disconnect(back_to_where_it_was)
                    bar.setValue(scrolled)

            bar.rangeChanged.connect(back_to_where_it_was)
        self._layout.addWidget(scroll)
        self.loaded.emit()

    def _anniversaries(self, found, ctx: RenderContext) -> QWidget:  # noqa: ANN001
        """Round anniversaries (逢五逢十) this year and next, and the calendar export."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        title = self.tr("Round anniversaries this year and next")
        layout.addWidget(QLabel(f"<b>{title}</b>", box))
        listing = QListWidget(box)
        listing.setObjectName("anniversaries")
        dash = "—" if self.lang == "zh" else " – "
        for a in found:
            years = self.tr("%n year(s)", "", a.years)
            listing.addItem(
                f"{format_partial(a.date, self.lang)} · {years} · "
                f"{ctx.pick(a.a_en, a.a_zh)}{dash}{ctx.pick(a.b_en, a.b_zh)}"
            )
        if not found:
            listing.addItem(self.tr("None"))
        layout.addWidget(listing)
        button = QPushButton(self.tr("Export to calendar (.ics)…"), box)
        button.setObjectName("exportCalendar")
        button.setToolTip(
            self.tr(
                "The anniversaries and the programmes' end dates, for Outlook or another calendar"
            )
        )
        button.clicked.connect(self._export_calendar)
        layout.addWidget(button)
        return box

    def _export_calendar(self) -> None:
        from twindesk.ui.dialogs.report_content import export_calendar  # loaded when asked

        export_calendar(self, self.register, self.lang)

    def _card(self, label: str, value: int, key: str) -> QFrame:
        card = QFrame(self)
        card.setObjectName(f"card_{key}")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        if key == "in_force":
            card.setToolTip(
                self.tr("Pairings in a status that counts as in force (Lists > Pairing statuses)")
            )
        layout = QVBoxLayout(card)
        figure = QLabel(number(value), card)
        figure.setObjectName("value")
        figure.setStyleSheet("font-size: 22pt; font-weight: 600;")
        layout.addWidget(figure)
        layout.addWidget(QLabel(label, card))
        return card
