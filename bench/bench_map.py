"""Benchmark: the Map page drawing 3,000 partners (goal: under 200 ms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_map.py [--repeat 5] [--fresh]

The register (3,000 pairings) is made once by ``bench.generate`` and cached in bench/out/
(git-ignored). The generator invents its foreign places without coordinates, so this
puts each at a seeded random point of its country's box (from the map's own shapes).
Measured, best of ``--repeat``, on the page at 1280 x 800 rendered offscreen into a
QImage: loading (the query and the paths) and drawing, fitted and zoomed in; "load and
draw" is what a clerk waits for on changing a filter, and is held to the goal (exit 1
when missed). The very first showing (shapes read from disk, country paths made) is
printed too, measured once.
"""
from __future__ import annotations

import argparse
import json
import os
import random
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
    for code, rings in json.loads((resources_dir() / WORLD_FILE).read_text("utf-8"))["countries"].items():
        lons = [v for r in rings for v in r[0::2]]
        lats = [v for r in rings for v in r[1::2]]
        boxes[code] = (min(lons), min(lats), max(lons), max(lats))
    rng = random.Random(0)
    with open_register(path) as register, register.write() as s:
        for place_id, country in s.execute(select(Place.id, Place.country_code).where(Place.latitude.is_(None))):
            x0, y0, x1, y1 = boxes.get(country, (-170, -50, 170, 70))
            s.execute(update(Place).where(Place.id == place_id).values(
                longitude=round(rng.uniform(x0, x1), 2), latitude=round(rng.uniform(y0, y1), 2)))
    return path


def best(repeat: int, work) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="make the register again")
    args = parser.parse_args(argv)
    path = register_file(args.fresh)
    app = QApplication.instance() or QApplication([])
    from twindesk.ui.map_page import MapPage

    with open_register(path, read_only=True) as register:
        start = time.perf_counter()  # the very first time: shapes read, country paths made
        page = MapPage(register, "en")
        page.resize(1280, 800)
        page.reload()
        view = page.view
        image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
        view.render(image)
        cold = (time.perf_counter() - start) * 1000

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
        total = best(args.repeat, load_and_draw)
        app.processEvents()
    print(f"register: {path.name}; {shown:,} partners drawn ({missing})")
    print(f"page {page.width()} x {page.height()}, map {view.width()} x {view.height()}, best of {args.repeat}")
    print(f"load (query, paths):        {load:7.1f} ms")
    print(f"draw, whole world:          {fitted:7.1f} ms")
    print(f"draw, zoomed in 4x:         {zoomed:7.1f} ms")
    print(f"first time (page made, shapes read, loaded, drawn): {cold:.1f} ms")
    print(f"load and draw:              {total:7.1f} ms   goal < {GOAL_MS:.0f} ms: "
          f"{'PASS' if total < GOAL_MS else 'FAIL'}")
    return 0 if total < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
