"""Spreadsheet import, reading and layout: real sample files, generated files, hostile files."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.test_import_commit import sample  # the LibreOffice samples in tests/data/samples
from twindesk.core.spreadsheets.layout import column_letter, detect_layout
from twindesk.core.spreadsheets.mapping import suggest
from twindesk.core.spreadsheets.reading import detect_encoding, open_workbook


def messy_workbook(path: Path) -> Path:
    """A sheet as offices make them: titles, a two-row header, a blank row, a footer."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["某市友好城市一览表"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "外方城市", None, "所在国家", "结好时间", "备注"])
    ws.merge_cells("B2:C2")
    ws.append([None, "中文", "英文", None, None, None])
    ws.append([1, "横滨", "Yokohama", "日本", "1973年11月30日", None])
    ws.append([2, "大阪", "Osaka", "Ｊａｐａｎ", date(1974, 4, 18), "  note "])
    ws.append([])
    ws.append([3, "马赛", "Marseille", "FR", "14/09/2000", None])
    ws.append(["合计：3个"])
    ws.column_dimensions["F"].hidden = True
    wb.save(path)
    return path


# --------------------------------------------------------------------------- samples
def test_shanghai_sample_layout_and_mapping():
    wb = open_workbook(sample("shanghai-friendship-cities.xlsx"))
    assert wb.kind == "xlsx" and wb.sheet_names == ["友好城市", "友好交流城市"]
    sheet = wb.sheet("友好城市")
    layout = detect_layout(sheet)
    assert layout.header_rows == [2]  # two title rows above
    assert layout.footer_rows == [17]  # 合计：12个
    rows = list(layout.data_rows(sheet))
    assert [i + 1 for i, _ in rows][0] == 4 and 9 not in [
        i + 1 for i, _ in rows
    ]  # blank row left out
    m = suggest(layout.headers)
    by_header = {layout.headers[c]: f for c, f in m.columns.items()}
    assert by_header == {
        "序号": "ignore",
        "外方城市": "partner",
        "外文名称": "partner_en",
        "所在国家": "country",
        "洲别": "ignore",
        "结好时间": "established",
        "备注": "notes",
    }


def test_hubei_xls_sample_is_read():
    wb = open_workbook(sample("hubei-partners.xls"))
    assert wb.kind == "xls"
    layout = detect_layout(wb.sheet())
    assert layout.header_rows == [3]
    m = suggest(layout.headers)
    assert m.target == "pairing"
    assert {layout.headers[c]: f for c, f in m.columns.items()}["Local party"] == "local"


def test_ods_and_csv_samples():
    ods = open_workbook(sample("exchanges-2023.ods"))
    assert ods.kind == "ods"
    layout = detect_layout(ods.sheet())
    assert suggest(layout.headers).target == "exchange"
    csv_wb = open_workbook(sample("pairings-gbk.csv"))
    assert csv_wb.kind == "csv" and csv_wb.encoding == "gb18030"
    assert csv_wb.sheet().rows[2][2] == "苏联"


# --------------------------------------------------------------------------- generated
def test_messy_openpyxl_file(tmp_path):
    wb = open_workbook(messy_workbook(tmp_path / "messy.xlsx"))
    sheet = wb.sheet()
    assert sheet.hidden_columns == {5}
    layout = detect_layout(sheet)
    assert layout.header_rows == [1, 2]
    assert layout.headers[1] == "外方城市 / 中文"
    assert layout.footer_rows == [7]
    from twindesk.core.spreadsheets.recognition import recognise

    m = recognise(
        layout, [cells for _, cells in layout.data_rows(sheet)], is_country=lambda text: None
    ).mapping
    assert m.columns[1] == "partner_zh" and m.columns[2] == "partner_en"
    assert m.columns[4] == "established"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("fmt", ["xls", "ods", "xlsx"])
def test_file_converted_by_libreoffice(tmp_path, fmt):
    src = messy_workbook(tmp_path / "src.xlsx")
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(out), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    wb = open_workbook(out / f"src.{fmt}")
    layout = detect_layout(wb.sheet())
    assert layout.header_rows == [1, 2]
    assert layout.footer_rows == [7]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "p.csv"
    path.write_bytes("本方城市,外方城市,国家\n天津,神户,日本\n".encode(encoding))
    wb = open_workbook(path)
    assert wb.sheet().rows[1] == ["天津", "神户", "日本"]


def test_csv_semicolons_and_line_breaks_in_cells(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('Partner;Country;Notes\nLyon;France;"two\nlines"\n', encoding="utf-8")
    rows = open_workbook(path).sheet().rows
    assert rows[1] == ["Lyon", "France", "two\nlines"]


def test_detect_encoding():
    assert detect_encoding("日本".encode("gbk")) == "gb18030"
    assert detect_encoding("日本".encode()) == "utf-8"


# --------------------------------------------------------------------------- hostile
def _expect_error(path: Path, code: str) -> dict:
    # Read in a child process given 30 s (and 4 GB): a reader that hangs, crashes or
    # raises anything but its own error fails here. The refusal and its messages in
    # both languages come back as {"code", "en", "zh"}.
    from tests.test_hostile_files import bounded_read

    result = bounded_read(path, timeout=30)
    assert result["outcome"] == "refused" and result["code"] == code, result
    return result


def test_hostile_files(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    _expect_error(tmp_path / "empty.xlsx", "import.file.empty")
    (tmp_path / "text.xlsx").write_text("just some text")
    _expect_error(tmp_path / "text.xlsx", "import.file.wrong_extension")
    (tmp_path / "noise.xls").write_bytes(bytes(range(256)) * 40)
    _expect_error(tmp_path / "noise.xls", "import.file.not_spreadsheet")
    with zipfile.ZipFile(tmp_path / "doc.xlsx", "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    _expect_error(tmp_path / "doc.xlsx", "import.file.not_spreadsheet")
    with zipfile.ZipFile(tmp_path / "broken.xlsx", "w") as zf:
        zf.writestr("xl/workbook.xml", "<not really")
    _expect_error(tmp_path / "broken.xlsx", "import.file.damaged")
    good = messy_workbook(tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(good[: len(good) // 2])
    cut = _expect_error(tmp_path / "cut.xlsx", "import.file.incomplete")
    assert "incomplete" in cut["en"] and "不完整" in cut["zh"]
    (tmp_path / "noise.xlsx").write_bytes(bytes(range(256)) * 40)  # named .xlsx, not a zip
    _expect_error(tmp_path / "noise.xlsx", "import.file.incomplete")
    _expect_error(tmp_path / "nope.xlsx", "import.file.missing")


def test_password_protected_workbook(tmp_path):
    # An encrypted OOXML file is a compound file holding an "EncryptedPackage" stream.
    data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    data += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024
    (tmp_path / "secret.xlsx").write_bytes(bytes(data))
    err = _expect_error(tmp_path / "secret.xlsx", "import.file.password")
    assert "密码" in err["zh"]


def test_zip_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (300 * 1024 * 1024))
    _expect_error(path, "import.file.too_big")


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
