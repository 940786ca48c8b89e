"""Blank import templates: workbooks a clerk fills in and imports without a question.

``write_template`` makes an .xlsx for pairings, exchanges, programmes or contacts with
headers in English or Chinese that the importer's synonyms recognise (so the mapping
needs no change), a comment on each header saying what goes there, drop-down lists
(data validation) for the vocabularies and countries of the register, and an example
row. The example sits ABOVE the header, under a one-line instruction: the importer
takes the row of known headers as the header and reads only the rows below it, so an
example left in place is never imported by mistake.

The drop-down lists are on a hidden sheet ("Lists" / "列表"); the importer reads the
first visible sheet, the template itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlmodel
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.engine import Connection

from twindesk.core.errors import TwinDeskError
from twindesk.core.models import VOCABULARIES, Country
from twindesk.core.spreadsheets.export import (
    FORMULA_STARTS,
    HEADER_ALIGN,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    atomic_output,
    check_suffix,
    column_widths,
    sheet_title,
)

if TYPE_CHECKING:
    from twindesk.core.storage import Register

TARGETS = ("pairing", "exchange", "programme", "contact")
HEADER_ROW = 3  # title and instruction in row 1, the example in row 2
DATA_ROWS = 2000  # rows below the header that get the drop-down lists
SHEETS = {
    "pairing": ("Pairings", "结好关系"),
    "exchange": ("Exchanges", "交流活动"),
    "programme": ("Programmes", "合作项目"),
    "contact": ("Contacts", "联系人"),
}
LISTS = ("Lists", "列表")
TITLE = {
    "pairing": ("pairings", "结好关系"),
    "exchange": ("exchanges", "交流活动"),
    "programme": ("cooperation programmes", "合作项目"),
    "contact": ("contacts", "联系人"),
}
INSTRUCTION = (
    "TwinDesk import template: {what}. Fill in one record per row below the header (row 3), then "
    "import the file (File > Import, or twindesk import FILE). Row 2 is an example: it is not imported. "
    "The comment on each header says what goes there.",
    "TwinDesk 导入模板：{what}。请在表头（第 3 行）下方每行填写一条记录，然后导入本文件（文件 > 导入，"
    "或 twindesk import 文件）。第 2 行为示例，不会被导入。各列表头的批注说明应填写的内容。",
)
EXAMPLE = ("Example", "示例")
SEPARATOR = {"en": ", ", "zh": "、"}


@dataclass(frozen=True)
class Field:
    """One column of a template: the importer's field, its header and what goes in it."""

    name: str  # the importer's field (twindesk.core.spreadsheets.mapping)
    header: tuple[str, str]
    help: tuple[str, str]
    example: tuple[Any, Any] = ("", "")
    vocabulary: str | None = None  # a drop-down of this vocabulary's labels ("country": countries)
    strict: bool = True  # refuse values not in the drop-down (off for lists and countries)


DATE_HELP = (
    "A date: 1979-03-14, or 1979-03 or 1979 when only that much is known.",
    "日期：1979-03-14；只知年月或年份时写 1979-03 或 1979。",
)
COUNTRY_HELP = (
    "The partner's country, by name or ISO code (日本, Japan, JP); old names such as "
    "苏联 are understood.",
    "外方所在国家，可写名称或代码（日本、Japan、JP）；苏联等旧称也能识别。",
)
LOCAL_HELP = (
    "Your own city or province (the local side), as the register names it.",
    "本方（我方）城市或省份，按登记册中的名称填写。",
)
PARTNER_HELP = (
    "The foreign city or province of the pairing this record belongs to.",
    "本记录所属结好关系的外方城市或省份。",
)
FIELDS_HELP = (
    "Fields of cooperation, several separated by commas (pick from the list or type).",
    "合作领域，多个用顿号或逗号分隔（可从列表选择或直接输入）。",
)

