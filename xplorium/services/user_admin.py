"""User administration: staff change an account's role and standing (blocked, deleted,
restored), create accounts and list them, under the super-admin rules below.

- Only staff (ADMIN, SUPER_ADMIN) call these.
- Nobody changes their own role, blocks or deletes themselves.
- Only a SUPER_ADMIN grants SUPER_ADMIN, or changes, blocks, deletes or restores a SUPER_ADMIN.
- Blocking or deleting ends every session of the user at once (and `sessions.resolve`
  refuses a blocked or deleted user at their next event anyway).
Every change is audited inside the same transaction.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from xplorium.constants import PAGE_SIZE_DEFAULT, SHORT_TEXT_MAX
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import AuditLog, User
from xplorium.models.enums import AuditAction, Role
from xplorium.services import audit, clock, sessions
from xplorium.services.accounts import mail_password_link, valid_email
from xplorium.services.authz import require_role, require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed
from xplorium.services.lookup import contains_text
from xplorium.services.pagination import Page, paginate
from xplorium.services.sanitize import clean_text
from xplorium.services.security import generate_password, hash_password


@dataclass(frozen=True)
class UserRow:
    id: int
    email: str
    name: str
    role: str
    is_blocked: bool
    is_deleted: bool
    has_password: bool
    loyalty_points: int
    loyalty_tier: str
    created_at: str
    last_login_at: str


def _row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        email=user.email,
        name=user.name,
        role=Role(user.role).value,
        is_blocked=user.is_blocked,
        is_deleted=user.deleted_at is not None,
        has_password=bool(user.password_hash),
        loyalty_points=user.loyalty_points,
        loyalty_tier=str(user.loyalty_tier or "BRONZE"),
        created_at=user.created_at.strftime("%Y-%m-%d"),
        last_login_at=user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "",
    )


def _target(session: Session, ctx: RequestContext, user_id: int, *, action: str) -> User:
    """The user `ctx` may act on, locked for update, after the rules that apply to every action."""
    actor_id = require_staff(ctx)
    user = session.get(User, int(user_id), with_for_update=True)
    if user is None:
        raise NotFound(_("That user does not exist."))
    if user.id == actor_id:
        raise Forbidden(_("You can't {action} your own account.").format(action=action))
    if user.role == Role.SUPER_ADMIN and ctx.actor_role != Role.SUPER_ADMIN:
        raise Forbidden(_("Only a super admin can change a super admin's account."))
    return user


def change_role(ctx: RequestContext, user_id: int, role: Role | str) -> UserRow:
    try:
        new_role = Role(str(role))
    except ValueError as error:
        raise ValidationFailed({"role": _("Choose a role.")}) from error
    with session_scope() as session:
        user = _target(session, ctx, user_id, action="change the role of")
        if new_role == Role.SUPER_ADMIN and ctx.actor_role != Role.SUPER_ADMIN:
            raise Forbidden(_("Only a super admin can grant the super admin role."))
        old_role = Role(user.role)
        if old_role != new_role:
            user.role = new_role
            user.updated_at = clock.now()
            audit.record(
                session,
                ctx,
                AuditAction.ROLE_CHANGE,
                "user",
                user.id,
                {"role": {"from": old_role.value, "to": new_role.value}},
            )
        return _row(user)


def set_blocked(ctx: RequestContext, user_id: int, blocked: bool) -> UserRow:
    with session_scope() as session:
        user = _target(session, ctx, user_id, action="block or unblock")
        if user.is_blocked != bool(blocked):
            user.is_blocked = bool(blocked)
            user.updated_at = clock.now()
            ended = sessions.revoke_all(session, user.id) if blocked else 0
            audit.record(
                session,
                ctx,
                AuditAction.BLOCK if blocked else AuditAction.UNBLOCK,
                "user",
                user.id,
                {"is_blocked": bool(blocked), "sessions_ended": ended},
            )
        return _row(user)


def deleted_email(user_id: int) -> str:
    """The address a deleted account keeps: unique, undeliverable, and not the person's."""
    return f"deleted-{user_id}@deleted.invalid"


def soft_delete(ctx: RequestContext, user_id: int) -> UserRow:
    """Close an account and erase what identifies the person.

    The record stays (bookings, payments and points refer to it, and bookkeeping law needs
    them kept); the email is replaced, the password, phone, notes and tags are cleared and
    the opt-ins withdrawn, and the audit entries of their own actions lose their address and
    browser. The name stays because the kept bookings and invoices carry it.
    """
    with session_scope() as session:
        user = _target(session, ctx, user_id, action="delete")
        if user.deleted_at is not None:
            raise Conflict(_("That account is already deleted."))
        user.deleted_at = clock.now()
        user.updated_at = user.deleted_at
        user.email = deleted_email(user.id)
        user.password_hash = None
        user.phone = None
        user.notes = ""
        user.tags = []
        user.marketing_opt_in = False
        user.sms_opt_in = False
        ended = sessions.revoke_all(session, user.id)
        # The trail of what the person did keeps no trace of where they did it from.
        session.execute(
            sa.update(AuditLog).where(AuditLog.actor_id == user.id).values(ip=None, user_agent=None)
        )
        audit.record(
            session,
            ctx,
            AuditAction.DELETE,
            "user",
            user.id,
            {"soft": True, "personal_data_erased": True, "sessions_ended": ended},
        )
        return _row(user)


