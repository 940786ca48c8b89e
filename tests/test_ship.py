"""Finishing the desktop application: first-run welcome, Help menu (About, user guide),
icon, the log file and the dialog for unexpected errors, the --smoke start, and where
the user's files go."""

from __future__ import annotations

import logging
import re
from importlib.metadata import metadata, version
from pathlib import Path

import pytest
from PySide6.QtCore import QRunnable, Qt, QThreadPool, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select
from test_ui import type_chinese

from twindesk.cli import main
from twindesk.core import operations as ops
from twindesk.core.models import Place
from twindesk.core.storage import open_register
from twindesk.logs import BACKUPS, MAX_BYTES, log, log_file, start_logging
from twindesk.paths import log_dir, user_data_dir
from twindesk.ui.app import Controller
from twindesk.ui.dialogs.about import BUNDLED, AboutDialog, UserGuideDialog, app_icon
from twindesk.ui.dialogs.error_dialog import ErrorReporter
from twindesk.ui.main_window import MainWindow
from twindesk.ui.settings import Settings
from twindesk.ui.welcome import WelcomeDialog, show_welcome

ROOT = Path(__file__).resolve().parents[1]


# -- first run ------------------------------------------------------------------------------
def test_first_start_welcomes_and_opens_the_demo_then_never_again(qtbot, controller):
    welcome = show_welcome(controller)
    assert isinstance(welcome, WelcomeDialog) and welcome.isVisible()
    welcome.language.setCurrentIndex(welcome.language.findData("zh"))
    type_chinese(welcome.office, "无锡市人民政府外事办公室")
    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)

    window = controller.window
    assert window is not None and window.isVisible()
    demo_path = user_data_dir() / "demo.sqlite3"
    assert window.register.path == demo_path
    assert window.page("pairing").model.rowCount() == 29
    assert window.sidebar.item(0).text() == "总览"  # the language chosen on the welcome screen
    qtbot.waitUntil(lambda: not welcome.isVisible())
    settings = Settings.load()
    assert (settings.language, settings.office_name) == ("zh", "无锡市人民政府外事办公室")
    assert settings.recent() == [str(demo_path)]

    assert show_welcome(Controller(QApplication.instance())) is None  # the next start


def test_welcome_creates_a_new_register(qtbot, controller, tmp_path, monkeypatch):
    target = tmp_path / "office.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    welcome = show_welcome(controller)
    qtbot.keyClicks(welcome.office, "Foreign Affairs Office of Wuxi")
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    assert controller.window is not None and controller.window.register.path == target
    assert controller.window.page("pairing").model.rowCount() == 0
    assert Settings.load().office_name == "Foreign Affairs Office of Wuxi"
    assert not (user_data_dir() / "demo.sqlite3").exists()


def test_welcome_opens_an_existing_register(qtbot, controller, demo, monkeypatch):
    demo.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo.path), ""))
    welcome = show_welcome(controller)
    qtbot.mouseClick(welcome.open_button, Qt.MouseButton.LeftButton)
    assert controller.window is not None and controller.window.register.path == demo.path
    assert Settings.load().recent() == [str(demo.path)]


def test_welcome_follows_the_language_as_it_is_chosen(qtbot, controller):
    welcome = show_welcome(controller)
    combo = welcome.language
    combo.setCurrentIndex(combo.findData("zh"))
    # Qt's own strings switch at once (the welcome's own once the translation is merged).
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
    combo.setCurrentIndex(combo.findData("en"))
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert welcome.windowTitle() == "Welcome to TwinDesk"
    welcome.close()


# -- Help menu ------------------------------------------------------------------------------
def test_about_shows_version_and_licences(qtbot, window):
    window.about_action.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    assert f"Version {version('twindesk')}" in _label_text(about, "title")
    rows = {
        about.parts.item(r, 0).text(): (
            about.parts.item(r, 1).text(),
            about.parts.item(r, 2).text(),
        )
        for r in range(about.parts.rowCount())
    }
    assert rows["SQLAlchemy"] == (version("SQLAlchemy"), "MIT")
    assert rows["Qt Charts (dashboard charts)"][1] == "GPL-3.0"
    assert rows["ReportLab"][1] == "BSD"
    assert rows["WenQuanYi Micro Hei"][1].startswith("Apache-2.0")  # the font the window uses here
    assert str(log_dir()) in _label_text(about, "folders")
    about.close()


def _label_text(widget, name: str) -> str:
    from PySide6.QtWidgets import QLabel

    return widget.findChild(QLabel, name).text()


def test_licences_match_the_installed_packages_metadata():
    for what, dist, licence in BUNDLED:
        meta = metadata(dist)
        declared = " ".join(
            [
                meta.get("License-Expression") or "",
                meta.get("License") or "",
                *[c for c in meta.get_all("Classifier") or [] if c.startswith("License")],
            ]
        )
        assert licence in declared, (what, dist, declared)


def test_user_guide_opens_from_f1_with_its_screenshots(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(UserGuideDialog)
    assert guide is not None and guide.isVisible()
    document = guide.browser.document()
    assert "Welcome screen" in document.toPlainText()
    images = re.findall(
        r"!\[[^]]*\]\(([^)]+)\)", (ROOT / "docs" / "user-guide.md").read_text("utf-8")
    )
    assert len(images) >= 4
    for src in images:
        assert not src.startswith("http")  # offline
        image = document.resource(document.ResourceType.ImageResource, QUrl(src))
        assert image is not None and not image.isNull(), src  # a QPixmap read from the file
    chinese = UserGuideDialog("zh", window)
    qtbot.addWidget(chinese)
    assert "欢迎" in chinese.browser.document().toPlainText()


def test_application_icon_has_every_size():
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256, 512}
    assert (ROOT / "resources" / "icons" / "twindesk.ico").stat().st_size > 0


