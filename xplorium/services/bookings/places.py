"""What holds a room, and the ledger of places per slot that the database keeps from it.

A hold takes one room for [starts_at, ends_at): `places` of its capacity, or the whole room,
whose cleanup buffer is held with it. Holds are rows of `room_holds`; a database trigger adds
every active one to `room_slots` (per room and SLOT_MINUTES slot), whose CHECK constraints
refuse any write that would put a room over its capacity or share a whole-room hold's slot
(see models/rooms.py). So this module never decides alone whether a hold fits: it reads the
ledger to answer parents, and lets the database have the last word when it writes.

Slots are numbered from SLOT_EPOCH in venue-local wall-clock time; a hold covers every slot
it touches, so a buffer that is not a whole number of slots rounds up to the next one.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium.constants import SLOT_MINUTES
from xplorium.models import RoomHold, RoomSlot
from xplorium.models.enums import HoldKind, HoldMode
from xplorium.services import clock

SLOT = timedelta(minutes=SLOT_MINUTES)
SLOT_EPOCH = datetime(2000, 1, 1)
# The ledger's CHECK constraints: a write refused by one of them means "no room for it".
LEDGER_CHECKS = (
    "ck_room_slots_within_capacity",
    "ck_room_slots_exclusive_alone",
)
CHECK_VIOLATION = "23514"

_OWNER_COLUMN = {
    HoldKind.BOOKING: "booking_id",
    HoldKind.EVENT: "event_id",
    HoldKind.CLOSURE: "closure_id",
    HoldKind.OFFER: "waitlist_id",
}


def slot_of(moment: datetime) -> int:
    """The slot that contains `moment`."""
    return (moment - SLOT_EPOCH) // SLOT


def slot_after(moment: datetime) -> int:
    """The first slot that starts at or after `moment` (an end, exclusive)."""
    slots, rest = divmod(moment - SLOT_EPOCH, SLOT)
    return slots + (1 if rest else 0)


@dataclass(frozen=True)
class Hold:
    """One room taken for a time: `places` of it, or all of it (`whole`, buffer included)."""

    room_id: int
    starts_at: datetime
    ends_at: datetime
    places: int
    whole: bool

    @property
    def first_slot(self) -> int:
        return slot_of(self.starts_at)

    @property
    def end_slot(self) -> int:
        return slot_after(self.ends_at)

    def values(self, kind: HoldKind, owner_id: object) -> dict:
        """The `room_holds` row of this hold for its owner (an id or a SQL expression)."""
        return {
            "room_id": self.room_id,
            "kind": kind.value,
            _OWNER_COLUMN[kind]: owner_id,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "first_slot": self.first_slot,
            "end_slot": self.end_slot,
            "places": self.places,
            "whole": self.whole,
            "created_at": clock.now(),
        }


def hold_in(room: dict, starts_at: datetime, ends_at: datetime, places: int, whole: bool) -> Hold:
    """The hold of `room` for a booking of [starts_at, ends_at): a whole room keeps its buffer."""
    if whole:
        ends_at = ends_at + timedelta(minutes=room["buffer_minutes"])
    return Hold(room_id=room["id"], starts_at=starts_at, ends_at=ends_at, places=places, whole=whole)


def ordered(holds: Iterable[Hold]) -> list[Hold]:
    # Every writer takes ledger rows in (room, slot) order, so two writers cannot deadlock.
    return sorted(holds, key=lambda h: (h.room_id, h.starts_at))


def insert_statement(holds: Sequence[Hold], kind: HoldKind, owner_id: object) -> sa.Insert:
    """One INSERT of every hold (the trigger books them into the ledger)."""
    return sa.insert(RoomHold.__table__).values([h.values(kind, owner_id) for h in ordered(holds)])


def add(session: Session, holds: Sequence[Hold], kind: HoldKind, owner_id: int) -> None:
    """Write the holds of one owner; IntegrityError (see `is_full`) when they do not fit."""
    if holds:
        session.execute(insert_statement(holds, kind, owner_id))


def add_if_free(session: Session, holds: Sequence[Hold], kind: HoldKind, owner_id: int) -> bool:
    """Write the holds of one owner in a savepoint; False, with nothing written, when they do
    not fit (any other refusal of the database is raised)."""
    try:
        with session.begin_nested():
            add(session, holds, kind, owner_id)
    except IntegrityError as error:
        if not is_full(error):
            raise
        return False
    return True


def release(session: Session, kind: HoldKind, owner_id: int) -> list[Hold]:
    """Give back every active hold of one owner (the trigger frees their places); returns them."""
    column = getattr(RoomHold, _OWNER_COLUMN[kind])
    rows = session.exec(
        select(RoomHold).where(column == owner_id, RoomHold.released_at.is_(None)).order_by(RoomHold.room_id)
    ).all()
    if rows:
        session.execute(
            sa.update(RoomHold).where(RoomHold.id.in_([r.id for r in rows])).values(released_at=clock.now())
        )
    return [as_hold(r) for r in rows]


def as_hold(row: RoomHold) -> Hold:
    return Hold(
        room_id=row.room_id, starts_at=row.starts_at, ends_at=row.ends_at, places=row.places, whole=row.whole
    )


def active_holds(session: Session, kind: HoldKind, owner_ids: Sequence[int]) -> dict[int, list[Hold]]:
    """{owner id: its active holds}, in one query."""
    if not owner_ids:
        return {}
    column = getattr(RoomHold, _OWNER_COLUMN[kind])
    rows = session.exec(
        select(RoomHold)
        .where(column.in_(owner_ids), RoomHold.released_at.is_(None))
        .order_by(RoomHold.room_id)
    ).all()
    found: dict[int, list[Hold]] = {}
    for row in rows:
        found.setdefault(getattr(row, _OWNER_COLUMN[kind]), []).append(as_hold(row))
    return found


def is_full(error: IntegrityError) -> bool:
    """Whether the database refused a write because a room has no room for it."""
    orig = error.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:
        return getattr(orig, "sqlstate", None) == CHECK_VIOLATION and diag.constraint_name in LEDGER_CHECKS
    # SQLite names the failed constraint in its message.
    return any(name in str(orig) for name in LEDGER_CHECKS)


# --- reading the ledger --------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """What is taken of some rooms over a span of slots: {(room_id, slot): (places, exclusive)}."""

    taken: dict[tuple[int, int], tuple[int, int]]

    def places_left(self, room: dict, starts_at: datetime, ends_at: datetime) -> int:
        """Places still free in `room` through all of [starts_at, ends_at)."""
        left = room["capacity"]
        for slot in range(slot_of(starts_at), slot_after(ends_at)):
            places, exclusive = self.taken.get((room["id"], slot), (0, 0))
            if exclusive:
                return 0
            left = min(left, room["capacity"] - places)
        return max(0, left)

    def is_empty(self, room: dict, starts_at: datetime, ends_at: datetime) -> bool:
        """Whether nothing at all holds `room` in [starts_at, ends_at) (a whole-room hold fits)."""
        return all(
            (room["id"], slot) not in self.taken for slot in range(slot_of(starts_at), slot_after(ends_at))
        )

    def fits(self, hold: Hold, room: dict) -> bool:
        if hold.whole:
            return self.is_empty(room, hold.starts_at, hold.ends_at)
        return self.places_left(room, hold.starts_at, hold.ends_at) >= hold.places


def usage(session: Session, room_ids: Iterable[int], starts_at: datetime, ends_at: datetime) -> Usage:
    """The ledger rows of these rooms touching [starts_at, ends_at), in one query."""
    ids = sorted(set(room_ids))
    if not ids:
        return Usage({})
    rows = session.exec(
        select(RoomSlot.room_id, RoomSlot.slot, RoomSlot.places, RoomSlot.exclusive).where(
            RoomSlot.room_id.in_(ids),
            RoomSlot.slot >= slot_of(starts_at),
            RoomSlot.slot < slot_after(ends_at),
        )
    ).all()
    return Usage({(r[0], r[1]): (r[2], r[3]) for r in rows})


# --- what a booking holds ------------------------------------------------------------------------


def booking_holds(
    package: Mapping,
    room: dict,
    starts_at: datetime,
    ends_at: datetime,
    guests: int,
    extra_rooms: Sequence[dict] = (),
) -> list[Hold]:
    """What a booking of `package` holds: its room (whole, or one place per guest), and each
    extra room a party chose, whole, for the same time."""
    whole = package["hold_mode"] == HoldMode.WHOLE.value
    holds = [hold_in(room, starts_at, ends_at, guests, whole)]
    holds += [hold_in(extra, starts_at, ends_at, guests, True) for extra in extra_rooms]
    return ordered(holds)
