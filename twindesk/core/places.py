"""Places as a clerk picks them: the register's first, then the gazetteer's; the office's own.

- :func:`offers` is what a place picker lists for a typed name: the register's places,
  then the gazetteer's places the register does not have yet (one identity per place).
- :func:`add_from_gazetteer` puts a gazetteer place in the register, with both names,
  country, parent region (added too when missing) and coordinates, or returns the
  register's place when it already has it under any of those names.
- :func:`own_place` is the office's own place, kept in the register (``register_info``):
  the default local side of new pairings, and the one an import should default to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from twindesk.core import gazetteer, queries
from twindesk.core.gazetteer import GazetteerPlace
from twindesk.core.models import Place, PlaceAlias, RegisterInfo
from twindesk.core.storage import Register

OWN_PLACE_KEY = "own_place"


# --------------------------------------------------------------------------- own place
def own_place(register: Register) -> int | None:
    """The id of the office's own place in ``register``, or None when none is set (or
    the place has since been deleted)."""
    with register.read() as s:
        row = s.get(RegisterInfo, OWN_PLACE_KEY)
        if row is None or not row.value.isdigit():
            return None
        return int(row.value) if s.get(Place, int(row.value)) is not None else None


def set_own_place(register: Register, place_id: int | None) -> None:
    with register.write() as s:
        row = s.get(RegisterInfo, OWN_PLACE_KEY) or RegisterInfo(key=OWN_PLACE_KEY)
        row.value = "" if place_id is None else str(place_id)
        s.add(row)


# --------------------------------------------------------------------------- offers
@dataclass(frozen=True)
class Offer:
    """One line of a place picker: a register place (``place_id``) or a gazetteer one."""

    label: str
    place_id: int | None = None
    found: GazetteerPlace | None = None


@lru_cache(maxsize=1)
def _country_names() -> dict[str, tuple[str, str]]:
    # The shipped list (no register needed: the welcome screen has none), names only:
    # reference.countries() also makes search keys, a third of a second of pinyin.
    from twindesk.core.reference import _rows

    return {c["code"]: (c["name_en"], c["name_zh"]) for c in _rows("countries.csv")}


def gazetteer_label(found: GazetteerPlace, lang: str) -> str:
    """ "Wuhan 武汉 — Hubei, China" / "武汉 Wuhan — 中国 · Hubei": both names, and where."""
    country_en, country_zh = _country_names().get(found.country, (found.country, found.country))
    if lang == "zh":
        names = " ".join(n for n in (found.name_zh, found.name_en) if n)
        where = " · ".join(w for w in (country_zh or country_en, found.parent) if w)
    else:
        names = " ".join(n for n in (found.name_en, found.name_zh) if n)
        where = ", ".join(w for w in (found.parent, country_en) if w)
    return f"{names} — {where}"


def _keys(*names: str | None) -> set[str]:
    return {gazetteer.key(n) for n in names if n}


def offers(
    conn: Any | None, text: str, lang: str, *, limit: int = 10, from_gazetteer: int = 8
) -> list[Offer]:
    """What a place picker lists for ``text``: up to ``limit`` register places, then up to
    ``from_gazetteer`` gazetteer places not in the register (by name and country).
    With ``conn`` None (no register yet, the welcome screen) only the gazetteer's."""
    if not text.strip():
        return []
    out: list[Offer] = []
    taken: set[tuple[str, str]] = set()
    if conn is not None:
        ids = queries.search_ids(conn, "place", text, limit)
        labels = queries.describe(conn, "place", ids, lang)
        rows = (
            conn.execute(
                select(col(Place.name_en), col(Place.name_zh), col(Place.country_code)).where(
                    col(Place.id).in_(ids)
                )
            ).all()
            if ids
            else []
        )
        taken = {(k, r.country_code) for r in rows for k in _keys(r.name_en, r.name_zh)}
        out = [Offer(labels[i], place_id=i) for i in ids if i in labels]
    if text.strip().isascii() and len(text.strip()) < 2:
        # One Latin letter names thousands of places: the most populous few would be noise,
        # and the widest range of the index is the slowest to read.
        return out
    # Prefix completion first ("wuh", "武"); a whole name with a suffix ("Hubei Province",
    # "武汉市") or a pinyin spelling only a full match knows comes next.
    found = gazetteer.complete(text, limit=from_gazetteer + len(out)) or gazetteer.match(
        text, limit=from_gazetteer
    )
    for place in found:
        if any(
            (k, place.country) in taken
            for k in _keys(place.name_en, place.name_zh, _short_zh(place))
        ):
            continue
        out.append(Offer(gazetteer_label(place, lang), found=place))
        if len(out) - sum(o.place_id is not None for o in out) >= from_gazetteer:
            break
    return out


