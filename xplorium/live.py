"""Pushing booking changes to every live admin screen — called only AFTER a service committed.

State handlers call `bookings_changed(kind, reference)` once the service call returned
successfully; it never blocks or raises. Each backend worker has one `Broadcaster` that
owns the admin screens whose sockets live on that worker:

* **Coalesced, versioned pushes.** A change marks the board dirty and wakes the worker's push
  loop; the loop rebuilds the snapshot (ONE query) and sends it at most every
  `PUSH_INTERVAL` seconds, so a burst of bookings costs a few pushes a second carrying the
  latest state, not one push per booking. Every push carries a version (milliseconds of the
  rebuild, strictly increasing per worker); a screen is only ever sent versions in order,
  and only the fields that changed (a screen that joins gets the whole board once).
* **Other workers** hear of a change through Redis pub/sub (`CHANNEL`) and rebuild for their
  own screens. While that link is down the worker's heartbeats say "reconnecting"; when it is
  back the worker rebuilds at once, catching up on whatever it missed.
* **Heartbeats.** Every `BEAT_SECONDS` the screens get a heartbeat (or a push, which counts as
  one). A screen that hears nothing for a few beats (worker restart, lost socket, laptop
  sleep) says "Reconnecting…" and re-joins with the version it shows (components/live.py).
* **Constant cost per push.** All screens are sent ONE socket.io room message (encoded once);
  before each push ONE query checks every watcher's session (`sessions.staff_keys`), and a
  signed-out, blocked or demoted admin leaves the room then. Closed tabs leave the room when
  their socket closes. The database work runs in a thread, never on the event loop.

The per-client Reflex state of `BoardShared` never holds the board: pushes go straight to the
socket, so a parent's or an anonymous client's copy is always empty, and the board costs no
Redis state reads or writes at all.
"""

import asyncio
import contextlib
import json
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import structlog

from xplorium import metrics
from xplorium.config import settings
from xplorium.constants import VENUE_NAME
from xplorium.i18n import LOCALES, N_, _, ngettext, use_locale
from xplorium.services import board as board_service
from xplorium.services import sessions
from xplorium.services.clock import local_now

log = structlog.get_logger(__name__)

CREATED = "created"
CANCELLED = "cancelled"
APPROVED = "approved"
REJECTED = "rejected"
COMPLETED = "completed"
PAID = "paid"
NOTES = "notes"
NOTICES = "notices"

_MESSAGES = {
    CREATED: N_("New booking {reference}"),
    CANCELLED: N_("Booking {reference} was cancelled"),
    APPROVED: N_("Booking {reference} approved"),
    REJECTED: N_("Booking {reference} rejected"),
    COMPLETED: N_("Booking {reference} completed"),
    PAID: N_("Booking {reference} marked paid"),
    NOTES: N_("Notes on booking {reference} updated"),
}

# At most this many pushes a second per worker: changes arriving meanwhile share the next one.
PUSH_INTERVAL = 0.25
# A heartbeat at least this often; screens call a silence of STALE_BEATS beats a lost link.
BEAT_SECONDS = 2.0
STALE_BEATS = 3
# A failed rebuild (database unreachable) is retried after this long.
RETRY_SECONDS = 1.0
FUTURE_MS = 60_000
LIVE = "live"
RECONNECTING = "reconnecting"
ROOM = "xp-live-board"


def channel() -> str:
    """The Redis pub/sub channel of this app instance's board changes."""
    return f"{settings.redis_prefix}board"


@dataclass(frozen=True)
class BookingChange:
    kind: str
    reference: str = ""
    # When it was committed (wall clock, comparable across workers): the push's lag.
    at: float = field(default_factory=time.time)

    @property
    def message(self) -> str:
        return _(_MESSAGES.get(self.kind, N_("Bookings updated"))).format(reference=self.reference)


def _message(changes: list[BookingChange], created: list[str]) -> str:
    if len(changes) == 1:
        return changes[0].message
    if len(created) == len(changes):
        return ngettext("{count} new booking", "{count} new bookings", len(created)).format(
            count=len(created)
        )
    return ngettext("{count} booking change", "{count} booking changes", len(changes)).format(
        count=len(changes)
    )


def in_every_locale(text) -> dict[str, str]:
    """{locale: text()}: one push reaches screens in every language."""
    result = {}
    for locale in LOCALES:
        with use_locale(locale):
            result[locale] = text()
    return result


