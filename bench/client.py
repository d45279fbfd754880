"""A simulated browser tab: a python-socketio AsyncClient speaking Reflex's event protocol.

What the compiled frontend does, and this client repeats (reflex/app.py EventNamespace and
the frontend's utils/state.js):

* connect to the `/_event` namespace at socket.io path `/_event`, websocket transport,
  with the tab's token in the query string (`?token=<uuid>`) and the browser's cookies in
  the handshake headers;
* put the page's boot event (`State.hydrate_and_load`, with the page's router_data) in
  the CONNECT packet's auth payload, so the backend hydrates and runs the page's on_load
  handlers as soon as the namespace connects;
* send handler calls as "event" messages {name, payload, router_data}, `name` being the
  handler's full name (`reflex___state____state.<substate path>.<handler>`) and `payload`
  its arguments by name;
* receive "event" messages {delta, events}: `delta` maps substate names to changed vars,
  `events` are frontend-only actions (`_redirect`, `_call_function`, ...). Backend events a
  handler chains are queued by the server itself.

Every message received is timestamped on arrival (time.perf_counter) and applied to a local
copy of the state, so a scenario can wait for "the delta in which X became Y".
"""

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import socketio
from reflex.state import State
from reflex_base import constants
from reflex_base.constants import state as state_constants
from reflex_base.utils import format

NAMESPACE = "/_event"
HYDRATE_AND_LOAD = f"{State.get_full_name()}.{constants.CompileVars.HYDRATE_AND_LOAD}"
ROOT = State.get_full_name()
ON_LOAD_INTERNAL = f"{ROOT}.{constants.CompileVars.ON_LOAD_INTERNAL}"
# Deltas name each var with this suffix.
FIELD_MARKER = state_constants.FIELD_MARKER
IS_HYDRATED = constants.CompileVars.IS_HYDRATED + FIELD_MARKER
# Every tab token this process opened, so a run can delete the state Reflex kept for them.
TOKENS: set[str] = set()


def own_certificate(url: str) -> bool:
    """An https site on a loopback address is nginx with a throwaway certificate (the bench's
    --instances run, tests/support/deployment.py): nothing to verify it against."""
    parts = urlsplit(url)
    return parts.scheme == "https" and (parts.hostname or "").startswith("127.")


def handler_name(handler) -> str:
    """The name the frontend sends for an event handler (e.g. BookingState.submit)."""
    return format.format_event_handler(handler)


def state_name(state_cls) -> str:
    return state_cls.get_full_name()


def router_data(path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"pathname": path, "asPath": path + (f"?{urlencode(query)}" if query else "")}
    if query:
        data["query"] = dict(query)
    return data


@dataclass
class Received:
    at: float
    delta: dict[str, dict[str, Any]]
    events: list[dict[str, Any]]


@dataclass
class _Waiter:
    predicate: Callable[[Received], bool]
    future: asyncio.Future


