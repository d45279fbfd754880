"""The staff notifications service: the inbox, read marks, and who is told."""

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
from xplorium.db import session_scope
from xplorium.models import Notification
from xplorium.models.enums import NotificationKind, Role
from xplorium.services import notifications
from xplorium.services.errors import Forbidden, ValidationFailed
from xplorium.services.notifications import notify_staff


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
