"""A day's start times for an offer with the places left, the free extra rooms of a party, and
the next free times when a choice is taken. Only times and counts leave this module: never a
name, email, phone or note of any booking."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from xplorium import formatting
from xplorium.constants import (
    ALTERNATIVE_SLOTS_OFFERED,
    ALTERNATIVES_SEARCH_DAYS,
    BOOKING_HORIZON_DAYS,
    SLOT_MINUTES,
)
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models.enums import BookingType, HoldMode
from xplorium.services import catalog, rooms
from xplorium.services.bookings import places
from xplorium.services.bookings.quotes import chosen_package, parse_duration, parse_guests, parse_type
from xplorium.services.clock import local_now
from xplorium.services.errors import FieldErrors
from xplorium.services.parsing import to_date, to_time
from xplorium.services.venue import closed_message, span_on

_SLOT = timedelta(minutes=SLOT_MINUTES)


def horizon_end(today: date) -> date:
    return today + timedelta(days=BOOKING_HORIZON_DAYS)


def day_grid(
    rules: Mapping, day: date, duration_minutes: int
) -> tuple[tuple[time, time] | None, list[datetime]]:
    """That day's opening span (a public holiday's own hours included) and every start on the
    30-minute grid that ends by closing."""
    span = span_on(rules, day)
    if span is None:
        return None, []
    start = datetime.combine(day, span[0])
    last = datetime.combine(day, span[1]) - timedelta(minutes=duration_minutes)
    starts = []
    while start <= last:
        starts.append(start)
        start += _SLOT
    return span, starts


@dataclass(frozen=True)
class Offer:
    """What a parent is choosing: a package, its room, the extra rooms, the group and the length."""

    package: dict
    room: dict
    guests: int
    duration_minutes: int
    extra_rooms: tuple[dict, ...] = ()

    @property
    def whole(self) -> bool:
        return self.package["hold_mode"] == HoldMode.WHOLE.value

    @property
    def room_ids(self) -> list[int]:
        return [self.room["id"], *(r["id"] for r in self.extra_rooms)]

    def holds(self, starts_at: datetime) -> list[places.Hold]:
        ends_at = starts_at + timedelta(minutes=self.duration_minutes)
        return places.booking_holds(
            self.package, self.room, starts_at, ends_at, self.guests, self.extra_rooms
        )

    def fits(self, usage: places.Usage, starts_at: datetime) -> bool:
        by_id = {r["id"]: r for r in (self.room, *self.extra_rooms)}
        return all(usage.fits(h, by_id[h.room_id]) for h in self.holds(starts_at))

    def longest_buffer(self) -> timedelta:
        return timedelta(minutes=max(r["buffer_minutes"] for r in (self.room, *self.extra_rooms)))


def package_room(errors: FieldErrors, package: dict | None) -> dict | None:
    """The active room a package holds, or a field error."""
    if package is None:
        return None
    room = rooms.room_by_id(package["room_id"])
    if room is None or not room["active"]:
        errors.add("package_id", _("This package cannot be booked at the moment; please call us."))
        return None
    return room


def extra_rooms(errors: FieldErrors, value: object, main_room: dict | None) -> tuple[dict, ...]:
    """The extra rooms a party chose (by slug), each once and active, in the venue's order."""
    raw = value if isinstance(value, list | tuple) else ([] if value in (None, "") else None)
    if raw is None or not all(isinstance(v, str) for v in raw):
        errors.add("rooms", _("Choose the extra rooms from the list."))
        return ()
    # The party's own room is held anyway; naming it again is not an error.
    chosen = set(raw) - ({main_room["slug"]} if main_room else set())
    offered = {r["slug"] for r in party_extra_rooms(main_room)}
    if chosen - offered:
        errors.add("rooms", _("One of those rooms cannot be added; choose from the list."))
        return ()
    return tuple(r for r in party_extra_rooms(main_room) if r["slug"] in chosen)


def party_extra_rooms(main_room: dict | None) -> list[dict]:
    """The rooms a party may add to its own: every other active room."""
    return [r for r in rooms.active_rooms() if main_room is None or r["id"] != main_room["id"]]


def _slot_label(offer: Offer, left: int, free: bool) -> str:
    if offer.whole:
        return _("Free") if free else _("Taken")
    if left == 0:
        return _("Full")
    if not free:
        return _("Only {left} left").format(left=left)
    return _("1 place left") if left == 1 else _("{left} places left").format(left=left)


