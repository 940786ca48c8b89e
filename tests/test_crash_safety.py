"""Crash safety: a process killed (SIGKILL) in the middle of an import or a bulk edit.

Each round copies a clean register, starts a real TwinDesk process on it, kills it at a
random moment of its work, then opens the register as the next start would: it must
pass SQLite's integrity check and TwinDesk's own check, and hold either all of the
work or none of it. The moment is a random step of the work's own progress report
(plus a random fraction of a step), drawn from a seeded generator so a failure can be
replayed: a kill always lands mid-work, however fast or loaded the machine is.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from twindesk.core.check import check_register
from twindesk.core.models import ImportBatch, Pairing
from twindesk.core.storage import open_register

pytestmark = [
    pytest.mark.slow,  # sixteen killed processes; CI runs the slow tests too (scripts/test runs all)
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
    pytest.mark.sqlite_only("SIGKILL mid-write, then SQLite's integrity check of the file"),
]

ROWS = 1500
ROUNDS = 8

IMPORT = """
import sys
from twindesk.core.storage import open_register
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
with open_register(sys.argv[1]) as register, SpreadsheetImport(register, sys.argv[2]) as imp:
    plan = imp.validate(ImportOptions(local="武汉"))
    print("working", flush=True)
    imp.commit(plan, operator="crash test", progress=lambda done, total: print("step", flush=True))
print("done", flush=True)
"""

BULK_EDIT = """
import sys
from sqlalchemy import select
from twindesk.core.models import Pairing
from twindesk.core.operations.bulk import update_many
from twindesk.core.storage import open_register
with open_register(sys.argv[1]) as register:
    with register.read() as s:
        ids = list(s.execute(select(Pairing.id)).scalars())
    print("working", flush=True)
    update_many(register, "pairing", ids, {"status": "dormant", "notes": "bulk edit"},
                progress=lambda done, total: print("step", flush=True))
print("done", flush=True)
"""


def workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["外方城市", "国家", "结好时间"])
    for i in range(ROWS):
        ws.append([f"Ville {i:04d}", "法国", f"{1980 + i % 40}-0{1 + i % 9}"])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def clean_register(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "clean.sqlite3"
    with open_register(path, create=True) as register:
        with register.write() as s:
            from twindesk.core import operations as ops

            ops.create(s, "place", {"name_en": "Wuhan", "name_zh": "武汉", "country_code": "CN"})
    return path


def start(script: str, args: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "working", proc.stderr.read()
    return proc


def run_and_kill(script: str, args: list[str], step: int, extra: float) -> str:
    """Kill the script ``extra`` seconds after its ``step``-th progress report."""
    proc = start(script, args)
    for _ in range(step):
        if proc.stdout.readline().strip() != "step":
            break
    time.sleep(extra)
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    return "done" if "done" in out else "killed"


def measured_run(script: str, args: list[str]) -> tuple[int, float]:
    """Run to the end: how many progress steps the work reports, and how long one takes."""
    proc = start(script, args)
    started, steps = time.perf_counter(), 0
    while (line := proc.stdout.readline().strip()) == "step":
        steps += 1
    elapsed = time.perf_counter() - started
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and line == "done", err
    return steps, elapsed / max(steps, 1)


def assert_consistent(path: Path) -> None:
    with open_register(path, verify=True) as register:
        assert register.integrity_problems() == []
        assert check_register(register) == []


def pairing_facts(path: Path) -> tuple[int, int, set]:
    with open_register(path, read_only=True) as register, register.connect() as conn:
        pairings = conn.execute(select(func.count()).select_from(Pairing)).scalar()
        batches = conn.execute(select(func.count()).select_from(ImportBatch)).scalar()
        states = set(conn.execute(select(Pairing.status, Pairing.notes).distinct()))
    return pairings, batches, states


def test_killed_import_leaves_all_or_nothing(clean_register, tmp_path):
    book = workbook(tmp_path / "partners.xlsx")
    measured = tmp_path / "measured.sqlite3"
    shutil.copyfile(clean_register, measured)
    steps, per_step = measured_run(IMPORT, [str(measured), str(book)])
    assert pairing_facts(measured)[:2] == (ROWS, 1) and steps >= 2
    rng = random.Random(20261123)
    outcomes = []
    for round_ in range(ROUNDS):
        target = tmp_path / f"round{round_}.sqlite3"
        shutil.copyfile(clean_register, target)
        outcomes.append(
            run_and_kill(
                IMPORT, [str(target), str(book)], rng.randrange(steps), rng.uniform(0, per_step)
            )
        )
        assert_consistent(target)
        pairings, batches, _ = pairing_facts(target)
        assert (pairings, batches) in {(0, 0), (ROWS, 1)}, f"round {round_}: half an import"
    # A kill after the last step may come after the commit: most, not all, land mid-work.
    assert outcomes.count("killed") >= ROUNDS // 2


def test_killed_bulk_edit_leaves_all_or_nothing(clean_register, tmp_path):
    book = workbook(tmp_path / "partners.xlsx")
    base = tmp_path / "imported.sqlite3"
    shutil.copyfile(clean_register, base)
    measured_run(IMPORT, [str(base), str(book)])
    assert not Path(f"{base}-wal").exists()  # closed cleanly: one self-contained file to copy
    before = pairing_facts(base)[2]
    measured = tmp_path / "measured.sqlite3"
    shutil.copyfile(base, measured)
    steps, per_step = measured_run(BULK_EDIT, [str(measured)])
    after = pairing_facts(measured)[2]
    assert after == {("dormant", "bulk edit")} and after != before
    rng = random.Random(1123)
    outcomes = []
    for round_ in range(ROUNDS):
        target = tmp_path / f"round{round_}.sqlite3"
        shutil.copyfile(base, target)
        outcomes.append(
            run_and_kill(BULK_EDIT, [str(target)], rng.randrange(steps), rng.uniform(0, per_step))
        )
        assert_consistent(target)
        assert pairing_facts(target)[2] in (before, after), f"round {round_}: half an edit"
    assert outcomes.count("killed") >= ROUNDS // 2
