"""What validation plans and commit carries out: problems, questions, row plans, options.

Plain data, no register access: the wizard previews a ``Plan``, the command line prints it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.spreadsheets.layout import Derived, Layout
from twindesk.core.spreadsheets.mapping import Mapping, field_label
from twindesk.core.spreadsheets.places import NewPlace, PlaceIndex

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
DUPLICATE_ACTIONS = ("skip", "update", "keep")
DATE_FIELDS = ("established", "ended", "source_checked", "dates", "start", "end")


class ImportCancelled(TwinDeskError):  # noqa: N818 - public: in the import API (__all__)
    code = "import.cancelled"


class UndoError(TwinDeskError):
    code = "import.undo.refused"


class LocalPlaceError(TwinDeskError):
    """The local side given for the whole file names no place in the register."""

    code = "import.local.not_found"


@dataclass(slots=True)  # one per problem of 100,000 rows: no __dict__ each
class Problem:
    """One thing wrong (or worth a look) in one cell or row."""

    sheet: str
    row: int  # the sheet's row number as the clerk sees it (1-based)
    column: str  # "F 结好时间", or "" for the row as a whole
    value: Any
    code: str
    params: dict = field(default_factory=dict)
    severity: str = "error"  # "error" or "warning"

    def reason(self, lang: str = "en") -> str:
        return translate(self.code, lang, value=_show(self.value), **self.params)

    @property
    def kind(self) -> str:
        """What sort of problem it is (PROBLEM_KINDS), for the check page's filter."""
        return problem_kind(self.code)

    def message(self, lang: str = "en") -> str:
        where = translate(
            "import.where.cell" if self.column else "import.where.row",
            lang,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
        )
        return f"{where}{self.reason(lang)}"


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return visible_controls(str(value))


