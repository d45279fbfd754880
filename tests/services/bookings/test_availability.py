"""Settings saved in the back office change what the booking rules allow, at once."""

from datetime import date, time, timedelta
from decimal import Decimal

from sqlmodel import select

from tests.support.backoffice_staff import admin_ctx_fixture, admin_fixture  # noqa: F401 - fixtures
from tests.support.bookings_data import insert_booking
from xplorium.db import session_scope
from xplorium.models import PricingPackage, Room
from xplorium.models.enums import BookingType, HoldMode, PricingCategory, PublishStatus
from xplorium.services import catalog, rooms, venue
from xplorium.services.bookings import availability as availability_service

DAY = date.today() + timedelta(days=14)


def existing_booking(start: time, end: time) -> None:
    insert_booking(day=DAY, start=start.strftime("%H:%M"), minutes=60, type=BookingType.PARTY, guests=8)


def availability() -> dict:
    package = _party_package()
    return availability_service.availability("PARTY", package, DAY.isoformat(), 60, 8)


def _party_package() -> int:
    with session_scope() as session:
        found = session.exec(select(PricingPackage.id)).first()
        if found:
            return found
        room = session.exec(select(Room).where(Room.slug == "party_room")).one()
        package = PricingPackage(
            name="Party",
            category=PricingCategory.PARTY,
            amount=Decimal("2000"),
            status=PublishStatus.PUBLISHED,
            room_id=room.id,
            hold_mode=HoldMode.WHOLE,
        )
        session.add(package)
        session.flush()
        package_id = package.id
    catalog.invalidate_pricing()
    return package_id


def free_starts() -> list[str]:
    return availability()["free_starts"]


def save(ctx, **changes) -> None:
    venue.update_settings(ctx, venue.get_settings(ctx) | changes)


def set_room_buffer(ctx, minutes: int) -> None:
    room = rooms.room_by_slug("party_room")
    rooms.save_room(ctx, {**room, "buffer_minutes": minutes}, room["id"])


def test_a_rooms_cleanup_buffer_changes_what_counts_as_an_overlap(admin_ctx):
    existing_booking(time(14, 0), time(15, 0))
    set_room_buffer(admin_ctx, 45)
    assert "13:00" not in free_starts()  # 13:00–14:00 plus 45 minutes runs into 14:00
    set_room_buffer(admin_ctx, 0)
    assert "13:00" in free_starts()  # touching the next booking is fine without a buffer
    set_room_buffer(admin_ctx, 120)
    assert "12:00" not in free_starts() and "11:00" in free_starts()


def test_closing_a_weekday_closes_it_for_bookings(admin_ctx):
    hours = venue.get_settings(admin_ctx)["opening_hours"]
    hours[DAY.weekday()] = hours[DAY.weekday()] | {"closed": True}
    assert free_starts()
    save(admin_ctx, opening_hours=hours)
    result = availability()
    assert (result["open"], result["free_starts"]) == (False, [])
