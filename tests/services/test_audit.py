"""The audit trail records who did what, without personal data, and can never break an operation."""

import contextlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.backoffice_staff import (  # noqa: F401 - fixtures
    ADMIN_IP,
    ADMIN_UA,
    admin_ctx_fixture,
    admin_fixture,
    ctx_for,
    future,
    make_user,
    parent_fixture,
)
from tests.support.catalog_data import held_room
from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import AuditAction, Role
from xplorium.services import audit, clock, content, events, pricing, user_admin, venue
from xplorium.services.context import RequestContext
from xplorium.services.errors import Forbidden, ServiceError, ValidationFailed


class RecordingLog:
    def __init__(self):
        self.events: list[tuple[str, str, dict]] = []

    def _record(self, level):
        return lambda event, **kw: self.events.append((level, event, kw))

    def __getattr__(self, level):
        return self._record(level)


@pytest.fixture
def audit_log(monkeypatch):
    recorder = RecordingLog()
    monkeypatch.setattr(audit, "log", recorder)
    return recorder


def make_admin() -> int:
    with session_scope() as session:
        admin = User(email="admin@xplorium.rs", role=Role.ADMIN, name="Admin")
        session.add(admin)
        session.flush()
        return admin.id


def audit_rows() -> list[AuditLog]:
    with session_scope() as session:
        return list(session.exec(select(AuditLog).order_by(AuditLog.id)))


def user_emails() -> list[str]:
    with session_scope() as session:
        return list(session.exec(select(User.email).order_by(User.id)))


def test_an_entry_records_actor_action_entity_ip_and_user_agent(clean):
    admin_id = make_admin()
    ctx = RequestContext(actor_id=admin_id, actor_role=Role.ADMIN, ip="203.0.113.9", user_agent="Firefox/140")
    with session_scope() as session:
        customer = User(email="ana@example.rs", name="Ana")
        session.add(customer)
        session.flush()
        audit.record(
            session, ctx, AuditAction.CREATE, "user", customer.id, {"role": "USER", "loyalty_points": 0}
        )

    [entry] = audit_rows()
    assert (entry.actor_id, entry.action, entry.entity, entry.entity_id) == (admin_id, "CREATE", "user", "2")
    assert (entry.ip, entry.user_agent) == ("203.0.113.9", "Firefox/140")
    assert entry.changes == {"role": "USER", "loyalty_points": 0}
    assert entry.created_at.tzinfo is not None


def test_personal_data_never_reaches_the_log(clean):
    changes = {
        "email": "ana@example.rs",
        "phone": "+381 60 123 4567",
        "contact_name": "Ana Petrović",
        "password": "Tajna#123",
        "status": {"from": "PENDING", "to": "APPROVED"},
        "party_details": {"child_name": "Luka", "child_age": 6},
        "contacts": [{"Email": "marko@example.rs", "guest_count": 12}],
        "admin_notes": {"from": "", "to": "Alergija na kikiriki"},
    }
    with session_scope() as session:
        audit.record(session, RequestContext(), AuditAction.UPDATE, "booking", 7, changes)

    [entry] = audit_rows()
    stored = str(entry.changes)
    for secret in ("ana@example.rs", "381", "Petrović", "Tajna", "Luka", "marko@", "kikiriki"):
        assert secret not in stored
    assert entry.changes["status"] == {"from": "PENDING", "to": "APPROVED"}
    assert entry.changes["contacts"] == [{"Email": "[redacted]", "guest_count": 12}]
    assert entry.changes["email"] == "[redacted]"


def test_long_ip_and_user_agent_are_cut_to_fit(clean):
    ctx = RequestContext(ip="x" * 80, user_agent="Mozilla " * 100)
    with session_scope() as session:
        audit.record(session, ctx, AuditAction.LOGIN, "session")
    [entry] = audit_rows()
    assert len(entry.ip) == 45
    assert len(entry.user_agent) == 300


def test_a_failing_audit_insert_neither_fails_nor_rolls_back_the_operation(clean, audit_log):
    # The actor no longer exists, so the audit row breaks a foreign key inside the database.
    ghost = RequestContext(actor_id=999_999, actor_role=Role.ADMIN)
    with session_scope() as session:
        session.add(User(email="ana@example.rs"))
        session.flush()
        audit.record(session, ghost, AuditAction.CREATE, "user", 1, {"role": "USER"})
        # The operation carries on in the same transaction after the failed audit.
        session.add(User(email="marko@example.rs"))

    assert user_emails() == ["ana@example.rs", "marko@example.rs"]
    assert audit_rows() == []
    [(level, event, fields)] = audit_log.events
    assert (level, event) == ("exception", "audit_failed")
    assert fields["entity"] == "user"


