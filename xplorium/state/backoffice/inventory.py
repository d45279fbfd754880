"""Back-office inventory: items, their stock movements, and what to reorder."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import inventory
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events, to_form
from xplorium.state.backoffice.list_state import ALL, AdminListMixin, FormDialogMixin, SearchMixin, chosen
from xplorium.state.calls import call

EMPTY_FORM = {
    "name": "",
    "category": "CAFE",
    "unit": "",
    "reorder_point": "0",
    "opening_quantity": "0",
    "supplier_name": "",
    "supplier_contact": "",
    "notes": "",
}
EMPTY_MOVEMENT = {"kind": "RESTOCK", "amount": "", "note": ""}
LOW_ONLY = "LOW"


class InventoryAdminState(AdminListMixin, SearchMixin, FormDialogMixin, StaffState):
    category_filter: str = ALL
    stock_filter: str = ALL
    form: dict[str, str] = dict(EMPTY_FORM)

    movement_open: bool = False
    movement_item: dict = {}
    movements: list[dict] = []
    movement_form: dict[str, str] = dict(EMPTY_MOVEMENT)
    movement_errors: dict[str, str] = {}
    movement_message: str = ""
    movement_saving: bool = False

    async def _fetch(self):
        return await call(
            inventory.list_items,
            request_context(),
            category=chosen(self.category_filter),
            low_only=self.stock_filter == LOW_ONLY,
            search=self.search,
            page=self.page,
        )

    async def _fresh_visit(self, me):
        self.form_open = self.movement_open = False

    @rx.event
    @require_roles(*STAFF)
    async def set_category_filter(self, value: str):
        self.category_filter = value
        return await self._first_page()

    @rx.event
    @require_roles(*STAFF)
    async def set_stock_filter(self, value: str):
        self.stock_filter = value
        return await self._first_page()

    # ------------------------------------------------------------ items

    @rx.event
    @require_roles(*STAFF)
    def new_item(self):
        self._open_form(0, dict(EMPTY_FORM))

    @rx.event
    @require_roles(*STAFF)
    async def edit_item(self, item_id: int):
        result = await call(inventory.get_item, request_context(), item_id)
        if not result.ok:
            return refusal_events(result)
        self._open_form(
            result.data["id"],
            to_form({key: result.data[key] for key in EMPTY_FORM if key != "opening_quantity"})
            | {"opening_quantity": "0"},
        )
        return None

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        data = {key: str(form_data.get(key, "") or "") for key in EMPTY_FORM}
        async for event in self._save(data, inventory.create_item, inventory.update_item, "name"):
            yield event

    # ------------------------------------------------------------ movements

    async def _show_item(self, item_id: int) -> list | None:
        result = await call(inventory.get_item, request_context(), item_id)
        if not result.ok:
            return refusal_events(result)
        self.movement_item = {k: v for k, v in result.data.items() if k != "movements"}
        self.movements = result.data["movements"]
        return None

    @rx.event
    @require_roles(*STAFF)
    async def open_movement(self, item_id: int):
        refused = await self._show_item(item_id)
        if refused:
            return refused
        self.movement_form, self.movement_errors, self.movement_message = dict(EMPTY_MOVEMENT), {}, ""
        self.movement_open = True
        return None

    @rx.event
    @require_roles(*STAFF)
    def close_movement(self):
        self.movement_open = False

    @rx.event
    @require_roles(*STAFF)
    async def save_movement(self, form_data: dict):
        data = {key: str(form_data.get(key, "") or "") for key in EMPTY_MOVEMENT}
        self.movement_saving = True
        yield
        result = await call(
            inventory.record_movement, request_context(), self.movement_item.get("id", 0), data
        )
        self.movement_saving = False
        if not result.ok:
            self.movement_form = data
            self.movement_errors, self.movement_message = result.fields, result.message
            return
        self.movement_open = False
        yield rx.toast.success(
            _("{name}: {quantity} {unit} in stock.").format(
                name=result.data["name"], quantity=result.data["quantity"], unit=result.data["unit"]
            )
        )
        yield await self._reload()
