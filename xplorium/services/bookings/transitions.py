"""Moving a booking through the status machine (`rules.TRANSITIONS`): the staff's actions and a
parent's own cancel go through `_move`, which refuses anything else and writes nothing then.

Every change is audited and emails the parent (after commit, through `mail.queue`); the caller
pushes it to the live boards (`xplorium.live.bookings_changed`) once this has returned.
Leaving the holding statuses (rejected, cancelled) gives the booking's places back in the same
transaction, and a waiting list may be offered them. Approving re-checks that the booking
holds its rooms: a booking without holds (one that collided when rooms were introduced) gets
them now or the approval is refused, naming what is in the way.
"""

from decimal import Decimal

import structlog
from sqlmodel import Session, select

from xplorium import formatting
from xplorium.config import settings
from xplorium.constants import LONG_TEXT_MAX, REJECT_REASON_MIN_LENGTH, VENUE_NAME
from xplorium.db import session_scope
from xplorium.i18n import N_, _, use_locale
from xplorium.models import Booking, PricingPackage
from xplorium.models.enums import AuditAction, BookingStatus, BookingType, HoldKind, NotificationKind
from xplorium.services import audit, checkin, clock, deposits, loyalty, mail, party_links, rooms
from xplorium.services.authz import require_staff
from xplorium.services.bookings import places, waitlist
from xplorium.services.bookings.display import staff_line, summary, time_label
from xplorium.services.bookings.listing import detail, parse_booking_id
from xplorium.services.bookings.rules import (
    ACTION_FOR_STATUS,
    HOLDING,
    PARENT_CANCELLABLE,
    PAYABLE,
    STATUS_LABELS,
    TRANSITIONS,
    TYPE_LABELS,
    can_move,
)
from xplorium.services.clock import local_now
from xplorium.services.context import SYSTEM, RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound, Unauthenticated, ValidationFailed
from xplorium.services.notifications import notify_staff
from xplorium.services.parsing import parse_amount, parse_status
from xplorium.services.sanitize import clean_text

log = structlog.get_logger(__name__)

S = BookingStatus

# Messages (translated in the parent's language when the email is written).
_HEADLINES = {
    S.APPROVED: (N_("your booking is confirmed. We look forward to seeing you!"), ""),
    S.REJECTED: (N_("we are sorry, we cannot accept your booking."), N_("Reason: {reason}")),
    S.CANCELLED: (N_("your booking has been cancelled by our staff."), N_("Reason: {reason}")),
    S.COMPLETED: (N_("thank you for visiting us! Your booking is now completed."), ""),
}
NO_REASON = N_("Please contact us if you have any questions.")


def locked(session: Session, number: int) -> Booking:
    booking = session.exec(select(Booking).where(Booking.id == number).with_for_update()).first()
    if booking is None:
        raise NotFound(_("Booking not found."))
    return booking


def _refuse(booking: Booking, target: BookingStatus) -> Conflict:
    current = BookingStatus(booking.status)
    allowed = sorted(t.value.lower() for t in TRANSITIONS[current])
    then = (
        _(" It can only be {join}.").format(join=" or ".join(allowed))
        if allowed
        else _(" No further change is possible.")
    )
    return Conflict(
        _("Booking {reference} is {lower}, so it cannot be {lower2}.{then}").format(
            reference=booking.reference, lower=current.value.lower(), lower2=target.value.lower(), then=then
        ),
        details={"status": current.value},
    )


def email_parent(
    session: Session,
    booking: Booking,
    headline: str,
    extra: str = "",
    qr_codes: list[tuple[str, str]] | None = None,
    **values,
) -> None:
    """Email the parent in their language; `headline` and `extra` are messages (N_), filled
    with `values` after translation; `qr_codes` (file name, text) are attached as pictures."""
    with use_locale(booking.language):
        _email_parent(
            session,
            booking,
            _(headline).format(**values),
            _(extra).format(**values) if extra else "",
            qr_codes,
        )


