"""Every dashboard aggregate against numbers worked out by hand on a small fixed data set.

The same data set runs on PostgreSQL (what production uses) and on an embedded SQLite file
(the development default), so both SQL paths of services/dashboard.py are checked.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.support.bookings_data import insert_booking
from tests.support.customers import Bookings, ctx_of, make_customer
from tests.support.database import migrate
from xplorium import db
from xplorium.db import session_scope
from xplorium.models import LoyaltyTransaction, RoomClosure
from xplorium.models.enums import BookingStatus as S
from xplorium.models.enums import BookingType as T
from xplorium.models.enums import HoldKind, LoyaltyKind, Role
from xplorium.services import clock, dashboard, rooms
from xplorium.services.bookings import places
from xplorium.services.errors import Forbidden

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)  # 12:00 in Belgrade; "this month" is June 2026


def at(y, m, d, h=10, minute=0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=UTC)


@pytest.fixture(params=["postgresql", "sqlite"])
def backend(request, tmp_path):
    if request.param == "postgresql":
        request.getfixturevalue("clean")
        yield "postgresql"
        return
    engine = db.make_engine(f"sqlite:///{tmp_path / 'dashboard.db'}")
    migrate(engine)
    previous = db.set_engine(engine)
    try:
        yield "sqlite"
    finally:
        db.set_engine(previous)
        engine.dispose()


def ledger(user, tier_before: str, tier_after: str, when: datetime) -> None:
    with session_scope() as session:
        session.add(
            LoyaltyTransaction(
                user_id=user.id,
                kind=LoyaltyKind.ADJUST,
                delta=1,
                points_after=1,
                tier_before=tier_before,
                tier_after=tier_after,
                reason="fixture",
                created_at=when,
            )
        )


@pytest.fixture
def data(backend):
    """Five customers, a deleted one, staff, 13 bookings and 7 ledger rows (see each line)."""
    staff = make_customer("boss@xplorium.rs", role=Role.SUPER_ADMIN, name="Boss")
    ana = make_customer("ana@example.com", name="Ana Petrović", loyalty_points=3200)  # GOLD
    ben = make_customer("ben@example.com", name="Ben Bojić", loyalty_points=1000)  # SILVER
    cara = make_customer("cara@example.com", name="Cara", loyalty_points=0)  # BRONZE
    dan = make_customer("dan@example.com", name="Dan Dimić", loyalty_points=10500)  # VIP
    make_customer("finn@example.com", name="Finn", loyalty_points=250)  # BRONZE, never booked
    eva = make_customer("eva@example.com", name="Eva", loyalty_points=450, deleted_at=at(2026, 5, 1))
    b = Bookings()
    # 1-2: Ana, June; approved after 4 h and 24 h.
    b.add(
        ana,
        day=date(2026, 6, 5),
        type=T.PARTY,
        status=S.COMPLETED,
        price=12000,
        paid=12000,
        created_at=at(2026, 5, 20),
        approved_at=at(2026, 5, 20, 14),
    )
    b.add(
        ana,
        day=date(2026, 6, 20),
        type=T.PLAYGROUND,
        status=S.APPROVED,
        price=4000,
        created_at=at(2026, 6, 1, 8),
        approved_at=at(2026, 6, 2, 8),
    )
    # 3-4: Ben, a pending one in June and a paid one in May (approved after 1 h).
    b.add(ben, day=date(2026, 6, 10), type=T.CAFE, status=S.PENDING, price=900, created_at=at(2026, 6, 9))
    b.add(
        ben,
        day=date(2026, 5, 12),
        type=T.CAFE,
        status=S.COMPLETED,
        price=3000,
        paid=3000,
        created_at=at(2026, 5, 1),
        approved_at=at(2026, 5, 1, 11),
    )
    # 5: Cara cancelled in May; 10: her one counted booking, February (so she is churned).
    b.add(
        cara,
        day=date(2026, 5, 15),
        type=T.SENSORY_ROOM,
        status=S.CANCELLED,
        price=2000,
        created_at=at(2026, 5, 2),
    )
    b.add(
        cara,
        day=date(2026, 2, 14),
        type=T.EVENT,
        status=S.COMPLETED,
        price=800,
        paid=800,
        created_at=at(2026, 2, 1),
    )
    # 6: Dan in January (approved after 10 h); 7 and 11-13 before the 12-month window.
    b.add(
        dan,
        day=date(2026, 1, 10),
        type=T.PARTY,
        status=S.COMPLETED,
        price=20000,
        paid=20000,
        created_at=at(2025, 12, 20),
        approved_at=at(2025, 12, 20, 20),
    )
    b.add(
        dan,
        day=date(2025, 3, 1),
        type=T.PLAYGROUND,
        status=S.COMPLETED,
        price=5000,
        paid=5000,
        created_at=at(2025, 2, 1),
        approved_at=at(2025, 2, 5, 14),
    )
    for month in (1, 2, 3):
        b.add(
            dan,
            day=date(2024, month, 5),
            type=T.PLAYGROUND,
            status=S.COMPLETED,
            price=1000,
            created_at=at(2023, 12, 1),
        )
    # 8: a guest's rejected request in June; 9: the deleted customer's paid booking in April.
    b.add(
        None,
        day=date(2026, 6, 12),
        type=T.PLAYGROUND,
        status=S.REJECTED,
        price=3000,
        created_at=at(2026, 6, 10),
    )
    b.add(
        eva,
        day=date(2026, 4, 4),
        type=T.CAFE,
        status=S.COMPLETED,
        price=1000,
        paid=1000,
        created_at=at(2026, 4, 1),
    )
    # Tier changes: Feb up, Apr up (23:30 UTC on 31 March is 1:30 on 1 April in Belgrade),
    # May one up and one down, June up; a no-change row and one before the window.
    ledger(ana, "BRONZE", "SILVER", at(2026, 2, 10))
    ledger(cara, "BRONZE", "SILVER", at(2026, 3, 31, 23, 30))
    ledger(ana, "SILVER", "GOLD", at(2026, 5, 3))
    ledger(ben, "SILVER", "BRONZE", at(2026, 5, 20))
    ledger(ben, "BRONZE", "SILVER", at(2026, 6, 1))
    ledger(ben, "SILVER", "SILVER", at(2026, 6, 2))
    ledger(dan, "PLATINUM", "VIP", at(2025, 5, 1))
    with clock.use_clock(lambda: NOW):
        yield dashboard.overview(ctx_of(staff))


def test_kpis(data):
    assert data["kpis"] == {
        "customers": 5,  # Ana, Ben, Cara, Dan, Finn (not Eva: deleted; not staff)
        "active": 2,  # Ana and Ben booked within 90 days
        "churned": 2,  # Cara (February) and Dan (December)
        "never": 1,  # Finn
        "active_share": 40,
        "bookings_month": 3,  # June: 1, 2, 3 (8 was rejected)
        "bookings_prev": 1,  # May: 4 (5 was cancelled)
        "revenue_month": 12000.0,
        "revenue_prev": 3000.0,
        "pending": 1,
    }
    assert data["month_label"] == "June 2026"


def test_customers_per_tier_and_points_distribution(data):
    assert {row["tier"]: row["customers"] for row in data["tiers"]} == {
        "BRONZE": 2,
        "SILVER": 1,
        "GOLD": 1,
        "PLATINUM": 0,
        "VIP": 1,
    }
    assert {row["bucket"]: row["customers"] for row in data["points"]} == {
        "0": 1,
        "1–499": 1,
        "500–999": 0,
        "1k–3k": 1,
        "3k–6k": 1,
        "6k–10k": 0,
        "10k+": 1,
    }


def test_tier_changes_per_month(data, backend):
    changes = data["tier_changes"]
    assert changes[0]["month"] == "2025-07" and changes[-1]["month"] == "2026-06"
    moved = {
        row["month"]: (row["up"], row["down"], row["SILVER"], row["GOLD"])
        for row in changes
        if row["up"] or row["down"]
    }
    # PostgreSQL groups by Belgrade months; SQLite (development only) by UTC months.
    april = "2026-04" if backend == "postgresql" else "2026-03"
    assert moved == {
        "2026-02": (1, 0, 1, 0),
        april: (1, 0, 1, 0),
        "2026-05": (1, 1, 0, 1),
        "2026-06": (1, 0, 1, 0),
    }


def test_bookings_and_revenue_by_month(data):
    months = {row["month"]: row for row in data["monthly"]}
    assert len(data["monthly"]) == 12 and data["monthly"][0]["label"] == "Jul 25"
    busy = {
        k: (r["bookings"], r["revenue"], r["cancelled"], r["total"]) for k, r in months.items() if r["total"]
    }
    assert busy == {
        "2026-01": (1, 20000.0, 0, 1),
        "2026-02": (1, 800.0, 0, 1),
        "2026-04": (1, 1000.0, 0, 1),
        "2026-05": (1, 3000.0, 1, 2),
        "2026-06": (3, 12000.0, 0, 4),
    }
    assert months["2026-05"]["cancel_rate"] == 50.0


def test_bookings_and_revenue_by_type(data):
    assert {
        row["type"]: (row["bookings"], row["revenue"], row["cancel_rate"]) for row in data["by_type"]
    } == {
        "PARTY": (2, 32000.0, 0.0),
        "PLAYGROUND": (1, 0.0, 0.0),
        "CAFE": (3, 4000.0, 0.0),
        "SENSORY_ROOM": (0, 0.0, 100.0),
        "EVENT": (1, 800.0, 0.0),
    }


def test_top_customers_by_lifetime_value(data):
    assert [(c["name"], c["spent"], c["bookings"], c["tier"]) for c in data["top_customers"]] == [
        ("Dan Dimić", 25000.0, 5, "VIP"),
        ("Ana Petrović", 12000.0, 2, "GOLD"),
        ("Ben Bojić", 3000.0, 2, "SILVER"),
        ("Cara", 800.0, 1, "BRONZE"),
    ]
    assert data["top_customers"][0]["short_name"] == "Dan D."
    assert data["top_customers"][0]["spent_label"] == "25,000 RSD"


def test_cancellation_rate_and_time_to_approval(data):
    assert data["cancellation"] == {
        "cancelled": 1,
        "rejected": 1,
        "total": 9,
        "rate": 11.1,
        "reject_rate": 11.1,
    }
    # 4 h, 24 h, 1 h and 10 h (the 100 h approval of February 2025 is older than a year).
    assert data["approval"] == {"approved": 4, "avg_hours": 9.8, "median_hours": 7.0}


def test_segments_and_lifetime_value(data):
    assert {s["segment"]: s["customers"] for s in data["segments"]["segments"]} == {
        "VIP": 1,  # Dan, 5 bookings
        "REGULAR": 2,  # Ana, Ben
        "FIRST_TIME": 1,  # Cara
        "NEW": 1,  # Finn
    }
    assert data["segments"]["avg_lifetime_value"] == 10200.0  # (25000 + 12000 + 3000 + 800) / 4


def test_the_forecast_follows_a_known_line_exactly(backend):
    staff = make_customer("boss@xplorium.rs", role=Role.ADMIN)
    payer = make_customer("payer@example.com")
    b = Bookings()
    # Revenue of July 2025 ... June 2026 (x = 0..11) is 1000 + 500·x, split over two bookings;
    # the current month (July 2026) already has a booking, which the fit must ignore.
    for x in range(12):
        day = dashboard.add_months(date(2025, 7, 1), x) + timedelta(days=4)
        amount = 1000 + 500 * x
        b.add(payer, day=day, status=S.COMPLETED, price=amount, paid=amount - 300)
        b.add(payer, day=day, type=T.CAFE, status=S.COMPLETED, price=300, paid=300)
    b.add(payer, day=date(2026, 7, 2), status=S.COMPLETED, price=99999, paid=99999)

    with clock.use_clock(lambda: datetime(2026, 7, 10, 9, tzinfo=UTC)):
        result = dashboard.overview(ctx_of(staff))["forecast"]

    assert (result["slope"], result["intercept"], result["r2"]) == (500.0, 1000.0, 1.0)
    assert [(n["month"], n["value"]) for n in result["next"]] == [
        ("2026-07", 7000.0),
        ("2026-08", 7500.0),
        ("2026-09", 8000.0),
    ]
    assert result["total_next"] == 22500.0
    assert [p["actual"] for p in result["points"][:12]] == [1000.0 + 500 * x for x in range(12)]
    assert [p["forecast"] for p in result["points"][12:]] == [7000.0, 7500.0, 8000.0]


def test_the_fit_and_its_r2_on_scattered_points():
    fit = dashboard.linear_fit([1.0, 3.0, 2.0])
    assert (fit.slope, fit.intercept) == (0.5, 1.5)
    assert fit.r2 == pytest.approx(0.25)
    flat = dashboard.linear_fit([400.0] * 12)
    assert (flat.slope, flat.intercept, flat.r2) == (0.0, 400.0, 1.0)


def test_a_falling_trend_never_forecasts_negative_revenue(clean):
    staff = make_customer("boss@xplorium.rs", role=Role.ADMIN)
    payer = make_customer("payer@example.com")
    b = Bookings()
    for x in range(12):
        amount = 12000 - 1000 * x
        b.add(
            payer,
            day=dashboard.add_months(date(2025, 7, 1), x),
            status=S.COMPLETED,
            price=amount,
            paid=amount,
        )
    with clock.use_clock(lambda: datetime(2026, 7, 10, 9, tzinfo=UTC)):
        result = dashboard.overview(ctx_of(staff))["forecast"]
    assert [n["value"] for n in result["next"]] == [0.0, 0.0, 0.0]
    assert result["slope"] == -1000.0


def test_parents_cannot_read_the_dashboard(clean):
    parent = make_customer("parent@example.com")
    with pytest.raises(Forbidden):
        dashboard.overview(ctx_of(parent))


def test_room_occupancy_is_place_hours_sold_over_place_hours_open(backend):
    rooms.invalidate_rooms()
    sensory = rooms.room_by_slug("sensory_room")  # 6 places, 15 minutes' cleanup after a hire
    june = date(2026, 6, 10)

    def held(start: str, hours: int, guests: int, whole: bool, *, kind=HoldKind.BOOKING, released=False):
        starts_at = datetime.combine(june, time.fromisoformat(start))
        hold = places.hold_in(sensory, starts_at, starts_at + timedelta(hours=hours), guests, whole)
        if kind == HoldKind.BOOKING:
            owner_id = insert_booking(day=june, start=start, type=T.SENSORY_ROOM, hold=False).id
        with session_scope() as session:
            if kind == HoldKind.CLOSURE:
                closure = RoomClosure(room_id=sensory["id"], starts_on=june, ends_on=june, reason="Paint")
                session.add(closure)
                session.flush()
                owner_id = closure.id
            places.add(session, [hold], kind, owner_id)
            if released:
                places.release(session, kind, owner_id)

    held("10:00", 4, 3, whole=False)  # 3 places × 4 h = 12
    held("15:00", 4, 2, whole=True)  # the whole room: 6 places × 4 h (not the buffer) = 24
    held("10:00", 2, 2, whole=False, released=True)  # cancelled: gave its places back
    held("20:00", 1, 1, whole=True, kind=HoldKind.CLOSURE)  # a closure sells nothing
    every_day_10_to_20 = {str(weekday): ["10:00", "20:00"] for weekday in range(7)}
    with session_scope() as session:
        result = dashboard.room_occupancy(session, date(2026, 5, 1), 2, every_day_10_to_20)
    by_room = {room["name"]: room["months"] for room in result}
    may, june_cells = by_room["Sensory room"]
    # June: 30 days × 10 h × 6 places = 1 800 place-hours open; 36 sold.
    assert (june_cells["label"], june_cells["sold"], june_cells["open"], june_cells["share"]) == (
        "Jun 26",
        36.0,
        1800.0,
        2.0,
    )
    assert (may["sold"], may["open"], may["share"]) == (0.0, 1860.0, 0.0)
    assert [m["share"] for m in by_room["Playroom"]] == [0.0, 0.0]
