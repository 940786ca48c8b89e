"""Lists to spreadsheets: what a table shows, as .xlsx or .csv.

``export_list`` writes one entity's list exactly as the window shows it: the same
filter and quick search (``queries.Filter``), the same sort, the visible columns in
their order, names and vocabulary labels in the interface language (the column
definitions are the table's own, ``twindesk.core.columns``). Rows are read a page at a
time through one cursor inside one read transaction (one consistent snapshot, never
the whole list in memory) and streamed to a CSV file or to xlsxwriter in constant-memory
mode, which writes each row to a temporary file as soon as the next one starts
(``write_xlsx``, also used for the Change log). openpyxl's write-only mode took twice as
long for the same cells; the whole-register export (through the openpyxl helpers below)
and the import templates still use it.

Workbooks look finished: a bold, frozen header with an autofilter, column widths from
the header and the first page (Chinese characters count double), full dates as real
date cells, partial dates ("1979-03", "1995") as ISO text that the importer reads back.

Safety: text is always written as text. A value beginning with = + - @, tab or CR
never becomes a formula: in .xlsx it is a string cell (``write_string``, never
``write``, which would make "=..." a formula) with Excel's quote prefix; in .csv, where
a cell has no type, it gets a leading apostrophe, the usual defence against formula
injection. CSV is UTF-8 with a BOM so Excel shows Chinese. Characters XML cannot hold
(and carriage returns, which XML would turn into line feeds) are written as Excel's
_xHHHH_ escapes, so every reader gets back the exact text: ``excel_text`` for openpyxl,
xlsxwriter's constant-memory mode by itself (the same rule).

The output is written to a temporary file beside the target and renamed into place
when complete; a cancel (``cancelled()`` returning True) or an error leaves nothing.
"""

from __future__ import annotations

import csv
import os
import re
import secrets
import unicodedata
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from twindesk.core import queries
from twindesk.core.columns import COLUMNS, Column, RenderContext
from twindesk.core.errors import TwinDeskError
from twindesk.core.queries import Filter

if TYPE_CHECKING:
    from twindesk.core.storage import Register

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PAGE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 32_767  # Excel's most characters in one cell
MAX_WIDTH, MIN_WIDTH = 60, 6
DATE_FORMAT = "yyyy-mm-dd"
SUFFIXES = (".xlsx", ".csv")
ENTITY_SHEETS = {
    "pairing": ("Pairings", "结好关系"),
    "place": ("Places", "地点"),
    "programme": ("Programmes", "合作项目"),
    "exchange": ("Exchanges", "交流活动"),
    "contact": ("Contacts", "联系人"),
}

HEADER_INK, HEADER_PAPER, HEADER_RULE = "1F3A5F", "E3E9F1", "8A9BB0"
HEADER_FONT = Font(bold=True, color=HEADER_INK)
HEADER_FILL = PatternFill("solid", fgColor=HEADER_PAPER)
HEADER_BORDER = Border(bottom=Side(style="thin", color=HEADER_RULE))
HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
# The same header as an xlsxwriter format.
HEADER_FORMAT = {
    "bold": True,
    "font_color": f"#{HEADER_INK}",
    "bg_color": f"#{HEADER_PAPER}",
    "bottom": 1,
    "bottom_color": f"#{HEADER_RULE}",
    "valign": "vcenter",
    "text_wrap": True,
}


class ExportCancelled(TwinDeskError):  # noqa: N818 - public: the window and tests catch it
    """The clerk cancelled the export; nothing was written."""

    code = "export.cancelled"


@dataclass
class ExportResult:
    path: Path
    rows: int
    sheets: int = 1


