"""Hostile and broken spreadsheets through the whole import, and fuzzed readers.

Every file here either imports what it honestly holds or is refused with a message in
both languages; none raises anything else, none leaves a trace in the register. Files
are built at test time (a few bytes of XML in a zip), so the corpus costs nothing to
keep and shows exactly what makes each file hostile.
"""
from __future__ import annotations

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
HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>外方城市</t></is></c>'
          '<c r="B1" t="inlineStr"><is><t>国家</t></is></c></row>')


def raw_xlsx(path: Path, rows_xml: str, *, prolog: str = "", dimension: str = "") -> Path:
    """A minimal workbook whose one sheet is exactly the XML given."""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'{dimension}<sheetData>{rows_xml}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def counts(register) -> tuple[int, ...]:
    with register.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(m)).scalar()
                     for m in (Place, Pairing, ImportBatch, AuditEntry))


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
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(9)) + "]>"
    path = raw_xlsx(tmp_path / "bomb.xlsx", HEADER + '<row r="2">' + inline("A2", "&lol9;") + "</row>",
                    prolog=lol)
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
    rows += '<row r="1048576">' + inline("A1048576", "Nantes") + inline("B1048576", "France") + "</row>"
    path = raw_xlsx(tmp_path / "tall.xlsx", rows, dimension='<dimension ref="A1:B1048576"/>')
    outcome, detail = try_import(wuhan, path)
    assert outcome == "imported" and detail["insert"] == 2, detail


def test_sheet_with_16384_columns(wuhan, tmp_path):
    rows = HEADER[:-len("</row>")] + inline("XFD1", "last column") + "</row>"
    rows += '<row r="2">' + inline("A2", "Lyon") + inline("B2", "France") + inline("XFD2", "x") + "</row>"
    path = raw_xlsx(tmp_path / "wide.xlsx", rows, dimension='<dimension ref="A1:XFD2"/>')
    outcome, detail = try_import(wuhan, path)
    assert outcome == "imported" and detail["insert"] == 1, detail


def test_formulas_errors_and_long_strings(wuhan, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["外方城市", "国家", "备注"])
    ws.append(["Lyon", "France", "=1+1"])               # a formula: its text, never run
    ws.append(["#N/A", "France", None])                  # an Excel error where a name goes
    ws.append(["Nantes", "#REF!", None])
    ws.append(["Bordeaux", "France", "x" * 100_000])     # longer than any field allows
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


@pytest.mark.parametrize("name,data", [
    ("garbage.csv", bytes(range(256)) * 64),
    ("utf16.csv", "外方城市,国家\n里昂,法国\n".encode("utf-16-le")),
    ("latin1.csv", "Partner,Country\nSão Paulo,Brésil\n".encode("latin-1")),
    ("nul.csv", b"Partner,Country\nLyon\x00,France\n"),
    ("control.csv", b"Partner,Country\nLi\x01lle,France\nBell\x07e,France\n"),
])
def test_odd_text_files_are_read_or_refused_cleanly(wuhan, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    before = counts(wuhan)
    outcome, detail = try_import(wuhan, path)
    if outcome == "refused":
        assert counts(wuhan) == before
    else:
        with wuhan.connect() as conn:
            names = set(conn.execute(select(Place.name_en)).scalars())
        assert not any(ord(ch) < 32 or ch == "\ufffd" for n in names for ch in n)


# ------------------------------------------------------------------------ fuzzing
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


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
    rows = [HEADER + '<row r="2">' + inline("A2", escaped) + "</row>",  # any text in a cell
            text,                                                      # raw text as XML
            HEADER + text][where]                                      # garbage after rows
    path = raw_xlsx(tmp_path_factory.mktemp("fuzz") / "f.xlsx", rows)
    read_or_refuse(path)
