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
    AuditEntry, Contact, ContactPairing, CooperationField, Exchange, ExchangeField,
    ExchangePairing, ExchangePlace, ExchangeType, ImportBatch, Pairing, PairingKind,
    PairingLevel, PairingStatus, PairingStatusChange, Place, PlaceType, Programme,
    ProgrammeField, ProgrammeStatus, utcnow,
)
from twindesk.core.search import fold, has_han, search_key
from twindesk.core.spreadsheets import mapping as mapping_mod
from twindesk.core.spreadsheets.layout import Layout, column_letter, detect_layout
from twindesk.core.spreadsheets.mapping import NOTES_FIELD, REQUIRED, Mapping
from twindesk.core.spreadsheets.places import NewPlace, PlaceIndex, romanise_chinese_place
from twindesk.core.spreadsheets.reading import Workbook, open_workbook
from twindesk.core.spreadsheets.values import (
    ValueProblem, clean_text, is_many_places, is_unknown, split_list,
    split_place_pair, to_date, to_date_range, to_int,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
DUPLICATE_ACTIONS = ("skip", "update", "keep")
DATE_FIELDS = ("established", "ended", "source_checked", "dates", "start", "end")
CHUNK = 2000


_MISSING = object()
_SIDE_FIELDS = {p: (f"{p}_en", f"{p}_zh", f"{p}_native") for p in ("local", "partner")}
_PROVINCE_WORD = re.compile(r"province|state|prefecture|省|州", re.I)


class ImportCancelled(TwinDeskError):
    code = "import.cancelled"


class UndoError(TwinDeskError):
    code = "import.undo.refused"


# --------------------------------------------------------------------------- vocabularies
TERM_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "sister_city": ("sister city", "sister cities", "twin city", "twin town", "sister province",
                        "sister state", "sister prefecture", "friendship city", "friendly city",
                        "友好城市", "友城", "友好省州", "友好省", "友好州", "姐妹城市", "友好城市关系",
                        "友好县", "友好区", "sister"),
        "friendly_exchange": ("friendly exchange", "friendly exchange city", "friendship exchange",
                              "友好交流城市", "友好交流", "友好交流关系", "友好交流省州"),
        "friendly_cooperation": ("友好合作城市", "友好合作", "friendly cooperation"),
        "partnership": ("partner city", "伙伴城市", "partnership", "partners", "合作伙伴"),
        "friendship_agreement": ("友好协议", "friendship agreement", "友好合作协议"),
        "memorandum": ("mou", "memorandum", "备忘录", "合作备忘录", "谅解备忘录"),
    },
    "level": {
        "province": ("province-state", "province/state", "province state", "province", "state",
                     "省州", "省级", "省（州）级", "省州级", "prefecture"),
        "city": ("city", "city-city", "市", "市级", "城市", "municipal"),
        "district": ("区", "区级", "district"),
        "county": ("county", "县", "县级"),
        "township": ("township", "乡镇", "镇"),
        "mixed": ("mixed", "跨层级"),
    },
    "status": {
        "established": ("active", "established", "current", "valid", "已建立", "有效", "正常",
                        "现行", "在册", "已结好", "活跃"),
        "dormant": ("dormant", "inactive", "不活跃", "休眠", "停滞"),
        "proposed": ("proposed", "planned", "intended", "拟结好", "意向", "拟建"),
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
    return str(value)


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
    local_country: str = "CN"
    default_kind: str = "sister_city"
    default_level: str = "city"
    default_status: str = "established"
    default_exchange_type: str = "other"
    on_duplicate: str = "skip"
    row_actions: dict[int, str] = field(default_factory=dict)  # sheet row -> skip/update/keep
    dayfirst: dict[str, bool] = field(default_factory=dict)  # field -> answer
    place_choices: dict[str, Any] = field(default_factory=dict)  # question key -> id / "new"


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
        out = {"insert": 0, "update": 0, "skip": 0, "reject": 0, "warning": 0, "places": 0}
        for r in self.rows:
            out[r.action] += 1
            if r.action != "reject" and r.status == "warning":
                out["warning"] += 1
        out["places"] = len(self.used_new_places())
        return out

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


# --------------------------------------------------------------------------- the import
class SpreadsheetImport:
    """One file being imported into one register."""

    def __init__(self, register, path: Path | str) -> None:
        self.register = register
        self.path = Path(path)
        self.workbook: Workbook = open_workbook(self.path)

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

    def suggest_mapping(self, layout: Layout, target: str | None = None) -> Mapping:
        """The mapping to start from: a preset for these headers, else one from the synonyms."""
        preset = self.preset_for(layout)
        if preset is not None and (target is None or preset.target == target):
            return preset.apply(layout.headers)
        return suggest_for_layout(layout, target)

    def preview_rows(self, layout: Layout, limit: int = 50) -> list[tuple[int, list[Any]]]:
        sheet = self.workbook.sheet(layout.sheet)
        out = []
        for i, cells in layout.data_rows(sheet):
            out.append((i + 1, cells))
            if len(out) >= limit:
                break
        return out

    def _resolve_mapping(self, layout: Layout, options: ImportOptions) -> Mapping:
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
            m = self.suggest_mapping(layout, options.target)
        if options.target and m.target != options.target:
            m = suggest_for_layout(layout, options.target)
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


def suggest_for_layout(layout: Layout, target: str | None = None) -> Mapping:
    """A mapping from a layout's headers; two-row headers combine parent and child."""
    if not layout.parents:
        return mapping_mod.suggest(layout.headers, target)
    children = [h.split(" / ")[-1] if " / " in h else h for h in layout.headers]
    target = target or mapping_mod.guess_target(list(layout.parents) + children)
    columns: dict[int, str] = {}
    taken: set[str] = set()
    fields = set(mapping_mod.TARGET_FIELDS[target])
    for col, (parent, child) in enumerate(zip(layout.parents, children)):
        name = None
        if parent and child and parent != child:
            p = mapping_mod.match_header(parent, target)
            q = _qualifier(child)
            if p and q and f"{p}_{q}" in fields:
                name = f"{p}_{q}"
            else:
                name = mapping_mod.match_header(child, target) or p
        else:
            name = mapping_mod.match_header(child or parent, target)
        if name and (name == mapping_mod.IGNORE or name not in taken):
            columns[col] = name
            taken.add(name)
    return Mapping(target=target, columns=columns)


_qualifier = mapping_mod.qualifier


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
        local = self.options.local
        if local is None or local == "":
            return
        if isinstance(local, int) or (isinstance(local, str) and local.strip().isdigit()
                                      and int(local) in self.places.places):
            pid = int(local)
            if pid not in self.places.places:
                self.local_problem = ("import.local.unknown_id", {"value": pid})
            else:
                self.local_ref = pid
            return
        names = [clean_text(local)]
        ref, problem = self.place_ref(names, self._country_codes(self.options.local_country),
                                      self.options.local_country, "local", row=0,
                                      place_type="city", create=self.target == "pairing")
        if problem:
            self.local_problem = problem
        self.local_ref = ref

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
            plan.extra["country_failed"] = True
            return None
        if match.old_name:
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
        if not name_en and name_zh and country == "CN":
            name_en = romanise_chinese_place(name_zh)
        new = NewPlace(key=self.next_new, name_en=name_en, name_zh=name_zh,
                       name_native=langs.get("native", ""), country_code=country,
                       place_type=place_type, rows=[row])
        self.next_new -= 1
        self.places.add_new(new)
        return new.key, None

    def _place_choice_label(self, pid: int) -> tuple[str, str]:
        info = self.places.places[pid]
        en = f"{info.name_en or info.name_zh} ({info.country_code}, {info.place_type}, #{pid})"
        zh = f"{info.name_zh or info.name_en}（{info.country_code}，{info.place_type}，#{pid}）"
        return (en, zh)

    def _side_names(self, cells, prefix: str, pair_name: str | None, code: str | None):
        """(names, names by language, column, countries) of one side, or None."""
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
             pair_name: str | None = None) -> int | None:
        """Resolve the local or partner side of a row from its name columns."""
        code = country.code if country else fallback_country
        # Worked out once per distinct cells: a file names the same partners (and always
        # the same local side) again and again. The key is the raw cells of the side's
        # columns, so nothing is cleaned or looked up for a repeat.
        n = len(cells)
        key = (prefix, pair_name, code, place_type, create,
               *[cells[c] if c < n else None for c in self._side_cols[prefix]])
        hit = self._sides.get(key)
        if hit is None:
            if len(self._sides) > 300_000:
                self._sides.clear()
            prepared = self._side_names(cells, prefix, pair_name, code)
            if prepared is None:
                hit = self._sides[key] = (None,)
            else:
                names, names_by_lang, col, countries = prepared
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
            if problem[0] == "import.value.no_country_for_new" and plan.extra.get("country_failed"):
                return None  # the country cell already says what is wrong
            params = {k: v for k, v in problem[1].items() if k != "_q"}
            self.problem(plan, col, " / ".join(names), problem[0], severity, **params)
        return ref

    # -- rows -------------------------------------------------------------------------
    def build_row(self, row_no: int, cells: list[Any]) -> RowPlan:
        plan = RowPlan(row=row_no, cells=cells)
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
        for group, mapped in self._required_groups:
            if any(self.cell(cells, name)[0] is not None for name in mapped):
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

    def _pair_names(self, plan: RowPlan, cells) -> tuple[str | None, str | None]:
        text, col = self.text(cells, "places")
        if not text:
            return None, None
        if is_many_places(text):
            plan.extra["many"] = True
            self.problem(plan, col, text, "import.value.many_places", "warning")
            return None, None
        pair = split_place_pair(text)
        if pair is None:
            return None, text  # one name: the partner
        return pair

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
        pair_a, pair_b = self._pair_names(plan, cells)
        partner = self.side(plan, cells, "partner", country, None, place_type,
                            pair_name=pair_b)
        local_country = self.countries.resolve(self.text(cells, "local_country")[0]) \
            if "local_country" in self.cols else None
        local = self.side(plan, cells, "local", local_country, self.options.local_country,
                          place_type, pair_name=pair_a)
        if local is None and not any(self.cell(cells, n)[0] for n in ("local", "local_en", "local_zh")) \
                and pair_a is None:
            if self.local_problem:
                code, params = self.local_problem
                self.problem(plan, None, self.options.local, code, **params)
            elif self.local_ref is not None:
                local = self.local_ref
            else:
                self.problem(plan, None, None, "import.local.missing")
        if partner is None and not any(p.severity == "error" for p in plan.problems):
            self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
        if local is not None and partner is not None and local == partner:
            self.problem(plan, None, None, "import.value.self_pairing")
        v.update(place_a_id=local, place_b_id=partner, kind=kind, level=level, status=status)
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
        a, b = self._pair_names(plan, cells)
        if plan.extra.get("many"):
            return None
        country = self.country(plan, cells) if "country" in self.cols else None
        if b is None and not self.cell(cells, "partner")[0]:
            if required:
                self.problem(plan, None, None, "import.value.no_place", role="import.role.partner")
            return None
        partner = self.side(plan, cells, "partner", country, None, "city", create=False,
                            pair_name=b)
        local = self.side(plan, cells, "local", None, self.options.local_country, "city",
                           create=False, pair_name=a)
        if local is None and a is None and not self.cell(cells, "local")[0]:
            local = self.local_ref
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
                self.problem(plan, None, None, "import.dup.updated", "warning", where=where,
                             count=len(plan.changes))

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
                          counts["reject"], counts["places"], dry_run=dry_run)
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
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
        for start in range(0, len(new), CHUNK):
            chunk = new[start:start + CHUNK]
            params = [{"name_en": p.name_en, "name_zh": p.name_zh, "name_native": p.name_native,
                       "place_type": p.place_type, "country_code": p.country_code, "notes": "",
                       "search_text": search_key([p.name_en, p.name_zh, p.name_native]),
                       "version": 1, "created_at": self.now, "updated_at": self.now}
                      for p in chunk]
            ids = self._returning(conn, t, params)
            for p, pid in zip(chunk, ids):
                mapping[p.key] = pid
                self.audit_row("place", pid, "insert")
            self.flush_audit(conn)
            self.tick(len(chunk))
        self.places_created = len(new)
        return mapping

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


