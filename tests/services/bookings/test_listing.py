"""The bookings list: filters, search, sorting, pagination metadata at the edges, calendar."""

from datetime import timedelta

import pytest

from tests.support.board_staff import admin_ctx_fixture, admin_fixture, parent_ctx_fixture, parent_fixture  # noqa: F401 - fixtures
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.queries import count_queries
from xplorium import formatting
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services.bookings import listing, transitions
from xplorium.services.errors import Forbidden, ValidationFailed

S = BookingStatus


def refs(page) -> list[str]:
    return [row["reference"] for row in page.items]


def test_pagination_metadata_when_nothing_matches(admin_ctx):
    page = listing.list_bookings(admin_ctx, {}, page=1, page_size=5)
    assert (page.items, page.total, page.page, page.page_count, page.has_more) == ([], 0, 1, 1, False)
    # Asking for page 3 of nothing is still the one empty page.
    page = listing.list_bookings(admin_ctx, {}, page=3, page_size=5)
    assert (page.total, page.page, page.page_count, page.has_more) == (0, 1, 1, False)


def test_pagination_metadata_on_a_single_page(admin_ctx):
    for hour in (10, 13, 16):
        insert_booking(start=f"{hour}:00", minutes=60, buffer_minutes=0)
    page = listing.list_bookings(admin_ctx, {}, page=1, page_size=5)
    assert (len(page.items), page.total, page.page, page.page_count, page.has_more) == (3, 3, 1, 1, False)
    exactly_full = listing.list_bookings(admin_ctx, {}, page=1, page_size=3)
    assert (exactly_full.page_count, exactly_full.has_more) == (1, False)


def test_pagination_metadata_on_first_middle_and_last_page(admin_ctx):
    made = [insert_booking(day=day_ahead(3 + i), start="10:00") for i in range(11)]
    first = listing.list_bookings(admin_ctx, {}, page=1, page_size=4)
    middle = listing.list_bookings(admin_ctx, {}, page=2, page_size=4)
    last = listing.list_bookings(admin_ctx, {}, page=3, page_size=4)
    assert (first.total, first.page, first.page_count, first.has_more) == (11, 1, 3, True)
    assert (middle.page, middle.has_more) == (2, True)
    assert (len(last.items), last.page, last.page_count, last.has_more) == (3, 3, 3, False)
    # Every booking exactly once across the pages, in date order.
    assert refs(first) + refs(middle) + refs(last) == [b.reference for b in made]
    # Past the end: the last page, not an empty screen.
    beyond = listing.list_bookings(admin_ctx, {}, page=99, page_size=4)
    assert (beyond.page, refs(beyond), beyond.has_more) == (3, refs(last), False)
    # Garbage page numbers from a browser fall back to page 1.
    assert listing.list_bookings(admin_ctx, {}, page="x", page_size=4).page == 1


def test_filters_by_status_type_and_dates(admin_ctx):
    a = insert_booking(day=day_ahead(2), status=S.PENDING, type=BookingType.PARTY)
    b = insert_booking(day=day_ahead(4), status=S.APPROVED, type=BookingType.CAFE)
    c = insert_booking(day=day_ahead(6), status=S.CANCELLED, type=BookingType.PARTY)
    d = insert_booking(day=day_ahead(8), status=S.PENDING, type=BookingType.SENSORY_ROOM)

    def find(**filters):
        return refs(listing.list_bookings(admin_ctx, filters))

    assert find(status="PENDING") == [a.reference, d.reference]
    assert find(status="PENDING,CANCELLED") == [a.reference, c.reference, d.reference]
    assert find(type="PARTY") == [a.reference, c.reference]
    assert find(type="ALL", status="ALL") == [x.reference for x in (a, b, c, d)]
    assert find(date_from=day_ahead(4).isoformat(), date_to=day_ahead(6).isoformat()) == [
        b.reference,
        c.reference,
    ]
    assert find(date_from=day_ahead(5).isoformat()) == [c.reference, d.reference]
    assert find(status="PENDING", type="SENSORY_ROOM", date_to=day_ahead(30).isoformat()) == [d.reference]


def test_search_by_name_email_phone_and_reference(admin_ctx):
    jelena = insert_booking(name="Jelena Petrović", email="jelena@example.com", phone="+381641234567")
    marko = insert_booking(start="15:00", name="Marko Marković", email="mm@firma.rs", phone="+381601112233")

    def search(text):
        return refs(listing.list_bookings(admin_ctx, {"q": text}))

    assert search("petrov") == [jelena.reference]
    assert search("FIRMA.RS") == [marko.reference]
    assert search(marko.reference.lower()) == [marko.reference]
    # Phones as people type them: local format, spaces.
    assert search("064 123 4567") == [jelena.reference]
    assert search("060 111") == [marko.reference]
    assert search("%") == []
    assert search("_") == []
    assert search("nobody") == []


