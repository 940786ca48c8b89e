"""Benchmark: importing a 100,000-row pairings .xlsx, against the floor and a pandas peer.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--max-ratio 2]

Three measurements, each in its own process (so each peak RSS is its own), each into a
fresh register:

- floor: python-calamine reads the file, and SQLAlchemy Core bulk-inserts the same
  rows (the distinct places, then the pairings) with no checks at all;
- TwinDesk: the real import, validation included (layout, mapping, dates, countries,
  place matching, duplicates, audit rows, status history, the import batch);
- peer: pandas.read_excel with openpyxl, then the same Core bulk insert as the floor
  (pandas is in the ``bench`` extra: ``pip install -e .[bench]``).

Prints the figures and TwinDesk/floor; exits 1 when that ratio is above --max-ratio.
The generated file is cached in bench/out/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
HEADERS = ["序号", "本方城市", "外方城市", "外文名称", "所在国家", "结好时间", "关系类型", "备注"]
LOCALS = ["北京", "天津", "上海", "重庆", "武汉", "广州", "深圳", "南京", "杭州", "成都", "西安",
          "长沙", "郑州", "济南", "青岛", "大连", "沈阳", "长春", "哈尔滨", "福州", "厦门", "南昌",
          "合肥", "太原", "石家庄", "呼和浩特", "南宁", "昆明", "贵阳", "兰州", "西宁", "银川",
          "乌鲁木齐", "拉萨", "海口", "苏州", "无锡", "宁波", "温州", "烟台", "洛阳", "开封",
          "桂林", "绍兴", "扬州", "徐州", "珠海", "汕头", "湛江", "北海"]
COUNTRIES = ["日本", "Japan", "JP", "美国", "USA", "United States", "法国", "France", "FR",
             "德国", "Germany", "DE", "韩国", "Korea, Republic of", "KR", "意大利", "Italy",
             "英国", "UK", "GB", "俄罗斯", "Russia", "RU", "巴西", "Brazil", "澳大利亚", "AU",
             "加拿大", "Canada", "西班牙", "Spain", "苏联", "Yugoslavia"]
SYLLABLES = "安宝北滨昌城川达东丰福港光海河华佳江金京康兰林隆茂南宁平浦庆瑞山善顺泰通温文西祥新兴阳永玉元云州"


def make_file(path: Path, rows: int, seed: int = 4) -> Path:
    from openpyxl import Workbook

    rng = random.Random(seed)
    partners = max(1000, rows // 5)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("友好城市")
    ws.append(["某某省友好城市一览表"])
    ws.append(HEADERS)
    seen = set()
    n = 0
    while n < rows:
        local = rng.choice(LOCALS)
        p = rng.randrange(partners)
        kind = "友好城市" if rng.random() < 0.7 else "友好交流城市"
        if (local, p, kind) in seen:
            continue
        seen.add((local, p, kind))
        n += 1
        zh = "".join(SYLLABLES[(p * 7 + k * 13) % len(SYLLABLES)] for k in range(3)) + f"{p}"
        y, m, d = rng.randint(1973, 2023), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"{y}年{m}月{d}日", f"{y}.{m}", f"{y}-{m:02d}-{d:02d}", str(y), y,
                           f"{y}年{m}月"])
        country = COUNTRIES[p % len(COUNTRIES)]
        ws.append([n, local, zh, f"Town {p}", country, date, kind, "" if rng.random() < 0.9 else "备注"])
    ws.append([f"合计：{rows}个"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _fresh_register(tmp: Path):
    from twindesk.core.storage import open_register

    return open_register(tmp / "bench.sqlite3", create=True)


def _bulk_insert(register, rows: list[list]) -> int:
    """The floor's write: distinct places, then pairings, with SQLAlchemy Core, no checks."""
    from twindesk.core.models import Pairing, Place

    places: dict[tuple, int] = {}
    place_rows = []
    for r in rows:
        for key in (("CN", r[1], ""), ("JP", r[2], r[3])):
            if key not in places:
                places[key] = len(places) + 1
                place_rows.append({"id": places[key], "name_zh": key[1], "name_en": key[2],
                                   "name_native": "", "country_code": key[0],
                                   "place_type": "city", "notes": "", "search_text": ""})
    pairing_rows = [{"place_a_id": places[("CN", r[1], "")], "place_b_id": places[("JP", r[2], r[3])],
                     "kind": "sister_city" if r[6] == "友好城市" else "friendly_exchange",
                     "established": str(r[5]), "notes": r[7] or ""} for r in rows]
    with register.connect(write=True) as conn:
        conn.execute(Place.__table__.insert(), place_rows)
        conn.execute(Pairing.__table__.insert(), pairing_rows)
    return len(pairing_rows)


