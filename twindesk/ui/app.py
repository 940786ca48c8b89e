"""Starting the window: Qt application, translations, font, settings, the register."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

# The core the first screen needs is imported before PySide6 is: PySide6's __feature__
# import hook reads the source file of every module imported after it
# (shibokensupport.feature.feature_imported calls inspect.getsource). Imported after it,
# SQLAlchemy, SQLModel and pydantic are some 270 more files read at every start, 0.12 s
# of CPU (issue 15); imported first, none of them are.
from twindesk.core import columns, queries, statistics, storage  # noqa: F401
from twindesk.core.operations import entities  # noqa: F401

# isort: split
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from twindesk import __version__, start_up_done
from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.fonts import find_cjk_font
from twindesk.core.i18n import set_language, translate
from twindesk.core.storage import SERVER_SCHEMES, open_register
from twindesk.paths import APP_NAME, default_register_path, resources_dir
from twindesk.ui.main_window import MainWindow, ask_register_file
from twindesk.ui.settings import Settings

if TYPE_CHECKING:
    from twindesk.core.storage.postgres import ServerAddress


def make_application(argv: list[str] | None = None) -> QApplication:
    # TwinDesk's application is a QApplication (the one made here, or a test's).
    app = cast(QApplication, QApplication.instance() or QApplication(argv or sys.argv[:1]))
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    from twindesk.ui.dialogs.about import app_icon

    app.setWindowIcon(app_icon())
    app.setDesktopFileName("twindesk")  # Wayland and task bars match the window to its icon
    use_cjk_font(app)
    from twindesk.ui.screen_fit import keep_dialogs_on_screen

    keep_dialogs_on_screen(app)
    return app


def use_cjk_font(app: QApplication) -> None:
    """Make sure Chinese renders even where the system has no Chinese font."""
    path = find_cjk_font()
    if path is None:
        return
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(app.font())
        # Keep the system's Latin font first where it has one; the CJK font fills in.
        font.setFamilies([app.font().family(), families[0]])
        app.setFont(font)


_translators: list[QTranslator] = []


def install_translations(app: QApplication, lang: str) -> None:
    """Load TwinDesk's and Qt's own translations for ``lang`` (English needs none)."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    set_language(lang)
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for name, folder in (
        ("twindesk_zh_CN", resources_dir() / "i18n"),
        ("qtbase_zh_CN", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    ):
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _translators.append(translator)


CHECK_DELAY_MS = 3000


class Controller:
    """Owns the window; opens another register (or re-opens in a new language) on request."""

    def __init__(self, app: QApplication, lang: str | None = None) -> None:
        self.app = app
        self.window: MainWindow | None = None
        self.lang = lang  # `twindesk --lang zh`: this session's language, whatever is saved,
        self._saved_lang = Settings.load().language  # until the clerk picks one in Settings

    def settings(self) -> Settings:
        """The saved settings, in this session's language when the command line gave one."""
        settings = Settings.load()
        if self.lang and settings.language == self._saved_lang:
            settings.language = self.lang
        return settings

    def open(
        self, path: Path | str | ServerAddress, *, create: bool = False, read_only: bool = False
    ) -> bool:
        """Open (or with ``create`` make) a register in a new window.

        A register that cannot be opened gets a dialog with the ways out that fit
        (retry, read-only, restore the latest backup, another file); never a traceback,
        never a file silently replaced.
        """
        from twindesk.core import backups
        from twindesk.ui.dialogs import open_problem

        settings = self.settings()
        install_translations(self.app, settings.lang)
        # A register on a PostgreSQL server (postgresql://…): no file, so no backups to
        # offer, no network-drive warning, and not remembered (the URL may hold a password).
        server = getattr(path, "is_server", False) or str(path).startswith(SERVER_SCHEMES)
        if server:  # a recent server register: its password from the system keyring
            from twindesk.ui.dialogs.connect import with_stored_password

            location: Path | ServerAddress = with_stored_password(path)
        else:
            location = Path(cast("Path | str", path))  # not a server's address (is_server)
        while True:
            try:
                register = open_register(location, create=create, read_only=read_only)
                break
            except StorageError as err:
                if server and err.code == "storage.server_unreachable":
                    # Ask for what is missing (the password, most often), the fields filled.
                    asked = self._ask_server(location, err, settings.lang)
                    if asked is None:
                        return False
                    location = asked
                    continue
                answer = open_problem.OpenProblem(
                    err, location, settings.lang, self.window, can_restore=False if server else None
                ).ask()
            except TwinDeskError as err:
                QMessageBox.critical(self.window, "TwinDesk", err.message(settings.lang))
                return False
            if answer == open_problem.READ_ONLY:
                read_only = True
            elif answer == open_problem.RESTORE:
                assert isinstance(location, Path)  # offered for a register file only
                try:
                    backups.restore(backups.list_backups(location)[0].path, location)
                except TwinDeskError as err:
                    QMessageBox.critical(self.window, "TwinDesk", err.message(settings.lang))
                    return False
            elif answer == open_problem.OTHER:
                chosen = ask_register_file(self.window)
                if not chosen:
                    return False
                location, create, read_only = Path(chosen), False, False
            elif answer != open_problem.RETRY:
                return False
        if register.schema_behind:
            # Opened read-only (it is in use, or on read-only media) with the schema of an
            # earlier TwinDesk: the window would ask it for columns it does not have yet.
            register.close()
            QMessageBox.warning(
                self.window,
                "TwinDesk",
                translate("storage.behind_read_only", settings.lang, path=str(location)),
            )
            return False
        stored = Settings.load()  # the saved settings, not this session's --lang
        # A server register is remembered by its address without the password (which
        # stays in the system keyring, or is asked again).
        stored.remember(register.name if server else str(cast(Path, location).resolve()))
        stored.save()
        settings.recent_registers = stored.recent_registers
        from twindesk.ui.screen_fit import place_main_window, remember_main_window

        old = self.window
        if old is not None:
            remember_main_window(old)  # the new window opens where this one is
        self.window = MainWindow(register, settings)
        place_main_window(self.window)
        self.window.open_register_requested.connect(self.open)
        self.window.open_server_requested.connect(self.open)
        self.window.open_read_only_requested.connect(lambda p: self.open(p, read_only=True))
        self.window.create_register_requested.connect(lambda p: self.open(p, create=True))
        self.window.show()
        start_up_done()
        if not server:
            show_network_warning(self.window, cast(Path, location), settings.lang)
        if old is not None:
            old.close()
            old.register.close()
        # The check reads every page of the file (seconds on a national register): it
        # starts once the window has drawn and answered the clerk's first clicks.
        window = self.window
        QTimer.singleShot(
            CHECK_DELAY_MS, lambda: window.isVisible() and window.safety.start_checks()
        )
        return True

    def _ask_server(self, location: object, err: StorageError, lang: str) -> ServerAddress | None:
        return _ask_server_dialog(self.window, location, err, lang)


def _ask_server_dialog(
    window: MainWindow | None, location: object, err: StorageError, lang: str
) -> ServerAddress | None:
    """The connect dialog, filled with ``location`` and saying why it failed; the address
    the clerk then connects to, or None."""
    from twindesk.ui.dialogs.connect import ConnectDialog, explain

    dialog = ConnectDialog(lang, window, address=location)
    message, detail = explain(err, lang, dialog.address())
    dialog.status.setText(
        message + (f"\n{translate('connect.detail', lang, detail=detail)}" if detail else "")
    )
    return dialog.location if dialog.exec() else None


def show_network_warning(window: MainWindow, path: Path, lang: str) -> QLabel | None:
    """A register on a network drive gets a lasting note in the status bar, the advice in
    its tooltip: a warning, not a dialog, since the clerk must still be able to work."""
    from twindesk.core.storage import sqlite as sqlite_seam

    fstype = sqlite_seam.network_filesystem(path)
    if fstype is None:
        return None
    note = QLabel(translate("storage.on_network.short", lang, fstype=fstype), window)
    note.setObjectName("networkWarning")
    note.setToolTip(translate("storage.on_network", lang, path=path, fstype=fstype))
    window.statusBar().insertPermanentWidget(0, note)  # left of the count, beside any message
    return note


def run(
    db: Path | None,
    argv: list[str] | None = None,
    smoke: Path | None = None,
    lang: str | None = None,
) -> int:
    from twindesk.logs import start_logging
    from twindesk.ui.dialogs.error_dialog import ErrorReporter

    start_logging("window")
    app = make_application(argv)
    reporter = ErrorReporter(app)
    reporter.install()
    if smoke is not None:
        from twindesk.ui.smoke import schedule_smoke

        schedule_smoke(app, smoke)
    controller = Controller(app, lang)
    # First start without --db: the welcome screen asks, then opens the register.
    try:
        welcome = None
        if db is None:
            from twindesk.ui.welcome import show_welcome

            welcome = show_welcome(controller)
        if welcome is None and not controller.open(
            db or default_register_path(), create=db is None
        ):
            return 2
    except Exception as err:  # a bug at start: no event loop runs yet to show it
        reporter.show_now(err)
        return 2
    code = app.exec()
    if controller.window is not None:
        controller.window.register.close()
    return code
