"""Server-side sign-in sessions: created, activated, resolved on every event, revoked.

Only keyed hashes of secrets are stored. A session is born *pending*: its row holds the
hash of a single-use activation ticket (in a separate hash domain, so a ticket can never
be presented as a session token). The HTTP route `/api/auth/complete` swaps the ticket
for the real token, whose hash replaces the ticket's, and sets the HttpOnly cookie.

A ticket is bound to the browser that signed in: it comes with a second secret, the
*binding*, which only that browser receives (as a short-lived cookie scoped to the
route), and the stored hash covers both. A ticket link opened in any other browser
redeems nothing, so nobody can sign a victim's browser in to the attacker's account
(login CSRF).

Rules enforced by `resolve()` on every request/event:
- absolute expiry (`SESSION_ABSOLUTE_TTL` from activation);
- staff sessions end after `ADMIN_IDLE_TIMEOUT` without activity;
- a blocked or deleted user's sessions end at their next request;
- a revoked session (sign-out, password reset, block) never resolves again.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import structlog
from sqlmodel import Session, select

from xplorium.constants import (
    ADMIN_IDLE_TIMEOUT,
    SESSION_ABSOLUTE_TTL,
    SESSION_ACTIVATION_TTL,
    SESSION_TOUCH_INTERVAL,
)
from xplorium.db import session_scope
from xplorium.models import User, UserSession
from xplorium.models.enums import STAFF_ROLES, Role
from xplorium.services import clock
from xplorium.services.context import RequestContext
from xplorium.services.security import generate_token, hash_token

log = structlog.get_logger(__name__)

# Tokens are url-safe base64 (no ":"), so a ticket hash can never equal a token hash.
_TICKET_DOMAIN = "activation-ticket:"


@dataclass(frozen=True)
class SessionUser:
    """Who a valid session belongs to, as read from the database just now."""

    session_id: int
    user_id: int
    role: Role
    name: str
    email: str
    expires_at: datetime

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def context(self, ip: str | None = None, user_agent: str | None = None) -> RequestContext:
        return RequestContext(actor_id=self.user_id, actor_role=self.role, ip=ip, user_agent=user_agent)


@dataclass(frozen=True)
class IssuedSession:
    token: str
    expires_at: datetime
    user_id: int
    role: Role


@dataclass(frozen=True)
class PendingSession:
    """The two secrets that activate a pending session: both must come back together."""

    ticket: str
    binding: str


def _ticket_hash(ticket: str, binding: str) -> str:
    return hash_token(f"{_TICKET_DOMAIN}{ticket}:{binding}")


def create_pending(session: Session, user: User, ctx: RequestContext) -> PendingSession:
    """A new pending session for `user` inside the caller's transaction."""
    pending = PendingSession(ticket=generate_token(), binding=generate_token())
    now = clock.now()
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=_ticket_hash(pending.ticket, pending.binding),
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_ACTIVATION_TTL,
            ip=(ctx.ip or None) and ctx.ip[:45],
            user_agent=(ctx.user_agent or None) and ctx.user_agent[:300],
        )
    )
    return pending


def activate(ticket: str | None, binding: str | None) -> IssuedSession | None:
    """Exchange a pending session's ticket and binding for its session token (once);
    None if either is wrong, used or expired."""
    if not _is_token_shaped(ticket) or not _is_token_shaped(binding):
        return None
    now = clock.now()
    with session_scope() as session:
        row = session.exec(
            select(UserSession)
            .where(UserSession.token_hash == _ticket_hash(ticket, binding))
            .with_for_update()
        ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            return None
        user = session.get(User, row.user_id)
        if user is None or user.is_blocked or user.deleted_at is not None:
            row.revoked_at = now
            return None
        token = generate_token()
        row.token_hash = hash_token(token)
        row.expires_at = now + SESSION_ABSOLUTE_TTL
        row.last_seen_at = now
        return IssuedSession(token=token, expires_at=row.expires_at, user_id=user.id, role=user.role)


def _is_token_shaped(token: str | None) -> bool:
    return bool(token) and len(token) <= 200 and ":" not in token


def resolve(token: str | None, *, touch: bool = True) -> SessionUser | None:
    """The signed-in user of `token`, or None; ends sessions that broke a rule.

    `touch=False` checks the session without counting the call as the user's activity
    (automatic timers such as the live board's keep-alive must not defeat the idle timeout).
    """
    if not _is_token_shaped(token):
        return None
    now = clock.now()
    with session_scope() as session:
        found = session.exec(
            select(UserSession, User)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None))
        ).first()
        if found is None:
            return None
        row, user = found
        reason = _ended_reason(row, user, now)
        if reason == "expired":
            return None
        if reason == "account_disabled":
            _revoke_all(session, user.id, now)
            log.info("session_ended", reason=reason, session_id=row.id)
            return None
        if reason == "idle":
            row.revoked_at = now
            log.info("session_ended", reason=reason, session_id=row.id)
            return None
        if touch and now - row.last_seen_at >= SESSION_TOUCH_INTERVAL:
            row.last_seen_at = now
        return SessionUser(
            session_id=row.id,
            user_id=user.id,
            role=Role(user.role),
            name=user.name,
            email=user.email,
            expires_at=row.expires_at,
        )


