"""Free text is stored as plain text; passwords are bcrypt-hashed and policed, tokens and references come from `secrets`."""

import ast
import string
from pathlib import Path

import bcrypt
import bleach
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xplorium.config import PROJECT_ROOT
from xplorium.constants import BCRYPT_COST, GENERATED_PASSWORD_LENGTH, PASSWORD_MIN_LENGTH
from xplorium.services import security
from xplorium.services.sanitize import clean_text
from xplorium.services.security import (
    generate_password,
    generate_reference,
    generate_token,
    hash_password,
    hash_token,
    password_problem,
    verify_password,
)

# --- sanitising -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<script>alert('x')</script>Hello", "Hello"),
        ("<SCRIPT src=//evil.example>steal()</SCRIPT >Ana", "Ana"),
        ("<style>body{display:none}</style>Marko", "Marko"),
        ('<img src=x onerror="alert(1)">Petar', "Petar"),
        ("<b>Birthday</b> for <i>Luka</i>", "Birthday for Luka"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Hi", "Hi"),
        ("&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;", "bold"),
        ("<a href='javascript:alert(1)'>click</a>", "click"),
        ("Mleko & kafa, 5 < 6", "Mleko & kafa, 5 < 6"),
        ("Đorđe Čolić šećer", "Đorđe Čolić šećer"),
    ],
)
def test_markup_is_removed_and_plain_text_kept(raw, expected):
    assert clean_text(raw, max_length=200) == expected


def test_deeply_encoded_markup_never_comes_back_as_a_tag():
    raw = "<script>x</script>"
    for _ in range(12):
        raw = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    cleaned = clean_text(raw, max_length=500)
    assert "<" not in cleaned
    assert ">" not in cleaned


def test_control_characters_are_removed():
    assert clean_text("Ana&#7;&#x202e;B", max_length=50) == "AnaB"
    assert clean_text("Ana\x00\x07 Mar\u202eko\x1b", max_length=50) == "Ana Marko"


def test_emoji_joiners_survive():
    family = "👨\u200d👩\u200d👧"
    assert clean_text(f"Party {family}", max_length=50) == f"Party {family}"


def test_single_line_collapses_whitespace_and_multiline_keeps_lines():
    assert clean_text("  Ana \n\t Marković  ", max_length=50) == "Ana Marković"
    assert clean_text("Line one\r\nLine two\n\x0bEnd", max_length=50, multiline=True) == (
        "Line one\nLine two\nEnd"
    )


def test_length_is_bounded_and_none_is_empty():
    assert clean_text("a" * 500, max_length=200) == "a" * 200
    assert clean_text("word " * 10, max_length=7) == "word wo"
    assert clean_text(None, max_length=10) == ""
    assert clean_text(0, max_length=10) == "0"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ana <img src=x onerror=alert(1)", "Ana"),
        ("Ana <svg/onload=alert(1)", "Ana"),
        ("Ana &lt;img src=x onerror=alert(1)", "Ana"),
        ("Ana </script", "Ana"),
        ("5 < 6 and <3", "5 < 6 and <3"),
    ],
)
def test_a_tag_left_open_at_the_end_is_removed(raw, expected):
    assert clean_text(raw, max_length=200) == expected


def test_input_is_cut_to_the_field_length_before_it_is_cleaned(monkeypatch):
    """900 KB of markup is not parsed: only the field's length of it reaches the HTML parser."""
    seen: list[int] = []
    real_clean = bleach.clean

    def spy(text, **kwargs):
        seen.append(len(text))
        return real_clean(text, **kwargs)

    monkeypatch.setattr(bleach, "clean", spy)
    cleaned = clean_text("<b>x</b>" * 120_000, max_length=200)
    assert cleaned == "x" * 25
    assert seen and max(seen) <= 200


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_input_leaves_a_tag_or_a_control_character(raw):
    cleaned = clean_text(raw, max_length=120)
    assert len(cleaned) <= 120
    assert "<script" not in cleaned.lower()
    assert not any(ch in cleaned for ch in "\x00\x07\x1b\r")
    assert clean_text(cleaned, max_length=120) == cleaned


# --- passwords --------------------------------------------------------------------------------


def test_password_hash_uses_cost_12_and_verifies():
    hashed = hash_password("Sunce#2026")
    assert hashed.startswith(f"$2b${BCRYPT_COST}$")
    assert "Sunce#2026" not in hashed
    assert verify_password("Sunce#2026", hashed)
    assert not verify_password("sunce#2026", hashed)
    assert bcrypt.checkpw(b"Sunce#2026", hashed.encode())


def test_verify_refuses_missing_or_broken_hashes_and_overlong_passwords():
    assert not verify_password("Sunce#2026", None)
    assert not verify_password("Sunce#2026", "")
    assert not verify_password("Sunce#2026", "not-a-bcrypt-hash")
    assert not verify_password("A1!" + "a" * 80, hash_password("Sunce#2026"))


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Ab1!", f"at least {PASSWORD_MIN_LENGTH}"),
        ("abcdefg1!", "upper-case"),
        ("ABCDEFG1!", "lower-case"),
        ("Abcdefgh!", "digit"),
        ("Abcdefgh1", "symbol"),
        ("Abcdefg1 ", "symbol"),
        ("Aa1!" + "x" * 70, "at most 72 bytes"),
    ],
)
def test_password_policy_names_what_is_missing(password, problem):
    assert problem in password_problem(password)


def test_a_good_password_passes_the_policy():
    assert password_problem("Igraonica#7") is None
    assert password_problem("Šarena_Lopta9") is None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=PASSWORD_MIN_LENGTH, max_value=40))
def test_generated_passwords_always_satisfy_the_policy(length):
    password = generate_password(length)
    assert len(password) == length
    assert password_problem(password) is None


def test_generated_passwords_are_unique():
    passwords = {generate_password() for _ in range(500)}
    assert len(passwords) == 500
    assert all(len(p) == GENERATED_PASSWORD_LENGTH for p in passwords)


def test_generated_passwords_come_from_secrets(monkeypatch):
    calls = []

    def fake_choice(seq):
        calls.append(seq)
        return seq[len(calls) % len(seq)]

    monkeypatch.setattr(security.secrets, "choice", fake_choice)
    password = generate_password(12)
    assert len(calls) >= 12
    assert set(password) <= set(string.ascii_letters + string.digits + security.SYMBOLS)


def test_no_module_of_the_app_imports_random():
    offenders = []
    for path in Path(PROJECT_ROOT, "xplorium").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name == "random" or name.startswith("random.") for name in names):
                offenders.append(str(path.relative_to(PROJECT_ROOT)))
    assert offenders == []


# --- tokens -----------------------------------------------------------------------------------


def test_tokens_are_long_unique_and_stored_only_as_a_keyed_hash():
    tokens = {generate_token() for _ in range(200)}
    assert len(tokens) == 200
    token = tokens.pop()
    assert len(token) >= 43
    digest = hash_token(token)
    assert len(digest) == 64
    assert set(digest) <= set(string.hexdigits.lower())
    assert token not in digest
    assert hash_token(token) == digest
    assert hash_token(token + "x") != digest


def test_token_hash_depends_on_the_secret_key(monkeypatch):
    token = generate_token()
    before = hash_token(token)
    monkeypatch.setattr(security.settings, "secret_key", "another-secret-key-for-this-test")
    assert hash_token(token) != before


def test_booking_references_are_readable_over_the_phone():
    references = {generate_reference() for _ in range(300)}
    assert len(references) == 300
    for reference in references:
        assert reference.startswith("XP-")
        assert len(reference) == 11
        assert not set(reference[3:]) & set("01OI")
