"""The report dialog: choose a report, generate it in the background, preview, print, save."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import reports
from twindesk.core.errors import TwinDeskError
from twindesk.core.reports import ReportCancelled
from twindesk.core.reports.annual import FULL_ONLY, SECTIONS, SUMMARY_TOP
from twindesk.core.storage import Register
from twindesk.ui import printing
from twindesk.ui.forms import RecordPicker
from twindesk.ui.pdf_preview import PdfPreview
from twindesk.ui.progress_panel import ProgressPanel
from twindesk.ui.worker import Task

KINDS = ("annual", "dossier", "expiring", "exchanges", "countries")


class ReportDialog(QDialog):
    def __init__(
        self, register: Register, *, lang: str, office: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle(self.tr("Reports"))
        self.register, self.lang = register, lang
        self.report_result: reports.ReportResult | None = None
        self._report_status = ""
        self._tmp = Path(tempfile.mkdtemp(prefix="twindesk-report-"))
        self.task: Task | None = None

        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for code, label in zip(
            KINDS,
            (
                self.tr("Annual report"),
                self.tr("Pairing dossier"),
                self.tr("Programmes expiring"),
                self.tr("Exchanges in a period"),
                self.tr("Pairings by country"),
            ),
            strict=True,
        ):
            self.kind.addItem(label, code)
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(1949, 2100)
        self.year.setValue(date.today().year - 1)
        self.undated = QCheckBox(self.tr("Count pairings without a date as in force"), self)
        self.undated.setObjectName("undated")
        self.undated.setChecked(True)
        self.undated.setToolTip(
            self.tr(
                "Pairings whose date of establishment is not recorded: count them as in force in "
                "every year, or leave them out. The report says how many there are either way."
            )
        )
        self.signing = QCheckBox(self.tr("Also count by the country at signing"), self)
        self.texts_button = QPushButton(self.tr("Texts of the report…"), self)
        self.texts_button.setObjectName("editTexts")
        self.texts_button.setToolTip(
            self.tr(
                "The year's foreword, overview, results, problems and next steps, in Chinese and English"
            )
        )
        self.texts_button.clicked.connect(self.edit_texts)
        self.signing.setObjectName("by_signing_country")
        self.signing.setToolTip(
            self.tr(
                "Partners are counted in their present countries. This adds a table by the country "
                "a pairing was signed in where that state no longer exists (the Soviet Union)."
            )
        )
        self.pairing = RecordPicker(register, "pairing", lang, self)
        self.pairing.setObjectName("pairing")
        self.months = QSpinBox(self)
        self.months.setObjectName("months")
        self.months.setRange(1, 60)
        self.months.setValue(6)
        self.start, self.end = QDateEdit(self), QDateEdit(self)
        for edit, value in (
            (self.start, QDate(date.today().year, 1, 1)),
            (self.end, QDate.currentDate()),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh")
        self.language.setCurrentIndex(self.language.findData(lang))
        self.office = QLineEdit(office, self)
        self.office.setObjectName("office")

        # One page of options per kind of report.
        self.options = QStackedWidget(self)
        forms: list[QFormLayout] = []
        for rows in (
            [
                (self.tr("Year"), self.year),
                ("", self.undated),
                ("", self.signing),
                ("", self.texts_button),
            ],
            [(self.tr("Pairing"), self.pairing)],
            [(self.tr("Months ahead"), self.months)],
            [(self.tr("From"), self.start), (self.tr("To"), self.end)],
            [],
        ):
            page = QWidget(self)
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                form.addRow(label, widget)
            self.options.addWidget(page)
            forms.append(form)
        self.kind.currentIndexChanged.connect(self.options.setCurrentIndex)
        self._add_layout_options(forms[KINDS.index("annual")])

        form = QFormLayout()
        form.addRow(self.tr("Report"), self.kind)
        form.addRow(self.options)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Issuing unit"), self.office)

        self.generate_button = QPushButton(self.tr("Generate"), self)
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.panel = ProgressPanel(self.tr("Cancel"), self)
        self.panel.done.connect(self._finished)
        self.panel.failed.connect(self._failed)
        self.progress, self.status = self.panel.bar, self.panel.status
        self.cancel_button = self.panel.cancel_button
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_report)
        self.save_button = QPushButton(self.tr("Save as…"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(lambda: self.save_as())
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)

        self.document = QPdfDocument(self)
        self.preview = PdfPreview(self.document, self)

        # The annual report's options are many: they scroll on a small screen, the buttons stay.
        options = QWidget(self)
        options.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidget(options)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QVBoxLayout()
        left.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        left.addLayout(buttons)
        left.addWidget(self.panel)
        out = QHBoxLayout()
        out.addWidget(self.print_button)
        out.addWidget(self.save_button)
        left.addLayout(out)
        side = QWidget(self)
        side.setLayout(left)
        side.setFixedWidth(410)
        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addWidget(self.preview, 1)
        self.resize(1100, 760)

    # -- generating ---------------------------------------------------------------------
    def _builder(self):  # noqa: ANN202 - returns the work for the chosen report
        kind = self.kind.currentData()
        lang = self.language.currentData()
        fmt = self.format.currentData() if kind == "annual" else "pdf"
        out = self._tmp / f"{kind}-{lang}.{fmt}"
        common = {"lang": lang, "office": self.office.text().strip(), "out": out}
        register = self.register
        if kind == "annual":
            year, undated, signing = (
                self.year.value(),
                self.undated.isChecked(),
                self.signing.isChecked(),
            )
            layout = self.layout_options()
            if not layout["sections"]:
                return None
            return lambda p, c: reports.build_annual_report(
                register,
                year=year,
                progress=p,
                cancelled=c,
                undated_in_force=undated,
                by_signing_country=signing,
                **layout,
                **common,
            )
        if kind == "dossier":
            pairing = self.pairing.value()
            if pairing is None:
                return None
            return lambda p, c: reports.build_dossier(
                register, pairing, progress=p, cancelled=c, **common
            )
        if kind == "expiring":
            months = self.months.value()
            return lambda p, c: reports.build_expiring_list(
                register, months=months, progress=p, cancelled=c, **common
            )
        if kind == "exchanges":
            start, end = self.start.date().toPython(), self.end.date().toPython()
            return lambda p, c: reports.build_exchange_list(
                register, start=start, end=end, progress=p, cancelled=c, **common
            )
        return lambda p, c: reports.build_country_list(register, progress=p, cancelled=c, **common)

    def edit_texts(self):  # noqa: ANN201 - returns the dialog
        """The narrative of the chosen year (core.narrative), edited beside the report."""
        from twindesk.ui.dialogs.report_content import NarrativeDialog

        dialog = NarrativeDialog(self.register, self.lang, self.year.value(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- the annual report's layout: style, issuer, edition, sections, format -------------------
    def _add_layout_options(self, form: QFormLayout) -> None:
        self.style_choice = QComboBox(self)
        self.style_choice.setObjectName("style")
        self.style_choice.addItem(self.tr("Official (公文)"), "official")
        self.style_choice.addItem(self.tr("Plain"), "plain")
        self.style_choice.setToolTip(
            self.tr(
                "Official: the layout of government documents (GB/T 9704): title in a Song face, "
                "headings in Hei, body in Fangsong, standard margins, page numbers as — 3 —."
            )
        )
        self._style_chosen = False  # until the clerk picks one, it follows the language
        self.style_choice.activated.connect(lambda: setattr(self, "_style_chosen", True))
        self.style_choice.currentIndexChanged.connect(self._show_fonts)
        self.font_note = QLabel(self)
        self.font_note.setObjectName("font_note")
        self.font_note.setWordWrap(True)
        self.font_note.setStyleSheet("color: #8a5a00")
        self.document_number = QLineEdit(self)
        self.document_number.setObjectName("document_number")
        self.document_number.setPlaceholderText(self.tr("e.g. 京外办发〔2025〕3号"))
        self.signature = QCheckBox(self.tr("Signature block"), self)
        self.signature.setObjectName("signature")
        self.edition = QComboBox(self)
        self.edition.setObjectName("edition")
        self.edition.addItem(self.tr("Full"), "full")
        self.edition.addItem(self.tr("Summary"), "summary")
        self.top = QSpinBox(self)
        self.top.setObjectName("top")
        self.top.setRange(0, 1000)
        self.top.setSpecialValueText(self.tr("All rows"))
        self.top.setToolTip(
            self.tr("Rows kept of a long table: the largest, or the first of a list.")
        )
        self.sections = QListWidget(self)
        self.sections.setObjectName("sections")
        names = {
            "narrative": self.tr("Texts (foreword, overview…)"),
            "summary": self.tr("Summary figures"),
            "map": self.tr("Partner map"),
            "groups": self.tr("Country groups"),
            "new": self.tr("New pairings"),
            "changes": self.tr("Changes in the year"),
            "programmes": self.tr("Programmes"),
            "exchanges": self.tr("Exchanges"),
            "delegations": self.tr("Delegations"),
            "anniversaries": self.tr("Anniversaries"),
            "dormant": self.tr("Dormant pairings"),
            "appendix": self.tr("Appendix: the register"),
        }
        for section in SECTIONS:
            item = QListWidgetItem(names.get(section, section), self.sections)
            item.setData(Qt.ItemDataRole.UserRole, section)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.sections.setFixedHeight(min(len(SECTIONS), 8) * 20 + 6)
        self.edition.currentIndexChanged.connect(self._edition_changed)
        self.format = QComboBox(self)
        self.format.setObjectName("format")
        self.format.addItem(self.tr("PDF"), "pdf")
        self.format.addItem(self.tr("Word document (.docx)"), "docx")
        for label, widget in (
            (self.tr("Style"), self.style_choice),
            ("", self.font_note),
            (self.tr("Document number"), self.document_number),
            ("", self.signature),
            (self.tr("Edition"), self.edition),
            (self.tr("Sections"), self.sections),
            (self.tr("Largest rows"), self.top),
            (self.tr("Format"), self.format),
        ):
            form.addRow(label, widget)
        self.language.currentIndexChanged.connect(self._language_changed)
        self._language_changed()
        self._show_fonts()

    def _language_changed(self) -> None:
        """The official style is the default for a Chinese report, the plain one for English."""
        if not self._style_chosen:
            chinese = self.language.currentData() == "zh"
            self.style_choice.setCurrentIndex(
                self.style_choice.findData("official" if chinese else "plain")
            )

    def _show_fonts(self) -> None:
        """Say which faces stand in for the official style's, where the system lacks them."""
        lines = (
            reports.font_substitutions(self.lang)
            if self.style_choice.currentData() == "official"
            else []
        )
        self.font_note.setText("\n".join(lines))
        self.font_note.setVisible(bool(lines))

    def _edition_changed(self) -> None:
        summary = self.edition.currentData() == "summary"
        for i in range(self.sections.count()):
            item = self.sections.item(i)
            keep = not summary or item.data(Qt.ItemDataRole.UserRole) not in FULL_ONLY
            item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
        self.top.setValue(SUMMARY_TOP if summary else 0)

    def layout_options(self) -> dict:
        """The annual report's layout options as ``build_annual_report`` takes them."""
        items = [self.sections.item(i) for i in range(self.sections.count())]
        return {
            "style": self.style_choice.currentData(),
            "edition": self.edition.currentData(),
            "document_number": self.document_number.text().strip(),
            "signature": self.signature.isChecked(),
            "top": self.top.value() or None,
            "sections": [
                i.data(Qt.ItemDataRole.UserRole)
                for i in items
                if i.checkState() == Qt.CheckState.Checked
            ],
            "format": self.format.currentData(),
        }

    def generate(self) -> None:
        work = self._builder()
        if work is None:
            self.status.setText(
                self.tr("Choose a pairing first.")
                if self.kind.currentData() == "dossier"
                else self.tr("Choose at least one section.")
            )
            return
        self.document.close()
        self.report_result = None
        self._busy(True)
        self.task = self.panel.run(work, self.tr("Generating…"))

    def cancel(self) -> None:
        self.panel.cancel()

    def _busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        for button in (self.print_button, self.save_button):
            button.setEnabled(not busy and self.report_result is not None)

    def _finished(self, result: reports.ReportResult) -> None:
        self.report_result = result
        if result.path.suffix == ".docx":  # nothing to preview: the clerk saves it for Word
            self.document.close()
            self._report_status = self.tr("Word document ready: Save as… to keep it.")
            self.status.setText(self._report_status)
            self.status.setWordWrap(True)
            self._busy(False)
            self.print_button.setEnabled(False)
            return
        self.document.load(str(result.path))
        status = self.tr("%n page(s)", "", result.pages)
        if result.missing:  # characters no embedded font has: blank in the PDF
            status += "\n" + self.tr("No font has these characters; they are blank: %1").replace(
                "%1", " ".join(result.missing)
            )
        self._report_status = status
        self.status.setText(status)
        self.status.setWordWrap(True)
        self._busy(False)
        self.preview.go(0)

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        if isinstance(error, ReportCancelled):
            self.status.setText(self.tr("Cancelled; nothing was written."))
        elif isinstance(error, TwinDeskError):
            self.status.setText(error.message(self.language.currentData()))
        else:
            raise error  # a bug: let the application's error handler log it

    # -- output -------------------------------------------------------------------------
    def save_as(self, target: str | None = None) -> Path | None:
        if self.report_result is None:
            return None
        if not target:
            word = self.report_result.path.suffix == ".docx"
            target, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save report"),
                self.report_result.path.name,
                self.tr("Word document (*.docx)") if word else "PDF (*.pdf)",
            )
        if not target:
            return None
        return Path(shutil.copyfile(self.report_result.path, target))

    def print_report(self) -> None:
        if self.report_result is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.report_result.path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter, route: str | None = None) -> printing.Printed | None:
        """Print the report as the print dialog set ``printer`` up (see printing.choose_route)."""
        if self.report_result is None:
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        done: printing.Printed | Exception
        try:
            done = printing.print_pdf(
                self.report_result.path,
                self.document,
                printer,
                route=route,
                current=max(self.preview.page(), 0),
                title=self.report_result.path.stem,
            )
        except (printing.PrintError, OSError, subprocess.SubprocessError) as error:
            done = error
        finally:
            QGuiApplication.restoreOverrideCursor()
        if isinstance(done, Exception):
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr("The report could not be printed.") + f"\n\n{done}",
            )
            return None
        if done.route == "file":
            note = self.tr("%n page(s) printed to %1.", "", len(done.pages)).replace(
                "%1", printer.outputFileName()
            )
        else:
            note = self.tr("%n page(s) sent to the printer.", "", len(done.pages))
        self.status.setText(f"{self._report_status}\n{note}")
        return done

    def closeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        self.panel.stop()  # cancelled, and waited for, before its files go
        self.document.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
        super().closeEvent(event)
