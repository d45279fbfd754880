"""Serbia's public holidays, Orthodox dates included, from the maintained `holidays` package.

Names are in the reader's language: English from the package, Serbian in Latin script
(the package writes Serbian in Cyrillic; the transliteration is letter for letter).
"""

from datetime import date
from functools import cache

import holidays

from xplorium.i18n import current_locale
from xplorium.services.bilingual import ENGLISH

COUNTRY = "RS"
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž", "З": "Z",
        "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N", "Њ": "Nj", "О": "O",
        "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "Ć", "У": "U", "Ф": "F", "Х": "H", "Ц": "C",
        "Ч": "Č", "Џ": "Dž", "Ш": "Š",
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
        "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
        "ч": "č", "џ": "dž", "ш": "š",
    }
)  # fmt: skip


def to_latin(text: str) -> str:
    return text.translate(_CYRILLIC_TO_LATIN)


@cache
def _calendar(year: int, language: str) -> dict[date, str]:
    return dict(holidays.country_holidays(COUNTRY, years=year, language=language))


def holidays_of(year: int, locale: str | None = None) -> list[tuple[date, str]]:
    """The year's public holidays in date order, each named in `locale` (the current one)."""
    if (locale or current_locale()) == ENGLISH:
        return sorted(_calendar(year, "en_US").items())
    return sorted((day, to_latin(name)) for day, name in _calendar(year, "sr").items())


def holiday_name(day: date, locale: str | None = None) -> str:
    """The holiday on `day`, named in `locale`, or "" when it is an ordinary day."""
    return dict(holidays_of(day.year, locale)).get(day, "")
