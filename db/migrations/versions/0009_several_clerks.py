"""several clerks at once: the audit trail keeps the database user; on a PostgreSQL server
every change is announced to the other clerks' windows (NOTIFY twindesk_changes)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The channel and the tables whose changes are announced, with the table's name as the
# payload (storage.postgres.CHANNEL; its ChangesWatcher listens). Not the audit trail,
# which changes with every one of these, nor the countries, which only upgrades load.
CHANNEL = "twindesk_changes"
ANNOUNCED = (
    "place",
    "place_alias",
    "pairing",
    "pairing_status_change",
    "programme",
    "programme_field",
    "programme_item",
    "exchange",
    "exchange_pairing",
    "exchange_place",
    "exchange_field",
    "contact",
    "contact_pairing",
    "document",
    "import_batch",
    "import_preset",
    "pairing_kind",
    "pairing_level",
    "pairing_status",
    "cooperation_field",
    "exchange_type",
    "place_type",
    "programme_status",
    "country_group",
    "country_group_member",
    "report_narrative",
)
FUNCTION = "twindesk_notify_change"
TRIGGER = "twindesk_notify"


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of a table that may hold millions of rows).
    op.add_column(
        "audit_entry",
        sa.Column("db_user", sa.String(length=200), nullable=False, server_default=""),
    )
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's windows notice changes by PRAGMA data_version instead
    # One statement-level trigger per table: a bulk import of 100,000 rows announces its
    # tables once, and the server sends one notification per table and transaction, at
    # commit (a rolled-back change is never announced).
    op.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
    )
    for table in ANNOUNCED:
        op.execute(
            f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ANNOUNCED:
            op.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("db_user")
