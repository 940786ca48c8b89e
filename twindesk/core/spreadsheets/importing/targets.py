"""One method per kind of record a sheet can hold: pairings, exchanges, programmes and
contacts, each reading its fields with the cell and place rules."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select

from twindesk.core import dates
from twindesk.core.models import Contact, Exchange, Pairing, Programme
from twindesk.core.operations.entities import DIRECTION_OF_TYPE
from twindesk.core.search import fold, has_han
from twindesk.core.spreadsheets.importing.plan import RowPlan
from twindesk.core.spreadsheets.importing.sides import PlaceSides, _filled
from twindesk.core.spreadsheets.places import PlaceIndex
from twindesk.core.spreadsheets.values import (
    ValueProblemError,
    is_many_places,
    is_unknown,
    place_parts,
    to_int,
)

# The end of a list of partners that says there were more: "…河内等", "…Hanoi and others".
_MORE_PLACES = re.compile(
    r"\s*(?:等(?:城市|地|友城|友好城市)?|,?\s+(?:etc\.?|and (?:many )?others|"
    r"and other (?:cities|towns|places)))$",
    re.I,
)
_PROVINCE_WORD = re.compile(r"province|state|prefecture|省|州", re.I)


@lru_cache(maxsize=256)
def _names_a_province(kind_text: str) -> bool:
    """Whether a kind cell ("友好省州", "sister province") says the pairing is between
    provinces; remembered, as a list repeats its few kinds on every row."""
    return _PROVINCE_WORD.search(kind_text) is not None


def _names_pair(text: str | None, places: PlaceIndex, ref: int | None) -> tuple[str, str]:
    if ref is not None:
        return places.label(ref)
    return (text or "?", text or "?")


class TargetRows(PlaceSides):
    """``row_<target>``: the values of one row of that kind of record.

    One part of ``RowValidator`` (validate.py), which holds the state it reads."""

    if TYPE_CHECKING:  # RowValidator's

        def _required(self, plan: RowPlan, cells: list[Any]) -> bool: ...

    def row_pairing(self, plan: RowPlan, cells: list[Any]) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        level = self.term(plan, cells, "level", "level", self.options.default_level)
        kind_text, _ = self.text(cells, "kind")
        kind = self.term(plan, cells, "kind", "kind", self.options.default_kind)
        if (
            level == self.options.default_level
            and "level" not in self.cols
            and kind_text
            and _names_a_province(kind_text)
        ):
            level = "province"
        status = self.term(plan, cells, "status", "status", self.options.default_status)
        place_type = "province" if level == "province" else "city"
        country = self.country(plan, cells)
        signed = None
        if country is not None and country.historic:  # kept on the pairing; the place is in today's
            signed = country.code
            country = self._present_country(plan, cells, country)
        elif country is not None and "notes" in self.cols:
            signed = self._signed_in_notes(plan, cells, country.code)
        local, partner, _, _ = self._sides_of_row(plan, cells, country, place_type, texts=False)
        if (
            level == self.options.default_level
            and "level" not in self.cols
            and local is not None
            and self.places.place_type(local) in ("province", "autonomous_region")
        ):
            level = "province"  # 陕西省 and Utah "友好合作关系": a province's pairing is provincial
        if partner is None and not any(p.severity == "error" for p in plan.problems):
            self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
        if local is not None and partner is not None and local == partner:
            self.problem(plan, None, None, "import.value.self_pairing")
        v.update(
            place_a_id=local,
            place_b_id=partner,
            kind=kind,
            level=level,
            status=status,
            country_at_signing=signed,
        )
        if self._coordinate_sides:  # a file with latitude/longitude columns
            for side, ref in (("local", local), ("partner", partner)):
                if ref is not None and ref < 0 and side in self._coordinate_sides:
                    self._coordinates(plan, cells, side, self.places.new_by_ref[ref])
        for name in ("established", "ended", "source_checked"):
            v[name] = self.date(plan, cells, name) if name in self.cols else ""
        if (
            v["established"]
            and v["ended"]
            and dates.last_day(v["ended"]) < dates.first_day(v["established"])
        ):
            self.problem(
                plan, self.cell(cells, "ended")[1], v["ended"], "import.value.end_before_start"
            )
        for name in (
            "end_reason",
            "signed_at_place",
            "signed_at_event",
            "signatories",
            "agreement_ref",
            "source",
            "source_url",
            "notes",
        ):
            v[name] = self._limited(plan, cells, name, Pairing) if name in self.cols else ""
        contact, ccol = self.text(cells, "contact")
        if contact and not is_unknown(contact):
            name, _, rest = contact.partition(",")
            if not name.strip():
                name, rest = contact, ""
            plan.extra["contact"] = {"name": name.strip(), "title": rest.strip()}
        if local is not None and partner is not None and kind:
            plan.key = (frozenset((local, partner)), kind)

    def _linked_pairing(self, plan: RowPlan, cells: list[Any], *, required: bool) -> int | None:
        """The register pairing a row refers to (both cities in a cell, or local + partner)."""
        country = self.country(plan, cells) if "country" in self.cols else None
        if not any(
            self.cell(cells, n)[0] is not None
            for n in ("places", "partner", "partner_zh", "partner_en", "partner_native")
        ):
            if required:
                self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
            return None
        local, partner, a, b = self._sides_of_row(
            plan,
            cells,
            country,
            "city",
            create=False,
            local_required=False,
            severity="error" if required else "warning",
        )
        if plan.extra.get("many"):
            return None
        places = [p for p in (local, partner) if p is not None and p > 0]
        plan.links["places"] = places
        if local is None or partner is None or local < 0 or partner < 0:
            if required:
                self.problem(
                    plan,
                    None,
                    None,
                    "import.value.pairing_not_found",
                    a=_names_pair(a, self.places, local),
                    b=_names_pair(b, self.places, partner),
                )
            return None
        return self._pairing_of(plan, cells, local, partner, "error" if required else "warning")

    def _pairing_of(
        self, plan: RowPlan, cells: list[Any], local: int, partner: int, severity: str
    ) -> int | None:
        """The register's one pairing of two places (of the row's kind, if it gives one);
        else a problem saying there is none, or several."""
        kind = self.term(plan, cells, "kind", "kind", None) if "kind" in self.cols else None
        t = Pairing.__table__
        q = select(t.c.id).where(
            or_(
                and_(t.c.place_a_id == local, t.c.place_b_id == partner),
                and_(t.c.place_a_id == partner, t.c.place_b_id == local),
            )
        )
        if kind:
            q = q.where(t.c.kind == kind)
        ids = list(self.conn.execute(q).scalars())
        if len(ids) == 1:
            return ids[0]
        self.problem(
            plan,
            self.cell(cells, "places")[1],
            None,
            "import.value.pairing_not_found" if not ids else "import.value.pairing_ambiguous",
            severity,
            a=self.places.label(local),
            b=self.places.label(partner),
        )
        return None

    def _linked_pairings(self, plan: RowPlan, cells: list[Any]) -> list[int]:
        """The pairings an exchange belongs to: the row's one; or, when its partner cell
        names several partners beside a local side the row or the file gives (Beijing's
        music week with 柏林、巴黎、河内), the local side's pairing with each of them."""
        text, col = self._partner_cell(cells)
        if text and is_many_places(text):  # "多城市": which ones, the row does not say
            plan.extra["many"] = True
            self.problem(plan, col, text, "import.value.many_places", "warning")
            return []
        several = self._several_partners(plan, cells, text, col)
        if several is None:
            pairing = self._linked_pairing(plan, cells, required=False)
            return [pairing] if pairing else []
        local, partners = several
        plan.links["places"] = [p for p in (local, *partners) if p is not None and p > 0]
        if local is None:  # not in the register (said): its pairings cannot be found
            return []
        found = [self._pairing_of(plan, cells, local, p, "warning") for p in partners if p > 0]
        return list(dict.fromkeys(p for p in found if p is not None))

    def _partner_cell(self, cells: list[Any]) -> tuple[str, int | None]:
        """The first cell of the row naming its partner side (or both places)."""
        for name in ("partner", "partner_zh", "partner_en", "places"):
            text, col = self.text(cells, name) if name in self.cols else ("", None)
            if text:
                return text, col
        return "", None

    def _several_partners(
        self, plan: RowPlan, cells: list[Any], text: str, col: int | None
    ) -> tuple[int | None, list[int]] | None:
        """(local side, the register places of the partners) of a row whose partner cell
        ``text`` names several places, none of them the local side (None: a local side the
        register lacks, said); None for any other row (one partner, or a cell naming both
        sides, "北京—东京")."""
        named_all = _MORE_PLACES.sub("", text)  # "柏林、巴黎、河内等": those three, and others
        parts = place_parts(named_all) if named_all else []
        if len(parts) < 2:
            return None
        named = [{"zh" if has_han(part) else "en": part} for part in parts]
        width = len(cells)
        if any(_filled(cells[c]) for c in self._side_cols["local"] if c < width):
            local = self.side(
                plan, cells, "local", None, self.options.local_country, "city", create=False
            )
        elif self.options.local is not None and not self.local_problem:
            local = self._file_local(plan, False, "warning")
        else:
            return None  # the first place named is the local side, as in a pair's cell
        if local is not None and any(self._names_place(local, n) for n in named):
            return None
        if named_all != text:
            self.problem(plan, col, text, "import.value.more_partners", "warning", count=len(parts))
        partners = [
            self.side(
                plan, cells, "partner", None, None, "city", create=False, given=n, given_col=col
            )
            for n in named
        ]
        return local, [p for p in partners if p is not None]

    def row_exchange(self, plan: RowPlan, cells: list[Any]) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        self._title(plan, cells)
        v["exchange_type"] = self.term(
            plan,
            cells,
            "exchange_type",
            "exchange_type",
            self.options.default_exchange_type,
            unknown="keep",
        )
        # Direction and the leader's rank: blank when the sheet does not say, the direction
        # then following from the type by the form's rule; a word that is neither is refused.
        v["direction"] = self.term(plan, cells, "direction", "direction", "") or (
            DIRECTION_OF_TYPE.get(v["exchange_type"] or "", "")
        )
        v["leader_level"] = self.term(plan, cells, "leader_level", "leader_level", "") or ""
        self._dates(plan, cells)
        value, col = self.cell(cells, "participants")
        v["participants"] = None
        if value is not None:
            try:
                v["participants"] = to_int(value)
            except ValueProblemError as e:
                if e.code == "import.value.number_in_text":
                    v["participants"] = e.params["number"]
                    self.problem(plan, col, value, e.code, "warning", **e.params)
                else:
                    self.problem(plan, col, value, e.code, **e.params)
        v["venue"] = self._limited(plan, cells, "venue", Exchange)
        v["outcome"], _ = self.text(cells, "outcome")
        v["notes"], _ = self.text(cells, "notes")
        plan.links["fields"] = self._fields(plan, cells)
        plan.links["pairings"] = self._linked_pairings(plan, cells)
        self._keep_unlinked_places(plan, cells)
        prog, pcol = self.text(cells, "programme")
        v["programme_id"] = None
        if prog:
            t = Programme.__table__
            ids = list(
                self.conn.execute(
                    select(t.c.id).where(or_(t.c.title_en == prog, t.c.title_zh == prog))
                ).scalars()
            )
            if len(ids) == 1:
                v["programme_id"] = ids[0]
            else:
                self.problem(plan, pcol, prog, "import.value.programme_not_found", "warning")
        plan.key = (fold(v["title_zh"] or v["title_en"]), v["start"])

    def _keep_unlinked_places(self, plan: RowPlan, cells: list[Any]) -> None:
        """A place the register does not know is not linked (the warning says so), but its
        name, and the country the row gives, stay with the record in its notes: an
        exchange's partner city is never lost because the register lacks it yet."""
        unlinked = [p for p in plan.problems if p.code == "import.value.place_not_found"]
        if not unlinked:
            return
        notes = plan.extra.setdefault("notes_extra", [])
        for p in unlinked:
            notes.append(f"{p.column.split(' ', 1)[-1]}: {p.value}")
        country, col = self.text(cells, "country")
        if country and col is not None:
            notes.append(f"{self.layout.headers[col]}: {country}")

    def row_programme(self, plan: RowPlan, cells: list[Any]) -> None:
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

    def row_contact(self, plan: RowPlan, cells: list[Any]) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        self._bilingual(plan, cells, "name", either=False)
        v["title"] = (
            self._limited(plan, cells, "job_title", Contact, "title")
            if "job_title" in self.cols
            else ""
        )
        for f in ("organisation", "phone", "email", "language", "notes"):
            v[f] = (
                self._limited(plan, cells, f, Contact) if f != "notes" else self.text(cells, f)[0]
            )
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
                self.problem(
                    plan,
                    pcol,
                    place,
                    "import.value.place_not_found" if not ids else "import.value.place_ambiguous",
                    "warning",
                    role="import.role.place",
                    count=len(ids),
                )
        pairing = None
        if "places" in self.cols or "partner" in self.cols:
            pairing = self._linked_pairing(plan, cells, required=False)
        plan.links.pop("places", None)
        plan.links["pairings"] = [pairing] if pairing else []
        plan.key = (fold(v["name_zh"] or v["name_en"]), fold(v["organisation"]))
