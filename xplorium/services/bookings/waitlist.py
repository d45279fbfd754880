"""Waiting for a full session, and offering freed places in order.

A parent whose session of places is full joins its waiting list with their group and contact.
When places free up in that room (a cancel, a reject, an expired offer), the waiting entries
whose time overlaps are walked in the order they joined: each whose group now fits is offered
the places by email and they are held for it (an OFFER hold) for WAITLIST_OFFER_TTL. The
email's link claims the offer once: it books those places, replacing the offer's hold in the
same transaction. An offer not claimed in time expires, giving the places to the next in line.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from urllib.parse import quote as url_quote

import structlog
from sqlmodel import Session, select

from xplorium import formatting
from xplorium.config import settings
from xplorium.constants import (
    BOOKING_LIMIT_WINDOW,
    DURATION_CHOICES_MINUTES,
    TOKEN_BYTES,
    VENUE_NAME,
    WAITLIST_OFFER_TTL,
)
from xplorium.db import session_scope
from xplorium.i18n import N_, _, current_locale, use_locale
from xplorium.models import PricingPackage, WaitlistEntry
from xplorium.models.enums import AuditAction, HoldKind, WaitlistStatus
from xplorium.services import audit, catalog, clock, mail, rooms
from xplorium.services.bookings import places
from xplorium.services.bookings.rules import CATEGORY_TYPE
from xplorium.services.bookings.validation import validate
from xplorium.services.bookings.writing import book
from xplorium.services.clock import local_now
from xplorium.services.context import SYSTEM, RequestContext
from xplorium.services.errors import Conflict, NotFound
from xplorium.services.ratelimit import get_limiter
from xplorium.services.security import generate_token, hash_token

log = structlog.get_logger(__name__)

CLAIM_PATH = "/book/claim"
INVALID_LINK = N_("This waiting-list link is not valid.")
ENTITY = "waitlist_entry"
TOKEN_MAX = TOKEN_BYTES * 2


def claim_url(token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}{CLAIM_PATH}?token={url_quote(token)}"


def _span(entry: WaitlistEntry) -> tuple[datetime, datetime]:
    return entry.starts_at, entry.starts_at + timedelta(minutes=entry.duration_minutes)


def join(ctx: RequestContext, data: Mapping) -> dict:
    """Put a parent on the waiting list of a full session (their request as the booking form sent it)."""
    rules = catalog.booking_rules()
    request = validate(data, rules)
    offer = request.offer
    if offer.whole:
        raise Conflict(_("Only sessions with places have a waiting list; please choose another time."))
    limiter = get_limiter()
    limiter.hit("booking:email", request.email, rules["booking_rate_limit"], BOOKING_LIMIT_WINDOW)
    limiter.hit("booking:ip", ctx.ip_or_unknown, rules["booking_rate_limit"], BOOKING_LIMIT_WINDOW)
    with session_scope() as session:
        usage = places.usage(session, [offer.room["id"]], request.starts_at, request.ends_at)
        if offer.fits(usage, request.starts_at):
            raise Conflict(
                _("That session has places again: you can book it now."), details={"bookable": True}
            )
        entry = WaitlistEntry(
            room_id=offer.room["id"],
            package_id=offer.package["id"],
            starts_at=request.starts_at,
            duration_minutes=request.duration_minutes,
            guest_count=request.guest_count,
            contact_name=request.contact_name,
            email=request.email,
            phone=request.phone,
            language=current_locale(),
        )
        session.add(entry)
        session.flush()
        position = len(
            session.exec(
                select(WaitlistEntry.id).where(
                    WaitlistEntry.room_id == entry.room_id,
                    WaitlistEntry.starts_at == entry.starts_at,
                    WaitlistEntry.status == WaitlistStatus.WAITING,
                    WaitlistEntry.id <= entry.id,
                )
            ).all()
        )
        audit.record(session, ctx, AuditAction.CREATE, ENTITY, entry.id, {"guests": entry.guest_count})
        when = _when(entry.starts_at)
        _email(
            session,
            entry,
            _("You are on the {venue} waiting list"),
            _(
                "Dear {contact_name},\n\nyou are number {position} on the waiting list for {name} ({name2}), {when}, for {guest_count}. If places free up we will email you a link that keeps them for you for a while."
            ),
            position=position,
            name=offer.package["name"],
            name2=offer.room["name"],
            when=when,
        )
        return {"position": position, "when": when}


def _when(starts_at: datetime) -> str:
    """A waiting list's session as its emails and the claim page say it: day and time."""
    return f"{formatting.day(starts_at.date())} {formatting.time_of_day(starts_at.time())}"


def _email(session: Session, entry: WaitlistEntry, subject: str, body: str, **values: object) -> None:
    """Queue an email to the parent of `entry`: the subject names the venue, the body the
    parent and their group (and `values`)."""
    mail.queue(
        session,
        entry.email,
        subject.format(venue=VENUE_NAME),
        body.format(contact_name=entry.contact_name, guest_count=entry.guest_count, **values),
    )


