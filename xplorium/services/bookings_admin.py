"""The staff side of bookings: finding them, reading one, and moving it through SPEC's status machine.

Status machine (SPEC.md, "Bookings") — the ONLY transitions there are:

    PENDING  -> APPROVED | REJECTED | CANCELLED
    APPROVED -> COMPLETED | CANCELLED

`TRANSITIONS` below is that table; every action goes through `_transition`, which refuses
anything else with a Conflict and writes nothing. Every change is audited, emails the
parent (after commit, through `mail.queue`), and the caller pushes it to every live board
(`xplorium.live.bookings_changed`) once this function has returned, i.e. after commit.

Approving re-checks conflicts under the same per-type advisory lock as `create_booking`:
with the buffer in force NOW, no APPROVED or COMPLETED booking of the same type may lie
within the buffer of this one (bookings made when the buffer was shorter can conflict once
it grows), and its own stored range must not overlap another active booking. Two admins
approving two such bookings at once are serialised by the lock: the first wins, the second
gets a Conflict naming the clash. PostgreSQL's exclusion constraint `bookings_no_overlap`
stays the last line for the stored ranges.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
import structlog
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium.constants import (
    BOOKING_HISTORY_MAX,
    BOOKINGS_PAGE_SIZE,
    EXPORT_MAX_ROWS,
    LONG_TEXT_MAX,
    REJECT_REASON_MIN_LENGTH,
    SHORT_TEXT_MAX,
    VENUE_NAME,
)
from xplorium.db import session_scope
from xplorium.models import AuditLog, Booking, User
from xplorium.models.base import utcnow
from xplorium.models.enums import AuditAction, BookingStatus, BookingType
from xplorium.services import audit, catalog, loyalty, mail
from xplorium.services.authz import require_staff
from xplorium.services.bookings import (
    ROOM_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    _duration_label,
    _process_lock,
    is_overlap_violation,
    lock_booking_type,
)
from xplorium.services.clock import VENUE_TZ, local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound, ValidationFailed
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import parse_amount
from xplorium.services.sanitize import clean_text
from xplorium.services.venue import load_settings

log = structlog.get_logger(__name__)

S = BookingStatus

# SPEC's status machine: from-status -> the statuses it may move to. Nothing else is allowed.
TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    S.PENDING: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.COMPLETED, S.CANCELLED}),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
    S.COMPLETED: frozenset(),
}

# The admin action that moves a booking to each status, and its audit action.
ACTION_FOR_STATUS = {
    S.APPROVED: ("approve", AuditAction.APPROVE),
    S.REJECTED: ("reject", AuditAction.REJECT),
    S.CANCELLED: ("cancel", AuditAction.CANCEL),
    S.COMPLETED: ("complete", AuditAction.COMPLETE),
}
# A payment is recorded for bookings that go ahead (or went ahead).
PAYABLE = frozenset({S.APPROVED, S.COMPLETED})

SORTS = {
    "starts_at": Booking.starts_at,
    "created_at": Booking.created_at,
    "status": Booking.status,
    "type": Booking.type,
    "contact_name": Booking.contact_name,
    "price": Booking.price_quote,
    "reference": Booking.reference,
}
SORT_LABELS = {
    "starts_at": "Date and time",
    "created_at": "Received",
    "status": "Status",
    "type": "Type",
    "contact_name": "Name",
    "price": "Price",
    "reference": "Reference",
}


def can_move(current: BookingStatus | str, target: BookingStatus | str) -> bool:
    return BookingStatus(target) in TRANSITIONS[BookingStatus(current)]


def allowed_actions(status: BookingStatus | str, paid: bool = False) -> list[str]:
    """The action names an admin may take on a booking in `status` (for buttons)."""
    status = BookingStatus(status)
    actions = [ACTION_FOR_STATUS[target][0] for target in sorted(TRANSITIONS[status])]
    if status in PAYABLE and not paid:
        actions.append("mark_paid")
    return actions


# --- filters -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingFilters:
    """What an admin narrowed the bookings to; shared by the list, the calendar and the exports."""

    statuses: tuple[BookingStatus, ...] = ()
    types: tuple[BookingType, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    sort: str = "starts_at"
    descending: bool = False

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (for export links)."""
        values = {
            "status": ",".join(s.value for s in self.statuses),
            "type": ",".join(t.value for t in self.types),
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "q": self.search,
            "sort": self.sort,
            "dir": "desc" if self.descending else "asc",
        }
        return {key: value for key, value in values.items() if value}


