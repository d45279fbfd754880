"""Deposits: what an approved booking of an offer that asks for one owes up front, and by when.

The offer (pricing package) says whether it needs a deposit: a share of the quote or a fixed
amount. The venue's settings say how many days the parent has, and who is paid (payee, account,
payment code, purpose). Approving such a booking opens its deposit (`open_on_approval`, from the
status machine); the parent pays it by scanning the IPS QR code (services/ips_qr.py) or by hand;
the staff mark it received. The rest is paid on the day (`transitions.mark_paid`).
"""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import Session, select

from xplorium import formatting
from xplorium.constants import DEPOSIT_DUE_DAYS_MAX, IPS_NAME_MAX, IPS_PURPOSE_MAX
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models import Booking, BookingDeposit, PricingPackage, VenueSettings
from xplorium.models.enums import AuditAction, BookingStatus, BookingType
from xplorium.services import audit, catalog, clock, ips_qr, venue
from xplorium.services.authz import require_staff
from xplorium.services.bookings.display import summary
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound, Unauthenticated, ValidationFailed
from xplorium.services.parsing import int_field, parse_amount, parse_date, parse_int
from xplorium.services.sanitize import clean_text
from xplorium.services.venue import load_settings

ENTITY = "booking"
QR_FILENAME = "ips-qr-deposit.png"
# How an offer's deposit is set on the settings page.
KIND_NONE, KIND_PERCENT, KIND_FIXED = "none", "percent", "fixed"
DEPOSIT_KINDS = (KIND_NONE, KIND_PERCENT, KIND_FIXED)
# Where a booking's deposit stands (board card, panel).
NONE, DUE, OVERDUE, RECEIVED = "none", "due", "overdue", "received"
UNPAID = (DUE, OVERDUE)


def state_of(info: Mapping[str, Any] | None) -> str:
    """NONE, DUE, OVERDUE or RECEIVED, from `facts()`."""
    if info is None:
        return NONE
    if info["paid"]:
        return RECEIVED
    return OVERDUE if info["overdue"] else DUE


def amount_for(package: PricingPackage | None, quote: Decimal) -> Decimal | None:
    """The deposit of a booking of `package` quoted at `quote`; None when it needs none."""
    if package is None:
        return None
    if package.deposit_fixed is not None:
        amount = min(Decimal(package.deposit_fixed), Decimal(quote))
    elif package.deposit_percent:
        amount = (Decimal(quote) * package.deposit_percent / 100).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
    else:
        return None
    return amount if amount > 0 else None


def open_on_approval(session: Session, booking: Booking) -> BookingDeposit | None:
    """On approval: the booking's deposit, due in the settings' days, and at the latest the day
    before the visit (today, for a visit that close)."""
    existing = session.get(BookingDeposit, booking.id)
    if existing is not None:
        return existing
    package = session.get(PricingPackage, booking.package_id) if booking.package_id else None
    amount = amount_for(package, booking.price_quote)
    if amount is None:
        return None
    days = load_settings(session).deposit_due_days
    today = local_now().date()
    due = min(today + timedelta(days=days), max(today, booking.date - timedelta(days=1)))
    deposit = BookingDeposit(booking_id=booking.id, amount=amount, due_on=due)
    session.add(deposit)
    session.flush()
    return deposit


def received(session: Session, booking_id: int) -> Decimal:
    """What the venue has received as the booking's deposit (0 when none)."""
    deposit = session.get(BookingDeposit, booking_id)
    return Decimal(deposit.received_amount) if deposit and deposit.received_amount else Decimal(0)


def payment_order(row: VenueSettings, booking: Booking, deposit: BookingDeposit) -> ips_qr.PaymentOrder:
    purpose = f"{row.deposit_purpose} {booking.reference}".strip()
    return ips_qr.PaymentOrder(
        account=row.deposit_account,
        payee=row.deposit_payee,
        amount=Decimal(deposit.amount),
        payment_code=row.deposit_payment_code,
        purpose=purpose,
        reference=booking.reference,
    )


