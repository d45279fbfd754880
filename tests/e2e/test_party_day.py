"""Party day in the browser: the party link on a phone, the parent's booking page with the
deposit, and the front desk's check-in page on a tablet. Screenshots go to test-artifacts/."""

import base64
import html

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.accounts import make_user, open_session
from tests.support.booking_form import tap, type_into, use_phone, wait
from tests.support.browser import SHOTS, screenshot, sideways_overflow, sign_in_with_cookie
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from tests.support.job_queue import sink_fixture  # noqa: F401 - fixture
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
from xplorium.models import AuditLog, Booking, PartyGuest, WaiverSignature
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services import deposits, party_guests, waivers
from xplorium.services.bookings import transitions
from xplorium.services.clock import local_now

pytestmark = pytest.mark.browser

PHONE = (390, 844)
TABLET = (1024, 768)


def body_has(browser, text: str) -> None:
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


@pytest.fixture
def approved_party(venue, parent, admin, sink):
    waivers.publish(admin, WAIVER_SR, WAIVER_EN)
    booking = party(venue, parent)
    transitions.approve(admin, booking.id)
    link = party_guests.for_parent(ctx_for(parent), booking.reference)["link"]
    return booking, "/party/" + link.rsplit("/", 1)[1]


def test_an_invited_family_answers_and_signs_on_a_phone(approved_party, app_server, browser):
    _booking, path = approved_party
    use_phone(browser)
    browser.get(app_server.url + path)
    body_has(browser, "Birthday party")
    screenshot(browser, str(SHOTS / "party" / "party-link-390.png"), PHONE)
    type_into(browser, "rsvp-child", "Luka Petrović")
    type_into(browser, "rsvp-age", "6")
    type_into(browser, "allergies", "Kikiriki")
    type_into(browser, "rsvp-guardian", "Marija Petrović")
    type_into(browser, "rsvp-contact", "+381641234567")
    # A wrong typed name signs nothing: the message is beside the field.
    type_into(browser, "rsvp-consent", "M. P.")
    tap(browser, browser.find_element(By.ID, "rsvp-submit"))
    body_has(browser, "Type your name exactly as above to sign.")
    browser.execute_script("document.getElementById('waiver-text').scrollIntoView({block: 'start'})")
    screenshot(browser, str(SHOTS / "party" / "waiver-signing-390.png"), PHONE)
    type_into(browser, "rsvp-consent", "Marija Petrović")
    tap(browser, browser.find_element(By.ID, "rsvp-submit"))
    body_has(browser, "is on the guest list and the waiver is signed")
    screenshot(browser, str(SHOTS / "party" / "party-link-done-390.png"), PHONE)
    assert not sideways_overflow(browser), sideways_overflow(browser)
    with session_scope() as session:
        guest = session.exec(select(PartyGuest)).one()
        assert (guest.child_name, guest.allergies) == ("Luka Petrović", "Kikiriki")
        signature = session.exec(select(WaiverSignature)).one()
        assert signature.consent_name == "Marija Petrović" and "Chrome" in signature.user_agent

    # A guessed token: nothing about the party.
    browser.get(app_server.url + path[:-3] + "abc")
    body_has(browser, "This link does not work")
    assert "Luka" not in browser.find_element(By.TAG_NAME, "body").text


def test_the_parent_sees_the_deposit_and_the_answers_on_the_booking_page(
    approved_party, parent, app_server, browser
):
    booking, path = approved_party
    party_guests.answer(
        ctx_for(parent),
        path.rsplit("/", 1)[1],
        {
            "attending": True,
            "child_name": "Luka Petrović",
            "child_age": "6",
            "allergies": "Kikiriki",
            "guardian_name": "Marija Petrović",
            "guardian_contact": "+381641234567",
            "consent_name": "Marija Petrović",
            "waiver_version": 1,
        },
    )
    use_phone(browser)
    sign_in_with_cookie(browser, app_server.url, open_session(parent))
    browser.get(app_server.url + "/profile")
    # The phone's booking card (the wide table is hidden at this width).
    shown = wait(
        browser, lambda d: [a for a in d.find_elements(By.LINK_TEXT, booking.reference) if a.is_displayed()]
    )
    tap(browser, shown[0])
    body_has(browser, "Please pay")
    assert "7,200" in browser.find_element(By.ID, "deposit-amount").text
    assert (
        browser.find_element(By.ID, "deposit-account").get_attribute("textContent") == "160-0000000123456-54"
    )
    wait(browser, EC.visibility_of_element_located((By.ID, "deposit-qr")))
    body_has(browser, "Luka Petrović")
    screenshot(browser, str(SHOTS / "party" / "booking-page-deposit-390.png"), PHONE)
    # Another parent learns nothing of it.
    other = make_user(Role.USER, email="other@example.com")
    sign_in_with_cookie(browser, app_server.url, open_session(other))
    browser.get(app_server.url + f"/profile/bookings/{booking.reference}")
    body_has(browser, "Booking not found")
    assert "Luka" not in browser.find_element(By.TAG_NAME, "body").text


