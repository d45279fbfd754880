"""The staff's view of bookings: filters, the list, the detail panel, exports and the calendars.

The calendar has a month, week and day view of bookings, and a day view by room: a column per
room with its bookings, events and closures as blocks and its occupancy (places used of its
capacity). Every function here reads; changes go through `transitions`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from xplorium import formatting
from xplorium.constants import BOOKING_HISTORY_MAX, BOOKINGS_PAGE_SIZE, EXPORT_MAX_ROWS, SHORT_TEXT_MAX
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models import AuditLog, Booking, Event, RoomClosure, RoomHold, User
from xplorium.models.enums import AuditAction, BookingStatus, BookingType, HoldKind
from xplorium.services import audit, catalog, deposits, rooms
from xplorium.services.authz import require_staff
from xplorium.services.bookings import places
from xplorium.services.bookings.display import (
    day_label,
    duration_label,
    local_stamp,
    price_label,
    span_label,
    time_label,
)
from xplorium.services.bookings.rules import PAYABLE, STATUS_LABELS, TYPE_LABELS, allowed_actions
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors, NotFound, ValidationFailed
from xplorium.services.holiday_hours import holidays_between
from xplorium.services.lookup import contains_text
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import parse_date
from xplorium.services.sanitize import clean_text
from xplorium.services.venue import span_on

S = BookingStatus

SORTS = {
    "starts_at": Booking.starts_at,
    "created_at": Booking.created_at,
    "status": Booking.status,
    "type": Booking.type,
    "contact_name": Booking.contact_name,
    "price": Booking.price_quote,
    "reference": Booking.reference,
}


@dataclass(frozen=True)
class BookingFilters:
    """What an admin narrowed the bookings to; shared by the list, the calendar and the exports."""

    statuses: tuple[BookingStatus, ...] = ()
    types: tuple[BookingType, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    sort: str = "starts_at"
    descending: bool = False

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (for export links)."""
        values = {
            "status": ",".join(s.value for s in self.statuses),
            "type": ",".join(t.value for t in self.types),
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "q": self.search,
            "sort": self.sort,
            "dir": "desc" if self.descending else "asc",
        }
        return {key: value for key, value in values.items() if value}


def _choices(errors: FieldErrors, name: str, value: object, enum, label: str) -> tuple:
    if value in (None, ""):
        return ()
    raw = value if isinstance(value, list | tuple) else str(value).split(",")
    picked = []
    for item in raw:
        text = str(item).strip().upper()
        if not text or text == "ALL":
            continue
        try:
            picked.append(enum(text))
        except ValueError:
            errors.add(name, _("Unknown {label}.").format(label=label))
            return ()
    return tuple(dict.fromkeys(picked))


def parse_filters(data: Mapping) -> BookingFilters:
    """Filters from a form or a query string; ValidationFailed names the bad field."""
    errors = FieldErrors()
    statuses = _choices(errors, "status", data.get("status"), BookingStatus, "status")
    types = _choices(errors, "type", data.get("type"), BookingType, _("booking type"))
    date_from = parse_date(errors, "date_from", data.get("date_from"), label=_("From date"), required=False)
    date_to = parse_date(errors, "date_to", data.get("date_to"), label=_("To date"), required=False)
    if date_from and date_to and date_to < date_from:
        errors.add("date_to", _("The end date must not be before the start date."))
    sort = str(data.get("sort") or "starts_at").strip()
    if sort not in SORTS:
        errors.add("sort", _("Unknown sort order."))
    direction = str(data.get("dir") or data.get("direction") or "asc").strip().lower()
    if direction not in ("asc", "desc"):
        errors.add("dir", _("Sort direction is asc or desc."))
    errors.raise_if_any()
    return BookingFilters(
        statuses=statuses,
        types=types,
        date_from=date_from,
        date_to=date_to,
        search=clean_text(data.get("q") or data.get("search"), max_length=SHORT_TEXT_MAX),
        sort=sort,
        descending=direction == "desc",
    )


