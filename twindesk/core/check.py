"""The register check: the file's own integrity and the register's rules, over every record.

The rules are enforced when records are saved; this finds what slipped past them
(records written by an older TwinDesk, by hand with an SQL tool, or damaged), and is
what ``twindesk check`` and the window's Check command run.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

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
        a, b = Pairing.__table__.alias("a"), Pairing.__table__.alias("b")
        duplicates = select(a.c.id, b.c.id).where(
            a.c.id < b.c.id, a.c.kind == b.c.kind,
            a.c.status.in_(current), b.c.status.in_(current),
            or_(and_(a.c.place_a_id == b.c.place_a_id, a.c.place_b_id == b.c.place_b_id),
                and_(a.c.place_a_id == b.c.place_b_id, a.c.place_b_id == b.c.place_a_id)))
        for first, second in conn.execute(duplicates):
            findings.append(Finding("pairing", second, "check.duplicate", {"other": first}))
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
