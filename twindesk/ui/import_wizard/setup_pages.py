"""The wizard's first pages: the file, the sheet, the header rows and the columns' fields."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from twindesk.core import queries
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.spreadsheets import (
    list_presets,
    load_preset,
    save_preset,
)
from twindesk.core.spreadsheets import (
    mapping as mapping_mod,
)
from twindesk.core.spreadsheets.layout import Layout, sheet_title, title_place
from twindesk.core.spreadsheets.mapping import IGNORE, Mapping, field_label
from twindesk.core.spreadsheets.places import PlaceIndex
from twindesk.core.spreadsheets.recognition import Recognition
from twindesk.ui.import_wizard import page_ids
from twindesk.ui.import_wizard.models import HEADER_PREVIEW_ROWS, SheetRowsModel, cell_text
from twindesk.ui.import_wizard.page import ImportPage
from twindesk.ui.import_wizard.runner import Runner

if TYPE_CHECKING:  # the pages ask their wizard for the import; it imports them
    from twindesk.ui.import_wizard.wizard import ImportWizard


SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def importable_paths(mime: QMimeData) -> list[Path]:
    """The local spreadsheet files among what is being dragged or dropped."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in SUFFIXES]


# --------------------------------------------------------------------------- pages
class FilePage(ImportPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(
            self.tr(
                "Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) or CSV. "
                "Nothing is written to the register before the last step."
            )
        )
        self.path = QLineEdit(self)
        self.path.setObjectName("path")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self.browse)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.runner = Runner(wizard.lang, self)  # reads a file's only sheet
        self.runner.done.connect(wizard.sheet_read)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.runner)

    def browse(self) -> None:
        pattern = " ".join(f"*{s}" for s in SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a spreadsheet"),
            self.path.text(),
            self.tr("Spreadsheets (%1);;All files (*)").replace("%1", pattern),
        )
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        wizard: ImportWizard = self.wizard()
        try:
            wizard.open_file(Path(self.path.text().strip()))
        except TwinDeskError as err:
            self.error.setText(err.message(wizard.lang))
            return False
        self.error.clear()
        names = wizard.spreadsheet.sheet_names
        # A CSV (or a workbook of one sheet) has nothing to choose: read it from here.
        return len(names) != 1 or wizard.read_sheet(self.runner, names[0])

    def nextId(self) -> int:
        imp = self.wizard().imp
        if imp is not None and len(imp.sheet_names) == 1:
            return page_ids.PAGE_HEADER
        return page_ids.PAGE_SHEET


class SheetPage(ImportPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose a sheet"))
        self.sheets = QListWidget(self)
        self.sheets.setObjectName("sheets")
        self.sheets.itemDoubleClicked.connect(lambda _item: self.wizard().next())
        self.runner = Runner(wizard.lang, self)
        self.runner.done.connect(wizard.sheet_read)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheets, 1)
        layout.addWidget(self.runner)

    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()
        self.sheets.clear()
        hidden: set[str] = getattr(wizard.spreadsheet.workbook, "_hidden_sheets", set())
        for name in wizard.spreadsheet.sheet_names:
            label = name + (" " + self.tr("(hidden)") if name in hidden else "")
            item = QListWidgetItem(label, self.sheets)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self.sheets.setCurrentRow(0)

    def chosen(self) -> str:
        item = self.sheets.currentItem()
        return (
            item.data(Qt.ItemDataRole.UserRole)
            if item
            else self.wizard().spreadsheet.sheet_names[0]
        )

    def validatePage(self) -> bool:
        return self.wizard().read_sheet(self.runner, self.chosen())


