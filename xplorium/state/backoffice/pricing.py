"""Back-office pricing page."""

import reflex as rx

from xplorium.services import pricing, rooms
from xplorium.services.result import run
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, refusal_events, to_form
from xplorium.state.backoffice.list_state import ALL, AdminListMixin, ConfirmMixin, FormDialogMixin, chosen

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

    def _fetch(self):
        return run(
            pricing.list_packages,
            request_context(),
            category=chosen(self.category_filter),
            page=self.page,
        )

    def _fresh_visit(self, me):
        # A page opened afresh shows no dialog left open from an earlier visit.
        self.form_open = self.confirm_open = False
        self.room_options = rooms.room_choices()

    @rx.event
    @require_roles(*STAFF)
    def set_category_filter(self, value: str | list[str]):
        # A segmented control sends one value; anything else shows every category.
        self.category_filter = value if isinstance(value, str) else ALL
        return self._first_page()

    @rx.event
    @require_roles(*STAFF)
    def move(self, package_id: int, direction: str):
        return self._reload_after(run(pricing.move_package, request_context(), package_id, direction))

    @rx.event
    @require_roles(*STAFF)
    def toggle_popular(self, package_id: int, popular: bool):
        return self._reload_after(run(pricing.set_popular, request_context(), package_id, popular))

    @rx.event
    @require_roles(*STAFF)
    def set_package_status(self, package_id: int, status: str):
        result = run(pricing.change_status, request_context(), package_id, status)
        if not result.ok:
            return refusal_events(result)
        return self._with_reload(rx.toast.success(f"“{result.data['name']}” is now {status.lower()}."))

    @rx.event
    @require_roles(*STAFF)
    def ask_archive(self, package_id: int, name: str):
        self._ask(
            "archive",
            package_id,
            f"Archive “{name}”?",
            "It disappears from the public price list and from new booking quotes.",
            "Archive",
        )

    @rx.event
    @require_roles(*STAFF)
    def confirm(self):
        self.confirm_open = False
        result = run(pricing.archive, request_context(), self.confirm_target)
        if not result.ok:
            return refusal_events(result)
        return self._with_reload(rx.toast.success("Package archived."))

    @rx.event
    @require_roles(*STAFF)
    def new_package(self):
        self._open_form(
            0, dict(EMPTY_FORM) | ({"category": self.category_filter} if self.category_filter != ALL else {})
        )

    @rx.event
    @require_roles(*STAFF)
    def edit_package(self, package_id: int):
        result = run(pricing.get_package, request_context(), package_id)
        if not result.ok:
            return refusal_events(result)
        self._open_form(result.data["id"], to_form({key: result.data[key] for key in EMPTY_FORM}))
        return None

    @rx.event
    @require_roles(*STAFF)
    def save(self, form_data: dict):
        data = {key: form_data.get(key, "") for key in EMPTY_FORM} | {
            "popular": checkbox(form_data, "popular")
        }
        yield from self._save(data, pricing.create_package, pricing.update_package, "name")