def _email_parent(
    session: Session,
    booking: Booking,
    headline: str,
    extra: str,
    qr_codes: list[tuple[str, str]] | None = None,
) -> None:
    status_label = _(STATUS_LABELS[BookingStatus(booking.status)])
    lines = [
        _("Dear {contact_name},").format(contact_name=booking.contact_name),
        "",
        headline,
        "",
        _("Reference: {reference}").format(reference=booking.reference),
        _("What: {value}").format(value=_(TYPE_LABELS[BookingType(booking.type)])),
        _("When: {format_day}, {time_label}").format(
            format_day=formatting.day(booking.date), time_label=time_label(booking)
        ),
        _("Guests: {guest_count}").format(guest_count=booking.guest_count),
        _("Status: {status_label}").format(status_label=status_label),
    ]
    if extra:
        lines += ["", extra]
    lines += ["", f"{VENUE_NAME}"]
    mail.queue(
        session,
        booking.email,
        _("Your {venue} booking {reference}: {status_label}").format(
            venue=VENUE_NAME, reference=booking.reference, status_label=status_label
        ),
        "\n".join(lines),
        qr_codes=qr_codes,
    )


def _confirmation(session: Session, booking: Booking) -> tuple[str, list[tuple[str, str]]]:
    """What the approval email adds: the deposit to pay (with its IPS QR code), the party link,
    and the booking reference as a QR code for the front desk."""
    parts: list[str] = []
    codes = [(checkin.REFERENCE_QR_FILENAME, checkin.reference_qr_text(booking))]
    deposit = deposits.facts(session, booking)
    if deposit is not None:
        parts.append(deposits.email_text(deposit))
        if deposit["payload"]:
            codes.append((deposits.QR_FILENAME, deposit["payload"]))
    link = party_links.active(session, booking.id)
    if link is not None:
        parts.append(
            _(
                "Share this private link with the families you invite: they answer, tell us about "
                "allergies and sign the waiver there.\n{url}"
            ).format(url=party_links.url_of(link))
        )
    page = f"{settings.public_base_url.rstrip('/')}/profile/bookings/{booking.reference}"
    parts.append(_("Your booking's page (sign in with this email address): {url}").format(url=page))
    parts.append(_("Show the attached QR code at the front desk when you arrive."))
    return "\n\n".join(parts), codes


def expected_holds(session: Session, booking: Booking) -> list[places.Hold]:
    """The holds a booking without any should have, from its package and its party's rooms."""
    package = session.get(PricingPackage, booking.package_id) if booking.package_id else None
    room = rooms.room_by_id(package.room_id) if package is not None else None
    if room is None:
        raise Conflict(
            _("Booking {reference} holds no room and names no package; cancel it or book it again.").format(
                reference=booking.reference
            )
        )
    slugs = (booking.party_details or {}).get("rooms") or []
    extras = [r for slug in slugs if (r := rooms.room_by_slug(slug)) and r["id"] != room["id"]]
    return places.booking_holds(
        {"hold_mode": package.hold_mode.value},
        room,
        booking.starts_at,
        booking.ends_at,
        booking.guest_count,
        extras,
    )


def _recheck(session: Session, booking: Booking) -> None:
    """Approving: the booking must hold its rooms (the ledger refuses holds that do not fit)."""
    if places.active_holds(session, HoldKind.BOOKING, [booking.id]):
        return
    holds = expected_holds(session, booking)
    if not places.add_if_free(session, holds, HoldKind.BOOKING, booking.id):
        raise Conflict(
            _("Cannot approve {reference}: its room is no longer free at that time ({room_names}).").format(
                reference=booking.reference, room_names=rooms.room_names(h.room_id for h in holds)
            )
        )


