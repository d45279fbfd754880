"""Reflow (WCAG 1.4.10): every public page at 320 px, the back office at 200 % zoom of a 1366 px window.

Screenshots of each page go to test-artifacts/screenshots/reflow/ (git-ignored) for a look.
"""

import pytest
from selenium.webdriver.common.by import By

from tests.support.accounts import make_user, open_session
from tests.support.axe import wait_settled
from tests.support.browser import SHOTS as BROWSER_SHOTS
from tests.support.browser import new_browser, sideways_overflow, sign_in_with_cookie
from tests.support.site_pages import PARENT_ONLY, admin_party_path, admin_paths, public_paths

pytestmark = pytest.mark.browser

SHOTS = BROWSER_SHOTS / "reflow"
NARROW = 320
ZOOMED = {"width": 1366 // 2, "height": 900 // 2, "deviceScaleFactor": 2, "mobile": False}

# A control cut off: past the viewport's right edge, or its text wider than its box.
_CLIPPED_JS = """
const el = arguments[0];
const box = el.getBoundingClientRect();
return box.right > window.innerWidth + 0.5 || box.left < -0.5 || el.scrollWidth > el.clientWidth + 1;
"""


def _shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / name))


def _check_narrow(driver, path: str) -> list[str]:
    problems = []
    wait_settled(driver)
    _shot(driver, f"320{path.replace('/', '_') or '_home'}.png")
    if overflow := sideways_overflow(driver):
        problems.append(f"{path}: {overflow}")
    for label in ("Open menu", "Book now"):
        found = driver.find_elements(
            By.XPATH, f"//header//*[@aria-label='{label}' or normalize-space()='{label}']"
        )
        if not found:
            problems.append(f"{path}: no '{label}' in the header")
        elif driver.execute_script(_CLIPPED_JS, found[0]):
            problems.append(f"{path}: '{label}' is cut off")
    return problems


def test_public_pages_reflow_at_320_px(demo, app_server):
    driver = new_browser()
    try:
        driver.set_window_size(NARROW, 740)
        assert driver.execute_script("return window.innerWidth") == NARROW
        problems = []
        for path in [p for p in public_paths() if p not in PARENT_ONLY]:
            driver.get(app_server.url + path)
            problems += _check_narrow(driver, path)
        sign_in_with_cookie(driver, app_server.url, open_session(make_user(name="Narrow Parent")))
        for path in sorted(PARENT_ONLY):
            driver.get(app_server.url + path)
            problems += _check_narrow(driver, path)
    finally:
        driver.quit()
    assert not problems, "\n".join(problems)


def test_back_office_is_usable_at_200_percent_zoom(app_server, admin_token):
    driver = new_browser()
    try:
        sign_in_with_cookie(driver, app_server.url, admin_token)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", ZOOMED)
        problems = []
        for path in [*(p for p in admin_paths() if "[" not in p), admin_party_path()]:
            driver.get(app_server.url + path)
            wait_settled(driver)
            _shot(driver, f"zoom200{path.replace('/', '_')}.png")
            if overflow := sideways_overflow(driver):
                problems.append(f"{path}: {overflow}")
            menu = driver.find_elements(By.XPATH, "//header//*[@aria-label='Open menu']")
            if not menu or not menu[0].is_displayed():
                problems.append(f"{path}: no navigation menu at this size")
        # The content editor keeps a usable width (it was squeezed to about 40 px).
        driver.get(app_server.url + "/admin/content")
        wait_settled(driver)
        width = driver.find_element(By.ID, "headline").size["width"]
        assert width >= 280, f"the headline field is {width}px wide"
    finally:
        driver.quit()
    assert not problems, "\n".join(problems)
