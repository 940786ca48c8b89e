"""A town named under a state that no longer exists (苏联, Yugoslavia, 捷克斯洛伐克): found in
its present country, the former state kept as the pairing's country at signing."""

from __future__ import annotations

import re
from typing import Any

from twindesk.core import gazetteer  # its data is opened on first use only
from twindesk.core.countries import CountryMatch
from twindesk.core.i18n import translate
from twindesk.core.spreadsheets.importing.cells import CellReading
from twindesk.core.spreadsheets.importing.plan import RowPlan
from twindesk.core.spreadsheets.values import place_parts

# States that no longer exist, and the present countries their towns are in now.
SUCCESSOR_STATES = {
    "SUHH": "RU UA BY KZ UZ GE AZ LT MD LV KG TJ AM TM EE".split(),
    "YUCS": ["RS", "HR", "BA", "SI", "MK", "ME", "XK"],
    "CSHH": ["CZ", "SK"],
    "DDDE": ["DE"],
}

# A list's remark that a pairing was signed under a former state: 结好时属苏联.
_SIGNED_UNDER = re.compile(
    r"(?:结好|签约|缔结|结对)时(?:属于|属|为|系)\s*([^，。；、,;（）()\s]{2,12})"
)


class FormerStates(CellReading):
    """The present country of a place a row files under a former state.

    One part of ``RowValidator`` (validate.py), which holds the state it reads."""

    def _present_country(
        self, plan: RowPlan, cells: list[Any], signed: CountryMatch
    ) -> CountryMatch | None:
        """A place named under a state that no longer exists (苏联, Yugoslavia) belongs to
        its present country, read from the gazetteer among that state's successors; the
        state is kept in the pairing's notes as the country at signing. When the gazetteer
        cannot tell (no such town, or one in two successors), the row is refused with
        the way out: never a present-day city filed under the Soviet Union, nor a guess."""
        names = []
        for name in ("partner", "partner_en", "partner_zh", "partner_native", "places"):
            text, _col = self.text(cells, name)
            names.extend(place_parts(text) if name == "places" else [text] if text else [])
        return self._replay(
            plan,
            ("present", signed.code, tuple(names)),
            lambda scratch: self._present(scratch, names, signed),
        )

    def _present(
        self, plan: RowPlan, names: list[str], signed: CountryMatch
    ) -> CountryMatch | None:
        successors = SUCCESSOR_STATES.get(
            signed.code, [signed.successor] if signed.successor else []
        )
        # The register first (a place the clerk already has), then the gazetteer.
        known = self.places.candidates(names, set(successors))
        codes = {self.places.places[i].country_code for i in known}
        if not codes:
            found = gazetteer.exact_many([(n, c) for n in names for c in successors])
            codes = {place.country for places in found.values() for place in places}
        col = self.cols["country"][0] if self.cols.get("country") else None
        if len(codes) != 1:
            self.problem(
                plan,
                col,
                " / ".join(names),
                "import.value.former_state_unknown",
                state=signed.label,
                examples=", ".join(successors[:4]),
            )
            return None
        present = self.countries.resolve(next(iter(codes)))
        plan.extra.setdefault("notes_extra", []).append(
            translate("import.country_at_signing", "en", state=signed.name_en, zh=signed.name_zh)
        )
        return present

    def _signed_in_notes(self, plan: RowPlan, cells: list[Any], present: str) -> str | None:
        """The former state a row's remarks say the pairing was signed under (结好时属苏联
        beside 乌克兰), when the row's country is one of its successors; said as a warning.
        A remark naming a state that still exists (结好时为联邦德国: Germany) changes nothing."""
        text, col = self.text(cells, "notes")
        found = _SIGNED_UNDER.search(text) if text else None
        if found is None:
            return None
        state = self.countries.resolve(found[1])
        if state is None or not state.historic:
            return None
        if present not in SUCCESSOR_STATES.get(state.code, [state.successor]):
            return None  # a remark that does not fit the row's country: left as written
        self.problem(
            plan, col, text, "import.value.signed_in_notes", "warning", country=state.label
        )
        return state.code