def _choices(errors: FieldErrors, name: str, value: object, enum, label: str) -> tuple:
    if value in (None, ""):
        return ()
    raw = value if isinstance(value, list | tuple) else str(value).split(",")
    picked = []
    for item in raw:
        text = str(item).strip().upper()
        if not text or text == "ALL":
            continue
        try:
            picked.append(enum(text))
        except ValueError:
            errors.add(name, f"Unknown {label}.")
            return ()
    return tuple(dict.fromkeys(picked))


def _optional_date(errors: FieldErrors, name: str, value: object, label: str) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(name, f"{label} must be a date (YYYY-MM-DD).")
        return None


def parse_filters(data: Mapping) -> BookingFilters:
    """Filters from a form or a query string; ValidationFailed names the bad field."""
    errors = FieldErrors()
    statuses = _choices(errors, "status", data.get("status"), BookingStatus, "status")
    types = _choices(errors, "type", data.get("type"), BookingType, "booking type")
    date_from = _optional_date(errors, "date_from", data.get("date_from"), "From date")
    date_to = _optional_date(errors, "date_to", data.get("date_to"), "To date")
    if date_from and date_to and date_to < date_from:
        errors.add("date_to", "The end date must not be before the start date.")
    sort = str(data.get("sort") or "starts_at").strip()
    if sort not in SORTS:
        errors.add("sort", "Unknown sort order.")
    direction = str(data.get("dir") or data.get("direction") or "asc").strip().lower()
    if direction not in ("asc", "desc"):
        errors.add("dir", "Sort direction is asc or desc.")
    errors.raise_if_any()
    return BookingFilters(
        statuses=statuses,
        types=types,
        date_from=date_from,
        date_to=date_to,
        search=clean_text(data.get("q") or data.get("search"), max_length=SHORT_TEXT_MAX),
        sort=sort,
        descending=direction == "desc",
    )


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"


def _phone_digits(text: str) -> str:
    """Digits a phone search can match in an E.164 number ("064 123" -> "64123")."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits.lstrip("0")


def filtered_statement(filters: BookingFilters) -> sa.Select:
    """Bookings matching `filters`, in the chosen order (id breaks ties, so pages are stable)."""
    statement = select(Booking)
    if filters.statuses:
        statement = statement.where(Booking.status.in_(filters.statuses))
    if filters.types:
        statement = statement.where(Booking.type.in_(filters.types))
    if filters.date_from:
        statement = statement.where(Booking.date >= filters.date_from)
    if filters.date_to:
        statement = statement.where(Booking.date <= filters.date_to)
    if filters.search:
        pattern = _like(filters.search)
        matches = [
            Booking.contact_name.ilike(pattern, escape="\\"),
            Booking.email.ilike(pattern, escape="\\"),
            Booking.reference.ilike(pattern, escape="\\"),
            Booking.phone.ilike(pattern, escape="\\"),
        ]
        digits = _phone_digits(filters.search)
        if len(digits) >= 3:
            matches.append(Booking.phone.like(f"%{digits}%"))
        statement = statement.where(sa.or_(*matches))
    column = SORTS[filters.sort]
    order = column.desc() if filters.descending else column.asc()
    tie = Booking.id.desc() if filters.descending else Booking.id.asc()
    if filters.sort != "starts_at":
        return statement.order_by(order, Booking.starts_at.asc(), tie)
    return statement.order_by(order, tie)


# --- what the back office shows ------------------------------------------------------------------


def price_label(amount: Decimal | None, currency: str) -> str:
    if not amount:
        return "Price to confirm"
    return catalog.format_money(amount, currency)


def local_stamp(moment: datetime | None) -> str:
    """A UTC timestamp as the venue's wall-clock time."""
    if moment is None:
        return ""
    return moment.astimezone(VENUE_TZ).strftime("%d %b %Y %H:%M")


