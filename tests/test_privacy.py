"""A register and what it leaves on disk are its owner's alone (POSIX modes).

Every test runs under the most open umask (000), so a mode that is right here comes from
TwinDesk, not from the umask of the machine the tests happen to run on.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from twindesk.core.storage import open_register
from twindesk.core.storage.sqlite import make_private, private_folder

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_make_private_takes_whatever_the_umask_gave(tmp_path):
    loose_file = tmp_path / "register-20261123-091500.damaged"
    loose_file.write_bytes(b"copied with shutil")
    loose_folder = tmp_path / "backups"
    loose_folder.mkdir()
    assert (mode(loose_file), mode(loose_folder)) == (0o666, 0o777)
    assert make_private(loose_file) == loose_file
    make_private(loose_folder)
    assert (mode(loose_file), mode(loose_folder)) == (0o600, 0o700)


def test_private_folder_creates_or_tightens(tmp_path):
    made = private_folder(tmp_path / "data" / "opened")
    assert made.is_dir() and mode(made) == 0o700
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    assert mode(private_folder(existing)) == 0o700


def test_a_new_register_and_its_journal_are_private(tmp_path):
    path = tmp_path / "register.sqlite3"
    with open_register(path, create=True) as register:
        from twindesk.core import operations as ops

        with register.write() as s:
            ops.create(s, "place", {"name_en": "Wuhan", "country_code": "CN"})
        made = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(p.exists() for p in made)
        assert {p.name: mode(p) for p in made} == {p.name: 0o600 for p in made}


@pytest.mark.sqlite_only("file modes of the register file's backups")
def test_backups_and_their_folder_are_private(register):
    from twindesk.core import backups

    backup = backups.make_backup(register.path, "manual")
    assert mode(backup.path) == 0o600 and mode(backup.path.parent) == 0o700


@pytest.mark.sqlite_only("file modes of a register file restored from its backup")
def test_a_register_restored_over_a_damaged_one_stays_private(register):
    from twindesk.core import backups

    backup = backups.make_backup(register.path, "manual")
    path = register.path
    register.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # damaged: restore replaces the file
    backups.restore(backup.path, path)
    set_aside = list(backups.folder_for(path).glob("*.damaged"))
    assert set_aside and mode(set_aside[0]) == 0o600
    assert mode(path) == 0o600
