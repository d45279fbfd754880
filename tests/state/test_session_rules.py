"""Session rules as a handler sees them: expiry, staff idle timeout, sign-out and block take
effect at the very next event; and nothing secret is in the state Reflex sends or in logs."""

import pytest
from reflex_base.utils import format as rx_format
from sqlmodel import select
from starlette.testclient import TestClient

import xplorium.xplorium  # noqa: F401  (registers every page and state)
from tests.support.accounts import PASSWORD, make_user, open_session, redeem
from tests.support.smtp import first_link
from tests.support.states import drive, new_root, redirect_target, substate
from xplorium.api import api
from xplorium.constants import RESET_COOKIE_NAME, SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import PasswordResetToken, User, UserSession
from xplorium.models.enums import Role
from xplorium.services import accounts, clock, user_admin
from xplorium.services.context import RequestContext
from xplorium.state.account import ProfileState, ResetPasswordState, SignInState
from xplorium.state.backoffice.home import AdminHomeState


def load_admin_page(token: str):
    root = new_root(token)
    state = substate(root, AdminHomeState)
    return state, redirect_target(drive(state.load()))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPER_ADMIN])
def test_staff_are_refused_after_30_idle_minutes(clean, role):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        token = open_session(make_user(role))
        fake.advance(minutes=29)
        assert load_admin_page(token)[1] is None
        fake.advance(minutes=29)
        assert load_admin_page(token)[1] is None
        fake.advance(minutes=30)
        state, redirect = load_admin_page(token)
        assert redirect == "/en/signin?next=/en/admin"
        assert state.loaded is False


def test_parent_is_refused_seven_days_after_signing_in(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        token = open_session(make_user(Role.USER, name="Vesna"))
        fake.advance(days=6, hours=23)
        root = new_root(token, path="/profile")
        profile = substate(root, ProfileState)
        assert redirect_target(drive(profile.load())) is None
        assert profile.name == "Vesna"
        fake.advance(hours=1)
        root = new_root(token, path="/profile")
        assert redirect_target(drive(substate(root, ProfileState).load())) == "/en/signin?next=/en/profile"


def test_sign_out_ends_the_session_at_the_next_event(clean):
    token = open_session(make_user(Role.ADMIN))
    root = new_root(token)
    state = substate(root, AdminHomeState)
    assert redirect_target(drive(state.load())) is None

    client = TestClient(api, base_url="http://testserver")
    client.cookies.set(SESSION_COOKIE_NAME, token)
    assert client.post("/api/auth/signout").status_code == 200

    # Same websocket connection, same cookie header: refused now.
    assert redirect_target(drive(state.refresh_notifications())) == "/en/signin?next=/en/admin"


def test_blocking_ends_the_session_at_the_next_event(clean):
    boss = make_user(Role.SUPER_ADMIN)
    admin = make_user(Role.ADMIN)
    root = new_root(open_session(admin))
    state = substate(root, AdminHomeState)
    assert redirect_target(drive(state.load())) is None

    user_admin.set_blocked(RequestContext(actor_id=boss.id, actor_role=Role.SUPER_ADMIN), admin.id, True)

    assert redirect_target(drive(state.mark_all_read())) == "/en/signin?next=/en/admin"
    # Unblocking does not revive the ended session.
    user_admin.set_blocked(RequestContext(actor_id=boss.id, actor_role=Role.SUPER_ADMIN), admin.id, False)
    assert redirect_target(drive(state.load())) == "/en/signin?next=/en/admin"


def test_demoted_admin_is_refused_at_the_next_event(clean):
    boss = make_user(Role.SUPER_ADMIN)
    admin = make_user(Role.ADMIN)
    root = new_root(open_session(admin))
    state = substate(root, AdminHomeState)
    user_admin.change_role(RequestContext(actor_id=boss.id, actor_role=Role.SUPER_ADMIN), admin.id, Role.USER)
    assert redirect_target(drive(state.load())) == "/en/signin?next=/en/admin"


def test_no_secret_in_the_state_sent_to_the_browser(clean, smtp_sink):
    """Reflex sends the serialized state tree; it must hold no token, hash or password.

    (The server log is checked at INFO level by the browser flow in tests/e2e/test_accounts.py.)
    """
    make_user(Role.ADMIN, email="staff@example.com")
    make_user(Role.USER, email="parent@example.com")
    staff_pending = accounts.sign_in(
        RequestContext(ip="10.4.4.4"), email="staff@example.com", password=PASSWORD
    ).pending
    client = TestClient(api, base_url="http://testserver", follow_redirects=False)
    token = redeem(client, staff_pending).cookies[SESSION_COOKIE_NAME]
    accounts.request_password_reset(RequestContext(ip="10.4.4.4"), email="parent@example.com")
    reset_token = first_link(smtp_sink.wait_for("parent@example.com", "Reset")).split("token=")[1]

    # One browser tab's whole state tree, with both cookies on its connection.
    root = new_root(token, extra_cookies=f"{RESET_COOKIE_NAME}={reset_token}")
    drive(substate(root, AdminHomeState).load())
    drive(substate(root, ProfileState).load())
    drive(substate(root, SignInState).load())
    drive(substate(root, ResetPasswordState).load())
    assert substate(root, ResetPasswordState).link_valid
    sent = rx_format.json_dumps(root.dict()) + rx_format.json_dumps(root.get_delta())

    with session_scope() as session:
        hashes = [u.password_hash for u in session.exec(select(User)).all()]
        hashes += [s.token_hash for s in session.exec(select(UserSession)).all()]
        hashes += [r.token_hash for r in session.exec(select(PasswordResetToken)).all()]
    assert "staff@example.com" in sent  # the tree really holds the signed-in data
    for secret in [token, reset_token, staff_pending.ticket, staff_pending.binding, PASSWORD, *hashes]:
        assert secret not in sent
