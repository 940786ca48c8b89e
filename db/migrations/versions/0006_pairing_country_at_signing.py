"""pairings keep the country at signing when that state no longer exists

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country_at_signing", sa.String(length=4), nullable=True))
        batch_op.create_foreign_key(
            "fk_pairing_country_at_signing_country",
            "country",
            ["country_at_signing"],
            ["code"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.drop_constraint("fk_pairing_country_at_signing_country", type_="foreignkey")
        batch_op.drop_column("country_at_signing")