# C0 and C1 control characters but tab, line feed and carriage return (read as spaces).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    """Control characters written out ("\\x1b"), so a message shows them and a terminal
    or a saved file of rejected rows does not act on them."""
    return CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# The kinds the check page filters by: the few a clerk thinks in, not one per message.
# A code not listed is an "other value" problem (a number, a length, an e-mail address...).
PROBLEM_KINDS = {
    "date": (
        "not_date",
        "date_ambiguous",
        "date_ambiguous_ask",
        "partial_date",
        "number_year_month",
        "range_backwards",
        "end_before_start",
    ),
    "place": (
        "place_not_found",
        "place_ambiguous",
        "no_place",
        "several_places",
        "place_to_resolve",
        "place_skipped",
        "pair_unclear",
        "pair_not_local",
        "self_pairing",
        "many_places",
        "no_country_for_new",
        "former_state_unknown",
    ),
    "country": ("unknown_country", "country_ambiguous", "old_country_name", "country_not_a_state"),
    "duplicate": (),  # import.dup.*
    "term": ("unknown_term", "unknown_term_kept", "unknown_field_kept"),
    "link": ("pairing_not_found", "pairing_ambiguous", "programme_not_found"),
    "required": ("required",),
    "value": (),
}
_KIND_OF = {f"import.value.{code}": kind for kind, codes in PROBLEM_KINDS.items() for code in codes}


def problem_kind(code: str) -> str:
    if code.startswith("import.dup."):
        return "duplicate"
    if code.startswith("import.local."):
        return "place"
    return _KIND_OF.get(code, "value")


# Fields holding a vocabulary's code, shown by its label (Plan.term_labels).
TERM_FIELDS = {
    "pairing": {"level": "level", "status": "status"},
    "exchange": {"exchange_type": "exchange_type"},
    "programme": {"status": "programme_status"},
}

# Warnings printed once per value and column for the whole import (Plan.grouped_warnings).
GROUPED_WARNINGS = ("import.value.old_country_name", "import.value.country_not_a_state")


@dataclass
class Question:
    """Something only the clerk can decide; answered through ``ImportOptions``.

    kind "dayfirst": ``key`` is the field; answer with ``options.dayfirst[key] = True/False``.
    kind "place": answer with ``options.place_choices[key] = place id`` or ``"new"``.
    kind "new_place": likewise, or ``"skip"`` (the rows naming it are not imported).
    kind "number_date": a year.1 typed as a number (1993.1 is also 1993.10 as a number);
    answer with ``options.date_choices[key]`` = one of the choices' values.
    """

    key: str
    kind: str
    text: tuple[str, str]
    choices: list[tuple[Any, tuple[str, str]]]
    rows: list[int] = field(default_factory=list)

    def prompt(self, lang: str = "en") -> str:
        return self.text[1] if lang == "zh" else self.text[0]


@dataclass(slots=True)  # one per row: no __dict__ each
class RowPlan:
    row: int  # 1-based sheet row
    cells: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    links: dict[str, list] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    action: str = "insert"  # insert / update / skip / reject
    duplicate_of: tuple[str, int] | None = None  # ("register", id) or ("row", row number)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # for updates: old, new
    key: Any = None  # duplicate key
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if any(p.severity == "error" for p in self.problems):
            return "error"
        return "warning" if self.problems else "ok"

    def reasons(self, lang: str = "en", *, errors_only: bool = True) -> str:
        return "; ".join(
            (f"{p.column}: " if p.column else "") + p.reason(lang)
            for p in self.problems
            if p.severity == "error" or not errors_only
        )


@dataclass
class ImportOptions:
    sheet: str | None = None
    header_row: int | None = None  # 0-based; None: detect
    header_height: int | None = None  # 1 or 2; None: detect
    mapping: Mapping | None = None  # None: a preset for these headers, else a suggestion
    preset: str | None = None  # name of a saved preset to use
    target: str | None = None  # pairing / exchange / programme / contact
    unmapped: str | None = None  # "notes" or "ignore" (overrides the mapping's)
    local: int | str | None = None  # the local side for the whole file: place id or name
    create_local: bool = False  # a ``local`` name not in the register: create it (else refused)
    # New places the gazetteer does not confirm: create them (True), or ask (False: the
    # window and the command line without --create-places; each is a "new_place" question).
    create_places: bool = True
    local_country: str = "CN"
    default_kind: str = "sister_city"
    default_level: str = "city"
    default_status: str = "established"
    default_exchange_type: str = "other"
    on_duplicate: str = "skip"
    row_actions: dict[int, str] = field(default_factory=dict)  # sheet row -> skip/update/keep
    dayfirst: dict[str, bool] = field(default_factory=dict)  # field -> answer
    place_choices: dict[str, Any] = field(default_factory=dict)  # question key -> id / "new"
    # "number_date:<field>:<year>" -> "<year>-10", "<year>-01" or "<year>" (see Question)
    date_choices: dict[str, str] = field(default_factory=dict)
    derived: list[Derived] = field(default_factory=list)  # joined columns the mapping uses


@dataclass
class Plan:
    file_name: str
    sha256: str
    sheet: str
    target: str
    layout: Layout
    mapping: Mapping
    options: ImportOptions
    rows: list[RowPlan]
    questions: list[Question]
    new_places: list[NewPlace]
    places: PlaceIndex
    local_ref: int | None = None
    skipped_rows: list[int] = field(default_factory=list)  # blank, footer (sheet rows)
    term_labels: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # TERM_FIELDS

    def kind_counts(self) -> dict[str, int]:
        """Rows with a problem of each kind present, in PROBLEM_KINDS order."""
        counts = dict.fromkeys(PROBLEM_KINDS, 0)
        for r in self.rows:
            for kind in {p.kind for p in r.problems}:
                counts[kind] += 1
        return {k: n for k, n in counts.items() if n}

    def change_lines(self, r: RowPlan, lang: str = "en") -> list[tuple[str, str, str]]:
        """What updating the record ``r`` repeats would change, field by field, as the
        clerk reads it: (field, old, new), codes by their labels, an empty value said."""

        def show(name: str, value: Any) -> str:
            if value is None or value == "":
                return translate("import.change.empty", lang)
            labels = self.term_labels.get(name, {}).get(value)
            if labels:
                return (labels[1] or labels[0]) if lang == "zh" else (labels[0] or labels[1])
            return _show(value)

        return [
            (field_label(k, lang), show(k, old), show(k, new))
            for k, (old, new) in r.changes.items()
        ]

    def counts(self) -> dict[str, int]:
        """Rows by what commit does with them; an update that changes nothing is "unchanged"."""
        out = {
            "insert": 0,
            "update": 0,
            "unchanged": 0,
            "skip": 0,
            "reject": 0,
            "warning": 0,
            "places": 0,
        }
        for r in self.rows:
            if r.action == "update" and not r.changes:
                out["unchanged"] += 1
            else:
                out[r.action] += 1
            # A problem on a row that is not rejected is a warning (errors reject it).
            if r.problems and r.action != "reject" and r.status == "warning":
                out["warning"] += 1
        out["places"] = len(self.used_new_places())
        return out

    def grouped_warnings(self) -> list[tuple[Problem, list[int]]]:
        """Warnings said once per distinct value for the whole import (an old country name
        on 300 rows is one thing to check): each with the rows that carry it."""
        groups: dict[tuple, tuple[Problem, list[int]]] = {}
        for r in self.rows:
            for p in r.problems:
                if p.code in GROUPED_WARNINGS:
                    key = (p.code, p.column, _show(p.value))
                    if key not in groups:
                        groups[key] = (p, [])
                    groups[key][1].append(r.row)
        return list(groups.values())

    def problem_lines(self, lang: str = "en", *, warnings: bool = True) -> Iterable[str]:
        """The plan's problems as lines to print: errors, and warnings when asked for; a
        warning said once per value (an old country name) is one line with its row count,
        always (it asks for a check)."""
        for r in self.rows:
            for p in r.problems:
                if p.code in GROUPED_WARNINGS:
                    continue
                if p.severity == "error" or warnings:
                    yield p.message(lang)
        for p, rows in self.grouped_warnings():
            where = (
                translate("import.where.column", lang, sheet=p.sheet, column=p.column)
                if p.column
                else translate("import.where.sheet", lang, sheet=p.sheet)
            )
            shown = ", ".join(str(n) for n in rows[:10]) + (", …" if len(rows) > 10 else "")
            yield (
                where
                + p.reason(lang)
                + (
                    translate("import.rows_count", lang, count=len(rows), rows=shown)
                    if len(rows) > 1
                    else translate("import.row_one", lang, row=shown)
                )
            )

    def used_new_places(self) -> list[NewPlace]:
        """The new places that rows to be written refer to (rejected rows create none)."""
        if not self.new_places:
            return []
        used = set()
        for r in self.rows:
            if r.action == "insert" or r.action == "update":
                values = r.values
                used.add(values.get("place_a_id"))
                used.add(values.get("place_b_id"))
        return [p for p in self.new_places if p.key in used]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def rejected(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == "reject"]


@dataclass
class ImportResult:
    batch_id: int | None
    inserted: int
    updated: int
    skipped: int
    rejected: int
    places_created: int
    dry_run: bool = False
    unchanged: int = 0  # duplicates to update that the file would not change
