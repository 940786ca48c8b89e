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
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, NextPageTemplate, PageBreak,
    PageTemplate, Paragraph, Spacer, Table,
)
from reportlab.platypus.tableofcontents import TableOfContents

from twindesk import __version__
from twindesk.core.errors import TwinDeskError
from twindesk.core.reports.fonts import register_font
from twindesk.core.reports.text import day, section_number, t

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

NAVY = colors.HexColor("#1F3A5F")
RED = colors.HexColor("#A8322D")
GREY = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C5CCD6")
ZEBRA = colors.HexColor("#F2F5F9")
TOTAL_BG = colors.HexColor("#E3E9F1")
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 24 * mm, 20 * mm
FRAME_W, FRAME_H = PAGE_W - 2 * MARGIN_X, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
CELL_PAD, CELL_PAD_TOP, CELL_PAD_BOTTOM = 3, 2.5, 3
# Page streams compressed but not also ASCII85-encoded: smaller files, a tenth less time.
rl_config.useA85 = 0
PROGRESS_TOTAL = 1000
DATA_SHARE = 100  # the part of the progress bar spent reading the register


class ReportCancelled(TwinDeskError):
    """The clerk cancelled the report; nothing was written."""

    code = "report.cancelled"


@dataclass
class ReportResult:
    path: Path
    pages: int


# --------------------------------------------------------------------------- styles
def make_styles(lang: str) -> dict[str, ParagraphStyle]:
    font = register_font()
    wrap = "CJK" if lang == "zh" else None
    base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap=wrap,
                          spaceAfter=4)

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "note": style("note", fontSize=8.5, leading=12, textColor=GREY, spaceAfter=6),
        "h1": style("h1", fontSize=16, leading=22, textColor=NAVY, spaceBefore=6, spaceAfter=8),
        "h2": style("h2", fontSize=12, leading=17, textColor=NAVY, spaceBefore=10, spaceAfter=5),
        "title": style("title", fontSize=20, leading=27, textColor=NAVY, spaceAfter=4),
        "subtitle": style("subtitle", fontSize=12, leading=17, textColor=GREY, spaceAfter=14),
        "toc0": style("toc0", fontSize=11, leading=18, leftIndent=0, firstLineIndent=0),
        "toc1": style("toc1", fontSize=9.5, leading=14, leftIndent=14, firstLineIndent=0,
                      textColor=GREY),
        "cover_office": style("cover_office", fontSize=15, leading=21, textColor=colors.white),
        "cover_title": style("cover_title", fontSize=28, leading=38, textColor=colors.white),
        "cover_year": style("cover_year", fontSize=40, leading=48, textColor=colors.white),
        "cover_meta": style("cover_meta", fontSize=9.5, leading=14, textColor=GREY),
    }


