"""The language switch route, the language at sign-in, and the page redirect by language."""

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.support.accounts import PASSWORD, make_user, open_session, redeem
from xplorium.api import api
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.i18n import COOKIE
from xplorium.models import User
from xplorium.models.enums import Role
from xplorium.services import accounts
from xplorium.services.context import RequestContext

HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def client(clean):
    return TestClient(api, base_url="http://testserver", follow_redirects=False)


def language_of(user_id: int) -> str | None:
    with session_scope() as session:
        return session.exec(select(User.language).where(User.id == user_id)).one()


def test_the_switch_opens_the_page_it_came_from_in_the_other_language_and_remembers_it(client):
    answer = client.get("/api/lang?to=en", headers={"referer": "http://testserver/book?type=PARTY"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/en/book?type=PARTY"
    assert f"{COOKIE}=en" in answer.headers["set-cookie"]

    back = client.get("/api/lang?to=sr_Latn", headers={"referer": "http://testserver/en/events/lego"})
    assert back.headers["location"] == "/events/lego"


def test_the_switch_ignores_other_sites_and_unknown_languages(client):
    elsewhere = client.get("/api/lang?to=en", headers={"referer": "https://evil.example/phish"})
    assert elsewhere.headers["location"] == "/en"
    unknown = client.get("/api/lang?to=de&next=/pricing")
    assert unknown.headers["location"] == "/pricing"
    assert COOKIE not in unknown.headers.get("set-cookie", "")


def test_a_signed_in_choice_is_stored_on_the_account(client):
    parent = make_user(Role.USER, email="lang@example.com")
    assert language_of(parent.id) is None
    client.cookies.set(SESSION_COOKIE_NAME, open_session(parent))
    client.get("/api/lang?to=en&next=/profile")
    assert language_of(parent.id) == "en"


def test_at_sign_in_the_accounts_language_applies_when_this_browser_never_chose(client):
    parent = make_user(Role.USER, email="chose@example.com")
    accounts.set_language(parent.id, "en")
    pending = accounts.sign_in(
        RequestContext(ip="10.7.7.8"), email="chose@example.com", password=PASSWORD
    ).pending
    answer = redeem(client, pending, next="/profile")
    assert answer.headers["location"] == "/en/profile"
    assert f"{COOKIE}=en" in " ".join(answer.headers.get_list("set-cookie"))


def test_at_sign_in_this_browsers_choice_wins_and_the_account_remembers_it(client):
    parent = make_user(Role.USER, email="device@example.com")
    accounts.set_language(parent.id, "en")
    client.cookies.set(COOKIE, "sr_Latn")
    pending = accounts.sign_in(
        RequestContext(ip="10.7.7.9"), email="device@example.com", password=PASSWORD
    ).pending
    answer = redeem(client, pending, next="/en/profile")
    assert answer.headers["location"] == "/profile"
    assert language_of(parent.id) == "sr_Latn"


def test_a_page_request_goes_to_the_remembered_or_asked_for_language(client):
    english = client.get("/pricing?x=1", headers={**HTML, "accept-language": "en-GB,en;q=0.9"})
    assert english.status_code == 307
    assert english.headers["location"] == "/en/pricing?x=1"

    client.cookies.set(COOKIE, "sr_Latn")
    chose_serbian = client.get("/en/pricing", headers={**HTML, "accept-language": "en"})
    assert chose_serbian.headers["location"] == "/pricing"


def test_routes_and_assets_are_never_redirected(client):
    for path in ("/api/health", "/favicon.ico", "/_event"):
        answer = client.get(path, headers={**HTML, "accept-language": "en"})
        assert answer.status_code != 307, path
