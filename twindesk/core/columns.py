"""The columns of the record lists, shared by the window's tables and the list exports.

A :class:`Column` says what a list shows under one header and how: its label in both
languages, how a row of the list query (``twindesk.core.queries``) renders as text in
the interface language, which query column it sorts by, and, for exports, the raw
query value behind it (a partial date, a number) so a spreadsheet gets typed cells.
No Qt here: the table model and the exporter both read these definitions, so an
exported list has exactly the columns, labels and values the clerk saw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twindesk.core.dates import format_partial

if TYPE_CHECKING:
    from twindesk.core.storage import Register

CONTINENTS: dict[str, tuple[str, str]] = {
    "AF": ("Africa", "非洲"),
    "AN": ("Antarctica", "南极洲"),
    "AS": ("Asia", "亚洲"),
    "EU": ("Europe", "欧洲"),
    "NA": ("North America", "北美洲"),
    "OC": ("Oceania", "大洋洲"),
    "SA": ("South America", "南美洲"),
}


class RenderContext:
    """What rendering needs besides the row: the language and vocabulary labels.

    ``iso_dates`` is the clerk's display preference (Settings > Dates), set once for
    the process like the language: ISO text "1979-03" instead of "March 1979".
    """

    iso_dates = False

    def __init__(
        self, register: Register | None, lang: str, *, conn: Connection | None = None
    ) -> None:
        """The labels read through ``conn`` when given, else from ``register``."""
        self.lang = lang
        if conn is None:
            assert register is not None  # one of them is given
            with register.connect() as own:
                self.labels = _vocabulary_labels(own)
        else:
            self.labels = _vocabulary_labels(conn)

    def pick(self, en: str | None, zh: str | None) -> str:
        """A name in the interface language, falling back to the other language."""
        first, second = (zh, en) if self.lang == "zh" else (en, zh)
        return first or second or ""

    def term(self, vocabulary: str, code: str) -> str:
        en, zh = self.labels.get(vocabulary, {}).get(code, (code, code))
        return self.pick(en, zh)

    def date(self, value: str) -> str:
        if not value or self.iso_dates:
            return value or ""
        return format_partial(value, self.lang)


def _vocabulary_labels(conn: Connection) -> dict[str, dict[str, tuple[str, str]]]:
    from twindesk.core.models import VOCABULARIES

    labels: dict[str, dict[str, tuple[str, str]]] = {}
    for name, model in VOCABULARIES.items():
        table = model.__table__
        labels[name] = {
            code: (en, zh)
            for code, en, zh in conn.execute(
                table.select().with_only_columns(table.c.code, table.c.label_en, table.c.label_zh)
            )
        }
    return labels


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, how a row shows in it, what it sorts by.

    ``value`` names the query column an export writes as a typed cell: ``kind`` "date"
    (a partial ISO date: a date cell when it is a full date) or "number"; text columns
    are written as rendered.
    """

    key: str
    header: str  # English
    header_zh: str
    render: Callable[[Any, RenderContext], str]
    sort: str | None = None  # query column to sort by; None = not sortable
    kind: str = "text"  # "text", "date" or "number"
    value: str | None = None

    def label(self, lang: str) -> str:
        return self.header_zh if lang == "zh" else self.header


def _name(prefix: str) -> Callable[[Any, RenderContext], str]:
    en, zh = f"{prefix}_en", f"{prefix}_zh"
    return lambda r, c: c.pick(getattr(r, en), getattr(r, zh))


def _term(vocabulary: str, attr: str) -> Callable[[Any, RenderContext], str]:
    return lambda r, c: c.term(vocabulary, getattr(r, attr))


def _date(attr: str) -> Callable[[Any, RenderContext], str]:
    return lambda r, c: c.date(getattr(r, attr))


def _text(attr: str) -> Callable[[Any, RenderContext], str]:
    return lambda r, c: "" if getattr(r, attr) is None else str(getattr(r, attr))


def _continent(r: Any, c: RenderContext) -> str:
    return c.pick(*CONTINENTS.get(r.continent, (r.continent, r.continent)))


@lru_cache(maxsize=64)
def _direction_label(direction: str, lang: str) -> str:
    from twindesk.core.i18n import translate

    return translate(f"direction.{direction}", lang)


