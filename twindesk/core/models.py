"""The register's data model.

Every table is declared here once, as SQLModel classes. The tables themselves are
created only by the Alembic migrations in ``db/migrations`` (never by ``create_all``
on a user's register), so this module and the newest migration must agree; a test
compares them.

Conventions:
- Partial dates ("1979", "1979-03", "1979-03-14") are stored as ISO text. They sort
  correctly as text, need no precision column, and read the same in SQLite and
  PostgreSQL. ``twindesk.core.dates`` parses and formats them.
- Every editable record carries ``version`` (optimistic locking: an update names the
  version it was read at) and ``created_at``/``updated_at`` in UTC.
- Names are bilingual: ``name_en`` (English or romanised) and ``name_zh`` (Chinese),
  plus ``name_native`` for the local script of foreign places (Москва, 東京).
- ``search_text`` is derived (lower-cased names, aliases, pinyin and pinyin initials)
  and kept up to date by the core, so a quick search is one indexed LIKE.
"""

# No ``from __future__ import annotations`` here: pydantic would evaluate every field's
# annotation from its string, a third of the models' import time at each start (60 ms of
# CPU, issue 15). The annotations are real objects at run time instead.

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import CheckConstraint, Column, Index, LargeBinary, Table
from sqlmodel import Field, SQLModel

if TYPE_CHECKING:

    class TableModel(SQLModel):
        """A table class as the type checker should see it: with the ``__table__`` that
        SQLAlchemy gives it, which SQLModel's typing leaves out."""

        __table__: ClassVar[Table]

else:
    TableModel = SQLModel  # the very same class at run time


def utcnow() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- vocabularies
class VocabularyBase(TableModel):
    """A user-extendable list of terms with labels in both languages."""

    code: str = Field(primary_key=True, max_length=40)
    label_en: str = Field(max_length=200)
    label_zh: str = Field(max_length=200)
    sort_order: int = Field(default=100)
    builtin: bool = Field(default=False)


class PairingKind(VocabularyBase, table=True):
    __tablename__ = "pairing_kind"


class PairingLevel(VocabularyBase, table=True):
    __tablename__ = "pairing_level"


class PairingStatus(VocabularyBase, table=True):
    __tablename__ = "pairing_status"
    # A pairing in a "current" status blocks a second pairing of the same kind.
    is_current: bool = Field(default=True)
    # A pairing in this status counts as in force (a friendship city the place has): the
    # one rule of the dashboard, the lists' filter and the reports (queries.in_force).
    # Proposals, negotiations, suspended and dormant pairings are current but not in force.
    in_force: bool = Field(default=False)


class CooperationField(VocabularyBase, table=True):
    __tablename__ = "cooperation_field"


class ExchangeType(VocabularyBase, table=True):
    __tablename__ = "exchange_type"


class PlaceType(VocabularyBase, table=True):
    __tablename__ = "place_type"


class ProgrammeStatus(VocabularyBase, table=True):
    __tablename__ = "programme_status"


VOCABULARIES: dict[str, type[VocabularyBase]] = {
    "pairing_kind": PairingKind,
    "pairing_level": PairingLevel,
    "pairing_status": PairingStatus,
    "cooperation_field": CooperationField,
    "exchange_type": ExchangeType,
    "place_type": PlaceType,
    "programme_status": ProgrammeStatus,
}
VOCABULARY_TABLES = tuple(VOCABULARIES)  # each vocabulary's table is named after it
# What every new register is loaded with (reference.load): the vocabularies and the
# countries with their aliases and groups.
REFERENCE_TABLES = (
    *VOCABULARY_TABLES,
    "country",
    "country_alias",
    "country_group",
    "country_group_member",
)


# --------------------------------------------------------------------------- countries
class Country(TableModel, table=True):
    """An ISO 3166-1 country, or a historic state from ISO 3166-3 (alpha-4 code)."""

    __tablename__ = "country"
    code: str = Field(primary_key=True, max_length=4)  # alpha-2, or alpha-4 if historic
    alpha3: str = Field(max_length=3, index=True)
    name_en: str = Field(max_length=200)
    name_zh: str = Field(default="", max_length=200)
    continent: str = Field(max_length=2, index=True)  # AF AN AS EU NA OC SA
    historic: bool = Field(default=False)
    successor: str = Field(default="", max_length=40)  # e.g. "RU" for the USSR
    search_text: str = Field(default="")