def facts(session: Session, booking: Booking, *, picture: bool = True) -> dict[str, Any] | None:
    """What the parent's page and email show about the deposit; None without one.

    `payload` is empty when the venue's payment details are incomplete (no QR code then);
    `qr` is its picture (an SVG data URI) unless `picture` is False.
    """
    deposit = session.get(BookingDeposit, booking.id)
    if deposit is None:
        return None
    row = load_settings(session)
    try:
        tags = payment_order(row, booking, deposit).tags()
    except ValidationFailed:
        tags = {}
    payload = "|".join(f"{tag}:{value}" for tag, value in tags.items())
    return {
        "amount": str(deposit.amount),
        "amount_label": formatting.money(deposit.amount, booking.currency),
        "due_on": deposit.due_on.isoformat(),
        "due_label": formatting.day(deposit.due_on),
        "paid": deposit.received_at is not None,
        "received_label": formatting.money(deposit.received_amount, booking.currency)
        if deposit.received_amount is not None
        else "",
        "received_on": deposit.received_on.isoformat() if deposit.received_on else "",
        "overdue": deposit.overdue_at is not None and deposit.received_at is None,
        "payee": tags.get("N", ""),
        "account": ips_qr.format_account(tags["R"]) if tags else "",
        "payment_code": tags.get("SF", ""),
        "purpose": tags.get("S", ""),
        "model": ips_qr.MODEL_97 if tags else "",
        "payment_reference": tags.get("RO", "")[2:],
        "payload": payload,
        "qr": ips_qr.qr_data_uri(payload) if payload and picture else "",
    }


def email_text(info: Mapping[str, Any]) -> str:
    """The deposit part of the approval email: the same data as the QR code, for paying by hand."""
    lines = [
        _("Deposit due: {amount} by {day}.").format(amount=info["amount_label"], day=info["due_label"]),
    ]
    if info["payload"]:
        lines += [
            _("Scan the attached IPS QR code in your banking app, or pay by hand:"),
            _("Payee: {payee}").format(payee=info["payee"]),
            _("Account: {account}").format(account=info["account"]),
            _("Payment code: {code}").format(code=info["payment_code"]),
            _("Model and reference: {model} {reference}").format(
                model=info["model"], reference=info["payment_reference"]
            ),
            _("Purpose: {purpose}").format(purpose=info["purpose"]),
        ]
    else:
        lines.append(_("We will send you the payment details shortly."))
    lines.append(_("The rest is paid on the day."))
    return "\n".join(lines)


def mark_received(ctx: RequestContext, booking_ref: object, amount: object, on: object) -> dict:
    """The staff record the deposit as received (amount, date); audited, once."""
    require_staff(ctx)
    try:
        number = int(str(booking_ref).strip())
    except ValueError:
        raise NotFound(_("Booking not found.")) from None
    errors = FieldErrors()
    value = parse_amount(errors, "deposit_amount", amount, label=_("Amount"))
    day = parse_date(errors, "deposit_on", on, label=_("Date received"))
    if value is not None and value <= 0:
        errors.add("deposit_amount", _("Enter the amount received."))
    if day is not None and day > local_now().date():
        errors.add("deposit_on", _("The date cannot be in the future."))
    errors.raise_if_any()
    with session_scope() as session:
        booking = session.get(Booking, number)
        deposit = session.exec(
            select(BookingDeposit).where(BookingDeposit.booking_id == number).with_for_update()
        ).first()
        if booking is None or deposit is None:
            raise NotFound(_("This booking has no deposit."))
        if deposit.received_at is not None:
            raise Conflict(
                _("The deposit of {reference} is already marked received.").format(
                    reference=booking.reference
                )
            )
        deposit.received_amount = value
        deposit.received_on = day
        deposit.received_at = clock.now()
        session.add(deposit)
        session.flush()
        audit.record(
            session,
            ctx,
            AuditAction.PAYMENT,
            ENTITY,
            booking.id,
            {"deposit": {"amount": str(value), "on": day.isoformat()}, "reference": booking.reference},
        )
        return facts(session, booking)


def overdue(session: Session, today: date) -> list[tuple[Booking, BookingDeposit]]:
    """Unpaid deposits of approved bookings past their due date, not yet reported."""
    return list(
        session.exec(
            select(Booking, BookingDeposit)
            .join(BookingDeposit, BookingDeposit.booking_id == Booking.id)
            .where(
                Booking.status == BookingStatus.APPROVED,
                BookingDeposit.received_at.is_(None),
                BookingDeposit.overdue_at.is_(None),
                BookingDeposit.due_on < today,
            )
            .order_by(Booking.id)
            .with_for_update(of=BookingDeposit)
        ).all()
    )


# --- settings -------------------------------------------------------------------------------


def _package_kind(package: PricingPackage) -> tuple[str, str]:
    if package.deposit_fixed is not None:
        return KIND_FIXED, str(package.deposit_fixed)
    if package.deposit_percent:
        return KIND_PERCENT, str(package.deposit_percent)
    return KIND_NONE, ""


