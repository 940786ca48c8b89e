"""Alembic environment for TwinDesk registers.

TwinDesk runs migrations from code (``twindesk.core.storage.migrations``) and passes
the open connection in ``config.attributes``; the ``alembic`` command line works too
for developers, with ``-x url=sqlite:///path``.
"""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import twindesk.core.models  # noqa: F401  - registers every table on SQLModel.metadata
from twindesk.core.storage.postgres import is_text_index
from twindesk.core.storage.sqlite import is_text_index_table

config = context.config
target_metadata = SQLModel.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # The full-text index tables (SQLite) and trigram indexes (PostgreSQL) are made by
        # the seams, not declared in models.
        include_name=lambda name, kind, _parent: (
            not (
                kind == "table"
                and is_text_index_table(name)
                or kind == "index"
                and is_text_index(name)
            )
        ),
        # SQLite cannot ALTER most things; batch mode recreates the table instead.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    with create_engine(url).begin() as conn:
        run(conn)
