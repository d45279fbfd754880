"""A parent books a birthday party on a phone, end to end: form, live price, confirmation, email."""

from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.booking_form import (
    by_aria,
    day_label,
    slot,
    tap,
    text_of,
    type_into,
    use_phone,
    wait,
    wait_for_id_text,
)
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium import formatting
from xplorium.db import session_scope
from xplorium.models import Booking, User
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext

pytestmark = pytest.mark.browser


def test_parent_books_a_birthday_party_on_a_phone(catalog, app_server, browser, smtp_sink):
    smtp_sink.clear()
    use_phone(browser)
    party_day = next_weekday(5)  # a Saturday, 1–2 weeks ahead: among the day chips
    browser.get(app_server.url + f"/book?type=PARTY&package={catalog.package_id('Classic party')}")

    # The published packages are offered; the popular one is preselected and priced on the server.
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "Sensory party"))
    wait_for_id_text(browser, "quote", "24,000 RSD")  # 2,400 RSD × 10 guests by default

    tap(browser, by_aria(browser, day_label(party_day), "button"))
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), formatting.day(party_day)))
    tap(browser, slot(browser, "14:00"))

    plus = by_aria(browser, "More guests", "button")
    tap(browser, plus)
    tap(browser, plus)
    wait_for_id_text(browser, "quote", "28,800 RSD")  # the price follows the guests, from the server

    type_into(browser, "child_name", "Luka")
    type_into(browser, "child_age", "6")
    tap(browser, browser.find_element(By.XPATH, "//label[.//text()='Playroom']"))
    type_into(browser, "food_and_drinks", "Pizza and apple juice")
    type_into(browser, "contact_name", "Jelena Petrović")
    type_into(browser, "email", "Jelena.Phone@Example.com")
    type_into(browser, "phone", "064 555 1234")
    type_into(browser, "special_requests", "Two children are vegetarian.")

    tap(browser, browser.find_element(By.ID, "submit-booking"))
    wait(browser, EC.url_contains("/book/confirmed"))
    reference = text_of(browser, "booking-reference")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert reference.startswith("XP-")
    assert "Birthday party" in body and "Classic party" in body
    assert "14:00–16:00" in body and "28,800 RSD" in body and "Waiting for confirmation" in body
    # Only the booking's facts: nothing personal is echoed on the page.
    for personal in ("Jelena", "example.com", "555", "vegetarian", "Luka"):
        assert personal not in body

    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
        customer = session.get(User, booking.user_id)
    assert booking.status == "PENDING"
    assert booking.price_quote == Decimal("28800.00")
    assert (booking.date, booking.start_time.isoformat(timespec="minutes")) == (party_day, "14:00")
    assert booking.guest_count == 12
    assert booking.party_details == {
        "child_name": "Luka",
        "child_age": 6,
        "rooms": ["party_room", "playroom"],
        "food_and_drinks": "Pizza and apple juice",
    }
    assert (booking.email, booking.phone) == ("jelena.phone@example.com", "+381645551234")
    assert customer.email == "jelena.phone@example.com" and customer.password_hash is None

    mail = smtp_sink.wait_for("jelena.phone@example.com", reference)
    assert f"Reference: {reference}" in mail.body
    assert "28,800 RSD" in mail.body


def test_taken_time_offers_three_alternatives_and_one_tap_rebooks(catalog, app_server, browser, smtp_sink):
    use_phone(browser)
    day = next_weekday(5)
    browser.get(app_server.url + "/book?type=PARTY")
    wait_for_id_text(browser, "quote", "RSD")
    tap(browser, by_aria(browser, day_label(day), "button"))
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), formatting.day(day)))
    tap(browser, slot(browser, "15:00"))
    type_into(browser, "child_name", "Mia")
    type_into(browser, "child_age", "5")
    type_into(browser, "contact_name", "Ivana Jovanović")
    type_into(browser, "email", "ivana@example.com")
    type_into(browser, "phone", "+381 63 111 2222")

    # Another parent books 14:00 while this one is typing: 15:00 now falls in its time and buffer.
    writing.create_booking(
        RequestContext(ip="198.51.100.50"),
        {
            "type": "PARTY",
            "package_id": catalog.package_id("Classic party"),
            "date": day.isoformat(),
            "time": "14:00",
            "duration_minutes": 120,
            "guest_count": 8,
            "contact_name": "Other Parent",
            "email": "other@example.com",
            "phone": "0641112233",
            "child_name": "Ana",
            "child_age": 4,
            "rooms": ["party_room"],
        },
    )
    tap(browser, browser.find_element(By.ID, "submit-booking"))
    wait_for_id_text(browser, "booking-message", "That time is already taken.")
    alternatives = browser.find_elements(By.CLASS_NAME, "xp-alternative")
    assert [a.text for a in alternatives] == [
        f"{formatting.short_day(day)} {t}" for t in ("17:00", "17:30", "18:00")
    ]

    tap(browser, alternatives[0])
    wait(
        browser,
        EC.text_to_be_present_in_element((By.TAG_NAME, "body"), formatting.day(day) + ", 17:00"),
    )
    tap(browser, browser.find_element(By.ID, "submit-booking"))
    wait(browser, EC.url_contains("/book/confirmed"))
    assert "17:00–19:00" in browser.find_element(By.TAG_NAME, "body").text
    with session_scope() as session:
        starts = sorted(
            b.start_time.isoformat(timespec="minutes") for b in session.exec(select(Booking)).all()
        )
    assert starts == ["14:00", "17:00"]


def test_validation_messages_appear_beside_the_fields(catalog, app_server, browser):
    use_phone(browser)
    browser.get(app_server.url + "/book?type=PARTY")
    wait_for_id_text(browser, "quote", "RSD")
    type_into(browser, "email", "not-an-email")
    type_into(browser, "phone", "12")
    tap(browser, browser.find_element(By.ID, "submit-booking"))
    wait_for_id_text(browser, "email-error", "Enter a valid email address.")
    assert "Enter a valid phone number" in text_of(browser, "phone-error")
    assert text_of(browser, "contact_name-error") == "Enter your name."
    assert text_of(browser, "child_name-error") == "Enter the birthday child's name."
    assert text_of(browser, "time-error") == "Choose a start time."
    assert "Please correct the marked fields." in text_of(browser, "booking-message")
    with session_scope() as session:
        assert session.exec(select(Booking)).all() == []
