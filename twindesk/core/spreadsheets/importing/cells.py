"""Reading a row's cells: text, dates, terms of the vocabularies and countries, each
worked out once per distinct value and its problems replayed on every row."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from twindesk.core import dates
from twindesk.core.countries import CountryMatch
from twindesk.core.i18n import translate
from twindesk.core.search import has_han
from twindesk.core.spreadsheets.importing.plan import ImportOptions, Problem, Question, RowPlan
from twindesk.core.spreadsheets.values import (
    ValueProblemError,
    clean_text,
    is_unknown,
    split_list,
    to_date,
    to_date_range,
    year_dot_one,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from twindesk.core.countries import CountryResolver
    from twindesk.core.models import TableModel
    from twindesk.core.spreadsheets.importing.terms import Terms
    from twindesk.core.spreadsheets.layout import Layout
    from twindesk.core.spreadsheets.places import PlaceIndex


class ValidatorState:
    """The state ``RowValidator`` (validate.py) loads once and its parts read: declared
    here for them, set by ``RowValidator.__init__``."""

    conn: Connection
    sheet: str
    layout: Layout
    options: ImportOptions
    target: str
    cols: dict[str, list[int]]  # field -> its columns
    _one: dict[str, int]  # field -> its column, for the fields of one column
    countries: CountryResolver
    places: PlaceIndex
    terms: dict[str, Terms]
    questions: dict[str, Question]
    dayfirst: dict[str, bool | None]
    local_ref: int | None
    local_problem: tuple[str, dict[str, Any]] | None
    seen: dict[Any, RowPlan]
    _place_memo: dict[tuple[Any, ...], tuple[Any, ...]]
    _memo: dict[tuple[Any, ...], tuple[Any, ...]]
    _sides: dict[tuple[Any, ...], tuple[Any, ...]]
    _side_cols: dict[str, list[int]]
    _coordinate_sides: set[str]
    _limits: dict[tuple[type[TableModel], str], int | None]
    _country_keys: dict[str, list[str]] | None
    next_new: int


class CellReading(ValidatorState):
    """How a row's cells are read into values, with the problems they carry.

    One part of ``RowValidator`` (validate.py), which holds the state it reads."""

    # -- cells ----------------------------------------------------------------------
    def cell(self, cells: list[Any], name: str) -> tuple[Any, int | None]:
        """The first non-empty cell of the columns mapped to ``name``."""
        col = self._one.get(name)
        if col is not None:  # the usual case, first: one column for the field
            value = cells[col] if col < len(cells) else None
            if value is not None and (value.__class__ is not str or clean_text(value)):
                return value, col
            return None, col
        cols = self.cols.get(name)
        if not cols:
            return None, None
        for col in cols:
            if col < len(cells) and cells[col] is not None and clean_text(cells[col]) != "":
                return cells[col], col
        cols = self.cols.get(name, [])
        return None, (cols[0] if cols else None)

    def text(self, cells: list[Any], name: str) -> tuple[str, int | None]:
        col = self._one.get(name)
        if col is not None:  # as cell() then clean_text(), with one clean_text() less
            return (clean_text(cells[col]) if col < len(cells) else ""), col
        if name not in self.cols:  # a field the file has no column for (asked of every row)
            return "", None
        value, col = self.cell(cells, name)
        return clean_text(value), col

    def problem(
        self,
        plan: RowPlan,
        col: int | None,
        value: Any,
        code: str,
        severity: str = "error",
        **params: Any,
    ) -> None:
        column = self.layout.column_label(col) if col is not None else ""
        plan.problems.append(Problem(self.sheet, plan.row, column, value, code, params, severity))

    def _replay(self, plan: RowPlan, key: tuple, compute: Callable[[RowPlan], Any]) -> Any:
        """Run ``compute(scratch)`` once per distinct cell value; replay its problems after."""
        hit = self._memo.get(key)
        if hit is None:
            scratch = RowPlan(row=plan.row, cells=[])
            result = compute(scratch)
            hit = self._memo[key] = (result, scratch.problems, scratch.extra)
            if len(self._memo) > 300_000:
                self._memo.clear()
        result, problems, extra = hit
        for p in problems:
            plan.problems.append(
                Problem(p.sheet, plan.row, p.column, p.value, p.code, p.params, p.severity)
            )
        for k, v in extra.items():
            if isinstance(v, list):
                plan.extra.setdefault(k, []).extend(v)
            else:
                plan.extra[k] = v
        return result

    def date(self, plan: RowPlan, cells: list[Any], name: str) -> str:
        value, col = self.cell(cells, name)
        if value is None:
            return ""
        if name in self.questions or year_dot_one(value):  # rows asked about: no memo
            return self._date(plan, value, col, name)
        return self._replay(
            plan,
            ("date", name, col, type(value), value),
            lambda scratch: self._date(scratch, value, col, name),
        )

    def _date(self, plan: RowPlan, value: Any, col: int | None, name: str) -> str:
        try:
            result, notes = to_date(value, dayfirst=self.dayfirst.get(name))
        except ValueProblemError as e:
            code = e.code
            if code == "import.value.number_month_ask":
                return self._month_answered(plan, value, col, name, e.params["year"])
            if code == "import.value.date_ambiguous":
                code = "import.value.date_ambiguous_ask"
                if name in self.questions:
                    self.questions[name].rows.append(plan.row)
            self.problem(plan, col, value, code, **e.params)
            return ""
        self._date_notes(plan, col, value, result, notes)
        return result

    def _month_answered(
        self, plan: RowPlan, value: Any, col: int | None, name: str, year: str
    ) -> str:
        """The clerk's answer for a year.1 typed as a number (1993.1: January, or 1993.10
        turned into the same number?); else a question for it, and the row waits."""
        key = f"number_date:{name}:{year}"
        choices = [
            (f"{year}-10", (f"October {year} ({year}-10)", f"{year}年10月（{year}-10）")),
            (f"{year}-01", (f"January {year} ({year}-01)", f"{year}年1月（{year}-01）")),
            (year, (f"Only the year, {year}", f"只记年份：{year}")),
        ]
        answer = self.options.date_choices.get(key)
        if answer in {c[0] for c in choices}:
            return answer
        q = self.questions.get(key)
        if q is None:
            label = self.layout.column_label(col) if col is not None else name
            q = self.questions[key] = Question(
                key=key,
                kind="number_date",
                text=(
                    f"Column {label}: {value} was typed as a number, and {year}.10 typed so "
                    f"is the same number. Which month is it?",
                    f"{label} 列：{value} 以数字形式录入，而 {year}.10 存成数字也是 {value}。"
                    f"是哪个月？",
                ),
                choices=choices,
            )
        q.rows.append(plan.row)
        self.problem(plan, col, value, "import.value.number_month_ask", year=year)
        return ""

    def _date_notes(
        self, plan: RowPlan, col: int | None, value: Any, result: str, notes: list[str]
    ) -> None:
        for note in notes:
            # A year alone (1979) is how most lists are kept and reads only one way: not a
            # warning. A year and month (1974.4, 1979年6月) still is: a month read from a
            # dotted number, or a day that may have been cut off, is worth the clerk's look.
            if note == "partial" and len(result) > 4:
                self.problem(plan, col, value, "import.value.partial_date", "warning", date=result)
            elif note == "number_year_month":
                self.problem(
                    plan, col, value, "import.value.number_year_month", "warning", date=result
                )
            elif note == "unknown":
                self.problem(plan, col, value, "import.value.unknown_as_empty", "warning")

    def term(
        self,
        plan: RowPlan,
        cells: list[Any],
        name: str,
        vocab: str,
        default: str | None,
        *,
        unknown: str = "error",
    ) -> str | None:
        value, col = self.cell(cells, name)
        if value is None:
            return default
        return self._replay(
            plan,
            ("term", name, vocab, default, unknown, col, value),
            lambda scratch: self._term(scratch, cells, name, vocab, default, unknown),
        )

    def _term(
        self,
        plan: RowPlan,
        cells: list[Any],
        name: str,
        vocab: str,
        default: str | None,
        unknown: str,
    ) -> str | None:
        text, col = self.text(cells, name)
        if not text or is_unknown(text):
            return default
        code = self.terms[vocab].resolve(text)
        if code is None:
            labels = self.terms[vocab].labels
            known = ", ".join(v[0] for v in labels.values())
            known_zh = "、".join(v[1] for v in labels.values())
            if unknown == "error":
                self.problem(plan, col, text, "import.value.unknown_term", known=(known, known_zh))
                return None
            self.problem(
                plan,
                col,
                text,
                "import.value.unknown_term_kept",
                "warning",
                default=labels.get(default, (default, default)) if default else (default, default),
            )
            plan.extra.setdefault("notes_extra", []).append(
                f"{self.layout.headers[col] if col is not None else name}: {text}"
            )
            return default
        return code

    def country(
        self, plan: RowPlan, cells: list[Any], name: str = "country"
    ) -> CountryMatch | None:
        value, col = self.cell(cells, name)
        if value is None:
            return None
        return self._replay(
            plan, ("country", name, col, value), lambda scratch: self._country(scratch, cells, name)
        )

    def _country(self, plan: RowPlan, cells: list[Any], name: str) -> CountryMatch | None:
        text, col = self.text(cells, name)
        if not text:
            return None
        match = self.countries.resolve(text)
        if match is None:
            code = (
                "import.value.country_ambiguous"
                if self.countries.is_ambiguous(text)
                else "import.value.unknown_country"
            )
            self.problem(plan, col, text, code)
            plan.extra[f"{name}_failed"] = True  # the side's "no country" would say it again
            return None
        if match.caveat:
            self.problem(
                plan, col, text, match.caveat, "warning", country=match.label, iso=match.code
            )
        elif match.old_name:
            # A former state (苏联) is not where the town is recorded: say what happens to it.
            outcome = (
                "import.old_country.former_state"
                if match.historic
                else "import.old_country.recorded"
            )
            self.problem(
                plan,
                col,
                text,
                "import.value.old_country_name",
                "warning",
                outcome=tuple(
                    translate(outcome, lang, country=match.label, iso=match.code)
                    for lang in ("en", "zh")
                ),
            )
        return match

    def _country_codes(self, code: str | None) -> set[str] | None:
        return self.countries.codes_for_matching(code) if code else None

    def column_limit(self, model: type[TableModel], column: str) -> int | None:
        """The length the register keeps in ``model.column`` (None: no limit); looked up once."""
        key = (model, column)
        if key not in self._limits:
            self._limits[key] = getattr(model.__table__.c[column].type, "length", None)
        return self._limits[key]

    def _limited(
        self,
        plan: RowPlan,
        cells: list[Any],
        name: str,
        model: type[TableModel],
        column: str | None = None,
    ) -> str:
        text, col = self.text(cells, name)
        limit = self.column_limit(model, column or name)
        if limit and len(text) > limit:
            self.problem(plan, col, text[:40] + "…", "import.value.too_long", max=limit)
        return text

    def _bilingual(self, plan: RowPlan, cells: list[Any], field: str, *, either: bool) -> None:
        """``field``_en and ``field``_zh from their own columns, and a column of either
        language ("标题", "Name") into the one its script says, when that one is empty;
        with ``either``, into the other one when that is taken (a title is a title)."""
        v = plan.values
        generic, _ = self.text(cells, field)
        en, zh = f"{field}_en", f"{field}_zh"
        v[en], _ = self.text(cells, en)
        v[zh], _ = self.text(cells, zh)
        if generic:
            key, other = (zh, en) if has_han(generic) else (en, zh)
            if not v[key]:
                v[key] = generic
            elif either and not v[other]:
                v[other] = generic

    def _title(self, plan: RowPlan, cells: list[Any]) -> None:
        self._bilingual(plan, cells, "title", either=True)

    def _dates(self, plan: RowPlan, cells: list[Any]) -> None:
        v = plan.values
        value, col = self.cell(cells, "dates")
        v["start"], v["end"] = "", ""
        if value is not None:
            try:
                start, end, notes = to_date_range(value, dayfirst=self.dayfirst.get("dates"))
                v["start"], v["end"] = start, end
                self._date_notes(plan, col, value, start, notes)
            except ValueProblemError as e:
                code = e.code
                if code == "import.value.number_month_ask":  # one date, not a range
                    v["start"] = self._month_answered(plan, value, col, "dates", e.params["year"])
                    code = ""
                elif code == "import.value.date_ambiguous":
                    code = "import.value.date_ambiguous_ask"
                    if "dates" in self.questions:
                        self.questions["dates"].rows.append(plan.row)
                if code:
                    self.problem(plan, col, value, code, **e.params)
        if "start" in self.cols:
            v["start"] = self.date(plan, cells, "start") or v["start"]
        if "end" in self.cols:
            v["end"] = self.date(plan, cells, "end") or v["end"]
        if v["start"] and v["end"] and dates.last_day(v["end"]) < dates.first_day(v["start"]):
            self.problem(
                plan, self.cell(cells, "end")[1], v["end"], "import.value.end_before_start"
            )

    def _fields(self, plan: RowPlan, cells: list[Any]) -> list[str]:
        text, col = self.text(cells, "fields")
        out = []
        for item in split_list(text):
            code = self.terms["field"].resolve(item)
            if code is None:
                self.problem(plan, col, item, "import.value.unknown_field_kept", "warning")
                plan.extra.setdefault("notes_extra", []).append(
                    f"{self.layout.headers[col] if col is not None else 'fields'}: {item}"
                )
            elif code not in out:
                out.append(code)
        return out
