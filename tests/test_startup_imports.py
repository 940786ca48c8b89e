"""Start-up imports only what the first screen needs (issue 15).

Each check runs in a fresh interpreter, since this test process has imported everything
already. What a start must not load: Alembic (an up-to-date register is recognised by the
revision it stores), the importer and its readers and pinyin, the reports and their
fonts, the spreadsheet writers, the record forms and the gazetteer behind their pickers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from twindesk.core.storage import open_register

ROOT = Path(__file__).resolve().parents[1]
NOT_AT_START = (
    "alembic",
    "pypinyin",
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "reportlab",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "twindesk.core.spreadsheets",
    "twindesk.core.reports",
    "twindesk.core.gazetteer",
    "twindesk.core.places",
    "twindesk.ui.forms",
    "twindesk.ui.import_wizard",
    "twindesk.ui.dialogs.report_dialog",
)
# Prints the modules loaded when the program ends, however it ends.
AT_EXIT = "import atexit, sys; atexit.register(lambda: print(*sorted(sys.modules)))\n"


def modules_after(code: str, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", AT_EXIT + code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return set(done.stdout.split())


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_core_loads_no_qt() -> None:
    # Every module of the core, reports and spreadsheets included.
    modules = modules_after(
        "import pkgutil, twindesk.core\n"
        "for m in pkgutil.walk_packages(twindesk.core.__path__, 'twindesk.core.'):\n"
        "    __import__(m.name)\n"
    )
    assert "twindesk.core.reports.annual" in modules  # the walk did import the core
    assert loaded(modules, ("PySide6", "shiboken6")) == []


def test_the_window_starts_without_what_later_screens_need(tmp_path) -> None:
    db, png = tmp_path / "register.sqlite3", tmp_path / "smoke.png"
    open_register(db, create=True).close()  # up to date: opening it must not need Alembic
    modules = modules_after(
        "import sys\nfrom twindesk.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1], '--smoke', sys.argv[2]]))",
        str(db),
        str(png),
    )
    assert png.stat().st_size > 0  # the window was shown and pictured
    assert {"twindesk.ui.main_window", "twindesk.ui.dashboard", "twindesk.core.storage"} <= modules
    assert loaded(modules, NOT_AT_START) == []


def test_an_export_loads_no_importer() -> None:
    modules = modules_after("import twindesk.core.spreadsheets.export")
    assert (
        loaded(
            modules,
            (
                "pypinyin",
                "python_calamine",
                "alembic",
                "twindesk.core.spreadsheets.importing",
                "twindesk.core.spreadsheets.rejected",
            ),
        )
        == []
    )
    # ... while the package's short names still work, loaded at first use
    modules = modules_after("from twindesk.core.spreadsheets import ImportOptions, save_rejected")
    assert {
        "twindesk.core.spreadsheets.importing",
        "twindesk.core.spreadsheets.rejected",
    } <= modules
