"""The controls of issue 19, used the way staff and parents use them: mouse, keyboard, phone."""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlmodel import select

from tests.support.accounts import PASSWORD, make_user, open_session
from tests.support.axe import wait_settled
from tests.support.board import wait_live
from tests.support.booking_form import TIMEOUT, use_phone, wait
from tests.support.browser import download_folder, new_browser, sign_in_with_cookie
from tests.support.keyboard import focus_summary, focused_matches, press, tab_to
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.i18n import unlocalized
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus, Role

pytestmark = pytest.mark.browser

AA = 4.5


def path_of(driver) -> str:
    """The page's path without the language prefix; the app may add a trailing slash ("/admin/board/")."""
    return unlocalized(urlparse(driver.current_url).path.rstrip("/") or "/")


def until(driver, condition, explain) -> None:
    """Wait for `condition`; on a timeout, fail with `explain(driver)` (what the page shows)."""
    try:
        WebDriverWait(driver, TIMEOUT).until(condition)
    except TimeoutException:
        raise AssertionError(explain(driver)) from None


def wait_for_path(driver, path: str) -> None:
    wait(driver, lambda d: path_of(d) == path)


def contrast(driver, element) -> float:
    """WCAG contrast of the element's text colour on its own background colour."""
    return driver.execute_script(
        """
        const style = getComputedStyle(arguments[0]);
        const rgb = (value) => {
          const probe = document.createElement('canvas').getContext('2d');
          probe.fillStyle = value; probe.fillRect(0, 0, 1, 1);
          return Array.from(probe.getImageData(0, 0, 1, 1).data).slice(0, 3);
        };
        const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
          .map(c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4))
          .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
        const a = lum(rgb(style.color)), b = lum(rgb(style.backgroundColor));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        """,
        element,
    )


def first_pending() -> Booking:
    with session_scope() as session:
        return session.exec(
            select(Booking).where(Booking.status == BookingStatus.PENDING).order_by(Booking.starts_at)
        ).first()


def status_of(reference: str) -> str:
    with session_scope() as session:
        return session.exec(select(Booking.status).where(Booking.reference == reference)).one()


@pytest.fixture
def staff_browser(app_server, admin_token):
    driver = new_browser()
    sign_in_with_cookie(driver, app_server.url, admin_token)
    yield driver
    driver.quit()


# --- 2. sign in through the form; sign out through each header -----------------------------------


def test_staff_sign_in_through_the_form_and_out_through_each_header(app_server, admin):
    base = app_server.url
    # An ADMIN without two-factor (the demo's super admin must enrol first: tests/services/test_two_factor.py).
    desk = make_user(Role.ADMIN, email="form.desk@xplorium.rs", name="Form Desk")
    driver = new_browser()
    try:
        driver.get(base + "/signin?next=/admin/board")
        # The form answers once the page is connected (its button is enabled then).
        wait(driver, EC.element_to_be_clickable((By.XPATH, "//button[@type='submit']")))
        driver.find_element(By.ID, "signin-email").send_keys(desk.email)
        driver.find_element(By.ID, "signin-password").send_keys(PASSWORD + Keys.ENTER)
        wait_for_path(driver, "/admin/board")
        wait_live(driver)

        # The back office's header button ends the session, not just the page.
        wait(driver, EC.element_to_be_clickable((By.ID, "admin-sign-out"))).click()
        wait_for_path(driver, "/signin")
        wait(driver, lambda d: d.get_cookie(SESSION_COOKIE_NAME) is None)
        driver.get(base + "/admin/board")
        wait_for_path(driver, "/signin")
        assert "Live board" not in driver.find_element(By.TAG_NAME, "body").text

        # The public header's account menu, by keyboard: ArrowDown + Enter follows "My profile".
        sign_in_with_cookie(driver, base, open_session(admin))
        driver.get(base + "/")
        menu = wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, "[aria-label='Account menu']")))
        menu.click()
        wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[role='menu']")))
        press(driver, Keys.ARROW_DOWN)
        wait(driver, lambda d: focused_matches(d, "[role='menuitem']"))
        assert driver.switch_to.active_element.text == "My profile", focus_summary(driver)
        press(driver, Keys.ENTER)
        wait_for_path(driver, "/profile")
        wait_settled(driver)  # the profile page has drawn its header anew

        # ... and its "Sign out" signs out.
        wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, "[aria-label='Account menu']"))).click()
        wait(driver, EC.element_to_be_clickable((By.XPATH, "//*[@role='menuitem'][.='Sign out']"))).click()
        wait(driver, lambda d: d.get_cookie(SESSION_COOKIE_NAME) is None)
        wait_for_path(driver, "/")
        driver.get(base + "/profile")
        wait_for_path(driver, "/signin")
    finally:
        driver.quit()


# --- 1. exports download -----------------------------------------------------------------------------