class HeaderPage(ImportPage):
    row: QSpinBox  # made in __init__, after the table whose clicks set it

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Header row"))
        self.setSubTitle(
            self.tr(
                "The row with the column names is highlighted. If it is not the "
                "right one, click the right row or change the number."
            )
        )
        self.model = SheetRowsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("rows")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.clicked.connect(lambda index: self.row.setValue(index.row() + 1))
        self.row = QSpinBox(self)
        self.row.setObjectName("headerRow")
        self.two_rows = QCheckBox(self.tr("The header has two rows"), self)
        self.two_rows.setObjectName("twoRows")
        self.info = QLabel(self)
        self.info.setObjectName("layoutInfo")
        self.info.setWordWrap(True)
        self._loading = False
        self.row.valueChanged.connect(self._changed)
        self.two_rows.toggled.connect(self._changed)
        form = QFormLayout()
        form.addRow(self.tr("Header row"), self.row)
        form.addRow("", self.two_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.info)

    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()
        sheet = wizard.spreadsheet.workbook.sheet(wizard.sheet_name)
        self._loading = True
        self.row.setRange(1, max(1, min(len(sheet.rows), 1000)))
        self.row.setValue(
            wizard.current_layout.header_rows[0] + 1 if wizard.current_layout.header_rows else 1
        )
        self.two_rows.setChecked(len(wizard.current_layout.header_rows) == 2)
        self._loading = False
        self.model.set_rows(
            sheet.rows[: max(HEADER_PREVIEW_ROWS, self.row.value() + 5)],
            wizard.current_layout.header_rows,
        )
        self._describe()

    def _changed(self) -> None:
        if self._loading:
            return
        wizard: ImportWizard = self.wizard()
        layout = wizard.spreadsheet.layout(
            wizard.sheet_name,
            header_row=self.row.value() - 1,
            header_height=2 if self.two_rows.isChecked() else 1,
        )
        wizard.set_layout(layout)
        self.model.set_header_rows(layout.header_rows)
        self._describe()

    def _describe(self) -> None:
        layout: Layout = self.wizard().current_layout
        text = (
            self.tr("Data: rows %1 to %2.")
            .replace("%1", str(layout.data_start + 1))
            .replace("%2", str(layout.data_end))
        )
        if layout.footer_rows:
            text += " " + self.tr("Left out at the bottom (totals, notes): rows %1.").replace(
                "%1", ", ".join(str(r + 1) for r in layout.footer_rows)
            )
        self.info.setText(text)


