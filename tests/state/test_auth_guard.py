"""Every back-office handler checks the role on the server, from the session cookie.

The handlers are found by walking the subclasses of StaffState (not a hand-written list),
so a new state or a new handler without `require_roles` makes these tests fail.
"""

import inspect
import subprocess
import sys
import textwrap
import types
import typing

import pytest
import sqlalchemy as sa
from reflex_base.registry import RegistrationContext
from reflex_base.utils import format as rx_format
from sqlmodel import SQLModel

import xplorium.xplorium  # noqa: F401  (registers every page and state, as the app does)
from tests.support.accounts import make_user, open_session, session_rows
from tests.support.states import drive, error_toasts, new_root, redirect_target, state_snapshot, substate
from xplorium.config import PROJECT_ROOT
from xplorium.db import session_scope
from xplorium.models import Notification
from xplorium.models.enums import ALL_ROLES, STAFF_ROLES, NotificationKind, Role
from xplorium.state import auth
from xplorium.state.auth import (
    StaffState,
    required_roles_of,
    staff_event_handlers,
    staff_state_classes,
    unguarded_handlers,
)
from xplorium.state.backoffice.home import AdminHomeState
from xplorium.state.backoffice.users import UsersAdminState

STAFF_HANDLERS = list(staff_event_handlers())
SUPER_ADMIN_ONLY = [
    (cls, name, h) for cls, name, h in STAFF_HANDLERS if required_roles_of(h.fn) == {Role.SUPER_ADMIN}
]


def _dummy(annotation) -> object:
    origin = typing.get_origin(annotation) or annotation
    if origin in (types.UnionType, typing.Union):
        return _dummy(typing.get_args(annotation)[0])
    for kind, value in ((bool, True), (int, 1), (float, 1.0), (str, "x"), (dict, {}), (list, [])):
        if origin is kind:
            return value
    return None


def _arguments(handler) -> dict:
    hints = handler._get_type_hints()
    parameters = list(inspect.signature(handler.fn).parameters.values())[1:]
    return {
        p.name: _dummy(hints.get(p.name))
        for p in parameters
        if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    }


def _database_snapshot(engine) -> dict:
    snapshot = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(sa.select(table)).all()
            snapshot[table.name] = sorted(map(repr, rows))
    return snapshot


def test_every_staff_state_is_found_and_every_handler_is_guarded():
    classes = staff_state_classes()
    assert StaffState in classes
    assert AdminHomeState in classes
    assert {"load", "refresh_notifications", "mark_all_read", "sign_out_everywhere"} <= set(
        AdminHomeState.event_handlers
    )
    assert unguarded_handlers() == []
    for _cls, _name, handler in staff_event_handlers():
        roles = required_roles_of(handler.fn)
        assert roles, handler
        assert Role.USER not in roles