def undo_import(register, batch_id: int, *, operator: str = "") -> dict[str, int]:
    """Remove what import ``batch_id`` inserted and restore what it changed; all or nothing.

    Refused (UndoError, nothing changed) when the batch was already undone, when a record
    it touched was changed since, or when a place it created is now used by other records.
    """
    bt = ImportBatch.__table__
    at = AuditEntry.__table__
    now = utcnow()
    backup_before(register, "before-undo-import")
    with register.connect(write=True) as conn:
        batch = conn.execute(select(bt).where(bt.c.id == batch_id)).first()
        if batch is None:
            raise TwinDeskError("error.not_found", entity="import.batch", id=batch_id)
        if batch.undone_at is not None:
            raise UndoError("import.undo.already", id=batch_id)
        entries = conn.execute(select(at).where(at.c.import_batch_id == batch_id,
                                                at.c.action.in_(("insert", "update")))
                               .order_by(at.c.id)).fetchall()
        inserted: dict[str, list[int]] = {}
        updates: dict[tuple[str, int], dict[str, tuple[Any, Any]]] = {}
        for e in entries:
            if e.action == "insert":
                inserted.setdefault(e.entity, []).append(e.record_id)
            else:
                updates.setdefault((e.entity, e.record_id), {})[e.field] = (e.old_value, e.new_value)
        audit: list[dict] = []
        # Records the import created must not have been edited since.
        for entity, ids in inserted.items():
            t = ENTITY_TABLES[entity].__table__
            for i in range(0, len(ids), 500):
                changed = conn.execute(select(t.c.id).where(t.c.id.in_(ids[i:i + 500]),
                                                            t.c.version != 1).limit(1)).scalar()
                if changed is not None:
                    raise UndoError("import.undo.changed_since", entity=f"entity.{entity}",
                                    id=changed)
        # Restore changed records (their version must be the one the import left).
        for (entity, rid), fields in updates.items():
            t = ENTITY_TABLES[entity].__table__
            old_v, new_v = fields.pop("version", (None, None))
            current = conn.execute(select(t).where(t.c.id == rid)).first()
            if current is None or str(current.version) != str(new_v):
                raise UndoError("import.undo.changed_since", entity=f"entity.{entity}", id=rid)
            values = {k: _typed(t.c[k], old) for k, (old, _new) in fields.items()}
            conn.execute(update(t).where(t.c.id == rid).values(
                **values, version=current.version + 1, updated_at=now))
            for k, (old, new) in fields.items():
                audit.append(_undo_audit(entity, rid, "update", k, new, old, operator, now, batch_id))
            if entity == "pairing" and "status" in fields:
                conn.execute(insert(PairingStatusChange.__table__).values(
                    pairing_id=rid, status=values["status"], date=now.date().isoformat(),
                    note=translate("import.undo.history_note", "en", id=batch_id),
                    operator=operator, recorded_at=now))
        removed = {}
        for entity in UNDO_ORDER:
            ids = inserted.get(entity, [])
            if not ids:
                continue
            t = ENTITY_TABLES[entity].__table__
            if entity == "place":
                pt = Pairing.__table__
                for i in range(0, len(ids), 500):
                    chunk = ids[i:i + 500]
                    used = conn.execute(select(pt.c.id).where(or_(
                        pt.c.place_a_id.in_(chunk), pt.c.place_b_id.in_(chunk))).limit(1)).scalar()
                    if used is not None:
                        raise UndoError("import.undo.place_in_use", pairing=used)
            for i in range(0, len(ids), 500):
                conn.execute(delete(t).where(t.c.id.in_(ids[i:i + 500])))
            removed[entity] = len(ids)
            audit.extend(_undo_audit(entity, rid, "delete", "", None, None, operator, now, batch_id)
                         for rid in ids)
        if audit:
            conn.execute(insert(at), audit)
        conn.execute(update(bt).where(bt.c.id == batch_id).values(undone_at=now))
    removed["updated"] = len(updates)
    return removed


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


def iter_problem_lines(plan: Plan, lang: str = "en") -> Iterable[str]:
    for r in plan.rows:
        for p in r.problems:
            yield p.message(lang)
