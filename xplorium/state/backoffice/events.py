"""Back-office events page."""

import reflex as rx

from xplorium.services import events
from xplorium.services.result import run
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events, to_form

ALL = "ALL"
EMPTY_FORM = {
    "title": "",
    "description": "",
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
}
# What each status button says, and what the confirmation asks (None: no confirmation).
STATUS_PROMPTS = {
    "PUBLISHED": None,
    "COMPLETED": None,
    "CANCELLED": "Cancel this event? Everyone registered or waiting gets an email, and it leaves the public site.",
    "ARCHIVED": "Archive this event? It leaves the public site and the default lists.",
}


class EventsAdminState(StaffState):
    rows: list[dict] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    status_filter: str = ALL
    search: str = ""
    loading: bool = False

    form_open: bool = False
    editing_id: int = 0
    form: dict[str, str] = dict(EMPTY_FORM)
    errors: dict[str, str] = {}
    form_message: str = ""
    saving: bool = False

    confirm_open: bool = False
    confirm_title: str = ""
    confirm_body: str = ""
    confirm_label: str = ""
    confirm_action: str = ""
    confirm_target: int = 0

    attendees_open: bool = False
    attendee_event: dict = {}
    confirmed: list[dict] = []
    waiting: list[dict] = []

    # ------------------------------------------------------------ list

    def _reload(self):
        result = run(
            events.list_events,
            request_context(),
            status=None if self.status_filter == ALL else self.status_filter,
            search=self.search,
            page=self.page,
        )
        self.loading = False
        if not result.ok:
            return refusal_events(result)
        page = result.data
        self.rows, self.total, self.page, self.page_count = page.items, page.total, page.page, page.page_count
        return None

    @rx.event
    @require_roles(*STAFF)
    def load(self):
        # A page opened afresh shows no dialog left open from an earlier visit.
        self.form_open = self.attendees_open = self.confirm_open = False
        self._show_current()
        self.loading = True
        yield
        yield self._reload()

    @rx.event
    @require_roles(*STAFF)
    def set_status_filter(self, value: str):
        self.status_filter, self.page = value, 1
        return self._reload()

    @rx.event
    @require_roles(*STAFF)
    def apply_search(self, form_data: dict):
        self.search, self.page = str(form_data.get("search", "")), 1
        return self._reload()

    @rx.event
    @require_roles(*STAFF)
    def go_to_page(self, page: int):
        self.page = max(1, int(page))
        return self._reload()

    @rx.event
    @require_roles(*STAFF)
    def move(self, event_id: int, direction: str):
        result = run(events.move_event, request_context(), event_id, direction)
        if not result.ok:
            return refusal_events(result)
        return self._reload()

    # ------------------------------------------------------------ form

    @rx.event
    @require_roles(*STAFF)
    def new_event(self):
        self.editing_id, self.form, self.errors, self.form_message = 0, dict(EMPTY_FORM), {}, ""
        self.form_open = True

    @rx.event
    @require_roles(*STAFF)
    def edit_event(self, event_id: int):
        result = run(events.get_event, request_context(), event_id)
        if not result.ok:
            return refusal_events(result)
        values = result.data
        self.form = to_form({key: values[key] for key in EMPTY_FORM} | {"tags": ", ".join(values["tags"])})
        self.editing_id, self.errors, self.form_message = values["id"], {}, ""
        self.form_open = True
        return None

    @rx.event
    @require_roles(*STAFF)
    def close_form(self):
        self.form_open = False

    @rx.event
    @require_roles(*STAFF)
    def save(self, form_data: dict):
        self.saving = True
        yield
        data = {key: form_data.get(key, "") for key in EMPTY_FORM}
        if self.editing_id:
            result = run(events.update_event, request_context(), self.editing_id, data)
        else:
            result = run(events.create_event, request_context(), data)
        self.saving = False
        if not result.ok:
            # The admin's typing stays in the form; the errors appear beside the fields.
            self.form = {key: str(value) for key, value in data.items()}
            self.errors, self.form_message = result.fields, result.message
            return
        self.form_open, self.errors, self.form_message = False, {}, ""
        yield rx.toast.success(f"Saved “{result.data['title']}”.")
        yield self._reload()

    # ------------------------------------------------------------ status, delete

    @rx.event
    @require_roles(*STAFF)
    def set_event_status(self, event_id: int, status: str, title: str):
        prompt = STATUS_PROMPTS.get(status)
        if prompt:
            return self._ask(
                f"status:{status}", event_id, f"{status.title()} “{title}”?", prompt, status.title()
            )
        return self._change_status(event_id, status)

    def _change_status(self, event_id: int, status: str):
        result = run(events.change_status, request_context(), event_id, status)
        if not result.ok:
            return refusal_events(result)
        return [
            rx.toast.success(f"“{result.data['title']}” is now {status.lower()}."),
            *self._as_list(self._reload()),
        ]

    @staticmethod
    def _as_list(events_: object) -> list:
        return [] if events_ is None else list(events_)

    @rx.event
    @require_roles(*STAFF)
    def ask_delete(self, event_id: int, title: str):
        return self._ask(
            "delete",
            event_id,
            f"Delete “{title}”?",
            "The event is removed for good. Events with registrations cannot be deleted; cancel or archive them.",
            "Delete",
        )

    def _ask(self, action: str, target: int, title: str, body: str, label: str):
        self.confirm_action, self.confirm_target = action, int(target)
        self.confirm_title, self.confirm_body, self.confirm_label = title, body, label
        self.confirm_open = True

    @rx.event
    @require_roles(*STAFF)
    def cancel_confirm(self):
        self.confirm_open = False

    @rx.event
    @require_roles(*STAFF)
    def confirm(self):
        action, target = self.confirm_action, self.confirm_target
        self.confirm_open = False
        if action == "delete":
            result = run(events.delete_event, request_context(), target)
            if not result.ok:
                return refusal_events(result)
            return [rx.toast.success("Event deleted."), *self._as_list(self._reload())]
        if action.startswith("status:"):
            return self._change_status(target, action.split(":", 1)[1])
        return None

    # ------------------------------------------------------------ attendees

    @rx.event
    @require_roles(*STAFF)
    def show_attendees(self, event_id: int):
        result = run(events.attendees, request_context(), event_id)
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
    def export_csv(self):
        result = run(events.export_attendees_csv, request_context(), self.attendee_event.get("id", 0))
        if not result.ok:
            return refusal_events(result)
        filename, text = result.data
        return rx.download(data=text, filename=filename, mime_type="text/csv")

    def _show_current(self):
        self._show(current_user())
