"""The booking's two ways of writing (issue 8) leave the same rows behind.

On PostgreSQL, `create_booking` writes the customer, the booking, its audit entry and the
staff's notifications with ONE statement; elsewhere (SQLite, development) one statement
each. Both run here on PostgreSQL, for a new guest, a returning customer and a signed-in
parent, with staff who want the notification in-app, by email, or not at all, and what
each wrote is compared field by field.
"""

import pytest
from sqlmodel import select

from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import AuditLog, Booking, Notification, NotificationPreference, User
from xplorium.models.enums import NotificationKind, Role
from xplorium.services import audit
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext

GUEST = RequestContext(ip="203.0.113.70", user_agent="pytest")
# Everything that differs between two equal bookings made a moment apart.
VOLATILE = {
    "id",
    "reference",
    "created_at",
    "updated_at",
    "date",
    "start_time",
    "starts_at",
    "ends_at",
    "blocked_until",
}


def request(catalog, day, start: str, **overrides) -> dict:
    data = {
        "type": "PARTY",
        "package_id": catalog.package_id("Classic party"),
        "date": day.isoformat(),
        "time": start,
        "duration_minutes": "120",
        "guest_count": "12",
        "contact_name": "Milica Jovanović",
        "email": "milica@example.com",
        "phone": "064 765 4321",
        "special_requests": "Gluten-free cake, please.",
        "child_name": "Sara",
        "child_age": "7",
        "rooms": ["party_room"],
        "food_and_drinks": "Pizza",
    }
    data.update(overrides)
    return data


def written(reference: str) -> dict:
    """Everything one booking wrote, minus ids and times, for comparison."""
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
        customer = session.get(User, booking.user_id)
        entries = session.exec(
            select(AuditLog).where(AuditLog.entity == "booking", AuditLog.entity_id == str(booking.id))
        ).all()
        notes = session.exec(
            select(Notification)
            .where(Notification.title == f"New booking {reference}")
            .order_by(Notification.user_id)
        ).all()
    row = booking.model_dump(exclude=VOLATILE)
    return {
        "booking": row,
        "customer": customer.model_dump(exclude={"id", "created_at", "updated_at", "loyalty_tier"}),
        "audit": [
            (
                e.actor_id,
                e.action,
                e.ip,
                e.user_agent,
                {k: v for k, v in e.changes.items() if k not in ("reference", "starts_at")},
            )
            for e in entries
        ],
        "notifications": [
            (n.user_id, n.kind, n.body.split("·", 1)[0], n.link.replace(reference, "REF")) for n in notes
        ],
    }


@pytest.fixture
def staff_preferences(catalog):
    _desk, owner = catalog.admin_ids
    with session_scope() as session:
        # desk: in-app only (no row); owner: email and in-app; a third admin: nothing at all.
        session.add(
            NotificationPreference(user_id=owner, kind=NotificationKind.NEW_BOOKING, in_app=True, email=True)
        )
        quiet = User(email="quiet@xplorium.rs", name="Quiet", role=Role.ADMIN)
        session.add(quiet)
        session.flush()
        session.add(
            NotificationPreference(
                user_id=quiet.id, kind=NotificationKind.NEW_BOOKING, in_app=False, email=False
            )
        )
    return catalog


@pytest.mark.parametrize("who", ["new guest", "returning customer", "signed-in parent"])
def test_one_statement_and_stepwise_writes_leave_the_same_rows(
    staff_preferences, monkeypatch, smtp_sink, who
):
    catalog = staff_preferences
    day = next_weekday(5)
    ctx, email = GUEST, "milica@example.com"
    if who != "new guest":
        with session_scope() as session:
            user = User(
                email=email, name="Milica J.", password_hash="x" if who == "signed-in parent" else None
            )
            session.add(user)
            session.flush()
            user_id = user.id
        if who == "signed-in parent":
            ctx = RequestContext(
                actor_id=user_id, actor_role=Role.USER, ip="203.0.113.71", user_agent="pytest"
            )

    smtp_sink.clear()
    at_once = writing.create_booking(ctx, request(catalog, day, "10:00"))
    monkeypatch.setattr(writing, "WRITE_AT_ONCE_DIALECTS", set())
    if who == "new guest":
        # The stepwise booking is a new guest too: another email, compared without it.
        stepwise = writing.create_booking(ctx, request(catalog, day, "14:00", email="milica.two@example.com"))
    else:
        stepwise = writing.create_booking(ctx, request(catalog, day, "14:00"))

    first, second = written(at_once["reference"]), written(stepwise["reference"])
    if who == "new guest":
        for facts in (first, second):
            facts["booking"].pop("email")
            facts["booking"].pop("user_id")
            facts["customer"].pop("email")
    assert first == second
    assert {
        k: v for k, v in at_once.items() if k not in ("reference", "date", "date_label", "time_label")
    } == {k: v for k, v in stepwise.items() if k not in ("reference", "date", "date_label", "time_label")}
    # The owner asked for emails: one per booking, whichever way it was written.
    for summary in (at_once, stepwise):
        assert smtp_sink.wait_for("owner@xplorium.rs", summary["reference"])
    assert smtp_sink.to("desk@xplorium.rs") == [] and smtp_sink.to("quiet@xplorium.rs") == []
    desk, owner = catalog.admin_ids
    assert [n[0] for n in first["notifications"]] == [desk, owner]
    assert len(first["audit"]) == 1


def test_an_audit_entry_that_cannot_be_built_never_stops_the_booking(catalog, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ValueError("audit bug")

    monkeypatch.setattr(audit, "entry", broken)
    summary = writing.create_booking(GUEST, request(catalog, next_weekday(5), "10:00"))
    with session_scope() as session:
        assert session.exec(select(Booking.reference)).all() == [summary["reference"]]
        assert session.exec(select(AuditLog)).all() == []
        assert len(session.exec(select(Notification)).all()) == len(catalog.admin_ids)
