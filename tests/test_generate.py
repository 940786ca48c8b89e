"""The synthetic register generator (bench/generate.py) makes normal, rule-abiding registers."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC
from pathlib import Path

import pytest

import bench.generate as gen_module
from bench.generate import generate
from twindesk.core import dates
from twindesk.core.check import check_register
from twindesk.core.models import Contact, Exchange, Pairing, Place, Programme
from twindesk.core.search import normalize_name, search_key
from twindesk.core.storage import open_register

MAIN_TABLES = (
    "place",
    "place_alias",
    "pairing",
    "pairing_status_change",
    "programme",
    "programme_field",
    "programme_item",
    "contact",
    "contact_pairing",
    "exchange",
    "exchange_pairing",
    "exchange_place",
    "exchange_field",
)
NOT_YET = ("proposed", "negotiating", "approved")


def dump(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in MAIN_TABLES}
    finally:
        con.close()


def query(path: Path, sql: str, *params) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """One 1k register shared by the read-only checks."""
    folder = tmp_path_factory.mktemp("generated")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TWINDESK_DATA_DIR", str(folder / "data"))
        path = folder / "r1k.sqlite3"
        counts = generate(path, 1_000, seed=0)
    return path, counts


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TWINDESK_DATA_DIR", str(tmp_path / "data"))


def test_same_seed_gives_same_content(made, tmp_path):
    path, _ = made
    again = tmp_path / "again.sqlite3"
    generate(again, 1_000, seed=0)
    first, second = dump(path), dump(again)
    for table in MAIN_TABLES:
        assert first[table] == second[table], table


def test_other_seed_gives_other_content(made, tmp_path):
    path, _ = made
    other = tmp_path / "other.sqlite3"
    generate(other, 1_000, seed=1)
    first, second = dump(path), dump(other)
    assert first["place"] != second["place"]
    assert first["exchange"] != second["exchange"]


def test_parallel_path_gives_the_same_content(made, tmp_path, monkeypatch):
    """Large sizes make exchanges in a second process and pinyin in a pool: same result."""
    path, _ = made
    monkeypatch.setattr(gen_module, "PARALLEL_MIN", 0)
    monkeypatch.setattr(gen_module, "POOL_MIN", 0)
    monkeypatch.setattr(gen_module, "_can_fork", lambda: True)
    parallel = tmp_path / "parallel.sqlite3"
    generate(parallel, 1_000, seed=0)
    first, second = dump(path), dump(parallel)
    for table in MAIN_TABLES:
        assert first[table] == second[table], table


def test_refuses_an_existing_file(made):
    path, _ = made
    with pytest.raises(FileExistsError):
        generate(path, 1_000)


def test_counts_are_proportionate(made):
    path, counts = made
    actual = {t: query(path, f"SELECT count(*) FROM {t}")[0][0] for t in MAIN_TABLES}
    assert counts == actual
    assert actual["exchange"] == 1_000
    assert actual["pairing"] == 50  # max(50, exchanges / 20)
    assert 50 <= actual["place"] <= 90  # about pairings * 1.3
    assert actual["programme"] == 10
    assert actual["contact"] == 25
    assert actual["pairing_status_change"] >= actual["pairing"]
    assert actual["exchange"] <= actual["exchange_pairing"] <= 3 * actual["exchange"]
    local = query(path, "SELECT count(*) FROM place WHERE country_code = 'CN'")[0][0]
    assert 5 <= local < actual["place"] / 2


def test_link_counts_stay_in_their_ranges(made):
    path, _ = made
    per_exchange = Counter(e for (e,) in query(path, "SELECT exchange_id FROM exchange_pairing"))
    assert set(per_exchange) == set(range(1, 1_001))
    assert max(per_exchange.values()) <= 30
    assert sum(1 for n in per_exchange.values() if n <= 3) > 0.95 * 1_000
    fields = Counter(e for (e,) in query(path, "SELECT exchange_id FROM exchange_field"))
    assert max(fields.values()) <= 3
    prog_fields = Counter(p for (p,) in query(path, "SELECT programme_id FROM programme_field"))
    assert set(prog_fields) == set(range(1, 11)) and 1 <= min(prog_fields.values())
    assert max(prog_fields.values()) <= 4
    items = Counter(p for (p,) in query(path, "SELECT programme_id FROM programme_item"))
    assert not items or max(items.values()) <= 5
    contacts = Counter(c for (c,) in query(path, "SELECT contact_id FROM contact_pairing"))
    assert set(contacts) == set(range(1, 26)) and max(contacts.values()) <= 2
    histories = {p for (p,) in query(path, "SELECT DISTINCT pairing_id FROM pairing_status_change")}
    assert histories == set(range(1, 51))


def test_it_is_a_normal_sound_register(made):
    path, _ = made
    with open_register(path) as register:
        assert register.integrity_problems() == []
        assert check_register(register) == []  # self-pairings, duplicates, dates
        assert register.info()["synthetic"].startswith("bench.generate")
    assert query(path, "PRAGMA foreign_key_check") == []
    assert query(path, "PRAGMA integrity_check") == [("ok",)]


def test_no_self_pairings_and_no_duplicate_current_pairings(made):
    path, _ = made
    assert query(path, "SELECT id FROM pairing WHERE place_a_id = place_b_id") == []
    current = query(
        path,
        "SELECT p.place_a_id, p.place_b_id, p.kind FROM pairing p "
        "JOIN pairing_status s ON s.code = p.status WHERE s.is_current",
    )
    keys = [(min(a, b), max(a, b), kind) for a, b, kind in current]
    assert len(keys) == len(set(keys))


def test_statuses_and_their_dates(made):
    path, _ = made
    rows = query(path, "SELECT status, established, ended, source_checked FROM pairing")
    statuses = Counter(r[0] for r in rows)
    assert statuses["established"] > 0.8 * len(rows)
    assert statuses["dormant"] and statuses["ended"] and statuses["proposed"]
    for status, established, ended, checked in rows:
        if status in NOT_YET:
            assert established == ""
        else:
            assert dates.is_partial(established), established
            assert 1973 <= dates.year_of(established) <= 2026
        if status == "ended":
            assert dates.is_partial(ended) and dates.first_day(ended) > dates.last_day(established)
        else:
            assert ended == ""
        assert checked == "" or dates.is_partial(checked)
    precisions = Counter(dates.precision(r[1]) for r in rows if r[1])
    assert set(precisions) == {"year", "month", "day"}


def test_every_partial_date_is_valid(made):
    path, _ = made
    for table, columns in (
        ("pairing_status_change", ("date",)),
        ("programme", ("start", "end")),
        ("exchange", ("start", "end")),
    ):
        quoted = ", ".join('"' + c + '"' for c in columns)  # "end" is an SQL keyword
        for row in query(path, f"SELECT {quoted} FROM {table}"):
            assert dates.is_partial(row[0]), (table, row)
            if len(row) > 1 and row[1]:
                assert dates.is_partial(row[1]), (table, row)
                assert dates.last_day(row[1]) >= dates.first_day(row[0]), (table, row)
    years = [dates.year_of(s) for (s,) in query(path, "SELECT start FROM exchange")]
    assert min(years) >= 1973 and max(years) <= 2026


def test_places_are_searchable_and_in_current_countries(made):
    path, _ = made
    places = query(
        path,
        "SELECT p.name_en, p.name_zh, p.country_code, c.historic FROM place p "
        "JOIN country c ON c.code = p.country_code",
    )
    names_en = [normalize_name(p[0]) for p in places]
    assert len(names_en) == len(set(names_en))
    names_zh = [p[1] for p in places if p[1]]
    assert len(names_zh) == len(set(names_zh))
    assert len(names_zh) > 0.5 * len(places)  # a good share have Chinese names
    assert not any(p[3] for p in places)  # no historic states
    assert len({p[2] for p in places if p[2] != "CN"}) >= 10
    foreign_pairs = query(
        path,
        "SELECT a.country_code, b.country_code FROM pairing "
        "JOIN place a ON a.id = place_a_id JOIN place b ON b.id = place_b_id",
    )
    assert all(a == "CN" and b != "CN" for a, b in foreign_pairs)


def test_search_text_is_what_the_register_operations_would_store(made):
    path, _ = made
    aliases: dict[int, list[str]] = {}
    for place_id, alias in query(path, "SELECT place_id, alias FROM place_alias ORDER BY id"):
        aliases.setdefault(place_id, []).append(alias)
    for pid, en, zh, native, text in query(
        path, "SELECT id, name_en, name_zh, name_native, search_text FROM place"
    ):
        assert text == search_key([en, zh, native, *aliases.get(pid, [])])
    for sql in (
        "SELECT title_en, title_zh, search_text FROM programme",
        "SELECT title_en, title_zh, venue, search_text FROM exchange",
        "SELECT name_en, name_zh, organisation, search_text FROM contact",
    ):
        for *names, text in query(path, sql):
            assert text == search_key(names), names
    assert query(path, "SELECT count(*) FROM place WHERE search_text = ''") == [(0,)]


def test_records_read_back_through_the_orm(made):
    path, _ = made
    with open_register(path) as register, register.read() as s:
        for model in (Place, Pairing, Programme, Exchange, Contact):
            record = s.get(model, 1)
            assert record is not None
            assert record.created_at.tzinfo is not None
            assert record.created_at.utcoffset() == UTC.utcoffset(None)
            assert record.updated_at >= record.created_at
            assert record.version >= 1