def _downloaded(driver, folder: Path, name: str) -> str:
    """The file once the browser has finished writing it (Chrome names it .crdownload until then)."""
    wait(driver, lambda _d: (folder / name).exists())
    return (folder / name).read_text(encoding="utf-8-sig")


def test_every_export_button_downloads_its_file(app_server, staff_browser):
    driver = staff_browser
    folder = download_folder(driver)
    driver.get(app_server.url + "/admin/bookings")
    wait(driver, EC.element_to_be_clickable((By.ID, "export-csv"))).click()
    assert _downloaded(driver, folder, "xplorium-bookings.csv").startswith("reference,type,status")
    driver.find_element(By.ID, "export-ics").click()
    assert _downloaded(driver, folder, "xplorium-bookings.ics").startswith("BEGIN:VCALENDAR")
    # The page stayed where it was: no client-side "404: Page not found".
    assert path_of(driver) == "/admin/bookings"
    assert "404" not in driver.find_element(By.TAG_NAME, "body").text

    driver.get(app_server.url + "/admin/customers")
    wait(driver, EC.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Tools']"))).click()
    wait(driver, EC.element_to_be_clickable((By.ID, "export-marketing"))).click()
    assert "email" in _downloaded(driver, folder, "xplorium-marketing-list.csv").splitlines()[0].lower()
    assert path_of(driver) == "/admin/customers"


# --- 3. approve asks first -------------------------------------------------------------------------


def test_approve_on_a_board_card_asks_for_confirmation(app_server, staff_browser):
    driver = staff_browser
    pending = first_pending()
    driver.get(app_server.url + "/admin/board")
    wait_live(driver)
    card = f"#column-pending #booking-{pending.reference}"
    wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, f"{card} .xp-approve"))).click()
    dialog = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[role='alertdialog']")))
    assert "Approve this booking?" in dialog.text
    assert status_of(pending.reference) == BookingStatus.PENDING
    dialog.find_element(By.XPATH, ".//button[normalize-space()='Keep it']").click()
    wait(driver, EC.invisibility_of_element_located((By.CSS_SELECTOR, "[role='alertdialog']")))
    assert status_of(pending.reference) == BookingStatus.PENDING


# --- 4. phone menu ---------------------------------------------------------------------------------


def test_phone_menu_by_keyboard_and_by_a_tap_beside_the_text(app_server, browser):
    use_phone(browser)
    browser.get(app_server.url + "/")
    opener = wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "[aria-label='Open menu']")))
    opener.click()
    wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "[role='menu']")))
    press(browser, Keys.ARROW_DOWN)
    wait(browser, lambda d: focused_matches(d, "[role='menuitem']"))
    highlighted = browser.switch_to.active_element
    assert highlighted.text == "Cafe"
    assert contrast(browser, highlighted) >= AA, "the highlighted item's text is hard to read"
    press(browser, Keys.ENTER)
    wait_for_path(browser, "/cafe")

    wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "[aria-label='Open menu']"))).click()
    item = wait(browser, EC.visibility_of_element_located((By.XPATH, "//*[@role='menuitem'][.='Pricing']")))
    # A thumb lands beside the word, near the row's right end.
    ActionChains(browser).move_to_element_with_offset(item, item.size["width"] // 2 - 6, 0).click().perform()
    wait_for_path(browser, "/pricing")


# --- 6 and 7. keyboard and focus in the back office ---------------------------------------------


def test_board_cards_and_booking_rows_open_by_keyboard_and_focus_returns(app_server, staff_browser):
    driver = staff_browser
    pending = first_pending()
    driver.get(app_server.url + "/admin/board")
    wait_live(driver)
    opener = f"#booking-{pending.reference} .xp-open"
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, opener)))
    tab_to(driver, opener)
    press(driver, Keys.ENTER)
    panel = wait(driver, EC.visibility_of_element_located((By.ID, "booking-panel")))
    wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), pending.reference))
    # Escape closes the panel and gives focus back to the card it came from.
    press(driver, Keys.ESCAPE)
    wait(driver, EC.invisibility_of_element_located((By.ID, "booking-panel")))
    until(driver, lambda d: focused_matches(d, opener), focus_summary)
    press(driver, Keys.SPACE)
    panel = wait(driver, EC.visibility_of_element_located((By.ID, "booking-panel")))

    # The reject confirmation opens with the cursor in its reason field.
    wait(driver, EC.element_to_be_clickable((By.ID, "panel-reject"))).click()
    wait(driver, EC.visibility_of_element_located((By.ID, "reject-reason")))
    until(driver, lambda d: focused_matches(d, "#reject-reason"), focus_summary)
    press(driver, Keys.ESCAPE)
    wait(driver, EC.invisibility_of_element_located((By.ID, "reject-reason")))
    assert panel.is_displayed()
    press(driver, Keys.ESCAPE)
    wait(driver, EC.invisibility_of_element_located((By.ID, "booking-panel")))

    # A bookings-list row is reached with Tab and opened with Enter.
    driver.get(app_server.url + "/admin/bookings")
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "#main tbody tr")))
    row_opener = tab_to(driver, "#main tbody tr .xp-open")
    reference = row_opener.get_attribute("aria-label").split(" ")[2].rstrip(",")
    press(driver, Keys.ENTER)
    wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), reference))
    press(driver, Keys.ESCAPE)

    # The calendar's booking chips too.
    driver.get(app_server.url + "/admin/calendar")
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "[id^='chip-']")))
    wait_settled(driver)
    chip = tab_to(driver, "[id^='chip-']")
    press(driver, Keys.ENTER)
    wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), chip.get_attribute("id")[5:]))