# -- the log and unexpected errors ----------------------------------------------------------
def test_command_line_writes_the_rotating_log(tmp_path):
    assert main(["--db", str(tmp_path / "r.sqlite3"), "init"]) == 0
    text = log_file().read_text("utf-8")
    assert log_file().parent == log_dir() and "TwinDesk" in text and " init " in text
    assert "Running upgrade" in text  # Alembic's steps are kept too
    handler = next(
        h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(log_file())
    )
    assert (handler.maxBytes, handler.backupCount) == (MAX_BYTES, BACKUPS)
    for _ in range(3):
        log.info("x" * (MAX_BYTES // 2))
    assert (log_dir() / "twindesk.log.1").exists()  # rotated, not grown without bound


@pytest.fixture
def reporter(qapp):
    start_logging("test")
    made = ErrorReporter(qapp)
    made.install()
    yield made
    made.uninstall()
    if made.dialog is not None:
        made.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_is_logged_shown_and_loses_nothing(qtbot, window, reporter):
    assert window.apply(
        lambda s: ops.create(
            s,
            "place",
            {"name_en": "Yeosu", "name_zh": "丽水", "place_type": "city", "country_code": "KR"},
        )
    )

    def broken_slot() -> None:
        raise RuntimeError("the refresh broke")

    window.refresh_action.triggered.connect(broken_slot)
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    box = reporter.dialog
    assert box.text().startswith("Something unexpected went wrong")
    assert "everything saved before the error is safe" in box.text()
    assert str(log_file()) in box.informativeText()
    assert box.detailedText() == "RuntimeError: the refresh broke"
    logged = log_file().read_text("utf-8")
    assert "Traceback" in logged and "in broken_slot" in logged and "the refresh broke" in logged

    # The window goes on working, and what was saved is in the file.
    assert window.isVisible()
    assert window.apply(
        lambda s: ops.create(
            s,
            "place",
            {"name_en": "Suncheon", "name_zh": "顺天", "place_type": "city", "country_code": "KR"},
        )
    )
    box.close()
    with open_register(window.register.path, read_only=True) as again, again.read() as s:
        names = set(s.scalars(select(Place.name_en)))
    assert {"Yeosu", "Suncheon"} <= names


@pytest.mark.qt_no_exception_capture
def test_error_on_a_worker_thread_reaches_the_dialog(qtbot, reporter):
    class Broken(QRunnable):
        def run(self) -> None:
            raise KeyError("lost on a pool thread")

    QThreadPool.globalInstance().start(Broken())
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog.detailedText() == "KeyError: 'lost on a pool thread'"
    # A second error while the dialog is up is logged, not stacked as another dialog.
    first = reporter.dialog
    QThreadPool.globalInstance().start(Broken())
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert reporter.dialog is first
    qtbot.keyClick(first, Qt.Key.Key_Escape)  # the clerk closes it
    assert not first.isVisible()
    assert log_file().read_text("utf-8").count("KeyError: 'lost on a pool thread'") == 2


# -- starting the window: welcome, --smoke ------------------------------------------------
def test_a_bug_at_start_is_shown_and_logged(qtbot, qt_settings, monkeypatch):
    from PySide6.QtCore import QTimer

    from twindesk.ui import welcome
    from twindesk.ui.app import run

    def broken(controller) -> None:
        raise RuntimeError("broken start")

    monkeypatch.setattr(welcome, "show_welcome", broken)
    seen = []

    def answer() -> None:  # the clerk reads the message and presses OK
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, answer)
            return
        seen.append((box.text(), box.detailedText()))
        box.accept()

    QTimer.singleShot(0, answer)
    assert run(None) == 2
    assert seen == [
        ("TwinDesk could not start because of an unexpected error.", "RuntimeError: broken start")
    ]
    logged = log_file().read_text("utf-8")
    assert "Unexpected error in start" in logged and "in broken" in logged


def test_smoke_start_pictures_the_first_window(qtbot, qt_settings, tmp_path):
    register = tmp_path / "r.sqlite3"
    assert main(["--db", str(register), "init"]) == 0
    png = tmp_path / "main.png"
    assert main(["--db", str(register), "--smoke", str(png)]) == 0
    image = QImage(str(png))
    free = QApplication.primaryScreen().availableGeometry()  # the window fits the screen (18.10)
    assert image.width() >= min(800, free.width() - 10) and image.height() >= 500
    assert "smoke: MainWindow 'r.sqlite3 — TwinDesk' shown" in log_file().read_text("utf-8")
    _close_top_levels()


def _close_top_levels() -> None:
    QThreadPool.globalInstance().waitForDone()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
            if isinstance(widget, MainWindow):
                widget.register.close()


# -- where files go ---------------------------------------------------------------------------
def test_no_hard_coded_user_folders():
    """Data, logs and settings come from platformdirs and QSettings, never a written path.

    (core/fonts.py lists where systems keep fonts: read-only system folders, not ours.)
    """
    pattern = re.compile(
        r"""["'](~[/\\]|/home/|/Users/|[A-Za-z]:\\)|AppData|LOCALAPPDATA|\.config/|\.local/share"""
    )
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "twindesk").rglob("*.py")
        if path.name != "fonts.py"
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
