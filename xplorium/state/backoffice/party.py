"""The staff's view of a party's guest list: answers, allergy summary, the kitchen's list."""

import reflex as rx

from xplorium.services import party_guests
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.list_state import PageLoadMixin
from xplorium.state.calls import call


class PartyGuestsAdminState(PageLoadMixin, StaffState):
    found: bool = False
    reference: str = ""
    title: str = ""
    when_label: str = ""
    guests: list[dict[str, str]] = []
    allergies: list[dict[str, str]] = []
    kitchen: list[dict[str, str]] = []
    coming: int = 0
    answered: int = 0
    waivers_missing: int = 0

    async def _fresh_visit(self, me):
        self.found = False

    async def _fetch(self):
        booking_id = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return await call(party_guests.for_staff, request_context(), booking_id)

    def _take(self, data):
        self.found = True
        self.reference, self.when_label = data["reference"], f"{data['date_label']}, {data['time_label']}"
        self.title = data["child_name"]
        self.guests = [{k: str(v) for k, v in g.items()} for g in data["guests"]]
        self.allergies = [{"need": a["need"], "count": str(a["count"])} for a in data["summary"]["allergies"]]
        self.kitchen = data["kitchen"]
        self.coming = data["summary"]["coming"]
        self.answered = data["summary"]["answered"]
        self.waivers_missing = data["summary"]["waivers_missing"]

    @rx.event
    @require_roles(*STAFF)
    def print_kitchen_list(self):
        return rx.call_script("window.print()")
