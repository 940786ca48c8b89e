"""The base of the import wizard's pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QWizardPage

if TYPE_CHECKING:  # the wizard imports the pages
    from twindesk.ui.import_wizard.wizard import ImportWizard


class ImportPage(QWizardPage):
    """A page of the import wizard, whose ``wizard()`` holds the import's state."""

    def wizard(self) -> ImportWizard:
        return cast("ImportWizard", super().wizard())
