"""People: parents, customers (possibly without a password) and staff, with their sessions."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field, json_column, money_column
from xplorium.models.enums import ContactMethod, LoyaltyTier, Role, enum_column


def tier_expression() -> str:
    """The SQL that computes a user's tier from `loyalty_points`, built from `LoyaltyTier`."""
    # The tier is derived by the database from the points, so the two can never disagree.
    tiers = list(LoyaltyTier)
    cases = " ".join(
        f"WHEN loyalty_points >= {tier.threshold} THEN '{tier.value}'" for tier in reversed(tiers[1:])
    )
    return f"CASE {cases} ELSE '{tiers[0].value}' END"


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("loyalty_points >= 0", name="points_non_negative"),
        sa.CheckConstraint("total_bookings >= 0", name="total_bookings_non_negative"),
        sa.CheckConstraint("total_spent >= 0", name="total_spent_non_negative"),
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
        sa.Index("ix_users_role_deleted", "role", "deleted_at"),
        sa.Index("ix_users_last_booking", "last_booking_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, sa_column_kwargs={"unique": True}, nullable=False)
    password_hash: str | None = Field(default=None, max_length=100)
    name: str = Field(default="", max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    role: Role = Field(default=Role.USER, sa_column=enum_column(Role, nullable=False))
    is_blocked: bool = Field(default=False)
    deleted_at: datetime | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    last_login_at: datetime | None = None

    # CRM
    notes: str = Field(default="", max_length=5000)
    tags: list[str] = Field(default_factory=list, sa_column=json_column())
    preferred_contact: ContactMethod = Field(
        default=ContactMethod.EMAIL, sa_column=enum_column(ContactMethod, nullable=False)
    )
    marketing_opt_in: bool = Field(default=False)
    sms_opt_in: bool = Field(default=False)
    consent_at: datetime | None = None
    consent_version: str | None = Field(default=None, max_length=20)
    total_bookings: int = Field(default=0)
    total_spent: Decimal = Field(default=Decimal("0"), sa_column=money_column())
    first_booking_at: datetime | None = None
    last_booking_at: datetime | None = None

    # Loyalty
    loyalty_points: int = Field(default=0)
    loyalty_tier: LoyaltyTier | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(10), sa.Computed(tier_expression(), persisted=True)),
    )


class UserSession(SQLModel, table=True):
    __tablename__ = "user_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    created_at: datetime = created_at_field()
    expires_at: datetime
    last_seen_at: datetime = created_at_field()
    revoked_at: datetime | None = None
    ip: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=300)


class PasswordResetToken(SQLModel, table=True):
    __tablename__ = "password_reset_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    created_at: datetime = created_at_field()
    expires_at: datetime
    used_at: datetime | None = None
