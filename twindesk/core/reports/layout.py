"""Typesetting shared by every report: page templates, styles, tables, and the build.

A report builder fills a :class:`Story` (numbered headings, paragraphs, tables,
charts) and hands it to :func:`render`, which lays it out with reportlab's platypus
into a temporary file beside the target and renames it only when the PDF is complete.
``render`` reports progress as ``progress(done, total)`` and checks ``cancelled()``
between flowables, so a window can run it in a worker thread.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.tableofcontents import TableOfContents
from reportlab.platypus.tables import CellStyle

from twindesk import __version__
from twindesk.core.errors import TwinDeskError
from twindesk.core.reports.fonts import (
    FONT_NAME,
    font_runs,
    missing_glyphs,
    official_faces,
    register_font,
    text_width,
)
from twindesk.core.reports.text import day, section_number, t

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Line: TypeAlias = tuple[str, float, float, colors.Color]  # text, size, leading, colour

NAVY = colors.HexColor("#1F3A5F")
RED = colors.HexColor("#A8322D")
GREY = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C5CCD6")
ZEBRA = colors.HexColor("#F2F5F9")
TOTAL_BG = colors.HexColor("#E3E9F1")
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 24 * mm, 20 * mm
FRAME_W, FRAME_H = PAGE_W - 2 * MARGIN_X, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
STYLES = ("plain", "official")


@dataclass(frozen=True)
class Geometry:
    """Where the text goes on an A4 page."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return PAGE_H - self.top - self.height


PLAIN_PAGE = Geometry(MARGIN_X, MARGIN_TOP, FRAME_W, FRAME_H)
# GB/T 9704-2012 (公文格式): top margin 37 mm, left 28 mm, a text area of 156 × 225 mm.
OFFICIAL_PAGE = Geometry(28 * mm, 37 * mm, 156 * mm, 225 * mm)
CELL_PAD, CELL_PAD_TOP, CELL_PAD_BOTTOM = 3, 2.5, 3
# Page streams compressed but not also ASCII85-encoded: smaller files, a tenth less time.
rl_config.useA85 = 0
PROGRESS_TOTAL = 1000
DATA_SHARE = 100  # the part of the progress bar spent reading the register


class ReportCancelled(TwinDeskError):  # noqa: N818 - public: reports API, the user guide
    """The clerk cancelled the report; nothing was written."""

    code = "report.cancelled"


@dataclass
class ReportResult:
    path: Path
    pages: int
    # Characters no embedded font has (drawn blank): the clerk is told which.
    missing: str = ""


# --------------------------------------------------------------------------- styles
def make_styles(lang: str, style_name: str = "plain") -> dict[str, ParagraphStyle]:
    font = register_font()
    wrap = "CJK" if lang == "zh" else None
    if style_name == "official":
        return _official_styles(wrap)
    base = ParagraphStyle(
        "body", fontName=font, fontSize=9.5, leading=14, wordWrap=wrap, spaceAfter=4
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "note": style("note", fontSize=8.5, leading=12, textColor=GREY, spaceAfter=6),
        "h1": style("h1", fontSize=16, leading=22, textColor=NAVY, spaceBefore=6, spaceAfter=8),
        "h2": style("h2", fontSize=12, leading=17, textColor=NAVY, spaceBefore=10, spaceAfter=5),
        "title": style("title", fontSize=20, leading=27, textColor=NAVY, spaceAfter=4),
        "subtitle": style("subtitle", fontSize=12, leading=17, textColor=GREY, spaceAfter=14),
        "toc0": style("toc0", fontSize=11, leading=18, leftIndent=0, firstLineIndent=0),
        "toc1": style(
            "toc1", fontSize=9.5, leading=14, leftIndent=14, firstLineIndent=0, textColor=GREY
        ),
        "cover_office": style("cover_office", fontSize=15, leading=21, textColor=colors.white),
        "cover_title": style("cover_title", fontSize=28, leading=38, textColor=colors.white),
        "cover_year": style("cover_year", fontSize=40, leading=48, textColor=colors.white),
        "cover_meta": style("cover_meta", fontSize=9.5, leading=14, textColor=GREY),
        "sign": style("sign", alignment=TA_RIGHT, spaceBefore=12),
    }


def _official_styles(wrap: str | None) -> dict[str, ParagraphStyle]:
    """The 公文 faces and sizes (GB/T 9704): the title 二号 (22 pt) in 小标宋, first-level
    headings 三号 (16 pt) in Hei, the body 三号 in Fangsong, all black. Second-level
    headings are set a size smaller so a statistical section keeps its tables in view."""
    faces = {role: face.font for role, face in official_faces().items()}
    base = ParagraphStyle(
        "body",
        fontName=faces["body"],
        fontSize=16,
        leading=28,
        wordWrap=wrap,
        spaceAfter=4,
        textColor=colors.black,
    )

    def style(name: str, role: str = "body", **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, fontName=faces[role], **kw)

    return {
        "body": base,
        "note": style("note", fontSize=12, leading=20, spaceAfter=6),
        "h1": style("h1", "heading", fontSize=16, leading=28, spaceBefore=8, spaceAfter=6),
        "h2": style("h2", "heading", fontSize=14, leading=24, spaceBefore=8, spaceAfter=4),
        "title": style("title", "title", fontSize=22, leading=34, spaceAfter=6),
        "subtitle": style("subtitle", fontSize=16, leading=28, spaceAfter=14),
        "toc0": style("toc0", fontSize=14, leading=26, leftIndent=0, firstLineIndent=0),
        "toc1": style("toc1", fontSize=12, leading=20, leftIndent=24, firstLineIndent=0),
        "cover_office": style("cover_office", "title", fontSize=30, leading=40, textColor=RED),
        "cover_title": style("cover_title", "title", fontSize=22, leading=34),
        "cover_year": style("cover_year", fontSize=16, leading=28),
        "cover_meta": style("cover_meta", fontSize=16, leading=28),
        "sign": style("sign", alignment=TA_RIGHT, spaceBefore=28),
    }


