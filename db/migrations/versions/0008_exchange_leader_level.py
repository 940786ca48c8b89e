"""the rank of an exchange's delegation leader (国家级, 省部级, 厅局级, 县处级), for the
annual report's delegations

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch table copy: the exchange table's full-text triggers
    # (0004) stay as they are. Nothing is filled in: no list said who led a delegation.
    op.add_column(
        "exchange",
        sa.Column("leader_level", sa.String(length=12), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.drop_column("leader_level")
