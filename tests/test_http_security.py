"""The HTTP layer in front of the routes: hosts, origins, security headers, the general limit,
and the client address behind a reverse proxy (xplorium/middleware.py)."""

import pytest
from starlette.testclient import TestClient

from tests.support.accounts import PASSWORD, make_user, open_session, redeem
from xplorium.api import api
from xplorium.config import settings
from xplorium.constants import GENERAL_LIMIT, SESSION_COOKIE_NAME
from xplorium.models.enums import Role
from xplorium.services import accounts
from xplorium.services.context import RequestContext, client_address

OWN = "http://testserver"
EXPORTS = ("/api/admin/bookings.csv", "/api/admin/customers/marketing.csv")


@pytest.fixture
def admin_client(clean):
    client = TestClient(api, base_url=OWN, follow_redirects=False)
    client.cookies.set(SESSION_COOKIE_NAME, open_session(make_user(Role.ADMIN)))
    return client


@pytest.mark.parametrize("path", EXPORTS)
def test_a_foreign_origin_cannot_use_an_admins_cookie(admin_client, path):
    """A page on another port of the same host, in the admin's browser, gets nothing."""
    for foreign in ("http://testserver:8081", "https://evil.example", "null"):
        response = admin_client.get(path, headers={"origin": foreign})
        assert response.status_code == 403
        assert "access-control-allow-origin" not in response.headers
        assert "@" not in response.text
    assert admin_client.get(path, headers={"origin": OWN}).status_code == 200
    # Top-level navigations (a link, the address bar) send no Origin at all.
    assert admin_client.get(path).status_code == 200


def test_a_foreign_origin_cannot_sign_a_browser_out(admin_client):
    response = admin_client.post("/api/auth/signout", headers={"origin": "http://testserver:9999"})
    assert response.status_code == 403
    assert response.headers.get_list("set-cookie") == []


def test_an_unknown_host_is_refused_and_never_used_in_a_redirect(clean):
    client = TestClient(api, base_url="http://evil.example", follow_redirects=False)
    for path in ("/api/auth/complete?ticket=x", "/api/auth/reset?token=x", "/api/health"):
        response = client.get(path)
        assert response.status_code == 400
        assert "location" not in response.headers
    assert TestClient(api, base_url=OWN).get("/api/health").status_code == 200


def test_every_answer_carries_the_security_headers(clean):
    response = TestClient(api, base_url=OWN, follow_redirects=False).get("/api/auth/complete?ticket=x")
    assert response.status_code == 303
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "default-src 'self'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    # Not in development: HSTS would pin a developer's localhost to https.
    assert "strict-transport-security" not in response.headers


def test_production_answers_add_hsts(clean, monkeypatch):
    monkeypatch.setattr(settings, "environment", "production")
    response = TestClient(api, base_url=OWN).get("/api/health")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_general_limit_applies_to_the_http_routes(clean):
    limit, _window = GENERAL_LIMIT
    client = TestClient(api, base_url=OWN, follow_redirects=False)
    answers = [client.get("/api/auth/complete?ticket=x").status_code for _ in range(limit + 1)]
    assert answers[:limit] == [303] * limit
    refused = client.get("/api/admin/bookings.csv")
    assert answers[limit] == 429 and refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "try again" in refused.json()["message"]
    # Health checks are polled by monitors and stay outside the limit.
    assert client.get("/api/health").status_code == 200


def test_forwarded_for_is_read_only_from_a_trusted_proxy(monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxies", ("10.0.0.0/8",))
    # A client talking to the app directly cannot choose its address.
    assert client_address("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    # Behind the proxy: the address the proxy saw, not what the client wrote before it.
    assert client_address("10.0.0.2", "203.0.113.9, 198.51.100.7") == "198.51.100.7"
    assert client_address("10.0.0.2", "198.51.100.7, 10.0.0.3") == "198.51.100.7"
    assert client_address("10.0.0.2", None) == "10.0.0.2"
    monkeypatch.setattr(settings, "trusted_proxies", ())
    assert client_address("10.0.0.2", "203.0.113.9") == "10.0.0.2"


def test_rate_limits_count_the_forwarded_client_behind_a_trusted_proxy(clean, monkeypatch):
    """Behind the proxy every client has its own budget; without trust they would share one."""
    monkeypatch.setattr(settings, "trusted_proxies", ("127.0.0.0/8",))
    limit, _window = GENERAL_LIMIT
    client = TestClient(api, base_url=OWN, follow_redirects=False, client=("127.0.0.1", 5000))
    for _ in range(limit):
        assert client.get("/api/auth/complete", headers={"x-forwarded-for": "203.0.113.1"}).status_code == 303
    assert client.get("/api/auth/complete", headers={"x-forwarded-for": "203.0.113.1"}).status_code == 429
    assert client.get("/api/auth/complete", headers={"x-forwarded-for": "203.0.113.2"}).status_code == 303


def test_the_session_cookie_is_secure_in_production(clean, monkeypatch):
    make_user(Role.USER, email="secure@example.com")
    pending = accounts.sign_in(
        RequestContext(ip="10.7.7.8"), email="secure@example.com", password=PASSWORD
    ).pending
    monkeypatch.setattr(settings, "environment", "production")
    response = redeem(TestClient(api, base_url=OWN, follow_redirects=False), pending)
    (cookie,) = [
        c for c in response.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE_NAME}=")
    ]
    assert "secure" in [part.strip().lower() for part in cookie.split(";")]
