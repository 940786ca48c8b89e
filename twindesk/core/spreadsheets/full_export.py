"""The whole register in one workbook, and back.

``export_register`` writes every table of the register to one .xlsx: one sheet per
table (entities, link tables, vocabularies, countries, status history, documents, the
audit trail, imports), each row with its stable identifiers (``id`` and the ids it
refers to), headers that are the register's own column names (a comment on each says
what it holds, in the chosen language), sheet names in that language. The first
sheet, "About" / "说明", says what the file is (format, schema revision, TwinDesk
version) and how many rows each sheet holds, so a restore can tell a complete,
unchanged export from one that was cut short or edited.

``restore_register`` reads such a workbook into an EMPTY register (a new file) and
gives back an identical register: every row of every table, with the same ids,
links, vocabularies and attached documents. It refuses a register that already holds
records; it writes in one transaction, all or nothing. What the register derives is
not taken from the cells: each record goes through the core's bulk writer
(``operations.bulk_write``), which makes its search key again from its names (and a
place's aliases), as every other write does.

What has to be encoded to survive a spreadsheet exactly:

- Timestamps (``created_at`` and the like) are text as stored ("2024-01-01
  09:30:00.123456"): an Excel date cell keeps only milliseconds.
- Dates of the register ("1979-03-14", "1979-03", "1995") are date cells when full,
  ISO text when partial.
- Columns that may be NULL hold an empty cell for NULL; an empty text there is written
  as ``""`` (and a value made only of such pairs gets one more pair).
- A cell holds at most 32,767 characters (Excel's limit). Longer text keeps its first
  part in the cell and continues on the "Long values" / "长文本" sheet (table, row
  key, column, part number, text). Documents' bytes go there as base64, split into
  parts of 32,000 characters, so the attached files are in the workbook too.
- A sheet holds at most 1,048,575 rows below its header; a longer table continues on
  "Exchanges (2)" and so on.
- Text that begins with = + - @ is text, never a formula; characters XML cannot hold
  use Excel's _xHHHH_ escapes (see ``export.py``).

``register_info`` (the file's own creation facts) and Alembic's version table are not
exported: they describe a file, not the register's content; the restored file gets
its own. The settings kept there that are the office's own (``CARRIED_SETTINGS``: its own
place, its backup policy) travel on the first sheet as ``setting.KEY`` rows and are put
back on restore.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Table, func, select, type_coerce
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Insert
from sqlalchemy.types import NullType, String
from sqlmodel import SQLModel

from twindesk import __version__
from twindesk.core import models  # (also registers every table in the metadata)
from twindesk.core.backups import POLICY_KEY
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import FIELD_LABELS
from twindesk.core.models import RegisterInfo
from twindesk.core.operations.base import Entity
from twindesk.core.operations.bulk_write import BulkWriter
from twindesk.core.operations.entities import ENTITIES
from twindesk.core.places import OWN_PLACE_KEY
from twindesk.core.spreadsheets.export import (
    CELL_LIMIT,
    ExportCancelled,
    ExportResult,
    atomic_output,
    check_suffix,
    date_cell,
    discard_workbook,
    excel_text,
    finish_sheet,
    header_cell,
    sheet_title,
    start_sheet,
    text_cell,
)
from twindesk.core.storage import migrations

if TYPE_CHECKING:
    from twindesk.core.storage import Register

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

FORMAT = "TwinDesk full export"
FORMAT_VERSION = 1
EXCLUDED = {"register_info", "alembic_version"}
# The rows of register_info that are the office's content, not the file's facts.
CARRIED_SETTINGS = (OWN_PLACE_KEY, POLICY_KEY)
# Loaded into every new register: a restore replaces them with the exported rows.
REFERENCE = set(models.REFERENCE_TABLES)
PARTIAL_DATES = {
    "pairing": {"established", "ended", "source_checked"},
    "pairing_status_change": {"date"},
    "programme": {"start", "end"},
    "exchange": {"start", "end"},
    "country_group_member": {"joined", "left"},
}
MAX_SHEET_ROWS = 1_048_575  # Excel's rows per sheet, less the header
BASE64_PART = 32_000
SAFE_TEXT = CELL_LIMIT // 7  # fits in a cell even if every character needed an escape
TEXT_PART = 4_000  # characters per part of a long text: under the limit after any escaping
BATCH = 2_000
ABOUT = ("About", "说明")
LONG = ("Long values", "长文本")
LONG_TABLE = "_long_values"
EMPTY_TEXT = '""'

TABLE_LABELS: dict[str, tuple[str, str]] = {
    "pairing": ("Pairings", "结好关系"),
    "place": ("Places", "地点"),
    "programme": ("Programmes", "合作项目"),
    "exchange": ("Exchanges", "交流活动"),
    "contact": ("Contacts", "联系人"),
    "document": ("Documents", "文件"),
    "pairing_status_change": ("Pairing status history", "结好状态变更"),
    "place_alias": ("Place aliases", "地点别名"),
    "programme_item": ("Programme items", "合作项目条目"),
    "programme_field": ("Programme fields", "合作项目-领域"),
    "exchange_pairing": ("Exchange-pairing links", "交流活动-结好关系"),
    "exchange_place": ("Exchange-place links", "交流活动-地点"),
    "exchange_field": ("Exchange fields", "交流活动-领域"),
    "contact_pairing": ("Contact-pairing links", "联系人-结好关系"),
    "pairing_kind": ("Pairing kinds", "结好关系类型"),
    "pairing_level": ("Pairing levels", "结好层级"),
    "pairing_status": ("Pairing statuses", "结好状态"),
    "cooperation_field": ("Fields of cooperation", "合作领域"),
    "exchange_type": ("Exchange types", "交流活动类型"),
    "place_type": ("Place types", "地点类型"),
    "programme_status": ("Programme statuses", "合作项目状态"),
    "country": ("Countries", "国家"),
    "country_alias": ("Country aliases", "国家别名"),
    "audit_entry": ("Audit trail", "修改记录"),
    "import_batch": ("Imports", "导入批次"),
    "import_preset": ("Import presets", "导入映射预设"),
    "country_group": ("Country groups", "国家集团"),
    "country_group_member": ("Country group members", "国家集团成员"),
    "report_narrative": ("Annual report texts", "年度报告文字"),
}
HINTS: dict[str, tuple[str, str]] = {
    "id": (
        "This row's number (id); other sheets refer to it by this number.",
        "本行编号（id），其他工作表用此编号引用本行。",
    ),
    "fk": (
        "The number (id) of a row on the sheet “{sheet}”.",
        "工作表“{sheet}”中某一行的编号（id）。",
    ),
    "int": ("A whole number.", "整数。"),
    "float": ("A number.", "数字。"),
    "bool": ("TRUE or FALSE.", "TRUE 或 FALSE。"),
    "timestamp": (
        "A time in UTC, as text: YYYY-MM-DD hh:mm:ss.ffffff.",
        "UTC 时间（文本）：YYYY-MM-DD hh:mm:ss.ffffff。",
    ),
    "date": (
        "A date cell, or for a partial date the text 1979-03 or 1995.",
        "日期单元格；不完整的日期写作文本 1979-03 或 1995。",
    ),
    "text": ("Text.", "文本。"),
    "nullable": (
        'Text. An empty cell means no value; "" means an empty text.',
        '文本。空单元格表示无值；"" 表示空文本。',
    ),
    "binary": (
        "The file itself: base64 on the sheet “{sheet}”.",
        "文件内容：以 base64 存于工作表“{sheet}”。",
    ),
    "long": (
        "Text over 32,767 characters continues on the sheet “{sheet}”.",
        "超过 32,767 个字符的文本接续在工作表“{sheet}”中。",
    ),
}
ABOUT_TEXT: dict[str, tuple[str, str]] = {
    "format": (
        "What this workbook is. Restore it into a new register with "
        "`twindesk restore-export FILE --db NEW.sqlite3`.",
        "本工作簿的性质。可用 `twindesk restore-export 文件 --db 新登记册.sqlite3` 恢复到新登记册。",
    ),
    "format_version": ("Version of this workbook layout.", "工作簿格式版本。"),
    "schema": ("Schema revision of the register it came from.", "来源登记册的数据结构版本。"),
    "twindesk": ("TwinDesk version that wrote it.", "生成本文件的 TwinDesk 版本。"),
    "exported_at": ("When it was written (UTC).", "生成时间（UTC）。"),
    "register": ("The register file it came from.", "来源登记册文件。"),
    f"setting.{OWN_PLACE_KEY}": (
        "The office's own place (a place id of this workbook).",
        "本单位所在地（本工作簿中的地点编号）。",
    ),
    f"setting.{POLICY_KEY}": (
        "How many backups the register keeps.",
        "登记册保留的备份数量。",
    ),
    "sheets": (
        "Sheet / table / rows: what each sheet holds. Do not edit the sheets if you "
        "want to restore them.",
        "工作表 / 数据表 / 行数：各工作表的内容。若要恢复，请勿修改各工作表。",
    ),
}


class RestoreCancelled(TwinDeskError):  # noqa: N818 - a public name the CLI and window catch
    code = "restore.cancelled"


@dataclass
class RestoreResult:
    rows: int
    tables: dict[str, int] = field(default_factory=dict)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


# --------------------------------------------------------------------------- tables
def exported_tables() -> list[Table]:
    """Every table of the register that a full export holds, in sheet order."""
    tables = {t.name: t for t in SQLModel.metadata.sorted_tables if t.name not in EXCLUDED}
    ordered = [tables.pop(name) for name in TABLE_LABELS if name in tables]
    return ordered + sorted(tables.values(), key=lambda t: t.name)  # tables added later


def _kind(table: Table, column: Column[Any]) -> str:
    affinity_type = column.type._type_affinity  # None for no column type of a register
    affinity = affinity_type.__name__ if affinity_type is not None else ""
    if affinity == "String":
        if column.name in PARTIAL_DATES.get(table.name, ()):
            return "date"
        return "nullable" if column.nullable else "text"
    return {
        "Integer": "int",
        "Float": "float",
        "Boolean": "bool",
        "DateTime": "timestamp",
        "_Binary": "binary",
    }.get(affinity, "text")


def _key(values: list[Any]) -> str:
    return "|".join(str(v) for v in values)


class _Sheets:
    """The sheet names of each table: "Exchanges", then "Exchanges (2)"... past Excel's row limit."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.used: set[str] = set()

    def reserve(self, title: str) -> str:
        title = sheet_title(title)
        self.used.add(title.lower())
        return title

    def names(self, table: str, rows: int) -> list[str]:
        label = LONG if table == LONG_TABLE else TABLE_LABELS.get(table, (table, table))
        base = sheet_title(_pick(label, self.lang))
        count = max(1, -(-rows // MAX_SHEET_ROWS))
        out = []
        for n in range(1, count + 1):
            name = candidate = base if n == 1 else f"{base[:25]} ({n})"
            clash = 1
            while name.lower() in self.used:  # two labels cut to the same 31 characters
                clash += 1
                name = f"{candidate[:27]}_{clash}"
            self.used.add(name.lower())
            out.append(name)
        return out


# --------------------------------------------------------------------------- export
def export_register(
    register: Register,
    out: Path | str,
    *,
    lang: str = "en",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write the whole register to ``out`` (.xlsx); see the module's notes."""
    from openpyxl import Workbook

    out = Path(out)
    check_suffix(out, (".xlsx",))
    tables = exported_tables()
    with register.connect() as conn, atomic_output(out) as tmp:
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables
        }
        long_rows = _count_long_values(conn, tables)
        names = _Sheets(lang)
        about_name = names.reserve(_pick(ABOUT, lang))
        sheets = {t.name: names.names(t.name, counts[t.name]) for t in tables}
        long_sheets = names.names(LONG_TABLE, long_rows)
        wb = Workbook(write_only=True)
        _write_about(
            wb.create_sheet(about_name), conn, register, lang, tables, counts, sheets, long_sheets
        )
        # Every sheet is created up front, so the long values can be appended to their
        # own sheet while the tables are being written (each sheet streams to its own file).
        created = {name: wb.create_sheet(name) for t in tables for name in sheets[t.name]}
        long = _LongValues([wb.create_sheet(name) for name in long_sheets])
        total, done = sum(counts.values()), 0
        if progress is not None:
            progress(0, total)
        try:
            for t in tables:
                done = _write_table(
                    conn,
                    t,
                    [created[n] for n in sheets[t.name]],
                    sheets,
                    long,
                    lang,
                    done,
                    total,
                    progress,
                    cancelled,
                )
            long.finish()
        except BaseException:
            discard_workbook(wb)
            raise
        wb.save(tmp)
    if progress is not None:
        progress(total, total)
    return ExportResult(out, total, sheets=1 + len(created) + len(long_sheets))


def _long_columns(t: Table) -> list:
    """Columns whose values may not fit in one cell: unbounded text, and bytes."""
    out = []
    for c in t.columns:
        kind = _kind(t, c)
        if (
            kind == "binary"
            or kind in ("text", "nullable")
            and ((c.type.length if isinstance(c.type, String) else None) or CELL_LIMIT) > SAFE_TEXT
        ):
            out.append(c)
    return out


def _count_long_values(conn: Connection, tables: list[Table]) -> int:
    """At most how many rows the "Long values" sheet needs (to name its sheets up front)."""
    rows = 0
    for t in tables:
        for c in _long_columns(t):
            length = func.length(c)  # bytes of a blob, characters of a text
            if _kind(t, c) == "binary":  # base64: 4 characters for every 3 bytes
                parts = (length * 4 / 3 + BASE64_PART - 1) / BASE64_PART + 1
                query = select(func.coalesce(func.sum(parts), 0))
            else:
                query = select(func.coalesce(func.sum(length / TEXT_PART + 1), 0)).where(
                    length > SAFE_TEXT
                )
            rows += int(conn.execute(query).scalar_one())
    return rows


class _LongValues:
    """The "Long values" sheet(s): the rest of values too long for one cell."""

    HEADERS = ("table", "key", "column", "part", "text")

    def __init__(self, worksheets: list) -> None:
        self.worksheets = worksheets
        self.rows = 0
        for ws in worksheets:
            start_sheet(ws, [18, 14, 16, 7, 80])
            ws.append([header_cell(ws, h) for h in self.HEADERS])

    def add(self, table: str, key: str, column: str, parts: list[str]) -> None:
        for n, text in enumerate(parts, start=1):
            ws = self.worksheets[self.rows // MAX_SHEET_ROWS]
            ws.append([table, key, column, n, text_cell(ws, text)])
            self.rows += 1

    def finish(self) -> None:
        for i, ws in enumerate(self.worksheets):
            rows = min(MAX_SHEET_ROWS, max(0, self.rows - i * MAX_SHEET_ROWS))
            finish_sheet(ws, rows, len(self.HEADERS))


def _write_about(ws, conn, register, lang, tables, counts, sheets, long_sheets) -> None:  # noqa: ANN001
    start_sheet(ws, [16, 34, 12, 70])
    ws.freeze_panes = None
    rows = [
        ("format", FORMAT),
        ("format_version", FORMAT_VERSION),
        ("schema", migrations.current_revision(conn) or ""),
        ("twindesk", __version__),
        ("exported_at", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")),
        ("register", register.name),
    ]
    info = RegisterInfo.__table__
    carried = info.c.key.in_(CARRIED_SETTINGS)
    for key, value in conn.execute(
        select(info.c.key, info.c.value).where(carried).order_by(info.c.key)
    ):
        rows.append((f"setting.{key}", value))
    for key, value in rows:
        ws.append([header_cell(ws, key), value, None, _pick(ABOUT_TEXT[key], lang)])
    ws.append([])
    ws.append(
        [
            header_cell(ws, "sheet"),
            header_cell(ws, "table"),
            header_cell(ws, "rows"),
            _pick(ABOUT_TEXT["sheets"], lang),
        ]
    )
    for t in tables:
        for n, name in enumerate(sheets[t.name]):
            ws.append([name, t.name, min(MAX_SHEET_ROWS, counts[t.name] - n * MAX_SHEET_ROWS)])
    for name in long_sheets:
        ws.append([name, LONG_TABLE, None])


def _header_comment(
    t: Table,
    c: Column,
    kind: str,
    sheets: dict[str, list[str]],
    long_sheet: str,
    lang: str,
) -> str:
    lines = []
    label = FIELD_LABELS.get(c.name)
    if label:
        lines.append(_pick(label, lang))
    if c.primary_key and c.name == "id":
        lines.append(_pick(HINTS["id"], lang))
    elif c.foreign_keys:
        target = next(iter(c.foreign_keys)).column.table.name
        lines.append(_pick(HINTS["fk"], lang).format(sheet=sheets.get(target, [target])[0]))
    elif kind == "binary":
        lines.append(_pick(HINTS["binary"], lang).format(sheet=long_sheet))
    else:
        lines.append(_pick(HINTS[kind], lang))
        if any(c is x for x in _long_columns(t)):
            lines.append(_pick(HINTS["long"], lang).format(sheet=long_sheet))
    return "\n".join(lines)


def _write_table(
    conn: Connection,
    t: Table,
    worksheets: list,
    sheets: dict[str, list[str]],
    long: _LongValues,
    lang: str,
    done: int,
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    cols = list(t.columns)
    kinds = [_kind(t, c) for c in cols]
    pk = [i for i, c in enumerate(cols) if c.primary_key]
    selected = [
        type_coerce(c, String) if k == "timestamp" else c for c, k in zip(cols, kinds, strict=True)
    ]
    widths = [
        max(
            len(c.name) + 4,
            {"int": 9, "float": 12, "bool": 8, "timestamp": 27, "date": 12, "binary": 12}.get(
                k, 30
            ),
        )
        for c, k in zip(cols, kinds, strict=True)
    ]
    comments = [
        _header_comment(t, c, k, sheets, long.worksheets[0].title, lang)
        for c, k in zip(cols, kinds, strict=True)
    ]
    for ws in worksheets:
        start_sheet(ws, widths)
        ws.append(
            [header_cell(ws, c.name, comment) for c, comment in zip(cols, comments, strict=True)]
        )
    query = select(*selected).order_by(*(cols[i] for i in pk))
    written = 0
    sheet_no, ws = 0, worksheets[0]
    # Closed however the export ends: on a server the cursor is the server's own. The
    # option is the statement's (Connection.execution_options would set it for good).
    with conn.execute(query, execution_options={"yield_per": BATCH}) as result:
        for batch in result.partitions(BATCH):
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            for row in batch:
                if written and written % MAX_SHEET_ROWS == 0:
                    finish_sheet(ws, MAX_SHEET_ROWS, len(cols))
                    sheet_no += 1
                    ws = worksheets[sheet_no]
                ws.append(_cells(ws, t.name, row, kinds, cols, pk, long))
                written += 1
            done += len(batch)
            if progress is not None:
                progress(done, total)
    finish_sheet(ws, written - sheet_no * MAX_SHEET_ROWS, len(cols))
    return done


def _cells(ws, table: str, row, kinds, cols, pk, long: _LongValues) -> list[Any]:  # noqa: ANN001
    out: list[Any] = []
    key = None
    for value, kind, c in zip(row, kinds, cols, strict=True):
        if value is None:
            out.append(None)
        elif kind in ("int", "float", "bool"):
            out.append(value)
        elif kind == "timestamp":
            out.append(value if isinstance(value, str) else _timestamp_text(value))
        elif kind == "date":
            out.append(date_cell(ws, value) if value else None)
        elif kind == "binary":
            encoded = base64.b64encode(value).decode("ascii")
            key = key or _key([row[i] for i in pk])
            long.add(
                table,
                key,
                c.name,
                [encoded[i : i + BASE64_PART] for i in range(0, len(encoded), BASE64_PART)] or [""],
            )
            out.append(None)
        else:  # text
            if value == "":
                out.append(EMPTY_TEXT if kind == "nullable" else None)
                continue
            if kind == "nullable" and _only_quotes(value):
                value += EMPTY_TEXT
            if len(value) > SAFE_TEXT and _too_long(value):
                parts = [value[i : i + TEXT_PART] for i in range(0, len(value), TEXT_PART)]
                key = key or _key([row[i] for i in pk])
                long.add(table, key, c.name, parts[1:])
                value = parts[0]
            out.append(text_cell(ws, value))
    return out


def _only_quotes(text: str) -> bool:
    return len(text) % 2 == 0 and text == EMPTY_TEXT * (len(text) // 2)


def _too_long(text: str) -> bool:
    """Would the text, as Excel counts it (UTF-16 units, after escapes), overflow a cell?"""
    return len(excel_text(text).encode("utf-16-le")) // 2 > CELL_LIMIT


def _timestamp_text(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


# --------------------------------------------------------------------------- restore
def read_about(book) -> dict[str, Any]:  # noqa: ANN001 - a CalamineWorkbook
    """The first sheet's facts (format, schema...) and its list of (sheet, table, rows)."""
    first = book.sheet_names[0]
    rows = book.get_sheet_by_name(first).to_python()
    facts: dict[str, Any] = {"sheets": []}
    in_sheets = False
    for row in rows:
        cells = list(row) + [None] * 3
        head = cells[0]
        if not in_sheets:
            if head == "sheet" and cells[1] == "table":
                in_sheets = True
            elif isinstance(head, str) and head:
                facts[head] = cells[1]
            continue
        if isinstance(head, str) and head:
            count = cells[2]
            try:
                rows_in_sheet = None if count in ("", None) else int(count)
            except (TypeError, ValueError):
                rows_in_sheet = -1  # edited by hand: the row check will refuse the sheet
            facts["sheets"].append((head, str(cells[1]), rows_in_sheet))
    return facts


def _open_export(path: Path):  # noqa: ANN202
    """The workbook at ``path`` through calamine, with the importer's checks and messages
    (size, zip bomb, password, damage)."""
    from twindesk.core.spreadsheets.reading import ImportFileError, open_workbook

    try:
        book = open_workbook(path)
    except ImportFileError as err:
        if err.code in (
            "import.file.not_spreadsheet",
            "import.file.wrong_extension",
            "import.file.empty",
        ):
            raise TwinDeskError("restore.not_full_export", name=path.name) from None
        raise
    if book.kind != "xlsx":
        raise TwinDeskError("restore.not_full_export", name=path.name)
    return book._book


def records_in(conn: Connection) -> dict[str, int]:
    """Rows in the tables a new register has none in (empty: the register is empty)."""
    found = {}
    for t in exported_tables():
        if t.name in REFERENCE:
            continue
        n = conn.execute(select(func.count()).select_from(t)).scalar_one()
        if n:
            found[t.name] = n
    return found


def restore_register(
    register: Register,
    source: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RestoreResult:
    """Read a full export into ``register``, which must hold no records yet."""
    source = Path(source)
    book = _open_export(source)
    try:
        about = read_about(book)
        if about.get("format") != FORMAT:
            raise TwinDeskError("restore.not_full_export", name=source.name)
        version = about.get("format_version")
        schema = str(about.get("schema") or "")
        if (
            not isinstance(version, (int, float))
            or int(version) > FORMAT_VERSION
            or (schema and not migrations.is_known(schema))
        ):
            raise TwinDeskError("restore.too_new", name=source.name, schema=schema or "?")
        tables = {t.name: t for t in exported_tables()}
        plan: list[tuple[str, str, int]] = []  # sheet, table, rows
        long_sheets = []
        for sheet, table, rows in about["sheets"]:
            if sheet not in book.sheet_names:
                raise TwinDeskError("restore.missing_sheet", name=source.name, sheet=sheet)
            if table == LONG_TABLE:
                long_sheets.append(sheet)
            elif table not in tables:
                raise TwinDeskError(
                    "restore.unknown_table", name=source.name, sheet=sheet, table=table
                )
            else:
                plan.append((sheet, table, rows or 0))
        # A record's search key is made again from its names, as any write makes it; the
        # names of a place include its aliases, so their sheet is read first (the
        # references are checked at the end, whatever the order).
        first = {e.links[e.search_link].table.name for e in ENTITIES.values() if e.search_link}
        plan.sort(key=lambda item: item[1] not in first)
        with register.connect(write=True) as conn:
            records = records_in(conn)
            if records:
                listed = ", ".join(
                    f"{_pick(TABLE_LABELS.get(t, (t, t)), 'en')}: {n}" for t, n in records.items()
                )
                listed_zh = "，".join(
                    f"{_pick(TABLE_LABELS.get(t, (t, t)), 'zh')} {n}" for t, n in records.items()
                )
                raise TwinDeskError(
                    "restore.not_empty", path=register.name, counts=(listed, listed_zh)
                )
            long = _read_long_values(book, long_sheets, source.name)
            seam = register.seam  # storage.sqlite or storage.postgres
            seam.defer_foreign_keys(conn)
            done_tables: set[str] = set()
            for _sheet, table, _rows in plan:
                if table not in done_tables:
                    conn.execute(tables[table].delete())  # reference data of the new register
                    done_tables.add(table)
            total = sum(rows for _s, _t, rows in plan)
            done = 0
            counts: dict[str, int] = {}
            if progress is not None:
                progress(0, total)
            writer = BulkWriter(conn)
            for sheet, table, expected in plan:
                n = _restore_sheet(
                    writer,
                    book,
                    source.name,
                    sheet,
                    tables[table],
                    long,
                    expected,
                    done,
                    total,
                    progress,
                    cancelled,
                )
                counts[table] = counts.get(table, 0) + n
                done += n
            broken = seam.broken_references(conn)
            if broken:
                table, rowid, parent = broken[0]
                raise TwinDeskError(
                    "restore.broken_link",
                    name=source.name,
                    table=table,
                    row=rowid,
                    parent=parent,
                    count=len(broken),
                )
            seam.sync_ids(conn)  # the export's ids were written as they were
            _restore_settings(conn, about)
    finally:
        _close(book)
    return RestoreResult(rows=sum(counts.values()), tables=counts)


def _restore_settings(conn: Connection, about: dict[str, Any]) -> None:
    """Put back the office's own settings the export carried (``setting.KEY`` rows)."""
    info = RegisterInfo.__table__
    for key in CARRIED_SETTINGS:
        value = about.get(f"setting.{key}")
        if value in (None, ""):
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # an id the spreadsheet program turned into a number
        conn.execute(info.delete().where(info.c.key == key))
        conn.execute(info.insert().values(key=key, value=str(value)))


def _close(book) -> None:  # noqa: ANN001
    try:
        book.close()
    except Exception:  # already closed, or an older calamine without close()
        pass


def _rows(book, sheet: str, name: str) -> Iterator[list[Any]]:  # noqa: ANN001
    try:
        data = book.get_sheet_by_name(sheet)
        yield from data.iter_rows()
    except TwinDeskError:
        raise
    except Exception as e:  # calamine's own errors for a damaged sheet
        from twindesk.core.spreadsheets.reading import ImportFileError

        raise ImportFileError("import.file.damaged", name=name, detail=str(e)[:200]) from None


def _read_long_values(book, sheets: list[str], name: str) -> dict[tuple[str, str, str], list[str]]:  # noqa: ANN001
    out: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    for sheet in sheets:
        rows = _rows(book, sheet, name)
        next(rows, None)  # header
        for row in rows:
            if not row or row[0] in ("", None):
                continue
            table, key, column, part, text = (list(row) + [None] * 5)[:5]
            try:
                number = int(part)
            except (TypeError, ValueError):
                raise TwinDeskError(
                    "restore.bad_value",
                    name=name,
                    sheet=sheet,
                    row=key,
                    column="part",
                    value=str(part)[:40],
                ) from None
            out.setdefault((str(table), _as_text(key), str(column)), []).append(
                (number, _as_text(text) if text is not None else "")
            )
    return {k: [t for _n, t in sorted(parts)] for k, parts in out.items()}


def _restore_sheet(
    writer: BulkWriter,
    book: Any,  # a CalamineWorkbook
    name: str,
    sheet: str,
    t: Table,
    long: dict,
    expected: int,
    done: int,
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    if cancelled is not None and cancelled():
        raise RestoreCancelled()
    conn = writer.conn
    entity = _ENTITY_OF.get(t.name)
    rows = _rows(book, sheet, name)
    header = next(rows, None) or []
    columns = {c.name: c for c in t.columns}
    names = [str(h) if h not in (None, "") else "" for h in header]
    for h in names:
        if h and h not in columns:
            raise TwinDeskError("restore.unknown_column", name=name, sheet=sheet, column=h)
    used = [(i, columns[h]) for i, h in enumerate(names) if h]
    kinds = {c.name: _kind(t, c) for _i, c in used}
    pk = [c.name for c in t.primary_key.columns]
    long_here = {k for k in long if k[0] == t.name}
    # Timestamps go in as the text they were read from: no conversion can change them. A
    # server parses that text as its timestamp type (untyped: NullType; UTC, which
    # storage.postgres sets for every connection).
    stamp = String() if conn.dialect.name == "sqlite" else NullType()
    derived = [t.c.search_text] if entity is not None and entity.search_fields else []
    target = sql_table(
        t.name,
        *(sql_column(c.name, stamp if kinds[c.name] == "timestamp" else c.type) for _i, c in used),
        *(sql_column(c.name, c.type) for c in derived if c.name not in kinds),
    )
    insert = target.insert()
    batch: list[dict] = []
    count = 0
    for number, row in enumerate(rows, start=2):
        if not any(v not in ("", None) for v in row):
            continue
        values = {}
        for i, c in used:
            raw = row[i] if i < len(row) else None
            values[c.name] = _value(raw, kinds[c.name], c, name, sheet, number)
        if long_here:
            key = _key([values[k] for k in pk])
            for c_name in columns:
                parts = long.get((t.name, key, c_name))
                if parts is not None:
                    if kinds.get(c_name) == "binary":
                        values[c_name] = _decode(("".join(parts)), name, sheet, number, c_name)
                    else:
                        values[c_name] = (values.get(c_name) or "") + "".join(parts)
        batch.append(values)
        count += 1
        if len(batch) >= BATCH:
            _insert(writer, entity, insert, batch, name, sheet)
            batch = []
            if cancelled is not None and cancelled():
                raise RestoreCancelled()
            if progress is not None:
                progress(done + count, total)
    if batch:
        _insert(writer, entity, insert, batch, name, sheet)
    if count != expected:
        raise TwinDeskError(
            "restore.row_count", name=name, sheet=sheet, found=count, expected=expected
        )
    if progress is not None:
        progress(done + count, total)
    return count


_ENTITY_OF: dict[str, Entity] = {e.model.__table__.name: e for e in ENTITIES.values()}


def _insert(
    writer: BulkWriter,
    entity: Entity | None,
    insert: Insert,
    batch: list[dict],
    name: str,
    sheet: str,
) -> None:
    """A batch of rows as read; a record's through the bulk writer, which derives what the
    register always derives (its search key) rather than trusting the cell."""
    try:
        if entity is None:
            writer.conn.execute(insert, batch)
        else:
            writer.insert(entity, batch, statement=insert)
    except IntegrityError as e:
        raise TwinDeskError(
            "restore.rejected", name=name, sheet=sheet, detail=str(e.orig).splitlines()[0][:200]
        ) from None


def _decode(text: str, name: str, sheet: str, row: int, column: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise TwinDeskError(
            "restore.bad_value",
            name=name,
            sheet=sheet,
            row=row,
            column=column,
            value=text[:20] + "…",
        ) from None


_INT = re.compile(r"^[+-]?\d+$")


def _value(raw: Any, kind: str, c, name: str, sheet: str, row: int) -> Any:  # noqa: ANN001
    """A cell as calamine gives it, back to the value the register stored."""
    empty = raw is None or raw == ""
    try:
        if kind == "text":
            return "" if empty else _as_text(raw)
        if kind == "nullable":
            if empty:
                return None
            text = _as_text(raw)
            return text[:-2] if _only_quotes(text) else text
        if kind == "binary":
            return b""  # the bytes come from the "Long values" sheet
        if empty:
            return "" if kind == "date" else None
        if kind == "int":
            if isinstance(raw, bool):
                raise ValueError
            if isinstance(raw, float):
                if not raw.is_integer():
                    raise ValueError
                return int(raw)
            if isinstance(raw, int) or isinstance(raw, str) and _INT.match(raw.strip()):
                return int(raw)
            raise ValueError
        if kind == "float":
            if isinstance(raw, bool):
                raise ValueError
            return float(raw)
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().upper()
            if text in ("TRUE", "1", "1.0"):
                return True
            if text in ("FALSE", "0", "0.0"):
                return False
            raise ValueError
        if kind == "timestamp":
            if isinstance(raw, datetime):
                return _timestamp_text(raw)
            return _as_text(raw)
        if kind == "date":
            if isinstance(raw, datetime):
                return raw.date().isoformat()
            if isinstance(raw, date):
                return raw.isoformat()
            return _as_text(raw)
    except (ValueError, TypeError):
        pass
    raise TwinDeskError(
        "restore.bad_value", name=name, sheet=sheet, row=row, column=c.name, value=str(raw)[:40]
    )


def _as_text(raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)
