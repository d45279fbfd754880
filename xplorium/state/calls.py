"""How state handlers reach services: off the event loop, errors turned into a Result."""

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from xplorium.services.context import RequestContext
from xplorium.services.result import Result, run
from xplorium.state.auth import anonymous_context, resolve_identity


async def call(operation: Callable[..., Any], *args, **kwargs) -> Result:
    """Run a (blocking, database-bound) service call in a worker thread, as a Result."""
    return await asyncio.to_thread(run, operation, *args, **kwargs)


async def public_context(state: rx.State) -> RequestContext:
    """Who is asking, for a public handler: a signed-in parent's account when there is one
    (so their bookings are theirs), otherwise just the client's address and browser."""
    identity = await asyncio.to_thread(resolve_identity, state)
    return identity.context if identity is not None else anonymous_context(state)


def query_param(state: rx.State, name: str) -> str:
    return str(state.router.url.query_parameters.get(name, "") or "")
