"""Benchmark: the whole ``twindesk import`` of a 100,000-row .xlsx, against the floor in the same run.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--repeat 3] [--max-ratio 2.5] [--fresh]
    .venv/bin/python bench/bench_import.py --pandas   # also the pandas + openpyxl peer, once

The file (cached in bench/out/, git-ignored) is what a provincial office keeps: a title
row, the clear headers 序号/本方城市/外方城市/外文名称/所在国家/结好时间/关系类型/备注 (so
column recognition is sure and the command goes ahead), the local side from 50 Chinese
cities, every partner new and distinct (a plausible synthetic name in Chinese and in
English, with its country written as a Chinese name, an English name or a code), dates in
six forms, and a total row at the foot. Each measurement is a process of its own, timed
whole from outside as issue 15 asks (start-up and imports included), into an empty
register made beforehand by ``twindesk init`` (untimed: a clerk's register is there
before the list comes), with its peak RSS from the kernel (``wait4``):

- floor: python-calamine reads the sheet, SQLAlchemy Core inserts the distinct places,
  then the pairings pointing at them (the two tables reflected from the register: the
  process imports nothing of TwinDesk's); nothing checked. The work alone, timed inside
  its process, is shown beside it;
- TwinDesk: ``python -m twindesk import FILE --db REGISTER`` as a clerk runs it: the
  backup it makes first (of an empty register: cheap), layout, column recognition,
  every row validated (dates, countries, place matching, duplicates), the gazetteer
  completing the new places, then one transaction with the places, pairings, status
  history, audit rows and the import batch that undo uses.

The two alternate, ``--repeat`` times each, and the best of each counts (other work on the
machine slows single runs unevenly). Prints both, the ratio and PASS/FAIL against the goal
(TwinDesk <= 2.5 x floor); exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
GOAL = 2.5
HEADERS = ["序号", "本方城市", "外方城市", "外文名称", "所在国家", "结好时间", "关系类型", "备注"]
LOCALS = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "武汉",
    "广州",
    "深圳",
    "南京",
    "杭州",
    "成都",
    "西安",
    "长沙",
    "郑州",
    "济南",
    "青岛",
    "大连",
    "沈阳",
    "长春",
    "哈尔滨",
    "福州",
    "厦门",
    "南昌",
    "合肥",
    "太原",
    "石家庄",
    "呼和浩特",
    "南宁",
    "昆明",
    "贵阳",
    "兰州",
    "西宁",
    "银川",
    "乌鲁木齐",
    "拉萨",
    "海口",
    "苏州",
    "无锡",
    "宁波",
    "温州",
    "烟台",
    "洛阳",
    "开封",
    "桂林",
    "绍兴",
    "扬州",
    "徐州",
    "珠海",
    "汕头",
    "湛江",
    "北海",
]
# A partner country as offices write it: its Chinese name, its English name or its code.
COUNTRIES = [
    ("JP", "日本", "Japan"),
    ("US", "美国", "United States"),
    ("FR", "法国", "France"),
    ("DE", "德国", "Germany"),
    ("KR", "韩国", "Korea, Republic of"),
    ("IT", "意大利", "Italy"),
    ("GB", "英国", "United Kingdom"),
    ("RU", "俄罗斯", "Russia"),
    ("BR", "巴西", "Brazil"),
    ("AU", "澳大利亚", "Australia"),
    ("CA", "加拿大", "Canada"),
    ("ES", "西班牙", "Spain"),
    ("PL", "波兰", "Poland"),
    ("SE", "瑞典", "Sweden"),
    ("NL", "荷兰", "Netherlands"),
    ("AR", "阿根廷", "Argentina"),
    ("MX", "墨西哥", "Mexico"),
    ("EG", "埃及", "Egypt"),
    ("ZA", "南非", "South Africa"),
    ("TR", "土耳其", "Turkey"),
    ("TH", "泰国", "Thailand"),
    ("VN", "越南", "Viet Nam"),
    ("NZ", "新西兰", "New Zealand"),
    ("PT", "葡萄牙", "Portugal"),
    ("HU", "匈牙利", "Hungary"),
    ("CZ", "捷克", "Czechia"),
    ("FI", "芬兰", "Finland"),
    ("KZ", "哈萨克斯坦", "Kazakhstan"),
    ("CL", "智利", "Chile"),
    ("MA", "摩洛哥", "Morocco"),
]
# Synthetic partner names: onset + middle + ending, each with a fixed Chinese rendering
# (two characters, one, two), so distinct English names have distinct Chinese ones.
ONSETS = (
    "Al Bel Car Dor El Fen Gar Hal Ing Jor Kel Lin Mar Nor Ol Pem Quin Ros Sal Tor "
    "Ul Val Wes Yar Zel Ash Brig Cam Dun East Fair Glen Hart Iver Kings Lang Mill New "
    "Oak Pens Red Stan Thorn Up Vern Wal Ard Bran Cul Dal Ev Fal Gor Hol Kar Lor Mor "
    "Nad Os Par"
).split()
MIDDLES = (
    "a e i o u an en in on ar er or el il ol al ad ed id od am em im om as es is os "
    "av ev iv ov ab eb ib ob ag eg ig".split()
)
ENDINGS = (
    "ton ford burg ville field haven mouth stad dorf heim berg polis grad sk ova ino "
    "ano ara eux ac ay by wick ham stead bridge port mont court dale gate well worth "
    "bury ley stone hill wood land sund holm vik borg lund sen dam feld hausen rode "
    "zell nitz"
).split()
_HAN = (
    "阿巴贝波卡科达德多埃法菲富加格戈哈赫霍伊因乔卡凯克拉莱林罗马梅米莫纳内尼诺奥帕佩皮蓬昆"
    "拉雷里罗萨塞西索塔特蒂托乌瓦韦维沃亚耶约泽齐佐"
)
_HAN2 = [a + b for a in _HAN for b in _HAN if a != b]
_MID = "尔伦安恩因翁阿埃伊奥乌拉勒利洛鲁马梅米莫穆纳讷尼诺努萨瑟西索苏达德迪多杜图莱珀"
_END2 = [
    "顿堡",
    "福德",
    "伯格",
    "维尔",
    "菲尔",
    "黑文",
    "茅斯",
    "斯塔",
    "多夫",
    "海姆",
    "贝格",
    "波利",
    "格勒",
    "斯克",
    "诺娃",
    "伊诺",
    "阿诺",
    "阿拉",
    "厄城",
    "阿克",
    "埃镇",
    "比镇",
    "威克",
    "汉姆",
    "斯特",
    "布里",
    "波特",
    "蒙特",
    "考特",
    "代尔",
    "盖特",
    "韦尔",
    "沃思",
    "伯里",
    "利镇",
    "斯通",
    "希尔",
    "伍德",
    "兰德",
    "松德",
    "霍尔",
    "维克",
    "博里",
    "隆德",
    "森镇",
    "丹姆",
    "费尔",
    "豪森",
    "罗德",
    "采尔",
    "尼茨",
]


def partner_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """``count`` distinct (Chinese, English) partner names."""
    onset_zh = rng.sample(_HAN2, len(ONSETS))
    combos = [
        (o, m, e)
        for o in range(len(ONSETS))
        for m in range(len(MIDDLES))
        for e in range(len(ENDINGS))
    ]
    rng.shuffle(combos)
    names = []
    for n in range(count):
        o, m, e = combos[n % len(combos)]
        en = ONSETS[o] + MIDDLES[m] + ENDINGS[e]
        zh = onset_zh[o] + _MID[m] + _END2[e]
        if n >= len(combos):  # more rows than combinations: a numbered twin
            en, zh = f"{en} {n // len(combos) + 1}", f"{zh}{n // len(combos) + 1}"
        names.append((zh, en.capitalize()))
    return names


def make_file(path: Path, rows: int, seed: int = 4) -> Path:
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("友好城市")
    ws.append(["某某省友好城市一览表"])
    ws.append(HEADERS)
    for n, (zh, en) in enumerate(partner_names(rows, rng), start=1):
        local = rng.choice(LOCALS)
        kind = "友好城市" if rng.random() < 0.7 else "友好交流城市"
        code, country_zh, country_en = rng.choice(COUNTRIES)
        country = rng.choice((country_zh, country_zh, country_en, code))
        y, m, d = rng.randint(1973, 2023), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice(
            [f"{y}年{m}月{d}日", f"{y}.{m}", f"{y}-{m:02d}-{d:02d}", str(y), y, f"{y}年{m}月"]
        )
        ws.append([n, local, zh, en, country, date, kind, "" if rng.random() < 0.9 else "备注"])
    ws.append([f"合计：{rows}个"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- the children
def _bulk_insert(engine, rows: list[list]) -> int:
    """The floor's write: distinct places, then pairings, with SQLAlchemy Core, no checks.

    The two tables are read from the register itself (reflected), so the floor's process
    needs SQLAlchemy and nothing of TwinDesk's."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, String

    meta = MetaData()
    meta.reflect(engine, only=["place", "pairing"])
    now = datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}  # the models' defaults
    # The pairing's other text columns, which the models default to "" (reflection does
    # not see Python-side defaults): the row values below take their place where given.
    blank = {
        c.name: ""
        for c in meta.tables["pairing"].c
        if not c.nullable and isinstance(c.type, String) and c.server_default is None
    }
    codes = {spelling: code for code, *spellings in COUNTRIES for spelling in (code, *spellings)}
    places: dict[tuple, int] = {}
    place_rows = []
    pairing_rows = []
    for r in rows:
        ids = []
        for key in (("CN", r[1], ""), (codes.get(r[4], "JP"), r[2], r[3])):
            pid = places.get(key)
            if pid is None:
                pid = places[key] = len(places) + 1
                place_rows.append(
                    {
                        **stamp,
                        "id": pid,
                        "name_zh": key[1],
                        "name_en": key[2],
                        "name_native": "",
                        "country_code": key[0],
                        "place_type": "city",
                        "notes": "",
                        "search_text": "",
                    }
                )
            ids.append(pid)
        pairing_rows.append(
            {
                **stamp,
                **blank,
                "level": "city",
                "status": "established",
                "place_a_id": ids[0],
                "place_b_id": ids[1],
                "kind": "sister_city" if r[6] == "友好城市" else "friendly_exchange",
                "established": str(r[5]),
                "notes": r[7] or "",
            }
        )
    with engine.begin() as conn:
        conn.execute(meta.tables["place"].insert(), place_rows)
        conn.execute(meta.tables["pairing"].insert(), pairing_rows)
    return len(pairing_rows)


