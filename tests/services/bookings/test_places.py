"""Bookings hold the venue's rooms, whole or by places, and no room ever holds more than it has.

The first three tests are the defects of the per-type rule that rooms replace (issue 11).
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.services.bookings.conftest import DAY, book, ctx, request
from tests.support.checks import ledger_problems
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import Booking, Event, Room
from xplorium.models.enums import BookingStatus, EventStatus, HoldKind, HoldMode
from xplorium.services import events, rooms
from xplorium.services.bookings import availability, places, transitions, writing
from xplorium.services.errors import Conflict, ValidationFailed


def slot_labels(catalog, package: str, guests: int, **extra) -> dict[str, str]:
    from tests.services.bookings.conftest import _type_of

    answer = availability.availability(
        _type_of(package), catalog.package_id(package), DAY.isoformat(), 120, guests, extra.get("rooms")
    )
    return {s["time"]: s["label"] for s in answer["slots"]}


def active_count() -> int:
    with session_scope() as session:
        return len(session.exec(select(Booking).where(Booking.status == BookingStatus.PENDING)).all())


def test_a_playroom_visit_of_ten_leaves_the_other_places_to_other_families(catalog):
    book(catalog, "Play session", "10:00", 10)
    assert slot_labels(catalog, "Play session", 5)["10:00"] == "20 places left"
    book(catalog, "Play session", "10:00", 5, number=1)
    labels = slot_labels(catalog, "Play session", 2)
    assert labels["10:00"] == "15 places left"
    assert labels["12:00"] == "30 places left"  # a visit holds no cleanup buffer


def test_a_party_with_the_playroom_and_a_private_hire_of_it_cannot_overlap(catalog):
    book(catalog, "Classic party", "15:00", 12, minutes=150, rooms=["playroom"])
    with pytest.raises(Conflict) as refused:
        book(catalog, "Private playroom hire", "15:30", 20, number=1)
    assert refused.value.message == writing.TAKEN_MESSAGE
    assert refused.value.details["alternatives"]
    # Its playroom's cleanup buffer runs to 18:15: the hire fits from 18:30.
    book(catalog, "Private playroom hire", "18:30", 20, number=2)
    assert active_count() == 2


def test_a_private_hire_stops_a_party_from_adding_that_room(catalog):
    book(catalog, "Private playroom hire", "10:00", 20)
    with pytest.raises(Conflict):
        book(catalog, "Classic party", "11:00", 12, rooms=["playroom"], number=1)
    # The same party without the playroom holds only its own room.
    book(catalog, "Classic party", "11:00", 12, number=2)


def test_a_party_holding_two_rooms_conflicts_with_a_private_hire_of_either(catalog):
    book(catalog, "Classic party", "14:00", 12, rooms=["playroom", "sensory_room"])
    for package in ("Private playroom hire", "Sensory party"):
        with pytest.raises(Conflict):
            book(catalog, package, "15:00", 8, number=3)
    with pytest.raises(Conflict):
        book(catalog, "Sensory session", "14:30", 1, number=4)


def test_a_cafe_table_leaves_the_rest_of_the_cafe_to_others(catalog):
    book(catalog, "Table reservation", "12:00", 4)
    book(catalog, "Table reservation", "12:00", 6, number=1)
    assert slot_labels(catalog, "Table reservation", 2)["12:00"] == "30 places left"


def _event_in(room_slug: str, mode: HoldMode, capacity: int) -> int:
    with session_scope() as session:
        room = session.exec(select(Room).where(Room.slug == room_slug)).one()
        event = Event(
            slug="sensory-morning",
            title="Sensory morning",
            date=DAY,
            start_time=time(11, 0),
            end_time=time(13, 0),
            capacity=capacity,
            room_id=room.id,
            hold_mode=mode,
        )
        session.add(event)
        session.flush()
        return event.id


def test_a_published_event_in_the_sensory_room_holds_it(catalog, admin_ctx):
    event_id = _event_in("sensory_room", HoldMode.WHOLE, 6)
    book(catalog, "Sensory session", "11:00", 2)  # a draft event holds nothing
    with pytest.raises(Conflict) as refused:
        events.change_status(admin_ctx, event_id, EventStatus.PUBLISHED.value)
    assert "Sensory room" in refused.value.message
    with session_scope() as session:
        booking_id = session.exec(select(Booking.id)).one()
    transitions.cancel(admin_ctx, booking_id, "Moved to another day")
    events.change_status(admin_ctx, event_id, EventStatus.PUBLISHED.value)
    with pytest.raises(Conflict):
        book(catalog, "Sensory session", "12:00", 1, number=1)
    assert slot_labels(catalog, "Sensory session", 1)["10:00"] == "Full"  # 10:00–12:00 meets the event
    # Cancelling the event gives the room back.
    events.change_status(admin_ctx, event_id, EventStatus.CANCELLED.value)
    book(catalog, "Sensory session", "12:00", 1, number=2)


def test_an_event_holding_places_leaves_the_rest_and_cannot_outgrow_its_room(catalog, admin_ctx):
    event_id = _event_in("sensory_room", HoldMode.PLACES, 4)
    events.change_status(admin_ctx, event_id, EventStatus.PUBLISHED.value)
    assert slot_labels(catalog, "Sensory session", 1)["11:00"] == "2 places left"
    current = events.get_event(admin_ctx, event_id)
    with pytest.raises(ValidationFailed) as refused:
        events.update_event(admin_ctx, event_id, {**current, "capacity": 7})
    assert "6 places" in refused.value.fields["capacity"]


def test_a_closure_blocks_new_bookings_and_is_refused_over_existing_ones(catalog, admin_ctx):
    playroom = rooms.room_by_slug("playroom")
    existing = book(catalog, "Play session", "10:00", 3)
    with pytest.raises(Conflict) as refused:
        rooms.close_room(admin_ctx, playroom["id"], {"starts_on": DAY.isoformat(), "reason": "Repairs"})
    assert existing["reference"] in refused.value.message
    next_day = DAY + timedelta(days=7)
    rooms.close_room(admin_ctx, playroom["id"], {"starts_on": next_day.isoformat(), "reason": "Repairs"})
    with pytest.raises(Conflict):
        book(catalog, "Play session", "10:00", 2, day=next_day, number=1)
    answer = availability.availability(
        "PLAYGROUND", catalog.package_id("Play session"), next_day.isoformat(), 120, 2
    )
    assert "closed" in answer["message"] and "Repairs" in answer["message"]
    assert answer["free_starts"] == []


def test_cancel_and_reject_give_the_places_back(catalog, admin_ctx):
    first = book(catalog, "Play session", "10:00", 20)
    second = book(catalog, "Play session", "10:00", 10, number=1)
    assert slot_labels(catalog, "Play session", 1)["10:00"] == "Full"
    with session_scope() as session:
        ids = dict(session.exec(select(Booking.reference, Booking.id)).all())
    transitions.reject(admin_ctx, ids[second["reference"]], "The group is too large for today.")
    assert slot_labels(catalog, "Play session", 1)["10:00"] == "10 places left"
    transitions.cancel(admin_ctx, ids[first["reference"]])
    assert slot_labels(catalog, "Play session", 1)["10:00"] == "30 places left"
    with session_scope() as session:
        assert ledger_problems(session) == []


def test_shrinking_a_room_below_what_is_booked_is_refused(catalog, admin_ctx):
    book(catalog, "Play session", "10:00", 25)
    playroom = rooms.room_by_slug("playroom")
    with pytest.raises(ValidationFailed) as refused:
        rooms.save_room(admin_ctx, {**playroom, "capacity": 20}, playroom["id"])
    assert "already booked" in refused.value.fields["capacity"]
    rooms.save_room(admin_ctx, {**playroom, "capacity": 26}, playroom["id"])
    assert slot_labels(catalog, "Play session", 1)["10:00"] == "1 place left"


def _race(submissions) -> list[tuple[str, object]]:
    barrier = threading.Barrier(len(submissions))

    def submit(item):
        number, data = item
        barrier.wait()
        try:
            # A new thread starts in the default locale; these parents book in English.
            with use_locale("en"):
                return "booked", writing.create_booking(ctx(number), data)
        except Conflict as error:
            return "refused", error
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test
            return "error", error

    with ThreadPoolExecutor(max_workers=len(submissions)) as pool:
        return list(pool.map(submit, list(enumerate(submissions, start=10))))


def test_two_hundred_parents_racing_for_the_last_three_places_get_three_and_clear_answers(catalog):
    book(catalog, "Play session", "10:00", 27)
    outcomes = _race([request(catalog, "Play session", "10:00", 1) for _ in range(200)])
    assert [v for k, v in outcomes if k == "error"] == []
    refused = [v for k, v in outcomes if k == "refused"]
    assert len([k for k, _ in outcomes if k == "booked"]) == 3
    assert len(refused) == 197
    for answer in refused:
        assert answer.message == writing.FULL_MESSAGE
        assert answer.details["waitlist"] is True
        assert [a["time"] for a in answer.details["alternatives"]] == ["12:00", "12:30", "13:00"]
    with session_scope() as session:
        assert ledger_problems(session) == []
        sold = session.execute(sa.text("SELECT max(places) FROM room_slots")).scalar_one()
    assert sold == 30


def test_a_whole_room_hire_racing_place_bookings_never_shares_the_room(catalog):
    submissions = [request(catalog, "Private playroom hire", "10:00", 20)]
    submissions += [request(catalog, "Play session", "11:00", 2) for _ in range(20)]
    outcomes = _race(submissions)
    assert [v for k, v in outcomes if k == "error"] == []
    hire_booked = outcomes[0][0] == "booked"
    places_booked = sum(1 for k, _ in outcomes[1:] if k == "booked")
    assert hire_booked != (places_booked > 0), outcomes[0]
    with session_scope() as session:
        assert ledger_problems(session) == []


def test_postgresql_refuses_an_overbooking_written_in_plain_sql(catalog, engine):
    book(catalog, "Sensory session", "10:00", 6)
    room = rooms.room_by_slug("sensory_room")
    with pytest.raises(sa.exc.IntegrityError, match="within_capacity"), engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE room_slots SET places = places + 1 WHERE room_id = :room"), {"room": room["id"]}
        )
    with pytest.raises(sa.exc.IntegrityError, match="within_capacity"), engine.begin() as conn:
        conn.execute(sa.text("UPDATE room_holds SET places = places + 1"))
    # A ledger row cannot claim a capacity the room does not have.
    with pytest.raises(sa.exc.IntegrityError, match="fk_room_slots_room_capacity"), engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO room_slots (room_id, slot, places, exclusive, capacity) VALUES (:room, 1, 50, 0, 60)"
            ),
            {"room": room["id"]},
        )


def test_deleting_a_booking_gives_its_places_back(catalog, engine):
    book(catalog, "Play session", "10:00", 30)
    assert slot_labels(catalog, "Play session", 1)["10:00"] == "Full"
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM bookings"))
    assert slot_labels(catalog, "Play session", 1)["10:00"] == "30 places left"
    with session_scope() as session:
        assert ledger_problems(session) == []


def test_holds_added_if_free_are_written_only_where_they_fit(catalog):
    booked = book(catalog, "Play session", "10:00", 10)
    playroom = rooms.room_by_slug("playroom")
    starts_at = datetime.combine(DAY, time(10, 0))
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == booked["reference"])).one()

        def hold(guests: int) -> places.Hold:
            return places.hold_in(playroom, starts_at, starts_at + timedelta(hours=1), guests, False)

        assert not places.add_if_free(session, [hold(playroom["capacity"])], HoldKind.BOOKING, booking.id)
        assert places.usage(session, [playroom["id"]], starts_at, starts_at + timedelta(hours=1)).fits(
            hold(playroom["capacity"] - 10), playroom
        )
        assert places.add_if_free(session, [hold(5)], HoldKind.BOOKING, booking.id)
        session.rollback()
