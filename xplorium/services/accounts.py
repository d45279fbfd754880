"""A person's own account: sign-up, sign-in, sign-out, password reset, their profile and
booking history. (Staff's changes to accounts: user_admin.py; the customer records: customers.py.)

Every function owns its transaction, applies its rate limits (xplorium/constants.py;
shared by every worker through Redis) and writes the audit trail. Nothing here
returns or logs a password, a password hash, a session token or a reset token, except
the one-time secrets the HTTP layer must hand to the browser (activation ticket,
reset token in the emailed link).
"""

import contextvars
import functools
import threading
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import structlog
from sqlmodel import Session, select

from xplorium import formatting
from xplorium.config import settings
from xplorium.constants import (
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    PASSWORD_RESET_LIMIT,
    PASSWORD_RESET_TTL,
    PRIVACY_POLICY_VERSION,
    SHORT_TEXT_MAX,
    SIGN_IN_LIMIT,
    SIGN_UP_LIMIT,
    VENUE_NAME,
)
from xplorium.db import session_scope
from xplorium.i18n import LOCALES, N_, _, current_locale, localized, use_locale
from xplorium.models import Booking, PasswordResetToken, ReminderOptOut, User
from xplorium.models.enums import ALL_ROLES, AuditAction, ContactMethod, Role
from xplorium.services import audit, clock, mail, sessions, two_factor
from xplorium.services.authz import require_role
from xplorium.services.bookings.rules import STATUS_LABELS, TYPE_LABELS, parent_may_cancel
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors, NotFound, Unauthenticated, ValidationFailed
from xplorium.services.loyalty import TierProgress, tier_progress
from xplorium.services.parsing import EMAIL_MAX, PHONE_TEXT_MAX, display_phone, to_email, to_phone
from xplorium.services.ratelimit import RateLimiter, get_limiter
from xplorium.services.sanitize import clean_text
from xplorium.services.security import (
    generate_token,
    hash_password,
    hash_token,
    password_problem,
    verify_password,
)

log = structlog.get_logger(__name__)


BAD_CREDENTIALS = N_("The email or password is incorrect.")
# Blocked and deleted accounts get the same answer, so it does not reveal which one.
ACCOUNT_DISABLED = N_(
    "This account can't be used to sign in. Please contact us if you think this is a mistake."
)
RESET_ANSWER = N_(
    "If an account exists for that email, we've sent a link to reset the password. It works once, for one hour."
)


@functools.cache
def _dummy_hash() -> str:
    # Checking a password against a real hash costs the same time as a real check, so a
    # missing account (or one without a password) does not answer faster.
    return hash_password(generate_token())


# ---------------------------------------------------------------- helpers


def normalize_email(value: object) -> str:
    return str(value or "").strip().lower()


def valid_email(errors: FieldErrors, value: object, field: str = "email") -> str:
    email = normalize_email(value)
    if not email:
        errors.add(field, _("Enter your email address."))
        return email
    if len(email) > EMAIL_MAX:
        errors.add(field, _("This email address is too long."))
        return email
    valid = to_email(email)
    if valid is None:
        errors.add(field, _("Enter a valid email address, like name@example.com."))
    return valid or email


def optional_phone(value: object) -> str | None:
    """An optional phone number in E.164 form, None when empty; ValueError when not valid."""
    if not clean_text(value, max_length=PHONE_TEXT_MAX):
        return None
    phone = to_phone(value)
    if phone is None:
        raise ValueError("not a valid phone number")
    return phone


def _limit(limiter: RateLimiter, scope: str, identifiers: dict[str, str | None], rule) -> None:
    limit, window = rule
    for kind, identifier in identifiers.items():
        if identifier:
            limiter.hit(f"{scope}:{kind}", identifier, limit, window)


def _user_by_email(session: Session, email: str, *, for_update: bool = False) -> User | None:
    statement = select(User).where(User.email == email)
    if for_update:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def _site_link(path: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}{path}"


