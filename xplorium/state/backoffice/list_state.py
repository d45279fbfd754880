"""What back-office pages share: the on_load of one service call, and for the paginated
lists rows, paging, search, confirm and form dialogs.

Reflex state mixins: each page state that lists one gets its own copy of these vars and
handlers (a mixin is not a parent state, so two pages never share a page number). Every
handler here is guarded with `require_roles` like those written on the page states, and
the copies Reflex makes keep that guard.
"""

from collections.abc import AsyncIterator, Callable
from typing import Any

import reflex as rx

from xplorium.i18n import _
from xplorium.services.result import Result
from xplorium.services.sessions import SessionUser
from xplorium.state.auth import STAFF, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events, to_form
from xplorium.state.calls import call

ALL = "ALL"


def chosen(value: str) -> str | None:
    """A filter's value for the service: None when the admin picked "all"."""
    return None if value == ALL else value


class PageLoadMixin(rx.State, mixin=True):
    """A page whose data comes from one service call, on_load and again after each change."""

    loading: bool = False

    async def _fetch(self) -> Result:
        """The page's data, from the service (each page state says which)."""
        raise NotImplementedError

    def _take(self, data: Any) -> None:
        """Show the service's data (each page state says how)."""
        raise NotImplementedError

    async def _fresh_visit(self, me: SessionUser) -> None:
        """What a page opened afresh resets (each page state adds its dialogs)."""

    async def _reload(self):
        result = await self._fetch()
        self.loading = False
        if not result.ok:
            return refusal_events(result)
        self._take(result.data)
        return None

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        me = current_user()
        self._show(me)
        await self._fresh_visit(me)
        self.loading = True
        yield
        yield await self._reload()


class AdminListMixin(PageLoadMixin, mixin=True):
    """One page of rows from a service, with paging and reloading."""

    rows: list[dict] = []
    total: int = 0
    page: int = 1
    page_count: int = 1

    def _take(self, data: Any) -> None:
        self.rows, self.total, self.page, self.page_count = data.items, data.total, data.page, data.page_count

    async def _first_page(self):
        """After a filter changed: back to page 1 of the new list."""
        self.page = 1
        return await self._reload()

    async def _reload_after(self, result: Result, toast: str = ""):
        """A row action's result: the refusal, or the list as it is now (after a success toast
        saying `toast`, when given)."""
        if not result.ok:
            return refusal_events(result)
        return await self._with_reload(rx.toast.success(toast)) if toast else await self._reload()

    async def _status_moved(self, result: Result, status: str, name_key: str):
        """A status move's result: the refusal, or "“name” is now status." and the list as it is now."""
        if not result.ok:
            return refusal_events(result)
        name = result.data[name_key]
        return await self._with_reload(
            rx.toast.success(_("“{name}” is now {lower}.").format(name=name, lower=status.lower()))
        )

    async def _with_reload(self, *events: Any) -> list:
        """These events (a toast), then the list as it is now."""
        return [*events, *(await self._reload() or [])]

    @rx.event
    @require_roles(*STAFF)
    async def go_to_page(self, page: int):
        self.page = max(1, int(page))
        return await self._reload()


class SearchMixin(rx.State, mixin=True):
    """The search box of a list (with AdminListMixin)."""

    search: str = ""

    @rx.event
    @require_roles(*STAFF)
    async def apply_search(self, form_data: dict):
        self.search = str(form_data.get("search", ""))
        return await self._first_page()


class StatusFilterMixin(rx.State, mixin=True):
    """The status filter of a list (with AdminListMixin); ALL shows every status."""

    status_filter: str = ALL

    @rx.event
    @require_roles(*STAFF)
    async def set_status_filter(self, value: str):
        self.status_filter = str(value)
        return await self._first_page()


class ConfirmMixin(rx.State, mixin=True):
    """The dialog that asks before a destructive action; the page state's `confirm` acts."""

    confirm_open: bool = False
    confirm_title: str = ""
    confirm_body: str = ""
    confirm_label: str = ""
    confirm_action: str = ""
    confirm_target: int = 0

    def _ask(self, action: str, target: int, title: str, body: str, label: str) -> None:
        self.confirm_action, self.confirm_target = action, int(target)
        self.confirm_title, self.confirm_body, self.confirm_label = title, body, label
        self.confirm_open = True

    def _confirmed(self) -> tuple[str, str, int]:
        """What the admin confirmed, the dialog closing: the action, its choice and the row.

        "status:CANCELLED" is the action "status" with the choice "CANCELLED" ("delete": none).
        """
        self.confirm_open = False
        action, choice = self.confirm_action.partition(":")[::2]
        return action, choice, self.confirm_target

    @rx.event
    @require_roles(*STAFF)
    def cancel_confirm(self):
        self.confirm_open = False


class FormDialogMixin(rx.State, mixin=True):
    """The create/edit dialog of a list (with AdminListMixin); the page state declares `form`."""

    form_open: bool = False
    editing_id: int = 0
    errors: dict[str, str] = {}
    form_message: str = ""
    saving: bool = False

    def _open_form(self, editing_id: int, form: dict[str, str]) -> None:
        self.editing_id, self.form, self.errors, self.form_message = editing_id, form, {}, ""
        self.form_open = True

    async def _save(
        self, data: dict, create: Callable, update: Callable, name_key: str, conflict_field: str = ""
    ) -> AsyncIterator:
        """Create (or update the row being edited) through the service, then show the outcome.

        A refusal that is about one field (`conflict_field`: e.g. the room is taken) shows there.
        """
        self.saving = True
        yield
        if self.editing_id:
            result = await call(update, request_context(), self.editing_id, data)
        else:
            result = await call(create, request_context(), data)
        self.saving = False
        if not result.ok:
            # The admin's typing stays in the form; the errors appear beside the fields.
            self.form = to_form(data)
            if conflict_field and result.code == "conflict":
                self.errors, self.form_message = {conflict_field: result.message}, ""
            else:
                self.errors, self.form_message = result.fields, result.message
            return
        self.form_open, self.errors, self.form_message = False, {}, ""
        yield rx.toast.success(_("Saved “{value}”.").format(value=result.data[name_key]))
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    def close_form(self):
        self.form_open = False


class StatusWorkflowMixin(
    AdminListMixin, StatusFilterMixin, SearchMixin, FormDialogMixin, ConfirmMixin, mixin=True
):
    """A searchable list filtered by status whose rows are edited in a dialog and moved
    through their statuses, asking first where the page state says (events, maintenance)."""
