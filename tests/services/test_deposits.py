"""Deposits: shown on approval with the IPS QR code, received by the staff, chased when overdue."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from tests.support.party import (  # noqa: F401 - fixtures
    ACCOUNT,
    DEPOSIT,
    PAYEE,
    admin_fixture,
    english_fixture,
    parent_fixture,
    party,
    venue_fixture,
)
from tests.support.qr import decode_png
from xplorium.db import session_scope
from xplorium.models import AuditLog, Booking, BookingDeposit, Notification
from xplorium.models.enums import AuditAction, BookingStatus, NotificationKind
from xplorium.services import deposit_overdue, deposits, ips_qr
from xplorium.services.bookings import transitions
from xplorium.services.clock import VENUE_TZ, FakeClock, local_now, use_clock
from xplorium.services.errors import Conflict, ValidationFailed
from xplorium.services.venue import load_settings


def venue_noon(day) -> datetime:
    return datetime.combine(day, time(12), tzinfo=VENUE_TZ).astimezone(UTC)


def test_approval_emails_the_amount_due_date_and_a_scannable_ips_qr(venue, parent, admin, sink):
    booking = party(venue, parent)
    transitions.approve(admin, booking.id)
    message = sink.wait_for(parent.email, "Confirmed")
    # Due in the settings' 7 days, but the day before the party at the latest.
    due = min(local_now().date() + timedelta(days=7), booking.date - timedelta(days=1))
    assert "7.200" in message.body or "7,200" in message.body or "7200" in message.body
    assert "160-0000000123456-54" in message.body and PAYEE in message.body
    files = dict(message.attachments)
    payload = decode_png(files[deposits.QR_FILENAME])
    tags = ips_qr.parse_payload(payload)
    assert tags["R"] == ACCOUNT and tags["I"] == "RSD7200,00" and tags["SF"] == "289"
    assert tags["RO"] == ips_qr.payment_reference(booking.reference)
    # The front desk's code: the booking reference alone.
    assert decode_png(files["booking-reference-qr.png"]) == booking.reference
    with session_scope() as session:
        deposit = session.get(BookingDeposit, booking.id)
        assert (deposit.amount, deposit.due_on) == (DEPOSIT, due)
        facts = deposits.facts(session, session.get(Booking, booking.id))
    assert facts["payload"] == payload and facts["qr"].startswith("data:image/svg+xml")


def test_an_offer_without_a_deposit_opens_none(venue, parent, admin, sink):
    booking = party(venue, parent, package_id=venue.package_id("Sensory party"))
    transitions.approve(admin, booking.id)
    assert deposits.QR_FILENAME not in dict(sink.wait_for(parent.email, "Confirmed").attachments)
    with session_scope() as session:
        assert session.get(BookingDeposit, booking.id) is None


def test_the_staff_mark_it_received_once_audited_and_the_rest_is_paid_on_the_day(venue, parent, admin, sink):
    booking = party(venue, parent)
    transitions.approve(admin, booking.id)
    with pytest.raises(ValidationFailed) as raised:
        deposits.mark_received(admin, booking.id, "-5", "2000-13-01")
    assert set(raised.value.fields) == {"deposit_amount", "deposit_on"}
    today = local_now().date().isoformat()
    facts = deposits.mark_received(admin, booking.id, "7200", today)
    assert facts["paid"] and facts["received_on"] == today
    with pytest.raises(Conflict):
        deposits.mark_received(admin, booking.id, "7200", today)
    with session_scope() as session:
        entry = session.exec(
            select(AuditLog).where(
                AuditLog.entity_id == str(booking.id), AuditLog.action == AuditAction.PAYMENT
            )
        ).one()
        assert entry.changes["deposit"]["amount"] == "7200.00"
    # On the day: the rest by default; what was paid in all earns the points.
    transitions.mark_paid(admin, booking.id)
    with session_scope() as session:
        assert session.get(Booking, booking.id).payment_amount == Decimal("24000.00")


def test_overdue_deposit_notifies_the_staff_and_cancels_with_an_email_once(venue, parent, admin, sink):
    with session_scope() as session:
        load_settings(session).deposit_auto_cancel = True
    booking = party(venue, parent, day=local_now().date() + timedelta(days=20))
    transitions.approve(admin, booking.id)
    sink.clear()
    due = local_now().date() + timedelta(days=7)
    clock = FakeClock(venue_noon(due))
    with use_clock(clock):
        assert deposit_overdue.sweep(clock()) == 0  # due today: not yet overdue
        clock.advance(days=1)
        assert deposit_overdue.sweep(clock()) == 1
        assert deposit_overdue.sweep(clock.advance(minutes=5)) == 0  # once
    with session_scope() as session:
        assert session.get(Booking, booking.id).status == BookingStatus.CANCELLED
        notes = session.exec(
            select(Notification).where(Notification.kind == NotificationKind.DEPOSIT_OVERDUE)
        ).all()
        titles = {n.title for n in notes}  # one per staff member, once
        assert len(titles) == 1 and booking.reference in titles.pop()
        assert len(notes) == len({n.user_id for n in notes})
    message = sink.wait_for(parent.email, "Cancelled")
    assert "deposit was not paid in time" in message.body
    assert len(sink.to(parent.email)) == 1


def test_without_auto_cancel_the_staff_are_told_and_the_booking_stays(venue, parent, admin, sink):
    booking = party(venue, parent, day=local_now().date() + timedelta(days=20))
    transitions.approve(admin, booking.id)
    sink.clear()
    assert deposit_overdue.sweep(venue_noon(local_now().date() + timedelta(days=9))) == 1
    with session_scope() as session:
        assert session.get(Booking, booking.id).status == BookingStatus.APPROVED
    assert sink.to(parent.email) == []


def test_a_received_deposit_is_never_overdue(venue, parent, admin, sink):
    booking = party(venue, parent, day=local_now().date() + timedelta(days=20))
    transitions.approve(admin, booking.id)
    deposits.mark_received(admin, booking.id, "7200", local_now().date().isoformat())
    assert deposit_overdue.sweep(venue_noon(local_now().date() + timedelta(days=10))) == 0


def test_settings_validate_the_account_and_set_each_offers_deposit(venue, admin):
    with pytest.raises(ValidationFailed) as raised:
        deposits.update_settings(
            admin,
            {
                "deposit_due_days": "5",
                "deposit_payee": "X",
                "deposit_account": "160-1-00",
                "deposit_payment_code": "289",
            },
        )
    assert "deposit_account" in raised.value.fields
    package = str(venue.package_id("Sensory party"))
    saved = deposits.update_settings(
        admin,
        {
            "deposit_due_days": "3",
            "deposit_payee": PAYEE,
            "deposit_account": "160-0000000123456-54",
            "deposit_purpose": "Depozit",
            "deposit_payment_code": "289",
            "deposit_auto_cancel": True,
            "packages": [{"id": package, "kind": "fixed", "value": "5000"}],
        },
    )
    assert saved["deposit_account"] == "160-0000000123456-54" and saved["deposit_auto_cancel"] is True
    assert {"id": package, "name": "Sensory party", "kind": "fixed", "value": "5000.00"} in saved["packages"]
