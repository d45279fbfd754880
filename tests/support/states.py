"""Reflex state trees built in-process, with the headers a websocket connection would carry."""

import asyncio
import inspect

from reflex.state import State
from reflex_base import constants
from reflex_base.utils import format as rx_format

from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.i18n import localized


def router_data(
    token: str | None = None, path: str = "/admin", ip: str = "10.0.0.1", extra_cookies: str = ""
) -> dict:
    cookie = "; ".join(
        part for part in (extra_cookies, f"{SESSION_COOKIE_NAME}={token}" if token else "") if part
    )
    headers = {"origin": "http://testserver", "user-agent": "pytest-browser/1.0", "host": "testserver"}
    if cookie:
        headers["cookie"] = cookie
    return {
        constants.RouteVar.HEADERS: headers,
        constants.RouteVar.CLIENT_IP: ip,
        # The English page (/en/...): the tests read the English source texts.
        constants.RouteVar.PATH: localized(path, "en"),
        constants.RouteVar.ORIGIN: localized(path, "en"),
        constants.RouteVar.CLIENT_TOKEN: "test-client-token",
        constants.RouteVar.SESSION_ID: "test-sid",
    }


def new_root(token: str | None = None, **kwargs) -> State:
    """A fresh root state with every substate, connected as a browser with `token`'s cookie."""
    root = State(_reflex_internal_init=True)
    root.router_data = root._update_router_vars(router_data(token, **kwargs), {})
    root._clean()
    return root


def substate(root: State, cls) -> State:
    return root.get_substate(cls.get_full_name().split(".")[1:])


def connect(root: State, token: str | None = None, **kwargs) -> None:
    """Re-point an existing tree at another connection (a new cookie)."""
    data = router_data(token, **kwargs)
    root.router_data = root._update_router_vars(data, root.router_data)


def drive(result) -> list:
    """Run whatever a handler returned (value, coroutine, generator) and collect its events."""
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    if inspect.isasyncgen(result):

        async def collect(agen):
            return [item async for item in agen]

        result = asyncio.run(collect(result))
    elif inspect.isgenerator(result):
        result = list(result)
    events: list = []
    pending = [result]
    while pending:
        item = pending.pop()
        if isinstance(item, list | tuple):
            pending.extend(item)
        elif item is not None:
            events.append(item)
    return events


def redirect_target(events: list) -> str | None:
    for event in events:
        if rx_format.format_event_handler(event.handler) == "_redirect":
            args = {name._js_expr: value for name, value in event.args}
            return args["path"]._var_value
    return None


def error_toasts(events: list) -> list[str]:
    """The JavaScript of every error toast among `events`."""
    scripts = [str(value) for event in events for _name, value in getattr(event, "args", ())]
    return [script for script in scripts if "__toast" in script and '"error"' in script]


def state_snapshot(root) -> str:
    # What Reflex would serialize for the browser, every substate included.
    return rx_format.json_dumps(root.dict())
