"""Bookings as files: CSV for spreadsheets and iCalendar (.ics) for calendar apps.

Both contain exactly the bookings the admin filtered (services.bookings.listing filters), and
every export is audited as EXPORT (format, count and the filters, never the search text).
"""

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event

from xplorium.constants import VENUE_NAME
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services import clock
from xplorium.services.bookings import listing
from xplorium.services.bookings.display import price_label
from xplorium.services.bookings.rules import TYPE_LABELS
from xplorium.services.clock import VENUE_TZ
from xplorium.services.context import RequestContext

CSV_COLUMNS = (
    "reference",
    "type",
    "status",
    "date",
    "start",
    "end",
    "duration_minutes",
    "guest_count",
    "contact_name",
    "email",
    "phone",
    "price",
    "currency",
    "paid",
    "payment_amount",
    "paid_at",
    "child_name",
    "child_age",
    "rooms",
    "special_requests",
    "admin_notes",
    "created_at",
)
# Spreadsheet apps run a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ICS_STATUS = {
    BookingStatus.PENDING: "TENTATIVE",
    BookingStatus.APPROVED: "CONFIRMED",
    BookingStatus.COMPLETED: "CONFIRMED",
    BookingStatus.CANCELLED: "CANCELLED",
    BookingStatus.REJECTED: "CANCELLED",
}
UID_DOMAIN = "bookings.xplorium.rs"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes
    count: int


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _is_plain_number(text):
        return "'" + text
    return text


def _is_plain_number(text: str) -> bool:
    """'+381641234567' or '-12.50' are data, not formulas: leave them as they are."""
    body = text[1:] if text[:1] in "+-" else text
    return bool(body) and body.replace(".", "", 1).isdigit()


def _utc_text(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _csv_row(b: Booking, room_names: str) -> dict[str, str]:
    party = b.party_details or {}
    return {
        "reference": b.reference,
        "type": BookingType(b.type).value,
        "status": BookingStatus(b.status).value,
        "date": b.date.isoformat(),
        "start": b.starts_at.strftime("%H:%M"),
        "end": b.ends_at.strftime("%H:%M"),
        "duration_minutes": str(b.duration_minutes),
        "guest_count": str(b.guest_count),
        "contact_name": b.contact_name,
        "email": b.email,
        "phone": b.phone,
        "price": str(b.price_quote),
        "currency": b.currency,
        "paid": "yes" if b.paid else "no",
        "payment_amount": "" if b.payment_amount is None else str(b.payment_amount),
        "paid_at": _utc_text(b.paid_at),
        "child_name": str(party.get("child_name") or ""),
        "child_age": str(party.get("child_age") or ""),
        "rooms": room_names,
        "special_requests": b.special_requests or "",
        "admin_notes": b.admin_notes or "",
        "created_at": _utc_text(b.created_at),
    }


def bookings_csv(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    filters, found = listing.export_bookings(ctx, data)
    held = listing.held_room_names([b.id for b in found])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for booking in found:
        writer.writerow(
            {key: _safe_cell(value) for key, value in _csv_row(booking, held.get(booking.id, "")).items()}
        )
    listing.record_export(ctx, "csv", filters, len(found))
    # A byte-order mark, so spreadsheet apps read the Serbian letters as UTF-8.
    return ExportFile(
        "xplorium-bookings.csv",
        "text/csv; charset=utf-8",
        ("\ufeff" + buffer.getvalue()).encode(),
        len(found),
    )


def _ics_event(b: Booking, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{b.reference}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", b.starts_at.replace(tzinfo=VENUE_TZ))
    event.add("dtend", b.ends_at.replace(tzinfo=VENUE_TZ))
    event.add("summary", f"{TYPE_LABELS[BookingType(b.type)]}: {b.contact_name} ({b.guest_count})")
    lines = [
        f"Reference: {b.reference}",
        f"Status: {BookingStatus(b.status).value}",
        f"Guests: {b.guest_count}",
        f"Phone: {b.phone}",
        f"Email: {b.email}",
        f"Price: {price_label(b.price_quote, b.currency)}" + (" (paid)" if b.paid else ""),
    ]
    party = b.party_details or {}
    if party.get("child_name"):
        lines.append(f"Birthday child: {party['child_name']}, {party.get('child_age') or ''}")
    if b.special_requests:
        lines.append(f"Requests: {b.special_requests}")
    event.add("description", "\n".join(lines))
    event.add("location", VENUE_NAME)
    event.add("status", ICS_STATUS[BookingStatus(b.status)])
    event.add("categories", [BookingType(b.type).value])
    return event


def bookings_ics(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    filters, found = listing.export_bookings(ctx, data)
    calendar = Calendar()
    calendar.add("prodid", f"-//{VENUE_NAME}//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{VENUE_NAME} bookings")
    calendar.add("x-wr-timezone", str(VENUE_TZ))
    stamp = clock.now().astimezone(VENUE_TZ)
    for booking in found:
        calendar.add_component(_ics_event(booking, stamp))
    # VTIMEZONE components, so every client places the local times right.
    calendar.add_missing_timezones()
    listing.record_export(ctx, "ics", filters, len(found))
    return ExportFile("xplorium-bookings.ics", "text/calendar; charset=utf-8", calendar.to_ical(), len(found))
