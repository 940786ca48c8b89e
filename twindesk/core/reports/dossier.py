"""The dossier on one pairing: everything staff preparing a visit need on paper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row
from sqlmodel import col

from twindesk.core.errors import NotFoundError
from twindesk.core.i18n import translate
from twindesk.core.models import Programme, ProgrammeField
from twindesk.core.queries import Filter
from twindesk.core.reports import data
from twindesk.core.reports.layout import (
    Cancelled,
    Progress,
    ReportResult,
    Story,
    check_cancel,
    render,
)
from twindesk.core.reports.partner_map import add_dossier_map
from twindesk.core.reports.text import (
    number,
    other,
    pairing_name,
    period,
    pick,
    short_date,
    when,
)
from twindesk.core.storage import Register

STEPS = 4


def build_dossier(
    register: Register,
    pairing_id: int,
    *,
    lang: str = "en",
    office: str = "",
    out: Path | str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Write the dossier of pairing ``pairing_id`` to ``out``; raises ``NotFoundError``."""
    story = Story(lang)
    office = office or story.t("office_default")
    with register.connect() as conn:
        pairing = data.pairing_record(conn, pairing_id)
        if pairing is None:
            raise NotFoundError(entity="entity.pairing", id=pairing_id)
        vocab = data.vocabularies(conn)

        def label(name: str, code: str) -> str:
            return pick(*vocab[name].get(code, (code, code)), lang)

        a, b = (
            data.place_record(conn, pairing.place_a_id),
            data.place_record(conn, pairing.place_b_id),
        )
        title = pairing_name(
            pick(a["name_en"], a["name_zh"], lang), pick(b["name_en"], b["name_zh"], lang), lang
        )
        alt = pairing_name(
            other(a["name_en"], a["name_zh"], lang) or pick(a["name_en"], a["name_zh"], lang),
            other(b["name_en"], b["name_zh"], lang) or pick(b["name_en"], b["name_zh"], lang),
            lang,
        )
        story.title_block(
            title,
            f"{story.t('dossier.title')} · {label('pairing_kind', pairing.kind)}",
            alt if alt != title else "",
        )
        _pairing(story, pairing, label)
        _places(story, a, b, label)
        add_dossier_map(story, conn, pairing_id)
        check_cancel(cancelled, progress, 1, STEPS)
        _history(story, conn, pairing_id, label)
        _programmes(story, conn, pairing_id, label)
        check_cancel(cancelled, progress, 2, STEPS)
        _exchanges(story, conn, pairing_id, label)
        check_cancel(cancelled, progress, 3, STEPS)
        _contacts(story, conn, pairing_id)
        _documents(story, conn, pairing_id)
        check_cancel(cancelled, progress, 4, STEPS)
    return render(
        story,
        out,
        title=f"{story.t('dossier.title')}: {title}",
        office=office,
        register_name=register.name,
        progress=progress,
        cancelled=cancelled,
    )


def _field(story: Story, name: str) -> str:
    return translate(f"field.{name}", story.lang)


def _pairing(story: Story, p: Row, label: Callable[[str, str], str]) -> None:
    lang = story.lang
    story.heading(story.t("dossier.pairing"))
    values = {
        "kind": label("pairing_kind", p.kind),
        "level": label("pairing_level", p.level),
        "status": label("pairing_status", p.status),
        "established": short_date(p.established, lang),
        "ended": short_date(p.ended, lang),
        "end_reason": p.end_reason,
        "signed_at_place": p.signed_at_place,
        "signed_at_event": p.signed_at_event,
        "signatories": p.signatories,
        "agreement_ref": p.agreement_ref,
        "source": p.source,
        "source_url": p.source_url,
        "source_checked": short_date(p.source_checked, lang),
        "notes": p.notes,
    }
    story.fields((_field(story, k), v) for k, v in values.items())


def _places(story: Story, a: dict, b: dict, label: Callable[[str, str], str]) -> None:
    lang = story.lang
    story.heading(story.t("dossier.places"))

    def coordinates(place: dict) -> str:
        if place["latitude"] is None or place["longitude"] is None:
            return ""
        return f"{place['latitude']:.4f}, {place['longitude']:.4f}"

    rows = [
        (_field(story, "name_en"), a["name_en"], b["name_en"]),
        (_field(story, "name_zh"), a["name_zh"], b["name_zh"]),
        (_field(story, "name_native"), a["name_native"], b["name_native"]),
        (
            _field(story, "place_type"),
            label("place_type", a["place_type"]),
            label("place_type", b["place_type"]),
        ),
        (
            story.t("col.country"),
            pick(a["country_en"], a["country_zh"], lang),
            pick(b["country_en"], b["country_zh"], lang),
        ),
        (
            story.t("dossier.part_of"),
            pick(a["parent_en"], a["parent_zh"], lang),
            pick(b["parent_en"], b["parent_zh"], lang),
        ),
        (
            story.t("dossier.other_names"),
            "、".join(a["aliases"]) if lang == "zh" else ", ".join(a["aliases"]),
            "、".join(b["aliases"]) if lang == "zh" else ", ".join(b["aliases"]),
        ),
        (story.t("dossier.coordinates"), coordinates(a), coordinates(b)),
        (_field(story, "notes"), a["notes"], b["notes"]),
    ]
    story.table(
        ["", story.t("col.local"), story.t("col.partner")],
        [r for r in rows if r[1] or r[2]],
        [1.3, 2.5, 2.5],
    )


