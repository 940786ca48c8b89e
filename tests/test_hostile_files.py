"""Hostile and broken spreadsheets through the whole import, and fuzzed readers.

Every file here either imports what it honestly holds or is refused with a message in
both languages; none raises anything else, none leaves a trace in the register. Files
are built at test time (a few bytes of XML in a zip), so the corpus costs nothing to
keep and shows exactly what makes each file hostile.

"Refused quickly" is checked, not hoped for: each hostile file is first read in a child
process (bounded_read) that is given 30 seconds and 4 GB, and must end with the file
read or refused. A file that hangs the reader fails its test, and one that makes
calamine abort (Rust's out-of-memory abort is no exception) fails it too, instead of
taking the whole test run down.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from twindesk.core.errors import TwinDeskError
from twindesk.core.models import AuditEntry, ImportBatch, Pairing, Place
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
from twindesk.core.spreadsheets.reading import ImportFileError, open_workbook

pytestmark = pytest.mark.sqlite_only(
    "hostile files test the readers; the register's engine adds nothing"
)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Partners" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
</Relationships>"""
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>外方城市</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>国家</t></is></c></row>'
)


def raw_xlsx(
    path: Path,
    rows_xml: str,
    *,
    prolog: str = "",
    dimension: str = "",
    before: str = "",
    after: str = "",
    workbook: str = WORKBOOK,
    shared_strings: str | None = None,
) -> Path:
    """A minimal workbook whose one sheet is exactly the XML given.

    ``before`` goes between the dimension and the cells (<sheetFormatPr>, <cols>),
    ``after`` after them (<mergeCells>); ``shared_strings`` adds xl/sharedStrings.xml.
    """
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}{before}<sheetData>{rows_xml}</sheetData>{after}</worksheet>"
    )
    rels = WORKBOOK_RELS
    if shared_strings is not None:
        rels = rels.replace("</Relationships>", SST_REL + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            zf.writestr("xl/sharedStrings.xml", shared_strings)
    return path


SST_REL = (
    '<Relationship Id="rId2" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org'
    '/officeDocument/2006/relationships/sharedStrings"/>'
)


def workbook_xml(sheet_attrs: str) -> str:
    """workbook.xml with one sheet, "Partners", whose <sheet> tag has these attributes too."""
    return WORKBOOK.replace('r:id="rId1"/>', f'r:id="rId1" {sheet_attrs}/>')


# A child process reads the file: a hang is cut at `timeout` seconds, an allocation
# beyond 4 GB fails there (calamine then aborts the child, not the test run).
READER = textwrap.dedent("""
    import json, sys, types
    from pathlib import Path
    if sys.platform != "win32":
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    # The reader alone (it needs only errors and i18n): not the whole import package,
    # whose imports (SQLAlchemy, the models, pypinyin) take a second and a half.
    import twindesk.core
    package = types.ModuleType("twindesk.core.spreadsheets")
    package.__path__ = [str(Path(twindesk.core.__file__).parent / "spreadsheets")]
    sys.modules["twindesk.core.spreadsheets"] = package
    from twindesk.core.spreadsheets.reading import ImportFileError, open_workbook
    try:
        book = open_workbook(sys.argv[1])
        sheets = []
        for name in book.sheet_names:
            s = book.sheet(name)
            sheets.append({"name": name, "rows": len(s.rows), "width": s.width,
                           "hidden": sorted(s.hidden_columns), "visible": s.visible})
        print(json.dumps({"outcome": "read", "sheets": sheets}))
    except ImportFileError as err:
        print(json.dumps({"outcome": "refused", "code": err.code,
                          "en": err.message("en"), "zh": err.message("zh")}))
""")


def bounded_read(path: Path, timeout: float = 30) -> dict:
    """Read every sheet of ``path`` in a child process given ``timeout`` seconds.

    {"outcome": "read", "sheets": [...]} or {"outcome": "refused", "code", "en", "zh"};
    the test fails if the child is still at it after ``timeout`` seconds, or ends any
    other way (another exception, a crash, an abort).
    """
    try:
        done = subprocess.run(
            [sys.executable, "-c", READER, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name} was neither read nor refused within {timeout} s")
    assert done.returncode == 0, (
        f"reading {path.name} ended with {done.returncode}:\n{done.stderr[-4000:]}"
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["outcome"] == "refused":
        assert result["en"] and result["zh"] and result["zh"] != result["en"], result
    return result


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def counts(register) -> tuple[int, ...]:
    with register.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(m)).scalar()
            for m in (Place, Pairing, ImportBatch, AuditEntry)
        )


def try_import(register, path: Path) -> tuple[str, object]:
    """Import as the clerk would; ("refused", error) or ("imported", plan counts)."""
    try:
        with SpreadsheetImport(register, path) as imp:
            plan = imp.validate(ImportOptions(local="Wuhan"))
            imp.commit(plan, operator="hostile test")
            return "imported", plan.counts()
    except TwinDeskError as err:
        assert err.message("en") and err.message("zh") != err.message("en")
        return "refused", err


@pytest.fixture
def wuhan(register):
    with register.write() as s:
        from twindesk.core import operations as ops

        ops.create(s, "place", {"name_en": "Wuhan", "name_zh": "武汉", "country_code": "CN"})
    return register


def test_xml_entity_bomb_is_not_expanded(wuhan, tmp_path):
    lol = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">'
            for i in range(9)
        )
        + "]>"
    )
    path = raw_xlsx(
        tmp_path / "bomb.xlsx",
        HEADER + '<row r="2">' + inline("A2", "&lol9;") + "</row>",
        prolog=lol,
    )
    assert bounded_read(path)["outcome"] in ("read", "refused")
    before = counts(wuhan)
    outcome, detail = try_import(wuhan, path)
    if outcome == "imported":  # read without expanding: nothing like 10^9 "lol"s anywhere
        with wuhan.connect() as conn:
            longest = conn.execute(select(func.max(func.length(Place.name_en)))).scalar()
        assert longest < 1000
    else:
        assert counts(wuhan) == before


