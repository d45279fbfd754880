"""Email campaigns to a segment of the customers who opted in to marketing.

- `audience`: who a segment reaches — customers (not deleted) who opted in to marketing,
  narrowed by tier, tags, the insights' segment, last visit and a party child's birthday month.
- `create_campaign` / `update_campaign` (drafts), `preview_count`, `send_test` (to oneself),
  `schedule`, `cancel`: the admin's actions, audited; statuses move only along TRANSITIONS.
- `start` and `send_batch` run as jobs. `start` writes one recipient row per customer (unique
  per campaign and customer), then batches of CAMPAIGN_BATCH_SIZE messages go out, one batch
  per CAMPAIGN_BATCH_INTERVAL. Each message's idempotency key is its recipient row's: a batch
  run again after a crash skips whoever the mail server already accepted.
- `unsubscribe(token)`: the one-click link of every message (signed with SECRET_KEY), which
  withdraws the customer's marketing consent at once.
"""

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
import structlog
from sqlmodel import Session, select

from xplorium import jobs
from xplorium.config import settings
from xplorium.constants import (
    CAMPAIGN_BATCH_INTERVAL,
    CAMPAIGN_BATCH_SIZE,
    CAMPAIGN_BODY_MAX,
    PAGE_SIZE_DEFAULT,
    SHORT_TEXT_MAX,
    TAG_MAX_LENGTH,
)
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import Booking, Campaign, CampaignRecipient, User
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    AuditAction,
    BookingType,
    CampaignStatus,
    RecipientStatus,
)
from xplorium.services import audit, clock, loyalty, mail
from xplorium.services.authz import require_staff
from xplorium.services.clock import VENUE_TZ
from xplorium.services.context import SYSTEM, RequestContext
from xplorium.services.customers import SEGMENT_LABELS, marketing_statement, segment_for
from xplorium.services.errors import Conflict, FieldErrors, NotFound, ValidationFailed
from xplorium.services.lookup import contains_text
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import parse_status
from xplorium.services.sanitize import clean_text

log = structlog.get_logger(__name__)

START_TASK = "campaigns.start"
BATCH_TASK = "campaigns.send_batch"
UNSUBSCRIBE_PATH = "/api/unsubscribe"
ENTITY = "campaign"

TRANSITIONS: dict[CampaignStatus, frozenset[CampaignStatus]] = {
    CampaignStatus.DRAFT: frozenset({CampaignStatus.SCHEDULED, CampaignStatus.CANCELLED}),
    CampaignStatus.SCHEDULED: frozenset({CampaignStatus.SENDING, CampaignStatus.CANCELLED}),
    CampaignStatus.SENDING: frozenset({CampaignStatus.SENT, CampaignStatus.CANCELLED}),
    CampaignStatus.SENT: frozenset(),
    CampaignStatus.CANCELLED: frozenset(),
}
STATUS_LABELS = {
    CampaignStatus.DRAFT: N_("Draft"),
    CampaignStatus.SCHEDULED: N_("Scheduled"),
    CampaignStatus.SENDING: N_("Sending"),
    CampaignStatus.SENT: N_("Sent"),
    CampaignStatus.CANCELLED: N_("Cancelled"),
}
ANY = ""
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


# ---------------------------------------------------------------- segment


@dataclass(frozen=True)
class Segment:
    tier: str = ANY
    tags: tuple[str, ...] = ()
    segment: str = ANY
    last_visit_before: date | None = None
    last_visit_after: date | None = None
    birthday_month: int | None = None

    def as_json(self) -> dict:
        return {
            "tier": self.tier,
            "tags": list(self.tags),
            "segment": self.segment,
            "last_visit_before": self.last_visit_before.isoformat() if self.last_visit_before else "",
            "last_visit_after": self.last_visit_after.isoformat() if self.last_visit_after else "",
            "birthday_month": str(self.birthday_month or ""),
        }


def _day(errors: FieldErrors, name: str, value: object) -> date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(name, _("Enter a date like 2026-05-31."))
        return None