def part_floor(path: Path, db: Path) -> dict:
    from python_calamine import CalamineWorkbook
    from sqlalchemy import create_engine

    start, cpu = time.perf_counter(), time.process_time()
    data = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    rows = [r for r in data[2:] if isinstance(r[0], (int, float)) and r[0] != ""]
    n = _bulk_insert(create_engine(f"sqlite:///{db}"), rows)
    return {
        "rows": n,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
    }


def part_pandas(path: Path, db: Path) -> dict:
    import pandas as pd
    from sqlalchemy import create_engine

    start, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_excel(path, engine="openpyxl", header=1, dtype=object)
    frame = frame[pd.to_numeric(frame["序号"], errors="coerce").notna()]
    rows = [
        [None if (isinstance(v, float) and v != v) else v for v in row]
        for row in frame.itertuples(index=False, name=None)
    ]
    n = _bulk_insert(create_engine(f"sqlite:///{db}"), rows)
    return {
        "rows": n,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
    }


PARTS = {"floor": part_floor, "pandas": part_pandas}


def run_child(command: list[str], work: Path, ok: tuple[int, ...] = (0,)) -> dict:
    """Wall time, CPU time (user + system) and peak RSS of one child process."""
    env = {**os.environ, "TWINDESK_DATA_DIR": str(work / "data"), "PYTHONPATH": str(ROOT)}
    with open(work / "stdout", "w+") as out, open(work / "stderr", "w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    result = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "exit": proc.returncode,
        "stdout": stdout,
    }
    if proc.returncode not in ok:
        result["error"] = (stderr or stdout).strip().splitlines()[-3:]
    return result


