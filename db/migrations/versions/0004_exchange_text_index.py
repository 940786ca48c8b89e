"""full-text (trigram) index for the quick search of exchanges

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite only, behind the seam; a server database indexes search_text its own way.
    if op.get_bind().dialect.name == "sqlite":
        from twindesk.core.storage import sqlite as sqlite_seam

        sqlite_seam.create_text_index(op.get_bind(), "exchange")
    elif op.get_bind().dialect.name == "postgresql":  # a trigram GIN index (pg_trgm)
        from twindesk.core.storage import postgres

        postgres.create_text_index(op.get_bind(), "exchange")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS exchange_fts_{suffix}")
        op.execute("DROP TABLE IF EXISTS exchange_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_exchange_search_trgm")
