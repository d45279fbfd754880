"""Realistic published catalog for tests: settings, pricing, page content and events.

Tests own their data (the demo-data command is separate and may change); every value here
is what a real venue would publish.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from xplorium.db import session_scope
from xplorium.models import ContentVersion, Event, PricingPackage, SiteContent, User, VenueSettings
from xplorium.models.enums import (
    ContentSection,
    ContentStatus,
    EventStatus,
    HoldMode,
    PricingCategory,
    PublishStatus,
    Role,
)
from xplorium.services import rooms
from xplorium.services.clock import local_now

OPENING_HOURS = {
    "0": ["09:00", "21:00"],
    "1": ["09:00", "21:00"],
    "2": ["09:00", "21:00"],
    "3": ["09:00", "21:00"],
    "4": ["09:00", "22:00"],
    "5": ["10:00", "22:00"],
    "6": ["10:00", "20:00"],
}

PACKAGES = [
    # name, category, amount, unit, features, description, popular
    (
        "Classic party",
        PricingCategory.PARTY,
        "2400",
        "per_child",
        ["2 hours in the playroom", "Party host", "Pizza and juice", "Birthday cake table"],
        "Our most loved party: play, food and a host who runs the games.",
        True,
    ),
    (
        "Sensory party",
        PricingCategory.PARTY,
        "2900",
        "per_child",
        ["Private sensory room", "Light and sound show", "Snacks and juice"],
        "A calmer celebration for little ones aged 1 to 6.",
        False,
    ),
    (
        "Play session",
        PricingCategory.PLAYGROUND,
        "700",
        "per_child",
        ["Climbing wall", "Slides and ball pit", "Supervised by our staff"],
        "Drop in and play for up to 4 hours.",
        True,
    ),
    (
        "Private playroom hire",
        PricingCategory.PLAYGROUND,
        "6000",
        "per_hour",
        ["The whole playroom for your group", "Up to 30 children"],
        "Hire the playroom for a school class or a group of friends.",
        False,
    ),
    (
        "Sensory session",
        PricingCategory.SENSORY_ROOM,
        "1200",
        "per_person_hour",
        ["Light, sound and touch", "Designed with therapists", "Ages 1–8"],
        "A quiet hour of exploring for a child and a parent.",
        False,
    ),
    (
        "Table reservation",
        PricingCategory.CAFE,
        "0",
        "flat",
        ["A table near the playroom", "Order at the table"],
        "Reserve a table; you pay only for what you order.",
        False,
    ),
    (
        "Coffee and play",
        PricingCategory.CAFE,
        "950",
        "per_person",
        ["Coffee or tea for a parent", "Juice and a snack for a child"],
        "A coffee for you and a snack for your child.",
        True,
    ),
]

CONTENT = {
    ContentSection.HOME: (
        "Home",
        {
            "headline": "Play, relax and celebrate in Novi Beograd",
            "intro": "A cafe for parents, a sensory room and an indoor playroom for children, "
            "and birthday parties they will talk about for weeks.",
            "highlights": ["Open every day", "Trained staff in every room", "Free parking for guests"],
        },
    ),
    ContentSection.CAFE: (
        "Cafe",
        {
            "headline": "A cafe where parents can sit down",
            "intro": "Specialty coffee, fresh juices and a kids' menu, with a view of the playroom.",
            "paragraphs": [
                "Our baristas roast with a small Belgrade roastery; the cakes are baked every morning.",
                "Highchairs, a changing room and a quiet corner for feeding are right next to the cafe.",
            ],
            "items": [
                {"name": "Espresso", "description": "Single origin, roasted in Belgrade", "price": "180 RSD"},
                {"name": "Cappuccino", "description": "With whole or oat milk", "price": "260 RSD"},
                {"name": "Fresh orange juice", "description": "0.3 l, squeezed to order", "price": "330 RSD"},
                {"name": "Pancakes", "description": "With jam, honey or chocolate", "price": "450 RSD"},
                {"name": "Kids' pizza", "description": "Tomato, ham and cheese", "price": "590 RSD"},
            ],
        },
    ),
    ContentSection.SENSORY: (
        "Sensory room",
        {
            "headline": "A calm room full of light and sound",
            "intro": "Designed with occupational therapists for children from 1 to 8 years.",
            "paragraphs": [
                "Bubble tubes, fibre-optic lights and soft mats invite children to explore at their own pace.",
                "Sessions are small, so every child has room and quiet.",
            ],
            "highlights": ["Sessions of up to 6 children", "A parent stays with the child"],
        },
    ),
    ContentSection.IGRAONICA: (
        "Playroom",
        {
            "headline": "Climb, slide and jump",
            "intro": "Three levels of climbing, slides and a ball pit, watched over by our staff.",
            "paragraphs": [
                "The playroom is for children from 2 to 12; toddlers have their own soft corner.",
                "Socks are required for everyone in the play area.",
            ],
            "highlights": ["Ball pit and slides", "Toddler corner", "Socks required"],
        },
    ),
    ContentSection.HOURS: (
        "Opening hours",
        {
            "headline": "When we are open",
            "intro": "We are open every day of the week.",
            "paragraphs": ["On public holidays we open at 10:00; see our announcements for changes."],
        },
    ),
    ContentSection.CONTACT: (
        "Contact",
        {
            "headline": "Find us",
            "intro": "We are next to the Ušće park, five minutes from the bus stop.",
            "paragraphs": ["Free parking for our guests in the garage under the building."],
        },
    ),
}


# What each package holds: (room slug, hold mode). The rooms are the venue's defaults.
PACKAGE_HOLDS = {
    "Classic party": ("party_room", HoldMode.WHOLE),
    "Sensory party": ("sensory_room", HoldMode.WHOLE),
    "Play session": ("playroom", HoldMode.PLACES),
    "Private playroom hire": ("playroom", HoldMode.WHOLE),
    "Sensory session": ("sensory_room", HoldMode.PLACES),
    "Table reservation": ("cafe", HoldMode.PLACES),
    "Coffee and play": ("cafe", HoldMode.PLACES),
}


@dataclass
class Catalog:
    packages: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    admin_ids: list[int] = field(default_factory=list)

    def package_id(self, name: str) -> int:
        return self.packages[name]


def held_room(slug: str, mode: HoldMode = HoldMode.PLACES) -> dict[str, object]:
    """A package form's room fields: the room by slug, and what a booking of it holds."""
    return {"room_id": rooms.room_by_slug(slug)["id"], "hold_mode": mode.value}


