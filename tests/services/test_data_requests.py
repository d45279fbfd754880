"""Data requests: the file holds the person's bookings, registrations, loyalty ledger and
consent, and nobody else's; staff and the person themselves download it; erasure leaves
no personal data in the audit trail."""

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.support.accounts import make_user, open_session
from tests.support.customers import ctx_of, make_customer
from xplorium.api import api
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import AuditLog, Booking, Event, EventRegistration, LoyaltyTransaction, User
from xplorium.models.enums import BookingStatus, BookingType, EventStatus, RegistrationStatus, Role
from xplorium.services import data_requests, user_admin
from xplorium.services.result import run


def add_history(user: User, reference: str, *, guest_reference: str) -> None:
    """A booking of their account, a guest booking with their email, a registration, a ledger row."""
    with session_scope() as session:
        event = session.exec(select(Event)).first()
        if event is None:
            event = Event(
                slug="pidzama-zurka",
                title="Pidžama žurka",
                date=date(2026, 4, 1),
                start_time=time(18),
                end_time=time(20),
                capacity=20,
                status=EventStatus.PUBLISHED,
            )
            session.add(event)
            session.flush()
        for ref, owner in ((reference, user.id), (guest_reference, None)):
            session.add(
                Booking(
                    reference=ref,
                    type=BookingType.PLAYGROUND,
                    status=BookingStatus.COMPLETED,
                    date=date(2026, 3, 2),
                    start_time=time(10),
                    duration_minutes=60,
                    starts_at=datetime(2026, 3, 2, 10),
                    ends_at=datetime(2026, 3, 2, 11),
                    blocked_until=datetime(2026, 3, 2, 11),
                    guest_count=2,
                    contact_name=user.name,
                    email=user.email,
                    phone="+381641234567",
                    price_quote=Decimal("900"),
                    user_id=owner,
                )
            )
        session.add(
            EventRegistration(
                event_id=event.id,
                name=user.name,
                email=user.email,
                guest_count=2,
                status=RegistrationStatus.CONFIRMED,
                cancel_token_hash=f"hash-{reference}",
            )
        )
        session.add(
            LoyaltyTransaction(
                user_id=user.id,
                delta=50,
                points_after=50,
                tier_before="BRONZE",
                tier_after="BRONZE",
                reason=f"Visit {reference}",
            )
        )


@pytest.fixture
def two_parents(clean):
    ana = make_customer(
        "ana@example.com",
        name="Ana Anić",
        password_hash="x",
        marketing_opt_in=True,
        consent_at=datetime(2026, 1, 5, tzinfo=UTC),
        consent_version="2026-01",
    )
    bojan = make_customer("bojan@example.com", name="Bojan Bojić", password_hash="y")
    add_history(ana, "ANA00001", guest_reference="ANAGUEST")
    add_history(bojan, "BOJ00001", guest_reference="BOJGUEST")
    return ana, bojan


def test_the_file_holds_the_persons_data_and_nobody_elses(two_parents):
    ana, _bojan = two_parents
    admin = make_user(Role.ADMIN)

    file = data_requests.export_customer(ctx_of(admin), ana.id)
    data = json.loads(file.content)
    text = file.content.decode()

    assert sorted(b["reference"] for b in data["bookings"]) == ["ANA00001", "ANAGUEST"]
    assert [r["email"] for r in data["event_registrations"]] == ["ana@example.com"]
    assert [t["reason"] for t in data["loyalty_ledger"]] == ["Visit ANA00001"]
    assert data["consent"] == {
        "marketing_opt_in": True,
        "sms_opt_in": False,
        "consent_at": "2026-01-05T00:00:00+00:00",
        "consent_version": "2026-01",
    }
    assert data["account"]["email"] == "ana@example.com"
    assert "bojan" not in text.lower() and "BOJ" not in text
    assert "password_hash" not in text and "cancel_token_hash" not in text
    with session_scope() as session:
        audited = session.exec(select(AuditLog).where(AuditLog.action == "EXPORT")).all()
    assert [(a.entity, a.entity_id) for a in audited] == [("customer", str(ana.id))]
    assert "ana@example.com" not in json.dumps(audited[0].changes)


def test_staff_and_the_person_download_it_others_are_refused(two_parents):
    ana, bojan = two_parents

    def client(user: User | None) -> TestClient:
        c = TestClient(api)
        if user is not None:
            c.cookies.set(SESSION_COOKIE_NAME, open_session(user))
        return c

    own = client(ana).get("/api/profile/data.json")
    assert own.status_code == 200
    assert own.headers["content-disposition"].startswith("attachment")
    assert json.loads(own.content)["account"]["email"] == "ana@example.com"
    assert client(None).get("/api/profile/data.json").status_code == 401
    assert client(bojan).get(f"/api/admin/customers/{ana.id}/data.json").status_code == 403
    staff = client(make_user(Role.ADMIN)).get(f"/api/admin/customers/{ana.id}/data.json")
    assert staff.status_code == 200
    assert "ANA00001" in staff.text and "BOJ00001" not in staff.text
    assert client(make_user(Role.ADMIN)).get("/api/admin/customers/nobody/data.json").status_code == 404


def test_erasure_is_the_soft_delete_and_the_audit_trail_keeps_no_personal_data(two_parents):
    ana, _bojan = two_parents
    with session_scope() as session:
        session.add(
            AuditLog(
                actor_id=ana.id, action="LOGIN", entity="session", ip="203.0.113.9", user_agent="Firefox"
            )
        )
    admin = make_user(Role.ADMIN)

    user_admin.soft_delete(ctx_of(admin), ana.id)

    with session_scope() as session:
        gone = session.get(User, ana.id)
        trail = session.exec(select(AuditLog)).all()
    assert gone.deleted_at is not None and gone.email.endswith("@deleted.invalid")
    assert gone.marketing_opt_in is False and gone.phone is None
    dumped = json.dumps([[a.changes, a.ip, a.user_agent] for a in trail if a.actor_id == ana.id])
    assert "203.0.113.9" not in dumped and "Firefox" not in dumped
    assert "ana@example.com" not in json.dumps([a.changes for a in trail])
    # A deleted person has no data file any more.
    assert run(data_requests.export_customer, ctx_of(admin), ana.id).code == "not_found"