def day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    return catalog.format_short_day(day)


def span_label(starts_at: datetime, ends_at: datetime) -> str:
    return f"{catalog.format_time(starts_at.time())}–{catalog.format_time(ends_at.time())}"


def time_label(booking: Booking) -> str:
    return span_label(booking.starts_at, booking.ends_at)


def row(booking: Booking, today: date | None = None) -> dict:
    """One booking as a list row / card (staff only: it carries the contact details)."""
    today = today or local_now().date()
    status = BookingStatus(booking.status)
    return {
        "id": booking.id,
        "reference": booking.reference,
        "type": BookingType(booking.type).value,
        "type_label": TYPE_LABELS[BookingType(booking.type)],
        "status": status.value,
        "date": booking.date.isoformat(),
        "day_label": day_label(booking.date, today),
        "time_label": time_label(booking),
        "start": catalog.format_time(booking.starts_at.time()),
        "guest_count": booking.guest_count,
        "contact_name": booking.contact_name,
        "email": booking.email,
        "phone": booking.phone,
        "price_label": price_label(booking.price_quote, booking.currency),
        "paid": bool(booking.paid),
        "created_label": local_stamp(booking.created_at),
    }


def list_bookings(
    ctx: RequestContext, data: Mapping | None = None, page: object = 1, page_size: object = BOOKINGS_PAGE_SIZE
) -> Page[dict]:
    """One page of bookings matching the filters in `data` (see `parse_filters`)."""
    require_staff(ctx)
    filters = parse_filters(data or {})
    today = local_now().date()
    with session_scope() as session:
        return paginate(session, filtered_statement(filters), page, page_size, mapper=lambda b: row(b, today))


def export_bookings(ctx: RequestContext, data: Mapping | None = None) -> tuple[BookingFilters, list[Booking]]:
    """Every booking matching the filters (at most EXPORT_MAX_ROWS), audited as an EXPORT."""
    require_staff(ctx)
    filters = parse_filters(data or {})
    with session_scope() as session:
        found = list(session.exec(filtered_statement(filters).limit(EXPORT_MAX_ROWS + 1)).all())
        if len(found) > EXPORT_MAX_ROWS:
            raise ValidationFailed(
                {"date_from": f"More than {EXPORT_MAX_ROWS} bookings match; narrow the dates."},
                message=f"More than {EXPORT_MAX_ROWS} bookings match; narrow the filters.",
            )
        return filters, found


def record_export(ctx: RequestContext, kind: str, filters: BookingFilters, count: int) -> None:
    """The audit entry of an export (its own small transaction, after the file was built)."""
    # The search text may be a name or a phone number: only whether there was one is kept.
    used = {key: value for key, value in filters.query().items() if key != "q"}
    if filters.search:
        used["search"] = "yes"
    with session_scope() as session:
        audit.record(
            session,
            ctx,
            AuditAction.EXPORT,
            "booking",
            None,
            {"format": kind, "count": count, "filters": used},
        )


def _party(details: dict | None) -> dict:
    details = details or {}
    return {
        "child_name": str(details.get("child_name") or ""),
        "child_age": str(details.get("child_age") or ""),
        "rooms": ", ".join(ROOM_LABELS.get(r, r) for r in details.get("rooms") or []),
        "food_and_drinks": str(details.get("food_and_drinks") or ""),
    }


def _describe(value) -> str:
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        return f"{value['from']} → {value['to']}"
    return str(value)


def _history(session: Session, booking_id: int) -> list[dict]:
    rows = session.exec(
        sa.select(AuditLog, User.name, User.email)
        .outerjoin(User, User.id == AuditLog.actor_id)
        .where(AuditLog.entity == "booking", AuditLog.entity_id == str(booking_id))
        .order_by(AuditLog.created_at.asc(), AuditLog.id.asc())
        .limit(BOOKING_HISTORY_MAX)
    ).all()
    return [
        {
            "action": entry.action,
            "when": local_stamp(entry.created_at),
            "who": name
            or email
            or ("Parent or guest" if entry.actor_id is None else f"User #{entry.actor_id}"),
            "lines": [f"{key}: {_describe(value)}" for key, value in (entry.changes or {}).items()],
        }
        for entry, name, email in rows
    ]