def _reset_link(token: str) -> str:
    return _site_link(f"/api/auth/reset?token={token}")


def _issue_reset_token(session: Session, user: User) -> str:
    token = generate_token()
    now = clock.now()
    session.add(
        PasswordResetToken(
            user_id=user.id, token_hash=hash_token(token), created_at=now, expires_at=now + PASSWORD_RESET_TTL
        )
    )
    return token


# ---------------------------------------------------------------- sign up / sign in


def mail_password_link(session: Session, user: User, subject: str, body: str) -> None:
    """Email `user`, in their language, a one-time link (for an hour) to choose a password.

    `subject` and `body` are messages marked with N_; `{venue}` and `{reset_link}` are filled in.
    """
    token = _issue_reset_token(session, user)
    with use_locale(user.language or current_locale()):
        mail.queue(
            session,
            user.email,
            _(subject).format(venue=VENUE_NAME),
            _(body).format(venue=VENUE_NAME, reset_link=_reset_link(token)),
        )


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: the ticket and binding the browser exchanges at /api/auth/complete."""

    pending: sessions.PendingSession
    user_id: int
    role: Role


# Sign-up answers this whatever the address: whether it already has an account is told
# only to the mailbox's owner, by email.
SIGN_UP_ANSWER = N_(
    "Thank you! We've sent an email to that address: follow it to finish, then sign in. "
    "If it doesn't arrive in a few minutes, check your spam folder."
)


def sign_up(
    ctx: RequestContext,
    *,
    name: object,
    email: object,
    password: str,
    accept_privacy: bool,
    marketing_opt_in: bool = False,
    limiter: RateLimiter | None = None,
) -> str:
    """Create a parent's account; the answer (SIGN_UP_ANSWER) never tells whether the email
    already had one: the address's owner is told by email, in every case."""
    errors = FieldErrors()
    clean_name = clean_text(name, max_length=SHORT_TEXT_MAX)
    if not clean_name:
        errors.add("name", _("Enter your name."))
    address = valid_email(errors, email)
    problem = password_problem(password or "")
    if problem:
        errors.add("password", problem)
    if not accept_privacy:
        errors.add("accept_privacy", _("Please accept the privacy policy to create an account."))
    errors.raise_if_any()

    _limit(limiter or get_limiter(), "signup", {"ip": ctx.ip, "email": address}, SIGN_UP_LIMIT)
    # Hashed in every case, so an existing address does not answer faster.
    password_hash = hash_password(password)
    with session_scope() as session:
        existing = _user_by_email(session, address, for_update=True)
        if existing is None:
            try:
                with session.begin_nested():
                    _create_parent(session, ctx, address, clean_name, password_hash, marketing_opt_in)
                return _(SIGN_UP_ANSWER)
            except sa.exc.IntegrityError:
                # Created by a parallel sign-up just now: answer as for any existing address.
                existing = _user_by_email(session, address, for_update=True)
        if existing.deleted_at is not None or existing.is_blocked:
            return _(SIGN_UP_ANSWER)
        if existing.password_hash:
            with use_locale(existing.language or current_locale()):
                mail.queue(
                    session,
                    existing.email,
                    _("Your {venue} account").format(venue=VENUE_NAME),
                    _(
                        "Someone (hopefully you) tried to create an account with this email address, but you already have one.\n\nSign in here: {site_link}\nForgot your password? Choose a new one here: {site_link2}\n\nIf it wasn't you, ignore this email: nothing has changed."
                    ).format(site_link=_site_link("/signin"), site_link2=_site_link("/reset")),
                )
            audit.record(
                session, ctx, AuditAction.UPDATE, "user", existing.id, {"sign_up_attempt": "emailed"}
            )
            return _(SIGN_UP_ANSWER)
        # A customer record made by a guest booking: whoever owns the mailbox sets the password.
        mail_password_link(
            session,
            existing,
            N_("Finish creating your {venue} account"),
            N_(
                "Someone (hopefully you) asked to create an account with this email address.\n\nChoose your password here (the link works once, for one hour):\n{reset_link}\n\nIf it wasn't you, ignore this email."
            ),
        )
        audit.record(session, ctx, AuditAction.UPDATE, "user", existing.id, {"account_claim": "emailed"})
        return _(SIGN_UP_ANSWER)


