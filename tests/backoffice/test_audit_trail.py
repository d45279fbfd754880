"""One audit entry per back-office change, with actor, IP and user agent, and no secrets."""

import contextlib
import re

import sqlalchemy as sa

from tests.support.backoffice_staff import ADMIN_IP, ADMIN_UA, future
from tests.support.catalog_data import held_room
from xplorium.db import session_scope
from xplorium.models import AuditLog
from xplorium.services import content, events, pricing, user_admin, venue
from xplorium.services.errors import ServiceError

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
