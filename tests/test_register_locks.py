"""A register open in one process keeps its SQLite locks and its WAL whatever else that
process does with the file, and writes on either side are seen by the other.

On POSIX, closing any descriptor of a file drops every lock the process holds on it;
another process may then take itself for the last user and delete the WAL under the
open register ("How To Corrupt An SQLite Database File", 2.2). The child process below
holds the register the way the window does, runs every path that opens, probes, backs
up or restores the file, and after each one this process (the second program on the
same register) reads the child's locks from /proc/locks and exchanges a write with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from twindesk.core import operations as ops
from twindesk.core.models import Place
from twindesk.core.storage import open_register

pytestmark = [
    pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads Linux's /proc/locks"),
    pytest.mark.sqlite_only("SQLite's POSIX locks on the register file"),
]

# Each step is what the window or a command does to the register it has open.
CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from sqlalchemy import select
    from twindesk.core import backups, operations as ops
    from twindesk.core.models import Place
    from twindesk.core.storage import open_register, sqlite as seam

    path = Path(sys.argv[1])
    held = open_register(path)               # the window's register
    def names():
        with held.read() as s:
            return sorted(s.execute(select(Place.name_en)).scalars())
    names()                                  # a first read takes WAL mode's shared lock
    first = backups.make_backup(path, "manual")

    def reopen():                            # Settings > language: the same file again
        again = open_register(path, verify=True)
        again.close()

    steps = {
        "reopen": reopen,
        "read-only open": lambda: open_register(path, read_only=True).close(),
        "check_file": lambda: seam.check_file(path, must_exist=True),
        "probe": lambda: seam.probe(path),
        "quick check": lambda: held.integrity_problems(quick=True),
        "full check": lambda: held.integrity_problems(),
        "backup": lambda: backups.make_backup(path, "manual"),
        "daily backup": lambda: backups.backup_if_first_open_today(held),
        "backup before import": lambda: backups.backup_before(held, "before-import"),
        "list backups": lambda: (backups.list_backups(path), backups.space_used(path)),
        "restore": lambda: backups.restore(first.path, path),
        "info": held.info,
    }
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "step":
            steps[arg]()
            print("done", flush=True)
        elif command == "names":
            print("names " + ",".join(names()), flush=True)
        elif command == "add":
            with held.write() as s:
                ops.create(s, "place", {"name_en": arg, "country_code": "JP"})
            print("added", flush=True)
        elif command == "quit":
            break
    held.close()
""")
STEPS = [
    "reopen",
    "read-only open",
    "check_file",
    "probe",
    "quick check",
    "full check",
    "backup",
    "daily backup",
    "backup before import",
    "list backups",
    "restore",
    "info",
]


def locks_of(pid: int) -> dict[int, set[str]]:
    """Inode → lock types (READ/WRITE) that process ``pid`` holds, from /proc/locks."""
    held: dict[int, set[str]] = {}
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a waiting request, not a lock held
            continue
        if len(fields) >= 6 and fields[4] == str(pid):
            inode = int(fields[5].split(":")[2])
            held.setdefault(inode, set()).add(fields[3])
    return held


class Child:
    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        assert self.ask(None) == "ready"

    def ask(self, command: str | None) -> str:
        if command is not None:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer, f"child ended: {self.proc.wait(timeout=30)}"
        return answer

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
        self.proc.wait(timeout=30)
        self.proc.stdin.close()
        self.proc.stdout.close()


def place_names(register) -> list[str]:
    with register.read() as s:
        return sorted(s.execute(select(Place.name_en)).scalars())


def test_every_file_path_keeps_the_locks_and_the_wal(tmp_path):
    path = tmp_path / "register.sqlite3"
    open_register(path, create=True).close()
    child = Child(path)
    other = open_register(path)  # the second program: another window, or `twindesk export`
    try:
        db_inode = path.stat().st_ino
        assert db_inode in locks_of(child.proc.pid), "the held register should hold a lock"
        for n, step in enumerate(STEPS):
            assert child.ask(f"step {step}") == "done"
            assert db_inode in locks_of(child.proc.pid), (
                f"the lock on the register was lost by: {step}"
            )
            assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists(), (
                f"WAL gone after: {step}"
            )
            # A write from either side is seen by the other.
            with other.write() as s:
                ops.create(s, "place", {"name_en": f"Other {n}", "country_code": "JP"})
            assert f"Other {n}" in child.ask("names").removeprefix("names ").split(","), step
            assert child.ask(f"add Held {n}") == "added"
            assert f"Held {n}" in place_names(other), step
        # The restore step put back the first backup (an empty register) for both sides.
        restored_at = STEPS.index("restore")
        assert f"Other {restored_at - 1}" not in place_names(other)
        assert f"Other {restored_at}" in place_names(other)
        assert other.integrity_problems() == []
    finally:
        child.close()
        other.close()
    assert child.proc.returncode == 0
