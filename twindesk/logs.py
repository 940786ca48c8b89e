"""TwinDesk's log: a rotating file in the user's log folder, for whoever supports the clerk.

Both the window (``twindesk.ui.app.run``) and the command line (``twindesk.cli.main``)
call :func:`start_logging`. The log stays on the machine (no network, no telemetry);
a few files of a few MB each are kept, so it never grows without bound. Nothing here
imports Qt: the command line uses it too.
"""

from __future__ import annotations

import logging
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from twindesk.paths import log_dir

LOG_NAME = "twindesk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d %(threadName)s] %(message)s"

log = logging.getLogger("twindesk")
_handler: RotatingFileHandler | None = None


def log_file() -> Path:
    return log_dir() / LOG_NAME


def start_logging(what: str) -> Path | None:
    """Send TwinDesk's log to the rotating file and record the start of ``what``.

    Returns the log file, or None when the log folder cannot be written (a locked-down
    profile): TwinDesk then runs without a log rather than not at all. Calling it again
    with another log folder (another TWINDESK_DATA_DIR) moves the log there.
    """
    global _handler
    path = log_file()
    if _handler is None or Path(_handler.baseFilename) != path.resolve():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        except OSError:
            return None
        handler.setFormatter(logging.Formatter(FORMAT))
        root = logging.getLogger()
        if _handler is not None:
            root.removeHandler(_handler)
            _handler.close()
        root.addHandler(handler)
        _handler = handler
    # TwinDesk's own records and Alembic's upgrade steps; other libraries only warn.
    log.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.INFO)
    from twindesk import __version__

    log.info(
        "TwinDesk %s %s (Python %s, %s%s)",
        __version__,
        what,
        platform.python_version(),
        platform.platform(),
        ", frozen" if getattr(sys, "frozen", False) else "",
    )
    return path


def log_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
) -> None:
    """Write an unexpected exception's traceback to the log."""
    log.error("Unexpected error%s", f" in {where}" if where else "", exc_info=(exc_type, exc, tb))
