"""Merging two records of one place: every link moved to the place kept, and undone exactly.

An import before the gazetteer, or a clerk in a hurry, leaves "Hubei Province" beside
"Hubei / 湖北". ``merge_places`` keeps one, moves to it everything that named the other
(pairings, exchanges, contacts, child places, aliases), gives it what only the other
knew (a missing name, coordinates), keeps the other's names as aliases so they still
find it, and deletes the other; each change goes into the audit trail. The returned
``Merge`` says what moved, which is what ``unmerge`` puts back (the window's Undo):
refused if any moved record was changed since, like every other undo.

Two things are refused before anything moves: the two places paired with each other
(the pairing would pair a place with itself), and a pairing of each with the same
partner of the same kind (the register would hold the relationship twice: end or
delete one first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlmodel import Session

from twindesk.core.errors import ConflictError, NotFoundError, TwinDeskError
from twindesk.core.models import (
    Contact,
    Exchange,
    ExchangePlace,
    Pairing,
    Place,
    PlaceAlias,
    TableModel,
    utcnow,
)
from twindesk.core.operations.base import record_audit, search_text_of
from twindesk.core.operations.entities import PLACE
from twindesk.core.search import normalize_name
from twindesk.core.storage import inserted_id

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult

# Columns that name a place on a versioned record: (table, column, entity).
_USERS = (
    (Pairing, "place_a_id", "pairing"),
    (Pairing, "place_b_id", "pairing"),
    (Exchange, "host_place_id", "exchange"),
    (Contact, "place_id", "contact"),
    (Place, "parent_id", "place"),
)
# Fields of the kept place that the other's fill when the kept one has none.
_FILLED = ("name_en", "name_zh", "name_native", "latitude", "longitude", "parent_id")


class MergeError(TwinDeskError):
    code = "merge.refused"


@dataclass
class Merge:
    """What one merge did, enough to undo it."""

    keep_id: int
    gone: dict[str, Any]  # the deleted place's row
    moved: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # entity, column, id, version after
    links: list[int] = field(default_factory=list)  # exchanges whose link row moved
    dropped_links: list[int] = field(default_factory=list)  # exchanges already linked to both
    aliases_moved: list[int] = field(default_factory=list)
    aliases_added: list[int] = field(default_factory=list)
    filled: dict[str, Any] = field(default_factory=dict)  # the kept place's fields before
    keep_version: int = 0  # the kept place's version after the merge
    # The two places' versions after ``unmerge`` put the other back: what a redo of the
    # merge must find, or another clerk changed one since and the redo is refused.
    undone_versions: tuple[int, int] | None = None


def _label(place: Place) -> str:
    return (
        " / ".join(n for n in dict.fromkeys((place.name_en, place.name_zh)) if n) or f"#{place.id}"
    )


def _place(session: Session, pid: int) -> Place:
    # Locked for the transaction: a clerk saving it meanwhile waits, then is refused.
    place = session.get(Place, pid, with_for_update=True, populate_existing=True)
    if place is None:
        raise NotFoundError(entity="entity.place", id=pid)
    return place


def merge_places(
    session: Session, keep_id: int, gone_id: int, versions: tuple[int, int] | None = None
) -> Merge:
    """Merge place ``gone_id`` into ``keep_id`` in the caller's transaction; ``versions``
    (of the two as the clerk saw them) refuses the merge if either changed since."""
    if keep_id == gone_id:
        raise MergeError("merge.same_place")
    keep, gone = _place(session, keep_id), _place(session, gone_id)
    if versions is not None:
        for place, seen in zip((keep, gone), versions, strict=False):
            if place.version != seen:
                raise ConflictError("error.conflict.selected", entity="entity.place", id=place.id)
    _refuse_conflicts(session, keep, gone)
    result = Merge(keep_id, {c.name: getattr(gone, c.name) for c in Place.__table__.columns})
    now = utcnow()
    for model, column, entity in _USERS:
        t = model.__table__
        rows = session.execute(
            select(t.c.id, t.c.version).where(t.c[column] == gone_id).with_for_update()
        ).all()
        for rid, version in rows:
            target = (
                None if (model is Place and rid == keep_id) else keep_id
            )  # never its own parent
            session.execute(
                update(t)
                .where(t.c.id == rid)
                .values({column: target, "version": version + 1, "updated_at": now})
            )
            record_audit(
                session,
                entity,
                rid,
                "update",
                {column: (gone_id, target), "version": (version, version + 1)},
            )
            result.moved.append((entity, column, rid, version + 1))
    ep = ExchangePlace.__table__
    mine = set(session.execute(select(ep.c.exchange_id).where(ep.c.place_id == keep_id)).scalars())
    for xid in (
        session.execute(select(ep.c.exchange_id).where(ep.c.place_id == gone_id)).scalars().all()
    ):
        if xid in mine:  # already linked to the kept place: the link to the other goes
            session.execute(delete(ep).where(ep.c.exchange_id == xid, ep.c.place_id == gone_id))
            result.dropped_links.append(xid)
        else:
            session.execute(
                update(ep)
                .where(ep.c.exchange_id == xid, ep.c.place_id == gone_id)
                .values(place_id=keep_id)
            )
            result.links.append(xid)
    _move_names(session, keep, gone, result)
    filled = {
        name: (getattr(keep, name), getattr(gone, name))
        for name in _FILLED
        if getattr(keep, name) in (None, "")
        and getattr(gone, name) not in (None, "")
        and not (name == "parent_id" and gone.parent_id == keep_id)
    }
    result.filled = {name: old for name, (old, _new) in filled.items()}
    session.delete(gone)
    session.flush()
    for name, (_old, new) in filled.items():
        setattr(keep, name, new)
    keep.search_text = _search_text(session, keep)
    keep.version += 1
    keep.updated_at = now
    session.add(keep)
    session.flush()
    result.keep_version = keep.version
    record_audit(
        session,
        "place",
        keep_id,
        "update",
        {**filled, "merged": (None, f"#{gone_id} {_label(gone)}")},
    )
    record_audit(session, "place", gone_id, "delete", {"merged_into": (None, keep_id)})
    return result


def _refuse_conflicts(session: Session, keep: Place, gone: Place) -> None:
    assert keep.id is not None and gone.id is not None  # read from the register
    p = Pairing.__table__
    together = session.execute(
        select(p.c.id).where(
            or_(
                and_(p.c.place_a_id == keep.id, p.c.place_b_id == gone.id),
                and_(p.c.place_a_id == gone.id, p.c.place_b_id == keep.id),
            )
        )
    ).first()
    if together is not None:
        raise MergeError(
            "merge.paired_together", pairing=together[0], a=_label(keep), b=_label(gone)
        )

    def partners(pid: int) -> dict[tuple[int, str], int]:
        out = {}
        for rid, a, b, kind in session.execute(
            select(p.c.id, p.c.place_a_id, p.c.place_b_id, p.c.kind).where(
                or_(p.c.place_a_id == pid, p.c.place_b_id == pid)
            )
        ):
            out[(b if a == pid else a, kind)] = rid
        return out

    mine = partners(keep.id)
    for key, rid in partners(gone.id).items():
        if key in mine:
            other = session.get(Place, key[0])
            raise MergeError(
                "merge.duplicate_pairing",
                first=mine[key],
                second=rid,
                partner=_label(other) if other else f"#{key[0]}",
            )


def _move_names(session: Session, keep: Place, gone: Place, result: Merge) -> None:
    """The other's aliases become the kept place's, and its names too (so "Hubei Province"
    still finds Hubei); a name the kept place already answers to is not added twice."""
    a = PlaceAlias.__table__
    known = {normalize_name(n) for n in (keep.name_en, keep.name_zh, keep.name_native) if n}
    known |= set(session.execute(select(a.c.normalized).where(a.c.place_id == keep.id)).scalars())
    for aid, normalized in session.execute(
        select(a.c.id, a.c.normalized).where(a.c.place_id == gone.id)
    ).all():
        if normalized in known:
            continue
        session.execute(update(a).where(a.c.id == aid).values(place_id=keep.id))
        result.aliases_moved.append(aid)
        known.add(normalized)
    for name in (gone.name_en, gone.name_zh, gone.name_native):
        if name and normalize_name(name) not in known:
            added = session.execute(
                insert(a).values(place_id=keep.id, alias=name, normalized=normalize_name(name))
            )
            aid = inserted_id(cast("CursorResult[Any]", added))  # an INSERT's result
            result.aliases_added.append(aid)
            known.add(normalize_name(name))


def _search_text(session: Session, place: Place) -> str:
    return search_text_of(session, PLACE, place)  # its aliases as they now are


def unmerge(session: Session, merge: Merge) -> None:
    """Undo ``merge``: the deleted place back with its id, every moved link back to it.
    Refused (ConflictError) when a moved record, or the kept place, changed since."""
    keep = _place(session, merge.keep_id)
    if keep.version != merge.keep_version:
        raise ConflictError("error.conflict.undo", entity="entity.place", id=keep.id)
    tables: dict[str, type[TableModel]] = {
        "pairing": Pairing,
        "exchange": Exchange,
        "contact": Contact,
        "place": Place,
    }
    for entity, _column, rid, version in merge.moved:
        t = tables[entity].__table__
        current = session.execute(
            select(t.c.version).where(t.c.id == rid).with_for_update()
        ).scalar()
        if current != version:
            raise ConflictError("error.conflict.undo", entity=f"entity.{entity}", id=rid)
    gone_id = merge.gone["id"]
    now = utcnow()
    session.execute(insert(Place.__table__).values(**{**merge.gone, "updated_at": now}))
    for entity, column, rid, version in merge.moved:
        t = tables[entity].__table__
        session.execute(
            update(t)
            .where(t.c.id == rid)
            .values({column: gone_id, "version": version + 1, "updated_at": now})
        )
        record_audit(
            session,
            entity,
            rid,
            "update",
            {column: (merge.keep_id, gone_id), "version": (version, version + 1)},
        )
    ep = ExchangePlace.__table__
    for xid in merge.links:
        session.execute(
            update(ep)
            .where(ep.c.exchange_id == xid, ep.c.place_id == merge.keep_id)
            .values(place_id=gone_id)
        )
    if merge.dropped_links:
        session.execute(
            insert(ep), [{"exchange_id": x, "place_id": gone_id} for x in merge.dropped_links]
        )
    a = PlaceAlias.__table__
    if merge.aliases_moved:
        session.execute(update(a).where(a.c.id.in_(merge.aliases_moved)).values(place_id=gone_id))
    if merge.aliases_added:
        session.execute(delete(a).where(a.c.id.in_(merge.aliases_added)))
    for name, old in merge.filled.items():
        setattr(keep, name, old)
    session.flush()
    keep.search_text = _search_text(session, keep)
    keep.version += 1
    keep.updated_at = now
    session.add(keep)
    session.flush()
    merge.undone_versions = (keep.version, merge.gone["version"])
    record_audit(session, "place", gone_id, "insert", {"unmerged_from": (None, merge.keep_id)})
    record_audit(
        session,
        "place",
        merge.keep_id,
        "update",
        {**{n: (None, old) for n, old in merge.filled.items()}, "merged": (f"#{gone_id}", None)},
    )
