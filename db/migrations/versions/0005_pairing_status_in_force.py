"""pairing statuses say whether they count as in force

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pairing_status", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("in_force", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Of the built-in statuses only "established" is in force (proposals, negotiations,
    # approvals, dormant and suspended pairings were counted before: that was the bug).
    # A clerk's own current statuses keep counting as they did; the Lists page changes it.
    # TRUE, not 1: PostgreSQL's booleans are not integers (SQLite reads TRUE as 1).
    op.execute(
        "UPDATE pairing_status SET in_force = TRUE "
        "WHERE code = 'established' OR (NOT builtin AND is_current)"
    )


def downgrade() -> None:
    with op.batch_alter_table("pairing_status", schema=None) as batch_op:
        batch_op.drop_column("in_force")
