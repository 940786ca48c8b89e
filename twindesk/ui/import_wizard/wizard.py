"""The import wizard itself, and the list of past imports that can be undone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from twindesk.core.i18n import translate
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport, list_imports, undo_import
from twindesk.core.spreadsheets.importing import ImportResult, Plan
from twindesk.core.spreadsheets.layout import Layout
from twindesk.core.spreadsheets.mapping import Mapping
from twindesk.core.storage import Register
from twindesk.ui.import_wizard import page_ids
from twindesk.ui.import_wizard.check_pages import (
    CommitPage,
    DuplicatesPage,
    PreviewPage,
    SummaryPage,
)
from twindesk.ui.import_wizard.runner import Runner
from twindesk.ui.import_wizard.setup_pages import FilePage, HeaderPage, MappingPage, SheetPage


# --------------------------------------------------------------------------- the wizard
class ImportWizard(QWizard):
    """Signals:
    imported(batch_id): an import was committed (the window refreshes).
    undone(batch_id): an import was undone from the summary page.
    """

    imported = Signal(int)
    undone = Signal(int)
    (
        PAGE_FILE,
        PAGE_SHEET,
        PAGE_HEADER,
        PAGE_MAPPING,
        PAGE_PREVIEW,
        PAGE_DUPLICATES,
        PAGE_COMMIT,
        PAGE_SUMMARY,
    ) = (
        page_ids.PAGE_FILE,
        page_ids.PAGE_SHEET,
        page_ids.PAGE_HEADER,
        page_ids.PAGE_MAPPING,
        page_ids.PAGE_PREVIEW,
        page_ids.PAGE_DUPLICATES,
        page_ids.PAGE_COMMIT,
        page_ids.PAGE_SUMMARY,
    )

    def __init__(
        self,
        register: Register,
        *,
        lang: str,
        path: Path | str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.register, self.lang = register, lang
        self.operator = getattr(register, "operator", "") or ""
        self.imp: SpreadsheetImport | None = None
        self.sheet_name: str | None = None
        self.sheet_layout: Layout | None = None
        self.mapping: Mapping | None = None
        self.local: int | str | None = None
        self.default_kind = "sister_city"
        self.create_local = False  # the clerk agreed to make the local place the file names
        self.on_duplicate = "skip"
        self.row_actions: dict[int, str] = {}
        self.dayfirst: dict[str, bool] = {}
        self.place_choices: dict[str, Any] = {}
        self.date_choices: dict[str, str] = {}
        self.create_places = False  # the clerk chose "Create every place not found"
        self.duplicates_dirty = False
        self.plan: Plan | None = None
        self.import_result: ImportResult | None = None
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.header_page = HeaderPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.commit_page = CommitPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in enumerate(
            (
                self.file_page,
                self.sheet_page,
                self.header_page,
                self.mapping_page,
                self.preview_page,
                self.duplicates_page,
                self.commit_page,
                self.summary_page,
            )
        ):
            self.setPage(page_id, page)
        self.setStartId(self.PAGE_FILE)
        if path is not None:
            self.file_page.path.setText(str(path))
        self.resize(1000, 700)

    @property
    def runners(self) -> list[Runner]:
        return self.findChildren(Runner)

    # -- what a page reads that the pages before it set (never None by then) -----------
    @property
    def spreadsheet(self) -> SpreadsheetImport:
        assert self.imp is not None, "the file page opens the file"
        return self.imp

    @property
    def current_layout(self) -> Layout:
        assert self.sheet_layout is not None, "the sheet page reads the sheet"
        return self.sheet_layout

    @property
    def current_mapping(self) -> Mapping:
        assert self.mapping is not None, "the mapping page sets it"
        return self.mapping

    @property
    def current_plan(self) -> Plan:
        assert self.plan is not None, "the preview page validates the rows"
        return self.plan

    @property
    def current_result(self) -> ImportResult:
        assert self.import_result is not None, "the commit page imports them"
        return self.import_result

    # -- state the pages share ---------------------------------------------------------
    def open_file(self, path: Path) -> None:
        if self.imp is not None and self.imp.path == path:
            return
        imp = SpreadsheetImport(self.register, path)  # raises ImportFileError with a message
        self._close_file()
        self.imp = imp
        self.sheet_name = self.sheet_layout = self.mapping = self.plan = None
        self.mapping_page._headers = None
        self._forget_answers()
        self.row_actions.clear()

    def set_layout(self, layout: Layout) -> None:
        if self.sheet_layout is None or self.sheet_layout.headers != layout.headers:
            self._forget_answers()
        self.sheet_name = layout.sheet
        self.sheet_layout = layout

    def _forget_answers(self) -> None:
        """The clerk's answers to the questions of another file or other columns."""
        self.dayfirst.clear()
        self.place_choices.clear()
        self.date_choices.clear()
        self.create_places = False

    def read_sheet(self, runner: Runner, name: str) -> bool:
        """True when sheet ``name`` has been read; else read it on ``runner`` and go on."""
        if self.sheet_layout is not None and self.sheet_name == name:
            return True
        if not runner.running:
            imp = self.spreadsheet
            # Reading a big sheet takes seconds: off the GUI thread, then on to the next page.
            runner.run(lambda _p, _c: imp.layout(name), self.tr("Reading the sheet…"))
        return False

    def sheet_read(self, layout: Layout) -> None:
        self.set_layout(layout)
        self.next()

    def set_mapping(
        self,
        mapping: Mapping,
        *,
        local: int | str | None,
        default_kind: str,
        create_local: bool = False,
    ) -> None:
        self.mapping, self.local, self.default_kind = mapping, local, default_kind
        self.create_local = create_local
        self.row_actions.clear()

    def options(self) -> ImportOptions:
        layout, mapping = self.current_layout, self.current_mapping
        return ImportOptions(
            sheet=self.sheet_name,
            header_row=layout.header_rows[0] if layout.header_rows else None,
            header_height=len(layout.header_rows) or None,
            mapping=mapping,
            target=mapping.target,
            unmapped=mapping.unmapped,
            local=self.local,
            default_kind=self.default_kind,
            on_duplicate=self.on_duplicate,
            row_actions=dict(self.row_actions),
            dayfirst=dict(self.dayfirst),
            place_choices=dict(self.place_choices),
            date_choices=dict(self.date_choices),
            derived=list(layout.derived),
            create_local=self.create_local,
            create_places=self.create_places,
        )  # else each place not found is asked about

    # -- closing ------------------------------------------------------------------------
    def reject(self) -> None:
        busy = [r for r in self.runners if r.running]
        if busy:
            # Cancel stops the step under way; the wizard stays open to say how it ended.
            for runner in busy:
                runner.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        for runner in self.runners:
            runner.stop()  # each step cancelled, and waited for
        self._close_file()
        super().done(result)

    def _close_file(self) -> None:
        if self.imp is not None:
            self.imp.close()
            self.imp = None


