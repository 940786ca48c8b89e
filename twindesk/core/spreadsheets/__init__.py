"""Spreadsheet import (issue 4): files -> rows -> typed, validated records -> register.

- ``reading``  files to rows of cells (.xlsx .xlsm .xls .ods via python-calamine; .csv
  in UTF-8 or GB18030/GBK, detected), with clear errors for anything else
- ``layout``   header row(s), data rows and footer of a sheet
- ``mapping``  header synonyms (English and Chinese), suggested mappings, saved presets
- ``values``   cells to typed values: dates, date ranges, numbers, "北京—东京" pairs
- ``places``   matching place names against the register; romanising new Chinese places
- ``importing`` validate (a plan the wizard previews) -> commit (one transaction) -> undo
- ``rejected`` rejected rows as an .xlsx with a reason column, to fix and import again
- ``export``   a list as its table shows it, to .xlsx or .csv (issue 5)
- ``full_export`` the whole register to one .xlsx, and back into an empty register
- ``templates`` blank import templates with notes, drop-down lists and an example row

No Qt here: the wizard drives these steps and runs ``validate``/``commit`` in a worker
thread with ``progress(done, total)`` and ``cancelled()`` callbacks.
"""
from twindesk.core.spreadsheets.importing import (  # noqa: F401
    ImportCancelled, ImportOptions, ImportResult, Plan, Problem, Question, RowPlan,
    SpreadsheetImport, UndoError, list_imports, undo_import,
)
from twindesk.core.spreadsheets.mapping import (  # noqa: F401
    Mapping, delete_preset, find_preset, list_presets, load_preset, save_preset,
)
from twindesk.core.spreadsheets.reading import ImportFileError, open_workbook  # noqa: F401
from twindesk.core.spreadsheets.rejected import save_rejected  # noqa: F401
