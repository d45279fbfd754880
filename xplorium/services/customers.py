"""Customers: the back office's records of parents (user rows, possibly without a password):
their bookings, totals, tags, notes and marketing consent.

- `list_customers` / `customer_detail`: search, tier and marketing filters, paginated; a
  customer's bookings, ledger, tags, notes, contact and marketing preferences.
- `update_profile`, `add_tag`, `remove_tag`: staff edits, sanitised, audited (no personal data
  in the audit entry).
- `sync_customers`: rebuilds every customer's totals from the bookings in a CONSTANT number
  of statements, whatever the number of customers (see its docstring).
- `marketing_export`: the CSV of customers who opted in to marketing, audited as EXPORT.

What the totals mean
    A customer's bookings are those whose `user_id` is theirs, plus bookings without a
    `user_id` whose email is theirs (guest bookings written before the customer existed,
    or whose customer was removed). They count when PENDING, APPROVED or COMPLETED
    (rejected and cancelled bookings did not happen); `total_spent` is the sum of the
    payments of those that are paid (the lifetime value); first/last booking are when the
    earliest and latest of them were made.
"""

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import structlog
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from xplorium import formatting
from xplorium.constants import (
    ACTIVE_CUSTOMER_WINDOW,
    LONG_TEXT_MAX,
    PAGE_SIZE_DEFAULT,
    PRIVACY_POLICY_VERSION,
    SEGMENT_REGULAR_MIN_BOOKINGS,
    SEGMENT_VIP_MIN_BOOKINGS,
    SHORT_TEXT_MAX,
    TAG_MAX_LENGTH,
    TAGS_MAX,
)
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import AuditLog, Booking, User
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    AuditAction,
    BookingStatus,
    BookingType,
    ContactMethod,
    LoyaltyTier,
    Role,
)
from xplorium.services import audit, clock, loyalty
from xplorium.services.accounts import optional_phone
from xplorium.services.authz import require_staff
from xplorium.services.bookings.rules import STATUS_LABELS, TYPE_LABELS
from xplorium.services.clock import VENUE_TZ
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors, NotFound, ValidationFailed
from xplorium.services.exports import ExportFile
from xplorium.services.exports import _safe_cell as safe_cell
from xplorium.services.lookup import contains_text
from xplorium.services.pagination import Page, paginate
from xplorium.services.sanitize import clean_text

log = structlog.get_logger(__name__)

ALL = "ALL"
MARKETING_CHOICES = {ALL: N_("Any marketing"), "YES": N_("Opted in"), "NO": N_("Not opted in")}
SORTS = {
    "recent": N_("Last booking"),
    "spent": N_("Lifetime value"),
    "points": N_("Points"),
    "name": N_("Name"),
    "joined": N_("Newest"),
}
DETAIL_BOOKINGS_MAX = 100
SYNC_ENTITY = "customer_sync"
SEGMENT_LABELS = {
    "VIP": "VIP",
    "REGULAR": N_("Regular"),
    "FIRST_TIME": N_("First-time"),
    "NEW": N_("No bookings yet"),
}
CONTACT_LABELS = {
    ContactMethod.EMAIL: N_("Email"),
    ContactMethod.PHONE: N_("Phone call"),
    ContactMethod.SMS: "SMS",
}


def segment_for(total_bookings: int) -> str:
    """≥ 5 bookings VIP, > 1 regular, else first-time (none yet: NEW)."""
    if total_bookings >= SEGMENT_VIP_MIN_BOOKINGS:
        return "VIP"
    if total_bookings >= SEGMENT_REGULAR_MIN_BOOKINGS:
        return "REGULAR"
    return "FIRST_TIME" if total_bookings >= 1 else "NEW"


def _local(moment: datetime | None, with_time: bool = False) -> str:
    if not moment:
        return ""
    local = moment.astimezone(VENUE_TZ)
    return formatting.moment(local) if with_time else formatting.numeric_day(local.date())


def _customer_id(value: object) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise NotFound(_("That customer does not exist.")) from None
    if number <= 0:
        raise NotFound(_("That customer does not exist."))
    return number


# ---------------------------------------------------------------- list


def _row(user: User) -> dict:
    tier = str(user.loyalty_tier or loyalty.tier_for(user.loyalty_points))
    return {
        "id": user.id,
        "name": user.name or user.email.split("@")[0],
        "email": user.email,
        "phone": user.phone or "",
        "tier": tier,
        "points": user.loyalty_points,
        "bookings": user.total_bookings,
        "spent": formatting.money(user.total_spent or 0),
        "last_booking": _local(user.last_booking_at),
        "marketing": bool(user.marketing_opt_in),
        "guest": user.password_hash is None,
        "segment": segment_for(user.total_bookings),
        "tags": list(user.tags or []),
    }