def _create_parent(
    session: Session, ctx: RequestContext, address: str, name: str, password_hash: str, marketing: bool
) -> None:
    now = clock.now()
    user = User(
        email=address,
        name=name,
        password_hash=password_hash,
        role=Role.USER,
        marketing_opt_in=bool(marketing),
        consent_at=now,
        consent_version=PRIVACY_POLICY_VERSION,
        language=current_locale(),
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    session.flush()
    actor = RequestContext(actor_id=user.id, actor_role=Role.USER, ip=ctx.ip, user_agent=ctx.user_agent)
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "user",
        user.id,
        {
            "role": Role.USER.value,
            "consent_version": PRIVACY_POLICY_VERSION,
            "marketing_opt_in": user.marketing_opt_in,
        },
    )
    mail.queue(
        session,
        address,
        _("Welcome to {venue}").format(venue=VENUE_NAME),
        _(
            "Hello {name},\n\nyour {venue} account is ready. Sign in here to see your bookings "
            "and loyalty points: {link}\n\nIf you didn't create it, reply to this email and we'll remove it."
        ).format(name=name, venue=VENUE_NAME, link=_site_link(localized("/signin"))),
    )


def sign_in(
    ctx: RequestContext, *, email: object, password: str, limiter: RateLimiter | None = None
) -> SignedIn | two_factor.Challenge:
    """Check the credentials and open a pending session, or, for staff with two-factor
    sign-in, answer with the challenge its code must follow; every attempt counts toward the limits."""
    errors = FieldErrors()
    address = normalize_email(email)
    if not address:
        errors.add("email", _("Enter your email address."))
    if not password:
        errors.add("password", _("Enter your password."))
    errors.raise_if_any()

    _limit(limiter or get_limiter(), "signin", {"ip": ctx.ip, "email": address}, SIGN_IN_LIMIT)
    refusal: Exception | None = None
    with session_scope() as session:
        user = _user_by_email(session, address[:EMAIL_MAX])
        password_ok = (
            verify_password(password, (user.password_hash if user else None) or _dummy_hash())
            and user is not None
        )
        if not password_ok:
            reason, refusal = "bad_credentials", Unauthenticated(_(BAD_CREDENTIALS))
        elif user.is_blocked or user.deleted_at is not None:
            reason, refusal = "account_disabled", Unauthenticated(_(ACCOUNT_DISABLED))
        challenge = None
        if refusal is not None:
            audit.record(
                session, ctx, AuditAction.LOGIN_FAILED, "user", user.id if user else None, {"reason": reason}
            )
        elif (challenge := two_factor.challenge_for(session, user)) is not None:
            # Staff with two-factor sign-in: no session until the code (services/two_factor.py).
            log.info("second_factor_asked", user_id=user.id)
        else:
            user.last_login_at = clock.now()
            actor = RequestContext(
                actor_id=user.id, actor_role=user.role, ip=ctx.ip, user_agent=ctx.user_agent
            )
            pending = sessions.create_pending(session, user, ctx)
            audit.record(session, actor, AuditAction.LOGIN, "user", user.id)
            signed_in = SignedIn(pending=pending, user_id=user.id, role=Role(user.role))
    # Raised after the commit, so the LOGIN_FAILED entry is kept.
    if refusal is not None:
        log.info("sign_in_refused", reason=reason, user_id=user.id if user else None)
        raise refusal
    if challenge is not None:
        return challenge
    log.info("signed_in", user_id=signed_in.user_id, role=signed_in.role.value)
    return signed_in


