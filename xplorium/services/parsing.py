"""Parsing form values (strings from a browser, or typed values from code) into domain types.

The one set of parsers of the app. `to_*` return the value or None and leave the message to
the caller; `parse_*` record a message for the field on failure and return None, so a form
reports every problem at once.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from xplorium.constants import AMOUNT_MAX
from xplorium.i18n import _
from xplorium.services.errors import FieldErrors, ValidationFailed
from xplorium.services.sanitize import clean_text

S = TypeVar("S", bound=StrEnum)

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
EMAIL_MAX = 254
PHONE_TEXT_MAX = 40
PHONE_REGION = "RS"  # a number written without a country code is Serbian


def to_int(value: object) -> int | None:
    """A whole number from a form value, or None (a bool is not a number here)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str | float) or (isinstance(value, float) and not value.is_integer()):
        return None
    try:
        return int(str(value).strip()) if isinstance(value, str) else int(value)
    except ValueError:
        return None


def to_date(value: object) -> date | None:
    """An ISO date from a form value, or None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def to_time(value: object) -> time | None:
    """A wall-clock time as HH:MM (24-hour) from a form value, or None."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    return time(int(match.group(1)), int(match.group(2))) if match else None


def to_email(value: object) -> str | None:
    """A valid email address in lower case, or None (empty, too long or malformed)."""
    text = clean_text(value, max_length=EMAIL_MAX + 1)
    if not text or len(text) > EMAIL_MAX:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def to_phone(value: object) -> str | None:
    """A valid phone number in E.164 form (Serbian numbers may be written locally), or None."""
    text = clean_text(value, max_length=PHONE_TEXT_MAX)
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str | None) -> str:
    """A stored E.164 number written for people (+381 64 1234567); "" for none."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def parse_int(
    errors: FieldErrors, name: str, value: object, *, minimum: int, maximum: int, label: str
) -> int | None:
    if isinstance(value, bool):
        value = None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        errors.add(name, _("{label} must be a whole number.").format(label=label))
        return None
    if not minimum <= number <= maximum:
        errors.add(
            name,
            _("{label} must be between {minimum} and {maximum}.").format(
                label=label, minimum=minimum, maximum=maximum
            ),
        )
        return None
    return number


def int_field(
    errors: FieldErrors,
    data: Mapping,
    name: str,
    *,
    minimum: int,
    maximum: int,
    label: str,
    blank: int | None = None,
) -> int | None:
    """The form's field `name` as a whole number (parse_int, the error beside that field); a
    field left empty is `blank` when one is given."""
    value = data.get(name)
    if blank is not None:
        value = value or blank
    return parse_int(errors, name, value, minimum=minimum, maximum=maximum, label=label)


def parse_amount(errors: FieldErrors, name: str, value: object, *, label: str) -> Decimal | None:
    """A money amount: a number ≥ 0 with at most 2 decimals (comma accepted as the separator)."""
    text = str(value if value is not None else "").strip().replace(" ", "").replace(",", ".")
    if not text:
        errors.add(name, _("{label} is required.").format(label=label))
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        errors.add(name, _("{label} must be a number, e.g. 1500 or 1500.50.").format(label=label))
        return None
    if not amount.is_finite():
        errors.add(name, _("{label} must be a number, e.g. 1500 or 1500.50.").format(label=label))
        return None
    if amount < 0:
        errors.add(name, _("{label} cannot be negative.").format(label=label))
        return None
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        errors.add(name, _("{label} can have at most 2 decimals.").format(label=label))
        return None
    if amount > AMOUNT_MAX:
        errors.add(name, _("{label} is too large.").format(label=label))
        return None
    return amount.quantize(Decimal("0.01"))


def parse_date(
    errors: FieldErrors, name: str, value: object, *, label: str, required: bool = True
) -> date | None:
    """A date as YYYY-MM-DD; an empty optional one is None."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        if required:
            errors.add(name, _("{label} is required.").format(label=label))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(name, _("{label} must be a date (YYYY-MM-DD).").format(label=label))
        return None


def parse_time(errors: FieldErrors, name: str, value: object, *, label: str) -> time | None:
    """A wall-clock time as HH:MM (24-hour)."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value or "").strip()
    match = _TIME.match(text)
    if not match:
        errors.add(name, _("{label} must be a time as HH:MM, e.g. 09:30.").format(label=label))
        return None
    return time(int(match.group(1)), int(match.group(2)))


def parse_text_list(
    errors: FieldErrors,
    data: Mapping,
    name: str,
    *,
    max_items: int,
    max_length: int,
    label: str,
    separator: str = "\n",
) -> list[str]:
    """The form's field `name` as a list of short texts, from a list or from text split by
    `separator`; blanks dropped, the error beside that field."""
    value = data.get(name, [])
    if isinstance(value, str):
        raw: Iterable[object] = value.split(separator)
    elif isinstance(value, Iterable):
        raw = value
    else:
        raw = []
    items = [clean_text(item, max_length=max_length) for item in raw]
    items = [item for item in items if item]
    if len(items) > max_items:
        errors.add(name, _("At most {max_items} {label}.").format(max_items=max_items, label=label))
        return items[:max_items]
    return items


def parse_status(enum: type[S], value: object) -> S:
    """`value` as one of `enum`'s statuses; otherwise ValidationFailed on the "status" field."""
    try:
        return enum(value)
    except ValueError:
        raise ValidationFailed({"status": _("Unknown status.")}) from None
