"""Benchmark: exporting 100,000 exchanges to .xlsx, against bare openpyxl in the same run.

    .venv/bin/python bench/bench_export.py [--rows 100000] [--repeat 3] [--full] [--fresh]

The register (100,000 exchanges by ``bench.generate``) is made once and cached in
bench/out/ (git-ignored). Measured in this run, each the best of ``--repeat``:

- export: ``export_list`` of the exchange list as the window shows it (query, labels in
  the interface language, typed date cells, text safety, header, widths, autofilter);
- floor: the very same cell values, already in memory, written by openpyxl's
  write-only workbook with nothing else (what any exporter built on openpyxl pays).

Goal: export <= 1.3 x floor. Memory: the export's peak Python allocations (tracemalloc,
a separate run) against the size of all rows held in memory at once, plus peak RSS.
Also timed once: the list sorted by title, the CSV export, and with ``--full`` the
whole-register export and its restore into a new register. Exits 1 if the goal is missed.
"""
from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from bench.generate import generate  # noqa: E402
from twindesk.core.spreadsheets.export import export_list  # noqa: E402
from twindesk.core.storage import open_register  # noqa: E402

OUT = ROOT / "bench" / "out"
GOAL = 1.3


def register_file(rows: int, fresh: bool) -> Path:
    path = OUT / f"export-{rows}-exchanges.sqlite3"
    if path.exists() and not fresh:
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    generate(path, rows, seed=0)
    return path


def floor(rows: list[list], out: Path) -> float:
    """Seconds for bare openpyxl write-only to write ``rows``."""
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Exchanges")
    for row in rows:
        ws.append(row)
    wb.save(out)
    return time.perf_counter() - start


def timed(fn) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="exchanges in the register")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--full", action="store_true", help="also the whole-register export and restore")
    parser.add_argument("--fresh", action="store_true", help="generate the register again")
    args = parser.parse_args(argv)
    path = register_file(args.rows, args.fresh)
    with tempfile.TemporaryDirectory(prefix="twindesk-bench-export-") as folder:
        return run(args, path, Path(folder))


def run(args: argparse.Namespace, path: Path, work: Path) -> int:
    with open_register(path, read_only=True) as register:
        export = lambda name, **kw: export_list(register, "exchange", work / name, **kw)  # noqa: E731
        seconds, result = timed(lambda: export("exchanges.xlsx"))
        # The floor writes exactly what the export wrote: its cells, read back.
        rows = [[None if v == "" else v for v in row]
                for row in CalamineWorkbook.from_path(str(result.path)).get_sheet_by_index(0).to_python()]
        exports, floors = [seconds], []
        for _ in range(args.repeat):  # interleaved, so a busy machine slows both alike
            gc.collect()
            floors.append(floor(rows, work / "floor.xlsx"))
            gc.collect()
            if len(exports) < args.repeat:
                exports.append(timed(lambda: export("exchanges.xlsx"))[0])
        best_export, best_floor = min(exports), min(floors)
        ratio = best_export / best_floor
        print(f"register: {path.name}; {result.rows:,} rows x {len(rows[0])} columns")
        print(f"export .xlsx   {best_export:6.2f} s   (runs: {', '.join(f'{s:.2f}' for s in exports)})")
        print(f"floor openpyxl {best_floor:6.2f} s   (runs: {', '.join(f'{s:.2f}' for s in floors)})")
        print(f"ratio          {ratio:6.2f}     (goal <= {GOAL})")

        sorted_s = timed(lambda: export("sorted.xlsx", order_by=[("title_en", False)]))[0]
        csv_s = timed(lambda: export("exchanges.csv"))[0]
        print(f"sorted by title .xlsx {sorted_s:.2f} s; .csv {csv_s:.2f} s")

        tracemalloc.start()
        export("traced.xlsx")
        _current, export_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        held = [[None if v == "" else v for v in row]
                for row in CalamineWorkbook.from_path(str(result.path)).get_sheet_by_index(0).to_python()]
        held_size, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del held
        print(f"memory: export peak {export_peak / 1e6:.1f} MB of Python allocations; "
              f"the same rows all in memory take {held_size / 1e6:.1f} MB")

        if args.full:
            from twindesk.core.spreadsheets.full_export import export_register, restore_register

            full_s, full = timed(lambda: export_register(register, work / "register.xlsx"))
            print(f"whole register: {full.rows:,} rows on {full.sheets} sheets in {full_s:.1f} s, "
                  f"{full.path.stat().st_size / 1e6:.1f} MB")
            with open_register(work / "restored.sqlite3", create=True) as fresh:
                restore_s, restored = timed(lambda: restore_register(fresh, full.path))
            print(f"restore into a new register: {restored.rows:,} rows in {restore_s:.1f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if ratio > GOAL:
        print(f"FAIL: the export took {ratio:.2f} x the floor (goal <= {GOAL})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
