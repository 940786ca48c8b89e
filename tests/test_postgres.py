"""Registers on a PostgreSQL server (storage.postgres), against the real server that the
``pg_server`` fixture starts: the marker, refusals, migrations, timeouts, search, ids,
passwords, and the command line on a server URL. The core's operations and imports run
on both engines in test_operations.py and test_import_commit.py (``any_register``)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select, text
from sqlmodel import SQLModel

from twindesk.core import operations as ops
from twindesk.core import queries
from twindesk.core.errors import StorageError
from twindesk.core.models import AuditEntry, Country, Pairing, Place
from twindesk.core.storage import migrations, open_register, postgres

THEN = datetime(2020, 1, 1, tzinfo=UTC)


def raw(url: str):
    return create_engine(postgres.address(url).url)


def tables_of(url: str) -> set[str]:
    engine = raw(url)
    with engine.connect() as conn:
        names = postgres.table_names(conn)
    engine.dispose()
    return names


def test_new_register_has_marker_reference_data_timeouts_and_search_index(pg_url):
    with open_register(pg_url, create=True) as register:
        assert register.created and not register.is_sqlite
        assert register.info()["application_id"] == postgres.MARKER_VALUE
        with register.connect() as conn:
            assert migrations.current_revision(conn) == migrations.HEAD
            assert conn.execute(text("SHOW lock_timeout")).scalar() == "10s"
            assert conn.execute(text("SHOW TimeZone")).scalar() == "UTC"
            indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes")).scalars())
            assert "ix_exchange_search_trgm" in indexes
            assert {"report_narrative", "country_group_member"} <= postgres.table_names(
                conn
            )  # 0007
        with register.read() as s:
            assert s.get(Country, "CN").name_zh == "中国"
    with open_register(pg_url) as again:  # the marker is what lets it open without create
        assert not again.created


def test_models_and_migrations_agree_on_the_server(pg_register_url):
    engine = raw(pg_register_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _p: (
                    not (kind == "index" and postgres.is_text_index(name))
                ),
            },
        )
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_empty_database_becomes_a_register_only_when_asked(pg_url):
    for read_only in (False, True):
        with pytest.raises(StorageError) as info:
            open_register(pg_url, read_only=read_only)
        assert info.value.code == "storage.server_empty"
        assert "空" in info.value.message("zh")
    assert tables_of(pg_url) == set()


def test_foreign_database_is_refused_and_left_alone(pg_url):
    engine = raw(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE accounts (id integer, balance real)"))
        conn.execute(text("INSERT INTO accounts VALUES (1, 9.5)"))
    with pytest.raises(StorageError) as info:
        open_register(pg_url, create=True)
    assert info.value.code == "storage.not_register_server"
    assert "不是 TwinDesk 登记册" in info.value.message("zh")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT * FROM accounts")).all() == [(1, 9.5)]
    engine.dispose()
    assert tables_of(pg_url) == {"accounts"}


def test_register_from_a_newer_twindesk_is_refused_on_the_server(pg_register_url):
    engine = raw(pg_register_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(StorageError) as info:
        open_register(pg_register_url)
    assert info.value.code == "storage.unknown_revision"
    with engine.connect() as conn:
        assert migrations.current_revision(conn) == "9999_future"
    engine.dispose()


def test_upgrade_from_the_first_migration_keeps_data(pg_url):
    """The same Alembic scripts upgrade a server register made by the first release."""
    from twindesk.core import reference

    engine = postgres.create(postgres.address(pg_url))
    with postgres.migration_connection(engine) as conn:
        migrations.upgrade(conn, "0001")
        postgres.mark_as_register(conn)
        reference.load(conn)
        common = {
            "name_native": "",
            "notes": "",
            "search_text": "",
            "place_type": "city",
            "version": 1,
            "created_at": THEN,
            "updated_at": THEN,
        }
        a, b = (
            conn.execute(Place.__table__.insert().returning(Place.__table__.c.id), values).scalar()
            for values in (
                {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN", **common},
                {"name_en": "Kobe", "name_zh": "神户", "country_code": "JP", **common},
            )
        )
    engine.dispose()
    with open_register(pg_url) as register:
        with register.connect() as conn:
            assert migrations.current_revision(conn) == migrations.HEAD
            assert "audit_entry" in postgres.table_names(conn)
        with register.write() as s:
            pairing = ops.create(
                s,
                "pairing",
                {
                    "place_a_id": a,
                    "place_b_id": b,
                    "kind": "sister_city",
                    "established": "1973-06-24",
                },
            )
        with register.read() as s:
            assert s.get(Place, b).name_zh == "神户"
            assert s.get(Pairing, pairing.id).established == "1973-06-24"


def test_password_is_never_shown_logged_or_audited(pg_register_url, caplog):
    secret = "s3cret-Pa55"
    url = pg_register_url.replace("postgres@", f"postgres:{secret}@")  # trusted: not checked
    caplog.set_level(logging.DEBUG)
    with open_register(url) as register:
        register.operator = "Li Hua"
        with register.write() as s:
            ops.create(s, "place", {"name_en": "Kobe", "country_code": "JP"})
        with register.read() as s:
            audit = [
                (a.operator, a.old_value, a.new_value) for a in s.exec(select(AuditEntry)).scalars()
            ]
        assert secret not in register.name and "postgres@" in register.name
    assert audit and secret not in repr(audit)
    assert secret not in caplog.text
    assert secret not in str(postgres.address(url)) and secret not in repr(postgres.address(url))
    # A server that cannot be reached: a message in both languages, without the password.
    nowhere = url.split("?")[0] + "?host=/nonexistent-socket-folder"
    with pytest.raises(StorageError) as info:
        open_register(nowhere)
    assert info.value.code == "storage.server_unreachable"
    for lang in ("en", "zh"):
        assert secret not in info.value.message(lang)
    assert "无法打开服务器上的登记册" in info.value.message("zh")


def test_a_row_another_clerk_holds_gives_locked_after_the_lock_timeout(
    pg_register_url, monkeypatch
):
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT_MS", 300)
    with open_register(pg_register_url) as first, open_register(pg_register_url) as second:
        with first.write() as s:
            place = ops.create(s, "place", {"name_en": "Kobe", "country_code": "JP"})
        holding, release = threading.Event(), threading.Event()

        def hold() -> None:
            with first.connect(write=True) as conn:
                conn.execute(select(Place.id).where(Place.id == place.id).with_for_update())
                holding.set()
                release.wait(10)

        thread = threading.Thread(target=hold)
        thread.start()
        try:
            assert holding.wait(10)
            started = time.monotonic()
            with pytest.raises(StorageError) as info:
                with second.write() as s:
                    ops.update(s, "place", place.id, {"notes": "twinned with Tianjin"}, version=1)
            assert info.value.code == "storage.locked"
            assert time.monotonic() - started < 5
        finally:
            release.set()
            thread.join()
        with second.write() as s:  # once the other clerk is done, the save goes through
            ops.update(s, "place", place.id, {"notes": "twinned with Tianjin"}, version=1)


def test_bulk_write_refuses_a_broken_reference_whole(pg_register_url):
    with open_register(pg_register_url) as register:
        with pytest.raises(StorageError) as info:
            with register.bulk_write(["place", "pairing"]) as conn:
                conn.execute(
                    Place.__table__.insert(),
                    [
                        {
                            "name_en": "A",
                            "name_zh": "",
                            "name_native": "",
                            "country_code": "JP",
                            "place_type": "city",
                            "notes": "",
                            "search_text": "a",
                            "version": 1,
                            "created_at": THEN,
                            "updated_at": THEN,
                        }
                    ],
                )
                conn.execute(
                    text(
                        "INSERT INTO pairing_status_change (pairing_id, status, date, "
                        "note, operator, recorded_at) VALUES (99, 'established', '', '', "
                        "'', now())"
                    )
                )
        assert info.value.code == "storage.broken_reference"
        assert "pairing_status_change" in info.value.message(
            "en"
        ) and "pairing" in info.value.message("en")
        with register.read() as s:
            assert s.exec(select(Place)).first() is None


def test_quick_search_uses_the_trigram_index(pg_register_url):
    with open_register(pg_register_url) as register:
        with register.write() as s:
            beijing = ops.create(
                s, "place", {"name_en": "Beijing", "name_zh": "北京", "country_code": "CN"}
            ).id
            for title_en, title_zh in (
                ("Youth forum", "青年论坛"),
                ("Trade fair", "经贸洽谈会"),
                ("Football match", "足球友谊赛"),
            ):
                ops.create(
                    s,
                    "exchange",
                    {
                        "title_en": title_en,
                        "title_zh": title_zh,
                        "exchange_type": "delegation_in",
                        "host_place_id": beijing,
                        "start": "2024-05",
                    },
                )
        with register.connect() as conn:

            def titles(q: str) -> list[str]:
                return sorted(
                    r.title_en for r in queries.page(conn, "exchange", queries.Filter(text=q))
                )

            assert titles("forum") == ["Youth forum"]
            assert titles("FORUM") == ["Youth forum"]
            assert titles("论坛") == ["Youth forum"]
            assert titles("luntan") == ["Youth forum"]
            assert titles("ball") == ["Football match"]
            assert queries.count(conn, "exchange", queries.Filter(text="fair")) == 1
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # three rows: force the choice
            plan = "\n".join(
                conn.execute(
                    text("EXPLAIN SELECT id FROM exchange WHERE search_text LIKE '%forum%'")
                ).scalars()
            )
            assert "ix_exchange_search_trgm" in plan


def test_ids_after_an_import_come_from_the_sequences(pg_register_url, tmp_path):
    """The importer gives ids itself (no RETURNING per row); on the server they come from
    the tables' sequences, so a clerk's next save does not collide with them."""
    from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport

    path = tmp_path / "p.csv"
    path.write_text("Partner,Country\n" + "".join(f"Town {i},France\n" for i in range(30)), "utf-8")
    with open_register(pg_register_url) as register:
        with register.write() as s:
            ops.create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
        with SpreadsheetImport(register, path) as imp:
            plan = imp.validate(ImportOptions(local="Tianjin", create_places=True))
            result = imp.commit(plan, operator="tester")
        assert result.inserted == 30
        with register.write() as s:
            town = ops.create(s, "place", {"name_en": "Lyon", "country_code": "FR"})
            pairing = ops.create(
                s, "pairing", {"place_a_id": 1, "place_b_id": town.id, "kind": "sister_city"}
            )
        with register.read() as s:
            assert town.id == max(s.exec(select(Place.id)).scalars())
            assert pairing.id == max(s.exec(select(Pairing.id)).scalars()) == 31


def test_command_line_on_a_server_register(pg_url, tmp_path, capsys):
    """init, demo, check, export, report and backup on ``--db postgresql://…``. In this process (a process start costs seconds here), but for the first
    command, which proves the real command line takes the URL."""
    from twindesk.cli import main

    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        code = main(["--lang", lang, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    created = subprocess.run(
        [sys.executable, "-m", "twindesk", "init", "--db", pg_url],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )
    assert created.returncode == 0, created.stderr
    assert run("init", "--db", pg_url)[0] == 0
    code, out, _ = run("demo", "--db", pg_url)
    assert code == 2 and "--replace" in out
    code, out, err = run("demo", "--db", pg_url, "--replace")
    assert code == 0 and "29 pairings" in out, err
    code, out, err = run("check", "--db", pg_url, lang="zh")
    assert code == 0 and "未发现问题" in out and "29 个结好关系" in out, err
    xlsx = tmp_path / "pairings.xlsx"
    code, out, err = run(
        "export", "pairings", "--db", pg_url, "--search", "beijing", "-o", str(xlsx)
    )
    assert code == 0 and xlsx.stat().st_size > 0, err
    pdf = tmp_path / "c.pdf"
    code, out, err = run("report", "countries", "--db", pg_url, "-o", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF"), err
    for lang, words in (("en", "a pg_dump file, verified"), ("zh", "pg_dump 备份文件")):
        code, out, err = run("backup", "--db", pg_url, lang=lang)  # tests/test_server_backups.py
        assert code == 0 and words in out, err
    code, out, err = run("check", "--db", pg_url.replace("/test_", "/nothere_"))
    assert code == 2 and "Cannot open the register" in err and "PGPASSWORD" in err


def test_the_window_opens_a_server_register_and_searches_it(qtbot, controller, pg_url):
    from twindesk.core.demo import build

    secret = "s3cret-Pa55"
    url = pg_url.replace("postgres@", f"postgres:{secret}@")
    with open_register(url, create=True) as register:
        build(register)
    assert controller.open(url)
    window = controller.window
    assert not window.register.is_sqlite and secret not in window.windowTitle()
    page = window.page("pairing")
    page.settle()
    assert page.model.rowCount() == 29
    page.search.setText("莫斯科")
    page.settle()
    assert 0 < page.model.rowCount() < 29
    assert secret not in repr(controller.settings().recent_registers)


@pytest.mark.sqlite_only("the demo register's file is the source moved to the server")
def test_a_file_register_moves_to_the_server_through_a_full_export(demo, pg_url, tmp_path, capsys):
    """export all from the SQLite register, restore-export into the server: every row with
    its id, references checked at the end, and the id sequences moved past the ids restored."""
    from twindesk.cli import main
    from twindesk.core.spreadsheets.full_export import records_in

    workbook = tmp_path / "all.xlsx"
    assert main(["export", "all", "--db", str(demo.path), "-o", str(workbook)]) == 0
    assert main(["restore-export", str(workbook), "--db", pg_url]) == 0, capsys.readouterr().err
    with demo.connect() as conn:
        before = records_in(conn)
        pairings = conn.execute(
            select(Pairing.id, Pairing.place_a_id, Pairing.established).order_by(Pairing.id)
        ).all()
    with open_register(pg_url) as server:
        with server.connect() as conn:
            assert records_in(conn) == before
            assert (
                conn.execute(
                    select(Pairing.id, Pairing.place_a_id, Pairing.established).order_by(Pairing.id)
                ).all()
                == pairings
            )
            indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes")).scalars())
            deferrable = conn.execute(
                text("SELECT count(*) FROM pg_constraint WHERE condeferrable")
            ).scalar()
        assert "ix_exchange_search_trgm" in indexes and deferrable == 0  # the keys as migrated
        with server.write() as s:  # the next record takes the next id
            place = ops.create(s, "place", {"name_en": "Lyon", "country_code": "FR"})
        with server.read() as s:
            assert place.id == max(s.exec(select(Place.id)).scalars())
    assert main(["restore-export", str(workbook), "--db", pg_url]) == 2  # not into a full one


@pytest.mark.sqlite_only("the workbook comes from the demo file: the server side is tested")
def test_restoring_a_broken_workbook_writes_nothing_on_the_server(demo, pg_register_url, tmp_path):
    from openpyxl import load_workbook

    from twindesk.core.errors import TwinDeskError
    from twindesk.core.spreadsheets.full_export import export_register, records_in, restore_register

    out = tmp_path / "all.xlsx"
    export_register(demo, out)
    wb = load_workbook(out)
    wb["Pairings"]["E2"] = 99_999  # a pairing's local place that does not exist
    wb.save(tmp_path / "broken.xlsx")
    with open_register(pg_register_url) as server:
        with pytest.raises(TwinDeskError) as err:
            restore_register(server, tmp_path / "broken.xlsx")
        assert err.value.code == "restore.broken_link"
        assert "pairing row 1 refers to a missing place row" in err.value.message("en")
        with server.connect() as conn:
            assert records_in(conn) == {}
            assert (
                conn.execute(
                    text("SELECT count(*) FROM pg_constraint WHERE condeferrable")
                ).scalar()
                == 0
            )
