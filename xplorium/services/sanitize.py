"""Free text from users is stored as plain text: every HTML tag removed, length bounded."""

import html
import re
import unicodedata

import bleach

from xplorium.i18n import _
from xplorium.services.errors import FieldErrors

# bleach keeps the text inside stripped tags; for these elements that text is code, not prose.
_CODE_ELEMENTS = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
# A tag still open at the end of the text: the HTML parser leaves it as text, which decodes
# back into a tag that a browser would complete.
_OPEN_TAG_AT_END = re.compile(r"<[A-Za-z!/?][^<>]*\Z")
# Each pass strips one layer of markup or of entity encoding; real text is stable after two.
_MAX_PASSES = 10
# Format characters that real text needs: joiners inside emoji and some scripts.
_KEPT_FORMAT_CHARS = {"\u200c", "\u200d"}


def strip_html(value: str) -> str:
    # Repeat until stable so entity-encoded markup ("&lt;b&gt;") cannot survive as tags.
    text = value
    for _pass in range(_MAX_PASSES):
        cleaned = _CODE_ELEMENTS.sub("", text)
        cleaned = html.unescape(bleach.clean(cleaned, tags=set(), attributes={}, strip=True))
        cleaned = _OPEN_TAG_AT_END.sub("", cleaned)
        if cleaned == text:
            return text
        text = cleaned
    # Still changing after every pass: deliberately nested encoding. Drop the brackets outright.
    return text.replace("<", "").replace(">", "")


def _allowed(ch: str) -> bool:
    if ch in ("\n", "\t"):
        return True
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch in _KEPT_FORMAT_CHARS
    return category[0] != "C"


def _without_controls(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if _allowed(ch))


def clean_text(value: object, *, max_length: int, multiline: bool = False) -> str:
    """Plain text, no markup, no control characters, trimmed, at most `max_length` characters."""
    # Cut first: markup only ever shortens when cleaned, so the field's length of input is
    # all the cleaning can use, and a megabyte of markup costs no more than a short one.
    text = unicodedata.normalize("NFC", ("" if value is None else str(value))[: max_length * 2])[:max_length]
    # Before bleach, which turns control characters into "?"; and after, as entities
    # such as "&#7;" decode into them.
    text = _without_controls(strip_html(_without_controls(text)))
    if not multiline:
        # Line breaks and tabs in a one-line field become single spaces.
        text = " ".join(text.split())
    return text.strip()[:max_length].strip()


def required_text(errors: FieldErrors, name: str, value: object, *, max_length: int, label: str) -> str:
    text = clean_text(value, max_length=max_length)
    if not text:
        errors.add(name, _("{label} is required.").format(label=label))
    return text
