"""Public holidays in the browser: an admin marks one closed in settings and sees it in the
calendar; a closed day cannot be chosen in the booking form's day strip."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.backoffice import sign_in_browser
from tests.support.booking_form import tap, use_phone, wait
from tests.support.browser import DESKTOP, SHOTS, screenshot, wait_for_text
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import AuditLog, ContentVersion, HolidayHours
from xplorium.models.enums import Role
from xplorium.services import catalog as catalog_service
from xplorium.services.clock import local_now

pytestmark = pytest.mark.browser


def next_orthodox_christmas() -> date:
    today = local_now().date()
    day = date(today.year, 1, 7)
    return day if day > today else date(today.year + 1, 1, 7)


def test_an_admin_marks_orthodox_christmas_closed_in_settings_and_the_calendar_shows_it(
    catalog, app_server, browser
):
    christmas = next_orthodox_christmas()
    admin = make_user(Role.ADMIN, email="holidays.desk@xplorium.rs", name="Holiday Desk")
    sign_in_browser(browser, app_server.url, admin, "/admin/settings")
    wait_for_text(browser, "Public holidays")
    # The year's option appears once the holidays have loaded.
    wait(
        browser,
        EC.element_to_be_clickable(
            (By.XPATH, f"//select[@id='holiday-year']/option[@value='{christmas.year}']")
        ),
    ).click()

    row = f"//form[@id='holiday-{christmas.isoformat()}']"
    wait(browser, EC.presence_of_element_located((By.XPATH, row)))
    mode = browser.find_element(By.XPATH, f"{row}//select[@name='mode']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", mode)
    mode.find_element(By.XPATH, "./option[@value='closed']").click()
    browser.find_element(By.XPATH, f"{row}//button[@type='submit']").click()

    def stored_row(_driver) -> HolidayHours | None:
        with session_scope() as session:
            return session.exec(select(HolidayHours).where(HolidayHours.day == christmas)).first()

    wait(browser, stored_row)
    # The row is shown again as the server now has it (its select remounted on "closed").
    wait(
        browser,
        lambda d: d.find_element(By.XPATH, f"{row}//select[@name='mode']").get_attribute("value") == "closed",
    )
    with session_scope() as session:
        stored = session.exec(select(HolidayHours).where(HolidayHours.day == christmas)).one()
        audited = session.exec(select(AuditLog).where(AuditLog.entity == "holiday_hours")).one()
    assert stored.closed and stored.updated_by_id == admin.id
    assert audited.actor_id == admin.id and audited.entity_id == christmas.isoformat()
    screenshot(browser, str(SHOTS / "admin-settings-holidays-desktop.png"), DESKTOP)

    # The calendar's month shows the holiday and that the venue is closed.
    browser.get(f"{app_server.url}/admin/calendar?view=month&date={christmas.isoformat()}")
    badge = (
        "//a[@href='/en/admin/settings#holidays'"  # the English page links to English settings
        " and (contains(@aria-label, 'Božić') or contains(@aria-label, 'Orthodox Christmas'))]"
    )
    WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.XPATH, badge)))
    screenshot(browser, str(SHOTS / "admin-calendar-holiday-desktop.png"), DESKTOP)


def test_a_day_marked_closed_is_disabled_in_the_booking_forms_day_strip(catalog, app_server, browser):
    # The strip shows the next two weeks, which need not hold a public holiday on the day the
    # suite runs: the closed day is written as the settings page writes it for a holiday.
    closed_day = local_now().date() + timedelta(days=3)
    open_day = closed_day + timedelta(days=1)
    with session_scope() as session:
        session.add(HolidayHours(day=closed_day, closed=True))
    catalog_service.invalidate_settings()

    use_phone(browser)
    browser.get(f"{app_server.url}/book?type=SENSORY_ROOM&package={catalog.package_id('Sensory session')}")
    # The chips are the strip's days in order from today: the 4th is the closed day.
    chips = "//*[contains(@class, 'xp-day-strip')]//button"
    wait(browser, lambda d: len(d.find_elements(By.XPATH, chips)) >= 5)
    closed_chip, open_chip = browser.find_elements(By.XPATH, chips)[3:5]
    assert str(closed_day.day) in closed_chip.text and str(open_day.day) in open_chip.text
    assert closed_chip.get_attribute("disabled") is not None
    assert open_chip.get_attribute("disabled") is None
    tap(browser, open_chip)
    wait(browser, lambda _d: open_chip.get_attribute("aria-pressed") == "true")


def test_an_admin_writes_a_page_in_serbian_and_english_and_previews_each(clean, app_server, browser):
    admin = make_user(Role.ADMIN, email="content.desk@xplorium.rs", name="Content Desk")
    sign_in_browser(browser, app_server.url, admin, "/admin/content?section=home")
    wait_for_text(browser, "Not published yet")  # the page's data has loaded: typing now is kept
    for name, text in (
        ("title", "Početna"),
        ("headline", "Igra, odmor i proslave"),
        ("title_en", "Home"),
        ("headline_en", "Play, rest and celebrate"),
    ):
        field = browser.find_element(By.ID, name)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
        field.send_keys(text)
    save = browser.find_element(By.XPATH, "//button[@type='submit'][contains(., 'Save draft')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", save)
    save.click()

    def saved(_driver) -> ContentVersion | None:
        with session_scope() as session:
            return session.exec(select(ContentVersion)).first()

    version = wait(browser, saved)
    assert (version.title, version.title_en) == ("Početna", "Home")
    assert (version.body["headline"], version.body_en["headline"]) == (
        "Igra, odmor i proslave",
        "Play, rest and celebrate",
    )
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot(browser, str(SHOTS / "admin-content-bilingual-desktop.png"), DESKTOP)

    preview = wait(browser, EC.element_to_be_clickable((By.XPATH, "//button[contains(., 'Preview')]")))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", preview)
    preview.click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "content-preview"), "Igra, odmor i proslave"))
    browser.find_element(By.XPATH, "//button[@role='tab'][contains(@id, 'trigger-en')]").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "content-preview-en"), "Play, rest and celebrate"))
    browser.save_screenshot(str(SHOTS / "admin-content-preview-english-desktop.png"))

    # The pricing form asks for both names and descriptions.
    browser.get(app_server.url + "/admin/pricing")
    new = wait(
        browser, EC.element_to_be_clickable((By.XPATH, "//main//button[normalize-space(.)='New package']"))
    )
    new.click()
    wait(browser, EC.visibility_of_element_located((By.XPATH, "//div[@role='dialog']//*[@name='name_en']")))
    assert browser.find_element(By.XPATH, "//div[@role='dialog']//*[@name='description_en']")
    browser.save_screenshot(str(SHOTS / "admin-pricing-bilingual-form-desktop.png"))
