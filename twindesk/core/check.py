"""The register check: the file's own integrity and the register's rules, over every record.

The rules are enforced when records are saved; this finds what slipped past them
(records written by an older TwinDesk, by hand with an SQL tool, or damaged), and is
what ``twindesk check`` and the window's Check command run.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select

from twindesk.core import dates
from twindesk.core.i18n import translate
from twindesk.core.models import Exchange, Pairing, PairingStatus, Programme
from twindesk.core.storage import Register


@dataclass
class Finding:
    entity: str
    record_id: int | None
    code: str
    params: dict

    def message(self, lang: str | None = None) -> str:
        where = f"{translate('entity.' + self.entity, lang)} #{self.record_id}: " if self.record_id else ""
        return where + translate(self.code, lang, **self.params)


def check_register(register: Register) -> list[Finding]:
    findings = [Finding("register", None, "check.integrity", {"detail": p})
                for p in register.integrity_problems()]
    with register.connect() as conn:
        for (pid,) in conn.execute(select(Pairing.id).where(Pairing.place_a_id == Pairing.place_b_id)):
            findings.append(Finding("pairing", pid, "rule.self_pairing", {}))
        current = select(PairingStatus.code).where(PairingStatus.is_current)
        # The unordered pair of places as (lower id, higher id): grouping on it finds the
        # duplicates in one pass, where a self-join with OR needs pairings x pairings.
        # CASE rather than min()/least() keeps it the same SQL on SQLite and PostgreSQL.
        low = case((Pairing.place_a_id < Pairing.place_b_id, Pairing.place_a_id), else_=Pairing.place_b_id)
        high = case((Pairing.place_a_id < Pairing.place_b_id, Pairing.place_b_id), else_=Pairing.place_a_id)
        live = select(Pairing.id, Pairing.kind, low.label("low"), high.label("high")).where(
            Pairing.status.in_(current)).subquery()
        groups = select(live.c.kind, live.c.low, live.c.high).group_by(
            live.c.kind, live.c.low, live.c.high).having(func.count() > 1).subquery()
        duplicates = select(live.c.id, live.c.kind, live.c.low, live.c.high).join(groups, and_(
            live.c.kind == groups.c.kind, live.c.low == groups.c.low, live.c.high == groups.c.high,
        )).order_by(live.c.kind, live.c.low, live.c.high, live.c.id)
        first_of: dict[tuple, int] = {}
        for pid, *key in conn.execute(duplicates):
            first = first_of.setdefault(tuple(key), pid)
            if first != pid:
                findings.append(Finding("pairing", pid, "check.duplicate", {"other": first}))
        for model, entity, start, end in ((Pairing, "pairing", "established", "ended"),
                                          (Programme, "programme", "start", "end"),
                                          (Exchange, "exchange", "start", "end")):
            s_col, e_col = getattr(model, start), getattr(model, end)
            rows = conn.execute(select(model.id, s_col, e_col).where(
                or_(func.length(s_col) > 0, func.length(e_col) > 0)))
            for rid, s, e in rows:
                for name, value in ((start, s), (end, e)):
                    if value and not dates.is_partial(value):
                        findings.append(Finding(entity, rid, "rule.bad_date",
                                                {"field": f"field.{name}", "value": value}))
                if dates.is_partial(s or "") and dates.is_partial(e or "") and \
                        dates.last_day(e) < dates.first_day(s):
                    findings.append(Finding(entity, rid, "rule.end_before_start", {
                        "end_field": f"field.{end}", "end": e, "start_field": f"field.{start}",
                        "start": s}))
    return findings
