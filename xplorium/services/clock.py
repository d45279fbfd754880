"""The one source of "now" for time-based rules (session expiry, reset links, bookings).

Services call `now()` (UTC), `local_now()` (venue wall time) or `today()` (the venue's
date); tests replace the clock with `use_clock(...)` to move time without sleeping.
Nothing else in xplorium/ reads the system time (a test greps for it).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from xplorium.constants import TIMEZONE
from xplorium.models.base import utcnow

VENUE_TZ = ZoneInfo(TIMEZONE)

_clock: Callable[[], datetime] = utcnow


def now() -> datetime:
    """The current UTC-aware time according to the active clock."""
    return _clock()


def local_now() -> datetime:
    """Now as naive venue-local wall time, comparable with Booking.starts_at."""
    return now().astimezone(VENUE_TZ).replace(tzinfo=None)


def today() -> date:
    """The venue's date now."""
    return local_now().date()


def real_now() -> datetime:
    """The machine's UTC time, whatever clock is active: for timestamps another program
    compares with its own (the job queue's), never for a business rule."""
    return utcnow()


@contextmanager
def use_clock(clock: Callable[[], datetime]) -> Iterator[None]:
    """Make `clock` the source of `now()` for the duration of the block."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield
    finally:
        _clock = previous


class FakeClock:
    """A clock that only moves when told to (for tests and simulations)."""

    def __init__(self, start: datetime | None = None):
        self.current = start or utcnow()

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta) -> datetime:
        self.current += timedelta(**delta)
        return self.current
