"""Back-office pricing page."""

import reflex as rx

from xplorium.services import pricing
from xplorium.services.result import run
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, refusal_events, to_form

ALL = "ALL"
EMPTY_FORM = {
    "name": "",
    "category": "PLAYGROUND",
    "amount": "",
    "unit": "per_child",
    "description": "",
    "features": "",
    "popular": "",
}


class PricingAdminState(StaffState):
    rows: list[dict] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    category_filter: str = ALL
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
    confirm_target: int = 0

    def _reload(self):
        result = run(
            pricing.list_packages,
            request_context(),
            category=None if self.category_filter == ALL else self.category_filter,
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
        self.form_open = self.confirm_open = False
        self._show(current_user())
        self.loading = True
        yield
        yield self._reload()

    @rx.event
    @require_roles(*STAFF)
    def set_category_filter(self, value: str):
        self.category_filter, self.page = value, 1
        return self._reload()

    @rx.event
    @require_roles(*STAFF)
    def go_to_page(self, page: int):
        self.page = max(1, int(page))
        return self._reload()

    @rx.event
    @require_roles(*STAFF)
    def move(self, package_id: int, direction: str):
        result = run(pricing.move_package, request_context(), package_id, direction)
        return refusal_events(result) if not result.ok else self._reload()

    @rx.event
    @require_roles(*STAFF)
    def toggle_popular(self, package_id: int, popular: bool):
        result = run(pricing.set_popular, request_context(), package_id, popular)
        return refusal_events(result) if not result.ok else self._reload()

    @rx.event
    @require_roles(*STAFF)
    def set_package_status(self, package_id: int, status: str):
        result = run(pricing.change_status, request_context(), package_id, status)
        if not result.ok:
            return refusal_events(result)
        reloaded = self._reload() or []
        return [rx.toast.success(f"“{result.data['name']}” is now {status.lower()}."), *reloaded]

    @rx.event
    @require_roles(*STAFF)
    def ask_archive(self, package_id: int, name: str):
        self.confirm_target = int(package_id)
        self.confirm_title = f"Archive “{name}”?"
        self.confirm_body = "It disappears from the public price list and from new booking quotes."
        self.confirm_open = True

    @rx.event
    @require_roles(*STAFF)
    def cancel_confirm(self):
        self.confirm_open = False

    @rx.event
    @require_roles(*STAFF)
    def confirm(self):
        self.confirm_open = False
        result = run(pricing.archive, request_context(), self.confirm_target)
        if not result.ok:
            return refusal_events(result)
        reloaded = self._reload() or []
        return [rx.toast.success("Package archived."), *reloaded]

    @rx.event
    @require_roles(*STAFF)
    def new_package(self):
        self.editing_id, self.errors, self.form_message = 0, {}, ""
        self.form = dict(EMPTY_FORM) | (
            {"category": self.category_filter} if self.category_filter != ALL else {}
        )
        self.form_open = True

    @rx.event
    @require_roles(*STAFF)
    def edit_package(self, package_id: int):
        result = run(pricing.get_package, request_context(), package_id)
        if not result.ok:
            return refusal_events(result)
        self.form = to_form({key: result.data[key] for key in EMPTY_FORM})
        self.editing_id, self.errors, self.form_message = result.data["id"], {}, ""
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
        data = {key: form_data.get(key, "") for key in EMPTY_FORM} | {
            "popular": checkbox(form_data, "popular")
        }
        if self.editing_id:
            result = run(pricing.update_package, request_context(), self.editing_id, data)
        else:
            result = run(pricing.create_package, request_context(), data)
        self.saving = False
        if not result.ok:
            self.form = to_form(data)
            self.errors, self.form_message = result.fields, result.message
            return
        self.form_open, self.errors, self.form_message = False, {}, ""
        yield rx.toast.success(f"Saved “{result.data['name']}”.")
        yield self._reload()
