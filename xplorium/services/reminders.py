"""The reminder email the day before a visit or party, and a parent's choice not to get one.

The worker's sweep (xplorium/jobs/tasks.py) calls `queue_due` a few times a minute; from
REMINDER_TIME (venue time) on, every PENDING or APPROVED booking of tomorrow gets its
reminder once: the mark and the email's job commit together, so a restart never sends twice.
"""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
import structlog
from sqlmodel import select

from xplorium.config import settings
from xplorium.constants import VENUE_NAME
from xplorium.db import session_scope
from xplorium.i18n import _, use_locale
from xplorium.models import Booking, ReminderOptOut, ScheduledMark
from xplorium.models.enums import AuditAction, BookingStatus
from xplorium.services import audit, mail
from xplorium.services.bookings.display import summary
from xplorium.services.clock import VENUE_TZ
from xplorium.services.context import RequestContext
from xplorium.services.errors import NotFound, Unauthenticated, ValidationFailed
from xplorium.services.sanitize import clean_text

log = structlog.get_logger(__name__)

# Bookings still expected to happen; cancelled, rejected and completed ones get no reminder.
REMINDED = (BookingStatus.PENDING, BookingStatus.APPROVED)


MARK_PREFIX = "reminder:"


def mark_key(booking_id: int) -> str:
    return f"{MARK_PREFIX}{booking_id}"


def send_at() -> time:
    return time.fromisoformat(settings.reminder_time)


def _email(booking: Booking) -> tuple[str, str]:
    facts = summary(booking)
    manage = settings.public_base_url.rstrip("/") + "/profile"
    lines = [
        _("Dear {contact_name},").format(contact_name=booking.contact_name),
        "",
        _("a reminder that we expect you at {venue} tomorrow.").format(venue=VENUE_NAME),
        "",
        _("Reference: {reference}").format(reference=booking.reference),
        _("What: {type_label}").format(type_label=facts["type_label"]),
        _("When: {date_label}, {time_label}").format(
            date_label=facts["date_label"], time_label=facts["time_label"]
        ),
        _("Guests: {guest_count}").format(guest_count=booking.guest_count),
        _("Status: {status_label}").format(status_label=facts["status_label"]),
        "",
        _("To see or cancel your booking, sign in with this email address: {manage}").format(manage=manage),
        _("If you cannot come, please cancel so that another family can have the time."),
    ]
    return _("Reminder: your {venue} visit tomorrow ({reference})").format(
        venue=VENUE_NAME, reference=booking.reference
    ), "\n".join(lines)


def queue_due(now: datetime) -> int:
    """Queue the reminders that are due at `now` (UTC-aware) and not yet queued; returns how many."""
    local = now.astimezone(VENUE_TZ)
    if local.time() < send_at():
        return 0
    tomorrow = local.date() + timedelta(days=1)
    with session_scope() as session:
        due = session.exec(
            select(Booking)
            .where(Booking.date == tomorrow, Booking.status.in_(REMINDED))
            .where(~sa.exists().where(ReminderOptOut.booking_id == Booking.id))
            .where(~sa.exists().where(ScheduledMark.key == MARK_PREFIX + sa.cast(Booking.id, sa.String)))
            .order_by(Booking.id)
        ).all()
        for booking in due:
            key = mark_key(booking.id)
            session.add(ScheduledMark(key=key))
            with use_locale(booking.language):
                mail.queue(session, booking.email, *_email(booking), key=key)
    if due:
        log.info("reminders_queued", count=len(due), day=tomorrow.isoformat())
    return len(due)


def set_wanted(ctx: RequestContext, reference: object, wanted: bool) -> dict:
    """The signed-in parent turns the day-before reminder of their own booking on or off."""
    if ctx.actor_id is None:
        raise Unauthenticated()
    if not isinstance(wanted, bool):
        raise ValidationFailed({"reminder": _("Choose on or off.")})
    reference = clean_text(reference, max_length=16).upper()
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == reference)).first()
        if booking is None or booking.user_id != ctx.actor_id:
            raise NotFound(_("Booking not found."))
        opted_out = session.get(ReminderOptOut, booking.id)
        if wanted and opted_out is not None:
            session.delete(opted_out)
        elif not wanted and opted_out is None:
            session.add(ReminderOptOut(booking_id=booking.id))
        else:
            return {"reference": reference, "reminder": wanted}
        audit.record(session, ctx, AuditAction.UPDATE, "booking", booking.id, {"reminder": wanted})
    return {"reference": reference, "reminder": wanted}
