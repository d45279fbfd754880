"""Event registration: capacity, the waiting list in order, and cancellation by secret link only."""

import re

import pytest
from sqlmodel import select

from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import AuditLog, EventRegistration, Notification
from xplorium.models.enums import NotificationKind
from xplorium.services import catalog as catalog_service
from xplorium.services import registrations
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, NotFound, ValidationFailed

SLUG = "lego-workshop"  # capacity 12
LINK = re.compile(r"/events/cancel\?token=([A-Za-z0-9_\-%]+)")


def ctx(n: int = 1) -> RequestContext:
    return RequestContext(ip=f"203.0.113.{n}")


def register(name: str, guests: int, n: int = 1, slug: str = SLUG) -> dict:
    return registrations.register(
        ctx(n), slug, {"name": name, "email": f"{name.lower()}@example.com", "guest_count": guests}
    )


@pytest.fixture
def mailbox(smtp_sink):
    smtp_sink.clear()
    return smtp_sink


def token_from(sink, name: str, subject: str) -> str:
    message = sink.wait_for(f"{name.lower()}@example.com", subject)
    return LINK.search(message.body).group(1)


def statuses() -> dict[str, str]:
    with session_scope() as session:
        rows = session.exec(select(EventRegistration.name, EventRegistration.status)).all()
    return {name: status.value for name, status in rows}


def test_registrations_fill_the_event_then_join_the_waiting_list(catalog, mailbox):
    assert register("Ana", 5)["status"] == "CONFIRMED"
    assert register("Boris", 4, 2)["status"] == "CONFIRMED"
    # 9 of 12 taken: 4 more do not fit, so Cvijeta waits; then nobody overtakes her.
    assert register("Cvijeta", 4, 3)["status"] == "WAITLISTED"
    assert register("Dara", 1, 4)["status"] == "WAITLISTED"
    assert register("Eva", 3, 5)["status"] == "WAITLISTED"
    assert catalog_service.event_by_slug(SLUG)["places_left"] == 3
    mailbox.wait_for("cvijeta@example.com", "Waiting list")
    assert "/events/cancel?token=" in mailbox.wait_for("ana@example.com", "You are registered").body


def test_one_live_registration_per_email_per_event(catalog, mailbox):
    register("Ana", 2)
    with pytest.raises(Conflict) as error:
        registrations.register(
            ctx(9), SLUG, {"name": "Ana again", "email": "ANA@example.com", "guest_count": 1}
        )
    assert error.value.message == registrations.ALREADY_REGISTERED
    # Another event is fine.
    assert register("Ana", 2, slug="halloween-disco")["status"] == "CONFIRMED"


def test_invalid_registration_and_unknown_or_draft_events(catalog):
    with pytest.raises(ValidationFailed) as error:
        registrations.register(ctx(), SLUG, {"name": "", "email": "nope", "guest_count": 0})
    assert set(error.value.fields) == {"name", "email", "guest_count"}
    with pytest.raises(ValidationFailed) as error:
        registrations.register(
            ctx(), "puppet-theatre-sunday", {"name": "Ana", "email": "a@example.com", "guest_count": 11}
        )
    assert "guest_count" in error.value.fields
    for slug in ("secret-draft-event", "no-such-event", "../etc"):
        with pytest.raises(NotFound):
            register("Ana", 1, slug=slug)
    with session_scope() as session:
        assert session.exec(select(EventRegistration)).all() == []


def test_event_full_notifies_staff_once(catalog):
    register("Ana", 6)
    register("Boris", 6, 2)  # exactly full
    register("Cvijeta", 1, 3)  # waiting list
    with session_scope() as session:
        kinds = session.exec(select(Notification.kind)).all()
    assert kinds.count(NotificationKind.EVENT_FULL) == len(catalog.admin_ids)
    assert catalog_service.event_by_slug(SLUG)["is_full"] is True


