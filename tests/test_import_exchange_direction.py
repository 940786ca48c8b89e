"""An office's list of exchanges says which way each delegation went and its leader's rank
(来访/出访, 团长级别): the import reads both, as the exchange form records them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from twindesk.core.models import Exchange
from twindesk.core.operations import create
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport


def sheet(path: Path, header: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "2023年外事活动"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def exchanges(register) -> list[tuple]:
    t = Exchange.__table__
    with register.connect() as conn:
        q = select(t.c.title_zh, t.c.exchange_type, t.c.direction, t.c.leader_level)
        return [tuple(r) for r in conn.execute(q.order_by(t.c.id))]


def check(register, path: Path):
    with SpreadsheetImport(register, path) as imp:
        return imp.validate(ImportOptions())


def test_direction_and_leader_level_columns_are_read(register, tmp_path):
    with register.write() as s:
        wuhan = create(s, "place", {"name_en": "Wuhan", "name_zh": "武汉", "country_code": "CN"})
        bordeaux = create(
            s, "place", {"name_en": "Bordeaux", "name_zh": "波尔多", "country_code": "FR"}
        )
        create(
            s, "pairing", {"place_a_id": wuhan.id, "place_b_id": bordeaux.id, "kind": "sister_city"}
        )
    path = sheet(
        tmp_path / "活动.xlsx",
        ["活动名称", "日期", "来访/出访", "团长级别", "参加人数", "地点", "外方城市"],
        [
            ["波尔多市长率团访问武汉", "2023-05-10", "来访", "厅局级", 12, "武汉", "波尔多"],
            ["武汉市代表团访问波尔多", "2023-09-18", "出访", "省部级", 8, "波尔多", "波尔多"],
            ["中法城市合作视频会议", "2023-11-02", "线上", "", 30, "", "波尔多"],
            ["友城青年论坛", "2023-12-01", "", "", 50, "武汉", "波尔多"],
        ],
    )
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
        assert plan.target == "exchange"
        assert plan.mapping.columns[2] == "direction" and plan.mapping.columns[3] == "leader_level"
        assert not [p for p in plan.problems if p.severity == "error"]
        imp.commit(plan, operator="tester")
    assert [row[2:] for row in exchanges(register)] == [
        ("incoming", "bureau"),
        ("outgoing", "ministerial"),
        ("online", ""),
        ("", ""),  # the sheet does not say, and a forum's type does not either
    ]


def test_a_word_that_is_no_direction_is_refused_not_guessed(register, tmp_path):
    path = sheet(
        tmp_path / "活动.xlsx",
        ["活动名称", "日期", "方向", "团长级别", "友城"],
        [
            ["经贸洽谈会", "2023-05-10", "往返", "省部级", "波尔多"],
            ["文化周", "2023-06-01", "来访", "部长", "波尔多"],
        ],
    )
    plan = check(register, path)
    errors = [(p.row, p.code, p.value) for p in plan.problems if p.severity == "error"]
    assert errors == [
        (2, "import.value.unknown_term", "往返"),
        (3, "import.value.unknown_term", "部长"),
    ]
    assert exchanges(register) == []


def test_a_delegation_type_gives_the_direction_when_the_sheet_has_no_column(register, tmp_path):
    path = sheet(
        tmp_path / "activities.xlsx",
        ["Title", "Type", "Date", "Delegation level", "Partner city"],
        [
            ["Mayor of Kobe visits", "Incoming delegation", "2023-04-01", "Bureau", "Kobe"],
            ["Our delegation to Kobe", "Outgoing delegation", "2023-10-01", "national", "Kobe"],
        ],
    )
    with SpreadsheetImport(register, path) as imp:
        # "Type", "Date", "Partner city" would fit a list of pairings as well: the clerk
        # says these are exchanges (the wizard's first question).
        plan = imp.validate(ImportOptions(target="exchange"))
        assert not [p for p in plan.problems if p.severity == "error"]
        imp.commit(plan, operator="tester")
    assert [row[1:] for row in exchanges(register)] == [
        ("delegation_in", "incoming", "bureau"),
        ("delegation_out", "outgoing", "national"),
    ]


def test_a_partner_the_register_lacks_stays_in_the_exchange_s_notes(register, tmp_path):
    """Not linked (no such place yet), but the partner city and its country are kept."""
    path = sheet(
        tmp_path / "活动.xlsx",
        ["活动名称", "时间", "出访/来访", "对方城市", "国别", "人数"],
        [["青岛市政府代表团访问大邱", "2019年9月", "出访", "大邱", "韩国", 8]],
    )
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
        assert [p.code for p in plan.problems if p.severity == "warning"] == [
            "import.value.partial_date",
            "import.value.place_not_found",
        ]
        imp.commit(plan, operator="tester")
    with register.connect() as conn:
        notes = conn.execute(select(Exchange.__table__.c.notes)).scalar_one()
    assert "对方城市: 大邱" in notes and "国别: 韩国" in notes