# --------------------------------------------------------------------------- flowables
CELL_SIZE, CELL_LEADING, SECOND_SIZE, SECOND_LEADING = 8.5, 11, 7, 9
MIN_HEADER_SIZE = 6.5  # the smallest a word too wide for its column is set
CAPTION_H = 13  # the "(continued)" line above a table's continuation
# Line breaking. A line may break between Chinese characters and at spaces, but never
# inside a date or number ("2000年9月14日"), before a closing mark or dash, or after an
# opening mark (kinsoku, GB/T 15834); a Latin word breaks only when wider than the column.
_CJK = "\u2e80-\u2fff\u3040-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003ffff"
NO_START = "，。、；：！？）》」』】〉〕”’—–…·%‰!),.:;?]}"
NO_END = "（《「『【〈〔“‘"
_DATE = r"\d[\d,.]*(?:[年月日号时分万亿](?:\d[\d,.]*)?)+"
_OPEN, _CLOSE = re.escape(NO_END), re.escape(NO_START)
_TOKEN = re.compile(
    rf"[ \t]+|[{_OPEN}]*(?:{_DATE}|[{_CJK}]|[^ \t{_CJK}{_OPEN}]+|[{_OPEN}])"
    rf"[{_CLOSE}]*"
)


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    return (
        text_width(text, size, font)
        if font.startswith(FONT_NAME)
        else stringWidth(text, font, size)
    )


@lru_cache(maxsize=65536)
def tokens(paragraph: str) -> tuple[str, ...]:
    """The unbreakable pieces of a line of text, spaces on their own."""
    out: list[str] = []
    for token in _TOKEN.findall(paragraph):
        # "Moscow – Beijing": no break before the dash either.
        signs = (
            not token.isspace()
            and not any(ch.isalnum() for ch in token)
            and token[-1] not in NO_END
        )  # "+”", "–": never the start of a line
        if (token[0] in NO_START or signs) and len(out) > 1 and out[-1].isspace():
            space = out.pop()
            out[-1] += space + token
        elif signs and out and not out[-1].isspace():
            out[-1] += token
        else:
            out.append(token)
    return tuple(out)


@lru_cache(maxsize=65536)
def longest_word(text: str, font: str, size: float) -> float:
    return max((_width(t, font, size) for t in tokens(text) if not t.isspace()), default=0.0)


