"""The managers' dashboard: every figure is an SQL aggregate (GROUP BY, conditional sums).

Nothing here loads booking or customer rows into Python: each function sends one aggregate
query and gets back at most a few dozen rows (one per month, tier, type or bucket). Python
only fills months without data with zeros, turns numbers into labels, and fits the forecast
line through the 12 monthly totals SQL returned.

Definitions (the dashboard's footnotes say the same)
    * A booking "counts" when PENDING, APPROVED or COMPLETED (rejected and cancelled ones did
      not happen). Bookings per month go by the booking's DATE (the visit, venue-local).
    * Revenue is `payment_amount` of paid, counted bookings, by the month of the visit.
    * Customers are parents' accounts (role USER) that are not deleted. Active = a counted
      booking made in the last 90 days; churned = has booked before, but not in the last 90.
    * Cancellation rate = cancelled ÷ all bookings dated in the last 12 months.
    * Time to approval = approved_at − created_at of bookings approved in the last 12 months.
    * Tier changes come from the loyalty ledger (rows whose tier_before ≠ tier_after), by the
      venue-local month they happened in.
    * Room occupancy, per room and month of the hold's start: place-hours sold ÷ place-hours
      open. Sold = the active holds of bookings and published events: places × hours, a
      whole-room hold counting the room's capacity for its time without the cleanup buffer.
      Open = capacity × the opening hours (today's settings) of every day of the month. Closures
      and waiting-list offers sell nothing. Last 6 months and this one.
    * Forecast: an ordinary least-squares line y = a + b·x through the revenue of the 12
      complete months before the current one (x = 0..11), fitted by statistics.linear_regression
      on those 12 SQL-aggregated points (portable; PostgreSQL's regr_slope/regr_intercept/regr_r2
      give the same numbers), extended to the current month and the two after it (x = 12, 13, 14).
      R² is the squared correlation (1 when every month is equal and the line fits exactly).
      A forecast below zero is shown as zero.

Portability
    Month keys use to_char/date_trunc/AT TIME ZONE and percentile_cont on PostgreSQL (what the
    tests run on), strftime/julianday and an ORDER BY … LIMIT/OFFSET median on SQLite (the
    embedded development database; there the ledger's months are UTC months).
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session

from xplorium import formatting
from xplorium.constants import (
    ACTIVE_CUSTOMER_WINDOW,
    FORECAST_HISTORY_MONTHS,
    FORECAST_MONTHS,
    SEGMENT_REGULAR_MIN_BOOKINGS,
    SEGMENT_VIP_MIN_BOOKINGS,
    TIMEZONE,
)
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import Booking, LoyaltyTransaction, Room, RoomHold, User
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    BookingType,
    HoldKind,
    LoyaltyTier,
    Role,
)
from xplorium.services import catalog, clock, loyalty
from xplorium.services.authz import require_staff
from xplorium.services.bookings.rules import TYPE_LABELS
from xplorium.services.context import RequestContext
from xplorium.services.venue import opening_span

TOP_CUSTOMERS = 10
OCCUPANCY_MONTHS = 7  # the last 6 months and this one
# The holds that sell places (a closure or a waiting-list offer sells nothing).
SOLD_KINDS = (HoldKind.BOOKING.value, HoldKind.EVENT.value)
# Where the lowest tier is split further (points with no tier change yet still matter).
FIRST_TIER_SPLITS = (1, 500)


def _points_text(points: int) -> str:
    return f"{points // 1000}k" if points >= 1000 and points % 1000 == 0 else str(points)


def _point_buckets() -> tuple[tuple[str, int], ...]:
    """(label, lowest points) per bucket, each up to the next one's start: the tier thresholds
    (models.enums.LoyaltyTier) plus FIRST_TIER_SPLITS below the second tier."""
    lows = sorted({tier.threshold for tier in LoyaltyTier} | set(FIRST_TIER_SPLITS))
    buckets = []
    for low, high in zip(lows, [*lows[1:], None], strict=True):
        if high is None:
            label = f"{_points_text(low)}+"
        elif high == low + 1:
            label = _points_text(low)
        elif low < 1000:
            label = f"{low}–{high - 1}"
        else:
            label = f"{_points_text(low)}–{_points_text(high)}"
        buckets.append((label, low))
    return tuple(buckets)


POINT_BUCKETS = _point_buckets()
SEGMENTS = (
    ("VIP", N_("VIP (5+)")),
    ("REGULAR", N_("Regular (2–4)")),
    ("FIRST_TIME", N_("First-time")),
    ("NEW", N_("No booking yet")),
)

_COUNTED = [s.value for s in ACTIVE_BOOKING_STATUSES]
_B = Booking.__table__
_U = User.__table__
_L = LoyaltyTransaction.__table__
_H = RoomHold.__table__
_R = Room.__table__


# ---------------------------------------------------------------- months and dialects


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return formatting.short_month(date(year, month, 1))


def _date_month(session: Session, column) -> sa.ColumnElement[str]:
    """'YYYY-MM' of a DATE column."""
    if _is_pg(session):
        return sa.func.to_char(column, "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def _moment_month(session: Session, column) -> sa.ColumnElement[str]:
    """'YYYY-MM' of a UTC timestamp, in the venue's time zone on PostgreSQL."""
    if _is_pg(session):
        local = sa.func.timezone(TIMEZONE, column)
        return sa.func.to_char(sa.func.date_trunc("month", local), "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def _hours_between(session: Session, start, end) -> sa.ColumnElement[float]:
    if _is_pg(session):
        return sa.func.extract("epoch", end - start) / 3600.0
    return (sa.func.julianday(end) - sa.func.julianday(start)) * 24.0


def _money(value) -> float:
    return float(Decimal(value or 0))


def rsd(value: float) -> str:
    return formatting.money(Decimal(round(value)))


def _when(condition, value=1):
    return sa.case((condition, value), else_=0)


def _months(first: date, count: int) -> list[str]:
    return [month_key(add_months(first, i)) for i in range(count)]


# ---------------------------------------------------------------- aggregates


def kpis(session: Session, today: date, now: datetime) -> dict:
    """Customers, active vs churned, this month's bookings and revenue (and last month's), pending."""
    recent_cut = now - ACTIVE_CUSTOMER_WINDOW
    last_booking = (
        sa.select(_B.c.user_id, sa.func.max(_B.c.created_at).label("last_at"))
        .where(_B.c.user_id.is_not(None), _B.c.status.in_(_COUNTED))
        .group_by(_B.c.user_id)
        .subquery()
    )
    customers, active, churned = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(_when(last_booking.c.last_at >= recent_cut)), 0),
            sa.func.coalesce(sa.func.sum(_when(last_booking.c.last_at < recent_cut)), 0),
        )
        .select_from(_U.outerjoin(last_booking, last_booking.c.user_id == _U.c.id))
        .where(_U.c.role == Role.USER.value, _U.c.deleted_at.is_(None))
    ).one()

    this_month, next_month = add_months(today, 0), add_months(today, 1)
    last_month = add_months(today, -1)
    counted = _B.c.status.in_(_COUNTED)
    paid_amount = sa.case(
        (sa.and_(counted, _B.c.paid.is_(True)), sa.func.coalesce(_B.c.payment_amount, 0)), else_=0
    )
    in_this = sa.and_(_B.c.date >= this_month, _B.c.date < next_month)
    in_last = sa.and_(_B.c.date >= last_month, _B.c.date < this_month)
    row = session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(_when(sa.and_(in_this, counted))), 0),
            sa.func.coalesce(sa.func.sum(_when(sa.and_(in_last, counted))), 0),
            sa.func.coalesce(sa.func.sum(sa.case((in_this, paid_amount), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((in_last, paid_amount), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(_when(_B.c.status == BookingStatus.PENDING.value)), 0),
        )
    ).one()
    bookings_month, bookings_prev, revenue_month, revenue_prev, pending = row
    customers, active, churned = int(customers), int(active), int(churned)
    return {
        "customers": customers,
        "active": active,
        "churned": churned,
        "never": customers - active - churned,
        "active_share": round(100 * active / customers) if customers else 0,
        "bookings_month": int(bookings_month),
        "bookings_prev": int(bookings_prev),
        "revenue_month": _money(revenue_month),
        "revenue_prev": _money(revenue_prev),
        "pending": int(pending),
    }


def customers_per_tier(session: Session) -> list[dict]:
    rows = dict(
        session.execute(
            sa.select(_U.c.loyalty_tier, sa.func.count())
            .where(_U.c.role == Role.USER.value, _U.c.deleted_at.is_(None))
            .group_by(_U.c.loyalty_tier)
        ).all()
    )
    return [{"tier": tier, "customers": int(rows.get(tier, 0))} for tier in loyalty.TIERS]


def points_distribution(session: Session) -> list[dict]:
    bucket = sa.case(
        *(
            (_U.c.loyalty_points >= low, index)
            for index, (_label, low) in reversed(list(enumerate(POINT_BUCKETS)))
        ),
        else_=0,
    ).label("bucket")
    rows = dict(
        session.execute(
            sa.select(bucket, sa.func.count())
            .where(_U.c.role == Role.USER.value, _U.c.deleted_at.is_(None))
            .group_by(bucket)
        ).all()
    )
    return [
        {"bucket": label, "customers": int(rows.get(index, 0))}
        for index, (label, _low) in enumerate(POINT_BUCKETS)
    ]


def _tier_rank(column) -> sa.ColumnElement[int]:
    return sa.case(*((column == name, rank) for name, rank in loyalty.TIER_RANK.items()), else_=0)


def tier_changes(session: Session, first_month: date, months: int, now: datetime) -> list[dict]:
    """Upgrades (by the tier reached) and downgrades per month, from the loyalty ledger."""
    month = _moment_month(session, _L.c.created_at).label("month")
    up = _tier_rank(_L.c.tier_after) > _tier_rank(_L.c.tier_before)
    start = datetime.combine(first_month, datetime.min.time(), tzinfo=clock.VENUE_TZ)
    columns = [
        month,
        sa.func.coalesce(sa.func.sum(_when(up)), 0).label("up"),
        sa.func.coalesce(sa.func.sum(_when(~up)), 0).label("down"),
        *(
            sa.func.coalesce(sa.func.sum(_when(sa.and_(up, _L.c.tier_after == tier))), 0).label(tier)
            for tier in loyalty.TIERS[1:]
        ),
    ]
    rows = {
        row.month: row
        for row in session.execute(
            sa.select(*columns)
            .where(_L.c.tier_before != _L.c.tier_after, _L.c.created_at >= start, _L.c.created_at <= now)
            .group_by(month)
        ).all()
    }
    result = []
    for key in _months(first_month, months):
        row = rows.get(key)
        entry = {"month": key, "label": month_label(key), "up": int(row.up) if row else 0}
        entry["down"] = int(row.down) if row else 0
        for tier in loyalty.TIERS[1:]:
            entry[tier] = int(getattr(row, tier) or 0) if row else 0
        result.append(entry)
    return result


def _booking_totals() -> tuple:
    """Counted bookings, their paid revenue, cancelled and all bookings, as labelled columns."""
    counted = _B.c.status.in_(_COUNTED)
    paid = sa.case((sa.and_(counted, _B.c.paid.is_(True)), sa.func.coalesce(_B.c.payment_amount, 0)), else_=0)
    return (
        sa.func.coalesce(sa.func.sum(_when(counted)), 0).label("bookings"),
        sa.func.coalesce(sa.func.sum(paid), 0).label("revenue"),
        sa.func.coalesce(sa.func.sum(_when(_B.c.status == BookingStatus.CANCELLED.value)), 0).label(
            "cancelled"
        ),
        sa.func.count().label("total"),
    )


def monthly(session: Session, first_month: date, months: int) -> list[dict]:
    """Per month of the visit: counted bookings, revenue, cancelled and all bookings."""
    month = _date_month(session, _B.c.date).label("month")
    end = add_months(first_month, months)
    rows = {
        row.month: row
        for row in session.execute(
            sa.select(
                month,
                *_booking_totals(),
                sa.func.coalesce(sa.func.sum(_when(_B.c.no_show_at.is_not(None))), 0).label("no_shows"),
                sa.func.coalesce(sa.func.sum(_when(_B.c.checked_in_at.is_not(None))), 0).label("arrived"),
            )
            .where(_B.c.date >= first_month, _B.c.date < end)
            .group_by(month)
        ).all()
    }
    result = []
    for key in _months(first_month, months):
        row = rows.get(key)
        total = int(row.total) if row else 0
        cancelled = int(row.cancelled) if row else 0
        no_shows = int(row.no_shows) if row else 0
        # No-shows of the bookings the front desk expected (checked in or never came).
        expected = no_shows + (int(row.arrived) if row else 0)
        result.append(
            {
                "month": key,
                "label": month_label(key),
                "bookings": int(row.bookings) if row else 0,
                "revenue": _money(row.revenue) if row else 0.0,
                "cancelled": cancelled,
                "total": total,
                "cancel_rate": round(100 * cancelled / total, 1) if total else 0.0,
                "no_shows": no_shows,
                "no_show_rate": round(100 * no_shows / expected, 1) if expected else 0.0,
            }
        )
    return result


def by_type(session: Session, first_month: date, end: date) -> list[dict]:
    rows = {
        row.type: row
        for row in session.execute(
            sa.select(
                _B.c.type,
                *_booking_totals(),
            )
            .where(_B.c.date >= first_month, _B.c.date < end)
            .group_by(_B.c.type)
        ).all()
    }
    result = []
    for kind in BookingType:
        row = rows.get(kind.value) or rows.get(kind)
        total = int(row.total) if row else 0
        cancelled = int(row.cancelled) if row else 0
        result.append(
            {
                "type": kind.value,
                "label": _(TYPE_LABELS[kind]),
                "bookings": int(row.bookings) if row else 0,
                "revenue": _money(row.revenue) if row else 0.0,
                "cancel_rate": round(100 * cancelled / total, 1) if total else 0.0,
            }
        )
    return result


def top_customers(session: Session, limit: int = TOP_CUSTOMERS) -> list[dict]:
    """Customers by lifetime value (what they paid for counted bookings), from the bookings."""
    counted = _B.c.status.in_(_COUNTED)
    spent = sa.func.sum(
        sa.case((sa.and_(counted, _B.c.paid.is_(True)), sa.func.coalesce(_B.c.payment_amount, 0)), else_=0)
    ).label("spent")
    rows = session.execute(
        sa.select(
            _U.c.id,
            _U.c.name,
            _U.c.email,
            _U.c.loyalty_tier,
            _U.c.loyalty_points,
            sa.func.sum(_when(counted)).label("bookings"),
            spent,
        )
        .select_from(_B.join(_U, _U.c.id == _B.c.user_id))
        .where(_U.c.role == Role.USER.value, _U.c.deleted_at.is_(None))
        .group_by(_U.c.id, _U.c.name, _U.c.email, _U.c.loyalty_tier, _U.c.loyalty_points)
        .having(spent > 0)
        .order_by(spent.desc(), _U.c.id)
        .limit(limit)
    ).all()
    return [
        {
            "id": row.id,
            "name": row.name or row.email.split("@")[0],
            "short_name": _short(row.name or row.email.split("@")[0]),
            "tier": row.loyalty_tier,
            "points": int(row.loyalty_points),
            "bookings": int(row.bookings),
            "spent": _money(row.spent),
            "spent_label": rsd(_money(row.spent)),
        }
        for row in rows
    ]


def _short(name: str) -> str:
    """'Ana Petrović' -> 'Ana P.' for chart axes (the table has the full name)."""
    parts = name.split()
    return f"{parts[0]} {parts[-1][:1]}." if len(parts) > 1 else name[:14]


def cancellation(session: Session, first_month: date, end: date) -> dict:
    cancelled, rejected, total = session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(_when(_B.c.status == BookingStatus.CANCELLED.value)), 0),
            sa.func.coalesce(sa.func.sum(_when(_B.c.status == BookingStatus.REJECTED.value)), 0),
            sa.func.count(),
        ).where(_B.c.date >= first_month, _B.c.date < end)
    ).one()
    total = int(total)
    return {
        "cancelled": int(cancelled),
        "rejected": int(rejected),
        "total": total,
        "rate": round(100 * int(cancelled) / total, 1) if total else 0.0,
        "reject_rate": round(100 * int(rejected) / total, 1) if total else 0.0,
    }


