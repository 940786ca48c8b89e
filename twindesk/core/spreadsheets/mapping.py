"""Which column holds which field: header synonyms, suggested mappings, saved presets.

A :class:`Mapping` says, for one sheet, which column feeds which field of the target
record (pairing, exchange, programme or contact) and what happens to the columns left
unmapped (kept in the record's notes, or ignored). ``suggest`` builds one from the
headers; the clerk may change any of it; ``save_preset`` stores it under a name in the
register, and ``find_preset`` offers it again for a file with the same headers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import MESSAGES, translate
from twindesk.core.models import ImportPreset, utcnow
from twindesk.core.search import fold

TARGETS = ("pairing", "exchange", "programme", "contact")
IGNORE = "ignore"  # a column mapped to nothing on purpose (序号, 洲别): not kept in notes

_S = {
    "ignore": [
        "序号",
        "编号",
        "序",
        "no",
        "no.",
        "nr",
        "#",
        "s/n",
        "sn",
        "number",
        "洲别",
        "洲",
        "所在洲",
        "大洲",
        "continent",
        "serial",
        "id",
        "行号",
        "index",
    ],
    "notes": [
        "备注",
        "说明",
        "附注",
        "notes",
        "note",
        "remarks",
        "remark",
        "comment",
        "comments",
        "memo",
        "其他",
        "其它",
    ],
    "local": [
        "本方城市",
        "本方",
        "我方城市",
        "我方",
        "中方城市",
        "中方",
        "国内城市",
        "本方地区",
        "本方省市",
        "中方省市",
        "本地",
        "local party",
        "local",
        "local city",
        "local place",
        "chinese city",
        "chinese side",
        "china side",
        "our city",
        "home city",
        "本市城市",
        "中方友城",
        "本方单位",
        "chinese province",
        "chinese partner",
        "中方省份",
        "中方省市",
    ],
    "local_en": [
        "本方英文名",
        "本方英文名称",
        "中方英文名",
        "local english",
        "local name english",
        "local en",
        "local (english)",
    ],
    "local_zh": [
        "本方中文名",
        "本方中文名称",
        "local chinese",
        "local name chinese",
        "local zh",
        "local (chinese)",
    ],
    "partner": [
        "外方城市",
        "外方",
        "外方城市名称",
        "外方地区",
        "外方省州",
        "外方省州城市",
        "友好城市",
        "友城",
        "友城名称",
        "友好城市名称",
        "友好省州",
        "结好城市",
        "对方城市",
        "对方",
        "外国城市",
        "partner",
        "partner city",
        "partner place",
        "partner party",
        "foreign city",
        "sister city",
        "twin city",
        "twin town",
        "counterpart",
        "foreign partner",
        "友好交流城市",
        "城市名称",
        "twinned with",
        "twinned",
        "twin",
        "paired with",
        "partner town",
        "sister town",
        "twin cities with",
        "friendship city",
        "外方友城",
        "友好城市名称",
        "结好对象",
        "对口城市",
    ],
    "partner_en": [
        "外文名称",
        "外文名",
        "英文名称",
        "英文名",
        "外方英文名",
        "外方英文名称",
        "外文",
        "english name",
        "name english",
        "name en",
        "name_en",
        "english",
        "partner english",
        "partner name english",
        "partner (english)",
    ],
    "partner_zh": [
        "中文名称",
        "中文名",
        "外方中文名",
        "外方中文名称",
        "chinese name",
        "name chinese",
        "name zh",
        "name_zh",
        "partner chinese",
        "partner (chinese)",
    ],
    # The first-level region a partner lies in (宾夕法尼亚州 beside 匹兹堡): which of the
    # places of one name it is. Not "State" alone: that is a status as often.
    "partner_region": [
        "所属州/省",
        "所属省/州",
        "所属州省",
        "所属州",
        "所属省",
        "所属地区",
        "所在州/省",
        "所在州",
        "州/省",
        "省/州",
        "state/province",
        "province/state",
        "state / province",
        "partner state",
        "partner province",
        "partner region",
    ],
    "partner_native": [
        "当地文字名",
        "原文名称",
        "原文名",
        "当地名称",
        "native name",
        "local script",
        "name native",
        "original name",
    ],
    "places": [
        "涉及友城",
        "结好双方",
        "双方城市",
        "友城关系",
        "城市对",
        "结对城市",
        "pairing",
        "sister cities",
        "twin cities",
        "cities",
        "pair",
    ],
    "country": [
        "所在国家",
        "国家",
        "国别",
        "国家地区",
        "国家（地区）",
        "国家/地区",
        "所属国家",
        "外方国家",
        "所在国",
        "country",
        "partner country",
        "nation",
        "country/region",
        "country region",
        "国",
    ],
    "local_country": ["本方国家", "local country"],
    "kind": [
        "关系类型",
        "类型",
        "类别",
        "结好类型",
        "关系",
        "性质",
        "kind",
        "type",
        "relationship",
        "relationship type",
        "relation",
        "category",
    ],
    "level": ["层级", "级别", "结好层级", "level", "tier"],
    "status": ["状态", "现状", "关系状态", "status", "state", "current status"],
    "established": [
        "结好时间",
        "结好日期",
        "结好年份",
        "建立时间",
        "建立日期",
        "缔结时间",
        "缔结日期",
        "签约时间",
        "签约日期",
        "签署时间",
        "签署日期",
        "结好",
        "时间",
        "日期",
        "年份",
        "established",
        "since",
        "year",
        "date",
        "date established",
        "year established",
        "date signed",
        "signed",
        "date of signing",
        "start",
    ],
    "ended": [
        "终止时间",
        "终止日期",
        "解除时间",
        "ended",
        "end date",
        "date ended",
        "until",
        "end",
    ],
    "end_reason": ["终止原因", "解除原因", "end reason", "why ended", "reason ended"],
    "signed_at_place": [
        "签约地点",
        "签署地点",
        "签字地点",
        "signed at",
        "place of signing",
        "signing place",
    ],
    "signed_at_event": ["签约场合", "签约活动", "signing event", "signed at event", "occasion"],
    "signatories": ["签约人", "签字人", "签署人", "signatories", "signed by", "signatory"],
    "agreement_ref": [
        "协议编号",
        "协议号",
        "文号",
        "agreement ref",
        "agreement reference",
        "agreement no",
        "agreement number",
        "ref",
        "reference",
    ],
    "source": ["来源", "资料来源", "出处", "source"],
    "source_url": ["网址", "链接", "来源网址", "url", "link", "source url", "web"],
    "source_checked": ["核实日期", "来源核实日期", "checked", "source checked", "verified"],
    "contact": ["联系人", "联络人", "联系人信息", "contact", "contact person", "contacts"],
    "local_latitude": ["本方纬度", "local latitude", "local lat"],
    "local_longitude": ["本方经度", "local longitude", "local lng", "local lon"],
    "partner_latitude": ["纬度", "外方纬度", "latitude", "lat", "partner latitude"],
    "partner_longitude": ["经度", "外方经度", "longitude", "lng", "lon", "partner longitude"],
    # exchanges, programmes, contacts
    "title": [
        "活动名称",
        "名称",
        "标题",
        "活动",
        "交流活动",
        "事项",
        "项目名称",
        "title",
        "event",
        "activity",
        "name",
        "exchange",
        "subject",
        "programme",
        "program",
        "project",
    ],
    "title_en": ["英文标题", "英文名称", "english title", "title english", "title en"],
    "title_zh": ["中文标题", "中文名称", "chinese title", "title chinese", "title zh"],
    "exchange_type": [
        "类型",
        "活动类型",
        "形式",
        "交流形式",
        "type",
        "kind",
        "exchange type",
        "category",
        "format",
    ],
    "direction": [
        "方向",
        "交流方向",
        "来访/出访",
        "出访/来访",
        "来访出访",
        "出访来访",
        "来/出访",
        "出/来访",
        "出入境",
        "direction",
        "inbound/outbound",
        "in/out",
    ],
    "leader_level": [
        "团长级别",
        "团长职级",
        "带队领导级别",
        "率团领导级别",
        "领导级别",
        "团长级别（职级）",
        "级别",
        "leader level",
        "leader's level",
        "leader rank",
        "head of delegation level",
        "delegation level",
    ],
    "dates": [
        "日期",
        "时间",
        "活动时间",
        "活动日期",
        "起止时间",
        "起止日期",
        "期间",
        "时间段",
        "date",
        "dates",
        "when",
        "period",
    ],
    "start": [
        "开始日期",
        "开始时间",
        "起始日期",
        "起始时间",
        "开始",
        "start",
        "from",
        "start date",
        "begins",
    ],
    "end": ["结束日期", "结束时间", "截止日期", "结束", "end", "to", "end date", "until", "ends"],
    "participants": [
        "人数",
        "参加人数",
        "团组人数",
        "参与人数",
        "participants",
        "people",
        "persons",
        "number of participants",
        "pax",
        "delegation size",
        "size",
    ],
    "venue": ["地点", "举办地", "活动地点", "举办地点", "venue", "place", "location", "where"],
    "fields": [
        "领域",
        "合作领域",
        "交流领域",
        "fields",
        "field",
        "sector",
        "sectors",
        "areas",
        "area",
    ],
    "outcome": ["成果", "结果", "outcome", "result", "results"],
    "programme": [
        "合作项目",
        "所属项目",
        "项目",
        "programme",
        "program",
        "under programme",
        "part of programme",
    ],
    "description": ["内容", "说明", "简介", "项目内容", "description", "details", "summary"],
    "name": ["姓名", "名字", "联系人", "name", "contact", "person", "full name"],
    "name_en": ["英文名", "英文姓名", "外文姓名", "english name", "name english", "name en"],
    "name_zh": ["中文名", "中文姓名", "chinese name", "name chinese", "name zh"],
    "job_title": ["职务", "职位", "头衔", "title", "position", "job title", "role"],
    "organisation": [
        "单位",
        "机构",
        "部门",
        "工作单位",
        "organisation",
        "organization",
        "department",
        "agency",
        "office",
        "employer",
    ],
    "place": ["城市", "所在城市", "所在地", "地区", "city", "place", "town", "location"],
    "phone": ["电话", "手机", "联系电话", "phone", "tel", "telephone", "mobile", "cell"],
    "email": ["邮箱", "电子邮件", "电子邮箱", "email", "e-mail", "mail"],
    "language": ["语言", "语种", "工作语言", "language", "languages"],
}

# Fields each target offers, in the order a wizard lists them.
TARGET_FIELDS: dict[str, tuple[str, ...]] = {
    "pairing": (
        "local",
        "local_en",
        "local_zh",
        "partner",
        "partner_en",
        "partner_zh",
        "partner_native",
        "partner_region",
        "places",
        "country",
        "local_country",
        "kind",
        "level",
        "status",
        "established",
        "ended",
        "end_reason",
        "signed_at_place",
        "signed_at_event",
        "signatories",
        "agreement_ref",
        "source",
        "source_url",
        "source_checked",
        "contact",
        "local_latitude",
        "local_longitude",
        "partner_latitude",
        "partner_longitude",
        "notes",
    ),
    "exchange": (
        "title",
        "title_en",
        "title_zh",
        "exchange_type",
        "direction",
        "leader_level",
        "dates",
        "start",
        "end",
        "places",
        "local",
        "partner",
        "country",
        "participants",
        "venue",
        "fields",
        "outcome",
        "programme",
        "notes",
    ),
    "programme": (
        "title",
        "title_en",
        "title_zh",
        "places",
        "local",
        "partner",
        "country",
        "kind",
        "dates",
        "start",
        "end",
        "status",
        "fields",
        "description",
    ),
    "contact": (
        "name",
        "name_en",
        "name_zh",
        "job_title",
        "organisation",
        "place",
        "country",
        "places",
        "local",
        "partner",
        "phone",
        "email",
        "language",
        "notes",
    ),
}
# What a column left unmapped is kept in, when the clerk keeps them.
NOTES_FIELD = {
    "pairing": "notes",
    "exchange": "notes",
    "programme": "description",
    "contact": "notes",
}
# Fields a row cannot do without (any one of each group).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "pairing": (("partner", "partner_en", "partner_zh", "partner_native", "places"),),
    "exchange": (("title", "title_en", "title_zh"),),
    "programme": (("title", "title_en", "title_zh"), ("places", "partner")),
    "contact": (("name", "name_en", "name_zh"),),
}


def field_label(name: str | None, lang: str) -> str:
    """A mapping field's label: the import's own, else the record field's."""
    for code in (f"import.field.{name or 'none'}", f"field.{name}"):
        if code in MESSAGES:
            return translate(code, lang)
    return name or ""


