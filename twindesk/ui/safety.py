"""Keeping the clerk's register safe from the window: the ways out of a register that
cannot be opened, Back up now, Restore, the check and daily backup at open, and a
record's Change log.

The work itself is the core's (``core.backups``, ``core.audit``, ``storage``); this
module only asks, shows and runs it off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import audit, backups
from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.i18n import MESSAGES, translate
from twindesk.core.storage import Register
from twindesk.ui.worker import Task

if TYPE_CHECKING:
    from twindesk.ui.main_window import MainWindow

# The answers of the "cannot open" dialog.
RETRY, READ_ONLY, RESTORE, OTHER, CANCEL = "retry", "read_only", "restore", "other", "cancel"


class OpenProblem(QMessageBox):
    """Why a register cannot be opened, and the ways out that fit the reason.

    Never a traceback, never a silent overwrite: each button is a safe next step.
    """

    def __init__(
        self,
        err: StorageError,
        path: Path,
        lang: str,
        parent: QWidget | None = None,
        *,
        can_restore: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openProblem")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("TwinDesk")
        self.setText(err.message(lang))
        hint = f"hint.{err.code.removeprefix('storage.')}"
        if hint in MESSAGES:
            self.setInformativeText(translate(hint, lang, **err.params))
        if can_restore is None:
            can_restore = bool(backups.list_backups(path))
        self.choices: dict[QPushButton, str] = {}
        code = err.code
        if code == "storage.locked":
            self._choice(self.tr("Try again"), RETRY, QMessageBox.ButtonRole.AcceptRole)
        if code in ("storage.damaged", "storage.missing") and can_restore:
            self._choice(
                self.tr("Restore the latest backup"), RESTORE, QMessageBox.ButtonRole.AcceptRole
            )
        if code in ("storage.locked", "storage.read_only", "storage.damaged"):
            self._choice(self.tr("Open read-only"), READ_ONLY, QMessageBox.ButtonRole.ActionRole)
        self._choice(self.tr("Open another register…"), OTHER, QMessageBox.ButtonRole.ActionRole)
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.choices[cancel] = CANCEL
        self.setDefaultButton(next(iter(self.choices)))

    def _choice(self, text: str, answer: str, role: QMessageBox.ButtonRole) -> None:
        button = self.addButton(text, role)
        button.setObjectName(answer)
        self.choices[button] = answer

    def ask(self) -> str:
        self.exec()
        return self.choices.get(self.clickedButton(), CANCEL)


class RestoreDialog(QDialog):
    """The backups of a register, newest first; the clerk picks one to restore."""

    def __init__(self, register_path: Path, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.found = backups.list_backups(register_path)
        folder = backups.folder_for(register_path)
        text = self.tr(
            "Backups of %1 in %2. Restoring keeps what the register holds now as a backup."
        )
        intro = QLabel(text.replace("%1", register_path.name).replace("%2", str(folder)), self)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(len(self.found), 3, self)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels([self.tr("Made"), self.tr("Why"), self.tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, b in enumerate(self.found):
            for column, text in enumerate(
                (
                    f"{b.made_at:%Y-%m-%d %H:%M:%S}",
                    backups.reason_label(b.reason, lang),
                    f"{b.size / 1048576:.1f} MB",
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        if self.found:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(
            self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(self.found))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def chosen(self) -> Path | None:
        row = self.table.currentRow()
        return self.found[row].path if 0 <= row < len(self.found) else None


class ChangeLog(QDialog):
    """Every recorded change of one record: when, who, what, before and after, and which
    import did it."""

    def __init__(
        self,
        register: Register,
        entity: str,
        record_id: int,
        label: str,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changeLog")
        self.setWindowTitle(translate("audit.title", lang, record=label))
        with register.connect() as conn:
            self.rows = audit.history_rows(conn, entity, record_id, lang)
        self.headers = audit.headers(lang)
        self.table = QTableWidget(len(self.rows), len(self.headers), self)
        self.table.setObjectName("changes")
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for r, cells in enumerate(self.rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for column in range(len(self.headers)):  # long notes wrap in the tooltip, not the row
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.export_button = buttons.addButton(
            self.tr("&Export…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setObjectName("exportChanges")
        self.export_button.clicked.connect(self.export)
        self.lang, self.label = lang, label
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 480)

    def export(self, path: str | None = None) -> Path | None:
        """Save the Change log as .xlsx or .csv (a short list: written at once)."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the change log"),
                f"{self.label} changes.xlsx".replace("#", ""),
                self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"),
            )
        if not path:
            return None
        try:
            return audit.export_history(self.rows, path, title=self.windowTitle(), lang=self.lang)
        except TwinDeskError as err:
            QMessageBox.warning(self, "TwinDesk", err.message(self.lang))
            return None


