"""A waiver signed once is reused within a year and asked again after a new version."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.party import WAIVER_EN, WAIVER_SR, ctx_for
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import WaiverSignature
from xplorium.models.enums import Role
from xplorium.services import waivers
from xplorium.services.clock import FakeClock, use_clock
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, Forbidden, ValidationFailed

GUARDIAN = RequestContext(ip="203.0.113.5", user_agent="pytest-phone")
KEY = waivers.child_key("Luka  Petrović", "+381641234567")


def sign(version: int = 1, consent: str = "Marija Petrović"):
    with session_scope() as session:
        return waivers.sign(
            session,
            GUARDIAN,
            child_name="Luka Petrović",
            guardian_name="Marija Petrović",
            guardian_contact="+381641234567",
            consent_name=consent,
            version_number=version,
        ).id


@pytest.fixture
def staff(clean):
    return ctx_for(make_user(Role.ADMIN, email="waivers@xplorium.rs"))


def valid() -> bool:
    with session_scope() as session:
        return waivers.valid_signature(session, KEY) is not None


def test_signed_once_reused_within_a_year_and_asked_again_after(staff):
    waivers.publish(staff, WAIVER_SR, WAIVER_EN)
    clock = FakeClock()
    with use_clock(clock):
        first = sign()
        assert valid()
        clock.advance(days=364)
        assert sign(consent="") == first  # reused: nothing to type again
        clock.advance(days=2)
        assert not valid()
        assert sign() != first


def test_a_new_version_asks_again(staff):
    waivers.publish(staff, WAIVER_SR, WAIVER_EN)
    sign()
    waivers.publish(staff, WAIVER_SR + " Verzija 2.", WAIVER_EN + " Version 2.")
    assert not valid()
    with pytest.raises(ValidationFailed) as raised:
        sign(version=1)  # read the old text: must read the new one
    assert "waiver" in raised.value.fields
    sign(version=2)
    assert valid()


def test_the_text_is_in_the_readers_language_and_signatures_are_never_edited(staff):
    waivers.publish(staff, WAIVER_SR, WAIVER_EN)
    with session_scope() as session, use_locale("en"):
        assert waivers.current_text_in(session)["text"] == WAIVER_EN
    with session_scope() as session, use_locale("sr_Latn"):
        assert waivers.current_text_in(session)["text"] == WAIVER_SR
    sign()
    with pytest.raises(Conflict), session_scope() as session:
        signature = session.exec(select(WaiverSignature)).one()
        signature.guardian_name = "Someone else"
        session.add(signature)
        session.flush()
    with session_scope() as session:
        assert session.exec(select(WaiverSignature)).one().guardian_name == "Marija Petrović"


def test_only_staff_publish_and_the_text_must_be_whole(staff):
    with pytest.raises(Forbidden):
        waivers.publish(ctx_for(make_user(Role.USER, email="p@example.com")), WAIVER_SR, WAIVER_EN)
    with pytest.raises(ValidationFailed) as raised:
        waivers.publish(staff, "kratko", "")
    assert set(raised.value.fields) == {"body_sr", "body_en"}
    assert (timedelta(days=365)) == waivers.WAIVER_VALID_FOR
