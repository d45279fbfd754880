"""A full session's waiting list: freed places go in order to the first group that fits, by a
link that holds them for a while and works once."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlmodel import select

from tests.services.bookings.conftest import book, ctx, request
from tests.support.checks import ledger_problems
from tests.support.smtp import first_link
from xplorium.db import session_scope
from xplorium.models import Booking, WaitlistEntry
from xplorium.models.base import utcnow
from xplorium.models.enums import BookingStatus, WaitlistStatus
from xplorium.services.bookings import transitions, waitlist
from xplorium.services.errors import Conflict, NotFound


def join(catalog, guests: int, number: int) -> dict:
    data = request(catalog, "Sensory session", "10:00", guests, email=f"waiting{number}@example.com")
    return waitlist.join(ctx(number), data)


def token_from(smtp_sink, email: str) -> str:
    message = smtp_sink.wait_for(email, "Places are free")
    return parse_qs(urlparse(first_link(message)).query)["token"][0]


@pytest.fixture
def full_session(catalog):
    """The sensory room's 6 places at 10:00, taken by a group of 4 and a group of 2."""
    four = book(catalog, "Sensory session", "10:00", 4)
    two = book(catalog, "Sensory session", "10:00", 2, number=1)
    with session_scope() as session:
        ids = dict(session.exec(select(Booking.reference, Booking.id)).all())
    return ids[four["reference"]], ids[two["reference"]]


def test_a_session_with_places_cannot_be_waited_for(catalog):
    with pytest.raises(Conflict) as refused:
        join(catalog, 2, 1)
    assert refused.value.details == {"bookable": True}


def test_a_freed_place_goes_to_the_first_in_line_whose_group_fits(
    full_session, catalog, admin_ctx, smtp_sink
):
    _four, two = full_session
    assert join(catalog, 3, 1)["position"] == 1
    assert join(catalog, 2, 2)["position"] == 2
    smtp_sink.clear()
    transitions.cancel(admin_ctx, two, "The family is ill")
    # Two places are free: the first in line needs three, so the second gets the offer.
    token = token_from(smtp_sink, "waiting2@example.com")
    assert smtp_sink.messages("waiting1@example.com") == []
    with session_scope() as session:
        statuses = dict(session.exec(select(WaitlistEntry.email, WaitlistEntry.status)).all())
        assert ledger_problems(session) == []
    assert statuses == {
        "waiting1@example.com": WaitlistStatus.WAITING,
        "waiting2@example.com": WaitlistStatus.OFFERED,
    }
    # The offer holds the places: nobody else can take them meanwhile.
    with pytest.raises(Conflict):
        book(catalog, "Sensory session", "10:00", 1, number=7)

    offer = waitlist.offer_for_token(token)
    assert offer["guest_count"] == 2 and "waiting2" not in str(offer)
    booked = waitlist.claim(ctx(2), token)
    assert booked["guest_count"] == 2 and booked["status"] == BookingStatus.PENDING.value
    with pytest.raises(Conflict) as again:
        waitlist.claim(ctx(2), token)  # the link works once
    assert "already been used" in again.value.message
    with session_scope() as session:
        assert ledger_problems(session) == []


def test_an_offer_not_claimed_in_time_expires_and_goes_to_the_next(
    full_session, catalog, admin_ctx, smtp_sink
):
    four, _two = full_session
    join(catalog, 3, 1)
    join(catalog, 1, 2)
    smtp_sink.clear()
    transitions.cancel(admin_ctx, four)
    first_token = token_from(smtp_sink, "waiting1@example.com")
    # Four places free: the first (3) is offered, and the second (1) fits in what is left.
    token_from(smtp_sink, "waiting2@example.com")
    with session_scope() as session:
        entry = session.exec(select(WaitlistEntry).where(WaitlistEntry.email == "waiting1@example.com")).one()
        entry.offer_expires_at = utcnow() - timedelta(minutes=1)
        session.add(entry)
    assert waitlist.expire_offers() == 1
    with pytest.raises(Conflict) as refused:
        waitlist.claim(ctx(1), first_token)
    assert "expired" in refused.value.message
    # Its three places are free again.
    book(catalog, "Sensory session", "10:00", 3, number=8)
    with session_scope() as session:
        assert ledger_problems(session) == []


def test_a_made_up_or_overlong_link_is_not_valid(catalog):
    for token in ("not-a-token", "x" * 500, None, 42):
        with pytest.raises(NotFound):
            waitlist.offer_for_token(token)
