"""initial register schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:02:34.893968
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cooperation_field",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "country",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("alpha3", sa.String(length=3), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("continent", sa.String(length=2), nullable=False),
        sa.Column("historic", sa.Boolean(), nullable=False),
        sa.Column("successor", sa.String(length=40), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("country", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_country_alpha3"), ["alpha3"], unique=False)
        batch_op.create_index(batch_op.f("ix_country_continent"), ["continent"], unique=False)

    op.create_table(
        "exchange_type",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "pairing_kind",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "pairing_level",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "pairing_status",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "place_type",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "programme_status",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_zh", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "register_info",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )

    op.create_table(
        "country_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("normalized", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["country_code"], ["country.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("country_alias", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_country_alias_country_code"), ["country_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_country_alias_normalized"), ["normalized"], unique=False
        )

    op.create_table(
        "place",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("name_native", sa.String(length=300), nullable=False),
        sa.Column("place_type", sa.String(), nullable=False),
        sa.Column("country_code", sa.String(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["country.code"],
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["place.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["place_type"],
            ["place_type.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_country_code"), ["country_code"], unique=False)
        batch_op.create_index("ix_place_names", ["name_en", "name_zh"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_search_text"), ["search_text"], unique=False)

    op.create_table(
        "contact",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=500), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=100), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["place.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_place_id"), ["place_id"], unique=False)

    op.create_table(
        "pairing",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_a_id", sa.Integer(), nullable=False),
        sa.Column("place_b_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("established", sa.String(length=10), nullable=False),
        sa.Column("ended", sa.String(length=10), nullable=False),
        sa.Column("end_reason", sa.String(), nullable=False),
        sa.Column("signed_at_place", sa.String(length=300), nullable=False),
        sa.Column("signed_at_event", sa.String(length=300), nullable=False),
        sa.Column("signatories", sa.String(), nullable=False),
        sa.Column("agreement_ref", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("source_url", sa.String(length=1000), nullable=False),
        sa.Column("source_checked", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.CheckConstraint("place_a_id <> place_b_id", name="ck_pairing_distinct_places"),
        sa.ForeignKeyConstraint(
            ["kind"],
            ["pairing_kind.code"],
        ),
        sa.ForeignKeyConstraint(
            ["level"],
            ["pairing_level.code"],
        ),
        sa.ForeignKeyConstraint(["place_a_id"], ["place.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["place_b_id"], ["place.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(
            ["status"],
            ["pairing_status.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pairing_established"), ["established"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairing_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairing_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairing_place_b_id"), ["place_b_id"], unique=False)
        batch_op.create_index("ix_pairing_places", ["place_a_id", "place_b_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairing_status"), ["status"], unique=False)

    op.create_table(
        "place_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("normalized", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["place.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("place_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_alias_normalized"), ["normalized"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_alias_place_id"), ["place_id"], unique=False)

    op.create_table(
        "contact_pairing",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pairing_id"], ["pairing.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "pairing_id"),
    )
    with op.batch_alter_table("contact_pairing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_pairing_pairing_id"), ["pairing_id"], unique=False
        )

    op.create_table(
        "pairing_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("operator", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pairing_id"], ["pairing.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["status"],
            ["pairing_status.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pairing_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pairing_status_change_pairing_id"), ["pairing_id"], unique=False
        )

    op.create_table(
        "programme",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("title_zh", sa.String(length=500), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["pairing_id"], ["pairing.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["status"],
            ["programme_status.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_end"), ["end"], unique=False)
        batch_op.create_index(batch_op.f("ix_programme_pairing_id"), ["pairing_id"], unique=False)

    op.create_table(
        "exchange",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("title_zh", sa.String(length=500), nullable=False),
        sa.Column("exchange_type", sa.String(), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=False),
        sa.Column("venue", sa.String(length=500), nullable=False),
        sa.Column("host_place_id", sa.Integer(), nullable=True),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_type"],
            ["exchange_type.code"],
        ),
        sa.ForeignKeyConstraint(["host_place_id"], ["place.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_exchange_type"), ["exchange_type"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exchange_host_place_id"), ["host_place_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exchange_programme_id"), ["programme_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_exchange_start"), ["start"], unique=False)

    op.create_table(
        "programme_field",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("field_code", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["field_code"],
            ["cooperation_field.code"],
        ),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("programme_id", "field_code"),
    )
    op.create_table(
        "programme_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("field_code", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["field_code"],
            ["cooperation_field.code"],
        ),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("programme_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_item_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=True),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("exchange_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        # CAST: PostgreSQL does not add booleans (SQLite's are integers already).
        sa.CheckConstraint(
            "CAST(pairing_id IS NOT NULL AS INTEGER) + CAST(programme_id IS NOT NULL AS INTEGER) + CAST(exchange_id IS NOT NULL AS INTEGER) + CAST(contact_id IS NOT NULL AS INTEGER) <= 1",
            name="ck_document_one_owner",
        ),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["exchange_id"], ["exchange.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pairing_id"], ["pairing.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_exchange_id"), ["exchange_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_pairing_id"), ["pairing_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_programme_id"), ["programme_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_sha256"), ["sha256"], unique=False)

    op.create_table(
        "exchange_field",
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("field_code", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["exchange_id"], ["exchange.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["field_code"],
            ["cooperation_field.code"],
        ),
        sa.PrimaryKeyConstraint("exchange_id", "field_code"),
    )
    op.create_table(
        "exchange_pairing",
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["exchange_id"], ["exchange.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pairing_id"], ["pairing.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("exchange_id", "pairing_id"),
    )
    with op.batch_alter_table("exchange_pairing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_pairing_pairing_id"), ["pairing_id"], unique=False
        )

    op.create_table(
        "exchange_place",
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["exchange_id"], ["exchange.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["place_id"], ["place.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("exchange_id", "place_id"),
    )
    with op.batch_alter_table("exchange_place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_place_place_id"), ["place_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exchange_place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_place_place_id"))

    op.drop_table("exchange_place")
    with op.batch_alter_table("exchange_pairing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_pairing_pairing_id"))

    op.drop_table("exchange_pairing")
    op.drop_table("exchange_field")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_document_programme_id"))
        batch_op.drop_index(batch_op.f("ix_document_pairing_id"))
        batch_op.drop_index(batch_op.f("ix_document_exchange_id"))
        batch_op.drop_index(batch_op.f("ix_document_contact_id"))

    op.drop_table("document")
    with op.batch_alter_table("programme_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_item_programme_id"))

    op.drop_table("programme_item")
    op.drop_table("programme_field")
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_start"))
        batch_op.drop_index(batch_op.f("ix_exchange_programme_id"))
        batch_op.drop_index(batch_op.f("ix_exchange_host_place_id"))
        batch_op.drop_index(batch_op.f("ix_exchange_exchange_type"))

    op.drop_table("exchange")
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_pairing_id"))
        batch_op.drop_index(batch_op.f("ix_programme_end"))

    op.drop_table("programme")
    with op.batch_alter_table("pairing_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pairing_status_change_pairing_id"))

    op.drop_table("pairing_status_change")
    with op.batch_alter_table("contact_pairing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_pairing_pairing_id"))

    op.drop_table("contact_pairing")
    with op.batch_alter_table("place_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_alias_place_id"))
        batch_op.drop_index(batch_op.f("ix_place_alias_normalized"))

    op.drop_table("place_alias")
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pairing_status"))
        batch_op.drop_index("ix_pairing_places")
        batch_op.drop_index(batch_op.f("ix_pairing_place_b_id"))
        batch_op.drop_index(batch_op.f("ix_pairing_level"))
        batch_op.drop_index(batch_op.f("ix_pairing_kind"))
        batch_op.drop_index(batch_op.f("ix_pairing_established"))

    op.drop_table("pairing")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_place_id"))

    op.drop_table("contact")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_search_text"))
        batch_op.drop_index(batch_op.f("ix_place_parent_id"))
        batch_op.drop_index("ix_place_names")
        batch_op.drop_index(batch_op.f("ix_place_country_code"))

    op.drop_table("place")
    with op.batch_alter_table("country_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_country_alias_normalized"))
        batch_op.drop_index(batch_op.f("ix_country_alias_country_code"))

    op.drop_table("country_alias")
    op.drop_table("register_info")
    op.drop_table("programme_status")
    op.drop_table("place_type")
    op.drop_table("pairing_status")
    op.drop_table("pairing_level")
    op.drop_table("pairing_kind")
    op.drop_table("exchange_type")
    with op.batch_alter_table("country", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_country_continent"))
        batch_op.drop_index(batch_op.f("ix_country_alpha3"))

    op.drop_table("country")
    op.drop_table("cooperation_field")
