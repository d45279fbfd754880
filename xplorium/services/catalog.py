"""The published catalog (pricing, events, page content, booking rules), served from the cache.

Public readers load through the keys below and get plain JSON-safe dicts; a warm cache answers
without touching the database. Every admin change calls the matching `invalidate_*`.
"""

import re
from datetime import date

import sqlalchemy as sa
from sqlmodel import select

from xplorium import formatting
from xplorium.constants import PRICE_UNITS, SLUG_MAX_LENGTH, UPCOMING_EVENTS_MAX
from xplorium.db import session_scope
from xplorium.i18n import LOCALES, N_, _, current_locale
from xplorium.models import ContentVersion, Event, EventRegistration, PricingPackage, SiteContent
from xplorium.models.enums import (
    ContentSection,
    ContentStatus,
    EventStatus,
    PricingCategory,
    PublishStatus,
    RegistrationStatus,
)
from xplorium.services.cache import get_cache
from xplorium.services.clock import local_now

PRICING_KEY = "catalog:pricing"
EVENTS_KEY = "catalog:events"
SETTINGS_KEY = "venue_settings"
# The settings the booking rules need (hours, buffer, rate limit); dropped with SETTINGS_KEY.
BOOKING_RULES_KEY = "venue_settings:booking_rules"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

CATEGORY_LABELS = {
    PricingCategory.PLAYGROUND: N_("Playroom"),
    PricingCategory.SENSORY_ROOM: N_("Sensory room"),
    PricingCategory.CAFE: N_("Cafe"),
    PricingCategory.PARTY: N_("Birthday parties"),
}


def in_locale(key: str) -> str:
    """The cache key of data holding formatted text (prices, dates): one copy per language."""
    return f"{key}:{current_locale()}"


def every_locale(*keys: str) -> list[str]:
    return [f"{key}:{locale}" for key in keys for locale in LOCALES]


def content_key(section: ContentSection | str) -> str:
    return f"catalog:content:{ContentSection(section).value}"


def event_key(slug: str) -> str:
    return f"catalog:event:{slug}"


def invalidate_pricing() -> None:
    get_cache().invalidate(*every_locale(PRICING_KEY))


def invalidate_events(*slugs: str) -> None:
    get_cache().invalidate(*every_locale(EVENTS_KEY, *(event_key(s) for s in slugs)))


def invalidate_content(section: ContentSection | str) -> None:
    get_cache().invalidate(content_key(section))


def invalidate_settings() -> None:
    get_cache().invalidate(SETTINGS_KEY, BOOKING_RULES_KEY)


# --- pricing -------------------------------------------------------------------------------------


def _package_dict(row: PricingPackage) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "category": row.category.value,
        "amount": str(row.amount),
        "currency": row.currency,
        "unit": row.unit,
        "unit_label": _(PRICE_UNITS.get(row.unit, row.unit)),
        "room_id": row.room_id,
        "hold_mode": row.hold_mode.value,
        "price_label": _("Free") if row.amount == 0 else formatting.money(row.amount, row.currency),
        "features": list(row.features or []),
        "description": row.description,
        "popular": bool(row.popular),
    }


def _load_pricing() -> dict[str, list[dict]]:
    with session_scope() as session:
        rows = session.exec(
            select(PricingPackage)
            .where(PricingPackage.status == PublishStatus.PUBLISHED)
            .order_by(PricingPackage.category, PricingPackage.display_order, PricingPackage.id)
        ).all()
        grouped: dict[str, list[dict]] = {category.value: [] for category in PricingCategory}
        for row in rows:
            grouped[row.category.value].append(_package_dict(row))
        return grouped


def published_pricing() -> dict[str, list[dict]]:
    """{category: [package, ...]} of published packages, each category in display order."""
    return get_cache().get_or_load(in_locale(PRICING_KEY), _load_pricing)


def pricing_for(category: PricingCategory | str) -> list[dict]:
    return published_pricing().get(PricingCategory(category).value, [])


def find_package(category: PricingCategory | str, package_id: object) -> dict | None:
    """The published package of `category` with this id, or None."""
    try:
        wanted = int(str(package_id))
    except (TypeError, ValueError):
        return None
    return next((p for p in pricing_for(category) if p["id"] == wanted), None)


# --- events --------------------------------------------------------------------------------------


def _event_dict(row: Event, confirmed_guests: int) -> dict:
    places_left = max(0, row.capacity - confirmed_guests)
    return {
        "id": row.id,
        "slug": row.slug,
        "title": row.title,
        "description": row.description,
        "date": row.date.isoformat(),
        "date_label": formatting.day(row.date),
        "short_date": formatting.short_day(row.date),
        "start_time": formatting.time_of_day(row.start_time),
        "end_time": formatting.time_of_day(row.end_time),
        "time_label": f"{formatting.time_of_day(row.start_time)}–{formatting.time_of_day(row.end_time)}",
        "category": row.category,
        "theme": row.theme,
        "capacity": row.capacity,
        "places_left": places_left,
        "is_full": places_left == 0,
        "price": str(row.price),
        "price_label": _("Free") if row.price == 0 else formatting.money(row.price, row.currency),
        "location": row.location,
        "image_url": row.image_url,
        "tags": list(row.tags or []),
        "status": row.status.value,
    }


