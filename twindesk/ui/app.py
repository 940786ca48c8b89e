"""Starting the window: Qt application, translations, font, settings, the register."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from twindesk import __version__
from twindesk.core.errors import TwinDeskError
from twindesk.core.fonts import find_cjk_font
from twindesk.core.i18n import set_language
from twindesk.core.storage import open_register
from twindesk.paths import APP_NAME, default_register_path, resources_dir
from twindesk.ui.main_window import MainWindow
from twindesk.ui.settings import Settings


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    use_cjk_font(app)
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
    for name, folder in (("twindesk_zh_CN", resources_dir() / "i18n"),
                         ("qtbase_zh_CN", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))):
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _translators.append(translator)


class Controller:
    """Owns the window; opens another register (or re-opens in a new language) on request."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.window: MainWindow | None = None

    def open(self, path: Path | str, *, create: bool = True) -> bool:
        settings = Settings.load()
        install_translations(self.app, settings.lang)
        try:
            register = open_register(path, create=create)
        except TwinDeskError as err:
            QMessageBox.critical(self.window, "TwinDesk", err.message(settings.lang))
            return False
        settings.remember(str(Path(path).resolve()))
        settings.save()
        old = self.window
        self.window = MainWindow(register, settings)
        self.window.open_register_requested.connect(self.open)
        self.window.show()
        if old is not None:
            old.close()
            old.register.close()
        return True


def run(db: Path | None, argv: list[str] | None = None) -> int:
    app = make_application(argv)
    controller = Controller(app)
    if not controller.open(db or default_register_path()):
        return 2
    code = app.exec()
    if controller.window is not None:
        controller.window.register.close()
    return code
