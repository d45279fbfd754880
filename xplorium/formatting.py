"""Dates, times, numbers and amounts as the reader's language writes them (Babel).

Every function formats in the current locale (`xplorium.i18n.current_locale`): pages are
compiled and handlers run inside the visitor's locale, emails inside the recipient's.
Times are always 24 h; phone numbers are not formatted here (they keep the national form).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from babel import dates, numbers

from xplorium.constants import CURRENCY
from xplorium.i18n import current_locale


def number(value: int | float | Decimal) -> str:
    """18000 -> "18.000" (sr) / "18,000" (en)."""
    return numbers.format_decimal(value, format="#,##0.##", locale=current_locale())


def money(amount: Decimal | str | int | float, currency: str = CURRENCY) -> str:
    """2500 -> "2.500 RSD" (sr) / "2,500 RSD" (en); cents only when there are any."""
    value = Decimal(str(amount))
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    text = numbers.format_decimal(value, format=pattern, locale=current_locale())
    return f"{text} {currency}"


def day(value: date) -> str:
    """ "petak, 4. decembar 2026." / "Friday, December 4, 2026"."""
    return dates.format_date(value, "full", locale=current_locale())


def short_day(value: date) -> str:
    """ "pet 4. dec" / "Fri, Dec 4": the day strip and lists."""
    return dates.format_skeleton("MMMEd", value, locale=current_locale())


def numeric_day(value: date) -> str:
    """ "4. 12. 2026." / "Dec 4, 2026": tables."""
    return dates.format_date(value, "medium", locale=current_locale())


def month_year(value: date) -> str:
    """ "decembar 2026." / "December 2026"."""
    return dates.format_skeleton("yMMMM", value, locale=current_locale())


def short_month(value: date) -> str:
    """ "dec 26" / "Dec 26": chart axes."""
    return dates.format_date(value, "MMM yy", locale=current_locale())


def day_range(first: date, last: date) -> str:
    """A week: "1–7. dec 2026." / "Dec 1 – 7, 2026"."""
    return dates.format_interval(first, last, "yMMMd", locale=current_locale())


def time_of_day(value: time | datetime) -> str:
    """24 h in both languages: "14:05"."""
    return value.strftime("%H:%M")


def moment(value: datetime) -> str:
    """A local date and time: "4. 12. 2026. 14:05" / "Dec 4, 2026 14:05"."""
    return f"{numeric_day(value.date())} {time_of_day(value)}"


def weekday_name(index: int, width: str = "wide") -> str:
    """0 = Monday: "ponedeljak" / "Monday" (width "abbreviated": "pon" / "Mon")."""
    return dates.get_day_names(width, locale=current_locale())[index]


def month_name(month: int, width: str = "wide") -> str:
    return dates.get_month_names(width, context="stand-alone", locale=current_locale())[month]


def relative(delta: timedelta) -> str:
    """A past (negative) or future span: "pre 5 minuta" / "5 minutes ago"."""
    return dates.format_timedelta(delta, add_direction=True, threshold=1.0, locale=current_locale())
