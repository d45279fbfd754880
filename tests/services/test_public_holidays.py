"""Serbia's public holidays come from the holidays package, Orthodox dates included."""

from datetime import date, timedelta

import pytest
from dateutil.easter import EASTER_ORTHODOX, easter

from xplorium.services.public_holidays import holiday_name, holidays_of, to_latin


@pytest.mark.parametrize(
    ("year", "orthodox_easter"),
    [(2026, date(2026, 4, 12)), (2027, date(2027, 5, 2))],
)
def test_the_years_holidays_include_orthodox_christmas_and_easter(year, orthodox_easter):
    days = dict(holidays_of(year, "en"))
    assert days[date(year, 1, 7)] == "Orthodox Christmas Day"
    # The package's dates are the Orthodox (Julian) Easter, not the Western one.
    assert easter(year, EASTER_ORTHODOX) == orthodox_easter
    assert "Easter Sunday" in days[orthodox_easter]
    assert days[orthodox_easter - timedelta(days=2)] == "Good Friday"
    assert days[orthodox_easter + timedelta(days=1)] == "Easter Monday"
    assert {date(year, 1, 1), date(year, 2, 15), date(year, 5, 1), date(year, 11, 11)} <= days.keys()


def test_serbian_names_are_in_latin_script():
    assert holiday_name(date(2027, 1, 7), "sr_Latn") == "Božić"
    assert holiday_name(date(2026, 4, 12), "sr_Latn") == "Vaskrs"
    assert holiday_name(date(2026, 2, 15), "sr_Latn") == "Dan državnosti Srbije"
    assert all(
        not any("\u0400" <= c <= "\u04ff" for c in name) for _day, name in holidays_of(2027, "sr_Latn")
    )
    assert to_latin("Љубав, Њива, Џеп, Ђак") == "Ljubav, Njiva, Džep, Đak"


def test_an_ordinary_day_has_no_holiday_name():
    assert holiday_name(date(2026, 12, 2), "en") == ""
