"""Scenario 6: a thousand parents' tabs and fifty admins' boards open at once, for a bounded time.

While everyone is connected, some parents browse (page navigations at a fixed rate) and a
parent books every few seconds; each booking's delivery to all fifty boards is timed. The
backend's resident memory is sampled throughout.
"""

import asyncio
import resource
import time

from bench.admins import change_versions, open_admins, wait_seen
from bench.client import ReflexClient
from bench.machine import process_tree_rss
from bench.parents import PARENT_TYPES, Parent, SlotPlanner, close_all
from bench.scenario_fanout import SEEN_TIMEOUT, created_stamps, workers_of
from bench.stats import summary_ms

BROWSE_PAGES = ("/", "/pricing", "/events")


def raise_open_files(wanted: int) -> int:
    """Each socket is a file descriptor: lift the soft limit towards the hard one if needed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def scale(
    base_url: str,
    server_pid: int,
    parents: int,
    admin_cookies: list[str],
    duration: float,
    planner: SlotPlanner,
    first_index: int,
    navigations_per_s: float = 10.0,
    booking_every_s: float = 2.0,
    connect_concurrency: int = 50,
) -> dict:
    open_files = raise_open_files(parents * 2 + len(admin_cookies) * 2 + 1024)
    rss_before = process_tree_rss(server_pid)
    bookers = [
        Parent(first_index + n, PARENT_TYPES[n % len(PARENT_TYPES)]) for n in range(max(1, parents // 5))
    ]
    browsers = [
        ReflexClient(base_url, BROWSE_PAGES[n % len(BROWSE_PAGES)], keep_messages=False)
        for n in range(parents - len(bookers))
    ]
    for parent in bookers:
        parent.open(base_url)
    tabs = browsers + [p.client for p in bookers]
    errors: list[str] = []
    connect_times: list[float] = []
    gate = asyncio.Semaphore(connect_concurrency)

    async def connect(tab: ReflexClient) -> None:
        async with gate:
            try:
                connect_times.append(await tab.connect(timeout=60))
            except Exception as error:  # noqa: BLE001 - counted and reported
                errors.append(f"connect: {type(error).__name__}: {error}")

    began = time.perf_counter()
    await asyncio.gather(*(connect(t) for t in tabs))
    connect_wall = time.perf_counter() - began
    admins, admin_errors = await open_admins(base_url, admin_cookies)
    errors += admin_errors
    rss_connected = process_tree_rss(server_pid)
    peak = rss_connected

    navigations: list[float] = []
    outcomes = []
    pending: set[asyncio.Task] = set()
    offset = time.time() - time.perf_counter()

    async def navigate(tab: ReflexClient, page: str) -> None:
        try:
            navigations.append(await tab.navigate(page))
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"navigate: {type(error).__name__}: {error}")

    async def book(parent: Parent) -> None:
        try:
            await parent.prepare(planner.take(parent.booking_type))
            outcome = await parent.submit()
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"book: {type(error).__name__}: {error}")
            return
        if not outcome.ok:
            errors.append(f"submit: {outcome.message}")
            return
        outcomes.append(outcome)
        await wait_seen(admins, outcome.reference, SEEN_TIMEOUT)

    def spawn(coroutine) -> None:
        task = asyncio.create_task(coroutine)
        pending.add(task)
        task.add_done_callback(pending.discard)

    live_browsers = [t for t in browsers if t.connected]
    live_bookers = [p for p in bookers if p.client.connected]
    hold_start = time.perf_counter()
    next_nav = next_booking = next_sample = hold_start
    nav_index = booking_index = 0
    while (now := time.perf_counter()) - hold_start < duration:
        if live_browsers and now >= next_nav:
            tab = live_browsers[nav_index % len(live_browsers)]
            spawn(navigate(tab, BROWSE_PAGES[(nav_index // len(live_browsers) + 1) % len(BROWSE_PAGES)]))
            nav_index += 1
            next_nav += 1.0 / navigations_per_s
        if live_bookers and now >= next_booking:
            spawn(book(live_bookers[booking_index % len(live_bookers)]))
            booking_index += 1
            next_booking += booking_every_s
        if now >= next_sample:
            sample = process_tree_rss(server_pid)
            if sample["total_rss_mib"] > peak["total_rss_mib"]:
                peak = sample
            next_sample += 5.0
        await asyncio.sleep(0.01)
    hold_wall = time.perf_counter() - hold_start
    if pending:
        await asyncio.wait(pending, timeout=SEEN_TIMEOUT + 30)
    still_connected = sum(1 for t in tabs if t.connected) + sum(1 for a in admins if a.client.connected)
    dropped = sum(1 for t in tabs if t.dropped) + sum(1 for a in admins if a.client.dropped)
    admins_per_worker = workers_of(admins) if admins else {}
    stamps = created_stamps([o.reference for o in outcomes])
    versions = change_versions(admins)
    from_commit, missed, coalesced = [], 0, 0
    for outcome in outcomes:
        for admin in admins:
            seen = admin.delivered_at(outcome.reference, versions.get(outcome.reference))
            if seen is None:
                missed += 1
                continue
            coalesced += outcome.reference not in admin.seen
            if outcome.reference in stamps:
                from_commit.append(seen + offset - stamps[outcome.reference])
    await close_all(tabs + [a.client for a in admins])
    return {
        "parents": parents,
        "admins": len(admin_cookies),
        "parents_connected": len(connect_times),
        "admins_joined": len(admins),
        "connected_at_end": still_connected,
        "dropped_connections": dropped,
        "open_files_limit": open_files,
        "connect_wall_s": round(connect_wall, 2),
        "connect_ms": summary_ms(connect_times),
        "hold_s": round(hold_wall, 1),
        "navigations": len(navigations),
        "navigation_ms": summary_ms(navigations),
        "bookings": len(outcomes),
        "fanout_delay_from_commit_ms": summary_ms(from_commit),
        "missed_deliveries": missed,
        "coalesced_deliveries": coalesced,
        "admins_per_worker": admins_per_worker,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "backend_rss_mib": {
            "before": rss_before["total_rss_mib"],
            "connected": rss_connected["total_rss_mib"],
            "peak": peak["total_rss_mib"],
            "processes_at_peak": peak["processes"],
        },
    }