# --------------------------------------------------------------------------- writing helpers
@contextmanager
def atomic_output(out: Path | str) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` only if the block completes."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise TwinDeskError(
            "export.cannot_write", path=str(out), detail=e.strerror or str(e)
        ) from None
    # Same folder, so the rename is atomic; a name of our own, so nothing else is hit.
    tmp = out.parent / f".{out.stem}-{os.getpid()}-{secrets.token_hex(4)}.part"
    try:
        yield tmp
        os.replace(tmp, out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise TwinDeskError(
            "export.cannot_write", path=str(out), detail=e.strerror or str(e)
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# Text Excel would misread: XML-illegal control characters, CR (XML turns CR LF into LF)
# and a literal "_x0041_", which Excel and calamine decode as an escape.
_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def excel_text(text: str) -> str:
    """``text`` with Excel's _xHHHH_ escapes where XML could not carry it unchanged."""
    return _ESCAPE.sub(
        lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text
    )


def text_cell(ws, text: str) -> Any:  # noqa: ANN001 - openpyxl worksheet
    """What to append for a text value: the string itself, or a cell kept as text."""
    if not (text.isprintable() and "_x" not in text):
        text = excel_text(text)
    if text.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(ws, text)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        return cell
    return text


def iso_date(value: str | None) -> date | str | None:
    """A partial ISO date as a cell value: a date when it is a full date, else the ISO
    text ("1979-03", "1995"), which the importer reads back; None when blank."""
    if value and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return value or None


def date_cell(ws, value: str, style: dict | None = None) -> Any:  # noqa: ANN001
    """A partial ISO date for openpyxl: a real date cell when it is a full date, else text."""
    cell_value = iso_date(value)
    if isinstance(cell_value, date):
        cell = WriteOnlyCell(ws, cell_value)
        cell.number_format = DATE_FORMAT
        return cell
    return text_cell(ws, cell_value) if cell_value else None


def header_cell(ws, text: str, comment: str | None = None) -> Cell:  # noqa: ANN001
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    cell.font, cell.fill, cell.border, cell.alignment = (
        HEADER_FONT,
        HEADER_FILL,
        HEADER_BORDER,
        HEADER_ALIGN,
    )
    if comment:
        from openpyxl.comments import Comment

        cell.comment = Comment(comment, "TwinDesk", width=260, height=110)
    return cell


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (Chinese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(headers: Sequence[str], samples: Sequence[Sequence[Any]]) -> list[float]:
    """Widths that fit the header (bold: a little wider) and the longest sample line."""
    widths = []
    for i, head in enumerate(headers):
        width = display_width(head) * 1.15 + 3  # room for the autofilter button
        for row in samples:
            value = row[i] if i < len(row) else None
            if value is None:
                continue
            if isinstance(value, date):
                width = max(width, 12)
                continue
            longest = max((display_width(line) for line in str(value).splitlines()), default=0)
            width = max(width, longest + 2)
        widths.append(round(min(max(width, MIN_WIDTH), MAX_WIDTH), 1))
    return widths


_NOT_IN_TITLES = "[]:*?/\\"


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    text = text.translate(str.maketrans(_NOT_IN_TITLES, "_" * len(_NOT_IN_TITLES))).strip("'")
    return text[:31] or "Sheet"


def start_sheet(ws, widths: Sequence[float]) -> None:  # noqa: ANN001
    """Column widths and the frozen header: a write-only sheet needs them before any row."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def finish_sheet(ws, rows: int, columns: int) -> None:  # noqa: ANN001
    """The autofilter over the header and every row (written after the rows)."""
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def discard_workbook(wb) -> None:  # noqa: ANN001 - an unsaved write-only openpyxl Workbook
    """Close and delete the temporary files of a write-only workbook that will not be saved.

    Each write-only sheet streams to a temporary file through a suspended generator;
    left to the garbage collector after a cancel, they fail noisily ("I/O operation on
    closed file") and the files stay until the program exits.
    """
    for ws in wb.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        try:
            if rows is not None:
                rows.close()
        except Exception:
            pass
        try:
            if writer is not None:
                writer.close()
                writer.cleanup()
        except Exception:
            pass


def csv_text(text: str) -> str:
    """CSV has no text type: a leading apostrophe keeps Excel from reading a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def check_suffix(out: Path, allowed: Sequence[str] = SUFFIXES) -> str:
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise TwinDeskError("export.bad_format", name=out.name, suffixes=" ".join(allowed))
    return suffix


# --------------------------------------------------------------------------- list export
def list_columns(entity: str, keys: Sequence[str] | None = None) -> list[Column]:
    """The columns to export, in order; ``None`` gives the list's own columns."""
    if entity not in COLUMNS:
        raise TwinDeskError("export.unknown_list", value=entity, lists=", ".join(COLUMNS))
    if keys is None:
        return list(COLUMNS[entity])
    by_key = {c.key: c for c in COLUMNS[entity]}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise TwinDeskError(
            "export.unknown_column",
            value=unknown[0],
            entity=f"entity.{entity}s",
            columns=", ".join(by_key),
        )
    if not keys:
        raise TwinDeskError("export.no_columns")
    return [by_key[k] for k in keys]


def sort_keys(entity: str, sort: Sequence[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Column keys with directions to the query columns they sort by."""
    out = []
    for key, descending in sort:
        column = next((c for c in COLUMNS.get(entity, []) if c.key == key), None)
        if column is None or column.sort is None:
            sortable = ", ".join(c.key for c in COLUMNS.get(entity, []) if c.sort)
            raise TwinDeskError("export.unknown_sort", value=key, columns=sortable)
        out.append((column.sort, descending))
    return out


def _cells(columns: Sequence[Column], ctx: RenderContext, csv_mode: bool):  # noqa: ANN202
    """One function per column turning a query row into its cell value (None: blank)."""
    makers = []
    for column in columns:
        if column.kind == "date" and column.value:
            if csv_mode:
                makers.append(lambda r, a=column.value: getattr(r, a) or None)
            else:
                makers.append(lambda r, a=column.value: iso_date(getattr(r, a)))
        elif column.kind == "number" and column.value:
            makers.append(lambda r, a=column.value: getattr(r, a))
        elif csv_mode:
            makers.append(lambda r, f=column.render: csv_text(f(r, ctx)) or None)
        else:
            makers.append(lambda r, f=column.render: f(r, ctx) or None)
    return makers


def export_list(
    register: Register,
    entity: str,
    out: Path | str,
    *,
    filter: Filter | None = None,
    order_by: Sequence[tuple[str, bool]] = (),
    columns: Sequence[str] | None = None,
    lang: str = "en",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    page_size: int = PAGE,
) -> ExportResult:
    """Write ``entity``'s list to ``out`` (.xlsx or .csv) as a table would show it.

    ``order_by`` is (query column, descending) pairs as the table model keeps them
    (``sort_keys`` converts column keys); ``columns`` are column keys in display order.
    """
    out = Path(out)
    suffix = check_suffix(out)
    cols = list_columns(entity, columns)
    f = filter or Filter()
    headers = [c.label(lang) for c in cols]
    with register.connect() as conn, atomic_output(out) as tmp:
        ctx = RenderContext(register, lang, conn=conn)
        total = queries.count(conn, entity, f)

        def pages() -> Iterator[list[Any]]:
            # The table's own list query, read through one cursor a page at a time: one
            # sort for the whole export. (OFFSET pages, right for a table that jumps
            # about, would sort the list again for every page: seconds per page on a
            # large register sorted by an unindexed column.)
            query = queries.list_query(entity, f, order_by=order_by)
            # Without the timestamp the table keeps to detect edits: no column shows it,
            # and parsing it is a fifth of the reading (0.2 s per 100,000 rows).
            query = query.with_only_columns(
                *[c for c in query.selected_columns if c.name != "updated_at"]
            )
            # Closed however the export ends: on a server the cursor is the server's own
            # (yield_per), and a cancelled export must not leave it open. The option is
            # the statement's: Connection.execution_options would set it for good, and
            # every later query of the export would read through a cursor of its own.
            with conn.execute(query, execution_options={"yield_per": page_size}) as result:
                # Plain named tuples: the column renderers read attributes, which a tuple
                # answers several times faster than a database row.
                # (Fields known at run time only: mypy sees a plain tuple type, without _make.)
                record = namedtuple("Record", list(result.keys()), rename=True)._make  # type: ignore[attr-defined]
                done = 0
                for rows in result.partitions():
                    if cancelled is not None and cancelled():
                        raise ExportCancelled()
                    yield [record(r) for r in rows]
                    done += len(rows)
                    if progress is not None:
                        progress(min(done, total), total)

        if progress is not None:
            progress(0, total)
        if suffix == ".csv":
            written = _write_csv(tmp, headers, cols, ctx, pages())
        else:
            written = write_xlsx(
                tmp,
                sheet_title(_pick(ENTITY_SHEETS[entity], lang)),
                headers,
                _cells(cols, ctx, csv_mode=False),
                pages(),
            )
        if cancelled is not None and cancelled():
            raise ExportCancelled()
    return ExportResult(out, written)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _write_csv(path: Path, headers, cols, ctx, pages) -> int:  # noqa: ANN001
    written = 0
    # newline="" lets the csv module write CRLF row ends and keep line breaks inside cells.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        makers = _cells(cols, ctx, csv_mode=True)
        for rows in pages:
            writer.writerows([[m(r) for m in makers] for r in rows])
            written += len(rows)
    return written


def write_xlsx(
    path: Path,
    title: str,
    headers: Sequence[str],
    makers: Sequence[Callable[[Any], Any]],
    pages: Iterable[Sequence[Any]],
) -> int:
    """Pages of records as a finished one-sheet workbook: bold frozen header, autofilter,
    widths from the header and the first page. ``makers`` turn a record into each column's
    cell value: text, date, number or None (blank)."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    written = 0
    try:
        ws = wb.add_worksheet(title)
        header = wb.add_format(HEADER_FORMAT)
        dated = wb.add_format({"num_format": DATE_FORMAT})
        quoted = wb.add_format({"quote_prefix": True})  # Excel keeps it text when edited
        write_string, write_datetime, write_number = (
            ws.write_string,
            ws.write_datetime,
            ws.write_number,
        )
        for c, text in enumerate(headers):
            write_string(0, c, text, header)
        widths = None
        columns = list(enumerate(makers))
        for rows in pages:
            if widths is None:
                widths = column_widths(headers, [[m(r) for m in makers] for r in rows[:500]])
            for r in rows:
                written += 1
                for c, make in columns:
                    value = make(r)
                    if value is None:
                        continue
                    if value.__class__ is str:
                        if not value:
                            continue
                        if len(value) > CELL_LIMIT:
                            value = value[: CELL_LIMIT - 1] + "…"
                        write_string(
                            written, c, value, quoted if value.startswith(FORMULA_STARTS) else None
                        )
                    elif isinstance(value, date):
                        write_datetime(written, c, value, dated)
                    else:
                        write_number(written, c, value)
        for c, width in enumerate(widths or column_widths(headers, [])):
            ws.set_column(c, c, width)
        ws.freeze_panes(1, 0)
        if headers:
            ws.autofilter(0, 0, written, len(headers) - 1)
    except BaseException:
        # Close and delete the sheet's temporary row file without writing the workbook:
        # close() would zip every row written so far first, seconds after a cancel late in
        # a large export. (xlsxwriter's own clean-up step; it has no public "discard".)
        for sheet in wb.worksheets():
            with suppress(Exception):
                sheet._opt_close()
                os.unlink(sheet.row_data_filename)
        raise
    try:
        wb.close()
    except FileCreateError as e:
        raise e.args[0] from None  # the OSError, which atomic_output reports with the file's name
    return written
