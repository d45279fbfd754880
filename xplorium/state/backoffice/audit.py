"""Back-office audit log page."""

import reflex as rx

from xplorium.i18n import N_, _
from xplorium.services import audit
from xplorium.services.result import Result
from xplorium.services.sessions import SessionUser
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.backoffice.list_state import AdminListMixin
from xplorium.state.calls import call

ANY = N_("All")
FILTERS = ("actor", "action", "entity", "date_from", "date_to")


class AuditAdminState(AdminListMixin, StaffState):
    filters: dict[str, str] = {"actor": "", "action": ANY, "entity": ANY, "date_from": "", "date_to": ""}
    actions: list[str] = [ANY]
    entities: list[str] = [ANY]
    errors: dict[str, str] = {}

    async def _fetch(self) -> Result:
        query = {key: ("" if value in (ANY, _(ANY)) else value) for key, value in self.filters.items()}
        return await call(audit.list_entries, request_context(), **query, page=self.page)

    async def _reload(self):
        """As the list's, but a filter's problem shows beside it instead of a toast."""
        result = await self._fetch()
        self.loading = False
        if not result.ok:
            self.errors = result.fields
            return None if result.fields else refusal_events(result)
        self.errors = {}
        self._take(result.data)
        return None

    async def _fresh_visit(self, me: SessionUser) -> None:
        choices = await call(audit.filter_choices, request_context())
        if choices.ok:
            self.actions = [_(ANY), *choices.data["actions"]]
            self.entities = [_(ANY), *choices.data["entities"]]

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
        self.filters = {"actor": "", "action": _(ANY), "entity": _(ANY), "date_from": "", "date_to": ""}
        return await self._first_page()
