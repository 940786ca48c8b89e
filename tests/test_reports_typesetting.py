"""How reports are set (issue 17, items 4 and 5): fallback glyphs, line breaking by the
Chinese rules, headings kept with their content, continued tables; read back from the
PDF's text positions (pdftotext -bbox-layout)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from bench.generate import generate
from tests.plain_sql import execute, sql
from twindesk.core.reports import build_annual_report, build_dossier, register_font
from twindesk.core.reports.layout import NO_END, NO_START, wrap_text

BODY_TOP, BODY_BOTTOM = 60, 780  # points from the top: the running header and footer are outside


def pages(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's text lines as (top, height, text), in the order pdftotext finds them."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    result = []
    for page in out.split("<page ")[1:]:
        lines = []
        for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", page, re.S):
            box = dict(re.findall(r'(\w+)="([\d.]+)"', attrs))
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", body)]
            top, bottom = float(box["yMin"]), float(box["yMax"])
            lines.append((top, bottom - top, " ".join(words)))
        result.append(lines)
    return result


def words(path: Path) -> list[str]:
    return [w for page in pages(path) for _top, _h, line in page for w in line.split(" ")]


def zh_date(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}年{m}月{d}日"


# --------------------------------------------------------------------------- 4. glyphs
def test_characters_the_main_font_lacks_come_from_a_fallback_face(demo, tmp_path):
    execute(
        demo,
        "UPDATE place SET name_en = 'Hawaiʻi County', name_zh = '𠮷野町' WHERE name_en = 'Kobe'",
    )
    kobe = sql(
        demo,
        "SELECT p.id FROM pairing p JOIN place b ON b.id = p.place_b_id "
        "WHERE b.name_en = 'Hawaiʻi County'",
    )[0][0]
    for lang in ("en", "zh"):
        result = build_annual_report(demo, year=2021, lang=lang, out=tmp_path / f"a-{lang}.pdf")
        text = subprocess.run(
            ["pdftotext", str(result.path), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "Hawaiʻi County" in text and "𠮷野町" in text, lang
        assert result.missing == ""
    fonts = subprocess.run(
        ["pdffonts", str(result.path)], check=True, capture_output=True, text=True
    ).stdout
    assert "DejaVuSans" in fonts and "HanaMin" in fonts  # embedded, subset, with ToUnicode
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in fonts.splitlines()[2:])

    # A character no face has is reported, not silently dropped.
    execute(
        demo, "UPDATE place SET name_en = 'Hawaiʻi \U000f0041' WHERE name_en = 'Hawaiʻi County'"
    )
    result = build_dossier(demo, kobe, out=tmp_path / "dossier.pdf")
    assert result.missing == "\U000f0041"


# --------------------------------------------------------------------------- 5. line breaking
@pytest.mark.parametrize(
    "text",
    [
        "北京市与莫斯科市于2000年9月14日在莫斯科签署友好城市协议书。",
        "双方于2024年10月17日—2024年10月20日举办“友好城市+”分论坛（第三届）、青年交流营。",
    ],
)
def test_wrapping_keeps_dates_whole_and_punctuation_in_place(text):
    font = register_font()
    dates = re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", text)
    for width in range(70, 260, 3):  # wider than a date: narrower cells set it smaller
        lines = wrap_text(text, font, 9, width)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_START, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_END, (width, lines)
        assert all(any(d in line for line in lines) for d in dates), (width, lines)


def test_english_words_are_not_cut():
    font = register_font()
    lines = wrap_text("Exchanges without a number of participants", font, 8.5, 60)
    assert all(
        word in {"Exchanges", "without", "a", "number", "of", "participants"}
        for line in lines
        for word in line.split()
    )
    assert wrap_text("Signed 14\u00a0Sep\u00a02000", font, 8.5, 60) == (
        "Signed",
        "14\u00a0Sep\u00a02000",
    )


def test_no_chinese_date_is_split_in_the_report(demo, tmp_path):
    full = [
        r[0] for r in sql(demo, "SELECT established FROM pairing WHERE length(established) = 10")
    ]
    full += [
        r[0]
        for r in sql(
            demo, "SELECT start FROM exchange WHERE length(start) = 10 AND start LIKE '2021%'"
        )
    ]
    assert len(full) >= 4
    result = build_annual_report(demo, year=2021, lang="zh", out=tmp_path / "zh.pdf")
    found = words(result.path)
    for iso in full:
        assert any(zh_date(iso) in w for w in found), zh_date(iso)
    # Kinsoku: no line of the report starts with a closing mark or a dash.
    for page in pages(result.path)[2:]:  # past the cover and the contents' dot leaders
        for _top, _h, line in page:
            assert line[:1] not in NO_START, line


def test_english_headers_are_set_smaller_rather_than_cut(demo, tmp_path):
    result = build_annual_report(demo, year=2021, lang="en", out=tmp_path / "en.pdf")
    found = words(result.path)
    assert "Participants" in found and "Participa" not in found
    for page in pages(result.path)[2:]:
        for _top, _h, line in page:
            assert line[:1] not in NO_START, line


# --------------------------------------------------------------------------- 5. pages
@pytest.fixture(scope="module")
def large_report(tmp_path_factory):
    from twindesk.core.storage import open_register

    folder = tmp_path_factory.mktemp("large")
    generate(folder / "g.sqlite3", 2_000, seed=3, pairings=300)
    with open_register(folder / "g.sqlite3", read_only=True) as register:
        return [
            build_annual_report(register, year=2024, lang=lang, out=folder / f"{lang}.pdf")
            for lang in ("en", "zh")
        ]


def test_headings_are_kept_with_their_content(large_report):
    for result in large_report:
        for number, page in enumerate(pages(result.path)[2:], 3):  # past the cover and contents
            body = [line for line in page if BODY_TOP < line[0] < BODY_BOTTOM]
            if not body:
                continue
            top, height, text = max(body)  # the lowest line on the page
            assert height < 11.5, f"page {number} ends with the heading {text!r}"


def test_continued_tables_are_marked(large_report):
    for result, mark in zip(large_report, ("(continued)", "续表"), strict=True):
        all_pages = pages(result.path)
        appendix = [
            i
            for i, page in enumerate(all_pages)
            if i > 1
            and any(
                "Appendix" in line or "附录" in line
                for _t, _h, line in page
                if BODY_TOP < _t < BODY_BOTTOM
            )
        ]
        continued = appendix[1:]
        assert len(continued) > 3
        for i in continued:
            first = min(line for line in all_pages[i] if BODY_TOP < line[0] < BODY_BOTTOM)
            assert mark in first[2], (i, first)


def test_a_colour_after_a_translucent_one_sets_its_alpha_again(tmp_path):
    """Opaque colours after the first are written as RGB alone (the fast path), but one
    after a translucent colour must set its alpha back to 1, or the text stays faint."""
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    from twindesk.core.reports.layout import TextSink

    sink = TextSink(Canvas(str(tmp_path / "t.pdf")))
    for colour in (colors.black, colors.grey, colors.Color(1, 0, 0, alpha=0.5), colors.black):
        sink.set_color(colour)
    code = sink.text._code
    ops = [op for op in code if op.endswith(" gs") or op.endswith(" rg")]
    assert ops[1] == ".501961 .501961 .501961 rg"  # grey: RGB only, no alpha operator
    assert ops[2:4] == ["1 0 0 rg", "/gRLs0 gs"]  # translucent red and its alpha
    assert ops[4:] == ["0 0 0 rg", "/gRLs1 gs"]  # black, its alpha back to 1
