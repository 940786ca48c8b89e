"""The shipped gazetteer: real partner cities of Chinese localities found by their English
and Chinese names, and the matching rules (old names, Japanese forms, suffixes, folding).

``pytest -s`` prints the accuracy figures and the misses."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from twindesk.core import gazetteer
from twindesk.core.gazetteer import complete, match

PAIRS = Path(__file__).parent / "data" / "gazetteer-pairs.csv"


def _pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _accuracy(pairs: list[dict[str, str]]) -> tuple[dict[str, float], list[str]]:
    """Shares of pairs found and right: the English name with its country gives a place of
    that country; the Chinese name, alone or with the country, gives that same place."""
    counts = dict.fromkeys(("en_found", "en_right", "zh_found", "zh_right", "zh_country_right"), 0)
    misses = []
    for p in pairs:
        by_en = match(p["name_en"], p["country"], limit=1)
        by_zh = match(p["name_zh"], limit=1)
        by_zh_cc = match(p["name_zh"], p["country"], limit=1)
        en_ok = bool(by_en) and by_en[0].country == p["country"]
        zh_ok = en_ok and bool(by_zh) and by_zh[0].id == by_en[0].id
        zh_cc_ok = en_ok and bool(by_zh_cc) and by_zh_cc[0].id == by_en[0].id
        counts["en_found"] += bool(by_en)
        counts["zh_found"] += bool(by_zh)
        counts["en_right"] += en_ok
        counts["zh_right"] += zh_ok
        counts["zh_country_right"] += zh_cc_ok
        if not (en_ok and zh_ok and zh_cc_ok):
            got_en = f"{by_en[0].name_en}/{by_en[0].name_zh}/{by_en[0].country}" if by_en else "-"
            got_zh = f"{by_zh[0].name_en}/{by_zh[0].name_zh}/{by_zh[0].country}" if by_zh else "-"
            misses.append(
                f"{p['name_en']},{p['name_zh']},{p['country']}: en→{got_en} "
                f"zh→{got_zh}{'' if zh_cc_ok else ' (wrong with the country too)'}"
            )
    return {k: v / len(pairs) for k, v in counts.items()}, misses


def test_partner_cities_are_found_by_english_and_chinese_name():
    """The list's first 344 pairs were compiled before the matching rules and the rules
    were then tuned on them; the "holdout" pairs (a seeded sample of other partner towns
    of Chinese localities in the real twin-town list) were added after, untuned, and the
    "holdout2" pairs (another such sample, tests/data/draw_gazetteer_sample.py) later,
    their Chinese names written down before the gazetteer was run on them."""
    pairs = _pairs()
    names = ("first", "holdout", "holdout2")
    sets = {name: [p for p in pairs if p["set"] == name] for name in names}
    assert len(sets["first"]) >= 220 and len(sets["holdout"]) >= 60
    assert len(sets["holdout2"]) >= 100
    shares = {}
    for name, subset in [*sets.items(), ("all", pairs)]:
        shares[name], misses = _accuracy(subset)
        s = shares[name]
        print(
            f"\n{name}: {len(subset)} partner cities: English found {s['en_found']:.1%}, right "
            f"{s['en_right']:.1%}; Chinese found {s['zh_found']:.1%}, right (same place) "
            f"{s['zh_right']:.1%}, with the country {s['zh_country_right']:.1%}"
        )
        if name != "all":
            print("misses:\n  " + "\n  ".join(misses))
    first, holdout, holdout2 = shares["first"], shares["holdout"], shares["holdout2"]
    assert first["en_right"] >= 0.95 and holdout["en_right"] >= 0.95
    assert holdout2["en_right"] >= 0.95
    assert first["zh_right"] >= 0.95 and first["zh_country_right"] >= 0.95
    # The held-out towns are smaller (most under 100,000 people), and GeoNames gives many
    # of them no Chinese name or a Taiwan form: measured 73.4% and 75.5% with the country
    # on the holdout, 73.8% and 75.7% on holdout2 (72.9% before GeoNames' tagged names).
    # Floors that catch a regression, short of the 95% goal (see db/reference/README.md).
    assert holdout["zh_right"] >= 0.70 and holdout["zh_country_right"] >= 0.70
    assert holdout2["zh_right"] >= 0.70 and holdout2["zh_country_right"] >= 0.70


def test_old_name_finds_the_place_and_says_so():
    (beijing, *_) = match("Peking")
    assert (beijing.name_en, beijing.name_zh, beijing.country) == ("Beijing", "北京", "CN")
    assert beijing.old_name
    assert not match("Beijing")[0].old_name
    assert match("Leningrad", "RU")[0].name_en == "Saint Petersburg"
    assert match("Bombay")[0].old_name


def test_japanese_kanji_and_chinese_forms_are_the_same_place():
    (by_zh, *_), (by_ja, *_), (by_en, *_) = match("横滨"), match("横浜"), match("Yokohama", "JP")
    assert by_zh.id == by_ja.id == by_en.id
    assert by_en.name_zh == "横滨"
    assert "横浜" in by_en.aliases
    assert match("下関")[0].name_zh == "下关"


def test_folding_of_sharp_s_accents_width_and_tones():
    assert gazetteer.key("Riß") == gazetteer.key("RISS") == "riss"
    assert [p.id for p in match("Gießen", "DE")] == [p.id for p in match("GIESSEN", "DE")] != []
    assert match("São Paulo")[0].id == match("Sao Paulo")[0].id == match("sao-paulo")[0].id
    assert match("Ｔｏｋｙｏ")[0].name_en == "Tokyo"
    assert match("Běijīng")[0].name_zh == "北京" == match("bei jing")[0].name_zh


def test_administrative_suffixes():
    hubei = {p.id for p in match("Hubei") if p.kind == "region"}
    assert len(hubei) == 1
    for text in ("Hubei Province", "湖北省", "湖北"):
        (first, *_) = match(text)
        assert (first.id, first.kind) == (next(iter(hubei)), "region"), text
    ranked = match("Oita Prefecture", "JP")
    assert {p.kind for p in ranked[:2]} == {"city", "region"}
    assert all(p.name_zh and p.name_zh.startswith("大分") for p in ranked[:2])
    assert match("大分县")[0].kind == "region"
    # An exact name outranks a suffix-stripped one: 四日市 is a city, not "四日" + 市.
    assert match("四日市")[0].name_en == "Yokkaichi"


def test_old_chinese_name_is_only_an_alias():
    (kh, *_) = match("Khabarovsk", "RU")
    assert kh.name_zh == "哈巴罗夫斯克"
    assert "伯力" in kh.aliases
    (by_old, *_) = match("伯力")
    assert by_old.id == kh.id and by_old.old_name


def test_country_filter_and_chinese_prefectures_are_complete():
    assert {p.country for p in match("Hamilton", "NZ")} == {"NZ"}
    with gazetteer.data_path().parent.joinpath("china_admin.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 34 + 333
    for r in rows:
        found = match(r["name_zh"], "CN")
        assert found and found[0].name_zh in (r["name_zh"], gazetteer.strip_suffix(r["name_zh"])), r


def test_complete_lists_the_most_populous_first():
    # Its speed (under 50 ms a keystroke) is bench/bench_picker.py's to measure, not a test's.
    assert complete("mos")[0].name_en == "Moscow"
    assert complete("北")[0].name_en == "Beijing"
    assert complete("") == []


def test_import_does_not_open_the_data():
    code = (
        "import sys, builtins, sqlite3\n"
        "opened = []\n"
        "real = sqlite3.connect\n"
        "sqlite3.connect = lambda *a, **k: opened.append(a) or real(*a, **k)\n"
        "import twindesk.core.gazetteer as g\n"
        "assert g._conn is None and not opened, opened\n"
        "g.match('Kobe')\n"
        "assert len(opened) == 1 and 'gazetteer.sqlite3' in opened[0][0], opened\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("text", ["", "   ", "zzzzqqq", "市"])
def test_nothing_to_find(text):
    assert match(text) == []
