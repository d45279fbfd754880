"""The price of a booking, always computed here from the PUBLISHED package (a browser's price is never read).

A booking names a published package of the category that matches its type; the package's
`unit` says what its `amount` is for:

    per_child, per_person   amount x guests            (the visit, whatever its length)
    per_hour                amount x hours             (hiring the room)
    per_person_hour         amount x guests x hours
    flat                    amount                     (once per booking)

where hours = duration in minutes / 60 (durations are whole half hours). The total is in the
package's currency, rounded to 0.01. The same package says what the booking holds (its room,
whole or by places: see `places`). A category with no published package cannot be booked online.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from xplorium import formatting
from xplorium.constants import DEFAULT_DURATION_MINUTES, DURATION_CHOICES_MINUTES, PRICE_UNITS
from xplorium.i18n import N_, _, ngettext
from xplorium.models.enums import BookingType, PricingCategory
from xplorium.services import catalog
from xplorium.services.bookings.display import duration_label
from xplorium.services.bookings.rules import PUBLIC_TYPES, TYPE_CATEGORY, guest_limits
from xplorium.services.errors import FieldErrors, ValidationFailed
from xplorium.services.parsing import to_int

NOT_ONLINE = N_("This cannot be booked online at the moment; please call us.")


def parse_type(value: object, *, public_only: bool = True) -> BookingType | None:
    try:
        booking_type = BookingType(str(value or "").strip().upper())
    except ValueError:
        return None
    if public_only and booking_type not in PUBLIC_TYPES:
        return None
    return booking_type


def price_for(package: Mapping, guests: int, duration_minutes: int) -> Decimal:
    """The quote of `package` for this many guests and minutes (see the module docstring)."""
    amount = Decimal(str(package["amount"]))
    hours = Decimal(duration_minutes) / Decimal(60)
    unit = package["unit"]
    if unit in ("per_child", "per_person"):
        total = amount * guests
    elif unit == "per_hour":
        total = amount * hours
    elif unit == "per_person_hour":
        total = amount * guests * hours
    elif unit == "flat":
        total = amount
    else:
        raise ValidationFailed({"package_id": _(NOT_ONLINE)})
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _breakdown(package: Mapping, guests: int, duration_minutes: int) -> str:
    amount = formatting.money(package["amount"], package["currency"])
    hours = Decimal(duration_minutes) / Decimal(60)
    hours_text = f"{hours.normalize():f} h"
    guests_text = ngettext("{count} guest", "{count} guests", guests).format(count=guests)
    return {
        "per_child": _("{amount} per child × {guests_text}").format(amount=amount, guests_text=guests_text),
        "per_person": _("{amount} per person × {guests_text}").format(amount=amount, guests_text=guests_text),
        "per_hour": _("{amount} per hour × {hours_text}").format(amount=amount, hours_text=hours_text),
        "per_person_hour": _("{amount} per person per hour × {guests_text} × {hours_text}").format(
            amount=amount, guests_text=guests_text, hours_text=hours_text
        ),
        "flat": _("{amount} per booking").format(amount=amount),
    }.get(package["unit"], "")


def quote(data: Mapping) -> dict:
    """The price of a booking as the parent is choosing it: {amount, label, breakdown, package}.

    Reads `type`, `package_id`, `guest_count` and `duration_minutes`; any price in `data`
    is ignored. Raises ValidationFailed naming the field that stops a quote.
    """
    errors = FieldErrors()
    booking_type = parse_type(data.get("type"))
    if booking_type is None:
        errors.add("type", _("Choose what you would like to book."))
        errors.raise_if_any()
    package = chosen_package(errors, booking_type, data.get("package_id"))
    guests = parse_guests(errors, booking_type, data.get("guest_count"))
    duration = parse_duration(errors, data.get("duration_minutes"))
    errors.raise_if_any()
    return quote_dict(package, guests, duration)


def quote_dict(package: dict, guests: int, duration: int) -> dict:
    price = price_for(package, guests, duration)
    return {
        "amount": str(price),
        "currency": package["currency"],
        "label": formatting.money(price, package["currency"]),
        "breakdown": _breakdown(package, guests, duration),
        "package": package["name"],
    }


def chosen_package(errors: FieldErrors, booking_type: BookingType, package_id: object) -> dict | None:
    """The published, bookable package the parent chose (it names the room it holds)."""
    category: PricingCategory = TYPE_CATEGORY[booking_type]
    bookable = [p for p in catalog.pricing_for(category) if p["unit"] in PRICE_UNITS and p["room_id"]]
    if not bookable:
        errors.add("type", _(NOT_ONLINE))
        return None
    if package_id in (None, ""):
        errors.add("package_id", _("Choose a package."))
        return None
    package = catalog.find_package(category, package_id)
    if package is None:
        errors.add("package_id", _("That package is not available; please choose another."))
        return None
    if package not in bookable:
        errors.add("package_id", _(NOT_ONLINE))
        return None
    return package


def parse_guests(errors: FieldErrors, booking_type: BookingType | None, value: object) -> int:
    low, high = guest_limits(booking_type)
    guests = to_int(value)
    if guests is None or not low <= guests <= high:
        what = _("A party") if booking_type == BookingType.PARTY else _("A booking")
        errors.add(
            "guest_count", _("{what} is for {low} to {high} guests.").format(what=what, low=low, high=high)
        )
        return low
    return guests


def parse_duration(errors: FieldErrors, value: object) -> int:
    duration = to_int(value if value not in (None, "") else DEFAULT_DURATION_MINUTES)
    if duration not in DURATION_CHOICES_MINUTES:
        choices = ", ".join(duration_label(d) for d in DURATION_CHOICES_MINUTES)
        errors.add("duration_minutes", _("Choose one of: {choices}.").format(choices=choices))
        return DEFAULT_DURATION_MINUTES
    return duration


def duration_options() -> list[dict[str, str]]:
    return [{"value": str(m), "label": duration_label(m)} for m in DURATION_CHOICES_MINUTES]
