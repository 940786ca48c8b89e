"""The main window: navigation sidebar, pages, menus, toolbar, undo and redo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from twindesk.core import operations as ops
from twindesk.core.errors import TwinDeskError
from twindesk.core.i18n import count, noun, translate
from twindesk.core.queries import describe, first_closed_status
from twindesk.core.storage import Register
from twindesk.ui.dashboard import Dashboard
from twindesk.ui.list_page import ListPage
from twindesk.ui.live import LiveUpdates
from twindesk.ui.permissions import apply_role, fit_page, restrict_form
from twindesk.ui.safety import SafetyActions
from twindesk.ui.settings import Settings
from twindesk.ui.table_model import RenderContext
from twindesk.ui.worker import Task

if TYPE_CHECKING:
    from twindesk.ui.forms import RecordForm
    from twindesk.ui.map_page import MapPage
    from twindesk.ui.vocabulary_page import VocabularyPage

ENTITY_PAGES = ("pairing", "programme", "exchange", "place", "contact")


class SaveCommand(QUndoCommand):
    """An undoable save of one record: undo restores the values before it.

    Undo and redo write with the version this command last wrote, like any save: if
    another clerk saved the record since, the step is refused with both versions shown
    (never silently overwriting theirs) and dropped from the undo history.
    """

    def __init__(
        self,
        window: MainWindow,
        entity: str,
        record_id: int,
        before: dict[str, Any] | None,
        after: dict[str, Any],
        version: int,
    ) -> None:
        super().__init__(undo_text(window.register, entity, record_id, before is None, window.lang))
        self.window, self.entity, self.record_id = window, entity, record_id
        self.before, self.after, self.version = before, after, version
        self._first = True

    def redo(self) -> None:
        if self._first:  # the form already saved it
            self._first = False
            return
        self._step(self.after)

    def undo(self) -> None:
        self._step(self.before)

    def _step(self, values: dict[str, Any] | None) -> None:
        if not self.window.apply(lambda s: self._write(s, values)):
            self.setObsolete(True)  # refused: Qt drops the step instead of pretending it ran

    def _write(self, session, values: dict[str, Any] | None) -> None:  # noqa: ANN001
        # The version this window last wrote to the record (by any of its saves, undos or
        # redos): a difference means someone else saved since.
        key = (self.entity, self.record_id)
        version = self.window.versions.get(key, self.version)
        if values is None:  # undoing a creation
            ops.delete(session, self.entity, self.record_id, version=version)
            return
        if self.before is None and values is self.after:  # redoing a creation
            record = ops.create(session, self.entity, values)
            assert record.id is not None  # saved: the database gave it
            self.record_id = record.id
        else:
            record = ops.update(session, self.entity, self.record_id, values, version=version)
        self.version = self.window.versions[(self.entity, self.record_id)] = record.version


def undo_text(register: Register, entity: str, record_id: int, added: bool, lang: str) -> str:
    """What Edit > Undo / Redo say of a save: "Edit pairing Beijing – Moscow",
    "编辑结好关系 北京—莫斯科" (the record by name, not by number)."""
    with register.connect() as conn:
        name = describe(conn, entity, [record_id], lang).get(record_id, f"#{record_id}")
    return translate("undo.add" if added else "undo.edit", lang, what=noun(entity, lang), name=name)


class BlockedDialog(QDialog):
    """A delete refused before it is asked for: why, by name, and the records in the
    way, each of which opens (to change it, end it, or delete it first)."""

    def __init__(self, window: MainWindow, message: str, blocking: list[tuple[str, int]]) -> None:
        super().__init__(window)
        self.setObjectName("deleteBlocked")
        self.setWindowTitle(self.tr("Cannot delete yet"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.main_window = window
        text = QLabel(
            message + "\n\n" + self.tr("Open one of them to change it, end it or delete it first:"),
            self,
        )
        text.setWordWrap(True)
        self.records = QListWidget(self)
        self.records.setObjectName("blockingRecords")
        with window.register.connect() as conn:
            names = describe(conn, blocking[0][0], [i for _, i in blocking], window.lang)
        for entity, record_id in blocking:
            item = QListWidgetItem(names.get(record_id, f"#{record_id}"))
            item.setData(Qt.ItemDataRole.UserRole, (entity, record_id))
            self.records.addItem(item)
        self.records.setCurrentRow(0)
        self.records.itemActivated.connect(lambda _item: self.open_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        opener = buttons.addButton(self.tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        opener.setObjectName("openBlocking")
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.open_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.records)
        layout.addWidget(buttons)

    def open_selected(self) -> None:
        item = self.records.currentItem()
        if item is not None:
            self.accept()
            self.main_window.open_record(*item.data(Qt.ItemDataRole.UserRole))


def _about():  # noqa: ANN202 - the module
    """The Help menu's dialogs, loaded when first asked for (not at start)."""
    from twindesk.ui.dialogs import about

    return about


