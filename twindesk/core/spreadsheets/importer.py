"""Spreadsheet import: open -> layout -> mapping -> validate (plan) -> commit -> undo.

Each step is a call a wizard page (or the command line) can make; the two long ones,
``validate`` and ``commit``, take ``progress(done, total)`` and ``cancelled()``
callbacks so a window can run them in a worker thread::

    imp = SpreadsheetImport(register, "shanghai.xlsx")
    imp.sheet_names                      # choose a sheet
    layout = imp.layout("友好城市")        # header row(s), data rows, footer (overridable)
    mapping = imp.suggest_mapping(layout) # or a saved preset; the clerk edits it
    plan = imp.validate(ImportOptions(sheet="友好城市", mapping=mapping, local="上海"))
    plan.rows, plan.questions            # preview: ok / warning / error; questions to ask
    result = imp.commit(plan, operator="Li Hua")
    undo_import(register, result.batch_id, operator="Li Hua")

Nothing is written before ``commit``; ``commit`` writes everything in one transaction
or nothing (a cancel, an error or a crash leaves the register as it was). Each import is
recorded in ``import_batch`` with its counts; every record it inserted or changed has
audit rows carrying the batch id (old values for changed fields), which is what
``undo_import`` reverses.
"""
from __future__ import annotations

import gc
import re
from itertools import islice
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from twindesk.core import dates
from twindesk.core.backups import backup_before
from twindesk.core.countries import CountryMatch, CountryResolver
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.models import (
    AuditEntry, Contact, ContactPairing, CooperationField, Country, CountryAlias, Document,
    Exchange, ExchangeField,
    ExchangePairing, ExchangePlace, ExchangeType, ImportBatch, Pairing, PairingKind,
    PairingLevel, PairingStatus, PairingStatusChange, Place, PlaceAlias, PlaceType, Programme,
    ProgrammeField, ProgrammeStatus, utcnow,
)
from twindesk.core.search import fold, has_han, search_key
from twindesk.core.spreadsheets import mapping as mapping_mod
from twindesk.core.spreadsheets.layout import Derived, Layout, column_letter, detect_layout
from twindesk.core.spreadsheets.mapping import NOTES_FIELD, REQUIRED, Mapping
from twindesk.core.spreadsheets.places import (
    NewPlace, PlaceIndex, complete_from_gazetteer, normalize_name, romanise_chinese_place,
)
from twindesk.core.spreadsheets.reading import Workbook, open_workbook
from twindesk.core.spreadsheets.recognition import SAMPLE, ColumnGuess, Recognition, recognise
from twindesk.core.spreadsheets.values import (
    ValueProblem, clean_text, is_many_places, is_unknown, place_parts, split_list,
    to_date, to_date_range, to_int,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
DUPLICATE_ACTIONS = ("skip", "update", "keep")
DATE_FIELDS = ("established", "ended", "source_checked", "dates", "start", "end")
CHUNK = 2000
RECOGNITION_ROWS = 3 * SAMPLE  # rows read to recognise the columns
_SECTION_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|"
                             r"\d+[、.．)]|[IVX]+\.)\s*")
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")
# States that no longer exist, and the present countries their towns are in now.
SUCCESSOR_STATES = {
    "SUHH": ["RU", "UA", "BY", "KZ", "UZ", "GE", "AZ", "LT", "MD", "LV", "KG", "TJ", "AM", "TM", "EE"],
    "YUCS": ["RS", "HR", "BA", "SI", "MK", "ME", "XK"],
    "CSHH": ["CZ", "SK"],
    "DDDE": ["DE"],
}


_MISSING = object()
_SIDE_FIELDS = {p: (f"{p}_en", f"{p}_zh", f"{p}_native") for p in ("local", "partner")}
_PROVINCE_WORD = re.compile(r"province|state|prefecture|省|州", re.I)


class ImportCancelled(TwinDeskError):
    code = "import.cancelled"


class UndoError(TwinDeskError):
    code = "import.undo.refused"


class LocalPlaceError(TwinDeskError):
    """The local side given for the whole file names no place in the register."""

    code = "import.local.not_found"


# --------------------------------------------------------------------------- vocabularies
TERM_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "sister_city": ("sister city", "sister cities", "twin city", "twin town", "sister province",
                        "sister state", "sister prefecture", "friendship city", "friendly city",
                        "友好城市", "友城", "友好省州", "友好省", "友好州", "姐妹城市", "友好城市关系",
                        "友好县", "友好区", "sister", "友好省县", "友好省道", "友好省州关系"),
        "friendly_exchange": ("friendly exchange", "friendly exchange city", "friendship exchange",
                              "友好交流城市", "友好交流", "友好交流关系", "友好交流省州"),
        "friendly_cooperation": ("友好合作城市", "友好合作", "friendly cooperation"),
        "partnership": ("partner city", "伙伴城市", "partnership", "partners", "合作伙伴"),
        "friendship_agreement": ("友好协议", "friendship agreement", "友好合作协议"),
        "memorandum": ("mou", "memorandum", "备忘录", "合作备忘录", "谅解备忘录"),
    },
    "level": {
        "province": ("province-state", "province/state", "province state", "province", "state",
                     "省州", "省级", "省（州）级", "省州级", "prefecture", "省—州", "省-州", "省—县",
                     "省-县", "省—道", "省-道", "省—省", "省-省", "province-prefecture",
                     "province-province"),
        "city": ("city", "city-city", "市", "市级", "城市", "municipal", "市—市", "市-市"),
        "district": ("区", "区级", "district"),
        "county": ("county", "县", "县级"),
        "township": ("township", "乡镇", "镇"),
        "mixed": ("mixed", "跨层级"),
    },
    "status": {
        "established": ("active", "established", "current", "valid", "已建立", "有效", "正常",
                        "现行", "在册", "已结好", "活跃", "已缔结", "缔结", "已签约", "签约"),
        "dormant": ("dormant", "inactive", "不活跃", "休眠", "停滞"),
        "proposed": ("proposed", "planned", "intended", "拟结好", "意向", "拟建", "在建", "筹建"),
        "negotiating": ("negotiating", "in negotiation", "under negotiation", "商谈中", "洽谈中"),
        "approved": ("approved", "已批准", "获批"),
        "suspended": ("suspended", "paused", "暂停", "已暂停"),
        "ended": ("ended", "terminated", "cancelled", "终止", "已终止", "解除", "已解除"),
    },
    "exchange_type": {
        "delegation_in": ("来访团组", "来访", "来访代表团", "接待来访", "inbound", "incoming",
                          "inbound delegation", "visit"),
        "delegation_out": ("出访团组", "出访", "出访代表团", "outbound", "outgoing",
                           "outbound delegation"),
        "forum": ("论坛", "会议", "forum", "conference", "峰会", "summit"),
        "symposium": ("研讨会", "symposium", "seminar", "workshop"),
        "cultural_event": ("文化活动", "演出", "展览", "cultural event", "exhibition", "performance"),
        "training": ("培训", "training", "研修"),
        "video_conference": ("视频会议", "线上会议", "网络会议", "video conference", "video call",
                             "online meeting", "videoconference"),
        "student_exchange": ("学生交流", "留学", "student exchange"),
        "trade_fair": ("展会", "经贸展会", "博览会", "trade fair", "expo"),
        "signing_ceremony": ("签约仪式", "签约", "signing", "signing ceremony"),
        "sports_event": ("体育赛事", "比赛", "sports event", "sports"),
    },
    "field": {
        "trade": ("经贸", "贸易", "商贸", "trade", "commerce"),
        "economy": ("经济", "economy", "economic"),
        "transport": ("交通", "运输", "transport", "transportation"),
        "governance": ("城市治理", "城市管理", "治理", "governance", "urban governance"),
        "education": ("教育", "education"),
        "culture": ("文化", "culture"),
        "science_technology": ("科技", "科学技术", "science", "technology", "science and technology"),
        "public_health": ("卫生", "医疗", "公共卫生", "health", "public health"),
        "tourism": ("旅游", "tourism"),
        "sports": ("体育", "sports", "sport"),
        "youth": ("青少年", "youth"),
        "environment": ("环保", "环境", "环境保护", "environment"),
        "agriculture": ("农业", "agriculture"),
    },
    "programme_status": {
        "active": ("执行中", "进行中", "active", "ongoing", "在执行"),
        "planned": ("计划中", "planned", "拟定"),
        "completed": ("已完成", "完成", "completed", "done", "finished"),
        "expired": ("已到期", "到期", "expired"),
        "cancelled": ("已取消", "取消", "cancelled", "canceled"),
    },
}
VOCAB_MODELS = {"kind": PairingKind, "level": PairingLevel, "status": PairingStatus,
                "exchange_type": ExchangeType, "field": CooperationField,
                "programme_status": ProgrammeStatus, "place_type": PlaceType}


class Terms:
    """A vocabulary's terms by code, English and Chinese label, and synonyms."""

    def __init__(self, conn: Connection, vocab: str) -> None:
        t = VOCAB_MODELS[vocab].__table__
        self.labels: dict[str, tuple[str, str]] = {}
        self.keys: dict[str, str] = {}
        for row in conn.execute(select(t.c.code, t.c.label_en, t.c.label_zh)):
            self.labels[row.code] = (row.label_en, row.label_zh)
            for text in (row.code, row.label_en, row.label_zh, row.code.replace("_", " ")):
                self.keys.setdefault(_term_key(text), row.code)
        for code, syns in TERM_SYNONYMS.get(vocab, {}).items():
            if code in self.labels:
                for text in syns:
                    self.keys.setdefault(_term_key(text), code)
        if vocab == "status":
            self.current = {r[0] for r in conn.execute(select(t.c.code).where(t.c.is_current))}

    def resolve(self, text: str) -> str | None:
        return self.keys.get(_term_key(text))


def _term_key(text: str) -> str:
    return re.sub(r"[()（）\-–—_/·.,，]+", "", fold(text or ""))


# --------------------------------------------------------------------------- plan objects
@dataclass(slots=True)  # one per problem of 100,000 rows: no __dict__ each
class Problem:
    """One thing wrong (or worth a look) in one cell or row."""

    sheet: str
    row: int  # the sheet's row number as the clerk sees it (1-based)
    column: str  # "F 结好时间", or "" for the row as a whole
    value: Any
    code: str
    params: dict = field(default_factory=dict)
    severity: str = "error"  # "error" or "warning"

    def reason(self, lang: str = "en") -> str:
        return translate(self.code, lang, value=_show(self.value), **self.params)

    def message(self, lang: str = "en") -> str:
        where = translate("import.where.cell" if self.column else "import.where.row", lang,
                          sheet=self.sheet, row=self.row, column=self.column)
        return f"{where}{self.reason(lang)}"


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return visible_controls(str(value))


# C0 and C1 control characters but tab, line feed and carriage return (read as spaces).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    """Control characters written out ("\\x1b"), so a message shows them and a terminal
    or a saved file of rejected rows does not act on them."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# Warnings printed once per value and column for the whole import (Plan.grouped_warnings).
GROUPED_WARNINGS = ("import.value.old_country_name", "import.value.country_not_a_state")


@dataclass
class Question:
    """Something only the clerk can decide; answered through ``ImportOptions``.

    kind "dayfirst": ``key`` is the field; answer with ``options.dayfirst[key] = True/False``.
    kind "place": answer with ``options.place_choices[key] = place id`` or ``"new"``.
    """

    key: str
    kind: str
    text: tuple[str, str]
    choices: list[tuple[Any, tuple[str, str]]]
    rows: list[int] = field(default_factory=list)

    def prompt(self, lang: str = "en") -> str:
        return self.text[1] if lang == "zh" else self.text[0]


@dataclass(slots=True)  # one per row: no __dict__ each
class RowPlan:
    row: int  # 1-based sheet row
    cells: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    links: dict[str, list] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    action: str = "insert"  # insert / update / skip / reject
    duplicate_of: tuple[str, int] | None = None  # ("register", id) or ("row", row number)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # for updates: old, new
    key: Any = None  # duplicate key
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if any(p.severity == "error" for p in self.problems):
            return "error"
        return "warning" if self.problems else "ok"

    def reasons(self, lang: str = "en", *, errors_only: bool = True) -> str:
        return "; ".join(
            (f"{p.column}: " if p.column else "") + p.reason(lang)
            for p in self.problems if p.severity == "error" or not errors_only)


