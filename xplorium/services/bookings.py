"""Parents' bookings: price quotes, day availability, validation, and the one transaction that books.

How a price is quoted (always here, on the server, from the PUBLISHED pricing; a price the
browser sends is never read). A booking names a published package of the category that
matches its type; the package's `unit` says what its `amount` is for:

    per_child, per_person   amount x guests            (the visit, whatever its length)
    per_hour                amount x hours             (hiring the room)
    per_person_hour         amount x guests x hours
    flat                    amount                     (once per booking)

where hours = duration in minutes / 60 (durations are whole half hours). The total is in
the package's currency, rounded to 0.01. When a category has no published package, the
booking is taken without a price (0) and the staff confirm it.

Conflicts: two active bookings of one type may not overlap, the buffer from the settings
included: a booking blocks [starts_at, ends_at + buffer). `create_booking` serialises
creators of one type with a transaction-scoped advisory lock, checks the overlap, and
writes; PostgreSQL's exclusion constraint `bookings_no_overlap` is the last line, and
both answers become the same Conflict with the next free start times.
"""

import threading
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import phonenumbers
import sqlalchemy as sa
import structlog
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium.constants import (
    ALTERNATIVE_SLOTS_OFFERED,
    ALTERNATIVES_SEARCH_DAYS,
    BOOKING_HORIZON_DAYS,
    BOOKING_LIMIT_WINDOW,
    BOOKING_LOCK_NAMESPACE,
    CHILD_AGE_MAX,
    CHILD_AGE_MIN,
    CURRENCY,
    DEFAULT_DURATION_MINUTES,
    DURATION_CHOICES_MINUTES,
    GUESTS_MAX,
    GUESTS_MIN,
    LONG_TEXT_MAX,
    PARTY_FOOD_MAX,
    PARTY_GUESTS_MAX,
    PARTY_GUESTS_MIN,
    PARTY_ROOMS,
    PRICE_UNITS,
    SHORT_TEXT_MAX,
    SLOT_MINUTES,
    VENUE_NAME,
)
from xplorium.db import get_engine, session_scope
from xplorium.models import AuditLog, Booking, User
from xplorium.models.base import utcnow
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    AuditAction,
    BookingStatus,
    BookingType,
    NotificationKind,
    PricingCategory,
    Role,
)
from xplorium.services import audit, catalog, mail, staff_notify
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound, Unauthenticated, ValidationFailed
from xplorium.services.ratelimit import get_limiter
from xplorium.services.sanitize import clean_text
from xplorium.services.security import generate_reference
from xplorium.services.staff_notify import notify_staff
from xplorium.services.venue import opening_span

log = structlog.get_logger(__name__)

TAKEN_MESSAGE = "That time is already taken."
PHONE_REGION = "RS"
EXCLUSION_VIOLATION = "23P01"

# What a parent can book on the public site, and the pricing category that prices it.
PUBLIC_TYPES = (BookingType.PARTY, BookingType.PLAYGROUND, BookingType.SENSORY_ROOM, BookingType.CAFE)
TYPE_CATEGORY = {
    BookingType.PARTY: PricingCategory.PARTY,
    BookingType.PLAYGROUND: PricingCategory.PLAYGROUND,
    BookingType.SENSORY_ROOM: PricingCategory.SENSORY_ROOM,
    BookingType.CAFE: PricingCategory.CAFE,
}
TYPE_LABELS = {
    BookingType.PARTY: "Birthday party",
    BookingType.PLAYGROUND: "Playroom visit",
    BookingType.SENSORY_ROOM: "Sensory room",
    BookingType.CAFE: "Cafe table",
    BookingType.EVENT: "Event",
}
STATUS_LABELS = {
    BookingStatus.PENDING: "Waiting for confirmation",
    BookingStatus.APPROVED: "Confirmed",
    BookingStatus.REJECTED: "Declined",
    BookingStatus.CANCELLED: "Cancelled",
    BookingStatus.COMPLETED: "Completed",
}
ROOM_LABELS = dict(PARTY_ROOMS)
CANCELLABLE = (BookingStatus.PENDING, BookingStatus.APPROVED)

_SLOT = timedelta(minutes=SLOT_MINUTES)


