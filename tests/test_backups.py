"""Backups: verified copies, rotation, the daily backup, and restore."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from twindesk.core import backups
from twindesk.core import operations as ops
from twindesk.core.errors import StorageError
from twindesk.core.models import Place
from twindesk.core.storage import open_register

pytestmark = pytest.mark.sqlite_only(
    "backups of the register's file (a server's: test_server_backups)"
)


def place_names(path) -> list[str]:
    with (
        backups.opened_copy(path) as plain,
        open_register(plain, read_only=True) as reg,
        reg.read() as s,
    ):
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
        with backups.opened_copy(backup.path) as plain:
            con = sqlite3.connect(plain)
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            con.close()


def test_backups_are_compressed_and_private(register):
    with register.write() as s:  # something worth compressing
        for n in range(300):
            ops.create(
                s, "place", {"name_en": f"Town {n}", "country_code": "JP", "notes": "x" * 200}
            )
    backup = backups.make_backup(register.path, "manual")
    assert backup.path.name.endswith(".sqlite3.zst")
    assert (
        backup.size * 3 < register.path.stat().st_size + Path(f"{register.path}-wal").stat().st_size
    )
    assert len(place_names(backup.path)) == 300
    assert backups.space_used(register.path) == backup.size
    assert backup.path.stat().st_mode & 0o777 == 0o600
    assert backups.folder_for(register.path).stat().st_mode & 0o777 == 0o700
    assert register.path.stat().st_mode & 0o077 == 0  # a new register is the owner's too


def test_a_truncated_compressed_backup_is_refused(register, tmp_path):
    add_place(register, "Kobe")
    backup = backups.make_backup(register.path, "manual")
    broken = tmp_path / backup.path.name
    broken.write_bytes(backup.path.read_bytes()[:-40])
    add_place(register, "Osaka")
    with pytest.raises(StorageError) as info:
        backups.restore(broken, register.path)
    assert info.value.code == "storage.damaged"
    assert place_names_live(register) == ["Kobe", "Osaka"]


def place_names_live(register) -> list[str]:
    with register.read() as s:
        return sorted(s.execute(select(Place.name_en)).scalars())


def test_rotation_keeps_the_newest(register):
    backups.set_policy(register, backups.BackupPolicy(recent=3, daily=0, weekly=0, monthly=0))
    made = [backups.make_backup(register.path, "manual") for _ in range(5)]
    kept = backups.list_backups(register.path)
    assert [b.path for b in kept] == [m.path for m in reversed(made[-3:])]


def fake_backups(register_path, moments: list[datetime]) -> None:
    folder = backups.folder_for(register_path)
    folder.mkdir(parents=True, exist_ok=True)
    for moment in moments:
        (folder / f"{register_path.stem}-{moment:%Y%m%d-%H%M%S}-daily.sqlite3.gz").write_bytes(b"x")


def test_rotation_keeps_daily_weekly_and_monthly_generations(register):
    """A year of daily backups (two a day) keeps 3 newest, 7 days, 4 weeks and 12 months."""
    start = datetime(2026, 1, 1, 9)
    moments = [start + timedelta(days=d, hours=h) for d in range(365) for h in (0, 5)]
    fake_backups(register.path, moments)
    removed = backups.rotate(
        register.path, backups.BackupPolicy(recent=3, daily=7, weekly=4, monthly=12)
    )
    kept = [b.made_at for b in backups.list_backups(register.path)]
    last = moments[-1]
    assert kept[:3] == [last, last - timedelta(hours=5), last - timedelta(days=1)]
    days = {k.date() for k in kept}
    assert {(last - timedelta(days=d)).date() for d in range(7)} <= days
    assert len({k.isocalendar()[:2] for k in kept}) >= 4
    assert {(k.year, k.month) for k in kept} == {(2026, m) for m in range(1, 13)}
    assert len(kept) <= 3 + 7 + 4 + 12 and len(kept) + len(removed) == len(moments)


def test_the_policy_stored_in_the_register_rules_every_backup_path(register, tmp_path):
    """A clerk who keeps 100 loses none to the default; one who keeps 2 keeps 2, whether
    the backup comes from the window, the command line, an import or a restore."""
    backups.set_policy(register, backups.BackupPolicy(recent=2, daily=0, weekly=0, monthly=0))
    assert backups.policy_of(register).recent == 2
    backups.backup_before(register, "before-import")
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-m", "twindesk", "backup", "--db", str(register.path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert len(backups.list_backups(register.path)) == 2
    backups.restore(backups.list_backups(register.path)[-1].path, register.path)
    assert [b.reason for b in backups.list_backups(register.path)][0] == "before-restore"
    assert len(backups.list_backups(register.path)) == 2
    backups.set_policy(register, backups.BackupPolicy(recent=100))
    for _ in range(4):
        backups.make_backup(register.path, "manual")
    assert len(backups.list_backups(register.path)) == 6


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


def test_a_gzip_backup_of_an_earlier_version_is_listed_and_restored(register, tmp_path):
    """Earlier versions packed backups with gzip: they stay in the list and restore."""
    import gzip
    import shutil

    add_place(register, "Kobe")
    zst = backups.make_backup(register.path, "manual")
    folder = backups.folder_for(register.path)
    old = folder / f"{register.path.stem}-20250102-030405-daily.sqlite3.gz"
    with backups.opened_copy(zst.path) as plain, open(plain, "rb") as src:
        with gzip.open(old, "wb") as out:
            shutil.copyfileobj(src, out)
    zst.path.unlink()
    add_place(register, "Osaka")
    register.close()
    listed = backups.list_backups(register.path)
    assert [(b.path, b.made_at, b.reason) for b in listed] == [
        (old, datetime(2025, 1, 2, 3, 4, 5), "daily")
    ]
    safety = backups.restore(old, register.path)
    assert place_names(register.path) == ["Kobe"]
    assert safety.path.suffix == ".zst" and place_names(safety.path) == ["Kobe", "Osaka"]


def test_a_damaged_register_leaves_no_backup_and_no_work_file(register):
    """The integrity check runs beside the packing: when it fails, nothing is kept."""
    add_place(register, "Kobe")
    register.close()
    corrupt(register.path)
    with pytest.raises(StorageError) as info:
        backups.make_backup(register.path, "manual")
    assert info.value.code == "storage.damaged"
    folder = backups.folder_for(register.path)
    assert sorted(p.name for p in folder.iterdir()) == []


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


def test_programs_backing_up_at_the_same_moment_keep_every_backup(register):
    """Four processes back up one register in the same second: each gets its own name and
    work files, none is told the register is damaged (found by bench/stress.py)."""
    script = (
        "import sys, time; from pathlib import Path; from twindesk.core import backups\n"
        "start = float(sys.argv[2])\n"
        "while time.time() < start: pass\n"
        "print(backups.make_backup(Path(sys.argv[1]), 'manual').path.name)"
    )
    start = str(__import__("time").time() + 2)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(register.path), start],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
    names = {out.strip() for out, _ in results}
    assert len(names) == 4 and names == {b.path.name for b in backups.list_backups(register.path)}
    for backup in backups.list_backups(register.path):
        assert place_names(backup.path) == []