@dataclass
class ImportOptions:
    sheet: str | None = None
    header_row: int | None = None  # 0-based; None: detect
    header_height: int | None = None  # 1 or 2; None: detect
    mapping: Mapping | None = None  # None: a preset for these headers, else a suggestion
    preset: str | None = None  # name of a saved preset to use
    target: str | None = None  # pairing / exchange / programme / contact
    unmapped: str | None = None  # "notes" or "ignore" (overrides the mapping's)
    local: int | str | None = None  # the local side for the whole file: place id or name
    create_local: bool = False  # a ``local`` name not in the register: create it (else refused)
    local_country: str = "CN"
    default_kind: str = "sister_city"
    default_level: str = "city"
    default_status: str = "established"
    default_exchange_type: str = "other"
    on_duplicate: str = "skip"
    row_actions: dict[int, str] = field(default_factory=dict)  # sheet row -> skip/update/keep
    dayfirst: dict[str, bool] = field(default_factory=dict)  # field -> answer
    place_choices: dict[str, Any] = field(default_factory=dict)  # question key -> id / "new"
    derived: list[Derived] = field(default_factory=list)  # joined columns the mapping uses


@dataclass
class Plan:
    file_name: str
    sha256: str
    sheet: str
    target: str
    layout: Layout
    mapping: Mapping
    options: ImportOptions
    rows: list[RowPlan]
    questions: list[Question]
    new_places: list[NewPlace]
    places: PlaceIndex
    local_ref: int | None = None
    skipped_rows: list[int] = field(default_factory=list)  # blank, footer (sheet rows)

    def counts(self) -> dict[str, int]:
        """Rows by what commit does with them; an update that changes nothing is "unchanged"."""
        out = {"insert": 0, "update": 0, "unchanged": 0, "skip": 0, "reject": 0, "warning": 0,
               "places": 0}
        for r in self.rows:
            if r.action == "update" and not r.changes:
                out["unchanged"] += 1
            else:
                out[r.action] += 1
            if r.action != "reject" and r.status == "warning":
                out["warning"] += 1
        out["places"] = len(self.used_new_places())
        return out

    def grouped_warnings(self) -> list[tuple[Problem, list[int]]]:
        """Warnings said once per distinct value for the whole import (an old country name
        on 300 rows is one thing to check): each with the rows that carry it."""
        groups: dict[tuple, tuple[Problem, list[int]]] = {}
        for r in self.rows:
            for p in r.problems:
                if p.code in GROUPED_WARNINGS:
                    key = (p.code, p.column, _show(p.value))
                    if key not in groups:
                        groups[key] = (p, [])
                    groups[key][1].append(r.row)
        return list(groups.values())

    def used_new_places(self) -> list[NewPlace]:
        """The new places that rows to be written refer to (rejected rows create none)."""
        used = {r.values.get(k) for r in self.rows if r.action in ("insert", "update")
                for k in ("place_a_id", "place_b_id")}
        return [p for p in self.new_places if p.key in used]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def rejected(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == "reject"]


@dataclass
class ImportResult:
    batch_id: int | None
    inserted: int
    updated: int
    skipped: int
    rejected: int
    places_created: int
    dry_run: bool = False
    unchanged: int = 0  # duplicates to update that the file would not change


