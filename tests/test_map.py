"""The partner map: shapes shipped and read offline, the query behind it (the Pairings
list's filters), the Map page (markers, filters, click and Enter open the pairing, zoom,
pan, pairings without coordinates) and the same map as vector graphics in the reports."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from twindesk.core import maps
from twindesk.core.models import Pairing, Place
from twindesk.core.queries import Filter, count
from twindesk.core.reports import build_annual_report, build_dossier
from twindesk.paths import resources_dir

ROOT = Path(__file__).resolve().parents[1]
DEMO_PAIRINGS = 29


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the map tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def map_page(window):
    """Show the Map section of ``window``; returns its page."""
    row = next(
        i for i in range(window.sidebar.count()) if window.stack.widget(i) is window.map_page
    )
    window.sidebar.setCurrentRow(row)
    QApplication.processEvents()
    return window.map_page


def index_of(view, pairing_id: int) -> int:
    return next(i for i, p in enumerate(view.partners) if p.pairing_id == pairing_id)


def set_partner_without_coordinates(register, pairing_id: int) -> None:
    with register.write() as s:
        partner = s.get(Pairing, pairing_id).place_b_id
        s.execute(update(Place).where(Place.id == partner).values(latitude=None, longitude=None))


# -- shapes and query -----------------------------------------------------------------------
def test_world_shapes_are_shipped_and_read_offline(no_network):
    maps.world.cache_clear()
    shapes = maps.world()
    assert (resources_dir() / maps.WORLD_FILE).is_file()
    assert (resources_dir() / maps.WORLD_FILE).stat().st_size < 200_000
    assert len(shapes) >= 170 and {"CN", "RU", "US", "BR", "AU", "FR"} <= set(shapes)
    assert "AQ" not in shapes  # left out: no partner is there
    x0, y0, x1, y1 = maps.extent()
    for rings in shapes.values():  # re-centred on 150°E and cut at its edges: nothing outside
        for ring in rings:
            assert all(x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 0.1 <= y <= y1 + 0.1 for x, y in ring)
    source, licence = maps.world_credit()
    assert "Natural Earth" in source and "public domain" in licence


def test_prebuilt_paths_are_the_shapes_projected_now():
    """The shipped projected paths (what the window and the reports read) are the shipped
    degrees projected by today's code: a stale file fails here (rebuild it with
    db/reference/build_world_map.py --paths), and the window's QPainterPaths, read by
    QDataStream, hold the very rings the reports read with struct."""
    from twindesk.ui.map_page import country_paths

    assert (resources_dir() / maps.PATHS_FILE).stat().st_size < 250_000
    maps.world.cache_clear()
    shipped, fresh = maps.world(), maps.world_from_degrees()
    assert shipped.keys() == fresh.keys()
    for code, rings in fresh.items():
        assert len(shipped[code]) == len(rings), code
        for got, want in zip(shipped[code], rings, strict=True):
            if len(got) == len(want) + 1:  # the path's closing line back to the start
                assert got[-1] == pytest.approx(got[0], abs=1e-12)
                got = got[:-1]
            assert [v for point in got for v in point] == pytest.approx(
                [v for point in want for v in point], abs=1e-12
            ), code
    paths = country_paths()
    assert paths.keys() == shipped.keys()
    for code, path in paths.items():
        starts = [i for i in range(path.elementCount()) if path.elementAt(i).isMoveTo()]
        assert len(starts) == len(shipped[code])
        assert path.elementCount() == sum(len(r) for r in shipped[code])
        first = path.elementAt(0)
        assert (first.x, first.y) == shipped[code][0][0]
    data = bytearray((resources_dir() / maps.PATHS_FILE).read_bytes())
    data[12] ^= 1  # another central meridian: refused, not drawn wrong
    with pytest.raises(ValueError, match="rebuild"):
        maps.paths_header(bytes(data))


def test_projection_puts_the_pacific_in_the_middle():
    beijing, tokyo, madrid, new_york = (
        maps.project(116.4, 39.9),
        maps.project(139.7, 35.7),
        maps.project(-3.7, 40.4),
        maps.project(-74.0, 40.7),
    )
    assert madrid[0] < beijing[0] < tokyo[0] < new_york[0]  # Europe left, the Americas right
    assert (
        abs(maps.project(150, 0)[0]) < 1e-9 and maps.project(150, 60)[1] > maps.project(150, 30)[1]
    )


def test_partners_follow_the_pairings_list_filters(demo):
    with demo.connect() as conn:
        for f in (
            Filter(),
            Filter(countries=["JP"]),
            Filter(text="moscow"),
            Filter(continents=["EU"]),
            Filter(kinds=["friendship_agreement"]),
            Filter(year_from=2000, year_to=2021),
        ):
            data = maps.partners(conn, f)
            assert len(data.partners) == count(conn, "pairing", f), (
                f
            )  # every demo place has coordinates
            assert data.not_shown == 0
        japan = maps.partners(conn, Filter(countries=["JP"])).partners
        assert {(p.local_en, p.partner_en, p.partner_zh) for p in japan} == {
            ("Beijing", "Tokyo", "东京"),
            ("Tianjin", "Kobe", "神户"),
        }


# -- the page -------------------------------------------------------------------------------
def test_map_page_shows_every_partner_and_filters_like_the_list(qtbot, window):
    page = map_page(window)
    assert window.sidebar.currentItem().text() == "Map"
    assert len(page.view.partners) == DEMO_PAIRINGS
    assert page.summary.text().startswith(f"{DEMO_PAIRINGS} pairing")
    assert "not shown" not in page.summary.text()
    legend = dict(text.rsplit("  ", 1) for _c, text in page.view.legend)
    assert legend == {"Sister / friendship city": "28", "Friendship agreement": "1"}
    for i in range(len(page.view.partners)):  # every marker is on the map widget
        assert page.view.rect().contains(page.view.marker_position(i))

    box = page.filters["countries"]
    box.setCurrentIndex(box.findData("JP"))
    assert sorted(p.partner_en for p in page.view.partners) == ["Kobe", "Tokyo"]
    box.setCurrentIndex(0)
    qtbot.keyClicks(page.year_from, "2021")  # the three pairings signed at the 2021 SCO forum
    qtbot.waitUntil(lambda: len(page.view.partners) == 3)
    page.year_from.clear()
    qtbot.waitUntil(lambda: len(page.view.partners) == DEMO_PAIRINGS)
    qtbot.keyClicks(page.search, "moscow")
    qtbot.waitUntil(lambda: len(page.view.partners) == 1)
    assert page.view.partners[0].partner_zh == "莫斯科"

    page.colour_by.setCurrentIndex(page.colour_by.findData("status"))
    assert [text for _c, text in page.view.legend] == ["Established  1"]


def test_drawn_map_has_partner_land_dots_and_translucent_lines(qtbot, window):
    """What is painted: a partner country in its own shade, each partner's dot in its
    kind's colour, the lines laid on translucent; the countries are drawn once per view
    (a reload with the same countries reuses them, a zoom draws them again)."""
    from PySide6.QtGui import QColor, QImage

    page = map_page(window)
    view = page.view

    def drawn() -> QImage:
        image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
        view.render(image)
        return image

    image = drawn()
    colours = dict(page.view.legend)  # colour -> legend text
    moscow = view.partners[index_of(view, 3)]
    at = view.marker_position(index_of(view, 3))
    assert image.pixelColor(at).name() in {c.lower() for c in colours}
    land = view._land[1].toImage()
    t = view.transform()
    # Somewhere in Russia, away from dots and lines: Siberia, north of the lines' fan.
    siberia = t.map(QPointF(*maps.project(100, 68))).toPoint()
    assert land.pixelColor(siberia).name() == QColor(maps.LAND_PARTNER).name() == "#cbd6e2"
    assert moscow.country == "RU"
    # Halfway along the Beijing–Moscow curve: the line's colour laid over the land, never
    # the colour itself (the lines are translucent).
    (ax, ay), (bx, by) = moscow.local, moscow.partner
    cx, cy = maps.arc_control(moscow.local, moscow.partner)
    middle = t.map(
        QPointF(0.25 * ax + 0.5 * cx + 0.25 * bx, 0.25 * ay + 0.5 * cy + 0.25 * by)
    ).toPoint()
    line = QColor(next(c for c, text in colours.items() if text.startswith("Sister")))
    under = land.pixelColor(middle)
    on = max(
        (image.pixelColor(middle + QPoint(dx, dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)),
        key=lambda c: (
            abs(c.red() - under.red())
            + abs(c.green() - under.green())
            + abs(c.blue() - under.blue())
        ),
    )
    assert on != under and on != line
    for channel in ("red", "green", "blue"):
        low, high = sorted((getattr(under, channel)(), getattr(line, channel)()))
        assert low - 2 <= getattr(on, channel)() <= high + 2, channel

    cached = view._land
    page.reload()
    drawn()
    assert view._land is cached  # same view, same partner countries: not drawn again
    view.zoom(2)
    drawn()
    assert view._land is not cached


def test_clicking_a_marker_opens_its_pairing(qtbot, window):
    from twindesk.ui.pairing_view import PairingView

    view = map_page(window).view
    moscow = index_of(view, 3)
    assert view.partners[moscow].partner_en == "Moscow"
    qtbot.mouseMove(view, view.marker_position(moscow))
    assert "Moscow 莫斯科" in view.tooltip_at(view.marker_position(moscow))
    assert "Beijing – Moscow" in view.tooltip_at(view.marker_position(moscow))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.marker_position(moscow))
    opened = window.findChildren(PairingView)
    assert len(opened) == 1 and opened[0].record_id == 3 and opened[0].isVisible()
    assert view.selected == moscow
    opened[0].close()

    empty = QPoint(view.width() // 2, 3)  # the top edge of the map: sea and sky, no partner
    assert view.hits(QPointF(empty)) == []
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=empty)
    assert len([v for v in window.findChildren(PairingView) if v.isVisible()]) == 0


def test_enter_opens_the_selected_partner(qtbot, window):
    from twindesk.ui.pairing_view import PairingView

    view = map_page(window).view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the first press selects the westernmost partner
    first = view.selected
    assert first is not None
    qtbot.keyClick(view, Qt.Key.Key_Right)  # then the nearest one to the east
    assert view.selected != first
    assert view.marker_position(view.selected).x() > view.marker_position(first).x()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    opened = window.findChildren(PairingView)
    assert len(opened) == 1 and opened[0].record_id == view.partners[view.selected].pairing_id
    opened[0].close()


def test_zoom_with_the_wheel_keys_and_buttons_and_pan_by_dragging(qtbot, window):
    page = map_page(window)
    view = page.view
    fitted = view.scale
    at = QPointF(view.marker_position(index_of(view, 3)))  # zoom in on Moscow: it stays put
    wheel = QWheelEvent(
        at,
        view.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, wheel)
    assert view.scale == pytest.approx(fitted * 1.25**2)
    after = QPointF(view.marker_position(index_of(view, 3))) - at
    assert abs(after.x()) <= 1 and abs(after.y()) <= 1  # the marker's pixel, rounded

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.scale == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.mouseClick(page.zoom_in, Qt.MouseButton.LeftButton)
    assert view.scale == pytest.approx(fitted * 1.25**3)
    qtbot.mouseClick(page.zoom_out, Qt.MouseButton.LeftButton)
    assert view.scale == pytest.approx(fitted * 1.25**2)

    before = view.marker_position(index_of(view, 3))
    start = QPoint(view.width() // 2, view.height() // 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + QPoint(60, 40))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    assert view.marker_position(index_of(view, 3)) - before == QPoint(60, 40)

    qtbot.mouseClick(page.fit_button, Qt.MouseButton.LeftButton)
    assert view.scale == pytest.approx(fitted)


def test_a_pairing_without_coordinates_is_counted_not_shown(qtbot, open_window, demo):
    set_partner_without_coordinates(demo, 3)
    with demo.connect() as conn:
        data = maps.partners(conn)
    assert (len(data.partners), data.not_shown) == (DEMO_PAIRINGS - 1, 1)
    page = map_page(open_window(demo))
    assert len(page.view.partners) == DEMO_PAIRINGS - 1
    assert 3 not in {p.pairing_id for p in page.view.partners}
    assert "1 pairing not shown: no coordinates" in page.summary.text()


def test_map_page_in_chinese(qtbot, open_window, demo):
    set_partner_without_coordinates(demo, 3)
    window = open_window(demo, "zh")
    page = map_page(window)
    assert window.sidebar.currentItem().text() == "地图"
    assert (
        page.summary.text()
        == f"地图上显示 {DEMO_PAIRINGS - 1} 个结好关系 · 1 个结好关系未显示：缺少坐标"
    )
    assert page.colour_by.currentText() == "按关系类型着色"
    assert page.filters["countries"].itemText(0) == "全部国家"  # the Pairings list's own words
    assert [text for _c, text in page.view.legend] == ["友好城市  27", "友好协议  1"]
    assert "北京—东京" in page.view.tooltip_at(page.view.marker_position(index_of(page.view, 1)))


def test_map_page_follows_edits_in_the_register(qtbot, window):
    page = map_page(window)
    set_partner_without_coordinates(window.register, 3)
    window.refresh()
    assert len(page.view.partners) == DEMO_PAIRINGS - 1


# -- reports --------------------------------------------------------------------------------
def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def map_page_of(path: Path, words: str) -> int:
    """The number (from 0) of the page on which the map's legend is."""
    reader = PdfReader(path)
    for number in range(len(reader.pages)):
        text = subprocess.run(
            ["pdftotext", "-f", str(number + 1), "-l", str(number + 1), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if words in text:
            return number
    raise AssertionError(f"no page with {words!r}")


def assert_vector_map(path: Path, page_number: int, partners: int) -> None:
    page = PdfReader(path).pages[page_number]
    content = page.get_contents().get_data().decode("latin-1")
    # Countries are filled paths of straight segments; each line from the local place is a
    # Bézier curve; no picture anywhere on the page.
    operators = content.split()
    assert operators.count("l") > 5_000
    assert operators.count("c") >= partners
    assert operators.count("B*") + operators.count("f*") >= 100  # even-odd fills: holes stay holes
    resources = page.get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    assert all(xobjects[name].get_object().get("/Subtype") != "/Image" for name in xobjects)


@pytest.mark.parametrize(
    "lang, words",
    [
        (
            "en",
            [
                "Local place",
                "Sister / friendship city 28",
                "Friendship agreement 1",
                "Natural Earth",
            ],
        ),
        ("zh", ["本方", "友好城市 28", "友好协议 1", "示意图"]),
    ],
)
def test_annual_report_has_the_map_as_vector_graphics(demo, tmp_path, lang, words):
    out = tmp_path / f"annual-{lang}.pdf"
    build_annual_report(demo, year=2024, lang=lang, out=out)
    text = re.sub(r"\s+", " ", pdf_text(out))
    for word in words:
        assert word in text
    assert ("Partners on the map" if lang == "en" else "友好城市分布图") in text
    assert_vector_map(out, map_page_of(out, words[-1]), DEMO_PAIRINGS)


def test_dossier_has_the_two_places_on_the_map(demo, tmp_path):
    out = tmp_path / "dossier.pdf"
    build_dossier(demo, 2, lang="zh", out=out)  # Tianjin – Kobe
    number = map_page_of(out, "示意图")
    page = subprocess.run(
        ["pdftotext", "-f", str(number + 1), "-l", str(number + 1), str(out), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "天津" in page and "神户" in page and "友好城市分布图" in pdf_text(out)
    assert_vector_map(out, number, 1)


def test_report_says_which_pairings_have_no_coordinates(demo, tmp_path):
    set_partner_without_coordinates(demo, 3)
    out = tmp_path / "annual.pdf"
    build_annual_report(demo, year=2024, out=out)
    assert "1 pairing not shown: no coordinates" in re.sub(r"\s+", " ", pdf_text(out))
