import csv
import io
from collections import namedtuple
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from tests.support.backoffice_staff import (  # noqa: F401 - fixtures
    ADMIN_IP,
    ADMIN_UA,
    admin_ctx_fixture,
    admin_fixture,
    future,
    parent_ctx_fixture,
    parent_fixture,
)
from tests.support.bookings_data import insert_booking
from xplorium.db import session_scope
from xplorium.jobs import worker
from xplorium.models import AuditLog, Event, EventRegistration
from xplorium.models.enums import BookingType, RegistrationStatus
from xplorium.services import events, rooms
from xplorium.services.bookings import places
from xplorium.services.errors import Conflict, Forbidden, Unauthenticated, ValidationFailed
from xplorium.services.security import generate_token, hash_token

FORM = {
    "title": "Čarobna žurka",
    "description": "Magic show <script>alert(1)</script> for kids",
    "date": future(),
    "start_time": "17:00",
    "end_time": "19:00",
    "category": "Show",
    "theme": "Magic",
    "capacity": "3",
    "price": "1200.50",
    "location": "Main hall",
    "image_url": "https://example.com/magic.jpg",
    "tags": "magic, kids, magic",
}


def register(event_id: int, name: str, status=RegistrationStatus.CONFIRMED, guests: int = 1) -> None:
    with session_scope() as session:
        session.add(
            EventRegistration(
                event_id=event_id,
                name=name,
                email=f"{name.lower()}@example.com",
                guest_count=guests,
                status=status,
                cancel_token_hash=hash_token(generate_token()),
            )
        )


def test_create_cleans_fields_and_generates_a_transliterated_slug(admin_ctx):
    event = events.create_event(admin_ctx, FORM)
    assert event["slug"] == "carobna-zurka"
    assert event["status"] == "DRAFT"
    assert "<script>" not in event["description"] and "Magic show" in event["description"]
    assert event["price"] == "1200.50"
    assert event["tags"] == ["magic", "kids"]


def test_slugs_stay_unique_with_numbered_suffixes(admin_ctx):
    slugs = [events.create_event(admin_ctx, FORM)["slug"] for _ in range(3)]
    assert slugs == ["carobna-zurka", "carobna-zurka-2", "carobna-zurka-3"]


def test_database_unique_constraint_catches_a_slug_chosen_concurrently(admin_ctx, monkeypatch):
    events.create_event(admin_ctx, FORM)
    # Simulate another admin saving the same title between our check and our insert:
    # the first lookup sees no taken slugs, so only the database constraint can object.
    real = events._taken_slugs
    calls = []

    def stale_then_real(*args):
        calls.append(1)
        return set() if len(calls) == 1 else real(*args)

    monkeypatch.setattr(events, "_taken_slugs", stale_then_real)
    second = events.create_event(admin_ctx, FORM)
    assert second["slug"] == "carobna-zurka-2"
    assert len(calls) == 2


def test_validation_names_every_bad_field_and_saves_nothing(admin_ctx):
    bad = FORM | {
        "title": " ",
        "date": (date.today() - timedelta(days=1)).isoformat(),
        "start_time": "18:00",
        "end_time": "17:30",
        "capacity": "0",
        "price": "-5",
        "image_url": "javascript:alert(1)",
    }
    with pytest.raises(ValidationFailed) as error:
        events.create_event(admin_ctx, bad)
    assert set(error.value.fields) == {"title", "date", "end_time", "capacity", "price", "image_url"}
    with session_scope() as session:
        assert session.exec(sa.select(sa.func.count()).select_from(Event)).scalar_one() == 0


def test_price_with_more_than_two_decimals_is_refused(admin_ctx):
    with pytest.raises(ValidationFailed) as error:
        events.create_event(admin_ctx, FORM | {"price": "10.005"})
    assert "price" in error.value.fields


def test_only_staff_may_manage_events(parent_ctx):
    with pytest.raises(Forbidden):
        events.create_event(parent_ctx, FORM)
    with pytest.raises(Unauthenticated):
        events.list_events(events.RequestContext())


def test_status_moves_only_along_the_lifecycle(admin_ctx):
    event = events.create_event(admin_ctx, FORM)
    with pytest.raises(Conflict):
        events.change_status(admin_ctx, event["id"], "COMPLETED")
    assert events.change_status(admin_ctx, event["id"], "PUBLISHED")["status"] == "PUBLISHED"
    assert events.change_status(admin_ctx, event["id"], "CANCELLED")["status"] == "CANCELLED"
    with pytest.raises(Conflict):
        events.change_status(admin_ctx, event["id"], "PUBLISHED")
    assert events.change_status(admin_ctx, event["id"], "ARCHIVED")["status"] == "ARCHIVED"


def test_published_slug_stays_when_title_changes_but_draft_slug_follows(admin_ctx):
    event = events.create_event(admin_ctx, FORM)
    renamed = events.update_event(admin_ctx, event["id"], FORM | {"title": "Đački bal"})
    assert renamed["slug"] == "djacki-bal"
    events.change_status(admin_ctx, event["id"], "PUBLISHED")
    again = events.update_event(admin_ctx, event["id"], FORM | {"title": "Something else"})
    assert again["slug"] == "djacki-bal" and again["title"] == "Something else"


