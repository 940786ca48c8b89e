"""Backups, restores and the integrity check of a register on the real PostgreSQL server
of the ``pg_server`` fixture (core.server_backups; ``twindesk backup / restore / check``
with ``--db postgresql://…``)."""

from __future__ import annotations

import psycopg
import pytest
from postgres_server import database_of

from twindesk.core import server_backups, transfer
from twindesk.core.check import check_register
from twindesk.core.errors import TwinDeskError
from twindesk.core.storage import open_register


@pytest.fixture
def server_demo(pg_server, pg_demo_template) -> str:
    """The URL of a private copy of the demo register on the server."""
    url = pg_server.new_database(pg_demo_template)
    yield url
    pg_server.drop_database(url)


def sums(url: str, without: tuple[str, ...] = ()) -> dict:
    with open_register(url, read_only=True) as register:
        found = transfer.checksums(register)
    return {k: v for k, v in found.items() if k not in without}


def sql(pg_server, url: str, statement: str) -> None:
    with psycopg.connect(
        dbname=database_of(url), user="postgres", host=str(pg_server.base), autocommit=True
    ) as conn:
        conn.execute(statement)


def test_pg_dump_backup_is_verified_and_restores_into_an_empty_database(server_demo, pg_url):
    assert server_backups.pg_tool("pg_dump") is not None  # installed with the test server
    with open_register(server_demo, read_only=True) as register:
        made = server_backups.backup_server(register)
    assert made.kind == "dump" and made.path.suffix == ".pgdump" and made.tables >= 30
    assert made.path.read_bytes()[:5] == b"PGDMP" and oct(made.path.stat().st_mode)[-3:] == "600"
    assert "pairing" in server_backups.dump_contents(made.path)
    assert made.path.parent == server_backups.folder_for(server_demo)
    assert [b.path for b in server_backups.list_backups(server_demo)] == [made.path]
    assert server_backups.restore_server(made.path, pg_url) == "dump"
    assert sums(pg_url) == sums(server_demo)  # every row of every table, ids and all
    with open_register(pg_url) as restored:
        assert not check_register(restored)


def test_without_pg_dump_the_full_export_is_the_backup(server_demo, pg_url, monkeypatch, tmp_path):
    """No pg_dump on the PATH nor in Debian's folder: TwinDesk's own full export, checked
    sheet by sheet, restored by the full export's restore."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(server_backups, "DEBIAN_BINARIES", str(tmp_path / "none"))
    assert server_backups.pg_tool("pg_dump") is None
    with open_register(server_demo, read_only=True) as register:
        made = server_backups.backup_server(register, tmp_path / "copy.xlsx")
        with pytest.raises(TwinDeskError) as info:
            server_backups.backup_server(register, method="dump")
    assert info.value.code == "server_backup.no_pg_dump"
    assert made.kind == "export" and made.path == tmp_path / "copy.xlsx" and made.tables >= 25
    assert server_backups.restore_server(made.path, pg_url) == "export"
    # The export leaves out the file's own facts (register_info): the rest is identical.
    assert sums(pg_url, ("register_info",)) == sums(server_demo, ("register_info",))


def test_a_cut_short_export_is_not_kept(server_demo, tmp_path):
    from openpyxl import load_workbook

    with open_register(server_demo, read_only=True) as register:
        made = server_backups.backup_server(register, tmp_path / "all.xlsx", method="export")
    wb = load_workbook(made.path)
    wb["Pairings"].delete_rows(3, 2)
    wb.save(tmp_path / "cut.xlsx")
    with pytest.raises(TwinDeskError) as info:
        server_backups.verify_export(tmp_path / "cut.xlsx")
    assert info.value.code == "storage.damaged" and "27 rows, 29 expected" in str(info.value)


def test_a_dump_is_restored_only_into_an_empty_database(server_demo, pg_register_url):
    with open_register(server_demo, read_only=True) as register:
        made = server_backups.backup_server(register)
    before = sums(pg_register_url)
    with pytest.raises(TwinDeskError) as info:
        server_backups.restore_server(made.path, pg_register_url)
    assert info.value.code == "server_backup.not_empty" and "createdb" in str(info.value)
    assert "空数据库" in info.value.message("zh")
    assert sums(pg_register_url) == before


def test_the_check_runs_the_servers_own_checks(server_demo, pg_server):
    with open_register(server_demo, read_only=True) as register:
        done = server_backups.server_checks(register)
    assert done.problems == []
    checked = " / ".join(en for en, _zh in done.checked)
    assert "foreign keys" in checked and "references" in checked
    assert "amcheck is not installed in this database" in checked  # said, not skipped
    sql(pg_server, server_demo, "CREATE EXTENSION amcheck")
    # A row that refers to a missing place, and a foreign key dropped by hand.
    sql(pg_server, server_demo, "ALTER TABLE pairing DISABLE TRIGGER ALL")
    sql(pg_server, server_demo, "UPDATE pairing SET place_b_id = 9999 WHERE id = 3")
    sql(pg_server, server_demo, "ALTER TABLE contact DROP CONSTRAINT contact_place_id_fkey")
    with open_register(server_demo, read_only=True) as register:
        findings = [f.message("en") for f in check_register(register)]
        done = server_backups.server_checks(register)
    assert "pairing row 3 refers to a missing place record" in " ".join(findings)
    assert "contact: the foreign key to place is missing" in " ".join(findings)
    assert any("amcheck verified" in en and "indexes" in en for en, _zh in done.checked)


def test_backup_restore_and_check_on_the_command_line(server_demo, pg_url, capsys):
    from twindesk.cli import main

    assert main(["backup", "--db", server_demo]) == 0
    out = capsys.readouterr().out
    assert "a pg_dump file, verified" in out
    assert main(["backup", "--db", server_demo, "--list"]) == 0
    listed = capsys.readouterr().out
    dump = next(w for w in listed.split() if w.endswith(".pgdump"))
    folder = server_backups.folder_for(server_demo)
    assert main(["restore", str(folder / dump), "--db", pg_url]) == 0
    assert "Restored" in capsys.readouterr().out
    assert main(["--lang", "zh", "check", "--db", pg_url]) == 0
    out = capsys.readouterr().out
    assert "已在服务器上检查：外键" in out and "未发现问题" in out
    assert main(["restore", str(folder / dump), "--db", pg_url]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["backup", "--db", server_demo, "--format", "export"]) == 0
    assert ".xlsx: TwinDesk's full export" in capsys.readouterr().out


def test_a_file_register_refuses_the_server_options(tmp_path, capsys):
    from twindesk.cli import main

    open_register(tmp_path / "r.sqlite3", create=True).close()
    assert main(["backup", "--db", str(tmp_path / "r.sqlite3"), "--format", "dump"]) == 2
    assert "only for a register on a server" in capsys.readouterr().err


def test_back_up_now_in_the_window_backs_up_a_server_register(server_demo, open_window, qtbot):
    """File > Back up now on a server register makes the server backup (it did nothing)."""
    with open_register(server_demo) as register:
        window = open_window(register)
        task = window.safety.back_up_now()
        assert task is not None
        qtbot.waitUntil(lambda: bool(server_backups.list_backups(server_demo)), timeout=60_000)
        made = server_backups.list_backups(server_demo)[0]
        qtbot.waitUntil(lambda: str(made.path) in window.statusBar().currentMessage())
        assert "pairing" in server_backups.dump_contents(made.path)
        window.close()
