"""The whole register to one workbook and back: an identical register, or a clear refusal."""

from __future__ import annotations

import csv
import hashlib
import io
import random

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select, text

from bench.generate import generate
from tests.test_export import soffice_convert
from twindesk.core.errors import TwinDeskError
from twindesk.core.models import AuditEntry, Contact, Place
from twindesk.core.operations import attachments
from twindesk.core.search import search_key
from twindesk.core.spreadsheets import full_export
from twindesk.core.spreadsheets.export import ExportCancelled
from twindesk.core.spreadsheets.full_export import (
    FORMAT,
    export_register,
    exported_tables,
    restore_register,
)
from twindesk.core.storage import Register, open_register
from twindesk.core.storage.sqlite import is_text_index_table

LONG_NOTE = "友好城市 sister city\r\n" * 1500 + "bell\x07 _x0041_ 𠀀 =SUM(A1)\r" + "末" * 6000


def dump(register: Register) -> dict[str, list[tuple]]:
    """Every row of every table the register's content lives in, in key order, as the
    engine stores it (plain SQL: on SQLite the stored text, not values parsed from it)."""
    with register.connect() as conn:
        content = {
            n
            for n in register.seam.table_names(conn)
            if not n.startswith("sqlite_")
            and not is_text_index_table(n)
            and n not in ("alembic_version", "register_info")
        }
        exported = {t.name: t for t in exported_tables()}
        assert content == set(exported), "every table of the register is in the export"
        out = {}
        for name, t in exported.items():
            keys = ", ".join(c.name for c in t.primary_key.columns)
            out[name] = [
                tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}" ORDER BY {keys}'))
            ]
        return out


def assert_identical(original: Register, restored: Register) -> None:
    a, b = dump(original), dump(restored)
    for table in a:
        assert len(a[table]) == len(b[table]), table
        for row_a, row_b in zip(a[table], b[table], strict=True):
            assert row_a == row_b, table


@pytest.fixture
def awkward(demo):
    """The demo register plus the values a spreadsheet mangles unless encoded with care."""
    content = random.Random(5).randbytes(100_000)  # base64: 133,336 characters, five parts
    with demo.write() as s:
        attachments.attach(
            s, owner="pairing", owner_id=1, file_name="agreement scan.pdf", content=content
        )
    with demo.connect(write=True) as conn:
        conn.execute(
            Place.__table__.update()
            .where(Place.__table__.c.id == 1)
            .values(notes=LONG_NOTE, latitude=39.904200000000003, longitude=-0.1)
        )
        conn.execute(
            Contact.__table__.insert(),
            [
                {
                    "name_en": "=1+1",
                    "title": "@SUM(A1)",
                    "phone": "+86 10 6519 2000",
                    "notes": "\tx",
                    # as every write makes it (a restore makes it again from the name)
                    "search_text": search_key(["=1+1"]),
                }
            ],
        )
        conn.execute(
            AuditEntry.__table__.insert(),
            [
                {
                    "entity": "place",
                    "record_id": 1,
                    "action": "update",
                    "field": "notes",
                    "old_value": "",
                    "new_value": '""',
                },
                {
                    "entity": "place",
                    "record_id": 1,
                    "action": "update",
                    "field": "notes",
                    "old_value": '""""',
                    "new_value": None,
                },
            ],
        )
    return demo


def test_the_office_s_own_place_and_backup_policy_travel_with_the_export(demo, register, tmp_path):
    """register_info is the file's, but the office's own place and backup policy are the
    office's: a register restored from the export has them back."""
    from twindesk.core import backups, places

    with demo.read() as s:
        kept = s.exec(select(Place.id).where(Place.name_zh == "武汉")).scalars().first() or 2
    places.set_own_place(demo, kept)
    backups.set_policy(demo, backups.BackupPolicy(recent=3, daily=2, weekly=1, monthly=6))
    out = tmp_path / "all.xlsx"
    export_register(demo, out, lang="en")
    about = full_export.read_about(CalamineWorkbook.from_path(str(out)))
    assert int(float(about["setting.own_place"])) == kept
    restored = register  # a new register on the same engine
    assert places.own_place(restored) is None
    restore_register(restored, out)
    assert places.own_place(restored) == kept
    assert backups.policy_of(restored) == backups.BackupPolicy(3, 2, 1, 6)


def test_demo_register_round_trip_is_identical(awkward, register, tmp_path):
    out = tmp_path / "全部.xlsx"
    progress = []
    result = export_register(awkward, out, lang="zh", progress=lambda d, t: progress.append((d, t)))
    assert progress[-1][0] == progress[-1][1] == result.rows
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names[:3] == ["说明", "结好关系", "地点"] and "长文本" in book.sheet_names
    about = book.get_sheet_by_name("说明").to_python()
    assert about[0][:2] == ["format", FORMAT]
    long_rows = book.get_sheet_by_name("长文本").to_python()
    assert [r[3] for r in long_rows if r[0] == "document" and r[1] == "2"] == [1, 2, 3, 4, 5]
    assert any(r[0] == "place" and r[2] == "notes" for r in long_rows)

    restored = restore_register(register, out)  # a new register on the same engine
    assert restored.rows == result.rows
    assert_identical(awkward, register)
    with register.read() as s:
        (tmp_path / "saved").mkdir()
        saved = attachments.save_as(s, 2, tmp_path / "saved")
    assert (
        hashlib.sha256(saved.read_bytes()).hexdigest()
        == hashlib.sha256(random.Random(5).randbytes(100_000)).hexdigest()
    )


