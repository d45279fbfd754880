"""The live board's snapshot: today's and the coming days' bookings by status, in ONE query.

Every connected admin screen shows the same snapshot (xplorium/state/live.py, BoardShared);
each backend worker rebuilds it at most a few times a second while changes come in
(xplorium/live.py), so this query runs once per push, whatever the number of admins watching.
"""

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import select

from xplorium.constants import BOARD_COLUMN_MAX, BOARD_DAYS, BOARD_FRESH_MINUTES
from xplorium.db import session_scope
from xplorium.models import Booking, BookingDeposit, RoomHold
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services import clock, deposits, rooms
from xplorium.services.bookings.display import day_label, local_stamp, price_label, span_label
from xplorium.services.bookings.rules import TYPE_LABELS
from xplorium.services.clock import local_now

# The board's columns, left to right, and the statuses each one shows.
COLUMNS: tuple[tuple[str, str, tuple[BookingStatus, ...]], ...] = (
    ("pending", "Pending", (BookingStatus.PENDING,)),
    ("approved", "Approved", (BookingStatus.APPROVED,)),
    ("completed", "Completed", (BookingStatus.COMPLETED,)),
    ("closed", "Closed", (BookingStatus.CANCELLED, BookingStatus.REJECTED)),
)


def snapshot() -> dict:
    """{day, items, counts, today_counts, pending}: bookings from today to BOARD_DAYS ahead.

    `counts`/`today_counts` count every booking per status (the window functions run before
    the per-status cap of BOARD_COLUMN_MAX cards), so a badge is right even when a column
    shows only its first cards.
    """
    now = local_now()
    today = now.date()
    end = today + timedelta(days=BOARD_DAYS)
    fresh_since = clock.now() - timedelta(minutes=BOARD_FRESH_MINUTES)
    in_window = sa.and_(Booking.date >= today, Booking.date < end)
    # The rooms each booking holds, as "1,3" (a correlated subquery, still one statement).
    held = (
        select(sa.func.aggregate_strings(sa.cast(RoomHold.room_id, sa.String), ","))
        .where(RoomHold.booking_id == Booking.id, RoomHold.released_at.is_(None))
        .scalar_subquery()
    )
    # Where the deposit stands ("received", "overdue", "due"; NULL: the booking has none).
    deposit = (
        select(
            sa.case(
                (BookingDeposit.received_at.is_not(None), deposits.RECEIVED),
                (BookingDeposit.overdue_at.is_not(None), deposits.OVERDUE),
                else_=deposits.DUE,
            )
        )
        .where(BookingDeposit.booking_id == Booking.id)
        .scalar_subquery()
    )
    ranked = (
        select(
            Booking.id,
            Booking.reference,
            Booking.type,
            Booking.status,
            Booking.date,
            Booking.starts_at,
            Booking.ends_at,
            Booking.guest_count,
            Booking.contact_name,
            Booking.price_quote,
            Booking.currency,
            Booking.paid,
            Booking.created_at,
            held.label("room_ids"),
            deposit.label("deposit"),
            Booking.checked_in_at,
            sa.func.count().over(partition_by=Booking.status).label("status_count"),
            sa.func.count()
            .filter(Booking.date == today)
            .over(partition_by=Booking.status)
            .label("today_count"),
            sa.func.row_number()
            .over(partition_by=Booking.status, order_by=(Booking.starts_at, Booking.id))
            .label("rank"),
        )
        .where(in_window)
        .subquery()
    )
    statement = (
        select(ranked).where(ranked.c.rank <= BOARD_COLUMN_MAX).order_by(ranked.c.starts_at, ranked.c.id)
    )
    with session_scope() as session:
        rows = session.execute(statement).all()

    counts = {status.value: 0 for status in BookingStatus}
    today_counts = dict(counts)
    items = []
    for r in rows:
        status = BookingStatus(r.status)
        counts[status.value] = int(r.status_count)
        today_counts[status.value] = int(r.today_count)
        created = r.created_at if r.created_at.tzinfo else r.created_at.replace(tzinfo=fresh_since.tzinfo)
        items.append(
            {
                "id": r.id,
                "reference": r.reference,
                "type": BookingType(r.type).value,
                "type_label": TYPE_LABELS[BookingType(r.type)],
                "status": status.value,
                "column": next(key for key, _label, statuses in COLUMNS if status in statuses),
                "date": r.date.isoformat(),
                "day_label": day_label(r.date, today),
                "time_label": span_label(r.starts_at, r.ends_at),
                "is_today": r.date == today,
                "guest_count": r.guest_count,
                "rooms": rooms.room_names(int(i) for i in (r.room_ids or "").split(",") if i),
                "contact_name": r.contact_name,
                "price_label": price_label(r.price_quote, r.currency),
                "paid": bool(r.paid),
                "deposit": r.deposit or deposits.NONE,
                "arrived": r.checked_in_at is not None,
                "fresh": status == BookingStatus.PENDING and created >= fresh_since,
                "received": local_stamp(created),
            }
        )
    return {
        "day": today.isoformat(),
        "items": items,
        "counts": counts,
        "today_counts": today_counts,
        "pending": counts[BookingStatus.PENDING.value],
        "built_at": now.strftime("%H:%M:%S"),
    }
