"""Staff two-factor sign-in: TOTP codes (RFC 6238, any authenticator app) and recovery codes.

- Required for SUPER_ADMIN; for ADMIN when `ADMIN_TWO_FACTOR_REQUIRED` is set, and optional
  (from /admin/security) otherwise. Parents never use it.
- Enrolment: a new secret is shown as a QR code (and as text); it is switched on only when
  a code from the app proves it was read. Then ten recovery codes are shown, once: each
  signs in one time instead of a code. Only keyed hashes of recovery codes are stored.
- A code is accepted for its own 30-second step or the neighbouring ones, and never for a
  step already used, so an overheard code cannot be replayed.
- Every check counts toward `TWO_FACTOR_LIMIT` (per staff member and per IP); enrolment,
  use of a recovery code, renewal and switching off are audited, and so is every failure.

The password step of sign-in (services.accounts.sign_in) returns a `Challenge` instead of
a session for these accounts; `complete_sign_in` takes the challenge and a code.
"""

import hmac
import secrets
from dataclasses import dataclass

import pyotp
import segno
import structlog
from sqlmodel import Session, select

from xplorium.config import settings
from xplorium.constants import (
    RECOVERY_CODE_COUNT,
    TOTP_DRIFT_STEPS,
    TOTP_STEP_SECONDS,
    TWO_FACTOR_CHALLENGE_TTL,
    TWO_FACTOR_LIMIT,
    VENUE_NAME,
)
from xplorium.db import session_scope
from xplorium.models import RecoveryCode, TwoFactor, User
from xplorium.models.enums import STAFF_ROLES, AuditAction, Role
from xplorium.services import audit, clock, sessions
from xplorium.services.authz import require_role
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, Forbidden, Unauthenticated, ValidationFailed
from xplorium.services.ratelimit import RateLimiter, get_limiter
from xplorium.services.security import hash_token

log = structlog.get_logger(__name__)

WRONG_CODE = "That code is not right, or it was already used. Enter the current code from your app."
EXPIRED = "That sign-in took too long. Please enter your email and password again."
_CHALLENGE_DOMAIN = "two-factor-challenge:"
_RECOVERY_DOMAIN = "recovery-code:"


def required_for(role: Role | str) -> bool:
    role = Role(role)
    return role == Role.SUPER_ADMIN or (role == Role.ADMIN and settings.admin_two_factor_required)


@dataclass(frozen=True)
class Enrolment:
    """A secret waiting to be confirmed: as a QR code (an SVG data URI) and as text."""

    secret: str
    qr_code: str


@dataclass(frozen=True)
class Challenge:
    """The password was right; a code (or, when `enrolment` is set, the first code of a new
    secret) must follow within TWO_FACTOR_CHALLENGE_TTL. `token` is kept server-side."""

    token: str
    enrolment: Enrolment | None = None


@dataclass(frozen=True)
class Completed:
    pending: sessions.PendingSession
    user_id: int
    role: Role
    # Shown once, right after enrolment during sign-in.
    recovery_codes: tuple[str, ...] = ()


# ---------------------------------------------------------------- codes


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS)


def _enrolment(user: User, row: TwoFactor) -> Enrolment:
    uri = _totp(row.secret).provisioning_uri(name=user.email, issuer_name=VENUE_NAME)
    return Enrolment(secret=row.secret, qr_code=segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def _accept_totp(row: TwoFactor, code: str) -> bool:
    """True (and the step recorded) for a current code of an unused step."""
    if not (len(code) == 6 and code.isdigit()):
        return False
    now_step = int(clock.now().timestamp()) // TOTP_STEP_SECONDS
    totp = _totp(row.secret)
    for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            if row.last_step is not None and step <= row.last_step:
                return False
            row.last_step = step
            return True
    return False


def _normal(code: object) -> str:
    return "".join(ch for ch in str(code or "") if ch.isalnum()).lower()[:40]


def _recovery_hash(code: str) -> str:
    return hash_token(_RECOVERY_DOMAIN + _normal(code))


def _new_recovery_codes(session: Session, user_id: int) -> tuple[str, ...]:
    """Replace every recovery code of the user with fresh ones; returns them (shown once)."""
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user_id)).all():
        session.delete(old)
    session.flush()
    codes = tuple(f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT))
    for code in codes:
        session.add(RecoveryCode(user_id=user_id, code_hash=_recovery_hash(code)))
    return codes


