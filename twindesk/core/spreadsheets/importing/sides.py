"""The two places of a row: the local and the partner side, from their own columns or a
cell naming both, matched against the register and the gazetteer, or planned as new
places; asked about, never guessed, when unsure."""

from __future__ import annotations

import re
from typing import Any

from twindesk.core import gazetteer  # its data is opened on first use only
from twindesk.core.countries import CountryMatch
from twindesk.core.models import Place
from twindesk.core.search import fold, has_han
from twindesk.core.spreadsheets.importing.former_states import FormerStates
from twindesk.core.spreadsheets.importing.plan import Question, RowPlan
from twindesk.core.spreadsheets.places import (
    NewPlace,
    normalize_name,
    romanise_chinese_place,
    type_named,
)
from twindesk.core.spreadsheets.values import (
    clean_text,
    former_name,
    is_many_places,
    latin_and_native,
    place_parts,
)

_BAD = object()  # a cell naming more than two places, or two places unclearly
# A register place id, a new place (a negative key) or None; a problem (code, params) or None.
PlaceRef = tuple[int | None, tuple[str, dict[str, Any]] | None]

_LOOSE_SUFFIX = re.compile(r"(?:市|省|city|province)$")


def _loose_key(name: str) -> str:
    """A name's key without the suffix a list may add or leave off (天津市, Tianjin City)."""
    key = fold(name)
    stripped = _LOOSE_SUFFIX.sub("", key)
    return stripped or key


def _filled(value: Any) -> bool:
    """Whether a cell holds something (text that is not only spaces, or any other value)."""
    return value is not None and (value.__class__ is not str or clean_text(value) != "")


# (names, names by language, column, countries, former names -> the text each came from)
SideNames = tuple[list[str], dict[str, str], int | None, set[str] | None, dict[str, str]]


def normalize_key(names: list[str]) -> str:
    return "|".join(sorted({normalize_name(n) for n in names if n}))


