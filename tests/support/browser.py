"""Headless Debian Chromium through Selenium; never a downloaded browser."""

import json
import secrets
import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from xplorium.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Where tests put their screenshots (git-ignored). docs/screenshots holds only the README's,
# taken deliberately.
SHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
PHONE = (390, 844)
DESKTOP = (1366, 900)


def new_browser(
    size: tuple[int, int] = DESKTOP,
    capture_websocket: bool = False,
    own_certificate: bool = False,
    language: str = "en",
) -> webdriver.Chrome:
    """Headless Chromium; `language` is its Accept-Language ("en": the English pages under
    /en, which the app picks for it; "sr": the Serbian pages at the plain paths)."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        raise RuntimeError("Debian's chromium and chromium-driver are required for browser tests")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={tempfile.mkdtemp(prefix='xp-chrome-')}",
        f"--window-size={size[0]},{size[1]}",
    ):
        options.add_argument(flag)
    if own_certificate:
        # A site behind the tests' nginx, with a throwaway self-signed certificate.
        options.accept_insecure_certs = True
    options.add_argument(f"--lang={language}")
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    if capture_websocket:
        # Chrome's DevTools network events include every websocket frame; see WebSocketLog.
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


def download_folder(driver) -> Path:
    """A new folder under test-artifacts where `driver` saves what it downloads."""
    folder = PROJECT_ROOT / "test-artifacts" / f"downloads-{secrets.token_hex(3)}"
    folder.mkdir(parents=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


# What a test may leave in the browser beside its tab: cookies, and storage of any origin.
_STORAGE = "local_storage,indexeddb,service_workers,cache_storage,websql,file_systems"


class SharedBrowser:
    """One Chromium for the `browser` tests of a session, with a clean slate for each test: a
    new tab (new session storage, no scripts or device overrides), no cookies, no storage,
    the desktop size. Its HTTP and code caches stay warm, so a page does not parse the app's
    JavaScript from cold in every test, and no test waits for a browser to start."""

    def __init__(self) -> None:
        self.driver: webdriver.Chrome | None = None

    def fresh(self) -> webdriver.Chrome:
        if self.driver is not None:
            try:
                self._reset()
            except Exception:  # noqa: BLE001 - a browser a test left unusable is replaced
                self.discard()
        if self.driver is None:
            self.driver = new_browser()
        return self.driver

    def _reset(self) -> None:
        driver = self.driver
        old = driver.window_handles
        driver.switch_to.new_window("tab")
        tab = driver.current_window_handle
        for handle in old:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(tab)
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": "*", "storageTypes": _STORAGE})
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "default"})
        driver.set_window_size(*DESKTOP)

    def discard(self) -> None:
        if self.driver is not None:
            try:
                self.driver.quit()
            finally:
                self.driver = None


# The page's sideways overflow in px, and the outermost elements that stick out past the
# viewport's right edge (tag#id.class and width), so a failure says what to fix.
_OVERFLOW_JS = """
const width = document.documentElement.clientWidth;
const extra = document.documentElement.scrollWidth - width;
const out = [];
if (extra > 1) {
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
      const owner = el.parentElement && el.parentElement.closest('[id]');
      out.push(name + ' ' + Math.round(box.width) + 'px' + (owner ? ' in #' + owner.id : ''));
      if (out.length >= 5) break;
    }
  }
}
return [extra, out];
"""


def sideways_overflow(driver) -> str:
    """ "" when the page fits its window's width; else how far it scrolls sideways and what
    sticks out."""
    extra, culprits = driver.execute_script(_OVERFLOW_JS)
    return f"scrolls {extra}px sideways: {', '.join(culprits)}" if extra > 1 else ""


def wait_for_text(driver, text: str, timeout: float = 30) -> None:
    WebDriverWait(driver, timeout).until(EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


def screenshot(driver, path: str, size: tuple[int, int]) -> None:
    """The whole page at this width, however long it is (up to 6000 px)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(*size)
    height = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
    )
    # A viewport as tall as the page: a window that tall still clips to its inner height.
    metrics = {
        "width": size[0],
        "height": max(size[1], min(height, 6000)),
        "deviceScaleFactor": 1,
        "mobile": False,
    }
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        driver.save_screenshot(path)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def sign_in_with_cookie(driver, base_url: str, token: str) -> None:
    """Give the browser a session cookie made in-process (tests/support/accounts.open_session).

    Faster than the sign-in form and not counted by its rate limit (5 per 15 minutes per IP,
    and every browser test comes from 127.0.0.1). The next page load carries the cookie.
    """
    from xplorium.constants import SESSION_COOKIE_NAME

    driver.get(base_url + "/api/health")
    driver.add_cookie(
        {"name": SESSION_COOKIE_NAME, "value": token, "path": "/", "httpOnly": True, "sameSite": "Lax"}
    )


class WebSocketLog:
    """Every websocket frame a `capture_websocket=True` browser sent and received."""

    def __init__(self, driver) -> None:
        self.driver = driver
        self.received: list[str] = []
        self.sent: list[str] = []

    def collect(self) -> "WebSocketLog":
        # The performance log is drained on each read, so collect often during a long flow.
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.webSocketFrameReceived":
                self.received.append(message["params"]["response"]["payloadData"])
            elif message["method"] == "Network.webSocketFrameSent":
                self.sent.append(message["params"]["response"]["payloadData"])
        return self
