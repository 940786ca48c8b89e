"""Draw a held-out sample for ``gazetteer-pairs.csv``: foreign partners of Chinese places
in the real twin-town list (shared/data/real/hekman-twincities, read where it is), not
already among the pairs of the sets named, in a seeded random order.

    .venv/bin/python tests/data/draw_gazetteer_sample.py --seed 20261201 \\
        --exclude-sets first,holdout --count 130

prints ``index<TAB>name<TAB>country`` lines. The "holdout2" set is rows 0-129 of that
draw less the ones that are not a city or town (regions, provinces, counties, districts
of a city, local government areas, an island): 107 pairs, their Chinese names written
down before the gazetteer was run on them (db/reference/README.md).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from twindesk.core import reference  # noqa: E402
from twindesk.core.countries import CountryResolver  # noqa: E402
from twindesk.core.gazetteer import key  # noqa: E402

WORLD = ROOT.parent / "shared" / "data" / "real" / "hekman-twincities" / "twin_cities.csv"
PAIRS = Path(__file__).with_name("gazetteer-pairs.csv")
CHINESE = ("CN", "TW", "HK", "MO")


def partners() -> set[tuple[str, str]]:
    """(name, country code) of every place paired with a place in China (not itself in
    China, Taiwan, Hong Kong or Macau), as the list spells it."""
    aliases = [(a["country_code"], a["alias"]) for a in reference.country_aliases()]
    resolver = CountryResolver(reference.countries(), aliases)
    codes: dict[str, str | None] = {}

    def code(value: str) -> str | None:
        if value not in codes:
            match = resolver.resolve(value)
            codes[value] = match.code if match else None
        return codes[value]

    out = set()
    with WORLD.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for a, b in (("1", "2"), ("2", "1")):
                if code(row["country" + a]) == "CN":
                    cc = code(row["country" + b])
                    if cc and cc not in CHINESE:
                        out.add((row["city" + b], cc))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--exclude-sets", default="first,holdout")
    ap.add_argument("--count", type=int, default=200)
    args = ap.parse_args()
    sets = set(args.exclude_sets.split(","))
    with PAIRS.open(encoding="utf-8", newline="") as fh:
        have = {(key(r["name_en"]), r["country"]) for r in csv.DictReader(fh) if r["set"] in sets}
    candidates = sorted(p for p in partners() if (key(p[0]), p[1]) not in have)
    random.Random(args.seed).shuffle(candidates)
    for i, (name, cc) in enumerate(candidates[: args.count]):
        print(i, name, cc, sep="\t")


if __name__ == "__main__":
    main()
