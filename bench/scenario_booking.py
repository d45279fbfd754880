"""Scenarios 1 and 5: parents submitting bookings on distinct slots, on one contested slot of a
whole room, and on the last places of one contested session."""

import asyncio
import time
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import select

from bench import pgstats
from bench.parents import (
    DURATION_MINUTES,
    PARENT_TYPES,
    TAKEN,
    Outcome,
    Parent,
    SlotPlanner,
    close_all,
    form_data,
    open_parents,
)
from bench.stats import summary_ms
from xplorium.db import session_scope
from xplorium.models import Booking, RoomHold
from xplorium.models.enums import ACTIVE_BOOKING_STATUSES, BookingType
from xplorium.services import catalog, rooms
from xplorium.services.bookings import places, writing
from xplorium.services.context import RequestContext


async def submissions(
    base_url: str, parents: int, rounds: int, planner: SlotPlanner, first_index: int, engine: sa.Engine | None
) -> dict:
    """`parents` tabs on /book; in each round every parent picks a new distinct slot, then all
    press "Book" at the same moment. Throughput counts only the submit rounds' wall time."""
    people = [Parent(first_index + n, PARENT_TYPES[n % len(PARENT_TYPES)]) for n in range(parents)]
    started = time.perf_counter()
    errors = await open_parents(base_url, people)
    connected = [p for p in people if p.client.connected]
    before = await asyncio.to_thread(pgstats.settled, engine)
    outcomes: list[Outcome] = []
    submit_wall = 0.0
    prepare_wall = 0.0
    try:
        for _round in range(rounds):
            slots = [planner.take(p.booking_type) for p in connected]
            began = time.perf_counter()
            prepared = await asyncio.gather(
                *(p.prepare(s) for p, s in zip(connected, slots, strict=True)), return_exceptions=True
            )
            prepare_wall += time.perf_counter() - began
            ready = []
            for parent, result in zip(connected, prepared, strict=True):
                if isinstance(result, BaseException):
                    errors.append(f"prepare: {type(result).__name__}: {result}")
                else:
                    ready.append(parent)
            began = time.perf_counter()
            outcomes.extend(await asyncio.gather(*(p.submit() for p in ready)))
            submit_wall += time.perf_counter() - began
        after = await asyncio.to_thread(pgstats.settled, engine)
    finally:
        await close_all([p.client for p in people])
    booked = [o for o in outcomes if o.ok]
    refused = [o for o in outcomes if not o.ok]
    errors.extend(f"submit: {o.message}" for o in refused)
    return {
        "parents": parents,
        "rounds": rounds,
        "attempted": len(outcomes),
        "booked": len(booked),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "latency_ms": summary_ms([o.latency for o in booked]),
        "throughput_per_s": round(len(booked) / submit_wall, 2) if submit_wall else 0.0,
        "submit_wall_s": round(submit_wall, 3),
        "prepare_wall_s": round(prepare_wall, 3),
        "total_wall_s": round(time.perf_counter() - started, 3),
        "server_transactions_per_booking": pgstats.per_booking(before, after, len(booked)),
        "per_room_per_s": _per_room(booked, submit_wall),
        "references": [o.reference for o in booked],
    }


def _per_room(booked: list[Outcome], wall: float) -> dict[str, float]:
    """Bookings per second that held each room (a party with extra rooms counts in each)."""
    references = [o.reference for o in booked]
    if not references or not wall:
        return {}
    with session_scope() as session:
        rows = session.execute(
            sa.select(RoomHold.room_id, sa.func.count())
            .join(Booking, Booking.id == RoomHold.booking_id)
            .where(Booking.reference.in_(references))
            .group_by(RoomHold.room_id)
        ).all()
    return {rooms.room_names([room_id]): round(count / wall, 2) for room_id, count in rows}


async def sequential(base_url: str, count: int, planner: SlotPlanner, first_index: int) -> dict:
    """One parent books `count` times in a row: the latency of a submit with nothing else going on."""
    parent = Parent(first_index, PARENT_TYPES[0])
    errors = await open_parents(base_url, [parent])
    outcomes: list[Outcome] = []
    try:
        for _ in range(count if parent.client.connected else 0):
            await parent.prepare(planner.take(parent.booking_type))
            outcomes.append(await parent.submit())
    finally:
        await close_all([parent.client])
    errors += [o.message for o in outcomes if not o.ok]
    return {
        "bookings": sum(1 for o in outcomes if o.ok),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "latency_ms": summary_ms([o.latency for o in outcomes if o.ok]),
    }


