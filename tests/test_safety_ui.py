"""The window keeps the register safe: ways out of a register that cannot be opened,
Back up now, Restore, the daily backup at open, and a record's Change log."""

from __future__ import annotations

import shutil
from collections.abc import Callable

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import select

from twindesk.core import backups
from twindesk.core import operations as ops
from twindesk.core.models import Pairing
from twindesk.core.storage import open_register
from twindesk.ui.dialogs.change_log import ChangeLog
from twindesk.ui.dialogs.open_problem import OpenProblem
from twindesk.ui.dialogs.restore_backup import RestoreDialog


class ModalAnswers:
    """Answers the modal dialogs a step opens, in order, as a clerk would click them."""

    def __init__(self, steps: list[tuple[type, Callable]]) -> None:
        self.steps, self.seen = list(steps), []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or not self.steps or modal in self.seen:
            return
        kind, act = self.steps[0]
        if isinstance(modal, kind):
            self.steps.pop(0)
            self.seen.append(modal)
            self.seen.append(
                modal.text() if isinstance(modal, QMessageBox) else modal.windowTitle()
            )
            act(modal)

    def done(self) -> bool:
        return not self.steps


def click(name: str) -> Callable:
    return lambda box: box.findChild(QPushButton, name).click()


def click_yes(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Yes).click()


def corrupt(path) -> None:
    data = bytearray(path.read_bytes())
    data[8192:] = bytes((i * 13 + 5) % 241 for i in range(len(data) - 8192))
    path.write_bytes(bytes(data))


def demo_copy(demo, tmp_path):
    demo.close()
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(demo.path, path)
    return path


def test_open_makes_the_daily_backup_in_the_background(qtbot, controller, demo, tmp_path):
    path = demo_copy(demo, tmp_path)
    assert controller.open(path)
    qtbot.waitUntil(
        lambda: [b.reason for b in backups.list_backups(path)] == ["daily"], timeout=10000
    )
    qtbot.waitUntil(lambda: "Backed up" in controller.window.statusBar().currentMessage())


def test_damaged_register_offers_the_latest_backup(qtbot, controller, demo, tmp_path):
    path = demo_copy(demo, tmp_path)
    backups.make_backup(path, "manual")
    corrupt(path)
    answers = ModalAnswers([(OpenProblem, click("restore"))])
    assert controller.open(path)
    assert answers.done() and "is damaged" in answers.seen[1]
    with controller.window.register.read() as s:
        assert len(s.execute(select(Pairing.id)).all()) == 29
    assert list(backups.folder_for(path).glob("*.damaged"))  # the damaged bytes were kept


def test_missing_and_foreign_files_are_refused_untouched(qtbot, controller, tmp_path):
    missing = tmp_path / "moved.sqlite3"
    answers = ModalAnswers(
        [(OpenProblem, lambda box: box.button(QMessageBox.StandardButton.Cancel).click())]
    )
    assert not controller.open(missing)
    assert answers.done() and "does not exist" in answers.seen[1] and not missing.exists()
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a register")
    answers = ModalAnswers(
        [(OpenProblem, lambda box: box.button(QMessageBox.StandardButton.Cancel).click())]
    )
    assert not controller.open(notes)
    assert answers.done() and "not a TwinDesk register" in answers.seen[1]
    assert notes.read_text() == "not a register"


def test_back_up_now_then_restore_from_the_menu(qtbot, controller, demo, tmp_path):
    path = demo_copy(demo, tmp_path)
    assert controller.open(path)
    window = controller.window
    QThreadPool.globalInstance().waitForDone()  # the daily backup
    window.backup_action.trigger()
    qtbot.waitUntil(
        lambda: any(b.reason == "manual" for b in backups.list_backups(path)), timeout=10000
    )
    with window.register.write() as s:
        ops.update(s, "pairing", 1, {"notes": "a change to regret"}, version=None)

    def pick_manual(dialog: RestoreDialog) -> None:
        row = next(i for i, b in enumerate(dialog.found) if b.reason == "manual")
        dialog.table.selectRow(row)
        assert dialog.table.item(row, 1).text() == "made by hand"
        dialog.restore_button.click()

    answers = ModalAnswers([(RestoreDialog, pick_manual), (QMessageBox, click_yes)])
    window.restore_action.trigger()
    assert answers.done()
    qtbot.waitUntil(lambda: controller.window is not window)
    with open_register(path, read_only=True) as reg, reg.read() as s:
        assert s.get(Pairing, 1).notes != "a change to regret"
    assert any(b.reason == "before-restore" for b in backups.list_backups(path))


