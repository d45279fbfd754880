"""The audit trail records who did what, without personal data, and can never break an operation."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import AuditAction, Role
from xplorium.services import audit
from xplorium.services.context import RequestContext


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
