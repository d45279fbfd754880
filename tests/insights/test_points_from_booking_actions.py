"""Points are earned by the back office's own booking actions: complete and mark paid, in either order."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.bookings_data import insert_booking
from tests.support.customers import make_customer
from xplorium.db import session_scope
from xplorium.models import AuditLog, LoyaltyTransaction
from xplorium.models.enums import BookingStatus, LoyaltyKind
from xplorium.services.bookings import transitions
from xplorium.services.errors import Conflict


def points_of(user_id: int) -> tuple[int, str]:
    with session_scope() as session:
        return tuple(
            session.execute(
                sa.text("SELECT loyalty_points, loyalty_tier FROM users WHERE id = :id"), {"id": user_id}
            ).one()
        )


def earn_rows(user_id: int) -> list[LoyaltyTransaction]:
    with session_scope() as session:
        return list(
            session.exec(
                select(LoyaltyTransaction).where(
                    LoyaltyTransaction.user_id == user_id, LoyaltyTransaction.kind == LoyaltyKind.EARN
                )
            ).all()
        )


@pytest.mark.parametrize("order", ["pay then complete", "complete then pay"])
def test_a_booking_earns_its_points_when_the_second_of_the_two_happens(manager, manager_ctx, order):
    parent = make_customer("family@example.com", loyalty_points=900)
    booking = insert_booking(status=BookingStatus.APPROVED, price="24000.00", user_id=parent.id)

    if order == "pay then complete":
        transitions.mark_paid(manager_ctx, booking.id, "12500")
        assert points_of(parent.id) == (900, "BRONZE")
        detail = transitions.complete(manager_ctx, booking.id)
    else:
        transitions.complete(manager_ctx, booking.id)
        assert points_of(parent.id) == (900, "BRONZE")
        detail = transitions.mark_paid(manager_ctx, booking.id, "12500")

    assert points_of(parent.id) == (1025, "SILVER")
    assert detail["customer"]["tier"] == "SILVER"
    [entry] = earn_rows(parent.id)
    assert (entry.booking_id, entry.delta, entry.tier_before, entry.tier_after) == (
        booking.id,
        125,
        "BRONZE",
        "SILVER",
    )
    assert entry.actor_id == manager.id
    with session_scope() as session:
        actions = session.exec(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[-1] == "ADJUST_POINTS" and "COMPLETE" in actions and "PAYMENT" in actions


def test_a_refused_action_earns_nothing(manager_ctx):
    parent = make_customer("refused@example.com")
    booking = insert_booking(status=BookingStatus.COMPLETED, price="5000.00", user_id=parent.id)
    transitions.mark_paid(manager_ctx, booking.id, "5000")
    assert points_of(parent.id) == (50, "BRONZE")

    with pytest.raises(Conflict):
        transitions.mark_paid(manager_ctx, booking.id, "5000")
    with pytest.raises(Conflict):
        transitions.complete(manager_ctx, booking.id)

    assert points_of(parent.id) == (50, "BRONZE")
    assert len(earn_rows(parent.id)) == 1


def test_a_guest_booking_earns_for_the_customer_it_is_tied_to(manager_ctx):
    guest = make_customer("guest.parent@example.com", password_hash=None)
    booking = insert_booking(status=BookingStatus.APPROVED, price="3000.00", user_id=guest.id)
    transitions.complete(manager_ctx, booking.id)
    transitions.mark_paid(manager_ctx, booking.id)  # the quote

    assert points_of(guest.id) == (30, "BRONZE")
