"""URL slugs: lowercase ASCII words joined by hyphens, readable for Serbian titles."""

import re
import unicodedata

from xplorium.constants import SLUG_MAX_LENGTH

# Serbian Latin letters without a plain-ASCII decomposition (đ) or whose usual
# transliteration is not the bare letter, plus Serbian Cyrillic, mapped to Latin.
_TRANSLITERATION = {
    "č": "c",
    "ć": "c",
    "š": "s",
    "ž": "z",
    "đ": "dj",
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "dj",
    "е": "e",
    "ж": "z",
    "з": "z",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "c",
    "џ": "dz",
    "ш": "s",
}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "item") -> str:
    lowered = unicodedata.normalize("NFC", text or "").lower()
    mapped = "".join(_TRANSLITERATION.get(ch, ch) for ch in lowered)
    # Accents are dropped (é → e); any other symbol (dashes, emoji) separates words.
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", mapped) if not unicodedata.combining(ch))
    slug = _NON_WORD.sub("-", bare).strip("-")[:SLUG_MAX_LENGTH].rstrip("-")
    return slug or fallback


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, … — the first one not in `taken`."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
