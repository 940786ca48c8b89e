"""Export dialogs: a list as its table shows it, the whole register, blank import templates.

The list export reads the page's state when the dialog opens (quick search, filters,
sort, visible columns in their order), so what is written is what the clerk was
looking at. The work runs in the background (a ``ProgressPanel``) with progress and
cancel; the core writes to a temporary file and renames it only when complete, so a
cancelled export leaves nothing behind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import count
from twindesk.core.spreadsheets.export import ENTITY_SHEETS, ExportCancelled, ExportResult
from twindesk.core.storage import Register
from twindesk.ui.progress_panel import ProgressPanel
from twindesk.ui.worker import Task

FOLDER_KEY = "export/folder"


def _folder() -> Path:
    saved = QSettings().value(FOLDER_KEY)
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def visible_columns(page) -> list[str]:  # noqa: ANN001 - a ListPage
    """The keys of the columns a page's table shows, in the order the clerk arranged them."""
    header = page.table.horizontalHeader()
    keys = []
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        if not header.isSectionHidden(logical):
            keys.append(page.model.columns[logical].key)
    return keys


class _PathRow(QWidget):
    """A file name field with a Browse… button."""

    def __init__(self, title: str, filters: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.title, self.filters = title, filters
        self.edit = QLineEdit(self)
        self.edit.setObjectName("path")
        self.edit.setMinimumWidth(380)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.title, self.edit.text(), self.filters)
        if chosen:
            self.edit.setText(chosen)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None


class ExportDialog(QDialog):
    """Export one list (``page`` given) or the whole register (``page`` None)."""

    def __init__(
        self,
        register: Register,
        *,
        lang: str,
        page=None,  # noqa: ANN001 - a ListPage
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.register, self.lang = register, lang
        self.task: Task | None = None
        self.export_result: ExportResult | None = None
        self.entity = page.entity if page is not None else None
        if page is not None:  # what the table shows, as it is now
            self.filter = page.current_filter()
            self.order = list(page.model.order)
            self.columns = visible_columns(page)
            page.model.make_exact()  # a long list's count may still be on its way
            rows = page.model.rowCount()
        if self.entity is None:
            self.setWindowTitle(self.tr("Export whole register"))
            intro = self.tr(
                "Every table of the register in one Excel workbook: one sheet per table, "
                "with the records' numbers and the links between them, the vocabularies "
                "and the attached documents. It can be restored into a new, empty "
                "register (twindesk restore-export)."
            )
        else:
            self.setWindowTitle(self.tr("Export list"))
            intro = (
                self.tr(
                    "%1 and %2 of this list, as the table shows them: its search, filters, "
                    "sort and visible columns."
                )
                .replace("%1", count(rows, "row", self.lang))
                .replace("%2", count(len(self.columns), "column", self.lang))
            )
        self.intro = QLabel(intro, self)
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)

        self.format = QComboBox(self)
        self.format.setObjectName("format")
        self.format.addItem(self.tr("Excel workbook (.xlsx)"), ".xlsx")
        if self.entity is not None:
            self.format.addItem(self.tr("CSV, UTF-8 (.csv)"), ".csv")
        else:
            self.format.hide()  # the whole register goes to a workbook only
        self.format.currentIndexChanged.connect(self._suffix_changed)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh")
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        self.file = _PathRow(
            self.tr("Export to"), self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"), self
        )
        self.file.edit.setText(str(_folder() / self._default_name()))

        form = QFormLayout()
        form.addRow(self.intro)
        if self.entity is not None:
            form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("File"), self.file)

        self.panel = ProgressPanel(self.tr("Cancel"), self)
        self.panel.done.connect(self._finished)
        self.panel.failed.connect(self._failed)
        self.progress, self.status = self.panel.bar, self.panel.status
        self.cancel_button = self.panel.cancel_button
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setObjectName("export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.open_button = QPushButton(self.tr("Open file"), self)
        self.open_button.setObjectName("openFile")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_file)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.panel)
        layout.addLayout(buttons)
        self.resize(620, 300)

    def _default_name(self) -> str:
        lang = self.language.currentData()
        if self.entity is None:
            base = "TwinDesk-全部数据" if lang == "zh" else "TwinDesk-register"
        else:
            en, zh = ENTITY_SHEETS[self.entity]
            base = zh if lang == "zh" else en
        return f"{base}-{date.today().isoformat()}{self.format.currentData()}"

    def _suffix_changed(self) -> None:
        path = self.file.path()
        if path is not None:
            self.file.edit.setText(str(path.with_suffix(self.format.currentData())))

    # -- the work -------------------------------------------------------------------
    def start(self) -> None:
        path = self.file.path()
        if path is None:
            self.status.setText(self.tr("Choose a file to write."))
            return
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(self.format.currentData())
            self.file.edit.setText(str(path))
        lang, register = self.language.currentData(), self.register
        if self.entity is None:
            from twindesk.core.spreadsheets.full_export import export_register

            def work(progress, cancelled):  # noqa: ANN001, ANN202
                return export_register(
                    register, path, lang=lang, progress=progress, cancelled=cancelled
                )
        else:
            from twindesk.core.spreadsheets.export import export_list

            entity, f, order, columns = self.entity, self.filter, self.order, self.columns

            def work(progress, cancelled):  # noqa: ANN001, ANN202
                return export_list(
                    register,
                    entity,
                    path,
                    filter=f,
                    order_by=order,
                    columns=columns,
                    lang=lang,
                    progress=progress,
                    cancelled=cancelled,
                )

        self.export_result = None
        self._busy(True)
        self.task = self.panel.run(work, self.tr("Exporting…"))

    def cancel(self) -> None:
        self.panel.cancel()

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.open_button.setEnabled(not busy and self.export_result is not None)

    def _finished(self, result: ExportResult) -> None:
        self.export_result = result
        QSettings().setValue(FOLDER_KEY, str(result.path.parent))
        if self.entity is None:
            text = self.tr("Wrote %1 on %2 to %3.").replace(
                "%1", count(result.rows, "row", self.lang)
            )
            text = text.replace("%2", count(result.sheets, "sheet", self.lang)).replace(
                "%3", str(result.path)
            )
        else:
            text = (
                self.tr("Wrote %1 to %2.")
                .replace("%1", count(result.rows, "row", self.lang))
                .replace("%2", str(result.path))
            )
        self.status.setText(text)
        self._busy(False)

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        if isinstance(error, ExportCancelled):
            self.status.setText(self.tr("Cancelled; nothing was written."))
        elif isinstance(error, TwinDeskError):
            self.status.setText(error.message(self.lang))
        else:
            raise error  # a bug: let the application's error handler log it

    def open_file(self) -> None:
        if self.export_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_result.path)))

    def closeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        self.panel.stop()  # cancelled, and waited for: nothing half-written stays
        super().closeEvent(event)


