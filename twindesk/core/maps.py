"""The partner map, without Qt: world shapes, projection, and the partners to draw.

The window (``twindesk.ui.map_page``) and the reports (``twindesk.core.reports.partner_map``)
draw the same map from here, so a clerk sees on paper what the screen showed.

Shapes: Natural Earth 1:110m countries (public domain), converted once by
``db/reference/build_world_map.py`` into ``resources/maps/world-110m.json`` (degrees),
and from that, projected, into ``resources/maps/world-110m.paths``: what the map reads,
so its first showing neither parses JSON nor projects 10,000 points (``PATHS_FILE``).
Read from the installation, never from the network.

Projection: Natural Earth (Šavrič, Jenny, Patterson & Jenny 2011), centred on 150°E.
A pseudo-cylindrical compromise: unlike equirectangular it does not blow up Russia,
Canada and Greenland, its parallels stay straight (so "fit" is a plain rectangle and
north is up everywhere), and its forward formula is two short polynomials (clicks are
tested in projected coordinates, so no inverse is needed). The Pacific in the middle
is how maps printed in China show the world, and it keeps China's partners in the
Americas and in Europe on either side instead of splitting the Pacific at the edge.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.engine import Connection, Row
from sqlmodel import col

from twindesk.core.i18n import translate
from twindesk.core.models import VOCABULARIES, Pairing
from twindesk.core.queries import CountryB, Filter, PlaceA, PlaceB, pairings_query
from twindesk.paths import resources_dir

CENTRAL_MERIDIAN = 150.0
SOUTH, NORTH = -58.0, 84.0  # the latitudes drawn
WORLD_FILE = "maps/world-110m.json"
# The countries projected, as Qt's QDataStream writes QPainterPaths (big-endian): the
# window reads them in C++ at once, the reports with struct. After the magic, a version
# and the central meridian: a count, then per country its 2-letter code and its path
# (a count of (type, x, y) elements, MoveTo = 0 starting each ring, LineTo = 1).
PATHS_FILE = "maps/world-110m.paths"
PATHS_MAGIC, PATHS_VERSION = 0x54574D50, 1  # "TWMP"

# Colours of the partner dots (and their lines). Statuses read as a traffic light from
# "coming" (blues) through "in force" (green) to "gone quiet" and "ended" (amber, grey);
# kinds take the report palette in vocabulary order. Terms a clerk adds get the rest.
STATUS_COLOURS = {
    "proposed": "#8FB3DE",
    "negotiating": "#4F7CAC",
    "approved": "#2E7D7A",
    "established": "#2F8F46",
    "dormant": "#D9A441",
    "suspended": "#C97B4A",
    "ended": "#8A8F96",
}
PALETTE = [
    "#1F3A5F",
    "#A8322D",
    "#4F7CAC",
    "#D9A441",
    "#6A9F6B",
    "#8E6C8A",
    "#C97B4A",
    "#2E7D7A",
    "#B5838D",
    "#596F3E",
    "#9AA5B1",
    "#7F8C8D",
]
LOCAL_COLOUR = "#A8322D"
LAND, LAND_PARTNER, BORDER, SEA = "#E4E7EB", "#CBD6E2", "#FFFFFF", "#F5F8FB"
COLOUR_BY = {"kind": ("kind", "pairing_kind"), "status": ("status", "pairing_status")}


class MapPartner(NamedTuple):
    """One pairing to draw: the local place, the partner, and what colours it."""

    pairing_id: int
    local_id: int
    partner_id: int
    local: tuple[float, float]  # projected (x, y), y to the north
    partner: tuple[float, float]
    kind: str
    status: str
    local_en: str
    local_zh: str
    partner_en: str
    partner_zh: str
    country: str
    country_en: str
    country_zh: str


@dataclass
class MapData:
    partners: list[MapPartner]
    not_shown: int  # pairings the filter matched whose places lack coordinates


# --------------------------------------------------------------------------- projection
def project(lon: float, lat: float) -> tuple[float, float]:
    """Degrees to Natural Earth plane coordinates (radius 1; y to the north)."""
    lon = (lon - CENTRAL_MERIDIAN + 180.0) % 360.0 - 180.0
    return _natural_earth(math.radians(lon), math.radians(max(-90.0, min(90.0, lat))))


def _natural_earth(lam: float, phi: float) -> tuple[float, float]:
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * p2 * (0.003971 - 0.001529 * p2)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def arc_control(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """The control point of the quadratic curve drawn from ``a`` to ``b``.

    Lines bow a little to the north (a fifth of their length) instead of following
    great circles: two points per line instead of dozens, and lines from one local
    place to neighbouring partners fan out instead of lying on top of each other.
    """
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    nx, ny = -dy, dx  # a normal, as long as the line
    if ny < 0:
        nx, ny = -nx, -ny
    return (x1 + x2) / 2 + 0.2 * nx, (y1 + y2) / 2 + 0.2 * ny


# --------------------------------------------------------------------------- shapes
@lru_cache(maxsize=1)
def world() -> dict[str, list[list[tuple[float, float]]]]:
    """Country code -> projected rings (holes included; fill them even-odd), read from
    the prebuilt ``PATHS_FILE``."""
    data = (resources_dir() / PATHS_FILE).read_bytes()
    pos, count = paths_header(data)
    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for _ in range(count):
        code = data[pos : pos + 2].decode("ascii")
        (elements,) = struct.unpack_from(">i", data, pos + 2)
        pos += 6
        rings = shapes.setdefault(code, [])
        for kind, x, y in struct.iter_unpack(">idd", data[pos : pos + 20 * elements]):
            if kind == 0:
                ring = [(x, y)]
                rings.append(ring)
            else:
                ring.append((x, y))
        pos += 20 * elements + 8  # the path's cStart and fill rule
    return shapes


def paths_header(data: bytes) -> tuple[int, int]:
    """(offset of the first country, number of countries) of a ``PATHS_FILE``; refuses
    one made for another version or central meridian (rebuild it: build_world_map.py)."""
    magic, version, meridian, count = struct.unpack_from(">IIdi", data)
    if (magic, version, meridian) != (PATHS_MAGIC, PATHS_VERSION, CENTRAL_MERIDIAN):
        raise ValueError(
            f"{PATHS_FILE} is not for this version of TwinDesk: rebuild it "
            "with db/reference/build_world_map.py --paths"
        )
    return struct.calcsize(">IIdi"), count


def world_from_degrees() -> dict[str, list[list[tuple[float, float]]]]:
    """``world()`` computed from the shapes in degrees (``WORLD_FILE``): how the paths
    file is made, and checked."""
    raw = json.loads((resources_dir() / WORLD_FILE).read_text("utf-8"))
    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for code, rings in raw["countries"].items():
        out = shapes.setdefault(code, [])
        for flat in rings:
            for piece in _recentred(flat):
                out.append(
                    [_natural_earth(math.radians(lon), math.radians(lat)) for lon, lat in piece]
                )
    return shapes


def world_credit() -> tuple[str, str]:
    """(source, licence) as recorded in the shipped shapes file."""
    raw = json.loads((resources_dir() / WORLD_FILE).read_text("utf-8"))
    return raw["source"], raw["licence"]


def extent() -> tuple[float, float, float, float]:
    """(x min, y min, x max, y max) of the drawn world: the whole width, from 58°S (the
    shapes leave Antarctica out) to 84°N."""
    half = _natural_earth(math.pi, 0.0)[0]
    return -half, project(0, SOUTH)[1], half, project(0, NORTH)[1]


def outline() -> list[tuple[float, float]]:
    """The edge of the drawn world (the sea), as a projected ring."""
    lats = [SOUTH + i * (NORTH - SOUTH) / 48 for i in range(49)]
    return [_natural_earth(-math.pi, math.radians(lat)) for lat in lats] + [
        _natural_earth(math.pi, math.radians(lat)) for lat in reversed(lats)
    ]


def _recentred(flat: list[float]) -> list[list[tuple[float, float]]]:
    """A ring in degrees, moved to the map's central meridian and cut at its edges.

    Longitudes are unwrapped along the ring (so a ring stays one piece however it lies
    against the new edge), then the ring and its copies a turn east and west are clipped
    to [-180, 180]: Greenland, which the new edge crosses, becomes two pieces.
    """
    points, last = [], None
    for i in range(0, len(flat), 2):
        lon = (flat[i] - CENTRAL_MERIDIAN + 180.0) % 360.0 - 180.0
        if last is not None:
            lon = last + ((lon - last + 180.0) % 360.0 - 180.0)
        points.append((lon, flat[i + 1]))
        last = lon
    low, high = min(p[0] for p in points), max(p[0] for p in points)
    if low >= -180.0 and high <= 180.0:
        return [points]
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        if high + shift <= -180.0 or low + shift >= 180.0:
            continue
        moved = [(lon + shift, lat) for lon, lat in points]
        clipped = _clip(_clip(moved, -180.0, True), 180.0, False)
        if len(clipped) >= 3:
            pieces.append(clipped)
    return pieces


def _clip(
    ring: list[tuple[float, float]], edge: float, keep_east: bool
) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a ring east (or west) of the meridian ``edge``."""

    def inside(p: tuple[float, float]) -> bool:
        return p[0] >= edge if keep_east else p[0] <= edge

    out: list[tuple[float, float]] = []
    for i, current in enumerate(ring):
        previous = ring[i - 1]
        if inside(current) != inside(previous):
            t = (edge - previous[0]) / (current[0] - previous[0])
            out.append((edge, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            out.append(current)
    return out


# --------------------------------------------------------------------------- partners
def _has_coordinates() -> ColumnElement[bool]:
    return and_(
        col(PlaceA.latitude).is_not(None),
        col(PlaceA.longitude).is_not(None),
        col(PlaceB.latitude).is_not(None),
        col(PlaceB.longitude).is_not(None),
    )


def partners(
    conn: Connection, f: Filter | None = None, *conditions: ColumnElement[bool]
) -> MapData:
    """The pairings a list filter ``f`` (and extra ``conditions`` on them) selects, ready
    to draw; those whose places have no coordinates are only counted.

    The filter is the Pairings list's own query (``queries.pairings_query``), narrowed to
    the columns the map needs: one select for what is drawn, one count for the rest.
    """
    query = pairings_query(f or Filter()).where(*conditions)
    # Ids from the register and coordinates (_has_coordinates): none of them None.
    rows: Sequence[Row] = conn.execute(
        query.with_only_columns(
            col(Pairing.id),
            col(PlaceA.id),
            col(PlaceB.id),
            col(PlaceA.longitude),
            col(PlaceA.latitude),
            col(PlaceB.longitude),
            col(PlaceB.latitude),
            col(Pairing.kind),
            col(Pairing.status),
            col(PlaceA.name_en),
            col(PlaceA.name_zh),
            col(PlaceB.name_en),
            col(PlaceB.name_zh),
            col(CountryB.code),
            col(CountryB.name_en),
            col(CountryB.name_zh),
            maintain_column_froms=True,
        )
        .where(_has_coordinates())
        .order_by(col(Pairing.id))
    ).all()
    locals_: dict[int, tuple[float, float]] = {}  # a few local places serve thousands of partners
    drawn = [
        MapPartner(
            r[0],
            r[1],
            r[2],
            locals_.get(r[1]) or locals_.setdefault(r[1], project(r[3], r[4])),
            project(r[5], r[6]),
            *r[7:],
        )
        for r in rows
    ]
    missing = conn.execute(
        query.with_only_columns(func.count(), maintain_column_froms=True).where(~_has_coordinates())
    ).scalar_one()
    return MapData(drawn, missing)


def legend(
    conn: Connection, by: str, shown: list[MapPartner]
) -> list[tuple[str, str, str, str, int]]:
    """(code, colour, English label, Chinese label, count) of each kind or status that is
    drawn, in the vocabulary's order; ``by`` is "kind" or "status"."""
    attr, vocabulary = COLOUR_BY[by]
    model = VOCABULARIES[vocabulary]
    counts: dict[str, int] = {}
    for p in shown:
        counts[getattr(p, attr)] = counts.get(getattr(p, attr), 0) + 1
    terms = conn.execute(
        select(col(model.code), col(model.label_en), col(model.label_zh)).order_by(
            col(model.sort_order)
        )
    ).all()
    colours = colour_table(by, [t[0] for t in terms])
    return [(code, colours[code], en, zh, counts[code]) for code, en, zh in terms if code in counts]


def colour_table(by: str, codes: list[str]) -> dict[str, str]:
    """Colour of each code of the vocabulary (given in its order)."""
    fixed = STATUS_COLOURS if by == "status" else {}
    spare = iter(c for c in PALETTE if c not in fixed.values())
    return {
        code: fixed.get(code) or next(spare, PALETTE[i % len(PALETTE)])
        for i, code in enumerate(codes)
    }


def not_shown_message(count: int, lang: str) -> str:
    return translate(
        "map.not_shown_one" if count == 1 else "map.not_shown", lang, count=f"{count:,}"
    )
