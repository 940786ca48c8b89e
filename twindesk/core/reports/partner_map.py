"""The partner map in the reports: the window's map (``twindesk.core.maps``) drawn with
reportlab's graphics, so it is vector paths in the PDF (sharp at any zoom, small, and
its labels are text), never a picture.

Kept apart from the report builders: each gets its map with one call,
``add_annual_map`` or ``add_dossier_map``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Path, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy.engine import Connection
from sqlmodel import col

from twindesk.core import maps
from twindesk.core.i18n import translate
from twindesk.core.models import Pairing
from twindesk.core.reports.data import in_force
from twindesk.core.reports.fonts import register_font
from twindesk.core.reports.layout import FRAME_W, GREY, Story
from twindesk.core.reports.text import number, pick

LEGEND_SIZE, LEGEND_LINE = 7.5, 11
DOT_R, LOCAL_SIDE = 1.9, 4.2


def add_annual_map(story: Story, conn: Connection, year: int) -> None:
    """A section with the partners of the pairings in force at the end of ``year``."""
    data = maps.partners(conn, None, in_force(year))
    drawing = _drawing(story, conn, data, labels=False)
    # The heading goes to the next page with the map when the map does not fit below it.
    story.heading(translate("map.title", story.lang), 1, room=_room(drawing))
    story.para(
        translate("map.annual_note", story.lang, count=number(len(data.partners)), year=year),
        "note",
    )
    _add(story, data, drawing)


def add_dossier_map(story: Story, conn: Connection, pairing_id: int) -> None:
    """The two places of a pairing on the map, the view closed in around them."""
    data = maps.partners(conn, None, col(Pairing.id) == pairing_id)
    drawing = _drawing(story, conn, data, labels=True, close_in=True)
    story.heading(translate("map.title", story.lang), room=_room(drawing))
    _add(story, data, drawing)


def _drawing(story: Story, conn: Connection, data: maps.MapData, **kw: Any) -> Drawing | None:
    if not data.partners:
        return None
    return map_drawing(data.partners, maps.legend(conn, "kind", data.partners), story.lang, **kw)


def _room(drawing: Drawing | None) -> float:
    return (drawing.height if drawing is not None else 0) + 30 * mm


def _add(story: Story, data: maps.MapData, drawing: Drawing | None) -> None:
    if data.not_shown:
        story.para(maps.not_shown_message(data.not_shown, story.lang), "note")
    if drawing is not None:
        story.add(drawing)
    elif not data.not_shown:
        story.para(translate("map.no_places", story.lang), "note")


def map_drawing(
    partners: list[maps.MapPartner],
    legend: list[tuple[str, str, str, str, int]],
    lang: str,
    *,
    width: float = FRAME_W,
    labels: bool = False,
    close_in: bool = False,
) -> Drawing:
    """The map with its legend below, ``width`` points wide. ``close_in`` frames the
    partners rather than the whole world (a dossier's two places)."""
    font = register_font()
    view = maps.extent()
    if close_in:
        view = _framing(partners, view)
    scale = width / (view[2] - view[0])
    map_h = (view[3] - view[1]) * scale
    colours = {code: colour for code, colour, *_rest in legend}
    items = [(maps.LOCAL_COLOUR, translate("map.local", lang), True)]
    items += [(colour, f"{pick(en, zh, lang)}  {n:,}", False) for _c, colour, en, zh, n in legend]
    rows = _legend_rows(items, font, width)
    legend_h = LEGEND_LINE * (len(rows) + 1) + 6  # the rows and the credit line
    drawing = Drawing(width, map_h + legend_h, initialFontName=font, initialFontSize=LEGEND_SIZE)

    def at(x: float, y: float) -> tuple[float, float]:
        return (x - view[0]) * scale, legend_h + (y - view[1]) * scale

    world = Group()
    clip = Path(isClipPath=1, strokeColor=None, fillColor=None)
    clip.moveTo(0, legend_h)
    for corner in ((width, legend_h), (width, legend_h + map_h), (0, legend_h + map_h)):
        clip.lineTo(*corner)
    clip.closePath()
    world.add(clip)
    world.add(
        _rings([maps.outline()], at, colors.HexColor(maps.SEA), colors.HexColor("#C5CCD6"), 0.5)
    )
    shown = {p.country for p in partners}
    for code, rings in maps.world().items():
        fill = maps.LAND_PARTNER if code in shown else maps.LAND
        world.add(_rings(rings, at, colors.HexColor(fill), colors.white, 0.35))
    by_colour: dict[str, Path] = {}
    for p in partners:
        colour = colours.get(p.kind, maps.PALETTE[-1])
        path = by_colour.get(colour)
        if path is None:
            line = colors.HexColor(colour)
            path = by_colour[colour] = Path(
                strokeColor=colors.Color(line.red, line.green, line.blue, 0.55),
                strokeWidth=0.5,
                fillColor=None,
            )
        (ax, ay), (bx, by), (cx, cy) = (
            at(*p.local),
            at(*p.partner),
            at(*maps.arc_control(p.local, p.partner)),
        )
        path.moveTo(ax, ay)  # the window's quadratic curve, as a cubic
        path.curveTo(
            ax + 2 / 3 * (cx - ax),
            ay + 2 / 3 * (cy - ay),
            bx + 2 / 3 * (cx - bx),
            by + 2 / 3 * (cy - by),
            bx,
            by,
        )
    for path in by_colour.values():
        world.add(path)
    # One path per colour for the squares and the dots (circles as four Bézier arcs): one
    # drawing operation each instead of thousands, which keeps a 3,000-partner map fast.
    squares = Path(
        fillColor=colors.HexColor(maps.LOCAL_COLOUR), strokeColor=colors.white, strokeWidth=0.4
    )
    for p in {p.local_id: p for p in partners}.values():
        x, y = at(*p.local)
        h = LOCAL_SIDE / 2
        squares.moveTo(x - h, y - h)
        for cx, cy in ((x + h, y - h), (x + h, y + h), (x - h, y + h)):
            squares.lineTo(cx, cy)
        squares.closePath()
    world.add(squares)
    dots: dict[str, Path] = {}
    for p in partners:
        colour = colours.get(p.kind, maps.PALETTE[-1])
        if colour not in dots:
            dots[colour] = Path(
                fillColor=colors.HexColor(colour), strokeColor=colors.white, strokeWidth=0.4
            )
        _circle(dots[colour], *at(*p.partner), DOT_R)
    for path in dots.values():
        world.add(path)
    if labels:
        for p in partners:
            for point, en, zh in (
                (p.partner, p.partner_en, p.partner_zh),
                (p.local, p.local_en, p.local_zh),
            ):
                x, y = at(*point)
                world.add(
                    String(
                        x + 4,
                        y + 3,
                        pick(en, zh, lang),
                        fontName=font,
                        fontSize=8,
                        fillColor=colors.HexColor("#1F2933"),
                    )
                )
    drawing.add(world)
    _draw_legend(drawing, rows, font, legend_h, lang)
    return drawing


def _circle(path: Path, x: float, y: float, r: float) -> None:
    k = 0.5523 * r  # the control distance that makes four cubic arcs a circle
    path.moveTo(x + r, y)
    path.curveTo(x + r, y + k, x + k, y + r, x, y + r)
    path.curveTo(x - k, y + r, x - r, y + k, x - r, y)
    path.curveTo(x - r, y - k, x - k, y - r, x, y - r)
    path.curveTo(x + k, y - r, x + r, y - k, x + r, y)
    path.closePath()


def _rings(
    rings: list[list[tuple[float, float]]],
    at: Callable[[float, float], tuple[float, float]],
    fill: colors.Color,
    stroke: colors.Color,
    stroke_width: float,
) -> Path:
    path = Path(fillColor=fill, strokeColor=stroke, strokeWidth=stroke_width, strokeLineJoin=1)
    for ring in rings:
        path.moveTo(*at(*ring[0]))
        for x, y in ring[1:]:
            path.lineTo(*at(x, y))
        path.closePath()
    return path  # even-odd fill (reportlab's default): holes stay holes


def _framing(
    partners: list[maps.MapPartner], world: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """A view around the partners, at least a sixth of the world wide, in the world's
    proportions and inside it."""
    xs = [c for p in partners for c in (p.local[0], p.partner[0])]
    ys = [c for p in partners for c in (p.local[1], p.partner[1])]
    aspect = (world[3] - world[1]) / (world[2] - world[0])
    w = max(max(xs) - min(xs), (max(ys) - min(ys)) / aspect, (world[2] - world[0]) / 6) * 1.5
    w = min(w, world[2] - world[0])
    h = w * aspect
    cx = min(max((max(xs) + min(xs)) / 2, world[0] + w / 2), world[2] - w / 2)
    cy = min(max((max(ys) + min(ys)) / 2, world[1] + h / 2), world[3] - h / 2)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _legend_rows(
    items: list[tuple[str, str, bool]], font: str, width: float
) -> list[list[tuple[str, str, bool, float]]]:
    rows: list[list[tuple[str, str, bool, float]]] = [[]]
    x = 0.0
    for colour, text, square in items:
        w = 12 + stringWidth(text, font, LEGEND_SIZE) + 14
        if rows[-1] and x + w > width:
            rows.append([])
            x = 0.0
        rows[-1].append((colour, text, square, x))
        x += w
    return rows


def _draw_legend(
    drawing: Drawing,
    rows: list[list[tuple[str, str, bool, float]]],
    font: str,
    legend_h: float,
    lang: str,
) -> None:
    y = legend_h - LEGEND_LINE
    for row in rows:
        for colour, text, square, x in row:
            fill = colors.HexColor(colour)
            if square:
                drawing.add(
                    Rect(x + 1, y - 0.5, LOCAL_SIDE, LOCAL_SIDE, fillColor=fill, strokeColor=None)
                )
            else:
                drawing.add(Circle(x + 3, y + 1.6, DOT_R + 0.4, fillColor=fill, strokeColor=None))
            drawing.add(String(x + 10, y, text, fontName=font, fontSize=LEGEND_SIZE))
        y -= LEGEND_LINE
    drawing.add(
        String(0, y, translate("map.shapes", lang), fontName=font, fontSize=6.5, fillColor=GREY)
    )
