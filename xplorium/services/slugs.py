"""URL slugs: lowercase ASCII words joined by hyphens, readable for Serbian titles."""

import unicodedata

from slugify import slugify as _transliterated_slug

from xplorium.constants import SLUG_MAX_LENGTH

# Serbian letters whose usual transliteration is not the one Unidecode gives (ž → z, not zh).
_SERBIAN = [("đ", "dj"), ("ж", "z"), ("ч", "c"), ("ћ", "c"), ("ш", "s"), ("џ", "dz"), ("х", "h"), ("ц", "c")]


def slugify(text: str, fallback: str = "item") -> str:
    lowered = (text or "").lower()
    # A symbol (®, emoji) separates words instead of becoming letters ("lego-r").
    words = "".join(" " if unicodedata.category(ch).startswith("S") else ch for ch in lowered)
    return _transliterated_slug(words, replacements=_SERBIAN, max_length=SLUG_MAX_LENGTH) or fallback


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
