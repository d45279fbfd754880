"""Pushing booking changes to every live admin screen — called only AFTER a service committed.

State handlers call `bookings_changed(kind, reference)` once the service call returned
successfully (parent submits or cancels a booking; an admin approves, rejects, cancels,
completes, marks paid or edits notes). It schedules `push()` on the event loop and returns at
once; `push()` takes the board token's state lock, rebuilds the snapshot with ONE query
(services/board.py), and Reflex's shared-state machinery sends the new snapshot to every
linked admin client — on this worker directly, on other workers through Redis.

Other live screens (the managers' dashboards) can `subscribe()` to be told about changes too.
"""

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import reflex as rx
import structlog

from xplorium.services import board as board_service

log = structlog.get_logger(__name__)

CREATED = "created"
CANCELLED = "cancelled"
APPROVED = "approved"
REJECTED = "rejected"
COMPLETED = "completed"
PAID = "paid"
NOTES = "notes"

_MESSAGES = {
    CREATED: "New booking {reference}",
    CANCELLED: "Booking {reference} was cancelled",
    APPROVED: "Booking {reference} approved",
    REJECTED: "Booking {reference} rejected",
    COMPLETED: "Booking {reference} completed",
    PAID: "Booking {reference} marked paid",
    NOTES: "Notes on booking {reference} updated",
}


@dataclass(frozen=True)
class BookingChange:
    kind: str
    reference: str = ""

    @property
    def message(self) -> str:
        return _MESSAGES.get(self.kind, "Bookings updated").format(reference=self.reference)


Listener = Callable[[BookingChange], Awaitable[None]]
_listeners: list[Listener] = []
# Running pushes, kept referenced so the event loop does not drop them half-way.
_pending: set[asyncio.Task] = set()


def subscribe(listener: Listener) -> None:
    """Also call `listener(change)` after every booking change (e.g. live dashboards)."""
    _listeners.append(listener)


def bookings_changed(kind: str, reference: str = "") -> asyncio.Task | None:
    """Schedule the push of a committed change to every live screen; never blocks or raises.

    Outside a running app (scripts, service tests) there is no screen to update: nothing happens.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    task = loop.create_task(push(BookingChange(kind, reference)))
    _pending.add(task)
    task.add_done_callback(_finished)
    return task


def _finished(task: asyncio.Task) -> None:
    _pending.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("live_push_failed", error=type(task.exception()).__name__)


def _app():
    try:
        from reflex_base.registry import RegistrationContext

        app = RegistrationContext.get().app
    except (LookupError, AttributeError):
        module = sys.modules.get("xplorium.xplorium")
        app = getattr(module, "app", None)
    return app if app is not None and getattr(app, "event_namespace", None) is not None else None


def notices_changed() -> asyncio.Task | None:
    """Schedule telling every admin screen that staff notifications changed (no booking did)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    task = loop.create_task(push_notices())
    _pending.add(task)
    task.add_done_callback(_finished)
    return task


async def push_notices() -> None:
    from xplorium.state.live import BoardShared, board_token

    app = _app()
    if app is None:
        return
    async with app.modify_state(rx.BaseStateToken(ident=board_token(), cls=BoardShared)) as root:
        board = await root.get_state(BoardShared)
        board.notices += 1
        watchers = len(board._linked_from)
    log.info("notices_pushed", watchers=watchers)


async def push(change: BookingChange) -> None:
    """Rebuild the board under its lock and let Reflex fan it out to every linked screen."""
    from xplorium.state.live import BoardShared, board_token

    app = _app()
    if app is None:
        return
    started = time.monotonic()
    async with app.modify_state(rx.BaseStateToken(ident=board_token(), cls=BoardShared)) as root:
        board = await root.get_state(BoardShared)
        # Read inside the lock: two changes at once are applied in order, the last one wins.
        snapshot = await asyncio.to_thread(board_service.snapshot)
        board._apply(snapshot, change.kind, change.reference, change.message)
        board._prune(time.time())
        watchers = len(board._linked_from)
    log.info(
        "board_pushed",
        kind=change.kind,
        watchers=watchers,
        ms=round((time.monotonic() - started) * 1000, 1),
    )
    for listener in list(_listeners):
        try:
            await listener(change)
        except Exception:
            log.exception("live_listener_failed", listener=getattr(listener, "__qualname__", "?"))
