"""Many clerks on one PostgreSQL register at once (issue #16, point 6): throughput, latency,
conflicts, and proof that no save is lost.

    python bench/bench_clerks.py                        # 10 clerks, 300 s, a throwaway server
    python bench/bench_clerks.py --seconds 30           # a quick run
    python bench/bench_clerks.py --clerks 20 --db postgresql://me@server/bench_register

Each clerk is a process of its own with its own ``Register`` (as each clerk's window has),
doing a seeded random mix of what clerks do all day:

- quick searches of the pairings' list (the count and first page a list shows);
- edits, by read-modify-write with optimistic locking, as a form does: read the pairing
  (the form opens), think a moment, save with the version read. Each edit increments a
  counter kept in the pairing's notes. A third of the edits go to one "hot" pairing that
  every clerk edits, the rest to pairings picked at random. A save refused because another
  clerk saved first (ConflictError) is re-read and tried again, and counted;
- a small import (a .csv of three new partner cities) through the import's check and commit;
- an export of a searched list to .csv.

At the end every counter is read back: it must equal the number of saves acknowledged on
that pairing (a lower value is a lost update: a save that overwrote another it never saw),
and the audit trail must hold one change per acknowledged save. Errors a clerk would see are
sorted into the register's own messages (in use, refused...) and raw database errors, which
must not happen. With no ``--db`` the bench starts a throwaway server as the tests do
(tests/postgres_server.py). A ``--db`` register must be new or one this bench made: it is
written to.

Prints operations per second, the 95th percentile of a save's and of a search's latency,
conflicts, lost updates and raw errors; ``--json FILE`` keeps the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import random
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

MARKER = "bench_clerks"  # register_info key: a register this bench made
SEED_ROWS = 2000  # pairings imported before the clerks start
HOT_SHARE = 1 / 3  # of the edits, the share that goes to the one pairing everyone edits
MIX = (  # operation, weight
    ("search", 55),
    ("edit", 35),
    ("import", 2),
    ("export", 3),
)
SEARCHES = (
    "bei",
    "shang",
    "tian",
    "wu",
    "guang",
    "ber",
    "lin",
    "ton",
    "ville",
    "北京",
    "上海",
    "日本",
    "城",
    "an",
    "ko",
)
COUNTER = re.compile(r"counter=(\d+)")


# --------------------------------------------------------------------------- the register
def prepare(url: str, rows: int, work: Path) -> tuple[int, list[int]]:
    """The register the clerks share: made (and filled by one import) the first time;
    returns the hot pairing and every pairing's id."""
    from sqlalchemy import func, insert, select

    from bench.bench_import import make_file
    from twindesk.core.errors import TwinDeskError
    from twindesk.core.models import Pairing, RegisterInfo
    from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
    from twindesk.core.storage import open_register

    with open_register(url, create=True) as register:
        if MARKER not in register.info():
            with register.connect() as conn:
                if conn.execute(select(func.count()).select_from(Pairing)).scalar():
                    raise TwinDeskError("error.generic")  # someone's register: not ours to load
            started = time.perf_counter()
            seed = make_file(work / "seed.xlsx", rows)
            with SpreadsheetImport(register, seed) as imp:
                plan = imp.validate(ImportOptions())
                imp.commit(plan, operator="bench")
            with register.connect(write=True) as conn:
                conn.execute(insert(RegisterInfo.__table__).values(key=MARKER, value="1"))
            print(
                f"register filled: {rows:,} rows imported in {time.perf_counter() - started:.1f} s"
            )
        with register.connect() as conn:
            ids = list(conn.execute(select(Pairing.id).order_by(Pairing.id)).scalars())
    return ids[0], ids


# --------------------------------------------------------------------------- one clerk
def clerk(
    url: str, number: int, seconds: float, seed: int, hot: int, ids: list[int], work: str,
    ready: Any, results: Any,
) -> None:  # fmt: skip
    """One clerk's process: open the register, wait for the others, work until the end."""
    try:
        results.put(_clerk(url, number, seconds, seed, hot, ids, Path(work), ready))
    except BaseException:
        results.put({"clerk": number, "crashed": traceback.format_exc()})
        raise


