"""Using a page with the keyboard only: Tab to a control, then press keys on it."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

TAB_LIMIT = 150


def press(driver, *keys: str) -> None:
    actions = ActionChains(driver)
    for key in keys:
        actions.send_keys(key)
    actions.perform()


def focused_matches(driver, selector: str) -> bool:
    return driver.execute_script(
        "const el = document.activeElement; return !!(el && el.matches(arguments[0]));", selector
    )


def tab_to(driver, selector: str, limit: int = TAB_LIMIT):
    """Press Tab until the focused element matches `selector`; it must be reachable that way."""
    for _ in range(limit):
        if focused_matches(driver, selector):
            return driver.switch_to.active_element
        press(driver, Keys.TAB)
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def focus_summary(driver) -> str:
    return driver.execute_script(
        "const el = document.activeElement;"
        "return el ? el.tagName + '#' + el.id + ' ' + (el.getAttribute('aria-label') || el.textContent.slice(0, 40)) : '';"
    )
