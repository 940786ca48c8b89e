"""Benchmark: print data of a report through each printing route (twindesk/ui/printing.py).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_print.py [report.pdf ...] [--old]

Without a file, the demo register's annual report for 2021 (10 pages). For each route
prints bytes handed to the print system and seconds:
  file    the print dialog's "Print to file": the report PDF written as the output
  cups    `lp` on PATH: here a stand-in `lp` that copies what it is given
  raster  page images at 300 dpi through Qt's PDF print engine (what Qt spools to CUPS)
  old     --old: the former 1200-dpi page images, for comparison (slow, large)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from twindesk.ui import printing  # noqa: E402


class _Cups(QPrinter):  # a CUPS printer as the print dialog leaves it
    def outputFormat(self):  # noqa: N802
        return QPrinter.OutputFormat.NativeFormat


def _old(document: QPdfDocument, printer: QPrinter) -> None:
    """What printing did before: each page rendered at the printer's 1200 dpi."""
    painter = QPainter(printer)
    for page in range(document.pageCount()):
        if page:
            printer.newPage()
        painter.drawImage(0, 0, document.render(page, painter.viewport().size()))
    painter.end()


def demo_report(folder: Path) -> Path:
    from twindesk.core.demo import create_demo_register
    from twindesk.core.reports import build_annual_report

    register = create_demo_register(folder / "demo.sqlite3")
    try:
        return build_annual_report(
            register,
            year=2021,
            lang="en",
            by_signing_country=True,
            office="Beijing Municipal Foreign Affairs Office",
            out=folder / "annual-2021.pdf",
        ).path
    finally:
        register.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--old", action="store_true")
    args = parser.parse_args()
    QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lp = folder / "bin" / "lp"
        lp.parent.mkdir()
        lp.write_text(f'#!/bin/sh\nfor last; do :; done\ncp "$last" "{folder}/spooled.pdf"\n')
        lp.chmod(0o755)
        os.environ["PATH"] = f"{lp.parent}{os.pathsep}{os.environ['PATH']}"
        for pdf in args.pdfs or [demo_report(folder)]:
            document = QPdfDocument()
            document.load(str(pdf))
            print(f"{pdf.name}: {document.pageCount()} pages, {pdf.stat().st_size:,} bytes")
            for route in ("file", "cups", "raster") + (("old",) if args.old else ()):
                printer = (_Cups if route == "cups" else QPrinter)(
                    QPrinter.PrinterMode.HighResolution
                )
                out = folder / ("spooled.pdf" if route == "cups" else f"{route}.pdf")
                printer.setOutputFileName(str(out))
                start = time.perf_counter()
                if route == "old":
                    _old(document, printer)
                else:
                    assert printing.print_pdf(pdf, document, printer, route=route).route == route
                seconds = time.perf_counter() - start
                print(f"  {route:7} {out.stat().st_size:>14,} bytes {seconds:8.3f} s")
                out.unlink()
            document.close()


if __name__ == "__main__":
    main()