def test_change_log_shows_who_changed_what(qtbot, controller, demo, tmp_path):
    path = demo_copy(demo, tmp_path)
    assert controller.open(path)
    window = controller.window
    window.register.operator = "Wang Fang"
    with window.register.write() as s:
        ops.update(s, "pairing", 1, {"notes": "visited in May"}, version=None)
    form = window.form("pairing", 1)
    qtbot.addWidget(form)
    form.findChild(QPushButton, "changeLogButton").click()
    log = form.findChild(ChangeLog)
    assert log is not None and log.isVisible()
    last = log.rows[-1]
    assert last[1:4] == ["Wang Fang", "Changed", "Notes"] and last[5] == "visited in May"
    assert log.rows[0][2] == "Created"
    created = {row[3]: row[5] for row in log.rows if row[2] == "Created"}
    # Labels, not the stored codes and ids ("sister_city", "13").
    assert (created["Kind"], created["Level"]) == ("Sister / friendship city", "City – city")
    assert (created["Local place"], created["Partner place"]) == ("Beijing (CN)", "Tokyo (JP)")
    from python_calamine import CalamineWorkbook

    for name in ("changes.xlsx", "changes.csv"):
        saved = log.export(str(tmp_path / name))
        if name.endswith(".xlsx"):
            rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
        else:
            import csv

            with saved.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
        assert rows[0][:4] == ["When", "Who", "What", "Field"]
        assert [str(c) for c in rows[-1][1:6]] == [
            "Wang Fang",
            "Changed",
            "Notes",
            log.rows[-1][4],
            "visited in May",
        ]
    log.close()


def test_deleting_several_rows_backs_up_and_is_all_or_nothing(
    qtbot, controller, demo, tmp_path, monkeypatch
):
    from PySide6.QtCore import Qt

    from twindesk.core.models import Contact

    path = demo_copy(demo, tmp_path)
    assert controller.open(path)
    window = controller.window
    QThreadPool.globalInstance().waitForDone()
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    with qtbot.waitActive(window):  # the Delete shortcut needs the active window
        window.activateWindow()
    page = window.show_section("contact")
    qtbot.waitUntil(lambda: page.model.rowCount() == 11)
    page.table.setFocus()
    page.table.selectRow(0)
    for row in (1, 2):  # Ctrl+click on two more rows
        rect = page.table.visualRect(page.model.index(row, 1))
        qtbot.mouseClick(
            page.table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            rect.center(),
        )
    assert len(page.table.selectionModel().selectedRows()) == 3
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked and asked[0].startswith("Delete 3 contacts?")
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=10000)
    with window.register.read() as s:
        assert len(s.execute(select(Contact.id)).all()) == 8
    assert any(b.reason == "before-delete" for b in backups.list_backups(path))
    # Places in use by pairings: refused whole, nothing deleted.
    page = window.show_section("place")
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    before = page.model.rowCount()
    page.table.setFocus()
    page.table.selectAll()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    assert "cannot be deleted" in warned[0]
    window.refresh()
    assert page.model.rowCount() == before


def test_locked_register_offers_try_again(qtbot, controller, demo, tmp_path):
    import sqlite3

    path = demo_copy(demo, tmp_path)
    other = sqlite3.connect(path, isolation_level=None)  # another program holding the file
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")

    def release_and_retry(box: OpenProblem) -> None:
        other.execute("COMMIT")
        other.close()  # the other program lets go; the clerk tries again
        click("retry")(box)

    answers = ModalAnswers([(OpenProblem, release_and_retry)])
    assert controller.open(path)
    assert answers.done() and "in use by another program" in answers.seen[1]
    assert controller.window.register.path == path and not controller.window.register.read_only


def test_lang_on_the_command_line_wins_for_the_session_until_settings_change(
    qapp, qt_settings, demo_file, tmp_path
):
    """`twindesk --lang zh` opens the window in Chinese whatever is saved; the saved setting
    is left as it was, and a language the clerk then picks in Settings wins."""
    from PySide6.QtCore import QThreadPool

    from twindesk.core.storage.sqlite import backup_file
    from twindesk.ui.app import Controller, install_translations
    from twindesk.ui.settings import Settings

    saved = Settings.load()
    saved.language = ""  # system default
    saved.save()
    path = backup_file(demo_file, tmp_path / "demo.sqlite3")
    controller = Controller(qapp, "zh")
    try:
        assert controller.open(path)
        assert (
            controller.window.lang == "zh"
            and "结好关系" in controller.window.sidebar.item(1).text()
        )
        assert Settings.load().language == ""  # not written over by the command line
        assert controller.open(path) and controller.window.lang == "zh"  # the whole session
        chosen = Settings.load()
        chosen.language = "en"  # the clerk picks English in Settings
        chosen.save()
        assert controller.open(path) and controller.window.lang == "en"
    finally:
        QThreadPool.globalInstance().waitForDone()
        controller.window.close()
        controller.window.register.close()
        install_translations(qapp, "en")


def test_an_older_register_opened_read_only_is_refused_with_the_way_out(
    qapp, demo_file, tmp_path, monkeypatch
):
    """Read-only (in use elsewhere) and made by an earlier TwinDesk: it cannot be brought up
    to date, and the window would ask it for columns it lacks; the clerk is told why and
    what to do, and no window opens on it."""
    from alembic import command

    from twindesk.core.storage import migrations, open_register
    from twindesk.core.storage.sqlite import backup_file, migration_connection
    from twindesk.ui.app import Controller

    path = backup_file(demo_file, tmp_path / "old.sqlite3")
    with open_register(path) as register, migration_connection(register.engine) as conn:
        command.downgrade(migrations.alembic_config(conn), "0007")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    controller = Controller(qapp, "en")
    assert controller.open(path, read_only=True) is False
    assert controller.window is None
    assert warned and "earlier TwinDesk" in warned[0] and str(path) in warned[0]
    with open_register(path, read_only=True) as register:  # left as it was: not upgraded
        assert register.schema_behind
