"""Start the window on a register (the full window arrives with the GUI issue)."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from twindesk.core import queries
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import current_language
from twindesk.core.storage import Register, open_register
from twindesk.paths import default_register_path


class MainWindow(QMainWindow):
    def __init__(self, register: Register) -> None:
        super().__init__()
        self.register = register
        self.setWindowTitle(f"{register.name} — TwinDesk")
        with register.connect() as conn:
            counts = {e: queries.count(conn, e) for e in ("pairing", "programme", "exchange")}
        self.setCentralWidget(QLabel(
            f"{register.path}\n\n{counts['pairing']} pairings · {counts['programme']} programmes · "
            f"{counts['exchange']} exchanges"))
        self.resize(900, 600)


def run(db: Path | None, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    try:
        register = open_register(db or default_register_path(), create=True)
    except TwinDeskError as err:
        QMessageBox.critical(None, "TwinDesk", err.message(current_language()))
        return 2
    window = MainWindow(register)
    window.show()
    try:
        return app.exec()
    finally:
        register.close()