# --------------------------------------------------------------------------- flowables
class Heading(Paragraph):
    """A numbered section heading: goes into the contents, the PDF outline and the header."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str, number: str = "",
                 in_toc: bool = True) -> None:
        self.level, self.key, self.plain = level, key, f"{number} {text}".strip()
        self.in_toc = in_toc
        super().__init__(escape(self.plain), style)


CELL_SIZE, CELL_LEADING, SECOND_SIZE, SECOND_LEADING = 8.5, 11, 7, 9
# A CJK character (with the closing punctuation that must stay on its line), a Latin
# word (with its trailing punctuation), or a run of spaces.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CLOSE = "，。、；：！？）》」』】”’"
_TOKEN = re.compile(rf"\s+|[{_CJK}][{_CLOSE}]*|[^\s{_CJK}]+[{_CLOSE}]*")


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``: at spaces, between Chinese
    characters, and inside a word only when the word alone is too wide."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_w = "", 0.0
        for token in _TOKEN.findall(paragraph):
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
                if line and line_w + cw > width:
                    lines.append(line)
                    line, line_w = "", 0.0
                line, line_w = line + ch, line_w + cw
        lines.append(line.rstrip())
    return lines


class TextCell(Flowable):
    """Text in a table cell, wrapped once to its column when the row is made.

    Many times cheaper than a Paragraph (no markup to parse), which matters for a
    register of thousands of rows. ``parts`` are (text, size, leading, colour): a name,
    say, and under it the name in the other language, small and grey.
    """

    def __init__(self, font: str, parts: Sequence[tuple[str, float, float, colors.Color]],
                 width: float, right: bool = False) -> None:
        super().__init__()
        self.font, self.right, self.width = font, right, width
        self.lines = [(line, size, leading, color) for text, size, leading, color in parts
                      for line in wrap_text(text, font, size, width)]
        self.height = sum(line[2] for line in self.lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        text = self.canv.beginText()
        _draw_lines(text, self.font, self.lines, 0, self.width, self.height, self.right)
        self.canv.drawText(text)


def _draw_lines(text, font: str, lines, left: float, right: float, top: float, align_right: bool,
                state: list | None = None) -> None:
    """Put ``lines`` into the text object ``text``, the first baseline one font size below
    ``top``; ``state`` remembers the (size, colour) already set in it."""
    state = state if state is not None else [None]
    y = top - lines[0][1]
    for i, (line, size, leading, color) in enumerate(lines):
        if i:
            y -= leading
        if state[0] != (size, color):
            text.setFont(font, size)
            text.setFillColor(color)
            state[0] = (size, color)
        text.setTextOrigin(right - _width(line, font, size) if align_right else left, y)
        text.textOut(line)


class RegisterTable(Table):
    """A platypus Table whose text cells (strings and :class:`TextCell`) all go into one
    text object per page instead of one each: a third of the time for a long register."""

    def draw(self) -> None:
        self._text, self._text_state = self.canv.beginText(), [None]
        super().draw()
        self.canv.drawText(self._text)

    def _drawCell(self, cellval, cellstyle, pos, size) -> None:
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
        _draw_lines(self._text, font, lines, x + cellstyle.leftPadding, x + w - cellstyle.rightPadding,
                    y + h - cellstyle.topPadding, right, self._text_state)


class Grid(Flowable):
    """A table of any length, cut into one :class:`RegisterTable` per page.

    Platypus splits a long Table by making a new Table of all the rows left, on every
    page: quadratic for a register of thousands of rows. The row heights are known
    here, so each page gets a table of just its rows, with the header row repeated.
    """

    def __init__(self, rows: list[list], heights: list[float], col_w: list[float], style: list,
                 *, header: bool, total: bool, start: int = 0) -> None:
        super().__init__()
        self.rows, self.heights, self.col_w, self.style = rows, heights, col_w, style
        self.header, self.total, self.start = header, total, start or int(header)
        self.width = sum(col_w)
        self.height = sum(heights[:1] if header else ()) + sum(heights[self.start:])
        self.spaceBefore, self.spaceAfter = (2 if start == 0 else 0), 8

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _table(self, end: int) -> RegisterTable:
        head = 1 if self.header else 0
        rows = self.rows[:head] + self.rows[self.start:end]
        style = list(self.style)
        if (self.start - head) % 2:  # keep the stripes going from page to page
            style = [(c[0], c[1], c[2], c[3][::-1]) if c[0] == "ROWBACKGROUNDS" else c for c in style]
        if self.total and end == len(self.rows):
            style += [("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
                      ("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG)]
        return RegisterTable(rows, colWidths=self.col_w,
                             rowHeights=self.heights[:head] + self.heights[self.start:end],
                             style=style, repeatRows=head, hAlign="LEFT")

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - (self.heights[0] if self.header else 0)
        end = self.start
        while end < len(self.rows) and room >= self.heights[end]:
            room -= self.heights[end]
            end += 1
        if end == self.start:
            if avail_height < FRAME_H * 0.9:
                return []  # go on at the top of the next page
            end += 1  # a row taller than a page: let it run over rather than loop for ever
        if end == len(self.rows):
            return [self._table(end)]
        rest = Grid(self.rows, self.heights, self.col_w, self.style, header=self.header,
                    total=self.total, start=end)
        return [self._table(end), rest]

    def draw(self) -> None:
        table = self._table(len(self.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


class ContentsPage(Flowable):
    """The table of contents, laid out in one pass.

    Its size is known before the build (the headings are), its page numbers only
    after; so the page shows a PDF form that :meth:`define` fills in at the end of the
    build. A second layout pass, as ``multiBuild`` makes, would double the time.
    """

    NAME = "TwinDeskContents"

    def __init__(self, story: "Story", headings: list[Heading]) -> None:
        super().__init__()
        self.story = story
        self.entries = [(h.level, escape(h.plain), 999, None) for h in headings]

    def _table(self, entries) -> TableOfContents:
        toc = TableOfContents(dotsMinLevel=0, tableStyle=[
            ("FONT", (0, 0), (-1, -1), self.story.font, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        toc.levelStyles = [self.story.styles["toc0"], self.story.styles["toc1"]]
        toc._lastEntries = entries
        return toc

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self._table(self.entries).wrapOn(self.canv, avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.doForm(self.NAME)

    def define(self, canv, entries) -> None:
        toc = self._table([(level, escape(text), page, None) for level, text, page in entries])
        canv.beginForm(self.NAME, 0, 0, self.width, self.height)
        toc.wrapOn(canv, self.width, self.height)
        toc.drawOn(canv, 0, 0)
        canv.endForm()


Cell = "str | tuple[str, str] | Flowable | None"


@dataclass
class Story:
    """The flowables of one report, with helpers that keep every report looking alike."""

    lang: str
    styles: dict[str, ParagraphStyle] = field(init=False)
    items: list[Flowable] = field(default_factory=list)
    _numbers: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.styles = make_styles(self.lang)
        self.font = self.styles["body"].fontName

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def add(self, *flowables: Flowable) -> None:
        self.items.extend(flowables)

    def heading(self, text: str, level: int = 0, *, numbered: bool = True,
                room: float | None = None) -> None:
        """A section heading; it starts a new page when less than ``room`` is left below it
        (by default enough for a few table rows; give more when a chart follows)."""
        if numbered:
            del self._numbers[level + 1:]
            while len(self._numbers) <= level:
                self._numbers.append(0)
            self._numbers[level] += 1
            number = section_number(self._numbers[:level + 1], self.lang)
            if self.lang == "zh" and level == 0:
                number, text = "", number + text  # "二、合作项目", no space after 、
        else:
            number = ""
        self.items.append(CondPageBreak(room or (60 * mm if level == 0 else 40 * mm)))
        self.items.append(Heading(text, self.styles["h1" if level == 0 else "h2"], level,
                                  f"h{len(self.items)}", number))

    def title_block(self, title: str, subtitle: str = "", note: str = "") -> None:
        """The head of a report without a cover (dossier, working lists)."""
        self.items.append(Paragraph(escape(title), self.styles["title"]))
        if subtitle:
            self.items.append(Paragraph(escape(subtitle), self.styles["subtitle"]))
        if note:
            self.para(note, "note")

    def para(self, text: str, style: str = "body") -> None:
        self.items.append(Paragraph(escape(text), self.styles[style]))

    def spacer(self, height: float = 4 * mm) -> None:
        self.items.append(Spacer(1, height))

    def page_break(self) -> None:
        self.items.append(PageBreak())

    # -- tables ----------------------------------------------------------------
    def cell(self, value: Cell, width: float, numeric: bool = False,
             color: colors.Color = colors.black) -> str | Flowable:
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
        if not second and "\n" not in main and color == colors.black and \
                _width(main, self.font, CELL_SIZE) <= inner:
            return main  # one line: the table draws it directly
        parts = [(main, CELL_SIZE, CELL_LEADING, color)]
        if second:
            parts.append((second, SECOND_SIZE, SECOND_LEADING, GREY))
        return TextCell(self.font, parts, inner, right=numeric)

    def _grid(self, rows: list[list], col_w: list[float], style: list, *, header: bool = False,
              total: bool = False) -> Grid:
        """The table, with its row heights worked out here (the cells know theirs), so
        platypus need not measure every cell again on every page."""
        heights = [max((c.height if isinstance(c, Flowable) else CELL_LEADING for c in row),
                       default=CELL_LEADING) + CELL_PAD_TOP + CELL_PAD_BOTTOM for row in rows]
        style = [("FONT", (0, 0), (-1, -1), self.font, CELL_SIZE, CELL_LEADING),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                 ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_TOP),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_BOTTOM), *style]
        return Grid(rows, heights, col_w, style, header=header, total=total)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Cell]], widths: Sequence[float],
              *, numeric: Sequence[int] = (), total: bool = False, width: float = FRAME_W) -> None:
        """A table over the page width (``widths`` are relative) that splits across pages
        with its header repeated; ``total`` sets the last row off as a total."""
        scale = width / sum(widths)
        col_w = [w * scale for w in widths]
        head = [TextCell(self.font, [(h, CELL_SIZE, CELL_LEADING, colors.white)], w - 2 * CELL_PAD,
                         right=j in numeric) for j, (h, w) in enumerate(zip(headers, col_w))]
        data = [head] + [[self.cell(v, col_w[j], j in numeric) for j, v in enumerate(row)]
                         for row in rows]
        if len(data) == 1:
            self.para(self.t("none"), "note")
            return
        style = [("BACKGROUND", (0, 0), (-1, 0), NAVY),
                 ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                 ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE)]
        style += [("ALIGN", (j, 0), (j, -1), "RIGHT") for j in numeric]
        self.items.append(self._grid(data, col_w, style, header=True, total=total))

    def fields(self, pairs: Iterable[tuple[str, Cell]], width: float = FRAME_W) -> None:
        """Label/value lines (a record's fields); empty values are left out."""
        col_w = [width * 0.26, width * 0.74]
        rows = [[self.cell(k, col_w[0], color=GREY), self.cell(v, col_w[1])] for k, v in pairs if v]
        if rows:
            self.items.append(self._grid(rows, col_w, [("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]))


# --------------------------------------------------------------------------- document
def _weight(flowables: Sequence[Flowable]) -> int:
    """Work left in a story: a table counts its rows, anything else one."""
    return sum(len(f.rows) - f.start if isinstance(f, Grid) else 1 for f in flowables)


class ReportDocument(BaseDocTemplate):
    def __init__(self, filename: str, *, lang: str, title: str, office: str, register_name: str,
                 cover: dict | None, contents: ContentsPage | None, progress: Progress | None,
                 cancelled: Cancelled | None) -> None:
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author=office, subject=title, creator=f"TwinDesk {__version__}",
                         lang="zh-CN" if lang == "zh" else "en",
                         initialFontName=register_font(), initialFontSize=9)
        self.lang, self.report_title, self.office, self.cover = lang, title, office, cover
        self.register_name = register_name
        self.styles = make_styles(lang)
        self.font = self.styles["body"].fontName
        self._progress, self._cancelled = progress, cancelled
        self._contents, self._entries = contents, []
        self._work, self._last_report = 1, 0.0
        self._section = self._section_at_start = self._page_section = ""
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate("body", [frame], onPageEnd=self._furniture)]
        if cover:
            templates.insert(0, PageTemplate("cover", [frame], onPage=self._draw_cover))
        self.addPageTemplates(templates)

    # -- progress and cancel -----------------------------------------------------
    def build(self, flowables, *args, **kwargs):
        self._work, self._outline_level = max(_weight(flowables), 1), -1
        self._story = flowables  # platypus also hands page-break actions in lists of their own
        super().build(flowables, *args, **kwargs)

    def _endBuild(self):
        if self._contents is None:
            return super()._endBuild()
        self._doSave = 0
        super()._endBuild()
        self._contents.define(self.canv, self._entries)
        self.canv.save()

    def handle_flowable(self, flowables):
        if self._cancelled is not None and self._cancelled():
            raise ReportCancelled()
        now = time.monotonic()
        if self._progress is not None and flowables is self._story and now - self._last_report > 0.1:
            self._last_report = now
            share = max(0.0, 1 - _weight(flowables) / self._work)
            done = DATA_SHARE + (PROGRESS_TOTAL - DATA_SHARE) * share
            self._progress(min(int(done), PROGRESS_TOTAL - 1), PROGRESS_TOTAL)
        super().handle_flowable(flowables)

    # -- contents, outline, running header ------------------------------------------
    def handle_pageBegin(self):
        super().handle_pageBegin()
        self._section_at_start, self._page_section = self._section, ""

    def afterFlowable(self, flowable):
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
        self.canv.addOutlineEntry(flowable.plain, flowable.key, level=self._outline_level,
                                  closed=self._outline_level > 0)

    def _furniture(self, canv, doc) -> None:
        canv.saveState()
        top, bottom = PAGE_H - MARGIN_TOP + 8 * mm, MARGIN_BOTTOM - 10 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE_W - MARGIN_X, top - 2.5 * mm)
        canv.line(MARGIN_X, bottom + 4 * mm, PAGE_W - MARGIN_X, bottom + 4 * mm)
        canv.setFont(self.font, 8)
        section = _fit(self._page_section or self._section_at_start, self.font, 8, FRAME_W * 0.4)
        canv.setFillColor(GREY)
        canv.drawRightString(PAGE_W - MARGIN_X, top, section)
        canv.setFillColor(NAVY)
        left = f"{self.office}  ·  {self.report_title}"
        room = FRAME_W - stringWidth(section, self.font, 8) - 8 * mm
        canv.drawString(MARGIN_X, top, _fit(left, self.font, 8, room))
        canv.setFont(self.font, 7.5)
        generated = t("generated", self.lang, date=_today(self.lang), register=self.register_name)
        canv.drawString(MARGIN_X, bottom, _fit(generated, self.font, 7.5, FRAME_W * 0.75))
        canv.setFont(self.font, 8.5)
        canv.setFillColor(NAVY)
        canv.drawRightString(PAGE_W - MARGIN_X, bottom, t("page", self.lang, n=doc.page))
        canv.restoreState()

    def _draw_cover(self, canv, doc) -> None:
        s, c = self.styles, self.cover
        canv.saveState()
        band = PAGE_H * 0.48
        canv.setFillColor(NAVY)
        canv.rect(0, PAGE_H - band, PAGE_W, band, stroke=0, fill=1)
        canv.setFillColor(RED)
        canv.rect(0, PAGE_H - band - 3 * mm, PAGE_W, 3 * mm, stroke=0, fill=1)
        y = PAGE_H - 40 * mm
        for text, style in ((c["office"], "cover_office"), (c["title"], "cover_title"),
                            (c["subtitle"], "cover_year")):
            para = Paragraph(escape(text), s[style])
            _w, h = para.wrap(FRAME_W, band)
            y -= h + 6 * mm
            para.drawOn(canv, MARGIN_X, y)
        y = PAGE_H - band - 20 * mm
        for line in c.get("lines", ()):
            para = Paragraph(escape(line), s["cover_meta"])
            _w, h = para.wrap(FRAME_W, 40 * mm)
            y -= h
            para.drawOn(canv, MARGIN_X, y)
        canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _today(lang: str) -> str:
    return day(date.today(), lang)


def render(story: Story, out: Path | str, *, title: str, office: str, register_name: str,
           cover: dict | None = None, toc: bool = False, progress: Progress | None = None,
           cancelled: Cancelled | None = None) -> ReportResult:
    """Lay ``story`` out into ``out``: written to a temporary file, renamed when complete."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    items = list(story.items)
    contents = None
    if toc:
        contents = ContentsPage(story, [f for f in items if isinstance(f, Heading) and f.in_toc])
        items[:0] = [Heading(story.t("contents"), story.styles["h1"], 0, "contents", in_toc=False),
                     contents, PageBreak()]
    if cover:
        items[:0] = [NextPageTemplate("body"), PageBreak()]
    # A name of our own beside the target (same file system, so the rename is atomic);
    # reportlab creates the file, with the permissions the user's umask gives.
    tmp = str(out.parent / f".{out.stem}-{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        doc = ReportDocument(tmp, lang=story.lang, title=title, office=office,
                             register_name=register_name, cover=cover, contents=contents,
                             progress=progress, cancelled=cancelled)
        doc.build(items)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL)
    return ReportResult(out, doc.page)


def check_cancel(cancelled: Cancelled | None, progress: Progress | None, step: int, steps: int) -> None:
    """Between the reading steps before layout: stop if asked, else move the bar on."""
    if cancelled is not None and cancelled():
        raise ReportCancelled()
    if progress is not None:
        progress(DATA_SHARE * step // steps, PROGRESS_TOTAL)
