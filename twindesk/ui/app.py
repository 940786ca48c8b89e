"""Starting the window: Qt application, translations, font, settings, the register."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from twindesk import __version__
from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.fonts import find_cjk_font
from twindesk.core.i18n import set_language, translate
from twindesk.core.storage import SERVER_SCHEMES, open_register
from twindesk.paths import APP_NAME, default_register_path, resources_dir
from twindesk.ui.main_window import MainWindow, ask_register_file
from twindesk.ui.settings import Settings


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    from twindesk.ui.about import app_icon

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

    def open(self, path: Path | str, *, create: bool = False, read_only: bool = False) -> bool:
        """Open (or with ``create`` make) a register in a new window.

        A register that cannot be opened gets a dialog with the ways out that fit
        (retry, read-only, restore the latest backup, another file); never a traceback,
        never a file silently replaced.
        """
        from twindesk.core import backups
        from twindesk.ui import safety

        settings = self.settings()
        install_translations(self.app, settings.lang)
        # A register on a PostgreSQL server (postgresql://…): no file, so no backups to
        # offer, no network-drive warning, and not remembered (the URL may hold a password).
        server = getattr(path, "is_server", False) or str(path).startswith(SERVER_SCHEMES)
        path = path if server else Path(path)
        while True:
            try:
                register = open_register(path, create=create, read_only=read_only)
                break
            except StorageError as err:
                answer = safety.OpenProblem(
                    err, path, settings.lang, self.window, can_restore=False if server else None
                ).ask()
            except TwinDeskError as err:
                QMessageBox.critical(self.window, "TwinDesk", err.message(settings.lang))
                return False
            if answer == safety.READ_ONLY:
                read_only = True
            elif answer == safety.RESTORE:
                try:
                    backups.restore(backups.list_backups(path)[0].path, path)
                except TwinDeskError as err:
                    QMessageBox.critical(self.window, "TwinDesk", err.message(settings.lang))
                    return False
            elif answer == safety.OTHER:
                chosen = ask_register_file(self.window)
                if not chosen:
                    return False
                path, create, read_only = Path(chosen), False, False
            elif answer != safety.RETRY:
                return False
        if register.schema_behind:
            # Opened read-only (it is in use, or on read-only media) with the schema of an
            # earlier TwinDesk: the window would ask it for columns it does not have yet.
            register.close()
            QMessageBox.warning(
                self.window,
                "TwinDesk",
                translate("storage.behind_read_only", settings.lang, path=str(path)),
            )
            return False
        stored = Settings.load()  # the saved settings, not this session's --lang
        if not server:
            stored.remember(str(path.resolve()))
            stored.save()
        settings.recent_registers = stored.recent_registers
        from twindesk.ui.screen_fit import place_main_window, remember_main_window

        old = self.window
        if old is not None:
            remember_main_window(old)  # the new window opens where this one is
        self.window = MainWindow(register, settings)
        place_main_window(self.window)
        self.window.open_register_requested.connect(self.open)
        self.window.open_read_only_requested.connect(lambda p: self.open(p, read_only=True))
        self.window.create_register_requested.connect(lambda p: self.open(p, create=True))
        self.window.show()
        if not server:
            show_network_warning(self.window, path, settings.lang)
        if old is not None:
            old.close()
            old.register.close()
        # The check reads every page of the file (seconds on a national register): it
        # starts once the window has drawn and answered the clerk's first clicks.
        window = self.window
        QTimer.singleShot(
            CHECK_DELAY_MS, lambda: window.isVisible() and safety.start_checks(window)
        )
        return True


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
    from twindesk.ui.error_dialog import ErrorReporter
    from twindesk.ui.welcome import show_welcome

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
        welcome = show_welcome(controller) if db is None else None
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
