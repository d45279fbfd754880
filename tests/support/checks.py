"""Whole-database checks shared by tests."""

from collections import defaultdict

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from xplorium.models import Room, RoomHold, RoomSlot


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


def ledger_problems(session: Session) -> list[str]:
    """Where the ledger is not the sum of the active holds, or a room is over its capacity."""
    expected: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for hold in session.exec(select(RoomHold).where(RoomHold.released_at.is_(None))):
        for slot in range(hold.first_slot, hold.end_slot):
            expected[(hold.room_id, slot)][1 if hold.whole else 0] += 1 if hold.whole else hold.places
    capacity = {room.id: room.capacity for room in session.exec(select(Room))}
    actual = {(r.room_id, r.slot): [r.places, r.exclusive] for r in session.exec(select(RoomSlot))}
    problems = [
        f"{key}: ledger {actual.get(key)} != holds {value}"
        for key, value in expected.items()
        if actual.get(key) != value
    ]
    problems += [f"{key}: ledger row without holds" for key in actual.keys() - expected.keys()]
    problems += [
        f"{key}: {places} places over capacity {capacity[key[0]]}"
        for key, (places, whole) in actual.items()
        if places > capacity[key[0]] or whole > 1 or (whole and places)
    ]
    return problems
