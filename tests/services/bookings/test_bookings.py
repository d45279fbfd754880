"""The booking service against real PostgreSQL and Redis: quotes, validation, conflicts, ownership."""

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.bookings_data import PARENT, party_request
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import AuditLog, Booking, Notification, NotificationPreference, User, VenueSettings
from xplorium.models.enums import BookingStatus, NotificationKind, Role
from xplorium.services import accounts
from xplorium.services import catalog as catalog_service
from xplorium.services.bookings import availability, quotes, transitions, writing
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, NotFound, RateLimited, ValidationFailed


def active_bookings() -> list[Booking]:
    with session_scope() as session:
        return session.exec(
            select(Booking).where(Booking.status.in_(["PENDING", "APPROVED", "COMPLETED"]))
        ).all()


def count(model) -> int:
    with session_scope() as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


def test_quote_is_computed_from_published_pricing_for_each_unit(catalog):
    party = quotes.quote(
        {"type": "PARTY", "package_id": catalog.package_id("Classic party"), "guest_count": 12}
    )
    assert party["amount"] == "28800.00"
    assert party["label"] == "28,800 RSD"
    assert party["breakdown"] == "2,400 RSD per child × 12 guests"
    with use_locale("sr_Latn"):  # the count's word too, in Serbian's three plural forms
        for count, text in ((12, "12 gostiju"), (24, "24 gosta"), (21, "21 gost")):
            quoted = quotes.quote(
                {"type": "PARTY", "package_id": catalog.package_id("Classic party"), "guest_count": count}
            )
            assert quoted["breakdown"].endswith(f"po detetu × {text}"), quoted["breakdown"]

    hire = quotes.quote(
        {
            "type": "PLAYGROUND",
            "package_id": catalog.package_id("Private playroom hire"),
            "guest_count": 20,
            "duration_minutes": 150,
        }
    )
    assert hire["amount"] == "15000.00"  # 6,000 per hour × 2.5 h

    sensory = quotes.quote(
        {
            "type": "SENSORY_ROOM",
            "package_id": catalog.package_id("Sensory session"),
            "guest_count": 2,
            "duration_minutes": 90,
        }
    )
    assert sensory["amount"] == "3600.00"  # 1,200 × 2 people × 1.5 h

    table = quotes.quote(
        {"type": "CAFE", "package_id": catalog.package_id("Table reservation"), "guest_count": 4}
    )
    assert table["amount"] == "0.00"


def test_quote_refuses_a_package_of_another_category_or_a_draft(catalog):
    with session_scope() as session:
        draft_id = session.exec(
            select(sa.text("id")).select_from(sa.text("pricing_packages")).where(sa.text("status = 'DRAFT'"))
        ).one()
    for package_id in (catalog.package_id("Play session"), draft_id, "abc"):
        with pytest.raises(ValidationFailed) as error:
            quotes.quote({"type": "PARTY", "package_id": package_id, "guest_count": 10})
        assert "package_id" in error.value.fields


def test_a_price_sent_by_the_browser_is_ignored(catalog):
    summary = writing.create_booking(
        PARENT, party_request(catalog, price_quote="1.00", price="1", amount="1", currency="EUR")
    )
    [booking] = active_bookings()
    assert booking.reference == summary["reference"]
    assert booking.price_quote == Decimal("28800.00")  # 2,400 RSD × 12, the published price
    assert booking.currency == "RSD"
    assert summary["price_label"] == "28,800 RSD"


def test_a_new_price_is_quoted_once_the_package_changes_and_the_cache_is_invalidated(catalog):
    request = {"type": "PARTY", "package_id": catalog.package_id("Classic party"), "guest_count": 10}
    assert quotes.quote(request)["amount"] == "24000.00"
    with session_scope() as session:
        session.execute(
            sa.text("UPDATE pricing_packages SET amount = 2600 WHERE id = :id"),
            {"id": catalog.package_id("Classic party")},
        )
    assert quotes.quote(request)["amount"] == "24000.00"  # still cached
    catalog_service.invalidate_pricing()
    assert quotes.quote(request)["amount"] == "26000.00"


