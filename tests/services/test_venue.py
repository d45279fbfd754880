"""Opening hours as the public pages show them."""

from datetime import time

from xplorium.models.settings import DEFAULT_OPENING_HOURS
from xplorium.services.venue import (
    opening_hours_rows,
    opening_hours_summary,
    opening_span,
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