def availability(
    booking_type: object,
    package_id: object,
    day: object,
    duration_minutes: object = None,
    guest_count: object = None,
    extra: object = None,
) -> dict:
    """A day's start times for this offer: free, taken or full, with the places left."""
    errors = FieldErrors()
    kind = parse_type(booking_type)
    if kind is None:
        errors.add("type", _("Choose what you would like to book."))
        errors.raise_if_any()
    package = chosen_package(errors, kind, package_id)
    room = package_room(errors, package)
    parsed_day = to_date(day)
    if parsed_day is None:
        errors.add("date", _("Choose a date."))
    duration = parse_duration(errors, duration_minutes)
    guests = parse_guests(FieldErrors(), kind, guest_count)  # a bad count is the quote's error
    chosen_extra = extra_rooms(errors, extra or [], room) if kind == BookingType.PARTY else ()
    errors.raise_if_any()
    offer = Offer(
        package=package, room=room, guests=guests, duration_minutes=duration, extra_rooms=chosen_extra
    )

    rules = catalog.booking_rules()
    now = local_now()
    result = {
        "date": parsed_day.isoformat(),
        "date_label": formatting.day(parsed_day),
        "room": room["name"],
        "whole": offer.whole,
        "open": False,
        "opening": "",
        "closing": "",
        "message": "",
        "slots": [],
        "free_starts": [],
    }
    if parsed_day < now.date():
        result["message"] = _("That day has passed.")
        return result
    if parsed_day > horizon_end(now.date()):
        result["message"] = _("Bookings open {booking_horizon_days} days ahead.").format(
            booking_horizon_days=BOOKING_HORIZON_DAYS
        )
        return result
    span, starts = day_grid(rules, parsed_day, duration)
    if span is None:
        result["message"] = closed_message(rules, parsed_day)
        return result
    result.update(open=True, opening=formatting.time_of_day(span[0]), closing=formatting.time_of_day(span[1]))
    day_open = datetime.combine(parsed_day, span[0])
    day_close = datetime.combine(parsed_day, span[1])
    with session_scope() as session:
        usage = places.usage(session, offer.room_ids, day_open, day_close + offer.longest_buffer())
        closed = rooms.closures_on(session, offer.room_ids, parsed_day)
        windows = [] if closed else rooms.closed_windows(session, offer.room_ids, day_open, day_close)
    if closed:
        names = rooms.room_names(closed)
        result["message"] = _("{names}: closed on this day ({join}).").format(
            names=names, join="; ".join(closed.values())
        )
    elif windows:
        result["message"] = "; ".join(windows) + "."
    for start in starts:
        if start <= now:
            continue  # a time that has passed is not offered at all, rather than shown as taken
        end = start + timedelta(minutes=duration)
        free = offer.fits(usage, start)
        left = usage.places_left(room, start, end)
        result["slots"].append(
            {
                "time": formatting.time_of_day(start.time()),
                "free": free,
                "places_left": left,
                "label": _slot_label(offer, left, free),
                # A full session of places has a waiting list; a taken hire does not.
                "waitlist": not free and not offer.whole and not closed,
            }
        )
        if free:
            result["free_starts"].append(formatting.time_of_day(start.time()))
    if not starts:
        result["message"] = _("That length does not fit in the day's opening hours.")
    elif not result["slots"]:
        result["message"] = _("Today's times have passed; please choose another day.")
    elif not result["free_starts"] and not result["message"]:
        result["message"] = _("No free start times on this day; please try another.")
    return result


def party_rooms(
    package_id: object, day: object, start: object, duration_minutes: object = None
) -> list[dict]:
    """The rooms a party could add at this time, each with whether it is free then."""
    errors = FieldErrors()
    package = chosen_package(errors, BookingType.PARTY, package_id)
    room = package_room(errors, package)
    parsed_day, parsed_time = to_date(day), to_time(start)
    duration = parse_duration(errors, duration_minutes)
    candidates = party_extra_rooms(room)
    if errors.errors or parsed_day is None or parsed_time is None:
        return [{"slug": r["slug"], "name": r["name"], "free": True, "known": False} for r in candidates]
    starts_at = datetime.combine(parsed_day, parsed_time)
    ends_at = starts_at + timedelta(minutes=duration)
    with session_scope() as session:
        usage = places.usage(
            session,
            [r["id"] for r in candidates],
            starts_at,
            ends_at + timedelta(minutes=max((r["buffer_minutes"] for r in candidates), default=0)),
        )
    return [
        {
            "slug": r["slug"],
            "name": r["name"],
            "free": usage.fits(places.hold_in(r, starts_at, ends_at, 1, True), r),
            "known": True,
        }
        for r in candidates
    ]


def next_free_starts(
    session: Session, offer: Offer, after: datetime, rules: Mapping, count: int = ALTERNATIVE_SLOTS_OFFERED
) -> list[dict[str, str]]:
    """The first `count` start times later than `after` at which the whole offer fits."""
    now = local_now()
    last_day = min(after.date() + timedelta(days=ALTERNATIVES_SEARCH_DAYS), horizon_end(now.date()))
    window_end = datetime.combine(last_day + timedelta(days=1), time())
    usage = places.usage(session, offer.room_ids, after, window_end + offer.longest_buffer())
    found: list[dict[str, str]] = []
    day = after.date()
    while day <= last_day and len(found) < count:
        _span, starts = day_grid(rules, day, offer.duration_minutes)
        for start in starts:
            if start <= after or start <= now or not offer.fits(usage, start):
                continue
            found.append(
                {
                    "date": day.isoformat(),
                    "time": formatting.time_of_day(start.time()),
                    "label": f"{formatting.short_day(day)} {formatting.time_of_day(start.time())}",
                }
            )
            if len(found) == count:
                break
        day += timedelta(days=1)
    return found


def alternatives(offer: Offer, after: datetime, rules: Mapping) -> list[dict[str, str]]:
    with session_scope() as session:
        return next_free_starts(session, offer, after, rules)
