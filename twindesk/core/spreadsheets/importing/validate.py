"""Row validation: every row of a sheet checked and planned, nothing written.

``RowValidator`` loads once what checking needs (vocabularies, countries, the register's
places, duplicates) and builds one ``RowPlan`` per row, with a method per target."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.engine import Connection

from twindesk.core import dates
from twindesk.core.countries import CountryResolver
from twindesk.core.i18n import translate
from twindesk.core.search import fold
from twindesk.core.spreadsheets.importing.plan import (
    CONTROL_CHARS,
    DATE_FIELDS,
    ImportOptions,
    LocalPlaceError,
    Question,
    RowPlan,
    visible_controls,
)
from twindesk.core.spreadsheets.importing.review import PlanReview
from twindesk.core.spreadsheets.importing.targets import TargetRows
from twindesk.core.spreadsheets.importing.terms import FIXED_TERMS, VOCAB_MODELS, Terms
from twindesk.core.spreadsheets.layout import Layout, column_letter
from twindesk.core.spreadsheets.mapping import NOTES_FIELD, REQUIRED, Mapping
from twindesk.core.spreadsheets.places import PlaceIndex
from twindesk.core.spreadsheets.values import clean_text, split_range

_SIDE_FIELDS = {
    "local": ("local_en", "local_zh", "local_native"),
    "partner": ("partner_en", "partner_zh", "partner_native", "partner_region"),
}


class RowValidator(TargetRows, PlanReview):
    """Everything validation needs, loaded once: vocabularies, countries, places, duplicates."""

    def __init__(
        self, conn: Connection, sheet: str, layout: Layout, mapping: Mapping, options: ImportOptions
    ) -> None:
        self.conn = conn
        self.sheet = sheet
        self.layout = layout
        self.mapping = mapping
        self.options = options
        self.target = mapping.target
        self.cols = mapping.field_columns()
        self._one = {name: cols[0] for name, cols in self.cols.items() if len(cols) == 1}
        self._required_groups = [
            (group, [n for n in group if n in self.cols]) for group in REQUIRED[self.target]
        ]
        self.countries = CountryResolver.from_connection(conn)
        self.places = PlaceIndex.load(conn)
        self.terms = {name: Terms(conn, name) for name in (*VOCAB_MODELS, *FIXED_TERMS)}
        self.questions: dict[str, Question] = {}
        self.dayfirst: dict[str, bool | None] = {}
        self.local_ref: int | None = None
        self.local_problem: tuple[str, dict] | None = None
        self.seen: dict[Any, RowPlan] = {}
        self._place_memo: dict[tuple, tuple] = {}
        self._memo: dict[tuple, tuple] = {}
        self._sides: dict[tuple, tuple] = {}
        self._side_cols = {
            prefix: [c for name in (prefix, *_SIDE_FIELDS[prefix]) for c in self.cols.get(name, ())]
            for prefix in _SIDE_FIELDS
        }
        # The plain function, not a bound method: a bound method kept on the instance
        # would be a reference cycle, holding this context (and its memos) until the
        # next full garbage collection.
        self._builder = getattr(RowValidator, f"row_{mapping.target}")
        self._coordinate_sides = {
            side for side in ("local", "partner") if f"{side}_latitude" in self.cols
        }
        self._limits: dict[tuple, int | None] = {}
        self._country_keys: dict[str, list[str]] | None = None  # for names close to a new one
        self.next_new = -1
        self.notes_cols = [
            c
            for c in range(layout.width)
            if c not in mapping.columns and layout.headers[c] and mapping.unmapped == "notes"
        ]
        self.notes_cols += [
            c
            for c in range(layout.width)
            if c not in mapping.columns and not layout.headers[c] and mapping.unmapped == "notes"
        ]
        self.notes_cols.sort()
        self._stored_cols = sorted(
            {c for cols in self.cols.values() for c in cols} | set(self.notes_cols)
        )

    # -- set-up over the whole column ---------------------------------------------
    def prepare(self, rows: list[tuple[int, list[Any]]]) -> None:
        for name in DATE_FIELDS:
            for col in self.cols.get(name, []):
                # Each distinct text once: the guess and the question depend only on which
                # values occur, and a column of 100,000 dates has far fewer distinct ones.
                values = dict.fromkeys(cells[col] for _, cells in rows if col < len(cells))
                strings = []
                for v in values:
                    if isinstance(v, str):
                        pair = _range_halves(v)
                        strings.extend(pair)
                guess = dates.guess_dayfirst(strings)
                if name in self.options.dayfirst:
                    guess = self.options.dayfirst[name]
                self.dayfirst[name] = guess
                if guess is None and any(_is_ambiguous_date(s) for s in strings):
                    label = self.layout.column_label(col)
                    self.questions[name] = Question(
                        key=name,
                        kind="dayfirst",
                        text=(
                            f"Column {label}: is 03/04/2000 the 3rd of April (day first) "
                            f"or the 4th of March (month first)?",
                            f"{label} 列：03/04/2000 是 4 月 3 日（日在前）还是 3 月 4 日（月在前）？",
                        ),
                        choices=[
                            (True, ("Day first (dd/mm/yyyy)", "日在前（日/月/年）")),
                            (False, ("Month first (mm/dd/yyyy)", "月在前（月/日/年）")),
                        ],
                    )
        if self.target == "pairing" or self.options.local is not None:
            self._resolve_local()

    def _resolve_local(self) -> None:
        """The place the file's local side names: an id or a name the register has.

        Anything else is refused before a row is read (LocalPlaceError), with the
        register's places whose names are close: a typo ("Pekin") must not become a new
        place. A new local place is made only when the caller asks (``create_local``).
        """
        local = self.options.local
        if local is None or (isinstance(local, str) and not local.strip()):
            return
        if isinstance(local, int) or (
            isinstance(local, str) and local.strip().isdigit() and int(local) in self.places.places
        ):
            pid = int(local)
            if pid not in self.places.places:
                raise LocalPlaceError("import.local.unknown_id", value=pid)
            self.local_ref = pid
            return
        text = clean_text(local)
        if CONTROL_CHARS.search(local):
            raise LocalPlaceError("import.value.control_chars", value=visible_controls(local))
        create = self.options.create_local and self.target == "pairing"
        ref, problem = self.place_ref(
            [text],
            self._country_codes(self.options.local_country),
            self.options.local_country,
            "local",
            row=0,
            place_type="city",
            create=create,
        )
        if problem and problem[0] == "import.value.place_not_found":
            raise LocalPlaceError(
                "import.local.not_found", value=text, suggest=self._did_you_mean(text)
            )
        if problem:
            self.local_problem = problem  # several places have the name: a question
        elif ref is not None and ref < 0:
            self.places.new_by_ref[ref].confirmed = True  # the clerk asked for it by name
        self.local_ref = ref

    def _did_you_mean(self, text: str) -> tuple[str, str]:
        """ " Did you mean: Beijing 北京?" from the register's names close to ``text``."""
        import difflib

        key = fold(text)
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(key)
        scored = []
        for k in self.places.by_key:
            matcher.set_seq1(k)
            if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
                ratio = matcher.ratio()
                if ratio >= 0.5:
                    scored.append((-ratio, k))
        scored.sort()
        # The best, and those nearly as close: "Pekin" is Beijing (0.5) when nothing is
        # closer, but "Shangai" is Shanghai (0.93), not also Osaka (0.5).
        close = [k for r, k in scored if -r >= -scored[0][0] - 0.15] if scored else []
        ids: list[int] = []
        for k in close:
            ids.extend(i for i in sorted(self.places.by_key[k]) if i not in ids)
        if not ids:
            return ("", "")
        labels = []
        for pid in ids[:3]:
            info = self.places.places[pid]
            names = [n for n in dict.fromkeys((info.name_en, info.name_zh)) if n]
            labels.append(" ".join(names) or f"#{pid}")
        return (
            translate("import.local.did_you_mean", "en", places=", ".join(labels)),
            translate("import.local.did_you_mean", "zh", places="、".join(labels)),
        )

    # -- rows -------------------------------------------------------------------------
    def build_row(self, row_no: int, cells: list[Any]) -> RowPlan:
        plan = RowPlan(row=row_no, cells=cells)
        n = len(cells)
        for col in self._stored_cols:
            # Control characters (an ANSI colour code, a NUL from an old system) are
            # refused with the reason rather than dropped: "Li\x01lle" is not "Lille".
            # isprintable() is false for them (and for tabs, line ends and wide spaces,
            # which clean_text reads as spaces): the search runs only then.
            value = cells[col] if col < n else None
            if value.__class__ is str and not value.isprintable() and CONTROL_CHARS.search(value):
                self.problem(plan, col, value, "import.value.control_chars")
        self._builder(self, plan, cells)
        self._notes(plan, cells)
        if plan.status == "error":
            plan.action = "reject"
        return plan

    def _notes(self, plan: RowPlan, cells: list[Any]) -> None:
        notes_field = NOTES_FIELD[self.target]
        own = plan.values.get(notes_field, "")
        if not self.notes_cols and "notes_extra" not in plan.extra:
            plan.values[notes_field] = own or ""  # nothing to add: the usual row
            return
        parts = []
        if own:
            parts.append(own)
        parts.extend(plan.extra.get("notes_extra", []))
        for col in self.notes_cols:
            if col < len(cells) and cells[col] is not None:
                text = clean_text(cells[col])
                if text:
                    head = self.layout.headers[col] or column_letter(col)
                    parts.append(f"{head}: {text}")
        plan.values[notes_field] = "\n".join(parts)

    def _required(self, plan: RowPlan, cells: list[Any]) -> bool:
        ok = True
        width = len(cells)
        for group, mapped in self._required_groups:
            # Whether cell() finds a value for one of the fields, unrolled for the usual
            # field of one column: this is asked of every row.
            found = True
            for name in mapped:
                col = self._one.get(name)
                if col is None:
                    if self.cell(cells, name)[0] is not None:
                        break
                    continue
                value = cells[col] if col < width else None
                if value is not None and (value.__class__ is not str or clean_text(value)):
                    break
            else:
                found = False
            if found:
                continue
            if (
                self.target in ("programme",)
                and "partner" in group
                and self.local_ref
                and any(self.cell(cells, n)[0] is not None for n in ("partner",))
            ):
                continue
            if any(name in self.cols for name in group):
                col = next((self.cols[n][0] for n in group if n in self.cols), None)
                self.problem(
                    plan, col, None, "import.value.required", field=f"import.field.{group[0]}"
                )
            else:
                self.problem(
                    plan, None, None, "import.mapping.missing", field=f"import.field.{group[0]}"
                )
            ok = False
        return ok


def _range_halves(text: str) -> list[str]:
    pair = split_range(clean_text(text))
    return list(pair) if pair else [text]


_AMBIG = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


def _is_ambiguous_date(text: str) -> bool:
    m = _AMBIG.fullmatch(clean_text(text))
    return (
        m is not None
        and int(m[1]) <= 12
        and int(m[2]) <= 12
        and m[1] != m[2]
        and int(m[1]) != int(m[2])
    )
