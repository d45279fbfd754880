"""The board snapshot: one query, right counts."""

from datetime import timedelta

from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.queries import count_queries
from xplorium.constants import BOARD_COLUMN_MAX, BOARD_DAYS
from xplorium.models.base import utcnow
from xplorium.models.enums import BookingStatus
from xplorium.services import board

S = BookingStatus


def test_snapshot_is_one_query_with_counts_per_status(clean, engine):
    today = day_ahead(0)
    insert_booking(day=day_ahead(1), start="10:00", status=S.PENDING)
    insert_booking(day=day_ahead(1), start="15:00", status=S.APPROVED)
    insert_booking(day=day_ahead(2), start="10:00", status=S.CANCELLED)
    insert_booking(day=day_ahead(3), start="10:00", status=S.REJECTED)
    insert_booking(day=today, start="23:00", minutes=30, status=S.COMPLETED)
    insert_booking(day=day_ahead(BOARD_DAYS), start="10:00", status=S.PENDING)  # beyond the board
    insert_booking(day=day_ahead(-1), start="10:00", status=S.PENDING)  # yesterday

    with count_queries(engine) as statements:
        snap = board.snapshot()

    assert len(statements) == 1
    assert snap["counts"] == {"PENDING": 1, "APPROVED": 1, "COMPLETED": 1, "CANCELLED": 1, "REJECTED": 1}
    assert snap["today_counts"]["COMPLETED"] == 1 and snap["today_counts"]["PENDING"] == 0
    assert snap["pending"] == 1
    assert [i["status"] for i in snap["items"]] == [
        "COMPLETED",
        "PENDING",
        "APPROVED",
        "CANCELLED",
        "REJECTED",
    ]
    assert {i["column"] for i in snap["items"]} == {"pending", "approved", "completed", "closed"}
    first = snap["items"][0]
    assert first["is_today"] and first["day_label"] == "Today"
    # No email or phone travels to the board.
    assert not any("@" in str(v) for item in snap["items"] for v in item.values())


def test_snapshot_caps_each_column_but_counts_everything(clean):
    total = BOARD_COLUMN_MAX + 5
    for i in range(total):
        insert_booking(
            day=day_ahead(1 + i % (BOARD_DAYS - 1)),
            start=f"{9 + i // (BOARD_DAYS - 1):02d}:00",
            minutes=30,
            buffer_minutes=0,
            hold=False,  # more parties than the party room could take: only the board's cap is tested
        )
    snap = board.snapshot()
    assert snap["counts"]["PENDING"] == total
    assert len(snap["items"]) == BOARD_COLUMN_MAX


def test_new_pending_bookings_are_marked_fresh(clean):
    new = insert_booking(day=day_ahead(1))
    old = insert_booking(day=day_ahead(2), created_at=utcnow() - timedelta(hours=2))
    approved_new = insert_booking(day=day_ahead(3), status=S.APPROVED)
    fresh = {i["reference"]: i["fresh"] for i in board.snapshot()["items"]}
    assert fresh == {new.reference: True, old.reference: False, approved_new.reference: False}