# --------------------------------------------------------------------------- the import
class SpreadsheetImport:
    """One file being imported into one register."""

    def __init__(self, register, path: Path | str) -> None:
        self.register = register
        self.path = Path(path)
        self.workbook: Workbook = open_workbook(self.path)
        self.recognition: Recognition | None = None  # the last guess, when no preset decided

    @property
    def sheet_names(self) -> list[str]:
        return list(self.workbook.sheet_names)

    def close(self) -> None:
        self.workbook.close()

    def __enter__(self) -> "SpreadsheetImport":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- steps a wizard shows -------------------------------------------------------
    def layout(self, sheet: str | None = None, *, header_row: int | None = None,
               header_height: int | None = None) -> Layout:
        return detect_layout(self.workbook.sheet(sheet), header_row=header_row,
                             header_height=header_height)

    def preset_for(self, layout: Layout):
        """A saved preset made for these exact headers, or None."""
        with self.register.connect() as conn:
            return mapping_mod.find_preset(conn, layout.headers)

    def suggest_mapping(self, layout: Layout, target: str | None = None, *,
                        local_given: bool = False) -> Mapping:
        """The mapping to start from: a preset for these headers, else the recognised one."""
        preset = self.preset_for(layout)
        if preset is not None and (target is None or preset.target == target):
            return preset.apply(layout.headers)
        return self.recognise(layout, target, local_given=local_given).mapping

    def recognise(self, layout: Layout, target: str | None = None, *,
                  local_given: bool = False) -> Recognition:
        """Which column holds what, from headers and content, with reasons and confidence."""
        sheet = self.workbook.sheet(layout.sheet)
        rows = [cells for _, cells in islice(layout.data_rows(sheet), RECOGNITION_ROWS)]
        with self.register.connect() as conn:
            resolver = CountryResolver.from_connection(conn)

        def is_country(text: str) -> str | None:
            match = resolver.resolve(text)
            return match.code if match else None

        self.recognition = recognise(layout, rows, target, is_country=is_country,
                                     local_given=local_given)
        self._section_kinds(layout, sheet, self.recognition)
        return self.recognition

    def _section_kinds(self, layout: Layout, sheet, recognition: Recognition) -> None:
        """Section headings that give the kind of the rows under them ("一、友好城市（共11个）",
        "二、友好交流城市"), when no column does: read as a column of their own."""
        mapping = recognition.mapping
        if mapping.target != "pairing" or "kind" in mapping.columns.values():
            return
        known = next((d for d in layout.derived if d.headings), None)
        if known is None:
            with self.register.connect() as conn:
                terms = Terms(conn, "kind")
            headings = {}
            for i in range(layout.data_start, layout.data_end):
                texts = {clean_text(c) for c in sheet.rows[i] if c is not None and clean_text(c)}
                if len(texts) == 1:
                    heading = _SECTION_NUMBER.sub("", next(iter(texts)))
                    heading = _PARENTHESES.sub("", heading).strip()
                    if terms.resolve(heading):
                        headings[i] = heading
            if not headings:
                return
            known = layout.add_derived([], "(section headings)", "kind", headings)
        mapping.columns[known.column] = "kind"
        recognition.columns.append(ColumnGuess(known.column, known.header, "kind", "section_heading",
                                               1.0, 0.9))

    def preview_rows(self, layout: Layout, limit: int = 50) -> list[tuple[int, list[Any]]]:
        sheet = self.workbook.sheet(layout.sheet)
        out = []
        for i, cells in layout.data_rows(sheet):
            out.append((i + 1, cells))
            if len(out) >= limit:
                break
        return out

    def _resolve_mapping(self, layout: Layout, options: ImportOptions) -> Mapping:
        for d in options.derived:  # the wizard's layout had them; this fresh one needs them too
            if all((known.sources, known.headings) != (d.sources, d.headings) for known in layout.derived):
                layout.add_derived(d.sources, d.header, d.field, d.headings)
        if options.mapping is not None:
            m = options.mapping
        elif options.preset:
            with self.register.connect() as conn:
                preset = mapping_mod.load_preset(conn, options.preset)
            m = preset.apply(layout.headers)
            for key, value in preset.options.items():
                if hasattr(options, key) and key not in ("mapping", "preset", "sheet"):
                    if getattr(options, key) in (None, ImportOptions.__dataclass_fields__[key].default):
                        setattr(options, key, value)
        else:
            m = self.suggest_mapping(layout, options.target, local_given=options.local is not None)
        if options.target and m.target != options.target:
            m = self.recognise(layout, options.target, local_given=options.local is not None).mapping
        if options.unmapped:
            m = Mapping(m.target, dict(m.columns), options.unmapped)
        return m

    # -- validate -------------------------------------------------------------------
    def validate(self, options: ImportOptions | None = None, *, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> Plan:
        """Check every row and plan what commit will do. Writes nothing."""
        options = options or ImportOptions()
        if options.on_duplicate not in DUPLICATE_ACTIONS:
            raise TwinDeskError("import.bad_duplicate_action", value=options.on_duplicate)
        sheet_name = options.sheet or self.workbook.sheet_names[0]
        with _no_gc_pauses():  # a sheet of 100,000 rows is as many lists, none of them garbage
            sheet = self.workbook.sheet(sheet_name)
        layout = detect_layout(sheet, header_row=options.header_row,
                               header_height=options.header_height)
        mapping = self._resolve_mapping(layout, options)
        with self.register.connect() as conn, _no_gc_pauses():
            ctx = _Context(conn, self, sheet_name, layout, mapping, options)
            rows = list(layout.data_rows(sheet))
            ctx.prepare(rows)
            total = len(rows)
            plans: list[RowPlan] = []
            for n, (i, cells) in enumerate(rows):
                if n % 500 == 0:
                    if cancelled is not None and cancelled():
                        raise ImportCancelled()
                    if progress is not None:
                        progress(n, total)
                plans.append(ctx.build_row(i + 1, cells))
            ctx.finish(plans)
            complete_from_gazetteer(ctx.places.new, ctx.places)
        if progress is not None:
            progress(total, total)
        used = {i for i, _ in rows}
        skipped = [i + 1 for i in range(layout.data_start, len(sheet.rows)) if i not in used]
        return Plan(file_name=self.path.name, sha256=self.workbook.sha256, sheet=sheet_name,
                    target=mapping.target, layout=layout, mapping=mapping, options=options,
                    rows=plans, questions=list(ctx.questions.values()),
                    new_places=ctx.places.new, places=ctx.places, local_ref=ctx.local_ref,
                    skipped_rows=skipped)

    # -- commit ---------------------------------------------------------------------
    def commit(self, plan: Plan, *, operator: str = "", dry_run: bool = False,
               progress: Progress | None = None, cancelled: Cancelled | None = None,
               _fail_after: int | None = None) -> ImportResult:
        """Write the plan in one transaction; all or nothing."""
        return commit_plan(self.register, plan, operator=operator, dry_run=dry_run,
                           progress=progress, cancelled=cancelled, _fail_after=_fail_after)




# --------------------------------------------------------------------------- row building
class _Context:
    """Everything validation needs, loaded once: vocabularies, countries, places, duplicates."""

    def __init__(self, conn: Connection, imp: SpreadsheetImport, sheet: str, layout: Layout,
                 mapping: Mapping, options: ImportOptions) -> None:
        self.conn = conn
        self.sheet = sheet
        self.layout = layout
        self.mapping = mapping
        self.options = options
        self.target = mapping.target
        self.cols = mapping.field_columns()
        self._one = {name: cols[0] for name, cols in self.cols.items() if len(cols) == 1}
        self._required_groups = [(group, [n for n in group if n in self.cols])
                                 for group in REQUIRED[self.target]]
        self.countries = CountryResolver.from_connection(conn)
        self.places = PlaceIndex.load(conn)
        self.terms = {name: Terms(conn, name) for name in VOCAB_MODELS}
        self.questions: dict[str, Question] = {}
        self.dayfirst: dict[str, bool | None] = {}
        self.local_ref: int | None = None
        self.local_problem: tuple[str, dict] | None = None
        self.seen: dict[Any, RowPlan] = {}
        self._place_memo: dict[tuple, tuple] = {}
        self._memo: dict[tuple, tuple] = {}
        self._sides: dict[tuple, tuple] = {}
        self._side_cols = {prefix: [c for name in (prefix, *_SIDE_FIELDS[prefix])
                                    for c in self.cols.get(name, ())]
                           for prefix in _SIDE_FIELDS}
        # The plain function, not a bound method: a bound method kept on the instance
        # would be a reference cycle, holding this context (and its memos) until the
        # next full garbage collection.
        self._builder = getattr(_Context, f"_row_{mapping.target}")
        self._limits: dict[tuple, int | None] = {}
        self.next_new = -1
        self.notes_cols = [c for c in range(layout.width)
                           if c not in mapping.columns and layout.headers[c] and
                           mapping.unmapped == "notes"]
        self.notes_cols += [c for c in range(layout.width)
                            if c not in mapping.columns and not layout.headers[c]
                            and mapping.unmapped == "notes"]
        self.notes_cols.sort()
        self._stored_cols = sorted({c for cols in self.cols.values() for c in cols}
                                   | set(self.notes_cols))

    # -- set-up over the whole column ---------------------------------------------
    def prepare(self, rows: list[tuple[int, list[Any]]]) -> None:
        for name in DATE_FIELDS:
            for col in self.cols.get(name, []):
                # Each distinct text once: the guess and the question depend only on which
                # values occur, and a column of 100,000 dates has far fewer distinct ones.
                values = dict.fromkeys(cells[col] for _, cells in rows if col < len(cells))
                strings = []
                for v in values:
                    if isinstance(v, str):
                        pair = mapping_split_for_guess(v)
                        strings.extend(pair)
                guess = dates.guess_dayfirst(strings)
                if name in self.options.dayfirst:
                    guess = self.options.dayfirst[name]
                self.dayfirst[name] = guess
                if guess is None and any(_is_ambiguous_date(s) for s in strings):
                    label = self.layout.column_label(col)
                    self.questions[name] = Question(
                        key=name, kind="dayfirst",
                        text=(f"Column {label}: is 03/04/2000 the 3rd of April (day first) "
                              f"or the 4th of March (month first)?",
                              f"{label} 列：03/04/2000 是 4 月 3 日（日在前）还是 3 月 4 日（月在前）？"),
                        choices=[(True, ("Day first (dd/mm/yyyy)", "日在前（日/月/年）")),
                                 (False, ("Month first (mm/dd/yyyy)", "月在前（月/日/年）"))])
        if self.target == "pairing" or self.options.local is not None:
            self._resolve_local()

    def _resolve_local(self) -> None:
        """The place the file's local side names: an id or a name the register has.

        Anything else is refused before a row is read (LocalPlaceError), with the
        register's places whose names are close: a typo ("Pekin") must not become a new
        place. A new local place is made only when the caller asks (``create_local``).
        """
        local = self.options.local
        if local is None or (isinstance(local, str) and not local.strip()):
            return
        if isinstance(local, int) or (isinstance(local, str) and local.strip().isdigit()
                                      and int(local) in self.places.places):
            pid = int(local)
            if pid not in self.places.places:
                raise LocalPlaceError("import.local.unknown_id", value=pid)
            self.local_ref = pid
            return
        text = clean_text(local)
        if _CONTROLS.search(local):
            raise LocalPlaceError("import.value.control_chars", value=visible_controls(local))
        create = self.options.create_local and self.target == "pairing"
        ref, problem = self.place_ref([text], self._country_codes(self.options.local_country),
                                      self.options.local_country, "local", row=0,
                                      place_type="city", create=create)
        if problem and problem[0] == "import.value.place_not_found":
            raise LocalPlaceError("import.local.not_found", value=text,
                                  suggest=self._did_you_mean(text))
        if problem:
            self.local_problem = problem  # several places have the name: a question
        self.local_ref = ref

    def _did_you_mean(self, text: str) -> tuple[str, str]:
        """" Did you mean: Beijing 北京?" from the register's names close to ``text``."""
        import difflib

        key = fold(text)
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(key)
        scored = []
        for k in self.places.by_key:
            matcher.set_seq1(k)
            if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
                ratio = matcher.ratio()
                if ratio >= 0.5:
                    scored.append((-ratio, k))
        scored.sort()
        # The best, and those nearly as close: "Pekin" is Beijing (0.5) when nothing is
        # closer, but "Shangai" is Shanghai (0.93), not also Osaka (0.5).
        close = [k for r, k in scored if -r >= -scored[0][0] - 0.15] if scored else []
        ids: list[int] = []
        for k in close:
            ids.extend(i for i in sorted(self.places.by_key[k]) if i not in ids)
        if not ids:
            return ("", "")
        labels = []
        for pid in ids[:3]:
            info = self.places.places[pid]
            names = [n for n in dict.fromkeys((info.name_en, info.name_zh)) if n]
            labels.append(" ".join(names) or f"#{pid}")
        return (translate("import.local.did_you_mean", "en", places=", ".join(labels)),
                translate("import.local.did_you_mean", "zh", places="、".join(labels)))

    def _country_codes(self, code: str | None) -> set[str] | None:
        return self.countries.codes_for_matching(code) if code else None

    # -- cells ----------------------------------------------------------------------
    def cell(self, cells: list[Any], name: str) -> tuple[Any, int | None]:
        """The first non-empty cell of the columns mapped to ``name``."""
        col = self._one.get(name)
        if col is not None:  # the usual case, first: one column for the field
            value = cells[col] if col < len(cells) else None
            if value is not None and (value.__class__ is not str or clean_text(value)):
                return value, col
            return None, col
        cols = self.cols.get(name)
        if not cols:
            return None, None
        for col in cols:
            if col < len(cells) and cells[col] is not None and clean_text(cells[col]) != "":
                return cells[col], col
        cols = self.cols.get(name, [])
        return None, (cols[0] if cols else None)

    def text(self, cells, name) -> tuple[str, int | None]:
        col = self._one.get(name)
        if col is not None:  # as cell() then clean_text(), with one clean_text() less
            return (clean_text(cells[col]) if col < len(cells) else ""), col
        if name not in self.cols:  # a field the file has no column for (asked of every row)
            return "", None
        value, col = self.cell(cells, name)
        return clean_text(value), col

    def problem(self, plan: RowPlan, col: int | None, value: Any, code: str,
                severity: str = "error", **params: Any) -> None:
        column = self.layout.column_label(col) if col is not None else ""
        plan.problems.append(Problem(self.sheet, plan.row, column, value, code, params, severity))

    def _replay(self, plan: RowPlan, key: tuple, compute) -> Any:
        """Run ``compute(scratch)`` once per distinct cell value; replay its problems after."""
        hit = self._memo.get(key)
        if hit is None:
            scratch = RowPlan(row=plan.row, cells=[])
            result = compute(scratch)
            hit = self._memo[key] = (result, scratch.problems, scratch.extra)
            if len(self._memo) > 300_000:
                self._memo.clear()
        result, problems, extra = hit
        for p in problems:
            plan.problems.append(Problem(p.sheet, plan.row, p.column, p.value, p.code, p.params,
                                         p.severity))
        for k, v in extra.items():
            if isinstance(v, list):
                plan.extra.setdefault(k, []).extend(v)
            else:
                plan.extra[k] = v
        return result

    def date(self, plan: RowPlan, cells, name: str) -> str:
        value, col = self.cell(cells, name)
        if value is None:
            return ""
        if name in self.questions:  # ambiguous rows are listed on the question: no memo
            return self._date(plan, value, col, name)
        return self._replay(plan, ("date", name, col, type(value), value),
                            lambda scratch: self._date(scratch, value, col, name))

    def _date(self, plan: RowPlan, value, col, name: str) -> str:
        try:
            result, notes = to_date(value, dayfirst=self.dayfirst.get(name))
        except ValueProblem as e:
            code = e.code
            if code == "import.value.date_ambiguous":
                code = "import.value.date_ambiguous_ask"
                if name in self.questions:
                    self.questions[name].rows.append(plan.row)
            self.problem(plan, col, value, code, **e.params)
            return ""
        self._date_notes(plan, col, value, result, notes)
        return result

    def _date_notes(self, plan, col, value, result, notes) -> None:
        for note in notes:
            if note == "partial":
                self.problem(plan, col, value, "import.value.partial_date", "warning",
                             date=result)
            elif note == "number_year_month":
                self.problem(plan, col, value, "import.value.number_year_month", "warning",
                             date=result)
            elif note == "unknown":
                self.problem(plan, col, value, "import.value.unknown_as_empty", "warning")

    def term(self, plan: RowPlan, cells, name: str, vocab: str, default: str | None,
             *, unknown: str = "error") -> str | None:
        value, col = self.cell(cells, name)
        if value is None:
            return default
        return self._replay(plan, ("term", name, vocab, default, unknown, col, value),
                            lambda scratch: self._term(scratch, cells, name, vocab, default,
                                                       unknown))

    def _term(self, plan: RowPlan, cells, name: str, vocab: str, default: str | None,
              unknown: str) -> str | None:
        text, col = self.text(cells, name)
        if not text or is_unknown(text):
            return default
        code = self.terms[vocab].resolve(text)
        if code is None:
            labels = self.terms[vocab].labels
            known = ", ".join(v[0] for v in labels.values())
            known_zh = "、".join(v[1] for v in labels.values())
            if unknown == "error":
                self.problem(plan, col, text, "import.value.unknown_term",
                             known=(known, known_zh))
                return None
            self.problem(plan, col, text, "import.value.unknown_term_kept", "warning",
                         default=labels.get(default, (default, default)))
            plan.extra.setdefault("notes_extra", []).append(
                f"{self.layout.headers[col] if col is not None else name}: {text}")
            return default
        return code

    def country(self, plan: RowPlan, cells, name: str = "country") -> CountryMatch | None:
        value, col = self.cell(cells, name)
        if value is None:
            return None
        return self._replay(plan, ("country", name, col, value),
                            lambda scratch: self._country(scratch, cells, name))

    def _country(self, plan: RowPlan, cells, name: str) -> CountryMatch | None:
        text, col = self.text(cells, name)
        if not text:
            return None
        match = self.countries.resolve(text)
        if match is None:
            code = "import.value.country_ambiguous" if self.countries.is_ambiguous(text) \
                else "import.value.unknown_country"
            self.problem(plan, col, text, code)
            plan.extra[f"{name}_failed"] = True  # the side's "no country" would say it again
            return None
        if match.caveat:
            self.problem(plan, col, text, match.caveat, "warning", country=match.label,
                         iso=match.code)
        elif match.old_name:
            self.problem(plan, col, text, "import.value.old_country_name", "warning",
                         country=match.label, iso=match.code)
        return match

    # -- places ---------------------------------------------------------------------
    def place_ref(self, names: list[str], countries: set[str] | None, country: str | None,
                  role: str, row: int, place_type: str = "city",
                  names_by_lang: dict[str, str] | None = None,
                  create: bool = True) -> tuple[int | None, tuple[str, dict] | None]:
        """A register place id, a new place (negative key), or a problem."""
        names = [n for n in names if n]
        if not names:
            return None, ("import.value.no_place", {"role": f"import.role.{role}"})
        memo_key = (tuple(names), country, role, place_type, create,
                    tuple(sorted((names_by_lang or {}).items())))
        hit = self._place_memo.get(memo_key)
        if hit is not None:
            ref, problem = hit
            if ref is not None and ref < 0:
                self.places.new_by_ref[ref].rows.append(row)
            elif problem and problem[0] == "import.value.place_ambiguous":
                self.questions[problem[1]["_q"]].rows.append(row)
            return ref, problem and (problem[0], {k: v for k, v in problem[1].items() if k != "_q"})
        result = self._place_ref(names, countries, country, role, row, place_type,
                                 names_by_lang, create)
        self._place_memo[memo_key] = result
        ref, problem = result
        return ref, problem and (problem[0], {k: v for k, v in problem[1].items() if k != "_q"})

    def _place_ref(self, names, countries, country, role, row, place_type, names_by_lang,
                   create):
        ids = self.places.candidates(names, countries)
        qkey = f"place:{country or '?'}:{normalize_key(names)}" if ids and len(ids) > 1 or \
            self.options.place_choices else ""
        if qkey in self.options.place_choices:
            choice = self.options.place_choices[qkey]
            if choice != "new":
                return int(choice), None
            ids = set()
        if len(ids) == 1:
            return next(iter(ids)), None
        if len(ids) > 1:
            q = self.questions.get(qkey)
            if q is None:
                q = self.questions[qkey] = Question(
                    key=qkey, kind="place",
                    text=(f"Which place is “{' / '.join(names)}”?",
                          f"“{' / '.join(names)}”是哪个地点？"),
                    choices=[(i, self._place_choice_label(i)) for i in sorted(ids)]
                    + [("new", ("A new place", "新建地点"))])
            q.rows.append(row)
            return None, ("import.value.place_ambiguous",
                          {"role": f"import.role.{role}", "count": len(ids), "_q": qkey})
        present = self._present_names(names, countries or ({country} if country else None))
        if present is not None:  # "Peking": the register's, or the new, Beijing; never a second place
            ids = self.places.candidates([n for n in present[:2] if n], countries)
            if len(ids) == 1:
                return next(iter(ids)), None
            names = [n for n in present[:2] if n] + names
        new = self.places.find_new(names, country)
        if new is not None:
            new.rows.append(row)
            return new.key, None
        if not create:
            return None, ("import.value.place_not_found", {"role": f"import.role.{role}"})
        if not country:
            return None, ("import.value.no_country_for_new", {"role": f"import.role.{role}"})
        langs = dict(names_by_lang or {})
        if not langs:
            generic = names[0]
            langs["zh" if has_han(generic) else "en"] = generic
        name_en = langs.get("en", "")
        name_zh = langs.get("zh", "")
        aliases = []
        if present is not None:  # the present name; the file's old spelling kept as an alias
            aliases = [n for n in (name_en, name_zh) if n and n not in present[:2]]
            name_en, name_zh = present[0] or name_en, present[1] or name_zh
        if not name_en and name_zh and country == "CN":
            name_en = romanise_chinese_place(name_zh)
        new = NewPlace(key=self.next_new, name_en=name_en, name_zh=name_zh,
                       name_native=langs.get("native", ""), country_code=country,
                       place_type=place_type, rows=[row], aliases=aliases)
        self.next_new -= 1
        self.places.add_new(new)
        return new.key, None

    def _present_names(self, names: list[str], countries: set[str] | None) -> tuple[str, str] | None:
        """(English, Chinese) present names when one of ``names`` is the old name of exactly
        one place (in ``countries``, when known): Peking is Beijing, Kiev is Kyiv."""
        from twindesk.core import gazetteer  # its data is opened on first use only

        found = gazetteer.old_names(names)
        for name in names:
            places = [p for p in found.get(name, ()) if not countries or p.country in countries]
            if len(places) == 1:
                return places[0].name_en, places[0].name_zh or ""
        return None

    def _place_choice_label(self, pid: int) -> tuple[str, str]:
        info = self.places.places[pid]
        en = f"{info.name_en or info.name_zh} ({info.country_code}, {info.place_type}, #{pid})"
        zh = f"{info.name_zh or info.name_en}（{info.country_code}，{info.place_type}，#{pid}）"
        return (en, zh)

    def _side_names(self, cells, prefix: str, pair_name: str | None, code: str | None,
                    given: dict[str, str] | None = None, given_col: int | None = None):
        """(names, names by language, column, countries) of one side, or None.

        ``given``: the side's names by language, from a cell naming both places, instead
        of the side's own columns.
        """
        if given is not None:
            names = [given[k] for k in ("zh", "en", "native") if given.get(k)]
            if not names:
                return None
            return names, dict(given), given_col, (self._country_codes(code) if code else None)
        generic, gcol = self.text(cells, prefix)
        en, ecol = self.text(cells, f"{prefix}_en")
        zh, zcol = self.text(cells, f"{prefix}_zh")
        native, ncol = (self.text(cells, f"{prefix}_native") if prefix == "partner" else ("", None))
        if pair_name and not (generic or en or zh or native):
            generic = pair_name
            gcol = self.cols.get("places", [None])[0]
        names_by_lang: dict[str, str] = {}
        if en:
            names_by_lang["en"] = en
        if zh:
            names_by_lang["zh"] = zh
        if native:
            names_by_lang["native"] = native
        if generic:
            lang = "zh" if has_han(generic) else "en"
            names_by_lang.setdefault(lang, generic)
        names = [n for n in (generic, zh, en, native) if n]
        col = next((c for c, v in ((gcol, generic), (zcol, zh), (ecol, en), (ncol, native)) if v),
                   gcol)
        if not names:
            return None
        return names, names_by_lang, col, (self._country_codes(code) if code else None)

    def side(self, plan: RowPlan, cells, prefix: str, country: CountryMatch | None,
             fallback_country: str | None, place_type: str, *, create: bool = True,
             pair_name: str | None = None, given: dict[str, str] | None = None,
             given_col: int | None = None) -> int | None:
        """Resolve the local or partner side of a row from its name columns (or ``given``)."""
        code = country.code if country else fallback_country
        # Worked out once per distinct cells: a file names the same partners (and always
        # the same local side) again and again. The key is the raw cells of the side's
        # columns, so nothing is cleaned or looked up for a repeat.
        n = len(cells)
        key = (prefix, pair_name, code, place_type, create,
               given and tuple(sorted(given.items())), given_col,
               *[cells[c] if c < n else None for c in self._side_cols[prefix]])
        hit = self._sides.get(key)
        if hit is None:
            if len(self._sides) > 300_000:
                self._sides.clear()
            prepared = self._side_names(cells, prefix, pair_name, code, given, given_col)
            if prepared is None:
                hit = self._sides[key] = (None,)
            else:
                names, names_by_lang, col, countries = prepared
                limit = self._name_limit()
                if any(len(name) > limit for name in names):
                    # Longer than the register keeps: refused, never cut short.
                    ref, problem = None, ("import.value.too_long", {"max": limit})
                else:
                    ref, problem = self._place_ref(names, countries, code, prefix, plan.row,
                                                   place_type, names_by_lang, create)
                hit = self._sides[key] = (prepared, ref, problem)
        else:  # a repeat: the row joins the new place, or the question, like the first
            if hit[0] is None:
                return None
            ref, problem = hit[1], hit[2]
            if ref is not None and ref < 0:
                self.places.new_by_ref[ref].rows.append(plan.row)
            elif problem and problem[0] == "import.value.place_ambiguous":
                self.questions[problem[1]["_q"]].rows.append(plan.row)
        if hit[0] is None:
            return None
        (names, _langs, col, _countries), ref, problem = hit
        if problem:
            severity = "warning" if not create and problem[0] == "import.value.place_not_found" else "error"
            if problem[0] == "import.value.no_country_for_new" and \
                    plan.extra.get("country_failed" if prefix == "partner" else "local_country_failed"):
                return None  # the country cell already says what is wrong
            params = {k: v for k, v in problem[1].items() if k != "_q"}
            shown = " / ".join(names)
            if problem[0] == "import.value.too_long":
                shown = shown[:40] + "…"
            self.problem(plan, col, shown, problem[0], severity, **params)
        return ref

    def _name_limit(self) -> int:
        limit = self._limits.get((Place, "name_en"), _MISSING)
        if limit is _MISSING:
            limit = self._limits[(Place, "name_en")] = min(
                Place.__table__.c[c].type.length for c in ("name_en", "name_zh", "name_native"))
        return limit

    # -- rows -------------------------------------------------------------------------
    def build_row(self, row_no: int, cells: list[Any]) -> RowPlan:
        plan = RowPlan(row=row_no, cells=cells)
        n = len(cells)
        for col in self._stored_cols:
            # Control characters (an ANSI colour code, a NUL from an old system) are
            # refused with the reason rather than dropped: "Li\x01lle" is not "Lille".
            # isprintable() is false for them (and for tabs, line ends and wide spaces,
            # which clean_text reads as spaces): the search runs only then.
            value = cells[col] if col < n else None
            if value.__class__ is str and not value.isprintable() and _CONTROLS.search(value):
                self.problem(plan, col, value, "import.value.control_chars")
        self._builder(self, plan, cells)
        self._notes(plan, cells)
        if plan.status == "error":
            plan.action = "reject"
        return plan

    def _notes(self, plan: RowPlan, cells) -> None:
        notes_field = NOTES_FIELD[self.target]
        own = plan.values.get(notes_field, "")
        if not self.notes_cols and "notes_extra" not in plan.extra:
            plan.values[notes_field] = own or ""  # nothing to add: the usual row
            return
        parts = []
        if own:
            parts.append(own)
        parts.extend(plan.extra.get("notes_extra", []))
        for col in self.notes_cols:
            if col < len(cells) and cells[col] is not None:
                text = clean_text(cells[col])
                if text:
                    head = self.layout.headers[col] or column_letter(col)
                    parts.append(f"{head}: {text}")
        plan.values[notes_field] = "\n".join(parts)

    def _required(self, plan: RowPlan, cells) -> bool:
        ok = True
        width = len(cells)
        for group, mapped in self._required_groups:
            # Whether cell() finds a value for one of the fields, unrolled for the usual
            # field of one column: this is asked of every row.
            found = True
            for name in mapped:
                col = self._one.get(name)
                if col is None:
                    if self.cell(cells, name)[0] is not None:
                        break
                    continue
                value = cells[col] if col < width else None
                if value is not None and (value.__class__ is not str or clean_text(value)):
                    break
            else:
                found = False
            if found:
                continue
            if self.target in ("programme",) and "partner" in group and self.local_ref and \
                    any(self.cell(cells, n)[0] is not None for n in ("partner",)):
                continue
            if any(name in self.cols for name in group):
                col = next((self.cols[n][0] for n in group if n in self.cols), None)
                self.problem(plan, col, None, "import.value.required",
                             field=f"import.field.{group[0]}")
            else:
                self.problem(plan, None, None, "import.mapping.missing",
                             field=f"import.field.{group[0]}")
            ok = False
        return ok

    # -- the two sides of a row ---------------------------------------------------------
    def _pair_cell(self, plan: RowPlan, cells) -> tuple[Any, str | None]:
        """A cell naming both places ("天津—神户"): in a partner column, or the both-places one.

        Returns (pair, single): pair is (first, second, column, text) with each half's
        names by language, None, or _BAD when a cell names more than two places (said
        so); single is the one name the both-places column holds (the partner), or None.
        """
        first: dict[str, str] = {}
        second: dict[str, str] = {}
        singles = 0
        col = text = None
        for name, lang in (("partner", ""), ("partner_zh", "zh"), ("partner_en", "en"),
                           ("partner_native", "native")):
            if name not in self.cols:
                continue
            value, c = self.text(cells, name)
            if not value:
                continue
            parts = place_parts(value)
            if len(parts) > 2:
                self.problem(plan, c, value, "import.value.several_places", count=len(parts))
                return _BAD, None
            if len(parts) == 1:
                singles += 1
                continue
            a, b = parts
            first.setdefault(lang or ("zh" if has_han(a) else "en"), a)
            second.setdefault(lang or ("zh" if has_han(b) else "en"), b)
            if col is None:
                col, text = c, value
        if first:
            if singles:  # "天津—神户" beside "Kobe": which names which side is unclear
                self.problem(plan, col, text, "import.value.pair_unclear")
                return _BAD, None
            return (first, second, col, text), None
        if singles:
            return None, None  # the partner's own columns name it
        value, c = self.text(cells, "places")
        if not value:
            return None, None
        if is_many_places(value):
            plan.extra["many"] = True
            self.problem(plan, c, value, "import.value.many_places", "warning")
            return None, None
        parts = place_parts(value)
        if len(parts) > 2:
            self.problem(plan, c, value, "import.value.several_places", count=len(parts))
            return _BAD, None
        if len(parts) == 1:
            return None, value  # one name: the partner
        a, b = parts
        return ({"zh" if has_han(a) else "en": a}, {"zh" if has_han(b) else "en": b}, c, value), None

    def _row_sides(self, plan: RowPlan, cells, country: CountryMatch | None, place_type: str, *,
               create: bool = True, local_required: bool = True, severity: str = "error"):
        """(local, partner, local text, partner text) of a row.

        A cell naming both places is split: when the row or the file gives the local
        side, one half must be that place and the other is the partner (else a problem,
        never a guess); when nothing else names the local side, the first half is it.
        The local side's country is the row's local-country cell when it has one (a
        value that is no country is an error, never the office's own country instead),
        else the office's own (``local_country``).
        """
        pair, single = self._pair_cell(plan, cells)
        if pair is _BAD:
            return None, None, None, None
        local = local_text = None
        local_code: str | None = self.options.local_country
        local_country = None
        if "local_country" in self.cols and self.text(cells, "local_country")[0]:
            local_country = self.country(plan, cells, "local_country")
            if local_country is None:
                local_code = None
        local_in_row = any(self.cell(cells, n)[0] is not None for n in ("local", "local_en", "local_zh"))
        if local_in_row:
            local = self.side(plan, cells, "local", local_country, local_code, place_type,
                              create=create)
            local_text = self._side_text(cells, "local")
        elif pair is None or self.options.local is not None:
            local = self._file_local(plan, local_required, severity)
            local_text = None
        if pair is None:
            partner = self.side(plan, cells, "partner", country, None, place_type, create=create,
                                pair_name=single)
            return local, partner, local_text, single or self._side_text(cells, "partner")
        first, second, col, text = pair
        if local_in_row or self.options.local is not None:
            if local is None:
                return None, None, local_text, None  # what is wrong with it is said
            if self._names_place(local, first):
                half = second
            elif self._names_place(local, second):
                half = first
            else:
                self.problem(plan, col, text, "import.value.pair_not_local", severity,
                             place=self.places.label(local))
                return local, None, local_text, None
            partner = self.side(plan, cells, "partner", country, None, place_type, create=create,
                                given=half, given_col=col)
            return local, partner, local_text, next(iter(half.values()))
        # Both places named here, the local one first (as an office's lists write them),
        # unless the register knows them the other way round.
        if self._reversed(first, second, local_code, country):
            first, second = second, first
        local = self.side(plan, cells, "local", local_country, local_code, place_type,
                          create=create, given=first, given_col=col)
        partner = self.side(plan, cells, "partner", country, None, place_type, create=create,
                            given=second, given_col=col)
        return local, partner, next(iter(first.values())), next(iter(second.values()))

    def _side_text(self, cells, prefix: str) -> str | None:
        for name in (prefix, f"{prefix}_zh", f"{prefix}_en", f"{prefix}_native"):
            if name in self.cols:
                text, _ = self.text(cells, name)
                if text:
                    return text
        return None

    def _file_local(self, plan: RowPlan, required: bool, severity: str) -> int | None:
        """The local side given for the whole file, or a problem saying it is missing."""
        if self.local_problem:
            code, params = self.local_problem
            self.problem(plan, None, self.options.local, code, severity,
                         **{k: v for k, v in params.items() if k != "value"})
            return None
        if self.local_ref is None and required:
            self.problem(plan, None, None, "import.local.missing")
        return self.local_ref

    def _names_place(self, ref: int, names_by_lang: dict[str, str]) -> bool:
        """Whether one half of a cell naming both places names the place ``ref``."""
        names = [n for n in names_by_lang.values() if n]
        if ref > 0:
            if ref in self.places.candidates(names, None):
                return True
            info = self.places.places.get(ref)
            own = (info.name_en, info.name_zh) if info else ()
        else:
            new = self.places.new_by_ref.get(ref)
            own = (new.name_en, new.name_zh, new.name_native) if new else ()
        keys = {_loose_key(n) for n in own if n}
        return any(_loose_key(n) in keys for n in names)

    def _reversed(self, first: dict, second: dict, local_code: str | None,
                  country: CountryMatch | None) -> bool:
        """Whether the register knows "神户—天津" the other way round (天津 local, 神户 JP)."""
        local_codes = self._country_codes(local_code)
        partner_codes = self._country_codes(country.code) if country else None

        def known(half: dict, codes) -> bool:
            return bool(codes) and bool(self.places.candidates(list(half.values()), codes))

        return (known(second, local_codes) or known(first, partner_codes)) and \
            not (known(first, local_codes) or known(second, partner_codes))

    def _row_pairing(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        level = self.term(plan, cells, "level", "level", self.options.default_level)
        kind_text, _ = self.text(cells, "kind")
        kind = self.term(plan, cells, "kind", "kind", self.options.default_kind)
        if level == self.options.default_level and "level" not in self.cols and kind_text and \
                _PROVINCE_WORD.search(kind_text):
            level = "province"
        status = self.term(plan, cells, "status", "status", self.options.default_status)
        place_type = "province" if level == "province" else "city"
        country = self.country(plan, cells)
        if country is not None and country.historic:
            country = self._present_country(plan, cells, country)
        local, partner, _, _ = self._row_sides(plan, cells, country, place_type)
        if partner is None and not any(p.severity == "error" for p in plan.problems):
            self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
        if local is not None and partner is not None and local == partner:
            self.problem(plan, None, None, "import.value.self_pairing")
        v.update(place_a_id=local, place_b_id=partner, kind=kind, level=level, status=status)
        for side, ref in (("local", local), ("partner", partner)):
            if ref is not None and ref < 0 and f"{side}_latitude" in self.cols:
                self._coordinates(plan, cells, side, self.places.new_by_ref[ref])
        for name in ("established", "ended", "source_checked"):
            v[name] = self.date(plan, cells, name) if name in self.cols else ""
        if v["established"] and v["ended"] and dates.last_day(v["ended"]) < dates.first_day(v["established"]):
            self.problem(plan, self.cell(cells, "ended")[1], v["ended"], "import.value.end_before_start")
        for name in ("end_reason", "signed_at_place", "signed_at_event", "signatories",
                     "agreement_ref", "source", "source_url", "notes"):
            v[name] = self._limited(plan, cells, name, Pairing) if name in self.cols else ""
        contact, ccol = self.text(cells, "contact")
        if contact and not is_unknown(contact):
            name, _, rest = contact.partition(",")
            if not name.strip():
                name, rest = contact, ""
            plan.extra["contact"] = {"name": name.strip(), "title": rest.strip()}
        if local is not None and partner is not None and kind:
            plan.key = (frozenset((local, partner)), kind)

    def _present_country(self, plan: RowPlan, cells, signed: CountryMatch) -> CountryMatch | None:
        """A place named under a state that no longer exists (苏联, Yugoslavia) belongs to
        its present country, read from the gazetteer among that state's successors; the
        state is kept in the pairing's notes as the country at signing. When the gazetteer
        cannot tell (no such town, or one in two successors), the row is refused with
        the way out: never a present-day city filed under the Soviet Union, nor a guess."""
        names = []
        for name in ("partner", "partner_en", "partner_zh", "partner_native", "places"):
            text, _col = self.text(cells, name)
            names.extend(place_parts(text) if name == "places" else [text] if text else [])
        return self._replay(plan, ("present", signed.code, tuple(names)),
                            lambda scratch: self._present(scratch, names, signed))

    def _present(self, plan: RowPlan, names: list[str], signed: CountryMatch) -> CountryMatch | None:
        from twindesk.core import gazetteer

        successors = SUCCESSOR_STATES.get(signed.code, [signed.successor] if signed.successor else [])
        # The register first (a place the clerk already has), then the gazetteer.
        known = self.places.candidates(names, set(successors))
        codes = {self.places.places[i].country_code for i in known}
        if not codes:
            found = gazetteer.exact_many([(n, c) for n in names for c in successors])
            codes = {place.country for places in found.values() for place in places}
        col = (self.cols.get("country") or [None])[0]
        if len(codes) != 1:
            self.problem(plan, col, " / ".join(names), "import.value.former_state_unknown",
                         state=signed.label, examples=", ".join(successors[:4]))
            return None
        present = self.countries.resolve(next(iter(codes)))
        plan.extra.setdefault("notes_extra", []).append(
            translate("import.country_at_signing", "en", state=signed.name_en, zh=signed.name_zh))
        return present

    def _coordinates(self, plan: RowPlan, cells, side: str, place: NewPlace) -> None:
        """A new place takes the coordinates of the first row that gives valid ones."""
        if place.latitude is not None:
            return
        lat, lat_col = self.cell(cells, f"{side}_latitude")
        lng, _ = self.cell(cells, f"{side}_longitude")
        try:
            lat, lng = float(lat), float(lng)
        except (TypeError, ValueError):
            if lat is not None or lng is not None:
                self.problem(plan, lat_col, f"{lat}, {lng}", "import.value.bad_coordinates", "warning")
            return
        if -90 <= lat <= 90 and -180 <= lng <= 180:
            place.latitude, place.longitude = lat, lng
        else:
            self.problem(plan, lat_col, f"{lat}, {lng}", "import.value.bad_coordinates", "warning")

    def _limited(self, plan, cells, name, model, column: str | None = None) -> str:
        text, col = self.text(cells, name)
        limit = self._limits.get((model, column or name), _MISSING)
        if limit is _MISSING:
            limit = self._limits[(model, column or name)] = getattr(
                model.__table__.c[column or name].type, "length", None)
        if limit and len(text) > limit:
            self.problem(plan, col, text[:40] + "…", "import.value.too_long", max=limit)
        return text

    def _title(self, plan: RowPlan, cells) -> None:
        v = plan.values
        title, _ = self.text(cells, "title")
        v["title_en"], _ = self.text(cells, "title_en")
        v["title_zh"], _ = self.text(cells, "title_zh")
        if title:
            key = "title_zh" if has_han(title) else "title_en"
            if not v[key]:
                v[key] = title
            elif not v["title_en" if key == "title_zh" else "title_zh"]:
                v["title_en" if key == "title_zh" else "title_zh"] = title

    def _dates(self, plan: RowPlan, cells) -> None:
        v = plan.values
        value, col = self.cell(cells, "dates")
        v["start"], v["end"] = "", ""
        if value is not None:
            try:
                start, end, notes = to_date_range(value, dayfirst=self.dayfirst.get("dates"))
                v["start"], v["end"] = start, end
                self._date_notes(plan, col, value, start, notes)
            except ValueProblem as e:
                code = e.code
                if code == "import.value.date_ambiguous":
                    code = "import.value.date_ambiguous_ask"
                    if "dates" in self.questions:
                        self.questions["dates"].rows.append(plan.row)
                self.problem(plan, col, value, code, **e.params)
        if "start" in self.cols:
            v["start"] = self.date(plan, cells, "start") or v["start"]
        if "end" in self.cols:
            v["end"] = self.date(plan, cells, "end") or v["end"]
        if v["start"] and v["end"] and dates.last_day(v["end"]) < dates.first_day(v["start"]):
            self.problem(plan, self.cell(cells, "end")[1], v["end"], "import.value.end_before_start")

    def _fields(self, plan: RowPlan, cells) -> list[str]:
        text, col = self.text(cells, "fields")
        out = []
        for item in split_list(text):
            code = self.terms["field"].resolve(item)
            if code is None:
                self.problem(plan, col, item, "import.value.unknown_field_kept", "warning")
                plan.extra.setdefault("notes_extra", []).append(
                    f"{self.layout.headers[col] if col is not None else 'fields'}: {item}")
            elif code not in out:
                out.append(code)
        return out

    def _linked_pairing(self, plan: RowPlan, cells, *, required: bool) -> int | None:
        """The register pairing a row refers to (both cities in a cell, or local + partner)."""
        country = self.country(plan, cells) if "country" in self.cols else None
        if not any(self.cell(cells, n)[0] is not None
                   for n in ("places", "partner", "partner_zh", "partner_en", "partner_native")):
            if required:
                self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
            return None
        local, partner, a, b = self._row_sides(plan, cells, country, "city", create=False,
                                           local_required=False,
                                           severity="error" if required else "warning")
        if plan.extra.get("many"):
            return None
        places = [p for p in (local, partner) if p is not None and p > 0]
        plan.links["places"] = places
        if local is None or partner is None or local < 0 or partner < 0:
            if required:
                self.problem(plan, None, None, "import.value.pairing_not_found",
                             a=_names_pair(a, self.places, local), b=_names_pair(b, self.places, partner))
            return None
        kind = self.term(plan, cells, "kind", "kind", None) if "kind" in self.cols else None
        t = Pairing.__table__
        q = select(t.c.id).where(or_(and_(t.c.place_a_id == local, t.c.place_b_id == partner),
                                     and_(t.c.place_a_id == partner, t.c.place_b_id == local)))
        if kind:
            q = q.where(t.c.kind == kind)
        ids = list(self.conn.execute(q).scalars())
        if len(ids) == 1:
            return ids[0]
        severity = "error" if required else "warning"
        self.problem(plan, self.cell(cells, "places")[1], None,
                     "import.value.pairing_not_found" if not ids else "import.value.pairing_ambiguous",
                     severity, a=self.places.label(local), b=self.places.label(partner))
        return None

    def _row_exchange(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        self._title(plan, cells)
        v["exchange_type"] = self.term(plan, cells, "exchange_type", "exchange_type",
                                       self.options.default_exchange_type, unknown="keep")
        self._dates(plan, cells)
        value, col = self.cell(cells, "participants")
        v["participants"] = None
        if value is not None:
            try:
                v["participants"] = to_int(value)
            except ValueProblem as e:
                if e.code == "import.value.number_in_text":
                    v["participants"] = e.params["number"]
                    self.problem(plan, col, value, e.code, "warning", **e.params)
                else:
                    self.problem(plan, col, value, e.code, **e.params)
        v["venue"] = self._limited(plan, cells, "venue", Exchange)
        v["outcome"], _ = self.text(cells, "outcome")
        v["notes"], _ = self.text(cells, "notes")
        plan.links["fields"] = self._fields(plan, cells)
        pairing = self._linked_pairing(plan, cells, required=False)
        plan.links["pairings"] = [pairing] if pairing else []
        prog, pcol = self.text(cells, "programme")
        v["programme_id"] = None
        if prog:
            t = Programme.__table__
            ids = list(self.conn.execute(select(t.c.id).where(
                or_(t.c.title_en == prog, t.c.title_zh == prog))).scalars())
            if len(ids) == 1:
                v["programme_id"] = ids[0]
            else:
                self.problem(plan, pcol, prog, "import.value.programme_not_found", "warning")
        plan.key = (fold(v["title_zh"] or v["title_en"]), v["start"])

    def _row_programme(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        self._title(plan, cells)
        self._dates(plan, cells)
        v["status"] = self.term(plan, cells, "status", "programme_status", "active")
        v["description"], _ = self.text(cells, "description")
        plan.links["fields"] = self._fields(plan, cells)
        plan.links.pop("places", None)
        v["pairing_id"] = self._linked_pairing(plan, cells, required=True)
        plan.links.pop("places", None)
        plan.key = (v["pairing_id"], fold(v["title_zh"] or v["title_en"]))

    def _row_contact(self, plan: RowPlan, cells) -> None:
        if not self._required(plan, cells):
            return
        v = plan.values
        name, _ = self.text(cells, "name")
        v["name_en"], _ = self.text(cells, "name_en")
        v["name_zh"], _ = self.text(cells, "name_zh")
        if name:
            key = "name_zh" if has_han(name) else "name_en"
            if not v[key]:
                v[key] = name
        v["title"] = self._limited(plan, cells, "job_title", Contact, "title") if "job_title" in self.cols else ""
        for f in ("organisation", "phone", "email", "language", "notes"):
            v[f] = self._limited(plan, cells, f, Contact) if f != "notes" else self.text(cells, f)[0]
        if v["email"] and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", v["email"]):
            self.problem(plan, self.cell(cells, "email")[1], v["email"], "import.value.bad_email")
        country = self.country(plan, cells) if "country" in self.cols else None
        v["place_id"] = None
        place, pcol = self.text(cells, "place")
        if place:
            codes = self._country_codes(country.code) if country else None
            ids = self.places.candidates([place], codes)
            if len(ids) == 1:
                v["place_id"] = next(iter(ids))
            else:
                self.problem(plan, pcol, place, "import.value.place_not_found" if not ids
                             else "import.value.place_ambiguous", "warning",
                             role="import.role.place", count=len(ids))
        pairing = None
        if "places" in self.cols or "partner" in self.cols:
            pairing = self._linked_pairing(plan, cells, required=False)
        plan.links.pop("places", None)
        plan.links["pairings"] = [pairing] if pairing else []
        plan.key = (fold(v["name_zh"] or v["name_en"]), fold(v["organisation"]))

    # -- duplicates -------------------------------------------------------------------
    def finish(self, plans: list[RowPlan]) -> None:
        existing = self._existing_keys(plans)
        for plan in plans:
            if plan.action == "reject" or plan.key is None:
                continue
            choice = self.options.row_actions.get(plan.row, self.options.on_duplicate)
            if plan.key in self.seen:
                first = self.seen[plan.key]
                plan.duplicate_of = ("row", first.row)
                self._duplicate(plan, choice, first_in_file=first)
                continue
            self.seen[plan.key] = plan
            if plan.key in existing:
                rid, old = existing[plan.key]
                plan.duplicate_of = ("register", rid)
                self._duplicate(plan, choice, old=old)

    def _duplicate(self, plan: RowPlan, choice: str, first_in_file: RowPlan | None = None,
                   old: dict | None = None) -> None:
        where = (f"row {plan.duplicate_of[1]}", f"第 {plan.duplicate_of[1]} 行") \
            if plan.duplicate_of[0] == "row" else \
            (f"{translate('entity.' + self.target, 'en')} #{plan.duplicate_of[1]}",
             f"{translate('entity.' + self.target, 'zh')} #{plan.duplicate_of[1]}")
        if choice == "skip":
            plan.action = "skip"
            self.problem(plan, None, None, "import.dup.skipped", "warning", where=where)
        elif choice == "keep":
            self.problem(plan, None, None, "import.dup.kept", "warning", where=where)
        else:  # update
            plan.action = "update"
            if first_in_file is not None:
                base = first_in_file.values if first_in_file.action != "update" \
                    else {**first_in_file.extra.get("old", {}), **first_in_file.values}
                changes = _changes(base, plan.values)
                if first_in_file.action == "update":
                    # Both rows update the same register record: fold this row into that one.
                    for k, (_, new) in changes.items():
                        first_in_file.values[k] = new
                        first_in_file.changes[k] = (first_in_file.extra["old"].get(k), new)
                    plan.action = "skip"
                else:
                    for k, (_, new) in changes.items():
                        first_in_file.values[k] = new
                    plan.action = "skip"
                plan.changes = changes
                self.problem(plan, None, None, "import.dup.merged", "warning", where=where)
            else:
                plan.extra["old"] = old
                plan.changes = _changes(old, plan.values)
                plan.extra["version"] = old.get("version")
                if plan.changes:
                    self.problem(plan, None, None, "import.dup.updated", "warning", where=where,
                                 count=len(plan.changes))
                else:  # counted as unchanged (Plan.counts), not as an update
                    self.problem(plan, None, None, "import.dup.unchanged", "warning", where=where)

    def _existing_keys(self, plans: list[RowPlan]) -> dict:
        out: dict = {}
        if self.target == "pairing":
            t = Pairing.__table__
            wanted = {p.key for p in plans if p.key is not None}
            places = {pid for key in wanted for pid in key[0] if pid > 0}
            if not places:
                return out
            cols = [t.c[c] for c in ("id", "place_a_id", "place_b_id", "kind", "version",
                                     *UPDATABLE["pairing"])]
            rows = []
            ids = sorted(places)
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                rows.extend(self.conn.execute(select(*cols).where(
                    or_(t.c.place_a_id.in_(chunk), t.c.place_b_id.in_(chunk)))))
            current = self.terms["status"].current
            for row in sorted(rows, key=lambda r: (r.status not in current, r.id)):
                key = (frozenset((row.place_a_id, row.place_b_id)), row.kind)
                if key in wanted and key not in out:
                    out[key] = (row.id, dict(row._mapping))
            return out
        model = {"exchange": Exchange, "programme": Programme, "contact": Contact}[self.target]
        t = model.__table__
        cols = [t.c.id, t.c.version, *(t.c[c] for c in UPDATABLE[self.target])]
        wanted = {p.key for p in plans if p.key is not None}
        for row in self.conn.execute(select(*cols)):
            m = dict(row._mapping)
            if self.target == "exchange":
                key = (fold(m["title_zh"] or m["title_en"]), m["start"])
            elif self.target == "programme":
                key = (m["pairing_id"], fold(m["title_zh"] or m["title_en"]))
            else:
                key = (fold(m["name_zh"] or m["name_en"]), fold(m["organisation"]))
            if key in wanted and key not in out:
                out[key] = (row.id, m)
        return out


UPDATABLE = {
    "pairing": ("level", "status", "established", "ended", "end_reason", "signed_at_place",
                "signed_at_event", "signatories", "agreement_ref", "source", "source_url",
                "source_checked", "notes"),
    "exchange": ("title_en", "title_zh", "exchange_type", "start", "end", "venue",
                 "participants", "programme_id", "outcome", "notes"),
    "programme": ("pairing_id", "title_en", "title_zh", "start", "end", "status", "description"),
    "contact": ("name_en", "name_zh", "title", "organisation", "place_id", "phone", "email",
                "language", "notes"),
}


def _changes(old: dict, new: dict) -> dict[str, tuple[Any, Any]]:
    """Fields the file would change; an empty cell never blanks a register value."""
    out = {}
    for k, value in new.items():
        if k not in old or value in (None, "") or k in ("place_a_id", "place_b_id", "kind"):
            continue
        if old.get(k) != value:
            out[k] = (old.get(k), value)
    return out


_BAD = object()  # a cell naming more than two places, or two places unclearly
_LOOSE_SUFFIX = re.compile(r"(?:市|省|city|province)$")


def _loose_key(name: str) -> str:
    """A name's key without the suffix a list may add or leave off (天津市, Tianjin City)."""
    key = fold(name)
    stripped = _LOOSE_SUFFIX.sub("", key)
    return stripped or key


def _names_pair(text, places, ref):
    if ref is not None:
        return places.label(ref)
    return (text or "?", text or "?")


def normalize_key(names: list[str]) -> str:
    from twindesk.core.search import normalize_name

    return "|".join(sorted({normalize_name(n) for n in names if n}))


def mapping_split_for_guess(text: str) -> list[str]:
    from twindesk.core.spreadsheets.values import split_range

    pair = split_range(clean_text(text))
    return list(pair) if pair else [text]


_AMBIG = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


def _is_ambiguous_date(text: str) -> bool:
    m = _AMBIG.fullmatch(clean_text(text))
    return bool(m) and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2] \
        and int(m[1]) != int(m[2])


# --------------------------------------------------------------------------- commit
class _FailForTest(RuntimeError):
    pass


def commit_plan(register, plan: Plan, *, operator: str = "", dry_run: bool = False,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                _fail_after: int | None = None) -> ImportResult:
    counts = plan.counts()
    result = ImportResult(None, counts["insert"], counts["update"], counts["skip"],
                          counts["reject"], counts["places"], dry_run=dry_run,
                          unchanged=counts["unchanged"])
    if dry_run or counts["insert"] + counts["update"] == 0:
        return result  # nothing to write: no batch is recorded
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    backup_before(register, "before-import")
    writer = _Writer(plan, operator, progress, cancelled, _fail_after, counts)
    with _no_gc_pauses(), register.connect(write=True) as conn, _large_cache(conn):
        writer.run(conn)
    result.batch_id = writer.batch_id
    result.places_created = writer.places_created
    return result


@contextmanager
def _no_gc_pauses():
    """Hold Python's cycle collector while a plan of 100,000 rows is built or written.

    Each row makes a handful of dicts and lists that live as long as the plan; the
    collector would scan them again and again as they pile up (a second or more for
    100,000 rows) and find nothing to free. Plain reference counting still frees
    everything else; the collector resumes afterwards, and is left alone if someone
    else had already switched it off.

    What survived is moved to the oldest generation (freeze, then unfreeze: a list
    splice, no scan). Merely re-enabling would start a full collection at the next
    allocation, walking the millions of objects just made (half a second, for
    nothing); in the oldest generation they wait for the next full collection like
    any long-lived object, and are still freed (cycles included) when let go.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
        gc.unfreeze()


@contextmanager
def _large_cache(conn: Connection):
    """A larger page cache while one transaction writes several tables of 100,000 rows.

    SQLite's default (2 MB) makes such a transaction spill pages to the journal while
    it is still running; 64 MB keeps them in memory. Put back afterwards, so the
    connection returns to the pool as it was.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


class _Writer:
    def __init__(self, plan: Plan, operator: str, progress, cancelled, fail_after,
                 counts: dict[str, int]) -> None:
        self.plan = plan
        self.counts = counts
        self.note = translate("import.history_note", "en", file=plan.file_name)
        self.operator = operator
        self.progress = progress
        self.cancelled = cancelled
        self.fail_after = fail_after
        self.done = 0
        self.total = max(1, len(plan.rows) + len(plan.new_places))
        self.batch_id: int | None = None
        self.now = utcnow()
        self.audit: list[dict] = []
        self.places_created = 0

    def tick(self, n: int) -> None:
        self.done += n
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled()
        if self.fail_after is not None and self.done >= self.fail_after:
            raise _FailForTest("forced failure for a test")
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def audit_row(self, entity: str, record_id: int, action: str, field_: str = "",
                  old: Any = None, new: Any = None) -> None:
        self.audit.append({"entity": entity, "record_id": record_id, "action": action,
                           "field": field_, "old_value": None if old is None else str(old),
                           "new_value": None if new is None else str(new),
                           "operator": self.operator, "at": self.now,
                           "import_batch_id": self.batch_id})

    def flush_audit(self, conn: Connection) -> None:
        if self.audit:
            self._insert(conn, AuditEntry.__table__, self.audit)
            self.audit = []

    def run(self, conn: Connection) -> None:
        plan = self.plan
        counts = self.counts
        self.batch_id = conn.execute(insert(ImportBatch.__table__).values(
            file_name=f"{plan.file_name} [{plan.sheet}]"[:500], sha256=plan.sha256,
            operator=self.operator, started_at=self.now, inserted=0, updated=0,
            skipped=counts["skip"], rejected=counts["reject"])).inserted_primary_key[0]
        rows = [r for r in plan.rows if r.action in ("insert", "update")]
        place_ids = self.insert_places(conn, rows)
        inserted = updated = 0
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            inserts = [r for r in chunk if r.action == "insert"]
            updates = [r for r in chunk if r.action == "update"]
            inserted += getattr(self, f"insert_{plan.target}")(conn, inserts, place_ids)
            for r in updates:
                updated += self.update_record(conn, r)
            self.flush_audit(conn)
            self.tick(len(chunk))
        conn.execute(update(ImportBatch.__table__).where(ImportBatch.__table__.c.id == self.batch_id)
                     .values(inserted=inserted, updated=updated))

    # -- places -------------------------------------------------------------------
    def insert_places(self, conn: Connection, rows: list[RowPlan]) -> dict[int, int]:
        """Create the new places the committed rows use; new key -> register id."""
        new = self.plan.used_new_places()
        mapping: dict[int, int] = {}
        t = Place.__table__
        self.insert_missing_countries(conn, {p.country_code for p in new})
        for start in range(0, len(new), CHUNK):
            chunk = new[start:start + CHUNK]
            params = [{"name_en": p.name_en, "name_zh": p.name_zh, "name_native": p.name_native,
                       "place_type": p.place_type, "country_code": p.country_code, "notes": "",
                       "latitude": p.latitude, "longitude": p.longitude,
                       "search_text": search_key([p.name_en, p.name_zh, p.name_native, *p.aliases]),
                       "version": 1, "created_at": self.now, "updated_at": self.now}
                      for p in chunk]
            ids = self._returning(conn, t, params)
            aliases = []
            for p, pid in zip(chunk, ids):
                mapping[p.key] = pid
                self.audit_row("place", pid, "insert")
                aliases += [{"place_id": pid, "alias": a, "normalized": normalize_name(a)} for a in p.aliases]
            if aliases:  # the file's old spelling, so "Peking" finds Beijing next time
                self._insert(conn, PlaceAlias.__table__, aliases)
            self.flush_audit(conn)
            self.tick(len(chunk))
        self.places_created = len(new)
        return mapping

    def insert_missing_countries(self, conn: Connection, codes: set[str]) -> None:
        """Countries this TwinDesk knows that the register does not hold yet (a register
        made by an older version), for the new places to be recorded in."""
        if not codes:
            return
        from twindesk.core import reference

        t = Country.__table__
        have = set(conn.execute(select(t.c.code).where(t.c.code.in_(sorted(codes)))).scalars())
        missing = [c for c in reference.countries() if c["code"] in codes - have]
        if missing:
            conn.execute(insert(t), missing)
            a = CountryAlias.__table__
            aliases = [r for r in reference.country_aliases()
                       if r["country_code"] in {c["code"] for c in missing}]
            if aliases:
                conn.execute(insert(a), aliases)

    # -- inserts per target ---------------------------------------------------------
    def _insert(self, conn: Connection, table, rows: list[dict]) -> None:
        """executemany straight through the driver, values converted by the column types.

        Same SQL and values SQLAlchemy Core would send, without its per-row overhead
        (the import writes several times as many rows as the file has).
        """
        if not rows:
            return
        cols = list(rows[0].keys())
        procs = [table.c[c].type._cached_bind_processor(conn.dialect) for c in cols]
        quoted = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in cols)
        sql = (f"INSERT INTO {conn.dialect.identifier_preparer.quote(table.name)} ({quoted}) "
               f"VALUES ({', '.join('?' for _ in cols)})")
        # Column by column, with map/zip doing the per-row work: only a few columns need
        # converting (timestamps), and their values repeat (one "now" per import), so
        # each distinct value is converted once.
        columns = [list(map(itemgetter(c), rows)) for c in cols]
        for i, proc in enumerate(procs):
            if proc is not None:
                distinct = set(columns[i])
                distinct.discard(None)
                converted = {value: proc(value) for value in distinct}
                converted[None] = None
                columns[i] = list(map(converted.__getitem__, columns[i]))
        conn.exec_driver_sql(sql, list(zip(*columns)))

    def _returning(self, conn, table, params) -> list[int]:
        """Insert rows with ids given here: plain executemany, no RETURNING round trips.

        Safe because the transaction holds the write lock from its start (BEGIN
        IMMEDIATE), so no one else can take an id in between.
        """
        if not params:
            return []
        start = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(start, start + len(params)))
        for pid, p in zip(ids, params):
            p["id"] = pid
        self._insert(conn, table, params)
        return ids

    def insert_pairing(self, conn: Connection, rows: list[RowPlan], place_ids) -> int:
        t = Pairing.__table__
        params = []
        for r in rows:
            v = dict(r.values)
            for k in ("place_a_id", "place_b_id"):
                if v[k] < 0:
                    v[k] = place_ids[v[k]]
            v.update(version=1, created_at=self.now, updated_at=self.now)
            params.append(v)
        ids = self._returning(conn, t, params)
        history, contacts = [], []
        for r, pid, v in zip(rows, ids, params):
            r.extra["id"] = pid
            self.audit_row("pairing", pid, "insert")
            when = v["established"] if v["status"] == "established" and v["established"] else \
                v["ended"] if v["status"] == "ended" and v["ended"] else self.now.date().isoformat()
            history.append({"pairing_id": pid, "status": v["status"], "date": when,
                            "note": self.note,
                            "operator": self.operator, "recorded_at": self.now})
            if "contact" in r.extra:
                contacts.append((pid, r.extra["contact"]))
        if history:
            self._insert(conn, PairingStatusChange.__table__, history)
        if contacts:
            ct = Contact.__table__
            cparams = []
            for _, c in contacts:
                zh = has_han(c["name"])
                cparams.append({"name_en": "" if zh else c["name"], "name_zh": c["name"] if zh else "",
                                "title": c["title"][:300], "organisation": "", "phone": "",
                                "email": "", "language": "", "notes": "",
                                "search_text": search_key([c["name"]]), "version": 1,
                                "created_at": self.now, "updated_at": self.now})
            cids = self._returning(conn, ct, cparams)
            conn.execute(insert(ContactPairing.__table__),
                         [{"contact_id": cid, "pairing_id": pid}
                          for cid, (pid, _) in zip(cids, contacts)])
            for cid in cids:
                self.audit_row("contact", cid, "insert")
        return len(ids)

    def insert_exchange(self, conn: Connection, rows: list[RowPlan], place_ids) -> int:
        t = Exchange.__table__
        params = []
        for r in rows:
            v = dict(r.values)
            v.update(search_text=search_key([v["title_en"], v["title_zh"], v["venue"]]),
                     version=1, created_at=self.now, updated_at=self.now, host_place_id=None)
            params.append(v)
        ids = self._returning(conn, t, params)
        links = {"pairings": [], "places": [], "fields": []}
        for r, xid in zip(rows, ids):
            r.extra["id"] = xid
            self.audit_row("exchange", xid, "insert")
            for pid in dict.fromkeys(r.links.get("pairings", [])):
                links["pairings"].append({"exchange_id": xid, "pairing_id": pid})
            for pid in dict.fromkeys(r.links.get("places", [])):
                links["places"].append({"exchange_id": xid, "place_id": pid})
            for code in dict.fromkeys(r.links.get("fields", [])):
                links["fields"].append({"exchange_id": xid, "field_code": code})
        for name, table in (("pairings", ExchangePairing), ("places", ExchangePlace),
                            ("fields", ExchangeField)):
            if links[name]:
                conn.execute(insert(table.__table__), links[name])
        return len(ids)

    def insert_programme(self, conn: Connection, rows: list[RowPlan], place_ids) -> int:
        t = Programme.__table__
        params = []
        for r in rows:
            v = dict(r.values)
            v.update(search_text=search_key([v["title_en"], v["title_zh"]]), version=1,
                     created_at=self.now, updated_at=self.now)
            params.append(v)
        ids = self._returning(conn, t, params)
        fields = []
        for r, pid in zip(rows, ids):
            self.audit_row("programme", pid, "insert")
            fields.extend({"programme_id": pid, "field_code": c}
                          for c in dict.fromkeys(r.links.get("fields", [])))
        if fields:
            conn.execute(insert(ProgrammeField.__table__), fields)
        return len(ids)

    def insert_contact(self, conn: Connection, rows: list[RowPlan], place_ids) -> int:
        t = Contact.__table__
        params = []
        for r in rows:
            v = dict(r.values)
            v.update(search_text=search_key([v["name_en"], v["name_zh"], v["organisation"]]),
                     version=1, created_at=self.now, updated_at=self.now)
            params.append(v)
        ids = self._returning(conn, t, params)
        links = []
        for r, cid in zip(rows, ids):
            self.audit_row("contact", cid, "insert")
            links.extend({"contact_id": cid, "pairing_id": p}
                         for p in dict.fromkeys(r.links.get("pairings", [])))
        if links:
            conn.execute(insert(ContactPairing.__table__), links)
        return len(ids)

    # -- updates ------------------------------------------------------------------------
    def update_record(self, conn: Connection, r: RowPlan) -> int:
        if not r.changes:
            return 0
        target = self.plan.target
        model = {"pairing": Pairing, "exchange": Exchange, "programme": Programme,
                 "contact": Contact}[target]
        t = model.__table__
        rid = r.duplicate_of[1]
        version = r.extra.get("version")
        values = {k: new for k, (_, new) in r.changes.items()}
        res = conn.execute(update(t).where(t.c.id == rid, t.c.version == version)
                           .values(**values, version=version + 1, updated_at=self.now))
        if res.rowcount != 1:
            raise TwinDeskError("error.conflict", entity=f"entity.{target}", id=rid)
        for k, (old, new) in r.changes.items():
            self.audit_row(target, rid, "update", k, old, new)
        self.audit_row(target, rid, "update", "version", version, version + 1)
        if target == "pairing" and "status" in r.changes:
            conn.execute(insert(PairingStatusChange.__table__).values(
                pairing_id=rid, status=values["status"], date=self.now.date().isoformat(),
                note=self.note,
                operator=self.operator, recorded_at=self.now))
        if target in ("exchange", "programme", "contact"):
            names = {"exchange": ("title_en", "title_zh", "venue"),
                     "programme": ("title_en", "title_zh"),
                     "contact": ("name_en", "name_zh", "organisation")}[target]
            row = conn.execute(select(*(t.c[n] for n in names)).where(t.c.id == rid)).first()
            conn.execute(update(t).where(t.c.id == rid).values(search_text=search_key(list(row))))
        return 1


# --------------------------------------------------------------------------- history, undo
def list_imports(register) -> list[dict]:
    """Every recorded import, newest first."""
    t = ImportBatch.__table__
    with register.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.id.desc()))]


