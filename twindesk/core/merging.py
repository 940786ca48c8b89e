"""Merging several registers into one: a provincial office gathers its cities' registers.

``merge_registers(target, sources)`` carries every record of each source into the target:

- Places are matched as the importer matches a name (``spreadsheets.places``): the same
  name, old name (Peking is Beijing) or name with an administrative suffix ("Hubei
  Province" is Hubei) in the same country, or the same gazetteer place under another of
  its names (Kobe is 神户). One match joins the place to the target's row; several are a
  question for the clerk, never a guess; none makes a new place. A source's places are
  never joined to each other (two Springfields in one register are two places).
- Pairings are matched by (local place, partner place, kind), either way round: the same
  pairing appears once. A pairing that matches two of the target's is a question.
- Programmes, exchanges, contacts and attached documents come along with their links
  remapped to the target's ids; one the target has already (same pairing and title,
  same exchange on the same day at the same place, same person, same file) is joined,
  not doubled. Status history, programme items and fields come with new records.
- What differs between a joined record and the target's is listed as a conflict; the
  target's values are kept. The terms of the sources' own lists (kinds, statuses...) and
  country groups the target lacks are added.
- All or nothing, in one transaction; with questions unanswered nothing is written.
- Recorded as one import (``import_batch``) with an audit row per record added, so the
  import history's undo (``spreadsheets.importing.undo``) takes it back; a file register
  is backed up first (``backups.backup_before``), as before an import.

Not carried: the sources' audit trails, import history, import presets, annual report
texts and register settings (own place, backup policy): they describe each source
register, not the records.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from twindesk.core import gazetteer
from twindesk.core.errors import TwinDeskError
from twindesk.core.models import (
    VOCABULARIES,
    AuditEntry,
    Contact,
    ContactPairing,
    Country,
    CountryGroup,
    CountryGroupMember,
    Document,
    Exchange,
    ExchangeField,
    ExchangePairing,
    ExchangePlace,
    ImportBatch,
    Pairing,
    PairingStatusChange,
    Place,
    PlaceAlias,
    Programme,
    ProgrammeField,
    ProgrammeItem,
    TableModel,
    utcnow,
)
from twindesk.core.spreadsheets.places import PlaceIndex, PlaceInfo, gazetteer_kinds
from twindesk.core.storage import Register, inserted_id, next_ids, open_for_reading

log = logging.getLogger("twindesk.merge")

Progress = Callable[[str, int, int], None]  # source, its number, how many sources
BILINGUAL = tuple[str, str]
# What a joined record is compared on (the rest is bookkeeping or free text).
COMPARED = {
    "place": ("place_type", "parent_id", "latitude", "longitude"),
    "pairing": (
        "level",
        "status",
        "established",
        "ended",
        "agreement_ref",
        "signatories",
        "signed_at_place",
    ),
    "programme": ("status", "end", "description"),
    "exchange": ("end", "participants", "outcome", "direction", "leader_level"),
    "contact": ("title", "organisation", "phone"),
}
UNDO_ENTITIES = ("place", "pairing", "programme", "exchange", "contact", "document")


@dataclass
class Question:
    """Something the merge cannot decide: which of the target's records a source's is."""

    key: str  # what --answer KEY=CHOICE names: "1:place:17"
    text: BILINGUAL
    choices: list[tuple[str, BILINGUAL]]  # (answer, label): target ids, then "new"

    def prompt(self, lang: str) -> str:
        pick = 1 if lang == "zh" else 0
        options = "; ".join(f"{value} = {label[pick]}" for value, label in self.choices)
        return f"{self.text[pick]} [{self.key}] {options}"


@dataclass
class MergeResult:
    target: str
    sources: list[str]
    added: dict[str, int] = field(default_factory=dict)  # rows written per table
    joined: dict[str, int] = field(default_factory=dict)  # records found in the target
    places_joined: list[BILINGUAL] = field(default_factory=list)
    conflicts: list[BILINGUAL] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    waiting: int = 0  # records left out until the questions are answered
    batch_id: int | None = None  # the import it is recorded as (None: nothing written)
    backup: Path | None = None
    dry_run: bool = False

    @property
    def written(self) -> bool:
        return self.batch_id is not None


class _DryRunError(Exception):
    """Rolls the merge's transaction back once it has said what it would do."""