class PlaceSides(FormerStates):
    """Which places a row names: register places, new places, or a question.

    One part of ``RowValidator`` (validate.py), which holds the state it reads."""

    # -- places ---------------------------------------------------------------------
    def place_ref(
        self,
        names: list[str],
        countries: set[str] | None,
        country: str | None,
        role: str,
        row: int,
        place_type: str = "city",
        names_by_lang: dict[str, str] | None = None,
        create: bool = True,
    ) -> PlaceRef:
        """A register place id, a new place (negative key), or a problem."""
        names = [n for n in names if n]
        if not names:
            return None, ("import.value.no_place", {"role": f"import.role.{role}"})
        memo_key = (
            tuple(names),
            country,
            role,
            place_type,
            create,
            tuple(sorted((names_by_lang or {}).items())),
        )
        hit = self._place_memo.get(memo_key)
        if hit is not None:
            ref, problem = hit
            if ref is not None and ref < 0:
                self.places.new_by_ref[ref].rows.append(row)
            elif problem and problem[0] == "import.value.place_ambiguous":
                self.questions[problem[1]["_q"]].rows.append(row)
            return ref, problem and (problem[0], {k: v for k, v in problem[1].items() if k != "_q"})
        result = self._place_ref(
            names, countries, country, role, row, place_type, names_by_lang, create
        )
        self._place_memo[memo_key] = result
        ref, problem = result
        return ref, problem and (problem[0], {k: v for k, v in problem[1].items() if k != "_q"})

    def _place_ref(
        self,
        names: list[str],
        countries: set[str] | None,
        country: str | None,
        role: str,
        row: int,
        place_type: str,
        names_by_lang: dict[str, str] | None,
        create: bool,
        formers: tuple[str, ...] = (),
        region: str = "",
    ) -> PlaceRef:
        ids = self.places.candidates(names, countries)
        qkey = (
            f"place:{country or '?'}:{normalize_key(names)}"
            if ids and len(ids) > 1 or self.options.place_choices
            else ""
        )
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
        if (
            present is not None
        ):  # "Peking": the register's, or the new, Beijing; never a second place
            ids = self.places.candidates([n for n in present[:2] if n], countries)
            if len(ids) == 1:
                return next(iter(ids)), None
            names = [n for n in present[:2] if n] + names
        else:  # "Hubei Province" is the register's Hubei; "波尔多市" its Bordeaux 波尔多
            ids = self.places.same_but_suffix(names, countries)
            if len(ids) == 1:
                return next(iter(ids)), None
            if len(ids) > 1:
                return self._ask_which(
                    names, ids, f"place:{country or '?'}:{normalize_key(names)}", role, row
                )
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
        aliases = list(formers)  # 列宁格勒 of 圣彼得堡（原列宁格勒）
        if present is not None:  # the present name; the file's old spelling kept as an alias
            aliases += [n for n in (name_en, name_zh) if n and n not in present[:2]]
            name_en, name_zh = present[0] or name_en, present[1] or name_zh
        if not name_en and name_zh and country == "CN":
            name_en = romanise_chinese_place(name_zh)
        if place_type == "city":  # the default: a name that says province is one (陕西省)
            place_type = type_named(name_zh, name_en) or place_type
        new = NewPlace(
            key=self.next_new,
            region=region,
            name_en=name_en,
            name_zh=name_zh,
            name_native=langs.get("native", ""),
            country_code=country,
            place_type=place_type,
            rows=[row],
            aliases=aliases,
            question=question,
            confirmed=choice == "new" or present is not None,
            gazetteer_id=picked,
        )
        self.next_new -= 1
        self.places.add_new(new)
        return new.key, None

    def _ask_which(
        self, names: list[str], ids: set[int], qkey: str, role: str, row: int
    ) -> PlaceRef:
        """Several register places answer to the name: a question, and the row waits."""
        q = self.questions.get(qkey)
        if q is None:
            q = self.questions[qkey] = Question(
                key=qkey,
                kind="place",
                text=(
                    f"Which place is “{' / '.join(names)}”?",
                    f"“{' / '.join(names)}”是哪个地点？",
                ),
                choices=[(i, self._place_choice_label(i)) for i in sorted(ids)]
                + [("new", ("A new place", "新建地点"))],
            )
        q.rows.append(row)
        return None, (
            "import.value.place_ambiguous",
            {"role": f"import.role.{role}", "count": len(ids), "_q": qkey},
        )

    def _present_names(
        self, names: list[str], countries: set[str] | None
    ) -> tuple[str, str] | None:
        """(English, Chinese) present names when one of ``names`` is the old name of exactly
        one place (in ``countries``, when known): Peking is Beijing, Kiev is Kyiv."""

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

    def _side_names(
        self,
        cells: list[Any],
        prefix: str,
        pair_name: str | None,
        code: str | None,
        given: dict[str, str] | None = None,
        given_col: int | None = None,
    ) -> SideNames | None:
        """(names, names by language, column, countries, former names) of one side, or None.

        ``given``: the side's names by language, from a cell naming both places, instead
        of the side's own columns. A former name in brackets after a name (圣彼得堡（原列宁
        格勒）) is not part of it: it is set aside, to be kept as another name of a new place.
        """
        formers: dict[str, str] = {}  # former name -> the cell's text it came from

        def without_former(text: str) -> str:
            name, former = former_name(text) if text else (text, "")
            if not former or self.countries.resolve(former) is not None:
                return text  # (原苏联): the country it was in, which the country cell says
            formers[former] = text
            return name

        if given is not None:
            given = {k: without_former(v) for k, v in given.items() if v}
            names = [given[k] for k in ("zh", "en", "native") if given.get(k)]
            if not names:
                return None
            return (
                names,
                dict(given),
                given_col,
                (self._country_codes(code) if code else None),
                formers,
            )
        generic, gcol = self.text(cells, prefix)
        en, ecol = self.text(cells, f"{prefix}_en")
        zh, zcol = self.text(cells, f"{prefix}_zh")
        native, ncol = self.text(cells, f"{prefix}_native") if prefix == "partner" else ("", None)
        if prefix == "partner" and not native and ecol is not None:  # "Zaporozhye⏎Запоріжжя"
            en, native = latin_and_native(self.cell(cells, "partner_en")[0])
        generic, en, zh, native = map(without_former, (generic, en, zh, native))
        if pair_name and not (generic or en or zh or native):
            generic = pair_name
            gcol = self.cols["places"][0] if "places" in self.cols else None
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
        col = next(
            (c for c, v in ((gcol, generic), (zcol, zh), (ecol, en), (ncol, native)) if v), gcol
        )
        if not names:
            return None
        return names, names_by_lang, col, (self._country_codes(code) if code else None), formers

    def side(
        self,
        plan: RowPlan,
        cells: list[Any],
        prefix: str,
        country: CountryMatch | None,
        fallback_country: str | None,
        place_type: str,
        *,
        create: bool = True,
        pair_name: str | None = None,
        given: dict[str, str] | None = None,
        given_col: int | None = None,
    ) -> int | None:
        """Resolve the local or partner side of a row from its name columns (or ``given``)."""
        code = country.code if country else fallback_country
        # Worked out once per distinct cells: a file names the same partners (and always
        # the same local side) again and again. The key is the raw cells of the side's
        # columns, so nothing is cleaned or looked up for a repeat.
        n = len(cells)
        key = (
            prefix,
            pair_name,
            code,
            place_type,
            create,
            given and tuple(sorted(given.items())),
            given_col,
            *[cells[c] if c < n else None for c in self._side_cols[prefix]],
        )
        hit = self._sides.get(key)
        if hit is None:
            if len(self._sides) > 300_000:
                self._sides.clear()
            prepared = self._side_names(cells, prefix, pair_name, code, given, given_col)
            if prepared is None:
                hit = self._sides[key] = (None,)
            else:
                names, names_by_lang, col, countries, formers = prepared
                limit = self._name_limit()
                ref: int | None
                problem: tuple[str, dict[str, Any]] | None
                if any(len(name) > limit for name in names):
                    # Longer than the register keeps: refused, never cut short.
                    ref, problem = None, ("import.value.too_long", {"max": limit})
                else:
                    ref, problem = self._place_ref(
                        names,
                        countries,
                        code,
                        prefix,
                        plan.row,
                        place_type,
                        names_by_lang,
                        create,
                        tuple(formers),
                        self.text(cells, "partner_region")[0] if prefix == "partner" else "",
                    )
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
        (names, _langs, col, _countries, formers), ref, problem = hit
        for former, text in formers.items():
            self.problem(plan, col, text, "import.value.former_name", "warning", former=former)
        if problem:
            severity = (
                "warning"
                if not create and problem[0] == "import.value.place_not_found"
                else "error"
            )
            if problem[0] == "import.value.no_country_for_new" and plan.extra.get(
                "country_failed" if prefix == "partner" else "local_country_failed"
            ):
                return None  # the country cell already says what is wrong
            params = {k: v for k, v in problem[1].items() if k != "_q"}
            shown = " / ".join(names)
            if problem[0] == "import.value.too_long":
                shown = shown[:40] + "…"
            self.problem(plan, col, shown, problem[0], severity, **params)
        return ref

    def _name_limit(self) -> int:
        limits = [self.column_limit(Place, c) for c in ("name_en", "name_zh", "name_native")]
        return min(limit for limit in limits if limit is not None)

    # -- the two sides of a row ---------------------------------------------------------
    def _pair_cell(self, plan: RowPlan, cells: list[Any]) -> tuple[Any, str | None]:
        """A cell naming both places ("天津—神户"): in a partner column, or the both-places one.

        Returns (pair, single): pair is (first, second, column, text) with each half's
        names by language, None, or _BAD when a cell names more than two places (said
        so); single is the one name the both-places column holds (the partner), or None.
        """
        first: dict[str, str] = {}
        second: dict[str, str] = {}
        singles = 0
        col = text = None
        for name, lang in (
            ("partner", ""),
            ("partner_zh", "zh"),
            ("partner_en", "en"),
            ("partner_native", "native"),
        ):
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
        return (
            {"zh" if has_han(a) else "en": a},
            {"zh" if has_han(b) else "en": b},
            c,
            value,
        ), None

    def _sides_of_row(
        self,
        plan: RowPlan,
        cells: list[Any],
        country: CountryMatch | None,
        place_type: str,
        *,
        create: bool = True,
        local_required: bool = True,
        severity: str = "error",
        texts: bool = True,
    ) -> tuple[int | None, int | None, str | None, str | None]:
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
        width = len(cells)  # whether any local-side column has a value, as cell() sees one:
        local_in_row = any(_filled(cells[c]) for c in self._side_cols["local"] if c < width)
        if local_in_row:
            local = self.side(
                plan, cells, "local", local_country, local_code, place_type, create=create
            )
            local_text = self._side_text(cells, "local") if texts else None
        elif pair is None or self.options.local is not None:
            local = self._file_local(plan, local_required, severity)
            local_text = None
        if pair is None:
            partner = self.side(
                plan, cells, "partner", country, None, place_type, create=create, pair_name=single
            )
            return (
                local,
                partner,
                local_text,
                single or (self._side_text(cells, "partner") if texts else None),
            )
        first, second, col, text = pair
        if local_in_row or self.options.local is not None:
            if local is None:
                return None, None, local_text, None  # what is wrong with it is said
            if self._names_place(local, first):
                half = second
            elif self._names_place(local, second):
                half = first
            else:
                self.problem(
                    plan,
                    col,
                    text,
                    "import.value.pair_not_local",
                    severity,
                    place=self.places.label(local),
                )
                return local, None, local_text, None
            partner = self.side(
                plan,
                cells,
                "partner",
                country,
                None,
                place_type,
                create=create,
                given=half,
                given_col=col,
            )
            return local, partner, local_text, next(iter(half.values()))
        # Both places named here, the local one first (as an office's lists write them),
        # unless the register knows them the other way round.
        if self._reversed(first, second, local_code, country):
            first, second = second, first
        local = self.side(
            plan,
            cells,
            "local",
            local_country,
            local_code,
            place_type,
            create=create,
            given=first,
            given_col=col,
        )
        partner = self.side(
            plan,
            cells,
            "partner",
            country,
            None,
            place_type,
            create=create,
            given=second,
            given_col=col,
        )
        return local, partner, next(iter(first.values())), next(iter(second.values()))

    def _side_text(self, cells: list[Any], prefix: str) -> str | None:
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
            self.problem(
                plan,
                None,
                self.options.local,
                code,
                severity,
                **{k: v for k, v in params.items() if k != "value"},
            )
            return None
        if self.local_ref is None and required:
            self.problem(plan, None, None, "import.local.missing")
        return self.local_ref

    def _names_place(self, ref: int, names_by_lang: dict[str, str]) -> bool:
        """Whether one half of a cell naming both places names the place ``ref``."""
        names = [n for n in names_by_lang.values() if n]
        own: tuple[str, ...]
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

    def _reversed(
        self, first: dict, second: dict, local_code: str | None, country: CountryMatch | None
    ) -> bool:
        """Whether the register knows "神户—天津" the other way round (天津 local, 神户 JP)."""
        local_codes = self._country_codes(local_code)
        partner_codes = self._country_codes(country.code) if country else None

        def known(half: dict, codes: set[str] | None) -> bool:
            return bool(codes) and bool(self.places.candidates(list(half.values()), codes))

        return (known(second, local_codes) or known(first, partner_codes)) and not (
            known(first, local_codes) or known(second, partner_codes)
        )

    def _coordinates(self, plan: RowPlan, cells: list[Any], side: str, place: NewPlace) -> None:
        """A new place takes the coordinates of the first row that gives valid ones."""
        if place.latitude is not None:
            return
        lat, lat_col = self.cell(cells, f"{side}_latitude")
        lng, _ = self.cell(cells, f"{side}_longitude")
        try:
            lat, lng = float(lat), float(lng)
        except (TypeError, ValueError):
            if lat is not None or lng is not None:
                self.problem(
                    plan, lat_col, f"{lat}, {lng}", "import.value.bad_coordinates", "warning"
                )
            return
        if -90 <= lat <= 90 and -180 <= lng <= 180:
            place.latitude, place.longitude = lat, lng
        else:
            self.problem(plan, lat_col, f"{lat}, {lng}", "import.value.bad_coordinates", "warning")