FIELDS: dict[str, list[Field]] = {
    "pairing": [
        Field("local", ("Local place", "本方城市"), LOCAL_HELP, ("Shanghai", "上海")),
        Field(
            "partner_zh",
            ("Partner (Chinese)", "外方中文名"),
            ("The partner's name in Chinese.", "外方城市或省州的中文名称。"),
            ("横滨", "横滨"),
        ),
        Field(
            "partner_en",
            ("Partner (English)", "外方英文名"),
            (
                "The partner's name in English or romanised.",
                "外方城市或省州的英文（或拉丁字母）名称。",
            ),
            ("Yokohama", "Yokohama"),
        ),
        Field(
            "partner_native",
            ("Native name", "当地文字名"),
            (
                "The partner's name in its own script (Москва, 横浜), if any.",
                "外方名称的当地文字写法（如 Москва、横浜），可不填。",
            ),
            ("横浜", "横浜"),
        ),
        Field(
            "country", ("Country", "国家"), COUNTRY_HELP, ("Japan", "日本"), "country", strict=False
        ),
        Field(
            "kind",
            ("Kind", "关系类型"),
            (
                "Kind of relationship, from the list. Empty: sister / friendship city.",
                "关系类型，从列表中选择。不填则为友好城市。",
            ),
            ("@pairing_kind:sister_city",) * 2,
            "pairing_kind",
        ),
        Field(
            "level",
            ("Level", "层级"),
            (
                "Level of the two places, from the list. Empty: city – city.",
                "结好双方的层级，从列表中选择。不填则为市级。",
            ),
            ("@pairing_level:city",) * 2,
            "pairing_level",
        ),
        Field(
            "status",
            ("Status", "状态"),
            (
                "Current status, from the list. Empty: established.",
                "当前状态，从列表中选择。不填则为已建立。",
            ),
            ("@pairing_status:established",) * 2,
            "pairing_status",
        ),
        Field("established", ("Established", "结好日期"), DATE_HELP, (date(1973, 11, 30),) * 2),
        Field(
            "ended",
            ("Ended", "终止日期"),
            (
                "When the relationship ended, if it did. " + DATE_HELP[0],
                "关系终止的日期（如已终止）。" + DATE_HELP[1],
            ),
        ),
        Field(
            "end_reason",
            ("End reason", "终止原因"),
            ("Why it ended, if it did.", "终止的原因（如已终止）。"),
        ),
        Field(
            "signed_at_place",
            ("Signing place", "签约地点"),
            ("Where the agreement was signed.", "协议签署的地点。"),
            ("Yokohama", "横滨"),
        ),
        Field(
            "signed_at_event",
            ("Signing event", "签约场合"),
            ("At which visit or event it was signed.", "在何种访问或活动中签署。"),
        ),
        Field(
            "signatories", ("Signatories", "签约人"), ("Who signed, for each side.", "双方签约人。")
        ),
        Field(
            "agreement_ref",
            ("Agreement reference", "协议编号"),
            ("The agreement's number or file reference.", "协议编号或文号。"),
        ),
        Field(
            "source",
            ("Source", "来源"),
            ("Where this information comes from.", "信息来源。"),
            ("Shanghai Foreign Affairs Office", "上海市人民政府外事办公室"),
        ),
        Field(
            "source_url",
            ("Source URL", "来源网址"),
            ("A web address for the source, if any.", "来源的网址（如有）。"),
        ),
        Field(
            "source_checked",
            ("Source checked", "核实日期"),
            (
                "When the source was last checked. " + DATE_HELP[0],
                "最近核实来源的日期。" + DATE_HELP[1],
            ),
        ),
        Field("notes", ("Notes", "备注"), ("Anything else worth keeping.", "其他需要记录的内容。")),
    ],
    "exchange": [
        Field(
            "title_zh",
            ("Chinese title", "中文标题"),
            ("The exchange's name in Chinese.", "交流活动的中文名称。"),
            ("上海—横滨友好城市结好50周年交流会",) * 2,
        ),
        Field(
            "title_en",
            ("English title", "英文标题"),
            (
                "The exchange's name in English. Give at least one title.",
                "交流活动的英文名称。中英文标题至少填一个。",
            ),
            ("Shanghai–Yokohama 50th anniversary meeting",) * 2,
        ),
        Field(
            "exchange_type",
            ("Exchange type", "活动类型"),
            ("Kind of exchange, from the list.", "活动类型，从列表中选择。"),
            ("@exchange_type:forum",) * 2,
            "exchange_type",
        ),
        Field("start", ("Start date", "开始日期"), DATE_HELP, (date(2023, 11, 28),) * 2),
        Field(
            "end",
            ("End date", "结束日期"),
            (
                "The last day, if it lasted more than one. " + DATE_HELP[0],
                "最后一天（多日活动）。" + DATE_HELP[1],
            ),
            (date(2023, 11, 30),) * 2,
        ),
        Field("local", ("Local place", "本方城市"), LOCAL_HELP, ("Shanghai", "上海")),
        Field("partner", ("Partner place", "外方城市"), PARTNER_HELP, ("Yokohama", "横滨")),
        Field(
            "country", ("Country", "国家"), COUNTRY_HELP, ("Japan", "日本"), "country", strict=False
        ),
        Field(
            "participants",
            ("Participants", "参加人数"),
            ("How many people took part (a whole number).", "参加人数（整数）。"),
            (30, 30),
        ),
        Field(
            "venue",
            ("Venue", "地点"),
            ("Where it took place.", "活动举办地点。"),
            ("Yokohama", "横滨"),
        ),
        Field(
            "fields",
            ("Fields", "合作领域"),
            FIELDS_HELP,
            ("@cooperation_field:culture,trade",) * 2,
            "cooperation_field",
            strict=False,
        ),
        Field(
            "outcome",
            ("Outcome", "成果"),
            ("What came of it.", "活动成果。"),
            ("Memorandum on youth exchanges signed", "签署青少年交流备忘录"),
        ),
        Field(
            "programme",
            ("Under programme", "所属项目"),
            (
                "The title of the cooperation programme it belongs to, if any.",
                "所属合作项目的标题（如有）。",
            ),
        ),
        Field("notes", ("Notes", "备注"), ("Anything else worth keeping.", "其他需要记录的内容。")),
    ],
    "programme": [
        Field(
            "title_zh",
            ("Chinese title", "中文标题"),
            ("The programme's title in Chinese.", "合作项目的中文标题。"),
            ("上海市与横滨市2024—2026年友好交流合作计划",) * 2,
        ),
        Field(
            "title_en",
            ("English title", "英文标题"),
            (
                "The programme's title in English. Give at least one title.",
                "合作项目的英文标题。中英文标题至少填一个。",
            ),
            ("Shanghai–Yokohama cooperation plan 2024–2026",) * 2,
        ),
        Field("local", ("Local place", "本方城市"), LOCAL_HELP, ("Shanghai", "上海")),
        Field(
            "partner",
            ("Partner place", "外方城市"),
            (
                "The foreign city or province: the programme belongs to the register's pairing of the two "
                "places, which must exist.",
                "外方城市或省州：合作项目归属双方在登记册中已有的结好关系。",
            ),
            ("Yokohama", "横滨"),
        ),
        Field(
            "country", ("Country", "国家"), COUNTRY_HELP, ("Japan", "日本"), "country", strict=False
        ),
        Field("start", ("Start date", "开始日期"), DATE_HELP, (date(2024, 1, 1),) * 2),
        Field("end", ("End date", "结束日期"), DATE_HELP, (date(2026, 12, 31),) * 2),
        Field(
            "status",
            ("Status", "状态"),
            (
                "The programme's status, from the list. Empty: active.",
                "合作项目状态，从列表中选择。不填则为执行中。",
            ),
            ("@programme_status:active",) * 2,
            "programme_status",
        ),
        Field(
            "fields",
            ("Fields", "合作领域"),
            FIELDS_HELP,
            ("@cooperation_field:education,culture",) * 2,
            "cooperation_field",
            strict=False,
        ),
        Field(
            "description",
            ("Description", "项目内容"),
            ("What the programme covers.", "合作项目的主要内容。"),
            ("Youth exchanges; cooperation between the two ports", "青少年交流；两港合作"),
        ),
    ],
    "contact": [
        Field(
            "name_zh",
            ("Chinese name", "中文姓名"),
            ("The person's name in Chinese.", "联系人的中文姓名。"),
            ("山田太郎",) * 2,
        ),
        Field(
            "name_en",
            ("English name", "英文姓名"),
            (
                "The name in English or romanised. Give at least one name.",
                "英文（或拉丁字母）姓名。中英文姓名至少填一个。",
            ),
            ("Taro Yamada",) * 2,
        ),
        Field(
            "job_title",
            ("Job title", "职务"),
            ("Position or title.", "职务或头衔。"),
            ("Director, International Affairs", "国际交流课课长"),
        ),
        Field(
            "organisation",
            ("Organisation", "单位"),
            ("Where the person works.", "工作单位。"),
            ("City of Yokohama", "横滨市政府"),
        ),
        Field(
            "place",
            ("City", "所在城市"),
            (
                "The city the person is based in, as the register names it.",
                "联系人所在城市，按登记册中的名称填写。",
            ),
            ("Yokohama", "横滨"),
        ),
        Field(
            "country", ("Country", "国家"), COUNTRY_HELP, ("Japan", "日本"), "country", strict=False
        ),
        Field("local", ("Local place", "本方城市"), LOCAL_HELP, ("Shanghai", "上海")),
        Field(
            "partner",
            ("Partner place", "外方城市"),
            (
                "With Local place: the pairing this contact works on.",
                "与“本方城市”一起指明联系人负责的结好关系。",
            ),
            ("Yokohama", "横滨"),
        ),
        Field(
            "phone",
            ("Phone", "电话"),
            ("Telephone, with the country code.", "电话号码，含国家代码。"),
            ("+81 45 671 2111",) * 2,
        ),
        Field(
            "email",
            ("E-mail", "电子邮箱"),
            ("E-mail address.", "电子邮箱地址。"),
            ("t.yamada@example.jp",) * 2,
        ),
        Field(
            "language",
            ("Language", "工作语言"),
            ("Languages to use with this person.", "可使用的工作语言。"),
            ("Japanese, English", "日语、英语"),
        ),
        Field("notes", ("Notes", "备注"), ("Anything else worth keeping.", "其他需要记录的内容。")),
    ],
}


