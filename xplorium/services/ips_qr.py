"""The National Bank of Serbia's IPS QR code for a payment order ("PR"): payload and picture.

The payload is `tag:value` pairs joined by `|`, in the NBS order: K (PR), V (01), C (1, UTF-8),
R (the payee's 18-digit account), N (payee name, at most 70 characters), I (`RSD` and the amount
with a decimal comma), SF (three-digit payment code), S (purpose, at most 35), RO (the payee's
reference: a two-digit model, here 97 with its ISO 7064 MOD 97-10 control digits, at most 35).
Any Serbian banking app scans it and fills in the payment.
"""

import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import segno

from xplorium.constants import IPS_ACCOUNT_DIGITS, IPS_NAME_MAX, IPS_PURPOSE_MAX, IPS_REFERENCE_MAX
from xplorium.i18n import _
from xplorium.services.errors import ValidationFailed

TAG_ORDER = ("K", "V", "C", "R", "N", "I", "SF", "S", "RO")
REQUIRED_TAGS = ("K", "V", "C", "R", "N", "I", "SF")
MODEL_97 = "97"
PAYMENT_CODE = re.compile(r"^[12]\d\d$")
_ACCOUNT_PARTS = re.compile(r"^(\d{3})-?(\d{1,13})-?(\d{2})$")


def _mod97_control(digits: str) -> str:
    """ISO 7064 MOD 97-10 control digits of a number, as the domestic accounts and model 97 use."""
    return f"{98 - (int(digits) * 100) % 97:02d}"


def normalize_account(account: str) -> str:
    """`160-5100000012345-67` or its 18 digits -> the 18 digits; raises ValueError if invalid.

    The middle part is padded with zeros to 13 digits; the last two are the control digits.
    """
    match = _ACCOUNT_PARTS.match((account or "").replace(" ", ""))
    if match is None:
        raise ValueError("not an account number")
    bank, number, control = match.groups()
    digits = bank + number.zfill(13) + control
    if len(digits) != IPS_ACCOUNT_DIGITS or _mod97_control(digits[:16]) != control:
        raise ValueError("wrong control digits")
    return digits


def format_account(digits: str) -> str:
    """The 18 digits as people write them: 160-5100000012345-67."""
    return f"{digits[:3]}-{digits[3:16]}-{digits[16:]}"


def amount_text(amount: Decimal) -> str:
    """`RSD1500,00`: the currency, the amount with a decimal comma, no thousands separator."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value <= 0:
        raise ValueError("the amount must be positive")
    return "RSD" + f"{value:.2f}".replace(".", ",")


def reference_digits(reference: str) -> str:
    """A booking reference as digits: letters as ISO 7064 numbers (A=10 ... Z=35), others dropped."""
    return "".join(str(int(ch, 36)) for ch in reference.upper() if ch.isalnum())


def payment_reference(reference: str) -> str:
    """RO: model 97, its control digits, then the booking reference in digits."""
    digits = reference_digits(reference.removeprefix("XP-"))
    return MODEL_97 + _mod97_control(digits) + digits


def _clean(value: str, limit: int) -> str:
    # "|" separates tags and a line break ends one: neither may appear inside a value.
    return re.sub(r"[|\r\n]+", " ", value).strip()[:limit]


@dataclass(frozen=True)
class PaymentOrder:
    account: str
    payee: str
    amount: Decimal
    payment_code: str
    purpose: str
    reference: str  # the booking's reference (RO is computed from it)

    def tags(self) -> dict[str, str]:
        """The tags of the payload in NBS order; raises ValidationFailed naming what is wrong."""
        errors: dict[str, str] = {}
        try:
            account = normalize_account(self.account)
        except ValueError:
            account = ""
            errors["deposit_account"] = _(
                "Enter the venue's 18-digit account number (with its control digits)."
            )
        payee = _clean(self.payee, IPS_NAME_MAX)
        if not payee:
            errors["deposit_payee"] = _("Enter the payee's name.")
        if not PAYMENT_CODE.match(self.payment_code or ""):
            errors["deposit_payment_code"] = _("A payment code is three digits starting with 1 or 2.")
        try:
            amount = amount_text(self.amount)
        except (ValueError, ArithmeticError):
            amount = ""
            errors["amount"] = _("The amount must be more than zero.")
        if errors:
            raise ValidationFailed(errors)
        tags = {
            "K": "PR",
            "V": "01",
            "C": "1",
            "R": account,
            "N": payee,
            "I": amount,
            "SF": self.payment_code,
            "S": _clean(self.purpose, IPS_PURPOSE_MAX),
            "RO": payment_reference(self.reference)[:IPS_REFERENCE_MAX],
        }
        return {tag: value for tag, value in tags.items() if value or tag in REQUIRED_TAGS}

    def payload(self) -> str:
        return "|".join(f"{tag}:{value}" for tag, value in self.tags().items())


def parse_payload(payload: str) -> dict[str, str]:
    """The tags of a payload, in their order (for tests and for reading one back)."""
    return dict(part.split(":", 1) for part in payload.split("|"))


def qr_png(text: str, scale: int = 6) -> bytes:
    """A PNG of `text` as a QR code (error correction M, as NBS asks, with a quiet zone)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_data_uri(text: str, scale: int = 6) -> str:
    """The same QR code as an SVG data URI, for a page's image."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, border=4)
