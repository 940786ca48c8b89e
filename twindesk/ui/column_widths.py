"""Table columns sized to what they hold, read from a sample of rows (never the whole
table: a list may have a million rows), with the first date column kept in view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QTableView

SAMPLE_ROWS = 40  # within the model's first page: sizing fetches nothing more
PADDING = 24
MIN_WIDTH = 56
CAPS = {"title": 420, "name": 260}  # title and name columns may be wider than the rest
OTHER_CAP = 220
READABLE = 160  # columns are not clipped below this to fit them all in view


def fit_columns(view: QTableView, *, budget: int | None = None) -> None:
    """Size each visible column to its header and its sampled cells, then narrow the
    widest columns so that all fit in ``budget`` (the viewport's width by default), or
    at least the first date column does; cut text shows whole in its tooltip."""
    model, header = view.model(), view.horizontalHeader()
    cells, heads = view.fontMetrics(), header.fontMetrics()
    rows = range(min(SAMPLE_ROWS, model.rowCount()))
    columns = getattr(model, "columns", None)  # a RecordTableModel's column specs
    order = sorted(
        (c for c in range(model.columnCount()) if not header.isSectionHidden(c)),
        key=header.visualIndex,
    )
    widths: dict[int, int] = {}
    for col in order:
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        widest = max(
            (cells.horizontalAdvance(str(model.index(r, col).data() or "")) for r in rows),
            default=0,
        )
        key = columns[col].key if columns else ""
        cap = CAPS.get(
            "title"
            if key == "title"
            else "name"
            if key in ("local", "partner", "name", "name_en", "name_zh")
            else "",
            OTHER_CAP,
        )
        # the header's width (with room for the sort arrow) is a floor; the cap is not for it
        widths[col] = max(
            MIN_WIDTH, heads.horizontalAdvance(title) + PADDING + 14, min(widest + PADDING, cap)
        )
    budget = view.viewport().width() if budget is None else budget
    if budget > 0:
        # Everything in view if clipping the widest columns at a readable width does it;
        # else at least the first date column (the established date) and all left of it.
        fitted = _clip(widths, order, budget)
        if fitted >= READABLE:
            widths = {c: min(w, fitted) for c, w in widths.items()}
        else:
            dates = [c for c in order if columns and columns[c].kind == "date"]
            if dates:
                before = order[: order.index(dates[0])]
                clip = _clip(widths, before, budget - widths[dates[0]])
                widths.update({c: min(widths[c], clip) for c in before})
    for col, width in widths.items():
        header.resizeSection(col, width)


def _clip(widths: dict[int, int], columns: list[int], room: int) -> int:
    """The largest width w such that clipping ``columns`` at w makes them fit ``room``."""
    if not columns or sum(widths[c] for c in columns) <= room:
        return max((widths[c] for c in columns), default=MIN_WIDTH)
    low, high = MIN_WIDTH, max(widths[c] for c in columns)
    while low < high:
        mid = (low + high + 1) // 2
        if sum(min(widths[c], mid) for c in columns) <= room:
            low = mid
        else:
            high = mid - 1
    return low


class _FitOnShow(QObject):
    """Fits a table's columns once, when it is first shown with its real width."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            assert isinstance(watched, QTableView)  # installed on tables only
            fit_columns(watched)
            self.deleteLater()
        return False


def fit_columns_when_shown(view: QTableView) -> None:
    view.installEventFilter(_FitOnShow(view))