def measure(name: str, path: Path) -> dict:
    """One process importing ``path`` into an empty register made beforehand (as a clerk's
    register is there before the list comes), timed whole from outside: start-up and
    imports included, for TwinDesk and the floor alike."""
    with tempfile.TemporaryDirectory(prefix="twindesk-bench-import-") as tmp:
        work, db = Path(tmp), Path(tmp) / "register.sqlite3"
        made = run_child([sys.executable, "-m", "twindesk", "--db", str(db), "init"], work)
        if "error" in made:
            return made
        if name == "twindesk":
            command = [
                sys.executable,
                "-m",
                "twindesk",
                "import",
                str(path),
                "--db",
                str(db),
                "--lang",
                "en",
                "--create-places",
            ]  # every partner is new: the clerk says so
            ok = (0, 1)  # 1: some rows rejected, the rest imported
        else:
            command = [
                sys.executable,
                __file__,
                "--part",
                name,
                "--file",
                str(path),
                "--db",
                str(db),
            ]
            ok = (0,)
        r = run_child(command, work, ok)
        if "error" not in r:
            r["rows"] = _count_pairings(db)
            if name != "twindesk":  # the work alone, as timed inside the process
                inner = json.loads(r["stdout"].strip().splitlines()[-1])
                r["inner_seconds"] = inner["seconds"]
        return r


