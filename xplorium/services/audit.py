"""Audit trail: every change is recorded (and recording can never make the change fail),
and staff read it back filtered by actor, action, entity and date range, page by page."""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
import structlog
from sqlmodel import Session

from xplorium.constants import AUDIT_PAGE_SIZE, SHORT_TEXT_MAX
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models import AuditLog, User
from xplorium.services import clock
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors
from xplorium.services.lookup import contains_text
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import parse_date
from xplorium.services.sanitize import clean_text

log = structlog.get_logger(__name__)

REDACTED = "[redacted]"
# Keys whose values are personal data or secrets and never enter the audit log.
SENSITIVE_KEYS = frozenset(
    {
        "password",
        "password_hash",
        "new_password",
        "token",
        "token_hash",
        "cancel_token_hash",
        "email",
        "phone",
        "contact_name",
        "name",
        "special_requests",
        "notes",
        "admin_notes",
        "party_details",
        "child_name",
        "ip",
        "user_agent",
    }
)


def scrub(value: Any) -> Any:
    """A copy of `value` with personal data replaced, at any depth."""
    if isinstance(value, Mapping):
        return {str(k): REDACTED if str(k).lower() in SENSITIVE_KEYS else scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    session: Session,
    ctx: RequestContext,
    action: str,
    entity: str,
    entity_id: object = None,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Add an audit entry inside the caller's transaction, isolated by a savepoint."""
    # The operation's own pending changes are written first and outside the savepoint: if
    # they fail, that is the operation failing, and it must not be mistaken for an audit error.
    session.flush()
    try:
        with session.begin_nested():
            session.add(entry(ctx, action, entity, entity_id, changes))
    except Exception:
        log.exception("audit_failed", action=str(action), entity=entity, entity_id=str(entity_id))


def entry(
    ctx: RequestContext,
    action: str,
    entity: str,
    entity_id: object = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditLog:
    """The audit row `record` writes (personal data scrubbed, lengths bounded), in no session.

    For a service that writes its change and its audit entry in one statement (bookings):
    it builds the row here, inside a try, so that a failure to build it is logged like any
    audit failure and never stops the change.
    """
    return AuditLog(
        actor_id=ctx.actor_id,
        action=str(action),
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        changes=scrub(dict(changes or {})),
        ip=(ctx.ip or None) and ctx.ip[:45],
        user_agent=(ctx.user_agent or None) and ctx.user_agent[:300],
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Changed fields as {field: {"from": old, "to": new}}."""
    return {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value
    }


def _local(moment: datetime) -> str:
    return moment.astimezone(clock.VENUE_TZ).strftime("%Y-%m-%d %H:%M:%S")


def entry_dict(entry: AuditLog, actor_name: str | None, actor_email: str | None) -> dict[str, Any]:
    changes = entry.changes or {}
    return {
        "id": entry.id,
        "created_at": _local(entry.created_at),
        "actor_id": entry.actor_id or 0,
        "actor": actor_name or actor_email or ("system" if entry.actor_id is None else f"#{entry.actor_id}"),
        "actor_email": actor_email or "",
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id or "",
        "changes": changes,
        # Flattened for display: one line per changed field.
        "change_lines": [f"{key}: {_describe(value)}" for key, value in changes.items()],
        "ip": entry.ip or "",
        "user_agent": entry.user_agent or "",
    }


def _describe(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        return f"{value['from']} → {value['to']}"
    if value == {"changed": True}:
        return "changed"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _day_start_utc(day: date) -> datetime:
    """Midnight at the venue on `day`, as an aware UTC instant (dates are the venue's dates)."""
    return datetime.combine(day, time.min, tzinfo=clock.VENUE_TZ)


def list_entries(
    ctx: RequestContext,
    *,
    actor: str = "",
    action: str = "",
    entity: str = "",
    date_from: object = "",
    date_to: object = "",
    page: object = 1,
    page_size: object = AUDIT_PAGE_SIZE,
) -> Page[dict]:
    """Newest first. `actor` matches a name or an email (part of it) or an exact user id."""
    require_staff(ctx)
    errors = FieldErrors()
    statement = (
        sa.select(AuditLog, User.name, User.email)
        .outerjoin(User, User.id == AuditLog.actor_id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
    )
    who = clean_text(actor, max_length=SHORT_TEXT_MAX)
    if who:
        if who.isdigit():
            statement = statement.where(AuditLog.actor_id == int(who))
        elif who.lower() == "system":
            statement = statement.where(AuditLog.actor_id.is_(None))
        else:
            statement = statement.where(contains_text(who, User.email, User.name))
    if action:
        statement = statement.where(AuditLog.action == clean_text(action, max_length=40).upper())
    if entity:
        statement = statement.where(AuditLog.entity == clean_text(entity, max_length=40))
    start = parse_date(errors, "date_from", date_from, label=_("From date")) if date_from else None
    end = parse_date(errors, "date_to", date_to, label=_("To date")) if date_to else None
    if start and end and end < start:
        errors.add("date_to", _("The end date must not be before the start date."))
    errors.raise_if_any()
    if start:
        statement = statement.where(AuditLog.created_at >= _day_start_utc(start))
    if end:
        statement = statement.where(AuditLog.created_at < _day_start_utc(end + timedelta(days=1)))
    with session_scope() as session:
        return paginate(
            session, statement, page, page_size, mapper=lambda row: entry_dict(*row), scalars=False
        )


def filter_choices(ctx: RequestContext) -> dict[str, list[str]]:
    """The actions and entities that occur in the log, for the filter menus."""
    require_staff(ctx)
    with session_scope() as session:
        actions = (
            session.exec(sa.select(AuditLog.action).distinct().order_by(AuditLog.action)).scalars().all()
        )
        entities = (
            session.exec(sa.select(AuditLog.entity).distinct().order_by(AuditLog.entity)).scalars().all()
        )
    return {"actions": list(actions), "entities": list(entities)}
