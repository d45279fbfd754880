"""Whatever parents and staff do, in whatever order, no room is ever over its capacity and the
ledger is always the sum of the active holds (hypothesis drives random sequences)."""

import contextlib
import itertools

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlmodel import select

from tests.services.bookings.conftest import DAY, ctx, request
from tests.support.checks import ledger_problems
from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.services import rooms
from xplorium.services.bookings import transitions, writing
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, ValidationFailed

PACKAGES = (
    "Classic party",
    "Play session",
    "Private playroom hire",
    "Sensory session",
    "Sensory party",
    "Coffee and play",
)
STARTS = ("10:00", "11:00", "12:30")
ROOM_SLUGS = ("party_room", "playroom", "sensory_room", "cafe")
_numbers = itertools.count(1000)


def test_random_bookings_cancels_approvals_and_closures_keep_the_ledger_right(catalog, admin_ctx, engine):
    staff: RequestContext = admin_ctx

    class Venue(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            with engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM room_holds"))
                conn.execute(sa.text("DELETE FROM room_closures"))
                conn.execute(sa.text("DELETE FROM bookings"))

        @rule(
            package=st.sampled_from(PACKAGES),
            start=st.sampled_from(STARTS),
            guests=st.integers(min_value=1, max_value=12),
            extra=st.lists(st.sampled_from(("playroom", "sensory_room")), unique=True, max_size=2),
            minutes=st.sampled_from((60, 120)),
        )
        def book(self, package, start, guests, extra, minutes):
            data = request(catalog, package, start, guests, minutes=minutes)
            if data["type"] == "PARTY":
                data["guest_count"] = max(guests, 5)
                data["rooms"] = extra
            with contextlib.suppress(Conflict, ValidationFailed):
                writing.create_booking(ctx(next(_numbers)), data)

        @rule(
            index=st.integers(min_value=0, max_value=20),
            action=st.sampled_from(("cancel", "approve", "reject")),
        )
        def decide(self, index, action):
            with session_scope() as session:
                ids = session.exec(select(Booking.id).order_by(Booking.id)).all()
            if not ids:
                return
            booking_id = ids[index % len(ids)]
            try:
                if action == "reject":
                    transitions.reject(staff, booking_id, "Not possible on that day, sorry.")
                else:
                    getattr(transitions, action)(staff, booking_id)
            except Conflict:
                pass

        @rule(slug=st.sampled_from(ROOM_SLUGS), reopen=st.booleans())
        def close(self, slug, reopen):
            room = rooms.room_by_slug(slug)
            listed = next(r for r in rooms.list_rooms(staff) if r["id"] == room["id"])
            if reopen and listed["closures"]:
                rooms.reopen(staff, listed["closures"][0]["id"])
                return
            with contextlib.suppress(Conflict):
                rooms.close_room(staff, room["id"], {"starts_on": DAY.isoformat(), "reason": "Deep clean"})

        @invariant()
        def ledger_is_the_sum_of_active_holds(self):
            with session_scope() as session:
                assert ledger_problems(session) == []

    run_state_machine_as_test(
        Venue,
        settings=settings(
            max_examples=8,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
