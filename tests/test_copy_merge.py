"""Copying whole registers (core.transfer, ``twindesk copy``) and merging registers into one
(core.merging, ``twindesk merge``), on SQLite files and on the real PostgreSQL server of
the ``pg_server`` fixture."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from twindesk.core import operations as ops
from twindesk.core import transfer
from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.merging import count_records, merge_registers
from twindesk.core.models import AuditEntry, ImportBatch, Pairing, Place
from twindesk.core.operations.attachments import attach
from twindesk.core.storage import migrations, open_register, postgres
from twindesk.core.storage import sqlite as sqlite_seam
from twindesk.core.transfer import CopyCancelledError, copy_register


def tables_of(url: str) -> set[str]:
    engine = create_engine(postgres.address(url).url)
    with engine.connect() as conn:
        names = postgres.table_names(conn)
    engine.dispose()
    return names


def sums(location) -> dict:
    with open_register(location, read_only=True) as register:
        return transfer.checksums(register)


@pytest.fixture
def demo_path(demo_file, tmp_path) -> Path:
    """A private copy of the demo register file (a source on SQLite whatever the engine)."""
    import shutil

    return Path(shutil.copyfile(demo_file, tmp_path / "demo.sqlite3"))


def no_work_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if ".copying-" in p.name]


# --------------------------------------------------------------------------- copy
def test_copy_file_to_server_back_and_server_to_server(demo_path, pg_server, tmp_path):
    """Every row of every table, ids kept, on both engines, checked by the checksums of
    all values; the server's sequences are past the copied ids; the copies open and pass
    the check."""
    from twindesk.core.check import check_register

    first, second = pg_server.new_database(), pg_server.new_database()
    try:
        to_server = copy_register(demo_path, first)
        assert to_server.tables["pairing"] == 29 and to_server.tables["document"] == 1
        back = copy_register(first, tmp_path / "back.sqlite3")
        across = copy_register(first, second)
        assert to_server.rows == back.rows == across.rows > 2000
        original = sums(demo_path)
        assert original["pairing"][0] == 29
        assert sums(first) == sums(tmp_path / "back.sqlite3") == sums(second) == original
        with open_register(tmp_path / "back.sqlite3") as copy:
            assert not check_register(copy)
            with copy.connect() as conn:
                assert sqlite_seam.application_id(conn) == sqlite_seam.APPLICATION_ID
        with open_register(second) as server:
            assert server.info()["application_id"] == postgres.MARKER_VALUE
            assert not check_register(server)
            with server.write() as s:  # the next id comes after the copied ones
                place = ops.create(s, "place", {"name_en": "Lyon", "country_code": "FR"})
            with server.read() as s:
                assert place.id == max(s.exec(select(Place.id)).scalars())
            with server.connect() as conn:
                deferrable = conn.execute(
                    text("SELECT count(*) FROM pg_constraint WHERE condeferrable")
                ).scalar()
            assert deferrable == 0  # the keys as the migrations made them
            # Analysed as soon as copied: the window's first queries are planned with
            # statistics, not as if the tables were empty.
            with server.connect() as conn:
                analysed = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN "
                        "('pairing', 'exchange', 'place') AND last_analyze IS NOT NULL"
                    )
                ).scalar()
            assert analysed == 3
        assert no_work_files(tmp_path)
    finally:
        pg_server.drop_database(first)
        pg_server.drop_database(second)


def test_copy_refuses_a_target_with_records_and_leaves_it_untouched(demo_path, pg_url, tmp_path):
    full = tmp_path / "full.sqlite3"
    with open_register(full, create=True) as other, other.write() as s:
        ops.create(s, "place", {"name_en": "Kobe", "country_code": "JP"})
    before = full.read_bytes()
    with pytest.raises(TwinDeskError) as info:
        copy_register(demo_path, full)
    assert info.value.code == "copy.target_not_empty"
    assert "place: 1" in info.value.message("en") and "new file" in info.value.message("en")
    assert "空数据库" in info.value.message("zh")
    assert full.read_bytes() == before and no_work_files(tmp_path)
    copy_register(demo_path, pg_url)
    with pytest.raises(TwinDeskError) as info:  # a server register with records
        copy_register(tmp_path / "nothing.sqlite3", pg_url)
    assert info.value.code == "storage.missing"
    with pytest.raises(TwinDeskError) as info:
        copy_register(full, pg_url)
    assert info.value.code == "copy.target_not_empty"
    assert sums(pg_url) == sums(demo_path)
    with pytest.raises(TwinDeskError) as info:
        copy_register(demo_path, demo_path)
    assert info.value.code == "copy.same"


def test_copy_into_a_foreign_database_is_refused(demo_path, pg_url):
    engine = create_engine(postgres.address(pg_url).url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE accounts (id integer)"))
    engine.dispose()
    with pytest.raises(StorageError) as info:
        copy_register(demo_path, pg_url)
    assert info.value.code == "storage.not_register_server"
    assert tables_of(pg_url) == {"accounts"}


def test_copy_into_an_empty_register_replaces_it(demo_path, pg_register_url, tmp_path):
    copy_register(demo_path, pg_register_url)
    assert sums(pg_register_url) == sums(demo_path)
    empty = tmp_path / "empty.sqlite3"
    open_register(empty, create=True).close()
    copy_register(demo_path, empty)
    assert sums(empty) == sums(demo_path)


def _old_register(path: Path, revision: str) -> None:
    """A register as an earlier TwinDesk made it (the migrations up to ``revision``)."""
    from twindesk.core import reference

    sqlite_seam.create_private(path)
    engine = create_engine(sqlite_seam.url_for(path))
    sqlite_seam.configure_engine(engine)
    with sqlite_seam.migration_connection(engine) as conn:
        sqlite_seam.mark_as_register(conn)
        migrations.upgrade(conn, revision)
        reference.load(conn)
        conn.execute(
            text(
                "INSERT INTO place (name_en, name_zh, name_native, country_code, place_type, "
                "notes, search_text, version, created_at, updated_at) VALUES ('Kobe', '神户', '', "
                "'JP', 'city', '', 'kobe', 1, '2020-01-01 00:00:00.000000', "
                "'2020-01-01 00:00:00.000000')"
            )
        )
    engine.dispose()


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_an_older_source_is_copied_then_its_copy_brought_up_to_date(engine_name, tmp_path, request):
    source = tmp_path / "old.sqlite3"
    _old_register(source, "0005")
    target = (
        tmp_path / "new.sqlite3" if engine_name == "sqlite" else request.getfixturevalue("pg_url")
    )
    result = copy_register(source, target)
    assert result.upgraded and result.revision == "0005"
    with open_register(target, read_only=True) as copy, copy.connect() as conn:
        assert migrations.current_revision(conn) == migrations.HEAD
        assert conn.execute(select(Place.name_zh)).scalars().all() == ["神户"]
    con = sqlite3.connect(source)  # the source itself is only read
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"
    con.close()


def test_a_source_from_a_newer_twindesk_is_refused(demo_path, tmp_path):
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(StorageError) as info:
        copy_register(demo_path, tmp_path / "copy.sqlite3")
    assert info.value.code == "storage.unknown_revision"
    assert not (tmp_path / "copy.sqlite3").exists()


@pytest.mark.parametrize("how", ["cancelled", "interrupted"])
def test_a_cancelled_copy_leaves_no_half_written_target(
    how, engine_name, demo_path, tmp_path, request
):
    """Cancelled (the callback) or interrupted (Ctrl-C's KeyboardInterrupt) half-way: no
    file, no work file; a server database as empty as it was, or its empty register kept."""
    calls = []

    def progress(table: str, done: int, total: int) -> None:
        calls.append(table)
        if how == "interrupted" and table == "pairing" and done:
            raise KeyboardInterrupt

    def cancelled() -> bool:
        return how == "cancelled" and "pairing" in calls

    expected = CopyCancelledError if how == "cancelled" else KeyboardInterrupt
    if engine_name == "sqlite":
        target = tmp_path / "copy.sqlite3"
        with pytest.raises(expected):
            copy_register(demo_path, target, progress=progress, cancelled=cancelled, batch=5)
        assert not target.exists() and no_work_files(tmp_path)
        return
    url = request.getfixturevalue("pg_url")
    with pytest.raises(expected):
        copy_register(demo_path, url, progress=progress, cancelled=cancelled, batch=5)
    assert tables_of(url) == set()
    open_register(url, create=True).close()  # an empty register there: kept as it was
    calls.clear()
    with pytest.raises(expected):
        copy_register(demo_path, url, progress=progress, cancelled=cancelled, batch=5)
    with open_register(url) as register, register.connect() as conn:
        assert count_records(conn)["pairing"] == 0 and "place" in tables_of(url)


def test_copy_on_the_command_line(demo_path, pg_url, capsys):
    from twindesk.cli import main

    assert main(["copy", str(demo_path), pg_url]) == 0
    out = capsys.readouterr()
    assert "Copying pairing: 29 of 29 rows" in out.err
    assert out.out.count("\n") == 1 and "every table verified" in out.out
    assert main(["--lang", "zh", "copy", str(demo_path), pg_url]) == 2
    err = capsys.readouterr().err
    assert "已有包含记录的登记册" in err and "createdb" in err


@pytest.mark.slow
def test_ctrl_c_on_the_command_line_leaves_no_target(tmp_path, pg_url):
    """The real thing: SIGINT to `twindesk copy` while it writes a 30,000-exchange
    register to the server; the database is left empty and the command says so."""
    from bench.generate import generate

    source = tmp_path / "big.sqlite3"
    generate(source, 30_000, seed=3)
    proc = subprocess.Popen(
        [sys.executable, "-m", "twindesk", "copy", str(source), pg_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    for line in proc.stderr:  # a table's end: the copy is under way
        if line.startswith("Copying place:"):
            break
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, out + err
    assert "Cancelled: nothing was written" in err
    assert tables_of(pg_url) == set()


# --------------------------------------------------------------------------- merge
def city_register(path: Path, city: tuple[str, str], partners: list[dict]) -> Path:
    """A city's register: its own place, partners with pairings, and for the first
    partner a programme, an exchange, a contact and an agreement (a document)."""
    with open_register(path, create=True) as register, register.write() as s:
        own = ops.create(
            s, "place", {"name_en": city[0], "name_zh": city[1], "country_code": "CN"}
        ).id
        for n, partner in enumerate(partners):
            place = ops.create(s, "place", {"country_code": partner.pop("country"), **partner})
            pairing = ops.create(
                s,
                "pairing",
                {
                    "place_a_id": own,
                    "place_b_id": place.id,
                    "kind": "sister_city",
                    "established": partner.get("notes", "") or "1980",
                },
            )
            if n:
                continue
            programme = ops.create(
                s, "programme", {"pairing_id": pairing.id, "title_en": f"{city[0]} youth plan"}
            )
            ops.create(
                s,
                "exchange",
                {
                    "title_en": f"{city[0]} delegation",
                    "exchange_type": "delegation_in",
                    "host_place_id": own,
                    "start": "2024-05",
                    "programme_id": programme.id,
                    "pairings": [pairing.id],
                    "places": [own, place.id],
                },
            )
            ops.create(
                s,
                "contact",
                {"name_en": f"Clerk of {city[0]}", "place_id": own, "pairings": [pairing.id]},
            )
            attach(
                s,
                owner="pairing",
                owner_id=pairing.id,
                file_name="agreement.pdf",
                content=f"%PDF agreement {city[0]}".encode(),
            )
    return path


@pytest.fixture
def cities(tmp_path) -> tuple[Path, Path]:
    nanjing = city_register(
        tmp_path / "nanjing.sqlite3",
        ("Nanjing", "南京"),
        [
            {"name_en": "Nagoya", "name_zh": "名古屋", "country": "JP", "notes": "1978-12-21"},
            {"name_en": "Kobe", "country": "JP"},
        ],
    )
    suzhou = city_register(
        tmp_path / "suzhou.sqlite3",
        ("Suzhou", "苏州"),
        [{"name_zh": "神户", "country": "JP"}, {"name_zh": "名古屋", "country": "JP"}],
    )
    # Suzhou's register also records Nanjing's pairing with Nagoya, dated otherwise.
    with open_register(suzhou) as register, register.write() as s:
        nanjing_id = ops.create(
            s, "place", {"name_en": "Nanjing", "name_zh": "南京", "country_code": "CN"}
        ).id
        nagoya = s.exec(select(Place.id).where(Place.name_zh == "名古屋")).scalars().one()
        ops.create(
            s,
            "pairing",
            {
                "place_a_id": nanjing_id,
                "place_b_id": nagoya,
                "kind": "sister_city",
                "established": "1978",
            },
        )
    return nanjing, suzhou


def test_merging_two_city_registers(any_register, cities):
    """Same place one row (by name, by the gazetteer: Kobe is 神户), the same pairing once
    (its other date listed, not taken), the rest carried along with its links."""
    nanjing, suzhou = cities
    target = any_register
    dry = merge_registers(target, [nanjing, suzhou], dry_run=True)
    with target.connect() as conn:
        assert count_records(conn)["place"] == 0 and not dry.written
    result = merge_registers(target, [nanjing, suzhou], operator="Li Hua")
    assert result.written and not result.questions
    assert (result.added, result.joined) == (dry.added, dry.joined)
    assert result.added["place"] == 4  # 南京 名古屋 Kobe, then 苏州 from Suzhou; 神户 = Kobe
    assert result.joined["place"] == 3  # Suzhou's 神户, 名古屋 and 南京
    assert result.added["pairing"] == 4 and result.joined["pairing"] == 1
    joined = [en for en, _zh in result.places_joined]
    assert any(
        line.startswith("神户 (JP)") and "Kobe" in line and "gazetteer" in line for line in joined
    )
    assert any(line.startswith("名古屋 (JP)") and "the same name" in line for line in joined)
    assert any("1978-12-21" in en and "“1978”" in en for en, _zh in result.conflicts)
    with target.connect() as conn:
        counts = count_records(conn)
        assert counts == {
            "place": 4,
            "pairing": 4,
            "programme": 2,
            "exchange": 2,
            "contact": 2,
            "document": 2,
        }
        nanjing_nagoya = (
            conn.execute(
                select(Pairing.established)
                .join(Place, Place.id == Pairing.place_b_id)
                .where(Place.name_zh == "名古屋")
            )
            .scalars()
            .all()
        )
        assert sorted(nanjing_nagoya) == ["1978-12-21", "1980"]  # Nanjing's, then Suzhou's
        audit = (
            conn.execute(
                select(AuditEntry.entity).where(AuditEntry.import_batch_id == result.batch_id)
            )
            .scalars()
            .all()
        )
        assert sorted(set(audit)) == [
            "contact",
            "document",
            "exchange",
            "pairing",
            "place",
            "programme",
        ]
        assert len(audit) == sum(counts.values())
        batch = conn.execute(select(ImportBatch).where(ImportBatch.id == result.batch_id)).one()
        assert "nanjing.sqlite3" in batch.file_name and batch.inserted == len(audit)
    again = merge_registers(target, [nanjing])  # everything is there already
    assert not again.written and not again.added and again.joined["pairing"] == 2


def test_an_ambiguous_place_is_asked_not_guessed(any_register, tmp_path):
    target = any_register
    with target.write() as s:
        for state in ("Illinois", "Massachusetts"):
            ops.create(s, "place", {"name_en": "Springfield", "country_code": "US", "notes": state})
    source = city_register(
        tmp_path / "wuhan.sqlite3",
        ("Wuhan", "武汉"),
        [{"name_en": "Springfield", "country": "US"}],
    )
    result = merge_registers(target, [source])
    assert not result.written and len(result.questions) == 1
    question = result.questions[0]
    assert question.key.startswith("1:place:")
    assert [v for v, _l in question.choices][-1] == "new" and len(question.choices) == 3
    assert "Springfield" in question.prompt("en") and "是哪个地点" in question.prompt("zh")
    with target.connect() as conn:
        assert count_records(conn)["place"] == 2 and count_records(conn)["pairing"] == 0
    chosen = question.choices[1][0]
    done = merge_registers(target, [source], answers={question.key: chosen})
    assert done.written and done.joined["place"] == 1
    with target.read() as s:
        partner = s.exec(select(Pairing.place_b_id)).scalars().one()
    assert str(partner) == chosen


def test_a_merge_is_all_or_nothing(any_register, cities, tmp_path):
    """The second source has a pairing whose place is missing (written with the keys
    off): the merge stops with the reason, and the first source's records are not kept."""
    nanjing, _suzhou = cities
    broken = city_register(
        tmp_path / "broken.sqlite3", ("Wuxi", "无锡"), [{"name_en": "Akashi", "country": "JP"}]
    )
    con = sqlite3.connect(broken)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("UPDATE pairing SET place_b_id = 999")
    con.commit()
    con.close()
    with pytest.raises(TwinDeskError) as info:
        merge_registers(any_register, [nanjing, broken])
    assert info.value.code == "copy.broken_source"
    with any_register.connect() as conn:
        assert set(count_records(conn).values()) == {0}
        assert conn.execute(select(ImportBatch.id)).first() is None


def test_a_merge_is_undone_as_an_import(any_register, cities):
    from twindesk.core.spreadsheets.importing.undo import undo_import

    target = any_register
    with target.write() as s:  # the target's own records stay
        own = ops.create(
            s, "place", {"name_en": "Nanjing", "name_zh": "南京", "country_code": "CN"}
        )
    result = merge_registers(target, list(cities))
    assert result.joined["place"] >= 1
    undo_import(target, result.batch_id)
    with target.connect() as conn:
        assert count_records(conn) == {
            "place": 1,
            "pairing": 0,
            "programme": 0,
            "exchange": 0,
            "contact": 0,
            "document": 0,
        }
        assert conn.execute(select(Place.id)).scalars().all() == [own.id]


def test_merge_on_the_command_line(tmp_path, cities, capsys):
    from twindesk.cli import main

    target = tmp_path / "province.sqlite3"
    nanjing, suzhou = cities
    assert main(["merge", str(target), str(nanjing), str(suzhou), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "pairing: 4 added, 1 already in the register" in out
    assert "Dry run: nothing was written." in out and "1978-12-21" in out
    with open_register(target) as register, register.connect() as conn:
        assert count_records(conn)["pairing"] == 0
    assert main(["--lang", "zh", "merge", str(target), str(nanjing), str(suzhou)]) == 0
    out = capsys.readouterr().out
    assert "新增 4" in out and "导入批次 #" in out
    with open_register(target) as register, register.write() as s:
        for state in ("Illinois", "Ohio"):
            ops.create(s, "place", {"name_en": "Dayton", "country_code": "US", "notes": state})
    dayton = city_register(
        tmp_path / "yixing.sqlite3", ("Yixing", "宜兴"), [{"name_en": "Dayton", "country": "US"}]
    )
    assert main(["merge", str(target), str(dayton)]) == 1
    captured = capsys.readouterr()
    assert "--answer" in captured.out and "Which place is Dayton" in captured.out
    assert "Nothing was merged" in captured.err
    key = next(w for w in captured.out.split() if w.startswith("[1:place:")).strip("[]")
    assert main(["merge", str(target), str(dayton), "--answer", f"{key}=new"]) == 0
