"""The venue's rooms, what holds them, and the ledger of places the database keeps per time slot.

A hold takes a room for [starts_at, ends_at): either `places` of its capacity, or the whole
room (`whole`). Active holds (`released_at IS NULL`) are summed per 30-minute slot into
`room_slots` by a database trigger (see migration 0003), and the ledger's CHECK constraints
are the invariant itself: no slot holds more places than the room has, a whole-room hold
shares its slots with nothing else. The slot rows carry the room's capacity through a
composite foreign key with ON UPDATE CASCADE, so shrinking a room below what is booked in it
is refused too. This holds on PostgreSQL and on SQLite, whoever writes the rows.
"""

from datetime import date, datetime, time

import sqlalchemy as sa
from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel

from xplorium.constants import BUFFER_MINUTES_MAX, MAX_HOLD_SLOTS
from xplorium.i18n import DEFAULT_LOCALE
from xplorium.models.base import created_at_field, language_check
from xplorium.models.enums import HoldKind, WaitlistStatus, enum_column


class Room(SQLModel, table=True):
    __tablename__ = "rooms"
    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint(f"buffer_minutes BETWEEN 0 AND {BUFFER_MINUTES_MAX}", name="buffer_range"),
        sa.CheckConstraint("slug = lower(slug)", name="slug_lowercase"),
        # The target of room_slots' (room_id, capacity) foreign key.
        sa.UniqueConstraint("id", "capacity", name="uq_rooms_id_capacity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, sa_column_kwargs={"unique": True}, nullable=False)
    name: str = Field(max_length=120)
    # Places: children in the playroom and the sensory room, seats in the cafe.
    capacity: int
    # Cleanup time after an exclusive hire, held with it.
    buffer_minutes: int = Field(default=0)
    active: bool = Field(default=True)
    display_order: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class RoomClosure(SQLModel, table=True):
    """The staff closed a room for whole days (holidays), or a maintenance job for its time
    window of one day (`starts_time`/`ends_time`, set together by the maintenance log)."""

    __tablename__ = "room_closures"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="rooms.id", ondelete="CASCADE", index=True)
    starts_on: date
    ends_on: date
    reason: str = Field(max_length=200)
    starts_time: time | None = None
    ends_time: time | None = None
    created_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class RoomHold(SQLModel, table=True):
    __tablename__ = "room_holds"
    __table_args__ = (
        sa.CheckConstraint("places > 0", name="places_positive"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint(
            f"end_slot > first_slot AND end_slot - first_slot <= {MAX_HOLD_SLOTS}", name="slot_span"
        ),
        sa.CheckConstraint(
            "(kind = 'BOOKING') = (booking_id IS NOT NULL) AND (kind = 'EVENT') = (event_id IS NOT NULL)"
            " AND (kind = 'CLOSURE') = (closure_id IS NOT NULL) AND (kind = 'OFFER') = (waitlist_id IS NOT NULL)",
            name="one_holder",
        ),
        sa.Index("ix_room_holds_room_starts", "room_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="rooms.id", ondelete="RESTRICT")
    kind: HoldKind = Field(sa_column=enum_column(HoldKind, nullable=False))
    booking_id: int | None = Field(default=None, foreign_key="bookings.id", ondelete="CASCADE", index=True)
    event_id: int | None = Field(default=None, foreign_key="events.id", ondelete="CASCADE", index=True)
    closure_id: int | None = Field(
        default=None, foreign_key="room_closures.id", ondelete="CASCADE", index=True
    )
    waitlist_id: int | None = Field(
        default=None, foreign_key="waitlist_entries.id", ondelete="CASCADE", index=True
    )
    # Venue-local wall-clock times; ends_at includes a whole-room hold's cleanup buffer.
    starts_at: NaiveDatetime
    ends_at: NaiveDatetime
    # The same span as slot numbers (see services/bookings/places.py), which the trigger sums.
    first_slot: int
    end_slot: int
    places: int
    whole: bool = Field(default=False)
    released_at: datetime | None = None
    created_at: datetime = created_at_field()


class RoomSlot(SQLModel, table=True):
    """The ledger: places and whole-room holds per room and 30-minute slot. Written by triggers only."""

    __tablename__ = "room_slots"
    __table_args__ = (
        sa.CheckConstraint("places >= 0 AND exclusive >= 0", name="non_negative"),
        sa.CheckConstraint("places <= capacity", name="within_capacity"),
        sa.CheckConstraint("exclusive <= 1 AND (exclusive = 0 OR places = 0)", name="exclusive_alone"),
        sa.ForeignKeyConstraint(
            ["room_id", "capacity"],
            ["rooms.id", "rooms.capacity"],
            name="fk_room_slots_room_capacity",
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
    )

    room_id: int = Field(primary_key=True)
    slot: int = Field(primary_key=True)
    places: int = Field(default=0)
    exclusive: int = Field(default=0)
    capacity: int


class WaitlistEntry(SQLModel, table=True):
    """A parent waiting for places in a full session; offered a freed place in order."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        sa.CheckConstraint("guest_count > 0", name="guests_positive"),
        language_check(),
        sa.Index("ix_waitlist_entries_room_starts", "room_id", "starts_at", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="rooms.id", ondelete="CASCADE")
    package_id: int | None = Field(default=None, foreign_key="pricing_packages.id", ondelete="SET NULL")
    starts_at: NaiveDatetime
    duration_minutes: int
    guest_count: int
    contact_name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    phone: str = Field(max_length=32)
    # The language of the page they joined on: the offer of freed places is written in it.
    language: str = Field(default=DEFAULT_LOCALE, max_length=8)
    status: WaitlistStatus = Field(
        default=WaitlistStatus.WAITING, sa_column=enum_column(WaitlistStatus, nullable=False)
    )
    claim_token_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs={"unique": True})
    offer_expires_at: datetime | None = None
    booking_id: int | None = Field(default=None, foreign_key="bookings.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
