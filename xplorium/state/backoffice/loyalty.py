"""Back-office loyalty page: find a customer, adjust their points (confirmed first), the ledger."""

import reflex as rx

from xplorium.constants import MAX_POINTS_ADJUSTMENT
from xplorium.services import customers, loyalty
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call

LEDGER_PAGE_SIZE = 15


class LoyaltyAdminState(StaffState):
    query: str = ""
    matches: list[dict] = []
    searched: bool = False
    picked: dict = {}
    points: str = ""
    reason: str = ""
    errors: dict[str, str] = {}
    form_message: str = ""
    form_key: int = 0
    saving: bool = False
    confirm_open: bool = False
    preview: dict[str, str] = {}

    rows: list[dict] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    loading: bool = False

    async def _reload_ledger(self):
        result = await call(loyalty.ledger, request_context(), page=self.page, page_size=LEDGER_PAGE_SIZE)
        self.loading = False
        if not result.ok:
            return refusal_events(result)
        page = result.data
        self.rows, self.total, self.page, self.page_count = page.items, page.total, page.page, page.page_count
        return None

    async def _pick(self, customer_id: int) -> bool:
        result = await call(customers.customer_detail, request_context(), customer_id)
        if not result.ok:
            return False
        data = result.data
        self.picked = {
            "id": data["id"],
            "name": data["name"],
            "email": data["email"],
            "points": data["points"],
            "tier": data["tier"],
            "next_tier": data["next_tier"],
            "points_to_next": data["points_to_next"],
        }
        self.matches, self.searched = [], False
        self.errors.pop("customer", None)
        return True

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        """on_load; `?customer=<id>` (from a customer's page) preselects them."""
        self._show(current_user())
        self.confirm_open, self.errors, self.form_message = False, {}, ""
        self.matches, self.searched, self.picked = [], False, {}
        wanted = str(self.router.url.query_parameters.get("customer", "") or "")
        if wanted.isdigit():
            await self._pick(int(wanted))
        self.loading = True
        yield
        yield await self._reload_ledger()

    @rx.event
    @require_roles(*STAFF)
    async def search(self, form_data: dict):
        self.query = str(form_data.get("query", ""))
        result = await call(customers.find_customers, request_context(), self.query)
        if not result.ok:
            return refusal_events(result)
        self.matches, self.searched = result.data, True
        return None

    @rx.event
    @require_roles(*STAFF)
    async def pick(self, customer_id: int):
        if not await self._pick(int(customer_id)):
            return rx.toast.error("That customer could not be found.")
        return None

    @rx.event
    @require_roles(*STAFF)
    def clear_pick(self):
        self.picked, self.confirm_open = {}, False

    @rx.event
    @require_roles(*STAFF)
    def review(self, form_data: dict):
        """Check the form and show what will change; nothing is written until `apply`."""
        self.points = str(form_data.get("points", "")).strip()
        self.reason = str(form_data.get("reason", ""))
        errors: dict[str, str] = {}
        if not self.picked:
            errors["customer"] = "Choose a customer first."
        try:
            delta = int(self.points.replace(" ", "").lstrip("+") or "x")
        except ValueError:
            delta = None
            errors["points"] = "Enter a whole number, e.g. 250 to add or -250 to remove."
        if delta is not None:
            if delta == 0:
                errors["points"] = "An adjustment of 0 points changes nothing."
            elif abs(delta) > MAX_POINTS_ADJUSTMENT:
                errors["points"] = f"One adjustment is at most {MAX_POINTS_ADJUSTMENT} points either way."
            elif self.picked and self.picked["points"] + delta < 0:
                errors["points"] = (
                    f"They have {self.picked['points']} points; the balance cannot go below zero."
                )
        if not self.reason.strip():
            errors["reason"] = "Say why the points change (the customer may ask)."
        self.errors, self.form_message = errors, ""
        if errors:
            self.form_key += 1
            return
        after = self.picked["points"] + delta
        self.preview = {
            "delta": f"+{delta}" if delta > 0 else str(delta),
            "verb": "Add" if delta > 0 else "Remove",
            "before": str(self.picked["points"]),
            "after": str(after),
            "tier_before": self.picked["tier"],
            "tier_after": loyalty.tier_for(after),
            "tier_before_label": loyalty.TIER_LABELS[self.picked["tier"]],
            "tier_after_label": loyalty.TIER_LABELS[loyalty.tier_for(after)],
        }
        self.confirm_open = True

    @rx.event
    @require_roles(*STAFF)
    def cancel_confirm(self):
        self.confirm_open = False

    @rx.event
    @require_roles(*STAFF)
    async def apply(self):
        self.saving = True
        yield
        result = await call(
            loyalty.adjust_points, request_context(), self.picked.get("id", 0), self.points, self.reason
        )
        self.saving, self.confirm_open = False, False
        if not result.ok:
            self.errors, self.form_message = result.fields, result.message
            self.form_key += 1
            return
        change = result.data
        self.errors, self.form_message, self.points, self.reason = {}, "", "", ""
        self.form_key += 1
        await self._pick(change.user_id)
        moved = f" They are now {loyalty.TIER_LABELS[change.tier_after]}." if change.tier_changed else ""
        yield rx.toast.success(f"Points updated: {change.points_before} → {change.points_after}.{moved}")
        self.page = 1
        yield await self._reload_ledger()

    @rx.event
    @require_roles(*STAFF)
    async def go_to_page(self, page: int):
        self.page = max(1, int(page))
        return await self._reload_ledger()