def test_content_page_picker_works_by_keyboard(app_server, staff_browser):
    driver = staff_browser
    driver.get(app_server.url + "/admin/content")
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "#main button[aria-pressed='false']")))
    wait_settled(driver)
    picked = tab_to(driver, "#main button[aria-pressed='false']")
    label = picked.text.splitlines()[0]
    press(driver, Keys.ENTER)
    wait(
        driver,
        lambda d: d.find_element(
            By.XPATH, f"//button[@aria-pressed='true'][.//*[normalize-space()='{label}']]"
        ),
    )


# --- 9. the bookings list opens on today, says the year, keeps its filters in the URL ------------


def test_bookings_list_opens_on_today_and_keeps_filters_in_the_url(app_server, staff_browser):
    from xplorium.services.clock import local_now

    driver = staff_browser
    today = local_now().date()
    driver.get(app_server.url + "/admin/bookings")
    first_row = "#main tbody tr"
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, first_row)))
    wait_settled(driver)
    reference = driver.find_element(By.CSS_SELECTOR, first_row).get_attribute("id").removeprefix("row-")
    with session_scope() as session:
        first = session.exec(select(Booking).where(Booking.reference == reference)).one()
    assert first.date >= today, f"the list opens on {first.date}, not today or later"

    # A filter goes into the address bar; the same address opens the same list.
    driver.find_element(By.CSS_SELECTOR, "[aria-label='Filter by status']").click()
    wait(driver, EC.element_to_be_clickable((By.XPATH, "//*[@role='option'][.='Pending']"))).click()
    wait(driver, lambda d: "status=PENDING" in d.current_url)
    shared = driver.current_url
    driver.get(shared)
    wait(
        driver,
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[aria-label='Filter by status']"), "Pending"),
    )
    wait_settled(driver)
    assert {e.text for e in driver.find_elements(By.CSS_SELECTOR, "#main tbody tr [class*='Badge']")} <= {
        "Pending",
        "Paid",
    }

    # "Clear" shows everything, a year back too; those rows name their year.
    driver.find_element(By.XPATH, "//button[normalize-space()='Clear']").click()
    wait(driver, lambda d: "status=" not in d.current_url)
    until(
        driver,
        lambda d: str(today.year - 1) in d.find_element(By.CSS_SELECTOR, first_row).text,
        lambda d: (
            "the oldest booking does not say its year: " + d.find_element(By.CSS_SELECTOR, first_row).text
        ),
    )


# --- 10. the smaller ones ----------------------------------------------------------------------


def test_create_user_with_a_bad_email_gets_the_apps_message(app_server, staff_browser):
    driver = staff_browser
    driver.get(app_server.url + "/admin/users")
    wait(
        driver, EC.element_to_be_clickable((By.XPATH, "//button[contains(normalize-space(), 'New user')]"))
    ).click()
    wait(driver, EC.visibility_of_element_located((By.ID, "email"))).send_keys("not-an-email")
    driver.find_element(By.ID, "name").send_keys("Nobody")
    driver.find_element(By.XPATH, "//*[@role='dialog']//button[@type='submit']").click()
    message = wait(driver, EC.visibility_of_element_located((By.ID, "email-error")))
    assert "email" in message.text.lower()


def test_audit_log_names_exports_without_an_empty_number(app_server, staff_browser):
    driver = staff_browser
    # An export of its own, so the log has one to show.
    driver.execute_script("return fetch('/api/admin/bookings.csv').then(r => r.status)")
    driver.get(app_server.url + "/admin/audit")
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "#main tbody tr")))
    wait_settled(driver)
    cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#main tbody td:nth-child(4)")]
    assert cells and not [c for c in cells if c.rstrip().endswith("#")], cells


def test_admin_sidebar_runs_the_whole_length_of_a_long_page(app_server, staff_browser):
    driver = staff_browser
    driver.get(app_server.url + "/admin/customers")
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "#main tbody tr")))
    wait_settled(driver)
    page, sidebar = driver.execute_script(
        "const aside = document.querySelector('aside').parentElement;"
        "return [document.documentElement.scrollHeight, aside.getBoundingClientRect().height];"
    )
    assert page > 1200, "this page is not long enough to tell"
    assert sidebar >= page - 1, (sidebar, page)
