"""A script that speaks Reflex's socket.io protocol directly (no browser, no page) and calls
back-office handlers by name gets no back-office data and changes nothing without a
staff session.

The frontend connects to the `/_event` namespace at path `/_event` with its tab token in
the query string and emits "event" with {name, payload, router_data}; the server answers
with "event" messages carrying state deltas and frontend events.
"""

import pytest
from sqlmodel import select

from tests.support.accounts import make_user, open_session, session_rows
from tests.support.raw_client import RawClient
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import Notification
from xplorium.models.enums import NotificationKind, Role
from xplorium.state.backoffice.home import AdminHomeState

pytestmark = pytest.mark.browser

ADMIN_NAME = "Dragana Upravnica"
NOTE_TITLE = "Birthday party for Luka at 15:00"


def handler_name(name: str) -> str:
    return f"{AdminHomeState.get_full_name()}.{name}"


@pytest.fixture
def admin_with_inbox(clean):
    admin = make_user(Role.ADMIN, name=ADMIN_NAME)
    token = open_session(admin)
    with session_scope() as session:
        session.add(Notification(user_id=admin.id, kind=NotificationKind.NEW_BOOKING, title=NOTE_TITLE))
    return admin, token


def unread(admin_id: int) -> int:
    with session_scope() as session:
        return len(
            session.exec(
                select(Notification).where(Notification.user_id == admin_id, Notification.read_at.is_(None))
            ).all()
        )


def test_admin_handlers_called_without_a_session_return_nothing_and_change_nothing(
    app_server, admin_with_inbox
):
    admin, _token = admin_with_inbox
    with RawClient(app_server.url) as client:
        for name in ("load", "refresh_notifications", "mark_all_read", "sign_out_everywhere"):
            client.call(handler_name(name))
        everything = client.settle()

    assert ADMIN_NAME not in everything and NOTE_TITLE not in everything
    admin_state = AdminHomeState.get_full_name()
    for delta in client.deltas():
        assert admin_state not in delta, f"back-office state was sent: {delta.get(admin_state)}"
    # The only answer: a toast and a redirect to sign in, once per call.
    names = [e["name"] for e in client.frontend_events()]
    assert set(names) == {"_call_function", "_redirect"}
    assert {e["payload"]["path"] for e in client.frontend_events() if e["name"] == "_redirect"} == {
        "/en/signin?next=/en/admin"
    }
    assert unread(admin.id) == 1
    assert all(row.revoked_at is None for row in session_rows(admin.id))


def test_a_parent_session_gets_nothing_either(app_server, admin_with_inbox):
    admin, _token = admin_with_inbox
    parent_token = open_session(make_user(Role.USER, name="Roditelj"))
    with RawClient(app_server.url, cookie=f"{SESSION_COOKIE_NAME}={parent_token}") as client:
        client.call(handler_name("load"))
        client.call(handler_name("mark_all_read"))
        everything = client.settle()
    assert NOTE_TITLE not in everything
    assert all(AdminHomeState.get_full_name() not in d for d in client.deltas())
    assert unread(admin.id) == 1


def test_the_same_client_with_the_admins_cookie_does_get_the_data(app_server, admin_with_inbox):
    """Control: the raw client really reaches the handler, so the refusals above are real."""
    _admin, token = admin_with_inbox
    with RawClient(app_server.url, cookie=f"{SESSION_COOKIE_NAME}={token}") as client:
        client.call(handler_name("load"))
        everything = client.settle()
    assert ADMIN_NAME in everything and NOTE_TITLE in everything
    assert token not in everything
