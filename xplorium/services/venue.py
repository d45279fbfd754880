"""The venue's settings as every page and rule reads them."""

from datetime import time

from sqlmodel import Session

from xplorium.models import VenueSettings
from xplorium.services.cache import get_cache
from xplorium.services.catalog import SETTINGS_KEY

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


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


def opening_hours_rows(opening_hours: dict) -> list[dict[str, str]]:
    """[{"day": "Monday", "hours": "09:00–21:00"}, ...] for display."""
    rows = []
    for index, day in enumerate(WEEKDAYS):
        span = opening_hours.get(str(index))
        rows.append({"day": day, "hours": f"{span[0]}–{span[1]}" if span else "Closed"})
    return rows


def opening_span(opening_hours: dict, weekday: int) -> tuple[time, time] | None:
    span = opening_hours.get(str(weekday))
    if not span:
        return None
    return time.fromisoformat(span[0]), time.fromisoformat(span[1])
