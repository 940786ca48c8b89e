"""Blank import templates: recognised headers, notes, drop-downs; filled in, they import cleanly."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.test_export import soffice_convert
from twindesk.core.models import (
    Contact,
    ContactPairing,
    Exchange,
    ExchangeField,
    ExchangePairing,
    Pairing,
    Place,
    Programme,
    ProgrammeField,
)
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
from twindesk.core.spreadsheets.mapping import suggest
from twindesk.core.spreadsheets.templates import (
    FIELDS,
    LISTS,
    SHEETS,
    TARGETS,
    headers,
    write_template,
)


def pick(pair, lang):
    return pair[1] if lang == "zh" else pair[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_templates_are_recognised_documented_and_offer_lists(register, tmp_path, lang):
    for target in TARGETS:
        path = write_template(register, target, tmp_path / f"{target}.xlsx", lang=lang)
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        assert ws.title == pick(SHEETS[target], lang)
        heads = [c.value for c in ws[3]]
        assert heads == headers(target, lang)
        # The importer's own synonyms map every header to the intended field.
        mapping = suggest(heads)
        assert mapping.target == target
        assert [mapping.columns.get(i) for i in range(len(heads))] == [
            f.name for f in FIELDS[target]
        ]
        assert all(c.font.b and c.comment is not None and len(c.comment.text) > 4 for c in ws[3])
        assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:")
        assert all(
            c.font.i for c in ws[2] if c.value is not None
        )  # the example row, in grey italics
        lists = wb[pick(LISTS, lang)]
        assert lists.sheet_state == "hidden"
        by_column = {
            str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
            for dv in ws.data_validations.dataValidation
        }
        for col, field in enumerate(FIELDS[target], start=1):
            letter = ws.cell(row=3, column=col).column_letter
            if field.vocabulary is None:
                assert letter not in by_column
                continue
            dv = by_column[letter]
            assert dv.type == "list" and dv.formula1.startswith(f"'{lists.title}'!$")
            assert str(dv.sqref) == f"{letter}4:{letter}2003"
            assert bool(dv.showErrorMessage) == field.strict
            listed = [
                c.value
                for c in lists[dv.formula1.split("!")[1].replace("$", "").split(":")[0][0]][1:]
                if c.value
            ]
            example = ws.cell(row=2, column=col).value
            assert example.split("、" if lang == "zh" else ", ")[0] in listed


def fill(path, rows: list[list]) -> None:
    """What a clerk does: type rows under the header and save."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)


def import_file(register, path):
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
        problems = [p.message() for p in plan.problems if p.severity == "error"]
        assert problems == [] and plan.counts()["reject"] == 0, problems
        imp.commit(plan, operator="clerk")
        return plan


