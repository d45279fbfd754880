"""Opening hours as the public pages show them, and the venue settings the back office saves."""

from datetime import time

import pytest
import sqlalchemy as sa

from tests.support.backoffice_staff import (  # noqa: F401 - fixtures
    admin_ctx_fixture,
    admin_fixture,
    parent_ctx_fixture,
    parent_fixture,
)
from xplorium.db import session_scope
from xplorium.models import AuditLog
from xplorium.models.settings import DEFAULT_OPENING_HOURS
from xplorium.services import venue
from xplorium.services.errors import Forbidden, ValidationFailed
from xplorium.services.venue import (
    load_settings,
    opening_hours_rows,
    opening_hours_summary,
    opening_span,
    public_settings,
    today_hours,
)


def test_rows_list_every_day_with_closed_days_named():
    hours = dict(DEFAULT_OPENING_HOURS, **{"6": None})
    rows = opening_hours_rows(hours)
    assert [r["day"] for r in rows][:2] == ["Monday", "Tuesday"]
    assert rows[0]["hours"] == "09:00–21:00"
    assert rows[6] == {"day": "Sunday", "hours": "Closed"}


def test_summary_groups_consecutive_days_with_the_same_hours():
    assert opening_hours_summary(DEFAULT_OPENING_HOURS) == [
        {"days": "Mon–Thu", "hours": "09:00–21:00"},
        {"days": "Fri", "hours": "09:00–22:00"},
        {"days": "Sat", "hours": "10:00–22:00"},
        {"days": "Sun", "hours": "10:00–20:00"},
    ]
    same_every_day = {str(d): ["08:00", "20:00"] for d in range(7)}
    assert opening_hours_summary(same_every_day) == [{"days": "Mon–Sun", "hours": "08:00–20:00"}]


def test_today_and_spans():
    hours = dict(DEFAULT_OPENING_HOURS, **{"0": None})
    assert today_hours(hours, 0) == "Closed today"
    assert today_hours(hours, 4) == "Open today 09:00–22:00"
    assert opening_span(hours, 0) is None
    assert opening_span(hours, 5) == (time(10, 0), time(22, 0))


def form(ctx, **overrides):
    data = venue.get_settings(ctx)
    data.update(overrides)
    return data


def test_buffer_change_is_what_the_booking_rules_read_next(admin_ctx):
    venue.update_settings(admin_ctx, form(admin_ctx, buffer_minutes="90", booking_rate_limit="4"))
    # The booking service reads the row inside its own transaction (load_settings).
    with session_scope() as session:
        row = load_settings(session)
        assert (row.buffer_minutes, row.booking_rate_limit) == (90, 4)


def test_public_site_sees_new_hours_and_contact_at_once(admin_ctx):
    assert public_settings(session_scope)["opening_hours"]["6"] == ["10:00", "20:00"]  # now cached
    hours = form(admin_ctx)["opening_hours"]
    hours[6] = hours[6] | {"closed": True}
    hours[0] = hours[0] | {"open": "08:30", "close": "20:00"}
    venue.update_settings(
        admin_ctx,
        form(admin_ctx, opening_hours=hours, contact_phone="011 222 3333", contact_email="Hi@Xplorium.rs"),
    )
    info = public_settings(session_scope)
    assert info["opening_hours"]["6"] is None
    assert opening_span(info["opening_hours"], 0)[0].strftime("%H:%M") == "08:30"
    assert (info["contact_phone"], info["contact_email"]) == ("+381 11 2223333", "hi@xplorium.rs")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"buffer_minutes": "181"}, "buffer_minutes"),
        ({"buffer_minutes": "-1"}, "buffer_minutes"),
        ({"buffer_minutes": "ten"}, "buffer_minutes"),
        ({"booking_rate_limit": "0"}, "booking_rate_limit"),
        ({"contact_phone": "12"}, "contact_phone"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"address": "  "}, "address"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(admin_ctx, changes, field):
    before = venue.get_settings(admin_ctx)
    with pytest.raises(ValidationFailed) as error:
        venue.update_settings(admin_ctx, form(admin_ctx, **changes))
    assert field in error.value.fields
    assert venue.get_settings(admin_ctx) == before


def test_opening_hours_must_be_hh_mm_and_open_before_close(admin_ctx):
    hours = form(admin_ctx)["opening_hours"]
    hours[1] = hours[1] | {"open": "9am"}
    hours[2] = hours[2] | {"open": "18:00", "close": "10:00"}
    hours[3] = hours[3] | {"open": "10:00", "close": "25:00"}
    with pytest.raises(ValidationFailed) as error:
        venue.update_settings(admin_ctx, form(admin_ctx, opening_hours=hours))
    assert set(error.value.fields) == {"hours.1", "hours.2", "hours.3"}
    assert "after opening" in error.value.fields["hours.2"]


def test_settings_change_is_audited_without_the_phone_number(admin_ctx, admin):
    venue.update_settings(admin_ctx, form(admin_ctx, buffer_minutes="30", contact_phone="+381 63 1234567"))
    with session_scope() as session:
        entry = session.exec(sa.select(AuditLog)).scalars().one()
    assert entry.actor_id == admin.id and entry.entity == "venue_settings"
    assert entry.changes["buffer_minutes"] == {"from": 45, "to": 30}
    assert entry.changes["contact_phone"] == {"changed": True}
    assert "1234567" not in str(entry.changes)


def test_parents_cannot_change_settings(parent_ctx, admin_ctx):
    with pytest.raises(Forbidden):
        venue.update_settings(parent_ctx, form(admin_ctx, buffer_minutes="0"))