def test_delete_is_refused_while_the_event_has_registrations(admin_ctx):
    kept = events.create_event(admin_ctx, FORM)
    register(kept["id"], "Mila")
    with pytest.raises(Conflict) as error:
        events.delete_event(admin_ctx, kept["id"])
    assert "cannot be deleted" in error.value.message
    empty = events.create_event(admin_ctx, FORM)
    events.delete_event(admin_ctx, empty["id"])
    with session_scope() as session:
        remaining = session.exec(sa.select(Event.id)).scalars().all()
    assert remaining == [kept["id"]]


def test_capacity_cannot_drop_below_places_taken(admin_ctx):
    event = events.create_event(admin_ctx, FORM)
    register(event["id"], "Mila", guests=2)
    with pytest.raises(ValidationFailed) as error:
        events.update_event(admin_ctx, event["id"], FORM | {"capacity": "1"})
    assert "capacity" in error.value.fields


def test_reorder_moves_an_event_up_and_down(admin_ctx):
    a, b, c = (events.create_event(admin_ctx, FORM | {"title": t})["id"] for t in ("A", "B", "C"))
    assert events.move_event(admin_ctx, c, "up") == [a, c, b]
    assert events.move_event(admin_ctx, a, "up") == [a, c, b]  # already first: nothing moves
    assert events.move_event(admin_ctx, a, "down") == [c, a, b]
    listed = events.list_events(admin_ctx)
    assert [e["id"] for e in listed.items] == [c, a, b]


def test_list_filters_by_status_and_search_and_counts_registrations(admin_ctx):
    first = events.create_event(admin_ctx, FORM | {"title": "Lego workshop"})
    events.create_event(admin_ctx, FORM | {"title": "Puppet theatre"})
    events.change_status(admin_ctx, first["id"], "PUBLISHED")
    register(first["id"], "Mila", guests=2)
    register(first["id"], "Luka", RegistrationStatus.WAITLISTED)
    published = events.list_events(admin_ctx, status="PUBLISHED")
    assert [e["title"] for e in published.items] == ["Lego workshop"]
    assert (published.items[0]["taken"], published.items[0]["waitlisted"]) == (2, 1)
    assert [e["title"] for e in events.list_events(admin_ctx, search="puppet").items] == ["Puppet theatre"]
    assert events.list_events(admin_ctx, search="%").total == 0


def test_attendee_list_orders_the_waiting_list_and_export_is_audited(admin_ctx):
    event = events.create_event(admin_ctx, FORM)
    register(event["id"], "Mila", guests=3)
    register(event["id"], "Luka", RegistrationStatus.WAITLISTED)
    register(event["id"], "=cmd", RegistrationStatus.WAITLISTED)
    data = events.attendees(admin_ctx, event["id"])
    assert [r["name"] for r in data["confirmed"]] == ["Mila"]
    assert [(r["name"], r["position"]) for r in data["waiting"]] == [("Luka", 1), ("=cmd", 2)]

    filename, text = events.export_attendees_csv(admin_ctx, event["id"])
    assert filename == "attendees-carobna-zurka.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["status"], r["name"]) for r in rows] == [
        ("CONFIRMED", "Mila"),
        ("WAITLISTED", "Luka"),
        ("WAITLISTED", "'=cmd"),  # never a live spreadsheet formula
    ]
    with session_scope() as session:
        entry = session.exec(sa.select(AuditLog).where(AuditLog.action == "EXPORT")).scalars().one()
    assert (entry.entity, entry.entity_id, entry.ip, entry.user_agent) == (
        "event",
        str(event["id"]),
        ADMIN_IP,
        ADMIN_UA,
    )
    assert "mila" not in str(entry.changes).lower()


Sent = namedtuple("Sent", "to subject")


def test_cancelling_an_event_emails_everyone_registered(admin_ctx, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "xplorium.services.mail.deliver",
        lambda key, to, subject, body, *_a, **_k: sent.append(Sent(to, subject)),
    )
    event = events.create_event(admin_ctx, FORM)
    events.change_status(admin_ctx, event["id"], "PUBLISHED")
    register(event["id"], "Mila")
    register(event["id"], "Luka", RegistrationStatus.WAITLISTED)
    register(event["id"], "Gone", RegistrationStatus.CANCELLED)
    events.change_status(admin_ctx, event["id"], "CANCELLED")
    worker.drain()
    assert sorted(m.to for m in sent) == ["luka@example.com", "mila@example.com"]
    assert all("Čarobna žurka" in m.subject for m in sent)