def approval_times(session: Session, since: datetime) -> dict:
    """Average and median hours from a booking's creation to its approval."""
    hours = _hours_between(session, _B.c.created_at, _B.c.approved_at)
    approved = sa.and_(_B.c.approved_at.is_not(None), _B.c.approved_at >= since)
    if _is_pg(session):
        count, average, median = session.execute(
            sa.select(
                sa.func.count(),
                sa.func.avg(hours),
                sa.func.percentile_cont(0.5).within_group(hours),
            ).where(approved)
        ).one()
    else:
        count, average = session.execute(sa.select(sa.func.count(), sa.func.avg(hours)).where(approved)).one()
        # SQLite has no percentile: the middle one or two values, still selected by SQL.
        ordered = sa.select(hours.label("h")).where(approved).order_by(hours)
        middle = ordered.limit(2 - int(count) % 2).offset(max(0, (int(count) - 1) // 2)).subquery()
        median = session.execute(sa.select(sa.func.avg(middle.c.h))).scalar() if count else None
    return {
        "approved": int(count),
        "avg_hours": round(float(average), 1) if average is not None else 0.0,
        "median_hours": round(float(median), 1) if median is not None else 0.0,
    }


def segments(session: Session) -> dict:
    """Customers by number of counted bookings (the segments of services/customers.segment_for) and their average lifetime value."""
    counted = _B.c.status.in_(_COUNTED)
    per_customer = (
        sa.select(
            _U.c.id.label("id"),
            sa.func.count(_B.c.id).label("n"),
            sa.func.coalesce(
                sa.func.sum(
                    sa.case((_B.c.paid.is_(True), sa.func.coalesce(_B.c.payment_amount, 0)), else_=0)
                ),
                0,
            ).label("spent"),
        )
        .select_from(_U.outerjoin(_B, sa.and_(_B.c.user_id == _U.c.id, counted)))
        .where(_U.c.role == Role.USER.value, _U.c.deleted_at.is_(None))
        .group_by(_U.c.id)
        .subquery()
    )
    segment = sa.case(
        (per_customer.c.n >= SEGMENT_VIP_MIN_BOOKINGS, "VIP"),
        (per_customer.c.n >= SEGMENT_REGULAR_MIN_BOOKINGS, "REGULAR"),
        (per_customer.c.n >= 1, "FIRST_TIME"),
        else_="NEW",
    ).label("segment")
    rows = {
        row.segment: row
        for row in session.execute(
            sa.select(
                segment, sa.func.count().label("customers"), sa.func.sum(per_customer.c.spent).label("spent")
            ).group_by(segment)
        ).all()
    }
    buyers = sum(int(rows[s].customers) for s in ("VIP", "REGULAR", "FIRST_TIME") if s in rows)
    spent = sum(_money(rows[s].spent) for s in ("VIP", "REGULAR", "FIRST_TIME") if s in rows)
    return {
        "segments": [
            {"segment": key, "label": _(label), "customers": int(rows[key].customers) if key in rows else 0}
            for key, label in SEGMENTS
        ],
        "avg_lifetime_value": round(spent / buyers, 2) if buyers else 0.0,
    }


# ---------------------------------------------------------------- forecast


@dataclass(frozen=True)
class Fit:
    intercept: float
    slope: float
    r2: float

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


def linear_fit(values: list[float]) -> Fit:
    """Least squares y = a + b·x through (0, y0), (1, y1), ...; with R²."""
    if not values:
        return Fit(0.0, 0.0, 0.0)
    if len(values) == 1:
        return Fit(float(values[0]), 0.0, 1.0)
    xs, ys = range(len(values)), [float(y) for y in values]
    slope, intercept = statistics.linear_regression(xs, ys)
    try:
        r2 = statistics.correlation(xs, ys) ** 2  # for a least-squares line, R² = r²
    except statistics.StatisticsError:
        r2 = 1.0  # a flat history: the horizontal line fits it exactly
    return Fit(intercept, slope, r2)


def forecast(session: Session, today: date) -> dict:
    """Revenue of the last 12 complete months (SQL), the fitted line and the next 3 months."""
    first = add_months(today, -FORECAST_HISTORY_MONTHS)
    history = monthly(session, first, FORECAST_HISTORY_MONTHS)
    values = [m["revenue"] for m in history]
    fit = linear_fit(values)
    points = [
        {"label": m["label"], "actual": m["revenue"], "trend": round(fit.at(x), 2), "forecast": None}
        for x, m in enumerate(history)
    ]
    ahead = []
    for step in range(FORECAST_MONTHS):
        key = month_key(add_months(today, step))
        value = round(max(0.0, fit.at(FORECAST_HISTORY_MONTHS + step)), 2)
        ahead.append({"month": key, "label": month_label(key), "value": value, "value_label": rsd(value)})
        points.append({"label": month_label(key), "actual": None, "trend": None, "forecast": value})
    # The forecast line starts where the fitted line ends, so the two read as one.
    points[FORECAST_HISTORY_MONTHS - 1]["forecast"] = points[FORECAST_HISTORY_MONTHS - 1]["trend"]
    return {
        "points": points,
        "next": ahead,
        "slope": round(fit.slope, 2),
        "intercept": round(fit.intercept, 2),
        "r2": round(fit.r2, 3),
        "total_next": round(sum(a["value"] for a in ahead), 2),
    }


def _open_hours(opening_hours: dict, month_start: date) -> float:
    """Hours the venue is open in the month starting `month_start`, by its opening hours."""
    total, day, end = 0.0, month_start, add_months(month_start, 1)
    while day < end:
        span = opening_span(opening_hours, day.weekday())
        if span is not None:
            opens, closes = span
            total += (closes.hour * 60 + closes.minute - opens.hour * 60 - opens.minute) / 60
        day += timedelta(days=1)
    return total


def room_occupancy(session: Session, first_month: date, months: int, opening_hours: dict) -> list[dict]:
    """Per active room, per month: place-hours sold and open, and the share sold (two queries)."""
    end = add_months(first_month, months)
    month = _date_month(session, _H.c.starts_at).label("month")
    hours = _hours_between(session, _H.c.starts_at, _H.c.ends_at)
    sold = sa.case(
        (_H.c.whole.is_(True), _R.c.capacity * (hours - _R.c.buffer_minutes / 60.0)),
        else_=_H.c.places * hours,
    )
    sold_by = {
        (row.room_id, row.month): float(row.sold or 0)
        for row in session.execute(
            sa.select(_H.c.room_id, month, sa.func.sum(sold).label("sold"))
            .join(_R, _R.c.id == _H.c.room_id)
            .where(
                _H.c.released_at.is_(None),
                _H.c.kind.in_(SOLD_KINDS),
                _H.c.starts_at >= datetime.combine(first_month, datetime.min.time()),
                _H.c.starts_at < datetime.combine(end, datetime.min.time()),
            )
            .group_by(_H.c.room_id, month)
        ).all()
    }
    shown = session.execute(
        sa.select(_R.c.id, _R.c.name, _R.c.capacity)
        .where(_R.c.active.is_(True))
        .order_by(_R.c.display_order, _R.c.id)
    ).all()
    open_hours = {
        month_key(add_months(first_month, i)): _open_hours(opening_hours, add_months(first_month, i))
        for i in range(months)
    }
    result = []
    for room in shown:
        cells = []
        for key, hours_open in open_hours.items():
            placed, offered = sold_by.get((room.id, key), 0.0), room.capacity * hours_open
            cells.append(
                {
                    "month": key,
                    "label": month_label(key),
                    "sold": round(placed, 1),
                    "open": round(offered, 1),
                    "share": round(100 * placed / offered, 1) if offered else 0.0,
                }
            )
        result.append({"id": room.id, "name": room.name, "capacity": room.capacity, "months": cells})
    return result


# ---------------------------------------------------------------- the whole dashboard


def overview(ctx: RequestContext) -> dict:
    """Every figure of the dashboard, read in one transaction."""
    require_staff(ctx)
    now = clock.now()
    today = clock.local_now().date()
    first = add_months(today, -(FORECAST_HISTORY_MONTHS - 1))
    end = add_months(today, 1)
    opening_hours = catalog.booking_rules()["opening_hours"]
    with session_scope() as session:
        data = {
            "kpis": kpis(session, today, now),
            "tiers": customers_per_tier(session),
            "points": points_distribution(session),
            "tier_changes": tier_changes(session, first, FORECAST_HISTORY_MONTHS, now),
            "monthly": monthly(session, first, FORECAST_HISTORY_MONTHS),
            "by_type": by_type(session, first, end),
            "top_customers": top_customers(session),
            "cancellation": cancellation(session, first, end),
            "approval": approval_times(session, now - timedelta(days=365)),
            "segments": segments(session),
            "forecast": forecast(session, today),
            "occupancy": room_occupancy(
                session, add_months(today, -(OCCUPANCY_MONTHS - 1)), OCCUPANCY_MONTHS, opening_hours
            ),
        }
    data["month_label"] = formatting.month_year(today)
    data["updated_at"] = clock.local_now().strftime("%H:%M:%S")
    return data