# --------------------------------------------------------------------------- the merge
def merge_registers(
    target: Register,
    sources: Iterable[object],
    *,
    answers: dict[str, str] | None = None,
    dry_run: bool = False,
    operator: str = "",
    progress: Progress | None = None,
) -> MergeResult:
    """Merge the registers at ``sources`` (files or server addresses) into ``target``.

    Runs the whole merge in one transaction of ``target``; rolls it back for a dry run or
    when questions remain (``result.written`` is False then). ``answers`` maps a
    question's key to a target id or "new".
    """
    from twindesk.core.transfer import _same, location

    places = [location(s) for s in sources]
    if not places:
        raise TwinDeskError("merge.no_sources")
    own = target.path if target.path is not None else location(target.name)
    for place in places:
        if _same(place, own):
            raise TwinDeskError("copy.same", path=str(place))
    answers = dict(answers or {})
    opened = []
    try:
        for place in places:
            opened.append(open_for_reading(place))
        result = _run(target, opened, answers, operator, progress, write=False)
        result.dry_run = dry_run
        if dry_run or result.questions or not result.added:
            return result  # said what it would do; or nothing to add: no import recorded
        from twindesk.core.backups import backup_before  # backups builds on storage

        made = backup_before(target, "before-merge")
        final = _run(target, opened, answers, operator, progress, write=True)
        final.backup = made.path if made is not None else None
        log.info(
            "merged %s into %s as import #%s: %s",
            final.sources,
            final.target,
            final.batch_id,
            final.added,
        )
        return final
    finally:
        for register in opened:
            register.close()


def _run(
    target: Register,
    sources: list[Register],
    answers: dict[str, str],
    operator: str,
    progress: Progress | None,
    *,
    write: bool,
) -> MergeResult:
    result = MergeResult(target=target.name, sources=[s.name for s in sources])
    try:
        with target.connect(write=True) as conn:
            merge = _Merge(conn, result, answers, operator, getattr(target, "database_user", ""))
            for number, source in enumerate(sources, start=1):
                if progress is not None:
                    progress(source.name, number, len(sources))
                with source.connect() as sconn:
                    merge.source(number, source.name, sconn)
            merge.finish()
            if not write or result.questions:
                raise _DryRunError
            result.batch_id = merge.batch_id
    except _DryRunError:
        result.batch_id = None
    return result


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _norm(value: Any) -> str:
    return " ".join(_text(value).split()).casefold()


