"""Files to rows of cells: .xlsx, .xlsm, .xls, .ods (python-calamine) and .csv.

What a file is comes from its bytes, not its name: a workbook saved as ".xls" that is
really .xlsx is read, and a text file renamed ".xlsx" is read as CSV or refused. Any
file that cannot be read gives an :class:`ImportFileError` with a message in both
languages, never a traceback, and within bounded time and memory: size, decompressed
size and, for .xlsx, how far a sheet's cells reach and how many shared strings it
claims are checked before calamine sees them.

Cells are returned as calamine gives them, except that an empty cell is ``None`` (not
"") and merged ranges are filled from their top-left cell. Strings are never stripped
or converted here; ``values.py`` does that, so a code like "007" keeps its zeros.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from twindesk.core.errors import TwinDeskError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a zip bomb expands far more than real workbooks do (~10-30)
# calamine holds a sheet as one block of cells from its first filled cell to its last
# (32 bytes each), and a tiny file can put one value in A1 and one in XFD1048576: the
# block from A1 to the last filled cell is measured before calamine sees the sheet.
MAX_SHEET_CELLS = 20_000_000
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's own limits (XFD1048576)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".xltx", ".ots")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xlsb", ".ods", ".ots")  # a workbook that is a zip
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
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
            raise ImportFileError(
                "import.file.no_sheet", name=name, sheets=", ".join(self.sheet_names)
            )
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
    """'xlsx', 'ods', 'xls', 'encrypted', 'csv', 'broken' or 'unknown', from the bytes.

    'broken' is a file that starts as a zip (as .xlsx and .ods files do) but is not a
    whole one: most often a download or copy cut short, whose table of contents (at the
    end of a zip) is missing.
    """
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype")[:100]:
                    return "ods"
                if any(n.startswith("xl/workbook") for n in names):
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "broken"
        except NotImplementedError:  # a compression no spreadsheet program uses
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
        raise ImportFileError(
            "import.file.damaged", name=path.name, detail=e.strerror or str(e)
        ) from None
    if size == 0:
        raise ImportFileError("import.file.empty", name=path.name)
    if size > MAX_FILE_BYTES:
        raise ImportFileError("import.file.too_big", name=path.name)
    kind = sniff_kind(path, head)
    if kind == "encrypted":
        raise ImportFileError("import.file.password", name=path.name)
    suffix = path.suffix.lower()
    if (
        kind == "broken"
        or kind == "unknown"
        and suffix in ZIP_SUFFIXES
        and not head.startswith(b"PK")
    ):
        # Cut short, or named .xlsx but not a zip at all: either way not a whole workbook.
        raise ImportFileError("import.file.incomplete", name=path.name)
    if kind == "unknown" and suffix in TEXT_SUFFIXES:  # NUL bytes: not text
        raise ImportFileError("import.file.binary", name=path.name)
    if kind == "unknown":
        raise ImportFileError("import.file.not_spreadsheet", name=path.name)
    if kind == "csv" and path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise ImportFileError(
            "import.file.wrong_extension", name=path.name, suffix=path.suffix.lower()
        )
    sha = sha256_of(path)
    if kind == "csv":
        return _open_csv(path, sha)
    if kind in ("xlsx", "ods"):
        _check_zip(path)
    members: dict[str, str] = {}
    if kind == "xlsx":
        members = _xlsx_parts(path)
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = [
            m.name
            for m in book.sheets_metadata
            if getattr(m.typ, "name", "WorkSheet") == "WorkSheet"
        ]
        hidden = {
            m.name
            for m in book.sheets_metadata
            if getattr(m.visible, "name", "Visible") != "Visible"
        }
    except PasswordError:
        raise ImportFileError("import.file.password", name=path.name) from None
    except Exception as e:  # calamine raises several kinds for broken files
        raise ImportFileError("import.file.damaged", name=path.name, detail=_short(e)) from None
    except BaseException as e:  # a panic in calamine's Rust code, not a reason to stop
        if not _is_panic(e):
            raise
        raise ImportFileError("import.file.damaged", name=path.name, detail=_short(e)) from None
    if not names:
        raise ImportFileError("import.file.no_sheets", name=path.name)
    # Visible sheets first: a hidden sheet is rarely the one to import.
    names = [n for n in names if n not in hidden] + [n for n in names if n in hidden]
    wb = Workbook(path=path, kind=kind, sha256=sha, sheet_names=names, _book=book)
    wb._hidden_sheets = hidden  # type: ignore[attr-defined]
    wb._members = members  # type: ignore[attr-defined]  # sheet name -> its XML in the zip
    return wb


def require_data_rows(wb: Workbook, name: str | None = None) -> SheetData:
    """The sheet, refused at once when it has at most one filled row (a header, no data).

    Cheap, so it runs before the layout and mapping, which take seconds on a header row
    of 16,384 columns only to find nothing to import.
    """
    sheet = wb.sheet(name)
    filled = 0
    for row in sheet.rows:
        if any(c is not None and (c.__class__ is not str or c.strip()) for c in row):
            filled += 1
            if filled > 1:
                return sheet
    raise ImportFileError("import.file.no_rows", name=wb.file_name, sheet=sheet.name)


def _short(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]


def _is_panic(e: BaseException) -> bool:
    # pyo3 turns a Rust panic into pyo3_runtime.PanicException, a BaseException.
    return type(e).__name__ == "PanicException"


def _read_sheet(wb: Workbook, name: str) -> SheetData:
    member = getattr(wb, "_members", {}).get(name)
    if wb.kind == "xlsx":
        _check_sheet_extent(wb, name, member)
    try:
        sheet = wb._book.get_sheet_by_name(name)
        merged = sheet.merged_cell_ranges or (
            _ods_merged(wb.path, name) if wb.kind == "ods" else []
        )
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
            cells = pad + [
                None if (c == "" or c is None) else keep(c, c) if c.__class__ is str else c
                for c in row
            ]
            while cells and cells[-1] is None:
                cells.pop()
            out.append(cells)
        del sheet
        while out and not out[-1]:
            out.pop()
        _fill_merged(out, merged)
    except ImportFileError:
        raise
    except Exception as e:
        raise ImportFileError("import.file.damaged", name=wb.file_name, detail=_short(e)) from None
    except BaseException as e:
        if not _is_panic(e):
            raise
        raise ImportFileError("import.file.damaged", name=wb.file_name, detail=_short(e)) from None
    hidden_cols = _hidden_columns_xlsx(wb.path, member) if wb.kind == "xlsx" and member else set()
    return SheetData(
        name=name,
        rows=out,
        hidden_columns=hidden_cols,
        visible=name not in getattr(wb, "_hidden_sheets", set()),
    )


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merged(path: Path, name: str) -> list:
    """The merged ranges of an .ods sheet, which python-calamine does not give: cells
    with ``table:number-rows-spanned`` / ``number-columns-spanned`` in content.xml
    (国别 merged down the rows of one country). Streamed; repeated rows and cells are
    counted, not expanded."""
    import xml.etree.ElementTree as ET
    import zipfile

    t = _ODS_TABLE
    merged = []
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
            in_sheet, row, col = False, -1, 0
            for event, el in ET.iterparse(fh, events=("start", "end")):
                tag = el.tag
                if tag == f"{t}table":
                    if event == "start":
                        in_sheet, row = el.get(f"{t}name") == name, -1
                    elif in_sheet:
                        break
                    continue
                if not in_sheet:
                    if event == "end":
                        el.clear()
                    continue
                if tag == f"{t}table-row" and event == "start":
                    row, col = row + 1, 0
                elif tag == f"{t}table-row" and event == "end":
                    row += int(el.get(f"{t}number-rows-repeated", "1") or 1) - 1
                    el.clear()
                elif tag in (f"{t}table-cell", f"{t}covered-table-cell") and event == "start":
                    rows = int(el.get(f"{t}number-rows-spanned", "1") or 1)
                    cols = int(el.get(f"{t}number-columns-spanned", "1") or 1)
                    if rows > 1 or cols > 1:
                        merged.append(((row, col), (row + rows - 1, col + cols - 1)))
                    col += int(el.get(f"{t}number-columns-repeated", "1") or 1)
    except (KeyError, ValueError, ET.ParseError, zipfile.BadZipFile, OSError):
        return []  # the cells calamine read stand as they are
    return merged


def _fill_merged(out: list[list[Any]], merged: list) -> None:
    """Copy each merged range's top-left value into its other cells, within the used cells.

    A range is cut to the rows read and the widest row: a merge reaching past them (to
    XFD, or to row 1048576) adds nothing but copies of its own text. Ranges that overlap
    (Excel makes none) could ask for far more cells than the sheet has: filling stops
    when they have asked for as many as it has, the rest keep their top-left value only.
    """
    width = max((len(r) for r in out), default=0)
    budget = len(out) * width
    for rng in merged:
        (r0, c0), (r1, c1) = rng
        r0, c0 = max(int(r0), 0), max(int(c0), 0)
        r1, c1 = min(int(r1), len(out) - 1), min(int(c1), width - 1)
        if r0 > r1 or c0 > c1:
            continue
        top = out[r0][c0] if c0 < len(out[r0]) else None
        if top is None:
            continue
        budget -= (r1 - r0 + 1) * (c1 - c0 + 1)
        if budget < 0:
            break
        for r in range(r0, r1 + 1):
            row = out[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if row[c] is None:
                    row[c] = top


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(n: int) -> str:
    letters = ""
    while n > 0 and len(letters) < 8:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


# The parts of an .xlsx read here are read with regular expressions on attributes that
# may be missing, repeated, out of order, single-quoted or hold anything at all: every
# value is checked, and one that makes no sense is passed over, never trusted.
_ATTR = re.compile(r'([\w.:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_NUMBER = re.compile(r"[0-9]{1,9}")


def _attrs(tag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(tag):
        out.setdefault(
            m.group(1), _xml_unescape(m.group(2) if m.group(2) is not None else m.group(3))
        )
    return out


def _whole_number(text: str | None) -> int | None:
    """A plain whole number of at most 9 digits, else None ("abc", "-1", "1e3", "")."""
    text = (text or "").strip()
    return int(text) if _NUMBER.fullmatch(text) else None


def _xlsx_parts(path: Path) -> dict[str, str]:
    """Each sheet's XML in the zip, by sheet name (found as calamine finds it: workbook.xml,
    then its relationships); and a shared-string count calamine would trust is checked.

    An empty result (a part missing or odd) only means the sheets are checked the slow way.
    """
    found: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            for info in zf.infolist():
                if info.filename.lower().endswith("sharedstrings.xml"):
                    with zf.open(info) as fh:
                        head = fh.read(64 * 1024).decode("utf-8", "replace")
                    sst = re.search(r"<(?:[\w.-]+:)?sst\b([^>]*)>", head)
                    # calamine sets aside room for "uniqueCount" strings before reading any:
                    # a made-up count of billions ends the program, so it must fit the part
                    # (each string takes at least the 5 bytes of "<si/>").
                    raw = _attrs(sst.group(1)).get("uniqueCount", "") if sst else ""
                    digits = re.match(r"\s*\+?([0-9]{1,13})", raw)
                    if digits and int(digits.group(1)) > info.file_size // 4 + 16:
                        raise ImportFileError(
                            "import.file.damaged",
                            name=path.name,
                            detail=f"shared strings: uniqueCount={raw[:20]}",
                        )
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return found
            wb_xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels_xml = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except ImportFileError:
        raise
    except Exception:  # the reader proper says what is wrong with the file
        return found
    targets: dict[str, str] = {}
    for m in re.finditer(r"<(?:[\w.-]+:)?Relationship\b([^>]*)>", rels_xml):
        a = _attrs(m.group(1))
        if "Id" in a and "Target" in a:
            targets.setdefault(a["Id"], a["Target"])
    for m in re.finditer(r"<(?:[\w.-]+:)?sheet\b([^>]*)>", wb_xml):
        a = _attrs(m.group(1))
        rid = next((v for k, v in a.items() if k.endswith(":id")), None)
        target = targets.get(rid or "")
        if "name" not in a or not target:
            continue
        target = target.replace("\\", "/").lstrip("/")
        found.setdefault(a["name"], target if target.startswith("xl/") else "xl/" + target)
    return found


def _check_sheet_extent(wb: Workbook, name: str, member: str | None) -> None:
    """Refuse a sheet whose cells reach so far that calamine's block would not fit."""
    try:
        with zipfile.ZipFile(wb.path) as zf:
            members = (
                [member]
                if member in set(zf.namelist())
                else [
                    n
                    for n in zf.namelist()  # not found as calamine finds it: check them all
                    if n.lower().startswith("xl/worksheets/") and n.lower().endswith(".xml")
                ]
            )
            rows = cols = 0
            for m in members:
                r, c = _sheet_extent(zf, m)
                rows, cols = max(rows, r), max(cols, c)
    except Exception as e:  # a part that cannot be unpacked: calamine would fail too
        raise ImportFileError("import.file.damaged", name=wb.file_name, detail=_short(e)) from None
    if rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_SHEET_CELLS:
        raise ImportFileError(
            "import.file.too_many_cells",
            name=wb.file_name,
            sheet=name,
            cell=f"{_col_letters(cols)}{rows}",
            most=f"{MAX_SHEET_CELLS:,}",
        )


