"""The live board: one shared snapshot that every signed-in admin screen is linked to.

How it works (Reflex 0.10 shared state)
    `BoardShared` is an `rx.SharedState`. A guarded handler (`LiveState.join`, fired when any
    back-office page mounts, and `LiveState.keepalive`, fired by a timer) links the admin's
    copy to the one board token (`board_token()`); from then on the admin's browser shows
    the board's values, and any change to the board is pushed to every linked client by
    Reflex over the websocket — through Redis to the other backend workers' sockets too.
    Changes are made only by `xplorium.live.bookings_changed` (after a service committed),
    which rebuilds the snapshot with one query and modifies the board token's state.

Who can see it
    * Only `LiveState`'s guarded handlers link (ADMIN, SUPER_ADMIN). A parent's or an
      anonymous client's BoardShared is its own private, empty copy.
    * A link is re-checked every time Reflex patches the board into a client's tree (each
      push, each event, each page load): `_internal_patch_linked_state` below refuses a
      client whose session is no longer staff (signed out, demoted, blocked, idle) and
      leaves it on its empty private copy.
    * BoardShared has no handler of its own except Reflex's `setvar`, which is guarded.

Idle tabs
    Reflex keeps each client's state (and the board's) in Redis for
    `redis_token_expiration` seconds after its last write. The keep-alive timer (every
    `keepalive_seconds()`, kept below a third of that expiry) re-links and re-writes the
    client's states and the board, so a tab left alone for hours still gets every push.
    It does not count as the admin's activity, so the 30-minute idle rule still applies.
"""

import hashlib
import time
from dataclasses import dataclass

import reflex as rx
import structlog
from reflex.state import EventHandlerSetVar

from xplorium.config import settings
from xplorium.constants import VENUE_NAME
from xplorium.services import board as board_service
from xplorium.services import sessions
from xplorium.services.authz import STAFF_ROLES
from xplorium.services.clock import local_now
from xplorium.state.auth import STAFF, StaffState, current_user, require_roles, session_token_of

log = structlog.get_logger(__name__)


def board_token() -> str:
    """The board's shared token: one per app instance (its Redis prefix), no underscores."""
    digest = hashlib.sha256(settings.redis_prefix.encode()).hexdigest()[:16]
    return f"xpboard-{digest}"


