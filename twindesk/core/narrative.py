"""The office's own words in a year's annual report: a foreword, the overview of the work
(工作概述), its results (主要成效), the problems (存在问题) and the next steps (下一步工作),
each in Chinese and English, kept in the register (``report_narrative``) per year."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from twindesk.core.models import ReportNarrative, utcnow

SECTIONS = ("foreword", "overview", "results", "problems", "next_steps")


def read(conn: Connection, year: int) -> dict[str, tuple[str, str]]:
    """{section: (English, Chinese)} of ``year``; sections never written are absent."""
    rows = conn.execute(
        select(ReportNarrative.section, ReportNarrative.text_en, ReportNarrative.text_zh).where(
            ReportNarrative.year == year
        )
    )
    return {section: (en, zh) for section, en, zh in rows if section in SECTIONS}


def write(conn: Connection, year: int, texts: dict[str, tuple[str, str]]) -> None:
    """Replace ``year``'s texts with ``texts`` ({section: (English, Chinese)}); a section
    empty in both languages is removed."""
    unknown = set(texts) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown narrative sections: {sorted(unknown)}")
    conn.execute(delete(ReportNarrative).where(ReportNarrative.year == year))
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
    if rows:
        conn.execute(ReportNarrative.__table__.insert(), rows)


def years(conn: Connection) -> list[int]:
    """The years that have any narrative."""
    return list(
        conn.execute(
            select(ReportNarrative.year).distinct().order_by(ReportNarrative.year)
        ).scalars()
    )
