"""Build resources/maps/world-110m.json, the country shapes of the Partners map, and
from it resources/maps/world-110m.paths, the same shapes projected (what the map reads).

    curl -sL https://registry.npmjs.org/world-atlas/-/world-atlas-2.0.2.tgz | tar xz -C /tmp
    python db/reference/build_world_map.py /tmp/package/countries-110m.json
    python db/reference/build_world_map.py --paths   # offline, from the shipped JSON

The paths file must be made again whenever the JSON or the projection
(``twindesk.core.maps``) changes; tests/test_map.py says when it is stale. It is written
with PySide6 (a TwinDesk dependency) as QDataStream QPainterPaths, so the window reads
it in C++; see ``maps.PATHS_FILE`` for the layout.

Source: Natural Earth 1:110m Admin 0 countries, version 4.1.0 (public domain,
naturalearthdata.com), as TopoJSON in the npm package world-atlas 2.0.2 (ISC,
Copyright 2013-2019 Michael Bostock). Run once by a developer; the output is shipped
and TwinDesk never downloads anything. Build-time needs: Python and pycountry (already a
build-time package of build_countries.py), for ISO numeric to alpha-2 codes.

The output is plain JSON: ``{"source", "licence", "countries": {alpha-2: [ring, ...]}}``,
each ring a flat ``[lon, lat, lon, lat, ...]`` list in degrees rounded to 0.01 (a
hundredth of a degree is below a pixel of the 1:110m drawing at any zoom the map
offers). Holes are rings like any other: the map fills each country with the even-odd
rule. Antarctica is left out: no partner is there, and it would take a fifth of the
map's height.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "maps" / "world-110m.json"
SOURCE = (
    "Natural Earth 1:110m Admin 0 countries, version 4.1.0 (naturalearthdata.com), "
    "via the TopoJSON of world-atlas 2.0.2 (npm; ISC licence, Copyright 2013-2019 "
    "Michael Bostock); converted by db/reference/build_world_map.py"
)
LICENCE = (
    "Natural Earth data: public domain (naturalearthdata.com/about/terms-of-use). "
    "world-atlas, ISC licence: Copyright 2013-2019 Michael Bostock. Permission to use, copy, "
    "modify, and/or distribute this software for any purpose with or without fee is hereby "
    "granted, provided that the above copyright notice and this permission notice appear in all "
    'copies. THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH '
    "REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN "
    "NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL "
    "DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN "
    "ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH "
    "THE USE OR PERFORMANCE OF THIS SOFTWARE."
)
# Shapes world-atlas gives no ISO number. Northern Cyprus and Somaliland are counted in
# the states ISO 3166 counts them in (as the register does); Kosovo has the user code XK.
BY_NAME = {"N. Cyprus": "CY", "Somaliland": "SO", "Kosovo": "XK"}
LEFT_OUT = {"AQ"}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers on a grid: back to lon/lat."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[float]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]  # ~i: arc i walked backwards
        points.extend(arc if not points else arc[1:])  # arcs share their end points
    flat: list[float] = []
    last = None
    for lon, lat in points:
        p = (round(lon, 2), round(lat, 2))
        if p != last:  # rounding makes neighbours equal: keep one
            flat.extend(p)
            last = p
    return flat


def build(source: Path) -> dict:
    topology = json.loads(source.read_text("utf-8"))
    arcs = decode_arcs(topology)
    countries: dict[str, list[list[float]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if geometry.get("id"):
            code = pycountry.countries.get(numeric=geometry["id"]).alpha_2
        else:
            code = BY_NAME[name]  # a KeyError here means a new unnumbered shape: decide it
        if code in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        countries.setdefault(code, []).extend(r for r in rings if len(r) >= 6)
    return {"source": SOURCE, "licence": LICENCE, "countries": dict(sorted(countries.items()))}


def write_paths() -> Path:
    """Project the shipped JSON (``maps.world_from_degrees``) and write ``maps.PATHS_FILE``."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QPointF, Qt
    from PySide6.QtGui import QPainterPath, QPolygonF

    from twindesk.core import maps
    from twindesk.paths import resources_dir

    data = QByteArray()
    stream = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    stream.setVersion(QDataStream.Version.Qt_6_0)  # big-endian, doubles
    shapes = maps.world_from_degrees()
    stream.writeUInt32(maps.PATHS_MAGIC)
    stream.writeUInt32(maps.PATHS_VERSION)
    stream.writeDouble(maps.CENTRAL_MERIDIAN)
    stream.writeInt32(len(shapes))
    for code, rings in shapes.items():
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)  # holes (Lesotho in South Africa) are rings too
        for ring in rings:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in ring]))
            path.closeSubpath()
        stream.writeRawData(code.encode("ascii"))
        stream << path
    out = resources_dir() / maps.PATHS_FILE
    out.write_bytes(data.data())
    print(f"{out}: {len(shapes)} countries, {out.stat().st_size:,} bytes")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "source", type=Path, nargs="?", help="countries-110m.json of world-atlas 2.0.2"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--paths", action="store_true", help="only project the shipped JSON into the paths file"
    )
    args = parser.parse_args(argv)
    if args.paths:
        write_paths()
        return 0
    if args.source is None:
        parser.error("the world-atlas source file is needed (or --paths)")
    data = build(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    points = sum(len(r) // 2 for rings in data["countries"].values() for r in rings)
    print(
        f"{args.out}: {len(data['countries'])} countries, {points} points, "
        f"{args.out.stat().st_size:,} bytes"
    )
    if args.out == OUT:
        write_paths()
    return 0


if __name__ == "__main__":
    sys.exit(main())