def customers_statement(
    search: object = "", tier: object = ALL, marketing: object = ALL, sort: object = "recent"
) -> sa.Select:
    """Customers (parents' accounts, not deleted) matching the filters, in a stable order."""
    errors = FieldErrors()
    tier_text = str(tier or ALL).upper()
    if tier_text != ALL and tier_text not in loyalty.TIERS:
        errors.add("tier", _("Unknown tier."))
    marketing_text = str(marketing or ALL).upper()
    if marketing_text not in MARKETING_CHOICES:
        errors.add("marketing", _("Choose any, opted in or not opted in."))
    sort_text = str(sort or "recent")
    if sort_text not in SORTS:
        errors.add("sort", _("Unknown sort order."))
    errors.raise_if_any()

    statement = select(User).where(User.role == Role.USER, User.deleted_at.is_(None))
    text = clean_text(search, max_length=SHORT_TEXT_MAX).lower()
    if text:
        matches = [contains_text(text, User.email, User.name)]
        digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
        if len(digits) >= 3:
            matches.append(User.phone.like(f"%{digits}%"))
        statement = statement.where(sa.or_(*matches))
    if tier_text != ALL:
        statement = statement.where(User.loyalty_tier == tier_text)
    if marketing_text != ALL:
        statement = statement.where(User.marketing_opt_in.is_(marketing_text == "YES"))
    order = {
        "recent": (User.last_booking_at.desc().nulls_last(),),
        "spent": (User.total_spent.desc(),),
        "points": (User.loyalty_points.desc(),),
        "name": (sa.func.lower(User.name).asc(),),
        "joined": (User.created_at.desc(),),
    }[sort_text]
    return statement.order_by(*order, User.id.desc())


def list_customers(
    ctx: RequestContext,
    *,
    search: object = "",
    tier: object = ALL,
    marketing: object = ALL,
    sort: object = "recent",
    page: object = 1,
    page_size: object = PAGE_SIZE_DEFAULT,
) -> Page[dict]:
    require_staff(ctx)
    statement = customers_statement(search, tier, marketing, sort)
    with session_scope() as session:
        return paginate(session, statement, page, page_size, mapper=_row)


def find_customers(ctx: RequestContext, search: object, limit: int = 8) -> list[dict]:
    """A few customers matching a name, email or phone (the loyalty form's picker)."""
    require_staff(ctx)
    if not clean_text(search, max_length=SHORT_TEXT_MAX):
        return []
    statement = customers_statement(search, sort="name").limit(limit)
    with session_scope() as session:
        return [_row(user) for user in session.exec(statement).all()]


def last_sync(ctx: RequestContext) -> str:
    """When the totals were last rebuilt (venue time), or "" if never."""
    require_staff(ctx)
    with session_scope() as session:
        moment = session.exec(
            select(sa.func.max(AuditLog.created_at)).where(AuditLog.entity == SYNC_ENTITY)
        ).one()
    return _local(moment, with_time=True)


# ---------------------------------------------------------------- detail


def _owned_bookings(user: User):
    """The condition selecting a customer's bookings (see the module docstring)."""
    return sa.or_(
        Booking.user_id == user.id,
        sa.and_(Booking.user_id.is_(None), sa.func.lower(Booking.email) == user.email),
    )


def _booking_row(booking: Booking) -> dict:
    status = BookingStatus(booking.status)
    return {
        "id": booking.id,
        "reference": booking.reference,
        "type_label": _(TYPE_LABELS[BookingType(booking.type)]),
        "status": status.value,
        "status_label": _(STATUS_LABELS[status]),
        "date": formatting.short_day(booking.date) + f" {booking.date.year}",
        "time": formatting.time_of_day(booking.starts_at.time()),
        "guests": booking.guest_count,
        "price": formatting.money(booking.price_quote, booking.currency) if booking.price_quote else "—",
        "paid": bool(booking.paid),
        "paid_amount": formatting.money(booking.payment_amount, booking.currency)
        if booking.paid and booking.payment_amount is not None
        else "",
    }


