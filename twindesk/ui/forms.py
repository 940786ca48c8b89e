"""Record forms: one dialog class that edits any entity from a list of field specs.

The form never checks a rule itself: Save hands the values to the core's
``operations``; a ValidationError comes back with every problem, and each is shown in
red under its field, in the interface language. Nothing is written unless the whole
record is valid, and the dialog stays open so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import gazetteer, places, queries
from twindesk.core import operations as ops
from twindesk.core.dates import DateParseError, parse_partial
from twindesk.core.errors import TwinDeskError, ValidationError
from twindesk.core.gazetteer import GazetteerPlace
from twindesk.core.i18n import translate
from twindesk.core.operations.entities import EXCHANGE_DIRECTIONS, EXCHANGE_LEADER_LEVELS
from twindesk.core.storage import Register
from twindesk.ui.screen_fit import fit_to_screen

# The fields whose values are a fixed list of the core's, not a vocabulary the clerk keeps.
CHOICES = {"direction": EXCHANGE_DIRECTIONS, "leader_level": EXCHANGE_LEADER_LEVELS}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text, multiline, lines, date, int, float, term, terms, choice, country, ref, refs
    target: str = ""  # vocabulary for term(s); entity for ref(s)


FORMS: dict[str, list[FieldSpec]] = {
    "place": [
        FieldSpec("name_en", "text"),
        FieldSpec("name_zh", "text"),
        FieldSpec("name_native", "text"),
        FieldSpec("aliases", "lines"),
        FieldSpec("place_type", "term", "place_type"),
        FieldSpec("country_code", "country"),
        FieldSpec("parent_id", "ref", "place"),
        FieldSpec("latitude", "float"),
        FieldSpec("longitude", "float"),
        FieldSpec("notes", "multiline"),
    ],
    "pairing": [
        FieldSpec("place_a_id", "ref", "place"),
        FieldSpec("place_b_id", "ref", "place"),
        FieldSpec("kind", "term", "pairing_kind"),
        FieldSpec("level", "term", "pairing_level"),
        FieldSpec("status", "term", "pairing_status"),
        FieldSpec("established", "date"),
        FieldSpec("ended", "date"),
        FieldSpec("end_reason", "text"),
        FieldSpec("signed_at_place", "text"),
        FieldSpec("signed_at_event", "text"),
        FieldSpec("signatories", "text"),
        FieldSpec("agreement_ref", "text"),
        FieldSpec("source", "text"),
        FieldSpec("source_url", "text"),
        FieldSpec("source_checked", "date"),
        FieldSpec("contacts", "refs", "contact"),
        FieldSpec("notes", "multiline"),
    ],
    "programme": [
        FieldSpec("pairing_id", "ref", "pairing"),
        FieldSpec("title_en", "text"),
        FieldSpec("title_zh", "text"),
        FieldSpec("start", "date"),
        FieldSpec("end", "date"),
        FieldSpec("status", "term", "programme_status"),
        FieldSpec("fields", "terms", "cooperation_field"),
        FieldSpec("items", "lines"),
        FieldSpec("description", "multiline"),
    ],
    "exchange": [
        FieldSpec("title_en", "text"),
        FieldSpec("title_zh", "text"),
        FieldSpec("exchange_type", "term", "exchange_type"),
        FieldSpec("direction", "choice"),
        FieldSpec("leader_level", "choice"),
        FieldSpec("start", "date"),
        FieldSpec("end", "date"),
        FieldSpec("venue", "text"),
        FieldSpec("host_place_id", "ref", "place"),
        FieldSpec("participants", "int"),
        FieldSpec("programme_id", "ref", "programme"),
        FieldSpec("pairings", "refs", "pairing"),
        FieldSpec("places", "refs", "place"),
        FieldSpec("fields", "terms", "cooperation_field"),
        FieldSpec("outcome", "multiline"),
        FieldSpec("notes", "multiline"),
    ],
    "contact": [
        FieldSpec("name_en", "text"),
        FieldSpec("name_zh", "text"),
        FieldSpec("title", "text"),
        FieldSpec("organisation", "text"),
        FieldSpec("place_id", "ref", "place"),
        FieldSpec("phone", "text"),
        FieldSpec("email", "text"),
        FieldSpec("language", "text"),
        FieldSpec("pairings", "refs", "pairing"),
        FieldSpec("notes", "multiline"),
    ],
}


OFFER_ROLE = Qt.ItemDataRole.UserRole + 1  # a line's record id, GazetteerPlace, or NEW_PLACE
NEW_PLACE = "new"


class RecordPicker(QWidget):
    """Pick one record by typing any of its names ("mos", "莫斯", "msk").

    A place picker lists the register's places first, then the gazetteer's places the
    register lacks, then "New place…". Choosing a gazetteer place adds it to the register
    once the clerk agrees; "New place…" opens a place form prefilled from the gazetteer.
    With no register (the welcome screen) it picks from the gazetteer only: ``found()``.

    Signals:
        changed: the value changed.
        created(entity, id, values, version): a place was added to the register from here.
    """

    changed = Signal()
    created = Signal(str, int, object, int)

    def __init__(
        self, register: Register | None, entity: str, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.register, self.entity, self.lang = register, entity, lang
        self._id: int | None = None
        self._found: GazetteerPlace | None = None  # a gazetteer place chosen, not in the register
        self._typed = ""
        self._matches = 0  # register records that answer to what was typed
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The register and gazetteer already filtered by pinyin and aliases; show all they offered.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.edit.setCompleter(completer)
        self.edit.textEdited.connect(self._search)
        # PySide6's stubs type a signal without the [signature] that picks an overload.
        completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def _search(self, text: str) -> None:
        self._id, self._found, self._typed = None, None, text
        self._model.clear()
        if not text.strip():
            self.changed.emit()
            return
        if self.entity == "place":
            if self.register is None:
                found = places.offers(None, text, self.lang)
            else:
                with self.register.connect() as conn:
                    found = places.offers(conn, text, self.lang)
            lines = [(o.label, o.place_id if o.found is None else o.found) for o in found]
        else:
            with self._register().connect() as conn:
                ids = queries.search_ids(conn, self.entity, text)
                labels = queries.describe(conn, self.entity, ids, self.lang)
            lines = [(labels[i], i) for i in ids if i in labels]
        for label, offer in lines:  # a record's id, or a gazetteer place
            item = QStandardItem(label)
            item.setData(offer, OFFER_ROLE)
            if isinstance(offer, GazetteerPlace) and self.register is not None:
                item.setForeground(QColor("#1a5fb4"))
                item.setToolTip(
                    self.tr("Not in the register yet: choose it to add it from the gazetteer")
                )
            self._model.appendRow(item)
        if self.entity == "place" and self.register is not None:
            item = QStandardItem(self.tr("New place “%1”…").replace("%1", text.strip()))
            item.setData(NEW_PLACE, OFFER_ROLE)
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            self._model.appendRow(item)
        in_register = [offer for _, offer in lines if isinstance(offer, int)]
        self._matches = len(in_register)
        if len(in_register) == 1:  # only one record answers to what was typed: take it
            self._id = in_register[0]
        self.changed.emit()

    def offers(self) -> list[str]:
        """The lines the popup lists, in order."""
        return [self._model.item(row).text() for row in range(self._model.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        self._take(index.data(OFFER_ROLE))

    def choose(self, label: str) -> None:
        """Choose the popup line ``label``, as a click on it does."""
        row = self.offers().index(label)
        self.edit.setText(label)
        self._take(self._model.item(row).data(OFFER_ROLE))

    def _take(self, offer: int | GazetteerPlace | str | None) -> None:
        # Dialogs open once the popup has closed, not from inside its event handling.
        if offer == NEW_PLACE:
            self.edit.setText(self._typed)
            QTimer.singleShot(0, self, self.new_place)
        elif isinstance(offer, GazetteerPlace):
            if self.register is None:
                self._id, self._found = None, offer
                self.changed.emit()
            else:
                QTimer.singleShot(0, self, lambda: self.add_found(offer))
        elif isinstance(offer, int):
            self._id, self._found = offer, None
            self.changed.emit()

    # -- places made from here -----------------------------------------------------------
    def add_found(self, found: GazetteerPlace) -> bool:
        """Add a gazetteer place to the register (its region too) once the clerk agrees."""
        parent = places.parent_of(found)
        with self._register().read() as s:
            parent_missing = parent is not None and places.find_in_register(s, parent) is None
        lines = [
            self.tr("Add this place to the register?"),
            "",
            places.gazetteer_label(found, self.lang),
        ]
        if found.latitude is not None:
            lines.append(f"{found.latitude:.4f}, {found.longitude:.4f}")
        if parent_missing and parent is not None:
            lines.append(
                self.tr("Its region, %1, is added too.").replace(
                    "%1", places.gazetteer_label(parent, self.lang).split(" — ")[0]
                )
            )
        answer = QMessageBox.question(
            self,
            self.tr("Add place"),
            "\n".join(lines),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            with self._register().write() as s:
                place, values = places.add_from_gazetteer(s, found)
                place_id, version = place.id, place.version
        except TwinDeskError as err:
            QMessageBox.warning(self, self.tr("Add place"), err.message(self.lang))
            return False
        self.set_value(place_id)
        if values is not None:
            self.created.emit("place", place_id, values, version)
        self.changed.emit()
        return True

    def new_place(self) -> bool:
        """The place form, prefilled from the gazetteer's best match for what was typed;
        the picker takes the place once it is saved."""
        typed = self._typed.strip() or self.edit.text().strip()
        defaults: dict[str, Any] = {}
        found = gazetteer.match(typed, limit=1) if typed else []
        if found:
            with self._register().read() as s:
                defaults = places.place_values(s, found[0])
            parent = places.parent_of(found[0])
            if defaults["parent_id"] is None and parent is not None:
                defaults["parent_id"] = parent  # added with the place, when it is saved
        elif typed:
            defaults = {
                "name_zh" if any("\u4e00" <= c <= "\u9fff" for c in typed) else "name_en": typed
            }
        form = RecordForm(self._register(), "place", lang=self.lang, defaults=defaults, parent=self)
        form.saved.connect(
            lambda entity, record_id, _before, values, version: self.created.emit(
                entity, record_id, values, version
            )
        )
        if not form.exec():
            return False
        self.set_value(form.record_id)
        self.changed.emit()
        return True

    def ask_to_create(self) -> bool:
        """Typed text names no place: offer to create it (the place form, prefilled)."""
        answer = QMessageBox.question(
            self,
            self.tr("No such place"),
            self.tr("There is no place “%1” in the register. Create it?").replace(
                "%1", self.unresolved()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes and self.new_place()

    # -- value ------------------------------------------------------------------------
    def _register(self) -> Register:
        """The register: a picker without one (a place typed before a register is open)
        offers the gazetteer's places only, and never gets here."""
        assert self.register is not None
        return self.register

    def value(self) -> int | None:
        return self._id

    def found(self) -> GazetteerPlace | None:
        """The gazetteer place chosen, when it is not (yet) a register record."""
        return self._found

    def unresolved(self) -> str:
        """Text typed that names no record and no gazetteer place chosen ("" if none)."""
        text = self.edit.text().strip()
        return text if text and self._id is None and self._found is None else ""

    def ambiguous(self) -> bool:
        """Several register records answer to the unresolved text ("msk": Moscow, Minsk)."""
        return bool(self.unresolved()) and self._matches > 1

    def set_value(self, record_id: int | None) -> None:
        self._id, self._found = record_id, None
        if record_id is None:
            self.edit.clear()
            return
        with self._register().connect() as conn:
            self.edit.setText(
                queries.describe(conn, self.entity, [record_id], self.lang).get(record_id, "")
            )

    def set_found(self, found: GazetteerPlace) -> None:
        self._id, self._found = None, found
        self.edit.setText(places.gazetteer_label(found, self.lang))