def _move(
    session: Session,
    ctx: RequestContext,
    booking: Booking,
    target: BookingStatus,
    *,
    reason: str = "",
    by: str,
) -> None:
    """Change the status if the machine allows it, with what goes with it; refuses otherwise."""
    current = BookingStatus(booking.status)
    if not can_move(current, target):
        raise _refuse(booking, target)
    if target == S.APPROVED:
        _recheck(session, booking)
    now = clock.now()
    booking.status = target
    booking.updated_at = now
    changes: dict = {"status": {"from": current.value, "to": target.value}, "reference": booking.reference}
    if target == S.APPROVED:
        booking.approved_at = now
        deposits.open_on_approval(session, booking)
        party_links.open_on_approval(session, booking)
    if target == S.REJECTED:
        booking.reject_reason = reason
        changes["reason_length"] = len(reason)
    if target == S.CANCELLED:
        changes["by"] = by
    session.add(booking)
    session.flush()
    if current in HOLDING and target not in HOLDING:
        freed = places.release(session, HoldKind.BOOKING, booking.id)
        waitlist.offer_freed(session, freed)
        party_links.revoke(session, booking.id)
    audit.record(session, ctx, ACTION_FOR_STATUS[target][1], "booking", booking.id, changes)
    if target == S.COMPLETED:
        # Completed and already paid: its loyalty points, in this same transaction.
        loyalty.award_points_for_booking(session, booking, ctx)


def _transition(ctx: RequestContext, booking_ref: object, target: BookingStatus, *, reason: str = "") -> dict:
    """A staff member moves a booking to `target`; audited, parent emailed."""
    require_staff(ctx)
    number = parse_booking_id(booking_ref)
    with session_scope() as session:
        booking = locked(session, number)
        _move(session, ctx, booking, target, reason=reason, by="staff")
        headline, extra = _HEADLINES[target]
        if target == S.CANCELLED and not reason:
            extra = NO_REASON
        if target == S.APPROVED:
            # The deposit, party link and QR codes, written in the parent's language.
            with use_locale(booking.language):
                details, codes = _confirmation(session, booking)
                _email_parent(session, booking, _(headline).format(reason=reason), details, codes)
        else:
            email_parent(session, booking, headline, extra, reason=reason)
        result = detail(session, booking)
    log.info("booking_status_changed", booking_id=number, to=target.value)
    return result


def cancel_unpaid_deposit(session: Session, booking: Booking, amount: str, due: str) -> None:
    """The overdue-deposit sweep cancels an approved booking (in its transaction) and tells the parent."""
    _move(session, SYSTEM, booking, S.CANCELLED, by="deposit")
    email_parent(
        session,
        booking,
        _("your booking has been cancelled because its deposit was not paid in time."),
        _(
            "The deposit of {amount} was due on {day}. Please contact us if you have paid it "
            "or would like to book again."
        ).format(amount=amount, day=due),
    )


def approve(ctx: RequestContext, booking_ref: object) -> dict:
    return _transition(ctx, booking_ref, S.APPROVED)


def reject(ctx: RequestContext, booking_ref: object, reason: object) -> dict:
    require_staff(ctx)
    text = clean_text(reason, max_length=1000, multiline=True)
    if len(text) < REJECT_REASON_MIN_LENGTH:
        raise ValidationFailed(
            {
                "reason": _(
                    "Give the parent a reason of at least {reject_reason_min_length} characters."
                ).format(reject_reason_min_length=REJECT_REASON_MIN_LENGTH)
            }
        )
    return _transition(ctx, booking_ref, S.REJECTED, reason=text)


def cancel(ctx: RequestContext, booking_ref: object, reason: object = "") -> dict:
    require_staff(ctx)
    return _transition(
        ctx, booking_ref, S.CANCELLED, reason=clean_text(reason, max_length=1000, multiline=True)
    )


def complete(ctx: RequestContext, booking_ref: object) -> dict:
    return _transition(ctx, booking_ref, S.COMPLETED)


def set_status(ctx: RequestContext, booking_ref: object, target: object, reason: object = "") -> dict:
    """Any requested status change, through the same machine (used by tests and tools)."""
    status = parse_status(BookingStatus, str(target).upper())
    if status == S.REJECTED:
        return reject(ctx, booking_ref, reason)
    if status == S.CANCELLED:
        return cancel(ctx, booking_ref, reason)
    return _transition(ctx, booking_ref, status)


