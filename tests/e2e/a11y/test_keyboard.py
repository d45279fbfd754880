"""Keyboard only, no mouse: a parent's whole booking, and the front desk approving one on the board."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.e2e.a11y.test_controls import first_pending, path_of, status_of, until
from tests.support.axe import wait_settled
from tests.support.board import wait_live
from tests.support.booking_form import wait
from tests.support.browser import new_browser, sign_in_with_cookie
from tests.support.keyboard import focus_summary, focused_matches, press, tab_to
from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus

pytestmark = pytest.mark.browser

FREE_DAY = "button.xp-day-chip:not([disabled]):not([aria-pressed='true'])"
FREE_SLOT = "[aria-label='Start time'] [role='radio']:not([disabled]):not([data-disabled])"


def type_here(driver, text: str) -> None:
    """Type into the focused (empty) field."""
    driver.switch_to.active_element.send_keys(text)


def test_a_whole_booking_by_keyboard(app_server, browser, demo):
    browser.get(app_server.url + "/book")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, FREE_DAY)))
    wait_settled(browser)

    # What: the type cards are one radio group; the arrow keys move between them, Space chooses.
    tab_to(browser, "[aria-label='What would you like to book?'] [role='radio']")
    before = browser.switch_to.active_element.get_attribute("id")
    press(browser, Keys.ARROW_RIGHT)
    press(browser, Keys.SPACE)  # the focused card is chosen with Space, as a radio is
    wait(
        browser,
        lambda d: (
            focused_matches(d, "[role='radio'][aria-checked='true']")
            and d.switch_to.active_element.get_attribute("id") != before
        ),
    )
    assert browser.switch_to.active_element.get_attribute("id").startswith("type-")
    wait_settled(browser)

    # When: a day chip (Tab from chip to chip, Enter picks it), then a free start time.
    tab_to(browser, FREE_DAY)
    press(browser, Keys.TAB)  # not today: the day after has its whole day ahead
    assert focused_matches(browser, FREE_DAY), focus_summary(browser)
    press(browser, Keys.ENTER)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "button.xp-day-chip[aria-pressed='true']"))
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, FREE_SLOT)))
    wait_settled(browser)
    tab_to(browser, FREE_SLOT)
    press(browser, Keys.SPACE)
    wait(browser, lambda d: focused_matches(d, "[role='radio'][aria-checked='true']"))
    time_chosen = browser.switch_to.active_element.get_attribute("aria-label").split(",")[0]

    # Who: the contact fields, typed into after Tab.
    for field, text in (
        ("#contact_name", "Milica Keyboard"),
        ("#email", "milica.keyboard@example.com"),
        ("#phone", "064 222 3333"),
    ):
        tab_to(browser, field)
        type_here(browser, text)
    # The party fields exist only for parties; fill them if this type has them.
    for field, text in (("#child_name", "Nina"), ("#child_age", "6")):
        if browser.find_elements(By.CSS_SELECTOR, field):
            tab_to(browser, field)
            type_here(browser, text)

    tab_to(browser, "#submit-booking")
    press(browser, Keys.ENTER)
    until(
        browser, lambda d: path_of(d) == "/book/confirmed", lambda d: d.find_element(By.TAG_NAME, "body").text
    )
    reference = browser.find_element(By.ID, "booking-reference").text
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
    assert booking.email == "milica.keyboard@example.com"
    assert booking.start_time.isoformat(timespec="minutes") == time_chosen
    assert booking.status == BookingStatus.PENDING


def test_board_open_and_approve_by_keyboard(app_server, admin_token):
    pending = first_pending()
    driver = new_browser()
    try:
        sign_in_with_cookie(driver, app_server.url, admin_token)
        driver.get(app_server.url + "/admin/board")
        wait_live(driver)
        opener = f"#booking-{pending.reference} .xp-open"
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, opener)))
        tab_to(driver, opener)
        press(driver, Keys.ENTER)
        wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), pending.reference))
        wait(driver, EC.presence_of_element_located((By.ID, "panel-approve")))

        # Inside the panel: Tab to Approve, Enter; the confirmation takes focus; Tab, Enter.
        tab_to(driver, "#panel-approve")
        press(driver, Keys.ENTER)
        wait(driver, EC.visibility_of_element_located((By.ID, "confirm-approve")))
        assert status_of(pending.reference) == BookingStatus.PENDING
        tab_to(driver, "#confirm-approve")
        press(driver, Keys.ENTER)
        wait(driver, EC.invisibility_of_element_located((By.ID, "confirm-approve")))
        wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), "Approved"))
        assert status_of(pending.reference) == BookingStatus.APPROVED
        press(driver, Keys.ESCAPE)
        wait(
            driver,
            EC.presence_of_element_located(
                (By.CSS_SELECTOR, f"#column-approved #booking-{pending.reference}")
            ),
        )
    finally:
        driver.quit()
