"""Scenario 7: a burst of bookings (a promotion, an event opening) while admin boards watch.

Parents book at a steady `rate` per second for `seconds` (each booking is a slot pick and a
submit on one of a pool of tabs; a booking starts on time when a tab is free), while `admins`
boards are open. A board's version is the millisecond its snapshot was read (xplorium/live.py),
and every push lists the bookings whose changes it is the first to carry.

* board lag: per booking and board, from the booking's commit to the push that carried it;
* drain: from the last booking's commit until every board has a version read after it
  was confirmed;
* pushes per board per second, against bookings per second (coalescing).
"""

import asyncio
import time

from bench.admins import Admin, open_admins
from bench.parents import PARENT_TYPES, Outcome, Parent, SlotPlanner, close_all, open_parents
from bench.scenario_fanout import created_stamps
from bench.stats import summary_ms

CATCH_UP_TIMEOUT = 30.0


def _first_version_after(admin: Admin, epoch_ms: float) -> float | None:
    """perf_counter time of the first board version read after `epoch_ms`."""
    return next((at for version, at in admin.versions if version >= epoch_ms), None)


def _carried(admin: Admin, references: list[str], epoch_ms: float) -> bool:
    """The board carries every booking: a push listed each, or it has a version read after `epoch_ms`.

    Under load a parent's answer can arrive after the push that carried its booking, so a
    version after the last answer alone may never come (no change, no new version)."""
    return all(r in admin.seen for r in references) or _first_version_after(admin, epoch_ms) is not None


async def _until_caught_up(
    admins: list[Admin], references: list[str], epoch_ms: float, timeout: float
) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if all(_carried(a, references, epoch_ms) for a in admins):
            return True
        await asyncio.sleep(0.01)
    return False


async def burst(
    base_url: str,
    cookies: list[str],
    rate: float,
    seconds: float,
    tabs: int,
    planner: SlotPlanner,
    first_index: int,
) -> dict:
    admins, errors = await open_admins(base_url, cookies)
    parents = [Parent(first_index + n, PARENT_TYPES[n % len(PARENT_TYPES)]) for n in range(tabs)]
    errors += await open_parents(base_url, parents)
    idle: asyncio.Queue[Parent] = asyncio.Queue()
    for parent in parents:
        if parent.client is not None and parent.client.connected:
            idle.put_nowait(parent)
    offset = time.time() - time.perf_counter()
    outcomes: list[Outcome] = []
    late: list[float] = []

    async def book(due: float) -> None:
        parent = await idle.get()
        late.append(max(0.0, time.perf_counter() - due))
        try:
            await parent.prepare(planner.take(parent.booking_type))
            outcome = await parent.submit()
            if outcome.ok:
                outcomes.append(outcome)
            else:
                errors.append(f"submit: {outcome.message}")
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"parent: {type(error).__name__}: {error}")
        finally:
            idle.put_nowait(parent)

    total = int(rate * seconds)
    versions_before = {a.index: len(a.versions) for a in admins}
    started = time.perf_counter()
    try:
        tasks = []
        for k in range(total):
            due = started + k / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(book(due)))
        await asyncio.gather(*tasks)
        burst_wall = time.perf_counter() - started
        last_answer = max((o.answered_at for o in outcomes), default=time.perf_counter())
        caught_up = await _until_caught_up(
            admins, [o.reference for o in outcomes], (last_answer + offset) * 1000, CATCH_UP_TIMEOUT
        )
    finally:
        await close_all([a.client for a in admins] + [p.client for p in parents])

    stamps = created_stamps([o.reference for o in outcomes])
    lags, missed = [], 0
    for outcome in outcomes:
        committed = stamps.get(outcome.reference)
        after_ms = (outcome.answered_at + offset) * 1000
        for admin in admins:
            seen = admin.seen.get(outcome.reference) or _first_version_after(admin, after_ms)
            if seen is None or committed is None:
                missed += 1
                continue
            lags.append(seen + offset - committed)
    drain = []
    if outcomes and stamps:
        last = max(outcomes, key=lambda o: stamps.get(o.reference, 0))
        for admin in admins:
            seen = _first_version_after(admin, (last.answered_at + offset) * 1000)
            if seen is not None:
                drain.append(seen + offset - stamps[last.reference])
    pushes = [len(a.versions) - versions_before[a.index] for a in admins]
    return {
        "rate_per_s": rate,
        "seconds": seconds,
        "tabs": tabs,
        "admins": len(cookies),
        "admins_joined": len(admins),
        "attempted": total,
        "booked": len(outcomes),
        "achieved_per_s": round(len(outcomes) / burst_wall, 2) if burst_wall else None,
        "start_late_ms": summary_ms(late),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "caught_up": caught_up,
        "missed": missed,
        "board_lag_ms": summary_ms(lags),
        "drain_ms": summary_ms(drain),
        "pushes_per_board": {"min": min(pushes), "max": max(pushes)} if pushes else {},
        "pushes_per_board_per_s": round(sum(pushes) / len(pushes) / burst_wall, 2) if pushes else None,
    }
