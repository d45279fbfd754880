"""The managers' morning email: yesterday's bookings, revenue and cancellations.

The worker's sweep calls `queue_due` a few times a minute; from DAILY_SUMMARY_TIME (venue
time) on, yesterday's summary goes once to every active ADMIN and SUPER_ADMIN who turned on
its email in their notification preferences.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
import structlog

from xplorium.config import settings
from xplorium.constants import VENUE_NAME
from xplorium.db import session_scope
from xplorium.models import Booking, ScheduledMark
from xplorium.models.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, NotificationKind
from xplorium.services import catalog, mail, notifications
from xplorium.services.clock import VENUE_TZ

log = structlog.get_logger(__name__)


def mark_key(day: date) -> str:
    return f"summary:{day.isoformat()}"


def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=VENUE_TZ)
    return start, start + timedelta(days=1)


def figures(session, day: date) -> dict:
    """Bookings received on `day`; and of the visits on `day` (as the dashboard counts them):
    bookings, paid revenue and cancellations."""
    b = Booking.__table__
    counted = b.c.status.in_([s.value for s in ACTIVE_BOOKING_STATUSES])
    start, end = _local_day_bounds(day)
    received = session.execute(
        sa.select(sa.func.count()).where(b.c.created_at >= start, b.c.created_at < end)
    ).scalar_one()
    visits, revenue, cancelled = session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(sa.case((counted, 1), else_=0)), 0),
            sa.func.coalesce(
                sa.func.sum(
                    sa.case(
                        (sa.and_(counted, b.c.paid.is_(True)), sa.func.coalesce(b.c.payment_amount, 0)),
                        else_=0,
                    )
                ),
                0,
            ),
            sa.func.coalesce(
                sa.func.sum(sa.case((b.c.status == BookingStatus.CANCELLED.value, 1), else_=0)), 0
            ),
        ).where(b.c.date == day)
    ).one()
    return {
        "received": int(received),
        "visits": int(visits),
        "revenue": Decimal(revenue),
        "cancelled": int(cancelled),
    }


def _email(day: date, facts: dict) -> tuple[str, str]:
    lines = [
        f"{VENUE_NAME} on {catalog.format_day(day)}:",
        "",
        f"Bookings received: {facts['received']}",
        f"Visits and parties: {facts['visits']}",
        f"Revenue (paid): {catalog.format_money(facts['revenue'])}",
        f"Cancellations: {facts['cancelled']}",
        "",
        settings.public_base_url.rstrip("/") + "/admin/dashboard",
    ]
    return f"{VENUE_NAME} daily summary for {day.isoformat()}", "\n".join(lines)


def queue_due(now: datetime) -> int:
    """Queue yesterday's summary if it is due at `now` (UTC-aware) and not yet queued; returns
    how many emails."""
    local = now.astimezone(VENUE_TZ)
    if local.time() < time.fromisoformat(settings.daily_summary_time):
        return 0
    day = local.date() - timedelta(days=1)
    key = mark_key(day)
    with session_scope() as session:
        if session.get(ScheduledMark, key) is not None:
            return 0
        session.add(ScheduledMark(key=key))
        subject, body = _email(day, figures(session, day))
        staff = session.execute(notifications.recipients(NotificationKind.DAILY_SUMMARY)).all()
        emails = [row.email for row in staff if row.wants_email]
        for email in emails:
            mail.queue(session, email, subject, body, key=f"{key}:{email}")
    log.info("daily_summary_queued", day=day.isoformat(), emails=len(emails))
    return len(emails)
