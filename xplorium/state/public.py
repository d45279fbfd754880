"""Read-only states of the public pages: everything comes from the cached, published catalog.

Each on_load reads the cache (no database query when warm) and copies plain values in;
nothing personal is ever loaded here.
"""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

import reflex as rx

from xplorium.constants import PARTY_GUESTS_MAX, PARTY_GUESTS_MIN
from xplorium.i18n import _
from xplorium.models.enums import ContentSection, PricingCategory
from xplorium.services import catalog
from xplorium.state.arguments import CheckedArguments
from xplorium.state.calls import call


@dataclass
class PackageView:
    id: int = 0
    name: str = ""
    category: str = ""
    price_label: str = ""
    unit_label: str = ""
    description: str = ""
    features: list[str] = field(default_factory=list)
    popular: bool = False
    book_href: str = ""


@dataclass
class PricingGroup:
    category: str = ""
    label: str = ""
    anchor: str = ""
    packages: list[PackageView] = field(default_factory=list)


@dataclass
class EventView:
    slug: str = ""
    title: str = ""
    description: str = ""
    date_label: str = ""
    short_date: str = ""
    time_label: str = ""
    price_label: str = ""
    location: str = ""
    category: str = ""
    theme: str = ""
    capacity: int = 0
    places_left: int = 0
    is_full: bool = False
    is_past: bool = False
    image_url: str = ""
    tags: list[str] = field(default_factory=list)
    href: str = ""


@dataclass
class CardView:
    icon: str = ""
    title: str = ""
    text: str = ""
    href: str = ""


def _pick(cls, values: dict):
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})


def book_href(category: str, package_id: int | None = None) -> str:
    # Pricing categories and bookable types share their names.
    href = f"/book?type={category}"
    return f"{href}&package={package_id}" if package_id else href


async def package_views(category: PricingCategory | str) -> list[PackageView]:
    result = await call(catalog.pricing_for, category)
    packages = result.data if result.ok else []
    return [_pick(PackageView, dict(p, book_href=book_href(p["category"], p["id"]))) for p in packages]


def event_view(event: dict) -> EventView:
    return _pick(EventView, dict(event, href=f"/events/{event['slug']}"))


async def content_of(section: ContentSection) -> dict:
    result = await call(catalog.section_content, section)
    return result.data if result.ok else dict(catalog.EMPTY_CONTENT)


class SectionState(CheckedArguments, rx.State):
    """One content section (cafe, sensory room, playroom, hours and contact) and its packages."""

    loaded: bool = False
    title: str = ""
    headline: str = ""
    intro: str = ""
    paragraphs: list[str] = []
    highlights: list[str] = []
    items: list[dict[str, str]] = []
    packages: list[PackageView] = []
    # The second section of the contact page (hours + contact).
    extra_headline: str = ""
    extra_intro: str = ""
    extra_paragraphs: list[str] = []

    async def _show(self, section: ContentSection, category: PricingCategory | None = None) -> None:
        content = await content_of(section)
        self.title = content["title"]
        self.headline = content["headline"]
        self.intro = content["intro"]
        self.paragraphs = content["paragraphs"]
        self.highlights = content["highlights"]
        self.items = content["items"]
        self.packages = await package_views(category) if category else []
        self.loaded = True

    @rx.event
    async def load_cafe(self):
        await self._show(ContentSection.CAFE, PricingCategory.CAFE)

    @rx.event
    async def load_sensory(self):
        await self._show(ContentSection.SENSORY, PricingCategory.SENSORY_ROOM)

    @rx.event
    async def load_igraonica(self):
        await self._show(ContentSection.IGRAONICA, PricingCategory.PLAYGROUND)

    @rx.event
    async def load_contact(self):
        await self._show(ContentSection.HOURS)
        contact = await content_of(ContentSection.CONTACT)
        self.extra_headline = contact["headline"]
        self.extra_intro = contact["intro"]
        self.extra_paragraphs = contact["paragraphs"]


class PricingState(CheckedArguments, rx.State):
    groups: list[PricingGroup] = []
    party_packages: list[PackageView] = []
    party_guests: str = f"{PARTY_GUESTS_MIN}–{PARTY_GUESTS_MAX}"

    @rx.event
    async def load_pricing(self):
        self.groups = [
            PricingGroup(
                category=category.value,
                label=_(catalog.CATEGORY_LABELS[category]),
                anchor=category.value.lower().replace("_", "-"),
                packages=await package_views(category),
            )
            for category in (
                PricingCategory.PARTY,
                PricingCategory.PLAYGROUND,
                PricingCategory.SENSORY_ROOM,
                PricingCategory.CAFE,
            )
        ]

    @rx.event
    async def load_parties(self):
        self.party_packages = await package_views(PricingCategory.PARTY)


class EventsState(CheckedArguments, rx.State):
    events: list[EventView] = []

    @rx.event
    async def load_events(self):
        result = await call(catalog.upcoming_events)
        self.events = [event_view(e) for e in result.data] if result.ok else []


SECTION_ICONS = (
    (ContentSection.CAFE, "coffee", "/cafe"),
    (ContentSection.SENSORY, "sparkles", "/sensory"),
    (ContentSection.IGRAONICA, "castle", "/igraonica"),
)
HOME_EVENTS = 3


class HomeState(CheckedArguments, rx.State):
    loaded: bool = False
    headline: str = ""
    intro: str = ""
    highlights: list[str] = []
    cards: list[CardView] = []
    events: list[EventView] = []

    @rx.event
    async def load_home(self):
        home = await content_of(ContentSection.HOME)
        self.headline = home["headline"]
        self.intro = home["intro"]
        self.highlights = home["highlights"]
        cards = []
        for section, icon, href in SECTION_ICONS:
            content = await content_of(section)
            if content["title"]:
                cards.append(CardView(icon=icon, title=content["title"], text=content["intro"], href=href))
        parties = await call(catalog.pricing_for, PricingCategory.PARTY)
        if parties.ok and parties.data:
            cheapest = min(parties.data, key=lambda p: Decimal(p["amount"]))
            cards.append(
                CardView(
                    icon="cake",
                    title=_("Birthday parties"),
                    text=_(
                        "Parties for {party_guests_min} to {party_guests_max} guests, from {price_label} {unit_label}."
                    ).format(
                        party_guests_min=PARTY_GUESTS_MIN,
                        party_guests_max=PARTY_GUESTS_MAX,
                        price_label=cheapest["price_label"],
                        unit_label=cheapest["unit_label"],
                    ),
                    href="/parties",
                )
            )
        self.cards = cards
        result = await call(catalog.upcoming_events)
        self.events = [event_view(e) for e in result.data[:HOME_EVENTS]] if result.ok else []
        self.loaded = True
