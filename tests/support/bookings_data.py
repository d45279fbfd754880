"""Bookings written straight into the database, for tests that need exact times and statuses."""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.base import utcnow
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services.clock import local_now

_numbers = itertools.count(1)


def day_ahead(days: int) -> date:
    return local_now().date() + timedelta(days=days)


def insert_booking(
    *,
    day: date | None = None,
    start: str = "10:00",
    minutes: int = 120,
    buffer_minutes: int = 45,
    type: BookingType = BookingType.PARTY,
    status: BookingStatus = BookingStatus.PENDING,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    price: str = "24000.00",
    guests: int = 10,
    created_at: datetime | None = None,
    user_id: int | None = None,
    **fields,
) -> Booking:
    number = next(_numbers)
    day = day or day_ahead(7)
    starts_at = datetime.combine(day, time.fromisoformat(start))
    ends_at = starts_at + timedelta(minutes=minutes)
    with session_scope() as session:
        booking = Booking(
            reference=f"T{number:05d}X",
            type=type,
            status=status,
            date=day,
            start_time=starts_at.time(),
            duration_minutes=minutes,
            starts_at=starts_at,
            ends_at=ends_at,
            blocked_until=ends_at + timedelta(minutes=buffer_minutes),
            guest_count=guests,
            contact_name=name or f"Parent {number}",
            email=email or f"parent{number}@example.com",
            phone=phone or f"+3816410{number:05d}",
            price_quote=Decimal(price),
            party_details={"child_name": f"Child {number}", "child_age": 6, "rooms": ["party_room"]}
            if type == BookingType.PARTY
            else None,
            created_at=created_at or utcnow(),
            updated_at=created_at or utcnow(),
            user_id=user_id,
            **fields,
        )
        session.add(booking)
        session.flush()
        session.refresh(booking)
        return booking


def get_booking(booking_id: int) -> Booking:
    with session_scope() as session:
        return session.get(Booking, booking_id)