def parse_segment(data: Mapping) -> Segment:
    """The segment's filters from a form (or a stored campaign); ValidationFailed per field."""
    errors = FieldErrors()
    tier = str(data.get("tier") or ANY).upper()
    if tier and tier not in loyalty.TIERS:
        errors.add("tier", _("Unknown tier."))
    raw_tags = data.get("tags") or ""
    if isinstance(raw_tags, list | tuple):
        raw_tags = ",".join(str(t) for t in raw_tags)
    tags = tuple(
        dict.fromkeys(
            t
            for t in (clean_text(p, max_length=TAG_MAX_LENGTH).lower() for p in str(raw_tags).split(","))
            if t
        )
    )
    segment = str(data.get("segment") or ANY).upper()
    if segment and segment not in SEGMENT_LABELS:
        errors.add("segment", _("Unknown segment."))
    before = _day(errors, "last_visit_before", data.get("last_visit_before"))
    after = _day(errors, "last_visit_after", data.get("last_visit_after"))
    if before and after and after >= before:
        errors.add("last_visit_after", _("“After” must come before “before”."))
    month_text = str(data.get("birthday_month") or "").strip()
    month = None
    if month_text:
        month = int(month_text) if month_text.isdigit() else 0
        if not 1 <= month <= len(MONTHS):
            errors.add("birthday_month", _("Choose a month."))
            month = None
    errors.raise_if_any()
    return Segment(tier, tags, segment, before, after, month)


def _visits(session: Session, customers: list[User]) -> dict[int, tuple[date | None, set[int]]]:
    """Per customer: their last visit (the latest past day of a booking that happened) and the
    months of their party bookings (a party is held for the child's birthday)."""
    if not customers:
        return {}
    by_email = {u.email: u.id for u in customers}
    ids = set(by_email.values())
    rows = session.exec(
        select(Booking.user_id, sa.func.lower(Booking.email), Booking.date, Booking.type).where(
            Booking.status.in_([s.value for s in ACTIVE_BOOKING_STATUSES]),
            sa.or_(
                Booking.user_id.in_(ids),
                sa.and_(Booking.user_id.is_(None), sa.func.lower(Booking.email).in_(list(by_email))),
            ),
        )
    ).all()
    today = clock.now().astimezone(VENUE_TZ).date()
    found: dict[int, tuple[date | None, set[int]]] = {i: (None, set()) for i in ids}
    for user_id, email, day, kind in rows:
        owner = user_id if user_id in ids else by_email.get(email)
        last, months = found[owner]
        if day <= today and (last is None or day > last):
            last = day
        if BookingType(kind) == BookingType.PARTY:
            months.add(day.month)
        found[owner] = (last, months)
    return found


def audience(session: Session, segment: Segment) -> list[User]:
    """The customers a campaign to `segment` reaches, in id order."""
    statement = marketing_statement().order_by(None).order_by(User.id)
    if segment.tier:
        statement = statement.where(User.loyalty_tier == segment.tier)
    chosen = [
        u
        for u in session.exec(statement).all()
        if (not segment.tags or set(segment.tags) & set(u.tags or []))
        and (not segment.segment or segment_for(u.total_bookings) == segment.segment)
    ]
    if not (segment.last_visit_before or segment.last_visit_after or segment.birthday_month):
        return chosen
    visits = _visits(session, chosen)
    kept = []
    for user in chosen:
        last, months = visits[user.id]
        if segment.last_visit_before and not (last and last < segment.last_visit_before):
            continue
        if segment.last_visit_after and not (last and last > segment.last_visit_after):
            continue
        if segment.birthday_month and segment.birthday_month not in months:
            continue
        kept.append(user)
    return kept


def preview_count(ctx: RequestContext, data: Mapping) -> int:
    """How many customers a campaign to this segment would reach now."""
    require_staff(ctx)
    segment = parse_segment(data)
    with session_scope() as session:
        return len(audience(session, segment))


# ---------------------------------------------------------------- campaigns


def _campaign_id(value: object) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) <= 0:
        raise NotFound(_("That campaign does not exist."))
    return int(text)


def _campaign(session: Session, campaign_id: object, *, lock: bool = False) -> Campaign:
    statement = select(Campaign).where(Campaign.id == _campaign_id(campaign_id))
    if lock:
        statement = statement.with_for_update()
    campaign = session.exec(statement).first()
    if campaign is None:
        raise NotFound(_("That campaign does not exist."))
    return campaign


