"""Columns read from their content as well as their headers, through `twindesk import`.

Each test writes a list the way another office would, imports it with no mapping given,
and reads back what landed in the register (or that nothing did, when TwinDesk was unsure).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bench.bench_resolve import WORLD, world_book
from twindesk import cli
from twindesk.core.models import Pairing, Place, PlaceAlias
from twindesk.core.storage import open_register


def xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def landed(db: Path) -> list[tuple]:
    a, b = aliased(Place), aliased(Place)
    with open_register(db, read_only=True) as register, register.read() as s:
        return [
            (
                la.name_en or la.name_zh,
                la.country_code,
                pb.name_en or pb.name_zh,
                pb.country_code,
                p.established,
            )
            for p, la, pb in s.execute(
                select(Pairing, a, b)
                .join(a, Pairing.place_a_id == a.id)
                .join(b, Pairing.place_b_id == b.id)
                .order_by(Pairing.id)
            )
        ]


def test_unsure_columns_stop_the_import_with_the_options_that_fix_them(tmp_path, capsys):
    book = xlsx(
        tmp_path / "towns.xlsx",
        [
            ["Home town", "Twinned with", "Date", "When"],
            ["Wuhan", "Bordeaux", "France", "1998-06-10"],
            ["Wuhan", "Duisburg", "Germany", "1982-10-08"],
            ["Wuhan", "Oita", "Japan", "1979-09-07"],
        ],
    )
    db = tmp_path / "register.sqlite3"
    assert cli.main(["import", str(book), "--db", str(db)]) == 2
    out = capsys.readouterr()
    assert "C Date: Partner country — 100% known countries, confidence 55% (unsure)" in out.out
    assert "nothing was imported" in out.err and '--map "Date=country"' in out.err
    assert landed(db) == []
    assert cli.main(["import", str(book), "--db", str(db), "--map", "Date=country"]) == 0
    assert landed(db) == [
        ("Wuhan", "CN", "Bordeaux", "FR", "1998-06-10"),
        ("Wuhan", "CN", "Duisburg", "DE", "1982-10-08"),
        ("Wuhan", "CN", "Oita", "JP", "1979-09-07"),
    ]


def test_a_column_letter_map_and_a_bad_map_are_understood(tmp_path, capsys):
    book = xlsx(
        tmp_path / "towns.xlsx",
        [["Town", "Nation", "Remarks"], ["Kobe", "Japan", "1973"], ["Osaka", "Japan", "1974"]],
    )
    db = tmp_path / "register.sqlite3"
    assert (
        cli.main(
            [
                "import",
                str(book),
                "--db",
                str(db),
                "--local",
                "天津",
                "--create-local",
                "--map",
                "C=established",
            ]
        )
        == 0
    )
    assert [(r[2], r[4]) for r in landed(db)] == [("Kobe", "1973"), ("Osaka", "1974")]
    capsys.readouterr()
    assert cli.main(["import", str(book), "--db", str(db), "--map", "Q=partner"]) == 2
    assert "no such column" in capsys.readouterr().err
    assert cli.main(["import", str(book), "--db", str(db), "--map", "C=birthday"]) == 2
    assert "HEADER=FIELD" in capsys.readouterr().err


def test_year_month_day_columns_under_one_header_make_one_date(tmp_path):
    book = xlsx(
        tmp_path / "tianjin.xlsx",
        [
            ["天津市国际友好城市统计表", None, None, None, None, None],
            ["序号", "友好城市", "国别", "缔结时间", None, None],
            [None, None, None, "年", "月", "日"],
            [1, "神户", "日本", 1973, 6, 24],
            [2, "费城", "美国", 1979, 2, 19],
            [3, "墨尔本", "澳大利亚", 1980, 5, None],
        ],
        merges=("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:F2"),
    )
    db = tmp_path / "register.sqlite3"
    assert (
        cli.main(["import", str(book), "--db", str(db), "--local", "天津", "--create-local"]) == 0
    )
    with open_register(db, read_only=True) as register, register.read() as s:
        got = [
            (b.name_zh, b.country_code, p.established)
            for p, b in s.execute(
                select(Pairing, Place)
                .join(Place, Pairing.place_b_id == Place.id)
                .order_by(Pairing.id)
            )
        ]
    assert got == [
        ("神户", "JP", "1973-06-24"),
        ("费城", "US", "1979-02-19"),
        ("墨尔本", "AU", "1980-05"),
    ]


def test_both_sides_numbered_with_coordinates(tmp_path):
    book = xlsx(
        tmp_path / "world.xlsx",
        [
            ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"],
            ["Berat", "Albania", 40.7022, 19.9583, "Amasya", "Turkey", 40.65, 35.8331],
            ["Kobe", "Japan", 34.69, 135.1956, "Tianjin", "China", 39.1422, 117.1767],
            ["Lyon", "France", 45.7578, 4.832, "Guangzhou", "China", 23.1291, 113.2644],
        ],
    )
    db = tmp_path / "register.sqlite3"
    assert cli.main(["import", str(book), "--db", str(db)]) == 0
    pairs = {frozenset((r[0], r[2])) for r in landed(db)}
    assert pairs == {
        frozenset(("Berat", "Amasya")),
        frozenset(("Kobe", "Tianjin")),
        frozenset(("Lyon", "Guangzhou")),
    }
    with open_register(db, read_only=True) as register, register.read() as s:
        places = {
            p.name_en: (p.country_code, p.latitude, p.longitude)
            for p in s.execute(select(Place)).scalars()
        }
    assert places["Kobe"] == ("JP", 34.69, 135.1956) and places["Amasya"] == ("TR", 40.65, 35.8331)


@pytest.mark.slow
@pytest.mark.skipif(
    not WORLD.exists(), reason="the shared world list is beside the project, not in it"
)
def test_the_world_list_as_xlsx_imports_with_no_mapping(tmp_path):
    """25,917 rows from Wikipedia's lists: both sides, countries and coordinates recognised;
    no town filed under another country than its row names."""
    book = world_book(tmp_path)  # the list as .xlsx, as the benchmark makes it
    db = tmp_path / "register.sqlite3"
    # Every town is new to this register; many are in no gazetteer: the clerk says so.
    assert (
        cli.main(["import", str(book), "--db", str(db), "--create-places"]) == 1
    )  # some refused, with reasons
    with open_register(db, read_only=True) as register, register.read() as s:
        pairings = s.execute(select(func.count()).select_from(Pairing)).scalar_one()
        with_coordinates = s.execute(
            select(func.count()).select_from(Place).where(Place.latitude.is_not(None))
        ).scalar_one()
        places = s.execute(select(func.count()).select_from(Place)).scalar_one()
        in_china = {
            p.name_en for p in s.execute(select(Place).where(Place.country_code == "CN")).scalars()
        }
        chinese = dict(
            s.execute(
                select(Place.name_en, Place.name_zh).where(
                    Place.name_en.in_(
                        (
                            "Paris",
                            "Tokyo",
                            "Moscow",
                            "Berlin",
                            "Kyiv",
                            "Saint Petersburg",
                            "Minsk",
                            "Toronto",
                        )
                    )
                )
            ).all()
        )
        states = {c for (c,) in s.execute(select(Place.country_code).distinct())}
    assert pairings >= 24_000
    # The large cities get their Chinese names from the gazetteer; no town is filed under
    # a state that no longer exists.
    assert chinese == {
        "Paris": "巴黎",
        "Tokyo": "东京",
        "Moscow": "莫斯科",
        "Berlin": "柏林",
        "Kyiv": "基辅",
        "Saint Petersburg": "圣彼得堡",
        "Minsk": "明斯克",
        "Toronto": "多伦多",
    }
    assert not states & {"SUHH", "YUCS", "CSHH", "DDDE"}
    assert with_coordinates >= 0.95 * places
    assert not {"Pristina", "Adare", "Lismore"} & in_china  # unknown countries never become China


def test_an_old_name_finds_or_makes_the_present_place(tmp_path):
    """Peking is Beijing: the register's Beijing when it has one, else a new place under its
    present name with the old spelling kept as an alias; Kiev under the USSR is Kyiv, Ukraine."""
    db = tmp_path / "register.sqlite3"
    first = xlsx(
        tmp_path / "a.xlsx",
        [
            ["Chinese city", "Partner", "Country", "Year"],
            ["Peking", "Tokyo", "Japan", 1979],
            ["Wuhan", "Kiev", "Soviet Union", 1990],
        ],
    )
    assert cli.main(["import", str(first), "--db", str(db)]) == 0
    second = xlsx(
        tmp_path / "b.xlsx",
        [
            ["中方城市", "外方城市", "国家"],
            ["北京", "莫斯科", "俄罗斯"],
            ["Peking", "Paris", "France"],
        ],
    )
    assert cli.main(["import", str(second), "--db", str(db)]) == 0
    with open_register(db, read_only=True) as register, register.read() as s:
        places = {
            (p.name_en, p.name_zh, p.country_code) for p in s.execute(select(Place)).scalars()
        }
        aliases = set(s.execute(select(PlaceAlias.alias)).scalars())
    assert ("Beijing", "北京", "CN") in places and ("Kyiv", "基辅", "UA") in places
    assert not any(en in ("Peking", "Kiev") for en, _, _ in places)
    assert (
        len([p for p in places if p[1] == "北京"]) == 1
    )  # one identity, whichever name the file used
    assert {"Peking", "Kiev"} <= aliases


def test_a_town_under_a_former_state_is_found_in_the_register_first(tmp_path):
    """诺维萨德 under 南斯拉夫: the register's Novi Sad (Serbia) answers before the gazetteer;
    a town neither knows is refused with the way out, never filed under Yugoslavia."""
    db = tmp_path / "register.sqlite3"
    first = xlsx(
        tmp_path / "a.xlsx",
        [["中方城市", "外方城市", "国家"], ["长春", "阿尔卡迪亚镇", "塞尔维亚"]],
    )
    assert cli.main(["import", str(first), "--db", str(db), "--create-places"]) == 0
    second = xlsx(
        tmp_path / "b.xlsx",
        [
            ["中方城市", "外方城市", "国家", "结好时间"],
            ["长春", "阿尔卡迪亚镇", "南斯拉夫", 1985],
            ["长春", "无名镇", "南斯拉夫", 1986],
        ],
    )
    assert cli.main(["import", str(second), "--db", str(db), "--on-duplicate", "keep"]) == 1
    with open_register(db, read_only=True) as register, register.read() as s:
        countries = {p.name_zh: p.country_code for p in s.execute(select(Place)).scalars()}
        pairings = s.execute(select(func.count()).select_from(Pairing)).scalar_one()
    assert countries["阿尔卡迪亚镇"] == "RS" and "无名镇" not in countries
    assert pairings == 2 and "YUCS" not in countries.values()
