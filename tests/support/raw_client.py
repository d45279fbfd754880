"""A python-socketio client that speaks Reflex's event protocol, posing as a browser tab.

The frontend connects to the `/_event` namespace at path `/_event` with its tab token in
the query string and emits "event" with {name, payload, router_data}; the server answers
with "event" messages carrying state deltas and frontend events.
"""

import json
import threading
import time
import uuid

import socketio

from xplorium.i18n import localized


class RawClient:
    def __init__(
        self, base_url: str, cookie: str | None = None, path: str = "/admin", origin: str | None = None
    ):
        self.base_url = base_url
        self.headers = {"Cookie": cookie} if cookie else {}
        if origin:
            self.headers["Origin"] = origin
        self.path = path
        self.token = str(uuid.uuid4())
        self.received: list[tuple[str, object]] = []
        self._lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._record, namespace="/_event")

    def _record(self, event, data=None):
        with self._lock:
            self.received.append((event, data))
            if event == "new_token" and isinstance(data, str):
                self.token = data

    def __enter__(self) -> "RawClient":
        self.sio.connect(
            f"{self.base_url}?token={self.token}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers=self.headers,
            wait_timeout=20,
        )
        return self

    def __exit__(self, *_exc) -> None:
        self.sio.disconnect()

    def call(self, name: str, payload: dict | None = None, path: str | None = None) -> None:
        # The English page (/en/...): the tests read the English source texts.
        path = localized(path or self.path, "en")
        self.sio.emit(
            "event",
            # As a browser sends it: the page's path, and the path with its query.
            {
                "name": name,
                "payload": payload or {},
                "router_data": {"pathname": path.split("?")[0], "asPath": path},
            },
            namespace="/_event",
        )

    def settle(self, quiet: float = 2.0, limit: float = 20.0) -> str:
        """Wait until nothing new arrived for `quiet` seconds; everything received, as JSON text."""
        deadline = time.monotonic() + limit
        seen, last_change = -1, time.monotonic()
        while time.monotonic() < deadline:
            with self._lock:
                count = len(self.received)
            if count != seen:
                seen, last_change = count, time.monotonic()
            elif time.monotonic() - last_change >= quiet:
                break
            time.sleep(0.1)
        return self.text()

    def text(self) -> str:
        with self._lock:
            return json.dumps(self.received)

    def clear(self) -> None:
        with self._lock:
            self.received.clear()

    def wait_for(self, text: str, timeout: float = 10.0) -> float:
        """Seconds until `text` appears in what was received; AssertionError after `timeout`."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if text in self.text():
                return time.monotonic() - start
            time.sleep(0.02)
        raise AssertionError(f"{text!r} did not arrive in {timeout}s")

    def toasts(self) -> str:
        """The code of every frontend function call received (a toast is such a call)."""
        return "\n".join(
            e["payload"].get("function", "")
            for e in self.frontend_events()
            if e.get("name") == "_call_function"
        )

    def wait_for_toast(self, text: str, timeout: float = 10.0) -> None:
        self.wait_until(lambda: text in self.toasts(), timeout, f"a toast saying {text!r}")

    def wait_until(self, condition, timeout: float = 10.0, what: str = "the condition") -> None:
        """Until `condition()` is true (checked as messages arrive); AssertionError after `timeout`."""
        start = time.monotonic()
        while not condition():
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{what} did not happen in {timeout}s")
            time.sleep(0.02)

    def value(self, state: str, name: str):
        """The last value of `state`.`name` this tab was sent (None if never)."""
        key = name + "_rx_state_"
        values = [d[state][key] for d in self.deltas() if key in d.get(state, {})]
        return values[-1] if values else None

    def frontend_events(self) -> list[dict]:
        with self._lock:
            return [e for _, data in self.received if isinstance(data, dict) for e in data.get("events", [])]

    def deltas(self) -> list[dict]:
        with self._lock:
            return [
                data["delta"] for _, data in self.received if isinstance(data, dict) and data.get("delta")
            ]
