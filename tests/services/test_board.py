"""The board snapshot (one query, right counts) and the staff notifications service."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.board_staff import (  # noqa: F401 - fixtures
    admin_ctx_fixture,
    admin_fixture,
    ctx_for,
    parent_ctx_fixture,
    parent_fixture,
)
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.queries import count_queries
from xplorium.constants import BOARD_COLUMN_MAX, BOARD_DAYS
from xplorium.db import session_scope
from xplorium.models import Notification
from xplorium.models.base import utcnow
from xplorium.models.enums import BookingStatus, NotificationKind, Role
from xplorium.services import board, notifications
from xplorium.services.errors import Forbidden, ValidationFailed
from xplorium.services.notifications import notify_staff

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


# --- notifications -------------------------------------------------------------------------------


def _notify(kind=NotificationKind.NEW_BOOKING, title="New booking ABC123"):
    with session_scope() as session:
        return notify_staff(
            session, kind, title, "Birthday party · Sat 10:00", "/admin/bookings?reference=ABC123"
        )


def test_unread_count_list_mark_read_and_mark_all(admin_ctx, admin):
    other = make_user(Role.SUPER_ADMIN)
    for n in range(3):
        _notify(title=f"New booking {n}")
    inbox = notifications.inbox(admin_ctx)
    assert inbox["unread"] == 3
    assert [i["title"] for i in inbox["items"]] == ["New booking 2", "New booking 1", "New booking 0"]

    first = inbox["items"][0]["id"]
    assert notifications.mark_read(admin_ctx, [first]) == 1
    assert notifications.mark_read(admin_ctx, [first]) == 0
    assert notifications.unread_count(admin_ctx) == 2

    # Another admin's notifications cannot be marked through someone else's session.
    theirs = notifications.inbox(ctx_for(other))["items"][0]["id"]
    assert notifications.mark_read(admin_ctx, [theirs]) == 0
    assert notifications.unread_count(ctx_for(other)) == 3

    assert notifications.mark_all_read(admin_ctx) == 2
    assert notifications.unread_count(admin_ctx) == 0
    assert notifications.unread_count(ctx_for(other)) == 3
    with pytest.raises(ValidationFailed):
        notifications.mark_read(admin_ctx, ["drop table"])


def test_preferences_decide_who_is_told(admin_ctx, admin, smtp_sink):
    colleague = make_user(Role.ADMIN, email="colleague@xplorium.rs")
    prefs = notifications.set_preference(admin_ctx, "NEW_BOOKING", in_app=False)
    assert next(p for p in prefs if p["kind"] == "NEW_BOOKING")["in_app"] is False
    notifications.set_preference(admin_ctx, "EVENT_FULL", email=True)
    smtp_sink.clear()

    _notify(NotificationKind.NEW_BOOKING)
    _notify(NotificationKind.EVENT_FULL, "Event LEGO workshop is full")

    assert [i["kind"] for i in notifications.inbox(admin_ctx)["items"]] == ["EVENT_FULL"]
    assert {i["kind"] for i in notifications.inbox(ctx_for(colleague))["items"]} == {
        "NEW_BOOKING",
        "EVENT_FULL",
    }
    mail = smtp_sink.wait_for(admin.email, "LEGO workshop is full")
    assert "/admin/bookings?reference=ABC123" in mail.body
    assert smtp_sink.messages(colleague.email) == []


def test_notifications_are_for_staff_only(parent_ctx):
    for call in (
        lambda: notifications.inbox(parent_ctx),
        lambda: notifications.mark_all_read(parent_ctx),
        lambda: notifications.set_preference(parent_ctx, "NEW_BOOKING", in_app=False),
    ):
        with pytest.raises(Forbidden):
            call()
    with session_scope() as session:
        assert session.exec(select(sa.func.count()).select_from(Notification)).one() == 0
