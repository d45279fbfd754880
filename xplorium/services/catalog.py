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
from xplorium.services.bilingual import localized
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
        "name_en": row.name_en,
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
        "description_en": row.description_en,
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


def _in_language(entry: dict, *fields: str) -> dict:
    """A cached entry with each of `fields` in the reader's language (`<field>_en` in English)."""
    return entry | {f: localized(entry[f], entry.get(f + "_en", "")) for f in fields}


def published_pricing() -> dict[str, list[dict]]:
    """{category: [package, ...]} of published packages, each category in display order,
    named and described in the reader's language."""
    grouped = get_cache().get_or_load(in_locale(PRICING_KEY), _load_pricing)
    return {
        category: [_in_language(p, "name", "description") for p in packages]
        for category, packages in grouped.items()
    }


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
        "title_en": row.title_en,
        "description": row.description,
        "description_en": row.description_en,
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
    return [
        _in_language(e, "title", "description")
        for e in get_cache().get_or_load(in_locale(EVENTS_KEY), _load_upcoming)
        if e["date"] >= today
    ]


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
        event = _in_language(event, "title", "description") | {
            "is_past": event["date"] < _local_today().isoformat()
        }
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
        if isinstance(item, dict)
    ]
    return {
        "title": title,
        "headline": str(body.get("headline") or ""),
        "intro": str(body.get("intro") or ""),
        "paragraphs": strings("paragraphs"),
        "highlights": strings("highlights"),
        "items": items,
    }


def localized_content(
    title: str, body: dict, title_en: str = "", body_en: dict | None = None, locale: str | None = None
) -> dict:
    """A version's text as a reader of `locale` (the current one) sees it: each English field
    where it was written, the Serbian one where not; the menu's prices are the Serbian rows'."""
    serbian, english = _content_dict(title, body), _content_dict(title_en, body_en or {})

    def pick(serbian_text, english_text):
        return localized(serbian_text, english_text, locale)

    shown = {key: pick(serbian[key], english[key]) for key in ("title", "intro", "paragraphs", "highlights")}
    shown["headline"] = pick(serbian["headline"], english["headline"]) or shown["title"]
    items = []
    for index, item in enumerate(serbian["items"]):
        other = english["items"][index] if index < len(english["items"]) else {}
        if item["name"]:
            items.append(
                {
                    "name": pick(item["name"], other.get("name", "")),
                    "description": pick(item["description"], other.get("description", "")),
                    "price": item["price"],
                }
            )
    shown["items"] = items
    return shown


def section_content(section: ContentSection | str) -> dict:
    """The published version of a content section in the reader's language, or empty texts
    when none is published."""
    section = ContentSection(section)

    def load() -> dict | None:
        with session_scope() as session:
            row = session.exec(
                select(
                    ContentVersion.title, ContentVersion.body, ContentVersion.title_en, ContentVersion.body_en
                )
                .join(SiteContent, SiteContent.id == ContentVersion.content_id)
                .where(SiteContent.section == section, ContentVersion.status == ContentStatus.PUBLISHED)
            ).first()
            if row is None:
                return None
            return {"title": row[0], "body": row[1], "title_en": row[2], "body_en": row[3]}

    # The cache holds both languages; each reader gets theirs.
    texts = get_cache().get_or_load(content_key(section), load)
    return dict(EMPTY_CONTENT) if texts is None else localized_content(**texts)


# --- booking rules -------------------------------------------------------------------------------


def booking_rules() -> dict:
    """Opening hours (with the public holidays' own), buffer and booking rate limit, cached."""

    def load() -> dict:
        # Imported here: venue imports this module, holiday_hours imports venue.
        from xplorium.services.holiday_hours import holiday_spans
        from xplorium.services.venue import load_settings

        with session_scope() as session:
            row = load_settings(session)
            return {
                "opening_hours": dict(row.opening_hours),
                # {"YYYY-MM-DD": None (closed) or ["HH:MM", "HH:MM"]} for public holidays.
                "holiday_hours": holiday_spans(session),
                "buffer_minutes": row.buffer_minutes,
                "booking_rate_limit": row.booking_rate_limit,
            }

    return get_cache().get_or_load(BOOKING_RULES_KEY, load)
