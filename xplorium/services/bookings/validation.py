"""A parent's booking request, checked and cleaned: every problem reported beside its field at once."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from xplorium import formatting
from xplorium.constants import (
    BOOKING_HORIZON_DAYS,
    CHILD_AGE_MAX,
    CHILD_AGE_MIN,
    LONG_TEXT_MAX,
    PARTY_FOOD_MAX,
    SHORT_TEXT_MAX,
)
from xplorium.i18n import _
from xplorium.models.enums import BookingType
from xplorium.services import catalog
from xplorium.services.bookings.availability import (
    Offer,
    day_grid,
    extra_rooms,
    horizon_end,
    package_room,
)
from xplorium.services.bookings.quotes import (
    chosen_package,
    parse_duration,
    parse_guests,
    parse_type,
    quote_dict,
)
from xplorium.services.clock import local_now
from xplorium.services.errors import FieldErrors
from xplorium.services.parsing import EMAIL_MAX, PHONE_TEXT_MAX, to_date, to_email, to_int, to_phone, to_time
from xplorium.services.sanitize import clean_text
from xplorium.services.venue import closed_message


@dataclass(frozen=True)
class BookingRequest:
    """A booking request that passed validation: every field clean and typed."""

    type: BookingType
    offer: Offer
    day: date
    start_time: time
    contact_name: str
    email: str
    phone: str
    special_requests: str
    party_details: dict | None
    price: Decimal
    currency: str

    @property
    def package(self) -> dict:
        return self.offer.package

    @property
    def guest_count(self) -> int:
        return self.offer.guests

    @property
    def duration_minutes(self) -> int:
        return self.offer.duration_minutes

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start_time)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


def email_field(errors: FieldErrors, value: object) -> str:
    """A parent's email address for the "email" field (required), or "" with its message."""
    email = to_email(value)
    if email is None:
        blank = not clean_text(value, max_length=EMAIL_MAX)
        errors.add("email", _("Email is required.") if blank else _("Enter a valid email address."))
    return email or ""


def contact(errors: FieldErrors, data: Mapping) -> tuple[str, str, str]:
    """The parent's name, email and phone, each checked."""
    contact_name = clean_text(data.get("contact_name"), max_length=SHORT_TEXT_MAX)
    if len(contact_name) < 2:
        errors.add("contact_name", _("Enter your name."))
    email = email_field(errors, data.get("email"))
    phone = to_phone(data.get("phone"))
    if phone is None:
        blank = not clean_text(data.get("phone"), max_length=PHONE_TEXT_MAX)
        errors.add(
            "phone", _("Phone is required.") if blank else _("Enter a valid phone number, e.g. 064 123 4567.")
        )
    return contact_name, email, phone or ""


def validate(data: Mapping, rules: dict | None = None, now: datetime | None = None) -> BookingRequest:
    """Check and clean a booking request."""
    rules = rules or catalog.booking_rules()
    now = now or local_now()
    errors = FieldErrors()

    booking_type = parse_type(data.get("type"))
    if booking_type is None:
        errors.add("type", _("Choose what you would like to book."))
    duration = parse_duration(errors, data.get("duration_minutes"))
    guests = parse_guests(errors, booking_type, data.get("guest_count"))
    package = chosen_package(errors, booking_type, data.get("package_id")) if booking_type else None
    room = package_room(errors, package)

    day = to_date(data.get("date"))
    if day is None:
        errors.add("date", _("Choose a date."))
    elif day < now.date():
        errors.add("date", _("That day has passed; choose another."))
    elif day > horizon_end(now.date()):
        errors.add(
            "date",
            _("Bookings open up to {booking_horizon_days} days ahead.").format(
                booking_horizon_days=BOOKING_HORIZON_DAYS
            ),
        )

    start_time = to_time(data.get("time"))
    if start_time is None:
        errors.add("time", _("Choose a start time."))
    elif day is not None and "date" not in errors.errors:
        span, starts = day_grid(rules, day, duration)
        starts_at = datetime.combine(day, start_time)
        if span is None:
            errors.add("date", closed_message(rules, day))
        elif starts_at not in starts:
            errors.add(
                "time",
                _(
                    "Choose a start on the half hour between {format_time} and {format_time2}, ending by closing time."
                ).format(
                    format_time=formatting.time_of_day(span[0]), format_time2=formatting.time_of_day(span[1])
                ),
            )
        elif starts_at <= now:
            errors.add("time", _("That time has passed; choose a later one."))

    contact_name, email, phone = contact(errors, data)
    special_requests = clean_text(data.get("special_requests"), max_length=LONG_TEXT_MAX, multiline=True)

    party_details, extras = None, ()
    if booking_type == BookingType.PARTY:
        extras = extra_rooms(errors, data.get("rooms") or [], room)
        party_details = _party_details(errors, data, room, extras)

    errors.raise_if_any()
    offer = Offer(package=package, room=room, guests=guests, duration_minutes=duration, extra_rooms=extras)
    quoted = quote_dict(package, guests, duration)
    return BookingRequest(
        type=booking_type,
        offer=offer,
        day=day,
        start_time=start_time,
        contact_name=contact_name,
        email=email,
        phone=phone,
        special_requests=special_requests,
        party_details=party_details,
        price=Decimal(quoted["amount"]),
        currency=quoted["currency"],
    )


def _party_details(errors: FieldErrors, data: Mapping, room: dict | None, extras: tuple[dict, ...]) -> dict:
    child_name = clean_text(data.get("child_name"), max_length=SHORT_TEXT_MAX)
    if not child_name:
        errors.add("child_name", _("Enter the birthday child's name."))
    age = to_int(data.get("child_age"))
    if age is None or not CHILD_AGE_MIN <= age <= CHILD_AGE_MAX:
        errors.add(
            "child_age",
            _("Enter an age from {child_age_min} to {child_age_max}.").format(
                child_age_min=CHILD_AGE_MIN, child_age_max=CHILD_AGE_MAX
            ),
        )
    food = clean_text(data.get("food_and_drinks"), max_length=PARTY_FOOD_MAX, multiline=True)
    return {
        "child_name": child_name,
        "child_age": age,
        # Every room the party holds, its own first (slugs; the holds are the record).
        "rooms": [r["slug"] for r in ((room,) if room else ()) + extras],
        "food_and_drinks": food,
    }