def _history(
    story: Story, conn: Connection, pairing_id: int, label: Callable[[str, str], str]
) -> None:
    story.heading(story.t("dossier.history"))
    story.table(
        [story.t(c) for c in ("col.date", "col.status", "col.note", "col.operator")],
        [
            (short_date(r.date, story.lang), label("pairing_status", r.status), r.note, r.operator)
            for r in data.status_history(conn, pairing_id)
        ],
        [1.4, 1.4, 4, 1.6],
    )


def _join(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _programmes(
    story: Story, conn: Connection, pairing_id: int, label: Callable[[str, str], str]
) -> None:
    lang = story.lang
    story.heading(story.t("dossier.programmes"))
    rows = data.programmes(conn, col(Programme.pairing_id) == pairing_id)
    ids = select(col(Programme.id)).where(col(Programme.pairing_id) == pairing_id)
    fields = data.fields_of(conn, ProgrammeField, col(ProgrammeField.programme_id), ids)
    items = data.programme_items(conn, ids)
    descriptions = dict(
        conn.execute(
            select(col(Programme.id), col(Programme.description)).where(
                col(Programme.pairing_id) == pairing_id
            )
        ).all()
    )
    if not rows:
        story.para(story.t("none"), "note")
    for r in rows:
        story.heading(pick(r.title_en, r.title_zh, lang), 1)
        story.fields(
            [
                (story.t("col.period"), period(r.start, r.end, lang)),
                (_field(story, "status"), label("programme_status", r.status)),
                (
                    _field(story, "fields"),
                    _join([label("cooperation_field", c) for c in fields.get(r.id, ())], lang),
                ),
                (_field(story, "description"), descriptions.get(r.id, "")),
                (
                    story.t("dossier.items"),
                    "\n".join(f"{i}. {text}" for i, text in enumerate(items.get(r.id, ()), 1)),
                ),
            ]
        )


def _exchanges(
    story: Story, conn: Connection, pairing_id: int, label: Callable[[str, str], str]
) -> None:
    lang = story.lang
    story.heading(story.t("dossier.exchanges"))
    rows = data.exchanges(conn, f=Filter(pairing_id=pairing_id))
    story.table(
        [
            story.t(c)
            for c in ("col.date", "col.exchange", "col.type", "col.venue", "col.participants")
        ],
        [
            (
                when(r.start, r.end, lang),
                (pick(r.title_en, r.title_zh, lang), r.outcome),
                label("exchange_type", r.exchange_type),
                r.venue or pick(r.host_en, r.host_zh, lang),
                number(r.participants),
            )
            for r in rows
        ],
        [1.9, 4.9, 1.8, 1.8, 1.5],
        numeric=(4,),
    )


def _contacts(story: Story, conn: Connection, pairing_id: int) -> None:
    lang = story.lang
    story.heading(story.t("dossier.contacts"))
    story.table(
        [story.t(c) for c in ("col.name", "col.title", "col.place", "col.phone", "col.language")],
        [
            (
                (pick(r.name_en, r.name_zh, lang), other(r.name_en, r.name_zh, lang)),
                (r.title, r.organisation),
                pick(r.place_en, r.place_zh, lang),
                "\n".join(x for x in (r.phone, r.email) if x),
                r.language,
            )
            for r in data.contacts(conn, pairing_id)
        ],
        [2.2, 4, 1.5, 2.2, 1.3],
    )


def _documents(story: Story, conn: Connection, pairing_id: int) -> None:
    lang = story.lang
    story.heading(story.t("dossier.documents"))

    def owner(r: Row) -> str:
        if r.programme_id:
            return story.t("owner.programme", name=pick(r.programme_en, r.programme_zh, lang))
        if r.exchange_id:
            return story.t("owner.exchange", name=pick(r.exchange_en, r.exchange_zh, lang))
        if r.contact_id:
            return story.t("owner.contact", name=pick(r.contact_en, r.contact_zh, lang))
        return story.t("owner.pairing")

    story.table(
        [story.t(c) for c in ("col.file", "col.attached_to", "col.size", "col.date")],
        [
            (
                (r.file_name, "SHA-256 " + r.sha256),
                (owner(r), r.description),
                _size(r.size),
                short_date(r.added_at.date().isoformat(), lang),
            )
            for r in data.documents(conn, pairing_id)
        ],
        [4, 4, 1.1, 1.9],
        numeric=(2,),
    )


def _size(size: float) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:,} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