class CountryAlias(TableModel, table=True):
    """Other names a record may use for a country: old names, Chinese short names."""

    __tablename__ = "country_alias"
    id: int | None = Field(default=None, primary_key=True)
    country_code: str = Field(foreign_key="country.code", index=True, ondelete="CASCADE")
    alias: str = Field(max_length=200)
    normalized: str = Field(max_length=200, index=True)


# --------------------------------------------------------------------------- records
class Record(TableModel):
    """Fields every editable record has.

    The column defaults repeat the field defaults so that bulk inserts through
    SQLAlchemy Core (imports, generators) get them too, not only ORM objects.
    """

    if TYPE_CHECKING:
        # Each record class declares its own id column (first in its table); declared
        # here too for the type checker, for code that handles records of any entity.
        id: int | None

    version: int = Field(default=1, sa_column_kwargs={"default": 1})
    created_at: datetime = Field(default_factory=utcnow, sa_column_kwargs={"default": utcnow})
    updated_at: datetime = Field(default_factory=utcnow, sa_column_kwargs={"default": utcnow})


class Place(Record, table=True):
    __tablename__ = "place"
    __table_args__ = (Index("ix_place_names", "name_en", "name_zh"),)
    id: int | None = Field(default=None, primary_key=True)
    name_en: str = Field(default="", max_length=300)
    name_zh: str = Field(default="", max_length=300)
    name_native: str = Field(default="", max_length=300)
    place_type: str = Field(default="city", foreign_key="place_type.code")
    country_code: str = Field(foreign_key="country.code", index=True)
    parent_id: int | None = Field(
        default=None, foreign_key="place.id", index=True, ondelete="SET NULL"
    )
    latitude: float | None = None
    longitude: float | None = None
    notes: str = Field(default="")
    search_text: str = Field(default="", index=True)


class PlaceAlias(TableModel, table=True):
    """An old name or other spelling (Kiev/Kyiv, Peking, 汉城)."""

    __tablename__ = "place_alias"
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True, ondelete="CASCADE")
    alias: str = Field(max_length=300)
    normalized: str = Field(max_length=300, index=True)


