"""The party link: invited families answer and sign; only the party's parent and staff see them."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.party import (  # noqa: F401 - fixtures
    WAIVER_EN,
    WAIVER_SR,
    admin_fixture,
    ctx_for,
    english_fixture,
    parent_fixture,
    party,
    venue_fixture,
)
from xplorium.db import session_scope
from xplorium.models import AuditLog, PartyGuest, PartyLink, WaiverSignature
from xplorium.models.enums import Role
from xplorium.services import party_guests, party_links, waivers
from xplorium.services.bookings import transitions
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed

GUEST = RequestContext(ip="203.0.113.9", user_agent="Mozilla/5.0 (iPhone)")


def answer(**changes) -> dict:
    return {
        "attending": True,
        "child_name": "Luka Petrović",
        "child_age": "6",
        "allergies": "Kikiriki (peanuts)",
        "guardian_name": "Marija Petrović",
        "guardian_contact": "+381641234567",
        "consent_name": "Marija Petrović",
        "waiver_version": 1,
        **changes,
    }


@pytest.fixture
def approved(venue, parent, admin, sink):
    waivers.publish(admin, WAIVER_SR, WAIVER_EN)
    booking = party(venue, parent)
    transitions.approve(admin, booking.id)
    link = party_guests.for_parent(ctx_for(parent), booking.reference)["link"]
    return booking, link.rsplit("/", 1)[1]


def test_the_approval_email_carries_the_party_link(approved, parent, sink):
    _booking, token = approved
    assert f"/party/{token}" in sink.wait_for(parent.email, "Confirmed").body


def test_an_invited_family_answers_and_signs_the_waiver(approved, parent, admin):
    booking, token = approved
    page = party_guests.invitation(token)
    assert page["child_name"] and page["waiver"]["number"] == 1
    assert party_guests.answer(GUEST, token, answer()) == {
        "attending": True,
        "child_name": "Luka Petrović",
        "waiver_reused": False,
    }
    party_guests.answer(GUEST, token, answer(attending=False, child_name="Ana", child_age="", allergies=""))
    with session_scope() as session:
        signature = session.exec(select(WaiverSignature)).one()
        assert (signature.ip, signature.user_agent, signature.consent_name) == (
            "203.0.113.9",
            "Mozilla/5.0 (iPhone)",
            "Marija Petrović",
        )
        assert len(session.exec(select(PartyGuest)).all()) == 2
    seen = party_guests.for_parent(ctx_for(parent), booking.reference)
    assert [g["child_name"] for g in seen["guests"]] == ["Luka Petrović", "Ana"]
    assert "guardian_contact" not in seen["guests"][0]
    assert seen["summary"]["coming"] == 1 and seen["summary"]["waivers_missing"] == 0
    staff = party_guests.for_staff(admin, booking.id)
    assert staff["kitchen"] == [
        {"child_name": "Luka Petrović", "child_age": "6", "allergies": "Kikiriki (peanuts)"}
    ]
    assert staff["summary"]["allergies"] == [{"need": "kikiriki (peanuts)", "count": 1}]
    assert staff["guests"][0]["guardian_contact"] == "+381641234567"


def test_a_wrong_typed_name_signs_nothing_and_records_nothing(approved):
    _booking, token = approved
    with pytest.raises(ValidationFailed) as raised:
        party_guests.answer(GUEST, token, answer(consent_name="someone"))
    assert "consent_name" in raised.value.fields
    with pytest.raises(ValidationFailed):
        party_guests.answer(GUEST, token, answer(attending="yes", child_name=""))
    with session_scope() as session:
        assert session.exec(select(PartyGuest)).all() == []
        assert session.exec(select(WaiverSignature)).all() == []


def test_a_revoked_or_guessed_token_gets_nothing(approved, parent):
    booking, token = approved
    for guess in ("", "x" * 32, token[:-1] + ("A" if token[-1] != "A" else "B"), "a" * 500, None, 12):
        with pytest.raises(NotFound):
            party_guests.invitation(guess)
        with pytest.raises(NotFound):
            party_guests.answer(GUEST, guess, answer())
    renewed = party_guests.renew_link(ctx_for(parent), booking.reference)["link"].rsplit("/", 1)[1]
    assert renewed != token
    with pytest.raises(NotFound):
        party_guests.invitation(token)
    assert party_guests.invitation(renewed)["waiver"]["number"] == 1
    party_guests.revoke_link(ctx_for(parent), booking.reference)
    with pytest.raises(NotFound):
        party_guests.answer(GUEST, renewed, answer())
    with session_scope() as session:
        assert all(link.revoked_at for link in session.exec(select(PartyLink)).all())
        assert session.exec(select(AuditLog).where(AuditLog.entity_id == str(booking.id))).all()


def test_a_cancelled_party_closes_its_link(approved, admin):
    booking, token = approved
    transitions.cancel(admin, booking.id)
    with pytest.raises(NotFound):
        party_guests.invitation(token)


def test_the_guest_list_shows_to_no_one_but_the_partys_parent_and_staff(approved):
    booking, token = approved
    party_guests.answer(GUEST, token, answer())
    other = make_user(Role.USER, email="other@example.com")
    with pytest.raises(NotFound):
        party_guests.for_parent(ctx_for(other), booking.reference)
    with pytest.raises(Unauthenticated):
        party_guests.for_parent(RequestContext(), booking.reference)
    with pytest.raises(Forbidden):
        party_guests.for_staff(ctx_for(other), booking.id)
    with pytest.raises(NotFound):
        party_guests.renew_link(ctx_for(other), booking.reference)
    # The invitation itself names no guest.
    assert "Luka" not in str(party_guests.invitation(token))


def test_the_guest_count_follows_the_answers_within_the_rooms(approved, parent):
    booking, token = approved
    for number in range(6):
        party_guests.answer(GUEST, token, answer(child_name=f"Dete {number}", consent_name="Marija Petrović"))
    result = party_guests.apply_guest_count(ctx_for(parent), booking.reference)
    assert result["guest_count"] == 6


def test_a_later_party_link_reuses_the_childs_signature(approved, venue, parent, admin):
    _booking, token = approved
    party_guests.answer(GUEST, token, answer())
    later = party(venue, parent, day=local_now().date() + timedelta(days=30))
    transitions.approve(admin, later.id)
    link = party_links_token(later.id)
    result = party_guests.answer(GUEST, link, answer(consent_name=""))
    assert result["waiver_reused"] is True


def party_links_token(booking_id: int) -> str:
    with session_scope() as session:
        return party_links.token_of(party_links.active(session, booking_id))
