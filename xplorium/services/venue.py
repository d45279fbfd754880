"""The venue's settings (the single VenueSettings row): its opening rules as every page and
booking rule reads them, and the back office's editing of them.

The booking rules read the row directly inside their transactions, so a change applies to the
very next booking; the public site reads through the settings cache, which every change here
invalidates.
"""

from collections.abc import Collection, Mapping
from datetime import date, time
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from xplorium import formatting
from xplorium.constants import (
    BOOKING_LIMIT_MAX,
    BUFFER_MINUTES_MAX,
    BUFFER_MINUTES_MIN,
    POINTS_PER_100_RSD_MAX,
    SHORT_TEXT_MAX,
)
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import VenueSettings
from xplorium.models.enums import AuditAction
from xplorium.services import audit, catalog, clock
from xplorium.services.authz import require_staff
from xplorium.services.cache import get_cache
from xplorium.services.catalog import SETTINGS_KEY
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors
from xplorium.services.parsing import (
    EMAIL_MAX,
    PHONE_TEXT_MAX,
    display_phone,
    int_field,
    parse_time,
    to_email,
    to_phone,
)
from xplorium.services.public_holidays import holiday_name
from xplorium.services.sanitize import clean_text

WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
CLOSED = N_("Closed")


def load_settings(session: Session) -> VenueSettings:
    """The settings row; created with defaults the first time."""
    row = session.get(VenueSettings, 1)
    if row is None:
        row = VenueSettings(id=1)
        session.add(row)
        session.flush()
    return row


def public_settings(session_factory) -> dict:
    """Contact details and opening hours for the public site, from the cache."""

    def load() -> dict:
        with session_factory() as session:
            row = load_settings(session)
            return {
                "contact_phone": row.contact_phone,
                "contact_email": row.contact_email,
                "address": row.address,
                "opening_hours": row.opening_hours,
            }

    return get_cache().get_or_load(SETTINGS_KEY, load)


def _hours_text(opening_hours: dict, weekday: int) -> str:
    span = opening_hours.get(str(weekday))
    return f"{span[0]}–{span[1]}" if span else _(CLOSED)


def opening_hours_rows(opening_hours: dict) -> list[dict[str, str]]:
    """[{"day": "Monday", "hours": "09:00–21:00"}, ...] for display."""
    return [
        {"day": formatting.weekday_name(index).capitalize(), "hours": _hours_text(opening_hours, index)}
        for index in range(len(WEEKDAYS))
    ]


def _short(weekday: int) -> str:
    return formatting.weekday_name(weekday, "abbreviated").capitalize()


def opening_hours_summary(opening_hours: dict) -> list[dict[str, str]]:
    """Consecutive days with the same hours together: [{"days": "Mon–Thu", "hours": ...}, ...]."""
    groups: list[list] = []
    for index in range(len(WEEKDAYS)):
        hours = _hours_text(opening_hours, index)
        if groups and groups[-1][2] == hours:
            groups[-1][1] = index
        else:
            groups.append([index, index, hours])
    return [
        {
            "days": _short(first) if first == last else f"{_short(first)}–{_short(last)}",
            "hours": hours,
        }
        for first, last, hours in groups
    ]


def venue_today() -> int:
    """Today's weekday (0 = Monday) at the venue, wherever the server runs."""
    return clock.today().weekday()


def today_hours(opening_hours: dict, weekday: int) -> str:
    """'Open today 09:00–21:00' or 'Closed today'."""
    hours = _hours_text(opening_hours, weekday)
    return _("Closed today") if hours == _(CLOSED) else _("Open today {hours}").format(hours=hours)


def opening_span(opening_hours: dict, weekday: int) -> tuple[time, time] | None:
    span = opening_hours.get(str(weekday))
    if not span:
        return None
    return time.fromisoformat(span[0]), time.fromisoformat(span[1])


def span_on(rules: Mapping, day: date) -> tuple[time, time] | None:
    """The venue's opening span on `day`, or None when closed: the hours set for that public
    holiday (closed or special) first, otherwise the weekday's usual hours.

    `rules` is catalog.booking_rules(): every booking path and the day strip read this one rule.
    """
    key = day.isoformat()
    holiday_hours = rules.get("holiday_hours") or {}
    if key in holiday_hours:
        span = holiday_hours[key]
        return None if span is None else (time.fromisoformat(span[0]), time.fromisoformat(span[1]))
    return opening_span(rules["opening_hours"], day.weekday())


