"""The office's own words in a year's annual report: a foreword, the overview of the work
(工作概述), its results (主要成效), the problems (存在问题) and the next steps (下一步工作),
each in Chinese and English, kept in the register (``report_narrative``) per year."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from twindesk.core.errors import ConflictError
from twindesk.core.models import ReportNarrative, utcnow

SECTIONS = ("foreword", "overview", "results", "problems", "next_steps")


def read(conn: Connection, year: int) -> dict[str, tuple[str, str]]:
    """{section: (English, Chinese)} of ``year``; sections never written are absent."""
    rows = conn.execute(
        select(
            col(ReportNarrative.section), col(ReportNarrative.text_en), col(ReportNarrative.text_zh)
        ).where(col(ReportNarrative.year) == year)
    )
    return {section: (en, zh) for section, en, zh in rows if section in SECTIONS}


def _as_read(texts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Texts as they are kept: stripped, sections empty in both languages left out."""
    return {s: (en.strip(), zh.strip()) for s, (en, zh) in texts.items() if (en + zh).strip()}


def write(
    conn: Connection,
    year: int,
    texts: dict[str, tuple[str, str]],
    *,
    read: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Replace ``year``'s texts with ``texts`` ({section: (English, Chinese)}); a section
    empty in both languages is removed.

    ``read``: the texts as the clerk read them before editing. If another clerk saved
    ``year``'s texts since, the save is refused (ConflictError) rather than overwrite
    theirs; the rows are locked while compared (SELECT ... FOR UPDATE on a server)."""
    unknown = set(texts) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown narrative sections: {sorted(unknown)}")
    if read is not None:
        stored = conn.execute(
            select(
                col(ReportNarrative.section),
                col(ReportNarrative.text_en),
                col(ReportNarrative.text_zh),
            )
            .where(col(ReportNarrative.year) == year)
            .with_for_update()
        )
        if {s: (en, zh) for s, en, zh in stored} != _as_read(read):
            raise ConflictError("error.conflict.narrative", year=year)
    conn.execute(delete(ReportNarrative).where(col(ReportNarrative.year) == year))
    rows = [
        {
            "year": year,
            "section": s,
            "text_en": en.strip(),
            "text_zh": zh.strip(),
            "updated_at": utcnow(),
        }
        for s, (en, zh) in texts.items()
        if (en + zh).strip()
    ]
    if not rows:
        return
    try:
        with conn.begin_nested():
            conn.execute(ReportNarrative.__table__.insert(), rows)
    except IntegrityError as err:
        # On a server, another clerk wrote the first texts of this year at the same moment
        # (there were no rows to lock): theirs stand.
        raise ConflictError("error.conflict.narrative", year=year) from err


def years(conn: Connection) -> list[int]:
    """The years that have any narrative."""
    return list(
        conn.execute(
            select(col(ReportNarrative.year)).distinct().order_by(col(ReportNarrative.year))
        ).scalars()
    )