@dataclass(frozen=True)
class BookingRequest:
    """A booking request that passed validation: every field clean and typed."""

    type: BookingType
    package: dict | None
    day: date
    start_time: time
    duration_minutes: int
    guest_count: int
    contact_name: str
    email: str
    phone: str
    special_requests: str
    party_details: dict | None
    price: Decimal
    currency: str

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start_time)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


# --- small parsers -------------------------------------------------------------------------------


def parse_type(value: object, *, public_only: bool = True) -> BookingType | None:
    try:
        booking_type = BookingType(str(value or "").strip().upper())
    except ValueError:
        return None
    if public_only and booking_type not in PUBLIC_TYPES:
        return None
    return booking_type


def _parse_int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _parse_day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _parse_time(value: object) -> time | None:
    try:
        parsed = time.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return parsed.replace(second=0, microsecond=0)


def guest_limits(booking_type: BookingType | None) -> tuple[int, int]:
    if booking_type == BookingType.PARTY:
        return PARTY_GUESTS_MIN, PARTY_GUESTS_MAX
    return GUESTS_MIN, GUESTS_MAX


def normalise_email(value: object) -> str:
    """The address in lower case, or ValueError with a message for the parent."""
    text = clean_text(value, max_length=254)
    if not text:
        raise ValueError("Email is required.")
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError("Enter a valid email address.") from error


def normalise_phone(value: object) -> str:
    """The number in E.164 (Serbian numbers may be written locally), or ValueError."""
    text = clean_text(value, max_length=40)
    if not text:
        raise ValueError("Phone is required.")
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValueError("Enter a valid phone number, e.g. 064 123 4567.") from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError("Enter a valid phone number, e.g. 064 123 4567.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- pricing -------------------------------------------------------------------------------------


def price_for(package: Mapping, guests: int, duration_minutes: int) -> Decimal:
    """The quote of `package` for this many guests and minutes (see the module docstring)."""
    amount = Decimal(str(package["amount"]))
    hours = Decimal(duration_minutes) / Decimal(60)
    unit = package["unit"]
    if unit in ("per_child", "per_person"):
        total = amount * guests
    elif unit == "per_hour":
        total = amount * hours
    elif unit == "per_person_hour":
        total = amount * guests * hours
    elif unit == "flat":
        total = amount
    else:
        raise ValidationFailed({"package_id": "This package cannot be booked online; please call us."})
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _breakdown(package: Mapping, guests: int, duration_minutes: int) -> str:
    amount = catalog.format_money(package["amount"], package["currency"])
    hours = Decimal(duration_minutes) / Decimal(60)
    hours_text = f"{hours.normalize():f} h"
    guests_text = f"{guests} {'guest' if guests == 1 else 'guests'}"
    return {
        "per_child": f"{amount} per child × {guests_text}",
        "per_person": f"{amount} per person × {guests_text}",
        "per_hour": f"{amount} per hour × {hours_text}",
        "per_person_hour": f"{amount} per person per hour × {guests_text} × {hours_text}",
        "flat": f"{amount} per booking",
    }.get(package["unit"], "")


def quote(data: Mapping) -> dict:
    """The price of a booking as the parent is choosing it: {amount, label, breakdown, package}.

    Reads `type`, `package_id`, `guest_count` and `duration_minutes`; any price in `data`
    is ignored. Raises ValidationFailed naming the field that stops a quote.
    """
    errors = FieldErrors()
    booking_type = parse_type(data.get("type"))
    if booking_type is None:
        errors.add("type", "Choose what you would like to book.")
        errors.raise_if_any()
    package = _chosen_package(errors, booking_type, data.get("package_id"))
    guests = _guests(errors, booking_type, data.get("guest_count"))
    duration = _duration(errors, data.get("duration_minutes"))
    errors.raise_if_any()
    return _quote_dict(package, guests, duration)


def _quote_dict(package: dict | None, guests: int, duration: int) -> dict:
    if package is None:
        return {
            "amount": "0.00",
            "currency": CURRENCY,
            "label": "Price confirmed by our staff",
            "breakdown": "",
            "package": "",
        }
    price = price_for(package, guests, duration)
    return {
        "amount": str(price),
        "currency": package["currency"],
        "label": catalog.format_money(price, package["currency"]),
        "breakdown": _breakdown(package, guests, duration),
        "package": package["name"],
    }


def _chosen_package(errors: FieldErrors, booking_type: BookingType, package_id: object) -> dict | None:
    packages = catalog.pricing_for(TYPE_CATEGORY[booking_type])
    if not packages:
        return None
    if package_id in (None, ""):
        errors.add("package_id", "Choose a package.")
        return None
    package = catalog.find_package(TYPE_CATEGORY[booking_type], package_id)
    if package is None:
        errors.add("package_id", "That package is not available; please choose another.")
    elif package["unit"] not in PRICE_UNITS:
        errors.add("package_id", "This package cannot be booked online; please call us.")
        return None
    return package


def _guests(errors: FieldErrors, booking_type: BookingType | None, value: object) -> int:
    low, high = guest_limits(booking_type)
    guests = _parse_int(value)
    if guests is None or not low <= guests <= high:
        what = "A party" if booking_type == BookingType.PARTY else "A booking"
        errors.add("guest_count", f"{what} is for {low} to {high} guests.")
        return low
    return guests


def _duration(errors: FieldErrors, value: object) -> int:
    duration = _parse_int(value if value not in (None, "") else DEFAULT_DURATION_MINUTES)
    if duration not in DURATION_CHOICES_MINUTES:
        choices = ", ".join(_duration_label(d) for d in DURATION_CHOICES_MINUTES)
        errors.add("duration_minutes", f"Choose one of: {choices}.")
        return DEFAULT_DURATION_MINUTES
    return duration


def _duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest} min" if hours else f"{rest} min"


