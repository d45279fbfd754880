"""The venue's settings: a single row, so every rule reads one source of truth."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.constants import (
    BOOKING_LIMIT_DEFAULT,
    BUFFER_MINUTES_DEFAULT,
    BUFFER_MINUTES_MAX,
    BUFFER_MINUTES_MIN,
    DEPOSIT_DUE_DAYS_DEFAULT,
    POINTS_PER_100_RSD_DEFAULT,
)
from xplorium.models.base import created_at_field, json_column

# Weekday (0 = Monday) -> [open, close] as "HH:MM", or None when closed.
DEFAULT_OPENING_HOURS: dict[str, list[str] | None] = {
    "0": ["09:00", "21:00"],
    "1": ["09:00", "21:00"],
    "2": ["09:00", "21:00"],
    "3": ["09:00", "21:00"],
    "4": ["09:00", "22:00"],
    "5": ["10:00", "22:00"],
    "6": ["10:00", "20:00"],
}


class VenueSettings(SQLModel, table=True):
    __tablename__ = "venue_settings"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint(
            f"buffer_minutes BETWEEN {BUFFER_MINUTES_MIN} AND {BUFFER_MINUTES_MAX}",
            name="buffer_range",
        ),
        sa.CheckConstraint("booking_rate_limit > 0", name="rate_limit_positive"),
        sa.CheckConstraint("points_per_100_rsd >= 0", name="points_rate_non_negative"),
        sa.CheckConstraint("deposit_due_days >= 0", name="deposit_due_days_non_negative"),
    )

    id: int = Field(default=1, primary_key=True)
    opening_hours: dict = Field(default_factory=lambda: dict(DEFAULT_OPENING_HOURS), sa_column=json_column())
    buffer_minutes: int = Field(default=BUFFER_MINUTES_DEFAULT)
    booking_rate_limit: int = Field(default=BOOKING_LIMIT_DEFAULT)
    points_per_100_rsd: int = Field(default=POINTS_PER_100_RSD_DEFAULT)
    contact_phone: str = Field(default="+381 11 123 4567", max_length=32)
    contact_email: str = Field(default="info@xplorium.rs", max_length=254)
    address: str = Field(default="Bulevar Mihajla Pupina 10, Novi Beograd", max_length=200)
    # Deposits (the offers that need one say so on their package).
    deposit_due_days: int = Field(default=DEPOSIT_DUE_DAYS_DEFAULT)
    deposit_payee: str = Field(default="Xplorium doo, Novi Beograd", max_length=70)
    deposit_account: str = Field(default="", max_length=18)
    deposit_purpose: str = Field(default="Depozit za rodjendan", max_length=35)
    deposit_payment_code: str = Field(default="289", max_length=3)
    deposit_auto_cancel: bool = Field(default=False)
    updated_at: datetime = created_at_field()
