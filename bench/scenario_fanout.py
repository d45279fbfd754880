"""Scenario 3: a parent's committed booking reaching every admin's live board."""

import asyncio
import time
from collections import Counter

import redis
import sqlalchemy as sa
from sqlmodel import select

from bench import pgstats
from bench.admins import Admin, change_versions, open_admins, wait_seen
from bench.parents import PARENT_TYPES, Parent, SlotPlanner, close_all, open_parents
from bench.stats import summary_ms
from tests.support.board import socket_owner
from xplorium.config import settings
from xplorium.db import session_scope
from xplorium.models import Booking

SEEN_TIMEOUT = 10.0


def workers_of(admins: list[Admin]) -> dict[str, int]:
    """How many admin sockets each backend worker holds (Reflex's socket records in Redis)."""
    client = redis.Redis.from_url(settings.redis_url)
    try:
        owners = Counter(socket_owner(client, a.client.token) or "unknown" for a in admins)
    finally:
        client.close()
    return {f"worker {n + 1}": count for n, (_owner, count) in enumerate(sorted(owners.items()))}


def created_stamps(references: list[str]) -> dict[str, float]:
    """Epoch seconds of each booking's created_at, stamped inside its transaction."""
    if not references:
        return {}
    with session_scope() as session:
        rows = session.exec(
            select(Booking.reference, Booking.created_at).where(Booking.reference.in_(references))
        )
        return {reference: created.timestamp() for reference, created in rows}


async def measure(
    admins: list[Admin],
    parents: list[Parent],
    bookings: int,
    planner: SlotPlanner,
    pause: float,
    engine: sa.Engine | None = None,
) -> dict:
    """Book `bookings` times, one at a time; record when each admin saw each booking."""
    before = await asyncio.to_thread(pgstats.settled, engine)
    offset = time.time() - time.perf_counter()
    outcomes, errors, missed = [], [], 0
    for k in range(bookings):
        parent = parents[k % len(parents)]
        try:
            await parent.prepare(planner.take(parent.booking_type))
            outcome = await parent.submit()
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"parent: {type(error).__name__}: {error}")
            continue
        if not outcome.ok:
            errors.append(f"submit: {outcome.message}")
            continue
        await wait_seen(admins, outcome.reference, SEEN_TIMEOUT)
        outcomes.append(outcome)
        if pause:
            await asyncio.sleep(pause)
    after = await asyncio.to_thread(pgstats.settled, engine)
    stamps = created_stamps([o.reference for o in outcomes])
    versions = change_versions(admins)
    from_commit, from_confirmation, from_submit, first, last = [], [], [], [], []
    coalesced = 0
    for outcome in outcomes:
        committed = stamps.get(outcome.reference)
        delays = []
        for admin in admins:
            seen = admin.delivered_at(outcome.reference, versions.get(outcome.reference))
            if seen is None:
                missed += 1
                continue
            coalesced += outcome.reference not in admin.seen
            if committed is not None:
                delays.append(seen + offset - committed)
            from_confirmation.append(seen - outcome.answered_at)
            from_submit.append(seen - outcome.sent_at)
        from_commit.extend(delays)
        if delays:
            first.append(min(delays))
            last.append(max(delays))
    return {
        "bookings": len(outcomes),
        "deliveries": len(from_submit),
        "expected_deliveries": len(outcomes) * len(admins),
        "missed_deliveries": missed,
        # delivered by a later board delta only (the one naming the booking never came)
        "coalesced_deliveries": coalesced,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "delay_from_commit_ms": summary_ms(from_commit),
        "delay_from_parent_confirmation_ms": summary_ms(from_confirmation),
        "delay_from_submit_ms": summary_ms(from_submit),
        # Per booking: when the first and the last admin had it (shows whether delivery is serial).
        "first_admin_ms": summary_ms(first),
        "last_admin_ms": summary_ms(last),
        "server_transactions_per_booking": pgstats.per_booking(before, after, len(outcomes)),
    }


async def fanout(
    base_url: str,
    cookies: list[str],
    bookings: int,
    planner: SlotPlanner,
    first_index: int,
    engine: sa.Engine | None,
    pause: float = 0.25,
) -> dict:
    admins, errors = await open_admins(base_url, cookies)
    parents = [Parent(first_index + n, t) for n, t in enumerate(PARENT_TYPES)]
    errors += await open_parents(base_url, parents)
    try:
        result = await measure(admins, parents, bookings, planner, pause, engine)
        result["admins_per_worker"] = workers_of(admins)
    finally:
        await close_all([a.client for a in admins] + [p.client for p in parents])
    result["admins"] = len(cookies)
    result["admins_joined"] = len(admins)
    result["errors"] += len(errors)
    result["error_samples"] = sorted(set(result["error_samples"]) | set(errors))[:5]
    return result
