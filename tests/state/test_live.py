"""The live board's state, in-process: the keep-alive interval and the guards on its handlers."""

import asyncio
import contextlib
from datetime import timedelta

import pytest
import reflex as rx

import xplorium.xplorium  # noqa: F401 - registers every page and state, as the app does
from tests.support.accounts import make_user, open_session, session_rows
from tests.support.states import new_root, substate
from xplorium.config import settings
from xplorium.models.enums import Role
from xplorium.services.clock import FakeClock, use_clock
from xplorium.state.auth import required_roles_of, staff_state_classes
from xplorium.state.live import BoardShared, LiveState, keepalive_seconds


@pytest.mark.parametrize(
    ("setting", "expiry", "expected"), [(300, 3600, 300), (300, 600, 200), (2, 6, 2), (50, 6, 2), (5, 1, 1)]
)
def test_keepalive_stays_well_below_the_state_expiry(monkeypatch, setting, expiry, expected):
    monkeypatch.setattr(settings, "board_keepalive_seconds", setting)
    monkeypatch.setattr(rx.config.get_config(), "redis_token_expiration", expiry)
    assert keepalive_seconds() == expected


def test_the_shared_board_has_no_unguarded_handler():
    assert set(BoardShared.event_handlers) == {"setvar"}
    assert required_roles_of(BoardShared.event_handlers["setvar"].fn) == {Role.ADMIN, Role.SUPER_ADMIN}
    assert LiveState in staff_state_classes()
    for name in ("join", "keepalive", "toggle_sound"):
        assert required_roles_of(LiveState.event_handlers[name].fn) == {Role.ADMIN, Role.SUPER_ADMIN}


def test_keepalive_does_not_count_as_the_admins_activity(clean):
    """A timer may not keep an idle staff session alive; the person's own events do."""
    fake = FakeClock()
    with use_clock(fake):
        admin = make_user(Role.ADMIN)
        token = open_session(admin)
        state = substate(new_root(token), LiveState)
        fake.advance(minutes=5)
        for handler in ("keepalive", "join"):
            # Linking itself needs a running app; the session check before it is what counts here.
            with contextlib.suppress(Exception):
                asyncio.run(LiveState.event_handlers[handler].fn(state))
            (row,) = session_rows(admin.id)
            seen = (
                row.last_seen_at.replace(tzinfo=None) if row.last_seen_at.tzinfo is None else row.last_seen_at
            )
            if handler == "keepalive":
                assert fake.current - seen >= timedelta(minutes=5)
            else:
                assert seen == fake.current
