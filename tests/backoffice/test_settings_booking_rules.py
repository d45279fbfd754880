"""Settings saved in the back office change what the booking rules allow, at once.

Needs the booking service (branch `booking`).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services import settings_admin

DAY = date.today() + timedelta(days=14)


def existing_booking(start: time, end: time) -> None:
    with session_scope() as session:
        session.add(
            Booking(
                reference="XP-TESTBOOK",
                type=BookingType.SENSORY_ROOM,
                status=BookingStatus.APPROVED,
                date=DAY,
                start_time=start,
                duration_minutes=60,
                starts_at=datetime.combine(DAY, start),
                ends_at=datetime.combine(DAY, end),
                blocked_until=datetime.combine(DAY, end),
                guest_count=2,
                contact_name="Parent",
                email="parent@example.com",
                phone="+381641234567",
                price_quote=Decimal("1000"),
            )
        )


def availability() -> dict:
    # Imported here, so that without the booking service these tests fail alone, not the run.
    from xplorium.services import bookings

    return bookings.availability("SENSORY_ROOM", DAY.isoformat(), 60)


def free_starts() -> list[str]:
    return availability()["free_starts"]


def save(ctx, **changes) -> None:
    settings_admin.update_settings(ctx, settings_admin.get_settings(ctx) | changes)


def test_buffer_change_changes_what_counts_as_an_overlap(admin_ctx):
    existing_booking(time(14, 0), time(15, 0))
    save(admin_ctx, buffer_minutes=45)
    assert "13:00" not in free_starts()  # 13:00–14:00 plus 45 minutes runs into 14:00
    save(admin_ctx, buffer_minutes=0)
    assert "13:00" in free_starts()  # touching the next booking is fine without a buffer
    save(admin_ctx, buffer_minutes=120)
    assert "12:00" not in free_starts() and "11:00" in free_starts()


def test_closing_a_weekday_closes_it_for_bookings(admin_ctx):
    hours = settings_admin.get_settings(admin_ctx)["opening_hours"]
    hours[DAY.weekday()] = hours[DAY.weekday()] | {"closed": True}
    assert free_starts()
    save(admin_ctx, opening_hours=hours)
    result = availability()
    assert (result["open"], result["free_starts"]) == (False, [])
