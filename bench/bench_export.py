"""Benchmark: exporting 100,000 exchanges to .xlsx, against its floor in the same run.

    .venv/bin/python bench/bench_export.py [--rows 100000] [--repeat 3] [--full] [--fresh]

The register (100,000 exchanges by ``bench.generate``) is made once and cached in
bench/out/ (git-ignored). Measured in this run, alternating (each round the other one
goes first, so a busy machine slows both alike), each the best of ``--repeat``:

- export: ``export_list`` of the exchange list as the window shows it (the table's query,
  labels in the interface language, typed date cells, text safety, header, widths,
  frozen header, autofilter, temporary file and rename, progress);
- floor (issue 15): the same cells read with one SQL query (sqlite3, the labels joined
  in) and written by xlsxwriter in constant-memory mode with its typed calls and nothing
  else. The first round checks that both workbooks hold the very same cells.

Goal: export <= 1.3 x floor. Memory: the export's peak Python allocations (tracemalloc,
a separate run) against the size of all rows held in memory at once, plus peak RSS.
Also timed once: the list sorted by title, the CSV export, and with ``--full`` the
whole-register export and its restore into a new register. Exits 1 if the goal is missed.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xlsxwriter  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from bench.generate import generate  # noqa: E402
from twindesk.core.i18n import translate  # noqa: E402
from twindesk.core.spreadsheets.export import export_list  # noqa: E402
from twindesk.core.storage import open_register  # noqa: E402

OUT = ROOT / "bench" / "out"
GOAL = 1.3
# The exchange list's cells in English, as the table shows them: title and type label
# (English, else Chinese), direction, start, end, venue, participants, in the table's order.
FLOOR_SQL = """
SELECT coalesce(nullif(e.title_en, ''), nullif(e.title_zh, '')),
       coalesce(nullif(t.label_en, ''), nullif(t.label_zh, ''), e.exchange_type),
       nullif(e.direction, ''), e.start, e."end", nullif(e.venue, ''), e.participants
FROM exchange e LEFT JOIN exchange_type t ON t.code = e.exchange_type
ORDER BY e.id
"""
FLOOR_HEADERS = ["Title", "Type", "Direction", "Start", "End", "Venue", "Participants"]


def register_file(rows: int, fresh: bool) -> Path:
    path = OUT / f"export-{rows}-exchanges.sqlite3"
    if path.exists() and not fresh:
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    generate(path, rows, seed=0)
    return path


def floor(register: Path, out: Path) -> float:
    """Seconds for one SQL query and xlsxwriter (constant memory) to write the list's cells."""
    start = time.perf_counter()
    db = sqlite3.connect(f"file:{register}?mode=ro", uri=True)
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    ws = wb.add_worksheet("Exchanges")
    dated = wb.add_format({"num_format": "yyyy-mm-dd"})
    text, day, number = ws.write_string, ws.write_datetime, ws.write_number
    for c, header in enumerate(FLOOR_HEADERS):
        text(0, c, header)
    directions: dict[str, str] = {}  # code -> its English label, as the table says it
    for n, (title, kind, direction, begin, end, venue, participants) in enumerate(
        db.execute(FLOOR_SQL), 1
    ):
        if title:
            text(n, 0, title)
        text(n, 1, kind)
        if direction:
            if direction not in directions:
                directions[direction] = translate(f"direction.{direction}", "en")
            text(n, 2, directions[direction])
        for c, value in ((3, begin), (4, end)):
            if value:  # a full date is a date cell, a partial one ISO text
                if len(value) == 10:
                    day(n, c, date.fromisoformat(value), dated)
                else:
                    text(n, c, value)
        if venue:
            text(n, 5, venue)
        if participants is not None:
            number(n, 6, participants)
    wb.close()
    db.close()
    return time.perf_counter() - start


def cells(path: Path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="exchanges in the register")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument(
        "--full", action="store_true", help="also the whole-register export and restore"
    )
    parser.add_argument("--fresh", action="store_true", help="generate the register again")
    args = parser.parse_args(argv)
    path = register_file(args.rows, args.fresh)
    with tempfile.TemporaryDirectory(prefix="twindesk-bench-export-") as folder:
        return run(args, path, Path(folder))


def pair(
    register,
    path: Path,
    work: Path,
    floor_first: bool = False,
    check: bool = False,
) -> tuple[float, float]:
    """Seconds of one export of the exchange list and of its floor (bench/floors.py calls
    this too); with ``check``, the two workbooks must hold the same cells."""
    seconds = {}
    for which in ("floor", "export") if floor_first else ("export", "floor"):
        gc.collect()
        if which == "floor":
            seconds["floor"] = floor(path, work / "floor.xlsx")
        else:
            seconds["export"] = timed(
                lambda: export_list(register, "exchange", work / "exchanges.xlsx")
            )[0]
    if check and cells(work / "exchanges.xlsx") != cells(work / "floor.xlsx"):
        raise AssertionError("the floor did not write the export's cells")
    return seconds["export"], seconds["floor"]


def run(args: argparse.Namespace, path: Path, work: Path) -> int:
    with open_register(path, read_only=True) as register:
        export = lambda name, **kw: export_list(register, "exchange", work / name, **kw)  # noqa: E731
        exports, floors = [], []
        for n in range(args.repeat):
            try:
                seconds, floor_s = pair(register, path, work, floor_first=n % 2 == 0, check=n == 0)
            except AssertionError as err:
                print(err, file=sys.stderr)
                return 2
            exports.append(seconds)
            floors.append(floor_s)
        rows = cells(work / "exchanges.xlsx")
        best_export, best_floor = min(exports), min(floors)
        ratio = best_export / best_floor
        verdict = "PASS" if ratio <= GOAL else "FAIL"
        print(
            f"register: {path.name}; {len(rows) - 1:,} rows x {len(rows[0])} columns; "
            f"best of {args.repeat}, alternating"
        )
        print(f"{'operation':<26}{'TwinDesk':>10}{'floor':>10}{'ratio':>8}{'goal':>8}")
        print(
            f"{f'export {len(rows) - 1:,} list .xlsx':<26}{best_export:>9.2f}s{best_floor:>9.2f}s{ratio:>8.2f}"
            f"{GOAL:>8.1f}  {verdict}"
        )
        print(
            f"  runs: export {', '.join(f'{s:.2f}' for s in exports)}; "
            f"floor {', '.join(f'{s:.2f}' for s in floors)}"
        )

        sorted_s = timed(lambda: export("sorted.xlsx", order_by=[("title_en", False)]))[0]
        csv_s = timed(lambda: export("exchanges.csv"))[0]
        print(f"sorted by title .xlsx {sorted_s:.2f} s; .csv {csv_s:.2f} s")

        tracemalloc.start()
        export("traced.xlsx")
        _current, export_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        held = [[None if v == "" else v for v in row] for row in cells(work / "exchanges.xlsx")]
        held_size, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del held
        print(
            f"memory: export peak {export_peak / 1e6:.1f} MB of Python allocations; "
            f"the same rows all in memory take {held_size / 1e6:.1f} MB"
        )

        if args.full:
            from twindesk.core.spreadsheets.full_export import export_register, restore_register

            full_s, full = timed(lambda: export_register(register, work / "register.xlsx"))
            print(
                f"whole register: {full.rows:,} rows on {full.sheets} sheets in {full_s:.1f} s, "
                f"{full.path.stat().st_size / 1e6:.1f} MB"
            )
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
