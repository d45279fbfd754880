"""Back-office pricing page."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import pricing, rooms
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, refusal_events, to_form
from xplorium.state.backoffice.list_state import ALL, AdminListMixin, ConfirmMixin, FormDialogMixin, chosen
from xplorium.state.calls import call

EMPTY_FORM = {
    "name": "",
    "name_en": "",
    "category": "PLAYGROUND",
    "amount": "",
    "unit": "per_child",
    "description": "",
    "description_en": "",
    "features": "",
    "popular": "",
    "room_id": "",
    "hold_mode": "PLACES",
}


class PricingAdminState(AdminListMixin, FormDialogMixin, ConfirmMixin, StaffState):
    category_filter: str = ALL
    form: dict[str, str] = dict(EMPTY_FORM)
    room_options: list[dict[str, str]] = []

    async def _fetch(self):
        return await call(
            pricing.list_packages,
            request_context(),
            category=chosen(self.category_filter),
            page=self.page,
        )

    async def _fresh_visit(self, me):
        # A page opened afresh shows no dialog left open from an earlier visit.
        self.form_open = self.confirm_open = False
        choices = await call(rooms.room_choices)
        self.room_options = choices.data if choices.ok else []

    @rx.event
    @require_roles(*STAFF)
    async def set_category_filter(self, value: str | list[str]):
        # A segmented control sends one value; anything else shows every category.
        self.category_filter = value if isinstance(value, str) else ALL
        return await self._first_page()

    @rx.event
    @require_roles(*STAFF)
    async def move(self, package_id: int, direction: str):
        return await self._reload_after(
            await call(pricing.move_package, request_context(), package_id, direction)
        )

    @rx.event
    @require_roles(*STAFF)
    async def toggle_popular(self, package_id: int, popular: bool):
        return await self._reload_after(
            await call(pricing.set_popular, request_context(), package_id, popular)
        )

    @rx.event
    @require_roles(*STAFF)
    async def set_package_status(self, package_id: int, status: str):
        result = await call(pricing.change_status, request_context(), package_id, status)
        return await self._status_moved(result, status, "name")

    @rx.event
    @require_roles(*STAFF)
    def ask_archive(self, package_id: int, name: str):
        self._ask(
            "archive",
            package_id,
            _("Archive “{name}”?").format(name=name),
            _("It disappears from the public price list and from new booking quotes."),
            _("Archive"),
        )

    @rx.event
    @require_roles(*STAFF)
    async def confirm(self):
        self.confirm_open = False
        result = await call(pricing.archive, request_context(), self.confirm_target)
        return await self._reload_after(result, _("Package archived."))

    @rx.event
    @require_roles(*STAFF)
    def new_package(self):
        self._open_form(
            0, dict(EMPTY_FORM) | ({"category": self.category_filter} if self.category_filter != ALL else {})
        )

    @rx.event
    @require_roles(*STAFF)
    async def edit_package(self, package_id: int):
        result = await call(pricing.get_package, request_context(), package_id)
        if not result.ok:
            return refusal_events(result)
        self._open_form(result.data["id"], to_form({key: result.data[key] for key in EMPTY_FORM}))
        return None

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        data = {key: form_data.get(key, "") for key in EMPTY_FORM} | {
            "popular": checkbox(form_data, "popular")
        }
        async for event in self._save(data, pricing.create_package, pricing.update_package, "name"):
            yield event
