"""Back-office audit log page."""

import reflex as rx

from xplorium.services import audit
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call

ANY = "All"
FILTERS = ("actor", "action", "entity", "date_from", "date_to")


class AuditAdminState(StaffState):
    rows: list[dict] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    filters: dict[str, str] = {"actor": "", "action": ANY, "entity": ANY, "date_from": "", "date_to": ""}
    actions: list[str] = [ANY]
    entities: list[str] = [ANY]
    errors: dict[str, str] = {}
    loading: bool = False

    async def _reload(self):
        query = {key: ("" if value == ANY else value) for key, value in self.filters.items()}
        result = await call(audit.list_entries, request_context(), **query, page=self.page)
        self.loading = False
        if not result.ok:
            self.errors = result.fields
            return None if result.fields else refusal_events(result)
        self.errors = {}
        page = result.data
        self.rows, self.total, self.page, self.page_count = page.items, page.total, page.page, page.page_count
        return None

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        self.loading = True
        yield
        choices = await call(audit.filter_choices, request_context())
        if choices.ok:
            self.actions = [ANY, *choices.data["actions"]]
            self.entities = [ANY, *choices.data["entities"]]
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def apply_filters(self, form_data: dict):
        self.filters = {key: str(form_data.get(key, self.filters.get(key, ""))) for key in FILTERS}
        self.page = 1
        self.loading = True
        yield
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def set_filter(self, name: str, value: str):
        if name in FILTERS:
            self.filters = self.filters | {name: value}
            self.page = 1
        return await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def clear_filters(self):
        self.filters = {"actor": "", "action": ANY, "entity": ANY, "date_from": "", "date_to": ""}
        self.page = 1
        return await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def go_to_page(self, page: int):
        self.page = max(1, int(page))
        return await self._reload()
