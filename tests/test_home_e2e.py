import pytest

from tests.support.browser import wait_for_text
from xplorium.constants import VENUE_NAME

pytestmark = pytest.mark.browser


def test_home_page_shows_venue_name_and_opening_hours(clean, app_server, browser):
    browser.get(app_server.url + "/")
    wait_for_text(browser, "Opening hours")
    wait_for_text(browser, "Monday")
    body = browser.find_element("tag name", "body").text
    assert VENUE_NAME in body
    assert "09:00–21:00" in body
