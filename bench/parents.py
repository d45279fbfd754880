"""Simulated parents on the booking form: distinct slots, the form's events, the submit.

A parent does what the /book page makes a browser do: the page loads (`load_form` via the
boot event), the parent picks a day (`choose_day`, which loads that day's availability)
and a start time (`choose_time`), then presses "Book" (`submit` with the contact fields
as form data). Submit latency is timed from handing `submit` to the socket to the delta
that ends it (`submitting` back to false, with the confirmation or the refusal).
"""

import asyncio
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench.client import Received, ReflexClient, delta_of
from xplorium.constants import DEFAULT_DURATION_MINUTES, SLOT_MINUTES
from xplorium.i18n import DEFAULT_LOCALE, translations
from xplorium.models.enums import BookingType
from xplorium.services import catalog, rooms
from xplorium.services.bookings import writing
from xplorium.services.bookings.availability import day_grid
from xplorium.services.clock import local_now
from xplorium.state.booking import BookingState

# Parents keep the form's default length; slots are spaced so that length plus the buffer fits.
DURATION_MINUTES = DEFAULT_DURATION_MINUTES
PARENT_TYPES = (BookingType.PLAYGROUND, BookingType.SENSORY_ROOM, BookingType.CAFE, BookingType.PARTY)
# The two refusals of a time that has no room for the booking (a whole room, or places), as
# the parents read them on /book (Serbian, the default language).
TAKEN = tuple(translations(DEFAULT_LOCALE).gettext(m) for m in (writing.TAKEN_MESSAGE, writing.FULL_MESSAGE))


@dataclass(frozen=True)
class Slot:
    type: BookingType
    day: date
    time: str

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, datetime.strptime(self.time, "%H:%M").time())


class SlotPlanner:
    """Hands out slots that never overlap each other, per booking type, from `first_day` on.

    Slots follow the venue's opening hours (from the cached settings) on the 30-minute grid,
    far enough apart for the form's default length plus the longest cleanup buffer of a room
    (3 h with the defaults).
    Regions of days keep the scenarios apart (see bench/runner.py).
    """

    def __init__(self, first_day_offset: int, last_day_offset: int | None = None):
        today = local_now().date()
        self.first_day = today + timedelta(days=first_day_offset)
        self.last_day = today + timedelta(days=last_day_offset) if last_day_offset else None
        self._lanes: dict[BookingType, Iterator[Slot]] = {}

    def _lane(self, booking_type: BookingType) -> Iterator[Slot]:
        rules = catalog.booking_rules()
        blocked = DURATION_MINUTES + max(r["buffer_minutes"] for r in rooms.all_rooms())
        spacing = timedelta(minutes=-(-blocked // SLOT_MINUTES) * SLOT_MINUTES)
        for offset in itertools.count():
            day = self.first_day + timedelta(days=offset)
            if self.last_day and day > self.last_day:
                raise RuntimeError(f"no free slots left for {booking_type} before {self.last_day}")
            _span, starts = day_grid(rules, day, DURATION_MINUTES)
            previous = None
            for start in starts:
                if previous is None or start - previous >= spacing:
                    previous = start
                    yield Slot(booking_type, day, f"{start:%H:%M}")

    def take(self, booking_type: BookingType) -> Slot:
        if booking_type not in self._lanes:
            self._lanes[booking_type] = self._lane(booking_type)
        return next(self._lanes[booking_type])


@dataclass
class Outcome:
    ok: bool
    latency: float
    reference: str = ""
    message: str = ""
    sent_at: float = 0.0
    answered_at: float = 0.0


def form_data(index: int, booking_type: BookingType) -> dict[str, str]:
    """What a parent types into the form: a valid name, email and Serbian mobile number."""
    data = {
        "contact_name": f"Bench Parent {index}",
        "email": f"bench.parent{index}@example.com",
        "phone": f"064 {index // 10000 % 1000:03d} {index % 10000:04d}",
        "special_requests": "",
    }
    if booking_type == BookingType.PARTY:
        data.update(child_name=f"Child {index}", child_age="6", food_and_drinks="Pizza and juice")
    return data


def submit_finished(received: Received) -> bool:
    return delta_of(received, BookingState).get("submitting") is False


@dataclass
class Parent:
    """One parent's tab on /book?type=<type>."""

    index: int
    booking_type: BookingType
    client: ReflexClient | None = field(default=None, init=False)

    def open(self, base_url: str) -> ReflexClient:
        self.client = ReflexClient(base_url, "/book", {"type": self.booking_type.value}, keep_messages=False)
        return self.client

    async def prepare(self, slot: Slot, timeout: float = 30) -> None:
        """Pick the slot's day and time as the page's day buttons and time chips do."""
        client = self.client
        if client.value(BookingState, "day") != slot.day.isoformat():
            await client.call(
                BookingState.choose_day,
                {"value": slot.day.isoformat()},
                until=lambda r: (
                    delta_of(r, BookingState).get("day") == slot.day.isoformat()
                    or delta_of(r, BookingState).get("checking") is False
                ),
                timeout=timeout,
            )
        if client.value(BookingState, "start_time") != slot.time:
            await client.call(
                BookingState.choose_time,
                {"value": slot.time},
                until=lambda r: delta_of(r, BookingState).get("start_time") == slot.time,
                timeout=timeout,
            )

    async def submit(self, timeout: float = 60) -> Outcome:
        client = self.client
        waiter = client.expect(submit_finished)
        sent = await client.emit(BookingState.submit, {"form_data": form_data(self.index, self.booking_type)})
        try:
            received = await client.wait(waiter, timeout)
        except TimeoutError:
            return Outcome(False, timeout, message="no answer (timeout)", sent_at=sent)
        values = delta_of(received, BookingState)
        confirmation = values.get("confirmation") or {}
        latency = received.at - sent
        if confirmation.get("reference"):
            return Outcome(True, latency, confirmation["reference"], sent_at=sent, answered_at=received.at)
        message = values.get("message") or client.value(BookingState, "message") or ""
        errors = values.get("errors") or {}
        if errors:
            message = f"{message} {errors}".strip()
        return Outcome(False, latency, message=message or "refused", sent_at=sent, answered_at=received.at)


async def open_parents(base_url: str, parents: list[Parent], concurrency: int = 25) -> list[str]:
    """Connect (and load /book for) every parent, `concurrency` at a time; returns the errors."""
    errors: list[str] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(parent: Parent) -> None:
        async with gate:
            try:
                await parent.open(base_url).connect()
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported
                errors.append(f"connect: {type(error).__name__}: {error}")

    await asyncio.gather(*(one(p) for p in parents))
    return errors


async def close_all(clients: list[ReflexClient]) -> None:
    await asyncio.gather(*(c.disconnect() for c in clients if c is not None), return_exceptions=True)
