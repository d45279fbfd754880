"""Public events and the parents' registrations for them."""

from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.constants import CURRENCY, SLUG_MAX_LENGTH
from xplorium.i18n import DEFAULT_LOCALE
from xplorium.models.base import created_at_field, json_column, language_check, money_column
from xplorium.models.enums import EventStatus, HoldMode, RegistrationStatus, enum_column


class Event(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("price >= 0", name="price_non_negative"),
        sa.CheckConstraint("end_time > start_time", name="ends_after_start"),
        sa.CheckConstraint("slug = lower(slug)", name="slug_lowercase"),
        sa.Index("ix_events_status_date", "status", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=SLUG_MAX_LENGTH, sa_column_kwargs={"unique": True}, nullable=False)
    # `title`/`description` are the Serbian text; the English ones fall back to them when empty.
    title: str = Field(max_length=200)
    title_en: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    description: str = Field(default="", max_length=5000)
    description_en: str = Field(default="", max_length=5000, sa_column_kwargs={"server_default": ""})
    date: date
    start_time: time
    end_time: time
    category: str = Field(default="", max_length=60)
    theme: str = Field(default="", max_length=60)
    capacity: int
    price: Decimal = Field(default=Decimal("0"), sa_column=money_column())
    currency: str = Field(default=CURRENCY, max_length=3)
    location: str = Field(default="", max_length=200)
    # A published event in a room holds it for its time: the whole room, or `capacity` places.
    room_id: int | None = Field(default=None, foreign_key="rooms.id", ondelete="RESTRICT")
    hold_mode: HoldMode = Field(
        default=HoldMode.PLACES, sa_column=enum_column(HoldMode, nullable=False, server_default="PLACES")
    )
    image_url: str = Field(default="", max_length=500)
    tags: list[str] = Field(default_factory=list, sa_column=json_column())
    status: EventStatus = Field(default=EventStatus.DRAFT, sa_column=enum_column(EventStatus, nullable=False))
    display_order: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class EventRegistration(SQLModel, table=True):
    __tablename__ = "event_registrations"
    __table_args__ = (
        language_check(),
        sa.CheckConstraint("guest_count > 0", name="guests_positive"),
        # One live registration per email per event; a cancelled one may be made again.
        sa.Index(
            "uq_event_registrations_live_email",
            "event_id",
            "email",
            unique=True,
            postgresql_where=sa.text("status <> 'CANCELLED'"),
            sqlite_where=sa.text("status <> 'CANCELLED'"),
        ),
        sa.Index("ix_event_registrations_event_status", "event_id", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", ondelete="RESTRICT")
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    # The language of their confirmation and reminder emails (xplorium.i18n.LOCALES).
    language: str = Field(default=DEFAULT_LOCALE, max_length=8)
    guest_count: int
    status: RegistrationStatus = Field(sa_column=enum_column(RegistrationStatus, nullable=False))
    cancel_token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    created_at: datetime = created_at_field()
    promoted_at: datetime | None = None
    cancelled_at: datetime | None = None
