"""Loyalty points: manual adjustments by staff, and the points a completed, paid booking earns.

How points and tier stay consistent
    `users.loyalty_tier` is a column the DATABASE computes from `loyalty_points` (a stored
    generated column, see models/users.py): nobody can write a tier, so the two can never
    disagree, and `loyalty_points >= 0` is a CHECK constraint. Every change here is one
    `UPDATE users SET loyalty_points = loyalty_points + :delta ... RETURNING loyalty_tier`
    plus one ledger row (`loyalty_transactions`) in the SAME transaction, taken under a row
    lock on the user: both happen or neither does. The ledger records the tier before and
    after (as the database computed it), which is what the dashboard charts over time.

Earning
    A booking earns `floor(payment_amount × points_per_100_rsd / 100)` points once it is
    both COMPLETED and paid, whichever of the two happens last. The booking-status service
    calls `award_points_for_booking(session, booking)` inside its own transaction, after both
    changes it makes; the function checks the conditions itself and is idempotent: a second
    call finds the booking's EARN row and does nothing, and the partial unique index
    `uq_loyalty_transactions_earn_booking` refuses a second EARN row whatever happens.
"""

import itertools
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import NamedTuple

import sqlalchemy as sa
import structlog
from sqlmodel import Session, select

from xplorium.constants import MAX_POINTS_ADJUSTMENT
from xplorium.db import session_scope
from xplorium.models import Booking, LoyaltyTransaction, User
from xplorium.models.enums import AuditAction, BookingStatus, LoyaltyKind, LoyaltyTier
from xplorium.services import audit
from xplorium.services.authz import require_staff
from xplorium.services.clock import VENUE_TZ
from xplorium.services.context import SYSTEM, RequestContext
from xplorium.services.errors import FieldErrors, NotFound, ValidationFailed
from xplorium.services.pagination import Page, paginate
from xplorium.services.sanitize import clean_text
from xplorium.services.venue import load_settings

log = structlog.get_logger(__name__)

REASON_MAX = 500
# Tier names in ascending order, for display (the database owns the thresholds' effect).
TIERS: tuple[str, ...] = tuple(tier.value for tier in LoyaltyTier)
TIER_RANK = {name: index for index, name in enumerate(TIERS)}
TIER_LABELS = {"BRONZE": "Bronze", "SILVER": "Silver", "GOLD": "Gold", "PLATINUM": "Platinum", "VIP": "VIP"}


@dataclass(frozen=True)
class PointsChange:
    user_id: int
    delta: int
    points_before: int
    points_after: int
    tier_before: str
    tier_after: str
    ledger_id: int

    @property
    def tier_changed(self) -> bool:
        return self.tier_before != self.tier_after


class TierProgress(NamedTuple):
    """Where a balance stands on the way to the next tier ("" and 0 at the top tier)."""

    next_tier: str
    points_to_next: int
    percent: int  # 0-100, from the current tier's threshold to the next one's


def tier_for(points: int) -> str:
    """The tier `points` fall in (display and tests; the stored tier comes from the database)."""
    return [tier for tier in LoyaltyTier if points >= tier.threshold][-1].value


def tier_progress(points: int) -> TierProgress:
    """How far `points` are on the way from their tier to the next one."""
    for current, upcoming in itertools.pairwise(LoyaltyTier):
        if points < upcoming.threshold:
            span = upcoming.threshold - current.threshold
            percent = 100 * (points - current.threshold) // span
            return TierProgress(upcoming.value, upcoming.threshold - points, percent)
    return TierProgress("", 0, 100)


def points_for_amount(amount: Decimal | None, points_per_100_rsd: int) -> int:
    """Whole points for a paid amount: `rate` points per full 100 RSD, rounded down."""
    if not amount or amount <= 0 or points_per_100_rsd <= 0:
        return 0
    points = (Decimal(amount) * points_per_100_rsd / 100).to_integral_value(rounding=ROUND_FLOOR)
    return int(points)


# ---------------------------------------------------------------- the one way points change


def _lock_user(session: Session, user_id: int) -> User:
    user = session.exec(select(User).where(User.id == user_id).with_for_update()).first()
    if user is None:
        raise NotFound("That customer does not exist.")
    return user


