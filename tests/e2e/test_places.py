"""Two parents on their phones share a sensory session's last places, as the form shows them."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.booking_form import by_aria, day_label, slot, tap, type_into, use_phone, wait
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium import formatting
from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext

pytestmark = pytest.mark.browser


def open_session_day(browser, app_server, catalog, day) -> None:
    browser.get(app_server.url + f"/book?type=SENSORY_ROOM&package={catalog.package_id('Sensory session')}")
    tap(browser, by_aria(browser, day_label(day), "button"))
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), formatting.day(day)))


def test_a_parent_books_two_of_the_last_three_places_and_the_next_sees_one_left(catalog, app_server, browser):
    use_phone(browser)
    day = next_weekday(5)
    # Three of the sensory room's six places at 11:00 are already booked.
    writing.create_booking(
        RequestContext(ip="198.51.100.61"),
        {
            "type": "SENSORY_ROOM",
            "package_id": catalog.package_id("Sensory session"),
            "date": day.isoformat(),
            "time": "11:00",
            "duration_minutes": 120,
            "guest_count": 3,
            "contact_name": "First Parent",
            "email": "first.parent@example.com",
            "phone": "0641112233",
        },
    )
    open_session_day(browser, app_server, catalog, day)
    by_aria(browser, "11:00, 3 places left", "button")
    tap(browser, slot(browser, "11:00"))
    # Two children (the form starts at two for a visit).
    wait(browser, EC.text_to_be_present_in_element((By.ID, "quote"), "RSD"))
    type_into(browser, "contact_name", "Marija Ilić")
    type_into(browser, "email", "marija@example.com")
    type_into(browser, "phone", "065 222 3344")
    tap(browser, browser.find_element(By.ID, "submit-booking"))
    wait(browser, EC.url_contains("/book/confirmed"))
    assert "Sensory room" in browser.find_element(By.TAG_NAME, "body").text

    # The next parent sees the one place that is left, and that a group of two no longer fits.
    browser.delete_all_cookies()
    open_session_day(browser, app_server, catalog, day)
    full_for_two = by_aria(browser, "11:00, Only 1 left", "button")
    tap(browser, by_aria(browser, "Fewer guests", "button"))
    wait(browser, lambda d: d.find_elements(By.XPATH, "//button[@aria-label='11:00, 1 place left']"))
    assert full_for_two is not None
    with session_scope() as session:
        guests = session.exec(select(Booking.guest_count).order_by(Booking.id)).all()
    assert guests == [3, 2]
