"""Free text from users is stored as plain text: every HTML tag removed, length bounded."""

import html
import unicodedata

import bleach

from xplorium.services.errors import FieldErrors


def strip_html(value: str) -> str:
    # Repeat until stable so entity-encoded markup ("&lt;b&gt;") cannot survive as tags.
    text = value
    for _ in range(5):
        cleaned = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True))
        if cleaned == text:
            break
        text = cleaned
    return text


def clean_text(value: object, *, max_length: int, multiline: bool = False) -> str:
    """Plain text, no markup, no control characters, trimmed."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = strip_html(text)
    allowed = {"\n", "\t"} if multiline else set()
    text = "".join(ch for ch in text if ch in allowed or unicodedata.category(ch)[0] != "C")
    if not multiline:
        text = " ".join(text.split())
    return text.strip()[:max_length]


def required_text(errors: FieldErrors, name: str, value: object, *, max_length: int, label: str) -> str:
    text = clean_text(value, max_length=max_length)
    if not text:
        errors.add(name, f"{label} is required.")
    return text