def _apply(
    session: Session,
    user: User,
    delta: int,
    *,
    kind: LoyaltyKind,
    reason: str,
    actor_id: int | None,
    booking_id: int | None = None,
) -> PointsChange:
    """Add `delta` to the LOCKED user's points and write the ledger row, in the caller's transaction.

    The tier after the change is read back from the database, which computed it.
    """
    before_points, before_tier = user.loyalty_points, str(user.loyalty_tier or tier_for(user.loyalty_points))
    table = User.__table__
    after_points, after_tier = session.execute(
        sa.update(table)
        .where(table.c.id == user.id)
        .values(loyalty_points=table.c.loyalty_points + delta)
        .returning(table.c.loyalty_points, table.c.loyalty_tier)
    ).one()
    entry = LoyaltyTransaction(
        user_id=user.id,
        kind=kind,
        delta=delta,
        points_after=after_points,
        tier_before=before_tier,
        tier_after=str(after_tier),
        reason=reason,
        booking_id=booking_id,
        actor_id=actor_id,
    )
    session.add(entry)
    session.flush()
    # The ORM copy is stale after the core UPDATE; make later reads in this session see the DB.
    session.expire(user, ["loyalty_points", "loyalty_tier"])
    return PointsChange(
        user_id=user.id,
        delta=delta,
        points_before=before_points,
        points_after=after_points,
        tier_before=before_tier,
        tier_after=str(after_tier),
        ledger_id=entry.id,
    )


def _audit_change(session: Session, ctx: RequestContext, change: PointsChange, **extra) -> None:
    audit.record(
        session,
        ctx,
        AuditAction.ADJUST_POINTS,
        "user",
        change.user_id,
        {
            "delta": change.delta,
            "points": {"from": change.points_before, "to": change.points_after},
            "tier": {"from": change.tier_before, "to": change.tier_after},
            "ledger_id": change.ledger_id,
            **extra,
        },
    )


# ---------------------------------------------------------------- manual adjustments


def _parse_delta(errors: FieldErrors, value: object) -> int | None:
    text = str(value if value is not None else "").strip().replace(" ", "")
    if isinstance(value, bool) or not text:
        errors.add("points", "Enter the points to add (e.g. 250) or remove (e.g. -250).")
        return None
    try:
        delta = int(text)
    except ValueError:
        errors.add("points", "Points must be a whole number, e.g. 250 or -250.")
        return None
    if delta == 0:
        errors.add("points", "An adjustment of 0 points changes nothing.")
        return None
    if abs(delta) > MAX_POINTS_ADJUSTMENT:
        errors.add(
            "points",
            f"One adjustment is at most {MAX_POINTS_ADJUSTMENT:,} points either way.".replace(",", " "),
        )
        return None
    return delta


def adjust_points(ctx: RequestContext, user_id: object, points: object, reason: object) -> PointsChange:
    """Add or remove points by hand: at most ±MAX_POINTS_ADJUSTMENT, with a reason, never below zero.

    A refused adjustment changes nothing. Audited as ADJUST_POINTS (without the reason's text,
    which the ledger keeps for staff).
    """
    require_staff(ctx)
    errors = FieldErrors()
    delta = _parse_delta(errors, points)
    text = clean_text(reason, max_length=REASON_MAX, multiline=False)
    if not text:
        errors.add("reason", "Say why the points change (the customer may ask).")
    try:
        target = int(str(user_id).strip())
    except (TypeError, ValueError):
        target = 0
    if target <= 0:
        errors.add("customer", "Choose a customer.")
    errors.raise_if_any()
    with session_scope() as session:
        user = _lock_user(session, target)
        if user.deleted_at is not None:
            raise NotFound("That customer's account is deleted; restore it first.")
        if user.loyalty_points + delta < 0:
            raise ValidationFailed(
                {"points": f"They have {user.loyalty_points} points; removing {-delta} would go below zero."},
                message="Points can never go below zero; nothing was changed.",
            )
        change = _apply(session, user, delta, kind=LoyaltyKind.ADJUST, reason=text, actor_id=ctx.actor_id)
        _audit_change(session, ctx, change, source="manual")
    log.info("points_adjusted", user_id=change.user_id, delta=delta, tier_changed=change.tier_changed)
    return change


