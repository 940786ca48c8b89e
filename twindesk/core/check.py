"""The register check: the file's own integrity and the register's rules, over every record.

The rules are enforced when records are saved; this finds what slipped past them
(records written by an older TwinDesk, by hand with an SQL tool, or damaged), and is
what ``twindesk check`` runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection, Row
from sqlmodel import col

from twindesk.core import dates
from twindesk.core.i18n import translate
from twindesk.core.models import Exchange, Pairing, PairingStatus, Place, PlaceAlias, Programme
from twindesk.core.storage import Register


@dataclass
class Finding:
    entity: str
    record_id: int | None
    code: str
    params: dict

    def message(self, lang: str | None = None) -> str:
        where = (
            f"{translate('entity.' + self.entity, lang)} #{self.record_id}: "
            if self.record_id
            else ""
        )
        return where + translate(self.code, lang, **self.params)


def check_register(
    register: Register, server_checked: list[tuple[str, str]] | None = None
) -> list[Finding]:
    """Every finding; on a server register its own checks run too (foreign keys, broken
    references, amcheck: core.server_backups), and what they covered, as (English,
    Chinese) lines, is added to ``server_checked`` when given."""
    problems = register.integrity_problems()
    if not register.is_sqlite:
        from twindesk.core.server_backups import server_checks

        done = server_checks(register)
        problems += done.problems
        if server_checked is not None:
            server_checked += done.checked
    findings = [Finding("register", None, "check.integrity", {"detail": p}) for p in problems]
    with register.connect() as conn:
        for (pid,) in conn.execute(
            select(col(Pairing.id)).where(col(Pairing.place_a_id) == col(Pairing.place_b_id))
        ):
            findings.append(Finding("pairing", pid, "rule.self_pairing", {}))
        current = select(col(PairingStatus.code)).where(col(PairingStatus.is_current))
        # The unordered pair of places as (lower id, higher id): grouping on it finds the
        # duplicates in one pass, where a self-join with OR needs pairings x pairings.
        # CASE rather than min()/least() keeps it the same SQL on SQLite and PostgreSQL.
        low = case(
            (col(Pairing.place_a_id) < col(Pairing.place_b_id), col(Pairing.place_a_id)),
            else_=col(Pairing.place_b_id),
        )
        high = case(
            (col(Pairing.place_a_id) < col(Pairing.place_b_id), col(Pairing.place_b_id)),
            else_=col(Pairing.place_a_id),
        )
        live = (
            select(col(Pairing.id), col(Pairing.kind), low.label("low"), high.label("high"))
            .where(col(Pairing.status).in_(current))
            .subquery()
        )
        groups = (
            select(live.c.kind, live.c.low, live.c.high)
            .group_by(live.c.kind, live.c.low, live.c.high)
            .having(func.count() > 1)
            .subquery()
        )
        duplicates = (
            select(live.c.id, live.c.kind, live.c.low, live.c.high)
            .join(
                groups,
                and_(
                    live.c.kind == groups.c.kind,
                    live.c.low == groups.c.low,
                    live.c.high == groups.c.high,
                ),
            )
            .order_by(live.c.kind, live.c.low, live.c.high, live.c.id)
        )
        first_of: dict[tuple, int] = {}
        for pid, *key in conn.execute(duplicates):
            first = first_of.setdefault(tuple(key), pid)
            if first != pid:
                findings.append(Finding("pairing", pid, "check.duplicate", {"other": first}))
        for model, entity, start, end in (
            (Pairing, "pairing", "established", "ended"),
            (Programme, "programme", "start", "end"),
            (Exchange, "exchange", "start", "end"),
        ):
            s_col, e_col = getattr(model, start), getattr(model, end)
            rows = conn.execute(
                select(col(model.id), s_col, e_col).where(
                    or_(func.length(s_col) > 0, func.length(e_col) > 0)
                )
            )
            for rid, s, e in rows:
                for name, value in ((start, s), (end, e)):
                    if value and not dates.is_partial(value):
                        findings.append(
                            Finding(
                                entity,
                                rid,
                                "rule.bad_date",
                                {"field": f"field.{name}", "value": value},
                            )
                        )
                if (
                    dates.is_partial(s or "")
                    and dates.is_partial(e or "")
                    and dates.last_day(e) < dates.first_day(s)
                ):
                    findings.append(
                        Finding(
                            entity,
                            rid,
                            "rule.end_before_start",
                            {
                                "end_field": f"field.{end}",
                                "end": e,
                                "start_field": f"field.{start}",
                                "start": s,
                            },
                        )
                    )
        findings.extend(_likely_duplicate_places(conn))
    return findings


_NEAR_KM = 25.0  # two records of one town are rarely further apart than this


def _likely_duplicate_places(conn: Connection) -> list[Finding]:
    """Places of one country that answer to the same name, once suffixes are dropped
    ("Hubei Province" and "Hubei / 湖北", "Peking" as an alias of one and the name of the
    other), unless their coordinates say they are different towns (the Springfields)."""
    from twindesk.core.gazetteer import strip_suffix
    from twindesk.core.search import normalize_name

    t, a = Place.__table__, PlaceAlias.__table__
    places = {
        r.id: r
        for r in conn.execute(
            select(
                t.c.id,
                t.c.name_en,
                t.c.name_zh,
                t.c.name_native,
                t.c.country_code,
                t.c.latitude,
                t.c.longitude,
            )
        )
    }
    names: dict[int, set[str]] = {
        pid: {r.name_en, r.name_zh, r.name_native} for pid, r in places.items()
    }
    for pid, alias in conn.execute(select(a.c.place_id, a.c.alias)):
        names.setdefault(pid, set()).add(alias)
    by_key: dict[tuple[str, str], list[int]] = {}
    for pid, texts in names.items():
        for key in {strip_suffix(normalize_name(n)) for n in texts if n}:
            if key:
                by_key.setdefault((places[pid].country_code, key), []).append(pid)
    found: dict[int, int] = {}
    for ids in by_key.values():
        ids = sorted(set(ids))
        for other in ids[1:]:
            first = ids[0]
            if other in found or not _near(places[first], places[other]):
                continue
            found[other] = first
    out = []
    for pid, first in sorted(found.items()):
        p = places[first]
        out.append(
            Finding(
                "place",
                pid,
                "check.place_duplicate",
                {
                    "other": " / ".join(n for n in dict.fromkeys((p.name_en, p.name_zh)) if n),
                    "other_id": first,
                },
            )
        )
    return out


def _near(a: Row, b: Row) -> bool:  # two rows with latitude and longitude
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return True  # nothing says they are apart
    from math import asin, cos, radians, sin, sqrt

    dlat, dlng = radians(b.latitude - a.latitude), radians(b.longitude - a.longitude)
    h = (
        sin(dlat / 2) ** 2
        + cos(radians(a.latitude)) * cos(radians(b.latitude)) * sin(dlng / 2) ** 2
    )
    return 2 * 6371.0 * asin(sqrt(h)) <= _NEAR_KM
