"""Benchmark: the annual report on a register of 3,000 pairings and 50,000 exchanges.

    .venv/bin/python bench/bench_reports.py [--year 2024] [--lang zh] [--fresh]

The register is made once by ``bench.generate`` and cached in bench/out/ (git-ignored).
Prints seconds, pages, pages per second and peak memory, and exits 1 when the report
takes 10 s or more, or the process 500 MB or more.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.generate import generate  # noqa: E402
from twindesk.core.models import Exchange, Pairing  # noqa: E402
from twindesk.core.reports import build_annual_report  # noqa: E402
from twindesk.core.storage import open_register  # noqa: E402

OUT = ROOT / "bench" / "out"
PAIRINGS, EXCHANGES = 3_000, 50_000
LIMIT_SECONDS, LIMIT_MB = 10.0, 500.0


def register_file(fresh: bool = False) -> Path:
    path = OUT / f"reports-{PAIRINGS}-pairings-{EXCHANGES}-exchanges.sqlite3"
    if path.exists() and not fresh:
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    generate(path, EXCHANGES, seed=0, pairings=PAIRINGS)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--fresh", action="store_true", help="generate the register again")
    args = parser.parse_args(argv)
    path = register_file(args.fresh)
    out = OUT / f"annual-{args.year}-{args.lang}.pdf"
    with open_register(path, read_only=True) as register:
        with register.connect() as conn:
            counts = {m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar()
                      for m in (Pairing, Exchange)}
        start, cpu = time.perf_counter(), time.process_time()
        result = build_annual_report(register, year=args.year, lang=args.lang,
                                     office="Benchmark Foreign Affairs Office", out=out)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"register: {path.name} ({counts['pairing']:,} pairings, {counts['exchange']:,} exchanges)")
    print(f"annual report {args.year} ({args.lang}): {seconds:.2f} s ({cpu:.2f} s CPU), {result.pages} pages, "
          f"{result.pages / seconds:.1f} pages/s, peak RSS {peak_mb:.0f} MB -> {out}")
    ok = seconds < LIMIT_SECONDS and peak_mb < LIMIT_MB
    if not ok:
        print(f"FAIL: limits are {LIMIT_SECONDS:.0f} s and {LIMIT_MB:.0f} MB", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