def _clerk(
    url: str, number: int, seconds: float, seed: int, hot: int, ids: list[int], work: Path,
    ready: Any,
) -> dict[str, Any]:  # fmt: skip
    from twindesk.core import operations as ops
    from twindesk.core import queries
    from twindesk.core.errors import ConflictError, TwinDeskError
    from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
    from twindesk.core.spreadsheets.export import export_list
    from twindesk.core.storage import open_register

    rng = random.Random(seed * 1000 + number)
    register = open_register(url)
    register.operator = f"clerk {number}"
    with register.connect() as conn:  # connected and warm, as a window is once open
        queries.count(conn, "pairing")
    ready.wait()
    out: dict[str, Any] = {
        "clerk": number,
        "ops": Counter(),
        "latency": {"save": [], "search": [], "import": [], "export": []},
        "conflicts": 0,
        "saved": Counter(),  # pairing id -> acknowledged increments
        "messages": Counter(),  # the register's own messages a clerk saw, by code
        "raw": [],  # anything else: raw database errors, bugs
    }
    lat = out["latency"]
    imports = 0
    deadline = time.monotonic() + seconds
    names, weights = zip(*MIX, strict=True)

    def search() -> None:
        f = queries.Filter(text=rng.choice(SEARCHES))
        started = time.perf_counter()
        with register.connect() as conn:
            if queries.count(conn, "pairing", f):
                queries.page(conn, "pairing", f, limit=200)
        lat["search"].append(time.perf_counter() - started)

    def edit() -> bool:
        target = hot if rng.random() < HOT_SHARE else rng.choice(ids)
        while time.monotonic() < deadline:
            with register.read() as s:  # the form opens
                record = ops.get(s, "pairing", target)
                version, notes = record.version, record.notes or ""
            found = COUNTER.search(notes)
            value = int(found.group(1)) + 1 if found else 1
            time.sleep(rng.uniform(0, 0.02))  # the clerk types
            started = time.perf_counter()
            try:
                with register.write() as s:
                    ops.update(s, "pairing", target, {"notes": f"counter={value}"}, version=version)
            except ConflictError:  # another clerk saved first: read again, try again
                out["conflicts"] += 1
                continue
            lat["save"].append(time.perf_counter() - started)
            out["saved"][target] += 1
            return True
        return False  # the run ended while it was retrying: not an operation done

    def small_import() -> None:
        nonlocal imports
        imports += 1
        path = work / f"clerk{number}-{imports}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["序号", "本方城市", "外文名称", "所在国家", "结好时间", "关系类型"])
            for i in range(3):
                name = f"Benchton C{number} N{imports} R{i}"
                writer.writerow([i + 1, "北京", name, "日本", 2000 + i, "友好城市"])
        started = time.perf_counter()
        with SpreadsheetImport(register, path) as imp:
            plan = imp.validate(ImportOptions())
            imp.commit(plan, operator=register.operator)
        lat["import"].append(time.perf_counter() - started)

    def export() -> None:
        started = time.perf_counter()
        export_list(
            register,
            "pairing",
            work / f"clerk{number}.csv",
            filter=queries.Filter(text=rng.choice(SEARCHES)),
        )
        lat["export"].append(time.perf_counter() - started)

    work_of = {"search": search, "edit": edit, "import": small_import, "export": export}
    while time.monotonic() < deadline:
        what = rng.choices(names, weights)[0]
        try:
            if work_of[what]() is not False:
                out["ops"][what] += 1
        except TwinDeskError as err:  # a message the clerk reads: in use, refused...
            out["messages"][err.code] += 1
        except Exception as err:  # a raw database error, or a bug
            out["raw"].append(f"{what}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    register.close()
    return out


# --------------------------------------------------------------------------- the supervisor
def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def verify(url: str, saved: Counter) -> dict[str, Any]:
    """Every counter against the saves acknowledged on it; the audit trail too."""
    from sqlalchemy import func, select

    from twindesk.core.models import AuditEntry, Pairing
    from twindesk.core.storage import open_register

    with open_register(url) as register, register.connect() as conn:
        notes = dict(
            conn.execute(
                select(Pairing.id, Pairing.notes).where(Pairing.id.in_(sorted(saved)))
            ).all()
        )
        audited = dict(
            conn.execute(
                select(AuditEntry.record_id, func.count())
                .where(
                    AuditEntry.entity == "pairing",
                    AuditEntry.field == "notes",
                    AuditEntry.new_value.like("counter=%"),
                    AuditEntry.record_id.in_(sorted(saved)),
                )
                .group_by(AuditEntry.record_id)
            ).all()
        )
    lost = wrong_audit = 0
    for pid, acknowledged in saved.items():
        found = COUNTER.search(notes.get(pid) or "")
        value = int(found.group(1)) if found else 0
        lost += max(0, acknowledged - value)
        if value > acknowledged:  # a save that was never acknowledged: also wrong
            lost += value - acknowledged
        wrong_audit += abs(audited.get(pid, 0) - acknowledged)
    return {"pairings": len(saved), "increments": sum(saved.values()), "lost": lost,
            "audit_mismatch": wrong_audit}  # fmt: skip


def run(url: str, clerks: int, seconds: float, seed: int, rows: int, label: str) -> dict:
    work = Path(tempfile.mkdtemp(prefix="twindesk-clerks-"))
    hot, ids = prepare(url, rows, work)
    ctx = mp.get_context("spawn")  # each clerk a fresh process: nothing shared but the server
    ready = ctx.Barrier(clerks + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=clerk,
            args=(url, n, seconds, seed, hot, ids, str(work), ready, results),
            daemon=True,
        )
        for n in range(1, clerks + 1)
    ]
    for p in procs:
        p.start()
    ready.wait(timeout=300)
    started = time.monotonic()
    outs = [results.get(timeout=seconds + 600) for _ in procs]
    elapsed = time.monotonic() - started
    for p in procs:
        p.join(timeout=60)
    crashed = [o["crashed"] for o in outs if "crashed" in o]
    if crashed:
        raise SystemExit("a clerk crashed:\n" + crashed[0])
    ops: Counter = sum((o["ops"] for o in outs), Counter())
    lat = {k: [v for o in outs for v in o["latency"][k]] for k in outs[0]["latency"]}
    saved: Counter = sum((o["saved"] for o in outs), Counter())
    messages: Counter = sum((o["messages"] for o in outs), Counter())
    raw = [r for o in outs for r in o["raw"]]
    checked = verify(url, saved)
    total = sum(ops.values())
    return {
        "server": label,
        "clerks": clerks,
        "seconds": round(elapsed, 1),
        "operations": total,
        "per_second": round(total / elapsed, 1),
        "by_kind": dict(ops),
        "conflicts": sum(o["conflicts"] for o in outs),
        "hot_saves": saved[hot],
        "save_ms": {
            "p50": round(1000 * statistics.median(lat["save"]), 1) if lat["save"] else None,
            "p95": round(1000 * percentile(lat["save"], 95), 1),
        },
        "search_ms": {
            "p50": round(1000 * statistics.median(lat["search"]), 1) if lat["search"] else None,
            "p95": round(1000 * percentile(lat["search"], 95), 1),
        },
        "import_ms_p95": round(1000 * percentile(lat["import"], 95), 1),
        "export_ms_p95": round(1000 * percentile(lat["export"], 95), 1),
        "lost_updates": checked["lost"],
        "audit_mismatch": checked["audit_mismatch"],
        "counters": checked,
        "messages": dict(messages),
        "raw_errors": len(raw),
        "raw_examples": raw[:5],
        "register_pairings": len(ids),
    }


