"""Where a sheet's table is: the header row (or two), the data rows, the footer.

Real sheets have a title or two above the header ("上海市国际友好城市一览表",
"（截至2023年12月31日）"), sometimes a two-row header (a merged "外方城市" over "中文" and
"英文"), blank rows in the middle, and a "合计：12个" or notes at the bottom.
``detect_layout`` finds these; the wizard shows the result and the clerk may move the
header row (``header_row=``) or say the header has two rows (``header_height=``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from twindesk.core.search import has_han
from twindesk.core.spreadsheets.mapping import header_score
from twindesk.core.spreadsheets.reading import SheetData
from twindesk.core.spreadsheets.values import clean_text

SCAN_ROWS = 30
FOOTER = re.compile(
    r"^\s*(合\s*计|总\s*计|小\s*计|共\s*计|总数|合计数|total|totals|sum|grand total|"
    r"注\s*[:：0-9１-９]|备注\s*[:：]|说明\s*[:：]|附注|notes?\s*[:：]|source\s*[:：]|来源\s*[:：]|"
    r"数据来源|资料来源|制表|填表|统计截至|截至|\*)",
    re.I,
)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Derived:
    """A column the sheet does not have but its cells make: year, month and day kept in
    separate columns (年 / 月 / 日 under 缔结时间) joined into one partial date; or, with
    ``headings``, the section heading a row stands under ("二、友好交流城市" above the
    rows of that kind), the heading rows themselves not being data."""

    column: int  # its index, after the sheet's own columns
    header: str
    sources: list[int]  # year, month, day columns (month and day optional)
    field: str
    # row index -> section heading (dataclasses.field: "field" is a field of this class)
    headings: dict[int, str] = dataclasses.field(default_factory=dict)

    def value(self, cells: list[Any]) -> Any:
        parts = []
        for c in self.sources:
            cell = cells[c] if c < len(cells) else None
            text = clean_text(cell)
            digits = re.sub(r"[年月日号\s]", "", text)
            if isinstance(cell, float) and cell.is_integer():
                digits = str(int(cell))
            if not digits:
                break
            parts.append(digits)
        if not parts:
            return None
        # An unreadable part stays visible in the joined text, so the date check names it.
        return "-".join([parts[0]] + [p.zfill(2) if p.isdigit() else p for p in parts[1:]])


@dataclass
class Layout:
    sheet: str
    header_rows: list[int]  # 0-based row indexes of the header (one or two)
    headers: list[str]  # per column: the header text as the clerk sees it
    parents: list[str] | None  # per column: the upper header row of a two-row header
    data_start: int
    data_end: int  # exclusive; footer rows start here
    footer_rows: list[int] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)
    derived: list[Derived] = field(default_factory=list)

    def add_derived(
        self,
        sources: list[int],
        header: str,
        field_name: str,
        headings: dict[int, str] | None = None,
    ) -> Derived:
        made = Derived(len(self.headers), header, sources, field_name, dict(headings or {}))
        self.headers.append(header)
        if self.parents is not None:
            self.parents.append("")
        self.derived.append(made)
        return made

    @property
    def width(self) -> int:
        return len(self.headers)

    def column_label(self, col: int) -> str:
        head = self.headers[col] if col < len(self.headers) else ""
        return f"{column_letter(col)} {head}".strip()

    def data_rows(self, sheet: SheetData) -> Iterator[tuple[int, list[Any]]]:
        """(row index, cells) of each data row; blank rows and repeated headers are left out."""
        header = (
            [clean_text(c) for c in sheet.rows[self.header_rows[-1]]] if self.header_rows else []
        )
        first = next((h for h in header if h), None)
        derived = self.derived
        headings = {i: text for d in derived for i, text in d.headings.items()}
        section = None
        for i in range(self.data_start, self.data_end):
            cells = sheet.rows[i]
            lead = cells[0] if cells else None
            # A number or date in the first cell (a serial number, usually) is not blank;
            # only other rows need every cell looked at.
            if (lead is None or lead.__class__ is str) and not any(
                c is not None and clean_text(c) for c in cells
            ):
                continue
            if (
                first is not None
                and first in cells
                and len(cells) == len(header)
                and [clean_text(c) for c in cells] == header
            ):
                continue  # the header repeated (printed page breaks)
            if i in headings:
                section = headings[i]  # a heading: the rows below are of its kind
                continue
            if derived:
                width = derived[0].column
                cells = (
                    list(cells[:width])
                    + [None] * (width - len(cells))
                    + [section if d.headings else d.value(cells) for d in derived]
                )
            yield i, cells


def _kind(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return "n"
    if isinstance(cell, (date, datetime)):
        return "d"
    text = clean_text(cell)
    if not text:
        return ""
    if re.fullmatch(r"[\d.,\-/年月日\s]+", text) and re.search(r"\d", text):
        return "n"  # 1979年3月, 1979.3; but 年 / 月 / 日 alone are the words of a header
    return "t"


def _distinct_texts(row: list[Any]) -> list[str]:
    seen: dict[str, None] = {}
    for c in row:
        if _kind(c) == "t":
            seen.setdefault(clean_text(c), None)
    return list(seen)


def _row_score(row: list[Any]) -> float:
    texts = _distinct_texts(row)
    if len(texts) < 2:
        return 0.0
    kinds = [_kind(c) for c in row if _kind(c)]
    non_text = sum(1 for k in kinds if k != "t")
    known = header_score(texts)
    return known * 3 + len(texts) - non_text * 2


def _looks_like_subheader(upper: list[Any], lower: list[Any], after: list[Any] | None) -> bool:
    """Is ``lower`` the second row of a two-row header under ``upper``?"""
    if after is None or not lower:
        return False
    if any(_kind(c) not in ("", "t") for c in lower):
        return False
    lower_texts = _distinct_texts(lower)
    if len(lower_texts) < 2 or header_score(lower_texts) < 1:
        return False
    if _restates(upper, lower, lower_texts):
        return True
    width = max(len(upper), len(lower))
    up = list(upper) + [None] * (width - len(upper))
    low = list(lower) + [None] * (width - len(lower))
    # A grouped header: a merged cell above two or more cells, or a blank above a cell.
    for c in range(width):
        if low[c] is None:
            continue
        if up[c] is None:
            return True
        if c > 0 and up[c] == up[c - 1] and low[c - 1] is not None and low[c] != low[c - 1]:
            return True
    return False


def _restates(upper: list[Any], lower: list[Any], lower_texts: list[str]) -> bool:
    """Whether ``lower`` is the header again in the other language, column for column
    (序号 | 友好城市 | 所在国家 over No. | Friendship City | Country)."""
    filled = [c for c, v in enumerate(upper) if _kind(v) == "t"]
    upper_texts = _distinct_texts(upper)
    return (
        len(lower_texts) >= 3
        and filled == [c for c, v in enumerate(lower) if _kind(v) == "t"]
        and header_score(lower_texts) * 2 >= len(lower_texts)
        and has_han("".join(upper_texts)) != has_han("".join(lower_texts))
    )


def _is_footer(row: list[Any], width: int) -> bool:
    values = [c for c in row if c is not None and clean_text(c)]
    if not values:
        return False
    first = clean_text(values[0])
    if FOOTER.match(first):
        return True
    distinct = {clean_text(v) for v in values}
    # One long note, or one value spread over a merged row, in a table of several columns.
    return (
        width >= 3
        and len(distinct) == 1
        and isinstance(values[0], str)
        and (len(values) >= 2 or len(first) > 25)
    )


def detect_layout(
    sheet: SheetData, *, header_row: int | None = None, header_height: int | None = None
) -> Layout:
    """Find the header, data and footer rows of ``sheet``."""
    rows = sheet.rows
    if header_row is None:
        best, best_score = 0, 0.0
        for i, row in enumerate(rows[:SCAN_ROWS]):
            score = _row_score(row)
            if score > best_score:
                best, best_score = i, score
        if best_score == 0.0:
            best = next((i for i, r in enumerate(rows) if any(c is not None for c in r)), 0)
        # Merged cells are read into every cell they cover, so the lower row of a two-row
        # header (序号 | 外方城市 over 中文 | 英文) scores higher than the upper one: look up.
        if (
            best > 0
            and header_height in (None, 2)
            and len(_distinct_texts(rows[best - 1])) >= 2
            and _looks_like_subheader(
                rows[best - 1], rows[best], rows[best + 1] if best + 1 < len(rows) else None
            )
        ):
            best -= 1
        header_row = best
    upper = rows[header_row] if header_row < len(rows) else []
    if header_height is None:
        lower = rows[header_row + 1] if header_row + 1 < len(rows) else None
        after = rows[header_row + 2] if header_row + 2 < len(rows) else None
        header_height = 2 if lower is not None and _looks_like_subheader(upper, lower, after) else 1
    header_rows = list(range(header_row, min(header_row + header_height, len(rows))))
    width = max([len(rows[i]) for i in header_rows] + [sheet.width if rows else 0])
    if len(header_rows) == 2:
        up = list(rows[header_rows[0]]) + [None] * width
        low = list(rows[header_rows[1]]) + [None] * width
        parents = [clean_text(up[c]) for c in range(width)]
        children = [clean_text(low[c]) for c in range(width)]
        headers = []
        for p, ch in zip(parents, children, strict=True):
            headers.append(f"{p} / {ch}" if p and ch and p != ch else (ch or p))
    else:
        row = list(upper) + [None] * width
        parents = None
        headers = [clean_text(row[c]) for c in range(width)]
    # Trim columns that have neither a header nor any data.
    data_start = header_rows[-1] + 1 if header_rows else 0
    end = len(rows)
    footer: list[int] = []
    i = end - 1
    while i >= data_start:
        row = rows[i]
        if not any(c is not None and clean_text(c) for c in row):
            i -= 1
            continue
        if _is_footer(row, width):
            footer.append(i)
            end = i
            i -= 1
            continue
        break
    footer.sort()
    return Layout(
        sheet=sheet.name,
        header_rows=header_rows,
        headers=headers,
        parents=parents,
        data_start=data_start,
        data_end=end,
        footer_rows=footer,
        hidden_columns=set(sheet.hidden_columns),
    )


# The place a Chinese list's title begins with: 武汉市 of 武汉市国际友好城市一览表.
_TITLE_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,8}?[市省县区州])")


def sheet_title(sheet: SheetData, layout: Layout) -> str:
    """The first text above the header (a list's title), or ""."""
    for row in sheet.rows[: layout.header_rows[0] if layout.header_rows else 0]:
        for cell in row:
            if isinstance(cell, str) and cell.strip():
                return cell.strip()
    return ""


def title_place(title: str) -> str:
    """The place a title begins with ("武汉市国际友好城市一览表": 武汉市), or "": a
    suggestion for the clerk to take or leave, never taken by itself."""
    found = _TITLE_PLACE.match(title)
    return found[1] if found else ""
