"""The built application (dist/TwinDesk/, made by scripts/build) works without Python.

Skipped unless asked for, since it needs the build:

    scripts/build && TWINDESK_FROZEN=1 scripts/test tests/test_frozen.py

TWINDESK_DIST names another build folder. The programs run with a bare environment (no
virtualenv, no PYTHONPATH, PATH of the system only), in a scratch folder, headless, with
their own data and settings folders: what a clerk's PC without Python gives them.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
DIST = Path(os.environ.get("TWINDESK_DIST", ROOT / "dist" / "TwinDesk"))
EXE = ".exe" if sys.platform == "win32" else ""

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(
        os.environ.get("TWINDESK_FROZEN") != "1",
        reason="checks the build: scripts/build, then TWINDESK_FROZEN=1",
    ),
]


@pytest.fixture
def frozen(tmp_path):
    """Run a program of the build in a bare environment; returns (exit code, output)."""
    assert (DIST / f"TwinDesk{EXE}").is_file(), f"no build in {DIST}: run scripts/build first"
    env = {
        "PATH": os.pathsep.join(
            p for p in ("/usr/bin", "/bin", os.environ.get("SystemRoot", "")) if p
        ),
        "HOME": str(tmp_path / "home"),
        "USERPROFILE": str(tmp_path / "home"),
        "TWINDESK_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str, program: str = "TwinDesk", **extra_env: str) -> tuple[int, str]:
        done = subprocess.run(
            [str(DIST / f"{program}{EXE}"), *args],
            cwd=work,
            env={**env, **extra_env},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=180,
        )
        return done.returncode, done.stdout + done.stderr

    run.work, run.log = work, tmp_path / "data" / "logs" / "twindesk.log"
    return run


def office_list(path: Path) -> Path:
    """A city office's own list, as clerks keep them: a merged title row, Chinese headers,
    dates in several forms, an old-name note and a "合计" footer."""
    book = Workbook()
    sheet = book.active
    sheet.title = "友好城市"
    sheet.append(["上海市国际友好城市一览表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "外方城市", "外文名称", "所在国家", "结好时间", "备注"])
    sheet.append([1, "横滨", "Yokohama", "日本", "1973年11月30日", None])
    sheet.append([2, "米兰", "Milan", "意大利", datetime(1979, 8, 1), None])
    sheet.append([3, "汉堡", "Hamburg", "德国", "1986.5", None])
    sheet.append([4, "圣彼得堡", "Saint Petersburg", "俄罗斯", "1988", "原列宁格勒"])
    sheet.append(["合计：4个"])
    book.save(path)
    return path


def test_built_command_line_creates_imports_and_reports(frozen):
    code, out = frozen("--version")
    assert code == 0 and out.strip().startswith("TwinDesk ")
    code, out = frozen("init", "--db", "office.sqlite3")
    assert code == 0 and (frozen.work / "office.sqlite3").stat().st_size > 0, out

    book = office_list(frozen.work / "list.xlsx")
    code, out = frozen(
        "import",
        str(book),
        "--db",
        "office.sqlite3",
        "--local",
        "上海",
        "--create-local",
        "--create-places",
    )
    assert code == 0, out
    assert "4 to add" in out and "0 rejected" in out
    con = sqlite3.connect(frozen.work / "office.sqlite3")
    try:  # the gazetteer is in the build: the new local place has its coordinates
        assert (
            con.execute("SELECT latitude FROM place WHERE name_zh = '上海'").fetchone()[0]
            is not None
        )
    finally:
        con.close()

    code, out = frozen(
        "report",
        "annual",
        "--year",
        "1986",
        "--lang",
        "zh",
        "--db",
        "office.sqlite3",
        "--office",
        "上海市人民政府外事办公室",
        "-o",
        "annual.pdf",
    )
    assert code == 0, out
    pdf = PdfReader(frozen.work / "annual.pdf")
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "上海市人民政府外事办公室" in text and "汉堡" in text and "Hamburg" in text
    fonts = {
        str(f["/BaseFont"])
        for page in pdf.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("WenQuanYi" in name for name in fonts)  # the font shipped in the build

    # The editable copy: python-docx's templates and PDFium (charts as PNG) are in the build.
    code, out = frozen(
        "report",
        "annual",
        "--year",
        "1986",
        "--lang",
        "zh",
        "--db",
        "office.sqlite3",
        "--format",
        "docx",
        "-o",
        "annual.docx",
    )
    assert code == 0, out
    doc = docx.Document(str(frozen.work / "annual.docx"))
    texts = [p.text for p in doc.paragraphs] + [
        c.text for t in doc.tables for r in t.rows for c in r.cells
    ]
    assert any("汉堡" in t for t in texts) and doc.inline_shapes, texts[:20]

    code, out = frozen(
        "check",
        "--db",
        "office.sqlite3",
        program="twindesk-cli" if sys.platform == "win32" else "TwinDesk",
    )
    assert code == 0 and "no problems" in out, out
    log = frozen.log.read_text("utf-8")
    assert ", frozen)" in log and "Running upgrade" in log


def test_built_program_opens_a_register_on_a_server(frozen, pg_url):
    """psycopg and its compiled part are in the build: a server register is made and checked."""
    code, out = frozen("init", "--db", pg_url)
    assert code == 0, out
    code, out = frozen(
        "check", "--db", pg_url, program="twindesk-cli" if sys.platform == "win32" else "TwinDesk"
    )
    assert code == 0 and "no problems" in out, out


def test_built_window_starts_with_welcome_then_the_register(frozen):
    # First start, Chinese locale: the welcome screen, with Qt's own Chinese translation.
    code, out = frozen("--smoke", "welcome.png", LANG="zh_CN.UTF-8")
    assert code == 0, out
    log = frozen.log.read_text("utf-8")
    assert "smoke: WelcomeDialog" in log and "'Cancel' reads '取消'" in log, log
    assert f"Qt translations in {DIST}" in log  # from the build, not from a Python install

    assert frozen("init", "--db", "office.sqlite3")[0] == 0
    code, out = frozen("--db", "office.sqlite3", "--smoke", "main.png")
    assert code == 0, out
    assert "smoke: MainWindow 'office.sqlite3 — TwinDesk' shown" in frozen.log.read_text("utf-8")
    # The main window opens within the screen (Qt's offscreen screen is 800 px wide).
    for name, width in (("welcome.png", 500), ("main.png", 780)):
        image = QImage(str(frozen.work / name))
        assert image.width() >= width, name
        # A drawn window, not an empty surface: many colours (text, icons, charts).
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 20, name
