"""Whole-database checks shared by tests."""

from collections import defaultdict

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from xplorium.models import Booking
from xplorium.models.enums import ACTIVE_BOOKING_STATUSES


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


def overlapping_active_bookings(session: Session) -> list[tuple[str, str]]:
    by_type = defaultdict(list)
    for booking in session.exec(select(Booking).where(Booking.status.in_(ACTIVE_BOOKING_STATUSES))):
        by_type[booking.type].append(booking)
    clashes = []
    for bookings in by_type.values():
        bookings.sort(key=lambda b: b.starts_at)
        # The booking reaching furthest so far: any later start before its end is a clash.
        furthest = bookings[0]
        for later in bookings[1:]:
            if later.starts_at < furthest.blocked_until:
                clashes.append((furthest.reference, later.reference))
            if later.blocked_until > furthest.blocked_until:
                furthest = later
    return clashes
