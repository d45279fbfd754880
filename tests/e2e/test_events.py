"""A parent finds an event, registers on a phone, and later cancels through the emailed link."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from sqlmodel import select

from tests.support.booking_form import tap, type_into, use_phone, wait
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import EventRegistration
from xplorium.services import catalog as catalog_service

pytestmark = pytest.mark.browser

CANCEL_LINK = re.compile(r"https?://\S+(/events/cancel\?token=\S+)")


def body_has(browser, text: str) -> None:
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


def test_register_for_an_event_then_cancel_once_through_the_emailed_link(
    catalog, app_server, browser, smtp_sink
):
    smtp_sink.clear()
    use_phone(browser)
    browser.get(app_server.url + "/events")
    body_has(browser, "Puppet theatre: The Little Fox")
    assert "Unannounced draft event" not in browser.find_element(By.TAG_NAME, "body").text
    tap(browser, browser.find_element(By.XPATH, "//a[.//h2[text()='LEGO building workshop']]"))
    body_has(browser, "12 of 12 places left")

    type_into(browser, "reg-name", "Milica Ilić")
    type_into(browser, "reg-email", "milica@example.com")
    Select(browser.find_element(By.ID, "reg-guests")).select_by_value("3")
    tap(browser, browser.find_element(By.XPATH, "//button[@type='submit' and text()='Register']"))
    body_has(browser, "You are registered!")
    body_has(browser, "9 of 12 places left")

    mail = smtp_sink.wait_for("milica@example.com", "You are registered")
    link = CANCEL_LINK.search(mail.body).group(1)
    browser.get(app_server.url + link)
    body_has(browser, "Cancel your registration")
    body_has(browser, "LEGO building workshop")
    assert "Milica" not in browser.find_element(By.TAG_NAME, "body").text
    tap(browser, browser.find_element(By.XPATH, "//button[text()='Yes, cancel my registration']"))
    body_has(browser, "Your registration is cancelled.")
    with session_scope() as session:
        assert session.exec(select(EventRegistration.status)).all() == ["CANCELLED"]

    # The link works once: opened again, it only says so.
    browser.get(app_server.url + link)
    body_has(browser, "This registration is already cancelled.")
    assert browser.find_elements(By.XPATH, "//button[text()='Yes, cancel my registration']") == []

    # A link that is not one we sent cancels nothing.
    browser.get(app_server.url + link[:-4] + "AAAA")
    body_has(browser, "This link does not work")

    browser.get(app_server.url + "/events/lego-workshop")
    body_has(browser, "12 of 12 places left")


def test_a_full_event_offers_the_waiting_list(catalog, app_server, browser):
    with session_scope() as session:
        session.add(
            EventRegistration(
                event_id=catalog.events["lego-workshop"],
                name="Earlier Parent",
                email="earlier@example.com",
                guest_count=10,
                status="CONFIRMED",
                cancel_token_hash="0" * 64,
            )
        )
        session.add(
            EventRegistration(
                event_id=catalog.events["lego-workshop"],
                name="Second Parent",
                email="second@example.com",
                guest_count=2,
                status="CONFIRMED",
                cancel_token_hash="1" * 64,
            )
        )
    catalog_service.invalidate_events("lego-workshop")
    use_phone(browser)
    browser.get(app_server.url + "/events/lego-workshop")
    body_has(browser, "Full — waiting list open")
    type_into(browser, "reg-name", "Late Parent")
    type_into(browser, "reg-email", "late@example.com")
    tap(
        browser, browser.find_element(By.XPATH, "//button[@type='submit' and text()='Join the waiting list']")
    )
    body_has(browser, "you are on the waiting list")
    with session_scope() as session:
        status = session.exec(
            select(EventRegistration.status).where(EventRegistration.email == "late@example.com")
        ).one()
    assert status == "WAITLISTED"
