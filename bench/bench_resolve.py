"""Benchmark: what resolving an import's place names against the gazetteer adds to it.

    .venv/bin/python bench/bench_resolve.py [--repeat 3]

The world list in ../shared/data/real (25,917 real twin-town rows, both sides named, about
25,000 distinct towns) is saved as .xlsx and validated into a new register twice,
alternating, best of ``--repeat``: as TwinDesk does it, and with the gazetteer's part
taken out (no completion of new places, no old names, no second look, no suffix matching
in the register). The difference is the cost of resolving the names; the goal (issue 13)
is at most 1 s. Validation only: commit writes the same rows either way.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
WORLD = ROOT.parent / "shared" / "data" / "real" / "hekman-twincities" / "twin_cities.csv"
GOAL = 1.0


def world_book(folder: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("twin_cities")
    with WORLD.open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.reader(fh)):
            if n:
                row = (
                    row[:2]
                    + [float(x) if x else None for x in row[2:4]]
                    + row[4:6]
                    + [float(x) if x else None for x in row[6:8]]
                )
            ws.append(row)
    path = folder / "world.xlsx"
    wb.save(path)
    return path


def validate(book: Path, folder: Path, n: int, without_gazetteer: bool) -> tuple[float, int]:
    from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
    from twindesk.core.spreadsheets.importing import spreadsheet
    from twindesk.core.spreadsheets.importing import validate as validating
    from twindesk.core.spreadsheets.places import PlaceIndex
    from twindesk.core.storage import open_register

    with ExitStack() as stack:
        if without_gazetteer:
            for target, name, value in (
                (spreadsheet, "complete_from_gazetteer", lambda *a, **k: None),
                (validating.RowValidator, "_present_names", lambda *a, **k: None),
                (validating.RowValidator, "_second_look", lambda *a, **k: None),
                (PlaceIndex, "same_but_suffix", lambda *a, **k: set()),
            ):
                stack.enter_context(mock.patch.object(target, name, value))
        register = stack.enter_context(open_register(folder / f"r{n}.sqlite3", create=True))
        imp = stack.enter_context(SpreadsheetImport(register, book))
        layout = imp.layout()
        mapping = imp.suggest_mapping(layout)
        start = time.perf_counter()
        plan = imp.validate(
            ImportOptions(
                mapping=mapping,
                header_row=layout.header_rows[0],
                header_height=len(layout.header_rows),
            )
        )
        return time.perf_counter() - start, len(plan.new_places)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not WORLD.exists():
        print(f"the world list is not at {WORLD}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="twindesk-bench-resolve-") as tmp:
        folder = Path(tmp)
        book = world_book(folder)
        runs: dict[bool, list[float]] = {False: [], True: []}
        places = 0
        for i in range(args.repeat):
            for without in (True, False):
                seconds, places = validate(book, folder, 2 * i + without, without)
                runs[without].append(seconds)
        full, bare = min(runs[False]), min(runs[True])
        added = full - bare
        print(f"world list: {places:,} new places named by 25,917 rows")
        print(
            f"validation with the gazetteer  {full:6.2f} s   runs: {', '.join(f'{s:.2f}' for s in runs[False])}"
        )
        print(
            f"validation without it          {bare:6.2f} s   runs: {', '.join(f'{s:.2f}' for s in runs[True])}"
        )
        print(
            f"resolving the names adds {added:.2f} s (goal <= {GOAL:.1f} s)  {'PASS' if added <= GOAL else 'FAIL'}"
        )
        return 0 if added <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