def test_sheet_reaching_row_1048576(wuhan, tmp_path):
    rows = HEADER + '<row r="2">' + inline("A2", "Lyon") + inline("B2", "France") + "</row>"
    rows += (
        '<row r="1048576">' + inline("A1048576", "Nantes") + inline("B1048576", "France") + "</row>"
    )
    path = raw_xlsx(tmp_path / "tall.xlsx", rows, dimension='<dimension ref="A1:B1048576"/>')
    read = bounded_read(path)
    assert read["outcome"] == "read" and read["sheets"][0]["rows"] == 1048576, read
    outcome, detail = try_import(wuhan, path)
    assert outcome == "imported" and detail["insert"] == 2, detail


def test_sheet_with_16384_columns(wuhan, tmp_path):
    rows = HEADER[: -len("</row>")] + inline("XFD1", "last column") + "</row>"
    rows += (
        '<row r="2">'
        + inline("A2", "Lyon")
        + inline("B2", "France")
        + inline("XFD2", "x")
        + "</row>"
    )
    path = raw_xlsx(tmp_path / "wide.xlsx", rows, dimension='<dimension ref="A1:XFD2"/>')
    read = bounded_read(path)
    assert read["outcome"] == "read" and read["sheets"][0]["width"] == 16384, read
    outcome, detail = try_import(wuhan, path)
    assert outcome == "imported" and detail["insert"] == 1, detail


def test_formulas_errors_and_long_strings(wuhan, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["外方城市", "国家", "备注"])
    ws.append(["Lyon", "France", "=1+1"])  # a formula: its text, never run
    ws.append(["#N/A", "France", None])  # an Excel error where a name goes
    ws.append(["Nantes", "#REF!", None])
    ws.append(["Bordeaux", "France", "x" * 100_000])  # longer than any field allows
    ws["C3"] = "=NA()"
    ws["A4"] = "=#REF!"
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    before = counts(wuhan)
    outcome, detail = try_import(wuhan, path)
    assert outcome == "imported", detail
    # calamine reads an error cell (and a formula without a cached result) as empty: the
    # row whose partner is "#N/A" is rejected for its empty name, never imported as "#N/A".
    assert detail["reject"] >= 1
    with wuhan.connect() as conn:
        names = set(conn.execute(select(Place.name_en)).scalars())
        notes = list(conn.execute(select(Pairing.notes)).scalars())
    assert "#N/A" not in names and "#REF!" not in names
    assert all(len(n or "") < 100_000 for n in notes)
    assert counts(wuhan)[1] > before[1]


