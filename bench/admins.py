"""Simulated admins watching the live board, and when each booking reached each of them.

An admin's tab opens /admin/board with the session cookie a sign-in would have set; the
back-office layout fires `LiveState.join` on mount, which links the tab to the one shared
board (xplorium/state/live.py). From then on every change to the board arrives as a delta of
`BoardShared`, carrying `change_reference` (the booking that changed) and the new `items`.
"""

import asyncio
import time
from dataclasses import dataclass, field

from bench.client import Received, ReflexClient, delta_of
from xplorium.state.live import BoardShared, LiveState


@dataclass
class Admin:
    index: int
    cookie: str
    client: ReflexClient | None = None
    # reference -> perf_counter time the first board delta naming it arrived
    seen: dict[str, float] = field(default_factory=dict)

    def open(self, base_url: str) -> ReflexClient:
        self.client = ReflexClient(base_url, "/admin/board", cookie=self.cookie, keep_messages=False)
        self.client.on_message(self._record)
        return self.client

    def _record(self, received: Received) -> None:
        board = delta_of(received, BoardShared)
        if not board:
            return
        names = set()
        if board.get("change_reference"):
            names.add(board["change_reference"])
        for item in board.get("items") or []:
            if isinstance(item, dict) and item.get("reference"):
                names.add(item["reference"])
        for reference in names:
            self.seen.setdefault(reference, received.at)

    async def join(self, timeout: float = 30) -> None:
        """Open the board page and link to the shared board (version > 0 once linked)."""
        await self.client.connect(timeout=timeout)
        await self.client.call(
            LiveState.join,
            until=lambda r: (
                (delta_of(r, BoardShared).get("version") or 0) > 0
                or (self.client.value(BoardShared, "version") or 0) > 0
            ),
            timeout=timeout,
        )


async def open_admins(
    base_url: str, cookies: list[str], concurrency: int = 10
) -> tuple[list[Admin], list[str]]:
    admins = [Admin(n, cookie) for n, cookie in enumerate(cookies)]
    errors: list[str] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(admin: Admin) -> None:
        async with gate:
            try:
                admin.open(base_url)
                await admin.join()
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported
                errors.append(f"admin join: {type(error).__name__}: {error}")

    await asyncio.gather(*(one(a) for a in admins))
    return [a for a in admins if a.client is not None and a.client.connected], errors


async def wait_seen(admins: list[Admin], reference: str, timeout: float) -> bool:
    """Until every admin has seen `reference` (True) or `timeout` passed (False)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if all(reference in a.seen for a in admins):
            return True
        await asyncio.sleep(0.005)
    return False