def closed_message(rules: Mapping, day: date) -> str:
    """Why a parent cannot book `day`: the public holiday it is closed for, or a closed weekday."""
    if day.isoformat() in (rules.get("holiday_hours") or {}):
        return _(
            "We are closed on {day} for the public holiday ({holiday}); please choose another day."
        ).format(day=formatting.day(day), holiday=holiday_name(day))
    return _("We are closed on this day; choose another.")


ENTITY = "venue_settings"
# Contact details are the venue's own, but phone numbers and addresses stay out of the audit
# log on principle: the entry says that they changed, not to what.
_UNLOGGED_VALUES = frozenset({"contact_phone", "contact_email", "address"})


def settings_dict(row: VenueSettings) -> dict[str, Any]:
    hours = []
    for index in range(len(WEEKDAYS)):
        span = (row.opening_hours or {}).get(str(index))
        hours.append(
            {
                "weekday": str(index),
                "day": formatting.weekday_name(index).capitalize(),
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
            errors.add(f"hours.{index}", _("{day}: opening hours are missing.").format(day=day))
            continue
        if row.get("closed"):
            hours[str(index)] = None
            continue
        opens: time | None = parse_time(
            errors, f"hours.{index}", row.get("open"), label=_("{day} opening time").format(day=day)
        )
        closes: time | None = parse_time(
            errors, f"hours.{index}", row.get("close"), label=_("{day} closing time").format(day=day)
        )
        if opens and closes and closes <= opens:
            errors.add(f"hours.{index}", _("{day}: closing time must be after opening time.").format(day=day))
        if opens and closes:
            hours[str(index)] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
    return hours


def _phone(errors: FieldErrors, value: object) -> str:
    phone = to_phone(value)
    if phone is None:
        errors.add("contact_phone", _("Enter a valid phone number, e.g. +381 11 123 4567."))
        return clean_text(value, max_length=PHONE_TEXT_MAX)
    return display_phone(phone)


def _email(errors: FieldErrors, value: object) -> str:
    email = to_email(value)
    if email is None:
        errors.add("contact_email", _("Enter a valid email address."))
        return clean_text(value, max_length=EMAIL_MAX)
    return email


def validate_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    values = {
        "opening_hours": _opening_hours(errors, data.get("opening_hours")),
        "buffer_minutes": int_field(
            errors,
            data,
            "buffer_minutes",
            minimum=BUFFER_MINUTES_MIN,
            maximum=BUFFER_MINUTES_MAX,
            label=_("Buffer time"),
        ),
        "booking_rate_limit": int_field(
            errors, data, "booking_rate_limit", minimum=1, maximum=BOOKING_LIMIT_MAX, label=_("Booking limit")
        ),
        "points_per_100_rsd": int_field(
            errors,
            data,
            "points_per_100_rsd",
            minimum=0,
            maximum=POINTS_PER_100_RSD_MAX,
            label=_("Loyalty points"),
        ),
        "contact_phone": _phone(errors, data.get("contact_phone")),
        "contact_email": _email(errors, data.get("contact_email")),
        "address": clean_text(data.get("address"), max_length=SHORT_TEXT_MAX),
    }
    if not values["address"]:
        errors.add("address", _("Address is required."))
    errors.raise_if_any()
    return values


def settings_for_update(session: Session) -> VenueSettings:
    """The settings row (created the first time), locked until the transaction ends."""
    load_settings(session)
    return (
        session.exec(sa.select(VenueSettings).where(VenueSettings.id == 1).with_for_update()).scalars().one()
    )


def set_settings(row: VenueSettings, values: Mapping[str, Any], unlogged: Collection[str]) -> dict:
    """Set `values` on the settings row; returns what changed for the audit log, where the
    `unlogged` keys only say that they changed."""
    changes = audit.diff({key: getattr(row, key) for key in values}, values)
    for key in changes.keys() & set(unlogged):
        changes[key] = {"changed": True}
    for key, value in values.items():
        setattr(row, key, value)
    return changes


def record_settings_changes(session: Session, ctx: RequestContext, row: VenueSettings, changes: dict) -> None:
    """Stamp and audit the settings row when anything changed (any setting, or an offer's deposit)."""
    if changes:
        row.updated_at = clock.now()
        session.add(row)
        audit.record(session, ctx, AuditAction.UPDATE, ENTITY, 1, changes)
    session.flush()


def update_settings(ctx: RequestContext, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and save every setting at once; bad input changes nothing."""
    require_staff(ctx)
    values = validate_settings(data)
    with session_scope() as session:
        row = settings_for_update(session)
        changes = set_settings(row, values, _UNLOGGED_VALUES)
        record_settings_changes(session, ctx, row, changes)
        result = settings_dict(row)
    catalog.invalidate_settings()
    return result
