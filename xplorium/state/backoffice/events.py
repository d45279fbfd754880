"""Back-office events page."""

import reflex as rx

from xplorium.i18n import N_, _
from xplorium.services import events, rooms
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events, to_form
from xplorium.state.backoffice.list_state import StatusWorkflowMixin, chosen
from xplorium.state.calls import call

EMPTY_FORM = {
    "title": "",
    "title_en": "",
    "description": "",
    "description_en": "",
    "date": "",
    "start_time": "17:00",
    "end_time": "19:00",
    "category": "",
    "theme": "",
    "capacity": "20",
    "price": "0",
    "location": "",
    "image_url": "",
    "tags": "",
    "room_id": "",
    "hold_mode": "PLACES",
}
# What each status button says, and what the confirmation asks (None: no confirmation).
STATUS_PROMPTS = {
    "PUBLISHED": None,
    "COMPLETED": None,
    "CANCELLED": N_(
        "Cancel this event? Everyone registered or waiting gets an email, and it leaves the public site."
    ),
    "ARCHIVED": N_("Archive this event? It leaves the public site and the default lists."),
}


class EventsAdminState(StatusWorkflowMixin, StaffState):
    form: dict[str, str] = dict(EMPTY_FORM)
    room_options: list[dict[str, str]] = []

    attendees_open: bool = False
    attendee_event: dict = {}
    confirmed: list[dict] = []
    waiting: list[dict] = []

    # ------------------------------------------------------------ list

    async def _fetch(self):
        return await call(
            events.list_events,
            request_context(),
            status=chosen(self.status_filter),
            search=self.search,
            page=self.page,
        )

    async def _fresh_visit(self, me):
        # A page opened afresh shows no dialog left open from an earlier visit.
        self.form_open = self.attendees_open = self.confirm_open = False
        choices = await call(rooms.room_choices)
        self.room_options = choices.data if choices.ok else []

    @rx.event
    @require_roles(*STAFF)
    async def move(self, event_id: int, direction: str):
        return await self._reload_after(await call(events.move_event, request_context(), event_id, direction))

    # ------------------------------------------------------------ form

    @rx.event
    @require_roles(*STAFF)
    def new_event(self):
        self._open_form(0, dict(EMPTY_FORM))

    @rx.event
    @require_roles(*STAFF)
    async def edit_event(self, event_id: int):
        result = await call(events.get_event, request_context(), event_id)
        if not result.ok:
            return refusal_events(result)
        values = result.data
        self._open_form(
            values["id"],
            to_form(
                {key: values[key] for key in EMPTY_FORM}
                # No room is the select's empty choice.
                | {"tags": ", ".join(values["tags"]), "room_id": values["room_id"] or ""}
            ),
        )
        return None

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        data = {key: form_data.get(key, "") for key in EMPTY_FORM}
        # The room refusing the event (taken at that time) is said beside the room.
        async for event in self._save(
            data, events.create_event, events.update_event, "title", conflict_field="room_id"
        ):
            yield event

    # ------------------------------------------------------------ status, delete

    @rx.event
    @require_roles(*STAFF)
    async def set_event_status(self, event_id: int, status: str, title: str):
        prompt = _(STATUS_PROMPTS.get(status))
        if prompt:
            return self._ask(
                f"status:{status}", event_id, f"{status.title()} “{title}”?", prompt, status.title()
            )
        return await self._change_status(event_id, status)

    async def _change_status(self, event_id: int, status: str):
        result = await call(events.change_status, request_context(), event_id, status)
        return await self._status_moved(result, status, "title")

    @rx.event
    @require_roles(*STAFF)
    def ask_delete(self, event_id: int, title: str):
        return self._ask(
            "delete",
            event_id,
            _("Delete “{title}”?").format(title=title),
            _(
                "The event is removed for good. Events with registrations cannot be deleted; cancel or archive them."
            ),
            _("Delete"),
        )

    @rx.event
    @require_roles(*STAFF)
    async def confirm(self):
        action, status, target = self._confirmed()
        if action == "delete":
            result = await call(events.delete_event, request_context(), target)
            return await self._reload_after(result, _("Event deleted."))
        if action == "status":
            return await self._change_status(target, status)
        return None

    # ------------------------------------------------------------ attendees

    @rx.event
    @require_roles(*STAFF)
    async def show_attendees(self, event_id: int):
        result = await call(events.attendees, request_context(), event_id)
        if not result.ok:
            return refusal_events(result)
        self.attendee_event = result.data["event"]
        self.confirmed, self.waiting = result.data["confirmed"], result.data["waiting"]
        self.attendees_open = True
        return None

    @rx.event
    @require_roles(*STAFF)
    def close_attendees(self):
        self.attendees_open = False

    @rx.event
    @require_roles(*STAFF)
    async def export_csv(self):
        result = await call(events.export_attendees_csv, request_context(), self.attendee_event.get("id", 0))
        if not result.ok:
            return refusal_events(result)
        filename, text = result.data
        return rx.download(data=text, filename=filename, mime_type="text/csv")
