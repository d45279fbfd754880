"""The NBS IPS QR payload of a payment order ("PR") and its picture."""

from decimal import Decimal

import pytest

from tests.support.qr import decode_png
from xplorium.services import ips_qr
from xplorium.services.errors import ValidationFailed

ACCOUNT = "160000000012345654"


def order(**changes) -> ips_qr.PaymentOrder:
    values = {
        "account": ACCOUNT,
        "payee": "Xplorium doo, Novi Beograd",
        "amount": Decimal("7200"),
        "payment_code": "289",
        "purpose": "Depozit za rodjendan XP-ABCD2345",
        "reference": "XP-ABCD2345",
    }
    return ips_qr.PaymentOrder(**{**values, **changes})


def test_a_known_booking_gives_the_exact_payload_in_nbs_order():
    assert order().payload() == (
        "K:PR|V:01|C:1|R:160000000012345654|N:Xplorium doo, Novi Beograd|I:RSD7200,00|SF:289"
        "|S:Depozit za rodjendan XP-ABCD2345|RO:9713101112132345"
    )


def test_required_tags_come_first_and_in_order():
    tags = list(ips_qr.parse_payload(order().payload()))
    assert tags[: len(ips_qr.REQUIRED_TAGS)] == list(ips_qr.REQUIRED_TAGS)
    assert tags == [t for t in ips_qr.TAG_ORDER if t in tags]
    assert not order().payload().endswith("|")


def test_the_account_is_18_digits_with_its_control_digits():
    assert ips_qr.normalize_account("160-123456-54") == ACCOUNT
    assert ips_qr.parse_payload(order(account="160-0000000123456-54").payload())["R"] == ACCOUNT
    for wrong in ("160-0000000123456-55", "16000000001234565", "abc", ""):
        with pytest.raises(ValidationFailed) as raised:
            order(account=wrong).payload()
        assert "deposit_account" in raised.value.fields


@pytest.mark.parametrize(
    ("amount", "text"),
    [("7200", "RSD7200,00"), ("1500.5", "RSD1500,50"), ("0.01", "RSD0,01"), ("1234567.891", "RSD1234567,89")],
)
def test_the_amount_has_a_decimal_comma_and_no_thousands_separator(amount, text):
    assert ips_qr.parse_payload(order(amount=Decimal(amount)).payload())["I"] == text


def test_a_zero_amount_or_a_bad_payment_code_is_refused():
    with pytest.raises(ValidationFailed) as raised:
        order(amount=Decimal(0), payment_code="389").payload()
    assert set(raised.value.fields) == {"amount", "deposit_payment_code"}


def test_the_reference_is_model_97_with_valid_control_digits_within_35_characters():
    ro = ips_qr.parse_payload(order().payload())["RO"]
    assert ro.startswith("97") and ro.isdigit() and len(ro) <= 35
    control, number = ro[2:4], ro[4:]
    # ISO 7064 MOD 97-10: the number followed by its control digits leaves 1.
    assert int(number + control) % 97 == 1
    assert number == ips_qr.reference_digits("ABCD2345")


def test_name_and_purpose_are_cut_to_their_limits_and_never_break_the_format():
    tags = ips_qr.parse_payload(
        order(payee="N" * 80 + "|x", purpose="Depozit|\nza rođendan " + "x" * 50).payload()
    )
    assert len(tags["N"]) == 70
    assert len(tags["S"]) == 35 and "|" not in tags["S"]


def test_the_png_decodes_back_to_the_same_payload_with_serbian_letters():
    payload = order(payee="Xplorium doo, Đorđa Čolakovića 1").payload()
    assert decode_png(ips_qr.qr_png(payload)) == payload