def _count_pairings(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM pairing").fetchone()[0]


def pair(path: Path, rows: int, floor_first: bool = False) -> tuple[float, float]:
    """One ``measure`` of each, TwinDesk's checked to have imported every row: (TwinDesk
    seconds, floor seconds), for bench/floors.py."""
    runs = {
        name: measure(name, path)
        for name in (("floor", "twindesk") if floor_first else ("twindesk", "floor"))
    }
    for name, r in runs.items():
        if "error" in r or r.get("rows") != rows:
            raise RuntimeError(
                f"import {name}: exit {r['exit']}, {r.get('rows')} of {rows} rows "
                f"imported: {r.get('error') or r['stdout'][-500:]}"
            )
    return runs["twindesk"]["seconds"], runs["floor"]["seconds"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="measure each this many times, alternating, and keep the fastest",
    )
    ap.add_argument("--max-ratio", type=float, default=GOAL)
    ap.add_argument("--fresh", action="store_true", help="write the file again")
    ap.add_argument("--pandas", action="store_true", help="also the pandas + openpyxl peer, once")
    ap.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.part:  # a child process: one measurement
        print(json.dumps(PARTS[args.part](args.file, args.db)))
        return 0
    path = OUT / f"pairings-new-{args.rows}.xlsx"
    if args.fresh or not path.exists():
        print(f"writing {path} ...", flush=True)
        make_file(path, args.rows)
    print(
        f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows, every partner new)"
    )
    runs: dict[str, list[dict]] = {"floor": [], "twindesk": []}
    for _ in range(max(1, args.repeat)):  # alternating: a busy machine slows both alike
        for name in runs:
            r = measure(name, path)
            runs[name].append(r)
            if "error" in r:
                print(f"{name}: failed (exit {r['exit']}): {r['error']}", file=sys.stderr)
                return 2
    if args.pandas:
        runs["pandas"] = [measure("pandas", path)]
        if "error" in runs["pandas"][0]:
            print(f"peer not measured: {runs['pandas'][0]['error']} (pip install -e .[bench])")
            del runs["pandas"]
    best = {name: min(rs, key=lambda r: r["seconds"]) for name, rs in runs.items()}
    labels = {
        "floor": "floor (calamine + Core inserts)",
        "twindesk": "TwinDesk `twindesk import`",
        "pandas": "peer: pandas + openpyxl + Core",
    }
    for name, r in best.items():
        print(
            f"{labels[name]:32s} {r['seconds']:6.2f} s  (CPU {r['cpu_seconds']:6.2f} s)  "
            f"rows {r.get('rows', '?'):>7}  peak RSS {r['peak_rss_mb']:5.0f} MB  "
            f"runs: {', '.join(format(x['seconds'], '.2f') for x in runs[name])}"
        )
        if "inner_seconds" in r:
            print(
                f"{'':32s} (the work alone, timed inside the process: {r['inner_seconds']:.2f} s)"
            )
    floor, ours = best["floor"], best["twindesk"]
    if ours.get("rows") != args.rows:
        print(
            f"TwinDesk imported {ours.get('rows')} of {args.rows} rows:\n{ours['stdout']}",
            file=sys.stderr,
        )
        return 2
    ratio = ours["seconds"] / floor["seconds"]
    verdict = "PASS" if ratio <= args.max_ratio else "FAIL"
    print(
        f"ratio TwinDesk / floor: {ratio:.2f} (goal <= {args.max_ratio}); "
        f"CPU ratio {ours['cpu_seconds'] / floor['cpu_seconds']:.2f}  {verdict}"
    )
    if "pandas" in best:
        print(f"ratio pandas peer / floor: {best['pandas']['seconds'] / floor['seconds']:.2f}")
    return 1 if verdict == "FAIL" else 0


if __name__ == "__main__":
    sys.exit(main())