def keepalive_seconds() -> int:
    """Seconds between keep-alives: the setting, but never more than a third of the state expiry."""
    expiry = rx.config.get_config().redis_token_expiration
    return max(1, min(settings.board_keepalive_seconds, expiry // 3))


# A tab that has not kept alive for this many intervals is forgotten by the board.
MEMBER_GRACE_INTERVALS = 4

# Back-office states whose server-side values (filters, page, open panel) an idle tab keeps.
_KEPT_ALIVE: list[type[rx.State]] = []


def kept_alive(cls: type[rx.State]) -> type[rx.State]:
    """Class decorator: the keep-alive also renews this state's Redis expiry."""
    _KEPT_ALIVE.append(cls)
    return cls


@dataclass
class BoardItem:
    id: int = 0
    reference: str = ""
    type: str = ""
    type_label: str = ""
    status: str = ""
    column: str = ""
    date: str = ""
    day_label: str = ""
    time_label: str = ""
    is_today: bool = False
    guest_count: int = 0
    rooms: str = ""
    contact_name: str = ""
    price_label: str = ""
    paid: bool = False
    fresh: bool = False
    received: str = ""


def _title(pending: int) -> str:
    base = f"Live board · {VENUE_NAME}"
    return f"({pending}) {base}" if pending else base


class _GuardedSharedSetVar(EventHandlerSetVar):
    setvar = require_roles(*STAFF)(EventHandlerSetVar.setvar)


class BoardShared(rx.SharedState):
    """The board snapshot every linked admin sees (never changed from a browser)."""

    items: list[BoardItem] = []
    counts: dict[str, int] = {}
    today_counts: dict[str, int] = {}
    pending: int = 0
    day: str = ""
    built_at: str = ""
    version: int = 0
    # The last change, for the toast/sound/highlight of every screen.
    change_kind: str = ""
    change_reference: str = ""
    change_message: str = ""
    tab_title: str = _title(0)
    # Bumped when staff notifications change without a booking change (event registrations):
    # every screen's bell reloads its own count.
    notices: int = 0
    # client token -> last keep-alive (epoch seconds); prunes tabs that went away.
    _members: dict[str, float] = {}

    def _create_setvar(cls):
        # Reflex gives every state a public `setvar`; on the board it is staff-only.
        cls.setvar = cls.event_handlers["setvar"] = _GuardedSharedSetVar(state_cls=cls)

    _create_setvar.__override_base_method__ = True
    _create_setvar = classmethod(_create_setvar)

    def _apply(self, snapshot: dict, kind: str = "", reference: str = "", message: str = "") -> None:
        self.items = [BoardItem(**item) for item in snapshot["items"]]
        self.counts = snapshot["counts"]
        self.today_counts = snapshot["today_counts"]
        self.pending = snapshot["pending"]
        self.day = snapshot["day"]
        self.built_at = snapshot["built_at"]
        self.tab_title = _title(snapshot["pending"])
        self.version += 1
        self.change_kind = kind
        self.change_reference = reference
        self.change_message = message

    def _is_stale(self) -> bool:
        return self.version == 0 or self.day != local_now().date().isoformat()

    def _prune(self, now: float) -> None:
        """Forget tabs that stopped keeping alive (closed, or signed out)."""
        horizon = now - keepalive_seconds() * MEMBER_GRACE_INTERVALS
        gone = {token for token, seen in self._members.items() if seen < horizon}
        if gone:
            self._members = {t: s for t, s in self._members.items() if t not in gone}
            self._linked_from.difference_update(gone)

    async def _internal_patch_linked_state(self, token: str, full_delta: bool = False):
        # Every time Reflex swaps the shared board into this client's tree, re-check that the
        # client is still a staff session; otherwise it keeps its own empty copy.
        if not _may_watch(self):
            log.info("board_link_refused")
            return self
        return await super()._internal_patch_linked_state(token, full_delta=full_delta)


def _may_watch(state: rx.State) -> bool:
    user = sessions.resolve(session_token_of(state), touch=False)
    return user is not None and user.role in STAFF_ROLES


def _touch_tree(state: rx.State) -> None:
    """Make Reflex re-write this state and its parents, renewing their Redis expiry."""
    current = state
    while current is not None:
        current._was_touched = True
        current = current.parent_state


class LiveState(StaffState):
    """Joins the admin's screen to the board and keeps the link alive."""

    joined: bool = False
    keepalive_ms: int = 0
    # The new-booking chime, remembered by this browser ("on" or "off").
    sound: str = rx.LocalStorage("on", name="xp_board_sound")

    async def _link(self) -> BoardShared:
        board = await self.get_state(BoardShared)
        board = await board._link_to(board_token())
        if board._is_stale():
            # First admin after a restart, a new day, or an expired board: rebuild it here.
            board._apply(board_service.snapshot())
        now = time.time()
        board._members[self.router.session.client_token] = now
        board._prune(now)
        return board

    @rx.event
    @require_roles(*STAFF)
    async def join(self):
        """Link this screen to the live board (every back-office page, on mount)."""
        self._show(current_user())
        await self._link()
        self.keepalive_ms = keepalive_seconds() * 1000
        self.joined = True

    @rx.event
    @require_roles(*STAFF, activity=False)
    async def keepalive(self):
        """Timer: re-link and renew the Redis expiry of this tab's states and of the board."""
        board = await self._link()
        _touch_tree(self)
        _touch_tree(board)
        for cls in _KEPT_ALIVE:
            _touch_tree(await self.get_state(cls))

    @rx.event
    @require_roles(*STAFF)
    def toggle_sound(self):
        self.sound = "off" if self.sound == "on" else "on"