def _counts(session: Session, campaign_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = session.exec(
        select(
            CampaignRecipient.campaign_id,
            CampaignRecipient.status,
            sa.func.count(),
            sa.func.count(CampaignRecipient.unsubscribed_at),
        )
        .where(CampaignRecipient.campaign_id.in_(campaign_ids))
        .group_by(CampaignRecipient.campaign_id, CampaignRecipient.status)
    ).all()
    counts = {
        i: {"recipients": 0, "sent": 0, "failed": 0, "pending": 0, "unsubscribed": 0} for i in campaign_ids
    }
    for campaign_id, status, number, unsubscribed in rows:
        row = counts[campaign_id]
        row["recipients"] += number
        row["unsubscribed"] += unsubscribed
        key = {
            RecipientStatus.SENT: "sent",
            RecipientStatus.FAILED: "failed",
            RecipientStatus.PENDING: "pending",
        }
        if RecipientStatus(status) in key:
            row[key[RecipientStatus(status)]] += number
    return counts


def _local(moment: datetime | None) -> str:
    return moment.astimezone(VENUE_TZ).strftime("%d %b %Y %H:%M") if moment else ""


def _row(campaign: Campaign, counts: Mapping[str, int]) -> dict:
    status = CampaignStatus(campaign.status)
    return {
        "id": campaign.id,
        "name": campaign.name,
        "subject": campaign.subject,
        "body": campaign.body,
        "status": status.value,
        "status_label": _(STATUS_LABELS[status]),
        "editable": status == CampaignStatus.DRAFT,
        "cancellable": CampaignStatus.CANCELLED in TRANSITIONS[status],
        "scheduled_at": _local(campaign.scheduled_at),
        "finished_at": _local(campaign.finished_at),
        "segment": dict(campaign.segment or {}),
        **{key: str(value) for key, value in counts.items()},
    }


def list_campaigns(
    ctx: RequestContext,
    *,
    search: object = "",
    status: object = "",
    page: object = 1,
    page_size: object = PAGE_SIZE_DEFAULT,
) -> Page[dict]:
    """Campaigns, newest first, optionally of one status and matching a name or subject."""
    require_staff(ctx)
    statement = select(Campaign).order_by(Campaign.created_at.desc(), Campaign.id.desc())
    status_text = str(status or "").upper()
    if status_text:
        statement = statement.where(Campaign.status == parse_status(CampaignStatus, status_text))
    text = clean_text(search, max_length=SHORT_TEXT_MAX).lower()
    if text:
        statement = statement.where(contains_text(text, Campaign.name, Campaign.subject))
    with session_scope() as session:
        found = paginate(session, statement, page, page_size)
        counts = _counts(session, [c.id for c in found.items])
        found.items = [_row(c, counts[c.id]) for c in found.items]
        return found


def _content(data: Mapping) -> tuple[str, str, str, Segment]:
    errors = FieldErrors()
    name = clean_text(data.get("name"), max_length=SHORT_TEXT_MAX)
    subject = clean_text(data.get("subject"), max_length=SHORT_TEXT_MAX)
    body = clean_text(data.get("body"), max_length=CAMPAIGN_BODY_MAX, multiline=True)
    if not name:
        errors.add("name", _("Name the campaign (only the staff see it)."))
    if not subject:
        errors.add("subject", _("Write the email's subject."))
    if not body:
        errors.add("body", _("Write the email's text."))
    try:
        segment = parse_segment(data)
    except ValidationFailed as invalid:
        for field, message in invalid.fields.items():
            errors.add(field, message)
        segment = Segment()
    errors.raise_if_any()
    return name, subject, body, segment


def create_campaign(ctx: RequestContext, data: Mapping) -> dict:
    actor = require_staff(ctx)
    name, subject, body, segment = _content(data)
    with session_scope() as session:
        campaign = Campaign(
            name=name, subject=subject, body=body, segment=segment.as_json(), created_by=actor
        )
        session.add(campaign)
        session.flush()
        audit.record(session, ctx, AuditAction.CREATE, ENTITY, campaign.id, {"segment": campaign.segment})
        return _row(campaign, _counts(session, [campaign.id])[campaign.id])


def update_campaign(ctx: RequestContext, campaign_id: object, data: Mapping) -> dict:
    require_staff(ctx)
    name, subject, body, segment = _content(data)
    with session_scope() as session:
        campaign = _campaign(session, campaign_id, lock=True)
        if campaign.status != CampaignStatus.DRAFT:
            raise Conflict(_("Only a draft can be edited."))
        campaign.name, campaign.subject, campaign.body = name, subject, body
        campaign.segment = segment.as_json()
        campaign.updated_at = clock.now()
        session.add(campaign)
        audit.record(session, ctx, AuditAction.UPDATE, ENTITY, campaign.id, {"segment": campaign.segment})
        return _row(campaign, _counts(session, [campaign.id])[campaign.id])


def _move(campaign: Campaign, to: CampaignStatus) -> None:
    if to not in TRANSITIONS[CampaignStatus(campaign.status)]:
        raise Conflict(
            _("A campaign that is {status} cannot become {to}.").format(
                status=_(STATUS_LABELS[CampaignStatus(campaign.status)]).lower(),
                to=_(STATUS_LABELS[to]).lower(),
            )
        )
    campaign.status = to
    campaign.updated_at = clock.now()


def _unsubscribe_link(recipient_id: int) -> str:
    return f"{settings.public_base_url.rstrip('/')}{UNSUBSCRIBE_PATH}?token={unsubscribe_token(recipient_id)}"


def _body(campaign: Campaign, link: str) -> str:
    footer = _(
        "You receive this because you agreed to news from Xplorium. Unsubscribe with one click: {link}"
    )
    return f"{campaign.body}\n\n--\n{footer.format(link=link)}\n"


def send_test(ctx: RequestContext, campaign_id: object) -> str:
    """The campaign, as a customer would get it, to the acting admin's own address."""
    actor = require_staff(ctx)
    with session_scope() as session:
        campaign = _campaign(session, campaign_id)
        me = session.get(User, actor)
        link = f"{settings.public_base_url.rstrip('/')}{UNSUBSCRIBE_PATH}?token=test"
        mail.queue(
            session, me.email, _("[Test] {subject}").format(subject=campaign.subject), _body(campaign, link)
        )
        audit.record(session, ctx, AuditAction.UPDATE, ENTITY, campaign.id, {"test_sent": True})
        return me.email


def schedule(ctx: RequestContext, campaign_id: object, when: object = "") -> dict:
    """Send the draft at `when` (venue time, "YYYY-MM-DDTHH:MM"), or now when empty."""
    require_staff(ctx)
    text = str(when or "").strip()
    now = clock.now()
    at = now
    if text:
        try:
            at = datetime.fromisoformat(text).replace(tzinfo=VENUE_TZ)
        except ValueError:
            raise ValidationFailed({"scheduled_at": _("Enter a date and time.")}) from None
        if at < now:
            raise ValidationFailed(
                {"scheduled_at": _("Choose a time in the future, or leave it empty to send now.")}
            )
    with session_scope() as session:
        campaign = _campaign(session, campaign_id, lock=True)
        if not audience(session, parse_segment(campaign.segment)):
            raise Conflict(_("Nobody in this segment has agreed to receive marketing emails."))
        _move(campaign, CampaignStatus.SCHEDULED)
        campaign.scheduled_at = at
        session.add(campaign)
        jobs.defer(
            session, START_TASK, lock=f"campaign:{campaign.id}", schedule_at=at, campaign_id=campaign.id
        )
        audit.record(session, ctx, AuditAction.UPDATE, ENTITY, campaign.id, {"status": campaign.status.value})
        return _row(campaign, _counts(session, [campaign.id])[campaign.id])


def cancel(ctx: RequestContext, campaign_id: object) -> dict:
    """Stop a campaign: a scheduled one never starts, a sending one stops after its batch."""
    require_staff(ctx)
    with session_scope() as session:
        campaign = _campaign(session, campaign_id, lock=True)
        _move(campaign, CampaignStatus.CANCELLED)
        session.add(campaign)
        audit.record(session, ctx, AuditAction.CANCEL, ENTITY, campaign.id)
        return _row(campaign, _counts(session, [campaign.id])[campaign.id])


# ---------------------------------------------------------------- sending (jobs)


def start(campaign_id: int) -> None:
    """The scheduled time came: write the recipients (opted-in customers of the segment, now)
    and queue the first batch, in one transaction."""
    with session_scope() as session:
        campaign = _campaign(session, campaign_id, lock=True)
        if campaign.status != CampaignStatus.SCHEDULED:
            return  # cancelled meanwhile, or already started by an earlier run of this job
        _move(campaign, CampaignStatus.SENDING)
        campaign.started_at = clock.now()
        session.add(campaign)
        for user in audience(session, parse_segment(campaign.segment)):
            session.add(
                CampaignRecipient(
                    campaign_id=campaign.id, user_id=user.id, mail_key=f"campaign:{campaign.id}:{user.id}"
                )
            )
        session.flush()
        jobs.defer(session, BATCH_TASK, lock=f"campaign:{campaign.id}", campaign_id=campaign.id)
        audit.record(
            session, SYSTEM, AuditAction.UPDATE, ENTITY, campaign.id, {"status": campaign.status.value}
        )
    log.info("campaign_started", campaign_id=campaign_id)


def _mark(recipient_id: int, status: RecipientStatus) -> None:
    with session_scope() as session:
        recipient = session.get(CampaignRecipient, recipient_id)
        recipient.status = status
        if status == RecipientStatus.SENT:
            recipient.sent_at = clock.now()
        session.add(recipient)


def _unsubscribe_headers(link: str) -> dict[str, str]:
    # RFC 8058: mail apps show an "Unsubscribe" button that POSTs to the link.
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_batch(campaign_id: int) -> int:
    """Send the next CAMPAIGN_BATCH_SIZE waiting messages; queue the next batch after
    CAMPAIGN_BATCH_INTERVAL, or mark the campaign sent. Returns how many went out now.

    Safe to run again after a crash: a row is marked once its message was handed over, and
    a message handed over but not yet marked has its key in mail_deliveries, so it is skipped.
    """
    with session_scope() as session:
        campaign = _campaign(session, campaign_id)
        if campaign.status != CampaignStatus.SENDING:
            return 0
        waiting = session.exec(
            select(CampaignRecipient, User)
            .join(User, User.id == CampaignRecipient.user_id)
            .where(
                CampaignRecipient.campaign_id == campaign.id,
                CampaignRecipient.status == RecipientStatus.PENDING,
            )
            .order_by(CampaignRecipient.id)
            .limit(CAMPAIGN_BATCH_SIZE)
        ).all()
        batch = [
            (r.id, r.mail_key, u.email, bool(u.marketing_opt_in and u.deleted_at is None)) for r, u in waiting
        ]
        session.expunge_all()
    sent = 0
    for recipient_id, key, email, consents in batch:
        if not consents:
            _mark(recipient_id, RecipientStatus.SKIPPED)  # withdrew consent after the start
            continue
        link = _unsubscribe_link(recipient_id)
        try:
            mail.deliver(
                key, email, campaign.subject, _body(campaign, link), headers=_unsubscribe_headers(link)
            )
        except mail.MailNotSent:
            _mark(recipient_id, RecipientStatus.FAILED)
            continue
        _mark(recipient_id, RecipientStatus.SENT)
        sent += 1
    with session_scope() as session:
        campaign = _campaign(session, campaign_id, lock=True)
        if campaign.status != CampaignStatus.SENDING:
            return sent
        left = session.exec(
            select(sa.func.count()).where(
                CampaignRecipient.campaign_id == campaign.id,
                CampaignRecipient.status == RecipientStatus.PENDING,
            )
        ).one()
        if left:
            jobs.defer(
                session,
                BATCH_TASK,
                lock=f"campaign:{campaign.id}",
                schedule_at=clock.now() + CAMPAIGN_BATCH_INTERVAL,
                campaign_id=campaign.id,
            )
        else:
            _move(campaign, CampaignStatus.SENT)
            campaign.finished_at = clock.now()
            session.add(campaign)
            audit.record(
                session, SYSTEM, AuditAction.UPDATE, ENTITY, campaign.id, {"status": campaign.status.value}
            )
    log.info("campaign_batch_sent", campaign_id=campaign_id, sent=sent)
    return sent


# ---------------------------------------------------------------- unsubscribe


def _signature(payload: str) -> str:
    digest = hmac.new(
        settings.secret_key.encode(), f"unsubscribe:{payload}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def unsubscribe_token(recipient_id: int) -> str:
    return f"{recipient_id}.{_signature(str(recipient_id))}"


# What a link did: withdrew consent now, found it withdrawn already, or was not genuine.
DONE, ALREADY, INVALID = "DONE", "ALREADY", "INVALID"


def unsubscribe(token: object) -> str:
    """Withdraw the marketing consent of the link's customer; DONE, ALREADY or INVALID."""
    text = str(token or "")
    recipient_id, _dot, signature = text.partition(".")
    if not recipient_id.isdigit() or not hmac.compare_digest(signature, _signature(recipient_id)):
        return INVALID
    with session_scope() as session:
        recipient = session.get(CampaignRecipient, int(recipient_id))
        if recipient is None:
            return INVALID
        user = session.exec(select(User).where(User.id == recipient.user_id).with_for_update()).first()
        if user is None or not user.marketing_opt_in:
            return ALREADY
        now = clock.now()
        user.marketing_opt_in = False
        user.updated_at = now
        recipient.unsubscribed_at = now
        session.add_all([user, recipient])
        audit.record(
            session,
            SYSTEM,
            AuditAction.UPDATE,
            "customer",
            user.id,
            {
                "marketing_opt_in": {"from": True, "to": False},
                "via": "unsubscribe_link",
                "campaign_id": recipient.campaign_id,
            },
        )
    log.info("customer_unsubscribed", campaign_id=recipient.campaign_id)
    return DONE
