"""The party's guest list: invited families answer through the party link and sign the waiver.

Each family opens the link on a phone (`invitation`), answers yes or no for their child with the
child's name, age, allergies and a guardian's contact, and (if coming) signs the waiver
(`answer`). Only the party's own parent (`for_parent`) and the staff (`for_staff`) see the
answers; the parent may set the booking's guest count from them within its rooms' capacity
(`apply_guest_count`), and renew or revoke the link.
"""

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from xplorium import formatting
from xplorium.constants import CHILD_AGE_MAX, PARTY_RSVP_PER_LINK_MAX
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import Booking, PartyGuest
from xplorium.models.enums import AuditAction, HoldKind
from xplorium.models.party import ALLERGIES_MAX, CONTACT_MAX, NAME_MAX
from xplorium.services import audit, clock, party_links, waivers
from xplorium.services.authz import require_staff
from xplorium.services.bookings import places
from xplorium.services.bookings.display import time_label
from xplorium.services.bookings.listing import parse_booking_id
from xplorium.services.bookings.rules import guest_limits
from xplorium.services.bookings.transitions import expected_holds
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound, Unauthenticated
from xplorium.services.parsing import to_int
from xplorium.services.sanitize import clean_text

ENTITY = "party_guest"
NOT_FOUND = N_("This party link is not valid any more. Please ask the party's parent for a new one.")


def _invitation(session: Session, booking: Booking) -> dict[str, Any]:
    details = booking.party_details or {}
    return {
        "child_name": str(details.get("child_name") or ""),
        "date_label": formatting.day(booking.date),
        "time_label": time_label(booking),
        "waiver": waivers.current_text_in(session),
    }


def invitation(token: object) -> dict[str, Any]:
    """What an invited family sees: whose party, when, and the waiver to sign; NotFound otherwise."""
    with session_scope() as session:
        booking = party_links.booking_for(session, token)
        if booking is None:
            raise NotFound(_(NOT_FOUND))
        return _invitation(session, booking)


