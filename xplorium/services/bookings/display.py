"""How a booking's facts read, for parents (no contact details) and for the staff."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from xplorium import formatting
from xplorium.i18n import N_, _
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services.bookings.rules import STATUS_LABELS, TYPE_LABELS, parent_may_cancel
from xplorium.services.clock import VENUE_TZ

PRICE_TO_CONFIRM = N_("Price to confirm")


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours} h"
    return _("{hours} h {rest} min").format(hours=hours, rest=rest) if hours else f"{rest} min"


def span_label(starts_at: datetime, ends_at: datetime) -> str:
    return f"{formatting.time_of_day(starts_at.time())}–{formatting.time_of_day(ends_at.time())}"


def time_label(booking: Booking) -> str:
    return span_label(booking.starts_at, booking.ends_at)


def price_label(amount: Decimal | None, currency: str) -> str:
    if not amount:
        return _(PRICE_TO_CONFIRM)
    return formatting.money(amount, currency)


def local_stamp(moment: datetime | None) -> str:
    """A UTC timestamp as the venue's wall-clock time."""
    if moment is None:
        return ""
    return formatting.moment(moment.astimezone(VENUE_TZ))


def day_label(day: date, today: date) -> str:
    if day == today:
        return _("Today")
    if day == today + timedelta(days=1):
        return _("Tomorrow")
    return formatting.short_day(day)


def summary(booking: Booking, rooms: str = "") -> dict:
    """What the parent may see of a booking: its facts, none of the contact details."""
    status = BookingStatus(booking.status)
    return {
        "reference": booking.reference,
        "type": booking.type.value,
        "type_label": _(TYPE_LABELS[BookingType(booking.type)]),
        "date": booking.date.isoformat(),
        "date_label": formatting.day(booking.date),
        "time_label": time_label(booking),
        "duration_label": duration_label(booking.duration_minutes),
        "guest_count": booking.guest_count,
        "rooms": rooms,
        "price_label": price_label(booking.price_quote, booking.currency),
        "status": status.value,
        "status_label": _(STATUS_LABELS[status]),
        "can_cancel": parent_may_cancel(booking),
    }


def staff_line(booking: Booking) -> str:
    facts = summary(booking)
    return _("{type_label} · {date_label} {time_label} · {guest_count} guests").format(
        type_label=facts["type_label"],
        date_label=facts["date_label"],
        time_label=facts["time_label"],
        guest_count=booking.guest_count,
    )
