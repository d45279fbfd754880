"""Scenario 8, the framework floor: bookings through bench/floor.py's minimal Reflex handler.

Timed like the app's submit: from handing the event to the socket to the delta answering it,
one client at a time and `clients` at once, on distinct slots.
"""

import asyncio
import time

from bench.client import ReflexClient, delta_of
from bench.floor import FloorState
from bench.parents import PARENT_TYPES, SlotPlanner, close_all
from bench.stats import summary_ms


async def _book(client: ReflexClient, index: int, slot) -> tuple[float, str]:
    waiter = client.expect(lambda r: "answer" in delta_of(r, FloorState))
    sent = await client.emit(
        FloorState.book,
        {"index": index, "type": slot.type.value, "day": slot.day.isoformat(), "time": slot.time},
    )
    received = await client.wait(waiter, 60)
    return received.at - sent, delta_of(received, FloorState)["answer"]


async def floor(
    base_url: str, clients: int, rounds: int, sequential: int, planner: SlotPlanner, first: int
) -> dict:
    tabs = [ReflexClient(base_url, "/", keep_messages=False) for _ in range(clients)]
    errors: list[str] = []
    for tab in tabs:
        await tab.connect()
    one, many = [], []
    wall = 0.0
    try:
        for n in range(sequential):
            latency, answer = await _book(
                tabs[0], first + n, planner.take(PARENT_TYPES[n % len(PARENT_TYPES)])
            )
            (one if answer == "booked" else errors).append(latency if answer == "booked" else answer)
        for r in range(rounds):
            slots = [planner.take(PARENT_TYPES[n % len(PARENT_TYPES)]) for n in range(clients)]
            began = time.perf_counter()
            answers = await asyncio.gather(
                *(
                    _book(tab, first + 1000 + r * clients + n, slot)
                    for n, (tab, slot) in enumerate(zip(tabs, slots, strict=True))
                )
            )
            wall += time.perf_counter() - began
            for latency, answer in answers:
                (many if answer == "booked" else errors).append(latency if answer == "booked" else answer)
    finally:
        await close_all(tabs)
    return {
        "clients": clients,
        "rounds": rounds,
        "sequential_latency_ms": summary_ms(one),
        "latency_ms": summary_ms(many),
        "throughput_per_s": round(len(many) / wall, 2) if wall else 0.0,
        "errors": len(errors),
        "error_samples": sorted(set(map(str, errors)))[:5],
    }
