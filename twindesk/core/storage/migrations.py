"""Schema migrations with Alembic, driven from code (no alembic.ini needed at run time).

The scripts live in ``db/migrations``. A register records its revision in Alembic's
``alembic_version`` table; a revision this TwinDesk does not know means the file was
made by a newer TwinDesk, and it is refused rather than damaged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection

from twindesk.paths import db_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest migration. Opening an up-to-date register compares against this and never
# imports Alembic (a third of a second at every start); a test checks it matches the
# scripts in db/migrations.
HEAD = "0010"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(db_dir() / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return HEAD


def scripts_head() -> str | None:
    """The head according to the migration scripts themselves (for the test of HEAD)."""
    return script_directory().get_current_head()


def current_revision(connection: Connection) -> str | None:
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if rows else None


def is_known(revision: str) -> bool:
    try:
        return script_directory().get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def upgrade(connection: Connection, target: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), target)
