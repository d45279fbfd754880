"""Public handlers recognise a signed-in parent, so a booking made while signed in is theirs."""

import asyncio

from tests.support.accounts import make_user, open_session
from tests.support.states import new_root, substate
from xplorium.models.enums import Role
from xplorium.state.booking import BookingState
from xplorium.state.calls import public_context


def test_a_signed_in_parent_acts_as_themselves(clean):
    parent = make_user(Role.USER)
    state = substate(new_root(open_session(parent)), BookingState)
    ctx = asyncio.run(public_context(state))
    assert (ctx.actor_id, ctx.actor_role) == (parent.id, Role.USER)
    assert ctx.ip == "10.0.0.1"


def test_a_visitor_without_a_session_is_anonymous(clean):
    state = substate(new_root(None), BookingState)
    ctx = asyncio.run(public_context(state))
    assert ctx.actor_id is None
    assert ctx.ip == "10.0.0.1"