def _ended_reason(row: UserSession, user: User, now: datetime) -> str | None:
    """Why a not-revoked session no longer counts (None: it is valid)."""
    if row.expires_at <= now:
        return "expired"
    if user.is_blocked or user.deleted_at is not None:
        return "account_disabled"
    if user.role in STAFF_ROLES and now - row.last_seen_at >= ADMIN_IDLE_TIMEOUT:
        return "idle"
    return None


def token_key(token: str | None) -> str | None:
    """What `staff_keys` takes for a session token (its stored hash), or None if malformed."""
    return hash_token(token) if _is_token_shaped(token) else None


def staff_keys(keys: Collection[str]) -> set[str]:
    """Which of these `token_key`s still belong to a valid staff session, in ONE query.

    Read-only (no touch, no housekeeping): for checking many watchers at once, e.g. every
    admin screen before a live-board push. The person's own next event ends the session.
    """
    if not keys:
        return set()
    now = clock.now()
    with session_scope() as session:
        rows = session.exec(
            select(UserSession, User)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token_hash.in_(list(keys)), UserSession.revoked_at.is_(None))
        ).all()
    return {
        row.token_hash
        for row, user in rows
        if user.role in STAFF_ROLES and _ended_reason(row, user, now) is None
    }


def revoke(token: str | None) -> int | None:
    """End the session of `token`; returns its user id when there was one to end."""
    if not _is_token_shaped(token):
        return None
    with session_scope() as session:
        row = session.exec(
            select(UserSession).where(
                UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None)
            )
        ).first()
        if row is None:
            return None
        row.revoked_at = clock.now()
        return row.user_id


def _revoke_all(
    session: Session, user_id: int, now: datetime, *, except_session_id: int | None = None
) -> int:
    statement = (
        sa.update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    if except_session_id is not None:
        statement = statement.where(UserSession.id != except_session_id)
    return session.execute(statement).rowcount


def revoke_all(session: Session, user_id: int, *, except_session_id: int | None = None) -> int:
    """End every session of a user inside the caller's transaction; returns how many."""
    return _revoke_all(session, user_id, clock.now(), except_session_id=except_session_id)


@dataclass(frozen=True)
class ActiveSession:
    id: int
    created_at: datetime
    last_seen_at: datetime
    ip: str | None
    user_agent: str | None


def active_sessions(user_id: int) -> list[ActiveSession]:
    """The user's sessions that would resolve now (signed in, not ended), most recent first."""
    now = clock.now()
    with session_scope() as session:
        user = session.get(User, user_id)
        statement = select(UserSession).where(
            UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
            # Pending rows (a sign-in not yet completed) live only for the activation ticket.
            UserSession.expires_at > UserSession.created_at + SESSION_ACTIVATION_TTL,
        )
        if user is not None and user.role in STAFF_ROLES:
            statement = statement.where(UserSession.last_seen_at > now - ADMIN_IDLE_TIMEOUT)
        rows = session.exec(statement.order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())).all()
        return [ActiveSession(r.id, r.created_at, r.last_seen_at, r.ip, r.user_agent) for r in rows]
