"""Bookings of the venue's rooms and places (what each holds is in `room_holds`)."""

from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel

from xplorium.constants import CURRENCY
from xplorium.models.base import created_at_field, json_column, money_column
from xplorium.models.enums import BookingStatus, BookingType, enum_column


class Booking(SQLModel, table=True):
    __tablename__ = "bookings"
    __table_args__ = (
        sa.CheckConstraint("guest_count > 0", name="guests_positive"),
        sa.CheckConstraint("duration_minutes > 0", name="duration_positive"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("blocked_until >= ends_at", name="buffer_non_negative"),
        sa.CheckConstraint("price_quote >= 0", name="price_non_negative"),
        sa.CheckConstraint("payment_amount IS NULL OR payment_amount >= 0", name="payment_non_negative"),
        sa.Index("ix_bookings_status_starts", "status", "starts_at"),
        sa.Index("ix_bookings_type_starts", "type", "starts_at"),
        sa.Index("ix_bookings_email", "email"),
        sa.Index("ix_bookings_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=16, sa_column_kwargs={"unique": True}, nullable=False)
    type: BookingType = Field(sa_column=enum_column(BookingType, nullable=False))
    status: BookingStatus = Field(
        default=BookingStatus.PENDING, sa_column=enum_column(BookingStatus, nullable=False)
    )
    # Venue-local wall-clock time (Europe/Belgrade), as the parent chose it; the
    # timestamps below are UTC-aware.
    date: date
    start_time: time
    duration_minutes: int
    starts_at: NaiveDatetime
    ends_at: NaiveDatetime
    blocked_until: NaiveDatetime
    guest_count: int
    # The package it was quoted from, which says what it holds (its rooms are in room_holds).
    package_id: int | None = Field(default=None, foreign_key="pricing_packages.id", ondelete="SET NULL")
    contact_name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    phone: str = Field(max_length=32)
    special_requests: str = Field(default="", max_length=5000)
    party_details: dict | None = Field(default=None, sa_column=json_column(nullable=True))
    price_quote: Decimal = Field(sa_column=money_column())
    currency: str = Field(default=CURRENCY, max_length=3)
    payment_amount: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    paid: bool = Field(default=False)
    paid_at: datetime | None = None
    admin_notes: str = Field(default="", max_length=5000)
    reject_reason: str | None = Field(default=None, max_length=1000)
    user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL", index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    approved_at: datetime | None = None
    # The front desk: when the party arrived, or when the sweep found it never did.
    checked_in_at: datetime | None = None
    no_show_at: datetime | None = None
