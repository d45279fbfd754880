"""Audit trail: every change is recorded, and recording can never make the change fail."""

from collections.abc import Mapping
from typing import Any

import structlog
from sqlmodel import Session

from xplorium.models import AuditLog
from xplorium.services.context import RequestContext

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
