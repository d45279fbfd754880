"""The calendar's day by room: a column per room, its holds as blocks, its occupancy."""

import pytest

from tests.services.bookings.conftest import DAY, book
from tests.support.accounts import make_user
from xplorium.models.enums import Role
from xplorium.services.bookings import listing
from xplorium.services.context import RequestContext
from xplorium.services.errors import Forbidden


def column(day: dict, name: str) -> dict:
    return next(c for c in day["rooms"] if c["name"] == name)


def test_bookings_at_the_same_time_stand_side_by_side_and_the_occupancy_counts_places(catalog, admin_ctx):
    first = book(catalog, "Play session", "10:00", 10)
    second = book(catalog, "Play session", "11:00", 5, number=1)
    later = book(catalog, "Play session", "14:00", 3, number=2)
    day = listing.room_day(admin_ctx, DAY.isoformat())
    playroom = column(day, "Playroom")
    # A booking's block is labelled with its reference.
    blocks = {b["label"].rsplit(" · ", 1)[-1]: b for b in playroom["blocks"]}
    assert set(blocks) == {first["reference"], second["reference"], later["reference"]}
    assert all(b["booking_id"] > 0 for b in blocks.values())
    # The two that overlap share the column; the later one has it to itself.
    assert (blocks[first["reference"]]["left"], blocks[first["reference"]]["width"]) == ("0.0%", "50.0%")
    assert (blocks[second["reference"]]["left"], blocks[second["reference"]]["width"]) == ("50.0%", "50.0%")
    assert (blocks[later["reference"]]["left"], blocks[later["reference"]]["width"]) == ("0.0%", "100.0%")
    assert blocks[first["reference"]]["places_label"] == "10 places"
    assert (
        blocks[first["reference"]]["kind"] == "booking" and blocks[first["reference"]]["status"] == "PENDING"
    )
    # Saturday 10:00–22:00: 15 of 30 at 11:00, and 72 of 720 place-half-hours used.
    assert playroom["occupancy_label"] == "15 / 30 at the busiest · 10% of the day"
    assert column(day, "Cafe")["blocks"] == []
    assert day["today"] and day["prev"] < day["anchor"] < day["next"]


def test_parents_cannot_read_the_day_by_room(catalog):
    parent = make_user(Role.USER, email="mama@example.com", name="Mama")
    with pytest.raises(Forbidden):
        listing.room_day(RequestContext(actor_id=parent.id, actor_role=Role.USER), DAY.isoformat())
