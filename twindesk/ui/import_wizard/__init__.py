"""The spreadsheet import wizard, and the list of past imports that can be undone.

Pages: file, sheet, header row, mapping, preview and validation, duplicates, commit,
summary. Each page drives one step of :class:`SpreadsheetImport` (the core, no Qt);
reading a sheet, validating, committing and undoing run on the thread pool through a
:class:`Runner` with progress and cancel. Nothing is written before the commit page,
and the commit is one transaction, so a cancel leaves the register as it was.

The preview and the duplicates list are table models over the plan's rows: a file of
100,000 rows makes no widget per row (the action editor exists only while editing).

Modules: ``setup_pages`` and ``check_pages`` (the pages), ``models`` (table models over the
sheet and the plan), ``runner`` (background steps), ``wizard`` (the wizard and the
imports dialog).
"""

from twindesk.ui.import_wizard.models import COLOURS, DuplicatesModel, PlanModel, SheetRowsModel  # noqa: F401
from twindesk.ui.import_wizard.setup_pages import importable_paths  # noqa: F401
from twindesk.ui.import_wizard.wizard import ImportsDialog, ImportWizard  # noqa: F401