def _use_recovery_code(session: Session, user_id: int, code: str) -> bool:
    if len(code) != 12:
        return False
    row = session.exec(
        select(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.code_hash == _recovery_hash(code))
        .with_for_update()
    ).first()
    if row is None or row.used_at is not None:
        return False
    row.used_at = clock.now()
    return True


def _limit(limiter: RateLimiter | None, user_id: int, ctx: RequestContext) -> None:
    limit, window = TWO_FACTOR_LIMIT
    limiter = limiter or get_limiter()
    limiter.hit("2fa:user", str(user_id), limit, window)
    if ctx.ip:
        limiter.hit("2fa:ip", ctx.ip, limit, window)


def _row(session: Session, user_id: int) -> TwoFactor | None:
    return session.exec(select(TwoFactor).where(TwoFactor.user_id == user_id).with_for_update()).first()


# ---------------------------------------------------------------- sign-in


def _sign(payload: str) -> str:
    return hash_token(_CHALLENGE_DOMAIN + payload)


def challenge_for(session: Session, user: User) -> Challenge | None:
    """The second step a staff member's sign-in needs after the password, or None."""
    if user.role not in STAFF_ROLES:
        return None
    row = _row(session, user.id)
    enabled = row is not None and row.enabled_at is not None
    if not enabled and not required_for(user.role):
        return None
    expires = int((clock.now() + TWO_FACTOR_CHALLENGE_TTL).timestamp())
    payload = f"{user.id}.{expires}.{secrets.token_urlsafe(8)}"
    token = f"{payload}.{_sign(payload)}"
    if enabled:
        return Challenge(token=token)
    if row is None:
        row = TwoFactor(user_id=user.id, secret=pyotp.random_base32())
        session.add(row)
        session.flush()
    return Challenge(token=token, enrolment=_enrolment(user, row))


def _challenged_user(token: str | None) -> int:
    payload, _sep, mac = str(token or "").rpartition(".")
    parts = payload.split(".")
    if len(parts) != 3 or not hmac.compare_digest(_sign(payload), mac):
        raise Unauthenticated(EXPIRED)
    user_id, expires, _nonce = parts
    if not (user_id.isdigit() and expires.isdigit()) or int(expires) <= clock.now().timestamp():
        raise Unauthenticated(EXPIRED)
    return int(user_id)


def complete_sign_in(
    ctx: RequestContext, *, challenge: str | None, code: object, limiter: RateLimiter | None = None
) -> Completed:
    """Check the code (or a recovery code) of a challenged sign-in; open its pending session."""
    user_id = _challenged_user(challenge)
    entered = _normal(code)
    if not entered:
        raise ValidationFailed({"code": "Enter the 6-digit code from your authenticator app."})
    _limit(limiter, user_id, ctx)
    outcome: Completed | None = None
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None or user.is_blocked or user.deleted_at is not None or user.role not in STAFF_ROLES:
            raise Unauthenticated(EXPIRED)
        actor = RequestContext(actor_id=user.id, actor_role=user.role, ip=ctx.ip, user_agent=ctx.user_agent)
        row = _row(session, user.id)
        enrolling = row is not None and row.enabled_at is None
        method, codes = None, ()
        if row is not None and _accept_totp(row, entered):
            method = "totp"
            if enrolling:
                row.enabled_at = clock.now()
                codes = _new_recovery_codes(session, user.id)
                audit.record(session, actor, "TWO_FACTOR_ENABLED", "user", user.id)
        elif row is not None and not enrolling and _use_recovery_code(session, user.id, entered):
            method = "recovery_code"
            audit.record(session, actor, "RECOVERY_CODE_USED", "user", user.id)
        if method is None:
            audit.record(session, ctx, AuditAction.LOGIN_FAILED, "user", user.id, {"reason": "second_factor"})
        else:
            user.last_login_at = clock.now()
            pending = sessions.create_pending(session, user, ctx)
            audit.record(session, actor, AuditAction.LOGIN, "user", user.id, {"second_factor": method})
            outcome = Completed(pending=pending, user_id=user.id, role=Role(user.role), recovery_codes=codes)
    # Raised after the commit, so the LOGIN_FAILED entry is kept.
    if outcome is None:
        log.info("second_factor_refused", user_id=user_id)
        raise ValidationFailed({"code": WRONG_CODE})
    log.info("signed_in", user_id=outcome.user_id, role=outcome.role.value, second_factor=True)
    return outcome