def sign_out(ctx: RequestContext, token: str | None) -> bool:
    """Revoke the session of `token` (idempotent); True if one was open."""
    user_id = sessions.revoke(token)
    if user_id is None:
        return False
    with session_scope() as session:
        actor = RequestContext(actor_id=user_id, ip=ctx.ip, user_agent=ctx.user_agent)
        audit.record(session, actor, AuditAction.LOGOUT, "user", user_id)
    return True


def sign_out_everywhere(ctx: RequestContext) -> int:
    """End every session of the acting user, this one included; returns how many."""
    user_id = require_role(ctx, *ALL_ROLES)
    with session_scope() as session:
        count = sessions.revoke_all(session, user_id)
        audit.record(session, ctx, AuditAction.LOGOUT, "user", user_id, {"sessions": count, "scope": "all"})
    return count


def sign_out_other_sessions(ctx: RequestContext, keep_session_id: int) -> int:
    """End every session of the acting user except `keep_session_id` (this browser's)."""
    user_id = require_role(ctx, *ALL_ROLES)
    with session_scope() as session:
        count = sessions.revoke_all(session, user_id, except_session_id=keep_session_id)
        audit.record(
            session, ctx, AuditAction.LOGOUT, "user", user_id, {"sessions": count, "scope": "others"}
        )
    return count


@dataclass(frozen=True)
class SessionLine:
    id: int
    started: str
    last_seen: str
    ip: str
    device: str
    current: bool


def active_sessions(ctx: RequestContext, current_session_id: int) -> list[SessionLine]:
    """The acting user's open sessions, for their own sessions page."""
    user_id = require_role(ctx, *ALL_ROLES)
    return [
        SessionLine(
            id=row.id,
            started=formatting.moment(row.created_at.astimezone(clock.VENUE_TZ)),
            last_seen=formatting.moment(row.last_seen_at.astimezone(clock.VENUE_TZ)),
            ip=row.ip or "unknown",
            device=(row.user_agent or "Unknown browser")[:120],
            current=row.id == current_session_id,
        )
        for row in sessions.active_sessions(user_id)
    ]


# ---------------------------------------------------------------- password reset


def request_password_reset(
    ctx: RequestContext, *, email: object, limiter: RateLimiter | None = None, in_background: bool = False
) -> str:
    """Email a single-use, one-hour reset link; the answer is the same whether or not the address exists.

    With `in_background`, the lookup and the SMTP delivery run after the answer, so an
    existing address does not answer more slowly than an unknown one.
    """
    errors = FieldErrors()
    address = valid_email(errors, email)
    errors.raise_if_any()
    _limit(limiter or get_limiter(), "reset", {"ip": ctx.ip, "email": address}, PASSWORD_RESET_LIMIT)
    if in_background:
        # The thread writes the email in this request's language (a new thread starts without it).
        context = contextvars.copy_context()
        threading.Thread(
            target=context.run, args=(_send_reset_link, ctx, address), name="password-reset", daemon=True
        ).start()
    else:
        _send_reset_link(ctx, address)
    return _(RESET_ANSWER)


def _send_reset_link(ctx: RequestContext, address: str) -> None:
    with session_scope() as session:
        user = _user_by_email(session, address)
        if user is None or user.deleted_at is not None or user.is_blocked:
            return
        mail_password_link(
            session,
            user,
            N_("Reset your {venue} password"),
            N_(
                "We received a request to reset the password of your account.\n\nChoose a new password here (the link works once, for one hour):\n{reset_link}\n\nIf you didn't ask for this, ignore this email: your password stays the same."
            ),
        )
        audit.record(session, ctx, "PASSWORD_RESET_REQUESTED", "user", user.id)


def _usable_reset_token(session: Session, token: str | None, *, for_update: bool = False):
    if not token or len(token) > 200:
        return None
    statement = select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token))
    if for_update:
        statement = statement.with_for_update()
    row = session.exec(statement).first()
    if row is None or row.used_at is not None or row.expires_at <= clock.now():
        return None
    return row