# ---------------------------------------------------------------- earning


def booking_earns(booking: Booking) -> bool:
    """Whether a booking is in the state that earns points (completed and paid, with an owner)."""
    return (
        BookingStatus(booking.status) == BookingStatus.COMPLETED
        and bool(booking.paid)
        and booking.user_id is not None
        and bool(booking.payment_amount)
    )


def award_points_for_booking(
    session: Session, booking: Booking, ctx: RequestContext = SYSTEM
) -> PointsChange | None:
    """Credit a completed AND paid booking's points, once; call inside the caller's transaction.

    Call it after every change that can make a booking earn (completion, payment). It does
    nothing (returns None) when the booking does not earn yet, earns 0 points, or already
    earned. Two calls for the same booking are serialised by the lock on the customer's row:
    the second sees the first's committed EARN row; the unique index is the last line.
    """
    if booking.id is None or not booking_earns(booking):
        return None
    rate = load_settings(session).points_per_100_rsd
    earned = points_for_amount(booking.payment_amount, rate)
    if earned <= 0:
        return None
    user = session.exec(select(User).where(User.id == booking.user_id).with_for_update()).first()
    if user is None:
        return None
    already = session.exec(
        select(LoyaltyTransaction.id).where(
            LoyaltyTransaction.booking_id == booking.id, LoyaltyTransaction.kind == LoyaltyKind.EARN
        )
    ).first()
    if already is not None:
        return None
    change = _apply(
        session,
        user,
        earned,
        kind=LoyaltyKind.EARN,
        reason=f"Booking {booking.reference}",
        actor_id=ctx.actor_id,
        booking_id=booking.id,
    )
    _audit_change(session, ctx, change, source="booking", reference=booking.reference)
    log.info("points_earned", user_id=user.id, booking_id=booking.id, points=earned)
    return change


# ---------------------------------------------------------------- reading the ledger


def _ledger_row(entry: LoyaltyTransaction, name: str | None, email: str | None, actor: str | None) -> dict:
    tier_move = (
        "up"
        if TIER_RANK.get(entry.tier_after, 0) > TIER_RANK.get(entry.tier_before, 0)
        else "down"
        if TIER_RANK.get(entry.tier_after, 0) < TIER_RANK.get(entry.tier_before, 0)
        else ""
    )
    return {
        "id": entry.id,
        "user_id": entry.user_id,
        "customer": name or (email or "").split("@")[0],
        "email": email or "",
        "kind": LoyaltyKind(entry.kind).value,
        "delta": entry.delta,
        "delta_label": f"+{entry.delta}" if entry.delta > 0 else str(entry.delta),
        "points_after": entry.points_after,
        "tier_before": entry.tier_before,
        "tier_after": entry.tier_after,
        "tier_before_label": TIER_LABELS.get(entry.tier_before, entry.tier_before),
        "tier_after_label": TIER_LABELS.get(entry.tier_after, entry.tier_after),
        "tier_move": tier_move,
        "reason": entry.reason,
        "actor": actor or ("Automatic" if entry.kind == LoyaltyKind.EARN else "—"),
        "when": entry.created_at.astimezone(VENUE_TZ).strftime("%d %b %Y %H:%M"),
    }


def ledger(
    ctx: RequestContext, *, user_id: object = None, page: object = 1, page_size: object = 20
) -> Page[dict]:
    """The most recent ledger rows (of one customer, or everyone's), newest first."""
    require_staff(ctx)
    customer = sa.orm.aliased(User)
    actor = sa.orm.aliased(User)
    statement = (
        sa.select(LoyaltyTransaction, customer.name, customer.email, actor.name)
        .join(customer, customer.id == LoyaltyTransaction.user_id)
        .outerjoin(actor, actor.id == LoyaltyTransaction.actor_id)
        .order_by(LoyaltyTransaction.created_at.desc(), LoyaltyTransaction.id.desc())
    )
    if user_id not in (None, "", 0):
        try:
            statement = statement.where(LoyaltyTransaction.user_id == int(str(user_id)))
        except ValueError:
            raise NotFound("That customer does not exist.") from None
    with session_scope() as session:
        return paginate(
            session, statement, page, page_size, mapper=lambda row: _ledger_row(*row), scalars=False
        )
