from datetime import UTC, datetime, timedelta

import pytest

from tests.support.backoffice_staff import ctx_for, make_user
from tests.support.catalog_data import held_room
from xplorium.db import session_scope
from xplorium.models import AuditLog
from xplorium.models.enums import Role
from xplorium.services import audit, events, pricing
from xplorium.services.errors import Forbidden, ValidationFailed


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
    yesterday = (now - timedelta(days=1)).astimezone(audit._VENUE_TZ).date()
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
