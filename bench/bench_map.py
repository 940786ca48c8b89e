"""Benchmark: the Map page drawing 3,000 partners (goal: under 200 ms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_map.py [--repeat 5] [--fresh]

The register (3,000 pairings) is made once by ``bench.generate`` and cached in bench/out/
(git-ignored). The generator invents its foreign places without coordinates, so this
puts each at a seeded random point of its country's box (from the map's own shapes).
Measured, best of ``--repeat``, on the page at 1280 x 800 rendered offscreen into a
QImage: loading (the query and the paths) and drawing, fitted and zoomed in; "load and
draw" is what a clerk waits for on changing a filter. The first showing happens once a
process, so it is measured in ``--repeat`` fresh processes each (best and median):

- in the window: the main window open on its Dashboard, as a clerk starts; then the
  Map is picked in the sidebar and drawn (loaded, shapes read, drawn). This is what a
  clerk waits for, and is held to the goal with "load and draw": PASS when both are
  under it, else FAIL and exit 1.
- bare: the page alone in a new process (made, loaded, drawn), which also pays the
  process's one-offs that the window has paid before the Map is shown (SQLAlchemy's
  mapper set-up and statement compiling, PySide's enum classes, Qt's raster engine);
  printed for comparison with earlier figures, not held to the goal.

Each figure is wall-clock time; "cpu" beside it is the process's own CPU time, which says
what the code costs when the machine is shared (on a loaded 2-core machine the wall
time is mostly waiting for a core).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from bench.generate import generate  # noqa: E402
from twindesk.core.maps import WORLD_FILE  # noqa: E402
from twindesk.core.models import Place  # noqa: E402
from twindesk.core.storage import open_register  # noqa: E402
from twindesk.paths import resources_dir  # noqa: E402

OUT = ROOT / "bench" / "out"
PAIRINGS = 3_000
GOAL_MS = 200.0


def register_file(fresh: bool = False) -> Path:
    path = OUT / f"map-{PAIRINGS}-pairings.sqlite3"
    if path.exists() and not fresh:
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    generate(path, 1_000, seed=0, pairings=PAIRINGS)
    boxes = {}
    for code, rings in json.loads((resources_dir() / WORLD_FILE).read_text("utf-8"))[
        "countries"
    ].items():
        lons = [v for r in rings for v in r[0::2]]
        lats = [v for r in rings for v in r[1::2]]
        boxes[code] = (min(lons), min(lats), max(lons), max(lats))
    rng = random.Random(0)
    with open_register(path) as register, register.write() as s:
        for place_id, country in s.execute(
            select(Place.id, Place.country_code).where(Place.latitude.is_(None))
        ):
            x0, y0, x1, y1 = boxes.get(country, (-170, -50, 170, 70))
            s.execute(
                update(Place)
                .where(Place.id == place_id)
                .values(
                    longitude=round(rng.uniform(x0, x1), 2), latitude=round(rng.uniform(y0, y1), 2)
                )
            )
    return path


def best(repeat: int, work, cpu: list | None = None) -> float:
    """The best wall time of ``repeat`` runs (ms); the best CPU time is put in ``cpu``."""
    times, cpus = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - start_cpu) * 1000)
    if cpu is not None:
        cpu.append(min(cpus))
    return min(times)


def first_showing(path: Path, how: str) -> str:
    """In this (fresh) process, the Map shown and drawn for the first time (see above)."""
    app = QApplication.instance() or QApplication([])
    from twindesk.ui.main_window import MainWindow
    from twindesk.ui.map_page import MapPage
    from twindesk.ui.settings import Settings

    with open_register(path, read_only=True) as register:
        if how == "window":
            window = MainWindow(register, Settings(language="en"))
            window.show()
            app.processEvents()
            page = window.map_page
            row = next(i for i in range(window.sidebar.count()) if window.stack.widget(i) is page)
            cpu = time.process_time()
            start = made = time.perf_counter()
            window.sidebar.setCurrentRow(row)  # shown: loads (showEvent)
        else:
            cpu = time.process_time()
            start = time.perf_counter()
            page = MapPage(register, "en")
            page.resize(1280, 800)
            page.layout().activate()  # the map its real size (a page never shown is not laid out)
            made = time.perf_counter()
            page.reload()
        loaded = time.perf_counter()
        image = QImage(page.view.size(), QImage.Format.Format_ARGB32_Premultiplied)
        page.view.render(image)
        drawn = time.perf_counter()
        cpu = time.process_time() - cpu
        shown = len(page.view.partners)
    return json.dumps(
        {
            "total": (drawn - start) * 1000,
            "cpu": cpu * 1000,
            "made": (made - start) * 1000,
            "loaded": (loaded - made) * 1000,
            "drawn": (drawn - loaded) * 1000,
            "partners": shown,
        }
    )


def first_showings(path: Path, how: str, repeat: int) -> list[dict]:
    return [
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--first-showing", how, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
        for _ in range(repeat)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="make the register again")
    parser.add_argument("--first-showing", nargs=2, help=argparse.SUPPRESS)  # a child's job
    args = parser.parse_args(argv)
    if args.first_showing:
        print(first_showing(Path(args.first_showing[1]), args.first_showing[0]))
        return 0
    path = register_file(args.fresh)
    colds = {how: first_showings(path, how, args.repeat) for how in ("window", "bare")}
    assert all(c["partners"] == PAIRINGS for runs in colds.values() for c in runs)
    app = QApplication.instance() or QApplication([])
    from twindesk.ui.map_page import MapPage

    with open_register(path, read_only=True) as register:
        page = MapPage(register, "en")
        page.resize(1280, 800)
        # Laid out before the image is made: the image used to be made at the map's
        # unlaid-out size (400 x 250), and only that corner of the map was drawn.
        page.layout().activate()
        page.reload()
        view = page.view
        image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
        view.render(image)

        def draw() -> None:
            view.render(image)

        def load_and_draw() -> None:
            page.reload()
            view.render(image)

        shown, missing = len(view.partners), page.summary.text()
        load = best(args.repeat, page.reload)
        view.fit()
        fitted = best(args.repeat, draw)
        view.zoom(4, QPointF(view.width() * 0.3, view.height() * 0.35))
        zoomed = best(args.repeat, draw)
        view.fit()
        total_cpu: list[float] = []
        total = best(args.repeat, load_and_draw, total_cpu)
        app.processEvents()
    print(f"register: {path.name}; {shown:,} partners drawn ({missing})")
    print(
        f"page {page.width()} x {page.height()}, map {view.width()} x {view.height()}, best of {args.repeat}"
    )
    print(f"load (query, paths):        {load:7.1f} ms")
    print(f"draw, whole world:          {fitted:7.1f} ms")
    print(f"draw, zoomed in 4x:         {zoomed:7.1f} ms")
    print(
        f"load and draw:              {total:7.1f} ms (cpu {total_cpu[0]:.1f})   goal < {GOAL_MS:.0f} ms: "
        f"{'PASS' if total < GOAL_MS else 'FAIL'}"
    )
    for how, label in (
        ("window", "first showing in the window (Map picked: loaded, drawn)"),
        ("bare", "first time, bare page (made, shapes read, loaded, drawn)"),
    ):
        best_run = min(colds[how], key=lambda c: c["total"])
        median = statistics.median(c["total"] for c in colds[how])
        verdict = (
            f"   goal < {GOAL_MS:.0f} ms: {'PASS' if best_run['total'] < GOAL_MS else 'FAIL'}"
            if how == "window"
            else ""
        )
        made = f"made {best_run['made']:.1f}, " if how == "bare" else ""
        print(
            f"{label}, best of {args.repeat} processes: {best_run['total']:.1f} ms ({made}loaded "
            f"{best_run['loaded']:.1f}, drawn {best_run['drawn']:.1f}; median {median:.1f}; cpu "
            f"{min(c['cpu'] for c in colds[how]):.1f}){verdict}"
        )
    cold = min(c["total"] for c in colds["window"])
    passed = total < GOAL_MS and cold < GOAL_MS
    print(
        f"map of {PAIRINGS:,} partners under {GOAL_MS:.0f} ms, first showing included: "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
