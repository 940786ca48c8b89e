"""what the annual report needs beyond counts: a delegation's direction, country groups
with dated memberships, and the office's narrative per year

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch table copy: the exchange table's full-text triggers
    # (0004) stay as they are.
    op.add_column(
        "exchange", sa.Column("direction", sa.String(length=10), nullable=False, server_default="")
    )
    # What the exchange type already says (an inbound delegation came here); other types
    # stay unrecorded rather than guessed.
    op.execute(
        "UPDATE exchange SET direction = CASE exchange_type "
        "WHEN 'delegation_in' THEN 'incoming' WHEN 'delegation_out' THEN 'outgoing' "
        "WHEN 'video_conference' THEN 'online' ELSE '' END"
    )
    op.create_table(
        "country_group",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "country_group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=40), nullable=False),
        sa.Column("country_code", sa.String(), nullable=False),
        sa.Column("joined", sa.String(length=10), nullable=False),
        sa.Column("left", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["country.code"],
        ),
        sa.ForeignKeyConstraint(["group_code"], ["country_group.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("country_group_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_country_group_member_country_code"), ["country_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_country_group_member_group_code"), ["group_code"], unique=False
        )
    op.create_table(
        "report_narrative",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("text_en", sa.String(), nullable=False),
        sa.Column("text_zh", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", "section"),
    )


def downgrade() -> None:
    op.drop_table("report_narrative")
    with op.batch_alter_table("country_group_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_country_group_member_group_code"))
        batch_op.drop_index(batch_op.f("ix_country_group_member_country_code"))
    op.drop_table("country_group_member")
    op.drop_table("country_group")
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.drop_column("direction")
