"""The report dialog: generate in the background, preview, print, save, cancel."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtPrintSupport import QPrinter
from pypdf import PdfReader

from twindesk.ui.report_dialog import ReportDialog


@pytest.fixture
def dialog(qtbot, demo):
    d = ReportDialog(demo, lang="en", office="Beijing Municipal Foreign Affairs Office")
    qtbot.addWidget(d)
    d.show()
    yield d
    d.close()
    QThreadPool.globalInstance().waitForDone()


def test_annual_report_is_generated_previewed_and_saved(qtbot, dialog, tmp_path):
    dialog.year.setValue(2021)
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    assert dialog.document.pageCount() == dialog.result.pages > 3
    assert dialog.progress.value() == 1000
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    saved = dialog.save_as(str(tmp_path / "annual.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "Beijing Municipal Foreign Affairs Office" in text and "Rybinsk" in text


def test_dossier_needs_a_pairing_then_prints(qtbot, dialog, tmp_path):
    dialog.kind.setCurrentIndex(dialog.kind.findData("dossier"))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Choose a pairing first."
    qtbot.keyClicks(dialog.pairing.edit, "moscow")
    assert dialog.pairing.value() is not None
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.result.pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == dialog.result.pages


def test_cancel_leaves_no_file(qtbot, dialog):
    dialog.year.setValue(2021)
    dialog.generate()
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.generate_button.isEnabled(), timeout=60_000)
    if dialog.result is None:  # cancelled in time (the demo report is quick)
        assert dialog.status.text() == "Cancelled; nothing was written."
        assert not any(Path(dialog._tmp).glob("*.pdf"))
    else:
        assert dialog.result.path.exists()


def test_reports_menu_opens_the_dialog(qtbot, demo, qt_settings):
    from twindesk.ui.main_window import MainWindow
    from twindesk.ui.settings import Settings

    w = MainWindow(demo, Settings.load())
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    qtbot.keyClick(w, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialogs = w.findChildren(ReportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()
    w.close()