class RecordListPicker(QWidget):
    """Several records (the pairings an exchange involves): a list plus a picker to add."""

    def __init__(
        self, register: Register, entity: str, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.register, self.entity, self.lang = register, entity, lang
        self.list = QListWidget(self)
        self.list.setMaximumHeight(110)
        self.picker = RecordPicker(register, entity, lang, self)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.add_button.clicked.connect(self._add)
        self.picker.edit.returnPressed.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)

    def _add(self) -> None:
        record_id = self.picker.value()
        if record_id is not None and record_id not in self.value():
            self._append(record_id, self.picker.edit.text())
        self.picker.set_value(None)

    def _append(self, record_id: int, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        self.list.addItem(item)

    def _remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def value(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def set_value(self, ids: list[int]) -> None:
        self.list.clear()
        with self.register.connect() as conn:
            labels = queries.describe(conn, self.entity, ids, self.lang)
        for record_id in ids:
            self._append(record_id, labels.get(record_id, f"#{record_id}"))


class TermList(QListWidget):
    """Several vocabulary terms, ticked (fields of cooperation)."""

    def __init__(self, terms: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumHeight(130)
        for code, label in terms:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)

    def value(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_value(self, codes: list[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class RecordForm(QDialog):
    """Create or edit one record of ``entity``.

    Signals:
        saved(entity, record_id, before, after): after a successful save; ``before`` is
            None for a new record. The main window turns it into an undoable command.
            Also for a place added from one of the form's pickers (entity "place").
    """

    saved = Signal(str, int, object, object, int)  # entity, id, before, after, version

    # What a new record starts with: most pairings a clerk enters are established
    # city-to-city ones (the date is left for the clerk); most places are cities.
    NEW_DEFAULTS: dict[str, dict[str, Any]] = {
        "pairing": {"level": "city", "status": "established"},
        "place": {"place_type": "city"},
    }

    def __init__(
        self,
        register: Register,
        entity: str,
        record_id: int | None = None,
        *,
        lang: str = "en",
        defaults: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.register, self.entity, self.record_id, self.lang = register, entity, record_id, lang
        self.version: int | None = None
        self.specs = FORMS[entity]
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.setObjectName(f"{entity}Form")
        self.setMinimumWidth(620)
        self._build()
        if record_id is None:
            defaults = {
                **self.NEW_DEFAULTS.get(entity, {}),
                **self._own_place_default(),
                **(defaults or {}),
            }
        self._original = self._load(defaults or {})
        title = translate(f"entity.{entity}", lang)
        self.setWindowTitle(
            f"{title} #{record_id}" if record_id else self.tr("New %1").replace("%1", title)
        )

    def _own_place_default(self) -> dict[str, Any]:
        """A new pairing's local side is the office's own place, when the register has one."""
        own = places.own_place(self.register) if self.entity == "pairing" else None
        return {} if own is None else {"place_a_id": own}

    # -- building -------------------------------------------------------------------
    def _label(self, name: str) -> str:
        return translate(f"field.{name}", self.lang)

    def _terms(self, vocabulary: str) -> list[tuple[str, str]]:
        with self.register.connect() as conn:
            return queries.vocabulary_terms(conn, vocabulary, self.lang)

    def _make(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "multiline" or spec.kind == "lines":
            text = QPlainTextEdit(self)
            text.setTabChangesFocus(True)
            text.setMaximumHeight(80 if spec.kind == "multiline" else 100)
            if spec.kind == "lines":
                text.setPlaceholderText(self.tr("One per line"))
            return text
        combo: QComboBox
        if spec.kind == "term":
            combo = QComboBox(self)
            for code, label in self._terms(spec.target):
                combo.addItem(label, code)
            return combo
        if spec.kind == "terms":
            return TermList(self._terms(spec.target), self)
        if (
            spec.kind == "choice"
        ):  # a fixed list of the core's: a delegation's direction, its leader
            combo = QComboBox(self)
            for code in ("", *CHOICES[spec.name]):
                combo.addItem(translate(f"{spec.name}.{code}", self.lang), code)
            return combo
        if spec.kind == "country":
            combo = QComboBox(self)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            with self.register.connect() as conn:
                countries = queries.countries(conn)
            for c in countries:
                name = (
                    f"{c.name_zh} {c.name_en}" if self.lang == "zh" else f"{c.name_en} {c.name_zh}"
                )
                combo.addItem(f"{name} ({c.code})", c.code)
            completer = combo.completer()
            assert completer is not None  # an editable combo box has one
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.setCurrentIndex(-1)
            return combo
        if spec.kind == "ref":
            return RecordPicker(self.register, spec.target, self.lang, self)
        if spec.kind == "refs":
            return RecordListPicker(self.register, spec.target, self.lang, self)
        line = QLineEdit(self)
        if spec.kind == "date":
            line.setPlaceholderText(self.tr("1979, 1979-03 or 1979-03-14"))
        return line

    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in self.specs:
            widget = self._make(spec)
            widget.setObjectName(spec.name)
            error = QLabel(self)
            error.setObjectName(f"{spec.name}_error")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(self._label(spec.name), box)
            self.widgets[spec.name] = widget
            self.errors[spec.name] = error
            picker = widget.picker if isinstance(widget, RecordListPicker) else widget
            if isinstance(picker, RecordPicker):
                picker.created.connect(
                    lambda entity, record_id, values, version: self.saved.emit(
                        entity, record_id, None, values, version
                    )
                )
        inner = QWidget(self)
        inner.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #b3261e;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        # The fields and messages live in one body widget, so a richer page (a
        # pairing's tabs) can place them elsewhere and keep the Save/Cancel buttons.
        self.body = QWidget(self)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(scroll, 1)
        body_layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        if self.record_id is not None:
            log = buttons.addButton(self.tr("Change &log…"), QDialogButtonBox.ButtonRole.HelpRole)
            log.setObjectName("changeLogButton")
            log.clicked.connect(self.show_change_log)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 680, 720)

    def show_change_log(self) -> None:
        from twindesk.ui.dialogs.change_log import ChangeLog

        assert self.record_id is not None  # offered for a saved record only
        dialog = ChangeLog(
            self.register, self.entity, self.record_id, self.windowTitle(), self.lang, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- values ---------------------------------------------------------------------
    def _load(self, defaults: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = dict(defaults)
        if self.record_id is not None:
            with self.register.read() as s:
                record = ops.get(s, self.entity, self.record_id)
                self.version = record.version
                values = {
                    spec.name: getattr(record, spec.name)
                    for spec in self.specs
                    if spec.name in ops.ENTITIES[self.entity].fields
                }
                values.update(ops.links_of(s, self.entity, self.record_id))
            if self.entity == "programme":
                values["items"] = values.get("items", [])
        for spec in self.specs:
            if spec.name in values:
                self._set(spec, values[spec.name])
        return self.values()

    def _set(self, spec: FieldSpec, value: Any) -> None:
        widget = self.widgets[spec.name]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText("\n".join(value) if isinstance(value, list) else (value or ""))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, RecordPicker) and isinstance(value, GazetteerPlace):
            widget.set_found(value)  # a parent region the register lacks: added on save
        elif isinstance(widget, (RecordPicker, RecordListPicker, TermList)):
            widget.set_value(value)
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        """What the form holds, as the core's operations take it (dates not yet parsed)."""
        out: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.widgets[spec.name]
            if spec.kind == "lines" and isinstance(widget, QPlainTextEdit):
                out[spec.name] = [
                    ln.strip() for ln in widget.toPlainText().splitlines() if ln.strip()
                ]
            elif isinstance(widget, QPlainTextEdit):
                out[spec.name] = widget.toPlainText().strip()
            elif isinstance(widget, QComboBox):
                out[spec.name] = widget.currentData()
            elif isinstance(widget, (RecordPicker, RecordListPicker, TermList)):
                out[spec.name] = widget.value()
            else:
                assert isinstance(widget, QLineEdit)  # _make's widget for the other kinds
                out[spec.name] = widget.text().strip()
        return out

    def is_modified(self) -> bool:
        return self.values() != self._original

    def _parsed(self, problems: list[ValidationError]) -> dict[str, Any]:
        """Turn typed text into values: "1979年3月" into "1979-03", "50" into 50."""
        values = self.values()
        for spec in self.specs:
            raw = values[spec.name]
            try:
                if spec.kind == "date":
                    values[spec.name] = parse_partial(raw, dayfirst=True)
                elif spec.kind == "int":
                    values[spec.name] = int(raw) if raw else None
                elif spec.kind == "float":
                    values[spec.name] = float(raw.replace(",", ".")) if raw else None
            except (DateParseError, ValueError):
                code = "rule.bad_date" if spec.kind == "date" else "rule.bad_number"
                problems.append(ValidationError(code, spec.name, value=raw))
        return values

    # -- saving -----------------------------------------------------------------------
    def show_problems(self, problems: list[ValidationError]) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        for problem in problems:
            field_label = self.errors.get(problem.field or "")
            target = field_label if field_label is not None else self.general_error
            text = problem.message(self.lang)
            target.setText(text if target.isHidden() else f"{target.text()}\n{text}")
            target.show()
        if problems and problems[0].field in self.widgets:
            self.widgets[problems[0].field].setFocus()

    def _resolve_pickers(self) -> list[ValidationError]:
        """Text typed in a picker that names nothing: a place is offered for creation,
        anything else is said to be missing (never "is required" under a filled field)."""
        problems = []
        for name, widget in self.widgets.items():
            if not isinstance(widget, RecordPicker) or not widget.unresolved():
                continue
            text = widget.unresolved()
            if widget.ambiguous():
                problems.append(ValidationError("rule.ambiguous_record", name, value=text))
            elif widget.entity == "place":
                if not widget.ask_to_create():
                    problems.append(ValidationError("rule.no_such_place", name, value=text))
            else:
                problems.append(ValidationError("rule.no_such_record", name, value=text))
        return problems

    def save(self) -> bool:
        problems = self._resolve_pickers()
        values = self._parsed(problems)
        if problems:
            self.show_problems(problems)
            return False
        before = None
        try:
            with self.register.write() as s:
                for name, widget in self.widgets.items():  # gazetteer places chosen, added now
                    if isinstance(widget, RecordPicker) and (found := widget.found()) is not None:
                        values[name] = places.add_from_gazetteer(s, found)[0].id
                if self.record_id is None:
                    record = ops.create(s, self.entity, values)
                else:
                    old = ops.get(s, self.entity, self.record_id)
                    before = {
                        k: getattr(old, k) for k in values if k in ops.ENTITIES[self.entity].fields
                    }
                    before.update(
                        {
                            k: v
                            for k, v in ops.links_of(s, self.entity, self.record_id).items()
                            if k in values
                        }
                    )
                    record = ops.update(
                        s, self.entity, self.record_id, values, version=self.version
                    )
                record_id, self.version = record.id, record.version
        except ValidationError as err:
            self.show_problems(err.problems)
            return False
        except TwinDeskError as err:
            QMessageBox.warning(self, self.windowTitle(), err.message(self.lang))
            return False
        self.record_id = record_id
        for widget in self.widgets.values():
            if isinstance(widget, RecordPicker) and widget.found() is not None:
                widget.set_value(values[widget.objectName()])
        self._original = self.values()
        self.saved.emit(self.entity, record_id, before, values, self.version)
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_modified():
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("Discard the changes you made?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