def report(r: dict) -> str:
    kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(r["by_kind"].items()))
    messages = ", ".join(f"{k} ×{n}" for k, n in r["messages"].items()) or "none"
    lines = [
        f"TwinDesk clerks bench: {r['clerks']} clerks for {r['seconds']} s on {r['server']} "
        f"({r['register_pairings']:,} pairings at the start)",
        f"operations: {r['operations']:,} ({r['per_second']}/s): {kinds}",
        f"saves: p50 {r['save_ms']['p50']} ms, p95 {r['save_ms']['p95']} ms; "
        f"conflicts {r['conflicts']:,} (re-read and saved again); "
        f"{r['hot_saves']:,} saves of the pairing every clerk edits",
        f"searches: p50 {r['search_ms']['p50']} ms, p95 {r['search_ms']['p95']} ms; "
        f"imports p95 {r['import_ms_p95']} ms; exports p95 {r['export_ms_p95']} ms",
        f"lost updates: {r['lost_updates']} (counters on {r['counters']['pairings']:,} pairings, "
        f"{r['counters']['increments']:,} acknowledged saves; audit trail mismatches: "
        f"{r['audit_mismatch']})",
        f"raw database errors: {r['raw_errors']}; the register's own messages: {messages}",
    ]
    lines += [f"  {e}" for e in r["raw_examples"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clerks", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--db", help="a PostgreSQL register to use (new, or made by this bench)")
    parser.add_argument("--rows", type=int, default=SEED_ROWS, help="pairings to start with")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    server = None
    if args.db:
        url, label = args.db, "the server given"
    else:
        from postgres_server import Server, binaries

        bindir = binaries()
        if bindir is None:
            raise SystemExit("no PostgreSQL server binaries (apt-get install postgresql)")
        server = Server(bindir).start()
        url = server.new_database()
        label = f"a throwaway PostgreSQL {bindir.parent.name} server"
    try:
        result = run(url, args.clerks, args.seconds, args.seed, args.rows, label)
    finally:
        if server is not None:
            server.stop()
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if result["lost_updates"] == 0 and result["raw_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
