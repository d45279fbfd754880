"""Back-office editing of the venue settings (the single VenueSettings row).

The booking rules read the row directly inside their transactions, so a change applies
to the very next booking; the public site reads through the settings cache, which every
change here invalidates.
"""

from collections.abc import Mapping
from datetime import time
from typing import Any

import sqlalchemy as sa

from xplorium.constants import (
    BOOKING_LIMIT_MAX,
    BUFFER_MINUTES_MAX,
    BUFFER_MINUTES_MIN,
    POINTS_PER_100_RSD_MAX,
    SHORT_TEXT_MAX,
)
from xplorium.db import session_scope
from xplorium.models import VenueSettings
from xplorium.models.enums import AuditAction
from xplorium.services import audit, catalog, clock
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors
from xplorium.services.parsing import (
    EMAIL_MAX,
    PHONE_TEXT_MAX,
    display_phone,
    parse_int,
    parse_time,
    to_email,
    to_phone,
)
from xplorium.services.sanitize import clean_text
from xplorium.services.venue import WEEKDAYS, load_settings

ENTITY = "venue_settings"
# Contact details are the venue's own, but phone numbers and addresses stay out of the audit
# log on principle: the entry says that they changed, not to what.
_UNLOGGED_VALUES = frozenset({"contact_phone", "contact_email", "address"})


def settings_dict(row: VenueSettings) -> dict[str, Any]:
    hours = []
    for index, day in enumerate(WEEKDAYS):
        span = (row.opening_hours or {}).get(str(index))
        hours.append(
            {
                "weekday": str(index),
                "day": day,
                "closed": not span,
                "open": span[0] if span else "",
                "close": span[1] if span else "",
            }
        )
    return {
        "opening_hours": hours,
        "buffer_minutes": row.buffer_minutes,
        "booking_rate_limit": row.booking_rate_limit,
        "points_per_100_rsd": row.points_per_100_rsd,
        "contact_phone": row.contact_phone,
        "contact_email": row.contact_email,
        "address": row.address,
    }


def get_settings(ctx: RequestContext) -> dict[str, Any]:
    require_staff(ctx)
    with session_scope() as session:
        return settings_dict(load_settings(session))


def _opening_hours(errors: FieldErrors, rows: object) -> dict[str, list[str] | None]:
    """{"0": ["09:00", "21:00"] | None, …} from the editor's rows (one per weekday)."""
    by_day = (
        {str(r.get("weekday")): r for r in rows if isinstance(r, Mapping)} if isinstance(rows, list) else {}
    )
    hours: dict[str, list[str] | None] = {}
    for index, day in enumerate(WEEKDAYS):
        row = by_day.get(str(index))
        if row is None:
            errors.add(f"hours.{index}", f"{day}: opening hours are missing.")
            continue
        if row.get("closed"):
            hours[str(index)] = None
            continue
        opens: time | None = parse_time(
            errors, f"hours.{index}", row.get("open"), label=f"{day} opening time"
        )
        closes: time | None = parse_time(
            errors, f"hours.{index}", row.get("close"), label=f"{day} closing time"
        )
        if opens and closes and closes <= opens:
            errors.add(f"hours.{index}", f"{day}: closing time must be after opening time.")
        if opens and closes:
            hours[str(index)] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
    return hours


def _phone(errors: FieldErrors, value: object) -> str:
    phone = to_phone(value)
    if phone is None:
        errors.add("contact_phone", "Enter a valid phone number, e.g. +381 11 123 4567.")
        return clean_text(value, max_length=PHONE_TEXT_MAX)
    return display_phone(phone)


def _email(errors: FieldErrors, value: object) -> str:
    email = to_email(value)
    if email is None:
        errors.add("contact_email", "Enter a valid email address.")
        return clean_text(value, max_length=EMAIL_MAX)
    return email


def validate_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    values = {
        "opening_hours": _opening_hours(errors, data.get("opening_hours")),
        "buffer_minutes": parse_int(
            errors,
            "buffer_minutes",
            data.get("buffer_minutes"),
            minimum=BUFFER_MINUTES_MIN,
            maximum=BUFFER_MINUTES_MAX,
            label="Buffer time",
        ),
        "booking_rate_limit": parse_int(
            errors,
            "booking_rate_limit",
            data.get("booking_rate_limit"),
            minimum=1,
            maximum=BOOKING_LIMIT_MAX,
            label="Booking limit",
        ),
        "points_per_100_rsd": parse_int(
            errors,
            "points_per_100_rsd",
            data.get("points_per_100_rsd"),
            minimum=0,
            maximum=POINTS_PER_100_RSD_MAX,
            label="Loyalty points",
        ),
        "contact_phone": _phone(errors, data.get("contact_phone")),
        "contact_email": _email(errors, data.get("contact_email")),
        "address": clean_text(data.get("address"), max_length=SHORT_TEXT_MAX),
    }
    if not values["address"]:
        errors.add("address", "Address is required.")
    errors.raise_if_any()
    return values


def update_settings(ctx: RequestContext, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and save every setting at once; bad input changes nothing."""
    require_staff(ctx)
    values = validate_settings(data)
    with session_scope() as session:
        load_settings(session)
        row = (
            session.exec(sa.select(VenueSettings).where(VenueSettings.id == 1).with_for_update())
            .scalars()
            .one()
        )
        before = {key: getattr(row, key) for key in values}
        changes = audit.diff(before, values)
        for key in changes.keys() & _UNLOGGED_VALUES:
            changes[key] = {"changed": True}
        for key, value in values.items():
            setattr(row, key, value)
        if changes:
            row.updated_at = clock.now()
            session.add(row)
            audit.record(session, ctx, AuditAction.UPDATE, ENTITY, 1, changes)
        session.flush()
        result = settings_dict(row)
    catalog.invalidate_settings()
    return result
