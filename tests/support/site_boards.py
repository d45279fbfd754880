"""Admin boards in headless Chromium on the site behind nginx (tests/support/deployment.py)."""

import pytest

from tests.support.backoffice import sign_in_browser
from tests.support.board import raw_redis, socket_owner, tab_token, wait_live
from tests.support.browser import new_browser

ATTEMPTS = 8


def open_site_board(site, admin):
    """A board signed in the real way (the app sets the session cookie through nginx)."""
    driver = new_browser(own_certificate=True)
    sign_in_browser(driver, site.url, admin, "/admin/board")
    wait_live(driver)
    # Survives only as long as the page is not reloaded.
    driver.execute_script("window.__xpNoReload = true;")
    return driver


def boards_on_both_instances(site, admins) -> list:
    """Two boards whose sockets sit on different instances (nginx balances: bounded attempts)."""
    opened, owners = [], {}
    try:
        for attempt in range(ATTEMPTS):
            driver = open_site_board(site, admins[attempt % len(admins)])
            opened.append(driver)
            owner = socket_owner(raw_redis(), tab_token(driver))
            assert owner, "the tab has no socket record in Redis"
            owners.setdefault(owner, driver)
            if len(owners) == 2:
                for extra in opened:
                    if extra not in owners.values():
                        extra.quit()
                return list(owners.values())
        pytest.fail(f"{ATTEMPTS} boards all landed on one instance: does nginx balance?")
    except BaseException:
        for driver in opened:
            driver.quit()
        raise