def _detail(session: Session, user: User) -> dict:
    bookings = session.exec(
        select(Booking)
        .where(_owned_bookings(user))
        .order_by(Booking.starts_at.desc(), Booking.id.desc())
        .limit(DETAIL_BOOKINGS_MAX)
    ).all()
    history = session.exec(
        select(Booking.status, sa.func.count()).where(_owned_bookings(user)).group_by(Booking.status)
    ).all()
    by_status = {BookingStatus(status).value: count for status, count in history}
    progress = loyalty.tier_progress(user.loyalty_points)
    active_since = clock.now() - ACTIVE_CUSTOMER_WINDOW
    data = _row(user)
    data.update(
        {
            "name_raw": user.name,
            "notes": user.notes or "",
            "preferred_contact": ContactMethod(user.preferred_contact).value,
            "preferred_contact_label": _(CONTACT_LABELS[ContactMethod(user.preferred_contact)]),
            "sms_opt_in": bool(user.sms_opt_in),
            "consent": (
                _("Consent {local} (policy {consent_version})").format(
                    local=_local(user.consent_at), consent_version=user.consent_version
                )
                if user.consent_at
                else _("No consent recorded")
            ),
            "joined": _local(user.created_at),
            "first_booking": _local(user.first_booking_at),
            "segment_label": _(SEGMENT_LABELS[segment_for(user.total_bookings)]),
            "active": user.last_booking_at is not None and user.last_booking_at >= active_since,
            "blocked": bool(user.is_blocked),
            "next_tier": progress.next_tier,
            "next_tier_label": _(loyalty.TIER_LABELS[progress.next_tier]) if progress.next_tier else "",
            "tier_label": _(loyalty.TIER_LABELS[data["tier"]]),
            "tier_progress": progress.percent,
            "points_to_next": progress.points_to_next,
            "bookings_list": [_booking_row(b) for b in bookings],
            "status_counts": by_status,
            "cancelled": by_status.get(BookingStatus.CANCELLED.value, 0),
        }
    )
    return data


def _customer(session: Session, user_id: object, *, lock: bool = False) -> User:
    statement = select(User).where(User.id == _customer_id(user_id), User.role == Role.USER)
    if lock:
        statement = statement.with_for_update()
    user = session.exec(statement).first()
    if user is None or user.deleted_at is not None:
        raise NotFound(_("That customer does not exist."))
    return user


def customer_detail(ctx: RequestContext, user_id: object) -> dict:
    require_staff(ctx)
    with session_scope() as session:
        return _detail(session, _customer(session, user_id))


# ---------------------------------------------------------------- edits


def _flag(data: Mapping, name: str, current: bool) -> bool:
    if name not in data:
        return current
    value = data[name]
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"on", "true", "1", "yes"}


def update_profile(ctx: RequestContext, user_id: object, data: Mapping) -> dict:
    """Name, phone, notes, preferred contact and marketing/SMS choices, as staff recorded them."""
    require_staff(ctx)
    errors = FieldErrors()
    name = clean_text(data.get("name"), max_length=SHORT_TEXT_MAX)
    if not name:
        errors.add("name", _("Enter the customer's name."))
    try:
        phone = optional_phone(data.get("phone"))
    except ValueError:
        errors.add("phone", _("Enter a valid phone number, e.g. 064 123 4567."))
        phone = None
    notes = clean_text(data.get("notes"), max_length=LONG_TEXT_MAX, multiline=True)
    try:
        contact = ContactMethod(str(data.get("preferred_contact") or ContactMethod.EMAIL.value).upper())
    except ValueError:
        errors.add("preferred_contact", _("Choose email, phone call or SMS."))
        contact = ContactMethod.EMAIL
    with session_scope() as session:
        user = _customer(session, user_id, lock=True)
        marketing = _flag(data, "marketing_opt_in", user.marketing_opt_in)
        sms = _flag(data, "sms_opt_in", user.sms_opt_in)
        if contact in (ContactMethod.PHONE, ContactMethod.SMS) and not phone:
            errors.add("phone", _("Add a phone number to contact them by phone or SMS."))
        if sms and not phone:
            errors.add("sms_opt_in", _("SMS needs a phone number."))
        errors.raise_if_any()
        before = {
            "preferred_contact": ContactMethod(user.preferred_contact).value,
            "marketing_opt_in": bool(user.marketing_opt_in),
            "sms_opt_in": bool(user.sms_opt_in),
        }
        after = {"preferred_contact": contact.value, "marketing_opt_in": marketing, "sms_opt_in": sms}
        changes = audit.diff(before, after)
        for key, label in (("name", name), ("phone", phone), ("notes", notes)):
            if (getattr(user, key) or None) != (label or None):
                # Personal data: the audit says it changed, never what it is.
                changes[key] = "changed"
        if not changes:
            return _detail(session, user)
        now = clock.now()
        if marketing and not user.marketing_opt_in:
            user.consent_at, user.consent_version = now, PRIVACY_POLICY_VERSION
        user.name, user.phone, user.notes = name, phone, notes
        user.preferred_contact, user.marketing_opt_in, user.sms_opt_in = contact, marketing, sms
        user.updated_at = now
        session.add(user)
        session.flush()
        audit.record(session, ctx, AuditAction.UPDATE, "customer", user.id, changes)
        return _detail(session, user)


