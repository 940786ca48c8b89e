"""Where TwinDesk's own files are, and where the user's files go.

Shipped data (``db/`` with migrations and reference data, ``resources/``) lives at the
top of the source tree; a wheel carries it inside the package as ``twindesk/_data``,
and a PyInstaller build under ``sys._MEIPASS``. User files (the default register,
backups, logs) go where platformdirs says the platform keeps them, never a
hard-coded path.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "TwinDesk"
APP_AUTHOR = "TwinDesk"
DEFAULT_REGISTER_NAME = "register.sqlite3"


def _shipped_roots() -> list[Path]:
    here = Path(__file__).resolve().parent
    roots = [here.parent, here / "_data"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.insert(0, Path(frozen))
    return roots


def shipped(name: str) -> Path:
    """A shipped folder (``db`` or ``resources``), wherever this copy was installed."""
    for root in _shipped_roots():
        candidate = root / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"TwinDesk's {name}/ folder is missing from this installation")


def db_dir() -> Path:
    return shipped("db")


def resources_dir() -> Path:
    return shipped("resources")


def user_data_dir() -> Path:
    override = os.environ.get("TWINDESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_register_path() -> Path:
    return user_data_dir() / DEFAULT_REGISTER_NAME


def backup_dir_for(register: Path) -> Path:
    """Backups sit beside the user's data, one folder per register file.

    The folder name carries a short hash of the register's full path, so two registers
    both called register.sqlite3 in different folders never share (or rotate) backups.
    """
    digest = hashlib.sha1(str(Path(register).resolve()).encode()).hexdigest()[:8]
    return user_data_dir() / "backups" / f"{Path(register).stem}-{digest}"


def log_dir() -> Path:
    override = os.environ.get("TWINDESK_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
