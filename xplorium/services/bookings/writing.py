"""The one transaction that books: customer, booking, its room holds, audit entry, staff
notifications and the parent's email, or nothing at all.

The database decides whether the holds fit (see `places`): a request is checked against the
ledger first so that a taken time is answered without writing, and when two parents race for
the last places the ledger's CHECK refuses the later write. Both answers are the same Conflict,
with the next free start times.

A guest booking (nobody signed in) never changes an account: the customer record of its
email is created when new, and an existing password-less customer record only has an empty
name or phone filled in. A booking made as a guest with the email of a registered account
(one with a password) is not attached to it: it does not appear in that account's profile,
whose holder did not make it while signed in; the confirmation email still reaches them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
import structlog
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium import metrics
from xplorium.constants import BOOKING_LIMIT_WINDOW, VENUE_NAME
from xplorium.db import session_scope
from xplorium.i18n import N_, _, current_locale, use_locale
from xplorium.models import AuditLog, Booking, User
from xplorium.models.enums import AuditAction, BookingStatus, HoldKind, NotificationKind, Role
from xplorium.services import audit, catalog, checkin, clock, mail, notifications, rooms
from xplorium.services.bookings import places
from xplorium.services.bookings.availability import alternatives
from xplorium.services.bookings.display import staff_line, summary
from xplorium.services.bookings.validation import BookingRequest, validate
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, RateLimited, ValidationFailed
from xplorium.services.notifications import notify_staff
from xplorium.services.ratelimit import get_limiter
from xplorium.services.security import generate_reference

log = structlog.get_logger(__name__)

TAKEN_MESSAGE = N_("That time is already taken.")
FULL_MESSAGE = N_("That session is full.")
# Dialects on which a booking's rows are written by one statement (data-modifying CTEs).
WRITE_AT_ONCE_DIALECTS = {"postgresql"}


def create_booking(ctx: RequestContext, data: Mapping) -> dict:
    """Validate, rate-limit and book in one transaction; the returned summary means it is committed.

    Raises ValidationFailed (fields), RateLimited, or Conflict(TAKEN_MESSAGE or FULL_MESSAGE,
    details={"alternatives": [...], "waitlist": bool}). A refused request writes nothing.
    """
    rules = catalog.booking_rules()
    try:
        request = validate(data, rules)
    except ValidationFailed:
        metrics.BOOKINGS_REFUSED.labels("invalid").inc()
        raise
    limiter = get_limiter()
    limit = rules["booking_rate_limit"]
    try:
        limiter.hit("booking:email", request.email, limit, BOOKING_LIMIT_WINDOW)
        limiter.hit("booking:ip", ctx.ip_or_unknown, limit, BOOKING_LIMIT_WINDOW)
    except RateLimited:
        metrics.BOOKINGS_REFUSED.labels("rate_limited").inc()
        raise
    return book(ctx, request)


def book(
    ctx: RequestContext, request: BookingRequest, *, before_write: Callable[[Session], None] | None = None
) -> dict:
    """Write a validated request: its holds fit, or Conflict and nothing written.

    `before_write` runs first in the same transaction (a waiting-list claim gives back the
    places its offer held, for this booking to take).
    """
    offer = request.offer
    holds = offer.holds(request.starts_at)
    fits = True
    try:
        with session_scope() as session:
            if before_write is not None:
                before_write(session)
            usage = places.usage(session, offer.room_ids, holds[0].starts_at, max(h.ends_at for h in holds))
            if not offer.fits(usage, request.starts_at):
                fits = False
            else:
                booking = new_booking(ctx, request, max(h.ends_at for h in holds))
                write = (
                    _write_at_once
                    if session.get_bind().dialect.name in WRITE_AT_ONCE_DIALECTS
                    else _write_stepwise
                )
                write(session, ctx, _NewRows(booking, request, holds, _staff_note(booking)))
                room_names = rooms.room_names(offer.room_ids)
                with use_locale(booking.language):
                    subject, body = _confirmation_email(booking, request.package["name"], room_names)
                # The reference as a QR code, for the front desk's scanner (services/checkin.py).
                code = [(checkin.REFERENCE_QR_FILENAME, checkin.reference_qr_text(booking))]
                mail.queue(session, booking.email, subject, body, qr_codes=code)
                result = summary(booking, room_names)
                result["package"] = request.package["name"]
    except IntegrityError as error:
        if not places.is_full(error):
            raise
        # Another booking took the places between the check and the write.
        fits = False
    if not fits:
        reason = "taken" if offer.whole else "full"
        metrics.BOOKINGS_REFUSED.labels(reason).inc()
        log.info("booking_refused", type=request.type.value, reason=reason)
        raise Conflict(
            _refusal_message(offer, holds),
            details={
                "alternatives": alternatives(offer, request.starts_at, catalog.booking_rules()),
                "waitlist": not offer.whole,
            },
        )
    metrics.BOOKINGS_CREATED.labels(request.type.value).inc()
    log.info("booking_created", reference=result["reference"], type=request.type.value)
    return result


def _refusal_message(offer, holds) -> str:
    """Why the time was refused: a closure of the room (maintenance) says so, else taken or full."""
    with session_scope() as session:
        closed = rooms.closed_windows(
            session, offer.room_ids, holds[0].starts_at, max(h.ends_at for h in holds)
        )
    if closed:
        return _("That time is not available: {closures}. Please choose another time.").format(
            closures="; ".join(closed)
        )
    return _(TAKEN_MESSAGE) if offer.whole else _(FULL_MESSAGE)


@dataclass(frozen=True)
class _StaffNote:
    title: str
    body: str
    link: str


@dataclass(frozen=True)
class _NewRows:
    """What one booking writes, whichever way (`_write_stepwise`, `_write_at_once`)."""

    booking: Booking
    request: BookingRequest
    holds: list[places.Hold]
    note: _StaffNote


def new_booking(ctx: RequestContext, request: BookingRequest, blocked_until) -> Booking:
    """The booking row, not yet written; `user_id` is set here only for a signed-in parent."""
    now = clock.now()
    return Booking(
        reference=generate_reference(),
        type=request.type,
        status=BookingStatus.PENDING,
        date=request.day,
        start_time=request.start_time,
        duration_minutes=request.duration_minutes,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        blocked_until=blocked_until,
        guest_count=request.guest_count,
        package_id=request.package["id"],
        contact_name=request.contact_name,
        # The language of the page it was booked on: its emails are written in it.
        language=current_locale(),
        email=request.email,
        phone=request.phone,
        special_requests=request.special_requests,
        party_details=request.party_details,
        price_quote=request.price,
        currency=request.currency,
        user_id=ctx.actor_id if ctx.actor_id is not None and ctx.actor_role == Role.USER else None,
        created_at=now,
        updated_at=now,
    )


def audit_changes(booking: Booking) -> dict:
    """What the audit entry of a new booking records."""
    return {
        "reference": booking.reference,
        "type": booking.type.value,
        "starts_at": booking.starts_at.isoformat(),
        "duration_minutes": booking.duration_minutes,
        "guest_count": booking.guest_count,
        "price_quote": str(booking.price_quote),
        "status": booking.status.value,
    }


def _staff_note(booking: Booking) -> _StaffNote:
    return _StaffNote(
        title=_("New booking {reference}").format(reference=booking.reference),
        body=staff_line(booking),
        link=f"/admin/bookings?reference={booking.reference}",
    )


def _confirmation_email(booking: Booking, package_name: str, room_names: str) -> tuple[str, str]:
    facts = summary(booking)
    lines = [
        _("Dear {contact_name},").format(contact_name=booking.contact_name),
        "",
        _(
            "thank you for booking with {venue}. We have received your request and will confirm it shortly."
        ).format(venue=VENUE_NAME),
        "",
        _("Reference: {reference}").format(reference=booking.reference),
        _("What: {type_label}").format(type_label=facts["type_label"])
        + (f" — {package_name}" if package_name else ""),
        _("Where: {room_names}").format(room_names=room_names),
        _("When: {date_label}, {time_label}").format(
            date_label=facts["date_label"], time_label=facts["time_label"]
        ),
        _("Guests: {guest_count}").format(guest_count=booking.guest_count),
        _("Price: {price_label}").format(price_label=facts["price_label"]),
        _("Status: {status_label}").format(status_label=facts["status_label"]),
        "",
        _(
            "Please quote the reference if you contact us. You can see and cancel your bookings "
            "by signing in with this email address."
        ),
    ]
    return _("Your {venue} booking {reference}").format(
        venue=VENUE_NAME, reference=booking.reference
    ), "\n".join(lines)


# --- the customer record -------------------------------------------------------------------------


def _customer_upsert(session: Session, email: str, name: str, phone: str | None) -> sa.Insert:
    """INSERT .. ON CONFLICT of the customer record of `email`, returning (id, attach).

    `attach` is false for a registered account (it has a password): its row is left as it is
    and the guest booking is not attached to it (module docstring).
    """
    table = User.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = User(email=email, name=name, phone=phone, role=Role.USER).model_dump(
        exclude={"id", "loyalty_tier"}
    )
    statement = insert(table).values(**values)
    customer_only = table.c.password_hash.is_(None)
    return statement.on_conflict_do_update(
        index_elements=[table.c.email],
        set_={
            "name": sa.case(
                (sa.and_(customer_only, table.c.name == ""), statement.excluded.name), else_=table.c.name
            ),
            "phone": sa.case(
                (customer_only, sa.func.coalesce(table.c.phone, statement.excluded.phone)),
                else_=table.c.phone,
            ),
        },
    ).returning(table.c.id, customer_only.label("attach"))


def upsert_customer(session: Session, email: str, name: str, phone: str | None) -> int | None:
    """The id of the customer record a guest booking of `email` is attached to (None: not attached)."""
    row = session.execute(_customer_upsert(session, email, name, phone)).one()
    return row.id if row.attach else None


# --- the two ways of writing the same rows -------------------------------------------------------


def _write_stepwise(session: Session, ctx: RequestContext, rows: _NewRows) -> None:
    """Customer, booking, holds, audit entry (savepoint) and notifications, one statement each."""
    booking, request, note = rows.booking, rows.request, rows.note
    if booking.user_id is None:
        booking.user_id = upsert_customer(session, request.email, request.contact_name, request.phone)
    session.add(booking)
    session.flush()
    places.add(session, rows.holds, HoldKind.BOOKING, booking.id)
    audit.record(session, ctx, AuditAction.CREATE, "booking", booking.id, audit_changes(booking))
    notify_staff(session, NotificationKind.NEW_BOOKING, note.title, note.body, note.link)


def _write_at_once(session: Session, ctx: RequestContext, rows: _NewRows) -> None:
    """The same rows as `_write_stepwise`, in ONE statement of data-modifying CTEs (PostgreSQL):

        WITH customer     AS (INSERT INTO users ... ON CONFLICT (email) DO UPDATE ... RETURNING id, attach),
             new_booking  AS (INSERT INTO bookings ... VALUES (..., <customer id if attach>) RETURNING id),
             holds        AS (INSERT INTO room_holds ... VALUES (..., (SELECT id FROM new_booking)), ...),
             audit_entry  AS (INSERT INTO audit_log ... VALUES (..., (SELECT id FROM new_booking))),
             staff        AS (SELECT <active staff and their preference for new bookings>),
             notes        AS (INSERT INTO notifications SELECT ... FROM staff WHERE <wants in-app>)
        SELECT new_booking.id, new_booking.user_id, <emails of staff wanting an email> FROM new_booking

    The holds' trigger books the ledger inside this statement, so a room without space for them
    fails it whole (IntegrityError, see `places.is_full`). The audit row is built in Python
    first and, as with `audit.record`, a failure to build it is logged and never stops the
    booking. Emails are queued here and sent after commit.
    """
    booking, request, note = rows.booking, rows.request, rows.note
    bookings_table = Booking.__table__
    ctes = []
    if booking.user_id is None:
        customer = _customer_upsert(session, request.email, request.contact_name, request.phone).cte(
            "customer"
        )
        ctes.append(customer)
        user_id = select(sa.case((customer.c.attach, customer.c.id))).scalar_subquery()
    else:
        user_id = booking.user_id
    values = booking.model_dump(exclude={"id", "user_id"})
    new_booking = (
        sa.insert(bookings_table)
        .values(**values, user_id=user_id)
        .returning(bookings_table.c.id, bookings_table.c.user_id)
        .cte("new_booking")
    )
    ctes.append(new_booking)
    booking_id = select(new_booking.c.id).scalar_subquery()
    ctes.append(places.insert_statement(rows.holds, HoldKind.BOOKING, booking_id).cte("holds"))
    try:
        entry = audit.entry(ctx, AuditAction.CREATE, "booking", None, audit_changes(booking))
        audit_values = entry.model_dump(exclude={"id", "entity_id"})
    except Exception:
        log.exception("audit_failed", action=AuditAction.CREATE.value, entity="booking", entity_id="")
        audit_values = None
    if audit_values is not None:
        audit_table = AuditLog.__table__
        ctes.append(
            sa.insert(audit_table)
            .values(**audit_values, entity_id=sa.cast(booking_id, audit_table.c.entity_id.type))
            .cte("audit_entry")
        )
    staff = notifications.recipients(NotificationKind.NEW_BOOKING).cte("staff")
    ctes.append(staff)
    ctes.append(
        notifications.insert_from(
            staff, NotificationKind.NEW_BOOKING, note.title, note.body, note.link, after=new_booking
        ).cte("notes")
    )
    emails = select(sa.func.array_agg(staff.c.email)).where(staff.c.wants_email.is_(True)).scalar_subquery()
    row = session.execute(
        select(new_booking.c.id, new_booking.c.user_id, emails.label("staff_emails")).add_cte(*ctes)
    ).one()
    booking.id, booking.user_id = row.id, row.user_id
    notifications.queue_emails(session, list(row.staff_emails or []), note.title, note.body, note.link)
