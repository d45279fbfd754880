"""The front desk: finding today's bookings (scanned QR code, reference or name), marking them
arrived (and undoing it), and the sweep that marks bookings never checked in as no-shows.

The confirmation email carries the booking reference as a QR code; the check-in page's camera
reader decodes it in the browser and hands the text here (`check_in_code`).
"""

from datetime import date, datetime
from typing import Any

import structlog
from sqlmodel import Session, select

from xplorium.constants import SHORT_TEXT_MAX
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models import Booking, PartyGuest
from xplorium.models.enums import AuditAction, BookingStatus, BookingType
from xplorium.services import audit, clock, waivers
from xplorium.services.authz import require_staff
from xplorium.services.bookings.display import time_label
from xplorium.services.bookings.listing import parse_booking_id
from xplorium.services.bookings.rules import STATUS_LABELS, TYPE_LABELS
from xplorium.services.clock import VENUE_TZ, local_now
from xplorium.services.context import SYSTEM, RequestContext
from xplorium.services.errors import Conflict, NotFound
from xplorium.services.lookup import contains_text

log = structlog.get_logger(__name__)

ENTITY = "booking"
# Bookings the front desk expects: confirmed ones (a pending one is shown, to approve first).
EXPECTED = (BookingStatus.APPROVED,)
SHOWN = (BookingStatus.PENDING, BookingStatus.APPROVED, BookingStatus.COMPLETED)
FOUND_MAX = 20
REFERENCE_QR_FILENAME = "booking-reference-qr.png"


def reference_qr_text(booking: Booking) -> str:
    """What the confirmation's QR code holds: the booking reference alone."""
    return booking.reference


def _party_facts(session: Session, booking_ids: list[int]) -> dict[int, dict[str, Any]]:
    guests = session.exec(
        select(PartyGuest).where(PartyGuest.booking_id.in_(booking_ids), PartyGuest.attending.is_(True))
    ).all()
    facts: dict[int, dict[str, Any]] = {}
    for guest in guests:
        item = facts.setdefault(guest.booking_id, {"coming": 0, "signed": 0, "allergies": []})
        item["coming"] += 1
        if waivers.valid_signature(session, waivers.child_key(guest.child_name, guest.guardian_contact)):
            item["signed"] += 1
        if guest.allergies.strip():
            item["allergies"].append(f"{guest.child_name}: {guest.allergies.strip()}")
    return facts


def _row(booking: Booking, party: dict[str, Any] | None) -> dict[str, Any]:
    is_party = BookingType(booking.type) == BookingType.PARTY
    if party is None:
        waiver = _("No answers yet") if is_party else ""
    elif party["signed"] == party["coming"]:
        waiver = _("All {count} signed").format(count=party["coming"])
    else:
        waiver = _("{signed} of {count} signed").format(signed=party["signed"], count=party["coming"])
    return {
        "id": str(booking.id),
        "reference": booking.reference,
        "contact_name": booking.contact_name,
        "type_label": _(TYPE_LABELS[BookingType(booking.type)]),
        "status_label": _(STATUS_LABELS[BookingStatus(booking.status)]),
        "date": booking.date.isoformat(),
        "time_label": time_label(booking),
        "guest_count": str(booking.guest_count),
        "arrived": booking.checked_in_at is not None,
        "arrived_label": booking.checked_in_at.astimezone(VENUE_TZ).strftime("%H:%M")
        if booking.checked_in_at
        else "",
        "no_show": booking.no_show_at is not None,
        "can_check_in": BookingStatus(booking.status) in EXPECTED,
        "summary": _("{what} · {count} guests · {status}").format(
            what=_(TYPE_LABELS[BookingType(booking.type)]),
            count=booking.guest_count,
            status=_(STATUS_LABELS[BookingStatus(booking.status)]),
        ),
        "arrive_label": _("Mark {reference} arrived").format(reference=booking.reference),
        "undo_label": _("Undo the arrival of {reference}").format(reference=booking.reference),
        "waiver": waiver,
        "waiver_ok": party is not None and party["signed"] == party["coming"],
        "allergies": "; ".join(party["allergies"]) if party else "",
    }


def _rows(session: Session, bookings: list[Booking]) -> list[dict[str, Any]]:
    party = _party_facts(session, [b.id for b in bookings])
    return [_row(b, party.get(b.id)) for b in bookings]


