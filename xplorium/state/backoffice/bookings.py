"""Back-office booking screens: the board's view options, the list, the calendar and the detail panel.

Thin, as the architecture asks: check the role (require_roles on every handler), build the
RequestContext, call services/bookings (listing, transitions) through `run` in a worker thread, set fields.
Every successful change is pushed to all live screens with `live.bookings_changed` AFTER the
service returned (its transaction committed).
"""

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from xplorium import live
from xplorium.constants import BOOKINGS_PAGE_SIZE
from xplorium.i18n import _
from xplorium.services import deposits
from xplorium.services.bookings import listing, transitions
from xplorium.services.clock import local_now
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.calls import call
from xplorium.state.live import kept_alive

ALL = "ALL"
FILTER_KEYS = ("status", "type", "date_from", "date_to", "q", "sort", "dir")
DEFAULT_FILTERS = {
    "status": ALL,
    "type": ALL,
    "date_from": "",
    "date_to": "",
    "q": "",
    "sort": "starts_at",
    "dir": "asc",
}
# Actions that ask for confirmation first (they cannot be undone).
CONFIRMED_ACTIONS = ("approve", "reject", "cancel", "complete", "mark_paid", "mark_deposit")


@dataclass
class _BookingFields:
    """What a booking's row in the list and its detail panel both show."""

    id: int = 0
    reference: str = ""
    type: str = ""
    type_label: str = ""
    status: str = ""
    date: str = ""
    time_label: str = ""
    guest_count: int = 0
    rooms: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    price_label: str = ""
    paid: bool = False
    created_label: str = ""


@dataclass
class BookingRow(_BookingFields):
    day_label: str = ""
    start: str = ""


def _row(data: dict, this_year: int | None = None) -> BookingRow:
    row = BookingRow(**{k: data[k] for k in BookingRow.__dataclass_fields__})
    # A list reaching into another year says which one ("Tue 3 Dec" alone is ambiguous).
    if this_year is not None and row.date[:4] != str(this_year):
        row.day_label = f"{row.day_label} {row.date[:4]}"
    return row


@dataclass
class HistoryEntry:
    action: str = ""
    when: str = ""
    who: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class BookingDetail(_BookingFields):
    status_label: str = ""
    date_long: str = ""
    duration_label: str = ""
    special_requests: str = ""
    is_party: bool = False
    child_name: str = ""
    child_age: str = ""
    food_and_drinks: str = ""
    price: str = ""
    currency: str = ""
    payment_amount: str = ""
    payment_label: str = ""
    paid_at: str = ""
    admin_notes: str = ""
    reject_reason: str = ""
    updated_label: str = ""
    approved_label: str = ""
    customer_name: str = ""
    customer_email: str = ""
    customer_phone: str = ""
    customer_bookings: int = 0
    customer_tier: str = ""
    customer_account: bool = False
    history: list[HistoryEntry] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    deposit_state: str = "none"
    deposit_label: str = ""
    deposit_amount: str = ""
    deposit_due_label: str = ""
    deposit_received_label: str = ""
    rest_due: str = ""
    checked_in_label: str = ""
    no_show: bool = False


def _detail(data: dict[str, Any]) -> BookingDetail:
    party, customer = data["party"], data["customer"]
    plain = {k: v for k, v in data.items() if k in BookingDetail.__dataclass_fields__ and k != "history"}
    return BookingDetail(
        **plain,
        child_name=party["child_name"],
        child_age=party["child_age"],
        food_and_drinks=party["food_and_drinks"],
        customer_name=customer["name"],
        customer_email=customer["email"],
        customer_phone=customer["phone"],
        customer_bookings=customer["bookings"],
        customer_tier=customer["tier"],
        customer_account=customer["account"],
        history=[HistoryEntry(**h) for h in data["history"]],
    )


# --- the detail panel and the actions ------------------------------------------------------------


