"""Driving admin boards in headless Chromium, and looking at Reflex's records in Redis."""

import pickle
import time

import redis
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.browser import DESKTOP, new_browser, sign_in_with_cookie
from xplorium.config import settings

# Reflex's RedisTokenManager keeps one record per connected tab: which backend worker
# (instance_id) holds its websocket (reflex/utils/token_manager.py).
SOCKET_RECORD_PREFIX = "token_manager_socket_record_"

# Records, in the page itself, when watched elements first appear (no polling delay).
_WATCH_JS = """
window.__xpSeen = window.__xpSeen || {};
window.__xpWatch = window.__xpWatch || [];
if (!window.__xpObserver) {
  const check = () => {
    for (const selector of window.__xpWatch) {
      if (!window.__xpSeen[selector] && document.querySelector(selector)) {
        window.__xpSeen[selector] = Date.now();
      }
    }
  };
  window.__xpObserver = new MutationObserver(check);
  window.__xpObserver.observe(document.body, {subtree: true, childList: true, attributes: true});
}
window.__xpWatch.push(arguments[0]);
"""


def raw_redis() -> redis.Redis:
    return redis.Redis.from_url(settings.redis_url)


def open_board(base_url: str, session_token: str, path: str = "/admin/board", size=DESKTOP):
    driver = new_browser(size)
    sign_in_with_cookie(driver, base_url, session_token)
    driver.get(base_url + path)
    wait_live(driver)
    # Survives only as long as the page is not reloaded.
    driver.execute_script("window.__xpNoReload = true;")
    return driver


def wait_live(driver, timeout: float = 60) -> None:
    """Until the screen is linked to the board (the header's Live badge)."""
    WebDriverWait(driver, timeout).until(EC.text_to_be_present_in_element((By.ID, "live-badge"), "Live"))


def not_reloaded(driver) -> bool:
    return driver.execute_script("return window.__xpNoReload === true;")


def tab_token(driver) -> str:
    """The Reflex client token of this tab (sessionStorage, as the frontend keeps it)."""
    return driver.execute_script("return window.sessionStorage.getItem('token');")


def socket_owner(client: redis.Redis, token: str) -> str | None:
    """The instance_id of the backend worker holding this tab's websocket."""
    raw = client.get(SOCKET_RECORD_PREFIX + token)
    return pickle.loads(raw).instance_id if raw else None  # noqa: S301 - Reflex's own record


def watch(driver, selector: str) -> None:
    driver.execute_script(_WATCH_JS, selector)


def seen_at(driver, selector: str, timeout: float = 15) -> float:
    """Epoch seconds at which `selector` first matched in the page (waits up to `timeout`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stamp = driver.execute_script("return (window.__xpSeen || {})[arguments[0]] || null;", selector)
        if stamp:
            return stamp / 1000
        time.sleep(0.05)
    raise AssertionError(f"{selector} did not appear within {timeout}s")


def card(column: str, reference: str) -> str:
    return f"#column-{column} #booking-{reference}"


def text(driver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text
