"""Shared fixtures: every test gets its own folders and its own fresh register file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # lets tests import bench/ helpers
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from twindesk.core.i18n import set_language  # noqa: E402
from twindesk.core.storage import Register, open_register  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch) -> Path:
    """Redirect every standard folder, so no test touches the user's files."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("HOME", ""),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir(exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("TWINDESK_DATA_DIR", str(home / "twindesk"))
    set_language("en")
    return home


@pytest.fixture
def register(tmp_path) -> Register:
    reg = open_register(tmp_path / "register.sqlite3", create=True)
    yield reg
    reg.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo register, built once per run; tests that change it copy it first."""
    from twindesk.core.demo import create_demo_register

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    os.environ.setdefault("TWINDESK_DATA_DIR", str(path.parent / "data"))
    create_demo_register(path).close()
    return path


@pytest.fixture
def demo(demo_file, tmp_path) -> Register:
    """A private copy of the demo register."""
    from twindesk.core.storage.sqlite import backup_file

    copy = backup_file(demo_file, tmp_path / "demo.sqlite3")
    reg = open_register(copy)
    yield reg
    reg.close()


@pytest.fixture
def qt_settings(tmp_path, qapp):
    """QSettings in a private folder, so no test reads or writes the clerk's settings."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("TwinDeskTests")
    QCoreApplication.setApplicationName("TwinDeskTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    QSettings().clear()
    yield QSettings()
    QSettings().clear()


@pytest.fixture
def open_window(qtbot, qt_settings):
    """Opens main windows on a register, in a language, active; closes them after the test."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from twindesk.ui.app import install_translations
    from twindesk.ui.main_window import MainWindow
    from twindesk.ui.settings import Settings

    opened = []

    def open_on(register: Register, lang: str = "en"):
        install_translations(QApplication.instance(), lang)
        settings = Settings.load()
        settings.language = lang
        settings.operator = "Li Hua"
        w = MainWindow(register, settings)
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitActive(w):  # window shortcuts (Ctrl+N, Ctrl+F...) need the active window
            w.activateWindow()
        opened.append(w)
        return w

    yield open_on
    for w in opened:
        w.close()
    QThreadPool.globalInstance().waitForDone()
    install_translations(QApplication.instance(), "en")


@pytest.fixture
def window(open_window, demo):
    """The main window on the demo register, in English, active."""
    return open_window(demo)


@pytest.fixture
def controller(qapp, qt_settings):
    """What ``twindesk`` runs: opens registers in windows, with the ways out of a bad file."""
    from PySide6.QtCore import QThreadPool

    from twindesk.ui.app import Controller, install_translations

    install_translations(qapp, "en")
    made = Controller(qapp)
    yield made
    QThreadPool.globalInstance().waitForDone()
    if made.window is not None:
        made.window.close()
        made.window.register.close()
    install_translations(qapp, "en")


# -- registers on a PostgreSQL server ---------------------------------------------------------
# One throwaway server per test run (tests/postgres_server.py), a fresh database per test.
# ``any_register`` runs a test on both engines; a module opts in by defining
# ``register`` as ``any_register``.
@pytest.fixture(scope="session")
def pg_server():
    from postgres_server import TEMPLATE, Server, binaries

    bindir = binaries()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) are not installed: "
            "apt-get install postgresql, as scripts/test does"
        )
    server = Server(bindir).start()
    try:
        # A migrated register to copy per test (CREATE DATABASE ... TEMPLATE: 0.2 s, where
        # the migrations and reference data take 1.5 s).
        server.admin(f'CREATE DATABASE "{TEMPLATE}"')
        open_register(server.url(TEMPLATE), create=True).close()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database."""
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def pg_register_url(pg_server) -> str:
    """The URL of a new database holding a new register."""
    from postgres_server import TEMPLATE

    url = pg_server.new_database(TEMPLATE)
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def any_register(engine_name, tmp_path, request) -> Register:
    """A new register on SQLite, then on PostgreSQL (the test runs once on each)."""
    if engine_name == "sqlite":
        reg = open_register(tmp_path / "register.sqlite3", create=True)
    else:
        reg = open_register(request.getfixturevalue("pg_register_url"))
    yield reg
    reg.close()


@pytest.fixture(scope="session")
def pg_demo_template(pg_server) -> str:
    """The demo register in a server database, built once, copied per test."""
    from twindesk.core.demo import create_demo_register

    url = pg_server.new_database()
    create_demo_register(url).close()
    from postgres_server import database_of

    return database_of(url)


@pytest.fixture
def any_demo(engine_name, demo_file, tmp_path, request) -> Register:
    """A private copy of the demo register on SQLite, then on PostgreSQL."""
    if engine_name == "sqlite":
        from twindesk.core.storage.sqlite import backup_file

        reg = open_register(backup_file(demo_file, tmp_path / "demo.sqlite3"))
    else:
        server = request.getfixturevalue("pg_server")
        url = server.new_database(request.getfixturevalue("pg_demo_template"))
        request.addfinalizer(lambda: server.drop_database(url))
        reg = open_register(url)
    yield reg
    reg.close()
