"""The report dialog: generate in the background, preview, print, save, cancel."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QPageRanges
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter

from twindesk.ui import printing
from twindesk.ui.dialogs.report_dialog import ReportDialog


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
    qtbot.waitUntil(lambda: dialog.report_result is not None, timeout=60_000)
    assert dialog.document.pageCount() == dialog.report_result.pages > 3
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
    qtbot.waitUntil(lambda: dialog.report_result is not None, timeout=60_000)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert len(dialog.print_to(printer).pages) == dialog.report_result.pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == dialog.report_result.pages


def test_cancel_leaves_no_file(qtbot, dialog):
    dialog.year.setValue(2021)
    dialog.generate()
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.generate_button.isEnabled(), timeout=60_000)
    if dialog.report_result is None:  # cancelled in time (the demo report is quick)
        assert dialog.status.text() == "Cancelled; nothing was written."
        assert not any(Path(dialog._tmp).glob("*.pdf"))
    else:
        assert dialog.report_result.path.exists()


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


# -- print preview and printing ----------------------------------------------------------------
@pytest.fixture
def annual(qtbot, dialog):
    """The dialog with the demo's 13-page annual report generated and shown."""
    dialog.year.setValue(2021)
    dialog.signing.setChecked(True)
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.report_result is not None, timeout=60_000)
    return dialog


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_preview_moves_between_pages_and_zooms(qtbot, annual):
    preview, view = annual.preview, annual.preview.view
    count = annual.report_result.pages
    assert annual.document.pageCount() == count == 13
    assert preview.page_count.text() == f"of {count}" and preview.page_box.maximum() == count
    assert preview.page() == 0 and preview.page_box.value() == 1
    assert not preview.previous_action.isEnabled() and preview.next_action.isEnabled()

    view.setFocus()
    for key, page in (
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_PageDown, 2),
        (Qt.Key.Key_PageUp, 1),
        (Qt.Key.Key_End, count - 1),
        (Qt.Key.Key_Home, 0),
    ):
        qtbot.keyClick(view, key)
        assert preview.page() == page and preview.page_box.value() == page + 1, key
    qtbot.mouseClick(_button(preview, "next"), Qt.MouseButton.LeftButton)
    assert preview.page() == 1
    qtbot.mouseClick(_button(preview, "previous"), Qt.MouseButton.LeftButton)
    assert preview.page() == 0
    preview.page_box.lineEdit().selectAll()
    qtbot.keyClicks(preview.page_box, "7")
    qtbot.keyClick(preview.page_box, Qt.Key.Key_Return)
    assert preview.page() == 6
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert not preview.next_action.isEnabled() and preview.previous_action.isEnabled()

    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth and preview.fit_width_action.isChecked()
    fit_width = preview.zoom()
    qtbot.mouseClick(_button(preview, "fit_page"), Qt.MouseButton.LeftButton)
    assert view.zoomMode() == QPdfView.ZoomMode.FitInView and preview.fit_page_action.isChecked()
    fit_page = preview.zoom()
    assert fit_page < fit_width  # a portrait page in a wide pane: the whole page is smaller
    qtbot.mouseClick(_button(preview, "zoom_in"), Qt.MouseButton.LeftButton)
    assert view.zoomMode() == QPdfView.ZoomMode.Custom and not preview.fit_page_action.isChecked()
    assert view.zoomFactor() == pytest.approx(fit_page * 1.25)
    assert preview.zoom_label.text() == f"{fit_page * 1.25:.0%}"
    qtbot.mouseClick(_button(preview, "zoom_out"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_button(preview, "zoom_out"), Qt.MouseButton.LeftButton)
    assert view.zoomFactor() == pytest.approx(fit_page / 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomFactor() == pytest.approx(fit_page)
    qtbot.mouseClick(_button(preview, "fit_width"), Qt.MouseButton.LeftButton)
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth and preview.zoom() == pytest.approx(
        fit_width
    )


def _button(preview, name):
    from PySide6.QtWidgets import QToolButton

    return preview.findChild(QToolButton, name)


def test_printing_to_a_pdf_file_keeps_the_vector_pages(annual, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi: the old page images
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert printing.choose_route(printer) == "file"
    done = annual.print_to(printer)
    assert done.route == "file" and done.pages == list(range(13))
    printed, report = tmp_path / "printed.pdf", annual.report_result.path
    assert printed.stat().st_size <= 1.5 * report.stat().st_size  # not tens of MB
    text = _pdf_text(printed)
    assert "Beijing Municipal Foreign Affairs Office" in text and "Rybinsk" in text
    assert "13 page(s) printed to" in annual.status.text()

    printer.setPrintRange(QPrinter.PrintRange.PageRange)  # pages 2-3 as the print dialog sets them
    printer.setPageRanges(QPageRanges.fromString("2-3"))
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    assert annual.print_to(printer).pages == [1, 2]
    two = PdfReader(tmp_path / "two.pdf").pages
    assert [p.extract_text() for p in two] == [
        p.extract_text() for p in PdfReader(report).pages[1:3]
    ]


def test_page_images_are_the_last_resort_at_most_300_dpi(annual, tmp_path):
    """Where nothing takes PDFs the pages are drawn as images (pdfium renders only to
    images), at the printer's resolution but never the 1200 dpi Qt's PDF engine claims."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "images.pdf"))
    assert printer.resolution() == 1200
    done = annual.print_to(printer, route="raster")
    assert done.route == "raster" and len(done.pages) == 13
    pages = PdfReader(tmp_path / "images.pdf").pages
    assert len(pages) == 13
    image = next(iter(pages[0].images)).image
    assert image.width == round(595.276 * 300 / 72)  # A4 at 300 dpi, not 9,921 px wide
    assert (tmp_path / "images.pdf").stat().st_size < 10 * 2**20  # was 63 MB


class OfficePrinter(QPrinter):
    """A CUPS printer as the print dialog leaves it (no real printer is installed here)."""

    def outputFormat(self):
        return QPrinter.OutputFormat.NativeFormat

    def printerName(self) -> str:
        return "Office_Laser"

    def duplex(self):
        return QPrinter.DuplexMode.DuplexLongSide


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    """An `lp` that records its arguments and keeps a copy of the file it is given."""
    bin_dir, spool = tmp_path / "bin", tmp_path / "spool"
    bin_dir.mkdir()
    spool.mkdir()
    script = bin_dir / "lp"
    script.write_text(f"""#!/bin/sh
printf '%s\\n' "$@" > "{spool}/args"
for last; do :; done
cp "$last" "{spool}/job.pdf"
echo "request id is Office_Laser-42 (1 file(s))"
""")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert shutil.which("lp") == str(script)
    return spool


@pytest.mark.skipif(os.name == "nt", reason="CUPS is the Linux and macOS route")
def test_cups_gets_the_report_pdf_itself(annual, fake_lp):
    printer = OfficePrinter(QPrinter.PrinterMode.HighResolution)
    printer.setCopyCount(2)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setPageRanges(QPageRanges.fromString("2-4,7"))
    assert printing.choose_route(printer) == "cups"
    done = annual.print_to(printer)
    assert done.route == "cups" and done.pages == [1, 2, 3, 6]
    assert done.detail == "request id is Office_Laser-42 (1 file(s))"
    report = annual.report_result.path
    assert (fake_lp / "job.pdf").read_bytes() == report.read_bytes()  # the vector PDF, untouched
    args = (fake_lp / "args").read_text().splitlines()
    assert args == [
        "-d",
        "Office_Laser",
        "-n",
        "2",
        "-t",
        report.stem,
        "-o",
        "page-ranges=2-4,7",
        "-o",
        "collate=true",
        "-o",
        "sides=two-sided-long-edge",
        "--",
        str(report),
    ]
    assert "4 page(s) sent to the printer." in annual.status.text()

    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)  # the page the preview shows
    printer.setCopyCount(1)
    annual.preview.go(4)
    assert annual.print_to(printer).pages == [4]
    assert "page-ranges=5" in (fake_lp / "args").read_text().splitlines()


@pytest.mark.skipif(os.name == "nt", reason="CUPS is the Linux and macOS route")
def test_without_lp_a_printer_gets_page_images(tmp_path, monkeypatch, qapp):
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp, no lpr
    assert printing.choose_route(OfficePrinter()) == "raster"
