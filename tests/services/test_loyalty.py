"""Loyalty points and tiers: thresholds, adjustments, earning, and consistency under failure."""

import contextlib
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlmodel import select

from tests.support.bookings_data import insert_booking
from tests.support.customers import (  # noqa: F401 - fixtures
    bookings_fixture,
    ctx_of,
    make_customer,
    manager_ctx_fixture,
    manager_fixture,
)
from xplorium.db import session_scope
from xplorium.models import AuditLog, Booking, LoyaltyTransaction, User, VenueSettings
from xplorium.models.enums import BookingStatus, LoyaltyKind, LoyaltyTier, Role
from xplorium.models.users import tier_expression
from xplorium.services import loyalty
from xplorium.services.bookings import transitions
from xplorium.services.errors import Conflict, Forbidden, NotFound, ValidationFailed

ROOT = Path(__file__).resolve().parents[2]


def stored(user_id: int) -> tuple[int, str]:
    """(points, tier) as the database has them now."""
    with session_scope() as session:
        row = session.execute(
            sa.text("SELECT loyalty_points, loyalty_tier FROM users WHERE id = :id"), {"id": user_id}
        ).one()
        return row[0], row[1]


def ledger_rows(user_id: int) -> list[LoyaltyTransaction]:
    with session_scope() as session:
        return list(
            session.exec(
                select(LoyaltyTransaction)
                .where(LoyaltyTransaction.user_id == user_id)
                .order_by(LoyaltyTransaction.id)
            ).all()
        )


def audit_rows(action: str = "ADJUST_POINTS") -> list[AuditLog]:
    with session_scope() as session:
        return list(
            session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all()
        )


BOUNDARIES = [
    (0, "BRONZE"),
    (999, "BRONZE"),
    (1000, "SILVER"),
    (2999, "SILVER"),
    (3000, "GOLD"),
    (5999, "GOLD"),
    (6000, "PLATINUM"),
    (9999, "PLATINUM"),
    (10000, "VIP"),
    (250000, "VIP"),
]


def test_the_tiers_and_their_thresholds_are_the_venues():
    assert [(tier.value, tier.threshold) for tier in LoyaltyTier] == [
        ("BRONZE", 0),
        ("SILVER", 1000),
        ("GOLD", 3000),
        ("PLATINUM", 6000),
        ("VIP", 10000),
    ]
    assert set(loyalty.TIER_LABELS) == set(loyalty.TIERS) == {tier.value for tier in LoyaltyTier}


def test_the_migrated_tier_column_computes_what_the_tier_enum_says():
    # The first migration wrote the CASE by hand; changing a threshold needs a new migration.
    migration = (ROOT / "alembic" / "versions" / "0001_initial_schema.py").read_text()
    assert f'"{tier_expression()}"' in migration


@pytest.mark.parametrize(
    ("points", "progress"),
    [
        (0, ("SILVER", 1000, 0)),
        (500, ("SILVER", 500, 50)),
        (999, ("SILVER", 1, 99)),
        (1000, ("GOLD", 2000, 0)),
        (4500, ("PLATINUM", 1500, 50)),
        (9999, ("VIP", 1, 99)),
        (10000, ("", 0, 100)),
        (250000, ("", 0, 100)),
    ],
)
def test_progress_to_the_next_tier(points, progress):
    assert tuple(loyalty.tier_progress(points)) == progress


@pytest.mark.parametrize(("points", "tier"), BOUNDARIES)
def test_the_database_puts_every_boundary_in_the_right_tier(clean, points, tier):
    customer = make_customer("boundary@example.com")
    with session_scope() as session:
        session.execute(
            sa.text("UPDATE users SET loyalty_points = :p WHERE id = :id"), {"p": points, "id": customer.id}
        )

    assert stored(customer.id) == (points, tier)
    assert loyalty.tier_for(points) == tier


