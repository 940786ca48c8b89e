"""The command line, run as a clerk would run it: a real process on real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def twindesk(
    *args: str, env_extra: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "twindesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_init_creates_the_default_register_in_the_data_folder(isolated_dirs):
    result = twindesk("init")
    default = Path(os.environ["TWINDESK_DATA_DIR"]) / "register.sqlite3"
    assert result.returncode == 0, result.stderr
    assert str(default) in result.stdout and default.exists()
    again = twindesk("init")
    assert again.returncode == 0 and "up to date" in again.stdout


def test_demo_then_check(tmp_path):
    db = tmp_path / "demo.sqlite3"
    built = twindesk("demo", "--db", str(db))
    assert built.returncode == 0, built.stderr
    assert "29 pairings" in built.stdout
    refused = twindesk("demo", "--db", str(db))
    assert refused.returncode == 2 and "--replace" in refused.stdout
    checked = twindesk("--lang", "zh", "check", "--db", str(db))
    assert checked.returncode == 0, checked.stderr
    assert "未发现问题" in checked.stdout and "29 个结好关系" in checked.stdout


def test_check_reports_rule_breaks_with_exit_1(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert twindesk("demo", "--db", str(db)).returncode == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE pairing SET ended = '1970' WHERE id = 1")  # before its 1979 start
    con.execute("UPDATE exchange SET start = 'soon' WHERE id = 1")
    # A second current pairing of the same two places, sides swapped: only SQL can write it.
    columns = [r[1] for r in con.execute("PRAGMA table_info(pairing)") if r[1] != "id"]
    swapped = [{"place_a_id": "place_b_id", "place_b_id": "place_a_id"}.get(c, c) for c in columns]
    con.execute(
        f"INSERT INTO pairing ({', '.join(columns)}) "
        f"SELECT {', '.join(swapped)} FROM pairing WHERE id = 2"
    )
    con.commit()
    con.close()
    result = twindesk("check", "--db", str(db))
    assert result.returncode == 1
    assert "Pairing #1: Ended (1970) is before Established (1979-03)." in result.stdout
    assert "Exchange #1: Start: “soon” is not a date." in result.stdout
    assert "Pairing #30: " in result.stdout and "pairing #2" in result.stdout
    assert "3 problems found" in result.stdout


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "not a TwinDesk register"),
        (b"PK\x03\x04 this is a spreadsheet, not a register", "not a TwinDesk register"),
    ],
)
def test_check_on_a_wrong_file_says_so_without_traceback(tmp_path, content, expected):
    path = tmp_path / "wrong.sqlite3"
    path.write_bytes(content)
    result = twindesk("check", "--db", str(path))
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_missing_register_in_chinese(tmp_path):
    result = twindesk(
        "check", "--db", str(tmp_path / "none.sqlite3"), env_extra={"LANG": "zh_CN.UTF-8"}
    )
    assert result.returncode == 2 and "不存在" in result.stderr


def test_version_and_help():
    assert twindesk("--version").stdout.startswith("TwinDesk ")
    helptext = twindesk("--help").stdout
    assert all(word in helptext for word in ("init", "demo", "check"))


def pairing_count(db) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM pairing").fetchone()[0]
    finally:
        con.close()


def notes(db) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT notes FROM pairing ORDER BY id")]
    finally:
        con.close()


def test_backup_list_and_restore_latest(tmp_path):
    db = tmp_path / "office.sqlite3"
    assert twindesk("demo", "--db", str(db)).returncode == 0
    made = twindesk("backup", "--db", str(db))
    assert made.returncode == 0, made.stderr
    from twindesk.core.backups import opened_copy

    backup = Path(made.stdout.strip().split(" to ")[1].rstrip("."))
    assert backup.exists() and backup.suffix == ".zst"
    with opened_copy(backup) as plain:
        assert pairing_count(plain) == 29
        before = notes(plain)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM audit_entry")
    con.execute("UPDATE pairing SET notes = 'overwritten by mistake'")
    con.commit()
    con.close()
    listed = twindesk("--lang", "zh", "restore", "--list", "--db", str(db))
    assert listed.returncode == 0 and backup.name in listed.stdout and "手动备份" in listed.stdout
    restored = twindesk("restore", "--latest", "--db", str(db))
    assert restored.returncode == 0, restored.stderr
    assert notes(db) == before and "overwritten by mistake" not in notes(db)
    assert "before-restore" in restored.stdout  # what it replaced was kept
    assert twindesk("check", "--db", str(db)).returncode == 0


def test_damaged_register_names_the_way_out(tmp_path):
    db = tmp_path / "office.sqlite3"
    assert twindesk("demo", "--db", str(db)).returncode == 0
    assert twindesk("backup", "--db", str(db)).returncode == 0
    data = bytearray(db.read_bytes())
    data[8192:] = bytes((i * 13 + 5) % 241 for i in range(len(data) - 8192))
    db.write_bytes(bytes(data))
    refused = twindesk("backup", "--db", str(db))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "damaged" in refused.stderr and "twindesk restore --latest" in refused.stderr
    assert twindesk("restore", "--latest", "--db", str(db)).returncode == 0
    assert twindesk("check", "--db", str(db)).returncode == 0


def test_import_local_side_not_in_the_register(tmp_path):
    """--local naming no place: a message and exit 2, the register as it was; a new
    local place only with --create-local."""
    from openpyxl import Workbook

    from twindesk.core.operations import create
    from twindesk.core.storage import open_register

    db = tmp_path / "office.sqlite3"
    with open_register(db, create=True) as register, register.write() as s:
        create(s, "place", {"name_en": "Beijing", "name_zh": "北京", "country_code": "CN"})
    book = tmp_path / "list.xlsx"
    wb = Workbook()
    for row in (["外方城市", "国家", "结好日期"], ["莫斯科", "俄罗斯", "1995"]):
        wb.active.append(row)
    wb.save(book)

    def table(name: str) -> list[tuple]:
        con = sqlite3.connect(db)
        try:
            columns = "id, name_en, name_zh, country_code" if name == "place" else "*"
            return con.execute(f"SELECT {columns} FROM {name} ORDER BY id").fetchall()
        finally:
            con.close()

    before = {t: table(t) for t in ("place", "pairing", "import_batch")}
    by_id = twindesk("import", str(book), "--db", str(db), "--local", "99999")
    assert by_id.returncode == 2 and "Traceback" not in by_id.stderr
    assert "Place #99999 (the local side) does not exist." in by_id.stderr
    typo = twindesk("import", str(book), "--db", str(db), "--local", "Pekin")
    assert typo.returncode == 2 and "Did you mean: Beijing 北京?" in typo.stderr
    assert "--create-local" in typo.stderr
    assert {t: table(t) for t in before} == before
    made = twindesk("import", str(book), "--db", str(db), "--local", "Pekin", "--create-local")
    assert made.returncode == 0, made.stderr + made.stdout
    assert [r[1:] for r in table("place")] == [
        ("Beijing", "北京", "CN"),
        ("Pekin", "", "CN"),
        ("Moscow", "莫斯科", "RU"),
    ]  # English from the gazetteer
    known = twindesk("import", str(book), "--db", str(db), "--local", "北京")
    assert known.returncode == 0 and "1 to add" in known.stdout


def register_dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _truncated_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["外方城市", "国家"])
    wb.active.append(["Lyon", "France"])
    wb.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a download cut short: no zip directory


def _header_of_16384_columns(path: Path) -> None:
    from tests.test_hostile_files import inline, raw_xlsx
    from twindesk.core.spreadsheets.layout import column_letter

    cells = "".join(inline(f"{column_letter(c)}1", f"Column {c + 1}") for c in range(16384))
    raw_xlsx(path, f'<row r="1">{cells}</row>', dimension='<dimension ref="A1:XFD1"/>')


# file name, how to make it, what the message says in English and in Chinese
UNREADABLE = {
    "truncated": ("partners.xlsx", _truncated_xlsx, "is damaged or incomplete", "已损坏或不完整"),
    "not a zip": (
        "partners.xlsx",
        lambda p: p.write_bytes(bytes(range(256)) * 40),
        "is damaged or incomplete",
        "已损坏或不完整",
    ),
    "NUL in a CSV": (
        "partners.csv",
        lambda p: p.write_bytes(b"Partner,Country\nLyon\x00,France\n"),
        "contains binary data",
        "含有二进制数据",
    ),
    "16384 columns, no data": (
        "wide.xlsx",
        _header_of_16384_columns,
        "has no data rows",
        "没有数据行",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", list(UNREADABLE))
def test_import_of_an_unreadable_file_says_why_and_exits_2(tmp_path, case, lang):
    name, make, en, zh = UNREADABLE[case]
    db = tmp_path / "office.sqlite3"
    assert twindesk("init", "--db", str(db)).returncode == 0
    before = register_dump(db)
    path = tmp_path / name
    make(path)
    # timeout=30 s, not 120: the 16,384 empty columns were once laid out for 7 s first.
    result = twindesk(
        "--lang", lang, "import", str(path), "--db", str(db), "--local", "Wuhan", timeout=30
    )
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert (en if lang == "en" else zh) in result.stderr, result.stderr
    assert path.name in result.stderr and "Traceback" not in result.stderr
    assert register_dump(db) == before


def test_reading_commands_bring_an_older_register_up_to_date_first(tmp_path):
    """A register made by the TwinDesk before (schema 0007: exchanges without a leader's
    level) gives its report, export and check, upgraded first and backed up as the window
    would, instead of a traceback about a missing column."""
    from alembic import command

    from twindesk.core.backups import list_backups
    from twindesk.core.storage import migrations, open_register
    from twindesk.core.storage.sqlite import migration_connection

    db = tmp_path / "old.sqlite3"
    assert twindesk("demo", "--db", str(db)).returncode == 0
    with open_register(db) as register, migration_connection(register.engine) as conn:
        command.downgrade(migrations.alembic_config(conn), "0007")
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        assert "leader_level" not in [r[1] for r in con.execute("PRAGMA table_info(exchange)")]

    result = twindesk(
        "report",
        "annual",
        "--year",
        "2021",
        "--db",
        str(db),
        "--lang",
        "en",
        "-o",
        str(tmp_path / "annual.pdf"),
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "annual.pdf").stat().st_size > 0 and "Traceback" not in result.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrations.HEAD,
        )
    assert any(b.reason == "before-upgrade-0007" for b in list_backups(db))
    for args in (["export", "exchanges", "-o", str(tmp_path / "x.csv")], ["check"]):
        result = twindesk(*args, "--db", str(db), "--lang", "en")
        assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_leaves_a_month_it_cannot_read_to_the_clerk(tmp_path):
    """1993.10 saved by LibreOffice as the number 1993.1: the command line cannot ask, so the
    row waits with the way out said; nothing is written as January."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["本方城市", "外方城市", "外文名称", "所在国家", "结好时间"])
    sheet.append(["上海", "海法", "Haifa", "以色列", 1993.1])  # a number cell, as saved
    sheet.append(["上海", "汉堡", "Hamburg", "德国", 1986.5])
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    db = tmp_path / "register.sqlite3"
    result = twindesk(
        "--lang", "zh", "import", str(path), "--db", str(db), "--create-local", "--create-places"
    )
    assert result.returncode == 1, result.stderr  # a row rejected, the rest imported
    assert "1993.1 以数字形式录入" in result.stdout and "导入窗口" in result.stdout
    assert "1993-10" in result.stdout  # the way out: the date written as text
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT p.name_en, x.established FROM pairing x JOIN place p ON p.id = x.place_b_id"
    ).fetchall()
    con.close()
    assert rows == [("Hamburg", "1986-05")]


def test_a_list_naming_no_local_side_is_refused_once_with_its_title_s_place(tmp_path):
    """A city's list of its partners: the title names the city, no column does. The command
    refuses once (not on each row), names the way out, and suggests the title's place
    without taking it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["武汉市国际友好城市一览表（截至2025年12月）"])
    sheet.append(["序号", "友好城市", "所在国家", "结好日期"])
    sheet.append([1, "大分市", "日本", "1979年9月7日"])
    sheet.append([2, "杜伊斯堡市", "德国", "1982"])
    path = tmp_path / "wuhan.xlsx"
    book.save(path)
    db = tmp_path / "register.sqlite3"
    result = twindesk("--lang", "zh", "import", str(path), "--db", str(db))
    assert result.returncode == 2, result.stderr
    assert result.stdout.count("未注明") == 1 and "未导入任何内容" in result.stdout
    assert "--local 武汉市" in result.stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM pairing").fetchone() == (0,)
    con.close()
    taken = twindesk(
        "import",
        str(path),
        "--db",
        str(db),
        "--local",
        "武汉市",
        "--create-local",
        "--create-places",
    )
    assert taken.returncode == 0, taken.stdout + taken.stderr
