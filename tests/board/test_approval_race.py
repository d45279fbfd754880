"""Approving re-checks that a booking holds its rooms.

A pending booking already holds its places (the ledger counts PENDING), so approving it
cannot overbook. A booking without holds (one that collided when rooms came in, and so
kept its status without a hold) gets its holds on approval, or the approval is refused; two
admins approving two such clashing bookings at once get one approval and one clear refusal.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.accounts import make_user
from tests.support.board_staff import ctx_for
from tests.support.bookings_data import day_ahead, get_booking, insert_booking
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.models.enums import BookingStatus, BookingType, HoldKind, Role
from xplorium.services.bookings import places, transitions
from xplorium.services.errors import Conflict

ROUNDS = 6


def _holds(booking_id: int) -> list:
    from xplorium.db import session_scope

    with session_scope() as session:
        return places.active_holds(session, HoldKind.BOOKING, [booking_id]).get(booking_id, [])


def _unheld_pair(catalog, day_offset: int):
    """Two private playroom hires at the same time that hold nothing (as the migration leaves them)."""
    day = day_ahead(10 + day_offset)
    package = catalog.package_id("Private playroom hire")
    first = insert_booking(
        day=day, start="10:00", type=BookingType.PLAYGROUND, hold=False, package_id=package
    )
    second = insert_booking(
        day=day, start="11:00", type=BookingType.PLAYGROUND, hold=False, package_id=package
    )
    return first, second


@pytest.fixture
def admin_ctx(catalog):
    return ctx_for(make_user(Role.ADMIN, email="front@xplorium.rs"))


def test_approving_a_booking_without_holds_gives_it_its_rooms_or_is_refused(catalog, admin_ctx, smtp_sink):
    first, second = _unheld_pair(catalog, 0)
    transitions.approve(admin_ctx, first.id)
    assert [h.whole for h in _holds(first.id)] == [True]
    smtp_sink.clear()

    with pytest.raises(Conflict) as refused:
        transitions.approve(admin_ctx, second.id)

    assert "no longer free" in refused.value.message and "Playroom" in refused.value.message
    assert get_booking(second.id).status == BookingStatus.PENDING
    assert _holds(second.id) == []
    assert smtp_sink.messages(second.email) == []
    # Once the first is cancelled (its room given back) the second can go ahead.
    transitions.cancel(admin_ctx, first.id, "Parent moved the party")
    assert _holds(first.id) == []
    transitions.approve(admin_ctx, second.id)
    assert get_booking(second.id).status == BookingStatus.APPROVED


def test_a_pending_booking_that_holds_its_places_is_approved_as_it_is(catalog, admin_ctx):
    booking = insert_booking(day=day_ahead(12), start="10:00")
    before = _holds(booking.id)
    transitions.approve(admin_ctx, booking.id)
    assert _holds(booking.id) == before != []


def test_two_admins_approving_clashing_bookings_at_once_leave_exactly_one_approved(catalog):
    admins = [
        ctx_for(make_user(Role.ADMIN, email="a@xplorium.rs")),
        ctx_for(make_user(Role.SUPER_ADMIN, email="b@xplorium.rs")),
    ]
    for round_number in range(ROUNDS):
        pair = _unheld_pair(catalog, round_number)
        barrier = threading.Barrier(2)

        def approve(index: int, pair=pair, barrier=barrier):
            barrier.wait()
            try:
                return "approved", transitions.approve(admins[index], pair[index].id)
            except Conflict as error:
                return "conflict", error

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(approve, range(2)))

        assert sorted(kind for kind, _ in outcomes) == ["approved", "conflict"], f"round {round_number}"
        assert sorted(get_booking(b.id).status.value for b in pair) == ["APPROVED", "PENDING"]