def _announcement(changes: list[BookingChange]) -> dict:
    """What the changes one push carries mean for a screen: toast, chime, highlighted cards."""
    created = [c.reference for c in changes if c.kind == CREATED]
    if len(changes) == 1:
        kind = changes[0].kind
    elif len(created) == len(changes):
        kind = CREATED
    else:
        kind = CREATED if created else "changed"
    return {
        "change_kind": kind if changes else "",
        "change_message": in_every_locale(lambda: _message(changes, created)) if changes else {},
        "change_references": [c.reference for c in changes if c.reference],
        "created_references": created,
    }


# What a screen that joins is sent about "the last change": nothing to announce.
_QUIET = _announcement([])


def _title(pending: int) -> dict[str, str]:
    """The board tab's title in every language, with the number of bookings to approve."""

    def title() -> str:
        base = _("Live board · {venue}").format(venue=VENUE_NAME)
        return f"({pending}) {base}" if pending else base

    return in_every_locale(title)


def board_fields(snapshot: dict) -> dict:
    """The BoardShared fields a snapshot sets."""
    return {
        "items": snapshot["items"],
        "counts": snapshot["counts"],
        "today_counts": snapshot["today_counts"],
        "pending": snapshot["pending"],
        "day": snapshot["day"],
        "built_at": snapshot["built_at"],
        "tab_title": _title(snapshot["pending"]),
    }


# The board's queries run on a thread of their own: on asyncio's default pool they would wait
# behind every parent's booking in a burst, which is exactly when the board must keep up.
_BOARD_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xp-board")


def _build(keys: list[str]) -> tuple[dict, set[str]]:
    """The new snapshot and which watchers may still see it: two queries, whoever watches."""
    return board_service.snapshot(), sessions.staff_keys(keys)


class Transport:
    """How pushes reach screens: Reflex's socket.io namespace of this worker."""

    def __init__(self, namespace):
        self.namespace = namespace

    def sid_of(self, token: str) -> str | None:
        """The socket of this tab if it is connected to THIS worker."""
        manager = self.namespace._token_manager
        record = manager.token_to_socket.get(token)
        if record is None or record.instance_id != manager.instance_id:
            return None
        return record.sid

    def is_connected(self, sid: str) -> bool:
        return self.namespace.server.manager.is_connected(sid, self.namespace.namespace)

    async def send(self, fields: dict, to: str) -> None:
        from reflex.state import StateUpdate
        from reflex_base.constants import SocketEvent
        from reflex_base.constants.state import FIELD_MARKER

        from xplorium.state.live import BoardShared

        delta = {BoardShared.get_full_name(): {k + FIELD_MARKER: v for k, v in fields.items()}}
        await self.namespace.emit(str(SocketEvent.EVENT), StateUpdate(delta=delta), to=to)

    async def enter(self, sid: str) -> None:
        await self.namespace.enter_room(sid, ROOM)

    async def leave(self, sid: str) -> None:
        await self.namespace.leave_room(sid, ROOM)


@dataclass
class _Watcher:
    sid: str
    key: str  # sessions.token_key of the admin's session
    shown: int = 0  # the version this screen said it shows when it joined