def test_generated_register_round_trip_is_identical(tmp_path):
    source = tmp_path / "generated.sqlite3"
    generate(source, 1_000, seed=0)
    out = tmp_path / "generated.xlsx"
    with open_register(source, read_only=True) as register:
        export_register(register, out)
    with (
        open_register(tmp_path / "restored.sqlite3", create=True) as fresh,
        open_register(source, read_only=True) as original,
    ):
        restore_register(fresh, out)
        assert_identical(original, fresh)


def test_long_tables_continue_on_more_sheets(demo, register, tmp_path, monkeypatch):
    monkeypatch.setattr(full_export, "MAX_SHEET_ROWS", 10)
    out = tmp_path / "split.xlsx"
    export_register(demo, out)
    names = CalamineWorkbook.from_path(str(out)).sheet_names
    assert {"Pairings", "Pairings (2)", "Pairings (3)"} <= set(names)
    assert (
        len(CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Pairings (3)").to_python())
        == 10
    )
    restore_register(register, out)
    assert_identical(demo, register)


@pytest.mark.sqlite_only("LibreOffice reading the file is tested, not the engine (6 s more)")
def test_workbook_opens_in_libreoffice_and_looks_finished(demo, tmp_path):
    out = tmp_path / "register.xlsx"
    export_register(demo, out, lang="en")
    ws = load_workbook(out)["Pairings"]
    assert (
        ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:U30"
    )  # 21 columns, with the country at signing
    assert all(c.font.b for c in ws[1]) and ws["D1"].value == "id"
    assert ws["D1"].comment is not None and "other sheets refer" in ws["D1"].comment.text
    assert "Places" in ws["E1"].comment.text  # place_a_id: "a row on the sheet Places"
    established = [row[9] for row in ws.iter_rows(min_row=2) if row[9].value]
    assert any(c.is_date for c in established) and any(c.data_type == "s" for c in established)
    converted = soffice_convert(out, tmp_path / "lo", "csv")
    first = next(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    assert first[:2] == ["format", FORMAT]


# --------------------------------------------------------------------------- refusals
def test_restore_refuses_a_register_with_records(demo, tmp_path):
    out = tmp_path / "all.xlsx"
    export_register(demo, out)
    before = dump(demo)
    with pytest.raises(TwinDeskError) as err:
        restore_register(demo, out)
    assert err.value.code == "restore.not_empty"
    assert "Pairings: 29" in err.value.message("en") and "结好关系 29" in err.value.message("zh")
    assert dump(demo) == before


def test_restore_refuses_a_changed_workbook_and_writes_nothing(demo, register, tmp_path):
    out = tmp_path / "all.xlsx"
    export_register(demo, out)
    wb = load_workbook(out)
    wb["Exchanges"].delete_rows(5)
    wb.save(tmp_path / "short.xlsx")
    wb = load_workbook(out)
    wb["Pairings"]["E2"] = 99_999  # a pairing's local place that does not exist
    wb.save(tmp_path / "broken.xlsx")
    empty = dump(register)
    with pytest.raises(TwinDeskError) as err:
        restore_register(register, tmp_path / "short.xlsx")
    assert err.value.code == "restore.row_count" and "Exchanges" in err.value.message("en")
    with pytest.raises(TwinDeskError) as err:
        restore_register(register, tmp_path / "broken.xlsx")
    assert err.value.code == "restore.broken_link"
    assert "pairing row 1 refers to a missing place row" in err.value.message("en")
    assert dump(register) == empty


def test_restore_refuses_what_is_not_a_full_export(register, tmp_path):
    from openpyxl import Workbook

    ordinary = tmp_path / "friends.xlsx"
    wb = Workbook()
    wb.active.append(["外方城市", "国家"])
    wb.save(ordinary)
    plain = tmp_path / "friends.csv"
    plain.write_text("外方城市,国家\n", encoding="utf-8")
    for path in (ordinary, plain):
        with pytest.raises(TwinDeskError) as err:
            restore_register(register, path)
        assert err.value.code == "restore.not_full_export"
        assert "不是 TwinDesk 整体导出文件" in err.value.message("zh")


def test_cancelled_full_export_leaves_nothing(demo, tmp_path):
    calls = []
    with pytest.raises(ExportCancelled):
        export_register(
            demo,
            tmp_path / "all.xlsx",
            progress=lambda d, t: calls.append(d),
            cancelled=lambda: len(calls) > 3,
        )
    assert not any(p.suffix in (".xlsx", ".part") for p in tmp_path.iterdir())


def test_cancelled_restore_leaves_the_register_empty(demo, register, tmp_path):
    out = tmp_path / "all.xlsx"
    export_register(demo, out)
    calls = []
    empty = dump(register)
    with pytest.raises(TwinDeskError) as err:
        restore_register(
            register, out, progress=lambda d, t: calls.append(d), cancelled=lambda: len(calls) > 2
        )
    assert err.value.code == "restore.cancelled"
    assert dump(register) == empty