def _clean_tag(value: object) -> str:
    return clean_text(value, max_length=TAG_MAX_LENGTH).lower()


def add_tag(ctx: RequestContext, user_id: object, tag: object) -> dict:
    require_staff(ctx)
    text = _clean_tag(tag)
    if not text:
        raise ValidationFailed({"tag": _("Type a tag, e.g. birthday-regular.")})
    with session_scope() as session:
        user = _customer(session, user_id, lock=True)
        tags = list(user.tags or [])
        if text in tags:
            raise ValidationFailed({"tag": _("The customer already has the tag “{text}”.").format(text=text)})
        if len(tags) >= TAGS_MAX:
            raise ValidationFailed(
                {
                    "tag": _("A customer has at most {tags_max} tags; remove one first.").format(
                        tags_max=TAGS_MAX
                    )
                }
            )
        user.tags = [*tags, text]
        user.updated_at = clock.now()
        session.add(user)
        session.flush()
        audit.record(session, ctx, AuditAction.UPDATE, "customer", user.id, {"tag_added": text})
        return _detail(session, user)


def remove_tag(ctx: RequestContext, user_id: object, tag: object) -> dict:
    require_staff(ctx)
    text = _clean_tag(tag)
    with session_scope() as session:
        user = _customer(session, user_id, lock=True)
        tags = list(user.tags or [])
        if text not in tags:
            raise NotFound(_("The customer does not have that tag."))
        user.tags = [t for t in tags if t != text]
        user.updated_at = clock.now()
        session.add(user)
        session.flush()
        audit.record(session, ctx, AuditAction.UPDATE, "customer", user.id, {"tag_removed": text})
        return _detail(session, user)


# ---------------------------------------------------------------- sync


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int


