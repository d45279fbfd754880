"""A parent books through nginx over https; admin boards on both instances show it.

Also what the proxy itself must get right: static files with the app's security headers,
the redirect to https, the Secure session cookie, the client's address (not nginx's) in the
audit log, and rate limits that count one client across both instances.
"""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.board import card, raw_redis, seen_at, text, watch
from tests.support.booking_form import book_party, wait
from tests.support.browser import new_browser
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from tests.support.site_boards import boards_on_both_instances
from xplorium.config import settings
from xplorium.constants import GENERAL_LIMIT, SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.middleware import security_headers
from xplorium.models import AuditLog, Booking
from xplorium.models.enums import Role

pytestmark = pytest.mark.browser

BROWSER_ADDRESS = "127.0.0.1"
# Seconds from pressing "Book" to the card on a board; the issue asks for 1 s from the commit,
# the margin covers the booking itself and a loaded 2-core CI machine.
FANOUT_LIMIT = 5.0


def test_nginx_serves_the_build_with_the_apps_headers(site):
    with site.client() as client:
        page = client.get("/", headers={"Accept-Encoding": "gzip"})
        proxied = client.get("/api/live")
        assert page.status_code == 200 and "<html" in page.text
        assert page.headers["server"].startswith("nginx")
        assert page.headers["content-encoding"] == "gzip"  # the build's precompressed file
        # The static files carry exactly the headers the (production) app puts on its answers.
        names = [*security_headers(site.address), "Strict-Transport-Security"]
        apps = {name: proxied.headers.get(name) for name in names}
        assert None not in apps.values(), apps
        assert {name: page.headers.get(name) for name in names} == apps
        assert f"connect-src 'self' wss://{site.address};" in apps["Content-Security-Policy"]
        assert proxied.json() == {"status": "ok"}

        assert client.get("/book").status_code == 200
        assert client.get("/events/some-event").status_code == 200  # rendered in the browser
        missing = client.get("/no-such-page")
        assert missing.status_code == 404 and "<html" in missing.text
    with site.client() as client:
        insecure = client.get(
            f"http://{site.address}:{site.nginx.http_port}/book?type=PARTY", follow_redirects=False
        )
        assert insecure.status_code == 301
        assert insecure.headers["location"] == f"https://{site.address}/book?type=PARTY"


def test_nginx_sends_a_page_to_the_visitors_language_as_the_app_does(site):
    page = {"Accept": "text/html"}
    english, serbian = {**page, "Accept-Language": "en-GB,en;q=0.9"}, {**page, "Accept-Language": "sr-RS,sr"}
    with site.client() as client:

        def goes(path: str, headers: dict, cookies: dict | None = None) -> str:
            answer = client.get(path, headers=headers, cookies=cookies, follow_redirects=False)
            if answer.status_code != 307:
                return f"stays {answer.status_code}"
            return answer.headers["location"].removeprefix(site.url)

        assert goes("/book?type=PARTY", english) == "/en/book?type=PARTY"
        assert goes("/", {**page, "Accept-Language": "de-DE,de;q=0.9,en;q=0.8"}) == "/en"
        assert goes("/book", serbian) == "stays 200"
        assert goes("/en/book", serbian) == "/book"
        assert goes("/en", serbian) == "/"
        # The visitor's choice beats the browser's; files are never redirected.
        assert goes("/book", english, {"xp_lang": "sr_Latn"}) == "stays 200"
        assert goes("/book", serbian, {"xp_lang": "en"}) == "/en/book"
        assert goes("/404.html", english) == "stays 200"
        assert goes("/book", {"Accept-Language": "en"}) == "stays 200"


def test_a_client_is_one_client_on_every_instance(clean, site):
    limit, _window = GENERAL_LIMIT
    try:
        with site.client() as client:
            # nginx replaces a client's own X-Forwarded-For: a made-up address changes nothing.
            answers = [
                client.get("/api/auth/reset/done", headers={"X-Forwarded-For": f"198.51.100.{n}"})
                for n in range(limit + 1)
            ]
        # nginx takes turns: the answers came from both instances.
        assert [a.status_code for a in answers[:limit]] == [303] * limit
        assert answers[limit].status_code == 429
        # One counter (keyed by a hash of the address): every answer counted the same client.
        assert len(list(raw_redis().scan_iter(match=f"{settings.redis_prefix}rl:*"))) == 1
    finally:
        for key in raw_redis().scan_iter(match=f"{settings.redis_prefix}rl:*"):
            raw_redis().delete(key)


def test_a_booking_through_the_proxy_reaches_boards_on_both_instances(catalog, site, smtp_sink):
    admins = [make_user(Role.ADMIN, name="Desk One"), make_user(Role.ADMIN, name="Desk Two")]
    boards = boards_on_both_instances(site, admins)
    parent = new_browser(own_certificate=True)
    try:
        for board in boards:
            cookie = board.get_cookie(SESSION_COOKIE_NAME)
            assert cookie["secure"] and cookie["httpOnly"], cookie  # set by the app through nginx
            assert text(board, "count-pending") == "0"
            watch(board, "[id^='booking-XP-']")

        reference, pressed = book_party(
            parent, site.url, catalog, next_weekday(5), "14:00", "Jelena Petrović"
        )
        arrived = [seen_at(board, "[id^='booking-XP-']") - pressed for board in boards]
        for board in boards:
            assert "Jelena Petrović" in board.find_element(By.CSS_SELECTOR, card("pending", reference)).text
            wait(board, EC.text_to_be_present_in_element((By.ID, "count-pending"), "1"))
        assert max(arrived) < FANOUT_LIMIT, arrived

        with session_scope() as session:
            booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
            created = session.exec(
                select(AuditLog).where(AuditLog.entity == "booking", AuditLog.entity_id == str(booking.id))
            ).first()
        # The browser's address, from nginx's X-Forwarded-For; the instances' peer was nginx.
        assert created is not None and created.ip == BROWSER_ADDRESS != site.address
        # The confirmation was sent by the separate worker (this process runs no jobs here).
        # (Earlier tests of the session wrote to the same parent: find this booking's message.)
        deadline = time.monotonic() + 30
        while not any(reference in m.body for m in smtp_sink.messages("jelena@example.com", run_queue=False)):
            assert time.monotonic() < deadline, f"no confirmation of {reference} arrived in 30 s"
            time.sleep(0.2)
    finally:
        parent.quit()
        for board in boards:
            board.quit()
