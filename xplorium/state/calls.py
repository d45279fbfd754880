"""How state handlers reach services: off the event loop, errors turned into a Result."""

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from xplorium.services.context import RequestContext
from xplorium.services.result import Result, run


async def call(operation: Callable[..., Any], *args, **kwargs) -> Result:
    """Run a (blocking, database-bound) service call in a worker thread, as a Result."""
    return await asyncio.to_thread(run, operation, *args, **kwargs)


def guest_context(state: rx.State) -> RequestContext:
    """Who is asking, for a public handler: the client's address and browser, no account.

    Signed-in parents are recognised by the accounts state; public pages work without it.
    """
    router = state.router
    return RequestContext(
        ip=router.session.client_ip or None,
        user_agent=(router.headers.user_agent or "")[:300] or None,
    )


def query_param(state: rx.State, name: str) -> str:
    return str(state.router.url.query_parameters.get(name, "") or "")
