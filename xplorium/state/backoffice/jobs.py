"""Back-office failed-jobs page: the jobs that ran out of attempts, with a retry button."""

import reflex as rx

from xplorium.services import job_queue
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call


class JobsAdminState(StaffState):
    rows: list[dict] = []
    figures: dict[str, str] = {}
    loading: bool = False

    async def _reload(self):
        result = await call(job_queue.list_failed, request_context())
        self.loading = False
        if not result.ok:
            return refusal_events(result)
        self.rows = result.data
        figures = await call(job_queue.figures)
        if figures.ok:
            self.figures = {name: str(value) for name, value in figures.data.items()}
        return None

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        self.loading = True
        yield
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def retry(self, job_id: int):
        result = await call(job_queue.retry, request_context(), job_id)
        if not result.ok:
            yield refusal_events(result)
        else:
            yield rx.toast.success(f"Job {result.data['id']} is queued again.")
        yield await self._reload()