def test_booking_is_pending_tied_to_a_new_passwordless_customer_with_normalised_contact(catalog):
    summary = writing.create_booking(PARENT, party_request(catalog))
    assert summary["status"] == "PENDING"
    assert summary["reference"].startswith("XP-")
    with session_scope() as session:
        booking = session.exec(select(Booking)).one()
        customer = session.get(User, booking.user_id)
    assert booking.email == "jelena.petrovic@example.com"
    assert booking.phone == "+381641234567"
    assert booking.blocked_until - booking.ends_at == timedelta(minutes=45)
    assert booking.party_details == {
        "child_name": "Luka",
        "child_age": 6,
        "rooms": ["party_room", "playroom"],
        "food_and_drinks": "Pizza, juice and a chocolate cake",
    }
    assert customer.email == "jelena.petrovic@example.com"
    assert customer.password_hash is None
    assert customer.role == Role.USER
    assert customer.phone == "+381641234567"
    # Nothing personal is echoed back to the page.
    assert not {"email", "phone", "contact_name", "special_requests", "party_details"} & summary.keys()


def test_second_booking_with_same_email_reuses_the_customer_and_keeps_their_name(catalog):
    with session_scope() as session:
        session.add(User(email="jelena.petrovic@example.com", name="Jelena P."))
    writing.create_booking(PARENT, party_request(catalog, contact_name="Someone Else"))
    writing.create_booking(PARENT, party_request(catalog, time="18:00", contact_name="Another Name"))
    with session_scope() as session:
        customers = session.exec(select(User).where(User.role == Role.USER)).all()
        owners = set(session.exec(select(Booking.user_id)).all())
    assert [c.name for c in customers] == ["Jelena P."]
    assert owners == {customers[0].id}


def test_a_guest_booking_never_changes_or_joins_a_registered_account(catalog):
    """Issue 18, finding 2: a guest booking with a registered account's email filled that
    account's empty phone and name and appeared in its profile."""
    with session_scope() as session:
        session.add(User(email="jelena.petrovic@example.com", name="", phone=None, password_hash="x"))
    writing.create_booking(PARENT, party_request(catalog, contact_name="Someone Else"))
    with session_scope() as session:
        account = session.exec(select(User).where(User.email == "jelena.petrovic@example.com")).one()
        owner = session.exec(select(Booking.user_id)).one()
    assert (account.name, account.phone) == ("", None)
    assert owner is None
    assert accounts.booking_history(RequestContext(actor_id=account.id, actor_role="USER"))["items"] == []


def test_signed_in_parent_books_under_their_own_account(catalog):
    with session_scope() as session:
        user = User(email="mama@example.com", name="Mama", password_hash="x")
        session.add(user)
        session.flush()
        user_id = user.id
    ctx = RequestContext(actor_id=user_id, actor_role=Role.USER, ip="203.0.113.9")
    writing.create_booking(ctx, party_request(catalog, email="other@example.com"))
    assert accounts.booking_history(ctx)["items"][0].type == "PARTY"
    assert count(User) == 3  # two staff and the parent: no customer created for the other email


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"type": "SPACESHIP"}, "type", "Choose what you would like to book."),
        ({"type": "EVENT"}, "type", "Choose what you would like to book."),
        ({"date": "2020-01-01"}, "date", "That day has passed; choose another."),
        ({"date": "not a date"}, "date", "Choose a date."),
        ({"time": "14:10"}, "time", "Choose a start on the half hour"),
        ({"time": "09:00"}, "time", "Choose a start on the half hour between 10:00 and 22:00"),
        ({"time": "21:00"}, "time", "ending by closing time"),
        ({"guest_count": "4"}, "guest_count", "A party is for 5 to 50 guests."),
        ({"guest_count": "51"}, "guest_count", "A party is for 5 to 50 guests."),
        ({"guest_count": "many"}, "guest_count", "A party is for 5 to 50 guests."),
        ({"duration_minutes": "45"}, "duration_minutes", "Choose one of"),
        ({"contact_name": "  "}, "contact_name", "Enter your name."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "Email is required."),
        ({"phone": "12"}, "phone", "Enter a valid phone number"),
        ({"phone": "'; DROP TABLE bookings; --"}, "phone", "Enter a valid phone number"),
        ({"child_name": ""}, "child_name", "Enter the birthday child's name."),
        ({"child_age": "0"}, "child_age", "Enter an age from 1 to 18."),
        ({"child_age": "19"}, "child_age", "Enter an age from 1 to 18."),
        (
            {"rooms": ["party_room", "roof"]},
            "rooms",
            "One of those rooms cannot be added; choose from the list.",
        ),
        ({"rooms": "playroom"}, "rooms", "Choose the extra rooms from the list."),
        ({"rooms": [7]}, "rooms", "Choose the extra rooms from the list."),
        ({"package_id": ""}, "package_id", "Choose a package."),
    ],
)
def test_invalid_input_is_reported_beside_its_field_and_writes_nothing(catalog, overrides, field, message):
    with pytest.raises(ValidationFailed) as error:
        writing.create_booking(PARENT, party_request(catalog, **overrides))
    assert message in error.value.fields[field]
    assert count(Booking) == 0
    assert count(User) == 2  # only the staff
    assert count(AuditLog) == 0