ENTITY_TABLES = {"place": Place, "pairing": Pairing, "exchange": Exchange,
                 "programme": Programme, "contact": Contact}
UNDO_ORDER = ("exchange", "contact", "programme", "pairing", "place")
_IDS = 900  # ids per IN (...): below SQLite's oldest limit of 999 variables


def _chunks(ids: list[int]):
    for i in range(0, len(ids), _IDS):
        yield ids[i:i + _IDS]


def undo_import(register, batch_id: int, *, operator: str = "") -> "UndoCounts":
    """Remove what import ``batch_id`` inserted and restore what it changed; all or nothing.

    Imports can be undone in any order: what another import did to these records counts
    as a change only while that import stands (undone, it is gone). Refused (UndoError,
    nothing changed, no backup made) when the batch was already undone, when a record
    it touched was changed since by hand or by an import that stands, or when a record
    it added is now used by another (a programme of its pairing...). A place it created
    that other records now use is kept; it goes with the undo that frees it.
    """
    with register.connect() as conn:
        _UndoPlan.make(conn, batch_id)  # the checks that can refuse, before any backup
    backup_before(register, "before-undo-import")
    with register.connect(write=True) as conn:
        # Again under the write lock: the register may have moved on in between.
        return _UndoPlan.make(conn, batch_id).apply(conn, operator, utcnow())