def missing_groups(mapping: Mapping) -> list[tuple[str, ...]]:
    """The groups of fields a row cannot do without that no column of ``mapping`` feeds."""
    fed = set(mapping.columns.values())
    return [group for group in REQUIRED[mapping.target] if not fed & set(group)]


def header_key(text: str) -> str:
    """A header folded for matching: width, case, spaces and punctuation ignored."""
    return re.sub(r"[()（）:：/\\,，.。*_\-\[\]【】]+", "", fold(text or ""))


def _synonyms(target: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("ignore", *TARGET_FIELDS[target]):
        for syn in _S.get(name, []):
            out.setdefault(header_key(syn), name)
    return out


_SYN = {t: _synonyms(t) for t in TARGETS}


def _cjk(s: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in s)


# Per target, the synonyms of two characters or more, longest first (ties in the order
# above), each with whether it is Chinese: the first one found in a header is the answer.
_INSIDE = {
    t: sorted(
        ((s, name, _cjk(s)) for s, name in syn.items() if len(s) >= 2),
        key=lambda entry: -len(entry[0]),
    )
    for t, syn in _SYN.items()
}


@lru_cache(maxsize=4096)  # layout detection asks it of every text of 30 rows, per target
def match_header(text: str, target: str) -> str | None:
    """The field a header names, from the synonyms; None when it names none."""
    key = header_key(text)
    if not key:
        return None
    syn = _SYN[target]
    if key in syn:
        return syn[key]
    # "外方城市（中文）", "结好时间(年)": a Chinese synonym of 2+ characters inside the
    # header; a Latin one only as whole words ("Partner (state / prefecture)" is not "ref",
    # "Town" is not "to").
    words = [w for part in re.split(r"[\W_]+", text or "") if (w := fold(part))]
    runs = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    for s, name, chinese in _INSIDE[target]:
        if s in key if chinese else s in runs:
            return name
    return None


QUALIFIERS = {
    "zh": ("中文", "中文名", "中文名称", "汉语", "chinese", "zh", "cn"),
    "en": ("英文", "英文名", "英文名称", "外文", "外文名称", "english", "en"),
    "native": ("原文", "当地文字", "native", "local script"),
}


def word_class(text: str, table: MappingOf[str, Collection[str]]) -> str | None:
    """The entry of ``table`` whose words include the header ``text``, or None."""
    key = header_key(text)
    for name, words in table.items():
        if key in {header_key(w) for w in words}:
            return name
    return None


def qualifier(text: str) -> str | None:
    """'zh', 'en' or 'native' for the lower cell of a two-row header ("中文", "English")."""
    return word_class(text, QUALIFIERS)


def header_score(texts: Iterable[str]) -> int:
    """How many of ``texts`` are known headers of any target (or 中文/English qualifiers)."""
    n = 0
    for t in texts:
        if isinstance(t, str) and (
            qualifier(t) or any(match_header(t, target) for target in TARGETS)
        ):
            n += 1
    return n


LOCAL_SIDE_FIELDS = frozenset(("local", "local_en", "local_zh", "places"))


@dataclass
class Mapping:
    """Column index -> field for one sheet, plus what to do with unmapped columns."""

    target: str
    columns: dict[int, str] = field(default_factory=dict)
    unmapped: str = "notes"  # "notes" or "ignore"

    def field_columns(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for col, name in sorted(self.columns.items()):
            if name and name != IGNORE:
                out.setdefault(name, []).append(col)
        return out

    def names_local_side(self) -> bool:
        """Whether a column gives each row's local side (or both places in one cell)."""
        return bool(LOCAL_SIDE_FIELDS & set(self.columns.values()))

    def to_json(self, headers: list[str]) -> dict:
        return {
            "target": self.target,
            "unmapped": self.unmapped,
            "columns": [
                [headers[c] if c < len(headers) else "", c, f]
                for c, f in sorted(self.columns.items())
            ],
        }


# Fields that only one target has: a header naming one is strong evidence for it. A
# title too ("交流活动"): a pairing has none.
TARGET_SPECIFIC = {
    "pairing": {"established", "partner", "partner_en", "kind", "level"},
    "exchange": {
        "title",
        "exchange_type",
        "direction",
        "leader_level",
        "participants",
        "dates",
        "venue",
        "outcome",
    },
    "programme": {"title", "description", "start", "end"},
    "contact": {"phone", "email", "job_title", "organisation", "name"},
}


def guess_target(headers: list[str]) -> str:
    """The target whose synonyms name the most headers (pairing on a tie)."""
    specific = TARGET_SPECIFIC
    scores = {}
    for target in TARGETS:
        found = {match_header(h, target) for h in headers if h}
        scores[target] = len(found & specific[target]) * 2 + len(found - {None, IGNORE})
    return max(TARGETS, key=lambda t: (scores[t], t == "pairing"))


def suggest(headers: list[str], target: str | None = None, *, unmapped: str = "notes") -> Mapping:
    """A mapping from the headers alone; each field goes to its first matching column."""
    target = target or guess_target(headers)
    columns: dict[int, str] = {}
    taken: set[str] = set()
    for col, text in enumerate(headers):
        name = match_header(text, target) if text else None
        if name is None:
            continue
        if name == IGNORE or name not in taken:
            columns[col] = name
            taken.add(name)
    return Mapping(target=target, columns=columns, unmapped=unmapped)


# --------------------------------------------------------------------------- presets
def headers_signature(headers: list[str]) -> str:
    key = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass
class Preset:
    name: str
    target: str
    headers: list[str]
    mapping: Mapping
    options: dict

    def apply(self, headers: list[str]) -> Mapping:
        """This preset's mapping for a sheet with ``headers`` (matched by header text)."""
        by_key: dict[str, str] = {}
        by_index: dict[int, str] = {}
        for col, name in self.mapping.columns.items():
            if col < len(self.headers):
                by_key.setdefault(header_key(self.headers[col]), name)
            by_index[col] = name
        columns = {}
        for col, text in enumerate(headers):
            key = header_key(text)
            if key and key in by_key:
                columns[col] = by_key[key]
            elif not key and col in by_index:
                columns[col] = by_index[col]
        return Mapping(self.target, columns, self.mapping.unmapped)


def _preset_from_row(row: Row) -> Preset:
    data = json.loads(row.mapping or "{}")
    headers = data.get("headers", [])
    mapping = Mapping(
        target=row.target,
        columns={int(c): f for c, f in data.get("columns", {}).items()},
        unmapped=data.get("unmapped", "notes"),
    )
    return Preset(row.name, row.target, headers, mapping, data.get("options", {}))


def save_preset(
    conn: Connection, name: str, headers: list[str], mapping: Mapping, options: dict | None = None
) -> None:
    """Store (or replace) the named preset."""
    name = (name or "").strip()
    if not name:
        raise TwinDeskError("import.preset.no_name")
    t = ImportPreset.__table__
    payload = json.dumps(
        {
            "headers": list(headers),
            "unmapped": mapping.unmapped,
            "columns": {str(c): f for c, f in mapping.columns.items()},
            "options": options or {},
        },
        ensure_ascii=False,
    )
    now = utcnow()
    values = {
        "target": mapping.target,
        "headers_key": headers_signature(headers),
        "mapping": payload,
        "updated_at": now,
    }
    existing = conn.execute(select(t.c.id).where(t.c.name == name)).scalar()
    if existing is None:
        conn.execute(t.insert().values(name=name, created_at=now, **values))
    else:
        conn.execute(t.update().where(t.c.id == existing).values(**values))


def load_preset(conn: Connection, name: str) -> Preset:
    t = ImportPreset.__table__
    row = conn.execute(select(t).where(t.c.name == name)).first()
    if row is None:
        names = ", ".join(list_presets(conn)) or "-"
        raise TwinDeskError("import.preset.unknown", name=name, names=names)
    return _preset_from_row(row)


def list_presets(conn: Connection) -> list[str]:
    t = ImportPreset.__table__
    return list(conn.execute(select(t.c.name).order_by(t.c.name)).scalars())


def find_preset(conn: Connection, headers: list[str]) -> Preset | None:
    """The most recently saved preset made for exactly these headers, if any."""
    t = ImportPreset.__table__
    row = conn.execute(
        select(t)
        .where(t.c.headers_key == headers_signature(headers))
        .order_by(t.c.updated_at.desc(), t.c.id.desc())
        .limit(1)
    ).first()
    return _preset_from_row(row) if row is not None else None


def delete_preset(conn: Connection, name: str) -> None:
    t = ImportPreset.__table__
    conn.execute(t.delete().where(t.c.name == name))
