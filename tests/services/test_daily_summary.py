"""The managers' daily summary, once a day at the configured time."""

from datetime import timedelta
from decimal import Decimal

from tests.services.test_reminders import TODAY, venue_time
from tests.support.accounts import make_user
from tests.support.bookings_data import insert_booking
from xplorium.config import settings
from xplorium.db import session_scope
from xplorium.models import NotificationPreference
from xplorium.models.enums import BookingStatus, BookingType, NotificationKind, Role
from xplorium.services import daily_summary


def test_the_daily_summary_goes_once_to_the_managers_who_asked_for_it(sink, monkeypatch):
    monkeypatch.setattr(settings, "daily_summary_time", "07:00")
    wants = make_user(Role.SUPER_ADMIN, email="owner@xplorium.rs")
    make_user(Role.ADMIN, email="desk@xplorium.rs")  # no preference: no email
    with session_scope() as session:
        session.add(NotificationPreference(user_id=wants.id, kind=NotificationKind.DAILY_SUMMARY, email=True))
    yesterday = TODAY - timedelta(days=1)
    insert_booking(
        day=yesterday,
        type=BookingType.CAFE,
        status=BookingStatus.COMPLETED,
        paid=True,
        payment_amount=Decimal("2500.00"),
    )
    insert_booking(day=yesterday, start="15:00", status=BookingStatus.CANCELLED)
    assert daily_summary.queue_due(venue_time(TODAY, "06:59")) == 0
    assert daily_summary.queue_due(venue_time(TODAY, "07:00")) == 1
    assert daily_summary.queue_due(venue_time(TODAY, "07:05")) == 0
    message = sink.wait_for("owner@xplorium.rs", "daily summary")
    assert yesterday.isoformat() in message.subject
    assert "Visits and parties: 1" in message.body
    assert "Cancellations: 1" in message.body
    assert "2.500" in message.body or "2,500" in message.body
    assert sink.to("desk@xplorium.rs") == []