class MappingPage(ImportPage):
    """Which column feeds which field; presets; unmapped columns; the local side and kind."""

    NOT_MAPPED = ""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(
            self.tr(
                "Say what each column holds. The suggestion comes from the "
                "column names and what the cells hold; change any of it."
            )
        )
        lang = wizard.lang
        self.target = QComboBox(self)
        self.target.setObjectName("target")
        for code in mapping_mod.TARGETS:
            self.target.addItem(translate(f"entity.{code}", lang), code)
        self.target.activated.connect(self._target_changed)
        self.preset = QComboBox(self)
        self.preset.setObjectName("preset")
        self.preset.activated.connect(self._preset_chosen)
        self.preset_name = QLineEdit(self)
        self.preset_name.setObjectName("presetName")
        self.preset_name.setPlaceholderText(self.tr("Name for this mapping"))
        self.save_preset_button = QPushButton(self.tr("Save as preset"), self)
        self.save_preset_button.setObjectName("savePreset")
        self.save_preset_button.clicked.connect(self.save_preset)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("columns")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Examples"), self.tr("Field"), self.tr("Why")]
        )
        self.doubtful: set[int] = set()
        self._title = ""  # the sheet's title, which may name the local place
        self._confirmed = False
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.keep_notes = QRadioButton(self.tr("Keep them in the notes"), self)
        self.keep_notes.setObjectName("keepNotes")
        self.ignore = QRadioButton(self.tr("Ignore them"), self)
        self.ignore.setObjectName("ignoreUnmapped")
        group = QButtonGroup(self)
        group.addButton(self.keep_notes)
        group.addButton(self.ignore)
        self.keep_notes.setChecked(True)
        self.local = QLineEdit(self)
        self.local.setObjectName("local")
        self.local.setPlaceholderText(
            self.tr("e.g. 上海 or Shanghai, when the file names only the partner")
        )
        self.local.textChanged.connect(lambda _t: self._ask_local())
        # Asked on the page itself when no column gives the local side, not after Next.
        self.local_hint = QLabel(self)
        self.local_hint.setObjectName("localHint")
        self.local_hint.setWordWrap(True)
        self.local_hint.setStyleSheet("color: #8a5300;")
        self.local_hint.setVisible(False)
        self.kind = QComboBox(self)
        self.kind.setObjectName("defaultKind")
        with wizard.register.connect() as conn:
            for code, label in queries.vocabulary_terms(conn, "pairing_kind", lang):
                self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData("sister_city")))
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.combos: list[QComboBox] = []
        self._headers: list[str] | None = None

        top = QFormLayout()
        top.addRow(self.tr("Import as"), self.target)
        presets = QHBoxLayout()
        presets.addWidget(self.preset, 1)
        presets.addWidget(self.preset_name, 1)
        presets.addWidget(self.save_preset_button)
        top.addRow(self.tr("Preset"), presets)
        unmapped = QHBoxLayout()
        unmapped.addWidget(self.keep_notes)
        unmapped.addWidget(self.ignore)
        unmapped.addStretch(1)
        bottom = QFormLayout()
        bottom.addRow(self.tr("Columns left unmapped"), unmapped)
        local = QVBoxLayout()  # the question right under the field it is about
        local.setSpacing(2)
        local.addWidget(self.local)
        local.addWidget(self.local_hint)
        bottom.addRow(self.tr("Local side for the whole file"), local)
        bottom.addRow(self.tr("Kind when the file does not say"), self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

    # -- filling -------------------------------------------------------------------------
    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()
        layout = wizard.current_layout
        self._fill_presets()
        if wizard.mapping is not None and self._headers == layout.headers:
            return  # back and forth without a change: keep the clerk's edits
        self._headers = list(layout.headers)
        preset = wizard.spreadsheet.preset_for(layout)
        if preset is not None:
            self.preset.setCurrentIndex(max(0, self.preset.findData(preset.name)))
            self._use_preset_options(preset.options)
            mapping = preset.apply(layout.headers)
        else:
            self.preset.setCurrentIndex(0)
            recognition = wizard.spreadsheet.recognise(
                layout, local_given=bool(self.local.text().strip())
            )
            if (
                not self.local.text().strip()
                and recognition.mapping.target == "pairing"
                and not recognition.mapping.names_local_side()
                and self._own_place()
            ):
                # The file names only partners: the register's own place is the local side,
                # shown in the field for the clerk to keep or change.
                self.local.setText(self._own_place())
                recognition = wizard.spreadsheet.recognise(layout, local_given=True)
            self._show(recognition.mapping, recognition)
            return
        self._show(mapping)

    def _own_place(self) -> str:
        """The name of the register's own place (set on the welcome screen), or ""."""
        from twindesk.core.models import Place
        from twindesk.core.places import own_place

        register = self.wizard().register
        own = own_place(register)
        if own is None:
            return ""
        with register.read() as s:
            place = s.get(Place, own)
            assert place is not None  # own_place names a place of the register
            return (
                (place.name_zh or place.name_en)
                if self.wizard().lang == "zh"
                else (place.name_en or place.name_zh)
            )

    def _fill_presets(self) -> None:
        current = self.preset.currentData()
        self.preset.clear()
        self.preset.addItem(self.tr("(no preset)"), "")
        with self.wizard().register.connect() as conn:
            for name in list_presets(conn):
                self.preset.addItem(name, name)
        self.preset.setCurrentIndex(max(0, self.preset.findData(current)))

    def _show(self, mapping: Mapping, recognition: Recognition | None = None) -> None:
        """Fill the columns table; with a ``recognition``, say why each column was read
        as it was, and mark the doubtful ones, which the clerk must look at."""
        wizard: ImportWizard = self.wizard()
        layout = wizard.current_layout
        lang = wizard.lang
        self._title = sheet_title(wizard.spreadsheet.workbook.sheet(layout.sheet), layout)
        guesses = {g.column: g for g in recognition.columns} if recognition else {}
        self.doubtful = set(recognition.doubtful_columns()) if recognition else set()
        self._confirmed = False
        self.target.setCurrentIndex(self.target.findData(mapping.target))
        (self.keep_notes if mapping.unmapped == "notes" else self.ignore).setChecked(True)
        examples = wizard.spreadsheet.column_examples(layout)
        self.table.setRowCount(layout.width)
        self.combos = []
        for col in range(layout.width):
            label = layout.column_label(col)
            if col in layout.hidden_columns:
                label += " " + self.tr("(hidden)")
            self.table.setItem(col, 0, QTableWidgetItem(label))
            sample = " | ".join(cell_text(v) for v in examples[col])
            self.table.setItem(col, 1, QTableWidgetItem(sample))
            combo = QComboBox(self.table)
            combo.setObjectName(f"field{col}")
            combo.addItem(self.tr("—"), self.NOT_MAPPED)
            combo.addItem(field_label(IGNORE, lang), IGNORE)
            for name in mapping_mod.TARGET_FIELDS[mapping.target]:
                combo.addItem(field_label(name, lang), name)
            combo.setCurrentIndex(max(0, combo.findData(mapping.columns.get(col, self.NOT_MAPPED))))
            combo.currentIndexChanged.connect(lambda _i: self._ask_local())
            self.table.setCellWidget(col, 2, combo)
            self.combos.append(combo)
            self.table.setItem(col, 3, self._why(guesses.get(col), col in self.doubtful, lang))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.table.resizeColumnToContents(3)
        if self.doubtful:
            self.message.setText(
                self.tr(
                    "Columns TwinDesk is not sure of are marked below (%n): "
                    "check what they hold before going on.",
                    "",
                    len(self.doubtful),
                )
            )
        else:
            self.message.clear()
        self._ask_local()

    def _ask_local(self) -> None:
        """Show the question for the local side while no column and no text gives it."""
        if not self.combos:
            return
        mapping = self.mapping()
        needed = (
            mapping.target == "pairing"
            and not mapping.names_local_side()
            and not self.local.text().strip()
        )
        lang = self.wizard().lang
        hint = translate("import.local.missing_wizard", lang) if needed else ""
        place = title_place(self._title) if needed else ""
        if place:  # offered, not filled in: the clerk types it or not
            hint += " " + translate(
                "import.local.title_wizard", lang, title=self._title, place=place
            )
        self.local_hint.setText(hint)
        self.local_hint.setVisible(needed)

    def _why(self, guess, doubtful: bool, lang: str) -> QTableWidgetItem:  # noqa: ANN001
        if guess is None:
            return QTableWidgetItem("")
        reason = translate(
            f"import.reason.{guess.reason}", lang, share=f"{round(guess.share * 100)}%"
        )
        text = (
            self.tr("%1 (confidence %2)")
            .replace("%1", reason)
            .replace("%2", f"{guess.confidence:.0%}")
        )
        item = QTableWidgetItem(("⚠ " + self.tr("Unsure:") + " " + text) if doubtful else text)
        if doubtful:
            item.setBackground(QColor("#fff3cd"))
        item.setToolTip(text)
        return item

    def _use_preset_options(self, options: dict) -> None:
        if options.get("local"):
            self.local.setText(str(options["local"]))
        if options.get("default_kind"):
            self.kind.setCurrentIndex(max(0, self.kind.findData(options["default_kind"])))

    def _target_changed(self) -> None:
        wizard = self.wizard()
        recognition = wizard.spreadsheet.recognise(
            wizard.sheet_layout,
            self.target.currentData(),
            local_given=bool(self.local.text().strip()),
        )
        self._show(recognition.mapping, recognition)

    def _preset_chosen(self) -> None:
        name = self.preset.currentData()
        if not name:
            return
        with self.wizard().register.connect() as conn:
            preset = load_preset(conn, name)
        self._use_preset_options(preset.options)
        self._show(preset.apply(self.wizard().current_layout.headers))

    # -- reading -------------------------------------------------------------------------
    def mapping(self) -> Mapping:
        columns = {
            col: combo.currentData()
            for col, combo in enumerate(self.combos)
            if combo.currentData() != self.NOT_MAPPED
        }
        return Mapping(
            self.target.currentData(), columns, "notes" if self.keep_notes.isChecked() else "ignore"
        )

    def set_field(self, col: int, name: str) -> None:
        """Map column ``col`` (0-based) to field ``name`` (a test's and a script's way in)."""
        combo = self.combos[col]
        combo.setCurrentIndex(combo.findData(name))

    def save_preset(self) -> None:
        wizard: ImportWizard = self.wizard()
        name = self.preset_name.text().strip()
        try:
            with wizard.register.connect(write=True) as conn:
                save_preset(
                    conn,
                    name,
                    wizard.current_layout.headers,
                    self.mapping(),
                    {"local": self.local.text().strip(), "default_kind": self.kind.currentData()},
                )
        except TwinDeskError as err:
            self.message.setText(err.message(wizard.lang))
            return
        self._fill_presets()
        self.preset.setCurrentIndex(self.preset.findData(name))
        self.preset_name.clear()
        self.message.setText(self.tr("Saved the preset “%1”.").replace("%1", name))

    def validatePage(self) -> bool:
        wizard: ImportWizard = self.wizard()
        mapping = self.mapping()
        for group in mapping_mod.missing_groups(mapping):
            self.message.setText(
                translate("import.mapping.missing", wizard.lang, field=f"import.field.{group[0]}")
            )
            return False
        local = self.local.text().strip()
        if mapping.target == "pairing" and not local and not mapping.names_local_side():
            self._ask_local()  # the question beside the field, which gets the cursor
            self.local.setFocus()
            return False
        if self.doubtful and not self._confirmed:
            # The first Next shows what to check; the second, after a look, goes on.
            self._confirmed = True
            self.table.setCurrentCell(min(self.doubtful), 2)
            self.message.setText(
                self.tr(
                    "Check the columns marked “Unsure”, change any that are "
                    "wrong, then press Next again."
                )
            )
            return False
        self.message.clear()
        create_local = bool(local) and not local.isdigit() and not self._local_exists(local)
        if (
            create_local
            and QMessageBox.question(
                self,
                self.tr("Local side"),
                self.tr(
                    "There is no place “%1” in the register. Create it as the local side of "
                    "this file?"
                ).replace("%1", local),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            self.local.setFocus()
            return False
        wizard.set_mapping(
            mapping,
            local=int(local) if local.isdigit() else (local or None),
            default_kind=self.kind.currentData(),
            create_local=create_local,
        )
        return True

    def _local_exists(self, name: str) -> bool:
        with self.wizard().register.connect() as conn:
            return bool(PlaceIndex.load(conn).candidates([name], None))