def cancel_own_booking(ctx: RequestContext, reference: object) -> dict:
    """The signed-in parent cancels their own PENDING or APPROVED booking that has not started yet."""
    if ctx.actor_id is None:
        raise Unauthenticated()
    reference = clean_text(reference, max_length=16).upper()
    with session_scope() as session:
        booking = session.exec(
            select(Booking).where(Booking.reference == reference).with_for_update()
        ).first()
        # Someone else's booking is "not found": its existence is not theirs to learn.
        if booking is None or booking.user_id != ctx.actor_id:
            raise NotFound(_("Booking not found."))
        if booking.status not in PARENT_CANCELLABLE:
            raise Conflict(
                _("This booking is {lower} and cannot be cancelled.").format(
                    lower=_(STATUS_LABELS[booking.status]).lower()
                )
            )
        if booking.starts_at <= local_now():
            raise Conflict(_("This booking has already started; please call us."))
        _move(session, ctx, booking, S.CANCELLED, by="customer")
        notify_staff(
            session,
            NotificationKind.BOOKING_CANCELLED,
            _("Booking {reference} cancelled by the parent").format(reference=booking.reference),
            staff_line(booking),
            f"/admin/bookings?reference={booking.reference}",
        )
        with use_locale(booking.language):
            _email_cancelled(session, booking)
        return summary(booking)


def _email_cancelled(session: Session, booking: Booking) -> None:
    facts = summary(booking)
    mail.queue(
        session,
        booking.email,
        _("Your {venue} booking {reference} is cancelled").format(
            venue=VENUE_NAME, reference=booking.reference
        ),
        _(
            "Dear {contact_name},\n\nyour booking {reference} ({type_label}, {date_label} {time_label}) is cancelled as you asked."
        ).format(
            contact_name=booking.contact_name,
            reference=booking.reference,
            type_label=facts["type_label"],
            date_label=facts["date_label"],
            time_label=facts["time_label"],
        ),
    )


def mark_paid(ctx: RequestContext, booking_ref: object, amount: object = None) -> dict:
    """Record the payment of an approved or completed booking (amount defaults to the quote)."""
    require_staff(ctx)
    number = parse_booking_id(booking_ref)
    with session_scope() as session:
        booking = locked(session, number)
        status = BookingStatus(booking.status)
        if status not in PAYABLE:
            raise Conflict(
                _(
                    "Booking {reference} is {lower}; only approved or completed bookings can be marked paid."
                ).format(reference=booking.reference, lower=status.value.lower()),
                details={"status": status.value},
            )
        if booking.paid:
            raise Conflict(
                _("Booking {reference} is already marked paid.").format(reference=booking.reference)
            )
        # A deposit already received counts towards what was paid: the rest is paid on the day.
        deposit = deposits.received(session, booking.id)
        errors = FieldErrors()
        value = (
            Decimal(booking.price_quote) - deposit
            if amount in (None, "")
            else parse_amount(errors, "amount", amount, label=_("Amount"))
        )
        errors.raise_if_any()
        if value is None or Decimal(value) <= 0:
            raise ValidationFailed({"amount": _("Enter the amount paid.")})
        now = clock.now()
        booking.paid = True
        booking.payment_amount = Decimal(value) + deposit
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
        with use_locale(booking.language):
            amount = formatting.money(booking.payment_amount, booking.currency)
        email_parent(
            session,
            booking,
            N_("we have received your payment, thank you."),
            N_("Amount: {amount}"),
            amount=amount,
        )
        return detail(session, booking)


def update_notes(ctx: RequestContext, booking_ref: object, notes: object) -> dict:
    """The staff's private notes on a booking. Audited (without their text); the parent is not
    emailed: the notes are internal and never shown to them."""
    require_staff(ctx)
    text = clean_text(notes, max_length=LONG_TEXT_MAX, multiline=True)
    number = parse_booking_id(booking_ref)
    with session_scope() as session:
        booking = locked(session, number)
        if (booking.admin_notes or "") == text:
            return detail(session, booking)
        booking.admin_notes = text
        booking.updated_at = clock.now()
        session.add(booking)
        session.flush()
        logged = {"admin_notes": "changed", "length": len(text), "reference": booking.reference}
        audit.record(session, ctx, AuditAction.UPDATE, "booking", booking.id, logged)
        return detail(session, booking)