class TemplateDialog(QDialog):
    """Save a blank import template for pairings, exchanges, programmes or contacts."""

    def __init__(self, register: Register, *, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateDialog")
        self.setWindowTitle(self.tr("Import templates"))
        self.register, self.lang = register, lang
        self.written: Path | None = None
        intro = QLabel(
            self.tr(
                "A blank workbook to fill in and import: headers the importer "
                "recognises, a note on each header, drop-down lists for the "
                "register's vocabularies, and an example row."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setObjectName("target")
        for code, label in (
            ("pairing", self.tr("Pairings")),
            ("exchange", self.tr("Exchanges")),
            ("programme", self.tr("Programmes")),
            ("contact", self.tr("Contacts")),
        ):
            self.target.addItem(label, code)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh")
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        self.file = _PathRow(self.tr("Save template"), self.tr("Excel workbook (*.xlsx)"), self)
        self.target.currentIndexChanged.connect(self._rename)
        self.language.currentIndexChanged.connect(self._rename)
        self._rename()
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(self.tr("Records"), self.target)
        form.addRow(self.tr("Headers in"), self.language)
        form.addRow(self.tr("File"), self.file)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(600, 240)

    def _rename(self) -> None:
        from twindesk.core.spreadsheets.templates import SHEETS

        target, lang = self.target.currentData(), self.language.currentData()
        name = SHEETS[target][1 if lang == "zh" else 0]
        suffix = "导入模板" if lang == "zh" else "import template"
        chosen = self.file.path()
        folder = chosen.parent if chosen else _folder()
        self.file.edit.setText(str(folder / f"{name} {suffix}.xlsx"))

    def save(self) -> Path | None:
        from twindesk.core.spreadsheets.templates import write_template

        path = self.file.path()
        if path is None:
            self.status.setText(self.tr("Choose a file to write."))
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            self.written = write_template(
                self.register, self.target.currentData(), path, lang=self.language.currentData()
            )
        except TwinDeskError as err:
            self.status.setText(err.message(self.lang))
            return None
        QSettings().setValue(FOLDER_KEY, str(path.parent))
        self.status.setText(self.tr("Saved %1.").replace("%1", str(self.written)))
        return self.written


def export_page(page, parent: QWidget | None = None) -> ExportDialog:  # noqa: ANN001 - a ListPage
    """Open the export dialog for what ``page`` shows."""
    dialog = ExportDialog(page.register, lang=page.lang, page=page, parent=parent or page.window())
    dialog.open()
    return dialog