def _customer(session: Session, booking: Booking) -> dict:
    user = session.get(User, booking.user_id) if booking.user_id else None
    if user is None:
        return {"id": 0, "name": "", "email": "", "phone": "", "bookings": 0, "tier": "", "account": False}
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "phone": user.phone or "",
        "bookings": user.total_bookings,
        "tier": str(user.loyalty_tier or ""),
        "account": user.password_hash is not None,
    }


def _detail(session: Session, booking: Booking) -> dict:
    status = BookingStatus(booking.status)
    facts = row(booking)
    facts.update(
        {
            "status_label": STATUS_LABELS[status],
            "date_long": catalog.format_day(booking.date),
            "duration_label": _duration_label(booking.duration_minutes),
            "special_requests": booking.special_requests or "",
            "is_party": BookingType(booking.type) == BookingType.PARTY,
            "party": _party(booking.party_details),
            "price": str(booking.price_quote),
            "currency": booking.currency,
            "payment_amount": "" if booking.payment_amount is None else str(booking.payment_amount),
            "payment_label": catalog.format_money(booking.payment_amount, booking.currency)
            if booking.payment_amount is not None
            else "",
            "paid_at": local_stamp(booking.paid_at),
            "admin_notes": booking.admin_notes or "",
            "reject_reason": booking.reject_reason or "",
            "updated_label": local_stamp(booking.updated_at),
            "approved_label": local_stamp(booking.approved_at),
            "customer": _customer(session, booking),
            "history": _history(session, booking.id),
            "actions": allowed_actions(status, bool(booking.paid)),
        }
    )
    return facts


def booking_detail(ctx: RequestContext, booking_id: object) -> dict:
    """Everything the detail panel shows: parent, party, price, payment, notes, audit history."""
    require_staff(ctx)
    with session_scope() as session:
        booking = session.get(Booking, _booking_id(booking_id))
        if booking is None:
            raise NotFound("Booking not found.")
        return _detail(session, booking)


def find_by_reference(ctx: RequestContext, reference: object) -> int | None:
    """The id of the booking with this reference (links from notifications), or None."""
    require_staff(ctx)
    text = clean_text(reference, max_length=16).upper()
    if not text:
        return None
    with session_scope() as session:
        return session.exec(select(Booking.id).where(Booking.reference == text)).first()


# --- actions -------------------------------------------------------------------------------------


def _booking_id(value: object) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise NotFound("Booking not found.") from None
    if number <= 0:
        raise NotFound("Booking not found.")
    return number


def _locked(session: Session, booking_id: int) -> Booking:
    booking = session.exec(select(Booking).where(Booking.id == booking_id).with_for_update()).first()
    if booking is None:
        raise NotFound("Booking not found.")
    return booking


def _refuse(booking: Booking, target: BookingStatus) -> Conflict:
    current = BookingStatus(booking.status)
    allowed = sorted(t.value.lower() for t in TRANSITIONS[current])
    then = f" It can only be {' or '.join(allowed)}." if allowed else " No further change is possible."
    return Conflict(
        f"Booking {booking.reference} is {current.value.lower()}, so it cannot be {target.value.lower()}.{then}",
        details={"status": current.value},
    )


def _email_parent(session: Session, booking: Booking, headline: str, extra: str = "") -> None:
    lines = [
        f"Dear {booking.contact_name},",
        "",
        headline,
        "",
        f"Reference: {booking.reference}",
        f"What: {TYPE_LABELS[BookingType(booking.type)]}",
        f"When: {catalog.format_day(booking.date)}, {time_label(booking)}",
        f"Guests: {booking.guest_count}",
        f"Status: {STATUS_LABELS[BookingStatus(booking.status)]}",
    ]
    if extra:
        lines += ["", extra]
    lines += ["", f"{VENUE_NAME}"]
    subject = f"Your {VENUE_NAME} booking {booking.reference}: {STATUS_LABELS[BookingStatus(booking.status)]}"
    mail.queue(session, booking.email, subject, "\n".join(lines))


