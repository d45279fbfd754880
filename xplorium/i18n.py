"""Translations from gettext catalogs (Babel), in the locale of the moment.

`_()` translates a message in the current locale; `N_()` only marks a message for
extraction (module-level constants) and it is translated with `_()` where it is shown.
The locale is a context variable, so the same code serves both languages.

URLs: Serbian (the default) at the plain paths, English under `/en` (`localized`,
`locale_of_path`). Every page is compiled once per locale (xplorium/routes.py); event
handlers run in the locale of the page they were sent from (state/arguments.py); emails
in the recipient's stored language.
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALES = ("sr_Latn", "en")
DEFAULT_LOCALE = "sr_Latn"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
# The path prefix of each non-default locale.
PREFIXES = {"en": "/en"}
# The cookie that remembers a visitor's choice (and the language names on the switch).
COOKIE = "xp_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LABELS = {"sr_Latn": "SR", "en": "EN"}
# Paths that are not pages: never prefixed.
UNLOCALIZED = ("/api/", "/_", "/static/", "/ping", "/favicon")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("xplorium_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    return Translations.load(str(LOCALE_DIR), [locale], DOMAIN)


def current_locale() -> str:
    return _current.get()


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message


def normalize(locale: str | None) -> str:
    """One of LOCALES for a stored or submitted language ("sr", "sr-Latn", "en-GB" …)."""
    value = (locale or "").replace("-", "_").lower()
    if value.startswith("en"):
        return "en"
    if value.startswith(("sr", "hr", "bs", "sh", "cnr")):
        return "sr_Latn"
    return DEFAULT_LOCALE


def negotiate(accept_language: str | None) -> str:
    """The first of our locales an Accept-Language header asks for, else the default."""
    weighted = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag))
    for _q, _p, tag in sorted(weighted):
        if tag.lower().startswith(("en", "sr", "hr", "bs", "sh", "cnr")):
            return normalize(tag)
    return DEFAULT_LOCALE


def locale_of_path(path: str) -> str:
    for locale, prefix in PREFIXES.items():
        if path == prefix or path.startswith(prefix + "/"):
            return locale
    return DEFAULT_LOCALE


def locale_of_event(path: str) -> str:
    """The locale an event from the page at `path` runs in; the current one for an event
    that comes from no page (an empty path)."""
    return locale_of_path(path) if path else current_locale()


def unlocalized(path: str) -> str:
    """The default-locale path of a page path ("/en/book" -> "/book")."""
    prefix = PREFIXES.get(locale_of_path(path))
    if prefix is None:
        return path or "/"
    return path[len(prefix) :] or "/"


def localized(path: str, locale: str | None = None) -> str:
    """A page path in `locale` (the current one by default): "/book" -> "/en/book".

    Absolute URLs, anchors and non-page paths (API, assets) are returned as they are.
    """
    if not path.startswith("/") or path.startswith("//") or path.startswith(UNLOCALIZED):
        return path
    base = unlocalized(path)
    prefix = PREFIXES.get(locale or current_locale(), "")
    if not prefix:
        return base
    return prefix if base == "/" else prefix + base
