"""Running page handlers in-process on a fresh state tree, as the backend would for one browser tab.

`root.dict()` afterwards is the state the backend serialises to the browser.
"""

import asyncio
import inspect
import json
from urllib.parse import urlencode

import reflex as rx
from reflex.istate.data import RouterData
from reflex.state import State

import xplorium.xplorium  # noqa: F401 - registers pages and states


def new_tab(path: str, query: dict[str, str] | None = None, ip: str = "203.0.113.200") -> State:
    """A root state whose router says the browser is on `path` (with `query`)."""
    root = State(_reflex_internal_init=True)
    as_path = path + (f"?{urlencode(query)}" if query else "")
    router_data = {
        "pathname": path,
        "asPath": as_path,
        "query": dict(query or {}),
        "headers": {"origin": "http://127.0.0.1:3000", "user-agent": "pytest"},
        "ip": ip,
        "token": "test-token",
        "sid": "test-sid",
    }
    root.router_data = router_data
    root.router = RouterData.from_router_data(router_data)
    return root


def substate(root: State, state_cls: type[rx.State]) -> rx.State:
    return root.get_substate(state_cls.get_full_name().split(".")[1:])


def fire(root: State, handler, *args) -> list:
    """Run one event handler (plain, async or generator) to completion; returns what it yielded."""
    state = substate(root, handler.state)
    result = handler.fn(state, *args)
    yielded = []
    if inspect.isasyncgen(result):

        async def drain():
            async for item in result:
                yielded.append(item)

        asyncio.run(drain())
    elif inspect.isgenerator(result):
        yielded.extend(result)
    elif inspect.iscoroutine(result):
        value = asyncio.run(result)
        if value is not None:
            yielded.append(value)
    elif result is not None:
        yielded.append(result)
    return yielded


def serialised(root: State) -> str:
    """The whole state tree as the JSON text the browser would receive."""
    return json.dumps(root.dict(), default=str, ensure_ascii=False)