def _direction(r: Any, c: RenderContext) -> str:
    # Once per direction and language, not per row: an export of 100,000 exchanges
    # looked each label up 100,000 times.
    return _direction_label(r.direction, c.lang) if r.direction else ""


def _dated(key: str, en: str, zh: str) -> Column:
    return Column(key, en, zh, _date(key), key, kind="date", value=key)


COLUMNS: dict[str, list[Column]] = {
    "pairing": [
        Column("local", "Local place", "本方城市", _name("a_name"), "a_name_en"),
        Column("partner", "Partner place", "外方城市", _name("b_name"), "b_name_en"),
        Column("country", "Country", "国家", _name("country"), "country_en"),
        Column("continent", "Continent", "大洲", _continent, "continent"),
        Column("kind", "Kind", "关系类型", _term("pairing_kind", "kind"), "kind"),
        Column("level", "Level", "层级", _term("pairing_level", "level"), "level"),
        Column("status", "Status", "状态", _term("pairing_status", "status"), "status"),
        _dated("established", "Established", "结好日期"),
        _dated("ended", "Ended", "终止日期"),
    ],
    "place": [
        Column("name_en", "English name", "英文名", _text("name_en"), "name_en"),
        Column("name_zh", "Chinese name", "中文名", _text("name_zh"), "name_zh"),
        Column("name_native", "Native name", "当地文字名", _text("name_native"), "name_native"),
        Column("type", "Type", "类型", _term("place_type", "place_type"), "place_type"),
        Column("country", "Country", "国家", _name("country"), "country_en"),
        Column("continent", "Continent", "大洲", _continent, "continent"),
    ],
    "programme": [
        Column("title", "Title", "标题", _name("title"), "title_en"),
        Column("local", "Local place", "本方城市", _name("a_name"), "a_name_en"),
        Column("partner", "Partner place", "外方城市", _name("b_name"), "b_name_en"),
        _dated("start", "Start", "开始日期"),
        _dated("end", "End", "结束日期"),
        Column("status", "Status", "状态", _term("programme_status", "status"), "status"),
    ],
    "exchange": [
        Column("title", "Title", "标题", _name("title"), "title_en"),
        Column("type", "Type", "类型", _term("exchange_type", "exchange_type"), "exchange_type"),
        Column("direction", "Direction", "方向", _direction, "direction"),
        _dated("start", "Start", "开始日期"),
        _dated("end", "End", "结束日期"),
        Column("venue", "Venue", "地点", _text("venue"), "venue"),
        Column(
            "participants",
            "Participants",
            "参加人数",
            _text("participants"),
            "participants",
            kind="number",
            value="participants",
        ),
    ],
    "contact": [
        Column("name", "Name", "姓名", _name("name"), "name_en"),
        Column("title", "Job title", "职务", _text("title"), "title"),
        Column("organisation", "Organisation", "单位", _text("organisation"), "organisation"),
        Column("place", "Place", "所在地", _name("place"), "place_en"),
        Column("phone", "Phone", "电话", _text("phone"), None),
        Column("email", "E-mail", "电子邮件", _text("email"), "email"),
    ],
}


# Which filters each list offers: (Filter attribute, vocabulary or special source)
FILTERS: dict[str, list[tuple[str, str]]] = {
    "pairing": [
        ("countries", "country"),
        ("continents", "continent"),
        ("kinds", "pairing_kind"),
        ("statuses", "pairing_status"),
        ("levels", "pairing_level"),
        ("fields", "cooperation_field"),
        ("groups", "country_group"),
    ],
    "programme": [("statuses", "programme_status"), ("fields", "cooperation_field")],
    "exchange": [
        ("types", "exchange_type"),
        ("fields", "cooperation_field"),
        ("groups", "country_group"),
    ],
    "place": [("countries", "country"), ("continents", "continent"), ("types", "place_type")],
    "contact": [],
}
YEAR_FILTERS = {"pairing", "programme", "exchange"}


def column_by_key(entity: str, key: str) -> Column | None:
    return next((c for c in COLUMNS[entity] if c.key == key), None)
