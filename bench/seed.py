"""The benchmark's data: the published catalog, a year of history, staff with signed-in sessions.

The catalog is the test suite's realistic one (tests/support/catalog_data.py). History makes
the tables the size a venue's are after a year, so the overlap check, the board snapshot
and the customer upsert run against real indexes rather than empty tables.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from tests.support.accounts import make_user, open_session
from tests.support.catalog_data import Catalog, insert_catalog
from xplorium.constants import BOOKING_LIMIT_MAX, SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import Booking, User, VenueSettings
from xplorium.models.base import utcnow
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services import catalog as catalog_service
from xplorium.services.clock import local_now

HISTORY_TYPES = (BookingType.PLAYGROUND, BookingType.SENSORY_ROOM, BookingType.CAFE, BookingType.PARTY)
# Past bookings start at these times (2 h apart: a 1 h visit plus the 45 min buffer fits).
HISTORY_STARTS = (time(10, 0), time(12, 0), time(14, 0), time(16, 0))


@dataclass
class Seeded:
    catalog: Catalog
    history_bookings: int = 0
    history_customers: int = 0
    admin_cookies: list[str] = field(default_factory=list)
    admin_ids: list[int] = field(default_factory=list)


def seed(history_bookings: int, history_customers: int, admins: int) -> Seeded:
    """The catalog, the venue's history and `admins` signed-in admins, in the current database."""
    seeded = Seeded(catalog=insert_catalog(with_admins=False))
    allow_bench_rate()
    seeded.history_customers, seeded.history_bookings = insert_history(history_bookings, history_customers)
    add_admins(seeded, admins)
    return seeded


def allow_bench_rate() -> None:
    """Every simulated parent connects from 127.0.0.1, which the per-IP booking limit would stop
    after 10 bookings an hour: the venue setting is raised to the highest value the back office
    accepts (BOOKING_LIMIT_MAX), and the run stays below it (see bench/config.py)."""
    with session_scope() as session:
        settings_row = session.get(VenueSettings, 1)
        settings_row.booking_rate_limit = BOOKING_LIMIT_MAX
        session.add(settings_row)
    catalog_service.invalidate_settings()


def add_admins(seeded: Seeded, count: int) -> None:
    """`count` ADMIN users, each signed in once: their session cookies, as a browser sends them."""
    for n in range(count - len(seeded.admin_cookies)):
        admin = make_user(Role.ADMIN, email=f"bench.admin{n}@xplorium.rs", name=f"Desk {n}", password=None)
        seeded.admin_ids.append(admin.id)
        seeded.admin_cookies.append(f"{SESSION_COOKIE_NAME}={open_session(admin, ip='127.0.0.1')}")


def insert_history(bookings: int, customers: int) -> tuple[int, int]:
    """A year of past bookings (completed, some cancelled) by `customers` returning customers."""
    if bookings <= 0:
        return 0, 0
    customers = max(1, customers)
    now = utcnow()
    with session_scope() as session:
        session.execute(
            sa.insert(User),
            [
                User(
                    email=f"history.customer{n}@example.com",
                    name=f"Customer {n}",
                    phone="+381641234567",
                    role=Role.USER,
                    total_bookings=0,
                ).model_dump(exclude={"id", "loyalty_tier"})
                for n in range(customers)
            ],
        )
        ids = list(
            session.execute(sa.select(User.id).where(User.role == Role.USER).order_by(User.id)).scalars()
        )
        rows = []
        today = local_now().date()
        day = today - timedelta(days=1)
        while len(rows) < bookings:
            for booking_type in HISTORY_TYPES:
                for start in HISTORY_STARTS:
                    if len(rows) >= bookings:
                        break
                    n = len(rows)
                    starts_at = datetime.combine(day, start)
                    ends_at = starts_at + timedelta(minutes=60)
                    status = BookingStatus.CANCELLED if n % 9 == 0 else BookingStatus.COMPLETED
                    guests = 10 if booking_type == BookingType.PARTY else 2
                    rows.append(
                        Booking(
                            **{
                                "reference": f"XH-{n:08d}",
                                "type": booking_type,
                                "status": status,
                                "date": day,
                                "start_time": start,
                                "duration_minutes": 60,
                                "starts_at": starts_at,
                                "ends_at": ends_at,
                                "blocked_until": ends_at + timedelta(minutes=45),
                                "guest_count": guests,
                                "contact_name": f"Customer {n % customers}",
                                "email": f"history.customer{n % customers}@example.com",
                                "phone": "+381641234567",
                                "price_quote": Decimal(700 * guests),
                                "currency": "RSD",
                                "paid": status == BookingStatus.COMPLETED,
                                "user_id": ids[n % len(ids)],
                                "created_at": now,
                                "updated_at": now,
                            }
                        ).model_dump(exclude={"id"})
                    )
            day -= timedelta(days=1)
        for start in range(0, len(rows), 2000):
            session.execute(sa.insert(Booking), rows[start : start + 2000])
    with session_scope() as session:
        session.execute(sa.text("ANALYZE"))
    return customers, len(rows)