def _phone_digits(text: str) -> str:
    """Digits a phone search can match in an E.164 number ("064 123" -> "64123")."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits.lstrip("0")


def filtered_statement(filters: BookingFilters) -> sa.Select:
    """Bookings matching `filters`, in the chosen order (id breaks ties, so pages are stable)."""
    statement = select(Booking)
    if filters.statuses:
        statement = statement.where(Booking.status.in_(filters.statuses))
    if filters.types:
        statement = statement.where(Booking.type.in_(filters.types))
    if filters.date_from:
        statement = statement.where(Booking.date >= filters.date_from)
    if filters.date_to:
        statement = statement.where(Booking.date <= filters.date_to)
    if filters.search:
        matches = [
            contains_text(
                filters.search, Booking.contact_name, Booking.email, Booking.reference, Booking.phone
            )
        ]
        digits = _phone_digits(filters.search)
        if len(digits) >= 3:
            matches.append(Booking.phone.like(f"%{digits}%"))
        statement = statement.where(sa.or_(*matches))
    column = _(SORTS[filters.sort])
    order = column.desc() if filters.descending else column.asc()
    tie = Booking.id.desc() if filters.descending else Booking.id.asc()
    if filters.sort != "starts_at":
        return statement.order_by(order, Booking.starts_at.asc(), tie)
    return statement.order_by(order, tie)


# --- what the back office shows ------------------------------------------------------------------


def row(booking: Booking, today: date | None = None, room_names: str = "") -> dict:
    """One booking as a list row / card (staff only: it carries the contact details)."""
    today = today or local_now().date()
    status = BookingStatus(booking.status)
    return {
        "id": booking.id,
        "reference": booking.reference,
        "type": BookingType(booking.type).value,
        "type_label": _(TYPE_LABELS[BookingType(booking.type)]),
        "status": status.value,
        "date": booking.date.isoformat(),
        "day_label": day_label(booking.date, today),
        "time_label": time_label(booking),
        "start": formatting.time_of_day(booking.starts_at.time()),
        "guest_count": booking.guest_count,
        "rooms": room_names,
        "contact_name": booking.contact_name,
        "email": booking.email,
        "phone": booking.phone,
        "price_label": price_label(booking.price_quote, booking.currency),
        "paid": bool(booking.paid),
        "created_label": local_stamp(booking.created_at),
    }


def rooms_held(session: Session, booking_ids: list[int]) -> dict[int, str]:
    """{booking id: "Party room, Playroom"}: the rooms each booking holds now, in one query."""
    held = places.active_holds(session, HoldKind.BOOKING, booking_ids)
    return {number: rooms.room_names(h.room_id for h in holds) for number, holds in held.items()}


def held_room_names(booking_ids: list[int]) -> dict[int, str]:
    with session_scope() as session:
        return rooms_held(session, booking_ids)


def rows(session: Session, found: list[Booking], today: date) -> list[dict]:
    names = rooms_held(session, [b.id for b in found])
    return [row(b, today, names.get(b.id, "")) for b in found]


def list_bookings(
    ctx: RequestContext, data: Mapping | None = None, page: object = 1, page_size: object = BOOKINGS_PAGE_SIZE
) -> Page[dict]:
    """One page of bookings matching the filters in `data` (see `parse_filters`)."""
    require_staff(ctx)
    filters = parse_filters(data or {})
    today = local_now().date()
    with session_scope() as session:
        found = paginate(session, filtered_statement(filters), page, page_size)
        found.items = rows(session, found.items, today)
        return found


def export_bookings(ctx: RequestContext, data: Mapping | None = None) -> tuple[BookingFilters, list[Booking]]:
    """Every booking matching the filters (at most EXPORT_MAX_ROWS), audited as an EXPORT."""
    require_staff(ctx)
    filters = parse_filters(data or {})
    with session_scope() as session:
        found = list(session.exec(filtered_statement(filters).limit(EXPORT_MAX_ROWS + 1)).all())
        if len(found) > EXPORT_MAX_ROWS:
            raise ValidationFailed(
                {
                    "date_from": _("More than {export_max_rows} bookings match; narrow the dates.").format(
                        export_max_rows=EXPORT_MAX_ROWS
                    )
                },
                message=_("More than {export_max_rows} bookings match; narrow the filters.").format(
                    export_max_rows=EXPORT_MAX_ROWS
                ),
            )
        return filters, found


def record_export(ctx: RequestContext, kind: str, filters: BookingFilters, count: int) -> None:
    """The audit entry of an export (its own small transaction, after the file was built)."""
    # The search text may be a name or a phone number: only whether there was one is kept.
    used = {key: value for key, value in filters.query().items() if key != "q"}
    if filters.search:
        used["search"] = "yes"
    with session_scope() as session:
        audit.record(
            session,
            ctx,
            AuditAction.EXPORT,
            "booking",
            None,
            {"format": kind, "count": count, "filters": used},
        )


def party_facts(details: dict | None, room_names: str) -> dict:
    details = details or {}
    return {
        "child_name": str(details.get("child_name") or ""),
        "child_age": str(details.get("child_age") or ""),
        "rooms": room_names,
        "food_and_drinks": str(details.get("food_and_drinks") or ""),
    }


def _describe(value) -> str:
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        return f"{value['from']} → {value['to']}"
    return str(value)


def _history(session: Session, booking_id: int) -> list[dict]:
    rows = session.exec(
        sa.select(AuditLog, User.name, User.email)
        .outerjoin(User, User.id == AuditLog.actor_id)
        .where(AuditLog.entity == "booking", AuditLog.entity_id == str(booking_id))
        .order_by(AuditLog.created_at.asc(), AuditLog.id.asc())
        .limit(BOOKING_HISTORY_MAX)
    ).all()
    return [
        {
            "action": entry.action,
            "when": local_stamp(entry.created_at),
            "who": name
            or email
            or ("Parent or guest" if entry.actor_id is None else f"User #{entry.actor_id}"),
            "lines": [f"{key}: {_describe(value)}" for key, value in (entry.changes or {}).items()],
        }
        for entry, name, email in rows
    ]


def _customer(session: Session, booking: Booking) -> dict:
    user = session.get(User, booking.user_id) if booking.user_id else None
    if user is None:
        return {"id": 0, "name": "", "email": "", "phone": "", "bookings": 0, "tier": "", "account": False}
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "phone": user.phone or "",
        "bookings": user.total_bookings,
        "tier": str(user.loyalty_tier or ""),
        "account": user.password_hash is not None,
    }


def detail(session: Session, booking: Booking) -> dict:
    """Everything the detail panel shows: parent, rooms, party, price, payment, notes, history."""
    status = BookingStatus(booking.status)
    names = rooms_held(session, [booking.id]).get(booking.id, "")
    facts = row(booking, room_names=names)
    facts.update(
        {
            "status_label": _(STATUS_LABELS[status]),
            "date_long": formatting.day(booking.date),
            "duration_label": duration_label(booking.duration_minutes),
            "special_requests": booking.special_requests or "",
            "is_party": BookingType(booking.type) == BookingType.PARTY,
            "party": party_facts(booking.party_details, names),
            "price": str(booking.price_quote),
            "currency": booking.currency,
            "payment_amount": "" if booking.payment_amount is None else str(booking.payment_amount),
            "payment_label": formatting.money(booking.payment_amount, booking.currency)
            if booking.payment_amount is not None
            else "",
            "paid_at": local_stamp(booking.paid_at),
            "admin_notes": booking.admin_notes or "",
            "reject_reason": booking.reject_reason or "",
            "updated_label": local_stamp(booking.updated_at),
            "approved_label": local_stamp(booking.approved_at),
            "customer": _customer(session, booking),
            "history": _history(session, booking.id),
            "actions": allowed_actions(status, bool(booking.paid)),
            **_party_day(session, booking),
        }
    )
    if facts["deposit_state"] in deposits.UNPAID and status in PAYABLE:
        facts["actions"].append("mark_deposit")
    return facts


def _party_day(session: Session, booking: Booking) -> dict:
    """The deposit and the front desk's facts of a booking, for its panel."""
    deposit = deposits.facts(session, booking, picture=False)
    return {
        "deposit_state": deposits.state_of(deposit),
        "deposit_label": deposit["amount_label"] if deposit else "",
        "deposit_amount": deposit["amount"] if deposit else "",
        "deposit_due_label": deposit["due_label"] if deposit else "",
        "deposit_received_label": (deposit["received_label"] + " · " + deposit["received_on"])
        if deposit and deposit["paid"]
        else "",
        # What the day's payment defaults to: the quote less a deposit received.
        "rest_due": str(Decimal(booking.price_quote) - deposits.received(session, booking.id)),
        "checked_in_label": local_stamp(booking.checked_in_at),
        "no_show": booking.no_show_at is not None,
    }


