"""The wizard's last pages: preview and validation, duplicates, the commit and its summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWizard,
)

from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import count, number, translate
from twindesk.core.spreadsheets import save_rejected, undo_import
from twindesk.core.spreadsheets.importing import ImportResult, Plan
from twindesk.ui.import_wizard import page_ids
from twindesk.ui.import_wizard.models import (
    ACTIONS,
    ActionDelegate,
    DuplicatesModel,
    PlanModel,
    fit_columns,
)
from twindesk.ui.import_wizard.page import ImportPage
from twindesk.ui.import_wizard.runner import Runner

if TYPE_CHECKING:  # the pages ask their wizard for the import; it imports them
    from twindesk.ui.import_wizard.wizard import ImportWizard


class PreviewPage(ImportPage):
    """Every row checked, coloured, with its problems; questions the clerk must answer."""

    model: PlanModel  # made in __init__, after the filters that narrow it

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Check the rows"))
        self.setSubTitle(
            self.tr(
                "Nothing has been written yet. Rows in red will not be "
                "imported; rows in yellow will, but deserve a look."
            )
        )
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._validated)
        self.runner.failed.connect(self._failed)
        self.filter = QComboBox(self)
        self.filter.setObjectName("filter")
        for label, code in (
            (self.tr("All rows"), ""),
            (self.tr("Errors"), "error"),
            (self.tr("Warnings"), "warning"),
            (self.tr("OK"), "ok"),
        ):
            self.filter.addItem(label, code)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(status=self.filter.currentData())
        )
        # The kinds of problem present, with how many rows have each (filled per plan).
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind.setToolTip(self.tr("Show only the rows with this kind of problem"))
        self.kind.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(kind=self.kind.currentData() or "")
        )
        self.counts = QLabel(self)
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self.model = PlanModel(wizard.lang, self)
        self.table = QTableView(self)
        self.table.setObjectName("plan")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._show_problems)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("details")
        self.details.setReadOnly(True)
        self.questions = QGroupBox(self.tr("Questions only you can answer"), self)
        self.questions.setObjectName("questions")
        self.question_form = QFormLayout(self.questions)
        self.question_combos: list[tuple[Any, QComboBox]] = []
        # Many places to resolve make many rows: they scroll, the table stays in view.
        self.questions_area = QScrollArea(self)
        self.questions_area.setWidget(self.questions)
        self.questions_area.setWidgetResizable(True)
        self.questions_area.setFrameShape(QFrame.Shape.NoFrame)
        self.questions_area.setMaximumHeight(240)
        self.questions_area.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show"), self))
        top.addWidget(self.filter)
        top.addWidget(self.kind)
        top.addWidget(self.counts, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.questions_area)
        layout.addWidget(split, 1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:
        self.validate()

    def validate(self) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.plan = None
        self.model.set_plan(None)
        self.details.clear()
        imp, options = wizard.spreadsheet, wizard.options()
        self.runner.run(
            lambda p, c: imp.validate(options, progress=p, cancelled=c),
            self.tr("Checking every row…"),
        )
        self.completeChanged.emit()

    def _validated(self, plan: Plan) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.plan = plan
        wizard.duplicates_dirty = False
        self.model.set_plan(plan)
        self._fill_kinds(plan)
        fit_columns(self.table, maximum=600)
        counts = plan.counts()
        errors = sum(1 for r in plan.rows if r.status == "error")
        self.counts.setText(
            self.tr(
                "%1: %2 to add, %3 to update, %4 skipped, %5 with errors (not imported), "
                "%6 with warnings; new places: %7."
            )
            .replace("%1", count(len(plan.rows), "row", wizard.lang))
            .replace("%2", number(counts["insert"]))
            .replace("%3", number(counts["update"]))
            .replace("%4", number(counts["skip"]))
            .replace("%5", number(errors))
            .replace("%6", number(counts["warning"]))
            .replace("%7", number(counts["places"]))
        )
        self._show_questions(plan)
        self.completeChanged.emit()
        if self._pending_next:
            self._pending_next = False
            if not plan.questions:
                wizard.next()

    _pending_next = False  # the clerk clicked Next with answers: go on once they are checked

    def _fill_kinds(self, plan: Plan) -> None:
        """The kinds of problem in ``plan`` with their row counts; the one chosen stays
        chosen when it is still there."""
        lang = self.wizard().lang
        current = self.kind.currentData() or ""
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds of problem"), "")
        for kind, rows in plan.kind_counts().items():
            self.kind.addItem(
                self.tr("%1 (%2)")
                .replace("%1", translate(f"import.kind.{kind}", lang))
                .replace("%2", f"{rows:,}"),
                kind,
            )
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        self.model.set_filter(kind=self.kind.currentData() or "")

    def _failed(self, _error: Exception) -> None:
        self._pending_next = False
        self.completeChanged.emit()

    def _show_questions(self, plan: Plan) -> None:
        while self.question_form.rowCount():
            self.question_form.removeRow(0)
        self.question_combos = []
        lang = self.wizard().lang
        # A list of new towns may ask about thousands of places: the first few are shown
        # one by one, the rest are answered together ("Create every place not found").
        new_places = [q for q in plan.questions if q.kind == "new_place"]
        shown = [q for q in plan.questions if q.kind != "new_place"] + new_places[
            : self.SHOWN_PLACES
        ]
        for q in shown:
            combo = QComboBox(self.questions)
            combo.setObjectName(f"question:{q.key}")
            combo.addItem(self.tr("— choose —"), None)
            for value, labels in q.choices:
                combo.addItem(labels[1] if lang == "zh" else labels[0], value)
            combo.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
            label = QLabel(
                q.prompt(lang)
                + " "
                + self.tr("(rows %1)").replace(
                    "%1", ", ".join(str(r) for r in q.rows[:12]) + ("…" if len(q.rows) > 12 else "")
                )
            )
            label.setWordWrap(True)
            self.question_form.addRow(label, combo)
            self.question_combos.append((q, combo))
        hidden = len(new_places) - self.SHOWN_PLACES
        if hidden > 0:
            more = QLabel(
                self.tr("…and %1 more places not found in the register or the gazetteer.").replace(
                    "%1", f"{hidden:,}"
                ),
                self.questions,
            )
            more.setObjectName("more_places")
            self.question_form.addRow(more)
        if len(new_places) > 1:
            create_all = QPushButton(
                self.tr("Create every place not found as a new place"), self.questions
            )
            create_all.setObjectName("create_all_places")
            create_all.clicked.connect(self._create_all_places)
            self.question_form.addRow(create_all)
        self.questions_area.setVisible(bool(plan.questions))

    SHOWN_PLACES = 30

    def _create_all_places(self) -> None:
        """The clerk's answer for every place asked about that is still open, shown or
        not: a new place."""
        self.wizard().create_places = True
        for q, combo in self.question_combos:
            if q.kind == "new_place" and combo.currentData() is None:
                combo.setCurrentIndex(combo.findData("new"))
        self.completeChanged.emit()

    def _show_problems(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        r = self.model.row_plan(current.row())
        lang = self.wizard().lang
        self.details.setPlainText(
            "\n".join(p.message(lang) for p in r.problems) or self.tr("No problems in this row.")
        )

    def select_sheet_row(self, sheet_row: int) -> bool:
        """Select the row showing sheet row ``sheet_row``; False when it is not shown."""
        row = self.model.find_sheet_row(sheet_row)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def isComplete(self) -> bool:
        wizard = self.wizard()
        if self.runner.running or wizard.plan is None:
            return False
        hidden = (
            sum(q.kind == "new_place" for q in wizard.current_plan.questions) > self.SHOWN_PLACES
        )
        return all(combo.currentData() is not None for _q, combo in self.question_combos) and (
            not hidden or wizard.create_places
        )

    def validatePage(self) -> bool:
        wizard: ImportWizard = self.wizard()
        if not self.question_combos:
            return True
        for q, combo in self.question_combos:
            if q.kind == "dayfirst":
                wizard.dayfirst[q.key] = bool(combo.currentData())
            elif q.kind == "number_date":
                wizard.date_choices[q.key] = combo.currentData()
            else:
                wizard.place_choices[q.key] = combo.currentData()
        self._pending_next = True
        self.validate()
        return False

    def nextId(self) -> int:
        plan = self.wizard().plan
        if plan is not None and any(r.duplicate_of is not None for r in plan.rows):
            return page_ids.PAGE_DUPLICATES
        return page_ids.PAGE_COMMIT


class DuplicatesPage(ImportPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Duplicates"))
        self.setSubTitle(
            self.tr(
                "These rows repeat a record already in the register, or an "
                "earlier row of the file. Choose for each, or for all at once."
            )
        )
        self.model = DuplicatesModel(wizard, self)
        self.table = QTableView(self)
        self.table.setObjectName("duplicates")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            DuplicatesModel.ACTION_COLUMN, ActionDelegate(self.model.labels, self.table)
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)  # one line a row, cut with "…"; the pane below has it all
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._show_changes)
        # The chosen row's changes one field a line: the column cuts long values.
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("changes")
        self.details.setReadOnly(True)
        self.all = QComboBox(self)
        self.all.setObjectName("forAll")
        for code in ACTIONS:
            self.all.addItem(self.model.labels[code], code)
        self.apply_all = QPushButton(self.tr("Apply to all"), self)
        self.apply_all.setObjectName("applyAll")
        self.apply_all.clicked.connect(lambda: self.model.set_all(self.all.currentData()))
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._validated)
        self.runner.failed.connect(lambda _e: self.completeChanged.emit())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("For all rows"), self))
        row.addWidget(self.all)
        row.addWidget(self.apply_all)
        row.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()
        self.all.setCurrentIndex(self.all.findData(wizard.on_duplicate))
        self.model.set_plan(wizard.plan)
        fit_columns(self.table, maximum=300)
        action = DuplicatesModel.ACTION_COLUMN
        self.table.setColumnWidth(action, max(self.table.columnWidth(action), 140))
        # The first row that would change something, its changes shown below.
        first = next((n for n, r in enumerate(self.model.rows) if r.changes), 0)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(first, 0))

    def _show_changes(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        r = self.model.rows[current.row()]
        self.details.setPlainText(
            self.tr("Row %1 would change:").replace("%1", str(r.row)) + "\n" + self.model.changes(r)
            if r.changes
            else self.model.changes(r)
        )

    def isComplete(self) -> bool:
        return not self.runner.running

    def validatePage(self) -> bool:
        wizard: ImportWizard = self.wizard()
        if not wizard.duplicates_dirty:
            return True
        # The choices change what other rows merge into: plan again with them.
        imp, options = wizard.spreadsheet, wizard.options()
        self.runner.run(
            lambda p, c: imp.validate(options, progress=p, cancelled=c),
            self.tr("Applying the choices…"),
        )
        self.completeChanged.emit()
        return False

    def _validated(self, plan: Plan) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.plan = plan
        wizard.duplicates_dirty = False
        self.model.set_plan(plan)
        self.completeChanged.emit()
        wizard.next()


class CommitPage(ImportPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import"))
        self.setSubTitle(
            self.tr(
                "All rows are written in one step: if it is cancelled or fails, "
                "the register stays exactly as it was."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._committed)
        self.runner.failed.connect(self._failed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.import_result = None
        self.summary.setText(
            translate(
                "import.summary",
                wizard.lang,
                file=wizard.current_plan.file_name,
                sheet=wizard.current_plan.sheet,
                **wizard.current_plan.counts(),
            )
        )

    def isComplete(self) -> bool:
        return not self.runner.running

    def validatePage(self) -> bool:
        wizard: ImportWizard = self.wizard()
        if wizard.import_result is not None:
            return True
        if not self.runner.running:
            imp, plan, operator = wizard.spreadsheet, wizard.plan, wizard.operator
            self.runner.run(
                lambda p, c: imp.commit(plan, operator=operator, progress=p, cancelled=c),
                self.tr("Importing…"),
            )
            wizard.button(QWizard.WizardButton.BackButton).setEnabled(False)
            self.completeChanged.emit()
        return False

    def _committed(self, result: ImportResult) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.import_result = result
        self.completeChanged.emit()
        if result.batch_id is not None:
            wizard.imported.emit(result.batch_id)
        wizard.next()

    def _failed(self, error: Exception) -> None:
        wizard: ImportWizard = self.wizard()
        wizard.button(QWizard.WizardButton.BackButton).setEnabled(True)
        self.completeChanged.emit()
        if not isinstance(error, TwinDeskError):
            raise error  # a bug: the application's error handler logs it


class SummaryPage(ImportPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Done"))
        self.setFinalPage(True)
        self.text = QLabel(self)
        self.text.setObjectName("result")
        self.text.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save rejected rows…"), self)
        self.save_button.setObjectName("saveRejected")
        self.save_button.clicked.connect(lambda: self.save_rejected())
        self.undo_button = QPushButton(self.tr("Undo this import"), self)
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(lambda: self.undo())
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(self._undone)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()
        r = wizard.current_result
        lines = [
            self.tr("Added: %1").replace("%1", str(r.inserted)),
            self.tr("Updated: %1").replace("%1", str(r.updated)),
            self.tr("Skipped: %1").replace("%1", str(r.skipped)),
            self.tr("Rejected: %1").replace("%1", str(r.rejected)),
            self.tr("New places: %1").replace("%1", str(r.places_created)),
        ]
        if r.batch_id is None:
            lines.append(translate("import.nothing_written", wizard.lang))
        else:
            lines.append(translate("import.committed", wizard.lang, batch=r.batch_id))
        self.text.setText("\n".join(lines))
        self.save_button.setEnabled(r.rejected > 0)
        self.undo_button.setEnabled(r.batch_id is not None)

    def save_rejected(self, target: str | None = None) -> Path | None:
        wizard: ImportWizard = self.wizard()
        if not target:
            suggested = str(Path(wizard.current_plan.file_name).with_suffix("")) + "-rejected.xlsx"
            target, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save rejected rows"), suggested, self.tr("Excel workbook (*.xlsx)")
            )
        if not target:
            return None
        path = Path(target).with_suffix(".xlsx")
        count = save_rejected(wizard.plan, path, lang=wizard.lang)
        self.runner.status.setText(
            translate("import.rejected_saved", wizard.lang, path=path) + f" ({count})"
        )
        return path

    def undo(self, *, confirm: bool = True) -> None:
        wizard: ImportWizard = self.wizard()
        batch = wizard.current_result.batch_id
        if (
            confirm
            and QMessageBox.question(
                self,
                self.tr("Undo this import"),
                self.tr("Remove everything import #%1 added and restore what it changed?").replace(
                    "%1", str(batch)
                ),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.undo_button.setEnabled(False)
        register, operator = wizard.register, wizard.operator
        self.runner.run(
            lambda _p, _c: undo_import(register, batch, operator=operator), self.tr("Undoing…")
        )

    def _undone(self, removed: dict) -> None:
        wizard: ImportWizard = self.wizard()
        batch = wizard.current_result.batch_id
        self.runner.status.setText(
            translate(
                "import.undo.done",
                wizard.lang,
                id=batch,
                updated=removed.get("updated", 0),
                removed=sum(v for k, v in removed.items() if k != "updated"),
            )
        )
        wizard.undone.emit(batch)