def test_cancelling_a_confirmed_place_promotes_the_waiting_list_in_order(catalog, mailbox):
    register("Ana", 6)
    register("Boris", 6, 2)
    register("Cvijeta", 4, 3)
    register("Dara", 2, 4)
    register("Eva", 3, 5)
    # Ana's 6 places free up: Cvijeta (4) then Dara (2) fit; Eva (3) waits, in order.
    result = registrations.cancel_registration(ctx(), token_from(mailbox, "Ana", "You are registered"))
    assert result["promoted"] == 2
    assert statuses() == {
        "Ana": "CANCELLED",
        "Boris": "CONFIRMED",
        "Cvijeta": "CONFIRMED",
        "Dara": "CONFIRMED",
        "Eva": "WAITLISTED",
    }
    mailbox.wait_for("cvijeta@example.com", "A place is yours")
    mailbox.wait_for("dara@example.com", "A place is yours")
    assert not [m for m in mailbox.to("eva@example.com") if "A place is yours" in m.subject]
    mailbox.wait_for("ana@example.com", "Registration cancelled")
    assert catalog_service.event_by_slug(SLUG)["places_left"] == 0


def test_promotion_never_lets_a_smaller_group_overtake_the_first_in_line(catalog, mailbox):
    register("Ana", 2)
    register("Boris", 10, 2)
    register("Cvijeta", 4, 3)  # waits for 4
    register("Dara", 1, 4)  # would fit in 2, but waits behind Cvijeta
    registrations.cancel_registration(ctx(), token_from(mailbox, "Ana", "You are registered"))
    assert statuses()["Cvijeta"] == "WAITLISTED"
    assert statuses()["Dara"] == "WAITLISTED"
    registrations.cancel_registration(ctx(), token_from(mailbox, "Boris", "You are registered"))
    assert statuses()["Cvijeta"] == "CONFIRMED"
    assert statuses()["Dara"] == "CONFIRMED"


def test_cancellation_link_works_once_and_only_for_its_registration(catalog, mailbox):
    register("Ana", 2)
    register("Boris", 3, 2)
    ana_token = token_from(mailbox, "Ana", "You are registered")
    preview = registrations.registration_for_token(ana_token)
    assert preview["event_title"] == "LEGO building workshop"
    assert preview["guest_count"] == 2
    assert "ana" not in str(preview).lower()  # the page shows the event, not the person

    result = registrations.cancel_registration(ctx(), ana_token)
    assert result["status"] == "CANCELLED"
    assert statuses() == {"Ana": "CANCELLED", "Boris": "CONFIRMED"}
    with pytest.raises(Conflict):
        registrations.cancel_registration(ctx(), ana_token)
    for forged in ("", "x" * 200, ana_token[:-1] + ("A" if ana_token[-1] != "A" else "B"), "' OR 1=1 --"):
        with pytest.raises(NotFound):
            registrations.cancel_registration(ctx(), forged)
    assert statuses() == {"Ana": "CANCELLED", "Boris": "CONFIRMED"}
    with session_scope() as session:
        hashes = session.exec(select(EventRegistration.cancel_token_hash)).all()
        actions = session.exec(select(AuditLog.action)).all()
    assert ana_token not in hashes  # only the hash is stored
    assert actions.count("CANCEL") == 1
    # Ana may register again after cancelling.
    assert register("Ana", 1)["status"] == "CONFIRMED"


def test_cancelling_a_waiting_registration_promotes_nobody(catalog, mailbox):
    register("Ana", 10)
    register("Zoran", 2, 6)
    register("Boris", 2, 2)
    register("Cvijeta", 1, 3)
    result = registrations.cancel_registration(ctx(), token_from(mailbox, "Boris", "Waiting list"))
    assert result["promoted"] == 0
    assert statuses() == {
        "Ana": "CONFIRMED",
        "Zoran": "CONFIRMED",
        "Boris": "CANCELLED",
        "Cvijeta": "WAITLISTED",
    }


def test_the_email_names_the_event_in_the_registrants_language(catalog, mailbox):
    from xplorium.i18n import use_locale
    from xplorium.models import Event

    with session_scope() as session:
        event = session.exec(select(Event).where(Event.slug == SLUG)).one()
        event.title, event.title_en = "Radionica LEGO kockica", "LEGO building workshop"
        session.add(event)
    catalog_service.invalidate_events(SLUG)

    register("Ana", 1)
    english = mailbox.wait_for("ana@example.com", "You are registered: LEGO building workshop")
    assert "your place is confirmed for 1 person." in english.body
    with use_locale("sr_Latn"):
        register("Boris", 3, 2)
    serbian = mailbox.wait_for("boris@example.com", "Radionica LEGO kockica")
    assert "LEGO building workshop" not in serbian.subject + serbian.body
    assert "Vaša mesta su potvrđena" in serbian.body