def test_date_beyond_the_horizon_and_a_closed_day_are_refused(catalog):
    with session_scope() as session:
        settings_row = session.get(VenueSettings, 1)
        settings_row.opening_hours = {**settings_row.opening_hours, "5": None}
        session.add(settings_row)
    catalog_service.invalidate_settings()
    with pytest.raises(ValidationFailed) as error:
        writing.create_booking(PARENT, party_request(catalog))
    assert error.value.fields["date"] == "We are closed on this day; choose another."
    far = (next_weekday(0) + timedelta(days=400)).isoformat()
    with pytest.raises(ValidationFailed) as error:
        writing.create_booking(PARENT, party_request(catalog, date=far))
    assert "365 days ahead" in error.value.fields["date"]


def test_non_party_guests_are_1_to_100_and_need_no_party_details(catalog):
    data = party_request(
        catalog, type="PLAYGROUND", package_id=catalog.package_id("Play session"), guest_count="1"
    )
    for key in ("child_name", "child_age", "rooms", "food_and_drinks"):
        data.pop(key)
    summary = writing.create_booking(PARENT, data)
    assert summary["price_label"] == "700 RSD"
    with pytest.raises(ValidationFailed) as error:
        writing.create_booking(PARENT, dict(data, guest_count="101", time="17:00"))
    assert error.value.fields["guest_count"] == "A booking is for 1 to 100 guests."
    with session_scope() as session:
        assert session.exec(select(Booking.party_details)).one() is None


def test_overlap_counts_the_buffer_and_offers_the_next_three_free_times(catalog):
    writing.create_booking(PARENT, party_request(catalog, time="14:00"))  # blocks 14:00–16:45
    # 16:30 would start inside the buffer; 12:00–14:00 + 45 min would run into 14:00.
    for start in ("16:30", "12:00", "15:00"):
        with pytest.raises(Conflict) as error:
            writing.create_booking(
                RequestContext(ip="203.0.113.8"),
                party_request(catalog, time=start, email=f"other{start[:2]}@example.com"),
            )
        assert error.value.message == "That time is already taken."
    alternatives = error.value.details["alternatives"]
    day = next_weekday(5).isoformat()
    assert [(a["date"], a["time"]) for a in alternatives] == [(day, "17:00"), (day, "17:30"), (day, "18:00")]
    assert alternatives[0]["label"].endswith("17:00")
    # A start after the buffer is free; a different type never conflicts.
    writing.create_booking(PARENT, party_request(catalog, time="17:00"))
    writing.create_booking(
        PARENT,
        {
            **party_request(catalog, type="CAFE", package_id=catalog.package_id("Table reservation")),
            "guest_count": "4",
        },
    )
    assert len(active_bookings()) == 3


