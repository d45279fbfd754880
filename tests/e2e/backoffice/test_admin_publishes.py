"""An admin publishes an event, a price and the cafe text in the back office; a parent sees them.

The public pages (/events, /pricing, /cafe) come from the booking branch.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.accounts import make_user
from tests.support.backoffice import sign_in_browser
from tests.support.backoffice_staff import future
from tests.support.browser import new_browser, wait_for_text
from xplorium.config import PROJECT_ROOT
from xplorium.models.enums import Role

pytestmark = pytest.mark.browser

EVENT_TITLE = "Dino dig workshop"
PACKAGE_NAME = "Jungle birthday"
CAFE_HEADLINE = "Fresh pancakes every weekend"


def click(driver, xpath: str, timeout: float = 20) -> None:
    try:
        element = WebDriverWait(driver, timeout).until(EC.element_to_be_clickable((By.XPATH, xpath)))
        # To the middle: an element left at the top of a long page is under the sticky header.
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
    except Exception:
        driver.save_screenshot(str(PROJECT_ROOT / "test-artifacts" / "click-failed.png"))
        raise


def fill(driver, name: str, value: str, scope: str = "//div[@role='dialog']") -> None:
    field = WebDriverWait(driver, 20).until(
        EC.visibility_of_element_located((By.XPATH, f"{scope}//*[@name='{name}']"))
    )
    field.clear()
    field.send_keys(value)


def button(text: str, scope: str = "") -> str:
    return f"{scope}//button[normalize-space(.)='{text}']"


def dialog_closed(driver) -> None:
    WebDriverWait(driver, 20).until(EC.invisibility_of_element_located((By.XPATH, "//div[@role='dialog']")))


def test_admin_publishes_event_price_and_cafe_text_and_a_parent_sees_them(clean, app_server, browser):
    admin = make_user(Role.ADMIN, email="desk@xplorium.rs", name="Desk Admin")
    sign_in_browser(browser, app_server.url, admin, "/admin/events")
    wait_for_text(browser, "No events here yet")

    # An event: create it (a draft), then publish it from its actions menu.
    click(browser, button("New event", "//main"))
    fill(browser, "title", EVENT_TITLE)
    fill(browser, "description", "Dig for fossils in our sand pit.")
    date_input = browser.find_element(By.NAME, "date")
    browser.execute_script("arguments[0].value = arguments[1]", date_input, future(20))
    fill(browser, "capacity", "15")
    fill(browser, "price", "800")
    click(browser, button("Save event"))
    dialog_closed(browser)
    wait_for_text(browser, "/events/dino-dig-workshop")
    click(browser, f"//button[@aria-label='Actions for {EVENT_TITLE}']")
    click(browser, "//div[@role='menuitem'][normalize-space(.)='Publish']")
    wait_for_text(browser, "is now published")

    # A pricing package: create, then publish.
    browser.get(app_server.url + "/admin/pricing")
    wait_for_text(browser, "No packages in this list")
    click(browser, button("New package", "//main"))
    fill(browser, "name", PACKAGE_NAME)
    browser.find_element(By.XPATH, "//select[@name='category']/option[@value='PARTY']").click()
    # What a booking of it holds: the party room, whole.
    browser.find_element(
        By.XPATH, "//select[@name='room_id']/option[starts-with(normalize-space(.), 'Party room')]"
    ).click()
    browser.find_element(By.XPATH, "//select[@name='hold_mode']/option[@value='WHOLE']").click()
    fill(browser, "amount", "2900.50")
    fill(browser, "features", "Jungle decorations\nAnimal face painting")
    click(browser, button("Save package"))
    dialog_closed(browser)
    wait_for_text(browser, PACKAGE_NAME)
    click(browser, button("Publish", "//table"))
    wait_for_text(browser, "is now published")

    # The cafe text: save a draft, send it for review, preview it, publish it.
    browser.get(app_server.url + "/admin/content?section=cafe")
    wait_for_text(browser, "Edit · Cafe")
    wait_for_text(browser, "Not published yet")  # the page's data has loaded: typing now is kept
    fill(browser, "title", "Cafe", scope="//main")
    fill(browser, "headline", CAFE_HEADLINE, scope="//main")
    fill(browser, "paragraphs", "Pancakes with honey and fruit, Saturdays and Sundays.", scope="//main")
    click(browser, button("Save draft"))
    wait_for_text(browser, "Saved as draft version 1")
    click(browser, button("Send for review"))
    wait_for_text(browser, "Sent for review")
    click(browser, "//button[normalize-space(.)='Preview']")
    WebDriverWait(browser, 20).until(
        EC.text_to_be_present_in_element((By.ID, "content-preview"), CAFE_HEADLINE)
    )
    click(browser, button("Publish this version"))
    click(browser, button("Publish", "//div[@role='alertdialog']"))
    wait_for_text(browser, "the public page shows it now")

    # A parent, not signed in, on the public site.
    parent = new_browser()
    try:
        parent.get(app_server.url + "/events")
        wait_for_text(parent, EVENT_TITLE)
        parent.get(app_server.url + "/pricing")
        wait_for_text(parent, PACKAGE_NAME)
        wait_for_text(parent, "2,900.50")
        parent.get(app_server.url + "/cafe")
        wait_for_text(parent, CAFE_HEADLINE)
    finally:
        parent.quit()