def _confirmed_guests(session, event_ids: list[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = session.exec(
        select(EventRegistration.event_id, sa.func.coalesce(sa.func.sum(EventRegistration.guest_count), 0))
        .where(
            EventRegistration.event_id.in_(event_ids),
            EventRegistration.status == RegistrationStatus.CONFIRMED,
        )
        .group_by(EventRegistration.event_id)
    ).all()
    return {event_id: int(total) for event_id, total in rows}


def _local_today() -> date:
    return local_now().date()


def _load_upcoming() -> list[dict]:
    with session_scope() as session:
        # One query: the events with their confirmed guest totals joined in.
        confirmed = (
            select(
                EventRegistration.event_id.label("event_id"),
                sa.func.sum(EventRegistration.guest_count).label("guests"),
            )
            .where(EventRegistration.status == RegistrationStatus.CONFIRMED)
            .group_by(EventRegistration.event_id)
            .subquery()
        )
        rows = session.exec(
            select(Event, sa.func.coalesce(confirmed.c.guests, 0))
            .outerjoin(confirmed, confirmed.c.event_id == Event.id)
            .where(Event.status == EventStatus.PUBLISHED, Event.date >= _local_today())
            # The order staff set (Move up / down on /admin/events), then soonest first.
            .order_by(Event.display_order, Event.date, Event.start_time, Event.id)
            .limit(UPCOMING_EVENTS_MAX)
        ).all()
        return [_event_dict(row, int(guests)) for row, guests in rows]


def upcoming_events() -> list[dict]:
    """Published events from today on, in the staff's order, then soonest first."""
    today = _local_today().isoformat()
    # The cached list may be a few minutes old across midnight; drop what has passed.
    return [e for e in get_cache().get_or_load(in_locale(EVENTS_KEY), _load_upcoming) if e["date"] >= today]


def valid_slug(slug: str) -> bool:
    return 0 < len(slug) <= SLUG_MAX_LENGTH and bool(SLUG_PATTERN.match(slug))


def event_by_slug(slug: str) -> dict | None:
    """A published event by its slug (past ones included, marked by their date), or None."""
    slug = (slug or "").strip().lower()
    if not valid_slug(slug):
        return None

    def load() -> dict | None:
        with session_scope() as session:
            row = session.exec(
                select(Event).where(Event.slug == slug, Event.status == EventStatus.PUBLISHED)
            ).first()
            if row is None:
                return None
            return _event_dict(row, _confirmed_guests(session, [row.id]).get(row.id, 0))

    event = get_cache().get_or_load(in_locale(event_key(slug)), load)
    if event is not None:
        event = dict(event, is_past=event["date"] < _local_today().isoformat())
    return event


# --- page content --------------------------------------------------------------------------------

EMPTY_CONTENT = {
    "title": "",
    "headline": "",
    "intro": "",
    "paragraphs": [],
    "highlights": [],
    "items": [],
}


def _content_dict(title: str, body: dict) -> dict:
    body = body or {}

    def strings(key: str) -> list[str]:
        return [str(v) for v in body.get(key) or [] if str(v).strip()]

    items = [
        {
            "name": str(item.get("name", "")),
            "description": str(item.get("description", "")),
            "price": str(item.get("price", "")),
        }
        for item in body.get("items") or []
        if isinstance(item, dict) and item.get("name")
    ]
    return {
        "title": title,
        "headline": str(body.get("headline") or title or ""),
        "intro": str(body.get("intro") or ""),
        "paragraphs": strings("paragraphs"),
        "highlights": strings("highlights"),
        "items": items,
    }


def section_content(section: ContentSection | str) -> dict:
    """The published version of a content section, or empty texts when none is published."""
    section = ContentSection(section)

    def load() -> dict:
        with session_scope() as session:
            row = session.exec(
                select(ContentVersion.title, ContentVersion.body)
                .join(SiteContent, SiteContent.id == ContentVersion.content_id)
                .where(SiteContent.section == section, ContentVersion.status == ContentStatus.PUBLISHED)
            ).first()
            if row is None:
                return dict(EMPTY_CONTENT)
            return _content_dict(row[0], row[1])

    return get_cache().get_or_load(content_key(section), load)


# --- booking rules -------------------------------------------------------------------------------


def booking_rules() -> dict:
    """Opening hours, buffer and booking rate limit from the settings row, cached."""

    def load() -> dict:
        # Imported here: venue imports this module for SETTINGS_KEY.
        from xplorium.services.venue import load_settings

        with session_scope() as session:
            row = load_settings(session)
            return {
                "opening_hours": dict(row.opening_hours),
                "buffer_minutes": row.buffer_minutes,
                "booking_rate_limit": row.booking_rate_limit,
            }

    return get_cache().get_or_load(BOOKING_RULES_KEY, load)
