"""Bookings written straight into the database, for tests that need exact times and statuses."""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from tests.support.catalog_data import next_weekday
from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.base import utcnow
from xplorium.models.enums import BookingStatus, BookingType, HoldKind
from xplorium.services import rooms
from xplorium.services.bookings import places
from xplorium.services.bookings.rules import HOLDING
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.security import generate_reference

_numbers = itertools.count(1)
# The room each type holds in test data, and whether whole (a party takes its room).
TYPE_ROOM = {
    BookingType.PARTY: ("party_room", True),
    BookingType.PLAYGROUND: ("playroom", False),
    BookingType.SENSORY_ROOM: ("sensory_room", False),
    BookingType.CAFE: ("cafe", False),
}


def day_ahead(days: int) -> date:
    return local_now().date() + timedelta(days=days)


def insert_booking(
    *,
    day: date | None = None,
    start: str = "10:00",
    minutes: int = 120,
    buffer_minutes: int = 45,
    type: BookingType = BookingType.PARTY,
    status: BookingStatus = BookingStatus.PENDING,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    price: str = "24000.00",
    guests: int = 10,
    created_at: datetime | None = None,
    user_id: int | None = None,
    reference: str | None = None,
    hold: bool = True,
    language: str = "en",
    **fields,
) -> Booking:
    """A booking row; an active one holds its type's room as the services would (`hold=False`: none).
    Its parent reads English (the tests read their emails), unless `language` says otherwise."""
    number = next(_numbers)
    day = day or day_ahead(7)
    starts_at = datetime.combine(day, time.fromisoformat(start))
    ends_at = starts_at + timedelta(minutes=minutes)
    with session_scope() as session:
        booking = Booking(
            language=language,
            reference=reference or f"T{number:05d}X",
            type=type,
            status=status,
            date=day,
            start_time=starts_at.time(),
            duration_minutes=minutes,
            starts_at=starts_at,
            ends_at=ends_at,
            blocked_until=ends_at + timedelta(minutes=buffer_minutes),
            guest_count=guests,
            contact_name=name or f"Parent {number}",
            email=email or f"parent{number}@example.com",
            phone=phone or f"+3816410{number:05d}",
            price_quote=Decimal(price),
            party_details={"child_name": f"Child {number}", "child_age": 6, "rooms": ["party_room"]}
            if type == BookingType.PARTY
            else None,
            created_at=created_at or utcnow(),
            updated_at=created_at or utcnow(),
            user_id=user_id,
            **fields,
        )
        session.add(booking)
        session.flush()
        if hold and status in HOLDING and type in TYPE_ROOM:
            slug, whole = TYPE_ROOM[type]
            room = rooms.room_by_slug(slug)
            # A group larger than the room takes all of it (as the rooms migration does).
            holding = places.hold_in(room, starts_at, ends_at, guests, whole or guests > room["capacity"])
            places.add(session, [holding], HoldKind.BOOKING, booking.id)
        session.refresh(booking)
        return booking


def get_booking(booking_id: int) -> Booking:
    with session_scope() as session:
        return session.get(Booking, booking_id)


