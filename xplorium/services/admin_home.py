"""What the back-office landing page shows the signed-in staff member about themselves."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import select

from xplorium.constants import TIMEZONE
from xplorium.db import session_scope
from xplorium.models import Notification
from xplorium.services import clock
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext

RECENT_NOTIFICATIONS = 5
VENUE_TZ = ZoneInfo(TIMEZONE)


@dataclass(frozen=True)
class NotificationLine:
    id: int
    title: str
    body: str
    link: str
    created_at: str
    unread: bool


@dataclass(frozen=True)
class Inbox:
    unread: int
    recent: list[NotificationLine]


def inbox(ctx: RequestContext) -> Inbox:
    """The actor's unread count and latest notifications."""
    user_id = require_staff(ctx)
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
            .limit(RECENT_NOTIFICATIONS)
        ).all()
        recent = [
            NotificationLine(
                id=n.id,
                title=n.title,
                body=n.body,
                link=n.link,
                created_at=n.created_at.astimezone(VENUE_TZ).strftime("%d %b %H:%M"),
                unread=n.read_at is None,
            )
            for n in rows
        ]
    return Inbox(unread=unread, recent=recent)


def mark_all_read(ctx: RequestContext) -> int:
    """Mark every notification of the actor read; returns how many changed."""
    user_id = require_staff(ctx)
    with session_scope() as session:
        return session.execute(
            sa.update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=clock.now())
        ).rowcount
