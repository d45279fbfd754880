import pytest

from tests.support.browser import PHONE, sideways_overflow, wait_for_text
from xplorium.constants import VENUE_NAME
from xplorium.db import session_scope
from xplorium.models import VenueSettings
from xplorium.services import catalog

pytestmark = pytest.mark.browser

HOURS = {
    "0": ["08:30", "19:00"],
    "1": ["08:30", "19:00"],
    "2": ["08:30", "19:00"],
    "3": ["08:30", "19:00"],
    "4": ["08:30", "23:00"],
    "5": ["10:00", "23:00"],
    "6": None,
}


@pytest.fixture
def venue_settings(clean):
    with session_scope() as session:
        session.add(VenueSettings(id=1, opening_hours=HOURS, contact_phone="+381 11 999 0000"))
    catalog.invalidate_settings()


def test_home_page_shows_venue_name_and_opening_hours_from_settings(venue_settings, app_server, browser):
    browser.get(app_server.url + "/")
    wait_for_text(browser, "Opening hours")
    wait_for_text(browser, "Monday")
    body = browser.find_element("tag name", "body").text
    assert VENUE_NAME in body
    assert "08:30–19:00" in body
    assert "Sunday\nClosed" in body
    assert "Mon–Thu" in body  # the footer's grouped hours
    assert "+381 11 999 0000" in body


def test_home_page_fits_a_phone_screen(venue_settings, app_server, browser):
    browser.set_window_size(*PHONE)
    browser.get(app_server.url + "/")
    wait_for_text(browser, "08:30–19:00")
    assert not sideways_overflow(browser), sideways_overflow(browser)
    assert browser.find_element("css selector", "button[aria-label='Open menu']").is_displayed()
