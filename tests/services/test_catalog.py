"""The published catalog comes from the cache: zero queries when warm, fresh after an invalidation."""

import sqlalchemy as sa

from tests.support.backoffice_staff import admin_ctx_fixture, admin_fixture, future  # noqa: F401 - fixtures
from tests.support.catalog_data import (
    catalog_fixture,  # noqa: F401 - fixture
    held_room,
)
from tests.support.queries import count_queries
from xplorium.db import session_scope
from xplorium.models import Event, PricingPackage
from xplorium.models.enums import ContentSection, EventStatus, PublishStatus
from xplorium.services import catalog, content, events, pricing, registrations
from xplorium.services import catalog as catalog_service
from xplorium.services.context import RequestContext


def test_second_load_of_the_pricing_hits_the_cache_and_an_edit_refreshes_it(catalog, engine):
    with count_queries(engine) as cold:
        first = catalog_service.published_pricing()
    assert len(cold) == 1
    with count_queries(engine) as warm:
        second = catalog_service.published_pricing()
    assert warm == []
    assert second == first
    assert [p["name"] for p in first["PARTY"]] == ["Classic party", "Sensory party"]  # no draft
    assert first["PARTY"][0]["price_label"] == "2,400 RSD"
    assert first["PARTY"][0]["unit_label"] == "per child"

    # An admin edits a package (the back office calls invalidate_pricing on every change).
    with session_scope() as session:
        package = session.get(PricingPackage, catalog.package_id("Classic party"))
        package.amount = 2650
        package.name = "Classic party deluxe"
        session.add(package)
    assert catalog_service.published_pricing()["PARTY"][0]["name"] == "Classic party"  # still cached
    catalog_service.invalidate_pricing()
    with count_queries(engine) as reload:
        refreshed = catalog_service.published_pricing()
    assert len(reload) == 1
    assert refreshed["PARTY"][0]["name"] == "Classic party deluxe"
    assert refreshed["PARTY"][0]["price_label"] == "2,650 RSD"

    # Archiving removes it from the public list after the invalidation.
    with session_scope() as session:
        package = session.get(PricingPackage, catalog.package_id("Sensory party"))
        package.status = PublishStatus.ARCHIVED
        session.add(package)
    catalog_service.invalidate_pricing()
    assert [p["name"] for p in catalog_service.published_pricing()["PARTY"]] == ["Classic party deluxe"]


def test_content_is_the_published_version_and_cached(catalog, engine):
    cafe = catalog_service.section_content(ContentSection.CAFE)
    assert cafe["headline"] == "A cafe where parents can sit down"
    assert [item["name"] for item in cafe["items"]][:2] == ["Espresso", "Cappuccino"]
    with count_queries(engine) as warm:
        for section in ContentSection:
            catalog_service.section_content(section)
        catalog_service.section_content(ContentSection.CAFE)
    assert len(warm) == len(ContentSection) - 1  # every section but the cafe was cold, once
    with count_queries(engine) as warm:
        for section in ContentSection:
            catalog_service.section_content(section)
    assert warm == []


def test_section_without_a_published_version_renders_empty(clean):
    assert catalog_service.section_content("sensory") == catalog_service.EMPTY_CONTENT


def test_events_are_upcoming_published_ones_cached_until_a_change(catalog, engine):
    events = catalog_service.upcoming_events()
    assert [e["slug"] for e in events] == ["lego-workshop", "puppet-theatre-sunday", "halloween-disco"]
    assert events[1]["price_label"] == "Free"
    with count_queries(engine) as warm:
        catalog_service.upcoming_events()
        catalog_service.event_by_slug("lego-workshop")
    assert len(warm) == 2  # the list was warm; the detail was cold: the event, then its guests
    with count_queries(engine) as warm:
        catalog_service.upcoming_events()
        assert catalog_service.event_by_slug("lego-workshop")["places_left"] == 12
    assert warm == []
    assert catalog_service.event_by_slug("secret-draft-event") is None
    assert catalog_service.event_by_slug("Not A Slug!") is None

    # A registration changes the places left at once: the service invalidates the event.
    registrations.register(
        RequestContext(ip="203.0.113.1"),
        "lego-workshop",
        {"name": "Ana", "email": "a@example.com", "guest_count": 3},
    )
    assert catalog_service.event_by_slug("lego-workshop")["places_left"] == 9
    assert catalog_service.upcoming_events()[0]["places_left"] == 9

    with session_scope() as session:
        session.execute(
            sa.update(Event).where(Event.slug == "halloween-disco").values(status=EventStatus.CANCELLED)
        )
    catalog_service.invalidate_events("halloween-disco")
    assert [e["slug"] for e in catalog_service.upcoming_events()] == [
        "lego-workshop",
        "puppet-theatre-sunday",
    ]
    assert catalog_service.event_by_slug("halloween-disco") is None


