"""Printing a report's PDF so the printer gets its vector pages, not page images.

Drawing each page as a 1200-dpi image made the 10-page annual report 63 MB of print data
(20 s); the PDF itself is a few hundred KB with text kept as text. So the PDF is handed
to whatever takes PDFs, and page images are only drawn when nothing does.
Nothing here talks to a network: `lp`/`lpr` hand the file to the local CUPS daemon, and
the Windows shell to the local PDF application.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

# The most a page image is drawn at when it has to be one: sharp text on paper, while
# 1200 dpi (what Qt's PDF-based print engines claim on Linux and macOS) is 16 times the data.
RASTER_DPI = 300


class PrintError(Exception):
    """The print system refused the job; the message is its own words."""


@dataclass
class Printed:
    route: str  # "file", "cups", "shell" or "raster" (see choose_route)
    pages: list[int]  # 0-based pages sent, in order
    detail: str = ""  # what the print system answered (CUPS: the request id)


def choose_route(printer: QPrinter) -> str:
    """How the report reaches ``printer``. The PDF itself wherever something takes PDFs:
    it is already the printable document, vector, with text as text. Drawing the pages is
    the last resort, because QPdfDocument (pdfium) can only render pages to images.

    - "file":   the print dialog's "Print to file" (PDF): the output file is the report PDF.
    - "cups":   Linux/macOS with `lp`/`lpr`: CUPS takes PDFs and does copies, ranges, duplex.
    - "shell":  Windows with a PDF application registered to print (the "printto" verb).
    - "raster": none of these: page images at the printer's resolution, at most RASTER_DPI.
    """
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return "file"
    if sys.platform != "win32" and lp_command():
        return "cups"
    if sys.platform == "win32" and _shell_verb(printer.printerName()):
        return "shell"
    return "raster"


def chosen_pages(printer: QPrinter, count: int, current: int = 0) -> list[int]:
    """The 0-based pages the print dialog asked for, in printing order."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        pages = [current]
    elif mode == QPrinter.PrintRange.PageRange and not printer.pageRanges().isEmpty():
        pages = [
            p - 1
            for r in printer.pageRanges().toRangeList()
            for p in range(r.from_, r.to + 1)
            if 1 <= p <= count
        ]
    else:
        pages = list(range(count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def print_pdf(
    pdf: Path,
    document: QPdfDocument,
    printer: QPrinter,
    *,
    current: int = 0,
    route: str | None = None,
    title: str = "",
) -> Printed:
    """Print the report ``pdf`` (loaded in ``document``) as the print dialog set ``printer``."""
    route = route or choose_route(printer)
    count = document.pageCount()
    pages = chosen_pages(printer, count, current)
    if not pages:
        return Printed(route, [])
    if route == "file":
        _write_pages(pdf, pages, count, Path(printer.outputFileName()))
        return Printed(route, pages)
    if route == "cups":
        return Printed(route, pages, print_with_lp(pdf, printer, pages, count, title=title))
    if route == "shell":
        print_with_shell(pdf, printer, pages, count)
        return Printed(route, pages)
    draw_pages(document, printer, pages)
    return Printed(route, pages)


# -- the PDF itself ---------------------------------------------------------------------
def _write_pages(pdf: Path, pages: list[int], count: int, target: Path) -> None:
    if pages == list(range(count)):
        shutil.copyfile(pdf, target)
        return
    from pypdf import PdfReader, PdfWriter  # only for a range; reportlab cannot read PDFs

    reader, writer = PdfReader(pdf), PdfWriter()
    for page in pages:
        writer.add_page(reader.pages[page])
    with open(target, "wb") as out:
        writer.write(out)


def _ranges(pages: list[int]) -> str:
    """1-based CUPS page-ranges ("1-3,5") for sorted 0-based pages."""
    runs: list[list[int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return ",".join(f"{a + 1}-{b + 1}" if a != b else f"{a + 1}" for a, b in runs)


def lp_command() -> str | None:
    return shutil.which("lp") or shutil.which("lpr")


def lp_arguments(
    command: str, pdf: Path, printer: QPrinter, pages: list[int], count: int, title: str = ""
) -> list[str]:
    """The `lp` (System V) or `lpr` (BSD) command line: same CUPS options, different flags."""
    lpr = Path(command).name.startswith("lpr")
    name, copies = printer.printerName(), max(1, printer.copyCount())
    args = [command]
    if name:  # else the system's default printer
        args += ["-P", name] if lpr else ["-d", name]
    args += ["-#", str(copies)] if lpr else ["-n", str(copies)]
    if title:
        args += ["-T" if lpr else "-t", title]
    if sorted(pages) != list(range(count)):
        args += ["-o", f"page-ranges={_ranges(pages)}"]
    if pages and pages[0] > pages[-1]:
        args += ["-o", "outputorder=reverse"]
    if copies > 1:
        args += ["-o", f"collate={'true' if printer.collateCopies() else 'false'}"]
    sides = {
        QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
        QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
        QPrinter.DuplexMode.DuplexNone: "one-sided",
    }.get(printer.duplex())
    if sides:  # DuplexAuto: the printer's own default
        args += ["-o", f"sides={sides}"]
    return [*args, "--", str(pdf)] if not lpr else [*args, str(pdf)]


def print_with_lp(
    pdf: Path, printer: QPrinter, pages: list[int], count: int, *, title: str = ""
) -> str:
    """Hand the PDF to CUPS; returns its answer ("request id is …"). `lp` has read the
    file when it returns, so the report's temporary file may go with the dialog."""
    command = lp_command()
    if not command:
        raise PrintError("lp")
    done = subprocess.run(
        lp_arguments(command, pdf, printer, pages, count, title),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode:
        raise PrintError((done.stderr or done.stdout).strip() or f"{command}: {done.returncode}")
    return done.stdout.strip()


def _shell_verb(printer_name: str) -> str | None:
    """The Windows shell verb that prints a PDF on ``printer_name``: "printto" when the PDF
    application has one, else "print" if that printer is the default one."""
    try:
        assoc = ctypes.windll.shlwapi.AssocQueryStringW  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    for verb in ("printto", "print"):
        size = ctypes.c_uint(0)
        # ASSOCF_NOTRUNCATE=0x20, ASSOCSTR_COMMAND=1; S_FALSE (1) answers with the size
        if (
            assoc(0x20, 1, ".pdf", verb, None, ctypes.byref(size)) in (0, 1)
            and size.value
            and (verb == "printto" or printer_name in ("", QPrinterInfo.defaultPrinterName()))
        ):
            return verb
    return None


def print_with_shell(pdf: Path, printer: QPrinter, pages: list[int], count: int) -> None:
    """Windows: the PDF application prints the file. It reads it after we return, so it
    gets its own copy in the temporary folder (not the dialog's, removed on close)."""
    verb = _shell_verb(printer.printerName())
    if verb is None:
        raise PrintError("no PDF application")
    handle, name = tempfile.mkstemp(prefix="twindesk-print-", suffix=".pdf")
    os.close(handle)
    _write_pages(pdf, pages, count, Path(name))
    for _ in range(max(1, printer.copyCount())):  # the verbs know no copies
        if verb == "printto":
            os.startfile(name, "printto", f'"{printer.printerName()}"')  # type: ignore[attr-defined]
        else:
            os.startfile(name, "print")  # type: ignore[attr-defined]


# -- the last resort: page images ---------------------------------------------------------
def draw_pages(document: QPdfDocument, printer: QPrinter, pages: list[int]) -> None:
    """Each page as an image at the printer's resolution (at most RASTER_DPI), scaled onto
    the whole sheet: the PDF's pages carry their own margins."""
    printer.setFullPage(True)
    dpi = min(printer.resolution(), RASTER_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("QPainter")
    try:
        sheet = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
        sheet.moveTo(0, 0)
        for n, page in enumerate(pages):
            if n:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            scale = min(sheet.width() / points.width(), sheet.height() / points.height())
            target = QRectF(0, 0, points.width() * scale, points.height() * scale)
            target.moveCenter(sheet.center())
            painter.drawImage(target, image)
    finally:
        painter.end()
