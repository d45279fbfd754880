"""Party day: a booking's deposit, its private party link and guest answers, and signed waivers."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.constants import CHILD_AGE_MAX
from xplorium.models.base import created_at_field, money_column

NAME_MAX = 200
CONTACT_MAX = 254
ALLERGIES_MAX = 1000
USER_AGENT_MAX = 500


class BookingDeposit(SQLModel, table=True):
    """What an approved booking owes up front, by when, and what the venue received."""

    __tablename__ = "booking_deposits"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("received_amount IS NULL OR received_amount > 0", name="received_positive"),
    )

    booking_id: int = Field(foreign_key="bookings.id", ondelete="CASCADE", primary_key=True)
    amount: Decimal = Field(sa_column=money_column())
    due_on: date
    received_amount: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    received_on: date | None = None
    received_at: datetime | None = None
    overdue_at: datetime | None = None  # when the staff were told it is overdue (once)
    created_at: datetime = created_at_field()


class PartyLink(SQLModel, table=True):
    """The secret link a party's parent shares with invited families.

    The token is a keyed hash of `nonce` (so the parent's page can show the link again, while
    the table alone reveals no link); lookups go by the token's own keyed hash.
    """

    __tablename__ = "party_links"

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(foreign_key="bookings.id", ondelete="CASCADE", index=True)
    nonce: str = Field(max_length=64)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    created_at: datetime = created_at_field()
    revoked_at: datetime | None = None


class WaiverVersion(SQLModel, table=True):
    """One published text of the venue's waiver, in Serbian and English; never changed."""

    __tablename__ = "waiver_versions"
    __table_args__ = (sa.CheckConstraint("number > 0", name="number_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(sa_column_kwargs={"unique": True}, nullable=False)
    body_sr: str = Field(max_length=10000)
    body_en: str = Field(max_length=10000)
    published_at: datetime = created_at_field()


class WaiverSignature(SQLModel, table=True):
    """A guardian's typed-name consent to one waiver version for one child; never edited."""

    __tablename__ = "waiver_signatures"
    __table_args__ = (sa.Index("ix_waiver_signatures_child", "child_key", "signed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="waiver_versions.id", ondelete="RESTRICT")
    # The child's name and the guardian's contact, normalised: how a later visit finds it.
    child_key: str = Field(max_length=NAME_MAX + CONTACT_MAX + 1)
    child_name: str = Field(max_length=NAME_MAX)
    guardian_name: str = Field(max_length=NAME_MAX)
    guardian_contact: str = Field(max_length=CONTACT_MAX)
    consent_name: str = Field(max_length=NAME_MAX)
    signed_at: datetime = created_at_field()
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=USER_AGENT_MAX)


class PartyGuest(SQLModel, table=True):
    """An invited family's answer for one child, through the party link."""

    __tablename__ = "party_guests"
    __table_args__ = (
        sa.CheckConstraint(
            f"child_age IS NULL OR (child_age >= 0 AND child_age <= {CHILD_AGE_MAX})", name="age_range"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(foreign_key="bookings.id", ondelete="CASCADE", index=True)
    attending: bool
    child_name: str = Field(max_length=NAME_MAX)
    child_age: int | None = None
    allergies: str = Field(default="", max_length=ALLERGIES_MAX)
    guardian_name: str = Field(max_length=NAME_MAX)
    guardian_contact: str = Field(max_length=CONTACT_MAX)
    signature_id: int | None = Field(default=None, foreign_key="waiver_signatures.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