def test_the_ledger_is_the_last_line_and_answers_the_same(catalog, monkeypatch):
    writing.create_booking(PARENT, party_request(catalog, time="14:00"))
    # A writer that skipped the check (as if outside this service): the database still refuses.
    monkeypatch.setattr(availability.Offer, "fits", lambda *args, **kwargs: True)
    with pytest.raises(Conflict) as error:
        writing.create_booking(PARENT, party_request(catalog, time="15:00", email="late@example.com"))
    assert error.value.message == "That time is already taken."
    assert len(error.value.details["alternatives"]) == 3
    assert len(active_bookings()) == 1
    with session_scope() as session:
        assert session.exec(select(User).where(User.email == "late@example.com")).first() is None


def test_rate_limit_per_email_and_per_ip_from_settings_refuses_without_writing(catalog):
    with session_scope() as session:
        row = session.get(VenueSettings, 1)
        row.booking_rate_limit = 2
        session.add(row)
    catalog_service.invalidate_settings()
    for start in ("10:00", "13:00"):
        writing.create_booking(PARENT, party_request(catalog, time=start))
    with pytest.raises(RateLimited) as error:
        writing.create_booking(PARENT, party_request(catalog, time="17:00"))
    assert "try again in" in error.value.message
    # Another email from the same address is refused too: the IP has used its two.
    with pytest.raises(RateLimited):
        writing.create_booking(PARENT, party_request(catalog, time="17:00", email="new@example.com"))
    # The same email from another IP is still over its own limit.
    with pytest.raises(RateLimited):
        writing.create_booking(RequestContext(ip="198.51.100.1"), party_request(catalog, time="17:00"))
    assert count(Booking) == 2
    with session_scope() as session:
        assert session.exec(select(User).where(User.email == "new@example.com")).first() is None


def test_staff_are_notified_of_a_new_booking_as_their_preferences_say(catalog, smtp_sink):
    smtp_sink.clear()
    desk, owner = catalog.admin_ids
    with session_scope() as session:
        session.add(NotificationPreference(user_id=desk, kind=NotificationKind.NEW_BOOKING, in_app=False))
        session.add(
            NotificationPreference(user_id=owner, kind=NotificationKind.NEW_BOOKING, in_app=True, email=True)
        )
    summary = writing.create_booking(PARENT, party_request(catalog))
    with session_scope() as session:
        notes = session.exec(select(Notification)).all()
    assert [(n.user_id, n.kind) for n in notes] == [(owner, NotificationKind.NEW_BOOKING)]
    assert summary["reference"] in notes[0].title
    # Staff texts name the booking, never the parent.
    assert "Jelena" not in notes[0].title + notes[0].body
    staff_mail = smtp_sink.wait_for("owner@xplorium.rs", summary["reference"])
    assert "jelena" not in staff_mail.body.lower()
    parent_mail = smtp_sink.wait_for("jelena.petrovic@example.com", summary["reference"])
    assert "Reference: " + summary["reference"] in parent_mail.body
    assert smtp_sink.to("desk@xplorium.rs") == []


def test_audit_entry_holds_no_personal_data(catalog):
    summary = writing.create_booking(PARENT, party_request(catalog))
    with session_scope() as session:
        entry = session.exec(select(AuditLog)).one()
    assert (entry.action, entry.entity) == ("CREATE", "booking")
    assert entry.changes["reference"] == summary["reference"]
    text = str(entry.changes).lower()
    for secret in ("jelena", "example.com", "381641234567", "nuts", "luka"):
        assert secret not in text


def test_availability_shows_free_starts_and_places_only(catalog):
    writing.create_booking(PARENT, party_request(catalog, time="14:00"))
    day = next_weekday(5).isoformat()
    answer = availability.availability("PARTY", catalog.package_id("Classic party"), day, 120, 10)
    assert answer["open"] and (answer["opening"], answer["closing"]) == ("10:00", "22:00")
    assert answer["room"] == "Party room" and answer["whole"] is True
    assert {s["time"]: s["label"] for s in answer["slots"]}["14:00"] == "Taken"
    assert answer["free_starts"][:3] == ["10:00", "10:30", "11:00"]
    for blocked in ("11:30", "12:00", "14:00", "16:30"):
        assert blocked not in answer["free_starts"]
    assert "17:00" in answer["free_starts"]
    assert answer["free_starts"][-1] == "20:00"  # 2 hours must end by 22:00
    text = str(answer).lower()
    for secret in ("jelena", "example", "381", "nuts", "luka", "pizza"):
        assert secret not in text
    # Another room's day is untouched by this booking.
    cafe = availability.availability("CAFE", catalog.package_id("Table reservation"), day, 120, 4)
    assert {s["label"] for s in cafe["slots"]} == {"40 places left"}


