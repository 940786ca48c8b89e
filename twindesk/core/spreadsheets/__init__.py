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

from __future__ import annotations

import importlib
from typing import Any

# The package's short names, each imported from its module at first use (PEP 562), so
# that importing one module (an export: ``spreadsheets.export``) no longer loads the
# importer, its readers and the rejected-rows writer too (half again the export's import).
_NAMES = {
    "importing": (
        "ImportCancelled",
        "ImportOptions",
        "ImportResult",
        "Plan",
        "Problem",
        "Question",
        "RowPlan",
        "SpreadsheetImport",
        "UndoError",
        "list_imports",
        "undo_import",
    ),
    "mapping": (
        "Mapping",
        "delete_preset",
        "find_preset",
        "list_presets",
        "load_preset",
        "save_preset",
    ),
    "reading": ("ImportFileError", "open_workbook"),
    "rejected": ("save_rejected",),
}
_MODULE_OF = {name: module for module, names in _NAMES.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: later uses are plain attribute reads
    return value
