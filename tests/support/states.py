"""Reflex state trees built in-process, with the headers a websocket connection would carry."""

from reflex.state import State
from reflex_base import constants

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