def part_floor(path: Path, tmp: Path) -> dict:
    from python_calamine import CalamineWorkbook

    register = _fresh_register(tmp)
    start, cpu = time.perf_counter(), time.process_time()
    data = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    rows = [r for r in data[2:] if isinstance(r[0], (int, float)) and r[0] != ""]
    n = _bulk_insert(register, rows)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "rows": n}


def part_pandas(path: Path, tmp: Path) -> dict:
    import pandas as pd

    register = _fresh_register(tmp)
    start, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_excel(path, engine="openpyxl", header=1, dtype=object)
    frame = frame[pd.to_numeric(frame["序号"], errors="coerce").notna()]
    rows = [[None if (isinstance(v, float) and v != v) else v for v in row]
            for row in frame.itertuples(index=False, name=None)]
    n = _bulk_insert(register, rows)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "rows": n}


def part_twindesk(path: Path, tmp: Path) -> dict:
    from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport

    register = _fresh_register(tmp)
    start, cpu = time.perf_counter(), time.process_time()
    with SpreadsheetImport(register, path) as imp:
        plan = imp.validate(ImportOptions())
        validated = time.perf_counter() - start
        result = imp.commit(plan, operator="bench")
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "validate_seconds": validated,
            "rows": result.inserted, "rejected": result.rejected, "places": result.places_created}


PARTS = {"floor": part_floor, "twindesk": part_twindesk, "pandas": part_pandas}


def run_part(name: str, path: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, __file__, "--part", name, "--file", str(path),
                               "--tmp", tmp], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--max-ratio", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=1,
                    help="measure each part this many times, in turn, and keep the fastest "
                         "(other work on the machine slows single runs unevenly)")
    ap.add_argument("--part", choices=PARTS)
    ap.add_argument("--file", type=Path)
    ap.add_argument("--tmp", type=Path)
    args = ap.parse_args()
    if args.part:  # a child process: one measurement
        result = PARTS[args.part](args.file, args.tmp)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    path = OUT / f"pairings-{args.rows}.xlsx"
    if not path.exists():
        print(f"writing {path} ...", flush=True)
        make_file(path, args.rows)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, {args.rows} rows)")
    results: dict[str, dict] = {}
    for _ in range(max(1, args.repeat)):
        for name in ("floor", "twindesk", "pandas"):
            r = run_part(name, path)
            best = results.get(name)
            if best is None or "error" in best or ("error" not in r and r["seconds"] < best["seconds"]):
                results[name] = r
    for name, label in (("floor", "floor (calamine + Core bulk insert)"),
                        ("twindesk", "TwinDesk import (validation included)"),
                        ("pandas", "peer: pandas + openpyxl + Core bulk insert")):
        r = results[name]
        if "error" in r:
            print(f"{label:45s} not measured: {r['error']}")
            continue
        extra = f", validate {r['validate_seconds']:.2f} s" if "validate_seconds" in r else ""
        print(f"{label:45s} {r['seconds']:7.2f} s  (CPU {r['cpu_seconds']:6.2f} s)  rows {r['rows']:>7}  "
              f"peak RSS {r['peak_rss_mb']:6.0f} MB{extra}")
    floor, ours = results["floor"], results["twindesk"]
    if "error" in floor or "error" in ours:
        return 2
    ratio = ours["seconds"] / floor["seconds"]
    print(f"ratio TwinDesk / floor: {ratio:.2f} (limit {args.max_ratio}); "
          f"CPU time ratio {ours['cpu_seconds'] / floor['cpu_seconds']:.2f}")
    if "error" not in results["pandas"]:
        print(f"ratio pandas peer / floor: {results['pandas']['seconds'] / floor['seconds']:.2f}")
    return 1 if ratio > args.max_ratio else 0


if __name__ == "__main__":
    sys.exit(main())
