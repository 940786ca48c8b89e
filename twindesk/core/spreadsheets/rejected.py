"""Rejected rows as an .xlsx the clerk can fix and import again.

The workbook has the sheet's original header row(s), the rejected rows with their
original cells (numbers stay numbers, dates stay dates), and one more column,
"Reason / 原因", saying what is wrong with each. Text is always written as text: a
cell reading "=1+1" or "@SUM(A1)" is never turned into a formula (the file may come
from anyone, so this also closes the door on formula injection).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from twindesk.core.i18n import translate
from twindesk.core.spreadsheets.importing import Plan

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row=row, column=col)
    if value is None:
        return
    if isinstance(value, (bool, int, float, datetime, date, time, timedelta)):
        cell.value = value
        return
    text = str(value)
    # Strip characters openpyxl refuses (XML control characters) rather than fail.
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def save_rejected(
    plan: Plan, path: Path | str, *, lang: str = "en", include_warnings: bool = False
) -> int:
    """Write the rejected rows of ``plan`` to ``path`` (.xlsx); returns how many rows."""
    path = Path(path)
    rows = [r for r in plan.rows if r.action == "reject"]
    wb = Workbook()
    ws = wb.active
    not_in_titles = "[]:*?/\\"
    ws.title = (plan.sheet or "Rejected")[:31].translate(
        str.maketrans(not_in_titles, "_" * len(not_in_titles))
    )
    layout = plan.layout
    width = max([layout.width] + [len(r.cells) for r in rows])
    header = list(layout.headers) + [""] * (width - layout.width)
    bold = Font(bold=True)
    for c, text in enumerate(header, start=1):
        _put(ws, 1, c, text)
        ws.cell(row=1, column=c).font = bold
    reason_col = width + 1
    _put(ws, 1, reason_col, translate("import.reason_header", lang))
    ws.cell(row=1, column=reason_col).font = bold
    ws.cell(row=1, column=reason_col).fill = PatternFill("solid", fgColor="FFE0E0")
    for n, r in enumerate(rows, start=2):
        for c, value in enumerate(r.cells, start=1):
            _put(ws, n, c, value)
            if isinstance(value, (date, datetime)):
                ws.cell(row=n, column=c).number_format = "yyyy-mm-dd"
        reason = (
            f"[{translate('import.where.row', lang, sheet=plan.sheet, row=r.row).strip()}] "
            + r.reasons(lang, errors_only=not include_warnings)
        )
        _put(ws, n, reason_col, reason)
        ws.cell(row=n, column=reason_col).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions[ws.cell(row=1, column=reason_col).column_letter].width = 70
    ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return len(rows)
