"""Approving re-checks conflicts, and two admins approving clashing bookings at once get one
approval and one clear conflict.

Pending bookings cannot overlap each other (the exclusion constraint counts PENDING as
active), so two *clashing* pending bookings exist only when the buffer grew after they were
made: A 10:00–12:00 and B 12:00–14:00 were fine with no buffer; with 45 minutes they are too
close. Approving either is fine; approving both is not.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.board.conftest import ctx_for
from tests.support.accounts import make_user
from tests.support.bookings_data import day_ahead, get_booking, insert_booking
from xplorium.db import session_scope
from xplorium.models import VenueSettings
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services import bookings, bookings_admin
from xplorium.services.errors import Conflict

ROUNDS = 8


def _set_buffer(minutes: int) -> None:
    with session_scope() as session:
        session.merge(VenueSettings(id=1, buffer_minutes=minutes))


def _clashing_pair(day_offset: int):
    day = day_ahead(10 + day_offset)
    first = insert_booking(day=day, start="10:00", minutes=120, buffer_minutes=0)
    second = insert_booking(day=day, start="12:00", minutes=120, buffer_minutes=0)
    return first, second


def test_approving_the_second_of_two_clashing_bookings_is_refused(admin_ctx, smtp_sink):
    _set_buffer(45)
    first, second = _clashing_pair(0)
    bookings_admin.approve(admin_ctx, first.id)
    smtp_sink.clear()

    with pytest.raises(Conflict) as refused:
        bookings_admin.approve(admin_ctx, second.id)

    message = refused.value.message
    assert first.reference in message and "45 min" in message
    assert get_booking(second.id).status == BookingStatus.PENDING
    assert smtp_sink.messages(second.email) == []
    # Once the first is cancelled the second can go ahead.
    bookings_admin.cancel(admin_ctx, first.id, "Parent moved the party")
    bookings_admin.approve(admin_ctx, second.id)
    assert get_booking(second.id).status == BookingStatus.APPROVED


def test_with_the_old_buffer_both_can_be_approved(admin_ctx):
    _set_buffer(0)
    first, second = _clashing_pair(0)
    bookings_admin.approve(admin_ctx, first.id)
    bookings_admin.approve(admin_ctx, second.id)
    assert {get_booking(b.id).status for b in (first, second)} == {BookingStatus.APPROVED}


def test_other_types_never_clash(admin_ctx):
    _set_buffer(45)
    day = day_ahead(12)
    party = insert_booking(day=day, start="10:00", minutes=120, buffer_minutes=0, type=BookingType.PARTY)
    cafe = insert_booking(day=day, start="12:00", minutes=120, buffer_minutes=0, type=BookingType.CAFE)
    bookings_admin.approve(admin_ctx, party.id)
    bookings_admin.approve(admin_ctx, cafe.id)


def test_two_admins_approving_clashing_bookings_at_once_leave_exactly_one_approved(clean):
    _set_buffer(45)
    admins = [ctx_for(make_user(Role.ADMIN)), ctx_for(make_user(Role.SUPER_ADMIN))]
    for round_number in range(ROUNDS):
        pair = _clashing_pair(round_number)
        barrier = threading.Barrier(2)

        def approve(index: int, pair=pair, barrier=barrier):
            barrier.wait()
            try:
                return "approved", bookings_admin.approve(admins[index], pair[index].id)
            except Conflict as error:
                return "conflict", error

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(approve, range(2)))

        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["approved", "conflict"], f"round {round_number}: {outcomes}"
        statuses = sorted(get_booking(b.id).status.value for b in pair)
        assert statuses == ["APPROVED", "PENDING"]
        winner = next(value for kind, value in outcomes if kind == "approved")
        refusal = next(value for kind, value in outcomes if kind == "conflict")
        assert winner["reference"] in refusal.message


def test_approval_and_a_new_booking_of_the_same_type_queue_on_one_lock(admin_ctx, monkeypatch):
    """While an approval holds the type's lock, a parent's booking of that type waits for it."""
    _set_buffer(45)
    first, _second = _clashing_pair(0)
    order: list[str] = []
    inside = threading.Event()
    release = threading.Event()
    real_clash = bookings_admin._approval_clash

    def slow_clash(session, booking, buffer):
        inside.set()
        release.wait(5)
        order.append("approval checked")
        return real_clash(session, booking, buffer)

    monkeypatch.setattr(bookings_admin, "_approval_clash", slow_clash)
    real_overlap = bookings.has_overlap

    def tracked_overlap(*args, **kwargs):
        order.append("create checked")
        return real_overlap(*args, **kwargs)

    monkeypatch.setattr(bookings, "has_overlap", tracked_overlap)

    with ThreadPoolExecutor(max_workers=2) as pool:
        approval = pool.submit(bookings_admin.approve, admin_ctx, first.id)
        assert inside.wait(5)
        creation = pool.submit(_create_party, first.date)
        # Give the parent's request time to reach the lock (without one it would check now).
        time.sleep(0.5)
        release.set()
        approval.result(timeout=10)
        creation.result(timeout=10)
    assert order == ["approval checked", "create checked"]


def _create_party(day):
    # No published packages in this database: the booking is taken at price 0 (staff confirm it).
    try:
        return bookings.create_booking(
            ctx_for(make_user(Role.USER)),
            {
                "type": "PARTY",
                "date": day.isoformat(),
                "time": "17:00",
                "duration_minutes": "120",
                "guest_count": "10",
                "contact_name": "Ana Petrović",
                "email": "ana@example.com",
                "phone": "064 555 1234",
                "child_name": "Mia",
                "child_age": "5",
                "rooms": ["party_room"],
            },
        )
    except Exception as error:  # noqa: BLE001 - the order is what this test checks
        return error
