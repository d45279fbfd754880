"""Front desk: check-in by reference, by the confirmation's QR image, undo; no-shows."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.bookings_data import insert_booking
from tests.support.party import admin_fixture, ctx_for, english_fixture, parent_fixture, party, venue_fixture  # noqa: F401 - fixtures
from tests.support.qr import decode_png
from xplorium.db import session_scope
from xplorium.models import AuditLog, Booking
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services import checkin
from xplorium.services.bookings import transitions
from xplorium.services.clock import VENUE_TZ, local_now
from xplorium.services.errors import Conflict, Forbidden, NotFound


def audit_changes(booking_id: int) -> list[dict]:
    with session_scope() as session:
        rows = session.exec(
            select(AuditLog).where(AuditLog.entity_id == str(booking_id)).order_by(AuditLog.id)
        ).all()
        return [
            r.changes for r in rows if "checked_in" in (r.changes or {}) or "no_show" in (r.changes or {})
        ]


def test_by_reference_arrived_and_undo_audited(venue, admin):
    today = local_now().date()
    booking = insert_booking(
        day=today, start="23:00", minutes=30, status=BookingStatus.APPROVED, name="Jovana Nikolić"
    )
    found = checkin.find(admin, booking.reference.lower())
    assert [row["reference"] for row in found] == [booking.reference]
    assert checkin.find(admin, "jovana")[0]["reference"] == booking.reference
    assert checkin.mark_arrived(admin, found[0]["id"])["arrived"] is True
    assert checkin.arrivals(admin)[0]["arrived"] is True
    assert checkin.undo_arrival(admin, booking.id)["arrived"] is False
    assert [c["checked_in"]["to"] for c in audit_changes(booking.id)] == [True, False]


def test_by_the_qr_image_of_the_confirmation_email(venue, parent, admin, sink):
    booking = party(venue, parent, day=local_now().date() + timedelta(days=3))
    transitions.approve(admin, booking.id)
    image = dict(sink.wait_for(parent.email, "Confirmed").attachments)[checkin.REFERENCE_QR_FILENAME]
    row = checkin.check_in_code(admin, decode_png(image))
    assert row["reference"] == booking.reference and row["arrived"]
    with session_scope() as session:
        assert session.get(Booking, booking.id).checked_in_at is not None
    assert audit_changes(booking.id)[0]["checked_in"] == {"from": False, "to": True}
    with pytest.raises(NotFound):
        checkin.check_in_code(admin, "XP-NOTHING")


def test_only_confirmed_bookings_check_in_and_only_staff_use_the_desk(venue, admin):
    pending = insert_booking(day=local_now().date(), status=BookingStatus.PENDING)
    with pytest.raises(Conflict):
        checkin.mark_arrived(admin, pending.id)
    parent = ctx_for(make_user(Role.USER, email="p@example.com"))
    for call in (
        lambda: checkin.find(parent, "x"),
        lambda: checkin.arrivals(parent),
        lambda: checkin.mark_arrived(parent, pending.id),
    ):
        with pytest.raises(Forbidden):
            call()


def test_bookings_not_checked_in_by_their_end_become_no_shows_once(venue, admin):
    day = local_now().date() + timedelta(days=2)
    missed = insert_booking(
        day=day, start="10:00", status=BookingStatus.APPROVED, type=BookingType.PLAYGROUND, guests=2
    )
    came = insert_booking(
        day=day, start="10:00", status=BookingStatus.APPROVED, type=BookingType.CAFE, guests=2
    )
    later = insert_booking(
        day=day, start="15:00", status=BookingStatus.APPROVED, type=BookingType.SENSORY_ROOM, guests=2
    )
    with session_scope() as session:
        session.get(Booking, came.id).checked_in_at = datetime.now(UTC)
    at_noon = datetime.combine(day, time(12, 30), tzinfo=VENUE_TZ).astimezone(UTC)
    assert checkin.mark_no_shows(at_noon) == 1
    assert checkin.mark_no_shows(at_noon + timedelta(minutes=5)) == 0
    with session_scope() as session:
        assert session.get(Booking, missed.id).no_show_at is not None
        assert session.get(Booking, came.id).no_show_at is None
        assert session.get(Booking, later.id).no_show_at is None
    assert audit_changes(missed.id) == [{"no_show": True, "reference": missed.reference}]


def test_the_dashboard_counts_no_shows_by_month(venue, admin):
    from xplorium.services import dashboard

    day = local_now().date() - timedelta(days=1)
    missed = insert_booking(day=day, status=BookingStatus.APPROVED, type=BookingType.CAFE, guests=2)
    came = insert_booking(
        day=day, start="14:00", status=BookingStatus.APPROVED, type=BookingType.CAFE, guests=2
    )
    with session_scope() as session:
        session.get(Booking, came.id).checked_in_at = datetime.now(UTC)
    checkin.mark_no_shows(datetime.now(UTC))
    month = next(m for m in dashboard.overview(admin)["monthly"] if m["month"] == day.strftime("%Y-%m"))
    assert (month["no_shows"], month["no_show_rate"]) == (1, 50.0)
    assert missed.id