class _Merge:
    """One merge in progress, on the target's writing connection."""

    def __init__(
        self,
        conn: Connection,
        result: MergeResult,
        answers: dict[str, str],
        operator: str,
        db_user: str = "",
    ) -> None:
        self.conn = conn
        self.db_user = db_user
        self.result = result
        self.answers = answers
        self.operator = operator
        self.now = utcnow()
        self.audit: list[dict] = []
        self.places = PlaceIndex.load(conn)
        t = Place.__table__
        self.place_parent = dict(conn.execute(select(t.c.id, t.c.parent_id)).all())
        p = Pairing.__table__
        self.pairings: dict[tuple[int, int, str], list[int]] = {}
        for pid, a, b, kind in conn.execute(
            select(p.c.id, p.c.place_a_id, p.c.place_b_id, p.c.kind)
        ):
            self.pairings.setdefault((a, b, kind), []).append(pid)
        self.keys: dict[str, dict[tuple, int]] = {
            "programme": self._load_keys(Programme, self._programme_key),
            "exchange": self._load_keys(Exchange, self._exchange_key),
            "contact": self._load_keys(Contact, self._contact_key),
            "document": self._load_keys(Document, self._document_key, document=True),
        }
        self.batch_id = inserted_id(
            conn.execute(
                insert(ImportBatch.__table__).values(
                    file_name="",
                    sha256="",
                    operator=operator,
                    started_at=self.now,
                    inserted=0,
                    updated=0,
                    skipped=0,
                    rejected=0,
                )
            )
        )

    # -- identities of records -----------------------------------------------------------
    def _load_keys(self, model, key, *, document: bool = False) -> dict[tuple, int]:  # noqa: ANN001
        t = model.__table__
        columns = [c for c in t.columns if c.name != "content"] if document else list(t.columns)
        out: dict[tuple, int] = {}
        for row in self.conn.execute(select(*columns)):
            out.setdefault(key(row._mapping), row.id)
        return out

    @staticmethod
    def _programme_key(r: Any) -> tuple:
        return (r["pairing_id"], _norm(r["title_en"]), _norm(r["title_zh"]), _text(r["start"]))

    @staticmethod
    def _exchange_key(r: Any) -> tuple:
        return (
            r["exchange_type"],
            _text(r["start"]),
            _norm(r["title_en"]),
            _norm(r["title_zh"]),
            r["host_place_id"],
        )

    @staticmethod
    def _contact_key(r: Any) -> tuple:
        return (_norm(r["name_en"]), _norm(r["name_zh"]), _norm(r["email"]), r["place_id"])

    @staticmethod
    def _document_key(r: Any) -> tuple:
        owner = next(
            (
                (c, r[c])
                for c in ("pairing_id", "programme_id", "exchange_id", "contact_id")
                if r[c]
            ),
            (None, None),
        )
        return (*owner, r["sha256"], r["file_name"])

    # -- bookkeeping -------------------------------------------------------------------------
    def _count(self, what: dict[str, int], table: str, n: int = 1) -> None:
        if n:
            what[table] = what.get(table, 0) + n

    def _added(self, table: str, n: int = 1) -> None:
        self._count(self.result.added, table, n)

    def _joined(self, entity: str) -> None:
        self._count(self.result.joined, entity)

    def _inserted(self, model, rows: list[dict], entity: str | None = None) -> list[int]:  # noqa: ANN001
        """Insert ``rows`` into ``model``'s table with new ids (given explicitly, so no
        RETURNING round trip); an audit row each for the entities an undo removes."""
        if not rows:
            return []
        t = model.__table__
        ids = next_ids(self.conn, t, len(rows))
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        self.conn.execute(insert(t), rows)
        self._added(t.name, len(rows))
        if entity is not None:
            self.audit.extend(self._audit_rows(entity, ids))
        return ids

    def _links(self, model, rows: list[dict]) -> None:  # noqa: ANN001
        rows = list({tuple(sorted(r.items())): r for r in rows}.values())  # once each
        if rows:
            self.conn.execute(insert(model.__table__), rows)
            self._added(model.__table__.name, len(rows))

    def _conflict(self, en: str, zh: str) -> None:
        self.result.conflicts.append((en, zh))

    def _differences(self, entity: str, label: str, source: str, mine: Any, theirs: Any) -> None:
        for name in COMPARED[entity]:
            a, b = mine[name], theirs[name]
            if name == "parent_id":
                continue  # parents are compared through the places' own matching
            if _text(a) != _text(b) and not (a in (None, "") and b in (None, "")):
                self._conflict(
                    f"{label}: {name} is “{_text(a) or '—'}” in the target, “{_text(b) or '—'}” "
                    f"in {source}; the target's value is kept.",
                    f"{label}：{name} 在目标登记册中为“{_text(a) or '—'}”，在 {source} 中为"
                    f"“{_text(b) or '—'}”；保留目标登记册的值。",
                )

    def _answer(self, key: str, table) -> int | str | None:  # noqa: ANN001
        """The clerk's answer to question ``key``: a target id, "new", or None."""
        value = self.answers.get(key)
        if value is None:
            return None
        if value == "new":
            return "new"
        if not value.isdigit():
            raise TwinDeskError("merge.bad_answer", key=key, value=value)
        t = table.__table__
        if self.conn.execute(select(t.c.id).where(t.c.id == int(value))).first() is None:
            raise TwinDeskError("merge.bad_answer", key=key, value=value)
        return int(value)

    # -- one source ------------------------------------------------------------------------
    def source(self, number: int, name: str, sconn: Connection) -> None:
        self.number, self.name = number, name
        self._vocabularies(sconn)
        place_map = self._places(sconn)
        pairing_map = self._pairings(sconn, place_map)
        programme_map = self._programmes(sconn, pairing_map)
        exchange_map = self._exchanges(sconn, place_map, pairing_map, programme_map)
        contact_map = self._contacts(sconn, place_map, pairing_map)
        self._documents(
            sconn,
            {
                "pairing_id": pairing_map,
                "programme_id": programme_map,
                "exchange_id": exchange_map,
                "contact_id": contact_map,
            },
        )

    def _vocabularies(self, sconn: Connection) -> None:
        """Terms, countries and country groups the target lacks; a term both have with
        other labels is a conflict (the target's labels stay)."""
        models: list[type[TableModel]] = [*VOCABULARIES.values(), Country, CountryGroup]
        for model in models:
            t = model.__table__
            mine = {r.code: r for r in self.conn.execute(select(t))}
            new = []
            for row in sconn.execute(select(t)):
                have = mine.get(row.code)
                if have is None:
                    new.append(dict(row._mapping))
                    continue
                labels = ("label_en", "label_zh") if "label_en" in t.c else ("name_en", "name_zh")
                if any(_text(have._mapping[c]) != _text(row._mapping[c]) for c in labels):
                    self._conflict(
                        f"{t.name} “{row.code}”: “{have._mapping[labels[0]]}” in the target, "
                        f"“{row._mapping[labels[0]]}” in {self.name}; the target's labels are kept.",
                        f"{t.name}“{row.code}”：目标登记册中为“{have._mapping[labels[1]]}”，"
                        f"{self.name} 中为“{row._mapping[labels[1]]}”；保留目标登记册的名称。",
                    )
            if new:
                self.conn.execute(insert(t), new)
                self._added(t.name, len(new))
            if model is CountryGroup and new:
                m = CountryGroupMember.__table__
                codes = [r["code"] for r in new]
                members = [
                    {k: v for k, v in r._mapping.items() if k != "id"}
                    for r in sconn.execute(select(m).where(m.c.group_code.in_(codes)))
                ]
                if members:
                    self.conn.execute(insert(m), members)
                    self._added(m.name, len(members))

    # -- places ------------------------------------------------------------------------------
    def _places(self, sconn: Connection) -> dict[int, int | None]:
        t, a = Place.__table__, PlaceAlias.__table__
        rows = {r.id: r for r in sconn.execute(select(t))}
        aliases: dict[int, list[str]] = {}
        for pid, alias in sconn.execute(select(a.c.place_id, a.c.alias)):
            aliases.setdefault(pid, []).append(alias)
        found: dict[int, int | None] = {}
        new: list[int] = []
        for pid in _parents_first(rows):
            row = rows[pid]
            hit = self._match_place(row, aliases.get(pid, []), found)
            if isinstance(hit, str):  # "new", the one text it gives
                new.append(pid)
            else:
                found[pid] = hit
        ids = next_ids(self.conn, t, len(new))
        for pid, new_id in zip(new, ids, strict=True):
            found[pid] = new_id
        values = []
        for pid in new:
            record = dict(rows[pid]._mapping)
            record.update(
                id=found[pid],
                parent_id=found.get(record["parent_id"]) if record["parent_id"] else None,
            )
            record["version"] = 1
            values.append(record)
        if values:
            self.conn.execute(insert(t), values)
            self._added("place", len(values))
            self.audit.extend(self._audit_rows("place", ids))
            self._links(
                PlaceAlias,
                [
                    {
                        "place_id": found[pid],
                        "alias": r.alias,
                        "normalized": r.normalized,
                    }
                    for r in sconn.execute(select(a).where(a.c.place_id.in_(new)))
                    for pid in [r.place_id]
                ],
            )
        # Only now can later sources join this one's new places (never its own).
        for pid, new_id in zip(new, ids, strict=True):
            row = rows[pid]
            self.places.places[new_id] = PlaceInfo(
                new_id, row.name_en, row.name_zh, row.country_code, row.place_type
            )
            for n in (row.name_en, row.name_zh, row.name_native, *aliases.get(pid, [])):
                self.places._add(n, new_id)
            self.place_parent[new_id] = found.get(row.parent_id) if row.parent_id else None
        self.places._bare = None
        return found

    def _audit_rows(self, entity: str, ids: list[int]) -> list[dict]:
        extra = {"db_user": self.db_user} if "db_user" in AuditEntry.__table__.c else {}
        return [
            {
                **extra,
                "entity": entity,
                "record_id": rid,
                "action": "insert",
                "field": "",
                "old_value": None,
                "new_value": None,
                "operator": self.operator,
                "at": self.now,
                "import_batch_id": self.batch_id,
            }
            for rid in ids
        ]

    def _place_label(self, pid: int) -> BILINGUAL:
        info = self.places.places.get(pid)
        if info is None:
            return (f"#{pid}", f"#{pid}")
        en = f"{info.name_en or info.name_zh} ({info.country_code}, {info.place_type}, #{pid})"
        zh = f"{info.name_zh or info.name_en}（{info.country_code}，{info.place_type}，#{pid}）"
        return en, zh

    def _match_place(self, row: Any, aliases: list[str], found: dict) -> int | str | None:
        """The target's place for a source place: an id, "new", or None (a question)."""
        key = f"{self.number}:place:{row.id}"
        answer = self._answer(key, Place)
        if answer is not None:
            if answer != "new":
                self._joined("place")
            return answer
        names = [n for n in (row.name_en, row.name_zh, row.name_native, *aliases) if n]
        countries = {row.country_code}
        how = ("the same name", "同名")
        ids = self.places.candidates(names, countries)
        if not ids:
            present = _present_names(names, row.country_code)
            if present:
                ids, how = self.places.candidates(present, countries), ("its present name", "今名")
        if not ids:
            ids, how = (
                self.places.same_but_suffix(names, countries),
                ("the name without its suffix", "去掉行政区划后缀后的名称"),
            )
        if not ids:
            ids, how = self._by_gazetteer(names, row), ("the gazetteer", "地名库")
        if len(ids) > 1:  # the same type, then the same parent, narrow it down
            same_type = {i for i in ids if self.places.places[i].place_type == row.place_type}
            ids = same_type or ids
            parent = found.get(row.parent_id) if row.parent_id else None
            if parent is not None and len(ids) > 1:
                ids = {i for i in ids if self.place_parent.get(i) == parent} or ids
        if not ids:
            return "new"
        label = (
            f"{row.name_en or row.name_zh} ({row.country_code}) in {self.name}",
            f"{self.name} 中的{row.name_zh or row.name_en}（{row.country_code}）",
        )
        if len(ids) > 1:
            self.result.questions.append(
                Question(
                    key,
                    (f"Which place is {label[0]}?", f"{label[1]}是哪个地点？"),
                    [(str(i), self._place_label(i)) for i in sorted(ids)]
                    + [("new", ("a new place", "新建地点"))],
                )
            )
            self.result.waiting += 1
            return None
        hit = next(iter(ids))
        self._joined("place")
        target = self._place_label(hit)
        self.result.places_joined.append(
            (f"{label[0]} = {target[0]}, by {how[0]}", f"{label[1]} = {target[1]}（依据{how[1]}）")
        )
        return hit

    def _by_gazetteer(self, names: list[str], row: Any) -> set[int]:
        """Target places that are the one gazetteer place the source place's names name."""
        kinds = gazetteer_kinds(row.place_type)
        hits = gazetteer.exact_many([(n, row.country_code) for n in names])
        places = {p.id: p for found in hits.values() for p in found if p.kind in kinds}
        if len(places) != 1:
            return set()
        place = next(iter(places.values()))
        names = [n for n in (place.name_en, place.name_zh, *place.aliases) if n]
        ids: set[int] = set()
        for n in names:
            ids |= {
                i
                for i in self.places.by_key.get(_normalize(n), set())
                if self.places.places[i].country_code == row.country_code
            }
        return ids

    # -- pairings -----------------------------------------------------------------------------
    def _pairings(self, sconn: Connection, places: dict) -> dict[int, int | None]:
        t = Pairing.__table__
        found: dict[int, int | None] = {}
        new_rows: list[Any] = []
        for row in sconn.execute(select(t).order_by(t.c.id)):
            for place in (row.place_a_id, row.place_b_id):
                if place not in places:  # a row SQLite let in with its keys off
                    raise TwinDeskError(
                        "copy.broken_source",
                        path=self.name,
                        table="pairing",
                        row=row.id,
                        parent="place",
                        count=1,
                    )
            a, b = places.get(row.place_a_id), places.get(row.place_b_id)
            if a is None or b is None:
                found[row.id] = None
                self.result.waiting += 1
                continue
            hits = self.pairings.get((a, b, row.kind), []) + self.pairings.get((b, a, row.kind), [])
            key = f"{self.number}:pairing:{row.id}"
            answer = self._answer(key, Pairing)
            if answer == "new" or (answer is None and not hits):
                new_rows.append(row)
                continue
            if answer is None and len(hits) > 1:
                dated = [
                    h
                    for h in hits
                    if self.conn.execute(select(t.c.established).where(t.c.id == h)).scalar()
                    == row.established
                ]
                hits = dated if len(dated) == 1 else hits
            if answer is None and len(hits) > 1:
                label = self._pairing_label(a, b, row.kind)
                self.result.questions.append(
                    Question(
                        key,
                        (
                            f"Which pairing is {label[0]} (#{row.id} in {self.name})?",
                            f"{self.name} 中的结好关系 #{row.id}（{label[1]}）是哪一个？",
                        ),
                        [(str(h), (f"pairing #{h}", f"结好关系 #{h}")) for h in sorted(hits)]
                        + [("new", ("a new pairing", "新建结好关系"))],
                    )
                )
                found[row.id] = None
                self.result.waiting += 1
                continue
            hit = answer if isinstance(answer, int) else hits[0]
            found[row.id] = hit
            self._joined("pairing")
            theirs = self.conn.execute(select(t).where(t.c.id == hit)).one()._mapping
            label = self._pairing_label(a, b, row.kind)
            self._differences(
                "pairing", f"pairing #{hit} {label[0]}", self.name, theirs, row._mapping
            )
        values = []
        for row in new_rows:
            v = dict(row._mapping)
            v.update(place_a_id=places[row.place_a_id], place_b_id=places[row.place_b_id])
            v["version"] = 1
            values.append(v)
        ids = self._inserted(Pairing, values, "pairing")
        for row, v, new_id in zip(new_rows, values, ids, strict=True):
            found[row.id] = new_id
            self.pairings.setdefault((v["place_a_id"], v["place_b_id"], row.kind), []).append(
                new_id
            )
        if new_rows:
            s = PairingStatusChange.__table__
            history = [
                {
                    **{k: v for k, v in r._mapping.items() if k != "id"},
                    "pairing_id": found[r.pairing_id],
                }
                for r in sconn.execute(
                    select(s).where(s.c.pairing_id.in_([r.id for r in new_rows])).order_by(s.c.id)
                )
            ]
            if history:
                self.conn.execute(insert(s), history)
                self._added(s.name, len(history))
        return found

    def _pairing_label(self, a: int, b: int, kind: str) -> BILINGUAL:
        pa, pb = self.places.places.get(a), self.places.places.get(b)
        en = f"{pa.name_en or pa.name_zh if pa else a}–{pb.name_en or pb.name_zh if pb else b} ({kind})"
        zh = f"{pa.name_zh or pa.name_en if pa else a}—{pb.name_zh or pb.name_en if pb else b}（{kind}）"
        return en, zh

    # -- what hangs on pairings ------------------------------------------------------------
    def _records(
        self,
        sconn: Connection,
        model,  # noqa: ANN001
        entity: str,
        remap: Mapping[str, dict | None],
        key,  # noqa: ANN001
        *,
        label: Callable[[Any], str],
    ) -> tuple[dict[int, int | None], list[Any], set[int]]:
        """Match or insert ``model``'s source rows with their references remapped
        (``remap``: column -> source id -> target id; a column that must be set names a
        map, a None map means the column is dropped). Returns (source id -> target id,
        the source rows added, the source ids joined)."""
        t = model.__table__
        columns = [c for c in t.columns if c.name != "content"]
        found: dict[int, int | None] = {}
        new_rows, values, joined = [], [], set()
        for row in sconn.execute(select(*columns).order_by(t.c.id)):
            v = dict(row._mapping)
            missing = False
            for column, ids in remap.items():
                if v[column] is None:
                    continue
                mapped = ids.get(v[column]) if ids is not None else None
                if mapped is None and column in _REQUIRED.get(entity, ()):
                    missing = True
                v[column] = mapped
            if missing:
                found[row.id] = None
                self.result.waiting += 1
                continue
            k = key(v)
            hit = self.keys[entity].get(k)
            if hit is not None:
                found[row.id] = hit
                joined.add(row.id)
                self._joined(entity)
                if entity in COMPARED:
                    theirs = self.conn.execute(select(t).where(t.c.id == hit)).one()._mapping
                    self._differences(entity, f"{entity} #{hit} {label(v)}", self.name, theirs, v)
                continue
            if "version" in v:
                v["version"] = 1
            new_rows.append(row)
            values.append(v)
        if model is Document and values:  # the files themselves, a batch at a time
            contents: dict[int, bytes] = dict(
                sconn.execute(
                    select(t.c.id, t.c.content).where(t.c.id.in_([r.id for r in new_rows]))
                ).all()
            )
            for row, v in zip(new_rows, values, strict=True):
                v["content"] = contents[row.id]
        new_ids = self._inserted(model, values, entity)
        for row, v, new_id in zip(new_rows, values, new_ids, strict=True):
            found[row.id] = new_id
            self.keys[entity].setdefault(key(v), new_id)
        return found, new_rows, joined

    def _programmes(self, sconn: Connection, pairings: dict) -> dict[int, int | None]:
        found, new_rows, _joined = self._records(
            sconn,
            Programme,
            "programme",
            {"pairing_id": pairings},
            self._programme_key,
            label=lambda v: v["title_en"] or v["title_zh"],
        )
        new = [r.id for r in new_rows]
        if new:
            i, f = ProgrammeItem.__table__, ProgrammeField.__table__
            items = [
                {
                    **{k: v for k, v in r._mapping.items() if k != "id"},
                    "programme_id": found[r.programme_id],
                }
                for r in sconn.execute(select(i).where(i.c.programme_id.in_(new)).order_by(i.c.id))
            ]
            if items:
                self.conn.execute(insert(i), items)
                self._added(i.name, len(items))
            self._links(
                ProgrammeField,
                [
                    {"programme_id": found[r.programme_id], "field_code": r.field_code}
                    for r in sconn.execute(select(f).where(f.c.programme_id.in_(new)))
                ],
            )
        return found

    def _exchanges(
        self, sconn: Connection, places: dict, pairings: dict, programmes: dict
    ) -> dict[int, int | None]:
        found, new_rows, joined = self._records(
            sconn,
            Exchange,
            "exchange",
            {"host_place_id": places, "programme_id": programmes},
            self._exchange_key,
            label=lambda v: f"{v['title_en'] or v['title_zh']} ({v['start']})",
        )
        for model, column, ids in (
            (ExchangePairing, "pairing_id", pairings),
            (ExchangePlace, "place_id", places),
            (ExchangeField, "field_code", None),
        ):
            self._carry_links(sconn, model, "exchange_id", column, found, new_rows, joined, ids)
        return found

    def _contacts(self, sconn: Connection, places: dict, pairings: dict) -> dict[int, int | None]:
        found, new_rows, joined = self._records(
            sconn,
            Contact,
            "contact",
            {"place_id": places},
            self._contact_key,
            label=lambda v: v["name_en"] or v["name_zh"],
        )
        self._carry_links(
            sconn, ContactPairing, "contact_id", "pairing_id", found, new_rows, joined, pairings
        )
        return found

    def _carry_links(
        self,
        sconn: Connection,
        model,  # noqa: ANN001
        owner: str,
        column: str,
        found: dict,
        new_rows: list,
        joined: set[int],
        ids: dict | None,
    ) -> None:
        """A new record's links, remapped; a joined record's links the target lacks are
        listed (a record the merge did not add is left as the target has it)."""
        t = model.__table__
        new = {r.id for r in new_rows}
        rows, missing = [], 0
        for link in sconn.execute(select(t)):
            mine = link._mapping[owner]
            if mine not in new and mine not in joined:
                continue
            other = link._mapping[column]
            mapped = other if ids is None else ids.get(other)
            if mapped is None:
                continue  # waits for an answer, as the record it names does
            if mine in new:
                rows.append({owner: found[mine], column: mapped})
            elif (
                self.conn.execute(
                    select(t.c[owner]).where(t.c[owner] == found[mine], t.c[column] == mapped)
                ).first()
                is None
            ):
                missing += 1
        self._links(model, rows)
        if missing:
            self._conflict(
                f"{missing} link(s) in {t.name} of records the target already has were not "
                f"added (from {self.name}); the target's records are left as they are.",
                f"{self.name} 中目标登记册已有记录的 {missing} 个关联（{t.name}）未添加；"
                "目标登记册的记录保持不变。",
            )

    def _documents(self, sconn: Connection, owners: dict[str, dict]) -> None:
        self._records(
            sconn,
            Document,
            "document",
            owners,
            self._document_key,
            label=lambda v: v["file_name"],
        )

    # -- the end -----------------------------------------------------------------------------
    def finish(self) -> None:
        result = self.result
        if self.audit:
            self.conn.execute(insert(AuditEntry.__table__), self.audit)
        names = ", ".join(result.sources)
        added = sum(n for t, n in result.added.items() if t in UNDO_ENTITIES)
        self.conn.execute(
            update(ImportBatch.__table__)
            .where(ImportBatch.__table__.c.id == self.batch_id)
            .values(
                file_name=f"merge: {names}"[:500],
                sha256=hashlib.sha256(names.encode()).hexdigest(),
                inserted=added,
                skipped=sum(result.joined.values()),
            )
        )


