"""The live board's Reflex side: the fields every admin screen shows, and joining the board.

How it works
    `BoardShared` holds the board as the browser sees it. Its values are pushed straight to
    the admin screens' sockets by this worker's `xplorium.live.Broadcaster` (coalesced and
    versioned; see xplorium/live.py); its server-side copy in each client's state is never
    written, so it stays empty. `LiveState.join` (fired when any back-office page mounts, and
    again by the screen's watchdog when it has heard nothing for a few heartbeats) hands the
    screen to the broadcaster, which sends it the whole board and then every push.

Who can see it
    * Only `LiveState`'s guarded handlers join (ADMIN, SUPER_ADMIN). A parent's or an
      anonymous client's BoardShared is its own private, empty copy.
    * Before every push the broadcaster re-checks all its screens' sessions in one query; a
      screen whose session ended (signed out, demoted, blocked, idle) gets nothing more.
    * BoardShared has no handler of its own except Reflex's `setvar`, which is guarded.

Idle tabs
    Reflex keeps each client's state in Redis for `redis_token_expiration` seconds after its
    last write. The keep-alive timer (every `keepalive_seconds()`, kept below a third of that
    expiry) re-writes the tab's back-office states, so a tab left alone for hours keeps its
    filters. It does not count as the admin's activity, so the 30-minute idle rule still applies.
"""

from dataclasses import dataclass

import reflex as rx
from reflex.state import EventHandlerSetVar

from xplorium import live
from xplorium.config import settings
from xplorium.state.arguments import CheckedArguments, checked
from xplorium.state.arguments import setvar as only_settable_vars
from xplorium.state.auth import STAFF, StaffState, current_user, require_roles, session_token_of


def keepalive_seconds() -> int:
    """Seconds between keep-alives: the setting, but never more than a third of the state expiry."""
    expiry = rx.config.get_config().redis_token_expiration
    return max(1, min(settings.board_keepalive_seconds, expiry // 3))


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
    # "none", "due", "overdue" or "received" (services/deposits.py).
    deposit: str = "none"
    arrived: bool = False
    fresh: bool = False
    received: str = ""


class _GuardedSharedSetVar(EventHandlerSetVar):
    setvar = checked(require_roles(*STAFF)(only_settable_vars))


class BoardShared(CheckedArguments, rx.State):
    """The board as this admin's browser shows it (pushed by xplorium/live.py, never set here)."""

    items: list[BoardItem] = []
    counts: dict[str, int] = {}
    today_counts: dict[str, int] = {}
    pending: int = 0
    day: str = ""
    built_at: str = ""
    # The version this screen shows (0: not joined yet).
    version: int = 0
    # The changes of the last push, for the toast/sound/highlight of every screen.
    change_kind: str = ""
    change_message: str = ""
    change_references: list[str] = []
    created_references: list[str] = []
    tab_title: str = live._title(0)
    # Bumped when staff notifications change without a booking change (event registrations):
    # every screen's bell reloads its own count.
    notices: int = 0
    # Heartbeats from the broadcaster, and whether its link to the other workers is up.
    beat: int = 0
    link: str = ""

    def _create_setvar(cls):
        # Reflex gives every state a public `setvar`; on the board it is staff-only.
        cls.setvar = cls.event_handlers["setvar"] = _GuardedSharedSetVar(state_cls=cls)

    _create_setvar.__override_base_method__ = True
    _create_setvar = classmethod(_create_setvar)


def _touch_tree(state: rx.State) -> None:
    """Make Reflex re-write this state and its parents, renewing their Redis expiry."""
    current = state
    while current is not None:
        current._was_touched = True
        current = current.parent_state


class LiveState(StaffState):
    """Joins the admin's screen to the board and keeps the tab's states alive."""

    joined: bool = False
    keepalive_ms: int = 0
    # The new-booking chime, remembered by this browser ("on" or "off").
    sound: str = rx.LocalStorage("on", name="xp_board_sound")

    @rx.event
    @require_roles(*STAFF)
    async def join(self, shown: int = 0):
        """Have this screen sent the live board, then every change (on mount, and on re-link)."""
        self._show(current_user())
        board = live.broadcaster()
        if board is not None:
            board.join(self.router.session.client_token, session_token_of(self), _as_version(shown))
        self.keepalive_ms = keepalive_seconds() * 1000
        self.joined = True

    @rx.event
    @require_roles(*STAFF, activity=False)
    async def keepalive(self):
        """Timer: renew the Redis expiry of this tab's back-office states."""
        _touch_tree(self)
        for cls in _KEPT_ALIVE:
            _touch_tree(await self.get_state(cls))

    @rx.event
    @require_roles(*STAFF)
    def toggle_sound(self):
        self.sound = "off" if self.sound == "on" else "on"


def _as_version(value) -> int:
    """The version a browser says it shows; anything odd counts as none."""
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0
