"""What the public site loads (services/catalog, branch `booking`) after back-office changes:
only published items, and at once (every change invalidates the cache it touches)."""

from tests.support.backoffice_staff import future
from tests.support.catalog_data import held_room
from xplorium.services import catalog, content, events, pricing

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