@pytest.mark.parametrize(
    "name,data",
    [
        ("garbage.csv", bytes(range(256)) * 64),
        ("utf16.csv", "外方城市,国家\n里昂,法国\n".encode("utf-16-le")),
        ("latin1.csv", "Partner,Country\nSão Paulo,Brésil\n".encode("latin-1")),
        ("nul.csv", b"Partner,Country\nLyon\x00,France\n"),
        ("control.csv", b"Partner,Country\nLi\x01lle,France\nBell\x07e,France\n"),
    ],
)
def test_odd_text_files_are_read_or_refused_cleanly(wuhan, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    read = bounded_read(path)
    if b"\x00" in data and not name.startswith("utf16"):  # a text file does not hold NUL
        assert read["outcome"] == "refused" and read["code"] == "import.file.binary", read
        assert "binary data" in read["en"] and "二进制数据" in read["zh"]
    before = counts(wuhan)
    outcome, detail = try_import(wuhan, path)
    if outcome == "refused":
        assert counts(wuhan) == before
    else:
        with wuhan.connect() as conn:
            names = set(conn.execute(select(Place.name_en)).scalars())
        assert not any(ord(ch) < 32 or ch == "\ufffd" for n in names for ch in n)


# ------------------------------------------- the parts of a sheet the reader touches
DATA = HEADER + '<row r="2">' + inline("A2", "Lyon") + inline("B2", "France") + "</row>"
FAR = (
    HEADER
    + '<row r="2">'
    + inline("A2", "Lyon")
    + '</row><row r="1048576">'
    + inline("XFD1048576", "x")
)
FAR += "</row>"
# name: (raw_xlsx arguments, ("read", hidden columns) or ("refused", code))
ODD_PARTS = {
    "col hidden, no min or max": ({"before": '<cols><col hidden="1"/></cols>'}, ("read", [])),
    "col min above max": (
        {"before": '<cols><col min="5" max="2" hidden="1"/></cols>'},
        ("read", []),
    ),
    "col min not a number": (
        {"before": '<cols><col min="abc" max="2" hidden="1"/></cols>'},
        ("read", []),
    ),
    "col min negative": (
        {"before": '<cols><col min="-3" max="1" hidden="1"/></cols>'},
        ("read", []),
    ),
    "col min 0": ({"before": '<cols><col min="0" max="1" hidden="1"/></cols>'}, ("read", [0])),
    "col max far past XFD": (
        {"before": '<cols><col min="2" max="99999999" hidden="1"/></cols>'},
        ("read", list(range(1, 16384))),
    ),
    "col max of 40 digits": (
        {"before": f'<cols><col min="2" max="{"9" * 40}" hidden="1"/></cols>'},
        ("read", []),
    ),
    "col hidden=yes": (
        {"before": '<cols><col min="1" max="2" hidden="yes"/></cols>'},
        ("read", []),
    ),
    "col in single quotes": (
        {"before": "<cols><col min='2' max='2' hidden='true'/></cols>"},
        ("read", [1]),
    ),
    "col repeated": (
        {"before": '<cols><col min="1" max="1" hidden="1"/><col min="1" max="1"/></cols>'},
        ("read", [0]),
    ),
    "sheetFormatPr nonsense": (
        {
            "before": '<sheetFormatPr defaultRowHeight="abc" baseColWidth="-1" '
            'outlineLevelRow="99999999" zeroHeight="maybe"/>'
        },
        ("read", []),
    ),
    "dimension past the sheet": ({"dimension": '<dimension ref="A1:XFD99999999"/>'}, ("read", [])),
    "dimension backwards": ({"dimension": '<dimension ref="XFD1048576:A1"/>'}, ("read", [])),
    "dimension nonsense": (
        {"dimension": '<dimension ref="zz:!!"/>'},
        ("refused", "import.file.damaged"),
    ),
    "row hidden=maybe, spans and ht nonsense": (
        {
            "rows_xml": HEADER
            + '<row r="2" hidden="maybe" spans="9:1" ht="x">'
            + inline("A2", "Lyon")
            + "</row>"
        },
        ("read", []),
    ),
    "row number not a number": (
        {"rows_xml": HEADER + '<row r="abc">' + inline("A2", "Lyon") + "</row>"},
        ("refused", "import.file.damaged"),
    ),
    "row number past the sheet, cells without r": (
        {"rows_xml": HEADER + '<row r="99999999"><c t="inlineStr"><is><t>x</t></is></c></row>'},
        ("refused", "import.file.too_many_cells"),
    ),
    "cell past row 1048576": (
        {"rows_xml": HEADER + '<row r="2">' + inline("B99999999", "x") + "</row>"},
        ("refused", "import.file.too_many_cells"),
    ),
    "cell past column XFD": (
        {"rows_xml": HEADER + '<row r="2">' + inline("ZZZZZ2", "x") + "</row>"},
        ("refused", "import.file.too_many_cells"),
    ),
    # calamine would hold A1:XFD1048576 as one block: 17 billion cells from a 1 KB file.
    "cells in A1 and XFD1048576": ({"rows_xml": FAR}, ("refused", "import.file.too_many_cells")),
    "merge backwards": (
        {"after": '<mergeCells count="1"><mergeCell ref="B2:A1"/></mergeCells>'},
        ("read", []),
    ),
    "merge to column ZZZZZZ": (
        {"after": '<mergeCells count="1"><mergeCell ref="A1:ZZZZZZ2"/></mergeCells>'},
        ("read", []),
    ),
    "merge to the last cell": (
        {"after": '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>'},
        ("read", []),
    ),
    "merges overlapping": (
        {"after": "<mergeCells>" + '<mergeCell ref="A1:B2"/>' * 5000 + "</mergeCells>"},
        ("read", []),
    ),
    "merge nonsense": (
        {"after": '<mergeCells count="-1"><mergeCell ref="abc"/></mergeCells>'},
        ("refused", "import.file.damaged"),
    ),
    "merge without ref": (
        {"after": '<mergeCells count="99999999"><mergeCell/></mergeCells>'},
        ("read", []),
    ),
    "sheet state nonsense": (
        {"workbook": workbook_xml('state="sometimes"')},
        ("refused", "import.file.damaged"),
    ),
    "sheet state veryHidden": ({"workbook": workbook_xml('state="veryHidden"')}, ("read", [])),
    "sheet id nonsense": (
        {"workbook": workbook_xml('sheetId="-7"').replace('sheetId="1" ', "")},
        ("read", []),
    ),
    # calamine sets aside room for uniqueCount strings first: 4 billion ends the program.
    "shared strings count of billions": (
        {
            "rows_xml": HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
            "shared_strings": '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'uniqueCount="4000000000"><si><t>Lyon</t></si></sst>',
        },
        ("refused", "import.file.damaged"),
    ),
}


@pytest.mark.parametrize("case", list(ODD_PARTS))
def test_odd_sheet_parts_are_read_or_refused(tmp_path, case):
    args, (outcome, expected) = ODD_PARTS[case]
    args = {"rows_xml": DATA, **args}
    path = raw_xlsx(tmp_path / "odd.xlsx", args.pop("rows_xml"), **args)
    result = bounded_read(path)
    assert result["outcome"] == outcome, result
    if outcome == "read":
        assert result["sheets"][0]["hidden"] == expected
        assert result["sheets"][0]["width"] <= 16384
    else:
        assert result["code"] == expected, result


# ------------------------------------------------------------------------ fuzzing
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def read_or_refuse(path: Path) -> None:
    try:
        book = open_workbook(path)
        for name in book.sheet_names:
            book.sheet(name)
    except ImportFileError as err:
        assert err.message("zh")


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".csv", ".xlsx", ".xls", ".ods"]))
def test_fuzzed_bytes_are_read_or_refused(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    read_or_refuse(path)


@FUZZ
@given(st.text(max_size=400), st.integers(0, 2))
def test_fuzzed_sheet_xml_is_read_or_refused(tmp_path_factory, text, where):
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    rows = [
        HEADER + '<row r="2">' + inline("A2", escaped) + "</row>",  # any text in a cell
        text,  # raw text as XML
        HEADER + text,
    ][where]  # garbage after rows
    path = raw_xlsx(tmp_path_factory.mktemp("fuzz") / "f.xlsx", rows)
    read_or_refuse(path)


# Values for the attributes of the parts of a sheet the reader and calamine look at: the
# numbers each part should hold, the edges of a sheet, and anything else at all.
NUMBERS = st.one_of(
    st.integers(-3, 20),
    st.sampled_from(
        [0, 16383, 16384, 16385, 70_000, 1_048_577, 99_999_999, 2**31, 2**32 + 1, 2**64, 10**40]
    ),
)
ODD_VALUES = st.sampled_from(
    [
        "",
        " ",
        "abc",
        "1e400",
        "nan",
        "-0",
        "+3",
        "0x10",
        "3.5",
        "١٢",
        "1 2",
        "true",
        "false",
        "yes",
        "1:3",
        "3:1",
        "1:99999999",
    ]
)
VALUE = st.one_of(NUMBERS.map(str), ODD_VALUES, st.text(max_size=12))
FLAG = st.one_of(st.sampled_from(["1", "true", "0", "false"]), VALUE)
REF = st.one_of(
    st.builds(
        "{}{}".format,
        st.sampled_from(["A", "B", "Z", "AA", "XFD", "XFE", "ZZZZZ", "a", "", "$A$"]),
        st.sampled_from(["1", "2", "0", "3", "70000", "1048577", "99999999", "", "-1", "9" * 30]),
    ),
    st.text(max_size=8),
)
RANGE = st.one_of(REF, st.builds("{}:{}".format, REF, REF))


def _xml_attrs(**values: st.SearchStrategy) -> st.SearchStrategy:
    """Any subset of these attributes, each with a value from its strategy, as XML."""

    def render(d: dict) -> str:
        return "".join(
            f' {k}="{str(v).replace("&", "&amp;").replace("<", "&lt;").replace(chr(34), "&quot;")}"'
            for k, v in d.items()
        )

    return st.fixed_dictionaries({}, optional=values).map(render)


COL = _xml_attrs(
    min=VALUE,
    max=VALUE,
    hidden=FLAG,
    width=VALUE,
    customWidth=FLAG,
    style=VALUE,
    outlineLevel=VALUE,
    collapsed=FLAG,
    bestFit=FLAG,
)
ROW = _xml_attrs(
    r=VALUE,
    hidden=FLAG,
    spans=VALUE,
    ht=VALUE,
    customHeight=FLAG,
    s=VALUE,
    customFormat=FLAG,
    outlineLevel=VALUE,
    collapsed=FLAG,
)
FORMAT = _xml_attrs(
    defaultRowHeight=VALUE,
    defaultColWidth=VALUE,
    baseColWidth=VALUE,
    customHeight=FLAG,
    zeroHeight=FLAG,
    thickTop=FLAG,
    outlineLevelRow=VALUE,
    outlineLevelCol=VALUE,
)
STATE = st.one_of(
    st.sampled_from(["visible", "hidden", "veryHidden"]),
    st.sampled_from(["", "Hidden", "sometimes"]),
    st.text(max_size=8),
)
CELL = st.one_of(st.none(), REF).map(
    lambda ref: (
        "<c"
        + (
            f' r="{ref.replace("&", "&amp;").replace("<", "&lt;").replace(chr(34), "&quot;")}"'
            if ref is not None
            else ""
        )
        + ' t="inlineStr"><is><t>x</t></is></c>'
    )
)


@FUZZ
@given(
    fmt=st.none() | FORMAT,
    dimension=st.sampled_from([None, ' ref="A1:B2"']) | _xml_attrs(ref=RANGE),
    cols=st.lists(COL, max_size=3),
    rows=st.lists(st.tuples(ROW, st.lists(CELL, max_size=3)), max_size=3),
    merges=st.none()
    | st.tuples(_xml_attrs(count=VALUE), st.lists(_xml_attrs(ref=RANGE), max_size=3)),
    sheet=_xml_attrs(state=STATE, sheetId=VALUE),
)
def test_fuzzed_sheet_parts_are_read_or_refused(
    tmp_path_factory, fmt, dimension, cols, rows, merges, sheet
):
    """<col>, <row>, <mergeCell>, <sheetFormatPr>, <dimension> and the sheet's state in
    workbook.xml with odd attributes: read, or refused with the reader's own error."""
    before = (f"<sheetFormatPr{fmt}/>" if fmt is not None else "") + (
        "<cols>" + "".join(f"<col{c}/>" for c in cols) + "</cols>" if cols else ""
    )
    cells = HEADER + "".join(f"<row{attrs}>{''.join(row)}</row>" for attrs, row in rows)
    after = (
        ""
        if merges is None
        else (
            f"<mergeCells{merges[0]}>"
            + "".join(f"<mergeCell{m}/>" for m in merges[1])
            + "</mergeCells>"
        )
    )
    workbook = WORKBOOK.replace('sheetId="1" r:id="rId1"/>', f'r:id="rId1"{sheet}/>')
    path = raw_xlsx(
        tmp_path_factory.mktemp("fuzz") / "f.xlsx",
        cells,
        before=before,
        after=after,
        dimension=f"<dimension{dimension}/>" if dimension is not None else "",
        workbook=workbook,
    )
    read_or_refuse(path)
