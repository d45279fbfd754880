"""services/parsing.py is the app's one set of form parsers (email and phone included)."""

import re
from pathlib import Path

import pytest

from xplorium.services.errors import FieldErrors
from xplorium.services.parsing import display_phone, int_field, to_email, to_phone

XPLORIUM = Path(__file__).resolve().parents[2] / "xplorium"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ana@Example.COM ", "ana@example.com"),
        ("", None),
        ("not an address", None),
        ("a@b", None),
        ("x" * 250 + "@example.com", None),  # over 254 characters: refused, never cut to fit
        (None, None),
    ],
)
def test_email_addresses(raw, expected):
    assert to_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("064 123 4567", "+381641234567"),
        ("+381 11 123 4567", "+381111234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", None),
        ("12", None),
        ("call me", None),
    ],
)
def test_phone_numbers_are_stored_in_e164(raw, expected):
    assert to_phone(raw) == expected


def test_a_stored_number_is_shown_for_people():
    assert display_phone("+381641234567") == "+381 64 1234567"
    assert display_phone(None) == ""


def test_no_other_module_parses_email_or_phone_numbers():
    own = XPLORIUM / "services" / "parsing.py"
    parsing = re.compile(r"\bphonenumbers\.parse\(|\bvalidate_email\(")
    offenders = [
        str(path.relative_to(XPLORIUM))
        for path in XPLORIUM.rglob("*.py")
        if path != own and parsing.search(path.read_text())
    ]
    assert offenders == []


def test_a_whole_number_field_is_read_and_refused_under_its_own_name():
    errors = FieldErrors()
    data = {"capacity": "12", "buffer": "", "guests": "lots"}
    assert int_field(errors, data, "capacity", minimum=1, maximum=20, label="Capacity") == 12
    assert int_field(errors, data, "buffer", minimum=0, maximum=60, label="Buffer", blank=0) == 0
    assert int_field(errors, data, "guests", minimum=1, maximum=20, label="Guests") is None
    assert int_field(errors, data, "missing", minimum=1, maximum=20, label="Missing") is None
    assert set(errors.errors) == {"guests", "missing"}
