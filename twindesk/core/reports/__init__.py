"""PDF reports: the annual report, the pairing dossier and the working lists.

Every builder takes an open register, writes one PDF to ``out`` and returns a
:class:`ReportResult` (path and page count). For a window's worker thread they take
``progress(done, total)`` and ``cancelled() -> bool``; a cancelled report raises
:class:`ReportCancelled` and leaves no file behind. No Qt here.
"""

from twindesk.core.reports.annual import build_annual_report
from twindesk.core.reports.dossier import build_dossier
from twindesk.core.reports.fonts import FontNotFoundError, font_substitutions, register_font
from twindesk.core.reports.layout import ReportCancelled, ReportResult
from twindesk.core.reports.lists import build_country_list, build_exchange_list, build_expiring_list

__all__ = [
    "build_annual_report",
    "build_dossier",
    "build_country_list",
    "build_exchange_list",
    "build_expiring_list",
    "FontNotFoundError",
    "font_substitutions",
    "ReportCancelled",
    "ReportResult",
    "register_font",
]
