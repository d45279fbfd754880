"""Bookings (the columns of the bookings export, services/exports.py) and events from CSV.

`import_rows(ctx, "bookings" | "events", content, dry_run=...)` checks every row and reports each row's problems
beside it. The rows are written in ONE transaction through the booking write path's pieces
(customer record, booking, its room holds), so the rooms' ledger judges them like any booking:
a row whose time is taken (by an existing booking or an earlier row of the file) is reported.
A dry run, or a file with any problem, rolls the whole transaction back: nothing is imported.

How a row becomes a booking
- `rooms` names the rooms it holds (as the export writes them, comma-separated); a party holds
  each room whole (with its cleanup buffer), other visits one place per guest. Rejected and
  cancelled bookings hold nothing.
- `reference` is kept when given (it must be new), otherwise one is made; `created_at` is kept.
- Imported bookings send no email and notify nobody: they happened elsewhere.
- An events row has the event form's fields (EVENT_COLUMNS; `room` by name); a published
  event in a room holds it like one saved in the back office, so a clash is reported.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

import structlog
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium.constants import (
    CHILD_AGE_MAX,
    CHILD_AGE_MIN,
    CURRENCY,
    DURATION_CHOICES_MINUTES,
    GUESTS_MAX,
    IMPORT_LIMIT,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_ROWS,
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
)
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models import Booking, Event
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    AuditAction,
    BookingStatus,
    BookingType,
    EventStatus,
    HoldKind,
)
from xplorium.services import audit, catalog, events, rooms
from xplorium.services.authz import require_staff
from xplorium.services.bookings import places
from xplorium.services.bookings.writing import upsert_customer
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, ValidationFailed
from xplorium.services.exports import CSV_COLUMNS
from xplorium.services.parsing import to_email, to_phone
from xplorium.services.ratelimit import get_limiter
from xplorium.services.sanitize import clean_text
from xplorium.services.security import generate_reference

log = structlog.get_logger(__name__)

REQUIRED_COLUMNS = (
    "type",
    "status",
    "date",
    "start",
    "duration_minutes",
    "guest_count",
    "contact_name",
    "email",
)
ROOM_SEPARATOR = ","


@dataclass
class RowReport:
    line: int  # the file's line number (the header is line 1)
    reference: str
    summary: str
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "line": str(self.line),
            "reference": self.reference,
            "summary": self.summary,
            "problems": "; ".join(self.problems),
            "ok": not self.problems,
        }


@dataclass(frozen=True)
class ImportReport:
    rows: list[dict]
    imported: int
    problems: int
    dry_run: bool


class _Rollback(Exception):
    """Leaves the import's transaction without committing it (a dry run, or a problem)."""


def _text(row: dict, name: str, limit: int = SHORT_TEXT_MAX) -> str:
    return clean_text(row.get(name), max_length=limit)


def _choice(problems: list[str], enum, value: str, label: str):
    try:
        return enum(value.strip().upper())
    except ValueError:
        problems.append(_("{label}: unknown value “{value}”.").format(label=label, value=value))
        return None


def _number(problems: list[str], value: str, label: str, low: int, high: int) -> int | None:
    text = (value or "").strip()
    if not text.isdigit() or not low <= int(text) <= high:
        problems.append(
            _("{label}: enter a whole number from {low} to {high}.").format(label=label, low=low, high=high)
        )
        return None
    return int(text)


def _money(problems: list[str], value: str, label: str, required: bool) -> Decimal | None:
    text = (value or "").strip()
    if not text:
        if required:
            problems.append(_("{label} is missing.").format(label=label))
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0:
        problems.append(_("{label}: enter an amount like 2500.00.").format(label=label))
        return None
    return amount


def _moment(problems: list[str], value: str, label: str) -> datetime | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        problems.append(
            _("{label}: enter a date and time like 2026-05-31T14:00:00+00:00.").format(label=label)
        )
        return None
    return moment if moment.tzinfo else None


def _rooms(problems: list[str], value: str) -> list[dict]:
    by_name = {r["name"].lower(): r for r in rooms.all_rooms()}
    chosen = []
    for name in (part.strip() for part in (value or "").split(ROOM_SEPARATOR)):
        if not name:
            continue
        room = by_name.get(name.lower())
        if room is None:
            problems.append(_("Rooms: there is no room called “{name}”.").format(name=name))
        elif room not in chosen:
            chosen.append(room)
    return chosen