async def _all_at_once(base_url: str, people: list[Parent], slot) -> tuple[list[Outcome], list[str], float]:
    """Every parent chooses `slot`, then all press "Book" at once: (outcomes, errors, seconds until all answered)."""
    errors = await open_parents(base_url, people)
    connected = [p for p in people if p.client.connected]
    try:
        prepared = await asyncio.gather(*(p.prepare(slot) for p in connected), return_exceptions=True)
        ready = [p for p, r in zip(connected, prepared, strict=True) if not isinstance(r, BaseException)]
        errors.extend(f"prepare: {r!r}" for r in prepared if isinstance(r, BaseException))
        began = time.perf_counter()
        outcomes = await asyncio.gather(*(p.submit() for p in ready))
        return list(outcomes), errors, time.perf_counter() - began
    finally:
        await close_all([p.client for p in people])


async def contested(base_url: str, parents: int, planner: SlotPlanner, first_index: int) -> dict:
    """`parents` tabs all choose the same slot and press "Book" at once: exactly one may win."""
    slot = planner.take(BookingType.PARTY)
    people = [Parent(first_index + n, BookingType.PARTY) for n in range(parents)]
    outcomes, errors, all_answered = await _all_at_once(base_url, people, slot)
    winners = [o for o in outcomes if o.ok]
    taken = [o for o in outcomes if not o.ok and o.message.startswith(TAKEN)]
    other = [o for o in outcomes if not o.ok and not o.message.startswith(TAKEN)]
    with session_scope() as session:
        in_slot = session.exec(
            select(Booking.reference).where(
                Booking.type == BookingType.PARTY,
                Booking.starts_at == slot.starts_at,
                Booking.status.in_(ACTIVE_BOOKING_STATUSES),
            )
        ).all()
    return {
        "parents": parents,
        "answered": len(outcomes),
        "booked": len(winners),
        "taken_answers": len(taken),
        "other_answers": len(other),
        "other_samples": sorted({o.message for o in other})[:5],
        "errors": len(errors) + len(other),
        "error_samples": sorted(set(errors))[:5],
        "bookings_in_slot": list(in_slot),
        "exactly_one": len(winners) == 1
        and list(in_slot) == [winners[0].reference]
        and len(taken) == len(outcomes) - 1,
        "all_answered_ms": round(all_answered * 1000, 2),
        "answer_latency_ms": summary_ms([o.latency for o in outcomes]),
    }


# The form's default group for a visit, and how many such groups the contested session has room for.
GROUP = 2
GROUPS_LEFT = 3


async def contested_places(base_url: str, parents: int, planner: SlotPlanner, first_index: int) -> dict:
    """`parents` tabs choose the same playroom session, which has places for GROUPS_LEFT groups
    left, and press "Book" at once: exactly that many may win, the others must be told "full"."""
    slot = planner.take(BookingType.PLAYGROUND)
    package = next(p for p in catalog.pricing_for("PLAYGROUND") if p["popular"])
    room = rooms.room_by_id(package["room_id"])
    prefill = room["capacity"] - GROUP * GROUPS_LEFT
    await asyncio.to_thread(
        writing.create_booking,
        RequestContext(ip="127.0.0.9", user_agent="xplorium-bench/1.0 (prefill)"),
        {
            **form_data(first_index + parents, BookingType.PLAYGROUND),
            "type": "PLAYGROUND",
            "package_id": package["id"],
            "date": slot.day.isoformat(),
            "time": slot.time,
            "duration_minutes": DURATION_MINUTES,
            "guest_count": prefill,
        },
    )
    people = [Parent(first_index + n, BookingType.PLAYGROUND) for n in range(parents)]
    outcomes, errors, all_answered = await _all_at_once(base_url, people, slot)
    winners = [o for o in outcomes if o.ok]
    full = [o for o in outcomes if not o.ok and o.message.startswith(TAKEN)]
    other = [o for o in outcomes if not o.ok and not o.message.startswith(TAKEN)]
    with session_scope() as session:
        usage = places.usage(
            session, [room["id"]], slot.starts_at, slot.starts_at + timedelta(minutes=DURATION_MINUTES)
        )
    sold = room["capacity"] - usage.places_left(
        room, slot.starts_at, slot.starts_at + timedelta(minutes=DURATION_MINUTES)
    )
    return {
        "parents": parents,
        "groups_left": GROUPS_LEFT,
        "answered": len(outcomes),
        "booked": len(winners),
        "full_answers": len(full),
        "other_answers": len(other),
        "other_samples": sorted({o.message for o in other})[:5],
        "errors": len(errors) + len(other),
        "error_samples": sorted(set(errors))[:5],
        "places_sold": sold,
        "capacity": room["capacity"],
        "exact": len(winners) == min(GROUPS_LEFT, len(outcomes))
        and sold == room["capacity"]
        and len(full) == len(outcomes) - len(winners),
        "all_answered_ms": round(all_answered * 1000, 2),
        "answer_latency_ms": summary_ms([o.latency for o in outcomes]),
    }
