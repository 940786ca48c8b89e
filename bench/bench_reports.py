"""Benchmark: the annual report on a register of 3,000 pairings and 50,000 exchanges.

    .venv/bin/python bench/bench_reports.py [--year 2024] [--lang zh] [--style official]
                                            [--only full|summary|docx] [--fresh] [--db PATH]

The register is made once by ``bench.generate`` and cached in bench/out/ (git-ignored).
Makes the full report (PDF), the summary edition (PDF) and the full report as .docx, and
prints seconds (wall and CPU), pages, pages per second and peak memory of each. Exits 1
when the full report or the .docx takes 10 s or more, the summary edition 3 s or more or
more than 30 pages, or the process 500 MB or more.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.generate import generate  # noqa: E402
from twindesk.core.models import Exchange, Pairing  # noqa: E402
from twindesk.core.reports import build_annual_report  # noqa: E402
from twindesk.core.storage import open_register  # noqa: E402

OUT = ROOT / "bench" / "out"
PAIRINGS, EXCHANGES = 3_000, 50_000
LIMIT_SECONDS, LIMIT_MB = 10.0, 500.0
# The summary edition's goals (issue 17): a quick overview a director reads through.
SUMMARY_SECONDS, SUMMARY_PAGES = 3.0, 30
RUNS = {
    "full": ("pdf", "full", LIMIT_SECONDS),
    "summary": ("pdf", "summary", SUMMARY_SECONDS),
    "docx": ("docx", "full", LIMIT_SECONDS),
}


def register_file(fresh: bool = False) -> Path:
    path = OUT / f"reports-{PAIRINGS}-pairings-{EXCHANGES}-exchanges.sqlite3"
    if path.exists() and not fresh:
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    generate(path, EXCHANGES, seed=0, pairings=PAIRINGS)
    return path


def floor_pdf(tables: list[tuple[list, list, list]], out: Path) -> float:
    """Seconds for reportlab alone to write ``tables`` (headers, rows, relative widths):
    each cell's text drawn at its column on a canvas, one line a row, a new page when one
    is full, in the report's font (embedded alike). No layout logic: no cover, contents,
    headings, charts, map, wrapping of long cells, repeated headers or keeping together."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from twindesk.core.reports.fonts import register_font

    start = time.perf_counter()
    font, size, leading, margin = register_font(), 8, 11, 50
    width, height = A4
    pdf = Canvas(str(out), pagesize=A4)
    pdf.setFont(font, size)
    y = height - margin
    for headers, rows, widths in tables:
        scale = (width - 2 * margin) / sum(widths)
        xs = [margin + sum(widths[:j]) * scale for j in range(len(widths))]
        for row in (headers, *rows):
            if y < margin:
                pdf.showPage()
                pdf.setFont(font, size)
                y = height - margin
            for x, value in zip(xs, row, strict=True):
                if isinstance(value, tuple):  # (main, secondary): both, on one line
                    value = " ".join(value)
                if isinstance(value, str) and value:  # charts and pictures are not tables
                    pdf.drawString(x, y, value)
            y -= leading
        y -= leading
    pdf.save()
    return time.perf_counter() - start


def pair(
    register,
    out_dir: Path,
    *,
    year: int = 2024,
    lang: str = "en",
    floor_first: bool = False,
) -> tuple[float, float]:
    """Seconds of the annual report and of its floor, reportlab writing the report's own
    tables (taken from the report as it is built) and nothing else (bench/floors.py)."""
    from unittest import mock

    from twindesk.core.reports import layout

    tables: list[tuple[list, list, list]] = []
    table = layout.Story.table

    def kept(story, headers, rows, widths, **kw):
        rows = list(rows)
        tables.append((list(headers), rows, list(widths)))
        return table(story, headers, rows, widths, **kw)

    def ours() -> float:
        start = time.perf_counter()
        with mock.patch.object(layout.Story, "table", kept):
            build_annual_report(
                register,
                year=year,
                lang=lang,
                out=out_dir / "annual.pdf",
                office="Benchmark Foreign Affairs Office",
            )
        return time.perf_counter() - start

    if floor_first and not tables:  # the floor needs the report's tables: one build first
        ours()
    seconds = {}
    for which in ("floor", "twindesk") if floor_first else ("twindesk", "floor"):
        if which == "twindesk":
            tables.clear()
            seconds[which] = ours()
        else:
            seconds[which] = floor_pdf(tables, out_dir / "floor.pdf")
    return seconds["twindesk"], seconds["floor"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--style", choices=("plain", "official"), default="plain")
    parser.add_argument(
        "--only",
        choices=tuple(RUNS),
        action="append",
        help="only this output (may be repeated; default: all three)",
    )
    parser.add_argument("--fresh", action="store_true", help="generate the register again")
    parser.add_argument(
        "--db", type=Path, help="another register (e.g. a copy made by generate.py)"
    )
    args = parser.parse_args(argv)
    path = args.db or register_file(args.fresh)
    runs = args.only or list(RUNS)
    if (
        len(runs) > 1
    ):  # each in a process of its own: its own time to load fonts, its own peak memory
        # The child gets one --only (passing this run's own --only on would make it fork again).
        rest = ["--year", str(args.year), "--lang", args.lang, "--style", args.style]
        codes = [
            subprocess.call([sys.executable, __file__, *rest, "--db", str(path), "--only", name])
            for name in runs
        ]
        return max(codes)
    ok = True
    with open_register(path, read_only=True) as register:
        with register.connect() as conn:
            counts = {
                m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar()
                for m in (Pairing, Exchange)
            }
        print(
            f"register: {path.name} ({counts['pairing']:,} pairings, {counts['exchange']:,} exchanges)"
        )
        for name in runs:
            fmt, edition, limit = RUNS[name]
            out = OUT / f"annual-{args.year}-{args.lang}-{args.style}-{name}.{fmt}"
            start, cpu = time.perf_counter(), time.process_time()
            result = build_annual_report(
                register,
                year=args.year,
                lang=args.lang,
                style=args.style,
                edition=edition,
                format=fmt,
                office="Benchmark Foreign Affairs Office",
                out=out,
            )
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            pages = (
                f"{result.pages} pages, {result.pages / seconds:.1f} pages/s, "
                if fmt == "pdf"
                else ""
            )
            print(
                f"annual report {args.year} ({args.lang}, {args.style}, {name}): {seconds:.2f} s "
                f"({cpu:.2f} s CPU), {pages}{out.stat().st_size / 1e6:.1f} MB -> {out}"
            )
            if seconds >= limit or (name == "summary" and result.pages > SUMMARY_PAGES):
                ok = False
                print(
                    f"FAIL: {name}: the limit is {limit:.0f} s"
                    + (f" and {SUMMARY_PAGES} pages" if name == "summary" else ""),
                    file=sys.stderr,
                )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak RSS {peak_mb:.0f} MB")
    if peak_mb >= LIMIT_MB:
        ok = False
        print(f"FAIL: the limit is {LIMIT_MB:.0f} MB", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
