"""Translations: every text is marked, the Serbian catalog translates all of it, and the
language is chosen as README says (Serbian at the plain paths, English under /en)."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from starlette.datastructures import Headers

from tests.support.i18n_strings import DATA_MODULES, unmarked_strings
from xplorium.config import PROJECT_ROOT
from xplorium.i18n import LOCALE_DIR, _, locale_of_path, localized, negotiate, unlocalized, use_locale
from xplorium.middleware import wanted_locale

APP = PROJECT_ROOT / "xplorium"
CHECKED_PACKAGES = ("pages", "components", "state", "services", "jobs")
# Literals that look like text but are not shown to anyone (keep this list short).
ALLOWED = {
    "[not logged]",  # what the server log shows instead of an email body
    # The default rooms' names: seed data written once to the database (edited in Rooms).
    "Party room",
    "Playroom",
    "Sensory room",
    "Cafe",
    # Commands, header values, a reference's shape and Serbian digraphs: the same in every language.
    "python -m xplorium.backup dump --output /var/backups/xplorium.json",
    "python -m xplorium.backup restore /var/backups/xplorium.json",
    "List-Unsubscribe=One-Click",
    "XP-…",
    "Lj",
    "Nj",
    "Dž",
}
PLACEHOLDER = re.compile(r"\{([^{}:!]*)[^{}]*\}")


def _app_modules():
    for package in CHECKED_PACKAGES:
        for path in sorted((APP / package).rglob("*.py")):
            if path.name not in DATA_MODULES:
                yield package, path


def test_every_user_facing_string_is_marked_for_translation():
    unmarked = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {text!r}"
        for package, path in _app_modules()
        for line, text in unmarked_strings(path.read_text(), package)
        if text not in ALLOWED
    ]
    assert unmarked == [], "wrap these in _() (or N_() at module level):\n" + "\n".join(unmarked)


def _marked_messages() -> set[str]:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(APP), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(locale: str):
    with open(Path(LOCALE_DIR) / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def test_the_serbian_catalog_translates_every_marked_message():
    catalog = _catalog("sr_Latn")
    missing, fuzzy, placeholders = [], [], []
    for message_id in sorted(_marked_messages()):
        entry = catalog.get(message_id) or next(
            (m for m in catalog if isinstance(m.id, tuple) and m.id[0] == message_id), None
        )
        strings = (entry.string if isinstance(entry.string, tuple) else (entry.string,)) if entry else ("",)
        if not all(strings):
            missing.append(message_id)
        elif "fuzzy" in entry.flags:
            fuzzy.append(message_id)
        elif any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(message_id)) for s in strings[:1]):
            placeholders.append(message_id)
    assert missing == [], "run scripts/i18n.sh extract && update, then translate:\n" + "\n".join(missing)
    assert fuzzy == [], "review these fuzzy translations:\n" + "\n".join(fuzzy)
    assert placeholders == [], "translation placeholders differ from the source:\n" + "\n".join(placeholders)


def test_messages_are_translated_in_the_current_locale():
    with use_locale("sr_Latn"):
        assert _("Book now") == "Rezerviši"
        assert _("Sensory room") == "Senzorna soba"
    with use_locale("en"):
        assert _("Book now") == "Book now"


@pytest.mark.parametrize(
    ("path", "locale", "english", "serbian"),
    [
        ("/", "sr_Latn", "/en", "/"),
        ("/book", "sr_Latn", "/en/book", "/book"),
        ("/en/book?type=PARTY", "en", "/en/book?type=PARTY", "/book?type=PARTY"),
        ("/en", "en", "/en", "/"),
        ("/events/pidzama-zurka", "sr_Latn", "/en/events/pidzama-zurka", "/events/pidzama-zurka"),
    ],
)
def test_page_paths_carry_the_language(path, locale, english, serbian):
    assert locale_of_path(path) == locale
    assert localized(path, "en") == english
    assert localized(path, "sr_Latn") == serbian
    assert unlocalized(english) == serbian


def test_links_outside_the_pages_keep_their_address():
    for path in ("/api/lang?to=en", "https://example.com/", "#main", "tel:+381111234567"):
        assert localized(path, "en") == path


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("en-US,en;q=0.9", "en"),
        ("sr-RS,sr;q=0.9,en;q=0.8", "sr_Latn"),
        ("de-DE,en;q=0.5", "en"),
        ("hr", "sr_Latn"),
        ("fr-FR", "sr_Latn"),
        ("", "sr_Latn"),
        ("en;q=0.3,sr;q=0.8", "sr_Latn"),
    ],
)
def test_accept_language_picks_the_first_language_we_speak(header, locale):
    assert negotiate(header) == locale


def test_the_remembered_choice_wins_over_the_browser_and_the_address():
    english_browser = Headers({"accept-language": "en-US"})
    chose_serbian = Headers({"accept-language": "en-US", "cookie": "a=1; xp_lang=sr_Latn"})
    serbian_browser = Headers({"accept-language": "sr"})
    assert wanted_locale("/book", english_browser) == "en"
    assert wanted_locale("/en/book", chose_serbian) == "sr_Latn"
    assert wanted_locale("/book", chose_serbian) == "sr_Latn"
    # An English address opened without a choice stays English.
    assert wanted_locale("/en/book", serbian_browser) == "en"
