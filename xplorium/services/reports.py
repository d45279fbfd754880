"""Every export the back office has, in one list (the Reports page), and the few built here.

Each report is a staff-only HTTP route (xplorium/api.py) whose builder audits it as EXPORT;
the bookings, marketing, inventory and maintenance files are built by their own services.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import select

from xplorium.db import session_scope
from xplorium.i18n import N_
from xplorium.models import Event, EventRegistration, User
from xplorium.models.enums import AuditAction, LoyaltyTier, RegistrationStatus, Role
from xplorium.services import audit, clock, dashboard
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext
from xplorium.services.exports import ExportFile, csv_file

REVENUE_MONTHS = 12


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    description: str
    href: str
    format: str = "CSV"


# The Reports page lists these in this order; each href is a route in xplorium/api.py.
REPORTS = (
    Report(
        "bookings",
        N_("Bookings"),
        N_("Every booking with its contact, price, payment and rooms."),
        "/api/admin/bookings.csv",
    ),
    Report(
        "bookings_calendar",
        N_("Bookings calendar"),
        N_("The bookings as an iCalendar file for calendar apps."),
        "/api/admin/bookings.ics",
        "iCalendar",
    ),
    Report(
        "customers",
        N_("Customers"),
        N_("Every customer with their tier, points, bookings and spend."),
        "/api/admin/customers.csv",
    ),
    Report(
        "attendance",
        N_("Event attendance"),
        N_("Every registration of every event: confirmed, waiting and cancelled."),
        "/api/admin/events/attendance.csv",
    ),
    Report(
        "revenue",
        N_("Monthly revenue"),
        N_("Bookings, paid revenue and cancellations for each of the last 12 months."),
        "/api/admin/revenue.csv",
    ),
    Report(
        "marketing",
        N_("Marketing list"),
        N_("The customers who agreed to receive marketing, with their consent."),
        "/api/admin/customers/marketing.csv",
    ),
    Report(
        "inventory",
        N_("Inventory"),
        N_("Every item with its stock, reorder point and supplier."),
        "/api/admin/inventory.csv",
    ),
    Report(
        "reorder",
        N_("Items to reorder"),
        N_("The items at or below their reorder point, by supplier."),
        "/api/admin/inventory/reorder.csv",
    ),
    Report(
        "maintenance",
        N_("Maintenance log"),
        N_("Every maintenance job with its status, dates and cost."),
        "/api/admin/maintenance.csv",
    ),
)
CUSTOMER_COLUMNS = (
    "email",
    "name",
    "phone",
    "tier",
    "points",
    "total_bookings",
    "total_spent_rsd",
    "first_booking_at",
    "last_booking_at",
    "marketing_opt_in",
    "tags",
    "created_at",
)
ATTENDANCE_COLUMNS = (
    "event",
    "date",
    "start",
    "event_status",
    "status",
    "name",
    "email",
    "guests",
    "registered_at",
)
REVENUE_COLUMNS = ("month", "bookings", "revenue_rsd", "cancelled", "all_bookings", "cancel_rate_percent")


def _iso(moment) -> str:
    return moment.isoformat() if moment else ""


def _record(session, ctx: RequestContext, entity: str, which: str, count: int) -> None:
    audit.record(
        session, ctx, AuditAction.EXPORT, entity, None, {"list": which, "format": "csv", "count": count}
    )


def customers_csv(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    """Every customer (not deleted) with their figures; audited as EXPORT."""
    require_staff(ctx)
    with session_scope() as session:
        customers = session.exec(
            select(User).where(User.role == Role.USER, User.deleted_at.is_(None)).order_by(User.email)
        ).all()
        file = csv_file(
            "xplorium-customers.csv",
            CUSTOMER_COLUMNS,
            (
                (
                    u.email,
                    u.name,
                    u.phone or "",
                    str(u.loyalty_tier or LoyaltyTier.BRONZE.value),
                    u.loyalty_points,
                    u.total_bookings,
                    u.total_spent,
                    _iso(u.first_booking_at),
                    _iso(u.last_booking_at),
                    "yes" if u.marketing_opt_in else "no",
                    ", ".join(u.tags or []),
                    _iso(u.created_at),
                )
                for u in customers
            ),
        )
        _record(session, ctx, "customer", "customers", file.count)
    return file


def attendance_csv(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    """Every registration of every event, newest event first; audited as EXPORT."""
    require_staff(ctx)
    with session_scope() as session:
        rows = session.exec(
            select(Event, EventRegistration)
            .join(EventRegistration, EventRegistration.event_id == Event.id)
            .order_by(Event.date.desc(), Event.id, EventRegistration.created_at)
        ).all()
        file = csv_file(
            "xplorium-event-attendance.csv",
            ATTENDANCE_COLUMNS,
            (
                (
                    event.title,
                    event.date.isoformat(),
                    f"{event.start_time:%H:%M}",
                    str(event.status),
                    RegistrationStatus(registration.status).value,
                    registration.name,
                    registration.email,
                    registration.guest_count,
                    _iso(registration.created_at),
                )
                for event, registration in rows
            ),
        )
        _record(session, ctx, "event", "attendance", file.count)
    return file


def revenue_csv(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    """The last 12 months as the dashboard counts them (revenue: paid bookings); audited."""
    require_staff(ctx)
    first = dashboard.add_months(clock.local_now().date(), -(REVENUE_MONTHS - 1))
    with session_scope() as session:
        months = dashboard.monthly(session, first, REVENUE_MONTHS)
        file = csv_file(
            "xplorium-monthly-revenue.csv",
            REVENUE_COLUMNS,
            (
                (
                    m["month"],
                    m["bookings"],
                    f"{m['revenue']:.2f}",
                    m["cancelled"],
                    m["total"],
                    m["cancel_rate"],
                )
                for m in months
            ),
        )
        _record(session, ctx, "booking", "monthly_revenue", file.count)
    return file
