"""The database itself refuses bad rows, whatever the services do (raw inserts, no services)."""

import threading
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


def test_overlapping_active_bookings_of_one_type_are_refused(clean):
    insert(clean, booking("10:00", minutes=120))
    with pytest.raises(sa.exc.IntegrityError) as raised:
        insert(clean, booking("11:00", minutes=60))
    assert sqlstate(raised.value) == "23P01"
    assert "bookings_no_overlap" in str(raised.value.orig)


def test_the_buffer_counts_as_taken(clean):
    # 10:00-12:00 plus a 45-minute buffer blocks until 12:45.
    insert(clean, booking("10:00", minutes=120, buffer=45))
    with pytest.raises(sa.exc.IntegrityError) as raised:
        insert(clean, booking("12:30", minutes=60))
    assert sqlstate(raised.value) == "23P01"
    insert(clean, booking("12:45", minutes=60))


def test_another_type_may_use_the_same_time(clean):
    insert(clean, booking("10:00", type_=BookingType.PARTY))
    insert(clean, booking("10:00", type_=BookingType.SENSORY_ROOM))
    with Session(clean) as session:
        assert len(session.exec(select(Booking)).all()) == 2


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.REJECTED])
def test_cancelled_or_rejected_booking_does_not_block_the_slot(clean, status):
    insert(clean, booking("10:00", status=status))
    insert(clean, booking("10:00", status=BookingStatus.PENDING))
    with Session(clean) as session:
        assert [b.status for b in session.exec(select(Booking).order_by(Booking.id))] == [
            status,
            BookingStatus.PENDING,
        ]


def test_reactivating_a_cancelled_booking_over_a_taken_slot_is_refused(clean):
    insert(clean, booking("10:00", status=BookingStatus.CANCELLED), booking("10:00"))
    with pytest.raises(sa.exc.IntegrityError) as raised, clean.begin() as conn:
        conn.execute(sa.text("UPDATE bookings SET status = 'APPROVED' WHERE status = 'CANCELLED'"))
    assert sqlstate(raised.value) == "23P01"


def test_twenty_simultaneous_inserts_of_one_slot_leave_exactly_one_booking(clean):
    attempts = 20
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []
    lock = threading.Lock()
    # Open every connection first, so the barrier releases twenty ready transactions at once.
    connections = [clean.connect() for _ in range(attempts)]

    def attempt(conn) -> None:
        row = booking("15:00", minutes=90)
        values = {c.name: getattr(row, c.name) for c in Booking.__table__.columns if c.name != "id"}
        try:
            with conn.begin():
                barrier.wait(timeout=30)
                conn.execute(sa.insert(Booking.__table__).values(values))
            outcome = "inserted"
        except sa.exc.IntegrityError as error:
            outcome = sqlstate(error)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(conn,)) for conn in connections]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for conn in connections:
        conn.close()

    assert sorted(outcomes) == ["23P01"] * (attempts - 1) + ["inserted"]
    with clean.connect() as conn:
        active = conn.execute(
            sa.text("SELECT count(*) FROM bookings WHERE status IN ('PENDING', 'APPROVED', 'COMPLETED')")
        ).scalar_one()
    assert active == 1
