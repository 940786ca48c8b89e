"""Row validation: every row of a sheet checked and planned, nothing written.

``RowValidator`` loads once what checking needs (vocabularies, countries, the register's
places, duplicates) and builds one ``RowPlan`` per row, with a method per target."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from twindesk.core import dates
from twindesk.core.countries import CountryMatch, CountryResolver
from twindesk.core.i18n import translate
from twindesk.core.models import Contact, Exchange, Pairing, Place, Programme
from twindesk.core.search import fold, has_han
from twindesk.core.spreadsheets.importing.plan import (
    CONTROL_CHARS, DATE_FIELDS, ImportOptions, LocalPlaceError, Problem, Question, RowPlan,
    visible_controls,
)
from twindesk.core.spreadsheets.importing.terms import VOCAB_MODELS, Terms
from twindesk.core.spreadsheets.layout import Layout, column_letter
from twindesk.core.spreadsheets.mapping import NOTES_FIELD, REQUIRED, Mapping
from twindesk.core.spreadsheets.places import (
    NewPlace, PlaceIndex, normalize_name, romanise_chinese_place,
)
from twindesk.core.spreadsheets.values import (
    ValueProblem, clean_text, is_many_places, is_unknown, place_parts, split_list, to_date,
    to_date_range, to_int,
)

# States that no longer exist, and the present countries their towns are in now.
SUCCESSOR_STATES = {
    "SUHH": ["RU", "UA", "BY", "KZ", "UZ", "GE", "AZ", "LT", "MD", "LV", "KG", "TJ", "AM", "TM", "EE"],
    "YUCS": ["RS", "HR", "BA", "SI", "MK", "ME", "XK"],
    "CSHH": ["CZ", "SK"],
    "DDDE": ["DE"],
}


_MISSING = object()
_SIDE_FIELDS = {p: (f"{p}_en", f"{p}_zh", f"{p}_native") for p in ("local", "partner")}
_PROVINCE_WORD = re.compile(r"province|state|prefecture|省|州", re.I)


class RowValidator:
    """Everything validation needs, loaded once: vocabularies, countries, places, duplicates."""

    def __init__(self, conn: Connection, sheet: str, layout: Layout,
                 mapping: Mapping, options: ImportOptions) -> None:
        self.conn = conn
        self.sheet = sheet
        self.layout = layout
        self.mapping = mapping
        self.options = options
        self.target = mapping.target
        self.cols = mapping.field_columns()
        self._one = {name: cols[0] for name, cols in self.cols.items() if len(cols) == 1}
        self._required_groups = [(group, [n for n in group if n in self.cols])
                                 for group in REQUIRED[self.target]]
        self.countries = CountryResolver.from_connection(conn)
        self.places = PlaceIndex.load(conn)
        self.terms = {name: Terms(conn, name) for name in VOCAB_MODELS}
        self.questions: dict[str, Question] = {}
        self.dayfirst: dict[str, bool | None] = {}
        self.local_ref: int | None = None
        self.local_problem: tuple[str, dict] | None = None
        self.seen: dict[Any, RowPlan] = {}
        self._place_memo: dict[tuple, tuple] = {}
        self._memo: dict[tuple, tuple] = {}
        self._sides: dict[tuple, tuple] = {}
        self._side_cols = {prefix: [c for name in (prefix, *_SIDE_FIELDS[prefix])
                                    for c in self.cols.get(name, ())]
                           for prefix in _SIDE_FIELDS}
        # The plain function, not a bound method: a bound method kept on the instance
        # would be a reference cycle, holding this context (and its memos) until the
        # next full garbage collection.
        self._builder = getattr(RowValidator, f"row_{mapping.target}")
        self._limits: dict[tuple, int | None] = {}
        self._country_keys: dict[str, list[str]] | None = None  # for names close to a new one
        self.next_new = -1
        self.notes_cols = [c for c in range(layout.width)
                           if c not in mapping.columns and layout.headers[c] and
                           mapping.unmapped == "notes"]
        self.notes_cols += [c for c in range(layout.width)
                            if c not in mapping.columns and not layout.headers[c]
                            and mapping.unmapped == "notes"]
        self.notes_cols.sort()
        self._stored_cols = sorted({c for cols in self.cols.values() for c in cols}
                                   | set(self.notes_cols))

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
                        key=name, kind="dayfirst",
                        text=(f"Column {label}: is 03/04/2000 the 3rd of April (day first) "
                              f"or the 4th of March (month first)?",
                              f"{label} 列：03/04/2000 是 4 月 3 日（日在前）还是 3 月 4 日（月在前）？"),
                        choices=[(True, ("Day first (dd/mm/yyyy)", "日在前（日/月/年）")),
                                 (False, ("Month first (mm/dd/yyyy)", "月在前（月/日/年）"))])
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
        if isinstance(local, int) or (isinstance(local, str) and local.strip().isdigit()
                                      and int(local) in self.places.places):
            pid = int(local)
            if pid not in self.places.places:
                raise LocalPlaceError("import.local.unknown_id", value=pid)
            self.local_ref = pid
            return
        text = clean_text(local)
        if CONTROL_CHARS.search(local):
            raise LocalPlaceError("import.value.control_chars", value=visible_controls(local))
        create = self.options.create_local and self.target == "pairing"
        ref, problem = self.place_ref([text], self._country_codes(self.options.local_country),
                                      self.options.local_country, "local", row=0,
                                      place_type="city", create=create)
        if problem and problem[0] == "import.value.place_not_found":
            raise LocalPlaceError("import.local.not_found", value=text,
                                  suggest=self._did_you_mean(text))
        if problem:
            self.local_problem = problem  # several places have the name: a question
        elif ref is not None and ref < 0:
            self.places.new_by_ref[ref].confirmed = True  # the clerk asked for it by name
        self.local_ref = ref

    def _did_you_mean(self, text: str) -> tuple[str, str]:
        """" Did you mean: Beijing 北京?" from the register's names close to ``text``."""
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
        return (translate("import.local.did_you_mean", "en", places=", ".join(labels)),
                translate("import.local.did_you_mean", "zh", places="、".join(labels)))

    def _country_codes(self, code: str | None) -> set[str] | None:
        return self.countries.codes_for_matching(code) if code else None

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

    def text(self, cells, name) -> tuple[str, int | None]:
        col = self._one.get(name)
        if col is not None:  # as cell() then clean_text(), with one clean_text() less
            return (clean_text(cells[col]) if col < len(cells) else ""), col
        if name not in self.cols:  # a field the file has no column for (asked of every row)
            return "", None
        value, col = self.cell(cells, name)
        return clean_text(value), col

    def problem(self, plan: RowPlan, col: int | None, value: Any, code: str,
                severity: str = "error", **params: Any) -> None:
        column = self.layout.column_label(col) if col is not None else ""
        plan.problems.append(Problem(self.sheet, plan.row, column, value, code, params, severity))

    def _replay(self, plan: RowPlan, key: tuple, compute) -> Any:
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
            plan.problems.append(Problem(p.sheet, plan.row, p.column, p.value, p.code, p.params,
                                         p.severity))
        for k, v in extra.items():
            if isinstance(v, list):
                plan.extra.setdefault(k, []).extend(v)
            else:
                plan.extra[k] = v
        return result

    def date(self, plan: RowPlan, cells, name: str) -> str:
        value, col = self.cell(cells, name)
        if value is None:
            return ""
        if name in self.questions:  # ambiguous rows are listed on the question: no memo
            return self._date(plan, value, col, name)
        return self._replay(plan, ("date", name, col, type(value), value),
                            lambda scratch: self._date(scratch, value, col, name))

    def _date(self, plan: RowPlan, value, col, name: str) -> str:
        try:
            result, notes = to_date(value, dayfirst=self.dayfirst.get(name))
        except ValueProblem as e:
            code = e.code
            if code == "import.value.date_ambiguous":
                code = "import.value.date_ambiguous_ask"
                if name in self.questions:
                    self.questions[name].rows.append(plan.row)
            self.problem(plan, col, value, code, **e.params)
            return ""
        self._date_notes(plan, col, value, result, notes)
        return result

    def _date_notes(self, plan, col, value, result, notes) -> None:
        for note in notes:
            # A year alone (1979) is how most lists are kept and reads only one way: not a
            # warning. A year and month (1974.4, 1979年6月) still is: a month read from a
            # dotted number, or a day that may have been cut off, is worth the clerk's look.
            if note == "partial" and len(result) > 4:
                self.problem(plan, col, value, "import.value.partial_date", "warning",
                             date=result)
            elif note == "number_year_month":
                self.problem(plan, col, value, "import.value.number_year_month", "warning",
                             date=result)
            elif note == "unknown":
                self.problem(plan, col, value, "import.value.unknown_as_empty", "warning")

    def term(self, plan: RowPlan, cells, name: str, vocab: str, default: str | None,
             *, unknown: str = "error") -> str | None:
        value, col = self.cell(cells, name)
        if value is None:
            return default
        return self._replay(plan, ("term", name, vocab, default, unknown, col, value),
                            lambda scratch: self._term(scratch, cells, name, vocab, default,
                                                       unknown))

    def _term(self, plan: RowPlan, cells, name: str, vocab: str, default: str | None,
              unknown: str) -> str | None:
        text, col = self.text(cells, name)
        if not text or is_unknown(text):
            return default
        code = self.terms[vocab].resolve(text)
        if code is None:
            labels = self.terms[vocab].labels
            known = ", ".join(v[0] for v in labels.values())
            known_zh = "、".join(v[1] for v in labels.values())
            if unknown == "error":
                self.problem(plan, col, text, "import.value.unknown_term",
                             known=(known, known_zh))
                return None
            self.problem(plan, col, text, "import.value.unknown_term_kept", "warning",
                         default=labels.get(default, (default, default)))
            plan.extra.setdefault("notes_extra", []).append(
                f"{self.layout.headers[col] if col is not None else name}: {text}")
            return default
        return code

    def country(self, plan: RowPlan, cells, name: str = "country") -> CountryMatch | None:
        value, col = self.cell(cells, name)
        if value is None:
            return None
        return self._replay(plan, ("country", name, col, value),
                            lambda scratch: self._country(scratch, cells, name))

    def _country(self, plan: RowPlan, cells, name: str) -> CountryMatch | None:
        text, col = self.text(cells, name)
        if not text:
            return None
        match = self.countries.resolve(text)
        if match is None:
            code = "import.value.country_ambiguous" if self.countries.is_ambiguous(text) \
                else "import.value.unknown_country"
            self.problem(plan, col, text, code)
            plan.extra[f"{name}_failed"] = True  # the side's "no country" would say it again
            return None
        if match.caveat:
            self.problem(plan, col, text, match.caveat, "warning", country=match.label,
                         iso=match.code)
        elif match.old_name:
            # A former state (苏联) is not where the town is recorded: say what happens to it.
            outcome = "import.old_country.former_state" if match.historic else "import.old_country.recorded"
            self.problem(plan, col, text, "import.value.old_country_name", "warning",
                         outcome=tuple(translate(outcome, lang, country=match.label, iso=match.code)
                                       for lang in ("en", "zh")))
        return match

    # -- places ---------------------------------------------------------------------
    def place_ref(self, names: list[str], countries: set[str] | None, country: str | None,
                  role: str, row: int, place_type: str = "city",
                  names_by_lang: dict[str, str] | None = None,
                  create: bool = True) -> tuple[int | None, tuple[str, dict] | None]:
        """A register place id, a new place (negative key), or a problem."""
        names = [n for n in names if n]
        if not names:
            return None, ("import.value.no_place", {"role": f"import.role.{role}"})
        memo_key = (tuple(names), country, role, place_type, create,
                    tuple(sorted((names_by_lang or {}).items())))
        hit = self._place_memo.get(memo_key)
        if hit is not None:
            ref, problem = hit
            if ref is not None and ref < 0:
                self.places.new_by_ref[ref].rows.append(row)
            elif problem and problem[0] == "import.value.place_ambiguous":
                self.questions[problem[1]["_q"]].rows.append(row)
            return ref, problem and (problem[0], {k: v for k, v in problem[1].items() if k != "_q"})
        result = self._place_ref(names, countries, country, role, row, place_type,
                                 names_by_lang, create)
        self._place_memo[memo_key] = result
        ref, problem = result
        return ref, problem and (problem[0], {k: v for k, v in problem[1].items() if k != "_q"})

    def _place_ref(self, names, countries, country, role, row, place_type, names_by_lang,
                   create):
        ids = self.places.candidates(names, countries)
        qkey = f"place:{country or '?'}:{normalize_key(names)}" if ids and len(ids) > 1 or \
            self.options.place_choices else ""
        if qkey in self.options.place_choices:
            choice = self.options.place_choices[qkey]
            if choice != "new":
                return int(choice), None
            ids = set()
        if len(ids) == 1:
            return next(iter(ids)), None
        if len(ids) > 1:
            return self._ask_which(names, ids, qkey, role, row)
        present = self._present_names(names, countries or ({country} if country else None))
        if present is not None:  # "Peking": the register's, or the new, Beijing; never a second place
            ids = self.places.candidates([n for n in present[:2] if n], countries)
            if len(ids) == 1:
                return next(iter(ids)), None
            names = [n for n in present[:2] if n] + names
        else:  # "Hubei Province" is the register's Hubei; "波尔多市" its Bordeaux 波尔多
            ids = self.places.same_but_suffix(names, countries)
            if len(ids) == 1:
                return next(iter(ids)), None
            if len(ids) > 1:
                return self._ask_which(names, ids, f"place:{country or '?'}:{normalize_key(names)}",
                                       role, row)
        new = self.places.find_new(names, country)
        if new is not None:
            new.rows.append(row)
            return new.key, None
        if not create:
            return None, ("import.value.place_not_found", {"role": f"import.role.{role}"})
        if not country:
            return None, ("import.value.no_country_for_new", {"role": f"import.role.{role}"})
        question = f"new:{country}:{normalize_key(names)}"
        choice = self.options.place_choices.get(question)
        if choice == "skip":  # the clerk's answer: these rows wait for another day
            return None, ("import.value.place_skipped", {"role": f"import.role.{role}"})
        picked = ""
        if isinstance(choice, str) and choice.startswith("gaz:"):  # the gazetteer's, picked
            picked, choice = choice[4:], "new"
        elif choice not in (None, "new"):  # the clerk's answer: a place the register has
            return int(choice), None
        langs = dict(names_by_lang or {})
        if not langs:
            generic = names[0]
            langs["zh" if has_han(generic) else "en"] = generic
        name_en = langs.get("en", "")
        name_zh = langs.get("zh", "")
        aliases = []
        if present is not None:  # the present name; the file's old spelling kept as an alias
            aliases = [n for n in (name_en, name_zh) if n and n not in present[:2]]
            name_en, name_zh = present[0] or name_en, present[1] or name_zh
        if not name_en and name_zh and country == "CN":
            name_en = romanise_chinese_place(name_zh)
        new = NewPlace(key=self.next_new, name_en=name_en, name_zh=name_zh,
                       name_native=langs.get("native", ""), country_code=country,
                       place_type=place_type, rows=[row], aliases=aliases, question=question,
                       confirmed=choice == "new" or present is not None, gazetteer_id=picked)
        self.next_new -= 1
        self.places.add_new(new)
        return new.key, None

    def _ask_which(self, names: list[str], ids: set[int], qkey: str, role: str, row: int):
        """Several register places answer to the name: a question, and the row waits."""
        q = self.questions.get(qkey)
        if q is None:
            q = self.questions[qkey] = Question(
                key=qkey, kind="place",
                text=(f"Which place is “{' / '.join(names)}”?",
                      f"“{' / '.join(names)}”是哪个地点？"),
                choices=[(i, self._place_choice_label(i)) for i in sorted(ids)]
                + [("new", ("A new place", "新建地点"))])
        q.rows.append(row)
        return None, ("import.value.place_ambiguous",
                      {"role": f"import.role.{role}", "count": len(ids), "_q": qkey})

    def _present_names(self, names: list[str], countries: set[str] | None) -> tuple[str, str] | None:
        """(English, Chinese) present names when one of ``names`` is the old name of exactly
        one place (in ``countries``, when known): Peking is Beijing, Kiev is Kyiv."""
        from twindesk.core import gazetteer  # its data is opened on first use only

        # Asked of every new name: the few dozen old names are a set, and the names' folded
        # forms are remembered already (normalize_name), so most names cost a lookup.
        old = gazetteer.old_keys()
        if not any(normalize_name(n).replace("ß", "ss") in old for n in names):
            return None
        found = gazetteer.old_names(names)
        for name in names:
            places = [p for p in found.get(name, ()) if not countries or p.country in countries]
            if len(places) == 1:
                return places[0].name_en, places[0].name_zh or ""
        return None

    def _place_choice_label(self, pid: int) -> tuple[str, str]:
        info = self.places.places[pid]
        en = f"{info.name_en or info.name_zh} ({info.country_code}, {info.place_type}, #{pid})"
        zh = f"{info.name_zh or info.name_en}（{info.country_code}，{info.place_type}，#{pid}）"
        return (en, zh)

    def _side_names(self, cells, prefix: str, pair_name: str | None, code: str | None,
                    given: dict[str, str] | None = None, given_col: int | None = None):
        """(names, names by language, column, countries) of one side, or None.

        ``given``: the side's names by language, from a cell naming both places, instead
        of the side's own columns.
        """
        if given is not None:
            names = [given[k] for k in ("zh", "en", "native") if given.get(k)]
            if not names:
                return None
            return names, dict(given), given_col, (self._country_codes(code) if code else None)
        generic, gcol = self.text(cells, prefix)
        en, ecol = self.text(cells, f"{prefix}_en")
        zh, zcol = self.text(cells, f"{prefix}_zh")
        native, ncol = (self.text(cells, f"{prefix}_native") if prefix == "partner" else ("", None))
        if pair_name and not (generic or en or zh or native):
            generic = pair_name
            gcol = self.cols.get("places", [None])[0]
        names_by_lang: dict[str, str] = {}
        if en:
            names_by_lang["en"] = en
        if zh:
            names_by_lang["zh"] = zh
        if native:
            names_by_lang["native"] = native
        if generic:
            lang = "zh" if has_han(generic) else "en"
            names_by_lang.setdefault(lang, generic)
        names = [n for n in (generic, zh, en, native) if n]
        col = next((c for c, v in ((gcol, generic), (zcol, zh), (ecol, en), (ncol, native)) if v),
                   gcol)
        if not names:
            return None
        return names, names_by_lang, col, (self._country_codes(code) if code else None)

    def side(self, plan: RowPlan, cells, prefix: str, country: CountryMatch | None,
             fallback_country: str | None, place_type: str, *, create: bool = True,
             pair_name: str | None = None, given: dict[str, str] | None = None,
             given_col: int | None = None) -> int | None:
        """Resolve the local or partner side of a row from its name columns (or ``given``)."""
        code = country.code if country else fallback_country
        # Worked out once per distinct cells: a file names the same partners (and always
        # the same local side) again and again. The key is the raw cells of the side's
        # columns, so nothing is cleaned or looked up for a repeat.
        n = len(cells)
        key = (prefix, pair_name, code, place_type, create,
               given and tuple(sorted(given.items())), given_col,
               *[cells[c] if c < n else None for c in self._side_cols[prefix]])
        hit = self._sides.get(key)
        if hit is None:
            if len(self._sides) > 300_000:
                self._sides.clear()
            prepared = self._side_names(cells, prefix, pair_name, code, given, given_col)
            if prepared is None:
                hit = self._sides[key] = (None,)
            else:
                names, names_by_lang, col, countries = prepared
                limit = self._name_limit()
                if any(len(name) > limit for name in names):
                    # Longer than the register keeps: refused, never cut short.
                    ref, problem = None, ("import.value.too_long", {"max": limit})
                else:
                    ref, problem = self._place_ref(names, countries, code, prefix, plan.row,
                                                   place_type, names_by_lang, create)
                hit = self._sides[key] = (prepared, ref, problem)
        else:  # a repeat: the row joins the new place, or the question, like the first
            if hit[0] is None:
                return None
            ref, problem = hit[1], hit[2]
            if ref is not None and ref < 0:
                self.places.new_by_ref[ref].rows.append(plan.row)
            elif problem and problem[0] == "import.value.place_ambiguous":
                self.questions[problem[1]["_q"]].rows.append(plan.row)
        if hit[0] is None:
            return None
        (names, _langs, col, _countries), ref, problem = hit
        if problem:
            severity = "warning" if not create and problem[0] == "import.value.place_not_found" else "error"
            if problem[0] == "import.value.no_country_for_new" and \
                    plan.extra.get("country_failed" if prefix == "partner" else "local_country_failed"):
                return None  # the country cell already says what is wrong
            params = {k: v for k, v in problem[1].items() if k != "_q"}
            shown = " / ".join(names)
            if problem[0] == "import.value.too_long":
                shown = shown[:40] + "…"
            self.problem(plan, col, shown, problem[0], severity, **params)
        return ref

    def _name_limit(self) -> int:
        limit = self._limits.get((Place, "name_en"), _MISSING)
        if limit is _MISSING:
            limit = self._limits[(Place, "name_en")] = min(
                Place.__table__.c[c].type.length for c in ("name_en", "name_zh", "name_native"))
        return limit

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

    def _notes(self, plan: RowPlan, cells) -> None:
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

    def _required(self, plan: RowPlan, cells) -> bool:
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
            if self.target in ("programme",) and "partner" in group and self.local_ref and \
                    any(self.cell(cells, n)[0] is not None for n in ("partner",)):
                continue
            if any(name in self.cols for name in group):
                col = next((self.cols[n][0] for n in group if n in self.cols), None)
                self.problem(plan, col, None, "import.value.required",
                             field=f"import.field.{group[0]}")
            else:
                self.problem(plan, None, None, "import.mapping.missing",
                             field=f"import.field.{group[0]}")
            ok = False
        return ok

    # -- the two sides of a row ---------------------------------------------------------
    def _pair_cell(self, plan: RowPlan, cells) -> tuple[Any, str | None]:
        """A cell naming both places ("天津—神户"): in a partner column, or the both-places one.

        Returns (pair, single): pair is (first, second, column, text) with each half's
        names by language, None, or _BAD when a cell names more than two places (said
        so); single is the one name the both-places column holds (the partner), or None.
        """
        first: dict[str, str] = {}
        second: dict[str, str] = {}
        singles = 0
        col = text = None
        for name, lang in (("partner", ""), ("partner_zh", "zh"), ("partner_en", "en"),
                           ("partner_native", "native")):
            if name not in self.cols:
                continue
            value, c = self.text(cells, name)
            if not value:
                continue
            parts = place_parts(value)
            if len(parts) > 2:
                self.problem(plan, c, value, "import.value.several_places", count=len(parts))
                return _BAD, None
            if len(parts) == 1:
                singles += 1
                continue
            a, b = parts
            first.setdefault(lang or ("zh" if has_han(a) else "en"), a)
            second.setdefault(lang or ("zh" if has_han(b) else "en"), b)
            if col is None:
                col, text = c, value
        if first:
            if singles:  # "天津—神户" beside "Kobe": which names which side is unclear
                self.problem(plan, col, text, "import.value.pair_unclear")
                return _BAD, None
            return (first, second, col, text), None
        if singles:
            return None, None  # the partner's own columns name it
        value, c = self.text(cells, "places")
        if not value:
            return None, None
        if is_many_places(value):
            plan.extra["many"] = True
            self.problem(plan, c, value, "import.value.many_places", "warning")
            return None, None
        parts = place_parts(value)
        if len(parts) > 2:
            self.problem(plan, c, value, "import.value.several_places", count=len(parts))
            return _BAD, None
        if len(parts) == 1:
            return None, value  # one name: the partner
        a, b = parts
        return ({"zh" if has_han(a) else "en": a}, {"zh" if has_han(b) else "en": b}, c, value), None

    def _sides_of_row(self, plan: RowPlan, cells, country: CountryMatch | None, place_type: str, *,
                      create: bool = True, local_required: bool = True, severity: str = "error",
                      texts: bool = True):
        """(local, partner, local text, partner text) of a row.

        A cell naming both places is split: when the row or the file gives the local
        side, one half must be that place and the other is the partner (else a problem,
        never a guess); when nothing else names the local side, the first half is it.
        The local side's country is the row's local-country cell when it has one (a
        value that is no country is an error, never the office's own country instead),
        else the office's own (``local_country``).
        """
        pair, single = self._pair_cell(plan, cells)
        if pair is _BAD:
            return None, None, None, None
        local = local_text = None
        local_code: str | None = self.options.local_country
        local_country = None
        if "local_country" in self.cols and self.text(cells, "local_country")[0]:
            local_country = self.country(plan, cells, "local_country")
            if local_country is None:
                local_code = None
        local_in_row = any(self.cell(cells, n)[0] is not None for n in ("local", "local_en", "local_zh"))
        if local_in_row:
            local = self.side(plan, cells, "local", local_country, local_code, place_type,
                              create=create)
            local_text = self._side_text(cells, "local") if texts else None
        elif pair is None or self.options.local is not None:
            local = self._file_local(plan, local_required, severity)
            local_text = None
        if pair is None:
            partner = self.side(plan, cells, "partner", country, None, place_type, create=create,
                                pair_name=single)
            return local, partner, local_text, \
                single or (self._side_text(cells, "partner") if texts else None)
        first, second, col, text = pair
        if local_in_row or self.options.local is not None:
            if local is None:
                return None, None, local_text, None  # what is wrong with it is said
            if self._names_place(local, first):
                half = second
            elif self._names_place(local, second):
                half = first
            else:
                self.problem(plan, col, text, "import.value.pair_not_local", severity,
                             place=self.places.label(local))
                return local, None, local_text, None
            partner = self.side(plan, cells, "partner", country, None, place_type, create=create,
                                given=half, given_col=col)
            return local, partner, local_text, next(iter(half.values()))
        # Both places named here, the local one first (as an office's lists write them),
        # unless the register knows them the other way round.
        if self._reversed(first, second, local_code, country):
            first, second = second, first
        local = self.side(plan, cells, "local", local_country, local_code, place_type,
                          create=create, given=first, given_col=col)
        partner = self.side(plan, cells, "partner", country, None, place_type, create=create,
                            given=second, given_col=col)
        return local, partner, next(iter(first.values())), next(iter(second.values()))

    def _side_text(self, cells, prefix: str) -> str | None:
        for name in (prefix, f"{prefix}_zh", f"{prefix}_en", f"{prefix}_native"):
            if name in self.cols:
                text, _ = self.text(cells, name)
                if text:
                    return text
        return None

    def _file_local(self, plan: RowPlan, required: bool, severity: str) -> int | None:
        """The local side given for the whole file, or a problem saying it is missing."""
        if self.local_problem:
            code, params = self.local_problem
            self.problem(plan, None, self.options.local, code, severity,
                         **{k: v for k, v in params.items() if k != "value"})
            return None
        if self.local_ref is None and required:
            self.problem(plan, None, None, "import.local.missing")
        return self.local_ref

    def _names_place(self, ref: int, names_by_lang: dict[str, str]) -> bool:
        """Whether one half of a cell naming both places names the place ``ref``."""
        names = [n for n in names_by_lang.values() if n]
        if ref > 0:
            if ref in self.places.candidates(names, None):
                return True
            info = self.places.places.get(ref)
            own = (info.name_en, info.name_zh) if info else ()
        else:
            new = self.places.new_by_ref.get(ref)
            own = (new.name_en, new.name_zh, new.name_native) if new else ()
        keys = {_loose_key(n) for n in own if n}
        return any(_loose_key(n) in keys for n in names)

    def _reversed(self, first: dict, second: dict, local_code: str | None,
                  country: CountryMatch | None) -> bool:
        """Whether the register knows "神户—天津" the other way round (天津 local, 神户 JP)."""
        local_codes = self._country_codes(local_code)
        partner_codes = self._country_codes(country.code) if country else None

        def known(half: dict, codes) -> bool:
            return bool(codes) and bool(self.places.candidates(list(half.values()), codes))

        return (known(second, local_codes) or known(first, partner_codes)) and \
            not (known(first, local_codes) or known(second, partner_codes))

    def row_pairing(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        level = self.term(plan, cells, "level", "level", self.options.default_level)
        kind_text, _ = self.text(cells, "kind")
        kind = self.term(plan, cells, "kind", "kind", self.options.default_kind)
        if level == self.options.default_level and "level" not in self.cols and kind_text and \
                _PROVINCE_WORD.search(kind_text):
            level = "province"
        status = self.term(plan, cells, "status", "status", self.options.default_status)
        place_type = "province" if level == "province" else "city"
        country = self.country(plan, cells)
        signed = None
        if country is not None and country.historic:  # kept on the pairing; the place is in today's
            signed = country.code
            country = self._present_country(plan, cells, country)
        local, partner, _, _ = self._sides_of_row(plan, cells, country, place_type, texts=False)
        if partner is None and not any(p.severity == "error" for p in plan.problems):
            self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
        if local is not None and partner is not None and local == partner:
            self.problem(plan, None, None, "import.value.self_pairing")
        v.update(place_a_id=local, place_b_id=partner, kind=kind, level=level, status=status,
                 country_at_signing=signed)
        for side, ref in (("local", local), ("partner", partner)):
            if ref is not None and ref < 0 and f"{side}_latitude" in self.cols:
                self._coordinates(plan, cells, side, self.places.new_by_ref[ref])
        for name in ("established", "ended", "source_checked"):
            v[name] = self.date(plan, cells, name) if name in self.cols else ""
        if v["established"] and v["ended"] and dates.last_day(v["ended"]) < dates.first_day(v["established"]):
            self.problem(plan, self.cell(cells, "ended")[1], v["ended"], "import.value.end_before_start")
        for name in ("end_reason", "signed_at_place", "signed_at_event", "signatories",
                     "agreement_ref", "source", "source_url", "notes"):
            v[name] = self._limited(plan, cells, name, Pairing) if name in self.cols else ""
        contact, ccol = self.text(cells, "contact")
        if contact and not is_unknown(contact):
            name, _, rest = contact.partition(",")
            if not name.strip():
                name, rest = contact, ""
            plan.extra["contact"] = {"name": name.strip(), "title": rest.strip()}
        if local is not None and partner is not None and kind:
            plan.key = (frozenset((local, partner)), kind)

    def _present_country(self, plan: RowPlan, cells, signed: CountryMatch) -> CountryMatch | None:
        """A place named under a state that no longer exists (苏联, Yugoslavia) belongs to
        its present country, read from the gazetteer among that state's successors; the
        state is kept in the pairing's notes as the country at signing. When the gazetteer
        cannot tell (no such town, or one in two successors), the row is refused with
        the way out: never a present-day city filed under the Soviet Union, nor a guess."""
        names = []
        for name in ("partner", "partner_en", "partner_zh", "partner_native", "places"):
            text, _col = self.text(cells, name)
            names.extend(place_parts(text) if name == "places" else [text] if text else [])
        return self._replay(plan, ("present", signed.code, tuple(names)),
                            lambda scratch: self._present(scratch, names, signed))

    def _present(self, plan: RowPlan, names: list[str], signed: CountryMatch) -> CountryMatch | None:
        from twindesk.core import gazetteer

        successors = SUCCESSOR_STATES.get(signed.code, [signed.successor] if signed.successor else [])
        # The register first (a place the clerk already has), then the gazetteer.
        known = self.places.candidates(names, set(successors))
        codes = {self.places.places[i].country_code for i in known}
        if not codes:
            found = gazetteer.exact_many([(n, c) for n in names for c in successors])
            codes = {place.country for places in found.values() for place in places}
        col = (self.cols.get("country") or [None])[0]
        if len(codes) != 1:
            self.problem(plan, col, " / ".join(names), "import.value.former_state_unknown",
                         state=signed.label, examples=", ".join(successors[:4]))
            return None
        present = self.countries.resolve(next(iter(codes)))
        plan.extra.setdefault("notes_extra", []).append(
            translate("import.country_at_signing", "en", state=signed.name_en, zh=signed.name_zh))
        return present

    def _coordinates(self, plan: RowPlan, cells, side: str, place: NewPlace) -> None:
        """A new place takes the coordinates of the first row that gives valid ones."""
        if place.latitude is not None:
            return
        lat, lat_col = self.cell(cells, f"{side}_latitude")
        lng, _ = self.cell(cells, f"{side}_longitude")
        try:
            lat, lng = float(lat), float(lng)
        except (TypeError, ValueError):
            if lat is not None or lng is not None:
                self.problem(plan, lat_col, f"{lat}, {lng}", "import.value.bad_coordinates", "warning")
            return
        if -90 <= lat <= 90 and -180 <= lng <= 180:
            place.latitude, place.longitude = lat, lng
        else:
            self.problem(plan, lat_col, f"{lat}, {lng}", "import.value.bad_coordinates", "warning")

    def _limited(self, plan, cells, name, model, column: str | None = None) -> str:
        text, col = self.text(cells, name)
        limit = self._limits.get((model, column or name), _MISSING)
        if limit is _MISSING:
            limit = self._limits[(model, column or name)] = getattr(
                model.__table__.c[column or name].type, "length", None)
        if limit and len(text) > limit:
            self.problem(plan, col, text[:40] + "…", "import.value.too_long", max=limit)
        return text

    def _bilingual(self, plan: RowPlan, cells, field: str, *, either: bool) -> None:
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

    def _title(self, plan: RowPlan, cells) -> None:
        self._bilingual(plan, cells, "title", either=True)

    def _dates(self, plan: RowPlan, cells) -> None:
        v = plan.values
        value, col = self.cell(cells, "dates")
        v["start"], v["end"] = "", ""
        if value is not None:
            try:
                start, end, notes = to_date_range(value, dayfirst=self.dayfirst.get("dates"))
                v["start"], v["end"] = start, end
                self._date_notes(plan, col, value, start, notes)
            except ValueProblem as e:
                code = e.code
                if code == "import.value.date_ambiguous":
                    code = "import.value.date_ambiguous_ask"
                    if "dates" in self.questions:
                        self.questions["dates"].rows.append(plan.row)
                self.problem(plan, col, value, code, **e.params)
        if "start" in self.cols:
            v["start"] = self.date(plan, cells, "start") or v["start"]
        if "end" in self.cols:
            v["end"] = self.date(plan, cells, "end") or v["end"]
        if v["start"] and v["end"] and dates.last_day(v["end"]) < dates.first_day(v["start"]):
            self.problem(plan, self.cell(cells, "end")[1], v["end"], "import.value.end_before_start")

    def _fields(self, plan: RowPlan, cells) -> list[str]:
        text, col = self.text(cells, "fields")
        out = []
        for item in split_list(text):
            code = self.terms["field"].resolve(item)
            if code is None:
                self.problem(plan, col, item, "import.value.unknown_field_kept", "warning")
                plan.extra.setdefault("notes_extra", []).append(
                    f"{self.layout.headers[col] if col is not None else 'fields'}: {item}")
            elif code not in out:
                out.append(code)
        return out

    def _linked_pairing(self, plan: RowPlan, cells, *, required: bool) -> int | None:
        """The register pairing a row refers to (both cities in a cell, or local + partner)."""
        country = self.country(plan, cells) if "country" in self.cols else None
        if not any(self.cell(cells, n)[0] is not None
                   for n in ("places", "partner", "partner_zh", "partner_en", "partner_native")):
            if required:
                self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
            return None
        local, partner, a, b = self._sides_of_row(plan, cells, country, "city", create=False,
                                           local_required=False,
                                           severity="error" if required else "warning")
        if plan.extra.get("many"):
            return None
        places = [p for p in (local, partner) if p is not None and p > 0]
        plan.links["places"] = places
        if local is None or partner is None or local < 0 or partner < 0:
            if required:
                self.problem(plan, None, None, "import.value.pairing_not_found",
                             a=_names_pair(a, self.places, local), b=_names_pair(b, self.places, partner))
            return None
        kind = self.term(plan, cells, "kind", "kind", None) if "kind" in self.cols else None
        t = Pairing.__table__
        q = select(t.c.id).where(or_(and_(t.c.place_a_id == local, t.c.place_b_id == partner),
                                     and_(t.c.place_a_id == partner, t.c.place_b_id == local)))
        if kind:
            q = q.where(t.c.kind == kind)
        ids = list(self.conn.execute(q).scalars())
        if len(ids) == 1:
            return ids[0]
        severity = "error" if required else "warning"
        self.problem(plan, self.cell(cells, "places")[1], None,
                     "import.value.pairing_not_found" if not ids else "import.value.pairing_ambiguous",
                     severity, a=self.places.label(local), b=self.places.label(partner))
        return None

    def row_exchange(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        self._title(plan, cells)
        v["exchange_type"] = self.term(plan, cells, "exchange_type", "exchange_type",
                                       self.options.default_exchange_type, unknown="keep")
        self._dates(plan, cells)
        value, col = self.cell(cells, "participants")
        v["participants"] = None
        if value is not None:
            try:
                v["participants"] = to_int(value)
            except ValueProblem as e:
                if e.code == "import.value.number_in_text":
                    v["participants"] = e.params["number"]
                    self.problem(plan, col, value, e.code, "warning", **e.params)
                else:
                    self.problem(plan, col, value, e.code, **e.params)
        v["venue"] = self._limited(plan, cells, "venue", Exchange)
        v["outcome"], _ = self.text(cells, "outcome")
        v["notes"], _ = self.text(cells, "notes")
        plan.links["fields"] = self._fields(plan, cells)
        pairing = self._linked_pairing(plan, cells, required=False)
        plan.links["pairings"] = [pairing] if pairing else []
        prog, pcol = self.text(cells, "programme")
        v["programme_id"] = None
        if prog:
            t = Programme.__table__
            ids = list(self.conn.execute(select(t.c.id).where(
                or_(t.c.title_en == prog, t.c.title_zh == prog))).scalars())
            if len(ids) == 1:
                v["programme_id"] = ids[0]
            else:
                self.problem(plan, pcol, prog, "import.value.programme_not_found", "warning")
        plan.key = (fold(v["title_zh"] or v["title_en"]), v["start"])

    def row_programme(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        self._title(plan, cells)
        self._dates(plan, cells)
        v["status"] = self.term(plan, cells, "status", "programme_status", "active")
        v["description"], _ = self.text(cells, "description")
        plan.links["fields"] = self._fields(plan, cells)
        plan.links.pop("places", None)
        v["pairing_id"] = self._linked_pairing(plan, cells, required=True)
        plan.links.pop("places", None)
        plan.key = (v["pairing_id"], fold(v["title_zh"] or v["title_en"]))

    def row_contact(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        self._bilingual(plan, cells, "name", either=False)
        v["title"] = self._limited(plan, cells, "job_title", Contact, "title") if "job_title" in self.cols else ""
        for f in ("organisation", "phone", "email", "language", "notes"):
            v[f] = self._limited(plan, cells, f, Contact) if f != "notes" else self.text(cells, f)[0]
        if v["email"] and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", v["email"]):
            self.problem(plan, self.cell(cells, "email")[1], v["email"], "import.value.bad_email")
        country = self.country(plan, cells) if "country" in self.cols else None
        v["place_id"] = None
        place, pcol = self.text(cells, "place")
        if place:
            codes = self._country_codes(country.code) if country else None
            ids = self.places.candidates([place], codes)
            if len(ids) == 1:
                v["place_id"] = next(iter(ids))
            else:
                self.problem(plan, pcol, place, "import.value.place_not_found" if not ids
                             else "import.value.place_ambiguous", "warning",
                             role="import.role.place", count=len(ids))
        pairing = None
        if "places" in self.cols or "partner" in self.cols:
            pairing = self._linked_pairing(plan, cells, required=False)
        plan.links.pop("places", None)
        plan.links["pairings"] = [pairing] if pairing else []
        plan.key = (fold(v["name_zh"] or v["name_en"]), fold(v["organisation"]))

    # -- new places that turn out to be one -----------------------------------------------
    def join_same_places(self, plans: list[RowPlan]) -> None:
        """New places the gazetteer has shown to be one place ("神户" on one row, "Kobe" on
        another) become one: the rows of the others point at the first, whose aliases take
        their spellings. Run after the gazetteer completed them, before duplicates."""
        first: dict[tuple[str, str], NewPlace] = {}
        moved: dict[int, int] = {}
        for place in self.places.new:
            if not place.gazetteer_id:
                continue
            kept = first.setdefault((place.country_code, place.gazetteer_id), place)
            if kept is not place:
                moved[place.key] = kept.key
                kept.rows.extend(place.rows)
                kept.aliases.extend(n for n in (place.name_en, place.name_zh, place.name_native, *place.aliases)
                                    if n and n not in (kept.name_en, kept.name_zh, kept.name_native, *kept.aliases))
        if not moved:
            return
        self.places.new = [p for p in self.places.new if p.key not in moved]
        for plan in plans:
            sides = [plan.values.get(k) for k in ("place_a_id", "place_b_id")]
            if not any(ref in moved for ref in sides):
                continue
            for k, ref in zip(("place_a_id", "place_b_id"), sides):
                if ref in moved:
                    plan.values[k] = moved[ref]
            a, b = plan.values["place_a_id"], plan.values["place_b_id"]
            if plan.key is not None and a is not None and b is not None:
                plan.key = (frozenset((a, b)), plan.key[1])

    # -- new places nothing confirms ----------------------------------------------------
    def ask_about_new_places(self, plans: list[RowPlan]) -> None:
        """A new place that neither the gazetteer nor the clerk confirms is asked about,
        never just made: a typo ("Pekin"), a name the register knows another way, or a
        town no list has. The rows naming it wait (refused, with the reason) until the
        clerk answers: this place of the register, a new place, or skip the rows. With
        ``create_places`` (the command line's ``--create-places``) they are all made."""
        waiting = {p.key: p for p in self.places.new if not p.confirmed}
        if len(waiting) <= self.SECOND_LOOK:
            for place in waiting.values():
                self._second_look(place)
        if self.options.create_places:
            return
        waiting = {k: p for k, p in waiting.items() if not p.confirmed}
        if not waiting:
            return
        asked: set[int] = set()
        for plan in plans:
            if plan.action == "reject":
                continue
            for name in ("place_a_id", "place_b_id"):
                place = waiting.get(plan.values.get(name))
                if place is None:
                    continue
                label = place.label()
                self.problem(plan, None, " / ".join(dict.fromkeys(n for n in label if n)),
                             "import.value.place_to_resolve")
                plan.action = "reject"
                if place.key not in asked:
                    asked.add(place.key)
                    self._ask_about(place)

    SECOND_LOOK = 2000  # new places looked for once more, by every name and without suffixes

    def _second_look(self, place: NewPlace) -> None:
        """The gazetteer asked again for a new place it did not name exactly: by each of
        its names, without administrative suffixes ("Hubei Province") and by pinyin. One
        place that all its names agree on is it; several are offered to the clerk."""
        from twindesk.core import gazetteer
        from twindesk.core.spreadsheets.places import fill_from_gazetteer, gazetteer_kinds

        kinds = gazetteer_kinds(place.place_type)
        common: dict[str, object] | None = None
        for name in (place.name_en, place.name_zh):
            if not name:
                continue
            found = {h.id: h for h in gazetteer.match(name, place.country_code) if h.kind in kinds}
            common = found if common is None else {k: h for k, h in common.items() if k in found}
        hits = list((common or {}).values())
        if len(hits) == 1 and not self.places.candidates(
                [n for n in (hits[0].name_en, hits[0].name_zh) if n], {place.country_code}):
            fill_from_gazetteer(place, hits[0])
        elif hits and not place.options:
            place.options = hits[:8]

    def _ask_about(self, place: NewPlace) -> None:
        shown = " / ".join(dict.fromkeys(n for n in place.label() if n))
        similar = place.similar or self._close_places(place)
        self.questions[place.question] = Question(
            key=place.question, kind="new_place",
            text=(f"“{shown}” ({place.country_code}) is not in the register, and the gazetteer "
                  f"does not say which place it is: which is it?",
                  f"“{shown}”（{place.country_code}）不在登记册中，地名库也无法确定是哪个地点：是哪个？"),
            choices=[(i, self._place_choice_label(i)) for i in similar]
            + [(f"gaz:{h.id}", _gazetteer_label(h)) for h in place.options]
            + [("new", ("Create it as a new place", "新建此地点")),
               ("skip", ("Skip these rows", "跳过这些行"))],
            rows=[r for r in place.rows if r])

    def _close_places(self, place: NewPlace) -> list[int]:
        """Register places in the same country whose names are close ("Pekin", Beijing)."""
        import difflib

        if self._country_keys is None:
            self._country_keys = {}
            for k, ids in self.places.by_key.items():
                for i in ids:
                    self._country_keys.setdefault(self.places.places[i].country_code, []).append(k)
        keys = self._country_keys.get(place.country_code, [])
        found: list[int] = []
        for name in (place.name_en, place.name_zh, place.name_native):
            if name:
                for k in difflib.get_close_matches(normalize_name(name), keys, n=3, cutoff=0.75):
                    found.extend(i for i in sorted(self.places.by_key[k]) if i not in found)
        return found[:5]

    # -- duplicates -------------------------------------------------------------------
    def finish(self, plans: list[RowPlan]) -> None:
        existing = self._existing_keys(plans)
        for plan in plans:
            if plan.action == "reject" or plan.key is None:
                continue
            choice = self.options.row_actions.get(plan.row, self.options.on_duplicate)
            if plan.key in self.seen:
                first = self.seen[plan.key]
                plan.duplicate_of = ("row", first.row)
                self._duplicate(plan, choice, first_in_file=first)
                continue
            self.seen[plan.key] = plan
            if plan.key in existing:
                rid, old = existing[plan.key]
                plan.duplicate_of = ("register", rid)
                self._duplicate(plan, choice, old=old)

    def _duplicate(self, plan: RowPlan, choice: str, first_in_file: RowPlan | None = None,
                   old: dict | None = None) -> None:
        where = (f"row {plan.duplicate_of[1]}", f"第 {plan.duplicate_of[1]} 行") \
            if plan.duplicate_of[0] == "row" else \
            (f"{translate('entity.' + self.target, 'en')} #{plan.duplicate_of[1]}",
             f"{translate('entity.' + self.target, 'zh')} #{plan.duplicate_of[1]}")
        if first_in_file is not None:
            base = first_in_file.values if first_in_file.action != "update" \
                else {**first_in_file.extra.get("old", {}), **first_in_file.values}
        else:
            base = old or {}
        if choice in ("skip", "keep"):
            # What an update would change, for the clerk choosing on the duplicates page;
            # commit reads the changes of updated rows only.
            plan.changes = _changes(base, plan.values)
        if choice == "skip":
            plan.action = "skip"
            self.problem(plan, None, None, "import.dup.skipped", "warning", where=where)
        elif choice == "keep":
            self.problem(plan, None, None, "import.dup.kept", "warning", where=where)
        else:  # update
            plan.action = "update"
            if first_in_file is not None:
                changes = _changes(base, plan.values)
                if first_in_file.action == "update":
                    # Both rows update the same register record: fold this row into that one.
                    for k, (_, new) in changes.items():
                        first_in_file.values[k] = new
                        first_in_file.changes[k] = (first_in_file.extra["old"].get(k), new)
                    plan.action = "skip"
                else:
                    for k, (_, new) in changes.items():
                        first_in_file.values[k] = new
                    plan.action = "skip"
                plan.changes = changes
                self.problem(plan, None, None, "import.dup.merged", "warning", where=where)
            else:
                plan.extra["old"] = old
                plan.changes = _changes(old, plan.values)
                plan.extra["version"] = old.get("version")
                if plan.changes:
                    self.problem(plan, None, None, "import.dup.updated", "warning", where=where,
                                 count=len(plan.changes))
                else:  # counted as unchanged (Plan.counts), not as an update
                    self.problem(plan, None, None, "import.dup.unchanged", "warning", where=where)

    def _existing_keys(self, plans: list[RowPlan]) -> dict:
        out: dict = {}
        if self.target == "pairing":
            t = Pairing.__table__
            wanted = {p.key for p in plans if p.key is not None}
            places = {pid for key in wanted for pid in key[0] if pid > 0}
            if not places:
                return out
            cols = [t.c[c] for c in ("id", "place_a_id", "place_b_id", "kind", "version",
                                     *UPDATABLE["pairing"])]
            rows = []
            ids = sorted(places)
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                rows.extend(self.conn.execute(select(*cols).where(
                    or_(t.c.place_a_id.in_(chunk), t.c.place_b_id.in_(chunk)))))
            current = self.terms["status"].current
            for row in sorted(rows, key=lambda r: (r.status not in current, r.id)):
                key = (frozenset((row.place_a_id, row.place_b_id)), row.kind)
                if key in wanted and key not in out:
                    out[key] = (row.id, dict(row._mapping))
            return out
        model = {"exchange": Exchange, "programme": Programme, "contact": Contact}[self.target]
        t = model.__table__
        cols = [t.c.id, t.c.version, *(t.c[c] for c in UPDATABLE[self.target])]
        wanted = {p.key for p in plans if p.key is not None}
        for row in self.conn.execute(select(*cols)):
            m = dict(row._mapping)
            if self.target == "exchange":
                key = (fold(m["title_zh"] or m["title_en"]), m["start"])
            elif self.target == "programme":
                key = (m["pairing_id"], fold(m["title_zh"] or m["title_en"]))
            else:
                key = (fold(m["name_zh"] or m["name_en"]), fold(m["organisation"]))
            if key in wanted and key not in out:
                out[key] = (row.id, m)
        return out


UPDATABLE = {
    "pairing": ("level", "status", "established", "ended", "end_reason", "signed_at_place",
                "signed_at_event", "signatories", "agreement_ref", "source", "source_url",
                "source_checked", "notes", "country_at_signing"),
    "exchange": ("title_en", "title_zh", "exchange_type", "start", "end", "venue",
                 "participants", "programme_id", "outcome", "notes"),
    "programme": ("pairing_id", "title_en", "title_zh", "start", "end", "status", "description"),
    "contact": ("name_en", "name_zh", "title", "organisation", "place_id", "phone", "email",
                "language", "notes"),
}


def _changes(old: dict, new: dict) -> dict[str, tuple[Any, Any]]:
    """Fields the file would change; an empty cell never blanks a register value."""
    out = {}
    for k, value in new.items():
        if k not in old or value in (None, "") or k in ("place_a_id", "place_b_id", "kind"):
            continue
        if old.get(k) != value:
            out[k] = (old.get(k), value)
    return out


_BAD = object()  # a cell naming more than two places, or two places unclearly
_LOOSE_SUFFIX = re.compile(r"(?:市|省|city|province)$")


def _gazetteer_label(place) -> tuple[str, str]:  # noqa: ANN001 - a gazetteer.GazetteerPlace
    where = ", ".join(str(x) for x in (place.parent, place.country) if x)
    people = f", {place.population:,}" if place.population else ""
    return (f"{place.name_en} {place.name_zh or ''} ({where}{people}) — from the gazetteer".replace("  ", " "),
            f"{place.name_zh or place.name_en}（{place.name_en}，{where}{people}）— 地名库")


def _loose_key(name: str) -> str:
    """A name's key without the suffix a list may add or leave off (天津市, Tianjin City)."""
    key = fold(name)
    stripped = _LOOSE_SUFFIX.sub("", key)
    return stripped or key


def _names_pair(text, places, ref):
    if ref is not None:
        return places.label(ref)
    return (text or "?", text or "?")


def normalize_key(names: list[str]) -> str:
    return "|".join(sorted({normalize_name(n) for n in names if n}))


def _range_halves(text: str) -> list[str]:
    from twindesk.core.spreadsheets.values import split_range

    pair = split_range(clean_text(text))
    return list(pair) if pair else [text]


_AMBIG = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


def _is_ambiguous_date(text: str) -> bool:
    m = _AMBIG.fullmatch(clean_text(text))
    return bool(m) and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2] \
        and int(m[1]) != int(m[2])
