"""The command line, run as a clerk would run it: a real process on real files."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def twindesk(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "twindesk", *args], capture_output=True,
                          text=True, env=env, timeout=120)


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
    con.execute(f"INSERT INTO pairing ({', '.join(columns)}) "
                f"SELECT {', '.join(swapped)} FROM pairing WHERE id = 2")
    con.commit()
    con.close()
    result = twindesk("check", "--db", str(db))
    assert result.returncode == 1
    assert "Pairing #1: Ended (1970) is before Established (1979-03)." in result.stdout
    assert "Exchange #1: Start: “soon” is not a date." in result.stdout
    assert "Pairing #30: " in result.stdout and "pairing #2" in result.stdout
    assert "3 problems found" in result.stdout


@pytest.mark.parametrize("content,expected", [
    (b"", "not a TwinDesk register"),
    (b"PK\x03\x04 this is a spreadsheet, not a register", "not a TwinDesk register"),
])
def test_check_on_a_wrong_file_says_so_without_traceback(tmp_path, content, expected):
    path = tmp_path / "wrong.sqlite3"
    path.write_bytes(content)
    result = twindesk("check", "--db", str(path))
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_missing_register_in_chinese(tmp_path):
    result = twindesk("check", "--db", str(tmp_path / "none.sqlite3"), env_extra={"LANG": "zh_CN.UTF-8"})
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
    assert backup.exists() and backup.suffix == ".gz"
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
