"""A realistic venue history for the dashboard's browser test and screenshots.

About fifty customers and four hundred bookings over the last fourteen months, growing month
by month, with cancellations, rejections, payments, approval delays, and the loyalty points
(and tier changes) the paid, completed bookings earned on the day they were completed.
Deterministic: the "random" choices come from a hash of the item's number (tests never use
the `random` module).
"""

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tests.support.accounts import password_hash
from xplorium.db import session_scope
from xplorium.models import Booking, LoyaltyTransaction, User
from xplorium.models.enums import BookingStatus, BookingType, LoyaltyKind, Role
from xplorium.services import clock, dashboard, loyalty

FIRST = (
    "Ana",
    "Jovana",
    "Milica",
    "Marko",
    "Nikola",
    "Stefan",
    "Ivana",
    "Jelena",
    "Luka",
    "Sara",
    "Teodora",
    "Milan",
    "Dragana",
    "Vuk",
    "Katarina",
    "Nemanja",
    "Tamara",
    "Filip",
    "Mina",
    "Uroš",
)
LAST = (
    "Petrović",
    "Jovanović",
    "Nikolić",
    "Marković",
    "Đorđević",
    "Stojanović",
    "Ilić",
    "Stanković",
    "Pavlović",
    "Milošević",
    "Todorović",
    "Kostić",
    "Lazić",
    "Popović",
    "Živković",
)
TYPES = (
    (BookingType.PARTY, 25, 18000, 34000),
    (BookingType.PLAYGROUND, 30, 2400, 6500),
    (BookingType.CAFE, 20, 900, 2600),
    (BookingType.SENSORY_ROOM, 15, 2200, 4200),
    (BookingType.EVENT, 10, 1500, 3200),
)
CUSTOMERS = 52


def pick(*parts: object, modulo: int) -> int:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") % modulo


