"""Back-office rooms page: rooms, their capacity and buffer, and their closures."""

from collections.abc import Mapping

import reflex as rx

from xplorium.i18n import _
from xplorium.services import rooms
from xplorium.services.context import RequestContext
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, to_form
from xplorium.state.backoffice.list_state import AdminListMixin, ConfirmMixin, FormDialogMixin
from xplorium.state.calls import call

EMPTY_FORM = {"name": "", "capacity": "", "buffer_minutes": "", "active": "on"}
EMPTY_CLOSURE = {"starts_on": "", "ends_on": "", "reason": ""}


def _create(ctx: RequestContext, data: Mapping) -> dict:
    return rooms.save_room(ctx, data)


def _update(ctx: RequestContext, room_id: int, data: Mapping) -> dict:
    return rooms.save_room(ctx, data, room_id)


class RoomsAdminState(AdminListMixin, FormDialogMixin, ConfirmMixin, StaffState):
    form: dict[str, str] = dict(EMPTY_FORM)

    closure_open: bool = False
    closure_room_id: int = 0
    closure_room_name: str = ""
    closure_form: dict[str, str] = dict(EMPTY_CLOSURE)
    closure_errors: dict[str, str] = {}
    closure_message: str = ""
    closure_saving: bool = False

    async def _fetch(self):
        return await call(rooms.list_rooms, request_context())

    def _take(self, data):
        # Every room on one page: a venue has a handful.
        self.rows, self.total, self.page, self.page_count = data, len(data), 1, 1

    async def _fresh_visit(self, me):
        self.form_open = self.confirm_open = self.closure_open = False

    def _row(self, room_id: object) -> dict | None:
        return next((row for row in self.rows if str(row["id"]) == str(room_id)), None)

    @rx.event
    @require_roles(*STAFF)
    def new_room(self):
        self._open_form(0, dict(EMPTY_FORM))

    @rx.event
    @require_roles(*STAFF)
    def edit_room(self, room_id: int):
        row = self._row(room_id)
        if row is None:
            return rx.toast.error(_("That room does not exist."), close_button=True)
        self._open_form(row["id"], to_form({key: row[key] for key in EMPTY_FORM}))
        return None

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        data = {key: form_data.get(key, "") for key in EMPTY_FORM} | {"active": checkbox(form_data, "active")}
        async for event in self._save(data, _create, _update, "name"):
            yield event

    # ------------------------------------------------------------ closures

    @rx.event
    @require_roles(*STAFF)
    def ask_close(self, room_id: int):
        row = self._row(room_id)
        if row is None:
            return rx.toast.error(_("That room does not exist."), close_button=True)
        self.closure_room_id, self.closure_room_name = row["id"], row["name"]
        self.closure_form, self.closure_errors, self.closure_message = dict(EMPTY_CLOSURE), {}, ""
        self.closure_open = True
        return None

    @rx.event
    @require_roles(*STAFF)
    def close_closure_form(self):
        self.closure_open = False

    @rx.event
    @require_roles(*STAFF)
    async def save_closure(self, form_data: dict):
        data = {key: str(form_data.get(key, "") or "") for key in EMPTY_CLOSURE}
        self.closure_saving = True
        yield
        result = await call(rooms.close_room, request_context(), self.closure_room_id, data)
        self.closure_saving = False
        if not result.ok:
            # What is in the way (the service's Conflict) or the field errors, beside the form.
            self.closure_form = data
            self.closure_errors, self.closure_message = result.fields, result.message
            return
        self.closure_open = False
        yield rx.toast.success(
            _("{closure_room_name} closed {label}.").format(
                closure_room_name=self.closure_room_name, label=result.data["label"]
            )
        )
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    def ask_reopen(self, closure_id: int):
        found = next(
            ((row, c) for row in self.rows for c in row["closures"] if str(c["id"]) == str(closure_id)), None
        )
        if found is None:
            return rx.toast.error(_("That closure does not exist."), close_button=True)
        row, closure = found
        self._ask(
            "reopen",
            closure["id"],
            _("Reopen the {name} on {label}?").format(name=row["name"], label=closure["label"]),
            _("Closed for: {reason}. Those days become bookable again at once.").format(
                reason=closure["reason"]
            ),
            _("Reopen"),
        )
        return None

    @rx.event
    @require_roles(*STAFF)
    async def confirm(self):
        self.confirm_open = False
        result = await call(rooms.reopen, request_context(), self.confirm_target)
        return await self._reload_after(result, _("Reopened."))