# -- the window's safety actions ------------------------------------------------------
def back_up_now(window: MainWindow) -> Task | None:
    """Make a verified backup in the background; the status bar says where it went."""
    register = window.register
    if register.path is None:
        return None
    window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Backing up…"))
    task = Task(lambda _progress, _cancelled: backups.make_backup(register.path, "manual"), window)
    task.finished.connect(lambda made: _backed_up(window, made))
    task.failed.connect(lambda err: _report(window, err))
    task.start()
    return task


def restore_from_backup(window: MainWindow) -> bool:
    """Let the clerk pick a backup, confirm, restore it and reopen the register."""
    path = window.register.path
    if path is None:
        return False
    dialog = RestoreDialog(path, window.lang, window)
    if not dialog.exec() or dialog.chosen() is None:
        return False
    chosen = dialog.chosen()
    question = QCoreApplication.translate(
        "MainWindow",
        "Replace the register with the backup %1?\nWhat it holds now is kept as a backup.",
    )
    answer = QMessageBox.question(
        window,
        QCoreApplication.translate("MainWindow", "Restore"),
        question.replace("%1", chosen.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return restore_and_reopen(window, chosen)


def restore_and_reopen(window: MainWindow, backup: Path) -> bool:
    path = window.register.path
    window.wait_for_background_work()
    window.register.close()  # the file is replaced under no open connection
    try:
        backups.restore(backup, path)
    except TwinDeskError as err:
        QMessageBox.critical(window, "TwinDesk", err.message(window.lang))
        return False
    finally:
        window.open_register_requested.emit(str(path))
    return True


def start_checks(window: MainWindow) -> Task | None:
    """The check at open and the first backup of the day, off the GUI thread.

    The quick check reads every page (about 1.5 s on a million exchanges), so the
    window opens first; damage found then is reported with its ways out.
    """
    register = window.register
    if register.path is None or not register.is_sqlite:
        return None

    def work(_progress, _cancelled):  # noqa: ANN001, ANN202
        problems = register.integrity_problems(quick=True)
        if problems:
            raise StorageError("storage.damaged", path=register.name, detail=problems[0])
        return None if register.read_only else backups.backup_if_first_open_today(register)

    task = Task(work, window)
    task.finished.connect(lambda made: _backed_up(window, made))
    task.failed.connect(
        lambda err: damaged(window, err) if isinstance(err, StorageError) else _report(window, err)
    )
    task.start()
    return task


def damaged(window: MainWindow, err: StorageError) -> None:
    answer = OpenProblem(err, window.register.path, window.lang, window).ask()
    if answer == RESTORE:
        restore_and_reopen(window, backups.list_backups(window.register.path)[0].path)
    elif answer == READ_ONLY:
        window.open_read_only_requested.emit(str(window.register.path))
    elif answer == OTHER:
        window.choose_register()


def _backed_up(window: MainWindow, made: backups.Backup | None) -> None:
    if made is not None:  # None: today's backup was already made
        window.statusBar().showMessage(
            translate("backup.made", window.lang, path=window.register.name, backup=made.path),
            15000,
        )


def _report(window: MainWindow, err: BaseException) -> None:
    if isinstance(err, TwinDeskError):
        window.statusBar().clearMessage()
        QMessageBox.warning(window, "TwinDesk", err.message(window.lang))
    else:
        raise err  # a bug: the application's error reporter logs it and tells the clerk
