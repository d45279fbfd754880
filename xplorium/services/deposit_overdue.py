"""The daily look at unpaid deposits: past their due date, the staff are told (once), and if the
settings say so the booking is cancelled through the status machine and the parent emailed."""

from datetime import datetime

import structlog

from xplorium import formatting
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models.enums import NotificationKind
from xplorium.services import clock, deposits
from xplorium.services.bookings import transitions
from xplorium.services.clock import VENUE_TZ
from xplorium.services.notifications import notify_staff
from xplorium.services.venue import load_settings

log = structlog.get_logger(__name__)


def sweep(now: datetime) -> int:
    """Report (and, if set, cancel) the deposits overdue at `now`; returns how many were found."""
    today = now.astimezone(VENUE_TZ).date()
    with session_scope() as session:
        cancel = load_settings(session).deposit_auto_cancel
        found = deposits.overdue(session, today)
        for booking, deposit in found:
            deposit.overdue_at = clock.now()
            session.add(deposit)
            amount = formatting.money(deposit.amount, booking.currency)
            due = formatting.day(deposit.due_on)
            title = _("Deposit overdue: {reference}").format(reference=booking.reference)
            if cancel:
                title = _("Deposit overdue, booking cancelled: {reference}").format(
                    reference=booking.reference
                )
            notify_staff(
                session,
                NotificationKind.DEPOSIT_OVERDUE,
                title,
                _("{amount} was due on {day}.").format(amount=amount, day=due),
                f"/admin/bookings?reference={booking.reference}",
            )
            if cancel:
                transitions.cancel_unpaid_deposit(session, booking, amount, due)
    if found:
        log.info("deposits_overdue", count=len(found), cancelled=cancel)
    return len(found)
