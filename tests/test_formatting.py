"""Dates, weekdays, times and amounts as each language writes them."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from xplorium import formatting
from xplorium.i18n import use_locale

FRIDAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("locale", "day", "amount", "weekday", "short_weekday", "month", "ago"),
    [
        ("sr_Latn", "petak, 4. decembar 2026.", "18.000 RSD", "petak", "pet", "decembar", "pre 5 minuta"),
        ("en", "Friday, December 4, 2026", "18,000 RSD", "Friday", "Fri", "December", "5 minutes ago"),
    ],
)
def test_each_language_writes_dates_amounts_and_weekdays_its_own_way(
    locale, day, amount, weekday, short_weekday, month, ago
):
    with use_locale(locale):
        assert formatting.day(FRIDAY) == day
        assert formatting.money(Decimal("18000")) == amount
        assert formatting.weekday_name(FRIDAY.weekday()) == weekday
        assert formatting.weekday_name(FRIDAY.weekday(), "abbreviated") == short_weekday
        assert formatting.month_name(12) == month
        assert formatting.relative(-timedelta(minutes=5)) == ago


def test_times_are_24_hour_and_cents_show_only_when_there_are_any():
    for locale in ("sr_Latn", "en"):
        with use_locale(locale):
            assert formatting.time_of_day(time(14, 5)) == "14:05"
    with use_locale("sr_Latn"):
        assert formatting.money("1500.50") == "1.500,50 RSD"
        assert formatting.money(2500) == "2.500 RSD"
    with use_locale("en"):
        assert formatting.money("1500.50") == "1,500.50 RSD"