@pytest.mark.parametrize(
    ("start", "delta", "tier_before", "tier_after"),
    [
        (999, 1, "BRONZE", "SILVER"),
        (1000, -1, "SILVER", "BRONZE"),
        (2999, 1, "SILVER", "GOLD"),
        (3000, -1, "GOLD", "SILVER"),
        (5999, 1, "GOLD", "PLATINUM"),
        (6000, -1, "PLATINUM", "GOLD"),
        (9999, 1, "PLATINUM", "VIP"),
        (10000, -1, "VIP", "PLATINUM"),
    ],
)
def test_one_point_across_a_threshold_moves_the_tier_and_the_ledger_records_it(
    manager_ctx, start, delta, tier_before, tier_after
):
    customer = make_customer("edge@example.com", loyalty_points=start)

    change = loyalty.adjust_points(manager_ctx, customer.id, delta, "Threshold check")

    assert (change.tier_before, change.tier_after) == (tier_before, tier_after)
    assert stored(customer.id) == (start + delta, tier_after)
    [entry] = ledger_rows(customer.id)
    assert (entry.delta, entry.points_after, entry.tier_before, entry.tier_after) == (
        delta,
        start + delta,
        tier_before,
        tier_after,
    )
    assert entry.kind == LoyaltyKind.ADJUST


def test_an_adjustment_is_ledgered_with_a_clean_reason_and_audited_without_it(manager, manager_ctx):
    customer = make_customer("jovana@example.com", loyalty_points=2800)

    change = loyalty.adjust_points(
        manager_ctx, customer.id, "+250", "  <b>Birthday</b> party   compensation<script>x</script> "
    )

    assert (change.points_after, change.tier_after) == (3050, "GOLD")
    [entry] = ledger_rows(customer.id)
    assert entry.reason == "Birthday party compensation"
    assert entry.actor_id == manager.id
    [record] = audit_rows()
    assert record.entity == "user" and record.entity_id == str(customer.id)
    assert record.actor_id == manager.id
    assert record.changes["delta"] == 250
    assert record.changes["points"] == {"from": 2800, "to": 3050}
    assert record.changes["tier"] == {"from": "SILVER", "to": "GOLD"}
    assert "Birthday" not in str(record.changes)


@pytest.mark.parametrize(
    ("start", "delta", "field"),
    [
        (100, -101, "points"),
        (0, -1, "points"),
        (500, 10001, "points"),
        (20000, -10001, "points"),
        (500, 0, "points"),
        (500, "ten", "points"),
        (500, "", "points"),
    ],
)
def test_a_refused_adjustment_changes_nothing(manager_ctx, start, delta, field):
    customer = make_customer("refused@example.com", loyalty_points=start)
    before = stored(customer.id)

    with pytest.raises(ValidationFailed) as refused:
        loyalty.adjust_points(manager_ctx, customer.id, delta, "Goodwill")

    assert field in refused.value.fields
    assert stored(customer.id) == before
    assert ledger_rows(customer.id) == []
    assert audit_rows() == []


def test_the_largest_adjustments_are_allowed(manager_ctx):
    customer = make_customer("big@example.com", loyalty_points=10000)

    loyalty.adjust_points(manager_ctx, customer.id, -10000, "Correction of a typo")
    assert stored(customer.id) == (0, "BRONZE")
    loyalty.adjust_points(manager_ctx, customer.id, 10000, "Correction of the correction")
    assert stored(customer.id) == (10000, "VIP")


@pytest.mark.parametrize("reason", ["", "   ", "<b></b>", None])
def test_an_adjustment_needs_a_reason(manager_ctx, reason):
    customer = make_customer("why@example.com", loyalty_points=10)

    with pytest.raises(ValidationFailed) as refused:
        loyalty.adjust_points(manager_ctx, customer.id, 5, reason)

    assert "reason" in refused.value.fields
    assert stored(customer.id) == (10, "BRONZE")