def test_the_enumeration_does_not_depend_on_what_was_imported_before():
    """Run in a process that imported only the auth module, the walk finds every handler
    this fully loaded process finds (a state module imported lazily is not missed)."""
    script = "from xplorium.state.auth import staff_event_handlers\nprint(len(list(staff_event_handlers())))"
    done = subprocess.run(  # noqa: S603 - fixed interpreter and script
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert int(done.stdout.strip().splitlines()[-1]) == len(STAFF_HANDLERS)
    assert len(STAFF_HANDLERS) >= 150


def test_enumeration_covers_every_registered_handler_of_staff_states():
    """Whatever Reflex registered as callable on a staff state is in the enumeration."""
    enumerated = {rx_format.format_event_handler(handler) for _cls, _name, handler in staff_event_handlers()}
    registered = {
        name
        for name, entry in RegistrationContext.get().event_handlers.items()
        if entry.states and issubclass(entry.states[0], StaffState)
    }
    assert registered
    assert registered <= enumerated


def _refused_and_unchanged(state_cls, name, handler, token) -> None:
    """Call the handler as the holder of `token` (None: anonymous): refused, state untouched."""
    root = new_root(token)
    state = substate(root, state_cls)
    before_state = state_snapshot(root)

    events = drive(getattr(state, name)(**_arguments(handler)))

    assert redirect_target(events) == "/en/signin?next=/en/admin"
    assert state_snapshot(root) == before_state
    assert root.get_delta() == {} or all(not v for v in root.get_delta().values())


def _without_sessions(snapshot: dict) -> dict:
    # Sessions are checked apart: a refused staff member's session may be touched (last seen).
    return {table: rows for table, rows in snapshot.items() if table != "user_sessions"}


@pytest.mark.parametrize(
    ("state_cls", "name", "handler"),
    STAFF_HANDLERS,
    ids=[f"{cls.__name__}.{name}" for cls, name, _h in STAFF_HANDLERS],
)
def test_staff_handler_refuses_everyone_else_and_changes_nothing(clean, state_cls, name, handler):
    """Anonymous, a parent (USER), every staff role the handler does not allow, and a blocked
    member of a role it allows: each is refused, and neither the state nor the database changes."""
    allowed = required_roles_of(handler.fn)
    admin = make_user(Role.ADMIN)
    admin_token = open_session(admin)
    with session_scope() as session:
        session.add(Notification(user_id=admin.id, kind=NotificationKind.NEW_BOOKING, title="New booking"))
    parent = make_user(Role.USER)
    wrong_roles = [make_user(role) for role in STAFF_ROLES if role not in allowed]
    blocked = make_user(Role.ADMIN if Role.ADMIN in allowed else Role.SUPER_ADMIN)
    blocked_token = open_session(blocked)
    with clean.begin() as conn:
        conn.execute(sa.text("UPDATE users SET is_blocked = true WHERE id = :id"), {"id": blocked.id})
    before_db = _without_sessions(_database_snapshot(clean))

    for token in [None, open_session(parent), *(open_session(user) for user in wrong_roles), blocked_token]:
        _refused_and_unchanged(state_cls, name, handler, token)

    assert _without_sessions(_database_snapshot(clean)) == before_db
    # Only the blocked member's session ends (at this event); nobody else's.
    for user in [admin, parent, *wrong_roles]:
        assert all(row.revoked_at is None for row in session_rows(user.id)), admin_token
    assert all(row.revoked_at is not None for row in session_rows(blocked.id))


def test_the_role_sets_are_defined_once():
    assert STAFF_ROLES == (Role.ADMIN, Role.SUPER_ADMIN)
    assert set(ALL_ROLES) == set(Role) == {Role.USER, *STAFF_ROLES}
    assert auth.STAFF is STAFF_ROLES and auth.ALL_ROLES is ALL_ROLES
    for _cls, _name, handler in STAFF_HANDLERS:
        assert required_roles_of(handler.fn) <= set(STAFF_ROLES)


@pytest.mark.parametrize("action", ["block", "delete", "role:USER", "role:ADMIN", "role:SUPER_ADMIN"])
def test_what_only_a_super_admin_may_do_is_refused_to_an_admin(clean, action):
    """The super-admin-only actions (changing, blocking or deleting a SUPER_ADMIN, granting
    SUPER_ADMIN) go through handlers every admin may call: the refusal comes from the server."""
    boss = make_user(Role.SUPER_ADMIN)
    target = make_user(Role.ADMIN) if action == "role:SUPER_ADMIN" else boss
    root = new_root(open_session(make_user(Role.ADMIN)), path="/admin/users")
    state = substate(root, UsersAdminState)
    before_db = _database_snapshot(clean)

    drive(state.ask(action, target.id, "Target"))
    events = drive(state.confirm())

    assert error_toasts(events)
    assert _database_snapshot(clean) == before_db


def test_guarded_handler_runs_for_staff_with_request_context(clean):
    admin = make_user(Role.ADMIN, name="Ana Admin")
    with session_scope() as session:
        for title in ("First booking", "Second booking"):
            session.add(Notification(user_id=admin.id, kind=NotificationKind.NEW_BOOKING, title=title))
    root = new_root(open_session(admin), ip="192.0.2.7")
    state = substate(root, AdminHomeState)

    events = drive(state.load())

    assert redirect_target(events) is None
    assert state.admin_name == "Ana Admin"
    assert state.unread_count == 2
    assert [n["title"] for n in state.notifications] == ["Second booking", "First booking"]

    drive(state.mark_all_read())
    assert state.unread_count == 0


def test_parent_session_is_refused_even_after_changing_page_state(clean):
    """Flipping the display vars (as a tampering browser could) grants nothing."""
    parent = make_user(Role.USER)
    root = new_root(open_session(parent))
    state = substate(root, AdminHomeState)
    state.is_staff = True
    state.user_role = "SUPER_ADMIN"
    state.signed_in = True

    events = drive(state.load())

    assert redirect_target(events) == "/en/signin?next=/en/admin"
    assert state.loaded is False


def test_a_new_unguarded_handler_is_detected():
    """Adding a staff state with an unguarded handler makes the enumeration report it."""
    script = textwrap.dedent(
        """
        import reflex as rx
        import xplorium.xplorium  # noqa: F401
        from xplorium.state.auth import StaffState, STAFF, require_roles, unguarded_handlers

        class SneakyReportState(StaffState):
            rows: list[str] = []

            @rx.event
            @require_roles(*STAFF)
            def guarded(self):
                pass

            @rx.event
            def export_everything(self):
                self.rows = ["secret"]

        print("\\n".join(unguarded_handlers()))
        """
    )
    done = subprocess.run(  # noqa: S603 - fixed interpreter and script
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    reported = done.stdout.strip().splitlines()
    assert len(reported) == 1
    assert reported[0].endswith("sneaky_report_state.export_everything")
