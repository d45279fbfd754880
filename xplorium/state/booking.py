"""The booking form: the parent's choices, the live quote and the day's slots with the places
left, all from services. A full session can be chosen to join its waiting list instead.

The contact fields (name, email, phone, requests, party details) are plain form inputs that
reach the server only inside `submit`: they are never stored in this state, so nothing
personal is kept or sent back. The price shown comes from `quotes.quote` on the server.
"""

from dataclasses import dataclass
from datetime import timedelta

import reflex as rx

from xplorium import formatting, live
from xplorium.constants import DEFAULT_DURATION_MINUTES
from xplorium.i18n import N_, _, localized
from xplorium.models.enums import BookingType
from xplorium.services import catalog
from xplorium.services.bookings import availability, quotes, rules, waitlist, writing
from xplorium.services.bookings.availability import horizon_end
from xplorium.services.clock import local_now
from xplorium.services.venue import span_on
from xplorium.state.arguments import CheckedArguments, form_text
from xplorium.state.calls import call, public_context, query_param
from xplorium.state.outage import outage_toast

DAY_CHOICES = 14
PARTY_DEFAULT_GUESTS = 10
FORM_FIELDS = (
    "contact_name",
    "email",
    "phone",
    "special_requests",
    "child_name",
    "child_age",
    "food_and_drinks",
)
# The form's fields from top to bottom: after a refused submit the first one with a problem is shown.
FIELD_ORDER = (
    "type",
    "package_id",
    "date",
    "duration_minutes",
    "time",
    "guest_count",
    "child_name",
    "child_age",
    "rooms",
    "food_and_drinks",
    "contact_name",
    "email",
    "phone",
    "special_requests",
)
TYPE_OPTIONS = (
    (BookingType.PARTY, "cake", N_("Birthday party")),
    (BookingType.PLAYGROUND, "castle", N_("Playroom")),
    (BookingType.SENSORY_ROOM, "sparkles", N_("Sensory room")),
    (BookingType.CAFE, "coffee", N_("Cafe table")),
)


@dataclass
class DayChoice:
    iso: str = ""
    weekday: str = ""
    day: str = ""
    month: str = ""
    closed: bool = False


@dataclass
class SlotView:
    time: str = ""
    free: bool = False
    label: str = ""
    # Full, but with a waiting list the parent may join.
    waitlist: bool = False


@dataclass
class RoomOption:
    slug: str = ""
    name: str = ""
    free: bool = True


@dataclass
class PackageOption:
    id: str = ""
    name: str = ""
    price_label: str = ""
    unit_label: str = ""
    description: str = ""
    popular: bool = False


@dataclass
class Alternative:
    date: str = ""
    time: str = ""
    label: str = ""