def _pick(pair: tuple[Any, Any], lang: str) -> Any:
    return pair[1] if lang == "zh" else pair[0]


def headers(target: str, lang: str) -> list[str]:
    return [_pick(f.header, lang) for f in FIELDS[target]]


def write_template(register: Register, target: str, out: Path | str, *, lang: str = "en") -> Path:
    """Write the blank import template for ``target`` to ``out`` (.xlsx)."""
    if target not in FIELDS:
        raise TwinDeskError("export.unknown_list", value=target, lists=", ".join(TARGETS))
    out = Path(out)
    check_suffix(out, (".xlsx",))
    fields = FIELDS[target]
    with register.connect() as conn:
        lists = _lists(conn, {f.vocabulary for f in fields if f.vocabulary}, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(_pick(SHEETS[target], lang))
    heads = headers(target, lang)
    example = [_example(f, lists, lang) for f in fields]

    ws.cell(row=1, column=1, value=_pick(INSTRUCTION, lang).format(what=_pick(TITLE[target], lang)))
    ws.cell(row=1, column=1).font = Font(bold=True, color="1F3A5F")
    grey = Font(italic=True, color="7F7F7F")
    for col, value in enumerate(example, start=1):
        cell = ws.cell(row=2, column=col)
        _put(cell, value)
        cell.font = grey
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
    for col, (f, text) in enumerate(zip(fields, heads, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font, cell.fill, cell.border, cell.alignment = (
            HEADER_FONT,
            HEADER_FILL,
            HEADER_BORDER,
            HEADER_ALIGN,
        )
        note = _pick(f.help, lang)
        if f.vocabulary and f.vocabulary != "country":
            note += "\n" + (
                "从下拉列表中选择。" if lang == "zh" else "Pick from the drop-down list."
            )
        example_text = _pick(EXAMPLE, lang)
        if example[col - 1] not in ("", None):
            shown = (
                example[col - 1].isoformat()
                if isinstance(example[col - 1], date)
                else example[col - 1]
            )
            note += f"\n{example_text}{'：' if lang == 'zh' else ': '}{shown}"
        cell.comment = Comment(note, "TwinDesk", width=300, height=120)
    for col, width in enumerate(column_widths(heads, [example]), start=1):
        ws.column_dimensions[get_column_letter(col)].width = max(width, 12)
    ws.row_dimensions[HEADER_ROW].height = 22
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(fields))}{HEADER_ROW}"
    _add_lists(wb, ws, fields, lists, lang)
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return out


def _lists(conn: Connection, vocabularies: set[str], lang: str) -> dict[str, list[tuple[str, str]]]:
    """(code, label in ``lang``) of each vocabulary the template offers, in the register's order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(vocabularies):
        if name == "country":
            name_col = Country.name_zh if lang == "zh" else Country.name_en
            rows = conn.execute(
                select(
                    sqlmodel.col(Country.code),
                    sqlmodel.col(Country.name_en),
                    sqlmodel.col(Country.name_zh),
                )
                .where(sqlmodel.col(Country.historic).is_(False))
                .order_by(name_col)
            ).all()
        else:
            model = VOCABULARIES[name]
            rows = conn.execute(
                select(
                    sqlmodel.col(model.code),
                    sqlmodel.col(model.label_en),
                    sqlmodel.col(model.label_zh),
                ).order_by(sqlmodel.col(model.sort_order), sqlmodel.col(model.code))
            ).all()
        out[name] = [(code, (zh or en) if lang == "zh" else (en or zh)) for code, en, zh in rows]
    return out


def _example(f: Field, lists: dict[str, list[tuple[str, str]]], lang: str) -> Any:
    """The example value in ``lang``; "@vocabulary:code,code" names terms by code."""
    value = _pick(f.example, lang)
    if isinstance(value, str) and value.startswith("@"):
        vocabulary, _, codes = value[1:].partition(":")
        labels = dict(lists.get(vocabulary, []))
        return SEPARATOR[lang].join(labels.get(code, code) for code in codes.split(","))
    return value


def _put(cell: Cell, value: Any) -> None:
    cell.value = value if value != "" else None
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # "+81 45 ..." is a phone number, not a formula
        cell.quotePrefix = True


def _add_lists(
    wb: Workbook,
    ws: Worksheet,
    fields: list[Field],
    lists: dict[str, list[tuple[str, str]]],
    lang: str,
) -> None:
    """The hidden sheet of drop-down values, and a validation per vocabulary column."""
    if not lists:
        return
    sheet = wb.create_sheet(sheet_title(_pick(LISTS, lang)))
    sheet.sheet_state = "hidden"
    where: dict[str, str] = {}
    for col, (name, items) in enumerate(sorted(lists.items()), start=1):
        letter = get_column_letter(col)
        sheet.cell(row=1, column=col, value=name)
        for row, (_code, label) in enumerate(items, start=2):
            sheet.cell(row=row, column=col, value=label)
        where[name] = f"'{sheet.title}'!${letter}$2:${letter}${len(items) + 1}"
    for col, f in enumerate(fields, start=1):
        if not f.vocabulary or f.vocabulary not in where:
            continue
        dv = DataValidation(
            type="list",
            formula1=where[f.vocabulary],
            allow_blank=True,
            showErrorMessage=f.strict,
            showDropDown=False,
        )
        if f.strict:
            dv.errorTitle = "TwinDesk"
            dv.error = "请从列表中选择。" if lang == "zh" else "Pick a value from the list."
        letter = get_column_letter(col)
        dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + DATA_ROWS}")
        ws.add_data_validation(dv)