def _type(n: int) -> tuple[BookingType, int]:
    roll = pick("type", n, modulo=100)
    for kind, weight, low, high in TYPES:
        if roll < weight:
            return kind, low + pick("price", n, modulo=(high - low) // 100) * 100
        roll -= weight
    raise AssertionError("weights add up to 100")


def seed(today: date | None = None) -> dict:
    """Write the history; returns a few handles the tests use."""
    today = today or clock.local_now().date()
    hashed = password_hash()
    with session_scope() as session:
        people = []
        for i in range(CUSTOMERS):
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
            email = f"{FIRST[i % len(FIRST)].lower()}.{i}@example.com".replace("š", "s").replace("đ", "d")
            user = User(
                email=email,
                name=name,
                phone=f"+3816{pick('phone', i, modulo=10)}{1000000 + pick('num', i, modulo=8999999)}",
                role=Role.USER,
                password_hash=hashed if pick("account", i, modulo=10) < 7 else None,
                marketing_opt_in=pick("mkt", i, modulo=10) < 6,
                tags=["birthday-regular"] if i % 9 == 0 else (["allergy-nuts"] if i % 13 == 0 else []),
                created_at=datetime.combine(dashboard.add_months(today, -15), time(9), tzinfo=UTC)
                + timedelta(days=i * 7),
            )
            session.add(user)
            people.append(user)
        session.flush()

        bookings: list[Booking] = []
        slots: dict[tuple, int] = {}
        n = 0
        for back in range(13, -1, -1):
            month = dashboard.add_months(today, -back)
            count = 14 + 2 * (13 - back) + pick("noise", back, modulo=7)
            for _ in range(count):
                n += 1
                kind, price = _type(n)
                last_day = (dashboard.add_months(month, 1) - timedelta(days=1)).day
                day = month.replace(day=1 + pick("day", n, modulo=last_day))
                # Customers with a low index book often (a few VIPs, a long tail); 6 never book.
                u = pick("who", n, modulo=1000) / 1000
                person = people[int((CUSTOMERS - 6) * u * u)]
                future = day > today
                roll = pick("status", n, modulo=100)
                if future:
                    status = BookingStatus.PENDING if roll < 40 else BookingStatus.APPROVED
                elif day == today or (today - day).days < 3:
                    status = BookingStatus.APPROVED if roll < 60 else BookingStatus.PENDING
                else:
                    status = (
                        BookingStatus.COMPLETED
                        if roll < 78
                        else BookingStatus.CANCELLED
                        if roll < 90
                        else BookingStatus.REJECTED
                        if roll < 95
                        else BookingStatus.APPROVED
                    )
                key = (day, kind)
                slots[key] = slots.get(key, 0) + 1
                starts_at = datetime.combine(day, time(9)) + timedelta(hours=slots[key] - 1)
                created = datetime.combine(day, time(8), tzinfo=UTC) - timedelta(
                    days=3 + pick("lead", n, modulo=28)
                )
                approved = None
                if status in (BookingStatus.APPROVED, BookingStatus.COMPLETED):
                    approved = created + timedelta(minutes=20 + pick("wait", n, modulo=60 * 30))
                paid = status == BookingStatus.COMPLETED and pick("paid", n, modulo=100) < 95
                paid = paid or (status == BookingStatus.APPROVED and pick("prepaid", n, modulo=100) < 30)
                booking = Booking(
                    reference=f"D{n:06d}",
                    type=kind,
                    status=status,
                    date=day,
                    start_time=starts_at.time(),
                    duration_minutes=60,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=60),
                    blocked_until=starts_at + timedelta(minutes=60),
                    guest_count=4 + pick("guests", n, modulo=16),
                    contact_name=person.name,
                    email=person.email,
                    phone=person.phone or "+381641234567",
                    price_quote=Decimal(price),
                    payment_amount=Decimal(price) if paid else None,
                    paid=paid,
                    paid_at=created + timedelta(days=2) if paid else None,
                    user_id=person.id,
                    created_at=created,
                    updated_at=created,
                    approved_at=approved,
                )
                session.add(booking)
                bookings.append(booking)
        session.flush()

        # Points as the completed, paid bookings earned them on the evening of the visit, plus a
        # few manual adjustments, replayed in order so the ledger and the balances agree.
        moves: list[tuple[datetime, int, int, str, int | None, LoyaltyKind]] = [
            (
                datetime.combine(b.date, time(20), tzinfo=UTC),
                b.user_id,
                int(b.payment_amount) // 100,
                f"Booking {b.reference}",
                b.id,
                LoyaltyKind.EARN,
            )
            for b in bookings
            if b.status == BookingStatus.COMPLETED and b.paid
        ]
        for index, months_ago, delta, reason in (
            (0, 5, 7000, "Founding family bonus"),
            (3, 3, 4500, "Referral bonus: three birthday parties"),
            (1, 2, 1200, "Compensation for the cancelled sensory session"),
            (0, 1, -900, "Correction: a booking was counted twice"),
        ):
            when = datetime.combine(
                dashboard.add_months(today, -months_ago), time(11), tzinfo=UTC
            ) + timedelta(days=9)
            moves.append((when, people[index].id, delta, reason, None, LoyaltyKind.ADJUST))
        points = {p.id: 0 for p in people}
        for when, user_id, delta, reason, booking_id, kind in sorted(moves, key=lambda m: m[0]):
            before = points[user_id]
            delta = max(delta, -before)
            points[user_id] = before + delta
            session.add(
                LoyaltyTransaction(
                    user_id=user_id,
                    kind=kind,
                    delta=delta,
                    points_after=before + delta,
                    tier_before=loyalty.tier_for(before),
                    tier_after=loyalty.tier_for(before + delta),
                    reason=reason,
                    booking_id=booking_id,
                    created_at=when,
                )
            )
        for person in people:
            person.loyalty_points = points[person.id]
            session.add(person)
        session.flush()
        return {"customers": [p.id for p in people], "bookings": len(bookings)}
