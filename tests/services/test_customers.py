"""Customers in the back office: list filters, detail, profile edits, tags, the marketing list."""

import csv
import io
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.customers import (  # noqa: F401 - fixtures
    Bookings,
    bookings_fixture,
    ctx_of,
    make_customer,
    manager_ctx_fixture,
    manager_fixture,
)
from tests.support.database import migrate
from tests.support.queries import count_queries
from xplorium import db
from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import BookingStatus, BookingType, Role
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


# Customer sync: every customer's totals from the bookings, in a constant number of statements.
COUNTED = {BookingStatus.PENDING.value, BookingStatus.APPROVED.value, BookingStatus.COMPLETED.value}


CUSTOMERS = 10_000


BOOKINGS = 30_000


MAX_STATEMENTS = 5


def totals_in_db() -> dict[str, tuple]:
    with session_scope() as session:
        rows = session.execute(
            sa.select(
                User.email, User.total_bookings, User.total_spent, User.first_booking_at, User.last_booking_at
            )
        ).all()
    return {email: (n, Decimal(spent), first, last) for email, n, spent, first, last in rows}


def naive_totals() -> tuple[dict[str, tuple], dict[str, str]]:
    """The expected totals recomputed the slow, obvious way: every booking looked at in Python.

    Returns (totals by email, name of each email that has no user yet).
    """
    with session_scope() as session:
        users = dict(session.execute(sa.text("SELECT id, email FROM users")).all())
        rows = session.execute(
            sa.text(
                "SELECT id, user_id, email, contact_name, status, paid, payment_amount, created_at FROM bookings"
            )
        ).all()
    by_email = {email: uid for uid, email in users.items()}
    new_names: dict[str, tuple[datetime, int, str]] = {}
    for bid, user_id, email, name, _status, _paid, _amount, created in rows:
        if user_id is None and email.lower() not in by_email:
            best = new_names.get(email.lower())
            if best is None or (created, bid) > best[:2]:
                new_names[email.lower()] = (created, bid, name)
    owners = {**{email: email for email in by_email}, **{email: email for email in new_names}}
    acc: dict[str, list] = defaultdict(lambda: [0, Decimal(0), None, None])
    for _bid, user_id, email, _name, status, paid, amount, created in rows:
        owner = users[user_id] if user_id is not None else owners[email.lower()]
        if status not in COUNTED:
            continue
        entry = acc[owner]
        entry[0] += 1
        entry[1] += Decimal(amount or 0) if paid else Decimal(0)
        entry[2] = created if entry[2] is None else min(entry[2], created)
        entry[3] = created if entry[3] is None else max(entry[3], created)
    expected = {email: (0, Decimal(0), None, None) for email in owners}
    expected.update({email: tuple(values) for email, values in acc.items()})
    return expected, {email: values[2] for email, values in new_names.items()}