# Columns without which a record cannot come along (its pairing waits for an answer).
_REQUIRED = {
    "programme": ("pairing_id",),
    "document": ("pairing_id", "programme_id", "exchange_id", "contact_id"),
}


def _normalize(name: str) -> str:
    from twindesk.core.spreadsheets.places import normalize_name

    return normalize_name(name)


def _present_names(names: list[str], country: str) -> list[str]:
    """The present (English, Chinese) names when one of ``names`` is an old name of one
    place in ``country``: Peking is Beijing, Kiev is Kyiv."""
    old = gazetteer.old_keys()
    if not any(_normalize(n).replace("ß", "ss") in old for n in names):
        return []
    found = gazetteer.old_names(names)
    for name in names:
        places = [p for p in found.get(name, ()) if p.country == country]
        if len(places) == 1:
            return [n for n in (places[0].name_en, places[0].name_zh) if n]
    return []


def _parents_first(rows: dict[int, Any]) -> list[int]:
    """Place ids with each place's parent before it (a parent may have a higher id)."""
    order: list[int] = []
    seen: set[int] = set()
    for start in sorted(rows):
        chain = []
        pid: int | None = start
        while pid is not None and pid in rows and pid not in seen and pid not in chain:
            chain.append(pid)
            pid = rows[pid].parent_id
        for pid in reversed(chain):
            seen.add(pid)
            order.append(pid)
    return order


def count_records(conn: Connection) -> dict[str, int]:
    """Rows per entity table (for reports and tests)."""
    return {
        m.__table__.name: conn.execute(select(func.count()).select_from(m.__table__)).scalar_one()
        for m in (Place, Pairing, Programme, Exchange, Contact, Document)
    }
