"""A party's private link: one secret token per approved party, revocable, to share with guests.

The token is a keyed hash (SECRET_KEY) of the link's random nonce, so the parent's page can show
it again while the table alone reveals no link. Looking a token up goes by its own keyed hash;
a revoked link, a guessed token, or a party no longer going ahead finds nothing.
"""

import base64
import hashlib
import hmac
import secrets

from sqlmodel import Session, select

from xplorium.config import settings
from xplorium.constants import PARTY_TOKEN_BYTES
from xplorium.models import Booking, PartyLink
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services import clock
from xplorium.services.security import hash_token

PATH = "/party/"
# A link works while its party goes ahead.
OPEN_STATUSES = (BookingStatus.APPROVED,)
TOKEN_MAX = 64


def token_of(link: PartyLink) -> str:
    digest = hmac.new(settings.secret_key.encode(), f"party-link:{link.nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:PARTY_TOKEN_BYTES]).decode().rstrip("=")


def url_of(link: PartyLink) -> str:
    return settings.public_base_url.rstrip("/") + PATH + token_of(link)


def active(session: Session, booking_id: int) -> PartyLink | None:
    return session.exec(
        select(PartyLink).where(PartyLink.booking_id == booking_id, PartyLink.revoked_at.is_(None))
    ).first()


def create(session: Session, booking: Booking) -> PartyLink:
    """A new link for the party (the caller has revoked any earlier one)."""
    link = PartyLink(booking_id=booking.id, nonce=secrets.token_hex(16), token_hash="")
    link.token_hash = hash_token(token_of(link))
    session.add(link)
    session.flush()
    return link


def open_on_approval(session: Session, booking: Booking) -> PartyLink | None:
    """On approval of a party: its link (the existing one if it has one)."""
    if BookingType(booking.type) != BookingType.PARTY:
        return None
    return active(session, booking.id) or create(session, booking)


def revoke(session: Session, booking_id: int) -> bool:
    link = active(session, booking_id)
    if link is None:
        return False
    link.revoked_at = clock.now()
    session.add(link)
    session.flush()
    return True


def booking_for(session: Session, token: object, *, lock: bool = False) -> Booking | None:
    """The party a token opens: an active link of a party that goes ahead, or None."""
    text = str(token or "")
    if not text or len(text) > TOKEN_MAX:
        return None
    link = session.exec(
        select(PartyLink).where(PartyLink.token_hash == hash_token(text), PartyLink.revoked_at.is_(None))
    ).first()
    if link is None:
        return None
    query = select(Booking).where(Booking.id == link.booking_id, Booking.status.in_(OPEN_STATUSES))
    return session.exec(query.with_for_update() if lock else query).first()