@kept_alive
class BookingPanelState(StaffState):
    """The booking detail panel, shared by the board, the list and the calendar."""

    open: bool = False
    loading: bool = False
    booking_id: int = 0
    detail: BookingDetail = BookingDetail()
    # The action waiting for confirmation: one of CONFIRMED_ACTIONS or "".
    confirm: str = ""
    busy: bool = False
    errors: dict[str, str] = {}
    message: str = ""

    async def _fetch(self) -> None:
        result = await call(listing.booking_detail, request_context(), self.booking_id)
        self.loading = False
        if result.ok:
            self.detail = _detail(result.data)
            self.message = ""
        else:
            self.message = result.message

    @rx.event
    @require_roles(*STAFF)
    async def open_booking(self, booking_id: int):
        self.booking_id = int(booking_id)
        self.open, self.loading, self.confirm, self.errors, self.message = True, True, "", {}, ""
        yield
        await self._fetch()

    @rx.event
    @require_roles(*STAFF)
    def close(self):
        """Every booking page starts with the panel closed (it is shared by the three pages)."""
        self.open, self.confirm, self.errors, self.message = False, "", {}, ""

    @rx.event
    @require_roles(*STAFF)
    def set_open(self, value: bool):
        """The dialog's own close button / Escape / outside click."""
        self.open = bool(value)
        if not self.open:
            self.confirm, self.errors = "", {}

    @rx.event
    @require_roles(*STAFF, activity=False)
    async def refresh(self):
        """Another screen changed bookings: show this one as it is now."""
        if self.open and self.booking_id and not self.busy:
            await self._fetch()

    @rx.event
    @require_roles(*STAFF)
    def ask(self, action: str):
        if action in CONFIRMED_ACTIONS and action in self.detail.actions:
            self.confirm, self.errors = action, {}

    @rx.event
    @require_roles(*STAFF)
    async def ask_for(self, booking_id: int, action: str):
        """Open a booking straight at one of its confirmations (a board card's Reject)."""
        self.booking_id = int(booking_id)
        self.open, self.loading, self.errors, self.message = True, True, {}, ""
        yield
        await self._fetch()
        if action in CONFIRMED_ACTIONS and action in self.detail.actions:
            self.confirm = action

    @rx.event
    @require_roles(*STAFF)
    def dismiss(self):
        self.confirm, self.errors = "", {}

    @rx.event
    @require_roles(*STAFF)
    def confirm_open_change(self, value: bool):
        """Escape or a click outside closes a confirmation like "Keep it" does."""
        if not value:
            self.confirm, self.errors = "", {}

    async def _act(self, operation, kind: str, done: str, *args):
        """Run one action on the open booking; push it to every board when it succeeded."""
        self.busy = True
        yield
        result = await call(operation, request_context(), self.booking_id, *args)
        self.busy = False
        if not result.ok:
            self.errors = result.fields
            if not result.fields:
                self.message = result.message
                self.confirm = ""
                yield rx.toast.error(result.message, close_button=True)
                await self._fetch()
            return
        self.detail = _detail(result.data)
        self.confirm, self.errors, self.message = "", {}, ""
        live.bookings_changed(kind, self.detail.reference)
        yield rx.toast.success(done.format(reference=self.detail.reference))

    @rx.event
    @require_roles(*STAFF)
    async def approve(self):
        async for event in self._act(transitions.approve, live.APPROVED, _("Booking {reference} approved.")):
            yield event

    async def _end_with_reason(self, operation, kind: str, done: str, form_data: dict):
        """Reject or cancel: the confirmation's reason goes to the parent with the email."""
        async for event in self._act(operation, kind, done, str(form_data.get("reason", ""))):
            yield event

    @rx.event
    @require_roles(*STAFF)
    async def reject(self, form_data: dict):
        done = _("Booking {reference} rejected; the parent was emailed.")
        async for event in self._end_with_reason(transitions.reject, live.REJECTED, done, form_data):
            yield event

    @rx.event
    @require_roles(*STAFF)
    async def cancel_booking(self, form_data: dict):
        done = _("Booking {reference} cancelled; the parent was emailed.")
        async for event in self._end_with_reason(transitions.cancel, live.CANCELLED, done, form_data):
            yield event

    @rx.event
    @require_roles(*STAFF)
    async def complete(self):
        async for event in self._act(
            transitions.complete, live.COMPLETED, _("Booking {reference} completed.")
        ):
            yield event

    @rx.event
    @require_roles(*STAFF)
    async def mark_paid(self, form_data: dict):
        amount = str(form_data.get("amount", ""))
        async for event in self._act(
            transitions.mark_paid, live.PAID, _("Payment recorded for {reference}."), amount
        ):
            yield event

    @rx.event
    @require_roles(*STAFF)
    async def mark_deposit(self, form_data: dict):
        """The deposit arrived: amount and date, audited; the panel shows the booking again."""
        self.busy = True
        yield
        result = await call(
            deposits.mark_received,
            request_context(),
            self.booking_id,
            str(form_data.get("deposit_amount", "")),
            str(form_data.get("deposit_on", "")),
        )
        self.busy = False
        if not result.ok:
            self.errors = result.fields
            if not result.fields:
                self.confirm = ""
                yield rx.toast.error(result.message, close_button=True)
            return
        self.confirm, self.errors, self.message = "", {}, ""
        await self._fetch()
        live.bookings_changed(live.PAID, self.detail.reference)
        yield rx.toast.success(_("Deposit of {reference} recorded.").format(reference=self.detail.reference))

    @rx.event
    @require_roles(*STAFF)
    async def save_notes(self, form_data: dict):
        notes = str(form_data.get("admin_notes", ""))
        async for event in self._act(transitions.update_notes, live.NOTES, _("Notes saved."), notes):
            yield event