def test_every_change_is_audited_once_with_actor_ip_and_agent(admin_ctx, admin):
    event = events.create_event(admin_ctx, FORM)
    events.update_event(admin_ctx, event["id"], FORM | {"capacity": "10"})
    events.update_event(admin_ctx, event["id"], FORM | {"capacity": "10"})  # no change, no entry
    events.change_status(admin_ctx, event["id"], "PUBLISHED")
    with session_scope() as session:
        entries = session.exec(sa.select(AuditLog).order_by(AuditLog.id)).scalars().all()
    assert [e.action for e in entries] == ["CREATE", "UPDATE", "PUBLISH"]
    assert all((e.actor_id, e.ip, e.user_agent) == (admin.id, ADMIN_IP, ADMIN_UA) for e in entries)
    assert entries[1].changes == {"capacity": {"from": "3", "to": "10"}}


# ---------------------------------------------------------------- rooms


def places_left_in(slug: str, day: str, start: str, end: str) -> int:
    room = rooms.room_by_slug(slug)
    starts_at = datetime.combine(date.fromisoformat(day), time.fromisoformat(start))
    ends_at = datetime.combine(date.fromisoformat(day), time.fromisoformat(end))
    with session_scope() as session:
        return places.usage(session, [room["id"]], starts_at, ends_at).places_left(room, starts_at, ends_at)


def in_room(slug: str, mode: str = "PLACES", **changes) -> dict:
    return FORM | {"room_id": rooms.room_by_slug(slug)["id"], "hold_mode": mode} | changes


def test_a_published_event_holds_its_room_and_gives_it_back_when_cancelled(admin_ctx):
    event = events.create_event(admin_ctx, in_room("sensory_room", capacity="4"))
    assert (event["room"], event["hold_mode"]) == ("Sensory room", "PLACES")
    assert places_left_in("sensory_room", FORM["date"], "17:00", "19:00") == 6  # a draft holds nothing
    events.change_status(admin_ctx, event["id"], "PUBLISHED")
    assert places_left_in("sensory_room", FORM["date"], "17:00", "19:00") == 2
    assert places_left_in("sensory_room", FORM["date"], "19:00", "20:00") == 6
    events.change_status(admin_ctx, event["id"], "CANCELLED")
    assert places_left_in("sensory_room", FORM["date"], "17:00", "19:00") == 6


def test_publishing_into_a_taken_room_is_refused_and_the_event_stays_a_draft(admin_ctx):
    first = events.create_event(admin_ctx, in_room("sensory_room", "WHOLE", title="Light show"))
    events.change_status(admin_ctx, first["id"], "PUBLISHED")
    second = events.create_event(admin_ctx, in_room("sensory_room", start_time="18:00", end_time="20:00"))
    with pytest.raises(Conflict) as refused:
        events.change_status(admin_ctx, second["id"], "PUBLISHED")
    assert "Sensory room" in refused.value.message
    assert events.get_event(admin_ctx, second["id"])["status"] == "DRAFT"
    # Moving the published one onto the taken time is refused too, and nothing of the edit is kept.
    third = events.create_event(
        admin_ctx, in_room("sensory_room", "WHOLE", date=future(20), title="Other day")
    )
    events.change_status(admin_ctx, third["id"], "PUBLISHED")
    with pytest.raises(Conflict):
        events.update_event(admin_ctx, third["id"], in_room("sensory_room", "WHOLE", title="Moved"))
    assert events.get_event(admin_ctx, third["id"])["title"] == "Other day"


def test_a_booking_in_the_room_stops_a_whole_room_event(admin_ctx):
    insert_booking(
        day=date.fromisoformat(FORM["date"]), start="17:30", type=BookingType.SENSORY_ROOM, guests=2
    )
    event = events.create_event(admin_ctx, in_room("sensory_room", "WHOLE"))
    with pytest.raises(Conflict):
        events.change_status(admin_ctx, event["id"], "PUBLISHED")
    # Places still fit beside the booking.
    events.update_event(admin_ctx, event["id"], in_room("sensory_room", "PLACES", capacity="4"))
    assert events.change_status(admin_ctx, event["id"], "PUBLISHED")["status"] == "PUBLISHED"


def test_an_event_cannot_have_more_places_than_its_room_nor_an_unknown_room(admin_ctx):
    with pytest.raises(ValidationFailed) as too_big:
        events.create_event(admin_ctx, in_room("sensory_room", capacity="7"))
    assert "6 places" in too_big.value.fields["capacity"]
    with pytest.raises(ValidationFailed) as unknown:
        events.create_event(admin_ctx, FORM | {"room_id": 999999})
    assert set(unknown.value.fields) == {"room_id"}
    assert events.list_events(admin_ctx).total == 0


def test_an_event_has_an_english_title_and_description_beside_the_serbian_ones(admin_ctx):
    event = events.create_event(
        admin_ctx, FORM | {"title": "Pidžama žurka", "title_en": "Pyjama party", "description_en": "Games."}
    )
    assert (event["title"], event["title_en"], event["description_en"]) == (
        "Pidžama žurka",
        "Pyjama party",
        "Games.",
    )
    assert event["slug"] == "pidzama-zurka"  # the slug follows the Serbian title
    edited = events.update_event(admin_ctx, event["id"], FORM | {"title": "Pidžama žurka", "title_en": ""})
    assert edited["title_en"] == "" and edited["description_en"] == ""
