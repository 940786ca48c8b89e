"""A pairing's page: the form, its status history, programmes, exchanges, contacts, documents."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import queries
from twindesk.core.dates import format_partial
from twindesk.core.errors import TwinDeskError
from twindesk.core.operations import attachments
from twindesk.core.queries import Filter
from twindesk.core.storage import Register
from twindesk.paths import user_data_dir
from twindesk.ui.column_widths import fit_columns_when_shown
from twindesk.ui.forms import RecordForm
from twindesk.ui.screen_fit import fit_to_screen
from twindesk.ui.table_model import RecordTableModel, RenderContext


class PairingView(RecordForm):
    """Signals:
    open_requested(entity, record_id): open a programme, exchange or contact.
    saved(...): also for a programme, exchange or contact added from this page.
    """

    # What a record added from this page links to the pairing by.
    LINK = {
        "programme": ("pairing_id", lambda pairing_id: pairing_id),
        "exchange": ("pairings", lambda pairing_id: [pairing_id]),
        "contact": ("pairings", lambda pairing_id: [pairing_id]),
    }

    open_requested = Signal(str, int)
    record_id: int  # a saved pairing's page (RecordForm's is None for a new record)

    def __init__(
        self, register: Register, record_id: int, *, lang: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(register, "pairing", record_id, lang=lang, parent=parent)
        self.setObjectName("pairingView")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        layout = self.layout()
        assert layout is not None  # the form's, made by RecordForm
        layout.replaceWidget(self.body, self.tabs)
        self.tabs.addTab(self.body, self.tr("Details"))
        self.history = QListWidget(self)
        self.history.setObjectName("history")
        self.tabs.addTab(self.history, self.tr("History"))
        self.related: dict[str, QTableView] = {}
        self.titles = {
            "programme": self.tr("Programmes"),
            "exchange": self.tr("Exchanges"),
            "contact": self.tr("Contacts"),
        }
        adds = {
            "programme": self.tr("New programme…"),
            "exchange": self.tr("New exchange…"),
            "contact": self.tr("New contact…"),
        }
        for entity, title in self.titles.items():
            view = QTableView(self)
            view.setObjectName(f"{entity}s")
            model = RecordTableModel(register, entity, lang=lang, f=Filter(pairing_id=record_id))
            model.make_exact()  # the tab says how many
            view.setModel(model)
            view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            view.setSortingEnabled(True)
            dated = next((i for i, c in enumerate(model.columns) if c.kind == "date"), None)
            if dated is not None:  # newest first: what happened lately is what a clerk looks for
                view.sortByColumn(dated, Qt.SortOrder.DescendingOrder)
            view.horizontalHeader().setStretchLastSection(True)
            fit_columns_when_shown(view)
            view.doubleClicked.connect(
                lambda index, e=entity, m=model: self.open_requested.emit(
                    e, m.record_id(index.row())
                )
            )
            self.related[entity] = view
            add = QPushButton(adds[entity], self)
            add.setObjectName(f"new_{entity}")
            add.clicked.connect(lambda _=False, e=entity: self.add_related(e))
            buttons = QHBoxLayout()
            buttons.addWidget(add)
            buttons.addStretch(1)
            page = QWidget(self)
            page_layout = QVBoxLayout(page)
            page_layout.addWidget(view, 1)
            page_layout.addLayout(buttons)
            self.tabs.addTab(page, f"{title} ({model.rowCount()})")
        self.documents = QListWidget(self)
        self.documents.setObjectName("documents")
        self.documents.itemDoubleClicked.connect(
            lambda item: self.open_document(item.data(Qt.ItemDataRole.UserRole))
        )
        doc_buttons = QHBoxLayout()
        for text, slot, name in (
            (self.tr("Attach file…"), self.attach_file, "attach"),
            (self.tr("Open"), self._open_selected, "openDocument"),
            (self.tr("Save as…"), self.save_selected, "saveDocument"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        doc_page = QWidget(self)
        doc_layout = QVBoxLayout(doc_page)
        doc_layout.addWidget(self.documents)
        doc_layout.addLayout(doc_buttons)
        self.tabs.addTab(doc_page, self.tr("Documents"))
        self.load_related()
        fit_to_screen(self, 880, 760)

    def add_related(self, entity: str) -> RecordForm:
        """A new programme, exchange or contact of this pairing: its form, the pairing filled in."""
        field, value = self.LINK[entity]
        form = RecordForm(
            self.register,
            entity,
            lang=self.lang,
            defaults={field: value(self.record_id)},
            parent=self,
        )
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self.saved)  # the window makes it an undo step, like any save
        form.saved.connect(lambda *_: self.refresh_related())
        form.open()
        return form

    def refresh_related(self) -> None:
        for entity, view in self.related.items():
            model = view.model()
            assert isinstance(model, RecordTableModel)  # each related view's
            model.refresh()
            page = view.parentWidget()
            assert page is not None  # the view's tab
            self.tabs.setTabText(
                self.tabs.indexOf(page),
                f"{self.titles[entity]} ({model.rowCount()})",
            )

    def load_related(self) -> None:
        ctx = RenderContext(self.register, self.lang)
        with self.register.connect() as conn:
            history = queries.status_history(conn, self.record_id)
            docs = queries.documents(conn, "pairing", self.record_id)
        self.history.clear()
        for change in history:
            when = format_partial(change.date, self.lang) or "—"
            who = f" · {change.operator}" if change.operator else ""
            self.history.addItem(
                f"{when} — {ctx.term('pairing_status', change.status)}{who}"
                + (f" · {change.note}" if change.note else "")
            )
        self.documents.clear()
        for doc_id, name, size, sha in docs:
            item = QListWidgetItem(f"{name} ({size:,} B, SHA-256 {sha[:12]}…)")
            item.setData(Qt.ItemDataRole.UserRole, doc_id)
            self.documents.addItem(item)

    def _selected_document(self) -> int | None:
        item = self.documents.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def attach_file(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach file"))
        if not path:
            return
        try:
            content = Path(path).read_bytes()
            with self.register.write() as s:
                attachments.attach(
                    s,
                    owner="pairing",
                    owner_id=self.record_id,
                    file_name=Path(path).name,
                    content=content,
                    media_type=mimetypes.guess_type(path)[0],
                )
        except (TwinDeskError, OSError) as err:
            message = err.message(self.lang) if isinstance(err, TwinDeskError) else str(err)
            QMessageBox.warning(self, self.windowTitle(), message)
            return
        self.load_related()

    def save_selected(self, folder: str | None = None) -> Path | None:
        doc_id = self._selected_document()
        return None if doc_id is None else self.save_document(doc_id, folder)

    def save_document(self, doc_id: int, folder: str | None = None) -> Path | None:
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Save attachment in folder"))
        if not folder:
            return None
        with self.register.read() as s:
            return attachments.save_as(s, doc_id, Path(folder))

    def _open_selected(self) -> None:
        doc_id = self._selected_document()
        if doc_id is not None:
            self.open_document(doc_id)

    def open_document(self, doc_id: int) -> None:
        # Opened from a private folder with the system's viewer; nothing leaves the PC. Core
        # decides what may be opened: a program, script or shortcut, or a file whose bytes
        # are not what its name says, is only offered for saving, with the reason.
        try:
            with self.register.read() as s:
                path = attachments.copy_for_opening(s, doc_id, user_data_dir() / "opened")
        except attachments.NotSafeToOpen as err:
            buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel
            if (
                QMessageBox.warning(
                    self,
                    self.windowTitle(),
                    err.message(self.lang),
                    buttons,
                    QMessageBox.StandardButton.Cancel,
                )
                == QMessageBox.StandardButton.Save
            ):
                self.save_document(doc_id)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
