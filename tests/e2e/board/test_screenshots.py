"""The board, the list, the calendar and the detail panel with a believable fortnight of
bookings, at desktop (1366) and tablet (820) widths; the pictures go to test-artifacts/screenshots/."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.support.accounts import make_user, open_session
from tests.support.board import card, open_board, wait_live
from tests.support.booking_form import wait
from tests.support.bookings_data import seed_realistic
from tests.support.browser import DESKTOP, SHOTS
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.models.enums import BookingStatus, Role

pytestmark = pytest.mark.browser

TABLET = (820, 1180)
SIZES = {"desktop": DESKTOP, "tablet": TABLET}


def _shot(driver, name: str, size, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SHOTS / f"{name}.png")
    if full_page:
        # As tall as the main column's content (the 100vh sidebar would grow with the window).
        driver.set_window_size(*size)
        bottom = driver.execute_script(
            "const main = document.getElementById('main');"
            "return Math.ceil(main.getBoundingClientRect().bottom + window.scrollY);"
        )
        inner = driver.execute_script("return window.innerHeight;")
        if bottom > inner:
            outer = driver.get_window_size()["height"]
            driver.set_window_size(size[0], min(outer + bottom - inner + 8, 6000))
        driver.save_screenshot(path)
    else:
        driver.set_window_size(*size)
        driver.save_screenshot(path)


@pytest.mark.parametrize("size_name", list(SIZES))
def test_back_office_booking_screens(catalog, app_server, size_name):
    size = SIZES[size_name]
    admin = make_user(Role.ADMIN, name="Dragana Upravnica")
    made = seed_realistic()
    party = next(b for b in made if b.contact_name == "Jelena Petrović")
    pending = next(b for b in made if b.status == BookingStatus.PENDING)
    driver = open_board(app_server.url, open_session(admin), size=size)
    try:
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, card("approved", party.reference))))
        assert driver.find_element(By.ID, "count-pending").text == "6"
        _shot(driver, f"admin-board-{size_name}", size)
        if size_name == "desktop":
            driver.find_element(By.ID, "notification-bell").click()
            wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "Mark all read"))
            _shot(driver, "admin-notifications-desktop", size, full_page=False)
            driver.find_element(By.TAG_NAME, "body").send_keys("\ue00c")  # Escape closes the popover

        driver.find_element(By.CSS_SELECTOR, f"#booking-{party.reference}").click()
        wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), "Jelena Petrović"))
        wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), "History"))
        _shot(driver, f"admin-booking-detail-{size_name}", size, full_page=False)

        driver.get(app_server.url + "/admin/bookings")
        wait_live(driver)
        wait(driver, EC.presence_of_element_located((By.ID, f"row-{pending.reference}")))
        _shot(driver, f"admin-bookings-{size_name}", size)

        driver.get(app_server.url + "/admin/calendar")
        wait_live(driver)
        wait(driver, EC.presence_of_element_located((By.ID, f"chip-{party.reference}")))
        _shot(driver, f"admin-calendar-month-{size_name}", size)
        if size_name == "desktop":
            driver.get(app_server.url + "/admin/calendar?view=week")
            wait(
                driver,
                EC.presence_of_element_located((By.CSS_SELECTOR, f"#calendar-week #chip-{party.reference}")),
            )
            _shot(driver, "admin-calendar-week-desktop", size)
            driver.get(app_server.url + f"/admin/calendar?view=day&date={party.date.isoformat()}")
            wait(driver, EC.text_to_be_present_in_element((By.ID, "calendar-day"), "Jelena Petrović"))
            _shot(driver, "admin-calendar-day-desktop", size)
    finally:
        driver.quit()
