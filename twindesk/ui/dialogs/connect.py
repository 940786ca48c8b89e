"""File > Connect to a server register…: a register on a PostgreSQL server, by its parts.

Host, port, database, user and password, and "Use TLS" (on by default: ``sslmode=require``
for a host reached over the network; a Unix socket folder as the host needs none). The
password is kept in the system keyring (the ``keyring`` package) when the system has
one, under the register's address without the password; otherwise it is asked each time.
It is never written to the settings file: the recent list holds the address only.

Test tries the connection and says what it found, or what is wrong in the clerk's
language (the server's own words only as a detail).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL

from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.i18n import translate

KEYRING_SERVICE = "TwinDesk"
DEFAULT_PORT = 5432


# --------------------------------------------------------------------------- the keyring
def keyring_usable() -> bool:
    """Whether the system has a keyring to keep passwords in (not keyring's fail backend)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration: as if there were none
        return False
    if isinstance(backend, fail.Keyring):
        return False
    chained = getattr(backend, "backends", None)  # the chainer with nothing to chain
    return chained is None or bool(chained)


def stored_password(address: str) -> str | None:
    """The password kept for the register at ``address`` (without password), if any."""
    if not keyring_usable():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, address)
    except Exception:  # a locked or unavailable keyring: ask instead
        return None


def store_password(address: str, password: str) -> bool:
    if not keyring_usable():
        return False
    import keyring

    try:
        if password:
            keyring.set_password(KEYRING_SERVICE, address, password)
        else:
            keyring.delete_password(KEYRING_SERVICE, address)
    except Exception:  # kept nowhere, then: it is asked again next time
        return False
    return True


def with_stored_password(location: Any) -> Any:
    """``location`` with the keyring's password when it has none of its own."""
    from twindesk.core.storage import postgres

    address = postgres.address(location)
    if address is None or address.url.password:
        return location
    password = stored_password(str(address))
    if not password:
        return address
    return postgres.ServerAddress(address.url.set(password=password))


# --------------------------------------------------------------------------- addresses
def is_socket(host: str) -> bool:
    """A Unix socket folder ("/var/run/postgresql") rather than a host name."""
    return host.startswith("/")


def build_address(
    host: str, port: int, database: str, user: str, password: str, *, tls: bool
) -> Any:
    from twindesk.core.storage import postgres

    query: dict[str, str] = {}
    if is_socket(host):
        query = {"host": host, "port": str(port)}  # no TLS over a local socket
        host_part, port_part = None, None
    else:
        host_part, port_part = host or "localhost", port
        if tls:
            query["sslmode"] = "require"
    url = URL.create(
        "postgresql",
        username=user or None,
        password=password or None,
        host=host_part,
        port=port_part,
        database=database,
        query=query,
    )
    return postgres.ServerAddress(url)


def explain(err: TwinDeskError, lang: str, address: Any) -> tuple[str, str]:
    """What went wrong, in the clerk's language, and the server's own words as a detail."""
    cause = err.__cause__
    orig = getattr(cause, "orig", cause)
    state = getattr(orig, "sqlstate", None) or ""
    raw = str(orig or err.params.get("detail", "")).strip()
    url = address.url
    host = url.query.get("host") or url.host or "localhost"
    where = {
        "host": host,
        "port": url.query.get("port") or url.port or DEFAULT_PORT,
        "database": url.database or "",
        "user": url.username or "",
    }
    low = raw.lower()
    if state == "28P01" or "password authentication failed" in low:
        code = "connect.bad_password"
    elif "no password supplied" in low:
        code = "connect.password_needed"
    elif state == "3D000" or ("database" in low and "does not exist" in low):
        code = "connect.no_database"
    elif state == "28000" or ("role" in low and "does not exist" in low):
        code = "connect.not_allowed"
    elif "ssl" in low and ("not support" in low or "unsupported" in low or "refused" in low):
        code = "connect.no_tls"
    elif "could not translate host name" in low or "name or service not known" in low:
        code = "connect.unknown_host"
    elif "timeout" in low or "timed out" in low:
        code = "connect.timeout"
    elif "connection refused" in low or "no such file or directory" in low:
        code = "connect.no_server"
    elif isinstance(err, StorageError) and err.code != "storage.server_unreachable":
        return err.message(lang), ""
    else:
        code = "connect.failed"
    return translate(code, lang, **where), raw.splitlines()[0] if raw else ""