def _approval_clash(session: Session, booking: Booking, buffer: timedelta) -> Booking | None:
    """A confirmed booking of the same type within the current buffer of `booking`, if any."""
    return session.exec(
        select(Booking)
        .where(
            Booking.type == booking.type,
            Booking.id != booking.id,
            Booking.status.in_((S.APPROVED, S.COMPLETED)),
            Booking.starts_at < booking.ends_at + buffer,
            Booking.ends_at + buffer > booking.starts_at,
        )
        .order_by(Booking.starts_at)
        .limit(1)
    ).first()


def _stored_overlap(session: Session, booking: Booking) -> Booking | None:
    """Another active booking whose stored range overlaps this one's (data written elsewhere)."""
    return session.exec(
        select(Booking)
        .where(
            Booking.type == booking.type,
            Booking.id != booking.id,
            Booking.status.in_((S.PENDING, S.APPROVED, S.COMPLETED)),
            Booking.starts_at < booking.blocked_until,
            Booking.blocked_until > booking.starts_at,
        )
        .limit(1)
    ).first()


def _clash_message(other: Booking, buffer: timedelta) -> str:
    minutes = int(buffer.total_seconds() // 60)
    return (
        f"Cannot approve: it clashes with booking {other.reference} "
        f"({STATUS_LABELS[BookingStatus(other.status)].lower()}, {catalog.format_short_day(other.date)} "
        f"{time_label(other)}); bookings of one type need {minutes} min between them."
    )


def _transition(ctx: RequestContext, booking_id: object, target: BookingStatus, *, reason: str = "") -> dict:
    """Move a booking to `target` if SPEC's machine allows it; audited, parent emailed."""
    require_staff(ctx)
    number = _booking_id(booking_id)
    # The type is needed for the lock before the row is read; a cheap unlocked peek.
    with session_scope() as session:
        booking_type = session.exec(select(Booking.type).where(Booking.id == number)).first()
    if booking_type is None:
        raise NotFound("Booking not found.")
    booking_type = BookingType(booking_type)
    try:
        with _process_lock(booking_type), session_scope() as session:
            if target == S.APPROVED:
                # The same lock as create_booking: approvals and new bookings of a type queue up.
                lock_booking_type(session, booking_type)
            booking = _locked(session, number)
            current = BookingStatus(booking.status)
            if not can_move(current, target):
                raise _refuse(booking, target)
            if target == S.APPROVED:
                buffer = timedelta(minutes=load_settings(session).buffer_minutes)
                clash = _approval_clash(session, booking, buffer) or _stored_overlap(session, booking)
                if clash is not None:
                    raise Conflict(
                        _clash_message(clash, buffer),
                        details={"reference": clash.reference, "status": current.value},
                    )
            now = utcnow()
            booking.status = target
            booking.updated_at = now
            changes: dict = {
                "status": {"from": current.value, "to": target.value},
                "reference": booking.reference,
            }
            if target == S.APPROVED:
                booking.approved_at = now
            if target == S.REJECTED:
                booking.reject_reason = reason
                changes["reason_length"] = len(reason)
            if target == S.CANCELLED:
                changes["by"] = "staff"
            session.add(booking)
            session.flush()
            audit.record(session, ctx, ACTION_FOR_STATUS[target][1], "booking", booking.id, changes)
            if target == S.COMPLETED:
                # Completed and already paid: its loyalty points, in this same transaction.
                loyalty.award_points_for_booking(session, booking, ctx)
            headline, extra = {
                S.APPROVED: ("your booking is confirmed. We look forward to seeing you!", ""),
                S.REJECTED: (
                    "we are sorry, we cannot accept your booking.",
                    f"Reason: {reason}",
                ),
                S.CANCELLED: (
                    "your booking has been cancelled by our staff.",
                    f"Reason: {reason}" if reason else "Please contact us if you have any questions.",
                ),
                S.COMPLETED: ("thank you for visiting us! Your booking is now completed.", ""),
            }[target]
            _email_parent(session, booking, headline, extra)
            result = _detail(session, booking)
    except IntegrityError as error:
        if not is_overlap_violation(error):
            raise
        raise Conflict("Cannot approve: another booking now takes that time.") from error
    log.info("booking_status_changed", booking_id=number, to=target.value)
    return result


def approve(ctx: RequestContext, booking_id: object) -> dict:
    return _transition(ctx, booking_id, S.APPROVED)


def reject(ctx: RequestContext, booking_id: object, reason: object) -> dict:
    require_staff(ctx)
    text = clean_text(reason, max_length=1000, multiline=True)
    if len(text) < REJECT_REASON_MIN_LENGTH:
        raise ValidationFailed(
            {"reason": f"Give the parent a reason of at least {REJECT_REASON_MIN_LENGTH} characters."}
        )
    return _transition(ctx, booking_id, S.REJECTED, reason=text)


def cancel(ctx: RequestContext, booking_id: object, reason: object = "") -> dict:
    require_staff(ctx)
    return _transition(
        ctx, booking_id, S.CANCELLED, reason=clean_text(reason, max_length=1000, multiline=True)
    )


def complete(ctx: RequestContext, booking_id: object) -> dict:
    return _transition(ctx, booking_id, S.COMPLETED)


def set_status(ctx: RequestContext, booking_id: object, target: object, reason: object = "") -> dict:
    """Any requested status change, through the same machine (used by tests and tools)."""
    try:
        status = BookingStatus(str(target).upper())
    except ValueError:
        raise ValidationFailed({"status": "Unknown status."}) from None
    if status == S.PENDING:
        # Nothing ever moves back to PENDING; refuse like any other move outside the machine.
        require_staff(ctx)
        with session_scope() as session:
            booking = session.get(Booking, _booking_id(booking_id))
            if booking is None:
                raise NotFound("Booking not found.")
            raise Conflict(
                f"Booking {booking.reference} is {BookingStatus(booking.status).value.lower()}; "
                "it cannot go back to pending.",
                details={"status": BookingStatus(booking.status).value},
            )
    if status == S.REJECTED:
        return reject(ctx, booking_id, reason)
    if status == S.CANCELLED:
        return cancel(ctx, booking_id, reason)
    return _transition(ctx, booking_id, status)


def mark_paid(ctx: RequestContext, booking_id: object, amount: object = None) -> dict:
    """Record the payment of an approved or completed booking (amount defaults to the quote)."""
    require_staff(ctx)
    number = _booking_id(booking_id)
    with session_scope() as session:
        booking = _locked(session, number)
        status = BookingStatus(booking.status)
        if status not in PAYABLE:
            raise Conflict(
                f"Booking {booking.reference} is {status.value.lower()}; only approved or completed "
                "bookings can be marked paid.",
                details={"status": status.value},
            )
        if booking.paid:
            raise Conflict(f"Booking {booking.reference} is already marked paid.")
        errors = FieldErrors()
        value = (
            booking.price_quote
            if amount in (None, "")
            else parse_amount(errors, "amount", amount, label="Amount")
        )
        errors.raise_if_any()
        if value is None or Decimal(value) <= 0:
            raise ValidationFailed({"amount": "Enter the amount paid."})
        now = utcnow()
        booking.paid = True
        booking.payment_amount = Decimal(value)
        booking.paid_at = now
        booking.updated_at = now
        session.add(booking)
        session.flush()
        audit.record(
            session,
            ctx,
            AuditAction.PAYMENT,
            "booking",
            booking.id,
            {
                "paid": {"from": False, "to": True},
                "amount": str(booking.payment_amount),
                "reference": booking.reference,
            },
        )
        # Paid and already completed: its loyalty points, in this same transaction.
        loyalty.award_points_for_booking(session, booking, ctx)
        _email_parent(
            session,
            booking,
            "we have received your payment, thank you.",
            f"Amount: {catalog.format_money(booking.payment_amount, booking.currency)}",
        )
        return _detail(session, booking)


def update_notes(ctx: RequestContext, booking_id: object, notes: object) -> dict:
    """The staff's private notes on a booking. Audited (without their text); the parent is not
    emailed: the notes are internal and never shown to them."""
    require_staff(ctx)
    text = clean_text(notes, max_length=LONG_TEXT_MAX, multiline=True)
    number = _booking_id(booking_id)
    with session_scope() as session:
        booking = _locked(session, number)
        if (booking.admin_notes or "") == text:
            return _detail(session, booking)
        booking.admin_notes = text
        booking.updated_at = utcnow()
        session.add(booking)
        session.flush()
        audit.record(
            session,
            ctx,
            AuditAction.UPDATE,
            "booking",
            booking.id,
            {"admin_notes": "changed", "length": len(text), "reference": booking.reference},
        )
        return _detail(session, booking)


# --- calendar ------------------------------------------------------------------------------------

CALENDAR_VIEWS = ("month", "week", "day")


def _calendar_range(view: str, anchor: date) -> tuple[date, date]:
    """[first, last] day shown by `view` around `anchor` (weeks start on Monday)."""
    if view == "day":
        return anchor, anchor
    if view == "week":
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=6)
    month_start = anchor.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    first = month_start - timedelta(days=month_start.weekday())
    last = next_month - timedelta(days=1)
    last = last + timedelta(days=6 - last.weekday())
    return first, last


