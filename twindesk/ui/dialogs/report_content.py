"""What the office adds to its annual report: the year's texts (前言, 工作概述, 主要成效,
存在问题, 下一步工作), the country groups it counts by, and the calendar of anniversaries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import groups, narrative, queries
from twindesk.core.anniversaries import write_calendar
from twindesk.core.errors import ConflictError, TwinDeskError
from twindesk.core.i18n import translate
from twindesk.core.storage import Register
from twindesk.ui.screen_fit import fit_to_screen


# --------------------------------------------------------------------------- narrative
class NarrativeDialog(QDialog):
    """The year's texts of the annual report, each in Chinese and English."""

    def __init__(
        self, register: Register, lang: str, year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("narrativeDialog")
        self.setWindowTitle(self.tr("Texts of the annual report"))
        self.register, self.lang = register, lang
        titles = {
            "foreword": self.tr("Foreword (前言)"),
            "overview": self.tr("Overview (工作概述)"),
            "results": self.tr("Main results (主要成效)"),
            "problems": self.tr("Problems (存在问题)"),
            "next_steps": self.tr("Next steps (下一步工作)"),
        }
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(1949, 2100)
        self.year.setValue(year)
        self.tabs = QTabWidget(self)
        self.edits: dict[str, tuple[QPlainTextEdit, QPlainTextEdit]] = {}
        for section in narrative.SECTIONS:
            page = QWidget(self)
            form = QFormLayout(page)
            pair = []
            for language, caption in (("zh", self.tr("Chinese")), ("en", self.tr("English"))):
                edit = QPlainTextEdit(page)
                edit.setObjectName(f"{section}_{language}")
                edit.setTabChangesFocus(True)
                form.addRow(caption, edit)
                pair.append(edit)
            self.edits[section] = (pair[1], pair[0])  # (English, Chinese), as the core keeps them
            self.tabs.addTab(page, titles[section])
        note = QLabel(
            self.tr(
                "Each paragraph on its own line. A report in one language prints the "
                "other language's text where its own is empty; empty sections are "
                "left out."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        buttons.accepted.connect(self.save_and_close)
        buttons.rejected.connect(self.reject)
        top = QFormLayout()
        top.addRow(self.tr("Year"), self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._shown_year = year
        self._load()
        self.year.valueChanged.connect(self._year_changed)
        fit_to_screen(self, 760, 560)

    def texts(self) -> dict[str, tuple[str, str]]:
        return {s: (en.toPlainText(), zh.toPlainText()) for s, (en, zh) in self.edits.items()}

    def _load(self) -> None:
        with self.register.connect() as conn:
            stored = narrative.read(conn, self._shown_year)
        for section, (en, zh) in self.edits.items():
            en_text, zh_text = stored.get(section, ("", ""))
            en.setPlainText(en_text)
            zh.setPlainText(zh_text)
        self._original = self.texts()

    def is_modified(self) -> bool:
        return self.texts() != self._original

    def save(self) -> bool:
        """Write the year's texts; refused (and said why) if another clerk saved them since
        they were opened here, or if the clerk's role does not allow it."""
        try:
            with self.register.connect(write=True) as conn:
                narrative.write(conn, self._shown_year, self.texts(), read=self._original)
        except TwinDeskError as err:
            QMessageBox.warning(self, self.windowTitle(), err.message(self.lang))
            return False
        self._original = self.texts()
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def _year_changed(self, year: int) -> None:
        if self.is_modified():
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("Save the texts of %1 first?").replace("%1", str(self._shown_year)),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            )
            if answer == QMessageBox.StandardButton.Save and not self.save():
                self.year.blockSignals(True)  # the clerk's texts stay on screen, unsaved
                self.year.setValue(self._shown_year)
                self.year.blockSignals(False)
                return
        self._shown_year = year
        self._load()

    def reject(self) -> None:
        if self.is_modified():
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("Save the changes?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
        super().reject()


# --------------------------------------------------------------------------- groups
class GroupsDialog(QDialog):
    """The country groups (SCO, BRICS...) and their members, with the dates they joined and
    left: the report counts each year's members."""

    def __init__(self, register: Register, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read: groups.GroupAsRead | None = None  # the group shown, as read
        self.setObjectName("groupsDialog")
        self.setWindowTitle(self.tr("Country groups"))
        self.register, self.lang = register, lang
        self.group_list = QListWidget(self)
        self.group_list.setObjectName("groups")
        self.name_en, self.name_zh = QLineEdit(self), QLineEdit(self)
        self.name_en.setObjectName("name_en")
        self.name_zh.setObjectName("name_zh")
        self.members = QTableWidget(0, 3, self)
        self.members.setObjectName("members")
        self.members.setHorizontalHeaderLabels(
            [self.tr("Country"), self.tr("Joined"), self.tr("Left")]
        )
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.country = QComboBox(self)
        self.country.setObjectName("country")
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        with register.connect() as conn:
            rows = queries.countries(conn, historic=False)
        self.country_names = {
            c.code: (c.name_zh or c.name_en) if lang == "zh" else c.name_en for c in rows
        }
        for code, name in sorted(self.country_names.items(), key=lambda item: item[1]):
            self.country.addItem(f"{name} ({code})", code)
        completer = self.country.completer()
        assert completer is not None  # an editable combo box has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        add = QPushButton(self.tr("Add member"), self)
        add.setObjectName("addMember")
        add.clicked.connect(lambda: self.add_member(self.country.currentData()))
        remove = QPushButton(self.tr("Remove member"), self)
        remove.setObjectName("removeMember")
        remove.clicked.connect(self.remove_member)
        new = QPushButton(self.tr("New group…"), self)
        new.setObjectName("newGroup")
        new.clicked.connect(lambda: self.new_group())
        delete = QPushButton(self.tr("Delete group"), self)
        delete.setObjectName("deleteGroup")
        delete.clicked.connect(self.delete_group)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.group_list, 1)
        left.addWidget(new)
        left.addWidget(delete)
        form = QFormLayout()
        form.addRow(self.tr("English name"), self.name_en)
        form.addRow(self.tr("Chinese name"), self.name_zh)
        adding = QHBoxLayout()
        adding.addWidget(self.country, 1)
        adding.addWidget(add)
        adding.addWidget(remove)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(
            QLabel(
                self.tr("Members (dates as 2001, 2001-06 or 2001-06-15; empty when not known)"),
                self,
            )
        )
        right.addWidget(self.members, 1)
        right.addLayout(adding)
        right.addWidget(self.problem)
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        closing.rejected.connect(self.reject)
        closing.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        right.addWidget(closing)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)
        self.group_list.currentItemChanged.connect(lambda *_: self._show())
        self._fill()
        fit_to_screen(self, 820, 560)

    def _fill(self, current: str | None = None) -> None:
        with self.register.connect() as conn:
            found = groups.groups(conn)
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for g in found:
            name = (g.name_zh or g.name_en) if self.lang == "zh" else g.name_en
            item = QListWidgetItem(f"{name} ({g.members})")
            item.setData(Qt.ItemDataRole.UserRole, g.code)
            self.group_list.addItem(item)
            if g.code == current:
                self.group_list.setCurrentItem(item)
        self.group_list.blockSignals(False)
        if self.group_list.currentItem() is None and self.group_list.count():
            self.group_list.setCurrentRow(0)
        self._show()

    def current_group(self) -> str | None:
        item = self.group_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show(self) -> None:
        code = self.current_group()
        self.problem.clear()
        self.members.setRowCount(0)
        if code is None:
            self.name_en.clear()
            self.name_zh.clear()
            return
        with self.register.connect() as conn:
            names = groups.group(conn, code)
            rows = groups.members(conn, code)
            self._read = groups.as_read(conn, code)  # what another clerk's save would change
        self.name_en.setText(names.name_en)
        self.name_zh.setText(names.name_zh)
        for r in rows:
            self.add_member(r.country_code, r.joined, r.left)

    def add_member(self, code: str | None, joined: str = "", left: str = "") -> None:
        if not code:
            return
        row = self.members.rowCount()
        self.members.insertRow(row)
        name = QTableWidgetItem(f"{self.country_names.get(code, code)} ({code})")
        name.setData(Qt.ItemDataRole.UserRole, code)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.members.setItem(row, 0, name)
        self.members.setItem(row, 1, QTableWidgetItem(joined))
        self.members.setItem(row, 2, QTableWidgetItem(left))

    def remove_member(self) -> None:
        for row in sorted({i.row() for i in self.members.selectedIndexes()}, reverse=True):
            self.members.removeRow(row)

    def _member_cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.members.item(row, column)
        assert item is not None  # add_member fills every cell of its row
        return item

    def member_rows(self) -> list[groups.Member]:
        return [
            groups.Member(
                self._member_cell(r, 0).data(Qt.ItemDataRole.UserRole),
                self._member_cell(r, 1).text().strip(),
                self._member_cell(r, 2).text().strip(),
            )
            for r in range(self.members.rowCount())
        ]

    def save(self) -> bool:
        code = self.current_group()
        if code is None:
            return False
        try:
            with self.register.connect(write=True) as conn:
                groups.save_group(
                    conn,
                    code,
                    self.name_en.text(),
                    self.name_zh.text(),
                    self.member_rows(),
                    read=self._read,
                )
        except ConflictError as error:  # another clerk saved it: show theirs, and say so
            self._fill(code)
            self.problem.setText(error.message(self.lang))
            return False
        except TwinDeskError as error:
            self.problem.setText(error.message(self.lang))
            return False
        self._fill(code)
        return True

    def new_group(self, name: str | None = None) -> str | None:
        if name is None:
            name, ok = QInputDialog.getText(
                self, self.windowTitle(), self.tr("Name of the new group")
            )
            if not ok:
                return None
        name = name.strip()
        if not name:
            return None
        code = "".join(ch for ch in name.lower() if ch.isalnum())[:30] or "group"
        try:
            with self.register.connect(write=True) as conn:
                taken = {g.code for g in groups.groups(conn)}
                base, n = code, 1
                while code in taken:
                    n += 1
                    code = f"{base}{n}"
                zh = any("\u4e00" <= ch <= "\u9fff" for ch in name)
                groups.save_group(conn, code, "" if zh else name, name if zh else "", [])
        except TwinDeskError as error:  # another clerk made a group of that code meanwhile
            self._fill(self.current_group())
            self.problem.setText(error.message(self.lang))
            return None
        self._fill(code)
        return code

    def delete_group(self) -> None:
        code = self.current_group()
        if code is None:
            return
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Delete the group %1?").replace("%1", self.group_list.currentItem().text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.register.connect(write=True) as conn:
            groups.delete_group(conn, code)
        self._fill()


# --------------------------------------------------------------------------- calendar
def export_calendar(
    parent: QWidget,
    register: Register,
    lang: str,
    target: str | None = None,
    *,
    first_year: int | None = None,
) -> Path | None:
    """Save this year's and next year's round anniversaries and programme ends as .ics."""
    first = first_year or date.today().year
    if not target:
        target, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("ReportContent", "Save the calendar"),
            f"twindesk-{first}-{first + 1}.ics",
            "iCalendar (*.ics)",
        )
    if not target:
        return None
    with register.connect() as conn:
        result = write_calendar(
            conn,
            target,
            first_year=first,
            last_year=first + 1,
            lang=lang,
            register_name=register.name,
        )
    message = translate(
        "cli.calendar_written",
        lang,
        path=result.path,
        anniversaries=result.anniversaries,
        programmes=result.programmes,
        first=first,
        last=first + 1,
    )
    if result.year_only:
        message += "\n" + translate("cli.calendar_year_only", lang, count=result.year_only)
    QMessageBox.information(parent, "TwinDesk", message)
    return result.path