ROWS = {
    "zh": {
        "pairing": [
            [
                "上海",
                "横滨",
                "Yokohama",
                "横浜",
                "日本",
                "友好城市",
                "市级",
                "已建立",
                date(1973, 11, 30),
                None,
                None,
                "横滨",
                "田中市长访华",
                "汪道涵；飞鸟田一雄",
                "沪外(1973)12号",
                "上海市外办",
                None,
                "2024-05",
                "首个中日友城",
            ],
            [
                "上海",
                "汉堡",
                "Hamburg",
                None,
                "德国",
                "友好城市",
                "市级",
                "已建立",
                "1986-05",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
        ],
        "programme": [
            [
                "上海市与横滨市2024—2026年友好交流合作计划",
                None,
                "上海",
                "横滨",
                "日本",
                date(2024, 1, 1),
                date(2026, 12, 31),
                "执行中",
                "教育、文化",
                "青少年交流",
            ]
        ],
        "exchange": [
            [
                "上海—横滨结好50周年交流会",
                "Shanghai–Yokohama 50th anniversary",
                "论坛或会议",
                date(2023, 11, 28),
                date(2023, 11, 30),
                "上海",
                "横滨",
                "日本",
                30,
                "横滨",
                "文化、贸易",
                "签署备忘录",
                "上海市与横滨市2024—2026年友好交流合作计划",
                None,
            ]
        ],
        "contact": [
            [
                "山田太郎",
                "Taro Yamada",
                "国际交流课课长",
                "横滨市政府",
                "横滨",
                "日本",
                "上海",
                "横滨",
                "+81 45 671 2111",
                "t.yamada@example.jp",
                "日语、英语",
                None,
            ]
        ],
    },
    "en": {
        "pairing": [
            [
                "Shanghai",
                "横滨",
                "Yokohama",
                "横浜",
                "Japan",
                "Sister / friendship city",
                "City – city",
                "Established",
                date(1973, 11, 30),
                None,
                None,
                "Yokohama",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
            [
                "Shanghai",
                "汉堡",
                "Hamburg",
                None,
                "Germany",
                "Friendly exchange relationship",
                "City – city",
                "Dormant",
                "1986",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
        ],
        "programme": [
            [
                None,
                "Shanghai–Yokohama plan 2024–2026",
                "Shanghai",
                "Yokohama",
                "Japan",
                datetime(2024, 1, 1),
                "2026-12",
                "Active",
                "Education, Culture",
                "Youth",
            ]
        ],
        "exchange": [
            [
                None,
                "Youth football week",
                "Sports event",
                date(2024, 8, 1),
                None,
                "Shanghai",
                "Yokohama",
                "Japan",
                45,
                "Shanghai",
                "Sports, Youth",
                None,
                "Shanghai–Yokohama plan 2024–2026",
                "- very good",
            ]
        ],
        "contact": [
            [
                None,
                "Anna Schmidt",
                "Head of Protocol",
                "City of Hamburg",
                "Hamburg",
                "Germany",
                "Shanghai",
                "Hamburg",
                "+49 40 428 310",
                "anna.schmidt@example.de",
                "German",
                None,
            ]
        ],
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filled_templates_import_cleanly(register, tmp_path, lang):
    for target in ("pairing", "programme", "exchange", "contact"):
        path = write_template(register, target, tmp_path / f"{target}-{lang}.xlsx", lang=lang)
        fill(path, ROWS[lang][target])
        plan = import_file(register, path)
        assert plan.target == target and plan.counts()["insert"] == len(ROWS[lang][target])
    with register.connect() as conn:
        b = Place.__table__.alias("b")
        pairings = conn.execute(
            select(
                b.c.name_en,
                Pairing.kind,
                Pairing.status,
                Pairing.established,
                Pairing.source_checked,
            )
            .join(b, b.c.id == Pairing.place_b_id)
            .order_by(Pairing.id)
        ).all()
        programme = conn.execute(select(Programme)).one()
        exchange = conn.execute(select(Exchange)).one()
        contact = conn.execute(select(Contact)).one()
        assert len(conn.execute(select(ProgrammeField)).all()) == 2
        assert len(conn.execute(select(ExchangeField)).all()) == 2
        assert conn.execute(select(ExchangePairing.pairing_id)).scalar_one() == 1
        assert conn.execute(select(ContactPairing.pairing_id)).scalar_one() == (
            1 if lang == "zh" else 2
        )
    assert pairings[0][:4] == ("Yokohama", "sister_city", "established", "1973-11-30")
    if lang == "zh":
        assert pairings[1] == ("Hamburg", "sister_city", "established", "1986-05", "")
        assert pairings[0][4] == "2024-05"
        assert (programme.start, programme.end, programme.status) == (
            "2024-01-01",
            "2026-12-31",
            "active",
        )
        assert exchange.programme_id == programme.id and exchange.participants == 30
        assert (contact.name_zh, contact.title, contact.phone) == (
            "山田太郎",
            "国际交流课课长",
            "+81 45 671 2111",
        )
    else:
        assert pairings[1] == ("Hamburg", "friendly_exchange", "dormant", "1986", "")
        assert (programme.start, programme.end) == ("2024-01-01", "2026-12")
        assert exchange.exchange_type == "sports_event" and exchange.notes == "- very good"
        assert (contact.name_en, contact.phone) == ("Anna Schmidt", "+49 40 428 310")


def test_the_example_row_is_never_imported(register, tmp_path):
    path = write_template(register, "pairing", tmp_path / "untouched.xlsx", lang="zh")
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
    assert plan.layout.header_rows == [2] and plan.rows == []


@pytest.mark.sqlite_only("LibreOffice reading the file is tested, not the engine (8 s more)")
def test_template_opens_in_libreoffice(register, tmp_path):
    path = write_template(register, "exchange", tmp_path / "交流活动模板.xlsx", lang="zh")
    converted = soffice_convert(path, tmp_path / "lo", "csv")
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    assert rows[2] == headers("exchange", "zh")
    assert rows[1][3] == "2023-11-28" and rows[0][0].startswith("TwinDesk 导入模板")
