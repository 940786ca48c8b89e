"""Several writers on one register, killed at random: is any acknowledged write ever lost?

The proof SQLite's own tests give for the library ("crash" and "multi-process"
tests), applied to TwinDesk's own paths: N worker processes work on ONE register file
for a while, each running a seeded random mix of what the window and the command line
do to a register:

- edits of the same (shared "hot") records and of the worker's own records, through
  ``operations.update`` with the version the worker last read (optimistic locking: a
  stale save must be refused with ConflictError; refusals are counted);
- undo of the worker's last edit, with the version that edit produced (as the window's
  undo stack does: refused if someone saved the record since);
- small imports of a .csv or .xlsx whose place names are unique, so every imported row
  can be found again: through ``SpreadsheetImport.validate/commit`` on the worker's open
  register (the wizard) or through ``twindesk import`` in a subprocess (the command
  line: a process that opens the register, writes and closes);
- undo of an import the worker made (``undo_import``);
- exports (``export_list`` / ``export_register`` on a read-only open, as ``twindesk
  export`` does), backups (``backups.make_backup``), the window's quick check
  (``Register.integrity_problems(quick=True)``) and the window's re-open of its register
  (``open_register(path, verify=True)`` then ``close()`` while the first stays open).

Each worker holds its register open the whole time, as the window does. A supervisor
kills random workers (the whole process group, with any ``twindesk import`` child) with
SIGKILL and restarts them. Every acknowledged write (the call returned) is appended to
the worker's journal and fsync'd after it returns; an "intent" line is written before the
call, so a write that committed but was never acknowledged (killed in between) is known.

At the end the supervisor checks the file (``PRAGMA integrity_check``, ``twindesk
check``) and every journal against the register:

- an acknowledged edit must have been applied to the version it read (result = read + 1),
  otherwise it overwrote saves it never saw (a lost update), and its value must still be
  there unless a later write of the same field replaced it;
- an acknowledged import's rows must all be there unless its undo was acknowledged; none
  of an undone import's rows may remain; no import may be half there, acknowledged or not;
- no worker may have seen a raw "database is locked" / OperationalError: the program must
  wait on its busy timeout and then give its own clear message (counted separately).

    python bench/stress.py                       # 2 workers, 300 s
    python bench/stress.py --workers 10 --seconds 120 --seed 7
    python bench/stress.py --inject lock-loss    # shows the check catches that bug

``--inject`` puts known bugs back into the workers (monkeypatched in the worker
processes only, never in the files), to show the harness catches them:
``lock-loss`` (a raw open()/close() of the register file in ``check_file``: closing it
drops the process's SQLite locks), ``undo-no-version`` (undo of an edit without the
version check). ``lock_scenario()`` is the small deterministic case for the first: a
process that has the register open re-opens it, while another process writes and closes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOT = 2  # records every worker edits
OWN = 3  # records only one worker edits
FIELDS = ("notes", "name_native")
COUNTRIES = ("FR", "JP", "DE", "US", "BR", "KE")
RAW = re.compile(r"database is locked|database is busy|OperationalError", re.I)
INJECTIONS = ("lock-loss", "undo-no-version")
WEIGHTS = {  # the mix of one worker
    "read": 10,
    "edit_hot": 14,
    "edit_own": 8,
    "undo_edit": 5,
    "import": 6,
    "import_cli": 1.2,
    "undo_import": 3,
    "export": 3,
    "backup": 2,
    "quick_check": 3,
    "reopen": 3,
}
WRITES = ("edit_hot", "edit_own", "undo_edit", "import", "import_cli", "undo_import")


# =========================================================================== worker side
def _inject(names: list[str]) -> None:
    """Put a known bug back, in this process only (see the module's notes)."""
    if "lock-loss" in names:
        from twindesk.core.storage import sqlite as seam

        original = seam.check_file

        def check_file(path: Path, *, must_exist: bool) -> None:
            original(path, must_exist=must_exist)
            if path.is_file():  # the old header peek: closing it drops our fcntl locks
                with open(path, "rb") as fh:
                    fh.read(16)

        seam.check_file = check_file


class Worker:
    """One process: a register held open like the window's, and a random mix of work."""

    def __init__(
        self,
        folder: Path,
        wid: int,
        incarnation: int,
        seed: int,
        deadline: float,
        inject: list[str],
    ) -> None:
        from twindesk.core.storage import open_register

        self.folder, self.wid, self.inc, self.deadline = folder, wid, incarnation, deadline
        self.inject = inject
        self.path = folder / "register.sqlite3"
        self.rng = random.Random(f"{seed}-{wid}-{incarnation}")
        setup = json.loads((folder / "setup.json").read_text())
        self.hot: list[int] = setup["hot"]
        self.own: list[int] = setup["own"][str(wid)]
        self.files = folder / "files" / f"w{wid}"
        self.exports = folder / "exports" / f"w{wid}"
        for d in (self.files, self.exports):
            d.mkdir(parents=True, exist_ok=True)
        journal_path = folder / f"journal-w{wid}.jsonl"
        self.imports = self._imports_from(journal_path)  # acked, not undone: [(opid, batch)]
        self.journal = open(journal_path, "a", encoding="utf-8")
        self.journal.write("\n")  # ends a line a kill may have cut short
        self.seq = 0
        self.versions: dict[int, int] = {}  # record id -> version last read
        self.undo_stack: list[dict[str, Any]] = []  # the window's Edit > Undo, newest last
        self.held = open_register(self.path, verify=True)  # the window's register
        self.held.operator = f"w{wid}"
        self.held.info()  # a first read, as the window's lists make at once

    @staticmethod
    def _imports_from(journal: Path) -> list[tuple[str, int]]:
        entries = read_journal(journal)
        acked = {e["id"]: e for e in entries if e["t"] == "ack"}
        intents = {e["id"]: e for e in entries if e["t"] == "intent"}
        undone = {
            intents[i]["of"] for i in acked if intents.get(i, {}).get("kind") == "undo_import"
        }
        return [
            (i, acked[i]["batch"])
            for i, e in intents.items()
            if e["kind"] in ("import", "import_cli")
            and i in acked
            and i not in undone
            and acked[i].get("batch") is not None
        ]

    # -- journal ----------------------------------------------------------------------
    def log(self, entry: dict, *, sync: bool = False) -> None:
        self.journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.journal.flush()  # in the kernel: survives SIGKILL of this process
        if sync:
            os.fsync(self.journal.fileno())  # and a power cut

    # -- loop ---------------------------------------------------------------------------
    def run(self) -> None:
        kinds, weights = zip(*WEIGHTS.items(), strict=True)
        while time.time() < self.deadline:
            kind = self.rng.choices(kinds, weights)[0]
            self.seq += 1
            opid = f"w{self.wid}.{self.inc}.{self.seq}"
            self.do(kind, opid)
            time.sleep(self.rng.uniform(0, 0.03))  # the clerk's thinking time
        self.held.close()
        self.journal.close()

    def do(self, kind: str, opid: str) -> None:
        from sqlalchemy import exc as sa_exc

        from twindesk.core.errors import ConflictError, StorageError, TwinDeskError
        from twindesk.core.spreadsheets import UndoError

        started = time.monotonic()
        outcome, message = "ok", ""
        try:
            result = getattr(self, "op_" + kind)(opid)
            if result:  # an op that ran but found something wrong says what
                outcome, message = result
        except ConflictError as e:
            outcome, message = "stale", str(e)
        except UndoError as e:
            outcome, message = "refused", str(e)
        except StorageError as e:
            outcome = "busy" if e.code == "storage.locked" else "error"
            message = f"{e.code}: {e}"
        except TwinDeskError as e:
            outcome, message = "error", f"{e.code}: {e}"
        except (sqlite3.OperationalError, sa_exc.OperationalError) as e:
            outcome, message = "raw", f"{type(e).__name__}: {e}"
        except Exception as e:
            outcome = "bug"
            message = f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=8)}"
        if outcome not in ("ok", "raw") and RAW.search(message.split("\n")[0]):
            outcome = "raw"  # a driver's words shown to the clerk, whatever wraps them
        self.log(
            {
                "t": "done",
                "id": opid,
                "kind": kind,
                "outcome": outcome,
                "secs": round(time.monotonic() - started, 3),
                "msg": message[:2000],
            }
        )

    # -- reads ---------------------------------------------------------------------------
    def _read(self, rid: int) -> None:
        from twindesk.core import operations as ops

        with self.held.read() as s:
            self.versions[rid] = ops.get(s, "place", rid).version

    def op_read(self, opid: str) -> None:
        self._read(self.rng.choice(self.hot + self.own))

    def op_quick_check(self, opid: str) -> tuple[str, str] | None:
        problems = self.held.integrity_problems(quick=True)
        return ("damaged", "; ".join(problems)) if problems else None

    def op_reopen(self, opid: str) -> None:
        from twindesk.core.storage import open_register

        open_register(self.path, verify=True).close()  # Settings changed: the same file again

    def op_backup(self, opid: str) -> None:
        from twindesk.core import backups

        backups.make_backup(self.path, "manual")

    def op_export(self, opid: str) -> None:
        from twindesk.core.queries import Filter
        from twindesk.core.spreadsheets.export import export_list, sort_keys
        from twindesk.core.spreadsheets.full_export import export_register
        from twindesk.core.storage import open_register

        with open_register(self.path, read_only=True) as register:  # as `twindesk export`
            if self.rng.random() < 0.15:
                out = self.exports / f"{opid}-all.xlsx"
                export_register(register, out, lang="en")
            else:
                entity = self.rng.choice(("pairing", "place", "exchange"))
                out = self.exports / f"{opid}-{entity}.{self.rng.choice(('csv', 'xlsx'))}"
                export_list(
                    register,
                    entity,
                    out,
                    filter=Filter(),
                    order_by=sort_keys(entity, []),
                    lang="en",
                )
        if not out.is_file() or out.stat().st_size == 0:
            return ("error", f"export wrote nothing to {out}")
        out.unlink()
        return None

    # -- edits ---------------------------------------------------------------------------
    def _edit(self, opid: str, rid: int) -> None:
        from twindesk.core import operations as ops

        if rid not in self.versions or self.rng.random() < 0.4:
            self._read(rid)  # opened the form just now; otherwise it has been open a while
        base, name, value = self.versions[rid], self.rng.choice(FIELDS), opid
        self.log(
            {
                "t": "intent",
                "id": opid,
                "kind": "edit",
                "rid": rid,
                "field": name,
                "value": value,
                "base": base,
            }
        )
        try:
            with self.held.write() as s:
                before = getattr(ops.get(s, "place", rid), name)
                result = ops.update(s, "place", rid, {name: value}, version=base).version
        except Exception:
            self.versions.pop(rid, None)  # the form shows the record as it is now
            raise
        self.log({"t": "ack", "id": opid, "result": result}, sync=True)
        self.versions[rid] = result
        self.undo_stack = self.undo_stack[-9:] + [
            {"rid": rid, "field": name, "before": before, "version": result, "of": opid}
        ]

    def op_edit_hot(self, opid: str) -> None:
        self._edit(opid, self.rng.choice(self.hot))

    def op_edit_own(self, opid: str) -> None:
        self._edit(opid, self.rng.choice(self.own))

    def op_undo_edit(self, opid: str) -> None:
        """Edit > Undo: the top of the undo stack (the newest save not undone yet) puts the
        old value back with the version that save produced, as the window's SaveCommand does."""
        from twindesk.core import operations as ops

        if not self.undo_stack:
            return self.op_read(opid)
        edit = self.undo_stack.pop()  # refused or not, the step is gone (setObsolete)
        version = None if "undo-no-version" in self.inject else edit["version"]
        self.log(
            {
                "t": "intent",
                "id": opid,
                "kind": "undo_edit",
                "rid": edit["rid"],
                "field": edit["field"],
                "value": edit["before"],
                "base": edit["version"],
                "of": edit["of"],
            }
        )
        with self.held.write() as s:
            result = ops.update(
                s, "place", edit["rid"], {edit["field"]: edit["before"]}, version=version
            ).version
        self.log({"t": "ack", "id": opid, "result": result}, sync=True)
        self.versions[edit["rid"]] = result

    # -- imports ---------------------------------------------------------------------------
    def _spreadsheet(self, opid: str) -> tuple[Path, list[list[str]]]:
        tag = opid.replace(".", " ")
        rows = [
            [
                f"Stress {tag} r{i} local",
                f"Stress {tag} r{i} partner",
                self.rng.choice(COUNTRIES),
                str(self.rng.randint(1960, 2020)),
            ]
            for i in range(self.rng.randint(1, 4))
        ]
        header = ["Local city", "Partner city", "Country", "Established"]
        if self.rng.random() < 0.5:
            path = self.files / f"{opid}.csv"
            path.write_text(
                "\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8"
            )
        else:
            from openpyxl import Workbook

            path = self.files / f"{opid}.xlsx"
            wb = Workbook()
            for r in [header, *rows]:
                wb.active.append(r)
            wb.save(path)
        return path, [[r[0], r[1]] for r in rows]

    def op_import(self, opid: str) -> tuple[str, str] | None:
        """The wizard: validate then commit on the register the window holds."""
        from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport

        path, rows = self._spreadsheet(opid)
        with SpreadsheetImport(self.held, path) as imp:
            plan = imp.validate(ImportOptions())
            counts = plan.counts()
            if counts["insert"] != len(rows):
                return ("error", f"plan for {path.name}: {counts}")
            self.log({"t": "intent", "id": opid, "kind": "import", "rows": rows})
            result = imp.commit(plan, operator=f"w{self.wid}")
        self.log({"t": "ack", "id": opid, "batch": result.batch_id}, sync=True)
        self.imports.append((opid, result.batch_id))
        path.unlink()
        return None

    def op_import_cli(self, opid: str) -> tuple[str, str] | None:
        """`twindesk import`: another process opens the register, writes and closes it."""
        path, rows = self._spreadsheet(opid)
        self.log({"t": "intent", "id": opid, "kind": "import_cli", "rows": rows})
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "twindesk.cli",
                "--lang",
                "en",
                "import",
                str(path),
                "--db",
                str(self.path),
                "--create-places",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        found = re.search(r"import #(\d+)", done.stdout)
        if done.returncode != 0 or found is None:
            text = (done.stderr.strip() or done.stdout.strip())[-1500:]
            if "is in use by another program" in text:
                return ("busy", text)
            return (
                "raw" if RAW.search(text) else "bug" if "Traceback" in text else "error",
                f"exit {done.returncode}: {text}",
            )
        self.log({"t": "ack", "id": opid, "batch": int(found[1])}, sync=True)
        self.imports.append((opid, int(found[1])))
        path.unlink()
        return None

    def op_undo_import(self, opid: str) -> None:
        from twindesk.core.spreadsheets import undo_import

        if not self.imports:
            return self.op_read(opid)
        of, batch = self.imports.pop(self.rng.randrange(len(self.imports)))
        self.log({"t": "intent", "id": opid, "kind": "undo_import", "batch": batch, "of": of})
        undo_import(self.held, batch, operator=f"w{self.wid}")
        self.log({"t": "ack", "id": opid, "batch": batch}, sync=True)


