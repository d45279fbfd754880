"""The HTTP routes that set and clear the HttpOnly cookies."""

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.support.accounts import PASSWORD, make_user, open_session, redeem
from tests.support.smtp import first_link
from xplorium.api import api, safe_next
from xplorium.constants import RESET_COOKIE_NAME, SESSION_COOKIE_NAME, SIGN_IN_BINDING_COOKIE
from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import Role
from xplorium.services import accounts, sessions
from xplorium.services.context import RequestContext


@pytest.fixture
def client(clean):
    return TestClient(api, base_url="http://testserver", follow_redirects=False)


def set_cookie_headers(response, name: str = SESSION_COOKIE_NAME) -> list[str]:
    return [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]


def ticket_for(email: str) -> sessions.PendingSession:
    return accounts.sign_in(RequestContext(ip="10.7.7.7"), email=email, password=PASSWORD).pending


def test_complete_sets_an_httponly_samesite_cookie_and_redirects_to_a_safe_next(client):
    make_user(Role.USER, email="cookie@example.com")
    response = redeem(client, ticket_for("cookie@example.com"), next="/events?x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/events?x=1"
    assert response.headers["cache-control"] == "no-store"
    (cookie,) = set_cookie_headers(response)
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert attributes[0].startswith(f"{SESSION_COOKIE_NAME}=")
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "path=/" in attributes
    assert any(a.startswith("max-age=604") for a in attributes)  # seven days
    token = cookie.split(";")[0].split("=", 1)[1]
    assert sessions.resolve(token).role == Role.USER


def test_complete_refuses_a_used_or_unknown_ticket(client):
    make_user(Role.ADMIN, email="desk@example.com")
    ticket = ticket_for("desk@example.com")
    first = redeem(client, ticket)
    assert first.headers["location"] == "/admin"
    again = redeem(client, ticket)
    assert again.headers["location"] == "/signin?expired=1"
    assert set_cookie_headers(again) == []
    assert (
        client.get("/api/auth/complete", params={"ticket": "made-up"}).headers["location"]
        == "/signin?expired=1"
    )


def test_a_ticket_redeemed_by_another_browser_is_refused(client):
    """Login CSRF: a ticket link opened in a browser that did not sign in signs nobody in."""
    make_user(Role.USER, email="attacker@example.com")
    pending = ticket_for("attacker@example.com")
    victim = TestClient(api, base_url="http://testserver", follow_redirects=False)
    refused = victim.get("/api/auth/complete", params={"ticket": pending.ticket})
    assert refused.headers["location"] == "/signin?expired=1"
    assert set_cookie_headers(refused) == []
    forged = redeem(
        victim, sessions.PendingSession(pending.ticket, ticket_for("attacker@example.com").binding)
    )
    assert set_cookie_headers(forged) == []
    # The browser that signed in still can, once, and its binding cookie is cleared.
    response = redeem(client, pending)
    assert len(set_cookie_headers(response)) == 1
    (cleared,) = set_cookie_headers(response, SIGN_IN_BINDING_COOKIE)
    assert "max-age=0" in cleared.lower()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "/api/auth/signout",
        "",
        "profile",
    ],
)
def test_next_never_leaves_the_site(target):
    assert safe_next(target, "/profile") == "/profile"


def test_sign_out_revokes_the_session_clears_the_cookie_and_is_audited(client):
    user = make_user(Role.USER)
    token = open_session(user)
    client.cookies.set(SESSION_COOKIE_NAME, token)
    response = client.post("/api/auth/signout", headers={"origin": "http://testserver"})
    assert response.status_code == 200
    (cookie,) = set_cookie_headers(response)
    assert cookie.startswith(f'{SESSION_COOKIE_NAME}=""') and "max-age=0" in cookie.lower()
    assert sessions.resolve(token) is None
    with session_scope() as session:
        assert [a.action for a in session.exec(select(AuditLog)).all()] == ["LOGOUT"]


def test_sign_out_from_another_site_is_refused(client):
    token = open_session(make_user(Role.USER))
    client.cookies.set(SESSION_COOKIE_NAME, token)
    response = client.post("/api/auth/signout", headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert sessions.resolve(token) is not None
    assert client.get("/api/auth/signout").status_code == 405


def test_reset_link_moves_the_token_into_an_httponly_cookie(client, smtp_sink):
    make_user(Role.USER, email="forgot@example.com")
    accounts.request_password_reset(RequestContext(ip="10.8.8.8"), email="forgot@example.com")
    link = first_link(smtp_sink.wait_for("forgot@example.com", "Reset"))
    token = link.split("token=")[1]
    response = client.get("/api/auth/reset", params={"token": token})
    assert response.headers["location"] == "/reset/new"
    assert response.headers["referrer-policy"] == "no-referrer"
    (cookie,) = set_cookie_headers(response, RESET_COOKIE_NAME)
    assert cookie.startswith(f"{RESET_COOKIE_NAME}={token}")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()

    bad = client.get("/api/auth/reset", params={"token": "nope"})
    assert bad.headers["location"] == "/reset?expired=1"
    done = client.get("/api/auth/reset/done")
    assert done.headers["location"] == "/signin?reset=1"
    assert set_cookie_headers(done, RESET_COOKIE_NAME)[0].startswith(f'{RESET_COOKIE_NAME}=""')
    with session_scope() as session:
        assert session.exec(select(User).where(User.email == "forgot@example.com")).one().password_hash
