"""The database itself refuses bad rows, whatever the services do (raw inserts, no services)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from psycopg import errors as pg_errors
from sqlmodel import Session, select

from xplorium.models import Booking, User
from xplorium.models.enums import BookingStatus, BookingType

DAY = date(2026, 12, 5)
_counter = iter(range(1, 1_000_000))


def booking(
    start: str = "10:00",
    minutes: int = 120,
    buffer: int = 45,
    type_: BookingType = BookingType.PARTY,
    status: BookingStatus = BookingStatus.PENDING,
    guests: int = 10,
) -> Booking:
    starts_at = datetime.combine(DAY, time.fromisoformat(start))
    ends_at = starts_at + timedelta(minutes=minutes)
    return Booking(
        reference=f"XP-T{next(_counter):07d}",
        type=type_,
        status=status,
        date=DAY,
        start_time=starts_at.time(),
        duration_minutes=minutes,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=ends_at + timedelta(minutes=buffer),
        guest_count=guests,
        contact_name="Parent",
        email="parent@example.rs",
        phone="+381601234567",
        price_quote=Decimal("12000"),
    )


def insert(engine, *rows) -> None:
    with Session(engine) as session, session.begin():
        session.add_all(rows)


def sqlstate(error: sa.exc.DBAPIError) -> str:
    return error.orig.sqlstate


def test_duplicate_email_is_refused(clean):
    insert(clean, User(email="ana@example.rs"))
    with pytest.raises(sa.exc.IntegrityError) as raised:
        insert(clean, User(email="ana@example.rs"))
    assert isinstance(raised.value.orig, pg_errors.UniqueViolation)


def test_upper_case_email_is_refused_so_uniqueness_cannot_be_dodged(clean):
    insert(clean, User(email="ana@example.rs"))
    with pytest.raises(sa.exc.IntegrityError) as raised:
        insert(clean, User(email="Ana@example.rs"))
    assert isinstance(raised.value.orig, pg_errors.CheckViolation)


def test_negative_points_are_refused_by_raw_sql(clean):
    insert(clean, User(email="ana@example.rs", loyalty_points=50))
    with pytest.raises(sa.exc.IntegrityError) as raised, clean.begin() as conn:
        conn.execute(sa.text("UPDATE users SET loyalty_points = -1 WHERE email = 'ana@example.rs'"))
    assert isinstance(raised.value.orig, pg_errors.CheckViolation)
    with Session(clean) as session:
        assert session.exec(select(User.loyalty_points)).one() == 50


def test_tier_always_follows_points(clean):
    insert(clean, User(email="ana@example.rs", loyalty_points=2999))
    with clean.begin() as conn:
        assert conn.execute(sa.text("SELECT loyalty_tier FROM users")).scalar_one() == "SILVER"
        conn.execute(sa.text("UPDATE users SET loyalty_points = 3000"))
        assert conn.execute(sa.text("SELECT loyalty_tier FROM users")).scalar_one() == "GOLD"
        with pytest.raises(sa.exc.DBAPIError):
            # A generated column cannot be written directly.
            conn.execute(sa.text("UPDATE users SET loyalty_tier = 'VIP'"))


def test_zero_guests_are_refused(clean):
    with pytest.raises(sa.exc.IntegrityError) as raised:
        insert(clean, booking(guests=0))
    assert isinstance(raised.value.orig, pg_errors.CheckViolation)
    assert "guests_positive" in str(raised.value.orig)