class BookingState(CheckedArguments, rx.State):
    booking_type: str = BookingType.PARTY.value
    # Set with booking_type, by the handler: a computed var would read the default locale.
    type_label: str = ""
    package_id: str = ""
    day: str = ""
    start_time: str = ""
    duration: str = str(DEFAULT_DURATION_MINUTES)
    guests: str = str(PARTY_DEFAULT_GUESTS)
    # The extra rooms a party adds to its own (slugs).
    rooms: list[str] = []
    room_options: list[RoomOption] = []
    room_name: str = ""

    packages: list[PackageOption] = []
    days: list[DayChoice] = []
    min_day: str = ""
    max_day: str = ""
    day_label: str = ""
    hours_label: str = ""
    day_message: str = ""
    slots: list[SlotView] = []
    checking: bool = False

    quote_label: str = ""
    quote_breakdown: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    alternatives: list[Alternative] = []
    submitting: bool = False
    waitlist_message: str = ""
    # What the confirmation page shows: the facts of the booking just made, nothing personal.
    confirmation: dict[str, str] = {}

    # --- derived ---------------------------------------------------------------------------------

    @rx.var
    def is_party(self) -> bool:
        return self.booking_type == BookingType.PARTY.value

    @rx.var
    def package_name(self) -> str:
        return next((p.name for p in self.packages if p.id == self.package_id), "")

    @rx.var
    def joining_waitlist(self) -> bool:
        """The chosen time is full: submitting puts the parent on its waiting list."""
        return any(s.time == self.start_time and not s.free and s.waitlist for s in self.slots)

    @rx.var
    def when_label(self) -> str:
        if not self.day_label:
            return ""
        return f"{self.day_label}, {self.start_time}" if self.start_time else self.day_label

    def _set_type(self, booking_type: BookingType) -> None:
        self.booking_type = booking_type.value
        self.type_label = _(rules.TYPE_LABELS.get(booking_type, ""))

    # --- loading ---------------------------------------------------------------------------------

    @rx.event
    async def load_form(self):
        requested_type = quotes.parse_type(query_param(self, "type"))
        self._set_type(requested_type or BookingType.PARTY)
        self.errors, self.message, self.alternatives = {}, "", []
        self.submitting = False
        self.waitlist_message = ""
        self.start_time = ""
        self.duration = str(DEFAULT_DURATION_MINUTES)
        self.rooms = []
        self.guests = str(PARTY_DEFAULT_GUESTS if self.is_party else 2)
        await self._load_days()
        await self._load_packages(query_param(self, "package"))
        await self._follow_choices()

    async def _load_days(self) -> None:
        result = await call(catalog.booking_rules)
        booking_rules = result.data if result.ok else {"opening_hours": {}}
        today = local_now().date()
        choices = []
        for offset in range(DAY_CHOICES):
            day = today + timedelta(days=offset)
            choices.append(
                DayChoice(
                    iso=day.isoformat(),
                    weekday=_("Today")
                    if offset == 0
                    else formatting.weekday_name(day.weekday(), "abbreviated").capitalize(),
                    day=str(day.day),
                    month=formatting.month_name(day.month, "abbreviated"),
                    closed=span_on(booking_rules, day) is None,
                )
            )
        self.days = choices
        self.min_day = today.isoformat()
        self.max_day = horizon_end(today).isoformat()
        if not self.day or self.day < self.min_day or self.day > self.max_day:
            self.day = next((c.iso for c in choices if not c.closed), today.isoformat())

    async def _load_packages(self, wanted: str = "") -> None:
        category = rules.TYPE_CATEGORY[BookingType(self.booking_type)]
        result = await call(catalog.pricing_for, category)
        packages = result.data if result.ok else []
        self.packages = [
            PackageOption(
                id=str(p["id"]),
                name=p["name"],
                price_label=p["price_label"],
                unit_label=p["unit_label"],
                description=p["description"],
                popular=p["popular"],
            )
            for p in packages
        ]
        ids = [p.id for p in self.packages]
        if wanted in ids:
            self.package_id = wanted
        elif self.package_id not in ids:
            popular = [p.id for p in self.packages if p.popular]
            self.package_id = (popular or ids or [""])[0]

    async def _quote(self) -> None:
        result = await call(
            quotes.quote,
            {
                "type": self.booking_type,
                "package_id": self.package_id,
                "guest_count": self.guests,
                "duration_minutes": self.duration,
            },
        )
        errors = {k: v for k, v in self.errors.items() if k not in ("guest_count", "package_id")}
        if result.ok:
            self.quote_label = result.data["label"]
            self.quote_breakdown = result.data["breakdown"]
        else:
            self.quote_label, self.quote_breakdown = "—", ""
            errors.update({k: v for k, v in result.fields.items() if k in ("guest_count", "package_id")})
        self.errors = errors

    async def _load_day(self) -> None:
        self.checking = True
        result = await call(
            availability.availability,
            self.booking_type,
            self.package_id,
            self.day,
            self.duration,
            self.guests,
            list(self.rooms) if self.is_party else [],
        )
        self.checking = False
        if not result.ok:
            self.slots = []
            self.day_message = result.message if not result.fields else next(iter(result.fields.values()))
            return
        answer = result.data
        self.day_label = answer["date_label"]
        self.room_name = answer["room"]
        self.hours_label = (
            _("Open {opening}–{closing}").format(opening=answer["opening"], closing=answer["closing"])
            if answer["open"]
            else _("Closed")
        )
        self.day_message = answer["message"]
        self.slots = [
            SlotView(time=s["time"], free=s["free"], label=s["label"], waitlist=s["waitlist"])
            for s in answer["slots"]
        ]
        if not any(s.time == self.start_time and (s.free or s.waitlist) for s in self.slots):
            self.start_time = ""

    async def _follow_choices(self, rooms: bool = True) -> None:
        """After a choice changed: the price, the day's times and, unless only the guest count
        changed (no room's answer depends on it), the party's rooms free then."""
        await self._quote()
        await self._load_day()
        if rooms:
            await self._load_rooms()

    async def _load_rooms(self) -> None:
        """A party's extra rooms, each with whether it is free at the chosen time."""
        if not self.is_party:
            self.room_options, self.rooms = [], []
            return
        result = await call(
            availability.party_rooms, self.package_id, self.day, self.start_time, self.duration
        )
        options = result.data if result.ok else []
        self.room_options = [RoomOption(slug=o["slug"], name=o["name"], free=o["free"]) for o in options]
        offered = {o.slug for o in self.room_options}
        self.rooms = [r for r in self.rooms if r in offered]

    # --- choices ---------------------------------------------------------------------------------

    @rx.event
    async def choose_type(self, value: str):
        booking_type = quotes.parse_type(value)
        if booking_type is None or booking_type.value == self.booking_type:
            return
        self._set_type(booking_type)
        low, high = rules.guest_limits(booking_type)
        guests = int(self.guests) if self.guests.isdigit() else low
        if booking_type == BookingType.PARTY and guests < low:
            guests = PARTY_DEFAULT_GUESTS
        self.guests = str(min(max(guests, low), high))
        self.alternatives, self.message = [], ""
        await self._load_packages()
        await self._follow_choices()

    @rx.event
    async def choose_package(self, value: str):
        if not isinstance(value, str):
            return
        self.package_id = value[:12]
        await self._follow_choices()

    @rx.event
    async def set_guests(self, value: str):
        if not isinstance(value, str):
            return
        self.guests = value.strip()[:4]
        await self._follow_choices(rooms=False)

    @rx.event
    async def step_guests(self, delta: int):
        if isinstance(delta, bool) or not isinstance(delta, int):
            return
        low, high = rules.guest_limits(BookingType(self.booking_type))
        current = int(self.guests) if self.guests.isdigit() else low
        self.guests = str(min(max(current + delta, low), high))
        await self._follow_choices(rooms=False)

    @rx.event
    async def choose_duration(self, value: str):
        if not isinstance(value, str):
            return
        self.duration = value[:4]
        await self._follow_choices()

    @rx.event
    async def choose_day(self, value: str):
        if not value or value == self.day:
            return
        self.day = str(value)[:10]
        self.errors = {k: v for k, v in self.errors.items() if k not in ("date", "time")}
        await self._load_day()

    @rx.event
    async def choose_time(self, value: str):
        if not isinstance(value, str):
            return
        self.start_time = value[:5]
        self.errors = {k: v for k, v in self.errors.items() if k != "time"}
        self.waitlist_message = ""
        await self._load_rooms()

    @rx.event
    async def set_rooms(self, value: list[str]):
        if not isinstance(value, list):
            return
        offered = {o.slug for o in self.room_options}
        self.rooms = [v for v in value if isinstance(v, str) and v in offered]
        await self._load_day()

    @rx.event
    async def use_alternative(self, day: str, start: str):
        if not isinstance(day, str) or not isinstance(start, str):
            return
        self.day = day[:10]
        self.message, self.alternatives = "", []
        await self._load_day()
        self.start_time = start if any(s.time == start and s.free for s in self.slots) else ""
        await self._load_rooms()

    # --- submitting ------------------------------------------------------------------------------

    def _argument_refused(self, field: str, message: str) -> None:
        self.errors = {field: _("This {message}.").format(message=message)}

    @rx.event
    async def submit(self, form_data: dict):
        if self.submitting or not isinstance(form_data, dict):
            return
        if not self.days:
            # The form's state was lost (Redis restarted): the page is reloading it, so say
            # so instead of booking from empty choices or dropping the submit unanswered.
            yield outage_toast()
            return
        data = {key: form_text(form_data, key) for key in FORM_FIELDS}
        self.submitting = True
        self.message, self.alternatives, self.waitlist_message = "", [], ""
        yield
        data.update(
            type=self.booking_type,
            package_id=self.package_id,
            date=self.day,
            time=self.start_time,
            duration_minutes=self.duration,
            guest_count=self.guests,
            rooms=list(self.rooms),
        )
        if self.joining_waitlist:
            result = await call(waitlist.join, await public_context(self), data)
            self.submitting = False
            if result.ok:
                self.errors = {}
                self.waitlist_message = _(
                    "You are number {position} on the waiting list for {when}. We will email you if places free up."
                ).format(position=result.data["position"], when=result.data["when"])
                yield _reveal("booking-message")
                return
        else:
            result = await call(writing.create_booking, await public_context(self), data)
        self.submitting = False
        if result.ok:
            # Committed: every admin's live board shows it now.
            live.bookings_changed(live.CREATED, result.data["reference"])
            self.errors = {}
            self.confirmation = {k: str(v) for k, v in result.data.items()}
            yield rx.redirect(localized("/book/confirmed"))
            return
        self.errors = result.fields
        self.message = result.message
        self.alternatives = [Alternative(**a) for a in result.details.get("alternatives", [])]
        if result.code == "conflict":
            await self._load_day()
        first = next((name for name in FIELD_ORDER if name in self.errors), None)
        yield _reveal(f"{first}-error" if first else "booking-message", focus=first)


