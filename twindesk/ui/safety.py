"""Keeping the clerk's register safe from the window: Back up now, Restore, and the
check and daily backup at open, with the ways out of a register found damaged.

The work itself is the core's (``core.backups``, ``storage``); :class:`SafetyActions`,
which the main window owns, only asks, shows and runs it off the GUI thread. Its
dialogs (why a register cannot be opened, the backups to restore from, a record's
Change log) are in ``twindesk.ui.dialogs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from twindesk.core import backups
from twindesk.core.errors import StorageError, TwinDeskError
from twindesk.core.i18n import translate
from twindesk.ui.worker import Task

if TYPE_CHECKING:
    from twindesk.core import server_backups
    from twindesk.ui.main_window import MainWindow


class SafetyActions:
    """The main window's backups, restore and check at open. Its words are the window's:
    translated in the MainWindow context (written out in each call, for lupdate)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def back_up_now(self) -> Task | None:
        """Make a verified backup in the background; the status bar says where it went."""
        window = self.window
        register = window.register
        path = register.path
        window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Backing up…"))
        if path is None:  # a server register: pg_dump, or the full export without it
            from twindesk.core.server_backups import backup_server

            task = Task(lambda _p, _c: backup_server(register), window)
        else:
            task = Task(lambda _p, _c: backups.make_backup(path, "manual"), window)
        task.finished.connect(self._backed_up)
        task.failed.connect(self._report)
        task.start()
        return task

    def restore_from_backup(self) -> bool:
        """Let the clerk pick a backup, confirm, restore it and reopen the register."""
        window = self.window
        path = window.register.path
        if path is None:  # restored into an empty database, from the command line
            QMessageBox.information(
                window,
                "TwinDesk",
                translate("server_backup.restore_in_window", window.lang, url=window.register.name),
            )
            return False
        from twindesk.ui.dialogs.restore_backup import RestoreDialog

        dialog = RestoreDialog(path, window.lang, window)
        chosen = dialog.chosen() if dialog.exec() else None
        if chosen is None:
            return False
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
        return self.restore_and_reopen(chosen)

    def restore_and_reopen(self, backup: Path) -> bool:
        window = self.window
        path = window.register.path
        assert path is not None  # backups are of a register file
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

    def start_checks(self) -> Task | None:
        """The check at open and the first backup of the day, off the GUI thread.

        The quick check reads every page (about 1.5 s on a million exchanges), so the
        window opens first; damage found then is reported with its ways out.
        """
        register = self.window.register
        if register.path is None or not register.is_sqlite:
            return None

        def work(_progress: object, _cancelled: object) -> backups.Backup | None:
            problems = register.integrity_problems(quick=True)
            if problems:
                raise StorageError("storage.damaged", path=register.name, detail=problems[0])
            return None if register.read_only else backups.backup_if_first_open_today(register)

        task = Task(work, self.window)
        task.finished.connect(self._backed_up)
        task.failed.connect(
            lambda err: self.damaged(err) if isinstance(err, StorageError) else self._report(err)
        )
        task.start()
        return task

    def damaged(self, err: StorageError) -> None:
        window = self.window
        path = window.register.path
        assert path is not None  # a register file's check found the damage (start_checks)
        # Dialogs load when first needed, not at start (issue 15).
        from twindesk.ui.dialogs.open_problem import OTHER, READ_ONLY, RESTORE, OpenProblem

        answer = OpenProblem(err, path, window.lang, window).ask()
        if answer == RESTORE:
            self.restore_and_reopen(backups.list_backups(path)[0].path)
        elif answer == READ_ONLY:
            window.open_read_only_requested.emit(str(path))
        elif answer == OTHER:
            window.choose_register()

    def _backed_up(self, made: backups.Backup | server_backups.ServerBackup | None) -> None:
        window = self.window
        if made is not None:  # None: today's backup was already made
            window.statusBar().showMessage(
                translate("backup.made", window.lang, path=window.register.name, backup=made.path),
                15000,
            )

    def _report(self, err: BaseException) -> None:
        window = self.window
        if isinstance(err, TwinDeskError):
            window.statusBar().clearMessage()
            QMessageBox.warning(window, "TwinDesk", err.message(window.lang))
        else:
            raise err  # a bug: the application's error reporter logs it and tells the clerk