@dataclass
class ReflexClient:
    """One tab of one browser. `cookie` is the Cookie header (e.g. an admin's session)."""

    base_url: str
    path: str = "/"
    query: dict[str, str] | None = None
    cookie: str | None = None
    user_agent: str = "xplorium-bench/1.0"
    keep_messages: bool = True
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: list[Received] = field(default_factory=list)
    count: int = 0
    _waiters: list[_Waiter] = field(default_factory=list)
    _listeners: list[Callable[[Received], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        TOKENS.add(self.token)
        self.sio = socketio.AsyncClient(
            reconnection=False, request_timeout=30, ssl_verify=not own_certificate(self.base_url)
        )
        self.sio.on("event", self._on_event, namespace=NAMESPACE)
        self.sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)
        self.closing = False
        # Set when the server (or the network) closed the socket while we still wanted it.
        self.dropped = False

    # --- connection ------------------------------------------------------------------------------

    async def connect(self, *, hydrate: bool = True, timeout: float = 30) -> float:
        """Open the socket (and hydrate the page, as a browser does); returns seconds taken.

        With `hydrate`, returns once the page's on_load handlers have finished (the delta
        that sets `is_hydrated`), like a page that has finished loading.
        """
        started = time.perf_counter()
        headers = {"User-Agent": self.user_agent, "Origin": self.base_url}
        if self.cookie:
            headers["Cookie"] = self.cookie
        auth = None
        if hydrate:
            auth = {
                constants.CompileVars.CONNECT_AUTH_EVENT: {
                    "name": HYDRATE_AND_LOAD,
                    "payload": {},
                    "router_data": router_data(self.path, self.query),
                }
            }
        waiter = self._expect(hydrated) if hydrate else None
        await self.sio.connect(
            f"{self.base_url}?token={self.token}",
            socketio_path="/_event",
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers=headers,
            auth=auth,
            wait_timeout=timeout,
        )
        if waiter is not None:
            await self._wait(waiter, timeout)
        return time.perf_counter() - started

    async def disconnect(self) -> None:
        self.closing = True
        if self.sio.connected:
            await self.sio.disconnect()

    @property
    def connected(self) -> bool:
        return self.sio.connected

    # --- events ----------------------------------------------------------------------------------

    async def emit(self, handler, payload: dict[str, Any] | None = None, *, path: str | None = None) -> float:
        """Send one handler call; returns the perf_counter time it was handed to the socket."""
        name = handler if isinstance(handler, str) else handler_name(handler)
        sent = time.perf_counter()
        await self.sio.emit(
            "event",
            {
                "name": name,
                "payload": payload or {},
                "router_data": router_data(path or self.path, self.query),
            },
            namespace=NAMESPACE,
        )
        return sent

    async def navigate(self, path: str, query: dict[str, str] | None = None, timeout: float = 30) -> float:
        """A client-side navigation to `path`: its on_load handlers run; returns seconds to loaded."""
        self.path, self.query = path, query
        # The frontend clears is_hydrated locally before a navigation's on_load chain.
        self.state.setdefault(ROOT, {})[IS_HYDRATED] = False
        waiter = self._expect(hydrated)
        sent = await self.emit(ON_LOAD_INTERNAL)
        received = await self._wait(waiter, timeout)
        return received.at - sent

    async def call(
        self,
        handler,
        payload: dict[str, Any] | None = None,
        until: Callable[[Received], bool] | None = None,
        timeout: float = 30,
    ) -> tuple[float, Received]:
        """Send a handler call and wait for the first message matching `until`.

        Returns (seconds from send to that message, the message).
        """
        waiter = self._expect(until or (lambda _r: True))
        sent = await self.emit(handler, payload)
        received = await self._wait(waiter, timeout)
        return received.at - sent, received

    def expect(self, predicate: Callable[[Received], bool]) -> _Waiter:
        """Start waiting for a message before sending what causes it (see `wait`)."""
        return self._expect(predicate)

    async def wait(self, waiter: _Waiter, timeout: float = 30) -> Received:
        return await self._wait(waiter, timeout)

    def on_message(self, listener: Callable[[Received], None]) -> None:
        self._listeners.append(listener)

    def value(self, state_cls_or_name, var: str, default: Any = None) -> Any:
        name = state_cls_or_name if isinstance(state_cls_or_name, str) else state_name(state_cls_or_name)
        return self.state.get(name, {}).get(var + FIELD_MARKER, default)

    # --- internals -------------------------------------------------------------------------------

    def _expect(self, predicate: Callable[[Received], bool]) -> _Waiter:
        waiter = _Waiter(predicate, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        return waiter

    async def _wait(self, waiter: _Waiter, timeout: float) -> Received:
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    async def _on_disconnect(self, *_reason) -> None:
        if not self.closing:
            self.dropped = True

    async def _on_event(self, update: dict[str, Any]) -> None:
        received = Received(
            at=time.perf_counter(), delta=update.get("delta") or {}, events=update.get("events") or []
        )
        self.count += 1
        for name, values in received.delta.items():
            self.state.setdefault(name, {}).update(values)
        if self.keep_messages:
            self.messages.append(received)
        for waiter in list(self._waiters):
            if not waiter.future.done() and waiter.predicate(received):
                waiter.future.set_result(received)
        for listener in self._listeners:
            listener(received)


def hydrated(received: Received) -> bool:
    """The delta that ends a page load: on_load handlers done, `is_hydrated` set."""
    return any(values.get(IS_HYDRATED) is True for values in received.delta.values())


def delta_of(received: Received, state_cls) -> dict[str, Any]:
    """The vars of `state_cls` changed by this message, by their plain names."""
    values = received.delta.get(state_name(state_cls), {})
    return {key.removesuffix(FIELD_MARKER): value for key, value in values.items()}


def has_event(received: Received, name: str) -> bool:
    return any(event.get("name") == name for event in received.events)
