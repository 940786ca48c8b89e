"""Backups: verified copies, rotation, the daily backup, and restore."""
from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from twindesk.core import backups
from twindesk.core import operations as ops
from twindesk.core.errors import StorageError
from twindesk.core.models import Place
from twindesk.core.storage import open_register


def place_names(path) -> list[str]:
    with open_register(path, read_only=True) as reg, reg.read() as s:
        return sorted(s.execute(select(Place.name_en)).scalars())


def add_place(register, name: str) -> None:
    with register.write() as s:
        ops.create(s, "place", {"name_en": name, "country_code": "JP"})


def test_backup_is_a_verified_register(register):
    add_place(register, "Kobe")
    backup = backups.make_backup(register.path, "manual")
    assert backup.reason == "manual" and backup.size > 0
    assert place_names(backup.path) == ["Kobe"]
    assert backups.list_backups(register.path)[0].path == backup.path


def test_backup_while_another_connection_writes(register):
    """The online backup API gives a consistent copy while the register is in use."""
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            add_place(register, f"Town {n}")
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        made = [backups.make_backup(register.path, "manual") for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    for backup in made:
        con = sqlite3.connect(backup.path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.close()


def test_rotation_keeps_the_newest(register):
    made = [backups.make_backup(register.path, "manual", keep=3) for _ in range(5)]
    kept = backups.list_backups(register.path)
    assert [b.path for b in kept] == [m.path for m in reversed(made[-3:])]


def test_daily_backup_once_a_day(register):
    assert backups.backup_if_first_open_today(register) is not None
    assert backups.backup_if_first_open_today(register) is None
    assert backups.daily_backup_due(register.path, datetime.now() + timedelta(days=1))


def test_registers_with_the_same_name_keep_separate_backups(tmp_path):
    a = open_register(tmp_path / "a" / "register.sqlite3", create=True)
    b = open_register(tmp_path / "b" / "register.sqlite3", create=True)
    backups.make_backup(a.path)
    assert backups.list_backups(b.path) == []
    a.close()
    b.close()


def test_restore_puts_the_backup_back_and_keeps_what_it_replaced(register):
    add_place(register, "Kobe")
    backup = backups.make_backup(register.path, "manual")
    add_place(register, "Osaka")
    register.close()
    safety = backups.restore(backup.path, register.path)
    assert place_names(register.path) == ["Kobe"]
    assert place_names(safety.path) == ["Kobe", "Osaka"]
    assert safety.reason == "before-restore"


def test_a_damaged_backup_is_not_restored(register, tmp_path):
    add_place(register, "Kobe")
    register.close()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(StorageError):
        backups.restore(bad, register.path)
    assert place_names(register.path) == ["Kobe"]


def corrupt(path):
    """Overwrite every page after the first with noise, as a failing disk might."""
    data = bytearray(path.read_bytes())
    data[4096:] = bytes((i * 7 + 3) % 251 for i in range(len(data) - 4096))
    path.write_bytes(bytes(data))


def test_a_damaged_register_is_set_aside_and_replaced_by_its_backup(register):
    add_place(register, "Kobe")
    good = backups.make_backup(register.path, "manual")
    register.close()
    corrupt(register.path)
    with pytest.raises(StorageError) as info:
        with open_register(register.path) as damaged:
            damaged.integrity_problems()  # the check at open finds what the header hides
    assert info.value.code == "storage.damaged"
    assert backups.restore(good.path, register.path) is None  # nothing healthy to keep
    assert place_names(register.path) == ["Kobe"]
    kept = list(backups.folder_for(register.path).glob("*.damaged"))
    assert len(kept) == 1 and kept[0].stat().st_size > 4096