class UndoCounts(dict):
    """Records removed per entity, and "updated": the records restored. ``kept_places``:
    places the import created that other records now use, left for them (not a key, so
    summing the values still counts what was removed)."""

    def __init__(self, counts: dict[str, int], *, kept_places: int = 0) -> None:
        super().__init__(counts)
        self.kept_places = kept_places


class _UndoPlan:
    """What undoing one import will do, checked: records to delete, to restore, to keep."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.inserted: dict[str, list[int]] = {}
        self.updates: dict[tuple[str, int], dict[str, tuple[Any, Any]]] = {}
        self.expected: dict[tuple[str, int], int | None] = {}  # version each must have now
        self.kept: set[int] = set()  # places it created that others now use
        self.freed: dict[int, int] = {}  # place -> its (undone) import, to delete too
        self.undone: set[int] = set()  # imports undone before
        self.first_entry = 0  # its first audit row: later rows are later changes

    @classmethod
    def make(cls, conn: Connection, batch_id: int) -> "_UndoPlan":
        bt, at = ImportBatch.__table__, AuditEntry.__table__
        batch = conn.execute(select(bt).where(bt.c.id == batch_id)).first()
        if batch is None:
            raise TwinDeskError("error.not_found", entity="import.batch", id=batch_id)
        if batch.undone_at is not None:
            raise UndoError("import.undo.already", id=batch_id)
        plan = cls(batch_id)
        plan.undone = {r.id for r in conn.execute(select(bt.c.id).where(bt.c.undone_at.is_not(None)))}
        entries = conn.execute(select(at).where(at.c.import_batch_id == batch_id,
                                                at.c.action.in_(("insert", "update")))
                               .order_by(at.c.id)).fetchall()
        plan.first_entry = entries[0].id if entries else 0
        for e in entries:
            if e.action == "insert":
                plan.inserted.setdefault(e.entity, []).append(e.record_id)
                plan.expected[(e.entity, e.record_id)] = 1
            else:
                plan.updates.setdefault((e.entity, e.record_id), {})[e.field] = (e.old_value, e.new_value)
        for key, fields in plan.updates.items():
            version = fields.get("version", (None, None))[1]
            plan.expected[key] = int(version) if version is not None else None
        plan._check_later_changes(conn)
        plan._check_inserted(conn)
        plan._check_updated(conn)
        plan._check_dependents(conn)
        plan._find_kept_places(conn)
        return plan

    def _later_entries(self, conn: Connection, entity: str, ids: list[int]):
        """Audit rows other than this import's, written after it, on these records."""
        at = AuditEntry.__table__
        for chunk in _chunks(sorted(set(ids))):
            yield from conn.execute(
                select(at.c.id, at.c.record_id, at.c.action, at.c.field, at.c.new_value,
                       at.c.import_batch_id)
                .where(at.c.entity == entity, at.c.record_id.in_(chunk),
                       at.c.id > self.first_entry,
                       or_(at.c.import_batch_id.is_(None), at.c.import_batch_id != self.batch_id))
                .order_by(at.c.id))

    def _check_later_changes(self, conn: Connection) -> None:
        """A change by hand, or by an import that still stands, refuses the undo; what an
        undone import did (and its undo put back) does not count."""
        records: dict[str, list[int]] = {}
        for entity, ids in self.inserted.items():
            records.setdefault(entity, []).extend(ids)
        for entity, rid in self.updates:
            records.setdefault(entity, []).append(rid)
        for entity, ids in records.items():
            if entity not in ENTITY_TABLES:
                continue
            for e in self._later_entries(conn, entity, ids):
                key = (entity, e.record_id)
                if e.import_batch_id is None:
                    if e.action == "delete" and entity in self.inserted and \
                            e.record_id in self.inserted[entity]:
                        self.expected[key] = None  # deleted by hand: nothing to remove
                        continue
                    raise UndoError("import.undo.changed_since", entity=f"entity.{entity}",
                                    id=e.record_id)
                if e.import_batch_id not in self.undone:
                    raise UndoError("import.undo.changed_by_import", entity=f"entity.{entity}",
                                    id=e.record_id, batch=e.import_batch_id)
                # Changed by an import since undone: its update and its undo each moved the
                # version on, and the audit rows say what they did; the version proves nothing.
                self.expected[key] = None

    def _check_inserted(self, conn: Connection) -> None:
        """Records it added still have the version it (and undone imports) left them at."""
        for entity, ids in self.inserted.items():
            t = ENTITY_TABLES[entity].__table__
            for chunk in _chunks(ids):
                for rid, version in conn.execute(select(t.c.id, t.c.version).where(t.c.id.in_(chunk))):
                    expected = self.expected.get((entity, rid))
                    if expected is not None and version != expected:
                        raise UndoError("import.undo.changed_since", entity=f"entity.{entity}", id=rid)

    def _check_updated(self, conn: Connection) -> None:
        for (entity, rid), fields in self.updates.items():
            t = ENTITY_TABLES[entity].__table__
            current = conn.execute(select(t.c.version).where(t.c.id == rid)).scalar()
            expected = self.expected.get((entity, rid))
            if current is None or (expected is not None and current != expected):
                raise UndoError("import.undo.changed_since", entity=f"entity.{entity}", id=rid)

    def _check_dependents(self, conn: Connection) -> None:
        """Records it added that others now hang on (a programme of its pairing, a document,
        a link from a record it did not add) would take those with them: refused."""
        for entity, ids in self.inserted.items():
            for table, column, owner, owner_column in _DEPENDENTS.get(entity, ()):
                t = table.__table__
                mine = set(self.inserted.get(owner, ()))
                for chunk in _chunks(ids):
                    for own, used in conn.execute(select(t.c[owner_column], t.c[column])
                                                  .where(t.c[column].in_(chunk))):
                        if own not in mine:
                            raise UndoError("import.undo.used_by", entity=f"entity.{entity}",
                                            id=used, other=f"entity.{owner}", other_id=own)

    def _place_users(self, conn: Connection, place_ids: list[int], leaving: dict[str, set[int]]):
        """Of ``place_ids``, those used by a record that is not ``leaving``."""
        used: set[int] = set()
        for table, column, owner, owner_column in _PLACE_USERS:
            t = table.__table__
            gone = leaving.get(owner, set())
            for chunk in _chunks(place_ids):
                for own, place in conn.execute(select(t.c[owner_column], t.c[column])
                                               .where(t.c[column].in_(chunk))):
                    if own not in gone:
                        used.add(place)
        return used

    def _find_kept_places(self, conn: Connection) -> None:
        """Places it created that records staying in the register use are kept; places an
        undone import created that only this import's records used go too."""
        leaving = {e: set(ids) for e, ids in self.inserted.items()}
        mine = self.inserted.get("place", [])
        if mine:
            self.kept = self._place_users(conn, mine, leaving)
        # Places its records used that an undone import created: freed by this undo?
        used: set[int] = set()
        pt = Pairing.__table__
        for chunk in _chunks(self.inserted.get("pairing", [])):
            for a, b in conn.execute(select(pt.c.place_a_id, pt.c.place_b_id).where(pt.c.id.in_(chunk))):
                used.update((a, b))
        for table, column, owner, owner_column in _PLACE_USERS:
            if owner in ("pairing", "place") or not self.inserted.get(owner):
                continue
            t = table.__table__
            for chunk in _chunks(self.inserted[owner]):
                used.update(p for p, in conn.execute(select(t.c[column]).where(
                    t.c[owner_column].in_(chunk), t.c[column].is_not(None))))
        used -= set(mine)
        if not used or not self.undone:
            return
        at = AuditEntry.__table__
        created: dict[int, int] = {}
        for chunk in _chunks(sorted(used)):
            for rid, batch in conn.execute(select(at.c.record_id, at.c.import_batch_id).where(
                    at.c.entity == "place", at.c.action == "insert", at.c.record_id.in_(chunk),
                    at.c.import_batch_id.in_(sorted(self.undone)))):
                created[rid] = batch
        if not created:
            return
        # Still there, unchanged since (by hand or by an import that stands), and free.
        t = Place.__table__
        existing = {rid for chunk in _chunks(sorted(created))
                    for rid, in conn.execute(select(t.c.id).where(t.c.id.in_(chunk)))}
        for chunk in _chunks(sorted(existing)):
            for rid, batch in conn.execute(select(at.c.record_id, at.c.import_batch_id).where(
                    at.c.entity == "place", at.c.record_id.in_(chunk))):
                if batch is None or batch not in self.undone:
                    existing.discard(rid)  # changed by hand, or by an import that stands
        still_used = self._place_users(conn, sorted(existing), leaving)
        self.freed = {rid: created[rid] for rid in existing - still_used}

    def apply(self, conn: Connection, operator: str, now: datetime) -> dict[str, int]:
        at, bt = AuditEntry.__table__, ImportBatch.__table__
        batch_id = self.batch_id
        audit: list[dict] = []
        for (entity, rid), fields in self.updates.items():
            t = ENTITY_TABLES[entity].__table__
            fields = {k: v for k, v in fields.items() if k != "version"}
            current = conn.execute(select(t.c.version).where(t.c.id == rid)).scalar()
            values = {k: _typed(t.c[k], old) for k, (old, _new) in fields.items()}
            conn.execute(update(t).where(t.c.id == rid).values(
                **values, version=current + 1, updated_at=now))
            for k, (old, new) in fields.items():
                audit.append(_undo_audit(entity, rid, "update", k, new, old, operator, now, batch_id))
            audit.append(_undo_audit(entity, rid, "update", "version", str(current),
                                     str(current + 1), operator, now, batch_id))
            if entity == "pairing" and "status" in fields:
                conn.execute(insert(PairingStatusChange.__table__).values(
                    pairing_id=rid, status=values["status"], date=now.date().isoformat(),
                    note=translate("import.undo.history_note", "en", id=batch_id),
                    operator=operator, recorded_at=now))
        removed: dict[str, int] = {}
        for entity in UNDO_ORDER:
            ids = [i for i in self.inserted.get(entity, [])
                   if not (entity == "place" and i in self.kept)]
            if not ids:
                continue
            t = ENTITY_TABLES[entity].__table__
            for chunk in _chunks(ids):
                conn.execute(delete(t).where(t.c.id.in_(chunk)))
            removed[entity] = len(ids)
            audit.extend(_undo_audit(entity, rid, "delete", "", None, None, operator, now, batch_id)
                         for rid in ids)
        if self.freed:  # places undone imports created, used until now by this one's records
            t = Place.__table__
            for chunk in _chunks(sorted(self.freed)):
                conn.execute(delete(t).where(t.c.id.in_(chunk)))
            removed["place"] = removed.get("place", 0) + len(self.freed)
            audit.extend(_undo_audit("place", rid, "delete", "", None, None, operator, now, batch)
                         for rid, batch in sorted(self.freed.items()))
        if audit:
            conn.execute(insert(at), audit)
        conn.execute(update(bt).where(bt.c.id == batch_id).values(undone_at=now))
        removed["updated"] = len(self.updates)
        return UndoCounts(removed, kept_places=len(self.kept))


