"""Opening, creating, refusing and upgrading register files (real SQLite files); a
register on a server has its own in test_postgres.py."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from twindesk.core import operations as ops
from twindesk.core.errors import StorageError
from twindesk.core.models import Country, Pairing, PairingKind, Place
from twindesk.core.storage import migrations, open_register
from twindesk.core.storage import sqlite as seam
from twindesk.paths import backup_dir_for


@pytest.mark.sqlite_only("SQLite's pragmas and file header (a server's: test_postgres)")
def test_new_register_has_pragmas_reference_data_and_marker(register):
    with register.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == seam.BUSY_TIMEOUT_MS
        assert seam.application_id(conn) == seam.APPLICATION_ID
        assert migrations.current_revision(conn) == migrations.head_revision()
    with register.read() as s:
        assert s.get(Country, "CN").name_zh == "中国"
        assert s.get(Country, "SUHH").historic
        assert s.get(PairingKind, "sister_city").label_zh == "友好城市"
    assert register.info()["created_by"].startswith("TwinDesk")


def test_head_constant_matches_the_migration_scripts():
    assert migrations.HEAD == migrations.scripts_head()


@pytest.mark.sqlite_only("SQLite's full-text tables left out (on a server: test_postgres)")
def test_models_and_migrations_agree(register):
    """The newest migration builds exactly the tables models.py declares."""
    with register.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _p: (
                    not (kind == "table" and seam.is_text_index_table(name))
                ),
            },
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_the_exchange_date_index_carries_the_id_on_both_engines(register):
    """The exchange list sorts by date, then id: with the id in the index a server reads
    a deep page from the index alone instead of sorting the table (migration 0010)."""
    with register.connect() as conn:
        indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("exchange")}
    assert indexes["ix_exchange_start"] == ["start", "id"]


def test_foreign_keys_are_enforced(register):
    with pytest.raises(IntegrityError) as info:
        with register.connect(write=True) as conn:
            conn.execute(
                Place.__table__.insert(),
                {
                    "name_en": "Nowhere",
                    "country_code": "XX",
                    "place_type": "city",
                    "name_zh": "",
                    "name_native": "",
                    "notes": "",
                    "search_text": "",
                },
            )
    assert "foreign key" in str(info.value).lower()


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(StorageError) as info:
        open_register(tmp_path / "nope.sqlite3")
    assert info.value.code == "storage.missing"
    assert "不存在" in info.value.message("zh")


def test_text_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes")
    with pytest.raises(StorageError) as info:
        open_register(path, create=True)
    assert info.value.code == "storage.not_register"
    assert path.read_text() == "these are my notes"


def test_foreign_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts (id INTEGER, balance REAL)")
    con.execute("INSERT INTO accounts VALUES (1, 9.5)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        open_register(path, create=True)
    assert info.value.code == "storage.not_register"
    assert path.read_bytes() == before


@pytest.mark.sqlite_only("damages the register's file")
def test_damaged_file_gives_a_message_not_a_traceback(tmp_path, register):
    register.close()
    data = bytearray(register.path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(bytes(data))
    with pytest.raises(StorageError) as info:
        open_register(broken)
    assert info.value.code in ("storage.damaged", "storage.not_register")


@pytest.mark.sqlite_only("compares the file's bytes (on a server: test_postgres)")
def test_register_from_a_newer_twindesk_is_refused(register):
    with register.connect(write=True) as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    register.close()
    before = register.path.read_bytes()
    with pytest.raises(StorageError) as info:
        open_register(register.path)
    assert info.value.code == "storage.unknown_revision"
    assert register.path.read_bytes() == before


def test_upgrade_from_first_migration_keeps_data_and_backs_up(tmp_path):
    """A register made by the first release is backed up, upgraded, and loses nothing."""
    path = tmp_path / "old.sqlite3"
    engine = create_engine(seam.url_for(path))
    seam.configure_engine(engine)
    with seam.migration_connection(engine) as conn:
        seam.mark_as_register(conn)
        migrations.upgrade(conn, "0001")
        from twindesk.core import reference

        reference.load(conn)
    old = open_register.__globals__["Register"](engine, path, read_only=False)
    # 0001 has no audit table: write rows with Core, as the first release would have.
    with old.connect(write=True) as conn:
        assert "audit_entry" not in seam.table_names(conn)
        common = {"name_native": "", "notes": "", "search_text": "", "place_type": "city"}
        conn.execute(
            Place.__table__.insert(),
            [
                {"id": 1, "name_en": "Tianjin", "name_zh": "天津", "country_code": "CN", **common},
                {"id": 2, "name_en": "Kobe", "name_zh": "神户", "country_code": "JP", **common},
            ],
        )
        conn.execute(
            Pairing.__table__.insert(),
            {
                "id": 1,
                "place_a_id": 1,
                "place_b_id": 2,
                "kind": "sister_city",
                "level": "city",
                "status": "established",
                "established": "1973-06-24",
                "ended": "",
                "end_reason": "",
                "signed_at_place": "",
                "signed_at_event": "",
                "signatories": "",
                "agreement_ref": "",
                "source": "",
                "source_url": "",
                "source_checked": "",
                "notes": "first pair",
            },
        )
    engine.dispose()

    with open_register(path) as reg:
        with reg.connect() as conn:
            assert migrations.current_revision(conn) == migrations.head_revision()
            assert "audit_entry" in seam.table_names(conn)
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with reg.read() as s:
            pairing = s.get(Pairing, 1)
            assert (pairing.established, pairing.notes) == ("1973-06-24", "first pair")
            assert s.get(Place, 2).name_zh == "神户"
        # and the upgraded register works as a current one
        with reg.write() as s:
            ops.update(s, "pairing", 1, {"notes": "first pair, China–Japan"}, version=1)
    backups = list(backup_dir_for(path).glob("*before-upgrade-0001*"))
    assert len(backups) == 1
    from twindesk.core.backups import opened_copy

    with opened_copy(backups[0]) as plain:
        con = sqlite3.connect(plain)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert con.execute("SELECT notes FROM pairing").fetchone() == ("first pair",)
        con.close()


@pytest.mark.sqlite_only("opens the register's file read-only")
def test_read_only_register_cannot_be_written(register):
    register.close()
    with open_register(register.path, read_only=True) as reg:
        with reg.read() as s:
            assert s.execute(select(Country.code).where(Country.code == "JP")).scalar() == "JP"
        with pytest.raises(StorageError) as info:
            with reg.write() as s:
                pass
        assert info.value.code == "storage.read_only"


@pytest.mark.sqlite_only("SQLite's online backup of the file")
def test_backup_is_consistent_and_verified(register, tmp_path):
    with register.write() as s:
        ops.create(s, "place", {"name_en": "Kobe", "country_code": "JP"})
    target = seam.backup_file(register.path, tmp_path / "copy.sqlite3")
    with open_register(target, read_only=True) as copy:
        with copy.read() as s:
            assert s.execute(select(Place.name_en)).scalar() == "Kobe"
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.sqlite_only("SQLite's busy timeout (a server's lock timeout: test_postgres)")
def test_writer_waits_for_another_writer_instead_of_failing(register):
    """Two writers on one file: the second queues on the busy timeout, no 'locked' crash."""
    import threading
    import time

    other = open_register(register.path)
    results = []

    def slow_writer():
        with other.write() as s:
            ops.create(s, "place", {"name_en": "Kobe", "country_code": "JP"})
            time.sleep(0.5)
        results.append("first")

    thread = threading.Thread(target=slow_writer)
    thread.start()
    time.sleep(0.1)
    with register.write() as s:
        ops.create(s, "place", {"name_en": "Osaka", "country_code": "JP"})
    results.append("second")
    thread.join()
    other.close()
    assert results == ["first", "second"]
    with register.read() as s:
        assert sorted(s.execute(select(Place.name_en)).scalars()) == ["Kobe", "Osaka"]
