"""`require_roles` on every kind of handler Reflex accepts: sync, async, generators, background.

The state below is a real StaffState subclass, so the enumeration checks in
test_auth_guard.py (every staff handler guarded, none of them for USER) cover it too.
"""

import asyncio
import inspect
import threading

import pytest
import reflex as rx
from reflex_base.event import BACKGROUND_TASK_MARKER

from tests.support.accounts import make_user, open_session
from tests.support.states import drive, new_root, redirect_target, substate
from xplorium.models.enums import Role
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles


class GuardFormsProbeState(StaffState):
    calls: list[str] = []
    threads: list[str] = []

    def _note(self, kind: str) -> None:
        ctx = request_context()
        self.threads = [*self.threads, threading.current_thread().name]
        self.calls = [
            *self.calls,
            f"{kind}:{ctx.actor_role}:{ctx.ip}:{current_user().user_id == ctx.actor_id}",
        ]

    @rx.event
    @require_roles(*STAFF)
    def plain(self, amount: int):
        self._note(f"plain{amount}")

    @rx.event
    @require_roles(*STAFF)
    async def coroutine(self):
        self._note("coroutine")

    @rx.event
    @require_roles(Role.SUPER_ADMIN)
    def generator(self):
        yield
        self._note("generator")

    @rx.event
    @require_roles(*STAFF)
    async def async_generator(self):
        yield
        self._note("async_generator")

    @require_roles(*STAFF)
    @rx.event(background=True)
    async def background(self):
        pass


def test_the_wrapped_handlers_keep_what_reflex_inspects():
    handlers = GuardFormsProbeState.event_handlers
    assert list(inspect.signature(handlers["plain"].fn).parameters) == ["self", "amount"]
    assert handlers["plain"]._get_type_hints()["amount"] is int
    # Sync bodies run in a worker thread, so every wrapper is awaitable (see require_roles).
    assert handlers["plain"]._is_coroutine_function and handlers["coroutine"]._is_coroutine_function
    assert inspect.isasyncgenfunction(handlers["generator"].fn)
    assert inspect.isasyncgenfunction(handlers["async_generator"].fn)
    assert getattr(handlers["background"].fn, BACKGROUND_TASK_MARKER, False)
    assert handlers["background"].is_background


def test_every_form_runs_for_the_allowed_role_with_its_context(clean):
    root = new_root(open_session(make_user(Role.SUPER_ADMIN)), ip="192.0.2.9")
    state = substate(root, GuardFormsProbeState)
    for call in (lambda: state.plain(3), state.coroutine, state.generator, state.async_generator):
        assert redirect_target(drive(call())) is None
    assert state.calls == [
        "plain3:SUPER_ADMIN:192.0.2.9:True",
        "coroutine:SUPER_ADMIN:192.0.2.9:True",
        "generator:SUPER_ADMIN:192.0.2.9:True",
        "async_generator:SUPER_ADMIN:192.0.2.9:True",
    ]


def test_no_form_runs_the_session_check_or_a_sync_body_on_the_event_loop(clean):
    """A sync handler's body (and its database calls) runs in a worker thread, not the loop's."""
    state = substate(new_root(open_session(make_user(Role.SUPER_ADMIN))), GuardFormsProbeState)
    loop_threads = []

    async def drive(call):
        loop_threads.append(threading.current_thread().name)
        result = call()
        if inspect.isasyncgen(result):
            async for _ in result:
                pass
        else:
            await result

    for call in (lambda: state.plain(1), state.generator):
        asyncio.run(drive(call))
    assert len(state.threads) == 2
    assert not set(state.threads) & set(loop_threads)


@pytest.mark.parametrize("role", [None, Role.USER])
def test_every_form_refuses_visitors_and_parents(clean, role):
    token = open_session(make_user(role)) if role else None
    state = substate(new_root(token), GuardFormsProbeState)
    for call in (lambda: state.plain(3), state.coroutine, state.generator, state.async_generator):
        assert redirect_target(drive(call())) == "/en/signin?next=/en/admin"
    assert state.calls == []


def test_a_role_list_is_exact(clean):
    """`generator` is for super admins only: an admin is refused."""
    state = substate(new_root(open_session(make_user(Role.ADMIN))), GuardFormsProbeState)
    assert redirect_target(drive(state.generator())) == "/en/signin?next=/en/admin"
    assert redirect_target(drive(state.plain(1))) is None


def test_request_context_outside_a_guarded_handler_raises():
    with pytest.raises(RuntimeError):
        request_context()