# Records that hang on a record an import added: (table, column naming it, the record
# it belongs to, that record's id column). Deleting the added record would delete or
# unlink them, so an undo that would is refused.
_DEPENDENTS: dict[str, tuple] = {
    "pairing": ((Programme, "pairing_id", "programme", "id"),
                (ExchangePairing, "pairing_id", "exchange", "exchange_id"),
                (ContactPairing, "pairing_id", "contact", "contact_id"),
                (Document, "pairing_id", "document", "id")),
    "programme": ((Exchange, "programme_id", "exchange", "id"),
                  (Document, "programme_id", "document", "id")),
    "exchange": ((Document, "exchange_id", "document", "id"),),
    "contact": ((ContactPairing, "contact_id", "pairing", "pairing_id"),
                (Document, "contact_id", "document", "id")),
}
# What uses a place: (table, column, the record it belongs to, its id column).
_PLACE_USERS = ((Pairing, "place_a_id", "pairing", "id"), (Pairing, "place_b_id", "pairing", "id"),
                (ExchangePlace, "place_id", "exchange", "exchange_id"),
                (Exchange, "host_place_id", "exchange", "id"),
                (Contact, "place_id", "contact", "id"),
                (Place, "parent_id", "place", "id"))


def _undo_audit(entity, rid, action, field_, old, new, operator, now, batch_id) -> dict:
    return {"entity": entity, "record_id": rid, "action": action, "field": field_,
            "old_value": old, "new_value": new, "operator": operator, "at": now,
            "import_batch_id": batch_id}


