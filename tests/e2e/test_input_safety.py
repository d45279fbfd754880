"""Hostile input is just text: markup is stored and shown without tags, SQL-looking input is data."""

import re

import pytest
import sqlalchemy as sa
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.booking_form import by_aria, day_label, slot, tap, text_of, type_into, use_phone, wait
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium import formatting
from xplorium.db import session_scope
from xplorium.models import Booking, ContentVersion, EventRegistration
from xplorium.models.enums import ContentStatus
from xplorium.services import catalog as catalog_service
from xplorium.services import registrations
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext

XSS = [
    "<script>window.__xss = 1</script>Ana",
    "Ana <img src=x onerror=window.__xss=1>",
    '"><svg onload="window.__xss=1">Ana',
    "Ana &lt;b onmouseover=window.__xss=1&gt;bold&lt;/b&gt;",
    '<a href="javascript:window.__xss=1">Ana</a>',
    "<<script>script>window.__xss=1<</script>/script>Ana",
]
SQL = [
    "Robert'); DROP TABLE bookings; --",
    "' OR '1'='1",
    "1; UPDATE users SET role='SUPER_ADMIN' --",
]
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
TEXT_FIELDS = ("contact_name", "special_requests", "child_name", "food_and_drinks")


def party(catalog, start: str, **fields) -> dict:
    data = {
        "type": "PARTY",
        "package_id": catalog.package_id("Classic party"),
        "date": next_weekday(5).isoformat(),
        "time": start,
        "duration_minutes": 60,
        "guest_count": 6,
        "contact_name": "Ana",
        "email": "ana@example.com",
        "phone": "0641234567",
        "child_name": "Mia",
        "child_age": 4,
        "rooms": ["party_room"],
    }
    data.update(fields)
    return data


def has_markup(text: str) -> bool:
    """Whether the text holds anything a browser would parse as a tag or an entity."""
    return bool(TAG.search(text)) or "&lt;" in text or "&#" in text


def stored_texts(booking: Booking) -> dict[str, str]:
    details = booking.party_details or {}
    return {
        "contact_name": booking.contact_name,
        "special_requests": booking.special_requests,
        "child_name": details.get("child_name", ""),
        "food_and_drinks": details.get("food_and_drinks", ""),
    }


@pytest.mark.parametrize("payload", XSS)
def test_markup_in_every_booking_text_field_is_stored_without_tags(catalog, payload):
    fields = dict.fromkeys(TEXT_FIELDS, payload)
    summary = writing.create_booking(RequestContext(ip="203.0.113.1"), party(catalog, "10:00", **fields))
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == summary["reference"])).one()
    for field, value in stored_texts(booking).items():
        assert not has_markup(value), (field, value)
        assert "Ana" in value, (field, value)  # the text around the markup is kept


@pytest.mark.parametrize("payload", SQL)
def test_sql_looking_input_is_stored_as_plain_text(catalog, payload):
    fields = dict.fromkeys(TEXT_FIELDS, payload)
    summary = writing.create_booking(RequestContext(ip="203.0.113.2"), party(catalog, "12:00", **fields))
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == summary["reference"])).one()
        roles = session.exec(sa.text("SELECT DISTINCT role FROM users ORDER BY role")).scalars().all()
    assert stored_texts(booking) == dict.fromkeys(TEXT_FIELDS, payload)
    assert roles == ["ADMIN", "SUPER_ADMIN", "USER"]  # the parent is a USER, nobody was promoted


def test_markup_and_sql_in_a_registration_name_are_just_text(catalog):
    registrations.register(
        RequestContext(ip="203.0.113.3"),
        "lego-workshop",
        {"name": XSS[1], "email": "a@example.com", "guest_count": 1},
    )
    registrations.register(
        RequestContext(ip="203.0.113.4"),
        "lego-workshop",
        {"name": SQL[0], "email": "b@example.com", "guest_count": 1},
    )
    with session_scope() as session:
        names = session.exec(select(EventRegistration.name).order_by(EventRegistration.id)).all()
    assert names == ["Ana", SQL[0]]


@pytest.mark.browser
def test_markup_typed_into_the_form_and_published_in_content_is_shown_as_text(
    catalog, app_server, browser, smtp_sink
):
    # Content is the back office's to clean; the page must still never turn it into markup.
    with session_scope() as session:
        version = session.exec(
            select(ContentVersion).where(
                ContentVersion.status == ContentStatus.PUBLISHED, ContentVersion.title == "Cafe"
            )
        ).one()
        version.body = {
            **version.body,
            "intro": '<b>Bold?</b> <img src=x onerror="window.__xss=1"> Coffee',
            "paragraphs": ["<script>window.__xss = 1</script>Fresh cakes"],
        }
        session.add(version)
    catalog_service.invalidate_content("cafe")

    smtp_sink.clear()
    use_phone(browser)
    browser.get(app_server.url + "/cafe")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "main"), "Fresh cakes"))
    main = browser.find_element(By.ID, "main")
    assert "<b>Bold?</b>" in main.text  # shown literally, as typed
    assert main.find_elements(By.CSS_SELECTOR, "b, img[src='x'], script") == []
    assert browser.execute_script("return window.__xss") is None

    day = next_weekday(5)
    browser.get(app_server.url + "/book?type=PARTY")
    tap(browser, by_aria(browser, day_label(day), "button"))
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), formatting.day(day)))
    tap(browser, slot(browser, "16:00"))
    type_into(browser, "child_name", XSS[0])
    type_into(browser, "child_age", "7")
    type_into(browser, "food_and_drinks", XSS[1])
    type_into(browser, "contact_name", XSS[2])
    type_into(browser, "email", "xss@example.com")
    type_into(browser, "phone", "0641112222")
    type_into(browser, "special_requests", SQL[0])
    tap(browser, browser.find_element(By.ID, "submit-booking"))
    wait(browser, EC.url_contains("/book/confirmed"))
    reference = text_of(browser, "booking-reference")
    assert browser.execute_script("return window.__xss") is None

    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
    texts = stored_texts(booking)
    assert texts["special_requests"] == SQL[0]
    for field in ("contact_name", "child_name", "food_and_drinks"):
        assert not has_markup(texts[field]) and "Ana" in texts[field], (field, texts[field])
    mail = smtp_sink.wait_for("xss@example.com", reference)
    assert not has_markup(mail.body)