class Pairing(Record, table=True):
    __tablename__ = "pairing"
    __table_args__ = (
        CheckConstraint("place_a_id <> place_b_id", name="ck_pairing_distinct_places"),
        Index("ix_pairing_places", "place_a_id", "place_b_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    # place_a is by convention the local (office's own) side, place_b the partner.
    place_a_id: int = Field(foreign_key="place.id", ondelete="RESTRICT")
    place_b_id: int = Field(foreign_key="place.id", index=True, ondelete="RESTRICT")
    kind: str = Field(foreign_key="pairing_kind.code", index=True)
    level: str = Field(default="city", foreign_key="pairing_level.code", index=True)
    status: str = Field(default="established", foreign_key="pairing_status.code", index=True)
    established: str = Field(default="", max_length=10, index=True)  # partial ISO date
    ended: str = Field(default="", max_length=10)
    end_reason: str = Field(default="")
    signed_at_place: str = Field(default="", max_length=300)
    signed_at_event: str = Field(default="", max_length=300)
    signatories: str = Field(default="")
    agreement_ref: str = Field(default="", max_length=200)
    source: str = Field(default="")
    source_url: str = Field(default="", max_length=1000)
    source_checked: str = Field(default="", max_length=10)
    notes: str = Field(default="")
    # The state the partner was in when the pairing was signed, when that state no longer
    # exists (苏联, Yugoslavia): the partner place itself is in its present country.
    country_at_signing: str | None = Field(
        default=None, foreign_key="country.code", max_length=4, ondelete="SET NULL"
    )


class PairingStatusChange(TableModel, table=True):
    """One dated entry in a pairing's status history."""

    __tablename__ = "pairing_status_change"
    id: int | None = Field(default=None, primary_key=True)
    pairing_id: int = Field(foreign_key="pairing.id", index=True, ondelete="CASCADE")
    status: str = Field(foreign_key="pairing_status.code")
    date: str = Field(default="", max_length=10)
    note: str = Field(default="")
    operator: str = Field(default="", max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow)


class Programme(Record, table=True):
    __tablename__ = "programme"
    id: int | None = Field(default=None, primary_key=True)
    pairing_id: int = Field(foreign_key="pairing.id", index=True, ondelete="CASCADE")
    title_en: str = Field(default="", max_length=500)
    title_zh: str = Field(default="", max_length=500)
    start: str = Field(default="", max_length=10)
    end: str = Field(default="", max_length=10, index=True)
    status: str = Field(default="active", foreign_key="programme_status.code")
    description: str = Field(default="")
    search_text: str = Field(default="")


class ProgrammeField(TableModel, table=True):
    __tablename__ = "programme_field"
    programme_id: int = Field(foreign_key="programme.id", primary_key=True, ondelete="CASCADE")
    field_code: str = Field(foreign_key="cooperation_field.code", primary_key=True)


class ProgrammeItem(TableModel, table=True):
    """One line of a programme (a joint project, an undertaking)."""

    __tablename__ = "programme_item"
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    text: str
    field_code: str | None = Field(default=None, foreign_key="cooperation_field.code")


class Exchange(Record, table=True):
    __tablename__ = "exchange"
    # The date index carries the id, the list's second sort key: on PostgreSQL a deep page
    # of the list sorted by date is then read from the index alone (migration 0010).
    __table_args__ = (Index("ix_exchange_start", "start", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    title_en: str = Field(default="", max_length=500)
    title_zh: str = Field(default="", max_length=500)
    exchange_type: str = Field(foreign_key="exchange_type.code", index=True)
    start: str = Field(default="", max_length=10)
    end: str = Field(default="", max_length=10)
    venue: str = Field(default="", max_length=500)
    host_place_id: int | None = Field(
        default=None, foreign_key="place.id", index=True, ondelete="SET NULL"
    )
    participants: int | None = None
    programme_id: int | None = Field(
        default=None, foreign_key="programme.id", index=True, ondelete="SET NULL"
    )
    outcome: str = Field(default="")
    notes: str = Field(default="")
    search_text: str = Field(default="")
    # Which way the delegation went, from the office's side: "incoming" (来访), "outgoing"
    # (出访), "online" (线上), "local" (本地举办), or "" when not recorded (EXCHANGE_DIRECTIONS).
    direction: str = Field(default="", max_length=10, sa_column_kwargs={"default": ""})
    # The rank of the delegation's leader, as offices report it: "national" (国家级),
    # "ministerial" (省部级), "bureau" (厅局级), "division" (县处级), "other", or "" when not
    # recorded (EXCHANGE_LEADER_LEVELS).
    leader_level: str = Field(default="", max_length=12, sa_column_kwargs={"default": ""})


class ExchangePairing(TableModel, table=True):
    __tablename__ = "exchange_pairing"
    exchange_id: int = Field(foreign_key="exchange.id", primary_key=True, ondelete="CASCADE")
    pairing_id: int = Field(
        foreign_key="pairing.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class ExchangePlace(TableModel, table=True):
    __tablename__ = "exchange_place"
    exchange_id: int = Field(foreign_key="exchange.id", primary_key=True, ondelete="CASCADE")
    place_id: int = Field(foreign_key="place.id", primary_key=True, index=True, ondelete="CASCADE")


class ExchangeField(TableModel, table=True):
    __tablename__ = "exchange_field"
    exchange_id: int = Field(foreign_key="exchange.id", primary_key=True, ondelete="CASCADE")
    field_code: str = Field(foreign_key="cooperation_field.code", primary_key=True)


class Contact(Record, table=True):
    __tablename__ = "contact"
    id: int | None = Field(default=None, primary_key=True)
    name_en: str = Field(default="", max_length=300)
    name_zh: str = Field(default="", max_length=300)
    title: str = Field(default="", max_length=300)
    organisation: str = Field(default="", max_length=500)
    place_id: int | None = Field(
        default=None, foreign_key="place.id", index=True, ondelete="SET NULL"
    )
    phone: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=300)
    language: str = Field(default="", max_length=100)
    notes: str = Field(default="")
    search_text: str = Field(default="")


class ContactPairing(TableModel, table=True):
    __tablename__ = "contact_pairing"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    pairing_id: int = Field(
        foreign_key="pairing.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class Document(TableModel, table=True):
    """An attached file, stored in the register itself so a backup holds everything."""

    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint(
            # CAST: PostgreSQL does not add booleans (SQLite's are integers already).
            "CAST(pairing_id IS NOT NULL AS INTEGER) + CAST(programme_id IS NOT NULL AS INTEGER)"
            " + CAST(exchange_id IS NOT NULL AS INTEGER) + CAST(contact_id IS NOT NULL AS INTEGER) <= 1",
            name="ck_document_one_owner",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=255)
    media_type: str = Field(default="application/octet-stream", max_length=200)
    size: int
    sha256: str = Field(max_length=64, index=True)
    description: str = Field(default="")
    pairing_id: int | None = Field(
        default=None, foreign_key="pairing.id", index=True, ondelete="CASCADE"
    )
    programme_id: int | None = Field(
        default=None, foreign_key="programme.id", index=True, ondelete="CASCADE"
    )
    exchange_id: int | None = Field(
        default=None, foreign_key="exchange.id", index=True, ondelete="CASCADE"
    )
    contact_id: int | None = Field(
        default=None, foreign_key="contact.id", index=True, ondelete="CASCADE"
    )
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_at: datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- bookkeeping
class ImportBatch(TableModel, table=True):
    """One import of a file: who, when, what, and how many rows of each outcome."""

    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=500)
    sha256: str = Field(max_length=64)
    operator: str = Field(default="", max_length=200)
    started_at: datetime = Field(default_factory=utcnow)
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    undone_at: datetime | None = None


class AuditEntry(TableModel, table=True):
    """One change to one field of one record (issue: audit trail)."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_record", "entity", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=40)
    record_id: int
    action: str = Field(max_length=10)  # insert / update / delete
    field: str = Field(default="", max_length=60)
    old_value: str | None = None
    new_value: str | None = None
    operator: str = Field(default="", max_length=200)
    at: datetime = Field(default_factory=utcnow)
    import_batch_id: int | None = Field(
        default=None, foreign_key="import_batch.id", ondelete="SET NULL"
    )
    # Who the database knew the clerk as (migration 0009): the login on a PostgreSQL
    # server (current_user), the computer's user on SQLite. ``operator`` is the name the
    # clerk gave in Settings, which anyone can type.
    db_user: str = Field(default="", max_length=200, sa_column_kwargs={"default": ""})


class RegisterInfo(TableModel, table=True):
    """Key/value facts about the register file itself (application id, creator...)."""

    __tablename__ = "register_info"
    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(default="")


class ImportPreset(TableModel, table=True):
    """A named spreadsheet mapping, offered again for a file with the same headers."""

    __tablename__ = "import_preset"
    __table_args__ = (Index("ux_import_preset_name", "name", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    target: str = Field(max_length=40)
    headers_key: str = Field(default="", max_length=64, index=True)
    mapping: str = Field(default="")  # JSON: headers, columns, unmapped, options
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- content of reports
class CountryGroup(TableModel, table=True):
    """A group of countries the office reports on (SCO, BRICS, ASEAN, the EU...)."""

    __tablename__ = "country_group"
    code: str = Field(primary_key=True, max_length=40)
    name_en: str = Field(max_length=200)
    name_zh: str = Field(default="", max_length=200)
    sort_order: int = Field(default=100)


class CountryGroupMember(TableModel, table=True):
    """A country's membership of a group, with its dates (partial ISO; "" = not known):
    groups grow, and a year's report counts the members of that year."""

    __tablename__ = "country_group_member"
    id: int | None = Field(default=None, primary_key=True)
    group_code: str = Field(foreign_key="country_group.code", index=True, ondelete="CASCADE")
    country_code: str = Field(foreign_key="country.code", index=True)
    joined: str = Field(default="", max_length=10)
    left: str = Field(default="", max_length=10)


class ReportNarrative(TableModel, table=True):
    """The office's own words in a year's annual report, one section in both languages."""

    __tablename__ = "report_narrative"
    year: int = Field(primary_key=True)
    section: str = Field(primary_key=True, max_length=20)  # narrative.SECTIONS
    text_en: str = Field(default="")
    text_zh: str = Field(default="")
    updated_at: datetime = Field(default_factory=utcnow)
