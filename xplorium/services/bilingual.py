"""The one rule for texts kept in both languages: Serbian always, English when it was written."""

from typing import TypeVar

from xplorium.i18n import current_locale

ENGLISH = "en"

T = TypeVar("T", str, list)


def localized(serbian: T, english: T | None, locale: str | None = None) -> T:
    """The text for `locale` (the current one by default): the English text for an English
    reader when there is one, otherwise the Serbian text, which is always there."""
    if (locale or current_locale()) == ENGLISH and english:
        return english
    return serbian
