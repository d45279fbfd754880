"""Driving the booking form in the browser the way a parent does: taps, typing, waiting."""

import time

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.browser import PHONE
from tests.support.keyboard import focus_summary
from xplorium import formatting
from xplorium.i18n import use_locale

TIMEOUT = 30


def use_phone(driver) -> None:
    """A 390 px wide viewport (the window is sized after start: headless Chrome has a minimum)."""
    driver.set_window_size(*PHONE)
    width = driver.execute_script("return window.innerWidth")
    assert width == PHONE[0], f"viewport is {width}px wide, not a phone's {PHONE[0]}px"


def wait(driver, condition, timeout: float = TIMEOUT):
    """Wait for `condition`; a timeout says where the page was and what it showed."""
    try:
        return WebDriverWait(driver, timeout).until(condition)
    except TimeoutException:
        raise TimeoutException(where(driver)) from None


def where(driver) -> str:
    """The page's path, the focused element and the start of its text, for a failure message."""
    path, text = driver.execute_script("return [location.pathname, document.body.innerText.slice(0, 600)]")
    return f"{path} | focus: {focus_summary(driver)} | {text}"


def tap(driver, element) -> None:
    """Scroll the element to the middle (clear of the sticky header) and tap it."""
    # "instant" overrides a smooth scroll, so the element is in place when clicked.
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});", element
    )
    wait(driver, EC.element_to_be_clickable(element)).click()


def by_aria(driver, label: str, tag: str = "*"):
    return wait(driver, EC.presence_of_element_located((By.XPATH, f"//{tag}[@aria-label='{label}']")))


def slot(driver, start: str):
    """The start-time choice for `start` (its label says "Free" or how many places are left)."""
    return wait(
        driver,
        EC.element_to_be_clickable(
            (
                By.XPATH,
                f"//button[@role='radio' and starts-with(@aria-label, '{start}, ') and not(@disabled)]",
            )
        ),
    )


def type_into(driver, element_id: str, text: str) -> None:
    field = wait(driver, EC.presence_of_element_located((By.ID, element_id)))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    field.clear()
    field.send_keys(text)


def text_of(driver, element_id: str) -> str:
    return wait(driver, EC.presence_of_element_located((By.ID, element_id))).text


def wait_for_id_text(driver, element_id: str, text: str, timeout: float = TIMEOUT) -> None:
    wait(driver, EC.text_to_be_present_in_element((By.ID, element_id), text), timeout)


def day_label(day) -> str:
    """A day chip's name, as the English page writes it ("Sat 12 Dec")."""
    with use_locale("en"):
        weekday = formatting.weekday_name(day.weekday(), "abbreviated").capitalize()
        return f"{weekday} {day.day} {formatting.month_name(day.month, 'abbreviated')}"


def book_party(driver, base_url: str, catalog, day, start: str, name: str) -> tuple[str, float]:
    """A parent books a party on a phone; returns the reference and when they pressed submit."""
    use_phone(driver)
    driver.get(base_url + f"/book?type=PARTY&package={catalog.package_id('Classic party')}")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "quote"), "RSD"))
    tap(driver, by_aria(driver, day_label(day), "button"))
    wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), formatting.day(day)))
    tap(driver, slot(driver, start))
    type_into(driver, "child_name", "Luka")
    type_into(driver, "child_age", "6")
    type_into(driver, "contact_name", name)
    type_into(driver, "email", "jelena@example.com")
    type_into(driver, "phone", "064 555 1234")
    submit = driver.find_element(By.ID, "submit-booking")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", submit)
    pressed = time.time()
    submit.click()
    wait(driver, EC.url_contains("/book/confirmed"))
    return text_of(driver, "booking-reference"), pressed