def _booking(row: dict, problems: list[str]) -> tuple[Booking | None, list[dict]]:
    """The booking a row describes, and the rooms it holds; its problems added to `problems`."""
    kind = _choice(problems, BookingType, row.get("type") or "", _("Type"))
    status = _choice(problems, BookingStatus, row.get("status") or "", _("Status"))
    try:
        day = date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        problems.append(_("Date: enter a date like 2026-05-31."))
        day = None
    try:
        start = time.fromisoformat((row.get("start") or "").strip())
    except ValueError:
        problems.append(_("Start: enter a time like 14:30."))
        start = None
    duration = _number(
        problems, row.get("duration_minutes") or "", _("Duration"), 1, max(DURATION_CHOICES_MINUTES)
    )
    guests = _number(problems, row.get("guest_count") or "", _("Guests"), 1, GUESTS_MAX)
    name = _text(row, "contact_name")
    if len(name) < 2:
        problems.append(_("Contact name is missing."))
    email = to_email(row.get("email")) or ""
    if not email:
        problems.append(_("Email: enter a valid email address."))
    phone = ""
    if (row.get("phone") or "").strip():
        phone = to_phone(row.get("phone")) or ""
        if not phone:
            problems.append(_("Phone: enter a valid phone number, e.g. 064 123 4567."))
    price = _money(problems, row.get("price") or "", _("Price"), required=True)
    payment = _money(problems, row.get("payment_amount") or "", _("Payment amount"), required=False)
    paid = (row.get("paid") or "").strip().lower() in {"yes", "true", "1"}
    paid_at = _moment(problems, row.get("paid_at") or "", _("Paid at"))
    created_at = _moment(problems, row.get("created_at") or "", _("Created at"))
    party = None
    if kind == BookingType.PARTY:
        age = _number(problems, row.get("child_age") or "", _("Child's age"), CHILD_AGE_MIN, CHILD_AGE_MAX)
        party = {"child_name": _text(row, "child_name"), "child_age": age, "rooms": [], "food_and_drinks": ""}
    held = _rooms(problems, row.get("rooms") or "")
    if status in ACTIVE_BOOKING_STATUSES and not held:
        problems.append(_("Rooms: name the room the booking holds."))
    if problems:
        return None, held
    starts_at = datetime.combine(day, start)
    ends_at = starts_at + timedelta(minutes=duration)
    whole = kind == BookingType.PARTY
    buffer = max((r["buffer_minutes"] for r in held), default=0) if whole else 0
    if party is not None:
        party["rooms"] = [r["slug"] for r in held]
    booking = Booking(
        reference=_text(row, "reference", 16).upper() or generate_reference(),
        type=kind,
        status=status,
        date=day,
        start_time=start,
        duration_minutes=duration,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=ends_at + timedelta(minutes=buffer),
        guest_count=guests,
        contact_name=name,
        email=email,
        phone=phone,
        special_requests=clean_text(row.get("special_requests"), max_length=LONG_TEXT_MAX, multiline=True),
        admin_notes=clean_text(row.get("admin_notes"), max_length=LONG_TEXT_MAX, multiline=True),
        party_details=party,
        price_quote=price,
        currency=_text(row, "currency", 3).upper() or CURRENCY,
        paid=paid,
        payment_amount=payment,
        paid_at=paid_at,
    )
    if created_at is not None:
        booking.created_at = booking.updated_at = created_at
    return booking, held


def _write(session: Session, booking: Booking, held: list[dict], report: RowReport) -> None:
    """Write one row's booking and holds inside a savepoint; a refusal becomes the row's problem."""
    if session.exec(select(Booking.id).where(Booking.reference == booking.reference)).first() is not None:
        report.problems.append(
            _("Reference {reference} is already used.").format(reference=booking.reference)
        )
        return
    whole = booking.type == BookingType.PARTY
    holds = (
        places.ordered(
            places.hold_in(r, booking.starts_at, booking.ends_at, booking.guest_count, whole) for r in held
        )
        if booking.status in ACTIVE_BOOKING_STATUSES
        else []
    )
    if holds:
        usage = places.usage(
            session, [h.room_id for h in holds], holds[0].starts_at, max(h.ends_at for h in holds)
        )
        by_id = {r["id"]: r for r in held}
        if not all(usage.fits(h, by_id[h.room_id]) for h in holds):
            report.problems.append(
                _("That time is already taken in {rooms}.").format(
                    rooms=rooms.room_names(r["id"] for r in held)
                )
            )
            return
    try:
        with session.begin_nested():
            booking.user_id = upsert_customer(
                session, booking.email, booking.contact_name, booking.phone or None
            )
            session.add(booking)
            session.flush()
            if holds:
                places.add(session, holds, HoldKind.BOOKING, booking.id)
    except IntegrityError as error:
        if not places.is_full(error):
            raise
        report.problems.append(_("That time is already taken."))


def _booking_row(session: Session, row: dict, report: RowReport) -> str:
    """Check and write one bookings row; its reference."""
    booking, held = _booking(row, report.problems)
    if booking is None:
        return ""
    _write(session, booking, held, report)
    return booking.reference


# ---------------------------------------------------------------- events