# --------------------------------------------------------------------------- past imports
class ImportsDialog(QDialog):
    """Past imports, newest first; the chosen one can be undone as a whole.

    Signals: undone(batch_id).
    """

    undone = Signal(int)

    def __init__(self, register: Register, *, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importsDialog")
        self.setWindowTitle(self.tr("Imports"))
        self.register, self.lang = register, lang
        self.table = QTableWidget(0, 8, self)
        self.table.setObjectName("imports")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Import"),
                self.tr("File"),
                self.tr("Operator"),
                self.tr("When"),
                self.tr("Added"),
                self.tr("Updated"),
                self.tr("Rejected"),
                self.tr("Undone"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.undo_button = QPushButton(self.tr("Undo this import…"), self)
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        self.runner = Runner(lang, self)
        self.runner.done.connect(self._undone)
        self.runner.failed.connect(lambda _e: self._selection_changed())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.runner)
        layout.addWidget(buttons)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        batches = list_imports(self.register)
        self.table.setRowCount(len(batches))
        for row, b in enumerate(batches):
            undone = b["undone_at"].strftime("%Y-%m-%d %H:%M") if b["undone_at"] else ""
            for col, value in enumerate(
                (
                    f"#{b['id']}",
                    b["file_name"],
                    b["operator"],
                    b["started_at"].strftime("%Y-%m-%d %H:%M"),
                    b["inserted"],
                    b["updated"],
                    b["rejected"],
                    undone,
                )
            ):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, b["id"])
                if undone:
                    item.setForeground(QColor("#888888"))
                self.table.setItem(row, col, item)
        self.batches = batches
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(
            batch is not None and batch["undone_at"] is None and not self.runner.running
        )

    def undo_selected(self, *, confirm: bool = True) -> None:
        batch = self.selected()
        if batch is None or batch["undone_at"] is not None:
            return
        question = (
            self.tr(
                "Undo import #%1 (%2)? Everything it added is removed and what it "
                "changed is restored."
            )
            .replace("%1", str(batch["id"]))
            .replace("%2", batch["file_name"])
        )
        if (
            confirm
            and QMessageBox.question(self, self.windowTitle(), question)
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.undo_button.setEnabled(False)
        register, operator, batch_id = (
            self.register,
            getattr(self.register, "operator", ""),
            batch["id"],
        )
        self._undoing = batch_id
        self.runner.run(
            lambda _p, _c: undo_import(register, batch_id, operator=operator), self.tr("Undoing…")
        )

    def _undone(self, removed: dict) -> None:
        self.runner.status.setText(
            translate(
                "import.undo.done",
                self.lang,
                id=self._undoing,
                updated=removed.get("updated", 0),
                removed=sum(v for k, v in removed.items() if k != "updated"),
            )
        )
        self.refresh()
        self.undone.emit(self._undoing)

    def done(self, result: int) -> None:
        self.runner.wait()  # an undo under way finishes (or is cancelled) first
        super().done(result)