def bulk_load(engine: sa.Engine) -> None:
    """10,000 customers and 30,000 bookings written with COPY (a few seconds).

    - bookings 0..26,999 belong (user_id) to customers 0..8,999;
    - bookings 27,000..28,999 have no user_id and the (upper-cased) email of customers 9,000..9,999;
    - bookings 29,000..29,999 have no user_id and 400 emails nobody has: sync creates them;
    - a sixth of the bookings are cancelled and a sixth rejected (not counted); every third is paid;
    - every seventh customer starts with wrong totals, which sync must correct.
    """
    base = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    wrong_first = datetime(2020, 1, 1, tzinfo=UTC)
    types = [t.value for t in BookingType]
    statuses = ["COMPLETED", "APPROVED", "PENDING", "CANCELLED", "REJECTED", "COMPLETED"]
    raw = engine.raw_connection()
    try:
        with raw.driver_connection.cursor() as cursor:
            # Ids after the ones the fixtures already used.
            cursor.execute("SELECT coalesce(max(id), 0) FROM users")
            first_id = cursor.fetchone()[0] + 1
            with cursor.copy(
                "COPY users (id, email, name, phone, role, is_blocked, created_at, updated_at, notes, tags, "
                "preferred_contact, marketing_opt_in, sms_opt_in, total_bookings, total_spent, "
                "first_booking_at, last_booking_at, loyalty_points) FROM STDIN"
            ) as copy:
                for i in range(CUSTOMERS):
                    stale = i % 7 == 0
                    copy.write_row(
                        (
                            first_id + i,
                            f"c{i}@example.com",
                            f"Customer {i}",
                            None,
                            "USER",
                            False,
                            base,
                            base,
                            "",
                            "[]",
                            "EMAIL",
                            i % 2 == 0,
                            False,
                            99 if stale else 0,
                            Decimal("12345.00") if stale else Decimal(0),
                            wrong_first if stale else None,
                            wrong_first if stale else None,
                            0,
                        )
                    )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('users', 'id'), %s)", (first_id + CUSTOMERS,)
            )
            with cursor.copy(
                "COPY bookings (reference, type, status, date, start_time, duration_minutes, starts_at, ends_at, "
                "blocked_until, guest_count, contact_name, email, phone, special_requests, price_quote, currency, "
                "payment_amount, paid, paid_at, admin_notes, user_id, created_at, updated_at) FROM STDIN"
            ) as copy:
                for j in range(BOOKINGS):
                    if j < 27_000:
                        user_id, email, name = (
                            first_id + j % 9_000,
                            f"c{j % 9_000}@example.com",
                            f"Customer {j % 9000}",
                        )
                    elif j < 29_000:
                        k = 9_000 + j % 1_000
                        user_id, email, name = None, f"C{k}@Example.com", f"Guest {j}"
                    else:
                        user_id, email, name = None, f"new{j % 400}@guests.example", f"New guest {j}"
                    starts = datetime(2025, 1, 1) + timedelta(hours=j // 5)
                    paid = j % 3 == 0
                    amount = Decimal(1000 + (j % 50) * 10) if paid else None
                    created = base + timedelta(minutes=j)
                    copy.write_row(
                        (
                            f"S{j:08d}",
                            types[j % 5],
                            statuses[j % 6],
                            starts.date(),
                            starts.time(),
                            60,
                            starts,
                            starts + timedelta(hours=1),
                            starts + timedelta(hours=1),
                            3,
                            name,
                            email,
                            "+381641234567",
                            "",
                            Decimal(2500),
                            "RSD",
                            amount,
                            paid,
                            created if paid else None,
                            "",
                            user_id,
                            created,
                            created,
                        )
                    )
        raw.driver_connection.commit()
    finally:
        raw.close()


def test_sync_of_10000_customers_and_30000_bookings_takes_five_statements_and_matches_a_naive_count(
    manager_ctx, engine
):
    bulk_load(engine)
    expected, new_names = naive_totals()
    assert len(new_names) == 400

    started = time.perf_counter()
    with count_queries(engine) as statements:
        result = customers.sync_customers(manager_ctx)
    elapsed = time.perf_counter() - started

    print(f"\ncustomer sync: {len(statements)} statements, {elapsed:.2f} s")
    print("\n".join(s[:60] for s in statements))
    assert len(statements) <= MAX_STATEMENTS, statements
    assert result.created == 400
    actual = totals_in_db()
    assert actual == expected
    # Customers that were wrong are right now; the untouched ones were not rewritten.
    assert result.updated == sum(1 for values in expected.values() if values[0] or values[1]) + sum(
        1 for i in range(0, CUSTOMERS, 7) if expected[f"c{i}@example.com"][0] == 0
    )
    with session_scope() as session:
        guest = session.exec(select(User).where(User.email == "new7@guests.example")).one()
    assert guest.password_hash is None and guest.role == "USER"
    assert guest.name == new_names["new7@guests.example"]

    # A second run finds nothing to do, still in a constant number of statements.
    with count_queries(engine) as again:
        second = customers.sync_customers(manager_ctx)
    assert len(again) <= MAX_STATEMENTS
    assert (second.created, second.updated) == (0, 0)
    assert totals_in_db() == actual


@pytest.fixture(params=["postgresql", "sqlite"])
def backend(request, tmp_path):
    """The small sync runs on PostgreSQL and on the embedded SQLite file of development."""
    if request.param == "postgresql":
        request.getfixturevalue("clean")
        yield
        return
    engine = db.make_engine(f"sqlite:///{tmp_path / 'sync.db'}")
    migrate(engine)
    previous = db.set_engine(engine)
    try:
        yield
    finally:
        db.set_engine(previous)
        engine.dispose()


def test_sync_on_a_small_set_counts_only_bookings_that_happen_and_is_audited(backend):
    manager = make_customer("mila.manager@xplorium.rs", role=Role.ADMIN)
    manager_ctx = ctx_of(manager)
    bookings = Bookings()
    ana = make_customer("ana@example.com", total_bookings=7, total_spent=Decimal(900))
    make_customer("idle@example.com", total_bookings=2, total_spent=Decimal(300))
    day = date(2026, 2, 10)
    first = bookings.add(ana, day=day, status=BookingStatus.COMPLETED, price=3000, paid=3000)
    bookings.add(ana, day=day, status=BookingStatus.APPROVED, price=2000)
    last = bookings.add(ana, day=day + timedelta(days=5), status=BookingStatus.PENDING, price=1500)
    bookings.add(ana, day=day, status=BookingStatus.CANCELLED, price=1000, paid=1000)
    bookings.add(ana, day=day, status=BookingStatus.REJECTED, price=1000)
    # A guest booking with Ana's email but no user_id is hers too.
    bookings.add(None, day=day, status=BookingStatus.COMPLETED, price=500, paid=450, email="ANA@example.com")
    bookings.add(None, day=day, status=BookingStatus.PENDING, price=800, email="brand.new@example.com")

    result = customers.sync_customers(manager_ctx)

    totals = totals_in_db()
    assert totals["ana@example.com"][:2] == (4, Decimal("3450.00"))
    assert totals["ana@example.com"][2] == first.created_at
    assert totals["ana@example.com"][3] == last.created_at
    assert totals["idle@example.com"] == (0, Decimal("0.00"), None, None)
    assert totals["brand.new@example.com"][:2] == (1, Decimal("0.00"))
    assert result.created == 1 and result.updated == 3

    with session_scope() as session:
        [entry] = session.exec(select(AuditLog).where(AuditLog.entity == customers.SYNC_ENTITY)).all()
    assert entry.actor_id == manager.id and entry.changes == {"created": 1, "updated": 3}
    assert customers.last_sync(manager_ctx) != ""


def test_parents_cannot_run_the_sync(clean):
    parent = make_customer("parent@example.com")
    with pytest.raises(Forbidden):
        customers.sync_customers(ctx_of(parent))