def _insert(session: Session):
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def sync_customers(ctx: RequestContext) -> SyncResult:
    """Rebuild every customer's totals from the bookings, in one transaction of 5 statements.

    1. INSERT INTO users ... SELECT ... ON CONFLICT (email) DO NOTHING — a password-less USER
       for every email of a booking without a user_id that no user has yet (named and phoned
       after that email's most recent booking);
    2. UPDATE users ... FROM (every user LEFT JOIN the per-customer aggregate of the bookings)
       — writes only the rows whose totals differ (users without bookings go back to zero);
    3-5. the audit entry (SAVEPOINT, INSERT, RELEASE).
    The statement count does not depend on the number of customers or bookings.
    """
    require_staff(ctx)
    users = User.__table__
    bookings = Booking.__table__
    now = clock.now()
    counted = [s.value for s in ACTIVE_BOOKING_STATUSES]
    booking_email = sa.func.lower(bookings.c.email)

    with session_scope() as session:
        # 1. Customers for guest emails nobody has yet.
        known = sa.select(users.c.id).where(users.c.email == booking_email).exists()
        latest = (
            sa.select(
                booking_email.label("email"),
                bookings.c.contact_name.label("name"),
                bookings.c.phone.label("phone"),
                sa.func.row_number()
                .over(
                    partition_by=booking_email, order_by=(bookings.c.created_at.desc(), bookings.c.id.desc())
                )
                .label("rank"),
            )
            .where(bookings.c.user_id.is_(None), ~known)
            .subquery("latest")
        )
        values = {
            "email": latest.c.email,
            "name": latest.c.name,
            "phone": latest.c.phone,
            "role": sa.literal(Role.USER.value),
            "is_blocked": sa.false(),
            "created_at": sa.literal(now, users.c.created_at.type),
            "updated_at": sa.literal(now, users.c.updated_at.type),
            "notes": sa.literal(""),
            "tags": sa.literal([], users.c.tags.type),
            "preferred_contact": sa.literal(ContactMethod.EMAIL.value),
            "marketing_opt_in": sa.false(),
            "sms_opt_in": sa.false(),
            "total_bookings": sa.literal(0),
            "total_spent": sa.literal(0),
            "loyalty_points": sa.literal(0),
        }
        create = (
            _insert(session)(users)
            .from_select(list(values), sa.select(*values.values()).where(latest.c.rank == 1))
            .on_conflict_do_nothing(index_elements=[users.c.email])
        )
        created = session.execute(create, execution_options={"preserve_rowcount": True}).rowcount

        # 2. Totals of every user from the aggregate of their bookings, in one UPDATE ... FROM.
        by_email = users.alias("by_email")
        owner = sa.func.coalesce(
            bookings.c.user_id,
            sa.select(by_email.c.id).where(by_email.c.email == booking_email).scalar_subquery(),
        ).label("owner_id")
        paid = sa.case((bookings.c.paid.is_(True), sa.func.coalesce(bookings.c.payment_amount, 0)), else_=0)
        per_owner = (
            sa.select(
                owner,
                sa.func.count().label("n"),
                sa.func.sum(paid).label("spent"),
                sa.func.min(bookings.c.created_at).label("first_at"),
                sa.func.max(bookings.c.created_at).label("last_at"),
            )
            .where(bookings.c.status.in_(counted))
            .group_by(owner)
            .subquery("per_owner")
        )
        everyone = users.alias("everyone")
        totals = (
            sa.select(
                everyone.c.id.label("id"),
                sa.func.coalesce(per_owner.c.n, 0).label("n"),
                sa.cast(sa.func.coalesce(per_owner.c.spent, 0), users.c.total_spent.type).label("spent"),
                per_owner.c.first_at.label("first_at"),
                per_owner.c.last_at.label("last_at"),
            )
            .select_from(everyone.outerjoin(per_owner, per_owner.c.owner_id == everyone.c.id))
            .subquery("totals")
        )
        update = (
            sa.update(users)
            .where(
                users.c.id == totals.c.id,
                sa.or_(
                    users.c.total_bookings.is_distinct_from(totals.c.n),
                    users.c.total_spent.is_distinct_from(totals.c.spent),
                    users.c.first_booking_at.is_distinct_from(totals.c.first_at),
                    users.c.last_booking_at.is_distinct_from(totals.c.last_at),
                ),
            )
            .values(
                total_bookings=totals.c.n,
                total_spent=totals.c.spent,
                first_booking_at=totals.c.first_at,
                last_booking_at=totals.c.last_at,
                updated_at=sa.literal(now, users.c.updated_at.type),
            )
        )
        updated = session.execute(update).rowcount or 0
        audit.record(
            session, ctx, AuditAction.UPDATE, SYNC_ENTITY, None, {"created": created, "updated": updated}
        )
    log.info("customers_synced", created=created, updated=updated)
    return SyncResult(created=created, updated=updated)


# ---------------------------------------------------------------- marketing export

MARKETING_COLUMNS = (
    "email",
    "name",
    "phone",
    "preferred_contact",
    "sms_opt_in",
    "tier",
    "points",
    "consent_at",
    "consent_version",
)


def marketing_statement() -> sa.Select:
    """Exactly the customers who may receive marketing: opted in and not deleted."""
    return (
        select(User)
        .where(User.role == Role.USER, User.marketing_opt_in.is_(True), User.deleted_at.is_(None))
        .order_by(User.email)
    )


def marketing_export(ctx: RequestContext) -> ExportFile:
    """The marketing list as CSV (UTF-8 with a byte-order mark for spreadsheet apps); audited."""
    require_staff(ctx)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MARKETING_COLUMNS)
    with session_scope() as session:
        count = 0
        for user in session.exec(marketing_statement()).all():
            writer.writerow(
                safe_cell(value)
                for value in (
                    user.email,
                    user.name,
                    user.phone or "",
                    ContactMethod(user.preferred_contact).value,
                    "yes" if user.sms_opt_in else "no",
                    str(user.loyalty_tier or LoyaltyTier.BRONZE.value),
                    user.loyalty_points,
                    user.consent_at.isoformat() if user.consent_at else "",
                    user.consent_version or "",
                )
            )
            count += 1
        audit.record(
            session, ctx, AuditAction.EXPORT, "customer", None, {"list": "marketing", "count": count}
        )
    log.info("marketing_list_exported", count=count)
    return ExportFile(
        "xplorium-marketing-list.csv",
        "text/csv; charset=utf-8",
        ("\ufeff" + buffer.getvalue()).encode(),
        count,
    )
