"""Staff in-app notifications: the unread count, the list, marking read, and preferences.

Notifications are written by `services.staff_notify.notify_staff` (new booking, cancellation,
event full, ...), which already applies each admin's NotificationPreference; here each admin
reads and marks only their own, and chooses what they want to be told about.
"""

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import select

from xplorium.constants import NOTIFICATIONS_RECENT, PAGE_SIZE_DEFAULT
from xplorium.db import session_scope
from xplorium.models import Notification, NotificationPreference
from xplorium.models.enums import NotificationKind
from xplorium.services import clock
from xplorium.services.authz import require_staff
from xplorium.services.bookings.display import local_stamp
from xplorium.services.context import RequestContext
from xplorium.services.errors import ValidationFailed
from xplorium.services.pagination import Page, paginate

KIND_LABELS = {
    NotificationKind.NEW_BOOKING: "New bookings",
    NotificationKind.BOOKING_CANCELLED: "Cancellations by parents",
    NotificationKind.EVENT_FULL: "Events that fill up",
    NotificationKind.NEW_REGISTRATION: "Event registrations",
    NotificationKind.DAILY_SUMMARY: "Daily summary of yesterday",
    NotificationKind.LOW_STOCK: "Stock at its reorder point",
}
KIND_ICONS = {
    NotificationKind.NEW_BOOKING: "calendar-plus",
    NotificationKind.BOOKING_CANCELLED: "calendar-x",
    NotificationKind.EVENT_FULL: "users",
    NotificationKind.NEW_REGISTRATION: "ticket",
    NotificationKind.DAILY_SUMMARY: "chart-bar",
    NotificationKind.LOW_STOCK: "package",
}
MARK_MAX = 500


def _line(n: Notification) -> dict:
    kind = NotificationKind(n.kind)
    return {
        "id": n.id,
        "kind": kind.value,
        "icon": KIND_ICONS.get(kind, "bell"),
        "title": n.title,
        "body": n.body,
        "link": n.link,
        "when": local_stamp(n.created_at),
        "unread": n.read_at is None,
    }


def unread_count(ctx: RequestContext) -> int:
    user_id = require_staff(ctx)
    with session_scope() as session:
        return session.exec(
            select(sa.func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        ).one()


def inbox(ctx: RequestContext, limit: int = NOTIFICATIONS_RECENT) -> dict:
    """{unread, items}: the unread count and the latest notifications, in one transaction."""
    user_id = require_staff(ctx)
    limit = max(1, min(int(limit), 100))
    with session_scope() as session:
        unread = session.exec(
            select(sa.func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        ).one()
        rows = session.exec(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        ).all()
        return {"unread": int(unread), "items": [_line(n) for n in rows]}


def list_notifications(
    ctx: RequestContext, *, unread_only: bool = False, page: object = 1, page_size: object = PAGE_SIZE_DEFAULT
) -> Page[dict]:
    user_id = require_staff(ctx)
    statement = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    statement = statement.order_by(Notification.created_at.desc(), Notification.id.desc())
    with session_scope() as session:
        return paginate(session, statement, page, page_size, mapper=_line)


def mark_read(ctx: RequestContext, ids: Iterable[object]) -> int:
    """Mark some of the actor's own notifications read; others' ids are ignored. Returns how many."""
    user_id = require_staff(ctx)
    wanted = set()
    for value in list(ids)[:MARK_MAX]:
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            raise ValidationFailed({"ids": "Unknown notification."}) from None
    if not wanted:
        return 0
    with session_scope() as session:
        return session.execute(
            sa.update(Notification)
            .where(
                Notification.user_id == user_id,
                Notification.id.in_(wanted),
                Notification.read_at.is_(None),
            )
            .values(read_at=clock.now())
        ).rowcount


def mark_all_read(ctx: RequestContext) -> int:
    user_id = require_staff(ctx)
    with session_scope() as session:
        return session.execute(
            sa.update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=clock.now())
        ).rowcount


def preferences(ctx: RequestContext) -> list[dict]:
    """Every kind with the actor's choice (in-app on, email off when never chosen)."""
    user_id = require_staff(ctx)
    with session_scope() as session:
        rows = {
            NotificationKind(p.kind): p
            for p in session.exec(
                select(NotificationPreference).where(NotificationPreference.user_id == user_id)
            ).all()
        }
    return [
        {
            "kind": kind.value,
            "label": label,
            "in_app": rows[kind].in_app if kind in rows else True,
            "email": rows[kind].email if kind in rows else False,
        }
        for kind, label in KIND_LABELS.items()
    ]


def set_preference(
    ctx: RequestContext, kind: object, *, in_app: bool | None = None, email: bool | None = None
) -> list[dict]:
    """Change what the actor is told about one kind of notification."""
    user_id = require_staff(ctx)
    try:
        chosen = NotificationKind(str(kind).upper())
    except ValueError:
        raise ValidationFailed({"kind": "Unknown kind of notification."}) from None
    with session_scope() as session:
        row = session.get(NotificationPreference, (user_id, chosen))
        if row is None:
            row = NotificationPreference(user_id=user_id, kind=chosen, in_app=True, email=False)
        if in_app is not None:
            row.in_app = bool(in_app)
        if email is not None:
            row.email = bool(email)
        session.add(row)
    return preferences(ctx)