@dataclass
class Broadcaster:
    """One worker's live board: its screens, its latest snapshot, its push loop."""

    transport: Transport
    redis_url: str | None = None
    instance: str = field(default_factory=lambda: uuid.uuid4().hex)
    watchers: dict[str, _Watcher] = field(default_factory=dict)
    joining: dict[str, _Watcher] = field(default_factory=dict)
    fields: dict = field(default_factory=dict)
    version: int = 0
    notices: int = 0
    beat: int = 0
    pushes: int = 0
    _changes: list[BookingChange] = field(default_factory=list)
    _dirty: bool = True
    _notices_dirty: bool = False
    _linked: bool = False
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task] = field(default_factory=list)
    _publisher = None

    def __post_init__(self) -> None:
        # Without Redis there is one worker: nothing to be linked to.
        self._linked = self.redis_url is None

    # ------------------------------------------------------------------ what handlers call

    def start(self) -> "Broadcaster":
        if not self._tasks:
            self._tasks.append(asyncio.create_task(self._loop(), name="xp-board-push"))
            if self.redis_url:
                self._tasks.append(asyncio.create_task(self._listen(), name="xp-board-listen"))
        return self

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        if self._publisher is not None:
            await self._publisher.aclose()

    def changed(self, change: BookingChange, *, publish: bool = True) -> None:
        """A change committed on this worker (or, `publish=False`, heard from another)."""
        if change.kind == NOTICES:
            self._notices_dirty = True
        else:
            self._changes.append(change)
            self._dirty = True
        self._wake.set()
        if publish and self.redis_url:
            _keep(asyncio.create_task(self._publish(change)))

    def join(self, token: str, session_token: str | None, shown: int = 0) -> bool:
        """Have the push loop send this screen the whole board, then every push after it."""
        sid = self.transport.sid_of(token)
        key = sessions.token_key(session_token)
        if sid is None or key is None:
            return False
        # A version is a time in ms: one from the future is not a board this app sent.
        shown = min(int(shown), time.time_ns() // 1_000_000 + FUTURE_MS)
        self.joining[token] = _Watcher(sid=sid, key=key, shown=shown)
        self._wake.set()
        return True

    @property
    def link(self) -> str:
        return LIVE if self._linked else RECONNECTING

    # ------------------------------------------------------------------ the push loop

    async def _loop(self) -> None:
        while True:
            # asyncio.timeout, not wait_for: in 3.11 wait_for swallows a cancellation that
            # arrives in the tick the wait ends, and the loop would outlive its event loop.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(BEAT_SECONDS):
                    await self._wake.wait()
            self._wake.clear()
            started = time.monotonic()
            try:
                pushed = await self.step()
            except Exception as error:  # noqa: BLE001 - the loop must outlive a failed push
                log.warning("board_push_failed", error=type(error).__name__)
                self._dirty = True
                await asyncio.sleep(RETRY_SECONDS)
                continue
            if pushed:
                # Changes arriving meanwhile share the next push, at most PUSH_INTERVAL later.
                await asyncio.sleep(max(0.0, PUSH_INTERVAL - (time.monotonic() - started)))

    def _stale(self) -> bool:
        return self._dirty or not self.fields or self.fields.get("day") != local_now().date().isoformat()

    async def step(self) -> bool:
        """One round of the loop: push if needed (True), otherwise a heartbeat."""
        self._forget_closed()
        joining = dict(self.joining)
        # A joining screen always gets a board read just now (the database is the truth).
        if (self.watchers and self._stale()) or joining:
            await self._push(joining)
            return True
        await self._beat()
        return False

    def _forget_closed(self) -> None:
        for group in (self.watchers, self.joining):
            for token in [t for t, w in group.items() if not self.transport.is_connected(w.sid)]:
                group.pop(token)

    async def _push(self, joining: dict[str, _Watcher]) -> None:
        started = time.monotonic()
        changes, self._changes = self._changes, []
        self._dirty = False
        # Never below what a joining screen already shows (pushed by another worker).
        shown = max((w.shown for w in joining.values()), default=0)
        version = max(self.version + 1, shown + 1, time.time_ns() // 1_000_000)
        everyone = {**self.watchers, **joining}
        try:
            keys = sorted({w.key for w in everyone.values()})
            snapshot, allowed = await asyncio.get_running_loop().run_in_executor(_BOARD_THREAD, _build, keys)
            built = time.monotonic()
        except BaseException:
            self._changes = changes + self._changes
            raise
        fields = board_fields(snapshot)
        changed = {k: v for k, v in fields.items() if self.fields.get(k) != v}
        self.fields = fields
        if changes or changed or shown > self.version:
            self.version = version
        for token, watcher in list(self.watchers.items()):
            if watcher.key not in allowed:
                await self._remove(token, watcher, "session_ended")
        if self.watchers and self.version == version:
            self.pushes += 1
            await self.transport.send(
                {**changed, "version": version, **_announcement(changes), **self._beat_fields()}, ROOM
            )
            metrics.BOARD_PUSHES.inc()
            now = time.time()
            for change in changes:
                metrics.BOARD_PUSH_LAG.observe(max(0.0, now - change.at))
        await self._admit(joining, allowed)
        log.info(
            "board_pushed",
            version=self.version,
            changes=len(changes),
            watchers=len(self.watchers),
            build_ms=round((built - started) * 1000, 1),
            ms=round((time.monotonic() - started) * 1000, 1),
        )

    async def _admit(self, joining: dict[str, _Watcher], allowed: set[str]) -> None:
        """Send each joining screen the whole board, then add it to the room."""
        for token, watcher in joining.items():
            if self.joining.get(token) is watcher:
                del self.joining[token]
            if watcher.key not in allowed or not self.fields:
                continue
            await self.transport.send(
                {**self.fields, "version": self.version, **_QUIET, **self._beat_fields()}, watcher.sid
            )
            previous = self.watchers.get(token)
            if previous is not None and previous.sid != watcher.sid:
                with contextlib.suppress(Exception):
                    await self.transport.leave(previous.sid)
            await self.transport.enter(watcher.sid)
            self.watchers[token] = watcher

    async def _remove(self, token: str, watcher: _Watcher, reason: str) -> None:
        self.watchers.pop(token, None)
        with contextlib.suppress(Exception):
            await self.transport.leave(watcher.sid)
        log.info("board_watcher_removed", reason=reason)

    def _beat_fields(self) -> dict:
        self.beat += 1
        values = {"beat": self.beat, "link": self.link}
        if self._notices_dirty:
            self._notices_dirty = False
            self.notices += 1
            values["notices"] = self.notices
        return values

    async def _beat(self) -> None:
        if self.watchers:
            await self.transport.send(self._beat_fields(), ROOM)

    # ------------------------------------------------------------------ other workers

    async def _publish(self, change: BookingChange) -> None:
        import redis.asyncio as aredis

        message = json.dumps(
            {"from": self.instance, "kind": change.kind, "reference": change.reference, "at": change.at}
        )
        try:
            if self._publisher is None:
                self._publisher = aredis.Redis.from_url(
                    self.redis_url, socket_timeout=2, socket_connect_timeout=2
                )
            await self._publisher.publish(channel(), message)
        except Exception as error:  # noqa: BLE001 - the others catch up when the link is back
            log.warning("board_publish_failed", error=type(error).__name__)

    async def _listen(self) -> None:
        import redis.asyncio as aredis

        while True:
            client = aredis.Redis.from_url(
                self.redis_url, socket_connect_timeout=2, health_check_interval=BEAT_SECONDS
            )
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(channel())
                    if not self._linked:
                        # Back after an outage: whatever changed meanwhile is in the next push.
                        self._linked = True
                        self._dirty = True
                        self._wake.set()
                        log.info("board_link_up")
                    while True:
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=BEAT_SECONDS
                        )
                        if message is not None:
                            self._heard(message.get("data"))
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - any failure means: re-link
                if self._linked:
                    log.warning("board_link_down", error=type(error).__name__)
                self._linked = False
                self._wake.set()
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()
            await asyncio.sleep(PUSH_INTERVAL * 2)

    def _heard(self, data) -> None:
        try:
            message = json.loads(data)
        except (TypeError, ValueError):
            return
        if not isinstance(message, dict) or message.get("from") == self.instance:
            return
        at = message.get("at")
        change = BookingChange(str(message.get("kind", "")), str(message.get("reference", "")))
        if isinstance(at, int | float) and not isinstance(at, bool):
            change = BookingChange(change.kind, change.reference, float(at))
        self.changed(change, publish=False)


# ---------------------------------------------------------------------- this worker's board

_pending: set[asyncio.Task] = set()
_broadcaster: Broadcaster | None = None


def _keep(task: asyncio.Task) -> None:
    """Keep a fire-and-forget task referenced until it is done."""
    _pending.add(task)
    task.add_done_callback(_pending.discard)


def _app():
    try:
        from reflex_base.registry import RegistrationContext

        app = RegistrationContext.get().app
    except (LookupError, AttributeError):
        module = sys.modules.get("xplorium.xplorium")
        app = getattr(module, "app", None)
    return app if app is not None and getattr(app, "event_namespace", None) is not None else None


def broadcaster() -> Broadcaster | None:
    """This worker's board (started on first use), or None outside a running app."""
    global _broadcaster
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    if _broadcaster is not None and _broadcaster._tasks and _broadcaster._tasks[0].get_loop() is loop:
        return _broadcaster
    app = _app()
    if app is None:
        return None
    _broadcaster = Broadcaster(Transport(app.event_namespace), redis_url=settings.redis_url).start()
    return _broadcaster


def bookings_changed(kind: str, reference: str = "") -> bool:
    """Tell every live screen about a committed change; never blocks or raises.

    Outside a running app (scripts, service tests) there is no screen to update: nothing happens.
    """
    board = broadcaster()
    if board is None:
        return False
    board.changed(BookingChange(kind, reference))
    return True


def notices_changed() -> bool:
    """Tell every admin screen that staff notifications changed (no booking did)."""
    return bookings_changed(NOTICES)