def next_weekday(weekday: int, weeks_ahead: int = 1) -> date:
    """A date of that weekday (0 = Monday) at least `weeks_ahead` weeks from today."""
    today = local_now().date()
    days = (weekday - today.weekday()) % 7 + 7 * weeks_ahead
    return today + timedelta(days=days)


def insert_catalog(*, with_admins: bool = True) -> Catalog:
    catalog = Catalog()
    with session_scope() as session:
        session.merge(VenueSettings(id=1, opening_hours=OPENING_HOURS, buffer_minutes=45))
        catalog.rooms = {slug: room.id for slug, room in rooms.create_default_rooms(session).items()}
        for order, (name, category, amount, unit, features, description, popular) in enumerate(PACKAGES):
            row = PricingPackage(
                name=name,
                category=category,
                amount=Decimal(amount),
                unit=unit,
                features=features,
                description=description,
                popular=popular,
                status=PublishStatus.PUBLISHED,
                display_order=order,
                room_id=catalog.rooms[PACKAGE_HOLDS[name][0]],
                hold_mode=PACKAGE_HOLDS[name][1],
            )
            session.add(row)
            session.flush()
            catalog.packages[name] = row.id
        # Drafts and archived packages must never reach the public site.
        session.add(
            PricingPackage(
                name="Draft mega party",
                category=PricingCategory.PARTY,
                amount=Decimal("9999"),
                status=PublishStatus.DRAFT,
            )
        )
        for section, (title, body) in CONTENT.items():
            content = SiteContent(section=section)
            session.add(content)
            session.flush()
            session.add(
                ContentVersion(
                    content_id=content.id,
                    version=1,
                    title=title + " (old)",
                    body={"headline": "An archived headline", "intro": "Archived."},
                    status=ContentStatus.ARCHIVED,
                )
            )
            session.add(
                ContentVersion(
                    content_id=content.id, version=2, title=title, body=body, status=ContentStatus.PUBLISHED
                )
            )
            session.add(
                ContentVersion(
                    content_id=content.id,
                    version=3,
                    title=title,
                    body={"headline": "An unpublished draft headline"},
                    status=ContentStatus.DRAFT,
                )
            )
        for slug, title, weeks, capacity, price, status in (
            ("lego-workshop", "LEGO building workshop", 1, 12, "800", EventStatus.PUBLISHED),
            ("puppet-theatre-sunday", "Puppet theatre: The Little Fox", 2, 40, "0", EventStatus.PUBLISHED),
            ("halloween-disco", "Halloween kids' disco", 3, 30, "1200", EventStatus.PUBLISHED),
            ("secret-draft-event", "Unannounced draft event", 1, 10, "0", EventStatus.DRAFT),
        ):
            event = Event(
                slug=slug,
                title=title,
                description=f"{title} at Xplorium: an afternoon of fun for children from 4 to 10.",
                date=next_weekday(5, weeks),
                start_time=time(11, 0),
                end_time=time(13, 0),
                category="Workshop",
                theme="Creative",
                capacity=capacity,
                price=Decimal(price),
                location="Xplorium, party room",
                tags=["kids", "weekend"],
                status=status,
            )
            session.add(event)
            session.flush()
            catalog.events[slug] = event.id
        if with_admins:
            for email, role in (("desk@xplorium.rs", Role.ADMIN), ("owner@xplorium.rs", Role.SUPER_ADMIN)):
                admin = User(email=email, name="Staff", role=role, password_hash=None)
                session.add(admin)
                session.flush()
                catalog.admin_ids.append(admin.id)
    _clear_cache()
    return catalog


def _clear_cache() -> None:
    from xplorium.services import catalog as catalog_service

    rooms.invalidate_rooms()
    catalog_service.invalidate_pricing()
    catalog_service.invalidate_events(*("lego-workshop", "puppet-theatre-sunday", "halloween-disco"))
    catalog_service.invalidate_settings()
    for section in ContentSection:
        catalog_service.invalidate_content(section)


@pytest.fixture(name="catalog")
def catalog_fixture(clean) -> Catalog:
    """A fresh database with the published catalog above."""
    return insert_catalog()