def _shift(view: str, anchor: date, step: int) -> date:
    if view == "day":
        return anchor + timedelta(days=step)
    if view == "week":
        return anchor + timedelta(days=7 * step)
    month = anchor.month - 1 + step
    year = anchor.year + month // 12
    return date(year, month % 12 + 1, 1)


def _calendar_title(view: str, anchor: date, first: date, last: date) -> str:
    if view == "day":
        return catalog.format_day(anchor)
    if view == "week":
        if first.month == last.month:
            return f"{first.day}–{last.day} {last:%B %Y}"
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{anchor:%B %Y}"


def calendar(
    ctx: RequestContext, view: object = "month", anchor: object = "", data: Mapping | None = None
) -> dict:
    """The days of a month, week or day view with their bookings (one query).

    Without a status filter the calendar shows the bookings that take the room
    (pending, approved, completed).
    """
    require_staff(ctx)
    view = str(view or "month").lower()
    if view not in CALENDAR_VIEWS:
        raise ValidationFailed({"view": "Choose month, week or day."})
    today = local_now().date()
    errors = FieldErrors()
    day = _optional_date(errors, "anchor", anchor, "Date") or today
    errors.raise_if_any()
    filters = parse_filters(
        {**(data or {}), "date_from": "", "date_to": "", "sort": "starts_at", "dir": "asc"}
    )
    if not filters.statuses:
        filters = BookingFilters(
            statuses=(S.PENDING, S.APPROVED, S.COMPLETED), types=filters.types, search=filters.search
        )
    first, last = _calendar_range(view, day)
    statement = filtered_statement(
        BookingFilters(
            statuses=filters.statuses,
            types=filters.types,
            date_from=first,
            date_to=last,
            search=filters.search,
        )
    )
    with session_scope() as session:
        found = list(session.exec(statement).all())
    by_day: dict[date, list[dict]] = {}
    for booking in found:
        by_day.setdefault(booking.date, []).append(row(booking, today))
    days = []
    current = first
    while current <= last:
        items = by_day.get(current, [])
        days.append(
            {
                "iso": current.isoformat(),
                "day_number": current.day,
                "weekday": f"{current:%a}",
                "label": catalog.format_short_day(current),
                "in_range": view != "month" or current.month == day.month,
                "is_today": current == today,
                "items": items,
                "count": len(items),
            }
        )
        current += timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    return {
        "view": view,
        "anchor": day.isoformat(),
        "title": _calendar_title(view, day, first, last),
        "prev": _shift(view, day, -1).isoformat(),
        "next": _shift(view, day, 1).isoformat(),
        "today": today.isoformat(),
        "days": days,
        "weeks": weeks,
        "total": len(found),
    }