def ask_register_file(parent: QWidget | None) -> str:
    """The clerk picks a register file to open ("" when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("MainWindow", "Open register"),
        "",
        QCoreApplication.translate(
            "MainWindow", "TwinDesk registers (*.sqlite3 *.sqlite *.db);;All files (*)"
        ),
    )
    return path


class MainWindow(QMainWindow):
    """Signals:
    open_register_requested(path): File > Open or Recent picked another register.
    """

    open_register_requested = Signal(str)
    # File > Connect to a server register…: a storage.postgres.ServerAddress (it may hold
    # the password, so it travels as an object, never as text).
    open_server_requested = Signal(object)
    open_read_only_requested = Signal(str)
    create_register_requested = Signal(str)

    def __init__(self, register: Register, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.register, self.settings = register, settings
        self.lang = settings.lang
        register.operator = settings.operator
        RenderContext.iso_dates = settings.date_display == "iso"
        self.undo_stack = QUndoStack(self)
        self.versions: dict[tuple[str, int], int] = {}  # record -> version this window last wrote
        read_only = f" [{self.tr('read-only')}]" if register.read_only else ""
        self.setWindowTitle(f"{register.name}{read_only} — TwinDesk")

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { font-size: 11pt; }"
            " QListWidget#sidebar::item { padding: 8px 10px; }"
        )
        self.stack = QStackedWidget(self)
        self.dashboard = Dashboard(register, self.lang, self)
        # Only the dashboard is built at start; every other page the first time it is shown
        # or asked for (self.page(), self.map_page, self.vocabularies). Building them all
        # took about a third of the start-up's CPU (issue 15) for pages a clerk may not open.
        self.pages: dict[str, ListPage] = {}  # the list pages built so far
        self._map_page: MapPage | None = None
        self._vocabularies: VocabularyPage | None = None
        titles = {
            "pairing": self.tr("Pairings"),
            "programme": self.tr("Programmes"),
            "exchange": self.tr("Exchanges"),
            "place": self.tr("Places"),
            "contact": self.tr("Contacts"),
            "map": self.tr("Map"),
            "lists": self.tr("Lists"),
        }
        self.sections: list[str] = ["dashboard", *ENTITY_PAGES, "map", "lists"]
        self.role: str | None = None  # known once the actions are built (apply_role)
        self.sidebar.addItem(self.tr("Dashboard"))
        self.stack.addWidget(self.dashboard)
        for section in self.sections[1:]:
            self.sidebar.addItem(titles[section])
            self.stack.addWidget(QWidget(self.stack))  # stands in until the page is built
        self.sidebar.currentRowChanged.connect(self._section_changed)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_actions()
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard
        self.sidebar.setCurrentRow(0)
        # Other clerks' saves shown as they come; what the clerk's role allows.
        self.live = LiveUpdates(self)
        self.safety = SafetyActions(self)  # backups, restore, the check at open
        self.role = apply_role(self)
        self.resize(1280, 800)

    # -- actions ----------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        action.setObjectName(name or text)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New record"), self.new_current, keys.New, "new")
        self.open_action = self._action(
            self.tr("&Open register…"), self.choose_register, keys.Open, "open"
        )
        self.new_register_action = self._action(
            self.tr("New &register…"), self.create_register, None, "newRegister"
        )
        self.connect_server_action = self._action(
            self.tr("Connect to a ser&ver register…"), self.connect_to_server, None, "connectServer"
        )
        self.find_action = self._action(self.tr("&Find"), self.focus_search, keys.Find, "find")
        self.delete_action = self._action(
            self.tr("&Delete"), self.delete_current, keys.Delete, "delete"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(keys.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        # Ctrl+Y as well as the platform's own (Ctrl+Shift+Z on Linux), as the guide says.
        redo_keys = QKeySequence.keyBindings(keys.Redo)
        self.redo_action.setShortcuts(
            redo_keys + [k for k in [QKeySequence("Ctrl+Y")] if k not in redo_keys]
        )
        self.merge_action = self._action(
            self.tr("&Merge places…"), self.merge_places, None, "mergePlaces"
        )
        self.settings_action = self._action(
            self.tr("&Settings…"), self.edit_settings, keys.Preferences, "settings"
        )
        self.quit_action = self._action(self.tr("&Quit"), self.close, keys.Quit, "quit")
        self.refresh_action = self._action(
            self.tr("Re&fresh"), self.refresh, keys.Refresh, "refresh"
        )
        self.clear_filters_action = self._action(
            self.tr("&Clear all filters"),
            self.clear_filters,
            QKeySequence("Ctrl+Shift+L"),
            "clearFilters",
        )
        self.report_action = self._action(
            self.tr("&Reports…"), self.open_reports, keys.Print, "reports"
        )
        self.import_action = self._action(
            self.tr("&Import…"), lambda: self.open_import(), QKeySequence("Ctrl+I"), "import"
        )
        self.imports_action = self._action(
            self.tr("Undo an i&mport…"), self.open_imports, None, "imports"
        )
        self.export_action = self._action(
            self.tr("&Export…"), lambda: self.open_export(), QKeySequence("Ctrl+E"), "export"
        )
        self.export_all_action = self._action(
            self.tr("Export &whole register…"),
            lambda: self.open_export(whole=True),
            None,
            "exportRegister",
        )
        self.templates_action = self._action(
            self.tr("Import &templates…"), self.open_templates, None, "importTemplates"
        )
        self.backup_action = self._action(
            self.tr("Back &up now"), lambda: self.safety.back_up_now(), None, "backupNow"
        )
        self.restore_action = self._action(
            self.tr("Restore from a bac&kup…"),
            lambda: self.safety.restore_from_backup(),
            None,
            "restore",
        )

        self.calendar_action = self._action(
            self.tr("Export anniversaries to &calendar…"),
            self.export_calendar,
            None,
            "exportCalendar",
        )
        self.narrative_action = self._action(
            self.tr("Report &texts…"), self.edit_narrative, None, "reportTexts"
        )
        self.groups_action = self._action(
            self.tr("Country &groups…"), self.edit_groups, None, "countryGroups"
        )

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.new_register_action, self.open_action])
        file_menu.addAction(self.connect_server_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self._fill_recent()
        file_menu.addSeparator()
        file_menu.addActions([self.report_action, self.calendar_action])
        file_menu.addActions([self.import_action, self.imports_action])
        file_menu.addActions([self.export_action, self.export_all_action, self.templates_action])
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_action, self.delete_action, self.find_action])
        edit_menu.addAction(self.merge_action)
        edit_menu.addActions([self.narrative_action, self.groups_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addActions([self.refresh_action, self.clear_filters_action])
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.guide_action = self._action(
            self.tr("&User guide"),
            lambda: _about().open_user_guide(self, self.lang),
            keys.HelpContents,
            "userGuide",
        )
        self.about_action = self._action(
            self.tr("&About TwinDesk"), lambda: _about().open_about(self), None, "about"
        )
        help_menu.addActions([self.guide_action, self.about_action])
        toolbar = QToolBar(self.tr("Main"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions(
            [
                self.new_action,
                self.delete_action,
                self.undo_action,
                self.redo_action,
                self.refresh_action,
                self.report_action,
            ]
        )
        self.addToolBar(toolbar)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_register_requested.emit(p))
        self.recent_menu.setEnabled(bool(self.settings.recent()))

    # -- pages -------------------------------------------------------------------------
    def page(self, entity: str) -> ListPage:
        """The list page of ``entity``, built now if it has not been yet."""
        page = self.pages.get(entity)
        if page is None:
            page = ListPage(self.register, entity, self.lang, self)
            page.open_requested.connect(self.open_record)
            page.new_requested.connect(self.new_record)
            page.delete_requested.connect(self.delete_record)
            page.delete_many_requested.connect(self.delete_records)
            page.count_changed.connect(self._show_count)  # shows the current page's own count
            self.pages[entity] = page
            self._place(entity, page)
        return page

    @property
    def map_page(self) -> MapPage:
        if self._map_page is None:
            from twindesk.ui.map_page import MapPage

            self._map_page = MapPage(self.register, self.lang, self)
            self._map_page.open_requested.connect(self.open_record)
            self._place("map", self._map_page)
        return self._map_page

    @property
    def vocabularies(self) -> VocabularyPage:
        if self._vocabularies is None:
            from twindesk.ui.vocabulary_page import VocabularyPage

            self._vocabularies = VocabularyPage(self.register, self.lang, self)
            # e.g. which statuses count as in force
            self._vocabularies.changed.connect(self.refresh)
            self._place("lists", self._vocabularies)
        return self._vocabularies

    def built_pages(self) -> list[QWidget]:
        """The pages built so far, beside the dashboard (the others have nothing to
        refresh or wait for: they load afresh when built)."""
        extra = (self._map_page, self._vocabularies)
        return [*self.pages.values(), *(page for page in extra if page is not None)]

    def _place(self, section: str, page: QWidget) -> None:
        """Put a page just built where its stand-in was."""
        index = self.sections.index(section)
        stand_in = self.stack.widget(index)
        assert stand_in is not None  # every section has a widget from the start
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        if self.role is not None:
            fit_page(page, self.role)

    # -- navigation -------------------------------------------------------------------
    def current_page(self) -> ListPage | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, ListPage) else None

    def show_section(self, entity: str) -> ListPage:
        page = self.page(entity)
        self.sidebar.setCurrentRow(1 + ENTITY_PAGES.index(entity))
        return page

    def _section_changed(self, row: int) -> None:
        section = self.sections[row]
        if section in ENTITY_PAGES:
            self.page(section)
        elif section == "map":
            self.map_page  # noqa: B018 - builds it
        elif section == "lists":
            self.vocabularies  # noqa: B018 - builds it
        self.stack.setCurrentIndex(row)
        page = self.current_page()
        self._show_count()
        self.new_action.setEnabled(page is not None)
        self.delete_action.setEnabled(page is not None)
        places = page is not None and page.entity == "place"
        self.merge_action.setEnabled(places and not self.register.read_only)
        self.clear_filters_action.setEnabled(page is not None)

    def _show_count(self, *_changed: object) -> None:
        """The status bar's count is the page on screen's (any page may report a new
        count, e.g. all of them after a save)."""
        page = self.current_page()
        self.count_label.setText(page.count_text() if page is not None else "")

    def clear_filters(self) -> None:
        page = self.current_page()
        if page is not None:
            page.clear_filters()

    def focus_search(self) -> None:
        page = self.current_page() or self.show_section("pairing")
        page.search.setFocus()
        page.search.selectAll()

    # -- records ----------------------------------------------------------------------
    def form(self, entity: str, record_id: int | None = None, **kw: Any) -> RecordForm:
        # Forms (and the gazetteer and pinyin behind their place pickers) load at the first
        # record opened, not at start.
        from twindesk.ui.forms import RecordForm

        if entity == "pairing" and record_id is not None:
            from twindesk.ui.pairing_view import PairingView

            view = PairingView(self.register, record_id, lang=self.lang, parent=self)
            view.open_requested.connect(self.open_record)
            form: RecordForm = view
        else:
            form = RecordForm(self.register, entity, record_id, lang=self.lang, parent=self, **kw)
        form.saved.connect(self._saved)
        restrict_form(self, form)
        return form

    def open_record(self, entity: str, record_id: int) -> None:
        self.form(entity, record_id).open()

    def new_record(self, entity: str) -> None:
        self.form(entity).open()

    def new_current(self) -> None:
        page = self.current_page()
        if page is not None:
            self.new_record(page.entity)

    def merge_places(self) -> None:
        """Edit > Merge places…: the two places selected on the Places page become one."""
        from twindesk.ui.dialogs.merge_dialog import merge_selected

        page = self.page("place")
        page.settle()
        rows = sorted(i.row() for i in page.table.selectionModel().selectedRows())
        ids = [i for i in (page.model.record_id(r) for r in rows) if i is not None]
        merge_selected(self, ids)

    def delete_current(self) -> None:
        page = self.current_page()
        if page is not None:
            page.delete_current()

    def delete_record(self, entity: str, record_id: int, version: int) -> None:
        """Delete one record: what blocks the delete is said first, by name, with the way
        out; otherwise the clerk confirms, seeing what else goes with it."""
        with self.register.read() as s:
            blocking = ops.blocking_delete(s, entity, record_id)
            if blocking:
                BlockedDialog(
                    self,
                    ops.in_use_error(s, entity, record_id, blocking).message(self.lang),
                    blocking,
                ).open()
                return
            affected = ops.affected_by_delete(s, entity, record_id)
            label = describe(s.connection(), entity, [record_id], self.lang).get(
                record_id, f"#{record_id}"
            )
        what = noun(entity, self.lang) + ("" if self.lang == "zh" else " ")  # 删除地点明斯克
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete"),
            self.tr("Delete %1?").replace("%1", what + label),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        if affected:
            box.setInformativeText(
                "\n".join(
                    [self.tr("This also affects:")]
                    + [f"• {count(n, noun_, self.lang)}" for noun_, n in affected]
                )
            )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        end = None
        if entity == "pairing":
            # Ending keeps the pairing's history (its programmes and exchanges): usually
            # what a clerk means when a partnership is over.
            end = box.addButton(
                self.tr("End the pairing instead…"), QMessageBox.ButtonRole.ActionRole
            )
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        if end is not None and box.clickedButton() is end:
            self.end_pairing(record_id)
        elif box.clickedButton() is delete:
            if self.apply(lambda s: ops.delete(s, entity, record_id, version=version)):
                self.undo_stack.clear()  # a deleted record cannot be restored by undo
                self.refresh()

    def end_pairing(self, pairing_id: int) -> RecordForm:
        """The pairing's form with its status set to ended, for the clerk to date and save."""
        with self.register.connect() as conn:
            ended = first_closed_status(conn)
        form = self.form("pairing", pairing_id)
        status = form.widgets["status"]
        assert isinstance(status, QComboBox)  # a term's (RecordForm._make)
        status.setCurrentIndex(status.findData(ended))
        form.open()
        form.widgets["ended"].setFocus()
        return form

    def delete_records(self, entity: str, ids: dict[int, int] | list[int]) -> Task | None:
        """Delete several records at once: confirmed, backed up first, all or nothing;
        ``ids`` maps each to the version the list showed (one changed since by another
        clerk refuses the delete)."""
        answer = QMessageBox.question(
            self,
            self.tr("Delete"),
            self.tr(
                "Delete %1?\nA backup is made first; if one is still in use, none is deleted."
            ).replace("%1", count(len(ids), entity, self.lang)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        from twindesk.core.operations.bulk import delete_many

        progress = QProgressDialog(self.tr("Deleting…"), self.tr("Cancel"), 0, len(ids), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        task = Task(
            lambda report, cancelled: delete_many(
                self.register, entity, ids, progress=report, cancelled=cancelled
            ),
            self,
        )
        task.progress.connect(lambda done, _total: progress.setValue(done))
        progress.canceled.connect(task.cancel)

        def finished(_count: object) -> None:
            progress.reset()
            self.undo_stack.clear()  # deleted records cannot be restored by undo
            self.refresh()

        def failed(err: BaseException) -> None:
            progress.reset()
            if not isinstance(err, TwinDeskError):
                raise err
            QMessageBox.warning(self, "TwinDesk", err.message(self.lang))

        task.finished.connect(finished)
        task.failed.connect(failed)
        task.start()
        return task

    def apply(self, work) -> bool:  # noqa: ANN001
        """Run one unit of work on the register; show a known error as a message."""
        try:
            with self.register.write() as s:
                work(s)
        except TwinDeskError as err:
            QMessageBox.warning(self, "TwinDesk", err.message(self.lang))
            return False
        self.refresh()
        return True

    def _saved(self, entity: str, record_id: int, before: Any, after: Any, version: int) -> None:
        self.versions[(entity, record_id)] = version
        self.undo_stack.push(SaveCommand(self, entity, record_id, before, after, version))
        self.refresh()

    def refresh(self) -> None:
        for page in self.built_pages():
            if page is not self._vocabularies:  # it refreshes itself when it changes them
                page.refresh()  # type: ignore[attr-defined]
        self.dashboard.refresh()
        self._show_count()

    def open_reports(self) -> None:
        from twindesk.ui.dialogs.report_dialog import ReportDialog

        dialog = ReportDialog(
            self.register, lang=self.lang, office=self.settings.office_name, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def export_calendar(self) -> None:
        from twindesk.ui.dialogs.report_content import export_calendar

        export_calendar(self, self.register, self.lang)

    def edit_narrative(self, year: int | None = None):  # noqa: ANN201 - returns the dialog
        """Edit > Report texts…: the annual report's foreword and summary, by year."""
        from datetime import date

        from twindesk.ui.dialogs.report_content import NarrativeDialog

        dialog = NarrativeDialog(self.register, self.lang, year or date.today().year - 1, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_groups(self):  # noqa: ANN201 - returns the dialog
        """Edit > Country groups…; the lists' group filters read the groups when opened."""
        from twindesk.ui.dialogs.report_content import GroupsDialog

        dialog = GroupsDialog(self.register, self.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda *_: self.dashboard.refresh())
        dialog.open()
        return dialog

    def open_export(self, *, whole: bool = False):  # noqa: ANN201 - returns the ExportDialog
        """File > Export…: the current list as shown (pairings from the dashboard); or everything."""
        from twindesk.ui.dialogs.export_dialog import ExportDialog

        page = None if whole else (self.current_page() or self.page("pairing"))
        dialog = ExportDialog(self.register, lang=self.lang, page=page, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_templates(self):  # noqa: ANN201 - returns the TemplateDialog
        from twindesk.ui.dialogs.export_dialog import TemplateDialog

        dialog = TemplateDialog(self.register, lang=self.lang, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_import(self, path: Path | str | None = None) -> None:
        from twindesk.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.register, lang=self.lang, path=path, parent=self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(lambda _batch: self.refresh())
        wizard.undone.connect(lambda _batch: self.refresh())
        wizard.open()
        if path is not None:
            wizard.next()  # on to the sheet; an unreadable file stays on the first page with why

    def open_imports(self) -> None:
        from twindesk.ui.import_wizard import ImportsDialog

        dialog = ImportsDialog(self.register, lang=self.lang, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.undone.connect(lambda _batch: self.refresh())
        dialog.open()

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        from twindesk.ui.import_wizard import importable_paths

        if importable_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        from twindesk.ui.import_wizard import importable_paths

        paths = importable_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_import(paths[0])

    def closeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        from twindesk.ui.screen_fit import remember_main_window

        remember_main_window(self)  # per screen: a laptop's size is not the office monitor's
        self.live.stop()
        self.wait_for_background_work()
        super().closeEvent(event)

    def wait_for_background_work(self) -> None:
        # Background work (the dashboard's figures, the lists' queries, the check at open,
        # a backup, a delete) must finish before the register closes: this window's own.
        for task in self.findChildren(Task):
            task.wait()
        self.dashboard.wait()
        for page in self.pages.values():  # the list pages built
            page.wait()

    # -- registers and settings ---------------------------------------------------------
    def choose_register(self) -> None:
        path = ask_register_file(self)
        if path:
            self.open_register_requested.emit(path)

    def connect_to_server(self):  # noqa: ANN201 - returns the ConnectDialog
        """The connect dialog, open (not modal to the test's event loop): the register
        it names opens in this window's place once the clerk connects."""
        from twindesk.ui.dialogs.connect import ConnectDialog

        current = None if self.register.is_sqlite else self.register.name
        dialog = ConnectDialog(self.lang, self, address=current)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.open_server_requested.emit(dialog.location))
        dialog.open()
        return dialog

    def create_register(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("New register"),
            "register.sqlite3",
            self.tr("TwinDesk registers (*.sqlite3)"),
        )
        if path:
            if Path(path).exists():
                QMessageBox.warning(
                    self, "TwinDesk", translate("storage.exists", self.lang, path=path)
                )
                return
            self.create_register_requested.emit(path)

    def edit_settings(self) -> None:
        from twindesk.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.settings, self, self.register)
        if dialog.exec():
            self.register.operator = self.settings.operator
            RenderContext.iso_dates = self.settings.date_display == "iso"
            self.refresh()
            if self.settings.lang != self.lang and self.register.path is not None:
                # Re-open the same register: the new window is built in the new language.
                self.open_register_requested.emit(str(self.register.path))