# Every writer (Excel, WPS, LibreOffice, openpyxl...) stores a cell as <c r="B12" ...>:
# for those, two fast searches find the far cells. Anything else is walked tag by tag.
_ODD_CELLS = (
    re.compile(rb'<c (?!r="[A-Z]{1,3}[0-9]{1,7}")'),  # three searches: one with
    re.compile(rb"<c[>/\t\r\n]"),
    re.compile(rb":c[\s>/]"),
)  # | is 3x slower
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})')
_TALL_CELL = re.compile(rb'<c r="[A-Z]*([0-9]{6,7})"')
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?![\w.:-])([^>]*)>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([A-Za-z]*)([0-9]*)""")
_FAR = 10**10  # a reference beyond any sheet


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The part's bytes in pieces that never split a tag."""
    carry = b""
    with zf.open(member) as fh:
        while True:
            chunk = fh.read(1 << 24)
            if not chunk:
                if carry:
                    yield carry
                return
            data = carry + chunk
            cut = data.rfind(b"<")  # the last tag may be cut: keep it for the next piece
            data, carry = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            if data:
                yield data


def _sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest filled cell, or more, never less."""
    wide: set[bytes] = set()
    tall: set[bytes] = set()
    for data in _chunks(zf, member):
        if any(rx.search(data) for rx in _ODD_CELLS):
            break
        wide.update(_WIDE_CELL.findall(data))
        tall.update(_TALL_CELL.findall(data))
    else:
        rows = max(map(int, tall), default=99_999)  # no 6-digit row: below 100,000
        cols = max((_col_number(c.decode()) for c in wide), default=26)
        if rows <= MAX_ROWS and cols <= MAX_COLUMNS and rows * cols <= MAX_SHEET_CELLS:
            return rows, cols
    # Walk every row and cell: a cell without r follows the one before it.
    row = col = max_row = max_col = 0
    for data in _chunks(zf, member):
        for tag, attrs in _TAG.findall(data):
            ref = _REF.search(attrs)
            letters, digits = ref.groups() if ref else (b"", b"")
            if tag == b"row":
                row = (int(digits) if len(digits) < 10 else _FAR) if digits else row + 1
                col = 0
                continue
            if letters:
                col = _col_number(letters.decode().upper()) if len(letters) < 7 else _FAR
            else:
                col += 1
            if digits:
                row = max(row, int(digits) if len(digits) < 10 else _FAR)
            if not attrs.endswith(b"/"):  # <c .../> holds nothing
                max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col


def _hidden_columns_xlsx(path: Path, member: str) -> set[int]:
    """Columns marked hidden in an .xlsx sheet (calamine does not report them)."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            head = fh.read(256 * 1024).decode("utf-8", "replace")
    except Exception:
        return set()
    cols = re.split(r"<(?:[\w.-]+:)?sheetData\b", head, maxsplit=1)[0]
    hidden: set[int] = set()
    for m in re.finditer(r"<(?:[\w.-]+:)?col\b([^>]*)>", cols):
        a = _attrs(m.group(1))
        if a.get("hidden", "").strip() not in ("1", "true"):
            continue
        lo, hi = _whole_number(a.get("min")), _whole_number(a.get("max"))
        if lo is None or hi is None or lo > hi or hi < 1:  # no range, or none that makes sense
            continue
        hidden.update(range(max(lo, 1) - 1, min(hi, MAX_COLUMNS)))
    return hidden


def _xml_unescape(text: str) -> str:
    return html.unescape(text)  # &amp; &lt; ... and numeric ones such as &#20013;


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
    if "\x00" in text:  # past the first 4 KB that sniff_kind looks at
        raise ImportFileError("import.file.binary", name=path.name)
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
