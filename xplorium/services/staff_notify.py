"""In-app notifications (and opted-in emails) for the venue's staff, inside the caller's transaction."""

import sqlalchemy as sa
from sqlmodel import Session, select
from sqlmodel.sql.expression import Select

from xplorium.config import settings
from xplorium.i18n import _
from xplorium.models import Notification, NotificationPreference, User
from xplorium.models.base import utcnow
from xplorium.models.enums import NotificationKind
from xplorium.services import mail
from xplorium.services.authz import STAFF_ROLES

TITLE_MAX = 200
BODY_MAX = 1000


def recipients(kind: NotificationKind) -> Select:
    """Every active ADMIN and SUPER_ADMIN with their preference for `kind` (NULL: no row).

    Columns: user_id, email, in_app, wants_email.
    """
    return (
        select(
            User.id.label("user_id"),
            User.email.label("email"),
            NotificationPreference.in_app.label("in_app"),
            NotificationPreference.email.label("wants_email"),
        )
        .outerjoin(
            NotificationPreference,
            sa.and_(NotificationPreference.user_id == User.id, NotificationPreference.kind == kind),
        )
        .where(User.role.in_(STAFF_ROLES), User.deleted_at.is_(None), User.is_blocked.is_(False))
    )


def wants_in_app(column: sa.ColumnElement) -> sa.ColumnElement[bool]:
    """Without a preference row a staff member gets the in-app notification."""
    return sa.or_(column.is_(None), column.is_(True))


def insert_from(
    staff: sa.CTE, kind: NotificationKind, title: str, body: str, link: str, after: sa.CTE | None = None
) -> sa.Insert:
    """INSERT of the in-app notifications for `staff` (a CTE of `recipients`), for a statement that
    does its whole write at once (bookings); `after`: only when that CTE produced a row."""
    table = Notification.__table__
    values = {
        "kind": kind,
        "title": title[:TITLE_MAX],
        "body": body[:BODY_MAX],
        "link": link,
        "created_at": utcnow(),
    }
    source = select(
        staff.c.user_id,
        *(sa.cast(sa.literal(v, table.c[k].type), table.c[k].type) for k, v in values.items()),
    ).where(wants_in_app(staff.c.in_app))
    if after is not None:
        source = source.where(sa.exists(select(sa.literal(1)).select_from(after)))
    return sa.insert(table).from_select(["user_id", *values], source)


def queue_emails(session: Session, emails: list[str], title: str, body: str = "", link: str = "") -> None:
    """The emails of a notification, to the staff who asked for them (sent after commit)."""
    for email in emails:
        url = settings.public_base_url.rstrip("/") + link if link.startswith("/") else link
        mail.queue(session, email, _("Xplorium: {title}").format(title=title), f"{body}\n\n{url}".strip())


def notify_staff(session: Session, kind: NotificationKind, title: str, body: str = "", link: str = "") -> int:
    """Notify every active ADMIN and SUPER_ADMIN as their preferences say; returns how many in-app.

    Without a preference row a staff member gets the in-app notification and no email.
    Callers keep personal data out of `title` and `body`: they name bookings by reference.
    """
    rows = session.exec(recipients(kind)).all()
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
    queue_emails(
        session, [email for _id, email, _in_app, wants_email in rows if wants_email], title, body, link
    )
    return len(in_app)