def settings_dict(session: Session) -> dict[str, Any]:
    row = load_settings(session)
    packages = session.exec(
        select(PricingPackage).order_by(
            PricingPackage.category, PricingPackage.display_order, PricingPackage.id
        )
    ).all()
    return {
        "deposit_due_days": str(row.deposit_due_days),
        "deposit_payee": row.deposit_payee,
        "deposit_account": ips_qr.format_account(row.deposit_account) if row.deposit_account else "",
        "deposit_purpose": row.deposit_purpose,
        "deposit_payment_code": row.deposit_payment_code,
        "deposit_auto_cancel": row.deposit_auto_cancel,
        "packages": [
            {"id": str(p.id), "name": p.name, "kind": _package_kind(p)[0], "value": _package_kind(p)[1]}
            for p in packages
        ],
    }


def get_settings(ctx: RequestContext) -> dict[str, Any]:
    require_staff(ctx)
    with session_scope() as session:
        return settings_dict(session)


def _validate(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    values: dict[str, Any] = {
        "deposit_due_days": int_field(
            errors, data, "deposit_due_days", minimum=0, maximum=DEPOSIT_DUE_DAYS_MAX, label=_("Days to pay")
        ),
        "deposit_payee": clean_text(data.get("deposit_payee"), max_length=IPS_NAME_MAX),
        "deposit_purpose": clean_text(data.get("deposit_purpose"), max_length=IPS_PURPOSE_MAX),
        "deposit_payment_code": clean_text(data.get("deposit_payment_code"), max_length=3),
        "deposit_auto_cancel": data.get("deposit_auto_cancel") is True,
    }
    account = clean_text(data.get("deposit_account"), max_length=24)
    try:
        values["deposit_account"] = ips_qr.normalize_account(account) if account else ""
    except ValueError:
        errors.add(
            "deposit_account",
            _(
                "Enter an 18-digit account number such as 160-0000000123456-54 (its last two digits check the rest)."
            ),
        )
    if not values["deposit_payee"]:
        errors.add("deposit_payee", _("Enter the payee's name."))
    if not ips_qr.PAYMENT_CODE.match(values["deposit_payment_code"]):
        errors.add("deposit_payment_code", _("A payment code is three digits starting with 1 or 2."))
    packages: dict[int, tuple[int | None, Decimal | None]] = {}
    rows = data.get("packages")
    for item in rows if isinstance(rows, list) else []:
        if not isinstance(item, Mapping):
            continue
        try:
            package_id = int(str(item.get("id")))
        except ValueError:
            continue
        kind, field = item.get("kind"), f"package.{package_id}"
        if kind == KIND_PERCENT:
            packages[package_id] = (
                parse_int(errors, field, item.get("value"), minimum=1, maximum=100, label=_("Share")),
                None,
            )
        elif kind == KIND_FIXED:
            fixed = parse_amount(errors, field, item.get("value"), label=_("Amount"))
            if fixed is not None and fixed <= 0:
                errors.add(field, _("Enter an amount above zero."))
            packages[package_id] = (None, fixed)
        elif kind == KIND_NONE:
            packages[package_id] = (None, None)
        else:
            errors.add(field, _("Choose no deposit, a share or a fixed amount."))
    errors.raise_if_any()
    values["packages"] = packages
    return values


def update_settings(ctx: RequestContext, data: Mapping[str, Any]) -> dict[str, Any]:
    """Save the deposit settings and each offer's deposit at once; bad input changes nothing."""
    require_staff(ctx)
    values = _validate(data)
    packages = values.pop("packages")
    with session_scope() as session:
        row = venue.settings_for_update(session)
        # The account number is said to have changed, not to what.
        changes = venue.set_settings(row, values, unlogged={"deposit_account"})
        for package in session.exec(
            select(PricingPackage).where(PricingPackage.id.in_(list(packages)))
        ).all():
            percent, fixed = packages[package.id]
            if (package.deposit_percent, package.deposit_fixed) != (percent, fixed):
                changes[f"package.{package.id}"] = {
                    "percent": percent,
                    "fixed": str(fixed) if fixed else None,
                }
                package.deposit_percent, package.deposit_fixed = percent, fixed
                package.updated_at = clock.now()
                session.add(package)
        venue.record_settings_changes(session, ctx, row, changes)
        result = settings_dict(session)
    catalog.invalidate_pricing()
    catalog.invalidate_settings()
    return result


def for_parent(ctx: RequestContext, reference: object) -> dict[str, Any]:
    """The signed-in parent's own booking: what it is, and its deposit (None without one)."""
    if ctx.actor_id is None:
        raise Unauthenticated()
    text = clean_text(reference, max_length=16).upper()
    with session_scope() as session:
        booking = session.exec(select(Booking).where(Booking.reference == text)).first()
        # Someone else's booking is "not found": its existence is not theirs to learn.
        if booking is None or booking.user_id != ctx.actor_id:
            raise NotFound(_("Booking not found."))
        return {
            "booking": summary(booking),
            "is_party": BookingType(booking.type) == BookingType.PARTY,
            "deposit": facts(session, booking),
        }