def _typed(column, text: str | None) -> Any:
    if text is None:
        return None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return text
    if python_type is int:
        return int(text)
    if python_type is float:
        return float(text)
    if python_type is bool:
        return text in ("True", "1")
    if python_type is datetime:
        return datetime.fromisoformat(text)
    return text


def count_records(register) -> dict[str, int]:
    """Rows per table a test or the command line compares before and after."""
    with register.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(m.__table__)).scalar()
                for name, m in {**ENTITY_TABLES, "audit": AuditEntry, "batch": ImportBatch,
                                "status_change": PairingStatusChange}.items()}


def iter_problem_lines(plan: Plan, lang: str = "en", *, warnings: bool = True) -> Iterable[str]:
    """The plan's problems as lines to print: errors, and warnings when asked for; a
    warning said once per value (an old country name) is one line with its row count,
    always (it asks for a check)."""
    for r in plan.rows:
        for p in r.problems:
            if p.code in GROUPED_WARNINGS:
                continue
            if p.severity == "error" or warnings:
                yield p.message(lang)
    for p, rows in plan.grouped_warnings():
        where = translate("import.where.column", lang, sheet=p.sheet, column=p.column) \
            if p.column else translate("import.where.sheet", lang, sheet=p.sheet)
        shown = ", ".join(str(n) for n in rows[:10]) + (", …" if len(rows) > 10 else "")
        yield where + p.reason(lang) + translate("import.rows_count", lang, count=len(rows),
                                                 rows=shown)