def offer_freed(session: Session, freed: Sequence[places.Hold]) -> list[int]:
    """Offer places freed by `freed` to the waiting lists they touch, in order; returns entry ids."""
    offered: list[int] = []
    for hold in freed:
        entries = session.exec(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.room_id == hold.room_id,
                WaitlistEntry.status == WaitlistStatus.WAITING,
                WaitlistEntry.starts_at < hold.ends_at,
                WaitlistEntry.starts_at > hold.starts_at - timedelta(minutes=max(DURATION_CHOICES_MINUTES)),
            )
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
            .with_for_update()
        ).all()
        room = rooms.room_by_id(hold.room_id)
        now = local_now()
        for entry in entries:
            starts_at, ends_at = _span(entry)
            if (
                ends_at > hold.starts_at
                and starts_at > now
                and _offer(session, entry, room, starts_at, ends_at)
            ):
                offered.append(entry.id)
    return offered


def _offer(
    session: Session, entry: WaitlistEntry, room: dict, starts_at: datetime, ends_at: datetime
) -> bool:
    """Hold the places for `entry` and email the claim link, if its group fits now."""
    usage = places.usage(session, [room["id"]], starts_at, ends_at)
    hold = places.Hold(
        room_id=room["id"], starts_at=starts_at, ends_at=ends_at, places=entry.guest_count, whole=False
    )
    if not usage.fits(hold, room):
        return False
    if not places.add_if_free(session, [hold], HoldKind.OFFER, entry.id):
        return False
    token = generate_token()
    entry.status = WaitlistStatus.OFFERED
    entry.claim_token_hash = hash_token(token)
    entry.offer_expires_at = clock.now() + WAITLIST_OFFER_TTL
    session.add(entry)
    session.flush()
    with use_locale(entry.language):
        hours = int(WAITLIST_OFFER_TTL.total_seconds() // 3600)
        _email(
            session,
            entry,
            _("Places are free for you at {venue}"),
            _(
                "Dear {contact_name},\n\n{guest_count} places are free in the {name} on {when}. We keep them for you for {hours} hours. To book them, open:\n\n{claim_url}\n\nIf you no longer need them, simply ignore this email."
            ),
            name=room["name"],
            when=_when(starts_at),
            hours=hours,
            claim_url=claim_url(token),
        )
    log.info("waitlist_offered", entry_id=entry.id)
    return True


def _find(session: Session, token: object) -> WaitlistEntry | None:
    text = token.strip() if isinstance(token, str) else ""
    if not text or len(text) > TOKEN_MAX:
        return None
    return session.exec(
        select(WaitlistEntry).where(WaitlistEntry.claim_token_hash == hash_token(text)).with_for_update()
    ).first()


def _live_offer(session: Session, token: object) -> WaitlistEntry:
    entry = _find(session, token)
    if entry is None:
        raise NotFound(_(INVALID_LINK))
    if entry.status == WaitlistStatus.CLAIMED:
        raise Conflict(_("This offer has already been used: your booking is made."))
    if (
        entry.status != WaitlistStatus.OFFERED
        or entry.offer_expires_at is None
        or entry.offer_expires_at <= clock.now()
    ):
        raise Conflict(_("This offer has expired. The places went to the next family on the list."))
    return entry


def offer_for_token(token: object) -> dict:
    """What the claim page shows: the session and the group, nothing personal."""
    with session_scope() as session:
        entry = _live_offer(session, token)
        package = session.get(PricingPackage, entry.package_id) if entry.package_id else None
        return {
            "what": package.name if package else "",
            "room": (rooms.room_by_id(entry.room_id) or {}).get("name", ""),
            "when": _when(entry.starts_at),
            "guest_count": entry.guest_count,
            "expires": entry.offer_expires_at.isoformat(),
        }


def _take(entry_id: int):
    """The claim's step inside the booking's transaction: the offer is live, used once, released."""

    def take(session: Session) -> None:
        entry = session.exec(
            select(WaitlistEntry).where(WaitlistEntry.id == entry_id).with_for_update()
        ).one()
        if entry.status != WaitlistStatus.OFFERED or entry.offer_expires_at <= clock.now():
            raise Conflict(_("This offer has already been used or has expired."))
        places.release(session, HoldKind.OFFER, entry.id)
        entry.status = WaitlistStatus.CLAIMED
        session.add(entry)

    return take


def claim(ctx: RequestContext, token: object) -> dict:
    """Book the offered places for the entry's parent; works once, before the offer expires."""
    with session_scope() as session:
        entry = _live_offer(session, token)
        package = session.get(PricingPackage, entry.package_id) if entry.package_id else None
        if package is None:
            raise Conflict(_("This offer can no longer be booked online; please call us."))
        data = {
            "type": CATEGORY_TYPE[package.category].value,
            "package_id": package.id,
            "date": entry.starts_at.date().isoformat(),
            "time": formatting.time_of_day(entry.starts_at.time()),
            "duration_minutes": entry.duration_minutes,
            "guest_count": entry.guest_count,
            "contact_name": entry.contact_name,
            "email": entry.email,
            "phone": entry.phone,
        }
        entry_id = entry.id
    return book(ctx, validate(data), before_write=_take(entry_id))


def expire_offers(ctx: RequestContext = SYSTEM) -> int:
    """Expire offers not claimed in time; their places go to the next in line. Returns how many."""
    with session_scope() as session:
        due = session.exec(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.status == WaitlistStatus.OFFERED, WaitlistEntry.offer_expires_at <= clock.now()
            )
            .with_for_update(skip_locked=True)
        ).all()
        for entry in due:
            entry.status = _(WaitlistStatus.EXPIRED)
            session.add(entry)
            session.flush()
            offer_freed(session, places.release(session, HoldKind.OFFER, entry.id))
        return len(due)
