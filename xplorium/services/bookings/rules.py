"""The booking rules every other module imports: types, statuses, the status machine, limits."""

from xplorium.constants import GUESTS_MAX, GUESTS_MIN, PARTY_GUESTS_MAX, PARTY_GUESTS_MIN
from xplorium.models import Booking
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    AuditAction,
    BookingStatus,
    BookingType,
    PricingCategory,
)
from xplorium.services.clock import local_now

S = BookingStatus

# What a parent can book on the public site, and the pricing category that prices it.
PUBLIC_TYPES = (BookingType.PARTY, BookingType.PLAYGROUND, BookingType.SENSORY_ROOM, BookingType.CAFE)
TYPE_CATEGORY = {
    BookingType.PARTY: PricingCategory.PARTY,
    BookingType.PLAYGROUND: PricingCategory.PLAYGROUND,
    BookingType.SENSORY_ROOM: PricingCategory.SENSORY_ROOM,
    BookingType.CAFE: PricingCategory.CAFE,
}
CATEGORY_TYPE = {category: booking_type for booking_type, category in TYPE_CATEGORY.items()}
TYPE_LABELS = {
    BookingType.PARTY: "Birthday party",
    BookingType.PLAYGROUND: "Playroom visit",
    BookingType.SENSORY_ROOM: "Sensory room",
    BookingType.CAFE: "Cafe table",
    BookingType.EVENT: "Event",
}
STATUS_LABELS = {
    S.PENDING: "Waiting for confirmation",
    S.APPROVED: "Confirmed",
    S.REJECTED: "Declined",
    S.CANCELLED: "Cancelled",
    S.COMPLETED: "Completed",
}

# The status machine: from-status -> the statuses it may move to. Nothing else is allowed.
TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    S.PENDING: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.COMPLETED, S.CANCELLED}),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
    S.COMPLETED: frozenset(),
}
# The admin action that moves a booking to each status, and its audit action.
ACTION_FOR_STATUS = {
    S.APPROVED: ("approve", AuditAction.APPROVE),
    S.REJECTED: ("reject", AuditAction.REJECT),
    S.CANCELLED: ("cancel", AuditAction.CANCEL),
    S.COMPLETED: ("complete", AuditAction.COMPLETE),
}
# A booking in one of these holds its rooms; leaving them gives the places back.
HOLDING = frozenset(ACTIVE_BOOKING_STATUSES)
# A payment is recorded for bookings that go ahead (or went ahead).
PAYABLE = frozenset({S.APPROVED, S.COMPLETED})
# What a parent may cancel themselves (while it has not started).
PARENT_CANCELLABLE = frozenset({S.PENDING, S.APPROVED})


def can_move(current: BookingStatus | str, target: BookingStatus | str) -> bool:
    return BookingStatus(target) in TRANSITIONS[BookingStatus(current)]


def allowed_actions(status: BookingStatus | str, paid: bool = False) -> list[str]:
    """The action names an admin may take on a booking in `status` (for buttons)."""
    status = BookingStatus(status)
    actions = [ACTION_FOR_STATUS[target][0] for target in sorted(TRANSITIONS[status])]
    if status in PAYABLE and not paid:
        actions.append("mark_paid")
    return actions


def parent_may_cancel(booking: Booking) -> bool:
    """A parent cancels their own booking while PENDING or APPROVED and in the future."""
    return booking.status in PARENT_CANCELLABLE and booking.starts_at > local_now()


def guest_limits(booking_type: BookingType | None) -> tuple[int, int]:
    if booking_type == BookingType.PARTY:
        return PARTY_GUESTS_MIN, PARTY_GUESTS_MAX
    return GUESTS_MIN, GUESTS_MAX
