"""Back-office failed-jobs page: the jobs that ran out of attempts, with a retry button."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import job_queue
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.backoffice.list_state import PageLoadMixin
from xplorium.state.calls import call


class JobsAdminState(PageLoadMixin, StaffState):
    rows: list[dict] = []
    figures: dict[str, str] = {}

    async def _fetch(self):
        figures = await call(job_queue.figures)
        if figures.ok:
            self.figures = {name: str(value) for name, value in figures.data.items()}
        return await call(job_queue.list_failed, request_context())

    def _take(self, data):
        self.rows = data

    @rx.event
    @require_roles(*STAFF)
    async def retry(self, job_id: int):
        result = await call(job_queue.retry, request_context(), job_id)
        if not result.ok:
            yield refusal_events(result)
        else:
            yield rx.toast.success(_("Job {id} is queued again.").format(id=result.data["id"]))
        yield await self._reload()
