"""The user-extendable lists: kinds, levels, statuses, fields, exchange and place types."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select
from sqlmodel import Session, col
from sqlmodel import select as select_records

from twindesk.core.errors import InUseError, NotFoundError
from twindesk.core.models import VOCABULARIES, PairingStatus, VocabularyBase
from twindesk.core.operations.base import Problems, record_audit

CODE = re.compile(r"^[a-z0-9_]{1,40}$")


def _model(vocabulary: str) -> type[VocabularyBase]:
    try:
        return VOCABULARIES[vocabulary]
    except KeyError:
        raise ValueError(f"unknown vocabulary {vocabulary!r}") from None


def terms(session: Session, vocabulary: str) -> list[VocabularyBase]:
    model = _model(vocabulary)
    return list(
        session.exec(select_records(model).order_by(col(model.sort_order), col(model.code)))
    )


def code_for(session: Session, vocabulary: str, label_en: str, label_zh: str) -> str:
    """An internal code made from the term's name, so a clerk never has to invent one:
    "Water management" → water_management, "水务管理" → shuiwuguanli. It is kept once
    made (records refer to it), so relabelling the term later does not change it; a code
    already in the list gets _2, _3."""
    from twindesk.core.search import pinyin_forms

    text = label_en.strip() or pinyin_forms(label_zh.strip())[0]
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:36] or "term"
    model, code, n = _model(vocabulary), base, 1
    while session.get(model, code) is not None:
        n += 1
        code = f"{base}_{n}"
    return code


def add_term(
    session: Session,
    vocabulary: str,
    *,
    label_en: str,
    label_zh: str,
    code: str = "",
    sort_order: int = 500,
    **extra: object,
) -> VocabularyBase:
    """Add a term; without ``code`` one is made from the name (``code_for``)."""
    model = _model(vocabulary)
    problems = Problems()
    code = code.strip() or code_for(session, vocabulary, label_en, label_zh)
    if not CODE.match(code):
        problems.add("rule.required", "code")
    elif session.get(model, code) is not None:
        problems.add("rule.code_taken", "code", value=code)
    if not label_en.strip() and not label_zh.strip():
        problems.add("rule.name_required", "label_en")
    problems.raise_if_any()
    term = model(
        code=code,
        label_en=label_en.strip() or label_zh.strip(),
        label_zh=label_zh.strip() or label_en.strip(),
        sort_order=sort_order,
        builtin=False,
        **extra,
    )
    session.add(term)
    session.flush()
    record_audit(session, vocabulary, 0, "insert", {"code": (None, code)})
    return term


def relabel(session: Session, vocabulary: str, code: str, *, label_en: str, label_zh: str) -> None:
    term = session.get(_model(vocabulary), code)
    if term is None:
        raise NotFoundError(entity=vocabulary, id=code)
    changes = {}
    for name, value in (("label_en", label_en.strip()), ("label_zh", label_zh.strip())):
        if value and getattr(term, name) != value:
            changes[name] = (getattr(term, name), value)
            setattr(term, name, value)
    if changes:
        session.add(term)
        record_audit(session, vocabulary, 0, "update", changes)


def set_in_force(session: Session, code: str, in_force: bool) -> None:
    """Whether pairings in the status ``code`` count as in force (``queries.in_force``)."""
    term = session.get(PairingStatus, code)
    if term is None:
        raise NotFoundError(entity="pairing_status", id=code)
    if term.in_force != in_force:
        record_audit(
            session, "pairing_status", 0, "update", {"in_force": (term.in_force, in_force)}
        )
        term.in_force = in_force
        session.add(term)


def usage(session: Session, vocabulary: str, code: str) -> int:
    """How many records use a term (a term in use cannot be removed)."""
    model = _model(vocabulary)
    total = 0
    for table in model.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is model.__table__:
                total += session.execute(
                    select(func.count()).select_from(table).where(fk.parent == code)
                ).scalar_one()
    return total


def remove_term(session: Session, vocabulary: str, code: str) -> None:
    model = _model(vocabulary)
    term = session.get(model, code)
    if term is None:
        raise NotFoundError(entity=vocabulary, id=code)
    used = usage(session, vocabulary, code)
    if used:
        raise InUseError(entity=vocabulary, id=code, what=(f"{used} records", f"{used} 条记录"))
    session.delete(term)
    session.flush()
    record_audit(session, vocabulary, 0, "delete", {"code": (code, None)})
