"""File > Connect to a server register… (ui/dialogs/connect.py), typed into and clicked
against the real PostgreSQL server of the ``pg_server`` fixture: Test, Connect, the
register opening in the window, the recent list without the password, the system keyring
(a real keyring backend kept in memory) or none, TLS, and errors in the clerk's language."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from postgres_server import database_of
from PySide6.QtCore import Qt

from twindesk.ui.dialogs.connect import ConnectDialog, keyring_usable
from twindesk.ui.settings import Settings

SECRET = "s3cret-Pa55"


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in this process (the system's own, such as
    the Secret Service, needs a desktop session the tests do not have)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def system_keyring():
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def server_demo(pg_server, pg_demo_template) -> str:
    url = pg_server.new_database(pg_demo_template)
    yield url
    pg_server.drop_database(url)


def fill(qtbot, dialog: ConnectDialog, host: str, database: str, password: str = SECRET) -> None:
    for field, value in (
        (dialog.host, host),
        (dialog.database, database),
        (dialog.user, "postgres"),
        (dialog.password, password),
    ):
        field.clear()
        qtbot.keyClicks(field, value)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settings_text(tmp_path: Path) -> str:
    return "".join(
        p.read_text("utf-8", "replace") for p in (tmp_path / "settings").rglob("*") if p.is_file()
    )


def test_connect_from_the_file_menu_opens_the_server_register(
    qtbot, controller, demo_file, pg_server, server_demo, tmp_path, no_keyring
):
    assert controller.open(demo_file)
    window = controller.window
    action = window.connect_server_action
    assert action in window.menuBar().actions()[0].menu().actions()
    dialog = window.connect_to_server()
    assert dialog.tls.isChecked()  # on by default
    assert not keyring_usable() and not dialog.remember.isEnabled()
    assert "asked each time" in dialog.remember.text()
    fill(qtbot, dialog, str(pg_server.base), database_of(server_demo))
    assert not dialog.tls.isEnabled()  # a socket folder: no TLS to ask for
    click(qtbot, dialog.test_button)
    assert "a register with 29 pairings" in dialog.status.text()
    assert SECRET not in dialog.status.text()
    click(qtbot, dialog.connect_button)
    qtbot.waitUntil(lambda: controller.window is not window)
    opened = controller.window
    assert not opened.register.is_sqlite
    assert database_of(server_demo) in opened.windowTitle() and SECRET not in opened.windowTitle()
    page = opened.page("pairing")
    page.settle()
    assert page.model.rowCount() == 29
    recent = Settings.load().recent()
    assert recent[0].startswith("postgresql://postgres@/") and SECRET not in recent[0]
    assert database_of(server_demo) in recent[0]
    assert SECRET not in settings_text(tmp_path)  # never written to the settings file


def test_the_keyring_keeps_the_password_for_the_recent_list(
    qtbot, controller, demo_file, pg_server, server_demo, tmp_path, system_keyring
):
    assert controller.open(demo_file)
    dialog = controller.window.connect_to_server()
    assert keyring_usable() and dialog.remember.isChecked()
    fill(qtbot, dialog, str(pg_server.base), database_of(server_demo))
    click(qtbot, dialog.connect_button)
    qtbot.waitUntil(lambda: not controller.window.register.is_sqlite)
    address = controller.window.register.name
    assert system_keyring.passwords == {("TwinDesk", address): SECRET}
    assert SECRET not in settings_text(tmp_path)
    # The recent entry (no password) opens with the keyring's password.
    assert controller.open(demo_file)
    assert controller.open(Settings.load().recent()[1])
    assert controller.window.register.engine.url.password == SECRET
    # The connect dialog, opened on that register, shows its address and password.
    again = controller.window.connect_to_server()
    assert again.database.text() == database_of(server_demo)
    assert again.host.text() == str(pg_server.base) and again.password.text() == SECRET
    again.reject()


def test_errors_are_told_in_the_clerks_language(qtbot, qapp, pg_server, server_demo, no_keyring):
    dialog = ConnectDialog("zh")
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, str(pg_server.base), "nothere")
    click(qtbot, dialog.test_button)
    status = dialog.status.text()
    assert "服务器上没有名为 nothere 的数据库" in status
    assert "服务器返回" in status  # the server's own words only as the detail
    fill(qtbot, dialog, str(pg_server.base / "no-such-folder"), database_of(server_demo))
    click(qtbot, dialog.test_button)
    assert "没有数据库服务器响应" in dialog.status.text()
    click(qtbot, dialog.connect_button)  # Connect refuses what Test refused
    assert dialog.result() == 0 and dialog.location is None
    english = ConnectDialog("en")
    qtbot.addWidget(english)
    fill(qtbot, english, str(pg_server.base), "")
    click(qtbot, english.test_button)
    assert "name of the database" in english.status.text()


def test_tls_for_a_host_on_the_network(qtbot, qapp, no_keyring):
    dialog = ConnectDialog("en")
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, "db.office.example", "register")
    assert dialog.tls.isEnabled() and dialog.tls.isChecked()
    url = dialog.address().url
    assert url.host == "db.office.example" and url.port == 5432
    assert url.query["sslmode"] == "require"
    assert SECRET not in str(dialog.address())  # what is shown and remembered
    dialog.tls.setChecked(False)
    assert "sslmode" not in dialog.address().url.query
    dialog.tls.setChecked(True)
    dialog.host.clear()
    qtbot.keyClicks(dialog.host, "/var/run/postgresql")
    url = dialog.address().url
    assert url.query == {"host": "/var/run/postgresql", "port": "5432"}


def test_the_welcome_screen_offers_a_server_register(qtbot, controller, no_keyring):
    from twindesk.ui.welcome import WelcomeDialog

    welcome = WelcomeDialog(controller.settings())
    qtbot.addWidget(welcome)
    welcome.show()
    assert welcome.server_button.text() == "Connect to a server register…"
    click(qtbot, welcome.server_button)
    dialog = welcome.findChild(ConnectDialog)
    assert dialog is not None and dialog.isVisible() and dialog.tls.isChecked()
    dialog.reject()
    qtbot.waitUntil(lambda: welcome.findChild(ConnectDialog) is None)  # deleted on close