def worker_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--wid", type=int, required=True)
    p.add_argument("--inc", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--deadline", type=float, required=True)
    p.add_argument("--inject", action="append", default=[])
    a = p.parse_args(argv)
    _inject(a.inject)
    from twindesk.core.i18n import set_language

    set_language("en")
    Worker(a.dir, a.wid, a.inc, a.seed, a.deadline, a.inject).run()
    return 0


# =========================================================================== supervisor side
def read_journal(path: Path) -> list[dict]:
    out = []
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # empty, or cut short by a kill
        if isinstance(entry, dict) and "t" in entry:
            out.append(entry)
    return out


def setup_register(folder: Path, workers: int) -> Path:
    from twindesk.core import operations as ops
    from twindesk.core.storage import open_register

    path = folder / "register.sqlite3"
    with open_register(path, create=True) as register, register.write(operator="setup") as s:
        hot = [
            ops.create(s, "place", {"name_en": f"Hot place {i}", "country_code": "JP"})
            for i in range(HOT)
        ]
        own = {
            str(w): [
                ops.create(s, "place", {"name_en": f"Own place w{w} {i}", "country_code": "FR"})
                for i in range(OWN)
            ]
            for w in range(workers)
        }
        s.flush()
        ids = {"hot": [p.id for p in hot], "own": {w: [p.id for p in ps] for w, ps in own.items()}}
    (folder / "setup.json").write_text(json.dumps(ids))
    return path


@dataclass
class Result:
    figures: dict[str, Any] = field(default_factory=dict)
    ops: dict[str, Counter] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # lost writes, half imports... (fail)
    bugs: list[str] = field(default_factory=list)  # unexpected errors (reported)
    folder: Path | None = None

    @property
    def failed(self) -> bool:
        f = self.figures
        return bool(
            f["lost"]
            or f["half_written"]
            or f["raw_errors"]
            or f["integrity_failures"]
            or f.get("stuck_workers")
        )


class Supervisor:
    def __init__(
        self,
        folder: Path,
        workers: int,
        seconds: float,
        kills: int,
        seed: int,
        inject: list[str],
        log: Callable[[str], None],
    ) -> None:
        self.folder, self.n, self.seconds, self.kills = folder, workers, seconds, kills
        self.seed, self.inject, self.say = seed, inject, log
        self.rng = random.Random(f"supervisor-{seed}")
        self.env = {
            **os.environ,
            "TWINDESK_DATA_DIR": str(folder / "data"),
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.procs: dict[int, subprocess.Popen] = {}
        self.incarnation: Counter = Counter()
        self.killed = 0
        self.crashes: list[str] = []

    def start(self, wid: int) -> None:
        inc = self.incarnation[wid]
        self.incarnation[wid] += 1
        logs = self.folder / "logs"
        logs.mkdir(exist_ok=True)
        out = open(logs / f"w{wid}-{inc}.log", "wb")
        args = [
            sys.executable,
            "-m",
            "bench.stress",
            "_worker",
            "--dir",
            str(self.folder),
            "--wid",
            str(wid),
            "--inc",
            str(inc),
            "--seed",
            str(self.seed),
            "--deadline",
            str(self.deadline),
        ] + [f"--inject={i}" for i in self.inject]
        # Its own process group: a kill takes any `twindesk import` it started with it.
        self.procs[wid] = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()

    def kill(self, wid: int) -> None:
        proc = self.procs[wid]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        self.killed += 1

    def run(self) -> dict[str, Any]:
        started = time.time()
        self.deadline = started + self.seconds
        kill_at = sorted(
            started + self.rng.uniform(0.1, 0.9) * self.seconds for _ in range(self.kills)
        )
        for wid in range(self.n):
            self.start(wid)
        stuck = 0
        while time.time() < self.deadline:
            now = time.time()
            if kill_at and now >= kill_at[0]:
                kill_at.pop(0)
                wid = self.rng.randrange(self.n)
                self.kill(wid)
                self.say(f"  {now - started:6.1f}s  killed worker {wid}")
                self.start(wid)
            for wid, proc in list(self.procs.items()):
                code = proc.poll()
                if code is not None and time.time() < self.deadline - 2:
                    self.crashes.append(
                        f"worker {wid} exited with {code} at "
                        f"{time.time() - started:.1f}s (see logs/)"
                    )
                    self.start(wid)
            time.sleep(0.1)
        # The workers stop after the operation they are in; a busy wait is 10 s at most.
        for wid, proc in self.procs.items():
            try:
                code = proc.wait(timeout=max(5.0, self.deadline + 120 - time.time()))
                if code:
                    self.crashes.append(f"worker {wid} exited with {code} at the end (see logs/)")
            except subprocess.TimeoutExpired:
                stuck += 1
                self.crashes.append(f"worker {wid} did not stop 120 s after the end: killed")
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        return {
            "kills": self.killed,
            "restarts": sum(self.incarnation.values()) - self.n,
            "crashes": len(self.crashes),
            "stuck_workers": stuck,
            "duration_s": round(time.time() - started, 1),
        }


# -- verification -----------------------------------------------------------------------
def check_file(path: Path, env: dict) -> tuple[list[str], list[str]]:
    """(damage, rule findings) from PRAGMA integrity_check and `twindesk check`."""
    damage: list[str] = []
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            damage += [f"integrity_check: {r}" for r in rows]
        damage += [f"foreign_key_check: {r}" for r in con.execute("PRAGMA foreign_key_check")]
    finally:
        con.close()
    done = subprocess.run(
        [sys.executable, "-m", "twindesk.cli", "--lang", "en", "check", "--db", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    findings = []
    if done.returncode not in (0, 1):
        damage.append(f"twindesk check exit {done.returncode}: {done.stderr.strip()[-800:]}")
    for line in done.stdout.splitlines():
        if "problems found" in line or "no problems found" in line:
            continue
        if "damaged" in line or "refers to a missing" in line or RAW.search(line):
            damage.append(f"twindesk check: {line}")
        elif line.strip():
            findings.append(line)
    if done.returncode == 1 and not findings and not damage:
        damage.append(f"twindesk check exit 1 without findings: {done.stdout[-800:]}")
    return damage, findings


def verify(
    folder: Path, path: Path
) -> tuple[dict[str, Any], dict[str, Counter], list[str], list[str]]:
    """Every journal against the register: figures, ops by kind, problems, bugs."""
    entries: list[dict] = []
    for journal in sorted(folder.glob("journal-w*.jsonl")):
        entries += read_journal(journal)
    intents = {e["id"]: e for e in entries if e["t"] == "intent"}
    acks = {e["id"]: e for e in entries if e["t"] == "ack"}
    done = {e["id"]: e for e in entries if e["t"] == "done"}
    ops: dict[str, Counter] = defaultdict(Counter)
    for e in done.values():
        ops[e["kind"]][e["outcome"]] += 1
    for i, e in intents.items():
        if i not in done:
            ops[e["kind"]]["interrupted"] += 1  # killed in the middle of it
    bugs = sorted(
        {
            f"{e['kind']}: {e['msg']}"
            for e in done.values()
            if e["outcome"] in ("bug", "error", "raw", "damaged")
        }
    )
    problems: list[str] = []
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        lost = _verify_edits(con, intents, acks, problems)
        half, lost_rows = _verify_imports(con, intents, acks, problems)
    finally:
        con.close()
    outcomes = Counter(e["outcome"] for e in done.values())
    figures = {
        "acknowledged_writes": len(acks),
        "stale_refused": sum(ops[k]["stale"] for k in ("edit_hot", "edit_own", "undo_edit")),
        "undo_import_refused": ops["undo_import"]["refused"],
        "clear_busy_errors": outcomes["busy"],
        "raw_errors": outcomes["raw"],
        "other_errors": outcomes["error"] + outcomes["bug"],
        "quick_check_failures": outcomes["damaged"],
        "lost": lost + lost_rows,
        "half_written": half,
        "max_wait_s": max(
            (e.get("secs", 0) for e in done.values() if e["kind"] in WRITES), default=0
        ),
    }
    return figures, ops, problems, bugs


def _verify_edits(con: sqlite3.Connection, intents: dict, acks: dict, problems: list[str]) -> int:
    writes = [e for e in intents.values() if e["kind"] in ("edit", "undo_edit")]
    by_record: dict[int, list[dict]] = defaultdict(list)
    for w in writes:
        by_record[w["rid"]].append(w)
    lost = 0
    for rid, ws in sorted(by_record.items()):
        row = con.execute(
            f"SELECT version, {', '.join(FIELDS)} FROM place WHERE id = ?", (rid,)
        ).fetchone()
        if row is None:
            problems.append(f"place #{rid} is gone")
            lost += sum(1 for w in ws if w["id"] in acks)
            continue
        version, final = row[0], dict(zip(FIELDS, row[1:], strict=True))
        acked = sorted((w for w in ws if w["id"] in acks), key=lambda w: acks[w["id"]]["result"])
        seen: dict[int, str] = {}
        for w in acked:
            result = acks[w["id"]]["result"]
            if result != w["base"] + 1:
                lost += 1
                problems.append(
                    f"LOST UPDATE place #{rid}: {w['kind']} {w['id']} was saved with version "
                    f"{w['base']} but became version {result}: it overwrote "
                    f"{result - w['base'] - 1} save(s) it never saw"
                )
            if result in seen:
                lost += 1
                problems.append(
                    f"LOST UPDATE place #{rid}: {w['id']} and {seen[result]} both "
                    f"acknowledged as version {result}"
                )
            seen[result] = w["id"]
        if acked and version < acks[acked[-1]["id"]]["result"]:
            lost += 1
            problems.append(
                f"place #{rid} is at version {version}, below acknowledged version "
                f"{acks[acked[-1]['id']]['result']} ({acked[-1]['id']})"
            )
        for name in FIELDS:
            on_field = [w for w in acked if w["field"] == name]
            if not on_field:
                continue
            last = on_field[-1]
            if final[name] == last["value"]:
                continue
            # Replaced by a write that committed but was never acknowledged (killed after
            # the commit): it must have been made on top of the last acknowledged one.
            later = [
                w
                for w in ws
                if w["id"] not in acks
                and w["field"] == name
                and w["value"] == final[name]
                and w["base"] >= acks[last["id"]]["result"]
            ]
            if not later:
                lost += 1
                problems.append(
                    f"LOST WRITE place #{rid}.{name}: acknowledged {last['kind']} {last['id']} "
                    f"wrote {last['value']!r} (version {acks[last['id']]['result']}), the register "
                    f"has {final[name]!r} (version {version})"
                )
    return lost


def _verify_imports(
    con: sqlite3.Connection, intents: dict, acks: dict, problems: list[str]
) -> tuple[int, int]:
    undo_of: dict[str, list[str]] = defaultdict(list)
    for i, e in intents.items():
        if e["kind"] == "undo_import":
            undo_of[e["of"]].append(i)
    half = lost = 0
    for i, e in sorted(intents.items()):
        if e["kind"] not in ("import", "import_cli"):
            continue
        present = [_row_present(con, local, partner) for local, partner in e["rows"]]
        n = sum(present)
        state = "all" if n == len(present) else "none" if n == 0 else "part"
        undo_acked = any(u in acks for u in undo_of[i])
        undo_tried = bool(undo_of[i])
        what = f"{e['kind']} {i} ({len(present)} rows, batch {acks.get(i, {}).get('batch')})"
        if state == "part":
            half += 1
            problems.append(f"HALF-WRITTEN {what}: {n} of {len(present)} rows present")
            continue
        if i in acks:
            if undo_acked and state == "all":
                lost += 1
                problems.append(f"LOST UNDO {what}: undo acknowledged but its rows remain")
            elif not undo_tried and state == "none":
                lost += 1
                problems.append(f"LOST IMPORT {what}: acknowledged but none of its rows are there")
            batch = acks[i].get("batch")
            if batch is not None:
                found = con.execute(
                    "SELECT undone_at FROM import_batch WHERE id = ?", (batch,)
                ).fetchone()
                if found is None:
                    lost += 1
                    problems.append(f"LOST IMPORT {what}: batch {batch} is not recorded")
                elif (found[0] is not None) != (state == "none"):
                    half += 1
                    problems.append(
                        f"INCONSISTENT {what}: batch undone_at={found[0]} but rows {state}"
                    )
    return half, lost


def _row_present(con: sqlite3.Connection, local: str, partner: str) -> bool:
    return (
        con.execute(
            "SELECT count(*) FROM pairing p JOIN place a ON a.id = p.place_a_id "
            "JOIN place b ON b.id = p.place_b_id "
            "WHERE (a.name_en = ? AND b.name_en = ?) OR (a.name_en = ? AND b.name_en = ?)",
            (local, partner, partner, local),
        ).fetchone()[0]
        == 1
        and con.execute(
            "SELECT count(*) FROM place WHERE name_en IN (?, ?)", (local, partner)
        ).fetchone()[0]
        == 2
    )


# -- the whole run -------------------------------------------------------------------------
def run(
    workers: int = 2,
    seconds: float = 300,
    kills: int | None = None,
    seed: int = 0,
    folder: Path | None = None,
    inject: list[str] | tuple = (),
    log: Callable[[str], None] = print,
) -> Result:
    folder = Path(folder or tempfile.mkdtemp(prefix="twindesk-stress-"))
    folder.mkdir(parents=True, exist_ok=True)
    kills = round(seconds / 20) if kills is None else kills  # three a minute
    log(
        f"stress: {workers} workers, {seconds:g} s, {kills} kills, seed {seed}, in {folder}"
        + (f", injected: {', '.join(inject)}" if inject else "")
    )
    path = setup_register(folder, workers)
    sup = Supervisor(folder, workers, seconds, kills, seed, list(inject), log)
    figures = sup.run()
    figures.update({"workers": workers})
    more, ops, problems, bugs = verify(folder, path)
    figures.update(more)
    damage, findings = check_file(path, sup.env)
    figures["integrity_failures"] = len(damage) + more["quick_check_failures"]
    figures["check_rule_findings"] = len(findings)
    problems = damage + problems + sup.crashes
    result = Result(
        figures, ops, problems, bugs + [f"twindesk check finding: {f}" for f in findings], folder
    )
    for line in table(result):
        log(line)
    return result


def table(result: Result) -> list[str]:
    lines = [
        "",
        f"{'operation':<14}"
        + "".join(
            f"{c:>9}" for c in ("ok", "stale", "refused", "busy", "raw", "error", "bug", "killed")
        ),
    ]
    for kind in WEIGHTS:
        c = result.ops.get(kind, Counter())
        lines.append(
            f"{kind:<14}"
            + "".join(
                f"{c[k]:>9}"
                for k in ("ok", "stale", "refused", "busy", "raw", "error", "bug", "interrupted")
            )
        )
    lines.append("")
    f = result.figures
    for key, label in (
        ("workers", "workers"),
        ("duration_s", "duration (s)"),
        ("kills", "kills (SIGKILL)"),
        ("restarts", "restarts"),
        ("acknowledged_writes", "acknowledged writes"),
        ("stale_refused", "refused stale saves"),
        ("undo_import_refused", "refused import undos"),
        ("clear_busy_errors", "clear busy errors"),
        ("max_wait_s", "longest write (s)"),
        ("other_errors", "other errors / bugs"),
        ("crashes", "worker crashes"),
        ("check_rule_findings", "check rule findings"),
        ("raw_errors", "RAW locked/OperationalError"),
        ("lost", "LOST writes"),
        ("half_written", "HALF-WRITTEN imports"),
        ("integrity_failures", "INTEGRITY failures"),
    ):
        lines.append(f"  {label:<30}{f.get(key, '')!s:>10}")
    for p in result.problems[:40]:
        lines.append(f"PROBLEM: {p}")
    for b in result.bugs[:20]:
        lines.append(f"reported: {b}")
    lines.append("FAILED" if result.failed else "PASSED")
    return lines


# -- the deterministic lock scenario --------------------------------------------------------
WINDOW = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from bench.stress import _inject
_inject(sys.argv[3:])
from twindesk.core import operations as ops
from twindesk.core.storage import open_register
path = Path(sys.argv[1])
held = open_register(path, verify=True)
held.info()
print("ready", flush=True)
for line in sys.stdin:
    cmd, _, arg = line.strip().partition(" ")
    if cmd == "reopen":
        open_register(path, verify=True).close()
    elif cmd == "add":
        with held.write() as s:
            ops.create(s, "place", {"name_en": arg, "country_code": "JP"})
    elif cmd == "quit":
        break
    print("done", flush=True)
held.close()
"""
ONESHOT = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from twindesk.core import operations as ops
from twindesk.core.storage import open_register
with open_register(Path(sys.argv[1])) as r, r.write() as s:
    ops.create(s, "place", {"name_en": sys.argv[3], "country_code": "FR"})
"""


class _WindowFailedError(Exception):
    pass


def lock_scenario(folder: Path, inject: list[str] | tuple = ()) -> list[str]:
    """The window holds the register and re-opens it (a settings change) while another
    program opens it, writes and closes; then the window writes again. Every write must be
    seen by a newcomer, before and after the window closes, and the file must stay whole.
    Returns what went wrong (empty when all is well)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = setup_register(folder, 0)
    env = {**os.environ, "TWINDESK_DATA_DIR": str(folder / "data")}
    errors = open(folder / "window.log", "w+")
    window = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(path), str(ROOT), *inject],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    problems: list[str] = []

    def tell(line: str) -> None:
        try:
            window.stdin.write(line + "\n")
            window.stdin.flush()
            answer = window.stdout.readline().strip()
        except OSError:
            answer = ""
        if answer != "done":
            window.wait(timeout=60)
            errors.seek(0)
            last = [t for t in errors.read().splitlines() if "Error" in t][-1:] or ["(nothing)"]
            raise _WindowFailedError(f"the window process failed at {line!r}: {last[0]}")

    def names() -> set[str]:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)  # a newcomer
        try:
            return {r[0] for r in con.execute("SELECT name_en FROM place")}
        finally:
            con.close()

    written: list[str] = []
    try:
        if window.stdout.readline().strip() != "ready":
            raise RuntimeError("window process did not start")
        for step in range(3):
            tell(f"add window-{step}")
            written.append(f"window-{step}")
            tell("reopen")  # Settings > OK: the window opens its file a second time
            name = f"other-{step}"
            subprocess.run(
                [sys.executable, "-c", ONESHOT, str(path), str(ROOT), name],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=120,
            )
            written.append(name)
            tell(f"add window-after-{step}")
            written.append(f"window-after-{step}")
            missing = [n for n in written if n not in names()]
            if missing:
                problems.append(f"after round {step}: a newcomer does not see {missing}")
        window.stdin.write("quit\n")
        window.stdin.flush()
        window.wait(timeout=60)
    except _WindowFailedError as e:
        problems.append(str(e))
    finally:
        errors.close()
        if window.poll() is None:
            window.kill()
            window.wait()
        for pipe in (window.stdin, window.stdout):
            try:
                pipe.close()
            except OSError:
                pass
    missing = [n for n in written if n not in names()]
    if missing:
        problems.append(f"after the window closed: {missing} are gone")
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        check = [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()
    if check != ["ok"]:
        problems.append(f"integrity_check: {check[:5]}")
    return problems


# -------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        return worker_main(argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seconds", type=float, default=300)
    p.add_argument(
        "--kills", type=int, default=None, help="SIGKILLs over the whole run (default: 3 a minute)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--dir", type=Path, default=None, help="work folder (default: a new temp folder)"
    )
    p.add_argument(
        "--inject",
        action="append",
        default=[],
        choices=INJECTIONS,
        help="put a known bug back into the workers, to see the check catch it",
    )
    p.add_argument(
        "--lock-scenario", action="store_true", help="run only the deterministic re-open scenario"
    )
    a = p.parse_args(argv)
    if a.lock_scenario:
        problems = lock_scenario(
            a.dir or Path(tempfile.mkdtemp(prefix="twindesk-locks-")), a.inject
        )
        print("\n".join(problems) or "lock scenario: every write seen, file whole")
        return 1 if problems else 0
    result = run(a.workers, a.seconds, a.kills, a.seed, a.dir, a.inject)
    return 1 if result.failed else 0


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
