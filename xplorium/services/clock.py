"""The venue's wall clock: bookings are made in Europe/Belgrade local time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from xplorium.constants import TIMEZONE

VENUE_TZ = ZoneInfo(TIMEZONE)


def local_now() -> datetime:
    """Now as naive venue-local wall time, comparable with Booking.starts_at."""
    return datetime.now(VENUE_TZ).replace(tzinfo=None)