def test_booking_rules_come_from_settings_and_follow_invalidate_settings(catalog, engine):
    assert catalog_service.booking_rules()["buffer_minutes"] == 45
    with count_queries(engine) as warm:
        catalog_service.booking_rules()
    assert warm == []
    with session_scope() as session:
        session.execute(sa.text("UPDATE venue_settings SET buffer_minutes = 30"))
    catalog_service.invalidate_settings()
    assert catalog_service.booking_rules()["buffer_minutes"] == 30


# What the public site loads (services/catalog, branch `booking`) after back-office changes:
# only published items, and at once (every change invalidates the cache it touches).
EVENT = {
    "title": "Lego workshop",
    "date": future(),
    "start_time": "10:00",
    "end_time": "12:00",
    "capacity": 10,
}


def names(grouped: dict) -> list[str]:
    return [p["name"] for group in grouped.values() for p in group]


def test_only_published_pricing_is_public_and_changes_show_at_once(admin_ctx):
    draft = pricing.create_package(
        admin_ctx,
        {"name": "Draft", "category": "CAFE", "amount": "100", "unit": "per_person"} | held_room("cafe"),
    )
    live = pricing.create_package(
        admin_ctx,
        {"name": "Live", "category": "CAFE", "amount": "200", "unit": "per_person"} | held_room("cafe"),
    )
    assert names(catalog.published_pricing()) == []  # loaded into the cache now
    pricing.publish(admin_ctx, live["id"])
    assert names(catalog.published_pricing()) == ["Live"]
    pricing.update_package(
        admin_ctx,
        live["id"],
        {"name": "Live latte", "category": "CAFE", "amount": "250", "unit": "per_person"} | held_room("cafe"),
    )
    assert names(catalog.published_pricing()) == ["Live latte"]
    pricing.archive(admin_ctx, live["id"])
    assert names(catalog.published_pricing()) == []
    assert draft["status"] == "DRAFT"


def test_only_published_content_is_public_and_publishing_shows_at_once(admin_ctx):
    first = content.save_draft(admin_ctx, "cafe", "Cafe", {"headline": "First text"})
    assert catalog.section_content("cafe")["headline"] == ""
    content.submit_for_review(admin_ctx, first["id"])
    assert catalog.section_content("cafe")["headline"] == ""
    content.publish(admin_ctx, first["id"])
    assert catalog.section_content("cafe")["headline"] == "First text"
    second = content.save_draft(admin_ctx, "cafe", "Cafe", {"headline": "Second text"})
    assert catalog.section_content("cafe")["headline"] == "First text"
    content.submit_for_review(admin_ctx, second["id"])
    content.publish(admin_ctx, second["id"])
    assert catalog.section_content("cafe")["headline"] == "Second text"


def test_only_published_events_are_public_and_cancelling_hides_them(admin_ctx):
    event = events.create_event(admin_ctx, EVENT)
    assert catalog.upcoming_events() == []
    assert catalog.event_by_slug(event["slug"]) is None
    events.change_status(admin_ctx, event["id"], "PUBLISHED")
    assert [e["title"] for e in catalog.upcoming_events()] == ["Lego workshop"]
    assert catalog.event_by_slug(event["slug"])["title"] == "Lego workshop"
    events.change_status(admin_ctx, event["id"], "CANCELLED")
    assert catalog.upcoming_events() == []


def test_moving_an_event_up_moves_it_on_the_public_list(admin_ctx):
    first = events.create_event(admin_ctx, {**EVENT, "title": "Lego workshop", "date": future(5)})
    second = events.create_event(admin_ctx, {**EVENT, "title": "Puppet theatre", "date": future(12)})
    for event in (first, second):
        events.change_status(admin_ctx, event["id"], "PUBLISHED")
    assert [e["title"] for e in catalog.upcoming_events()] == ["Lego workshop", "Puppet theatre"]
    events.move_event(admin_ctx, second["id"], "up")
    assert [e["title"] for e in catalog.upcoming_events()] == ["Puppet theatre", "Lego workshop"]
