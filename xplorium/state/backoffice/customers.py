"""Back-office customers: the list (filters, pagination, totals sync) and one customer's page."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import customers, loyalty, user_admin
from xplorium.services.result import Result
from xplorium.services.sessions import SessionUser
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, refusal_events
from xplorium.state.backoffice.list_state import AdminListMixin, SearchMixin
from xplorium.state.calls import call

ALL = customers.ALL
EMPTY_PROFILE = {"name": "", "phone": "", "notes": "", "preferred_contact": "EMAIL"}


class CustomersAdminState(AdminListMixin, SearchMixin, StaffState):
    tier_filter: str = ALL
    marketing_filter: str = ALL
    sort: str = "recent"
    syncing: bool = False
    sync_open: bool = False
    last_sync: str = ""

    async def _fetch(self) -> Result:
        ctx = request_context()
        synced = await call(customers.last_sync, ctx)
        self.last_sync = synced.data if synced.ok else ""
        return await call(
            customers.list_customers,
            ctx,
            search=self.search,
            tier=self.tier_filter,
            marketing=self.marketing_filter,
            sort=self.sort,
            page=self.page,
        )

    async def _fresh_visit(self, me: SessionUser) -> None:
        self.sync_open = False

    @rx.event
    @require_roles(*STAFF)
    async def set_tier_filter(self, value: str):
        self.tier_filter = str(value)
        return await self._first_page()

    @rx.event
    @require_roles(*STAFF)
    async def set_marketing_filter(self, value: str):
        self.marketing_filter = str(value)
        return await self._first_page()

    @rx.event
    @require_roles(*STAFF)
    async def set_sort(self, value: str):
        self.sort = str(value)
        return await self._first_page()

    @rx.event
    @require_roles(*STAFF)
    def ask_sync(self):
        self.sync_open = True

    @rx.event
    @require_roles(*STAFF)
    def cancel_sync(self):
        self.sync_open = False

    @rx.event
    @require_roles(*STAFF)
    async def run_sync(self):
        """Rebuild every customer's totals from the bookings (a few set-based statements)."""
        self.syncing = True
        yield
        result = await call(customers.sync_customers, request_context())
        self.syncing, self.sync_open = False, False
        if not result.ok:
            yield refusal_events(result)
            return
        done = result.data
        yield rx.toast.success(
            _("Totals rebuilt: {updated} customers updated, {created} new from guest bookings.").format(
                updated=done.updated, created=done.created
            )
        )
        yield await self._reload()


class CustomerDetailState(StaffState):
    customer_id: int = 0
    customer: dict = {}
    bookings: list[dict] = []
    ledger: list[dict] = []
    tags: list[str] = []
    profile: dict[str, str] = dict(EMPTY_PROFILE)
    marketing: bool = False
    sms: bool = False
    form_key: int = 0
    errors: dict[str, str] = {}
    form_message: str = ""
    tag_error: str = ""
    saving: bool = False
    loading: bool = False
    missing: bool = False
    show_all: bool = False
    erase_open: bool = False
    erasing: bool = False

    @rx.var
    def shown_bookings(self) -> list[dict]:
        return self.bookings if self.show_all else self.bookings[:10]

    def _fill(self, data: dict) -> None:
        self.customer = {
            key: value
            for key, value in data.items()
            if key not in ("bookings_list", "tags", "status_counts") and not isinstance(value, dict | list)
        }
        self.bookings = data["bookings_list"]
        self.tags = data["tags"]
        self.profile = {
            "name": data["name_raw"],
            "phone": data["phone"],
            "notes": data["notes"],
            "preferred_contact": data["preferred_contact"],
        }
        self.marketing, self.sms = data["marketing"], data["sms_opt_in"]
        self.form_key += 1

    async def _load_ledger(self):
        result = await call(loyalty.ledger, request_context(), user_id=self.customer_id, page_size=10)
        self.ledger = result.data.items if result.ok else []

    def _target(self) -> int:
        # /admin/customers/<id>: the id is the last part of the path.
        tail = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        self.customer_id = self._target()
        self.errors, self.form_message, self.tag_error, self.missing = {}, "", "", False
        self.show_all, self.erase_open = False, False
        self.loading = True
        yield
        result = await call(customers.customer_detail, request_context(), self.customer_id)
        self.loading = False
        if not result.ok:
            self.customer, self.bookings, self.ledger, self.missing = {}, [], [], True
            return
        self._fill(result.data)
        await self._load_ledger()

    @rx.event
    @require_roles(*STAFF)
    def toggle_all(self):
        self.show_all = not self.show_all

    @rx.event
    @require_roles(*STAFF)
    async def save_profile(self, form_data: dict):
        self.saving = True
        yield
        data = {
            "name": form_data.get("name", ""),
            "phone": form_data.get("phone", ""),
            "notes": form_data.get("notes", ""),
            "preferred_contact": form_data.get("preferred_contact", "EMAIL"),
            "marketing_opt_in": checkbox(form_data, "marketing_opt_in"),
            "sms_opt_in": checkbox(form_data, "sms_opt_in"),
        }
        result = await call(customers.update_profile, request_context(), self.customer_id, data)
        self.saving = False
        if not result.ok:
            # Keep what was typed; show each problem beside its field.
            self.profile = {key: str(data[key]) for key in EMPTY_PROFILE}
            self.marketing, self.sms = data["marketing_opt_in"], data["sms_opt_in"]
            self.errors, self.form_message = result.fields, ("" if result.fields else result.message)
            self.form_key += 1
            return
        self.errors, self.form_message = {}, ""
        self._fill(result.data)
        yield rx.toast.success(_("Customer details saved."))

    @rx.event
    @require_roles(*STAFF)
    async def add_tag(self, form_data: dict):
        result = await call(customers.add_tag, request_context(), self.customer_id, form_data.get("tag", ""))
        if not result.ok:
            self.tag_error = result.fields.get("tag", result.message)
            return
        self.tag_error = ""
        self.tags = result.data["tags"]
        return rx.set_value("new-tag", "")

    @rx.event
    @require_roles(*STAFF)
    async def remove_tag(self, tag: str):
        result = await call(customers.remove_tag, request_context(), self.customer_id, tag)
        if not result.ok:
            return refusal_events(result)
        self.tag_error = ""
        self.tags = result.data["tags"]
        return None

    @rx.event
    @require_roles(*STAFF)
    def ask_erase(self):
        self.erase_open = True

    @rx.event
    @require_roles(*STAFF)
    def cancel_erase(self):
        self.erase_open = False

    @rx.event
    @require_roles(*STAFF)
    async def erase(self):
        """The person's erasure request: the account's soft delete (services/user_admin.py)."""
        self.erasing = True
        yield
        result = await call(user_admin.soft_delete, request_context(), self.customer_id)
        self.erasing, self.erase_open = False, False
        if not result.ok:
            yield refusal_events(result)
            return
        yield rx.toast.success(_("The customer's personal data is erased."))
        yield rx.redirect("/admin/customers")