def test_availability_of_a_closed_or_past_day(catalog):
    package = catalog.package_id("Classic party")
    assert availability.availability("PARTY", package, "2020-01-04", 120)["message"] == "That day has passed."
    with pytest.raises(ValidationFailed):
        availability.availability("PARTY", package, "someday", 120)


def test_parent_lists_and_cancels_own_future_booking_only(catalog, smtp_sink):
    smtp_sink.clear()
    summary = writing.create_booking(PARENT, party_request(catalog))
    with session_scope() as session:
        owner_id = session.exec(select(Booking.user_id)).one()
        stranger = User(email="stranger@example.com", password_hash="x")
        session.add(stranger)
        session.flush()
        stranger_id = stranger.id
    listed = accounts.booking_history(RequestContext(actor_id=owner_id, actor_role="USER"))["items"]
    assert [b.reference for b in listed] == [summary["reference"]]
    assert listed[0].can_cancel is True
    assert accounts.booking_history(RequestContext(actor_id=stranger_id, actor_role="USER"))["items"] == []

    with pytest.raises(NotFound):
        transitions.cancel_own_booking(
            RequestContext(actor_id=stranger_id, actor_role="USER"), summary["reference"]
        )
    ctx = RequestContext(actor_id=owner_id, actor_role="USER", ip="203.0.113.7")
    cancelled = transitions.cancel_own_booking(ctx, summary["reference"].lower())
    assert cancelled["status"] == "CANCELLED" and cancelled["can_cancel"] is False
    assert accounts.booking_history(ctx)["items"][0].can_cancel is False
    with pytest.raises(Conflict):
        transitions.cancel_own_booking(ctx, summary["reference"])
    with session_scope() as session:
        actions = session.exec(select(AuditLog.action, AuditLog.actor_id).order_by(AuditLog.id)).all()
        kinds = session.exec(select(Notification.kind)).all()
    assert actions[-1] == ("CANCEL", owner_id)
    assert kinds.count(NotificationKind.BOOKING_CANCELLED) == 2  # both staff members
    smtp_sink.wait_for("jelena.petrovic@example.com", "is cancelled")
    # The slot is free again.
    package = catalog.package_id("Classic party")
    assert "14:00" in availability.availability("PARTY", package, summary["date"], 120)["free_starts"]


def test_past_or_decided_bookings_cannot_be_cancelled_by_the_parent(catalog):
    summary = writing.create_booking(PARENT, party_request(catalog))
    with session_scope() as session:
        booking = session.exec(select(Booking)).one()
        owner_id = booking.user_id
        booking.status = BookingStatus.REJECTED
        booking.reject_reason = "Fully booked by a school"
        session.add(booking)
    ctx = RequestContext(actor_id=owner_id, actor_role="USER")
    with pytest.raises(Conflict) as error:
        transitions.cancel_own_booking(ctx, summary["reference"])
    assert "declined" in error.value.message
    with session_scope() as session:
        session.execute(
            sa.text(
                "UPDATE bookings SET status='APPROVED', date=date - 30, starts_at=starts_at - interval '30 days',"
                " ends_at=ends_at - interval '30 days', blocked_until=blocked_until - interval '30 days'"
            )
        )
    with pytest.raises(Conflict) as error:
        transitions.cancel_own_booking(ctx, summary["reference"])
    assert "already started" in error.value.message
    with pytest.raises(Exception) as error:
        transitions.cancel_own_booking(RequestContext(), summary["reference"])
    assert error.value.code == "unauthenticated"
