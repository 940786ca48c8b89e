"""Bar and pie charts drawn with reportlab's graphics, in the report font and colours."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from twindesk.core.reports.fonts import register_font
from twindesk.core.reports.layout import FRAME_W, GREY, NAVY, RED
from twindesk.core.reports.text import share

PALETTE = [
    NAVY,
    RED,
    colors.HexColor("#4F7CAC"),
    colors.HexColor("#D9A441"),
    colors.HexColor("#6A9F6B"),
    colors.HexColor("#8E6C8A"),
    colors.HexColor("#C97B4A"),
    colors.HexColor("#9AA5B1"),
    colors.HexColor("#2E7D7A"),
    colors.HexColor("#B5838D"),
    colors.HexColor("#596F3E"),
    colors.HexColor("#7F8C8D"),
]
MAX_SLICES = 8


def _legend(font: str, items: list[tuple[colors.Color, str]], x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = 12
    legend.dx = legend.dy = 7
    legend.deltay = 11
    legend.colorNamePairs = items
    return legend


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Sequence[int]],
    names: Sequence[str],
    *,
    height: float = 150,
    width: float = FRAME_W,
) -> Drawing:
    """Vertical bars, one colour per series (e.g. previous year and this year)."""
    font = register_font()
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=8)
    chart = VerticalBarChart()
    legend_w = 90 if len(names) > 1 else 0
    chart.x, chart.y = 32, 28
    chart.width, chart.height = width - chart.x - legend_w - 10, height - chart.y - 10
    chart.data = [list(s) for s in series]
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.dy = -3
    if max((len(c) for c in categories), default=0) * len(categories) > 110:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    top = max((max(s, default=0) for s in series), default=0)
    chart.valueAxis.valueMax = max(top * 1.1, 4)
    chart.valueAxis.valueStep = _step(chart.valueAxis.valueMax)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E1E5EA")
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = GREY
    chart.barSpacing, chart.groupSpacing = 1, 8
    chart.barLabelFormat = lambda v: f"{v:,.0f}" if v else ""
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 6.5
    chart.barLabels.nudge = 6
    for i in range(len(series)):
        chart.bars[i].fillColor = (
            PALETTE[(len(series) - 1 - i) % len(PALETTE)] if len(series) > 1 else NAVY
        )
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if legend_w:
        drawing.add(
            _legend(
                font,
                [(chart.bars[i].fillColor, n) for i, n in enumerate(names)],
                width - legend_w + 14,
                height - 12,
            )
        )
    return drawing


def pie_chart(
    labels: Sequence[str],
    values: Sequence[int],
    other: str,
    *,
    height: float = 150,
    width: float = FRAME_W,
) -> Drawing:
    """A pie with a legend of labels, counts and shares, in the order given (the order of
    the table beside it); the slices past the first few are put together."""
    font = register_font()
    items = list(zip(values, labels, strict=True))
    if len(items) > MAX_SLICES:
        rest = sum(v for v, _ in items[MAX_SLICES - 1 :])
        items = items[: MAX_SLICES - 1] + [(rest, other)]
    total = sum(v for v, _ in items) or 1
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=8)
    pie = Pie()
    size = height - 16
    pie.x, pie.y, pie.width, pie.height = 30, 8, size, size
    pie.data = [v for v, _ in items] or [1]
    pie.labels = None
    pie.startAngle, pie.direction = 90, "clockwise"
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 1
    for i in range(len(items)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    drawing.add(
        _legend(
            font,
            [
                (PALETTE[i % len(PALETTE)], f"{label}  {v:,} ({share(v, total)})")
                for i, (v, label) in enumerate(items)
            ],
            pie.x + size + 40,
            height - 10,
        )
    )
    if not items:
        drawing.add(
            String(pie.x + size / 2, pie.y + size / 2, "0", fontName=font, textAnchor="middle")
        )
    return drawing


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 8:
            return step
    return top / 8