def restore(ctx: RequestContext, user_id: int, email: object) -> UserRow:
    """Reopen a deleted account (super admins only) under the email the person gives again.

    The account comes back with its history and points but no password: the person sets
    one through the emailed link, as for an account staff create.
    """
    require_role(ctx, Role.SUPER_ADMIN)
    errors = FieldErrors()
    address = valid_email(errors, email)
    errors.raise_if_any()
    with session_scope() as session:
        user = _target(session, ctx, user_id, action="restore")
        if user.deleted_at is None:
            raise Conflict(_("That account is not deleted."))
        taken = session.exec(select(User.id).where(User.email == address, User.id != user.id)).first()
        if taken is not None:
            raise ValidationFailed({"email": _("Another account already uses this email.")})
        user.deleted_at = None
        user.email = address
        user.updated_at = clock.now()
        mail_password_link(
            session,
            user,
            N_("Your Xplorium account is open again"),
            N_(
                "Your Xplorium account has been restored.\n\nChoose a password here (the link works once, within an hour):\n{reset_link}\n"
            ),
        )
        audit.record(session, ctx, AuditAction.RESTORE, "user", user.id)
        return _row(user)


def create_user(ctx: RequestContext, *, email: object, name: object, role: Role | str = Role.USER) -> UserRow:
    """An account made by staff: a generated password, and an emailed link to choose one's own."""
    return create_user_with_password(ctx, email=email, name=name, role=role).user


@dataclass(frozen=True)
class CreatedUser:
    """A staff-created account and its generated password, shown to the creator once."""

    user: UserRow
    password: str


def create_user_with_password(
    ctx: RequestContext, *, email: object, name: object, role: Role | str = Role.USER
) -> CreatedUser:
    """As `create_user`, also returning the generated password for the back office to show
    once (it is stored only as a bcrypt hash and never logged or audited)."""
    require_staff(ctx)
    errors = FieldErrors()
    address = valid_email(errors, email)
    clean_name = clean_text(name, max_length=SHORT_TEXT_MAX)
    if not clean_name:
        errors.add("name", _("Enter a name."))
    try:
        new_role = Role(str(role))
    except ValueError:
        new_role = Role.USER
        errors.add("role", _("Choose a role."))
    errors.raise_if_any()
    if new_role == Role.SUPER_ADMIN and ctx.actor_role != Role.SUPER_ADMIN:
        raise Forbidden(_("Only a super admin can grant the super admin role."))
    password = generate_password()
    password_hash = hash_password(password)
    with session_scope() as session:
        if session.exec(select(User.id).where(User.email == address)).first() is not None:
            raise ValidationFailed({"email": _("A user with this email already exists.")})
        now = clock.now()
        user = User(
            email=address,
            name=clean_name,
            role=new_role,
            password_hash=password_hash,
            created_at=now,
            updated_at=now,
        )
        session.add(user)
        session.flush()
        mail_password_link(
            session,
            user,
            N_("Your {venue} account"),
            N_(
                'An account was created for you at {venue}.\n\nChoose your password here (the link works once, for one hour):\n{reset_link}\n\nIf the link has expired, use "Forgot password" on the sign-in page.'
            ),
        )
        audit.record(
            session, ctx, AuditAction.CREATE, "user", user.id, {"role": new_role.value, "by_staff": True}
        )
        return CreatedUser(user=_row(user), password=password)


def list_users(
    ctx: RequestContext,
    *,
    search: object = "",
    role: Role | str | None = None,
    include_deleted: bool = False,
    page: object = 1,
    page_size: object = PAGE_SIZE_DEFAULT,
) -> Page[UserRow]:
    """A page of users, newest first, filtered by name/email text and role."""
    require_staff(ctx)
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    text = clean_text(search, max_length=SHORT_TEXT_MAX)
    if text:
        statement = statement.where(contains_text(text, User.email, User.name))
    if role:
        statement = statement.where(User.role == Role(str(role)))
    if not include_deleted:
        statement = statement.where(User.deleted_at.is_(None))
    with session_scope() as session:
        return paginate(session, statement, page, page_size, mapper=_row)