# --- the board's own view options ----------------------------------------------------------------


class BoardViewState(StaffState):
    """What this admin's board shows (the data itself is BoardShared, pushed by xplorium/live.py)."""

    scope: str = "all"

    @rx.event
    @require_roles(*STAFF)
    def load(self):
        self._show(current_user())

    @rx.event
    @require_roles(*STAFF)
    def set_scope(self, value: str | list[str]):
        self.scope = "today" if value == "today" else "all"


# --- the list ------------------------------------------------------------------------------------


def _page_number(value: Any) -> int:
    """A page number from the URL or the client; anything else is page 1."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@kept_alive
class BookingsListState(StaffState):
    filters: dict[str, str] = dict(DEFAULT_FILTERS)
    rows: list[BookingRow] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    has_more: bool = False
    errors: dict[str, str] = {}
    loading: bool = False

    @rx.var
    def export_query(self) -> str:
        values = {k: v for k, v in self.filters.items() if v and v != ALL}
        return urlencode(values)

    def _query(self) -> dict[str, str]:
        return {k: ("" if v == ALL else v) for k, v in self.filters.items()}

    def _in_address_bar(self) -> rx.event.EventSpec:
        """The filters and page in the URL, so a filtered list can be bookmarked or shared."""
        query = urlencode({**self._shown_filters(), **({"page": self.page} if self.page > 1 else {})})
        return rx.call_script(f"window.history.replaceState(null, '', {json.dumps('?' + query)})")

    def _shown_filters(self) -> dict[str, str]:
        return {k: v for k, v in self.filters.items() if v and v != ALL and v != DEFAULT_FILTERS.get(k)}

    async def _reload(self) -> None:
        result = await call(
            listing.list_bookings, request_context(), self._query(), self.page, BOOKINGS_PAGE_SIZE
        )
        self.loading = False
        if not result.ok:
            self.errors = result.fields or {"q": result.message}
            return
        self.errors = {}
        page = result.data
        this_year = local_now().year
        self.rows = [_row(r, this_year) for r in page.items]
        self.total, self.page, self.page_count, self.has_more = (
            page.total,
            page.page,
            page.page_count,
            page.has_more,
        )

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        """on_load: filters may come from the URL (?status=PENDING, ?reference=ABC123 from a notification).

        With none there, the list opens on today and what comes after it.
        """
        self._show(current_user())
        params = self.router.url.query_parameters
        self.filters = self._opening_filters()
        for key in FILTER_KEYS:
            value = str(params.get(key, "") or "")
            if value:
                self.filters[key] = value.upper() if key in ("status", "type") else value
        reference = str(params.get("reference", "") or "")
        if reference:
            self.filters["q"] = reference
        if reference or any(params.get(key) for key in FILTER_KEYS):
            self.filters["date_from"] = str(params.get("date_from", "") or "")
        self.page = _page_number(params.get("page"))
        self.loading = True
        yield
        await self._reload()
        if reference:
            found = await call(listing.find_by_reference, request_context(), reference)
            if found.ok and found.data:
                yield BookingPanelState.open_booking(found.data)

    @staticmethod
    def _opening_filters() -> dict[str, str]:
        return {**DEFAULT_FILTERS, "date_from": local_now().date().isoformat()}

    @rx.event
    @require_roles(*STAFF)
    async def apply_filters(self, form_data: dict):
        for key in ("q", "date_from", "date_to"):
            self.filters[key] = str(form_data.get(key, "") or "")
        self.page = 1
        self.loading = True
        yield
        await self._reload()
        yield self._in_address_bar()

    @rx.event
    @require_roles(*STAFF)
    async def set_filter(self, name: str, value: str):
        if name in ("status", "type"):
            self.filters[name] = value
            self.page = 1
            await self._reload()
            return self._in_address_bar()

    @rx.event
    @require_roles(*STAFF)
    async def sort_by(self, column: str):
        if column not in listing.SORTS:
            return
        if self.filters["sort"] == column:
            self.filters["dir"] = "desc" if self.filters["dir"] == "asc" else "asc"
        else:
            self.filters["sort"], self.filters["dir"] = column, "asc"
        await self._reload()
        return self._in_address_bar()

    @rx.event
    @require_roles(*STAFF)
    async def clear_filters(self):
        """Everything, past included (the opening view starts at today)."""
        self.filters = dict(DEFAULT_FILTERS)
        self.page = 1
        await self._reload()
        return self._in_address_bar()

    @rx.event
    @require_roles(*STAFF)
    async def go_to_page(self, page: int):
        self.page = _page_number(page)
        await self._reload()
        return self._in_address_bar()

    @rx.event
    @require_roles(*STAFF, activity=False)
    async def refresh(self):
        """Live: another screen changed bookings; reload the current page quietly."""
        await self._reload()


# --- the calendar --------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    iso: str = ""
    day_number: int = 0
    weekday: str = ""
    label: str = ""
    in_range: bool = True
    is_today: bool = False
    holiday: str = ""
    holiday_note: str = ""
    holiday_mode: str = ""
    # Not "items": that name is taken by the dict-like Var API in the browser-side expressions.
    bookings: list[BookingRow] = field(default_factory=list)
    count: int = 0


def _day(data: dict) -> CalendarDay:
    fields = {k: v for k, v in data.items() if k != "items"}
    return CalendarDay(**fields, bookings=[_row(i) for i in data["items"]])


# The calendar's day by room, beside month, week and day.
ROOMS_VIEW = "rooms"
CALENDAR_VIEWS = (*listing.CALENDAR_VIEWS, ROOMS_VIEW)
# Pixels per hour of the day by room (block positions are percentages of the day).
HOUR_HEIGHT_PX = 64


@dataclass
class RoomBlock:
    kind: str = ""
    status: str = ""
    label: str = ""
    booking_id: int = 0
    time_label: str = ""
    places_label: str = ""
    top: str = "0%"
    height: str = "0%"
    left: str = "0%"
    width: str = "100%"


@dataclass
class RoomColumn:
    id: int = 0
    name: str = ""
    capacity: int = 0
    peak: int = 0
    occupancy_label: str = ""
    blocks: list[RoomBlock] = field(default_factory=list)


@dataclass
class DayHour:
    label: str = ""
    top: str = "0%"


def _column(data: dict) -> RoomColumn:
    fields = {k: v for k, v in data.items() if k in RoomColumn.__dataclass_fields__ and k != "blocks"}
    return RoomColumn(**fields, blocks=[RoomBlock(**b) for b in data["blocks"]])


@kept_alive
class CalendarState(StaffState):
    view: str = "month"
    anchor: str = ""
    type_filter: str = ALL
    status_filter: str = ALL
    title: str = ""
    prev: str = ""
    next: str = ""
    today: str = ""
    days: list[CalendarDay] = []
    weeks: list[list[CalendarDay]] = []
    total: int = 0
    loading: bool = False
    message: str = ""
    room_columns: list[RoomColumn] = []
    room_hours: list[DayHour] = []
    room_day_open: bool = True
    room_day_height: str = "0px"

    async def _fetched(self, operation, *args) -> Any:
        """The service's answer for the shown view, or None with its refusal shown instead."""
        result = await call(operation, request_context(), *args)
        self.loading = False
        if not result.ok:
            self.message = result.message
            return None
        self.message = ""
        return result.data

    async def _reload(self) -> None:
        if self.view == ROOMS_VIEW:
            await self._reload_rooms()
            return
        filters = {
            "type": "" if self.type_filter == ALL else self.type_filter,
            "status": "" if self.status_filter == ALL else self.status_filter,
        }
        data = await self._fetched(listing.calendar, self.view, self.anchor, filters)
        if data is None:
            return
        self.view, self.anchor, self.title = data["view"], data["anchor"], data["title"]
        self.prev, self.next, self.today, self.total = (
            data["prev"],
            data["next"],
            data["today"],
            data["total"],
        )
        self.days = [_day(d) for d in data["days"]]
        self.weeks = [[_day(d) for d in week] for week in data["weeks"]]

    async def _reload_rooms(self) -> None:
        data = await self._fetched(listing.room_day, self.anchor)
        if data is None:
            return
        self.anchor, self.title, self.prev, self.next, self.today = (
            data["anchor"],
            data["title"],
            data["prev"],
            data["next"],
            data["today"],
        )
        self.room_columns = [_column(c) for c in data["rooms"]]
        self.room_hours = [DayHour(**h) for h in data["hours"]]
        self.room_day_open = data["open"]
        self.room_day_height = f"{len(data['hours']) * HOUR_HEIGHT_PX}px"
        self.total = sum(1 for c in data["rooms"] for b in c["blocks"] if b["kind"] == "booking")

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        params = self.router.url.query_parameters
        view = str(params.get("view", "") or "")
        self.view = view if view in CALENDAR_VIEWS else self.view or "month"
        self.anchor = str(params.get("date", "") or "")
        self.loading = True
        yield
        await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def set_view(self, view: str | list[str]):
        if isinstance(view, str) and view in CALENDAR_VIEWS:
            self.view = view
            await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def go(self, anchor: str):
        self.anchor = anchor
        await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def open_day(self, anchor: str):
        self.view, self.anchor = "day", anchor
        await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def set_type(self, value: str):
        self.type_filter = value
        await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def set_status(self, value: str):
        self.status_filter = value
        await self._reload()

    @rx.event
    @require_roles(*STAFF, activity=False)
    async def refresh(self):
        await self._reload()