@lru_cache(maxsize=65536)  # a register repeats its kinds, levels, countries
def wrap_text(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Break ``text`` into lines no wider than ``width`` (see the rules above); a word
    wider than the column is cut as a last resort."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_w = "", 0.0
        for token in tokens(paragraph):
            w = _width(token, font, size)
            if line_w + w <= width or (token.isspace() and line):
                line, line_w = line + token, line_w + w
                continue
            if token.isspace():
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, line_w = "", 0.0
            for ch in token if w > width else (token,):  # a word wider than the column
                cw = _width(ch, font, size)
                if line and line_w + cw > width and ch not in NO_START:
                    lines.append(line)
                    line, line_w = "", 0.0
                line, line_w = line + ch, line_w + cw
        lines.append(line.rstrip())
    return tuple(lines)


class TextCell(Flowable):
    """Text in a table cell, wrapped once to its column when the row is made.

    Many times cheaper than a Paragraph (no markup to parse), which matters for a
    register of thousands of rows. ``parts`` are (text, size, leading, colour): a name,
    say, and under it the name in the other language, small and grey.
    """

    def __init__(
        self,
        font: str,
        parts: Sequence[tuple[str, float, float, colors.Color]],
        width: float,
        right: bool = False,
    ) -> None:
        super().__init__()
        self.font, self.right, self.width = font, right, width
        self.lines = [
            (line, size, leading, color)
            for text, size, leading, color in parts
            for line in wrap_text(text, font, size, width)
        ]
        self.height = sum(line[2] for line in self.lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        sink = TextSink(self.canv)
        _draw_lines(sink, self.font, self.lines, 0, self.width, self.height, self.right)
        sink.draw()


def _opaque(color: Any) -> bool:
    return type(color) is colors.Color and color.alpha == 1


class TextSink:
    """One text object, drawn at the end, and what was last set in it: lines are written
    in reading order (so a PDF's text copies row by row), setting a face, size or colour
    only when it changes. A long register's tables switch between black names and grey
    second lines tens of thousands of times: after the first, a change of an opaque
    colour is written from its RGB alone (reportlab otherwise writes its alpha again too,
    and compares colours in Python: a fifth of the drawing's time)."""

    def __init__(self, canv: Canvas) -> None:
        self.canv = canv
        self.text = canv.beginText()
        self.font: tuple[str, float] | None = None
        self.color: Any = None

    def set_color(self, color: Any) -> None:
        if color is self.color:
            return
        if _opaque(color) and _opaque(self.color):  # the alpha in force is already 1
            self.text.setFillColor((color.red, color.green, color.blue))
        else:  # the first colour, or a change to or from a translucent one: alpha too
            self.text.setFillColor(color)
        self.color = color

    def draw(self) -> None:
        self.canv.drawText(self.text)


def _draw_lines(
    sink: TextSink,
    font: str,
    lines: Sequence[Line],
    left: float,
    right: float,
    top: float,
    align_right: bool,
) -> None:
    """Put ``lines`` into ``sink``, the first baseline one font size below ``top``.
    Characters the font lacks are drawn from a fallback face (``fonts.font_runs``)."""
    text = sink.text
    y = top - lines[0][1]
    fallback = font.startswith(FONT_NAME)  # our faces, which fall back glyph by glyph
    for i, (line, size, leading, color) in enumerate(lines):
        if i:
            y -= leading
        sink.set_color(color)
        text.setTextOrigin(right - _width(line, font, size) if align_right else left, y)
        for face, part in font_runs(line, font) if fallback else ((font, line),):
            if sink.font != (face, size):
                text.setFont(face, size)
                sink.font = (face, size)
            text.textOut(part)


def draw_string(
    canv: Canvas, x: float, y: float, text: str, font: str, size: float, anchor: str = "left"
) -> None:
    """One line on the canvas, with fallback faces; ``anchor`` left, right or centre."""
    if not text:
        return
    width = _width(text, font, size)
    x = {"left": x, "right": x - width, "centre": x - width / 2}[anchor]
    sink = TextSink(canv)
    _draw_lines(
        sink, font, [(text, size, size * 1.2, canv._fillColorObj)], x, x + width, y + size, False
    )
    sink.draw()


def markup(text: str, font: str) -> str:
    """``text`` escaped for a platypus Paragraph, its fallback runs in their own faces."""
    return "".join(
        escape(part) if face == font else f'<font name="{face}">{escape(part)}</font>'
        for face, part in font_runs(text, font)
    )


class TextBlock(Flowable):
    """A paragraph of plain text in a style, broken into lines by :func:`wrap_text` (so
    Chinese dates and numbers stay whole and punctuation follows the kinsoku rules)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.lines: list = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        s = self.style
        self.width = avail_width
        self.lines = [
            (line, s.fontSize, s.leading, s.textColor)
            for line in wrap_text(self.text, s.fontName, s.fontSize, avail_width)
        ]
        self.height = s.leading * len(self.lines)
        return self.width, self.height

    def draw(self) -> None:
        sink = TextSink(self.canv)
        _draw_lines(
            sink,
            self.style.fontName,
            self.lines,
            0,
            self.width,
            self.height,
            self.style.alignment == TA_RIGHT,
        )
        sink.draw()


class Heading(TextBlock):
    """A numbered section heading: goes into the contents, the PDF outline and the header."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        level: int,
        key: str,
        number: str = "",
        in_toc: bool = True,
    ) -> None:
        self.level, self.key, self.plain = level, key, f"{number} {text}".strip()
        self.in_toc = in_toc
        super().__init__(self.plain, style)


class KeepRoom(CondPageBreak):
    """Before a heading: a new page unless the heading and the start of what follows it
    (up to a few rows of its table) fit; ``render`` works the room out."""


class Caption(Flowable):
    """The grey line over a table continued from the page before."""

    def __init__(self, text: str, font: str, width: float = FRAME_W) -> None:
        super().__init__()
        self.text, self.font, self.width, self.height = text, font, width, CAPTION_H

    def draw(self) -> None:
        self.canv.setFillColor(GREY)
        draw_string(self.canv, 0, 4, self.text, self.font, 8)


@lru_cache
def _cell_style(font: str) -> type[CellStyle]:
    """The cells' defaults (font, top alignment, padding) as a class: set once rather than
    cell by cell by six whole-table style commands (a tenth of a long report's time)."""
    defaults = {
        "fontname": font,
        "fontsize": CELL_SIZE,
        "leading": CELL_LEADING,
        "valign": "TOP",
        "leftPadding": CELL_PAD,
        "rightPadding": CELL_PAD,
        "topPadding": CELL_PAD_TOP,
        "bottomPadding": CELL_PAD_BOTTOM,
    }
    return type("RegisterCellStyle", (CellStyle,), defaults)


class RegisterTable(Table):
    """A platypus Table whose text cells (strings and :class:`TextCell`) all go into one
    text object per page (:class:`TextSink`) instead of one each: a third of the time for
    a long register."""

    def draw(self) -> None:
        self._sink = TextSink(self.canv)
        super().draw()
        self._sink.draw()

    def _drawCell(  # noqa: N802 - reportlab's name
        self,
        cellval: Any,
        cellstyle: CellStyle,
        pos: tuple[float, float],
        size: tuple[float, float],
    ) -> None:
        lines: Sequence[Line]
        if isinstance(cellval, TextCell):
            lines, font, right = cellval.lines, cellval.font, cellval.right
        elif isinstance(cellval, str):
            if not cellval:
                return
            lines = ((cellval, cellstyle.fontsize, cellstyle.leading, cellstyle.color),)
            font, right = cellstyle.fontname, cellstyle.alignment == "RIGHT"
        else:
            return super()._drawCell(cellval, cellstyle, pos, size)
        (x, y), (w, h) = pos, size
        _draw_lines(
            self._sink,
            font,
            lines,
            x + cellstyle.leftPadding,
            x + w - cellstyle.rightPadding,
            y + h - cellstyle.topPadding,
            right,
        )


class Grid(Flowable):
    """A table of any length, cut into one :class:`RegisterTable` per page.

    Platypus splits a long Table by making a new Table of all the rows left, on every
    page: quadratic for a register of thousands of rows. The row heights are known
    here, so each page gets a table of just its rows, with the header row repeated.
    """

    def __init__(
        self,
        rows: list[list],
        heights: list[float],
        col_w: list[float],
        style: list,
        *,
        font: str,
        header: bool,
        total: bool,
        start: int = 0,
        caption: str = "",
        frame_h: float = FRAME_H,
        total_style: tuple = (),
    ) -> None:
        super().__init__()
        self.rows, self.heights, self.col_w, self.style = rows, heights, col_w, style
        self.font, self.frame_h, self.total_style = font, frame_h, total_style
        self.header, self.total, self.start = header, total, start or int(header)
        self.caption = caption  # over every page after the first: "… (continued)" / "续表"
        self.cap_h = CAPTION_H if caption and self.start > int(header) else 0
        self.width = sum(col_w)
        self.height = sum(heights[:1] if header else ()) + sum(heights[self.start :]) + self.cap_h
        self.spaceBefore, self.spaceAfter = (2 if start == 0 else 0), 8

    def first_rows(self, n: int = 3) -> float:
        """The height of the header and the first ``n`` rows: what a heading keeps with it."""
        head = int(self.header)
        return sum(self.heights[:head]) + sum(self.heights[head : head + n]) + self.spaceBefore

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _table(self, end: int) -> RegisterTable:
        head = 1 if self.header else 0
        rows = self.rows[:head] + self.rows[self.start : end]
        style = list(self.style)
        if (self.start - head) % 2:  # keep the stripes going from page to page
            style = [
                (c[0], c[1], c[2], c[3][::-1]) if c[0] == "ROWBACKGROUNDS" else c for c in style
            ]
        if self.total and end == len(self.rows):
            style += self.total_style or [
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
                ("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG),
            ]
        cell = _cell_style(self.font)
        return RegisterTable(
            rows,
            cellStyles=[[cell("cell") for _ in self.col_w] for _ in rows],
            colWidths=self.col_w,
            rowHeights=self.heights[:head] + self.heights[self.start : end],
            style=style,
            repeatRows=head,
            hAlign="LEFT",
        )

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - (self.heights[0] if self.header else 0) - self.cap_h
        end = self.start
        while end < len(self.rows) and room >= self.heights[end]:
            room -= self.heights[end]
            end += 1
        if end == self.start:
            if avail_height < self.frame_h * 0.9:
                return []  # go on at the top of the next page
            end += 1  # a row taller than a page: let it run over rather than loop for ever
        here = [Caption(self.caption, register_font(), self.width)] if self.cap_h else []
        here.append(self._table(end))
        if end == len(self.rows):
            return here
        return here + [
            Grid(
                self.rows,
                self.heights,
                self.col_w,
                self.style,
                font=self.font,
                header=self.header,
                total=self.total,
                start=end,
                caption=self.caption,
                frame_h=self.frame_h,
                total_style=self.total_style,
            )
        ]

    def draw(self) -> None:
        table = self._table(len(self.rows))
        table.wrapOn(self.canv, self.width, self.height - self.cap_h)
        table.drawOn(self.canv, 0, 0)
        if self.cap_h:
            caption = Caption(self.caption, register_font(), self.width)
            caption.drawOn(self.canv, 0, self.height - self.cap_h)


class ContentsPage(Flowable):
    """The table of contents, laid out in one pass.

    Its size is known before the build (the headings are), its page numbers only
    after; so the page shows a PDF form that :meth:`define` fills in at the end of the
    build. A second layout pass, as ``multiBuild`` makes, would double the time.
    """

    NAME = "TwinDeskContents"

    def __init__(self, story: Story, headings: list[Heading]) -> None:
        super().__init__()
        self.story = story
        self.entries = [(h.level, markup(h.plain, story.font), 999, None) for h in headings]

    def _table(self, entries: Sequence[tuple[int, str, int, str | None]]) -> TableOfContents:
        toc = TableOfContents(
            dotsMinLevel=0,
            tableStyle=[
                ("FONT", (0, 0), (-1, -1), self.story.font, 10),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ],
        )
        toc.levelStyles = [self.story.styles["toc0"], self.story.styles["toc1"]]
        toc._lastEntries = entries
        return toc

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self._table(self.entries).wrapOn(
            self.canv, avail_width, avail_height
        )
        if self.height > avail_height:
            # One page of contents: with more headings than fit, the sections only.
            self.entries = [e for e in self.entries if e[0] == 0]
            self.width, self.height = self._table(self.entries).wrapOn(
                self.canv, avail_width, avail_height
            )
        return self.width, self.height

    def draw(self) -> None:
        self.canv.doForm(self.NAME)

    def define(self, canv: Canvas, entries: list[tuple[int, str, int]]) -> None:
        levels = {e[0] for e in self.entries}
        toc = self._table(
            [
                (level, markup(text, self.story.font), page, None)
                for level, text, page in entries
                if level in levels
            ]
        )
        canv.beginForm(self.NAME, 0, 0, self.width, self.height)
        toc.wrapOn(canv, self.width, self.height)
        toc.drawOn(canv, 0, 0)
        canv.endForm()


Cell: TypeAlias = "str | tuple[str, str] | Flowable | None"


@dataclass
class Story:
    """The flowables of one report, with helpers that keep every report looking alike."""

    lang: str
    style: str = "plain"  # or "official": the 公文 faces, margins and page numbers
    # False for a story that only feeds ``blocks`` (the .docx): no PDF tables are made.
    pdf: bool = True
    styles: dict[str, ParagraphStyle] = field(init=False)
    items: list[Flowable] = field(default_factory=list)
    # What the story says, in order, for other formats than PDF (docx.py): ("heading",
    # text, level), ("para", text, style), ("table", headers, rows, widths, numeric, total),
    # ("drawing", Drawing), ("page_break",).
    blocks: list[tuple] = field(default_factory=list)
    _numbers: list[int] = field(default_factory=list)
    _title: str = ""  # the last heading, named again over a table's continuation

    def __post_init__(self) -> None:
        self.styles = make_styles(self.lang, self.style)
        self.font = self.styles["body"].fontName
        self.official = self.style == "official"
        self.page = OFFICIAL_PAGE if self.official else PLAIN_PAGE
        # Official tables: the body face for cells, the heading face for the header row.
        self.head_font = self.styles["h1"].fontName if self.official else self.font

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def add(self, *flowables: Flowable) -> None:
        for f in flowables:
            if isinstance(f, Drawing):
                if f.width > self.page.width:  # a chart drawn for the plain page's width
                    scale = self.page.width / f.width
                    f.scale(scale, scale)
                    f.width, f.height = f.width * scale, f.height * scale
                self.blocks.append(("drawing", f))
            self.items.append(f)

    def heading(
        self, text: str, level: int = 0, *, numbered: bool = True, room: float | None = None
    ) -> None:
        """A section heading, kept on one page with the start of what follows it (a chart,
        a note, the first rows of a table); ``room`` asks for at least that much."""
        if numbered:
            del self._numbers[level + 1 :]
            while len(self._numbers) <= level:
                self._numbers.append(0)
            self._numbers[level] += 1
            number = section_number(self._numbers[: level + 1], self.lang)
            if self.lang == "zh" and level == 0:
                number, text = "", number + text  # "二、合作项目", no space after 、
        else:
            number = ""
        self._title = text
        self.blocks.append(("heading", f"{number} {text}".strip(), level))
        self.items.append(KeepRoom(room or 0))
        self.items.append(
            Heading(
                text,
                self.styles["h1" if level == 0 else "h2"],
                level,
                f"h{len(self.items)}",
                number,
            )
        )

    def title_block(self, title: str, subtitle: str = "", note: str = "") -> None:
        """The head of a report without a cover (dossier, working lists)."""
        self.blocks.append(("para", title, "title"))
        self.items.append(TextBlock(title, self.styles["title"]))
        if subtitle:
            self.blocks.append(("para", subtitle, "subtitle"))
            self.items.append(TextBlock(subtitle, self.styles["subtitle"]))
        if note:
            self.para(note, "note")

    def para(self, text: str, style: str = "body") -> None:
        self.blocks.append(("para", text, style))
        self.items.append(TextBlock(text, self.styles[style]))

    def spacer(self, height: float = 4 * mm) -> None:
        self.items.append(Spacer(1, height))

    def page_break(self) -> None:
        self.blocks.append(("page_break",))
        self.items.append(PageBreak())

    # -- tables ----------------------------------------------------------------
    def cell(
        self, value: Cell, width: float, numeric: bool = False, color: colors.Color = colors.black
    ) -> str | Flowable:
        """A table cell's content for a column ``width`` wide (padding included): the text
        itself when it fits on one line, else a :class:`TextCell`.

        A (main, secondary) pair prints the secondary text small and grey under the main
        one: a place name in the report's language with its name in the other.
        """
        if value is None:
            return ""
        if isinstance(value, Flowable):
            return value
        main, second = value if isinstance(value, tuple) else (str(value), "")
        inner = width - 2 * CELL_PAD
        if (
            not second
            and "\n" not in main
            and (color is colors.black or color == colors.black)  # reportlab's == is slow
            and _width(main, self.font, CELL_SIZE) <= inner
        ):
            return main  # one line: the table draws it directly
        # A word or date wider than the column is set smaller rather than cut.
        size = max(
            MIN_HEADER_SIZE,
            min(CELL_SIZE, CELL_SIZE * inner / (longest_word(main, self.font, CELL_SIZE) or 1)),
        )
        parts = [(main, size, CELL_LEADING * size / CELL_SIZE, color)]
        if second:
            parts.append((second, SECOND_SIZE, SECOND_LEADING, GREY))
        return TextCell(self.font, parts, inner, right=numeric)

    def _grid(
        self,
        rows: list[list],
        col_w: list[float],
        style: list,
        *,
        header: bool = False,
        total: bool = False,
        caption: str = "",
    ) -> Grid:
        """The table, with its row heights worked out here (the cells know theirs), so
        platypus need not measure every cell again on every page."""
        heights = [
            max(
                (c.height if isinstance(c, Flowable) else CELL_LEADING for c in row),
                default=CELL_LEADING,
            )
            + CELL_PAD_TOP
            + CELL_PAD_BOTTOM
            for row in rows
        ]
        total_style = (
            (("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),) if self.official else ()
        )
        return Grid(
            rows,
            heights,
            col_w,
            style,
            font=self.font,
            header=header,
            total=total,
            caption=caption,
            frame_h=self.page.height,
            total_style=total_style,
        )

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        total: bool = False,
        width: float | None = None,
    ) -> None:
        """A table over the page width (``widths`` are relative) that splits across pages
        with its header repeated; ``total`` sets the last row off as a total."""
        rows = list(rows)
        self.blocks.append(("table", list(headers), rows, list(widths), tuple(numeric), total))
        if not self.pdf:
            return
        width = min(width or self.page.width, self.page.width)
        scale = width / sum(widths)
        col_w = [w * scale for w in widths]
        head = [
            self._header(h, w - 2 * CELL_PAD, j in numeric)
            for j, (h, w) in enumerate(zip(headers, col_w, strict=True))
        ]
        data = [head] + [
            [self.cell(v, col_w[j], j in numeric) for j, v in enumerate(row)] for row in rows
        ]
        if len(data) == 1:
            self.para(self.t("none"), "note")
            return
        style: list[tuple[Any, ...]]  # platypus table style commands
        if self.official:  # black rules, no colour: it is printed and copied in black
            style = [
                ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ]
        else:
            style = [
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ]
        style += [("ALIGN", (j, 0), (j, -1), "RIGHT") for j in numeric]
        self.items.append(
            self._grid(
                data,
                col_w,
                style,
                header=True,
                total=total,
                caption=self.t("continued", title=self._title),
            )
        )

    def _header(self, text: str, inner: float, numeric: bool) -> TextCell:
        """A column header; a word too wide for its column ("Participants") is set smaller
        rather than cut."""
        size, font = CELL_SIZE, self.head_font
        longest = longest_word(text, font, size)
        if longest > inner:
            size = max(MIN_HEADER_SIZE, size * inner / longest)
        return TextCell(
            font,
            [
                (
                    text,
                    size,
                    CELL_LEADING * size / CELL_SIZE,
                    colors.black if self.official else colors.white,
                )
            ],
            inner,
            right=numeric,
        )

    def fields(self, pairs: Iterable[tuple[str, Cell]], width: float | None = None) -> None:
        """Label/value lines (a record's fields); empty values are left out."""
        width = width or self.page.width
        col_w = [width * 0.26, width * 0.74]
        rows = [[self.cell(k, col_w[0], color=GREY), self.cell(v, col_w[1])] for k, v in pairs if v]
        if rows:
            self.items.append(
                self._grid(rows, col_w, [("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)])
            )


# --------------------------------------------------------------------------- document
def _weight(flowables: Sequence[Flowable]) -> int:
    """Work left in a story: a table counts its rows, anything else one."""
    return sum(len(f.rows) - f.start if isinstance(f, Grid) else 1 for f in flowables)


class ReportDocument(BaseDocTemplate):
    def __init__(
        self,
        filename: str,
        *,
        lang: str,
        title: str,
        office: str,
        register_name: str,
        cover: dict | None,
        contents: ContentsPage | None,
        progress: Progress | None,
        cancelled: Cancelled | None,
        provenance: bool = False,
        style: str = "plain",
    ) -> None:
        page = OFFICIAL_PAGE if style == "official" else PLAIN_PAGE
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=page.left,
            rightMargin=PAGE_W - page.left - page.width,
            topMargin=page.top,
            bottomMargin=page.bottom,
            title=title,
            author=office,
            subject=title,
            creator=f"TwinDesk {__version__}",
            lang="zh-CN" if lang == "zh" else "en",
            initialFontName=register_font(),
            initialFontSize=9,
        )
        self.lang, self.report_title, self.office, self.cover = lang, title, office, cover
        self.register_name, self.provenance = register_name, provenance
        self.official, self.geometry = style == "official", page
        self.styles = make_styles(lang, style)
        self.font = self.styles["body"].fontName
        self._progress, self._cancelled = progress, cancelled
        self._contents = contents
        self._entries: list[tuple[int, str, int]] = []  # headings: level, text, page
        self._work, self._last_report = 1, 0.0
        self._section = self._section_at_start = self._page_section = ""
        frame = Frame(
            page.left,
            page.bottom,
            page.width,
            page.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        furniture = self._official_furniture if self.official else self._furniture
        templates = [PageTemplate("body", [frame], onPageEnd=furniture)]
        if cover:
            templates.insert(
                0,
                PageTemplate(
                    "cover",
                    [frame],
                    onPage=(self._draw_official_cover if self.official else self._draw_cover),
                ),
            )
        self.addPageTemplates(templates)

    # -- progress and cancel -----------------------------------------------------
    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        self._work, self._outline_level = max(_weight(flowables), 1), -1
        self._story = flowables  # platypus also hands page-break actions in lists of their own
        super().build(flowables, *args, **kwargs)

    def _endBuild(self) -> None:  # noqa: N802 - reportlab's name
        if self._contents is None:
            super()._endBuild()
            return
        self._doSave = 0
        super()._endBuild()
        self._contents.define(self.canv, self._entries)
        self.canv.save()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ReportCancelled()
        now = time.monotonic()
        if (
            self._progress is not None
            and flowables is self._story
            and now - self._last_report > 0.1
        ):
            self._last_report = now
            share = max(0.0, 1 - _weight(flowables) / self._work)
            done = DATA_SHARE + (PROGRESS_TOTAL - DATA_SHARE) * share
            self._progress(min(int(done), PROGRESS_TOTAL - 1), PROGRESS_TOTAL)
        super().handle_flowable(flowables)

    # -- contents, outline, running header ------------------------------------------
    def handle_pageBegin(self) -> None:  # noqa: N802 - reportlab's name
        super().handle_pageBegin()
        self._section_at_start, self._page_section = self._section, ""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if not isinstance(flowable, Heading):
            return
        if flowable.level == 0:
            self._section = flowable.plain
            self._page_section = self._page_section or flowable.plain
        if not flowable.in_toc:
            return
        self._entries.append((flowable.level, flowable.plain, self.page))
        self.canv.bookmarkPage(flowable.key)
        # The outline cannot skip a level (a list of countries has no level-0 heading).
        self._outline_level = min(flowable.level, self._outline_level + 1)
        self.canv.addOutlineEntry(
            flowable.plain, flowable.key, level=self._outline_level, closed=self._outline_level > 0
        )

    def _furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        top, bottom = PAGE_H - MARGIN_TOP + 8 * mm, MARGIN_BOTTOM - 10 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE_W - MARGIN_X, top - 2.5 * mm)
        canv.line(MARGIN_X, bottom + 4 * mm, PAGE_W - MARGIN_X, bottom + 4 * mm)
        section = _fit(self._page_section or self._section_at_start, self.font, 8, FRAME_W * 0.4)
        canv.setFillColor(GREY)
        draw_string(canv, PAGE_W - MARGIN_X, top, section, self.font, 8, "right")
        canv.setFillColor(NAVY)
        left = f"{self.office}  ·  {self.report_title}"
        room = FRAME_W - _width(section, self.font, 8) - 8 * mm
        draw_string(canv, MARGIN_X, top, _fit(left, self.font, 8, room), self.font, 8)
        # The program and the register file are named only when the clerk asks.
        page = t("page", self.lang, n=doc.page)
        if self.provenance:
            generated = t(
                "generated", self.lang, date=_today(self.lang), register=self.register_name
            )
            draw_string(
                canv,
                MARGIN_X,
                bottom,
                _fit(generated, self.font, 7.5, FRAME_W * 0.75),
                self.font,
                7.5,
            )
        else:  # the date beside the page number
            draw_string(
                canv,
                PAGE_W - MARGIN_X - _width(page, self.font, 8.5) - 4 * mm,
                bottom,
                t("issued", self.lang, date=_today(self.lang)),
                self.font,
                7.5,
                "right",
            )
        canv.setFillColor(NAVY)
        draw_string(canv, PAGE_W - MARGIN_X, bottom, page, self.font, 8.5, "right")
        canv.restoreState()

    def _official_furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """GB/T 9704 page numbers: "— 3 —" in 四号 (14 pt) 7 mm below the text area, odd
        pages on the right and even pages on the left, one character in from the edge. The
        issuing unit and the date go small on the other side (or the provenance, asked for)."""
        g, size = self.geometry, 14
        canv.saveState()
        y = g.bottom - 7 * mm - size
        left, right = g.left + size, g.left + g.width - size
        odd = doc.page % 2 == 1
        canv.setFillColor(colors.black)
        draw_string(
            canv,
            right if odd else left,
            y,
            f"— {doc.page} —",
            self.font,
            size,
            "right" if odd else "left",
        )
        if self.provenance:
            note = t("generated", self.lang, date=_today(self.lang), register=self.register_name)
        else:
            note = f"{self.office}  {_today(self.lang)}"
        room = g.width - 2 * size - _width(f"— {doc.page} —", self.font, size) - 8 * mm
        canv.setFillColor(GREY)
        draw_string(
            canv,
            left if odd else right,
            y + 3,
            _fit(note, self.font, 9, room),
            self.font,
            9,
            "left" if odd else "right",
        )
        canv.restoreState()

    def _draw_official_cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """A 公文-style head: the issuing unit in red over a red rule, the document number
        between them, the title and year centred below, the unit and date at the foot."""
        s, c, g = self.styles, self.cover, self.geometry
        assert c is not None  # the cover page is there only with a cover
        centre = g.left + g.width / 2
        canv.saveState()
        y = PAGE_H - g.top - 20 * mm
        office = s["cover_office"]
        size = min(
            office.fontSize,
            office.fontSize
            * g.width
            / max(_width(c["office"], office.fontName, office.fontSize), 1),
        )
        canv.setFillColor(RED)
        draw_string(canv, centre, y, c["office"], office.fontName, size, "centre")
        y -= 12 * mm
        canv.setFillColor(colors.black)
        if c.get("number"):  # 发文字号: centred, above the red rule
            draw_string(canv, centre, y, c["number"], self.font, 16, "centre")
        y -= 4 * mm
        canv.setStrokeColor(RED)
        canv.setLineWidth(1.2)
        canv.line(g.left, y, g.left + g.width, y)
        y -= 30 * mm
        for text, style in ((c["title"], "cover_title"), (c["subtitle"], "cover_year")):
            st = s[style]
            for line in wrap_text(text, st.fontName, st.fontSize, g.width):
                draw_string(canv, centre, y, line, st.fontName, st.fontSize, "centre")
                y -= st.leading
        y = g.bottom + 30 * mm
        st = s["cover_meta"]
        for line in c.get("foot", ()):  # the unit and the date, right-aligned four characters in
            draw_string(
                canv, g.left + g.width - 4 * st.fontSize, y, line, st.fontName, st.fontSize, "right"
            )
            y -= st.leading
        canv.restoreState()

    def _draw_cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        s, c = self.styles, self.cover
        assert c is not None  # the cover page is there only with a cover
        canv.saveState()
        band = PAGE_H * 0.48
        canv.setFillColor(NAVY)
        canv.rect(0, PAGE_H - band, PAGE_W, band, stroke=0, fill=1)
        canv.setFillColor(RED)
        canv.rect(0, PAGE_H - band - 3 * mm, PAGE_W, 3 * mm, stroke=0, fill=1)
        y = PAGE_H - 40 * mm
        for text, style in (
            (c["office"], "cover_office"),
            (c["title"], "cover_title"),
            (c["subtitle"], "cover_year"),
        ):
            para = TextBlock(text, s[style])
            _w, h = para.wrap(FRAME_W, band)
            y -= h + 6 * mm
            para.drawOn(canv, MARGIN_X, y)
        y = PAGE_H - band - 20 * mm
        for line in c.get("lines", ()):
            para = TextBlock(line, s["cover_meta"])
            _w, h = para.wrap(FRAME_W, 40 * mm)
            y -= h
            para.drawOn(canv, MARGIN_X, y)
        canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if _width(text, font, size) <= width:
        return text
    while text and _width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _today(lang: str) -> str:
    return day(date.today(), lang)


def render(
    story: Story,
    out: Path | str,
    *,
    title: str,
    office: str,
    register_name: str,
    cover: dict | None = None,
    toc: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    provenance: bool = False,
) -> ReportResult:
    """Lay ``story`` out into ``out``: written to a temporary file, renamed when complete."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    items = list(story.items)
    contents = None
    if toc:
        contents = ContentsPage(story, [f for f in items if isinstance(f, Heading) and f.in_toc])
        items[:0] = [
            Heading(story.t("contents"), story.styles["h1"], 0, "contents", in_toc=False),
            contents,
            PageBreak(),
        ]
    if cover:
        items[:0] = [NextPageTemplate("body"), PageBreak()]
    for i, item in enumerate(items):
        if isinstance(item, KeepRoom):
            item.height = max(item.height, _room_after(items, i + 1, story.page))
    # A name of our own beside the target (same file system, so the rename is atomic);
    # reportlab creates the file, with the permissions the user's umask gives.
    tmp = str(out.parent / f".{out.stem}-{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        doc = ReportDocument(
            tmp,
            lang=story.lang,
            title=title,
            office=office,
            register_name=register_name,
            cover=cover,
            contents=contents,
            progress=progress,
            cancelled=cancelled,
            provenance=provenance,
            style=story.style,
        )
        with missing_glyphs() as missing:
            doc.build(items)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL)
    return ReportResult(out, doc.page, "".join(sorted(missing)))


def _room_after(items: list[Flowable], start: int, page: Geometry = PLAIN_PAGE) -> float:
    """What the heading at ``start`` must keep with it on its page: itself, the headings,
    notes and charts after it, and the header and first rows of the table that follows."""
    need, content = 0.0, False
    for item in items[start:]:
        if isinstance(item, KeepRoom) and content:
            break  # the next heading keeps its own company
        if isinstance(item, (KeepRoom, NextPageTemplate)):
            continue
        if isinstance(item, (PageBreak, ContentsPage)):
            break
        content = content or not isinstance(item, Heading)
        if isinstance(item, Grid):
            need += item.first_rows()
            break
        _w, h = item.wrap(page.width, page.height)
        need += h + item.getSpaceBefore() + item.getSpaceAfter()
    return min(need, page.height * 0.8)


def check_cancel(
    cancelled: Cancelled | None, progress: Progress | None, step: int, steps: int
) -> None:
    """Between the reading steps before layout: stop if asked, else move the bar on."""
    if cancelled is not None and cancelled():
        raise ReportCancelled()
    if progress is not None:
        progress(DATA_SHARE * step // steps, PROGRESS_TOTAL)
