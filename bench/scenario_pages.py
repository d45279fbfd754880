"""Scenario 4: public pages' on_load handlers over the socket, with a warm catalog cache."""

import asyncio
import time

from bench.client import ReflexClient
from bench.parents import close_all
from bench.stats import summary_ms

PAGES = ("/", "/pricing", "/events")


async def page_loads(base_url: str, clients: int, loads_per_page: int) -> dict:
    """`clients` tabs navigate between the pages `loads_per_page` times each; each navigation is
    timed from sending `on_load_internal` (what the router sends) to the delta ending the load."""
    tabs = [ReflexClient(base_url, "/", keep_messages=False) for _ in range(clients)]
    errors: list[str] = []
    timings: dict[str, list[float]] = {page: [] for page in PAGES}
    gate = asyncio.Semaphore(25)

    async def connect(tab: ReflexClient) -> None:
        async with gate:
            try:
                await tab.connect()
            except Exception as error:  # noqa: BLE001 - counted and reported
                errors.append(f"connect: {type(error).__name__}: {error}")

    async def browse(tab: ReflexClient) -> None:
        for _ in range(loads_per_page):
            for page in PAGES:
                try:
                    timings[page].append(await tab.navigate(page))
                except Exception as error:  # noqa: BLE001 - counted and reported
                    errors.append(f"{page}: {type(error).__name__}: {error}")

    await asyncio.gather(*(connect(t) for t in tabs))
    connected = [t for t in tabs if t.connected]
    try:
        # Warm the cache (and each tab) with one visit of every page, untimed.
        for page in PAGES:
            await connected[0].navigate(page)
        began = time.perf_counter()
        await asyncio.gather(*(browse(t) for t in connected))
        wall = time.perf_counter() - began
    finally:
        await close_all(tabs)
    loads = sum(len(v) for v in timings.values())
    return {
        "clients": clients,
        "loads_per_page_per_client": loads_per_page,
        "loads": loads,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "loads_per_s": round(loads / wall, 2) if wall else 0.0,
        "latency_ms": {page: summary_ms(values) for page, values in timings.items()},
    }
