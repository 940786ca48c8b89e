"""What is decided over all rows once each is read: new places that turn out to be one,
new places nothing confirms (asked about), and duplicates within the file and
against the register."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Row

from twindesk.core import gazetteer  # its data is opened on first use only
from twindesk.core.i18n import translate
from twindesk.core.models import Contact, Exchange, Pairing, Programme, TableModel
from twindesk.core.search import fold
from twindesk.core.spreadsheets.importing.plan import Question, RowPlan
from twindesk.core.spreadsheets.importing.sides import PlaceSides
from twindesk.core.spreadsheets.places import (
    NewPlace,
    fill_from_gazetteer,
    gazetteer_kinds,
    in_region,
    normalize_name,
    qualified_match,
)

UPDATABLE = {
    "pairing": (
        "level",
        "status",
        "established",
        "ended",
        "end_reason",
        "signed_at_place",
        "signed_at_event",
        "signatories",
        "agreement_ref",
        "source",
        "source_url",
        "source_checked",
        "notes",
        "country_at_signing",
    ),
    "exchange": (
        "title_en",
        "title_zh",
        "exchange_type",
        "direction",
        "leader_level",
        "start",
        "end",
        "venue",
        "participants",
        "programme_id",
        "outcome",
        "notes",
    ),
    "programme": ("pairing_id", "title_en", "title_zh", "start", "end", "status", "description"),
    "contact": (
        "name_en",
        "name_zh",
        "title",
        "organisation",
        "place_id",
        "phone",
        "email",
        "language",
        "notes",
    ),
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


def _gazetteer_label(place: gazetteer.GazetteerPlace) -> tuple[str, str]:
    where = ", ".join(str(x) for x in (place.parent, place.country) if x)
    people = f", {place.population:,}" if place.population else ""
    return (
        f"{place.name_en} {place.name_zh or ''} ({where}{people}) — from the gazetteer".replace(
            "  ", " "
        ),
        f"{place.name_zh or place.name_en}（{place.name_en}，{where}{people}）— 地名库",
    )


class PlanReview(PlaceSides):
    """Decisions over the whole plan, after every row is read.

    One part of ``RowValidator`` (validate.py), which holds the state it reads."""

    SECOND_LOOK = 2000  # new places looked for once more, by every name and without suffixes

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
                kept.aliases.extend(
                    n
                    for n in (place.name_en, place.name_zh, place.name_native, *place.aliases)
                    if n and n not in (kept.name_en, kept.name_zh, kept.name_native, *kept.aliases)
                )
        if not moved:
            return
        self.places.new = [p for p in self.places.new if p.key not in moved]
        for plan in plans:
            sides = [plan.values.get(k) for k in ("place_a_id", "place_b_id")]
            if not any(ref in moved for ref in sides):
                continue
            for k, ref in zip(("place_a_id", "place_b_id"), sides, strict=True):
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
            for new in waiting.values():
                self._second_look(new)
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
                ref = plan.values.get(name)
                place = waiting.get(ref) if ref is not None else None
                if place is None:
                    continue
                label = place.label()
                self.problem(
                    plan,
                    None,
                    " / ".join(dict.fromkeys(n for n in label if n)),
                    "import.value.place_to_resolve",
                )
                plan.action = "reject"
                if place.key not in asked:
                    asked.add(place.key)
                    self._ask_about(place)

    def _second_look(self, place: NewPlace) -> None:
        """The gazetteer asked again for a new place it did not name exactly: by each of
        its names, without administrative suffixes ("Hubei Province"), by pinyin, and by
        a name with its region after a comma ("Kansas City, Missouri", "Pikeville, KY").
        One place that all the names the gazetteer knows agree on is it (a Chinese name it
        does not know, 波城 beside "Pau", says nothing against it); several are offered to
        the clerk, as are places of another kind (the state of Utah for a city column)."""
        kinds = gazetteer_kinds(place.place_type)
        common: dict[str, gazetteer.GazetteerPlace] | None = None
        others: dict[str, gazetteer.GazetteerPlace] = {}
        for name in (place.name_en, place.name_zh):
            if not name:
                continue
            every = qualified_match(name, place.country_code)
            others.update((h.id, h) for h in every if h.kind not in kinds)
            found = {h.id: h for h in every if h.kind in kinds}
            if not found:
                continue  # a name the gazetteer does not know
            common = found if common is None else {k: h for k, h in common.items() if k in found}
        hits = list((common or {}).values())
        if len(hits) > 1 and place.region:  # the file's state or province says which
            hits = in_region(hits, place.region, place.country_code) or hits
        if len(hits) == 1 and not self.places.candidates(
            [n for n in (hits[0].name_en, hits[0].name_zh) if n], {place.country_code}
        ):
            fill_from_gazetteer(place, hits[0])
        elif not place.options:
            place.options = (hits or list(others.values()))[:8]

    def _ask_about(self, place: NewPlace) -> None:
        shown = " / ".join(dict.fromkeys(n for n in place.label() if n))
        similar = place.similar or self._close_places(place)
        self.questions[place.question] = Question(
            key=place.question,
            kind="new_place",
            text=(
                f"“{shown}” ({place.country_code}) is not in the register, and the gazetteer "
                f"does not say which place it is: which is it?",
                f"“{shown}”（{place.country_code}）不在登记册中，地名库也无法确定是哪个地点：是哪个？",
            ),
            choices=[(i, self._place_choice_label(i)) for i in similar]
            + [(f"gaz:{h.id}", _gazetteer_label(h)) for h in place.options]
            + [
                ("new", ("Create it as a new place", "新建此地点")),
                ("skip", ("Skip these rows", "跳过这些行")),
            ],
            rows=[r for r in place.rows if r],
        )

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

    def _duplicate(
        self,
        plan: RowPlan,
        choice: str,
        first_in_file: RowPlan | None = None,
        old: dict | None = None,
    ) -> None:
        assert plan.duplicate_of is not None  # set by finish(), the caller
        where = (
            (f"row {plan.duplicate_of[1]}", f"第 {plan.duplicate_of[1]} 行")
            if plan.duplicate_of[0] == "row"
            else (
                f"{translate('entity.' + self.target, 'en')} #{plan.duplicate_of[1]}",
                f"{translate('entity.' + self.target, 'zh')} #{plan.duplicate_of[1]}",
            )
        )
        if first_in_file is not None:
            base = (
                first_in_file.values
                if first_in_file.action != "update"
                else {**first_in_file.extra.get("old", {}), **first_in_file.values}
            )
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
                assert old is not None  # a duplicate of a register record comes with it
                plan.extra["old"] = old
                plan.changes = _changes(old, plan.values)
                plan.extra["version"] = old.get("version")
                if plan.changes:
                    self.problem(
                        plan,
                        None,
                        None,
                        "import.dup.updated",
                        "warning",
                        where=where,
                        count=len(plan.changes),
                    )
                else:  # counted as unchanged (Plan.counts), not as an update
                    self.problem(plan, None, None, "import.dup.unchanged", "warning", where=where)

    def _existing_keys(self, plans: list[RowPlan]) -> dict:
        out: dict = {}
        key: tuple[Any, Any]
        if self.target == "pairing":
            t = Pairing.__table__
            wanted = {p.key for p in plans if p.key is not None}
            places = {pid for key in wanted for pid in key[0] if pid > 0}
            if not places:
                return out
            cols = [
                t.c[c]
                for c in (
                    "id",
                    "place_a_id",
                    "place_b_id",
                    "kind",
                    "version",
                    *UPDATABLE["pairing"],
                )
            ]
            rows: list[Row] = []
            ids = sorted(places)
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows.extend(
                    self.conn.execute(
                        select(*cols).where(
                            or_(t.c.place_a_id.in_(chunk), t.c.place_b_id.in_(chunk))
                        )
                    )
                )
            current = self.terms["status"].current
            for row in sorted(rows, key=lambda r: (r.status not in current, r.id)):
                key = (frozenset((row.place_a_id, row.place_b_id)), row.kind)
                if key in wanted and key not in out:
                    out[key] = (row.id, dict(row._mapping))
            return out
        models: dict[str, type[TableModel]] = {
            "exchange": Exchange,
            "programme": Programme,
            "contact": Contact,
        }
        t = models[self.target].__table__
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