def test_the_deposit_email_reads_well(approved_party, parent, sink, browser):
    """The approval email as the parent sees it: its text and the attached QR codes."""
    message = sink.wait_for(parent.email, "Confirmed")
    images = "".join(
        f'<figure><img alt="{html.escape(name)}" src="data:image/png;base64,{base64.b64encode(data).decode()}">'
        f"<figcaption>{html.escape(name)}</figcaption></figure>"
        for name, data in message.attachments
    )
    page = SHOTS / "party" / "deposit-email.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        "<html><body style='font-family:sans-serif;max-width:640px;margin:1rem auto'>"
        f"<h1 style='font-size:1.1rem'>{html.escape(message.subject)}</h1>"
        f"<pre style='white-space:pre-wrap;font-family:inherit'>{html.escape(message.body)}</pre>"
        f"<div style='display:flex;gap:1rem'>{images}</div></body></html>",
        encoding="utf-8",
    )
    browser.get(page.as_uri())
    body_has(browser, "Deposit due")
    screenshot(browser, str(SHOTS / "party" / "deposit-email.png"), (700, 900))
    assert {name for name, _ in message.attachments} == {deposits.QR_FILENAME, "booking-reference-qr.png"}


def test_the_front_desk_checks_a_booking_in_and_undoes_it_on_a_tablet(venue, admin, app_server, browser):
    today = local_now().date()
    booking = party(
        venue,
        make_user(Role.USER, email="jovana@example.com", name="Jovana Nikolić"),
        day=today,
        start="23:00",
        minutes=30,
    )
    with session_scope() as session:
        session.get(Booking, booking.id).status = BookingStatus.APPROVED
    staff = make_user(Role.ADMIN, email="tablet@xplorium.rs", name="Desk Tablet")
    browser.set_window_size(*TABLET)
    sign_in_with_cookie(browser, app_server.url, open_session(staff))
    browser.get(app_server.url + "/admin/checkin")
    body_has(browser, "Today's arrivals")
    body_has(browser, booking.reference)
    type_into(browser, "checkin-query", "jovana")
    tap(browser, browser.find_element(By.XPATH, "//button[@type='submit' and normalize-space()='Find']"))
    body_has(browser, "Found")
    tap(
        browser,
        browser.find_elements(By.XPATH, f"//button[@aria-label='Mark {booking.reference} arrived']")[0],
    )
    wait(
        browser,
        EC.presence_of_element_located(
            (By.XPATH, f"//button[@aria-label='Undo the arrival of {booking.reference}']")
        ),
    )
    screenshot(browser, str(SHOTS / "party" / "checkin-tablet.png"), TABLET)
    with session_scope() as session:
        assert session.get(Booking, booking.id).checked_in_at is not None
        assert session.exec(
            select(AuditLog).where(AuditLog.entity_id == str(booking.id), AuditLog.actor_id == staff.id)
        ).all()
    tap(
        browser,
        browser.find_elements(By.XPATH, f"//button[@aria-label='Undo the arrival of {booking.reference}']")[
            0
        ],
    )
    wait(
        browser,
        EC.presence_of_element_located(
            (By.XPATH, f"//button[@aria-label='Mark {booking.reference} arrived']")
        ),
    )
    with session_scope() as session:
        assert session.get(Booking, booking.id).checked_in_at is None
    # Without a camera the scanner says so, and the typed search still works.
    tap(browser, browser.find_element(By.ID, "checkin-scan"))
    body_has(browser, "Stop the camera")
    assert booking.type == BookingType.PARTY
