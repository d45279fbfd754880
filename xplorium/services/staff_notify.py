"""In-app notifications (and opted-in emails) for the venue's staff, inside the caller's transaction."""

import sqlalchemy as sa
from sqlmodel import Session, select

from xplorium.config import settings
from xplorium.models import Notification, NotificationPreference, User
from xplorium.models.base import utcnow
from xplorium.models.enums import NotificationKind
from xplorium.services import mail
from xplorium.services.authz import STAFF_ROLES

TITLE_MAX = 200
BODY_MAX = 1000


def notify_staff(session: Session, kind: NotificationKind, title: str, body: str = "", link: str = "") -> int:
    """Notify every active ADMIN and SUPER_ADMIN as their preferences say; returns how many in-app.

    Without a preference row a staff member gets the in-app notification and no email.
    Callers keep personal data out of `title` and `body`: they name bookings by reference.
    """
    rows = session.exec(
        select(User.id, User.email, NotificationPreference.in_app, NotificationPreference.email)
        .outerjoin(
            NotificationPreference,
            sa.and_(NotificationPreference.user_id == User.id, NotificationPreference.kind == kind),
        )
        .where(User.role.in_(STAFF_ROLES), User.deleted_at.is_(None), User.is_blocked.is_(False))
    ).all()
    now = utcnow()
    in_app = [
        {
            "user_id": user_id,
            "kind": kind,
            "title": title[:TITLE_MAX],
            "body": body[:BODY_MAX],
            "link": link,
            "created_at": now,
        }
        for user_id, _email, wants_in_app, _wants_email in rows
        if wants_in_app is None or wants_in_app
    ]
    if in_app:
        session.execute(sa.insert(Notification), in_app)
    for _user_id, email, _wants_in_app, wants_email in rows:
        if wants_email:
            url = settings.public_base_url.rstrip("/") + link if link.startswith("/") else link
            mail.queue(session, email, f"Xplorium: {title}", f"{body}\n\n{url}".strip())
    return len(in_app)
