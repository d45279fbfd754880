"""axe-core on every page the app has, public and back office: nothing serious or critical.

The app has one language (English). Moderate findings are listed as warnings.
"""

import warnings

import pytest
from selenium.webdriver.common.by import By

from tests.support.accounts import make_user, open_session
from tests.support.axe import BLOCKING, describe, scan, wait_settled
from tests.support.browser import new_browser, sign_in_with_cookie
from tests.support.site_pages import PARENT_ONLY, admin_party_path, admin_paths, public_paths

pytestmark = pytest.mark.browser


def _scan_all(driver, base_url: str, paths: list[str]) -> tuple[list[str], list[str]]:
    blocking, moderate = [], []
    for path in paths:
        driver.get(base_url + path)
        violations = scan(driver)
        blocking += describe(path, [v for v in violations if v["impact"] in BLOCKING])
        # The page's title is its one h1 (the logos are not headings).
        if (h1s := driver.execute_script("return document.querySelectorAll('h1').length")) != 1:
            blocking.append(f"{path}: {h1s} h1 elements")
        moderate += describe(path, [v for v in violations if v["impact"] not in BLOCKING])
    for line in moderate:
        warnings.warn(f"axe: {line}", stacklevel=1)
    return blocking, moderate


def test_public_pages_have_no_serious_violations(demo, app_server):
    driver = new_browser()
    try:
        blocking, _ = _scan_all(driver, app_server.url, [p for p in public_paths() if p not in PARENT_ONLY])
        sign_in_with_cookie(driver, app_server.url, open_session(make_user(name="Jelena Parent")))
        more, _ = _scan_all(driver, app_server.url, sorted(PARENT_ONLY))
    finally:
        driver.quit()
    assert not blocking + more, "\n".join(blocking + more)


def test_back_office_pages_have_no_serious_violations(app_server, admin_token):
    driver = new_browser()
    try:
        sign_in_with_cookie(driver, app_server.url, admin_token)
        paths = [p for p in admin_paths() if "[" not in p]
        blocking, _ = _scan_all(driver, app_server.url, paths)
        # The one dynamic page, reached the way staff reach it: a customer on the list.
        driver.get(app_server.url + "/admin/customers")
        wait_settled(driver)
        href = driver.find_element(By.CSS_SELECTOR, "main a[href*='/admin/customers/']").get_attribute("href")
        more, _ = _scan_all(driver, app_server.url, [href.removeprefix(app_server.url), admin_party_path()])
    finally:
        driver.quit()
    assert not blocking + more, "\n".join(blocking + more)