def booking_detail(ctx: RequestContext, booking_id: object) -> dict:
    """The detail panel of one booking."""
    require_staff(ctx)
    with session_scope() as session:
        booking = session.get(Booking, parse_booking_id(booking_id))
        if booking is None:
            raise NotFound(_("Booking not found."))
        return detail(session, booking)


def parse_booking_id(value: object) -> int:
    """A booking id from a browser, or NotFound."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise NotFound(_("Booking not found.")) from None
    if number <= 0:
        raise NotFound(_("Booking not found."))
    return number


def find_by_reference(ctx: RequestContext, reference: object) -> int | None:
    """The id of the booking with this reference (links from notifications), or None."""
    require_staff(ctx)
    text = clean_text(reference, max_length=16).upper()
    if not text:
        return None
    with session_scope() as session:
        return session.exec(select(Booking.id).where(Booking.reference == text)).first()


# --- calendar ------------------------------------------------------------------------------------

CALENDAR_VIEWS = ("month", "week", "day")


def _calendar_range(view: str, anchor: date) -> tuple[date, date]:
    """[first, last] day shown by `view` around `anchor` (weeks start on Monday)."""
    if view == "day":
        return anchor, anchor
    if view == "week":
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=6)
    month_start = anchor.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    first = month_start - timedelta(days=month_start.weekday())
    last = next_month - timedelta(days=1)
    last = last + timedelta(days=6 - last.weekday())
    return first, last


def _shift(view: str, anchor: date, step: int) -> date:
    if view == "day":
        return anchor + timedelta(days=step)
    if view == "week":
        return anchor + timedelta(days=7 * step)
    month = anchor.month - 1 + step
    year = anchor.year + month // 12
    return date(year, month % 12 + 1, 1)


def _calendar_title(view: str, anchor: date, first: date, last: date) -> str:
    if view == "day":
        return formatting.day(anchor)
    if view == "week":
        return formatting.day_range(first, last)
    return formatting.month_year(anchor)


def calendar(
    ctx: RequestContext, view: object = "month", anchor: object = "", data: Mapping | None = None
) -> dict:
    """The days of a month, week or day view with their bookings (one query).

    Without a status filter the calendar shows the bookings that take the room
    (pending, approved, completed).
    """
    require_staff(ctx)
    view = str(view or "month").lower()
    if view not in CALENDAR_VIEWS:
        raise ValidationFailed({"view": _("Choose month, week or day.")})
    today = local_now().date()
    errors = FieldErrors()
    day = parse_date(errors, "anchor", anchor, label=_("Date"), required=False) or today
    errors.raise_if_any()
    filters = parse_filters(
        {**(data or {}), "date_from": "", "date_to": "", "sort": "starts_at", "dir": "asc"}
    )
    if not filters.statuses:
        filters = BookingFilters(
            statuses=(S.PENDING, S.APPROVED, S.COMPLETED), types=filters.types, search=filters.search
        )
    first, last = _calendar_range(view, day)
    statement = filtered_statement(
        BookingFilters(
            statuses=filters.statuses,
            types=filters.types,
            date_from=first,
            date_to=last,
            search=filters.search,
        )
    )
    with session_scope() as session:
        found = list(session.exec(statement).all())
        shown = rows(session, found, today)
    by_day: dict[date, list[dict]] = {}
    for booking, shown_row in zip(found, shown, strict=True):
        by_day.setdefault(booking.date, []).append(shown_row)
    holidays = holidays_between(first, last)
    days = []
    current = first
    while current <= last:
        items = by_day.get(current, [])
        holiday = holidays.get(current.isoformat())
        days.append(
            {
                # A public holiday's name and how the venue opens that day ("" on other days).
                "holiday": holiday["name"] if holiday else "",
                "holiday_note": " ".join(filter(None, (holiday["label"], holiday["hours"])))
                if holiday
                else "",
                "iso": current.isoformat(),
                "day_number": current.day,
                "weekday": formatting.weekday_name(current.weekday(), "abbreviated").capitalize(),
                "label": formatting.short_day(current),
                "in_range": view != "month" or current.month == day.month,
                "is_today": current == today,
                "items": items,
                "count": len(items),
            }
        )
        current += timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    return {
        "view": view,
        "anchor": day.isoformat(),
        "title": _calendar_title(view, day, first, last),
        "prev": _shift(view, day, -1).isoformat(),
        "next": _shift(view, day, 1).isoformat(),
        "today": today.isoformat(),
        "days": days,
        "weeks": weeks,
        "total": len(found),
    }


# --- the day by room -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    opens: datetime
    closes: datetime

    def percent(self, moment: datetime) -> float:
        total = (self.closes - self.opens).total_seconds()
        return round(100 * min(max((moment - self.opens).total_seconds(), 0), total) / total, 2)


def _block(
    hold: RoomHold, span: _Span, booking: Booking | None, event_title: str | None, reason: str | None
) -> dict:
    if booking is not None:
        label = f"{_(TYPE_LABELS[BookingType(booking.type)])} · {booking.reference}"
        kind, status = "booking", BookingStatus(booking.status).value
    elif event_title is not None:
        label, kind, status = _("Event: {event_title}").format(event_title=event_title), "event", ""
    elif reason is not None:
        label, kind, status = _("Closed: {reason}").format(reason=reason), "closure", ""
    else:
        label, kind, status = _("Held for the waiting list"), "offer", ""
    top, bottom = span.percent(hold.starts_at), span.percent(hold.ends_at)
    return {
        "kind": kind,
        "status": status,
        "label": label,
        "booking_id": booking.id if booking is not None else 0,
        "time_label": span_label(hold.starts_at, hold.ends_at),
        "places_label": _("Whole room") if hold.whole else f"{hold.places} places",
        "top": f"{top}%",
        "height": f"{max(bottom - top, 2)}%",
    }


def room_day(ctx: RequestContext, anchor: object = "") -> dict:
    """The day by room: each active room's holds as blocks, and its occupancy that day."""
    require_staff(ctx)
    errors = FieldErrors()
    day = parse_date(errors, "anchor", anchor, label=_("Date"), required=False) or local_now().date()
    errors.raise_if_any()
    span_of_day = span_on(catalog.booking_rules(), day)
    opens, closes = span_of_day or (time(9, 0), time(21, 0))
    span = _Span(datetime.combine(day, opens), datetime.combine(day, closes))
    shown = rooms.active_rooms()
    with session_scope() as session:
        found = session.exec(
            select(RoomHold, Booking, Event.title, RoomClosure.reason)
            .outerjoin(Booking, Booking.id == RoomHold.booking_id)
            .outerjoin(Event, Event.id == RoomHold.event_id)
            .outerjoin(RoomClosure, RoomClosure.id == RoomHold.closure_id)
            .where(
                RoomHold.released_at.is_(None),
                RoomHold.starts_at < span.closes,
                RoomHold.ends_at > span.opens,
            )
            .order_by(RoomHold.starts_at, RoomHold.id)
        ).all()
        usage = places.usage(session, [r["id"] for r in shown], span.opens, span.closes)
    columns = []
    for room in shown:
        holds = [(h, b, t, r) for h, b, t, r in found if h.room_id == room["id"]]
        columns.append(
            {
                "id": room["id"],
                "name": room["name"],
                "capacity": room["capacity"],
                "blocks": _side_by_side(holds, [_block(h, span, b, t, r) for h, b, t, r in holds]),
                **_occupancy(room, usage, span),
            }
        )
    hours = []
    moment = span.opens
    while moment < span.closes:
        hours.append({"label": formatting.time_of_day(moment.time()), "top": f"{span.percent(moment)}%"})
        moment += timedelta(hours=1)
    return {
        "anchor": day.isoformat(),
        "title": formatting.day(day),
        "open": span_of_day is not None,
        "prev": (day - timedelta(days=1)).isoformat(),
        "next": (day + timedelta(days=1)).isoformat(),
        "today": local_now().date().isoformat(),
        "rooms": columns,
        "hours": hours,
    }