def test_sorting(admin_ctx):
    early = insert_booking(day=day_ahead(2), name="Zoran", price="1000", status=S.APPROVED)
    late = insert_booking(day=day_ahead(9), name="Ana", price="5000", status=S.PENDING)
    mid = insert_booking(day=day_ahead(5), name="Milan", price="3000", status=S.REJECTED)

    def order(sort, direction="asc"):
        return refs(listing.list_bookings(admin_ctx, {"sort": sort, "dir": direction}))

    assert order("starts_at") == [early.reference, mid.reference, late.reference]
    assert order("starts_at", "desc") == [late.reference, mid.reference, early.reference]
    assert order("contact_name") == [late.reference, mid.reference, early.reference]
    assert order("price", "desc") == [late.reference, mid.reference, early.reference]
    assert order("status") == [early.reference, late.reference, mid.reference]


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"status": "MAYBE"}, "status"),
        ({"type": "SPA"}, "type"),
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_from": "2026-05-10", "date_to": "2026-05-01"}, "date_to"),
        ({"sort": "password_hash"}, "sort"),
        ({"dir": "sideways"}, "dir"),
    ],
)
def test_bad_filters_are_named(admin_ctx, filters, field):
    with pytest.raises(ValidationFailed) as refused:
        listing.list_bookings(admin_ctx, filters)
    assert field in refused.value.fields


def test_list_is_for_staff_only(parent_ctx):
    with pytest.raises(Forbidden):
        listing.list_bookings(parent_ctx, {})


def test_list_page_costs_three_queries_whatever_its_size(admin_ctx, engine):
    for i in range(30):
        insert_booking(day=day_ahead(2 + i), start="10:00")
    with count_queries(engine) as statements:
        page = listing.list_bookings(admin_ctx, {"status": "PENDING"}, page=2, page_size=20)
    assert len(page.items) == 10
    # The count, the page, and the rooms the page's bookings hold.
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 3, statements


def test_detail_has_parent_party_price_payment_notes_and_history(admin_ctx, parent):
    booking = insert_booking(
        name="Jelena Petrović",
        email="jelena@example.com",
        phone="+381641234567",
        special_requests="Nut allergy",
        admin_notes="Deposit agreed by phone",
        user_id=parent.id,
    )
    transitions.approve(admin_ctx, booking.id)
    detail = listing.booking_detail(admin_ctx, booking.id)
    assert detail["contact_name"] == "Jelena Petrović"
    assert detail["email"] == "jelena@example.com" and detail["phone"] == "+381641234567"
    assert detail["is_party"] and detail["party"]["child_name"].startswith("Child")
    assert detail["party"]["rooms"] == "Party room"
    assert detail["price_label"] == "24,000 RSD" and detail["paid"] is False
    assert detail["admin_notes"] == "Deposit agreed by phone"
    assert detail["special_requests"] == "Nut allergy"
    assert detail["customer"]["email"] == parent.email and detail["customer"]["account"] is True
    assert [h["action"] for h in detail["history"]] == ["APPROVE"]
    assert detail["actions"] == ["cancel", "complete", "mark_paid"]


def test_calendar_views(admin_ctx):
    # A Wednesday, so the next day is in the same week whatever today is.
    anchor = day_ahead(20)
    anchor -= timedelta(days=anchor.weekday() - 2)
    inside = insert_booking(day=anchor, start="11:00")
    other_day = insert_booking(day=anchor + timedelta(days=1), start="11:00")
    insert_booking(day=anchor, start="15:00", status=S.REJECTED)

    day = listing.calendar(admin_ctx, "day", anchor.isoformat())
    assert [d["iso"] for d in day["days"]] == [anchor.isoformat()]
    assert [i["reference"] for i in day["days"][0]["items"]] == [inside.reference]

    week = listing.calendar(admin_ctx, "week", anchor.isoformat())
    assert len(week["days"]) == 7 and week["days"][0]["weekday"] == "Mon"
    found = {i["reference"] for d in week["days"] for i in d["items"]}
    assert found == {inside.reference, other_day.reference}

    month = listing.calendar(admin_ctx, "month", anchor.isoformat())
    assert len(month["days"]) % 7 == 0 and all(len(w) == 7 for w in month["weeks"])
    assert month["days"][0]["weekday"] == "Mon" and month["title"] == formatting.month_year(anchor)
    cell = next(d for d in month["days"] if d["iso"] == anchor.isoformat())
    assert [i["reference"] for i in cell["items"]] == [inside.reference]
    rejected = listing.calendar(admin_ctx, "day", anchor.isoformat(), {"status": "REJECTED"})
    assert rejected["total"] == 1

    with pytest.raises(ValidationFailed):
        listing.calendar(admin_ctx, "year", anchor.isoformat())
    assert listing.calendar(admin_ctx, "month", "2026-12-15")["next"] == "2027-01-01"


def test_the_panel_shows_the_rooms_a_booking_holds(admin_ctx):
    from xplorium.state.backoffice.bookings import _detail

    booking = insert_booking(type=BookingType.PARTY)
    detail = _detail(listing.booking_detail(admin_ctx, booking.id))
    assert (detail.reference, detail.rooms) == (booking.reference, "Party room")