def test_an_audit_that_fails_before_the_insert_is_also_contained(clean, audit_log):
    class Unprintable:
        def __str__(self):
            raise RuntimeError("cannot describe myself")

    with session_scope() as session:
        session.add(User(email="ana@example.rs"))
        audit.record(session, RequestContext(), AuditAction.UPDATE, "user", 1, {"value": Unprintable()})

    assert user_emails() == ["ana@example.rs"]
    assert [event for _level, event, _fields in audit_log.events] == ["audit_failed"]


def test_the_operations_own_error_is_not_swallowed_as_an_audit_error(clean, audit_log):
    with session_scope() as session:
        session.add(User(email="ana@example.rs"))
    with pytest.raises(sa.exc.IntegrityError), session_scope() as session:
        session.add(User(email="ana@example.rs"))
        audit.record(session, RequestContext(), AuditAction.CREATE, "user", None)
    assert audit_log.events == []
    assert audit_rows() == []


def test_the_entry_is_rolled_back_with_a_failed_operation(clean):
    with pytest.raises(RuntimeError), session_scope() as session:
        audit.record(session, RequestContext(), AuditAction.DELETE, "event", 3)
        raise RuntimeError("the operation failed after auditing")
    assert audit_rows() == []


def test_diff_lists_only_changed_fields():
    before = {"status": "PENDING", "guest_count": 10, "paid": False}
    after = {"status": "APPROVED", "guest_count": 10, "paid": False}
    assert audit.diff(before, after) == {"status": {"from": "PENDING", "to": "APPROVED"}}


def test_database_errors_do_not_carry_the_values_being_written(clean):
    with session_scope() as session:
        session.add(User(email="ana@example.rs", name="Ana Petrović"))
    with pytest.raises(sa.exc.IntegrityError) as raised, session_scope() as session:
        session.add(User(email="ana@example.rs", name="Ana Petrović", phone="+381641234567"))
    message = str(raised.value)
    assert "parameters hidden" in message
    assert "Petrović" not in message
    assert "+381641234567" not in message


def add_entry(actor_id, action, entity, when, changes=None):
    with session_scope() as session:
        session.add(
            AuditLog(
                actor_id=actor_id,
                action=action,
                entity=entity,
                entity_id="1",
                changes=changes or {},
                created_at=when,
            )
        )


def test_filters_by_actor_action_entity_and_date(admin_ctx, admin):
    other = make_user("boris@xplorium.rs", Role.SUPER_ADMIN, name="Boris Boss")
    now = datetime.now(UTC)
    add_entry(admin.id, "CREATE", "event", now - timedelta(days=10))
    add_entry(admin.id, "PUBLISH", "event", now - timedelta(days=1))
    add_entry(other.id, "UPDATE", "pricing_package", now, {"amount": {"from": "1", "to": "2"}})
    add_entry(None, "LOGIN_FAILED", "user", now)

    def actions(**filters):
        return [e["action"] for e in audit.list_entries(admin_ctx, **filters).items]

    assert actions() == ["LOGIN_FAILED", "UPDATE", "PUBLISH", "CREATE"]
    assert actions(actor="boris") == ["UPDATE"]
    assert actions(actor="Ana Admin") == ["PUBLISH", "CREATE"]
    assert actions(actor=str(other.id)) == ["UPDATE"]
    assert actions(actor="system") == ["LOGIN_FAILED"]
    assert actions(action="publish") == ["PUBLISH"]
    assert actions(entity="event") == ["PUBLISH", "CREATE"]
    yesterday = (now - timedelta(days=1)).astimezone(clock.VENUE_TZ).date()
    assert actions(date_from=yesterday.isoformat(), date_to=yesterday.isoformat()) == ["PUBLISH"]
    entry = audit.list_entries(admin_ctx, actor="boris").items[0]
    assert entry["actor"] == "Boris Boss" and entry["change_lines"] == ["amount: 1 → 2"]


def test_pages_carry_total_and_page_count(admin_ctx, admin):
    now = datetime.now(UTC)
    for minute in range(30):
        add_entry(admin.id, "UPDATE", "event", now - timedelta(minutes=minute))
    first = audit.list_entries(admin_ctx, page_size=25)
    second = audit.list_entries(admin_ctx, page=2, page_size=25)
    assert (first.total, first.page_count, first.has_more, len(first.items)) == (30, 2, True, 25)
    assert (second.has_more, len(second.items)) == (False, 5)
    assert {e["id"] for e in first.items}.isdisjoint(e["id"] for e in second.items)