# --------------------------------------------------------------------------- the dialog
class ConnectDialog(QDialog):
    """Asks for a server register's address; ``location`` is what to open once accepted
    (a ``storage.postgres.ServerAddress``, with the password)."""

    def __init__(self, lang: str, parent: QWidget | None = None, *, address: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.lang = lang
        self.location: Any = None
        self.setWindowTitle(self.tr("Connect to a server register"))
        self.host = QLineEdit(self)
        self.host.setObjectName("host")
        self.host.setPlaceholderText(self.tr("e.g. db.office.local, or a socket folder"))
        self.port = QSpinBox(self)
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.database.setObjectName("database")
        self.user = QLineEdit(self)
        self.user.setObjectName("user")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls = QCheckBox(self.tr("Use TLS (an encrypted connection)"), self)
        self.tls.setObjectName("tls")
        self.tls.setChecked(True)
        self.tls.setToolTip(
            self.tr("Not needed, and not used, when the host is a socket folder on this computer")
        )
        self.remember = QCheckBox(self.tr("Keep the password in the system keyring"), self)
        self.remember.setObjectName("remember")
        if keyring_usable():
            self.remember.setChecked(True)
        else:
            self.remember.setEnabled(False)
            self.remember.setText(
                self.tr("No system keyring: the password is asked each time, never saved")
            )
        form = QFormLayout()
        form.addRow(self.tr("Server (host)"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User name"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.tls)
        form.addRow("", self.remember)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(
            self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setObjectName("connect")
        self.test_button: QPushButton = self.buttons.addButton(
            self.tr("Test"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.test_button.setObjectName("test")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.test_button.clicked.connect(self.test)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.host.textChanged.connect(self._host_changed)
        if address is not None:
            self.fill(address)
        self.resize(520, self.sizeHint().height())

    def fill(self, location: Any) -> None:
        """The fields from an address (a recent register), its password from the keyring."""
        from twindesk.core.storage import postgres

        address = postgres.address(location)
        if address is None:
            return
        url = address.url
        socket = url.query.get("host")
        self.host.setText(str(socket or url.host or ""))
        port = url.query.get("port") or url.port
        self.port.setValue(int(str(port)) if port else DEFAULT_PORT)
        self.database.setText(url.database or "")
        self.user.setText(url.username or "")
        self.tls.setChecked(url.query.get("sslmode", "require" if socket else "") == "require")
        self.password.setText(url.password or stored_password(str(address)) or "")

    def _host_changed(self, text: str) -> None:
        self.tls.setEnabled(not is_socket(text.strip()))

    def address(self) -> Any:
        return build_address(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
            self.password.text(),
            tls=self.tls.isChecked(),
        )

    def _missing(self) -> bool:
        if not self.database.text().strip():
            self.status.setText(self.tr("Give the name of the database on the server."))
            self.database.setFocus()
            return True
        return False

    def _try(self) -> tuple[bool, str]:
        """Open the register read-only and close it: (worked, what to show)."""
        from twindesk.core import queries
        from twindesk.core.i18n import count
        from twindesk.core.storage import open_register

        address = self.address()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with open_register(address, read_only=True) as register:
                with register.connect() as conn:
                    pairings = queries.count(conn, "pairing")
        except TwinDeskError as err:
            message, detail = explain(err, self.lang, address)
            if detail:
                message += "\n" + translate("connect.detail", self.lang, detail=detail)
            return False, message
        finally:
            QGuiApplication.restoreOverrideCursor()
        return True, translate(
            "connect.ok", self.lang, address=str(address), pairings=count(pairings, "pairing")
        )

    def test(self) -> bool:
        if self._missing():
            return False
        worked, message = self._try()
        self.status.setText(message)
        self.status.setProperty("worked", worked)
        return worked

    def accept(self) -> None:
        if self._missing():
            return
        worked, message = self._try()
        self.status.setText(message)
        if not worked:
            return
        address = self.address()
        if self.remember.isEnabled():
            store_password(str(address), self.password.text() if self.remember.isChecked() else "")
        self.location = address
        super().accept()
