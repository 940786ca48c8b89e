"""Shared fixtures: every test gets its own folders and its own fresh register, on each
engine (a SQLite file, a database on a throwaway PostgreSQL server): see ``ENGINES``."""

from __future__ import annotations

import os
import sys
from itertools import count
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


# -- the two engines ----------------------------------------------------------------------
# The core's tests run on both: every test that takes a register (``register``, ``demo``)
# runs once on a SQLite file and once on a PostgreSQL server database, with ids ending in
# ``[sqlite]`` and ``[postgresql]``. Left on SQLite only:
# - a test marked ``@pytest.mark.sqlite_only("why, in one line")`` (a backup of the file,
#   SQLite's pragmas, locks, crash safety...): the reason is required;
# - a window test (one that uses ``qapp``: qtbot, qt_settings, open_window...; or Qt's
#   model checks, ``qtmodeltester``), unless it asks for ``any_register`` or ``any_demo``.
ENGINES = ("sqlite", "postgresql")
WINDOW_FIXTURES = {"qapp", "qtmodeltester"}
BOTH_ENGINES = {"any_register", "any_demo"}  # on both engines even in a window test


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine_name" not in metafunc.fixturenames:
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", "")
        if "engine_name" in (
            names.replace(" ", "").split(",") if isinstance(names, str) else names
        ):
            return  # the test picks its engines itself
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        engines: tuple[str, ...] = ("sqlite",)
    elif WINDOW_FIXTURES & set(metafunc.fixturenames) and not BOTH_ENGINES & set(
        metafunc.fixturenames
    ):
        return  # a window test: on SQLite (the engine_name fixture's default), ids unchanged
    else:
        engines = ENGINES
    metafunc.parametrize("engine_name", engines, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unexplained = [
        item.nodeid
        for item in items
        if any(not (m.args or m.kwargs.get("reason")) for m in item.iter_markers("sqlite_only"))
    ]
    if unexplained:
        raise pytest.UsageError(
            'sqlite_only needs its reason: @pytest.mark.sqlite_only("why"), in '
            + ", ".join(unexplained)
        )


@pytest.fixture
def engine_name(request) -> str:
    """The engine of the test's registers: "sqlite" or "postgresql" (see above)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A new register file, made once per run and copied per test (0.1 s, where making
    one runs the migrations and loads the reference data: 1 s)."""
    path = tmp_path_factory.mktemp("template") / "register.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TWINDESK_DATA_DIR", str(path.parent / "data"))
        open_register(path, create=True).close()
    return path


def new_register(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> Register:
    """A new, empty register on the engine: a copy of the SQLite template in ``tmp_path``,
    or a new database on the test server (a copy of its template database)."""
    if engine_name == "sqlite":
        from twindesk.core.storage.sqlite import backup_file

        template = request.getfixturevalue("sqlite_template")
        return open_register(backup_file(template, tmp_path / "register.sqlite3", check=False))
    server = request.getfixturevalue("pg_server")
    from postgres_server import TEMPLATE

    url = server.new_database(TEMPLATE)
    request.addfinalizer(lambda: server.drop_database(url))
    return open_register(url)


@pytest.fixture
def register(engine_name, tmp_path, request) -> Register:
    """A new register: a file in tmp_path, or a database on the test server."""
    reg = new_register(engine_name, tmp_path, request)
    yield reg
    reg.close()


@pytest.fixture
def make_register(engine_name, tmp_path, request):
    """Makes more new registers on the test's engine (a restore's target, a second
    office's register), each closed after the test."""
    made = count()

    def make() -> Register:
        reg = new_register(engine_name, tmp_path / f"more-{next(made)}", request)
        request.addfinalizer(reg.close)  # before its database is dropped (finalizers: LIFO)
        return reg

    return make


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo register, built once per run; tests that change it copy it first."""
    from twindesk.core.demo import create_demo_register

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    os.environ.setdefault("TWINDESK_DATA_DIR", str(path.parent / "data"))
    create_demo_register(path).close()
    return path


def new_demo(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> Register:
    """A private copy of the demo register: of ``demo_file``, or of the demo database on
    the test server (``pg_demo_template``)."""
    if engine_name == "sqlite":
        from twindesk.core.storage.sqlite import backup_file

        demo_file = request.getfixturevalue("demo_file")
        return open_register(backup_file(demo_file, tmp_path / "demo.sqlite3", check=False))
    server = request.getfixturevalue("pg_server")
    url = server.new_database(request.getfixturevalue("pg_demo_template"))
    request.addfinalizer(lambda: server.drop_database(url))
    return open_register(url)


@pytest.fixture
def demo(engine_name, tmp_path, request) -> Register:
    """A private copy of the demo register, on the test's engine."""
    reg = new_demo(engine_name, tmp_path, request)
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
# One throwaway server per test run (tests/postgres_server.py), a fresh database per test,
# copied from a template database (a new register, or the demo register) made once.
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


@pytest.fixture
def any_register(engine_name, tmp_path, request) -> Register:
    """A new register on SQLite, then on PostgreSQL, even in a window test (a register
    apart from ``register``)."""
    reg = new_register(engine_name, tmp_path / "any", request)
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
def any_demo(engine_name, tmp_path, request) -> Register:
    """A private copy of the demo register on SQLite, then on PostgreSQL, even in a window
    test (a copy apart from ``demo``)."""
    reg = new_demo(engine_name, tmp_path / "any", request)
    yield reg
    reg.close()