def _side_by_side(holds: list, blocks: list[dict]) -> list[dict]:
    """Give blocks that overlap in time lanes side by side: each gets its `left` and `width` (%).

    `holds` are in start order, `blocks` theirs; a run of blocks that overlap one another
    shares the width equally, so every block stays readable and clickable.
    """
    lanes: list[int] = []
    run: list[int] = []
    lane_ends: list[datetime] = []
    run_end: datetime | None = None

    def close_run() -> None:
        for index in run:
            blocks[index]["left"] = f"{round(100 * lanes[index] / len(lane_ends), 2)}%"
            blocks[index]["width"] = f"{round(100 / len(lane_ends), 2)}%"

    for index, (hold, *_rest) in enumerate(holds):
        if run_end is not None and hold.starts_at >= run_end:
            close_run()
            run, lane_ends, run_end = [], [], None
        lane = next((i for i, end in enumerate(lane_ends) if end <= hold.starts_at), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(hold.ends_at)
        else:
            lane_ends[lane] = hold.ends_at
        lanes.append(lane)
        run.append(index)
        run_end = hold.ends_at if run_end is None else max(run_end, hold.ends_at)
    if run:
        close_run()
    return blocks


def _occupancy(room: dict, usage: places.Usage, span: _Span) -> dict:
    """Places used at the busiest moment, and place-hours used of the day's place-hours open."""
    first, end = places.slot_of(span.opens), places.slot_after(span.closes)
    used = [
        room["capacity"] if exclusive else taken
        for taken, exclusive in (usage.taken.get((room["id"], slot), (0, 0)) for slot in range(first, end))
    ]
    peak = max(used, default=0)
    share = round(100 * sum(used) / (room["capacity"] * max(len(used), 1)))
    return {
        "peak": peak,
        "occupancy_label": f"{peak} / {room['capacity']} at the busiest · {share}% of the day",
    }
