"""Data requests (GDPR): everything held about a person, as one JSON file.

The file holds the person's account (without secrets: no password or token hashes), their
consent, bookings (theirs by account, and guest bookings made with their email), event
registrations and waiting-list places (by email), loyalty ledger, notification choices,
sessions and the campaign messages they were sent. Nobody else's data is in it.
Erasure is the account's soft delete (services/user_admin.py `soft_delete`).
"""

import json
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
import structlog
from sqlmodel import Session, SQLModel, select

from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models import (
    Booking,
    CampaignRecipient,
    EventRegistration,
    LoyaltyTransaction,
    NotificationPreference,
    User,
    UserSession,
    WaitlistEntry,
)
from xplorium.models.enums import AuditAction, Role
from xplorium.services import audit
from xplorium.services.authz import require_role, require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import NotFound
from xplorium.services.exports import ExportFile

log = structlog.get_logger(__name__)

SECRET_FIELDS = frozenset({"password_hash", "token_hash", "cancel_token_hash", "claim_token_hash"})


def _plain(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(row: SQLModel) -> dict:
    return {k: _plain(v) for k, v in row.model_dump().items() if k not in SECRET_FIELDS}


def _all(session: Session, statement) -> list[dict]:
    return [_record(row) for row in session.exec(statement).all()]


def person_data(session: Session, user: User) -> dict:
    email = user.email.lower()
    account = _record(user)
    return {
        "account": account,
        "consent": {
            "marketing_opt_in": bool(user.marketing_opt_in),
            "sms_opt_in": bool(user.sms_opt_in),
            "consent_at": _plain(user.consent_at),
            "consent_version": user.consent_version,
        },
        "bookings": _all(
            session,
            select(Booking)
            .where(
                sa.or_(
                    Booking.user_id == user.id,
                    sa.and_(Booking.user_id.is_(None), sa.func.lower(Booking.email) == email),
                )
            )
            .order_by(Booking.id),
        ),
        "event_registrations": _all(
            session,
            select(EventRegistration)
            .where(sa.func.lower(EventRegistration.email) == email)
            .order_by(EventRegistration.id),
        ),
        "waiting_list": _all(
            session,
            select(WaitlistEntry)
            .where(sa.func.lower(WaitlistEntry.email) == email)
            .order_by(WaitlistEntry.id),
        ),
        "loyalty_ledger": _all(
            session,
            select(LoyaltyTransaction)
            .where(LoyaltyTransaction.user_id == user.id)
            .order_by(LoyaltyTransaction.id),
        ),
        "notification_preferences": _all(
            session, select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        ),
        "sessions": _all(
            session, select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
        ),
        "campaign_messages": _all(
            session,
            select(CampaignRecipient)
            .where(CampaignRecipient.user_id == user.id)
            .order_by(CampaignRecipient.id),
        ),
    }


def _file(ctx: RequestContext, user_id: int, *, entity: str) -> ExportFile:
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise NotFound(_("That person does not exist."))
        data = person_data(session, user)
        audit.record(session, ctx, AuditAction.EXPORT, entity, user.id, {"data_request": True})
    log.info("personal_data_exported", user_id=user_id)
    content = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode()
    return ExportFile(f"xplorium-data-{user_id}.json", "application/json", content, 1)


def export_customer(ctx: RequestContext, user_id: object) -> ExportFile:
    """A customer's data, for staff answering their request."""
    require_staff(ctx)
    text = str(user_id).strip()
    if not text.isdigit():
        raise NotFound(_("That person does not exist."))
    with session_scope() as session:
        user = session.get(User, int(text))
        if user is None or user.role != Role.USER:
            raise NotFound(_("That person does not exist."))
    return _file(ctx, int(text), entity="customer")


def export_own(ctx: RequestContext) -> ExportFile:
    """The signed-in person's own data."""
    actor = require_role(ctx, Role.USER, Role.ADMIN, Role.SUPER_ADMIN)
    return _file(ctx, actor, entity="user")
