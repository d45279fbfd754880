"""Fifty parents submit the same slot at the same instant: one booking, forty-nine clear answers."""

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlmodel import select

from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from tests.support.queries import count_queries
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import AuditLog, Booking, Notification, User
from xplorium.models.enums import Role
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict

PARENTS = 50


def request_for(catalog, index: int) -> dict:
    return {
        "type": "PARTY",
        "package_id": catalog.package_id("Classic party"),
        "date": next_weekday(5).isoformat(),
        "time": "15:00",
        "duration_minutes": 120,
        "guest_count": 10,
        "contact_name": f"Parent {index}",
        "email": f"parent{index}@example.com",
        "phone": f"+3816412345{index:02d}",
        "child_name": f"Child {index}",
        "child_age": 5,
        "rooms": ["party_room"],
    }


def test_fifty_simultaneous_submissions_for_one_slot_make_exactly_one_booking(catalog):
    barrier = threading.Barrier(PARENTS)

    def submit(index: int):
        ctx = RequestContext(ip=f"198.51.100.{index + 1}", user_agent="pytest")
        data = request_for(catalog, index)
        barrier.wait()
        try:
            # A new thread starts in the default locale; these parents book in English.
            with use_locale("en"):
                return "booked", writing.create_booking(ctx, data)
        except Conflict as error:
            return "taken", error
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            return "error", error

    with ThreadPoolExecutor(max_workers=PARENTS) as pool:
        outcomes = list(pool.map(submit, range(PARENTS)))

    errors = [value for kind, value in outcomes if kind == "error"]
    assert errors == []
    booked = [value for kind, value in outcomes if kind == "booked"]
    taken = [value for kind, value in outcomes if kind == "taken"]
    assert len(booked) == 1
    assert len(taken) == PARENTS - 1
    day = next_weekday(5).isoformat()
    for conflict in taken:
        assert conflict.message == "That time is already taken."
        alternatives = conflict.details["alternatives"]
        # 15:00–17:00 plus the 45-minute buffer blocks until 17:45: the next free starts follow.
        assert [(a["date"], a["time"]) for a in alternatives] == [
            (day, "18:00"),
            (day, "18:30"),
            (day, "19:00"),
        ]

    with session_scope() as session:
        active = session.exec(select(Booking).where(Booking.status == "PENDING")).all()
        customers = session.exec(select(User).where(User.role == Role.USER)).all()
        audit_rows = session.exec(select(AuditLog)).all()
        notifications = session.exec(select(sa.func.count()).select_from(Notification)).one()
    assert [b.reference for b in active] == [booked[0]["reference"]]
    # Nothing half-written by the 49 refused parents: one customer, one audit entry, one note per admin.
    assert [c.email for c in customers] == [active[0].email]
    assert [(a.action, a.entity) for a in audit_rows] == [("CREATE", "booking")]
    assert notifications == len(catalog.admin_ids)


def test_create_booking_sends_two_statements_on_a_warm_cache(catalog, engine):
    """A booking costs 2 statements once settings, pricing and rooms are cached."""
    writing.create_booking(RequestContext(ip="192.0.2.1"), request_for(catalog, 1))  # warms the cache
    with count_queries(engine) as statements:
        writing.create_booking(RequestContext(ip="192.0.2.2"), dict(request_for(catalog, 2), time="19:00"))
    # The ledger read (to answer "full" without writing), then customer, booking, its room
    # holds (whose trigger books the ledger), audit entry and notifications in one statement.
    assert [s.split()[0].upper() for s in statements] == ["SELECT", "WITH"], statements
    assert "FROM room_slots" in statements[0]
    for table in (
        "INSERT INTO users",
        "INSERT INTO bookings",
        "INSERT INTO room_holds",
        "INSERT INTO audit_log",
        "INSERT INTO notifications",
    ):
        assert table in statements[1], table
