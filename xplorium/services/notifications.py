"""Staff notifications: written inside the caller's transaction (in-app, and email to those
who opted in, per NotificationPreference), then read, marked read and chosen by each admin
(only their own)."""

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session, select
from sqlmodel.sql.expression import Select

from xplorium.config import settings
from xplorium.constants import NOTIFICATIONS_RECENT
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import Notification, NotificationPreference, User
from xplorium.models.enums import STAFF_ROLES, NotificationKind
from xplorium.services import clock, mail
from xplorium.services.authz import require_staff
from xplorium.services.bookings.display import local_stamp
from xplorium.services.context import RequestContext
from xplorium.services.errors import ValidationFailed

KIND_LABELS = {
    NotificationKind.NEW_BOOKING: N_("New bookings"),
    NotificationKind.BOOKING_CANCELLED: N_("Cancellations by parents"),
    NotificationKind.EVENT_FULL: N_("Events that fill up"),
    NotificationKind.NEW_REGISTRATION: N_("Event registrations"),
    NotificationKind.DAILY_SUMMARY: N_("Daily summary of yesterday"),
    NotificationKind.LOW_STOCK: N_("Stock at its reorder point"),
    NotificationKind.DEPOSIT_OVERDUE: N_("Deposits past their due date"),
}
KIND_ICONS = {
    NotificationKind.NEW_BOOKING: "calendar-plus",
    NotificationKind.BOOKING_CANCELLED: "calendar-x",
    NotificationKind.EVENT_FULL: "users",
    NotificationKind.NEW_REGISTRATION: "ticket",
    NotificationKind.DAILY_SUMMARY: "chart-bar",
    NotificationKind.LOW_STOCK: "package",
    NotificationKind.DEPOSIT_OVERDUE: "wallet",
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


def mark_read(ctx: RequestContext, ids: Iterable[object]) -> int:
    """Mark some of the actor's own notifications read; others' ids are ignored. Returns how many."""
    user_id = require_staff(ctx)
    wanted = set()
    for value in list(ids)[:MARK_MAX]:
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            raise ValidationFailed({"ids": _("Unknown notification.")}) from None
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
        raise ValidationFailed({"kind": _("Unknown kind of notification.")}) from None
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


# ------------------------------------------------------------ writing

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
        "created_at": clock.now(),
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
    now = clock.now()
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