def arrivals(ctx: RequestContext, day: date | None = None) -> list[dict[str, Any]]:
    """Today's bookings in time order, with arrival, waiver status and allergies."""
    require_staff(ctx)
    with session_scope() as session:
        bookings = session.exec(
            select(Booking)
            .where(Booking.date == (day or local_now().date()), Booking.status.in_(SHOWN))
            .order_by(Booking.starts_at, Booking.id)
        ).all()
        return _rows(session, list(bookings))


def find(ctx: RequestContext, query: object) -> list[dict[str, Any]]:
    """Bookings by exact reference, or today's and later ones by the parent's name."""
    require_staff(ctx)
    text = " ".join(str(query or "").split())[:SHORT_TEXT_MAX]
    if len(text) < 2:
        return []
    with session_scope() as session:
        by_reference = session.exec(select(Booking).where(Booking.reference == text.upper())).all()
        if by_reference:
            return _rows(session, list(by_reference))
        found = session.exec(
            select(Booking)
            .where(
                contains_text(text, Booking.contact_name),
                Booking.date >= local_now().date(),
                Booking.status.in_(SHOWN),
            )
            .order_by(Booking.starts_at, Booking.id)
            .limit(FOUND_MAX)
        ).all()
        return _rows(session, list(found))


def _locked(session: Session, booking_id: int) -> Booking:
    booking = session.exec(select(Booking).where(Booking.id == booking_id).with_for_update()).first()
    if booking is None:
        raise NotFound(_("Booking not found."))
    return booking


def mark_arrived(ctx: RequestContext, booking_id: object) -> dict[str, Any]:
    """The party is here: recorded once, audited."""
    require_staff(ctx)
    number = parse_booking_id(booking_id)
    with session_scope() as session:
        booking = _locked(session, number)
        if BookingStatus(booking.status) not in EXPECTED:
            raise Conflict(
                _("Booking {reference} is not confirmed, so it cannot be checked in.").format(
                    reference=booking.reference
                )
            )
        if booking.checked_in_at is None:
            booking.checked_in_at = clock.now()
            changes = {"checked_in": {"from": False, "to": True}, "reference": booking.reference}
            if booking.no_show_at is not None:
                booking.no_show_at = None  # late, but here after all
                changes["no_show"] = {"from": True, "to": False}
            session.add(booking)
            session.flush()
            audit.record(session, ctx, AuditAction.UPDATE, ENTITY, booking.id, changes)
        return _rows(session, [booking])[0]


def undo_arrival(ctx: RequestContext, booking_id: object) -> dict[str, Any]:
    """Marked arrived by mistake: undone, audited."""
    require_staff(ctx)
    number = parse_booking_id(booking_id)
    with session_scope() as session:
        booking = _locked(session, number)
        if booking.checked_in_at is not None:
            booking.checked_in_at = None
            session.add(booking)
            session.flush()
            logged = {"checked_in": {"from": True, "to": False}, "reference": booking.reference}
            audit.record(session, ctx, AuditAction.UPDATE, ENTITY, booking.id, logged)
        return _rows(session, [booking])[0]


def check_in_code(ctx: RequestContext, code: object) -> dict[str, Any]:
    """A scanned confirmation QR code (the booking reference): that booking, marked arrived."""
    require_staff(ctx)
    reference = str(code or "").strip().upper()[:16]
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == reference)).first()
        if booking is None:
            raise NotFound(_("No booking has the reference in this code."))
        number = booking.id
    return mark_arrived(ctx, number)


def mark_no_shows(now: datetime) -> int:
    """Confirmed bookings whose end has passed without a check-in become no-shows, once."""
    local = now.astimezone(VENUE_TZ).replace(tzinfo=None)
    with session_scope() as session:
        due = session.exec(
            select(Booking)
            .where(
                Booking.status.in_(EXPECTED),
                Booking.ends_at <= local,
                Booking.checked_in_at.is_(None),
                Booking.no_show_at.is_(None),
            )
            .order_by(Booking.id)
            .with_for_update(skip_locked=True)
        ).all()
        for booking in due:
            booking.no_show_at = now
            session.add(booking)
            session.flush()
            audit.record(
                session,
                SYSTEM,
                AuditAction.UPDATE,
                ENTITY,
                booking.id,
                {"no_show": True, "reference": booking.reference},
            )
    if due:
        log.info("no_shows_marked", count=len(due))
    return len(due)