# ---------------------------------------------------------------- a staff member's own settings


@dataclass(frozen=True)
class Status:
    enabled: bool
    required: bool
    recovery_codes_left: int


def status(ctx: RequestContext) -> Status:
    user_id = require_role(ctx, *STAFF_ROLES)
    with session_scope() as session:
        row = session.get(TwoFactor, user_id)
        left = len(
            session.exec(
                select(RecoveryCode.id).where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
            ).all()
        )
        return Status(
            enabled=row is not None and row.enabled_at is not None,
            required=required_for(ctx.actor_role),
            recovery_codes_left=left,
        )


def start_enrolment(ctx: RequestContext) -> Enrolment:
    """A new secret to scan (replacing any unconfirmed one); refused while one is on."""
    user_id = require_role(ctx, *STAFF_ROLES)
    with session_scope() as session:
        user = session.get(User, user_id)
        row = _row(session, user_id)
        if row is not None and row.enabled_at is not None:
            raise Conflict("Two-factor sign-in is already on. Turn it off first to use another app.")
        if row is None:
            row = TwoFactor(user_id=user_id, secret=pyotp.random_base32())
            session.add(row)
        else:
            row.secret, row.last_step, row.created_at = pyotp.random_base32(), None, clock.now()
        session.flush()
        return _enrolment(user, row)


def confirm_enrolment(
    ctx: RequestContext, code: object, limiter: RateLimiter | None = None
) -> tuple[str, ...]:
    """Switch two-factor on with the first code of the new secret; returns the recovery codes."""
    user_id = require_role(ctx, *STAFF_ROLES)
    _limit(limiter, user_id, ctx)
    with session_scope() as session:
        row = _row(session, user_id)
        if row is None or row.enabled_at is not None:
            raise Conflict("Start the set-up again: there is no new secret to confirm.")
        if not _accept_totp(row, _normal(code)):
            audit.record(session, ctx, "TWO_FACTOR_FAILED", "user", user_id, {"step": "enrolment"})
            accepted = False
        else:
            row.enabled_at = clock.now()
            codes = _new_recovery_codes(session, user_id)
            audit.record(session, ctx, "TWO_FACTOR_ENABLED", "user", user_id)
            accepted = True
    if not accepted:
        raise ValidationFailed({"code": WRONG_CODE})
    return codes


def _with_current_code(ctx: RequestContext, code: object, limiter, change) -> object:
    user_id = require_role(ctx, *STAFF_ROLES)
    _limit(limiter, user_id, ctx)
    with session_scope() as session:
        row = _row(session, user_id)
        if row is None or row.enabled_at is None:
            raise Conflict("Two-factor sign-in is not on.")
        if not _accept_totp(row, _normal(code)):
            audit.record(session, ctx, "TWO_FACTOR_FAILED", "user", user_id)
            result = None
        else:
            result = change(session, row, user_id)
    if result is None:
        raise ValidationFailed({"code": WRONG_CODE})
    return result


def renew_recovery_codes(
    ctx: RequestContext, code: object, limiter: RateLimiter | None = None
) -> tuple[str, ...]:
    """New recovery codes (the old ones stop working), after a current code."""

    def renew(session: Session, _row: TwoFactor, user_id: int) -> tuple[str, ...]:
        codes = _new_recovery_codes(session, user_id)
        audit.record(session, ctx, "RECOVERY_CODES_RENEWED", "user", user_id)
        return codes

    return _with_current_code(ctx, code, limiter, renew)


def disable(ctx: RequestContext, code: object, limiter: RateLimiter | None = None) -> bool:
    """Switch two-factor off (only where it is optional), after a current code."""
    if required_for(ctx.actor_role or Role.USER):
        raise Forbidden("Two-factor sign-in is required for your role and cannot be turned off.")

    def switch_off(session: Session, row: TwoFactor, user_id: int) -> bool:
        session.delete(row)
        for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user_id)).all():
            session.delete(old)
        audit.record(session, ctx, "TWO_FACTOR_DISABLED", "user", user_id)
        return True

    return _with_current_code(ctx, code, limiter, switch_off)
