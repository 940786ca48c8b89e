"""Files to rows of cells: .xlsx, .xlsm, .xls, .ods (python-calamine) and .csv.

What a file is comes from its bytes, not its name: a workbook saved as ".xls" that is
really .xlsx is read, and a text file renamed ".xlsx" is read as CSV or refused. Any
file that cannot be read gives an :class:`ImportFileError` with a message in both
languages, never a traceback, and within bounded time: size and decompressed size
are checked before a parser sees the bytes.

Cells are returned as calamine gives them, except that an empty cell is ``None`` (not
"") and merged ranges are filled from their top-left cell. Strings are never stripped
or converted here; ``values.py`` does that, so a code like "007" keeps its zeros.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from twindesk.core.errors import TwinDeskError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a zip bomb expands far more than real workbooks do (~10-30)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".xltx", ".ots")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFileError(TwinDeskError):
    """The file cannot be read as a spreadsheet."""

    code = "import.file.unreadable"


@dataclass
class SheetData:
    name: str
    rows: list[list[Any]]  # rows[i] is sheet row i + 1; trailing empties trimmed
    hidden_columns: set[int] = field(default_factory=set)
    visible: bool = True

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Workbook:
    path: Path
    kind: str  # xlsx, xls, ods, csv
    sha256: str
    sheet_names: list[str]
    encoding: str = ""  # for csv
    _sheets: dict[str, SheetData] = field(default_factory=dict, repr=False)
    _book: Any = field(default=None, repr=False)

    @property
    def file_name(self) -> str:
        return self.path.name

    def sheet(self, name: str | None = None) -> SheetData:
        """The named sheet (the first visible one when ``name`` is None)."""
        if name is None:
            name = self.sheet_names[0]
        if name not in self.sheet_names:
            raise ImportFileError("import.file.no_sheet", name=name,
                                  sheets=", ".join(self.sheet_names))
        if name not in self._sheets:
            self._sheets[name] = _read_sheet(self, name)
        return self._sheets[name]

    def close(self) -> None:
        if self._book is not None:
            try:
                self._book.close()
            except Exception:  # already closed
                pass
            self._book = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff_kind(path: Path, head: bytes) -> str:
    """'xlsx', 'ods', 'xls', 'encrypted', 'csv' or 'unknown', from the bytes."""
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype")[:100]:
                    return "ods"
                if any(n.startswith("xl/workbook") for n in names):
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            return "unknown"
        return "unknown"
    if head.startswith(CFB_MAGIC):
        # An encrypted .xlsx is a compound file with an "EncryptedPackage" stream.
        with path.open("rb") as fh:
            data = fh.read(min(path.stat().st_size, 4 * 1024 * 1024))
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted"
        return "xls"
    if b"\x00" in head[:4096] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "unknown"
    return "csv"


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ImportFileError("import.file.damaged", name=path.name, detail=str(e)) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO and total > 50 * 1024 * 1024:
        raise ImportFileError("import.file.too_big", name=path.name)


def open_workbook(path: Path | str) -> Workbook:
    """Open a spreadsheet file for reading; raises ImportFileError when it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise ImportFileError("import.file.missing", name=str(path)) from None
    except OSError as e:
        raise ImportFileError("import.file.damaged", name=path.name, detail=e.strerror or str(e)) from None
    if size == 0:
        raise ImportFileError("import.file.empty", name=path.name)
    if size > MAX_FILE_BYTES:
        raise ImportFileError("import.file.too_big", name=path.name)
    kind = sniff_kind(path, head)
    if kind == "encrypted":
        raise ImportFileError("import.file.password", name=path.name)
    if kind == "unknown":
        raise ImportFileError("import.file.not_spreadsheet", name=path.name)
    if kind == "csv" and path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise ImportFileError("import.file.wrong_extension", name=path.name,
                              suffix=path.suffix.lower())
    sha = sha256_of(path)
    if kind == "csv":
        return _open_csv(path, sha)
    if kind in ("xlsx", "ods"):
        _check_zip(path)
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = [m.name for m in book.sheets_metadata
                 if getattr(m.typ, "name", "WorkSheet") == "WorkSheet"]
        hidden = {m.name for m in book.sheets_metadata
                  if getattr(m.visible, "name", "Visible") != "Visible"}
    except PasswordError:
        raise ImportFileError("import.file.password", name=path.name) from None
    except Exception as e:  # calamine raises several kinds for broken files
        raise ImportFileError("import.file.damaged", name=path.name, detail=_short(e)) from None
    if not names:
        raise ImportFileError("import.file.no_sheets", name=path.name)
    # Visible sheets first: a hidden sheet is rarely the one to import.
    names = [n for n in names if n not in hidden] + [n for n in names if n in hidden]
    wb = Workbook(path=path, kind=kind, sha256=sha, sheet_names=names, _book=book)
    wb._hidden_sheets = hidden  # type: ignore[attr-defined]
    return wb


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]


