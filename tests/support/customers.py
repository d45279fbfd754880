"""Customers, bookings and staff for the customers/loyalty/dashboard tests, written directly.

Bookings are inserted as rows (not through the booking form) so a test can place them at any
date, status and payment; each active booking of a type on a day gets its own hour, so the
database's no-overlap constraint is never what a test trips over.
"""

import itertools
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from xplorium.db import session_scope
from xplorium.models import Booking, User
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services.context import RequestContext

_refs = itertools.count(1)


def make_customer(email: str, **fields) -> User:
    fields.setdefault("name", email.split("@")[0].replace(".", " ").title())
    fields.setdefault("role", Role.USER)
    with session_scope() as session:
        user = User(email=email, **fields)
        session.add(user)
        session.flush()
        session.refresh(user)
        return user


def ctx_of(user: User) -> RequestContext:
    return RequestContext(actor_id=user.id, actor_role=str(user.role), ip="198.51.100.4", user_agent="pytest")


class Bookings:
    """Writes booking rows; `add(...)` returns the booking."""

    def __init__(self) -> None:
        self._slots: dict[tuple, int] = defaultdict(int)

    def add(
        self,
        user: User | None,
        *,
        day: date,
        type: BookingType = BookingType.PLAYGROUND,
        status: BookingStatus = BookingStatus.APPROVED,
        price: Decimal | int = 0,
        paid: Decimal | int | None = None,
        created_at: datetime | None = None,
        approved_at: datetime | None = None,
        email: str | None = None,
        guests: int = 4,
        paid_at: datetime | None = None,
    ) -> Booking:
        slot = self._slots[(day, type)]
        self._slots[(day, type)] += 1
        starts_at = datetime.combine(day, time(9)) + timedelta(hours=slot)
        created = created_at or datetime.combine(day, time(12), tzinfo=UTC) - timedelta(days=3)
        with session_scope() as session:
            booking = Booking(
                reference=f"T{next(_refs):07d}",
                type=type,
                status=status,
                date=day,
                start_time=starts_at.time(),
                duration_minutes=60,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=60),
                blocked_until=starts_at + timedelta(minutes=60),
                guest_count=guests,
                contact_name=user.name if user else "Guest Parent",
                email=email or (user.email if user else "guest@example.com"),
                phone="+381641234567",
                price_quote=Decimal(price),
                payment_amount=None if paid is None else Decimal(paid),
                paid=paid is not None,
                paid_at=None if paid is None else (paid_at or created + timedelta(days=1)),
                user_id=user.id if user else None,
                created_at=created,
                updated_at=created,
                approved_at=approved_at,
            )
            session.add(booking)
            session.flush()
            session.refresh(booking)
            return booking


@pytest.fixture(name="manager")
def manager_fixture(clean) -> User:
    return make_customer("mila.manager@xplorium.rs", role=Role.ADMIN, name="Mila Manager")


@pytest.fixture(name="manager_ctx")
def manager_ctx_fixture(manager) -> RequestContext:
    return ctx_of(manager)


@pytest.fixture(name="bookings")
def bookings_fixture(clean) -> Bookings:
    return Bookings()
