"""Customers in the back office: list filters, detail, profile edits, tags, the marketing list."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlmodel import select

from tests.support.customers import (  # noqa: F401 - fixtures
    bookings_fixture,
    ctx_of,
    make_customer,
    manager_ctx_fixture,
    manager_fixture,
)
from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import BookingStatus, Role
from xplorium.services import customers
from xplorium.services.errors import Forbidden, NotFound, ValidationFailed


def audit_for(entity: str) -> list[AuditLog]:
    with session_scope() as session:
        return list(
            session.exec(select(AuditLog).where(AuditLog.entity == entity).order_by(AuditLog.id)).all()
        )


@pytest.fixture
def people(clean):
    return {
        "ana": make_customer(
            "ana.petrovic@example.com",
            name="Ana Petrović",
            phone="+381641112233",
            loyalty_points=3200,
            marketing_opt_in=True,
            total_bookings=6,
            total_spent=Decimal(42000),
            last_booking_at=datetime(2026, 5, 1, tzinfo=UTC),
        ),
        "marko": make_customer(
            "marko@example.com",
            name="Marko Jović",
            loyalty_points=150,
            total_bookings=1,
            last_booking_at=datetime(2026, 6, 1, tzinfo=UTC),
        ),
        "guest": make_customer("guest.only@example.com", name="Gost Gostić", password_hash=None),
        "gone": make_customer(
            "gone@example.com", name="Ana Deleted", deleted_at=datetime(2026, 1, 1, tzinfo=UTC)
        ),
        "staff": make_customer("ana.staff@xplorium.rs", name="Ana Staff", role=Role.ADMIN),
    }


def test_the_list_shows_parents_only_and_filters_by_text_tier_and_marketing(manager_ctx, people):
    everyone = customers.list_customers(manager_ctx)
    assert [row["email"] for row in everyone.items] == [
        "marko@example.com",
        "ana.petrovic@example.com",
        "guest.only@example.com",
    ]
    assert everyone.items[2]["guest"] is True

    assert [r["name"] for r in customers.list_customers(manager_ctx, search="ana").items] == ["Ana Petrović"]
    assert [r["name"] for r in customers.list_customers(manager_ctx, search="064 111").items] == [
        "Ana Petrović"
    ]
    assert [r["name"] for r in customers.list_customers(manager_ctx, tier="GOLD").items] == ["Ana Petrović"]
    assert [r["name"] for r in customers.list_customers(manager_ctx, marketing="NO").items] == [
        "Marko Jović",
        "Gost Gostić",
    ]
    assert customers.list_customers(manager_ctx, search="100%_").total == 0
    with pytest.raises(ValidationFailed):
        customers.list_customers(manager_ctx, tier="DIAMOND")


def test_the_list_is_paginated(manager_ctx, clean):
    for i in range(25):
        make_customer(f"page{i:02d}@example.com", name=f"Page {i:02d}")

    second = customers.list_customers(manager_ctx, sort="name", page=2, page_size=10)

    assert (second.total, second.page, second.page_count) == (25, 2, 3)
    assert [r["name"] for r in second.items] == [f"Page {i:02d}" for i in range(10, 20)]


def test_the_detail_shows_bookings_segment_and_next_tier(manager_ctx, people, bookings):
    ana = people["ana"]
    bookings.add(ana, day=date(2026, 4, 2), status=BookingStatus.COMPLETED, price=5000, paid=5000)
    bookings.add(ana, day=date(2026, 5, 3), status=BookingStatus.CANCELLED, price=2000)
    bookings.add(None, day=date(2026, 3, 1), status=BookingStatus.COMPLETED, email="ana.petrovic@example.com")
    bookings.add(people["marko"], day=date(2026, 4, 2), status=BookingStatus.APPROVED)

    detail = customers.customer_detail(manager_ctx, ana.id)

    assert [b["status"] for b in detail["bookings_list"]] == ["CANCELLED", "COMPLETED", "COMPLETED"]
    assert detail["bookings_list"][1]["paid_amount"] == "5,000 RSD"
    assert detail["segment_label"] == "VIP"
    assert (detail["tier"], detail["next_tier"], detail["points_to_next"]) == ("GOLD", "PLATINUM", 2800)
    assert detail["cancelled"] == 1
    with pytest.raises(NotFound):
        customers.customer_detail(manager_ctx, people["gone"].id)
    with pytest.raises(NotFound):
        customers.customer_detail(manager_ctx, people["staff"].id)
    with pytest.raises(NotFound):
        customers.customer_detail(manager_ctx, "not-a-number")


def test_staff_edit_contact_and_marketing_preferences_audited_without_personal_data(manager_ctx, people):
    marko = people["marko"]

    detail = customers.update_profile(
        manager_ctx,
        marko.id,
        {
            "name": "Marko <i>Jović</i>",
            "phone": "064 555 1234",
            "notes": "Prefers mornings.\nAllergic to nuts.",
            "preferred_contact": "SMS",
            "marketing_opt_in": "on",
            "sms_opt_in": "on",
        },
    )

    assert (detail["name"], detail["phone"]) == ("Marko Jović", "+381645551234")
    assert detail["notes"] == "Prefers mornings.\nAllergic to nuts."
    assert (detail["preferred_contact"], detail["marketing"], detail["sms_opt_in"]) == ("SMS", True, True)
    assert detail["consent"].startswith("Consent ")
    [entry] = audit_for("customer")
    assert entry.changes["marketing_opt_in"] == {"from": False, "to": True}
    assert entry.changes["phone"] == entry.changes["notes"] == "[redacted]"
    assert "555" not in str(entry.changes) and "nuts" not in str(entry.changes)


def test_a_bad_phone_or_sms_without_a_phone_is_refused_and_changes_nothing(manager_ctx, people):
    guest = people["guest"]

    with pytest.raises(ValidationFailed) as refused:
        customers.update_profile(
            manager_ctx, guest.id, {"name": "Gost", "phone": "12", "preferred_contact": "EMAIL"}
        )
    assert "phone" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        customers.update_profile(manager_ctx, guest.id, {"name": "Gost", "phone": "", "sms_opt_in": "on"})
    assert "sms_opt_in" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        customers.update_profile(manager_ctx, guest.id, {"name": "  ", "phone": ""})
    assert "name" in refused.value.fields

    with session_scope() as session:
        unchanged = session.get(User, guest.id)
    assert (unchanged.name, unchanged.phone, unchanged.sms_opt_in) == ("Gost Gostić", None, False)
    assert audit_for("customer") == []


def test_tags_are_added_once_cleaned_and_removed(manager_ctx, people):
    ana = people["ana"]

    customers.add_tag(manager_ctx, ana.id, "  Birthday <b>Regular</b> ")
    detail = customers.add_tag(manager_ctx, ana.id, "allergy-nuts")
    assert detail["tags"] == ["birthday regular", "allergy-nuts"]
    with pytest.raises(ValidationFailed):
        customers.add_tag(manager_ctx, ana.id, "BIRTHDAY REGULAR")
    with pytest.raises(ValidationFailed):
        customers.add_tag(manager_ctx, ana.id, "<p></p>")

    detail = customers.remove_tag(manager_ctx, ana.id, "birthday regular")
    assert detail["tags"] == ["allergy-nuts"]
    with pytest.raises(NotFound):
        customers.remove_tag(manager_ctx, ana.id, "birthday regular")
    assert [e.changes for e in audit_for("customer")] == [
        {"tag_added": "birthday regular"},
        {"tag_added": "allergy-nuts"},
        {"tag_removed": "birthday regular"},
    ]


def test_a_customer_can_have_at_most_the_maximum_number_of_tags(manager_ctx, people):
    for i in range(12):
        customers.add_tag(manager_ctx, people["marko"].id, f"tag{i}")
    with pytest.raises(ValidationFailed):
        customers.add_tag(manager_ctx, people["marko"].id, "one-too-many")


def test_parents_cannot_read_or_change_customers(people):
    parent = ctx_of(people["marko"])
    with pytest.raises(Forbidden):
        customers.list_customers(parent)
    with pytest.raises(Forbidden):
        customers.customer_detail(parent, people["ana"].id)
    with pytest.raises(Forbidden):
        customers.add_tag(parent, people["ana"].id, "x")
    with pytest.raises(Forbidden):
        customers.marketing_export(parent)


def test_the_marketing_list_holds_only_customers_who_opted_in_and_is_audited(manager, manager_ctx, people):
    make_customer("=cmd|' /c calc'!a0@example.com", name="=HYPERLINK(1)", marketing_opt_in=True)
    make_customer(
        "deleted.optin@example.com", marketing_opt_in=True, deleted_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    make_customer("staff.optin@xplorium.rs", marketing_opt_in=True, role=Role.ADMIN)

    export = customers.marketing_export(manager_ctx)

    text = export.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["email"] for r in rows] == ["'=cmd|' /c calc'!a0@example.com", "ana.petrovic@example.com"]
    assert rows[0]["name"] == "'=HYPERLINK(1)"
    assert rows[1]["phone"] == "+381641112233"  # a phone number is data, not a formula
    assert rows[1]["tier"] == "GOLD"
    with session_scope() as session:
        opted_out = {
            u.email for u in session.exec(select(User).where(User.marketing_opt_in.is_(False))).all()
        }
    assert opted_out and not opted_out & {r["email"] for r in rows}
    assert export.count == 2
    [entry] = audit_for("customer")
    assert (entry.action, entry.actor_id, entry.changes) == (
        "EXPORT",
        manager.id,
        {"list": "marketing", "count": 2},
    )