EVENT_COLUMNS = (
    "title",
    "description",
    "date",
    "start_time",
    "end_time",
    "category",
    "theme",
    "location",
    "capacity",
    "price",
    "room",
    "hold_mode",
    "status",
    "tags",
    "image_url",
)
EVENT_REQUIRED = ("title", "date", "start_time", "end_time", "capacity")


def _event_row(session: Session, row: dict, report: RowReport) -> str:
    """Check and write one events row (a published event in a room holds it); its slug."""
    room = None
    room_name = (row.get("room") or "").strip()
    if room_name:
        room = next((r for r in rooms.all_rooms() if r["name"].lower() == room_name.lower()), None)
        if room is None:
            report.problems.append(_("Room: there is no room called “{name}”.").format(name=room_name))
    status = _choice(report.problems, EventStatus, row.get("status") or EventStatus.DRAFT.value, _("Status"))
    try:
        # Past events are history, so no "today or later" rule (is_new=False).
        values = events.validate_event({**row, "room_id": room["id"] if room else ""}, is_new=False)
    except ValidationFailed as invalid:
        report.problems.extend(f"{field}: {message}" for field, message in invalid.fields.items())
        return ""
    if report.problems:
        return ""
    event = Event(**values, slug="", status=status, display_order=report.line)
    try:
        with session.begin_nested():
            events._assign_slug(session, event)  # the events service's own rules for slugs and holds
            events._sync_hold(session, event)
    except Conflict as conflict:
        report.problems.append(conflict.message)
        return ""
    return event.slug


@dataclass(frozen=True)
class _Kind:
    entity: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    summary: tuple[str, ...]  # the columns that describe a row in the report
    write: Callable[[Session, dict, RowReport], str]


KINDS = {
    "bookings": _Kind(
        "booking", CSV_COLUMNS, REQUIRED_COLUMNS, ("date", "start", "type", "rooms"), _booking_row
    ),
    "events": _Kind(
        "event", EVENT_COLUMNS, EVENT_REQUIRED, ("date", "start_time", "title", "room"), _event_row
    ),
}


def read_rows(content: bytes, kind: _Kind) -> list[dict]:
    """The file's rows as dicts; ValidationFailed when it is not a CSV with the kind's columns."""
    if len(content) > IMPORT_MAX_BYTES:
        raise ValidationFailed(
            {"file": _("The file is larger than {size} MB.").format(size=IMPORT_MAX_BYTES // 1_000_000)}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed({"file": _("Save the file as UTF-8 CSV.")}) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in kind.required if c not in header]
    if missing:
        raise ValidationFailed(
            {"file": _("The file lacks the columns {names}.").format(names=", ".join(missing))}
        )
    unknown = [c for c in header if c not in kind.columns]
    if unknown:
        raise ValidationFailed({"file": _("Unknown columns: {names}.").format(names=", ".join(unknown))})
    rows = [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    if not rows:
        raise ValidationFailed({"file": _("The file has no rows.")})
    if len(rows) > IMPORT_MAX_ROWS:
        raise ValidationFailed({"file": _("At most {count} rows per file.").format(count=IMPORT_MAX_ROWS)})
    return rows


def import_rows(ctx: RequestContext, what: object, content: bytes, *, dry_run: bool) -> ImportReport:
    """Check (dry run) or import every row of a bookings or events CSV, all or nothing;
    audited as IMPORT."""
    actor = require_staff(ctx)
    kind = KINDS.get(str(what))
    if kind is None:
        raise ValidationFailed({"kind": _("Choose bookings or events.")})
    get_limiter().hit("import", str(actor), *IMPORT_LIMIT)
    rows = read_rows(content, kind)
    reports: list[RowReport] = []
    written: list[str] = []
    try:
        with session_scope() as session:
            for number, row in enumerate(rows, start=2):
                report = RowReport(
                    number,
                    (row.get("reference") or "").strip(),
                    " ".join(v for v in (row.get(c) for c in kind.summary) if v),
                )
                report.reference = kind.write(session, row, report) or report.reference
                written.append(report.reference)
                reports.append(report)
            bad = sum(1 for r in reports if r.problems)
            if dry_run or bad:
                raise _Rollback
            audit.record(session, ctx, AuditAction.IMPORT, kind.entity, None, {"rows": len(reports)})
    except _Rollback:
        with session_scope() as session:
            audit.record(
                session,
                ctx,
                AuditAction.IMPORT,
                kind.entity,
                None,
                {"rows": len(reports), "dry_run": dry_run, "problems": bad},
            )
    imported = 0 if dry_run or bad else len(reports)
    if imported and kind is KINDS["events"]:
        catalog.invalidate_events(*written)
    log.info(
        "rows_imported", kind=kind.entity, rows=len(reports), imported=imported, problems=bad, dry_run=dry_run
    )
    return ImportReport([r.as_dict() for r in reports], imported, bad, dry_run)
