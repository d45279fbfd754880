"""Cache keys of the published catalog (events, pricing, content) and their invalidation.

Public readers load through these keys; every admin change calls the matching invalidate.
"""

from xplorium.models.enums import ContentSection
from xplorium.services.cache import get_cache

PRICING_KEY = "catalog:pricing"
EVENTS_KEY = "catalog:events"
SETTINGS_KEY = "venue_settings"


def content_key(section: ContentSection | str) -> str:
    return f"catalog:content:{ContentSection(section).value}"


def event_key(slug: str) -> str:
    return f"catalog:event:{slug}"


def invalidate_pricing() -> None:
    get_cache().invalidate(PRICING_KEY)


def invalidate_events(*slugs: str) -> None:
    get_cache().invalidate(EVENTS_KEY, *(event_key(s) for s in slugs))


def invalidate_content(section: ContentSection | str) -> None:
    get_cache().invalidate(content_key(section))


def invalidate_settings() -> None:
    get_cache().invalidate(SETTINGS_KEY)
