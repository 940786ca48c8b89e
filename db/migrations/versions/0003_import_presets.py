"""import presets (saved spreadsheet mappings)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_preset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column("headers_key", sa.String(length=64), nullable=False),
        sa.Column("mapping", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_preset", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_preset_headers_key"), ["headers_key"], unique=False
        )
        batch_op.create_index("ux_import_preset_name", ["name"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("import_preset", schema=None) as batch_op:
        batch_op.drop_index("ux_import_preset_name")
        batch_op.drop_index(batch_op.f("ix_import_preset_headers_key"))
    op.drop_table("import_preset")
