"""Booking requests as the form sends them, on the published test catalog."""

import itertools
from datetime import date

import pytest

from tests.support.accounts import make_user
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium.models.enums import Role
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext

_numbers = itertools.count(1)
DAY = next_weekday(5)  # a Saturday: open 10:00–22:00


def request(
    catalog, package: str, start: str, guests: int, *, day: date = DAY, minutes: int = 120, **extra
) -> dict:
    number = next(_numbers)
    data = {
        "type": extra.pop("type", None) or _type_of(package),
        "package_id": catalog.package_id(package),
        "date": day.isoformat(),
        "time": start,
        "duration_minutes": minutes,
        "guest_count": guests,
        "contact_name": f"Parent {number}",
        "email": f"parent{number}@example.com",
        "phone": f"+38164{number:07d}",
        **extra,
    }
    if data["type"] == "PARTY":
        data.setdefault("child_name", "Mia")
        data.setdefault("child_age", 6)
    return data


def _type_of(package: str) -> str:
    return {
        "Classic party": "PARTY",
        "Sensory party": "PARTY",
        "Play session": "PLAYGROUND",
        "Private playroom hire": "PLAYGROUND",
        "Sensory session": "SENSORY_ROOM",
        "Table reservation": "CAFE",
        "Coffee and play": "CAFE",
    }[package]


def ctx(number: int = 0) -> RequestContext:
    """A parent at their own address (the booking rate limit counts per address)."""
    return RequestContext(ip=f"198.51.{number // 250}.{number % 250 + 1}", user_agent="pytest")


def book(catalog, package: str, start: str, guests: int, *, number: int = 0, **extra) -> dict:
    return writing.create_booking(ctx(number), request(catalog, package, start, guests, **extra))


@pytest.fixture
def admin_ctx(catalog) -> RequestContext:
    admin = make_user(Role.ADMIN, email="front.desk@xplorium.rs", name="Front Desk")
    return RequestContext(actor_id=admin.id, actor_role=Role.ADMIN, ip="203.0.113.5", user_agent="pytest")
