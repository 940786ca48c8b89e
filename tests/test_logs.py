"""The log lines whoever supports the clerk reads: each backup made and rotated, a restore,
a migration, an import committed and undone, under its own named logger."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import create_engine

from tests.test_import_commit import xlsx
from twindesk import logs
from twindesk.core import backups
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport, undo_import
from twindesk.core.storage import migrations, open_register
from twindesk.core.storage import sqlite as seam


@pytest.fixture
def records(caplog):
    """What TwinDesk's loggers said at INFO and above, as (logger, message)."""
    caplog.set_level(logging.INFO, logger="twindesk")
    return lambda: [
        (r.name, r.getMessage()) for r in caplog.records if r.name.startswith("twindesk.")
    ]


@pytest.mark.sqlite_only("PostgreSQL counterpart in progress: backups of a server register")
def test_backup_made_rotated_and_restored(register, records):
    backups.set_policy(register, backups.BackupPolicy(recent=1, daily=0, weekly=0, monthly=0))
    first = backups.make_backup(register.path, "manual")
    second = backups.make_backup(register.path, "manual")  # rotation removes the first
    register.close()
    backups.restore(second.path, register.path)
    said = records()
    assert all(name == "twindesk.backups" for name, _ in said)
    lines = [text for _, text in said]
    assert f"backup of {register.path} made: {first.path.name}" in lines[0]
    assert f"backups of {register.path} rotated: 1 removed, 1 kept" in lines
    assert f"restored {register.path} from {second.path.name}" in lines


def test_migration_is_logged_with_both_schemas(tmp_path, records):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(seam.url_for(path))
    seam.configure_engine(engine)
    with seam.migration_connection(engine) as conn:
        seam.mark_as_register(conn)
        migrations.upgrade(conn, "0001")
    engine.dispose()
    open_register(path).close()
    head = migrations.head_revision()
    assert ("twindesk.storage", f"register {path} migrated from schema 0001 to {head}") in records()
    assert any(
        name == "twindesk.backups" and "before-upgrade-0001" in text for name, text in records()
    )
    open_register(path).close()  # up to date: nothing more said
    assert sum(name == "twindesk.storage" for name, _ in records()) == 1


def test_import_commit_and_undo_are_logged(register, tmp_path, records):
    path = xlsx(
        tmp_path / "partners.xlsx",
        [
            ["本方城市", "外方城市", "国家", "结好日期"],
            ["天津", "神户", "日本", "1973-06-24"],
            ["天津", "横滨", "日本", "1990"],
        ],
    )
    with SpreadsheetImport(register, path) as imp:
        result = imp.commit(imp.validate(ImportOptions(create_places=True)), operator="Li Hua")
    committed = [text for name, text in records() if name == "twindesk.import"]
    assert len(committed) == 1
    assert committed[0].startswith(f"import #{result.batch_id} of partners.xlsx committed: ")
    assert "'insert': 2" in committed[0]
    undo_import(register, result.batch_id, operator="Li Hua")
    undone = [text for name, text in records() if name == "twindesk.import"][1:]
    assert undone == [
        f"import #{result.batch_id} undone: {{'pairing': 2, 'place': 3, 'updated': 0}}"
    ]


def test_the_named_loggers_reach_the_log_file(tmp_path, monkeypatch):
    """start_logging sets the level on "twindesk": its named children write to the file."""
    monkeypatch.setenv("TWINDESK_DATA_DIR", str(tmp_path / "data"))
    path = logs.start_logging("test")
    try:
        for name in ("twindesk.backups", "twindesk.import", "twindesk.storage"):
            logging.getLogger(name).info("a line from %s", name)
        logs._handler.flush()
        text = path.read_text(encoding="utf-8")
        for name in ("twindesk.backups", "twindesk.import", "twindesk.storage"):
            assert f"INFO {name} [" in text and f"a line from {name}" in text
    finally:
        logging.getLogger().removeHandler(logs._handler)
        logs._handler.close()
        monkeypatch.setattr(logs, "_handler", None)
