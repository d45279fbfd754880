"""Reminders the day before at the configured time, and the parent's switch to turn one off."""

from datetime import UTC, datetime, time, timedelta

import pytest

from tests.support.accounts import make_user
from tests.support.bookings_data import insert_booking
from tests.support.job_queue import ctx_for
from xplorium.config import settings
from xplorium.jobs import worker
from xplorium.models.enums import BookingStatus, Role
from xplorium.services import reminders
from xplorium.services.clock import VENUE_TZ, FakeClock, use_clock
from xplorium.services.context import RequestContext
from xplorium.services.errors import NotFound, Unauthenticated, ValidationFailed


def venue_time(day, hh_mm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=VENUE_TZ).astimezone(UTC)


@pytest.fixture
def reminder_at_18(monkeypatch):
    monkeypatch.setattr(settings, "reminder_time", "18:00")


TODAY = datetime.now(VENUE_TZ).date() + timedelta(days=20)  # a day of the tests' own
TOMORROW = TODAY + timedelta(days=1)


def test_the_reminder_goes_once_at_the_configured_time_and_not_for_cancelled(sink, reminder_at_18):
    kept = insert_booking(day=TOMORROW, email="ana@example.com", status=BookingStatus.APPROVED)
    insert_booking(day=TOMORROW, start="16:00", email="cancelled@example.com", status=BookingStatus.CANCELLED)
    insert_booking(day=TOMORROW + timedelta(days=1), start="12:00", email="later@example.com")
    clock = FakeClock(venue_time(TODAY, "17:59"))
    with use_clock(clock):
        assert reminders.queue_due(clock()) == 0
        clock.advance(minutes=1)
        assert reminders.queue_due(clock()) == 1
        # The next sweeps, and a restarted worker's, find the reminder already queued.
        assert reminders.queue_due(clock.advance(minutes=5)) == 0
    message = sink.wait_for("ana@example.com", "Reminder")
    assert kept.reference in message.body and kept.reference in message.subject
    assert "/profile" in message.body
    worker.drain()
    assert len(sink.to("ana@example.com")) == 1
    assert sink.to("cancelled@example.com") == []
    assert sink.to("later@example.com") == []


def test_a_parent_who_opted_out_gets_no_reminder(sink, reminder_at_18):
    parent = make_user(Role.USER, email="ana@example.com")
    booking = insert_booking(day=TOMORROW, email="ana@example.com", user_id=parent.id)
    assert reminders.set_wanted(ctx_for(parent), booking.reference.lower(), False)["reminder"] is False
    assert reminders.queue_due(venue_time(TODAY, "18:30")) == 0
    assert sink.to("ana@example.com") == []
    # Turned back on before the sweep: it goes.
    reminders.set_wanted(ctx_for(parent), booking.reference, True)
    assert reminders.queue_due(venue_time(TODAY, "18:35")) == 1


def test_only_the_parent_of_the_booking_may_turn_its_reminder_off(clean):
    owner = make_user(Role.USER)
    other = make_user(Role.USER)
    booking = insert_booking(day=TOMORROW, user_id=owner.id)
    with pytest.raises(Unauthenticated):
        reminders.set_wanted(RequestContext(), booking.reference, False)
    with pytest.raises(NotFound):
        reminders.set_wanted(ctx_for(other), booking.reference, False)
    with pytest.raises(ValidationFailed):
        reminders.set_wanted(ctx_for(owner), booking.reference, "no")