def _validate(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    attending = data.get("attending")
    if attending not in (True, False):
        errors.add("attending", _("Say whether your child is coming."))
    values = {
        "attending": attending is True,
        "child_name": clean_text(data.get("child_name"), max_length=NAME_MAX),
        "allergies": clean_text(data.get("allergies"), max_length=ALLERGIES_MAX, multiline=True),
        "guardian_name": clean_text(data.get("guardian_name"), max_length=NAME_MAX),
        "guardian_contact": clean_text(data.get("guardian_contact"), max_length=CONTACT_MAX),
    }
    if not values["child_name"]:
        errors.add("child_name", _("Enter your child's name."))
    if not values["guardian_name"]:
        errors.add("guardian_name", _("Enter your name."))
    if len(values["guardian_contact"]) < 6:
        errors.add("guardian_contact", _("Enter a phone number or email where the venue can reach you."))
    age = to_int(data.get("child_age"))
    if values["attending"] and (age is None or not 0 <= age <= CHILD_AGE_MAX):
        errors.add("child_age", _("Enter your child's age (0 to {most}).").format(most=CHILD_AGE_MAX))
    values["child_age"] = age if age is not None and 0 <= age <= CHILD_AGE_MAX else None
    errors.raise_if_any()
    return values


def answer(ctx: RequestContext, token: object, data: Mapping[str, Any]) -> dict[str, Any]:
    """An invited family's answer (and, if coming, the waiver signature), in one transaction."""
    values = _validate(data)
    with session_scope() as session:
        booking = party_links.booking_for(session, token, lock=True)
        if booking is None:
            raise NotFound(_(NOT_FOUND))
        answered = session.exec(select(func.count()).where(PartyGuest.booking_id == booking.id)).one()
        if answered >= PARTY_RSVP_PER_LINK_MAX:
            raise Conflict(_("This party has all its answers; please call the party's parent."))
        signature = None
        reused = False
        if values["attending"]:
            key = waivers.child_key(values["child_name"], values["guardian_contact"])
            reused = waivers.valid_signature(session, key) is not None
            signature = waivers.sign(
                session,
                ctx,
                child_name=values["child_name"],
                guardian_name=values["guardian_name"],
                guardian_contact=values["guardian_contact"],
                consent_name=data.get("consent_name"),
                version_number=data.get("waiver_version"),
            )
        guest = PartyGuest(booking_id=booking.id, signature_id=signature.id if signature else None, **values)
        session.add(guest)
        session.flush()
        audit.record(
            session,
            ctx,
            AuditAction.CREATE,
            ENTITY,
            guest.id,
            {"booking": booking.reference, "attending": guest.attending},
        )
        return {"attending": guest.attending, "child_name": guest.child_name, "waiver_reused": reused}


def _rows(session: Session, booking: Booking, *, contacts: bool) -> list[dict[str, Any]]:
    guests = session.exec(
        select(PartyGuest)
        .where(PartyGuest.booking_id == booking.id)
        .order_by(PartyGuest.created_at, PartyGuest.id)
    ).all()
    rows = []
    for guest in guests:
        signed = waivers.valid_signature(session, waivers.child_key(guest.child_name, guest.guardian_contact))
        row = {
            "id": str(guest.id),
            "attending": guest.attending,
            "answer": _("Coming") if guest.attending else _("Not coming"),
            "child_name": guest.child_name,
            "child_age": "" if guest.child_age is None else str(guest.child_age),
            "allergies": guest.allergies,
            "guardian_name": guest.guardian_name,
            "waiver": _("Signed") if signed else (_("Missing") if guest.attending else ""),
            "waiver_ok": signed is not None,
        }
        if contacts:
            row["guardian_contact"] = guest.guardian_contact
        rows.append(row)
    return rows


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    coming = [r for r in rows if r["attending"]]
    needs = Counter(r["allergies"].strip().lower() for r in coming if r["allergies"].strip())
    return {
        "answered": len(rows),
        "coming": len(coming),
        "not_coming": len(rows) - len(coming),
        "waivers_missing": sum(1 for r in coming if not r["waiver_ok"]),
        "allergies": [{"need": need, "count": count} for need, count in sorted(needs.items())],
    }


def _own_party(session: Session, ctx: RequestContext, reference: object, *, lock: bool = False) -> Booking:
    if ctx.actor_id is None:
        raise Unauthenticated()
    text = clean_text(reference, max_length=16).upper()
    query = select(Booking).where(Booking.reference == text)
    booking = session.exec(query.with_for_update() if lock else query).first()
    # Someone else's party is "not found": its guests are not theirs to learn.
    if booking is None or booking.user_id != ctx.actor_id:
        raise NotFound(_("Booking not found."))
    return booking


def for_parent(ctx: RequestContext, reference: object) -> dict[str, Any]:
    """The party's own parent: the link to share, who answered, and the totals."""
    with session_scope() as session:
        booking = _own_party(session, ctx, reference)
        link = party_links.active(session, booking.id)
        rows = _rows(session, booking, contacts=False)
        return {
            "reference": booking.reference,
            "link": party_links.url_of(link) if link else "",
            "guests": rows,
            "summary": _summary(rows),
            "guest_count": booking.guest_count,
        }


def for_staff(ctx: RequestContext, booking_id: object) -> dict[str, Any]:
    """The staff: every answer with contacts, the allergy summary, and the kitchen list."""
    require_staff(ctx)
    with session_scope() as session:
        booking = session.get(Booking, parse_booking_id(booking_id))
        if booking is None:
            raise NotFound(_("Booking not found."))
        rows = _rows(session, booking, contacts=True)
        return {
            "reference": booking.reference,
            "date_label": formatting.day(booking.date),
            "time_label": time_label(booking),
            "child_name": str((booking.party_details or {}).get("child_name") or ""),
            "guests": rows,
            "summary": _summary(rows),
            "kitchen": kitchen_list(rows),
        }


def kitchen_list(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """For the cafe: each coming child with a dietary need, by name (no contact details)."""
    return [
        {"child_name": r["child_name"], "child_age": r["child_age"], "allergies": r["allergies"]}
        for r in rows
        if r["attending"] and r["allergies"].strip()
    ]


def renew_link(ctx: RequestContext, reference: object) -> dict[str, Any]:
    """The parent replaces the party link: the old one stops working at once."""
    with session_scope() as session:
        booking = _own_party(session, ctx, reference, lock=True)
        if (
            party_links.active(session, booking.id) is None
            and booking.status not in party_links.OPEN_STATUSES
        ):
            raise Conflict(_("This party is not going ahead, so it has no link."))
        party_links.revoke(session, booking.id)
        party_links.create(session, booking)
        audit.record(session, ctx, AuditAction.UPDATE, "booking", booking.id, {"party_link": "renewed"})
    return for_parent(ctx, reference)


def revoke_link(ctx: RequestContext, reference: object) -> dict[str, Any]:
    """The parent turns the party link off (a new one can be made later)."""
    with session_scope() as session:
        booking = _own_party(session, ctx, reference, lock=True)
        if party_links.revoke(session, booking.id):
            audit.record(session, ctx, AuditAction.UPDATE, "booking", booking.id, {"party_link": "revoked"})
    return for_parent(ctx, reference)


def apply_guest_count(ctx: RequestContext, reference: object) -> dict[str, Any]:
    """The parent sets the booking's guest count to the children coming, if the rooms hold them.

    The booking's holds are written again with the new count; the rooms' ledger refuses a count
    over their capacity, and then nothing changes.
    """
    with session_scope() as session:
        booking = _own_party(session, ctx, reference, lock=True)
        if booking.status not in party_links.OPEN_STATUSES:
            raise Conflict(_("Only a confirmed party's guest count can change."))
        coming = session.exec(
            select(func.count()).where(PartyGuest.booking_id == booking.id, PartyGuest.attending.is_(True))
        ).one()
        least, most = guest_limits(booking.type)
        if not least <= coming <= most:
            raise Conflict(
                _("A party has {least} to {most} guests; {count} are coming.").format(
                    least=least, most=most, count=coming
                )
            )
        before = booking.guest_count
        if coming != before:
            booking.guest_count = coming
            booking.updated_at = clock.now()
            session.add(booking)
            try:
                with session.begin_nested():
                    places.release(session, HoldKind.BOOKING, booking.id)
                    places.add(session, expected_holds(session, booking), HoldKind.BOOKING, booking.id)
            except IntegrityError as error:
                if not places.is_full(error):
                    raise
                raise Conflict(
                    _("The party's rooms do not have room for {count} guests.").format(count=coming)
                ) from error
            logged = {"guest_count": {"from": before, "to": coming}}
            audit.record(session, ctx, AuditAction.UPDATE, "booking", booking.id, logged)
    return for_parent(ctx, reference)
