"""No click leads to a 404: every link and form target on every page is a page or a working route.

A link to a backend route (a file export) must leave the page router alone: a plain download
link, which the browser fetches itself; the route must then answer with the staff's cookie.
"""

import re
from urllib.parse import urlparse

import httpx
import pytest

from tests.support.axe import wait_settled
from tests.support.browser import new_browser, sign_in_with_cookie
from tests.support.site_pages import PARENT_ONLY, admin_paths, public_paths, routes
from xplorium.components.links import LANGUAGE_ROUTE
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.i18n import LOCALES, localized

pytestmark = pytest.mark.browser

_TARGETS_JS = """
return [
  ...Array.from(document.querySelectorAll('a[href]')).map(a => ({
    url: a.href, download: a.hasAttribute('download'), blank: a.target === '_blank'})),
  ...Array.from(document.querySelectorAll('form[action]')).map(f => ({
    url: f.action, download: false, blank: false, form: true})),
];
"""
PAGE_PATTERNS = [
    re.compile("^" + re.sub(r"\[[^/]+\]", "[^/]+", localized(route, locale)) + "$")
    for route in routes()
    for locale in LOCALES
]


def _is_page(path: str) -> bool:
    path = path.rstrip("/") or "/"
    return any(pattern.match(path) for pattern in PAGE_PATTERNS)


def _targets(driver, base: str, paths: list[str]) -> dict[str, tuple[str, dict]]:
    """Every same-site target by URL, with the first page that shows it."""
    found: dict[str, tuple[str, dict]] = {}
    for path in paths:
        driver.get(base + path)
        wait_settled(driver)
        for target in driver.execute_script(_TARGETS_JS):
            url = urlparse(target["url"])
            if url.scheme in ("http", "https") and url.netloc == urlparse(base).netloc:
                found.setdefault(url._replace(fragment="").geturl(), (path, target))
    return found


def _problems(found: dict, cookie: str | None) -> list[str]:
    problems = []
    cookies = {SESSION_COOKIE_NAME: cookie} if cookie else {}
    for url, (page, target) in sorted(found.items()):
        path = urlparse(url).path
        if _is_page(path):
            continue
        if path == LANGUAGE_ROUTE:
            # The language switch is a full page load (reload_document) that redirects back.
            if (status := httpx.get(url, cookies=cookies, timeout=30).status_code) not in (302, 303, 307):
                problems.append(f"{page}: {url} answers {status}")
        elif not path.startswith("/api/"):
            problems.append(f"{page}: {url} is no page (a 404)")
        elif not (target["download"] or target["blank"]):
            problems.append(f"{page}: {url} is a route the page router would take (a 404 page)")
        elif (status := httpx.get(url, cookies=cookies, timeout=30).status_code) != 200:
            problems.append(f"{page}: {url} answers {status}")
    return problems


def test_no_link_on_any_page_leads_to_a_404(demo, app_server, admin_token):
    from tests.support.accounts import make_user, open_session

    base = app_server.url
    driver = new_browser()
    try:
        public = _targets(driver, base, [p for p in public_paths() if p not in PARENT_ONLY])
        parent = open_session(make_user(name="Link Parent"))
        sign_in_with_cookie(driver, base, parent)
        public |= _targets(driver, base, sorted(PARENT_ONLY))
        sign_in_with_cookie(driver, base, admin_token)
        staff = _targets(driver, base, [p for p in admin_paths() if "[" not in p])
        customer = next(u for u in staff if re.search(r"/admin/customers/[^/?]+$", u))
        staff |= _targets(driver, base, [urlparse(customer).path])
    finally:
        driver.quit()
    assert len(public) > 20 and len(staff) > 20  # the crawl saw the pages' links
    problems = _problems(public, parent) + _problems(staff, admin_token)
    assert not problems, "\n".join(problems)