def test_reversed_date_range_is_refused(admin_ctx):
    with pytest.raises(ValidationFailed) as error:
        audit.list_entries(admin_ctx, date_from="2026-05-02", date_to="2026-05-01")
    assert "date_to" in error.value.fields


def test_filter_choices_list_what_occurs(admin_ctx):
    events.create_event(
        admin_ctx,
        {"title": "X", "date": "2999-01-01", "start_time": "10:00", "end_time": "11:00", "capacity": 5},
    )
    pricing.create_package(
        admin_ctx, {"name": "Y", "category": "CAFE", "amount": "1", "unit": "per_person"} | held_room("cafe")
    )
    assert audit.filter_choices(admin_ctx) == {
        "actions": ["CREATE"],
        "entities": ["event", "pricing_package"],
    }


def test_parents_cannot_read_the_audit_log(parent):
    with pytest.raises(Forbidden):
        audit.list_entries(ctx_for(parent))


# One audit entry per back-office change, with actor, IP and user agent, and no secrets.
VENUE_PHONE = "+381 64 9876543"


SECRET_WORDS = ("password", "token", "$2b$")


EVENT = {"title": "Lego", "date": future(), "start_time": "10:00", "end_time": "12:00", "capacity": 10}


def all_entries() -> list[AuditLog]:
    with session_scope() as session:
        return list(session.exec(sa.select(AuditLog).order_by(AuditLog.id)).scalars())


def assert_clean(entries: list[AuditLog]) -> None:
    for entry in entries:
        text = str(entry.changes)
        assert not any(word in text.lower() for word in SECRET_WORDS), entry.changes
        assert VENUE_PHONE[-7:] not in re.sub(r"\D", "", text), entry.changes


def test_each_back_office_change_leaves_exactly_one_entry(admin_ctx, admin):
    event_id = events.create_event(admin_ctx, EVENT)["id"]
    expected = [("CREATE", "event"), ("PUBLISH", "event")]
    events.change_status(admin_ctx, event_id, "PUBLISHED")
    package = pricing.create_package(
        admin_ctx,
        {"name": "Latte", "category": "CAFE", "amount": "250", "unit": "per_person"} | held_room("cafe"),
    )
    pricing.publish(admin_ctx, package["id"])
    expected += [("CREATE", "pricing_package"), ("PUBLISH", "pricing_package")]
    draft = content.save_draft(admin_ctx, "cafe", "Cafe", {"headline": "Coffee"})
    content.submit_for_review(admin_ctx, draft["id"])
    content.publish(admin_ctx, draft["id"])
    expected += [("CREATE", "site_content"), ("UPDATE", "site_content"), ("PUBLISH", "site_content")]
    data = venue.get_settings(admin_ctx) | {"buffer_minutes": 60, "contact_phone": VENUE_PHONE}
    venue.update_settings(admin_ctx, data)
    expected += [("UPDATE", "venue_settings")]

    created = user_admin.create_user_with_password(
        admin_ctx, email="nina@xplorium.rs", name="Nina", role="USER"
    )
    user_admin.change_role(admin_ctx, created.user.id, "ADMIN")
    user_admin.set_blocked(admin_ctx, created.user.id, True)
    user_admin.set_blocked(admin_ctx, created.user.id, False)
    user_admin.soft_delete(admin_ctx, created.user.id)
    expected += [(a, "user") for a in ("CREATE", "ROLE_CHANGE", "BLOCK", "UNBLOCK", "DELETE")]

    entries = all_entries()
    assert [(e.action, e.entity) for e in entries] == expected
    assert all(created.password not in str(e.changes) for e in entries)
    assert all((e.actor_id, e.ip, e.user_agent) == (admin.id, ADMIN_IP, ADMIN_UA) for e in entries)
    assert all(e.entity_id for e in entries)
    assert_clean(entries)


def test_refused_changes_leave_no_entry(admin_ctx):
    event = events.create_event(
        admin_ctx,
        {"title": "Lego", "date": future(), "start_time": "10:00", "end_time": "12:00", "capacity": 10},
    )
    before = len(all_entries())
    for attempt in (
        lambda: events.change_status(admin_ctx, event["id"], "COMPLETED"),
        lambda: events.update_event(admin_ctx, event["id"], {"title": ""}),
        lambda: pricing.create_package(admin_ctx, {"name": "X", "category": "CAFE", "amount": "-1"}),
    ):
        with contextlib.suppress(ServiceError):
            attempt()
    assert len(all_entries()) == before
