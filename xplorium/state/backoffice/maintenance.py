"""Back-office maintenance log: list, log and edit jobs, move them through their statuses."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import maintenance
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, refusal_events, to_form
from xplorium.state.backoffice.list_state import ALL, StatusWorkflowMixin, chosen
from xplorium.state.calls import call

EMPTY_FORM = {
    "equipment": "",
    "location": "",
    "closes_room": "",
    "description": "",
    "kind": "PREVENTIVE",
    "priority": "NORMAL",
    "scheduled_on": "",
    "starts_time": "",
    "ends_time": "",
    "completed_on": "",
    "cost_rsd": "",
    "performed_by": "",
    "notes": "",
}


class MaintenanceAdminState(StatusWorkflowMixin, StaffState):
    kind_filter: str = ALL
    form: dict[str, str] = dict(EMPTY_FORM)
    location_options: list[dict[str, str]] = []
    # What already holds the room in the job's window: shown before saving, the admin decides.
    in_the_way: list[str] = []
    pending: dict[str, str] = {}

    async def _fetch(self):
        return await call(
            maintenance.list_jobs,
            request_context(),
            status=chosen(self.status_filter),
            kind=chosen(self.kind_filter),
            search=self.search,
            page=self.page,
        )

    async def _fresh_visit(self, me):
        self.form_open = self.confirm_open = False
        self.in_the_way, self.pending = [], {}
        choices = await call(maintenance.room_options)
        self.location_options = choices.data if choices.ok else []

    @rx.event
    @require_roles(*STAFF)
    async def set_kind_filter(self, value: str):
        self.kind_filter = value
        return await self._first_page()

    # ------------------------------------------------------------ form

    @rx.event
    @require_roles(*STAFF)
    def new_job(self):
        self.in_the_way, self.pending = [], {}
        self._open_form(0, dict(EMPTY_FORM))

    @rx.event
    @require_roles(*STAFF)
    async def edit_job(self, job_id: int):
        result = await call(maintenance.get_job, request_context(), job_id)
        if not result.ok:
            return refusal_events(result)
        self.in_the_way, self.pending = [], {}
        self._open_form(result.data["id"], to_form({key: result.data[key] for key in EMPTY_FORM}))
        return None

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        data = {key: str(form_data.get(key, "") or "") for key in EMPTY_FORM}
        data["closes_room"] = "on" if checkbox(form_data, "closes_room") else ""
        self.saving = True
        yield
        found = await call(maintenance.in_the_way, request_context(), data, self.editing_id)
        self.saving = False
        if found.ok and found.data:
            # Bookings hold that window: the admin sees them and decides before anything is saved.
            self.form, self.pending, self.in_the_way = data, data, found.data
            return
        async for event in self._save(
            data, maintenance.create_job, maintenance.update_job, "equipment", conflict_field="closes_room"
        ):
            yield event

    @rx.event
    @require_roles(*STAFF)
    async def save_keeping_room_open(self):
        """The admin's decision: log the job, but leave the room bookable."""
        data = dict(self.pending) | {"closes_room": ""}
        self.in_the_way, self.pending = [], {}
        async for event in self._save(data, maintenance.create_job, maintenance.update_job, "equipment"):
            yield event

    @rx.event
    @require_roles(*STAFF)
    def back_to_form(self):
        self.in_the_way, self.pending = [], {}

    # ------------------------------------------------------------ status

    @rx.event
    @require_roles(*STAFF)
    async def set_job_status(self, job_id: int, status: str, equipment: str):
        if status == "CANCELLED":
            self._ask(
                "status:CANCELLED",
                job_id,
                _("Cancel “{equipment}”?").format(equipment=equipment),
                _("The job is kept in the log as cancelled; a room it closed is bookable again at once."),
                _("Cancel job"),
            )
            return None
        return await self._change_status(job_id, status)

    async def _change_status(self, job_id: int, status: str):
        result = await call(maintenance.change_status, request_context(), job_id, status)
        if not result.ok:
            return refusal_events(result)
        return await self._with_reload(
            rx.toast.success(
                _("“{equipment}” is now {status}.").format(
                    equipment=result.data["equipment"], status=result.data["status_label"].lower()
                )
            )
        )

    @rx.event
    @require_roles(*STAFF)
    async def confirm(self):
        action, status, target = self._confirmed()
        if action == "status":
            return await self._change_status(target, status)
        return None
