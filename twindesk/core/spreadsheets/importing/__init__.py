"""Spreadsheet import: open -> layout -> mapping -> validate (plan) -> commit -> undo.

- ``spreadsheet`` the entry point, ``SpreadsheetImport``: one file into one register
- ``terms``       vocabularies read from cells (codes, labels, synonyms)
- ``plan``        what validation plans: problems, questions, row plans, options
- ``validate``    ``RowValidator``: each row checked and planned, a method per target
- ``commit``      the plan written in one transaction
- ``undo``        import history, and undo of an import in any order

Each step is a call a wizard page (or the command line) can make; the two long ones,
``validate`` and ``commit``, take ``progress(done, total)`` and ``cancelled()``
callbacks so a window can run them in a worker thread::

    imp = SpreadsheetImport(register, "shanghai.xlsx")
    imp.sheet_names                      # choose a sheet
    layout = imp.layout("友好城市")        # header row(s), data rows, footer (overridable)
    mapping = imp.suggest_mapping(layout) # or a saved preset; the clerk edits it
    plan = imp.validate(ImportOptions(sheet="友好城市", mapping=mapping, local="上海"))
    plan.rows, plan.questions            # preview: ok / warning / error; questions to ask
    result = imp.commit(plan, operator="Li Hua")
    undo_import(register, result.batch_id, operator="Li Hua")

Nothing is written before ``commit``; ``commit`` writes everything in one transaction
or nothing (a cancel, an error or a crash leaves the register as it was). Each import is
recorded in ``import_batch`` with its counts; every record it inserted or changed has
audit rows carrying the batch id (old values for changed fields), which is what
``undo_import`` reverses.
"""

from twindesk.core.spreadsheets.importing.commit import commit_plan
from twindesk.core.spreadsheets.importing.plan import (
    ImportCancelled,
    ImportOptions,
    ImportResult,
    LocalPlaceError,
    Plan,
    Problem,
    Question,
    RowPlan,
    UndoError,
)
from twindesk.core.spreadsheets.importing.spreadsheet import SpreadsheetImport
from twindesk.core.spreadsheets.importing.undo import UndoCounts, list_imports, undo_import

__all__ = [
    "ImportCancelled",
    "ImportOptions",
    "ImportResult",
    "LocalPlaceError",
    "Plan",
    "Problem",
    "Question",
    "RowPlan",
    "SpreadsheetImport",
    "UndoCounts",
    "UndoError",
    "commit_plan",
    "list_imports",
    "undo_import",
]
