"""The welcome screen, shown on the first start (no register was ever opened).

It asks for the interface language, the office name and the operator's name (saved to
Settings, changeable later in Edit > Settings) and the office's own place, picked from the
gazetteer; then offers three ways in: create a new register, open an existing one, or
explore the demo register. A new register gets the own place (both names, country,
region, coordinates) as its first place, the default local side of new pairings. The
window opens before the welcome screen closes, so the application never finds itself
without a window and quits.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.storage import Register
from twindesk.paths import default_register_path, user_data_dir
from twindesk.ui.dialogs.about import app_icon
from twindesk.ui.settings import Settings

DEMO_NAME = "demo.sqlite3"  # the same file `twindesk demo` builds by default


def needs_welcome(settings: Settings) -> bool:
    return not settings.recent()


class WelcomeDialog(QDialog):
    """Signals:
    chosen(path, create): the clerk picked a register; ``create`` is False for an
        existing file, which must not be created if it has gone missing meanwhile.
    """

    chosen = Signal(str, bool)
    server_chosen = Signal(object)  # a storage.postgres.ServerAddress (with its password)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowIcon(app_icon())
        self.settings = settings
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.lang)))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.office = QLineEdit(settings.office_name, self)
        self.office.setObjectName("office_name")
        self.operator = QLineEdit(settings.operator, self)
        self.operator.setObjectName("operator")
        # Imported here: every start imports this module to ask whether a welcome is due,
        # only the first one needs the picker (and the gazetteer and pinyin behind it).
        from twindesk.ui.forms import RecordPicker

        self.own_place = RecordPicker(None, "place", settings.lang, self)  # the gazetteer's places
        self.own_place.setObjectName("own_place")
        self.language_label, self.office_label = QLabel(self), QLabel(self)
        self.operator_label, self.own_place_label = QLabel(self), QLabel(self)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        form.addRow(self.office_label, self.office)
        form.addRow(self.operator_label, self.operator)
        form.addRow(self.own_place_label, self.own_place)
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("create")
        self.create_button.clicked.connect(self.create_register)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open")
        self.open_button.clicked.connect(self.open_register)
        self.demo_button = QPushButton(self)
        self.demo_button.setObjectName("demo")
        self.demo_button.clicked.connect(self.open_demo)
        self.server_button = QPushButton(self)
        self.server_button.setObjectName("server")
        self.server_button.clicked.connect(self.connect_to_server)
        self.hints = [QLabel(self) for _ in range(4)]
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(56, 56))
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addSpacing(12)
        for button, hint in zip(
            (self.create_button, self.open_button, self.server_button, self.demo_button),
            self.hints,
            strict=True,
        ):
            button.setMinimumHeight(36)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text); margin: 0 0 10px 4px;")
            layout.addWidget(button)
            layout.addWidget(hint)
        layout.addStretch(1)
        self._retranslate()
        self.resize(600, 520)

    # -- language ---------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.language.currentData()

    def _language_changed(self) -> None:
        from twindesk.ui.app import install_translations  # app imports this module

        # Installing (or removing) translators sends LanguageChange to every widget,
        # which retranslates this screen: see changeEvent.
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # a window's
        install_translations(app, self.lang)
        self.own_place.lang = self.lang
        if (found := self.own_place.found()) is not None:  # its label in the new language
            self.own_place.set_found(found)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to TwinDesk"))
        self.heading.setText(f"<h2>{self.windowTitle()}</h2>")
        self.intro.setText(
            self.tr(
                "TwinDesk keeps your office's register of friendship-city relationships on this "
                "computer: pairings, programmes, exchanges, contacts and agreements, in English "
                "and Chinese. Nothing is sent over the network."
            )
        )
        self.language_label.setText(self.tr("Language"))
        self.office_label.setText(self.tr("Office name (on reports)"))
        self.office.setPlaceholderText(
            self.tr("e.g. Foreign Affairs Office of Wuxi Municipal People's Government")
        )
        self.operator_label.setText(self.tr("Your name (in the change log)"))
        self.operator.setPlaceholderText(self.tr("e.g. Li Hua"))
        self.own_place_label.setText(self.tr("Your city or province"))
        self.own_place.edit.setPlaceholderText(
            self.tr("Type its name in English or Chinese, e.g. Wuxi or 无锡")
        )
        self.own_place.setToolTip(
            self.tr("The local side of your pairings: new pairings and imports start with it")
        )
        self.create_button.setText(self.tr("Create a new register…"))
        self.open_button.setText(self.tr("Open an existing register…"))
        self.demo_button.setText(self.tr("Explore the demo register"))
        self.server_button.setText(self.tr("Connect to a server register…"))
        self.hints[0].setText(
            self.tr("Start your office's own register. Suggested place: %1").replace(
                "%1", str(default_register_path())
            )
        )
        self.hints[1].setText(
            self.tr("A register file you or a colleague already keep (.sqlite3).")
        )
        self.hints[2].setText(
            self.tr(
                "A register your office keeps on a PostgreSQL server, shared by several clerks."
            )
        )
        self.hints[3].setText(
            self.tr(
                "Sample pairings and exchanges from news articles, to try "
                "TwinDesk out. It is a separate file: your own register is "
                "not touched."
            )
        )

    # -- choices ----------------------------------------------------------------------
    def save_settings(self) -> None:
        self.settings.language = self.lang
        self.settings.office_name = self.office.text().strip()
        self.settings.operator = self.operator.text().strip()
        self.settings.save()

    def plant_own_place(self, register: Register) -> int | None:
        """Put the chosen own place in ``register`` and make it the register's own place
        (a register that has one already keeps it)."""
        from twindesk.core import places  # first start only (see __init__)

        found = self.own_place.found()
        if found is None or register.read_only or places.own_place(register) is not None:
            return None
        with register.write() as s:
            place_id = places.add_from_gazetteer(s, found)[0].id
        places.set_own_place(register, place_id)
        return place_id

    def create_register(self) -> None:
        default_register_path().parent.mkdir(parents=True, exist_ok=True)
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("New register"),
            str(default_register_path()),
            self.tr("TwinDesk registers (*.sqlite3)"),
        )
        if not path:
            return
        if Path(path).exists():
            QMessageBox.warning(self, "TwinDesk", translate("storage.exists", self.lang, path=path))
            return
        self.chosen.emit(path, True)

    def open_register(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open register"),
            str(user_data_dir()),
            self.tr("TwinDesk registers (*.sqlite3 *.sqlite *.db);;All files (*)"),
        )
        if path:
            self.chosen.emit(path, False)

    def connect_to_server(self):  # noqa: ANN201 - returns the ConnectDialog
        from twindesk.ui.dialogs.connect import ConnectDialog

        dialog = ConnectDialog(self.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.server_chosen.emit(dialog.location))
        dialog.open()
        return dialog

    def open_demo(self) -> None:
        path = user_data_dir() / DEMO_NAME
        if not (path.exists() and path.stat().st_size > 0):
            from twindesk.core.demo import create_demo_register

            # About two seconds of work: a busy cursor is enough.
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                create_demo_register(path).close()
            except TwinDeskError as err:
                QGuiApplication.restoreOverrideCursor()
                QMessageBox.warning(self, "TwinDesk", err.message(self.lang))
                return
            QGuiApplication.restoreOverrideCursor()
        self.chosen.emit(str(path), False)


def show_welcome(controller) -> WelcomeDialog | None:  # noqa: ANN001 - app.Controller
    """On the first start, show the welcome screen and let it open the register.

    Returns the dialog, or None when a register was opened before (no welcome then).
    """
    from twindesk.ui.app import install_translations  # app imports this module

    settings = controller.settings()
    if not needs_welcome(settings):
        return None
    install_translations(controller.app, settings.lang)  # the locale's language, until chosen
    dialog = WelcomeDialog(settings)

    def chosen(path: str, create: bool) -> None:
        dialog.save_settings()
        if controller.open(path, create=create):
            if Path(path).name != DEMO_NAME and dialog.plant_own_place(controller.window.register):
                controller.window.refresh()
            dialog.accept()  # after the window is shown: closing first would quit the app

    def server_chosen(location: object) -> None:
        dialog.save_settings()
        if controller.open(location):
            if dialog.plant_own_place(controller.window.register):
                controller.window.refresh()
            dialog.accept()

    dialog.chosen.connect(chosen)
    dialog.server_chosen.connect(server_chosen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