# (days ahead, start, minutes, type, status, name, guests, price, paid, fresh)
REALISTIC = (
    (
        0,
        "10:00",
        120,
        BookingType.PLAYGROUND,
        BookingStatus.COMPLETED,
        "Ana Jovanović",
        8,
        "5600",
        True,
        False,
    ),
    (0, "12:30", 90, BookingType.CAFE, BookingStatus.PENDING, "Milica Stojanović", 4, "3800", False, True),
    (
        0,
        "15:00",
        120,
        BookingType.PARTY,
        BookingStatus.APPROVED,
        "Jelena Petrović",
        14,
        "33600",
        False,
        False,
    ),
    (
        0,
        "17:30",
        60,
        BookingType.SENSORY_ROOM,
        BookingStatus.APPROVED,
        "Marko Nikolić",
        2,
        "2400",
        True,
        False,
    ),
    (1, "11:00", 120, BookingType.PARTY, BookingStatus.PENDING, "Ivana Đorđević", 12, "28800", False, True),
    (1, "16:00", 90, BookingType.PLAYGROUND, BookingStatus.CANCELLED, "Stefan Ilić", 6, "4200", False, False),
    (
        2,
        "10:30",
        60,
        BookingType.SENSORY_ROOM,
        BookingStatus.PENDING,
        "Nevena Pavlović",
        2,
        "2400",
        False,
        False,
    ),
    (
        3,
        "14:00",
        120,
        BookingType.PARTY,
        BookingStatus.APPROVED,
        "Dragana Marković",
        20,
        "48000",
        True,
        False,
    ),
    (4, "09:30", 120, BookingType.CAFE, BookingStatus.REJECTED, "Bojan Kostić", 6, "5700", False, False),
    (5, "12:00", 150, BookingType.PARTY, BookingStatus.PENDING, "Tijana Popović", 16, "38400", False, False),
    (
        6,
        "18:00",
        120,
        BookingType.PLAYGROUND,
        BookingStatus.APPROVED,
        "Nikola Živković",
        25,
        "12000",
        False,
        False,
    ),
    (8, "11:00", 120, BookingType.PARTY, BookingStatus.PENDING, "Sanja Lazić", 10, "24000", False, False),
    (9, "15:30", 60, BookingType.CAFE, BookingStatus.APPROVED, "Vesna Ristić", 3, "2850", False, False),
    (
        11,
        "10:00",
        120,
        BookingType.SENSORY_ROOM,
        BookingStatus.PENDING,
        "Petar Simić",
        4,
        "9600",
        False,
        False,
    ),
)


def seed_realistic(offset_days: int = 0) -> list[Booking]:
    """A believable fortnight at the venue, for screenshots and demos."""
    from datetime import timedelta as _td

    made = []
    for days, start, minutes, kind, status, name, guests, price, paid, fresh in REALISTIC:
        first = name.split()[0].lower()
        made.append(
            insert_booking(
                day=day_ahead(days + offset_days),
                start=start,
                minutes=minutes,
                type=kind,
                status=status,
                name=name,
                email=f"{first}@example.com",
                guests=guests,
                price=price,
                paid=paid,
                payment_amount=Decimal(price) if paid else None,
                paid_at=utcnow() if paid else None,
                reference=generate_reference(),
                created_at=None if fresh else utcnow() - _td(days=2),
                special_requests="One child is allergic to nuts." if kind == BookingType.PARTY else "",
            )
        )
    _notify_staff_of(made)
    return made


def _notify_staff_of(made: list[Booking]) -> None:
    """The notifications these bookings would have raised, as notify_staff writes them."""
    from xplorium.models.enums import NotificationKind
    from xplorium.services.bookings.display import time_label
    from xplorium.services.notifications import notify_staff

    with session_scope() as session:
        for booking in made:
            line = f"{booking.type.value.replace('_', ' ').title()} · {booking.date:%a %d %b} {time_label(booking)}"
            link = f"/admin/bookings?reference={booking.reference}"
            if booking.status == BookingStatus.CANCELLED:
                notify_staff(
                    session,
                    NotificationKind.BOOKING_CANCELLED,
                    f"Booking {booking.reference} cancelled by the parent",
                    line,
                    link,
                )
            elif booking.status == BookingStatus.PENDING and booking.created_at > utcnow() - timedelta(
                hours=1
            ):
                notify_staff(
                    session, NotificationKind.NEW_BOOKING, f"New booking {booking.reference}", line, link
                )


# A parent booking from the public form, and what they type into it.
PARENT = RequestContext(ip="203.0.113.7", user_agent="pytest")


def party_request(catalog, **overrides) -> dict:
    data = {
        "type": "PARTY",
        "package_id": catalog.package_id("Classic party"),
        "date": next_weekday(5).isoformat(),  # a Saturday: open 10:00–22:00
        "time": "14:00",
        "duration_minutes": "120",
        "guest_count": "12",
        "contact_name": "Jelena Petrović",
        "email": "Jelena.Petrovic@Example.com",
        "phone": "064 123 4567",
        "special_requests": "One child is allergic to nuts.",
        "child_name": "Luka",
        "child_age": "6",
        "rooms": ["party_room", "playroom"],
        "food_and_drinks": "Pizza, juice and a chocolate cake",
    }
    data.update(overrides)
    return data
