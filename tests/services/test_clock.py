"""services/clock.py is the only reader of the system time, so moving its clock moves every rule."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from xplorium.services import clock, events, venue

XPLORIUM = Path(__file__).resolve().parents[2] / "xplorium"
# clock.py reads the time; models/base.py's utcnow is the default of created_at columns.
READERS = {XPLORIUM / "services" / "clock.py", XPLORIUM / "models" / "base.py"}
SYSTEM_TIME = re.compile(r"\b(datetime\.(now|utcnow|today)|date\.today|time\.localtime)\(|\butcnow\(\)")


def test_nothing_outside_the_clock_reads_the_system_time():
    offenders = [
        f"{path.relative_to(XPLORIUM)}:{number}: {line.strip()}"
        for path in sorted(XPLORIUM.rglob("*.py"))
        if path not in READERS
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SYSTEM_TIME.search(line)
    ]
    assert offenders == []


def test_a_moved_clock_moves_the_venues_today():
    # 23:30 UTC on Sunday 2026-03-01 is already Monday 2 March in Belgrade.
    with clock.use_clock(clock.FakeClock(datetime(2026, 3, 1, 23, 30, tzinfo=UTC))):
        assert clock.today() == date(2026, 3, 2)
        assert events.venue_today() == date(2026, 3, 2)
        assert venue.venue_today() == 0