def reset_token_expiry(token: str | None) -> datetime | None:
    """When a reset token stops working, or None if it cannot be used now."""
    with session_scope() as session:
        row = _usable_reset_token(session, token)
        return row.expires_at if row else None


def reset_password(ctx: RequestContext, *, token: str | None, new_password: str) -> int:
    """Set a new password through a reset token; ends every session of that user."""
    problem = password_problem(new_password or "")
    if problem:
        raise ValidationFailed({"password": problem})
    password_hash = hash_password(new_password)
    with session_scope() as session:
        row = _usable_reset_token(session, token, for_update=True)
        user = session.get(User, row.user_id) if row else None
        if row is None or user is None or user.deleted_at is not None or user.is_blocked:
            raise ValidationFailed(
                {"token": _("This reset link has expired or was already used. Ask for a new one.")},
                message=_("This reset link has expired or was already used."),
            )
        now = clock.now()
        row.used_at = now
        # Any other outstanding link of this user stops working too.
        session.execute(
            sa.update(PasswordResetToken)
            .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
            .values(used_at=now)
        )
        user.password_hash = password_hash
        user.updated_at = now
        ended = sessions.revoke_all(session, user.id)
        actor = RequestContext(actor_id=user.id, actor_role=user.role, ip=ctx.ip, user_agent=ctx.user_agent)
        audit.record(session, actor, AuditAction.PASSWORD_RESET, "user", user.id, {"sessions_ended": ended})
        return user.id


# ---------------------------------------------------------------- profile


@dataclass(frozen=True)
class Profile:
    email: str
    name: str
    phone: str
    preferred_contact: str
    marketing_opt_in: bool
    loyalty_points: int
    loyalty_tier: str
    member_since: str
    tier_progress: TierProgress


def get_profile(ctx: RequestContext) -> Profile:
    user_id = require_role(ctx, *ALL_ROLES)
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise NotFound(_("Your account was not found."))
        return Profile(
            email=user.email,
            name=user.name,
            phone=display_phone(user.phone),
            preferred_contact=ContactMethod(user.preferred_contact).value,
            marketing_opt_in=user.marketing_opt_in,
            loyalty_points=user.loyalty_points,
            loyalty_tier=str(user.loyalty_tier or "BRONZE"),
            member_since=formatting.numeric_day(user.created_at.astimezone(clock.VENUE_TZ).date()),
            tier_progress=tier_progress(user.loyalty_points),
        )


def update_profile(
    ctx: RequestContext,
    *,
    name: object,
    phone: object,
    preferred_contact: object,
    marketing_opt_in: bool,
) -> Profile:
    user_id = require_role(ctx, *ALL_ROLES)
    errors = FieldErrors()
    clean_name = clean_text(name, max_length=SHORT_TEXT_MAX)
    if not clean_name:
        errors.add("name", _("Enter your name."))
    try:
        clean_phone = optional_phone(phone)
    except ValueError:
        clean_phone = None
        errors.add("phone", _("Enter a valid phone number, like 064 123 4567 or +381 64 123 4567."))
    try:
        contact = ContactMethod(str(preferred_contact or ""))
    except ValueError:
        contact = ContactMethod.EMAIL
        errors.add("preferred_contact", _("Choose how we should contact you."))
    if contact in (ContactMethod.PHONE, ContactMethod.SMS) and not clean_phone:
        errors.add("phone", _("Add a phone number to be contacted by phone or SMS."))
    errors.raise_if_any()
    with session_scope() as session:
        user = session.get(User, user_id, with_for_update=True)
        if user is None or user.deleted_at is not None:
            raise NotFound(_("Your account was not found."))
        before = {
            "name": user.name,
            "phone": user.phone,
            "preferred_contact": ContactMethod(user.preferred_contact).value,
            "marketing_opt_in": user.marketing_opt_in,
        }
        after = {
            "name": clean_name,
            "phone": clean_phone,
            "preferred_contact": contact.value,
            "marketing_opt_in": bool(marketing_opt_in),
        }
        changes = audit.diff(before, after)
        if changes:
            user.name = clean_name
            user.phone = clean_phone
            user.preferred_contact = contact
            user.marketing_opt_in = bool(marketing_opt_in)
            user.sms_opt_in = contact == ContactMethod.SMS
            user.updated_at = clock.now()
            audit.record(session, ctx, AuditAction.UPDATE, "user", user.id, changes)
    return get_profile(ctx)


