"""What the connected clerk may do, in the window: what the role does not allow is not shown.

The role comes from the register (``Register.role()``: on a PostgreSQL server, what the
login's privileges allow; a file's clerk is its administrator). The server refuses what
the role does not allow whatever the window shows; hiding it spares the clerk the refusal.
A viewer sees no New, Delete, Import, Undo or Merge, and a form's Save is off; an editor
does not change the lists (vocabularies), the country groups, nor restores backups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from twindesk.core.clerks import ADMIN, ADMINISTER, EDIT, EDITOR, VIEWER, may
from twindesk.core.errors import TwinDeskError
from twindesk.ui.list_page import ListPage

if TYPE_CHECKING:
    from twindesk.ui.forms import RecordForm
    from twindesk.ui.main_window import MainWindow


def role_of(window: MainWindow) -> str:
    try:
        return window.register.role()
    except TwinDeskError:  # the server cannot say: let it refuse what is not allowed
        return ADMIN


def apply_role(window: MainWindow) -> str:
    """Hide what the clerk's role cannot do; returns the role."""
    role = role_of(window)
    edit, administer = may(role, EDIT), may(role, ADMINISTER)
    for action in (
        window.new_action,
        window.delete_action,
        window.undo_action,
        window.redo_action,
        window.merge_action,
        window.import_action,
        window.imports_action,
        window.narrative_action,
    ):
        action.setVisible(edit)  # an action not visible cannot be triggered by its shortcut
    for action in (window.groups_action, window.restore_action):
        action.setVisible(administer)
    for page in window.built_pages():
        fit_page(page, role)
    window.setAcceptDrops(edit)  # a spreadsheet dropped on the window starts an import
    if not window.register.is_sqlite:
        names = {
            VIEWER: QCoreApplication.translate(
                "Permissions", "Viewer: you can read the register, not change it"
            ),
            EDITOR: QCoreApplication.translate(
                "Permissions", "Editor: you can change records; the lists are the administrator's"
            ),
            ADMIN: QCoreApplication.translate("Permissions", "Administrator"),
        }
        label = QLabel(names[role], window)
        label.setObjectName("roleLabel")
        window.statusBar().addPermanentWidget(label)
    return role


def fit_page(page: QWidget, role: str) -> None:
    """What a page offers of editing, by the clerk's role: a list page's New and Delete
    buttons, the Lists page's editing. Pages are built when first shown, so each is
    fitted then."""
    if isinstance(page, ListPage):
        page.new_button.setVisible(may(role, EDIT))
        page.delete_button.setVisible(may(role, EDIT))
    set_editable = getattr(page, "set_editable", None)  # the Lists page
    if set_editable is not None:
        set_editable(may(role, ADMINISTER))


def restrict_form(window: MainWindow, form: RecordForm) -> None:
    """A viewer reads a record's form; it cannot be saved."""
    if not may(role_of(window), EDIT):
        form.save_button.setEnabled(False)
        form.save_button.setToolTip(
            QCoreApplication.translate("Permissions", "Your role on this register is to read it")
        )
