"""Both languages in the browser: Serbian at the plain paths, English under /en, the SR | EN
switch, the remembered choice, a clean start-up log, and Serbian phone screenshots."""

import re
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.backoffice import sign_in_browser
from tests.support.booking_form import use_phone, wait
from tests.support.browser import PHONE, SHOTS, new_browser, screenshot, sideways_overflow
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import User
from xplorium.models.enums import Role

pytestmark = pytest.mark.browser

PUBLIC_PAGES = (
    "/",
    "/cafe",
    "/sensory",
    "/igraonica",
    "/parties",
    "/pricing",
    "/events",
    "/contact",
    "/book",
    "/privacy",
    "/signin",
    "/signup",
    "/reset",
)
# Each main back-office page and its heading in Serbian and English.
ADMIN_PAGES = {
    "/admin/board": ("Tabla uživo", "Live board"),
    "/admin/bookings": ("Rezervacije", "Bookings"),
    "/admin/calendar": ("Kalendar", "Calendar"),
    "/admin/customers": ("Kupci", "Customers"),
    "/admin/dashboard": ("Kontrolna tabla", "Dashboard"),
    "/admin/pricing": ("Cene", "Pricing"),
    "/admin/events": ("Događaji", "Events"),
    "/admin/settings": ("Podešavanja", "Settings"),
}
# What the public header and footer say in each language.
PUBLIC_FRAME = {"sr": ("Rezerviši", "Radno vreme"), "en": ("Book now", "Opening hours")}


@pytest.fixture
def serbian():
    driver = new_browser(language="sr")
    yield driver
    driver.quit()


def body_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def wait_for_all(driver, *texts: str) -> None:
    for text in texts:
        wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


def path_of(driver) -> str:
    return urlparse(driver.current_url).path.rstrip("/") or "/"


def heading(driver) -> str:
    """The page's one h1."""
    wait(driver, EC.visibility_of_element_located((By.TAG_NAME, "h1")))
    return driver.find_element(By.TAG_NAME, "h1").text


def test_every_public_page_is_in_serbian_at_its_path_and_in_english_under_en(
    catalog, app_server, serbian, browser
):
    for path in PUBLIC_PAGES:
        serbian.get(app_server.url + path)
        wait_for_all(serbian, *PUBLIC_FRAME["sr"])
        assert path_of(serbian) == path
        assert "Book now" not in body_text(serbian), path

        english = "/en" if path == "/" else "/en" + path
        browser.get(app_server.url + english)
        wait_for_all(browser, *PUBLIC_FRAME["en"])
        assert path_of(browser) == english
        assert "Rezerviši" not in body_text(browser), path


def test_the_main_back_office_pages_are_in_both_languages(catalog, app_server, serbian, browser):
    admin = make_user(Role.ADMIN, email="desk.i18n@xplorium.rs")
    sign_in_browser(serbian, app_server.url, admin, "/admin/board")
    sign_in_browser(browser, app_server.url, admin, "/en/admin/board")
    for path, (sr_heading, en_heading) in ADMIN_PAGES.items():
        serbian.get(app_server.url + path)
        wait(serbian, lambda d, h=sr_heading: heading(d) == h)
        browser.get(app_server.url + "/en" + path)
        wait(browser, lambda d, h=en_heading: heading(d) == h)
        assert "Odjavi se" in body_text(serbian) and "Sign out" in body_text(browser)


def test_the_switch_changes_the_language_and_the_choice_survives_a_reload(catalog, app_server, serbian):
    serbian.get(app_server.url + "/pricing")
    wait_for_all(serbian, *PUBLIC_FRAME["sr"])
    serbian.find_element(By.LINK_TEXT, "EN").click()
    wait(serbian, lambda d: path_of(d) == "/en/pricing")
    wait_for_all(serbian, *PUBLIC_FRAME["en"])

    serbian.refresh()
    wait_for_all(serbian, *PUBLIC_FRAME["en"])
    assert path_of(serbian) == "/en/pricing"
    # The plain address now opens in the remembered language, though the browser asks for Serbian.
    serbian.get(app_server.url + "/events")
    wait(serbian, lambda d: path_of(d) == "/en/events")

    serbian.find_element(By.LINK_TEXT, "SR").click()
    wait(serbian, lambda d: path_of(d) == "/events")
    wait_for_all(serbian, *PUBLIC_FRAME["sr"])
    serbian.refresh()
    wait_for_all(serbian, *PUBLIC_FRAME["sr"])
    assert path_of(serbian) == "/events"


def test_an_english_browser_is_sent_to_english_and_a_signed_in_choice_is_stored(catalog, app_server, browser):
    browser.get(app_server.url + "/book")
    wait(browser, lambda d: path_of(d) == "/en/book")
    wait_for_all(browser, *PUBLIC_FRAME["en"])

    parent = make_user(Role.USER, email="mama.i18n@example.com")
    sign_in_browser(browser, app_server.url, parent, "/en/profile")
    wait(browser, lambda d: path_of(d) == "/en/profile")
    browser.find_element(By.LINK_TEXT, "SR").click()
    wait(browser, lambda d: path_of(d) == "/profile")
    wait_for_all(browser, "Moje rezervacije")
    with session_scope() as session:
        assert session.exec(select(User.language).where(User.id == parent.id)).one() == "sr_Latn"


# Warnings about the machine, not the app: the test machines' Debian Node.js is older than
# the one Reflex recommends (the build uses Bun).
MACHINE_WARNINGS = ("of Node.js is out of date",)


def test_start_up_and_compile_print_no_warning(app_server):
    """Up to "App running at": the compile, the production build and the start."""
    log = app_server.build_log_path.read_text().split("App running at", 1)[0]
    assert "Compiling" in log
    assert "being redefined" not in log
    warnings = [
        line
        for line in log.splitlines()
        if re.search(r"\bwarn(ing)?\b", line, re.IGNORECASE) and not any(w in line for w in MACHINE_WARNINGS)
    ]
    assert warnings == []


PHONE_SHOTS = SHOTS / "sr"


def wait_loaded(driver) -> None:
    """The frame in Serbian and the footer's opening hours (loaded from the server) filled in."""
    wait_for_all(driver, *PUBLIC_FRAME["sr"])
    wait(driver, lambda d: re.search(r"\d\d:\d\d", d.find_element(By.TAG_NAME, "footer").text))


def test_serbian_phone_screenshots_of_the_public_pages_and_the_booking_flow(catalog, app_server, serbian):
    use_phone(serbian)
    for path in PUBLIC_PAGES:
        serbian.get(app_server.url + path)
        wait_loaded(serbian)
        name = path.strip("/").replace("/", "-") or "home"
        screenshot(serbian, str(PHONE_SHOTS / f"{name}.png"), PHONE)
        assert not sideways_overflow(serbian), f"{path} at {PHONE[0]} px: {sideways_overflow(serbian)}"

    serbian.get(app_server.url + f"/book?type=PARTY&package={catalog.package_id('Classic party')}")
    wait_for_all(serbian, "Slavljenik", "Vaši podaci", "Pošalji zahtev za rezervaciju")
    screenshot(serbian, str(PHONE_SHOTS / "book-party.png"), PHONE)
    assert not sideways_overflow(serbian), sideways_overflow(serbian)
    serbian.find_element(By.ID, "submit-booking").click()
    # Nothing filled in: the messages beside the fields are Serbian too.
    wait(serbian, lambda d: "Unesite" in body_text(d) or "Izaberite" in body_text(d))
    screenshot(serbian, str(PHONE_SHOTS / "book-errors.png"), PHONE)
    assert not sideways_overflow(serbian), sideways_overflow(serbian)