def change_password(
    ctx: RequestContext, *, current_password: str, new_password: str, keep_session_id: int | None = None
) -> int:
    """Change the acting user's password; ends their other sessions. Returns how many ended."""
    user_id = require_role(ctx, *ALL_ROLES)
    errors = FieldErrors()
    if not current_password:
        errors.add("current_password", _("Enter your current password."))
    problem = password_problem(new_password or "")
    if problem:
        errors.add("new_password", problem)
    elif current_password and new_password == current_password:
        errors.add("new_password", _("Choose a password different from the current one."))
    errors.raise_if_any()
    with session_scope() as session:
        user = session.get(User, user_id)
        current_ok = user is not None and verify_password(current_password, user.password_hash)
    if not current_ok:
        raise ValidationFailed({"current_password": _("That is not your current password.")})
    password_hash = hash_password(new_password)
    with session_scope() as session:
        user = session.get(User, user_id, with_for_update=True)
        user.password_hash = password_hash
        user.updated_at = clock.now()
        ended = sessions.revoke_all(session, user_id, except_session_id=keep_session_id)
        audit.record(
            session,
            ctx,
            AuditAction.UPDATE,
            "user",
            user_id,
            {"password": "changed", "sessions_ended": ended},
        )
        return ended


@dataclass(frozen=True)
class BookingLine:
    reference: str
    type: str
    type_label: str
    date: str
    time: str
    guests: int
    status: str
    status_label: str
    price: str
    can_cancel: bool
    # The day-before reminder email (xplorium/services/reminders.py) is on.
    reminder: bool


def booking_history(ctx: RequestContext, *, page: int = 1, page_size: int = PAGE_SIZE_DEFAULT) -> dict:
    """The acting user's bookings, newest first (guest bookings made with the account's email
    are tied to it when they are made)."""
    user_id = require_role(ctx, *ALL_ROLES)
    page = max(1, int(page))
    page_size = min(max(1, int(page_size)), PAGE_SIZE_MAX)
    with session_scope() as session:
        mine = Booking.user_id == user_id
        total = session.exec(select(sa.func.count()).select_from(Booking).where(mine)).one()
        rows = session.exec(
            select(Booking)
            .where(mine)
            .order_by(Booking.starts_at.desc(), Booking.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
        opted_out = set(
            session.exec(
                select(ReminderOptOut.booking_id).where(ReminderOptOut.booking_id.in_([b.id for b in rows]))
            ).all()
        )
        lines = [
            BookingLine(
                reference=b.reference,
                type=str(b.type),
                type_label=_(TYPE_LABELS[b.type]),
                date=formatting.day(b.date),
                time=b.start_time.strftime("%H:%M"),
                guests=b.guest_count,
                status=str(b.status),
                status_label=_(STATUS_LABELS[b.status]),
                price=formatting.money(b.price_quote, b.currency),
                can_cancel=parent_may_cancel(b),
                reminder=b.id not in opted_out,
            )
            for b in rows
        ]
    pages = max(1, -(-total // page_size))
    return {"items": lines, "total": total, "page": page, "pages": pages}


def set_language(user_id: int, locale: str) -> bool:
    """Remember a signed-in person's language (pages and emails); False if not a locale."""
    if locale not in LOCALES:
        return False
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None or user.language == locale:
            return user is not None
        before = user.language
        user.language = locale
        user.updated_at = clock.now()
        actor = RequestContext(actor_id=user.id, actor_role=user.role)
        audit.record(session, actor, AuditAction.UPDATE, "user", user.id, {"language": [before, locale]})
    return True
