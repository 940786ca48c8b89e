"""Small screens (issue 18.10): the window and every dialog fit a 1280×720 or 1366×768
screen, with their buttons on it.

Qt's offscreen platform takes its screen from a JSON file (``offscreen:configfile=``), and
a process has one platform: each size runs TwinDesk in a child process (this file run as
a script), which opens the window the way ``twindesk`` does and then each dialog.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

SIZES = [(1280, 720), (1366, 768)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_window_and_every_dialog_fit_the_screen(demo_file, tmp_path, size, lang):
    register = shutil.copy(demo_file, tmp_path / "demo.sqlite3")
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "Laptop",
                        "x": 0,
                        "y": 0,
                        "width": size[0],
                        "height": size[1],
                        "logicalDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, __file__, str(register), lang],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screen"] == [0, 0, *size]
    assert report["window"][2] <= size[0] and report["window"][3] <= size[1]
    assert len(report["checked"]) >= 12, report["checked"]
    assert report["off_screen"] == [], report["off_screen"]
    # The established date is in view without scrolling, in both languages.
    assert report["established_right"] <= report["table_width"]
    # Each filter's "All …" reads whole ("All country groups"), on 1280 pixels too.
    assert report["cut_filters"] == [], report["cut_filters"]


def _in_scroll_area(widget, dialog) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if (
            isinstance(parent.parentWidget(), QAbstractScrollArea)
            and parent is parent.parentWidget().viewport()
        ):
            return True
        parent = parent.parentWidget()
    return False


def _probe(register_path: str, lang: str) -> dict:  # pragma: no cover - runs in the child
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QDialog, QPushButton

    from twindesk.ui.app import Controller, make_application

    app = make_application()
    QCoreApplication.setOrganizationName("TwinDeskScreens")
    QSettings().clear()
    controller = Controller(app, lang)
    assert controller.open(register_path)
    window = controller.window
    app.processEvents()
    free = window.screen().availableGeometry()
    off: list[str] = []
    checked: list[str] = []

    def check(name: str, dialog: QDialog) -> None:
        dialog.show()
        app.processEvents()
        # Every push button the dialog shows, but those inside a scrolled area (the
        # area scrolls to them): Save, Cancel, Export, Close, Next...
        buttons = [
            b
            for b in dialog.findChildren(QPushButton)
            if b.isVisible() and not _in_scroll_area(b, dialog)
        ]
        if not buttons:
            off.append(f"{name}: no buttons found")
        for button in buttons:
            rect = button.rect().translated(button.mapToGlobal(button.rect().topLeft()))
            if not free.contains(rect):
                off.append(
                    f"{name}: {button.text()!r} at {rect.getRect()} outside {free.getRect()}"
                )
        frame = dialog.frameGeometry()
        if not free.contains(frame):
            off.append(f"{name}: dialog {frame.getRect()} outside {free.getRect()}")
        checked.append(name)
        dialog.hide()
        dialog.deleteLater()

    from twindesk.ui.dialogs import about
    from twindesk.ui.dialogs.change_log import ChangeLog
    from twindesk.ui.dialogs.export_dialog import ExportDialog, TemplateDialog
    from twindesk.ui.dialogs.report_dialog import ReportDialog
    from twindesk.ui.dialogs.restore_backup import RestoreDialog
    from twindesk.ui.dialogs.settings import SettingsDialog
    from twindesk.ui.import_wizard import ImportsDialog, ImportWizard
    from twindesk.ui.welcome import WelcomeDialog

    reg = window.register
    for entity in ("pairing", "place", "programme", "exchange", "contact"):
        check(f"new {entity}", window.form(entity))
    check("pairing page", window.form("pairing", 1))
    check("place form", window.form("place", 1))
    check("settings", SettingsDialog(window.settings, window, reg))
    check("reports", ReportDialog(reg, lang=lang, parent=window))
    check("export", ExportDialog(reg, lang=lang, page=window.page("pairing"), parent=window))
    check("templates", TemplateDialog(reg, lang=lang, parent=window))
    check("import wizard", ImportWizard(reg, lang=lang, parent=window))
    check("imports", ImportsDialog(reg, lang=lang, parent=window))
    check("restore", RestoreDialog(reg.path, lang, window))
    check("change log", ChangeLog(reg, "pairing", 1, "Pairing #1", lang, window))
    check("about", about.AboutDialog(window))
    check("user guide", about.UserGuideDialog(lang, window))
    check("welcome", WelcomeDialog(window.settings))

    page = window.show_section("pairing")
    app.processEvents()
    # Each filter's "All …" in full: the room the combo box's style gives its text.
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    cut_filters = []
    for box in page.filters.values():
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        room = box.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            box,
        )
        if box.fontMetrics().horizontalAdvance(box.itemText(0)) > room.width():
            cut_filters.append(f"{box.itemText(0)} ({room.width()} px)")
    header = page.table.horizontalHeader()
    established = next(i for i, c in enumerate(page.model.columns) if c.key == "established")
    g = window.frameGeometry()
    return {
        "screen": list(free.getRect()),
        "window": [g.x(), g.y(), g.width(), g.height()],
        "checked": checked,
        "off_screen": off,
        "established_right": header.sectionViewportPosition(established)
        + header.sectionSize(established),
        "table_width": page.table.viewport().width(),
        "cut_filters": cut_filters,
    }


if __name__ == "__main__":  # pragma: no cover - the child process
    result = _probe(sys.argv[1], sys.argv[2])
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # the register and threads go with the process; nothing to save


def test_main_window_geometry_is_remembered_per_screen(qtbot, demo, qt_settings):
    from PySide6.QtCore import Qt

    from twindesk.ui.main_window import MainWindow
    from twindesk.ui.screen_fit import place_main_window
    from twindesk.ui.settings import Settings

    window = MainWindow(demo, Settings.load())
    qtbot.addWidget(window)
    place_main_window(window)
    screen = window.screen().availableGeometry()
    if screen.width() < 1360 or screen.height() < 880:  # Qt's offscreen screen is 800×600
        assert window.windowState() & Qt.WindowState.WindowMaximized
    window.show()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(0, 30, window.width(), 500)
    window.close()  # remembered for this screen
    keys = [k for k in qt_settings.allKeys() if k.startswith("geometry/")]
    size = window.screen().geometry().size()
    assert keys == [f"geometry/{window.screen().name() or 'screen'}-{size.width()}x{size.height()}"]
    again = MainWindow(demo, Settings.load())
    qtbot.addWidget(again)
    place_main_window(again)
    assert not again.windowState() & Qt.WindowState.WindowMaximized
    assert (again.y(), again.height()) == (30, 500)  # where and as high as the clerk left it
