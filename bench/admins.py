"""Simulated admins watching the live board, and when each booking reached each of them.

An admin's tab opens /admin/board with the session cookie a sign-in would have set; the
back-office layout fires `LiveState.join` on mount, which links the tab to the one shared
board (xplorium/state/live.py). From then on every change to the board arrives as a delta of
`BoardShared`, carrying `change_references` (the bookings whose changes it is the first push
to carry) and, when they changed, the new `items`.
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
    # reference -> perf_counter time of the first board delta naming it (change or card)
    seen: dict[str, float] = field(default_factory=dict)
    # (board version, perf_counter time) of every board delta carrying a version
    versions: list[tuple[int, float]] = field(default_factory=list)
    # reference -> the board version that first carried its change (from `change_references`)
    changed_in: dict[str, int] = field(default_factory=dict)

    def open(self, base_url: str) -> ReflexClient:
        self.client = ReflexClient(base_url, "/admin/board", cookie=self.cookie, keep_messages=False)
        self.client.on_message(self._record)
        return self.client

    def _record(self, received: Received) -> None:
        board = delta_of(received, BoardShared)
        if not board:
            return
        version = board.get("version")
        if isinstance(version, int):
            self.versions.append((version, received.at))
            for reference in board.get("change_references") or []:
                self.changed_in.setdefault(reference, version)
        names = set(board.get("change_references") or [])
        for item in board.get("items") or []:
            if isinstance(item, dict) and item.get("reference"):
                names.add(item["reference"])
        for reference in names:
            self.seen.setdefault(reference, received.at)

    def delivered_at(self, reference: str, version: int | None) -> float | None:
        """When this board first reflected the change that made `reference`.

        Every push lists the bookings whose changes it is the first to carry
        (`change_references`), so that is the time; a board that missed that push has the
        change in any later version (`version`: the one that carried it, as seen by any
        admin; versions of different workers are close but not equal, hence only a fallback).
        """
        if reference in self.seen:
            return self.seen[reference]
        return next((at for v, at in self.versions if version is not None and v >= version), None)

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


def change_versions(admins: list[Admin]) -> dict[str, int]:
    """reference -> board version of its change, from every admin's view (they agree)."""
    found: dict[str, int] = {}
    for admin in admins:
        for reference, version in admin.changed_in.items():
            found.setdefault(reference, version)
    return found


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
    """Until every admin's board reflects `reference` (True) or `timeout` passed (False)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        version = change_versions(admins).get(reference)
        if all(a.delivered_at(reference, version) is not None for a in admins):
            return True
        await asyncio.sleep(0.005)
    return False
