"""Ledger of loyalty point changes; the tier history the dashboards chart comes from here."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field
from xplorium.models.enums import LoyaltyKind, enum_column

_EARN = sa.text(f"kind = '{LoyaltyKind.EARN.value}'")


class LoyaltyTransaction(SQLModel, table=True):
    __tablename__ = "loyalty_transactions"
    __table_args__ = (
        sa.CheckConstraint("points_after >= 0", name="points_after_non_negative"),
        sa.Index("ix_loyalty_transactions_user_created", "user_id", "created_at"),
        sa.Index("ix_loyalty_transactions_created", "created_at"),
        # A booking earns its points once: the database refuses a second EARN row for it,
        # whatever a caller does (two admins completing and marking paid at the same moment).
        sa.Index(
            "uq_loyalty_transactions_earn_booking",
            "booking_id",
            unique=True,
            postgresql_where=_EARN,
            sqlite_where=_EARN,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: LoyaltyKind = Field(
        default=LoyaltyKind.ADJUST,
        sa_column=enum_column(LoyaltyKind, nullable=False, server_default=LoyaltyKind.ADJUST.value),
    )
    delta: int
    points_after: int
    tier_before: str = Field(max_length=10)
    tier_after: str = Field(max_length=10)
    reason: str = Field(max_length=500)
    booking_id: int | None = Field(default=None, foreign_key="bookings.id", ondelete="SET NULL")
    actor_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
