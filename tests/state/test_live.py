"""The live board's small rules, in-process: the keep-alive interval, its guards, who may watch."""

import asyncio
import contextlib
from datetime import timedelta

import pytest
import reflex as rx

import xplorium.xplorium  # noqa: F401 - registers every page and state, as the app does
from tests.support.accounts import make_user, open_session, session_rows
from tests.support.states import new_root, substate
from xplorium import live
from xplorium.config import settings
from xplorium.models.enums import Role
from xplorium.services import sessions
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


def test_only_current_staff_sessions_may_watch_checked_all_at_once(clean):
    admin_token = open_session(make_user(Role.ADMIN))
    other_admin = open_session(make_user(Role.SUPER_ADMIN))
    parent_token = open_session(make_user(Role.USER))
    keys = {token: sessions.token_key(token) for token in (admin_token, other_admin, parent_token)}
    assert sessions.staff_keys(keys.values()) == {keys[admin_token], keys[other_admin]}
    assert sessions.token_key(None) is None and sessions.token_key("a:b") is None
    sessions.revoke(admin_token)
    assert sessions.staff_keys(keys.values()) == {keys[other_admin]}
    assert sessions.staff_keys([]) == set()


def test_changes_outside_a_running_app_do_nothing():
    assert live.bookings_changed(live.CREATED, "XP-TEST") is False
    assert live.notices_changed() is False
    assert live.BookingChange(live.CANCELLED, "XP-1").message == "Booking XP-1 was cancelled"


class _NoScreens:
    """A transport with nobody connected: the loop only waits and beats."""

    def sid_of(self, token):
        return None

    def is_connected(self, sid):
        return False


def test_the_push_loop_stops_when_cancelled_just_as_a_change_wakes_it():
    """A change and the loop's cancellation in one tick (a handler's last act as its loop closes).

    `asyncio.wait_for` in Python 3.11 returns the finished wait and swallows the cancellation,
    so the loop would run on and `asyncio.run` would hang waiting for it.
    """

    async def scenario():
        board = live.Broadcaster(_NoScreens(), redis_url=None).start()
        await asyncio.sleep(0.05)  # the loop is waiting to be woken
        board.changed(live.BookingChange(live.CREATED, "XP-1"))
        (task,) = board._tasks
        task.cancel()
        await asyncio.wait({task}, timeout=3 * live.BEAT_SECONDS)
        stopped = task.done()
        if not stopped:
            task.cancel()
            await asyncio.wait({task}, timeout=1)
        return stopped

    assert asyncio.run(scenario())