def duration_options() -> list[dict[str, str]]:
    return [{"value": str(m), "label": _duration_label(m)} for m in DURATION_CHOICES_MINUTES]


# --- slots ---------------------------------------------------------------------------------------


def _day_grid(
    opening_hours: dict, day: date, duration_minutes: int
) -> tuple[tuple[time, time] | None, list[datetime]]:
    """That day's opening span and every start on the 30-minute grid that ends by closing."""
    span = opening_span(opening_hours, day.weekday())
    if span is None:
        return None, []
    start = datetime.combine(day, span[0])
    last = datetime.combine(day, span[1]) - timedelta(minutes=duration_minutes)
    starts = []
    while start <= last:
        starts.append(start)
        start += _SLOT
    return span, starts


def _overlaps(taken: list[tuple[datetime, datetime]], start: datetime, blocked_until: datetime) -> bool:
    return any(start < other_end and other_start < blocked_until for other_start, other_end in taken)


def _taken_ranges(
    session: Session, booking_type: BookingType, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Blocked ranges [starts_at, blocked_until) of active bookings of a type meeting [start, end)."""
    rows = session.exec(
        select(Booking.starts_at, Booking.blocked_until)
        .where(
            Booking.type == booking_type,
            Booking.status.in_(ACTIVE_BOOKING_STATUSES),
            Booking.starts_at < end,
            Booking.blocked_until > start,
        )
        .order_by(Booking.starts_at)
    ).all()
    return [(row[0], row[1]) for row in rows]


def _horizon_end(today: date) -> date:
    return today + timedelta(days=BOOKING_HORIZON_DAYS)


def availability(booking_type: object, day: object, duration_minutes: object = None) -> dict:
    """A day's taken time ranges and free start times for one booking type.

    Only times leave this function: never a name, email, phone or note of any booking.
    """
    errors = FieldErrors()
    kind = parse_type(booking_type)
    if kind is None:
        errors.add("type", "Choose what you would like to book.")
    parsed_day = _parse_day(day)
    if parsed_day is None:
        errors.add("date", "Choose a date.")
    duration = _duration(errors, duration_minutes)
    errors.raise_if_any()

    rules = catalog.booking_rules()
    buffer = timedelta(minutes=rules["buffer_minutes"])
    now = local_now()
    result = {
        "date": parsed_day.isoformat(),
        "date_label": catalog.format_day(parsed_day),
        "open": False,
        "opening": "",
        "closing": "",
        "message": "",
        "taken": [],
        "slots": [],
        "free_starts": [],
    }
    if parsed_day < now.date():
        result["message"] = "That day has passed."
        return result
    if parsed_day > _horizon_end(now.date()):
        result["message"] = f"Bookings open {BOOKING_HORIZON_DAYS} days ahead."
        return result
    span, starts = _day_grid(rules["opening_hours"], parsed_day, duration)
    if span is None:
        result["message"] = "We are closed on this day."
        return result
    result.update(open=True, opening=catalog.format_time(span[0]), closing=catalog.format_time(span[1]))
    day_open = datetime.combine(parsed_day, span[0])
    day_close = datetime.combine(parsed_day, span[1])
    with session_scope() as session:
        taken = _taken_ranges(session, kind, day_open, day_close + buffer)
    result["taken"] = [
        {
            "start": catalog.format_time(start.time()),
            "end": catalog.format_time(end.time()),
            "label": f"{catalog.format_time(start.time())}–{catalog.format_time(end.time())}",
        }
        for start, end in taken
    ]
    for start in starts:
        if start <= now:
            continue  # a time that has passed is not offered at all, rather than shown as taken
        free = not _overlaps(taken, start, start + timedelta(minutes=duration) + buffer)
        result["slots"].append({"time": catalog.format_time(start.time()), "free": free})
        if free:
            result["free_starts"].append(catalog.format_time(start.time()))
    if not starts:
        result["message"] = "That length does not fit in the day's opening hours."
    elif not result["slots"]:
        result["message"] = "Today's times have passed; please choose another day."
    elif not result["free_starts"]:
        result["message"] = "No free start times on this day; please try another."
    return result


def next_free_starts(
    session: Session,
    booking_type: BookingType,
    after: datetime,
    duration_minutes: int,
    rules: dict,
    count: int = ALTERNATIVE_SLOTS_OFFERED,
) -> list[dict[str, str]]:
    """The first `count` free start times later than `after`, within the search window."""
    buffer = timedelta(minutes=rules["buffer_minutes"])
    now = local_now()
    last_day = min(after.date() + timedelta(days=ALTERNATIVES_SEARCH_DAYS), _horizon_end(now.date()))
    window_end = datetime.combine(last_day + timedelta(days=1), time())
    taken = _taken_ranges(session, booking_type, after, window_end + buffer)
    found: list[dict[str, str]] = []
    day = after.date()
    while day <= last_day and len(found) < count:
        _span, starts = _day_grid(rules["opening_hours"], day, duration_minutes)
        for start in starts:
            if start <= after or start <= now:
                continue
            end = start + timedelta(minutes=duration_minutes) + buffer
            if not _overlaps(taken, start, end):
                found.append(
                    {
                        "date": day.isoformat(),
                        "time": catalog.format_time(start.time()),
                        "label": f"{catalog.format_short_day(day)} {catalog.format_time(start.time())}",
                    }
                )
                if len(found) == count:
                    break
        day += timedelta(days=1)
    return found


# --- validation ----------------------------------------------------------------------------------


def validate(data: Mapping, rules: dict | None = None, now: datetime | None = None) -> BookingRequest:
    """Check and clean a booking request; every problem is reported beside its field at once."""
    rules = rules or catalog.booking_rules()
    now = now or local_now()
    errors = FieldErrors()

    booking_type = parse_type(data.get("type"))
    if booking_type is None:
        errors.add("type", "Choose what you would like to book.")
    duration = _duration(errors, data.get("duration_minutes"))
    guests = _guests(errors, booking_type, data.get("guest_count"))
    package = _chosen_package(errors, booking_type, data.get("package_id")) if booking_type else None

    day = _parse_day(data.get("date"))
    if day is None:
        errors.add("date", "Choose a date.")
    elif day < now.date():
        errors.add("date", "That day has passed; choose another.")
    elif day > _horizon_end(now.date()):
        errors.add("date", f"Bookings open up to {BOOKING_HORIZON_DAYS} days ahead.")

    start_time = _parse_time(data.get("time"))
    if start_time is None:
        errors.add("time", "Choose a start time.")
    elif day is not None and "date" not in errors.errors:
        span, starts = _day_grid(rules["opening_hours"], day, duration)
        starts_at = datetime.combine(day, start_time)
        if span is None:
            errors.add("date", "We are closed on this day; choose another.")
        elif starts_at not in starts:
            errors.add(
                "time",
                f"Choose a start on the half hour between {catalog.format_time(span[0])} and "
                f"{catalog.format_time(span[1])}, ending by closing time.",
            )
        elif starts_at <= now:
            errors.add("time", "That time has passed; choose a later one.")

    contact_name = clean_text(data.get("contact_name"), max_length=SHORT_TEXT_MAX)
    if len(contact_name) < 2:
        errors.add("contact_name", "Enter your name.")
    try:
        email = normalise_email(data.get("email"))
    except ValueError as error:
        errors.add("email", str(error))
        email = ""
    try:
        phone = normalise_phone(data.get("phone"))
    except ValueError as error:
        errors.add("phone", str(error))
        phone = ""
    special_requests = clean_text(data.get("special_requests"), max_length=LONG_TEXT_MAX, multiline=True)

    party_details = None
    if booking_type == BookingType.PARTY:
        party_details = _party_details(errors, data)

    errors.raise_if_any()
    quoted = _quote_dict(package, guests, duration)
    return BookingRequest(
        type=booking_type,
        package=package,
        day=day,
        start_time=start_time,
        duration_minutes=duration,
        guest_count=guests,
        contact_name=contact_name,
        email=email,
        phone=phone,
        special_requests=special_requests,
        party_details=party_details,
        price=Decimal(quoted["amount"]),
        currency=quoted["currency"],
    )


def _party_details(errors: FieldErrors, data: Mapping) -> dict:
    child_name = clean_text(data.get("child_name"), max_length=SHORT_TEXT_MAX)
    if not child_name:
        errors.add("child_name", "Enter the birthday child's name.")
    age = _parse_int(data.get("child_age"))
    if age is None or not CHILD_AGE_MIN <= age <= CHILD_AGE_MAX:
        errors.add("child_age", f"Enter an age from {CHILD_AGE_MIN} to {CHILD_AGE_MAX}.")
    raw_rooms = data.get("rooms") or []
    if isinstance(raw_rooms, str):
        raw_rooms = [r for r in raw_rooms.split(",") if r]
    rooms = [str(r) for r in raw_rooms if str(r) in ROOM_LABELS]
    if not rooms or len(rooms) != len(raw_rooms):
        errors.add("rooms", "Choose at least one room.")
    food = clean_text(data.get("food_and_drinks"), max_length=PARTY_FOOD_MAX, multiline=True)
    return {
        "child_name": child_name,
        "child_age": age,
        # Kept in the venue's order, each once.
        "rooms": [key for key, _label in PARTY_ROOMS if key in rooms],
        "food_and_drinks": food,
    }


# --- creating ------------------------------------------------------------------------------------

_local_type_locks = {t: threading.Lock() for t in BookingType}


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_key(booking_type: BookingType) -> int:
    # crc32 is stable across processes and releases, unlike hash().
    return zlib.crc32(f"booking:{booking_type.value}".encode()) & 0x7FFFFFFF


def lock_booking_type(session: Session, booking_type: BookingType) -> None:
    """Serialise every writer of one booking type until this transaction ends (PostgreSQL)."""
    if _is_postgres(session):
        session.execute(
            sa.text("SELECT pg_advisory_xact_lock(CAST(:ns AS integer), CAST(:key AS integer))"),
            {"ns": BOOKING_LOCK_NAMESPACE, "key": lock_key(booking_type)},
        )


@contextmanager
def _process_lock(booking_type: BookingType) -> Iterator[None]:
    """SQLite (development) has no advisory locks: one process, so a thread lock is equivalent."""
    lock = nullcontext() if get_engine().dialect.name == "postgresql" else _local_type_locks[booking_type]
    with lock:
        yield


def has_overlap(
    session: Session,
    booking_type: BookingType,
    starts_at: datetime,
    blocked_until: datetime,
    exclude_id: int | None = None,
) -> bool:
    """Whether an active booking of this type overlaps [starts_at, blocked_until)."""
    query = select(Booking.id).where(
        Booking.type == booking_type,
        Booking.status.in_(ACTIVE_BOOKING_STATUSES),
        Booking.starts_at < blocked_until,
        Booking.blocked_until > starts_at,
    )
    if exclude_id is not None:
        query = query.where(Booking.id != exclude_id)
    return session.exec(query.limit(1)).first() is not None


def is_overlap_violation(error: IntegrityError) -> bool:
    return getattr(error.orig, "sqlstate", None) == EXCLUSION_VIOLATION


def upsert_customer(session: Session, email: str, name: str, phone: str | None) -> int:
    """The id of the user with this email, created as a password-less customer when new.

    One statement (INSERT .. ON CONFLICT), so two first bookings with one email cannot race.
    An existing account keeps its name and phone; only empty ones are filled in.
    """
    return session.execute(_customer_upsert(session, email, name, phone)).scalar_one()


def _customer_upsert(session: Session, email: str, name: str, phone: str | None) -> sa.Insert:
    table = User.__table__
    insert = postgresql.insert if _is_postgres(session) else sqlite.insert
    values = User(email=email, name=name, phone=phone, role=Role.USER).model_dump(
        exclude={"id", "loyalty_tier"}
    )
    statement = insert(table).values(**values)
    return statement.on_conflict_do_update(
        index_elements=[table.c.email],
        set_={
            "name": sa.case((table.c.name == "", statement.excluded.name), else_=table.c.name),
            "phone": sa.func.coalesce(table.c.phone, statement.excluded.phone),
        },
    ).returning(table.c.id)


def _time_label(booking: Booking) -> str:
    return f"{catalog.format_time(booking.starts_at.time())}–{catalog.format_time(booking.ends_at.time())}"


def summary(booking: Booking) -> dict:
    """What the parent may see of a booking: its facts, none of the contact details."""
    status = BookingStatus(booking.status)
    return {
        "reference": booking.reference,
        "type": booking.type.value,
        "type_label": TYPE_LABELS[BookingType(booking.type)],
        "date": booking.date.isoformat(),
        "date_label": catalog.format_day(booking.date),
        "time_label": _time_label(booking),
        "duration_label": _duration_label(booking.duration_minutes),
        "guest_count": booking.guest_count,
        "price_label": catalog.format_money(booking.price_quote, booking.currency)
        if booking.price_quote
        else "Price confirmed by our staff",
        "status": status.value,
        "status_label": STATUS_LABELS[status],
        "can_cancel": parent_may_cancel(booking),
    }


def _confirmation_email(booking: Booking, package_name: str) -> tuple[str, str]:
    facts = summary(booking)
    lines = [
        f"Dear {booking.contact_name},",
        "",
        f"thank you for booking with {VENUE_NAME}. We have received your request and will confirm it shortly.",
        "",
        f"Reference: {booking.reference}",
        f"What: {facts['type_label']}" + (f" — {package_name}" if package_name else ""),
        f"When: {facts['date_label']}, {facts['time_label']}",
        f"Guests: {booking.guest_count}",
        f"Price: {facts['price_label']}",
        f"Status: {facts['status_label']}",
        "",
        "Please quote the reference if you contact us. You can see and cancel your bookings "
        "by signing in with this email address.",
    ]
    return f"Your {VENUE_NAME} booking {booking.reference}", "\n".join(lines)


def _staff_line(booking: Booking) -> str:
    facts = summary(booking)
    return (
        f"{facts['type_label']} · {facts['date_label']} {facts['time_label']} · {booking.guest_count} guests"
    )


def create_booking(ctx: RequestContext, data: Mapping) -> dict:
    """Validate, rate-limit and book in one transaction; the returned summary means it is committed.

    Raises ValidationFailed (fields), RateLimited, or Conflict(TAKEN_MESSAGE,
    details={"alternatives": [...next free start times]}). A refused request writes nothing.

    On PostgreSQL a booking costs three statements (settings and pricing come from the
    cache): the type's advisory lock, the overlap check, and ONE statement that upserts the
    customer, inserts the booking, its audit entry and the staff's notifications
    (`_write_at_once`). Elsewhere (SQLite, development) the same rows are written one
    statement at a time (`_write_stepwise`).
    """
    rules = catalog.booking_rules()
    request = validate(data, rules)
    limiter = get_limiter()
    limit = rules["booking_rate_limit"]
    limiter.hit("booking:email", request.email, limit, BOOKING_LIMIT_WINDOW)
    limiter.hit("booking:ip", ctx.ip_or_unknown, limit, BOOKING_LIMIT_WINDOW)

    starts_at, ends_at = request.starts_at, request.ends_at
    blocked_until = ends_at + timedelta(minutes=rules["buffer_minutes"])
    taken = False
    try:
        with _process_lock(request.type), session_scope() as session:
            lock_booking_type(session, request.type)
            if has_overlap(session, request.type, starts_at, blocked_until):
                taken = True
            else:
                booking = _new_booking(ctx, request, blocked_until)
                note = _staff_note(booking)
                if session.get_bind().dialect.name in WRITE_AT_ONCE_DIALECTS:
                    _write_at_once(session, ctx, booking, request, note)
                else:
                    _write_stepwise(session, ctx, booking, request, note)
                package_name = request.package["name"] if request.package else ""
                subject, body = _confirmation_email(booking, package_name)
                mail.queue(session, booking.email, subject, body)
                result = summary(booking)
                result["package"] = package_name
    except IntegrityError as error:
        if not is_overlap_violation(error):
            raise
        # The database caught an overlap the lock did not (a writer outside this service).
        taken = True
    if taken:
        log.info("booking_taken", type=request.type.value)
        raise Conflict(TAKEN_MESSAGE, details={"alternatives": _alternatives(request, rules)})
    log.info("booking_created", reference=result["reference"], type=request.type.value)
    return result


# Dialects on which a booking's rows are written by one statement (data-modifying CTEs).
WRITE_AT_ONCE_DIALECTS = {"postgresql"}


@dataclass(frozen=True)
class _StaffNote:
    title: str
    body: str
    link: str


def _new_booking(ctx: RequestContext, request: BookingRequest, blocked_until: datetime) -> Booking:
    """The booking row, not yet written; `user_id` is set here only for a signed-in parent."""
    now = utcnow()
    return Booking(
        reference=generate_reference(),
        type=request.type,
        status=BookingStatus.PENDING,
        date=request.day,
        start_time=request.start_time,
        duration_minutes=request.duration_minutes,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        blocked_until=blocked_until,
        guest_count=request.guest_count,
        contact_name=request.contact_name,
        email=request.email,
        phone=request.phone,
        special_requests=request.special_requests,
        party_details=request.party_details,
        price_quote=request.price,
        currency=request.currency,
        user_id=ctx.actor_id if ctx.actor_id is not None and ctx.actor_role == Role.USER else None,
        created_at=now,
        updated_at=now,
    )


def _audit_changes(booking: Booking) -> dict:
    return {
        "reference": booking.reference,
        "type": booking.type.value,
        "starts_at": booking.starts_at.isoformat(),
        "duration_minutes": booking.duration_minutes,
        "guest_count": booking.guest_count,
        "price_quote": str(booking.price_quote),
        "status": booking.status.value,
    }


def _staff_note(booking: Booking) -> _StaffNote:
    return _StaffNote(
        title=f"New booking {booking.reference}",
        body=_staff_line(booking),
        link=f"/admin/bookings?reference={booking.reference}",
    )


def _write_stepwise(
    session: Session, ctx: RequestContext, booking: Booking, request: BookingRequest, note: _StaffNote
) -> None:
    """Customer, booking, audit entry (savepoint) and notifications, one statement each."""
    if booking.user_id is None:
        booking.user_id = upsert_customer(session, request.email, request.contact_name, request.phone)
    session.add(booking)
    session.flush()
    audit.record(session, ctx, AuditAction.CREATE, "booking", booking.id, _audit_changes(booking))
    notify_staff(session, NotificationKind.NEW_BOOKING, note.title, note.body, note.link)


def _write_at_once(
    session: Session, ctx: RequestContext, booking: Booking, request: BookingRequest, note: _StaffNote
) -> None:
    """The same rows as `_write_stepwise`, in ONE statement of data-modifying CTEs (PostgreSQL):

        WITH customer     AS (INSERT INTO users ... ON CONFLICT (email) DO UPDATE ... RETURNING id),
             new_booking  AS (INSERT INTO bookings ... VALUES (..., (SELECT id FROM customer)) RETURNING id),
             audit_entry  AS (INSERT INTO audit_log ... VALUES (..., (SELECT id FROM new_booking))),
             staff        AS (SELECT <active staff and their preference for new bookings>),
             notes        AS (INSERT INTO notifications SELECT ... FROM staff WHERE <wants in-app>)
        SELECT new_booking.id, new_booking.user_id, <emails of staff wanting an email> FROM new_booking

    It runs after the lock and the overlap check, in the same transaction, so it sees what they
    saw; the exclusion constraint still refuses an overlap (IntegrityError, as before). The
    audit row is built in Python first and, as with `audit.record`, a failure to build it is
    logged and never stops the booking. Emails are queued here and sent after commit.
    """
    bookings_table = Booking.__table__
    ctes = []
    if booking.user_id is None:
        customer = _customer_upsert(session, request.email, request.contact_name, request.phone).cte(
            "customer"
        )
        ctes.append(customer)
        user_id = select(customer.c.id).scalar_subquery()
    else:
        user_id = booking.user_id
    values = booking.model_dump(exclude={"id", "user_id"})
    new_booking = (
        sa.insert(bookings_table)
        .values(**values, user_id=user_id)
        .returning(bookings_table.c.id, bookings_table.c.user_id)
        .cte("new_booking")
    )
    ctes.append(new_booking)
    booking_id = select(new_booking.c.id).scalar_subquery()
    try:
        entry = audit.entry(ctx, AuditAction.CREATE, "booking", None, _audit_changes(booking))
        audit_values = entry.model_dump(exclude={"id", "entity_id"})
    except Exception:
        log.exception("audit_failed", action=AuditAction.CREATE.value, entity="booking", entity_id="")
        audit_values = None
    if audit_values is not None:
        audit_table = AuditLog.__table__
        ctes.append(
            sa.insert(audit_table)
            .values(**audit_values, entity_id=sa.cast(booking_id, audit_table.c.entity_id.type))
            .cte("audit_entry")
        )
    staff = staff_notify.recipients(NotificationKind.NEW_BOOKING).cte("staff")
    ctes.append(staff)
    ctes.append(
        staff_notify.insert_from(
            staff, NotificationKind.NEW_BOOKING, note.title, note.body, note.link, after=new_booking
        ).cte("notes")
    )
    emails = select(sa.func.array_agg(staff.c.email)).where(staff.c.wants_email.is_(True)).scalar_subquery()
    row = session.execute(
        select(new_booking.c.id, new_booking.c.user_id, emails.label("staff_emails")).add_cte(*ctes)
    ).one()
    booking.id, booking.user_id = row.id, row.user_id
    staff_notify.queue_emails(session, list(row.staff_emails or []), note.title, note.body, note.link)


def _alternatives(request: BookingRequest, rules: dict) -> list[dict[str, str]]:
    with session_scope() as session:
        return next_free_starts(session, request.type, request.starts_at, request.duration_minutes, rules)


# --- a parent's own bookings ---------------------------------------------------------------------


def parent_may_cancel(booking: Booking) -> bool:
    """SPEC: a parent cancels their own booking while PENDING or APPROVED and in the future."""
    return booking.status in CANCELLABLE and booking.starts_at > local_now()


def cancel_own_booking(ctx: RequestContext, reference: str) -> dict:
    """Cancel the signed-in parent's own PENDING or APPROVED booking that has not started yet."""
    if ctx.actor_id is None:
        raise Unauthenticated()
    reference = clean_text(reference, max_length=16).upper()
    with session_scope() as session:
        booking = session.exec(
            select(Booking).where(Booking.reference == reference).with_for_update()
        ).first()
        # Someone else's booking is "not found": its existence is not theirs to learn.
        if booking is None or booking.user_id != ctx.actor_id:
            raise NotFound("Booking not found.")
        if booking.status not in CANCELLABLE:
            raise Conflict(
                f"This booking is {STATUS_LABELS[booking.status].lower()} and cannot be cancelled."
            )
        if booking.starts_at <= local_now():
            raise Conflict("This booking has already started; please call us.")
        before = booking.status
        booking.status = BookingStatus.CANCELLED
        booking.updated_at = utcnow()
        session.add(booking)
        session.flush()
        audit.record(
            session,
            ctx,
            AuditAction.CANCEL,
            "booking",
            booking.id,
            {"status": {"from": before.value, "to": booking.status.value}, "by": "customer"},
        )
        notify_staff(
            session,
            NotificationKind.BOOKING_CANCELLED,
            f"Booking {booking.reference} cancelled by the parent",
            _staff_line(booking),
            f"/admin/bookings?reference={booking.reference}",
        )
        facts = summary(booking)
        mail.queue(
            session,
            booking.email,
            f"Your {VENUE_NAME} booking {booking.reference} is cancelled",
            f"Dear {booking.contact_name},\n\nyour booking {booking.reference} "
            f"({facts['type_label']}, {facts['date_label']} {facts['time_label']}) is cancelled as you asked.",
        )
        return facts