def _reveal(element_id: str, focus: str | None = None) -> rx.event.EventSpec:
    """Scroll an element to the middle of the screen (clear of the sticky header); focus a field."""
    # Both ids are this module's constants, never user input.
    script = (
        f"document.getElementById('{element_id}')?.scrollIntoView({{block: 'center', behavior: 'smooth'}});"
    )
    if focus:
        script += f"document.getElementById('{focus}')?.focus({{preventScroll: true}});"
    return rx.call_script(script)


class WaitlistClaimState(CheckedArguments, rx.State):
    """The page a waiting-list email links to: the offered session, and booking it once."""

    _token: str = ""
    loaded: bool = False
    valid: bool = False
    working: bool = False
    message: str = ""
    offer: dict[str, str] = {}

    @rx.event
    async def load_claim(self):
        self._token = query_param(self, "token")
        self.working, self.message = False, ""
        result = await call(waitlist.offer_for_token, self._token)
        self.valid = result.ok
        self.offer = {k: str(v) for k, v in result.data.items()} if result.ok else {}
        if not result.ok:
            self.message = result.message
        self.loaded = True

    @rx.event
    async def claim(self):
        if self.working or not self.valid:
            return
        self.working = True
        yield
        result = await call(waitlist.claim, await public_context(self), self._token)
        self.working = False
        if result.ok:
            live.bookings_changed(live.CREATED, result.data["reference"])
            form = await self.get_state(BookingState)
            form.confirmation = {k: str(v) for k, v in result.data.items()}
            yield rx.redirect(localized("/book/confirmed"))
            return
        self.valid = False
        self.message = result.message
