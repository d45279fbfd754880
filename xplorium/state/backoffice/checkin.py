"""The front desk's check-in page: today's arrivals, search, camera scan, arrived and undo."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import checkin
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call


class CheckinState(StaffState):
    arrivals: list[dict] = []
    found: list[dict] = []
    query: str = ""
    searched: bool = False
    loading: bool = False
    working_id: str = ""
    scanning: bool = False
    scan_message: str = ""

    async def _reload(self):
        result = await call(checkin.arrivals, request_context())
        self.loading = False
        if not result.ok:
            return refusal_events(result)
        self.arrivals = result.data
        return None

    def _replace(self, row: dict) -> None:
        """Show a booking's new state in both lists."""
        self.arrivals = [row if r["id"] == row["id"] else r for r in self.arrivals]
        self.found = [row if r["id"] == row["id"] else r for r in self.found]

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        self.loading, self.found, self.searched, self.query, self.scan_message = True, [], False, "", ""
        yield
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def search(self, form_data: dict):
        self.query = str(form_data.get("query", ""))[:200]
        result = await call(checkin.find, request_context(), self.query)
        if not result.ok:
            yield refusal_events(result)
            return
        self.found, self.searched = result.data, True

    async def _mark(self, operation, booking_id: str, toast, done: str):
        """Mark one booking (arrived, or the arrival undone) and show it changed in both lists."""
        self.working_id = booking_id
        yield
        result = await call(operation, request_context(), booking_id)
        self.working_id = ""
        if not result.ok:
            yield refusal_events(result)
            return
        self._replace(result.data)
        yield toast(done.format(reference=result.data["reference"]))

    @rx.event
    @require_roles(*STAFF)
    async def arrived(self, booking_id: str):
        async for event in self._mark(
            checkin.mark_arrived, booking_id, rx.toast.success, _("{reference} checked in.")
        ):
            yield event

    @rx.event
    @require_roles(*STAFF)
    async def undo(self, booking_id: str):
        async for event in self._mark(
            checkin.undo_arrival, booking_id, rx.toast.info, _("Arrival of {reference} undone.")
        ):
            yield event

    @rx.event
    @require_roles(*STAFF)
    def toggle_scanner(self):
        self.scanning = not self.scanning
        self.scan_message = ""

    @rx.event
    @require_roles(*STAFF)
    async def scanned(self, codes: list):
        """The camera read a code: that booking is checked in (the scanner pauses meanwhile)."""
        first = codes[0] if codes and isinstance(codes[0], dict) else {}
        text = str(first.get("rawValue", ""))[:64]
        if not text or self.working_id:
            return
        self.working_id = "scan"
        yield
        result = await call(checkin.check_in_code, request_context(), text)
        self.working_id = ""
        if not result.ok:
            self.scan_message = result.message
            return
        row = result.data
        self.scan_message = _("{reference} ({name}) checked in.").format(
            reference=row["reference"], name=row["contact_name"]
        )
        self.found = [row]
        self._replace(row)

    @rx.event
    @require_roles(*STAFF)
    def camera_failed(self, error: dict):
        self.scan_message = _("The camera is not available here; type the reference or a name instead.")
        self.scanning = False