def _read_sheet(wb: Workbook, name: str) -> SheetData:
    try:
        sheet = wb._book.get_sheet_by_name(name)
        merged = sheet.merged_cell_ranges or []
        # Row by row, so the sheet is held once as Python lists (to_python() would
        # build a second full copy first). iter_rows() starts at row 1 but at the first
        # used column: pad to keep column letters right.
        pad = [None] * (sheet.start[1] if sheet.start else 0)
        out: list[list[Any]] = []
        # A text met again (the local city, the kind, a country) is kept once, not once
        # per row: a long list is mostly repeats.
        texts: dict[str, str] = {}
        keep = texts.setdefault
        for row in sheet.iter_rows():
            cells = pad + [None if (c == "" or c is None) else keep(c, c) if c.__class__ is str
                           else c for c in row]
            while cells and cells[-1] is None:
                cells.pop()
            out.append(cells)
        del sheet
    except Exception as e:
        raise ImportFileError("import.file.damaged", name=wb.file_name, detail=_short(e)) from None
    while out and not out[-1]:
        out.pop()
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(out):
            continue
        top = out[r0][c0] if c0 < len(out[r0]) else None
        if top is None:
            continue
        for r in range(r0, min(r1, len(out) - 1) + 1):
            row = out[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if row[c] is None:
                    row[c] = top
    hidden_cols = _hidden_columns_xlsx(wb.path, wb.sheet_names, name) if wb.kind == "xlsx" else set()
    return SheetData(name=name, rows=out, hidden_columns=hidden_cols,
                     visible=name not in getattr(wb, "_hidden_sheets", set()))


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _hidden_columns_xlsx(path: Path, sheet_names: list[str], name: str) -> set[int]:
    """Columns marked hidden in an .xlsx sheet (calamine does not report them)."""
    try:
        with zipfile.ZipFile(path) as zf:
            wb_xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            sheets = re.findall(r'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', wb_xml)
            rid = next((r for n, r in sheets if _xml_unescape(n) == name), None)
            if rid is None:
                return set()
            target = None
            for m in re.finditer(r"<Relationship\b[^>]*>", rels):
                tag = m.group(0)
                if f'Id="{rid}"' in tag:
                    target = re.search(r'Target="([^"]*)"', tag).group(1)
            if target is None:
                return set()
            target = target.lstrip("/")
            member = target if target.startswith("xl/") else "xl/" + target
            with zf.open(member) as fh:
                head = fh.read(256 * 1024).decode("utf-8", "replace")
    except Exception:
        return set()
    cols = head.split("<sheetData", 1)[0]
    hidden: set[int] = set()
    for m in re.finditer(r"<(?:\w+:)?col\b([^>]*)/?>", cols):
        attrs = m.group(1)
        if re.search(r'hidden="(1|true)"', attrs):
            lo = int(re.search(r'min="(\d+)"', attrs).group(1))
            hi = int(re.search(r'max="(\d+)"', attrs).group(1))
            hidden.update(range(lo - 1, min(hi, 16384)))
    return hidden


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


# --------------------------------------------------------------------------- CSV
def detect_encoding(data: bytes) -> str:
    """'utf-8-sig', 'utf-8', 'utf-16' or 'gb18030' (a superset of GBK and GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise ImportFileError("import.file.encoding", name="") from None


def _open_csv(path: Path, sha: str) -> Workbook:
    data = path.read_bytes()
    try:
        encoding = detect_encoding(data)
    except ImportFileError:
        raise ImportFileError("import.file.encoding", name=path.name) from None
    text = data.decode(encoding)
    if "\x00" in text:
        raise ImportFileError("import.file.not_spreadsheet", name=path.name)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|，")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells = [c if c != "" else None for c in row]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
    except csv.Error as e:
        raise ImportFileError("import.file.damaged", name=path.name, detail=str(e)) from None
    while rows and not rows[-1]:
        rows.pop()
    name = path.stem
    wb = Workbook(path=path, kind="csv", sha256=sha, sheet_names=[name], encoding=encoding)
    wb._sheets[name] = SheetData(name=name, rows=rows)
    return wb
