"""The venue's settings as every page and rule reads them."""

from collections.abc import Mapping
from datetime import date, time

from sqlmodel import Session

from xplorium import formatting
from xplorium.i18n import N_, _
from xplorium.models import VenueSettings
from xplorium.services import clock
from xplorium.services.cache import get_cache
from xplorium.services.catalog import SETTINGS_KEY
from xplorium.services.public_holidays import holiday_name

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