# --------------------------------------------------------------------------- adding
def _short_zh(found: GazetteerPlace) -> str | None:
    """The short Chinese name a region goes by, when the gazetteer has it as an alias:
    湖北 for 湖北省, 广西 for 广西壮族自治区 (how registers and lists write them)."""
    if found.kind == "city" or not found.name_zh:
        return None
    bare = gazetteer.strip_suffix(gazetteer.key(found.name_zh))
    return next((a for a in found.aliases if a != found.name_zh and gazetteer.key(a) == bare), None)


def place_type_of(found: GazetteerPlace) -> str:
    """The register's place type of a gazetteer place (a US state is a province / state)."""
    if found.kind == "city":
        return "city"
    if found.kind == "prefecture":  # CN 地区 / 自治州 / 盟
        return "region"
    zh = found.name_zh or ""
    if found.country == "CN" and zh.endswith("自治区"):
        return "autonomous_region"
    if found.country == "CN" and zh.endswith("市"):
        return "municipality"
    return "province"


def find_in_register(session: Any, found: GazetteerPlace) -> int | None:
    """The register's place in the same country answering to one of the gazetteer
    place's names or aliases ("Hubei", "湖北省"), if any."""
    names = {n for n in (found.name_en, found.name_zh, *found.aliases) if n}
    lowered = {n.lower() for n in names}
    hit = session.execute(
        select(col(Place.id))
        .where(
            col(Place.country_code) == found.country,
            or_(
                func.lower(col(Place.name_en)).in_(lowered),
                col(Place.name_zh).in_(names),
                func.lower(col(Place.name_native)).in_(lowered),
            ),
        )
        .order_by(col(Place.id))
        .limit(1)
    ).scalar()
    if hit is None:
        from twindesk.core.search import normalize_name

        hit = session.execute(
            select(col(PlaceAlias.place_id))
            .join(Place, col(Place.id) == col(PlaceAlias.place_id))
            .where(
                col(Place.country_code) == found.country,
                col(PlaceAlias.normalized).in_({normalize_name(n) for n in names}),
            )
            .limit(1)
        ).scalar()
    return hit


def parent_of(found: GazetteerPlace) -> GazetteerPlace | None:
    """The first-level region a gazetteer place lies in; None for a region, or for a city
    that is its own region (Beijing, Tokyo, Moscow)."""
    if not found.parent or gazetteer.key(found.parent) in _keys(found.name_en, found.name_zh):
        return None
    return next(
        (p for p in gazetteer.match(found.parent, found.country) if p.kind == "region"), None
    )


def place_values(session: Any, found: GazetteerPlace) -> dict[str, Any]:
    """A new place's form values from the gazetteer; ``parent_id`` only when the register
    already has the parent region (see :func:`add_from_gazetteer`)."""
    short = _short_zh(found)
    parent = parent_of(found)
    return {
        "name_en": found.name_en,
        "name_zh": short or found.name_zh or "",
        "aliases": [found.name_zh] if short else [],
        "place_type": place_type_of(found),
        "country_code": found.country,
        "parent_id": find_in_register(session, parent) if parent else None,
        "latitude": found.latitude,
        "longitude": found.longitude,
    }


def add_from_gazetteer(
    session: Session, found: GazetteerPlace
) -> tuple[Place, dict[str, Any] | None]:
    """The register's place for ``found``: the one it has, or a new one (its parent region
    made too when the register lacks it). Returns the place and, when it was created,
    the values it was created with (for an undo step)."""
    from twindesk.core import operations as ops

    existing = find_in_register(session, found)
    if existing is not None:
        place = session.get(Place, existing)
        assert place is not None  # found in the register just now
        return place, None
    values = place_values(session, found)
    parent = parent_of(found)
    if parent is not None and values["parent_id"] is None:
        values["parent_id"] = ops.create(session, "place", place_values(session, parent)).id
    return cast(Place, ops.create(session, "place", values)), values  # a "place" is a Place
