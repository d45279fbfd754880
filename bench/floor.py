"""The framework floor: the baseline's raw booking transaction inside a minimal Reflex handler.

Loaded into the app only when the bench starts it with BENCH_FLOOR=1 (xplorium/xplorium.py);
never in normal use (the handler is unguarded and writes raw SQL). What it costs beyond the
raw-psycopg baseline is Reflex itself: the websocket, the event, the tab's state loaded from
and saved to Redis; what the app's submit costs beyond it is ours (validation, rate limit,
service layer, notifications, mail hand-off).
"""

import asyncio
from datetime import date

import psycopg
import reflex as rx

from bench import baseline
from bench.parents import Slot
from xplorium.models.enums import BookingType
from xplorium.services import catalog

# Connections per backend worker, as many as the app's thread pool runs service calls at once.
CONNECTIONS = 6
_pool: asyncio.Queue | None = None


async def _connection_pool() -> asyncio.Queue:
    global _pool
    if _pool is None:
        pool: asyncio.Queue = asyncio.Queue()
        for _ in range(CONNECTIONS):
            pool.put_nowait(await psycopg.AsyncConnection.connect(baseline.conninfo()))
        _pool = pool
    return _pool


class FloorState(rx.State):
    booked: int = 0
    answer: str = ""

    @rx.event
    async def book(self, index: int, type: str, day: str, time: str):
        slot = Slot(BookingType(type), date.fromisoformat(day), time)
        prepared = await asyncio.to_thread(baseline.prepared_booking, index, slot, catalog.booking_rules())
        pool = await _connection_pool()
        conn = await pool.get()
        try:
            ok = await baseline.book(conn, prepared)
        finally:
            pool.put_nowait(conn)
        self.booked += 1
        self.answer = "booked" if ok else "taken"