def test_parents_cannot_adjust_points_and_missing_customers_are_not_found(manager_ctx):
    parent = make_customer("sneaky@example.com", loyalty_points=0)

    with pytest.raises(Forbidden):
        loyalty.adjust_points(ctx_of(parent), parent.id, 5000, "I deserve it")
    assert stored(parent.id) == (0, "BRONZE")
    with pytest.raises(NotFound):
        loyalty.adjust_points(manager_ctx, 999999, 5, "Nobody")


def test_the_database_refuses_to_write_a_tier_that_disagrees_with_the_points(clean):
    customer = make_customer("forced@example.com", loyalty_points=1500)

    with pytest.raises(ProgrammingError, match="loyalty_tier"), session_scope() as session:
        session.execute(sa.text("UPDATE users SET loyalty_tier = 'VIP' WHERE id = :id"), {"id": customer.id})
    with pytest.raises(IntegrityError, match="points_non_negative"), session_scope() as session:
        session.execute(sa.text("UPDATE users SET loyalty_points = -5 WHERE id = :id"), {"id": customer.id})

    assert stored(customer.id) == (1500, "SILVER")


def test_a_transaction_failing_after_the_points_update_rolls_back_points_and_tier(manager_ctx, monkeypatch):
    customer = make_customer("midway@example.com", loyalty_points=900)
    seen_inside: list[tuple[int, str]] = []

    def crash_after_update(session, ctx, change, **extra):
        # Inside the transaction the database already shows the new points AND the new tier...
        row = session.execute(
            sa.text("SELECT loyalty_points, loyalty_tier FROM users WHERE id = :id"), {"id": change.user_id}
        ).one()
        seen_inside.append((row[0], row[1]))
        raise RuntimeError("the process died half-way")

    monkeypatch.setattr(loyalty, "_audit_change", crash_after_update)

    with pytest.raises(RuntimeError):
        loyalty.adjust_points(manager_ctx, customer.id, 200, "Crash test")

    # ...and after the failure neither the points nor the tier nor the ledger changed.
    assert seen_inside == [(1100, "SILVER")]
    assert stored(customer.id) == (900, "BRONZE")
    assert ledger_rows(customer.id) == []


def test_after_many_changes_no_customer_has_a_tier_other_than_its_points_say(manager_ctx):
    people = [make_customer(f"mix{i}@example.com", loyalty_points=i * 700) for i in range(8)]
    for step, delta in enumerate([999, -300, 2500, 1, -1, 4000, -4000, 10000]):
        for person in people:
            with contextlib.suppress(ValidationFailed):
                loyalty.adjust_points(manager_ctx, person.id, delta, f"step {step}")
    with session_scope() as session:
        rows = session.execute(
            sa.select(User.loyalty_points, User.loyalty_tier).where(User.role == Role.USER)
        ).all()
    assert rows and all(tier == loyalty.tier_for(points) for points, tier in rows)
    for person in people:
        entries = ledger_rows(person.id)
        # The ledger replays to the stored points.
        assert sum(e.delta for e in entries) + people.index(person) * 700 == stored(person.id)[0]


# ---------------------------------------------------------------- earning


def set_rate(rate: int) -> None:
    with session_scope() as session:
        settings = session.get(VenueSettings, 1) or VenueSettings(id=1)
        settings.points_per_100_rsd = rate
        session.add(settings)


def award(booking_id: int) -> loyalty.PointsChange | None:
    with session_scope() as session:
        booking = session.get(Booking, booking_id)
        return loyalty.award_points_for_booking(session, booking)


def test_a_completed_and_paid_booking_earns_once(bookings):
    customer = make_customer("earner@example.com", loyalty_points=980)
    booking = bookings.add(
        customer, day=date(2026, 3, 1), status=BookingStatus.COMPLETED, price=4550, paid=4550
    )

    first = award(booking.id)
    second = award(booking.id)

    assert first is not None and first.delta == 45
    assert (first.tier_before, first.tier_after) == ("BRONZE", "SILVER")
    assert second is None
    assert stored(customer.id) == (1025, "SILVER")
    [entry] = ledger_rows(customer.id)
    assert (entry.kind, entry.booking_id, entry.delta) == (LoyaltyKind.EARN, booking.id, 45)
    assert entry.reason == f"Booking {booking.reference}"


