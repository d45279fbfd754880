"""Public holidays marked closed or with special hours, and what the booking paths make of it."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.services.bookings.conftest import ctx, request
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import AuditLog, Booking, HolidayHours
from xplorium.services import holiday_hours
from xplorium.services.bookings import availability, listing, writing
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Forbidden, Unauthenticated, ValidationFailed


def orthodox_christmas() -> date:
    """The next 7 January still ahead (always within the 365-day booking horizon)."""
    today = local_now().date()
    day = date(today.year, 1, 7)
    return day if day > today else date(today.year + 1, 1, 7)


def staff(catalog) -> RequestContext:
    return RequestContext(
        actor_id=catalog.admin_ids[0], actor_role="ADMIN", ip="203.0.113.9", user_agent="pytest"
    )


def mark(catalog, day: date, mode: str, opens: str = "", closes: str = "") -> dict:
    return holiday_hours.set_holiday_hours(
        staff(catalog), {"day": day.isoformat(), "mode": mode, "opens": opens, "closes": closes}
    )


def free_starts(catalog, day: date) -> list[str]:
    return availability.availability(
        "SENSORY_ROOM", catalog.package_id("Sensory session"), day.isoformat(), 60, 1
    )["free_starts"]


def test_a_holiday_marked_closed_offers_no_times_and_the_booking_service_refuses_it(catalog):
    day = orthodox_christmas()
    assert free_starts(catalog, day)  # open by its weekday's hours until marked
    assert mark(catalog, day, "closed")["mode"] == "closed"

    with use_locale("en"):
        shown = availability.availability(
            "SENSORY_ROOM", catalog.package_id("Sensory session"), day.isoformat(), 60, 1
        )
        assert shown["slots"] == [] and shown["free_starts"] == []
        assert "Orthodox Christmas Day" in shown["message"] and "closed" in shown["message"]
        with pytest.raises(ValidationFailed) as refused:
            writing.create_booking(
                ctx(1), request(catalog, "Sensory session", "11:00", 1, day=day, minutes=60)
            )
    assert "closed" in refused.value.fields["date"]
    assert "Orthodox Christmas Day" in refused.value.fields["date"]
    with session_scope() as session:
        assert session.exec(select(sa.func.count()).select_from(Booking)).one() == 0
        entry = session.exec(select(AuditLog).where(AuditLog.entity == "holiday_hours")).one()
    assert entry.entity_id == day.isoformat() and entry.actor_id == catalog.admin_ids[0]
    assert entry.changes["mode"] == "closed"

    # Back to the usual hours: bookable again, and the row is gone.
    mark(catalog, day, "usual")
    assert free_starts(catalog, day)
    with session_scope() as session:
        assert session.exec(select(HolidayHours)).all() == []


def test_special_hours_limit_the_offered_starts_and_what_may_be_booked(catalog):
    day = orthodox_christmas()
    mark(catalog, day, "special", "12:00", "15:00")
    assert free_starts(catalog, day) == ["12:00", "12:30", "13:00", "13:30", "14:00"]
    with pytest.raises(ValidationFailed) as refused:
        writing.create_booking(ctx(2), request(catalog, "Sensory session", "10:00", 1, day=day, minutes=60))
    assert "12:00" in refused.value.fields["time"] and "15:00" in refused.value.fields["time"]
    booked = writing.create_booking(
        ctx(3), request(catalog, "Sensory session", "13:00", 1, day=day, minutes=60)
    )
    assert booked["reference"]
    # The answer to the staff says the day already has a booking.
    assert mark(catalog, day, "closed")["bookings"] == 1


def test_the_year_list_and_the_calendar_show_how_the_venue_opens_on_each_holiday(catalog):
    day = orthodox_christmas()
    mark(catalog, day, "special", "10:00", "16:00")
    with use_locale("sr_Latn"):
        rows = {r["day"]: r for r in holiday_hours.year_holidays(staff(catalog), day.year)}
    row = rows[day.isoformat()]
    assert (row["name"], row["mode"], row["opens"], row["closes"]) == ("Božić", "special", "10:00", "16:00")
    assert rows[date(day.year, 1, 1).isoformat()]["mode"] == "usual"
    with use_locale("en"):
        month = listing.calendar(staff(catalog), "month", day.isoformat())
    shown = next(d for d in month["days"] if d["iso"] == day.isoformat())
    assert shown["holiday"] == "Orthodox Christmas Day"
    assert shown["holiday_note"] == "Special hours 10:00–16:00"
    ordinary = next(d for d in month["days"] if d["iso"] == (day + timedelta(days=3)).isoformat())
    assert ordinary["holiday"] == ""


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "2027-03-03", "mode": "closed"}, "day"),  # not a public holiday
        ({"day": "not a date", "mode": "closed"}, "day"),
        ({"mode": "open all night"}, "mode"),
        ({"mode": "special", "opens": "16:00", "closes": "12:00"}, "closes"),
        ({"mode": "special", "opens": "", "closes": "12:00"}, "opens"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_changes_nothing(catalog, data, field):
    data = {"day": orthodox_christmas().isoformat(), **data}
    with pytest.raises(ValidationFailed) as refused:
        holiday_hours.set_holiday_hours(staff(catalog), data)
    assert field in refused.value.fields
    with session_scope() as session:
        assert session.exec(select(HolidayHours)).all() == []
        assert session.exec(select(AuditLog)).all() == []


def test_a_passed_holiday_cannot_change(catalog):
    with pytest.raises(ValidationFailed) as refused:
        holiday_hours.set_holiday_hours(staff(catalog), {"day": "2026-01-07", "mode": "closed"})
    assert "passed" in refused.value.fields["day"]


def test_only_staff_may_set_holiday_hours(catalog):
    data = {"day": orthodox_christmas().isoformat(), "mode": "closed"}
    with pytest.raises(Unauthenticated):
        holiday_hours.set_holiday_hours(RequestContext(ip="198.51.100.1"), data)
    with pytest.raises((Forbidden, Unauthenticated)):
        holiday_hours.set_holiday_hours(RequestContext(actor_id=999, actor_role="USER"), data)
    with session_scope() as session:
        assert session.exec(select(HolidayHours)).all() == []