def test_points_follow_the_rate_setting(bookings):
    set_rate(3)
    customer = make_customer("rate@example.com")
    booking = bookings.add(
        customer, day=date(2026, 3, 2), status=BookingStatus.COMPLETED, price=4599, paid=4599
    )

    assert award(booking.id).delta == 137  # 3 × 45.99, rounded down


@pytest.mark.parametrize(
    ("status", "paid"),
    [
        (BookingStatus.APPROVED, 5000),  # paid, not completed yet
        (BookingStatus.COMPLETED, None),  # completed, not paid
        (BookingStatus.CANCELLED, 5000),
        (BookingStatus.COMPLETED, 99),  # less than 100 RSD: no whole point
    ],
)
def test_bookings_that_are_not_completed_and_paid_earn_nothing(bookings, status, paid):
    customer = make_customer("notyet@example.com")
    booking = bookings.add(customer, day=date(2026, 3, 3), status=status, price=5000, paid=paid)

    assert award(booking.id) is None
    assert stored(customer.id) == (0, "BRONZE")
    assert ledger_rows(customer.id) == []


def test_the_database_refuses_a_second_earn_row_for_a_booking(bookings):
    customer = make_customer("twice@example.com")
    booking = bookings.add(
        customer, day=date(2026, 3, 4), status=BookingStatus.COMPLETED, price=1000, paid=1000
    )
    award(booking.id)

    duplicate = LoyaltyTransaction(
        user_id=customer.id,
        kind=LoyaltyKind.EARN,
        delta=10,
        points_after=20,
        tier_before="BRONZE",
        tier_after="BRONZE",
        reason="again",
        booking_id=booking.id,
    )
    with (
        pytest.raises(IntegrityError, match="uq_loyalty_transactions_earn_booking"),
        session_scope() as session,
    ):
        session.add(duplicate)
    assert stored(customer.id) == (10, "BRONZE")


def test_two_simultaneous_awards_for_one_booking_credit_it_once(bookings):
    set_rate(1)  # the settings row exists in any running venue
    customer = make_customer("race@example.com")
    booking = bookings.add(
        customer, day=date(2026, 3, 5), status=BookingStatus.COMPLETED, price=2000, paid=2000
    )
    barrier = threading.Barrier(2)
    results: list = []

    def worker() -> None:
        with session_scope() as session:
            row = session.get(Booking, booking.id)
            barrier.wait()
            results.append(loyalty.award_points_for_booking(session, row))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r is None for r in results) == [False, True]
    assert stored(customer.id) == (20, "BRONZE")
    assert len(ledger_rows(customer.id)) == 1


def test_the_ledger_lists_changes_newest_first_with_who_made_them(manager, manager_ctx, bookings):
    customer = make_customer("history@example.com", name="Ivana Ilić")
    booking = bookings.add(
        customer, day=date(2026, 3, 6), status=BookingStatus.COMPLETED, price=Decimal(1200), paid=1200
    )
    award(booking.id)
    loyalty.adjust_points(manager_ctx, customer.id, 988, "Welcome bonus")

    page = loyalty.ledger(manager_ctx)

    assert [row["delta"] for row in page.items] == [988, 12]
    newest = page.items[0]
    assert (newest["customer"], newest["actor"], newest["tier_move"]) == ("Ivana Ilić", "Mila Manager", "up")
    assert page.items[1]["actor"] == "Automatic"
    assert loyalty.ledger(manager_ctx, user_id=manager.id).total == 0


# Points are earned by the back office's own booking actions: complete and mark paid, in either order.
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
