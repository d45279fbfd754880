"""/admin/inventory: supplies, their stock movements (restock, use, correction), reordering."""

import reflex as rx

from xplorium.components.admin_form import (
    field_factory,
    field_grid,
    form_count,
    form_select,
    form_text_area,
    label_choices,
)
from xplorium.components.admin_layout import admin_page, empty_state, loading_rows, section_card
from xplorium.components.admin_list import (
    actions_header,
    add_button,
    csv_button,
    data_table,
    edit_dialog,
    filter_select,
    form_dialog,
    list_search,
    list_table,
    main_and_detail,
    toolbar,
)
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.services.inventory import CATEGORY_LABELS, MOVEMENT_LABELS
from xplorium.state.backoffice.inventory import ALL, LOW_ONLY
from xplorium.state.backoffice.inventory import InventoryAdminState as S

INVENTORY_CSV = "/api/admin/inventory.csv"
REORDER_CSV = "/api/admin/inventory/reorder.csv"


def inventory_toolbar() -> rx.Component:
    return toolbar(
        list_search(S, placeholder=_("Search item or supplier"), aria_label=_("Search items"), width="240px"),
        filter_select(
            S,
            "category",
            _("Filter by category"),
            ((ALL, _("All categories")), *label_choices(CATEGORY_LABELS)),
        ),
        filter_select(
            S,
            "stock",
            _("Filter by stock"),
            ((ALL, _("All stock levels")), (LOW_ONLY, _("At or below reorder point"))),
        ),
        rx.spacer(),
        csv_button(_("All items (CSV)"), INVENTORY_CSV),
        csv_button(_("Items to reorder (CSV)"), REORDER_CSV, icon="shopping-cart"),
        new_item_button(),
    )


def new_item_button() -> rx.Component:
    return add_button(_("New item"), S.new_item)


def item_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(main_and_detail(row["name"], row["category_label"], weight="medium")),
        rx.table.cell(
            rx.hstack(
                rx.text(row["quantity"].to_string() + " " + row["unit"].to(str), weight="bold"),
                rx.cond(row["low"].to(bool), rx.badge(_("Reorder"), color_scheme="red", variant="soft")),
                spacing="2",
                align="center",
            )
        ),
        rx.table.cell(rx.text(row["reorder_point"].to_string() + " " + row["unit"].to(str))),
        rx.table.cell(
            main_and_detail(
                rx.cond(row["supplier_name"] != "", row["supplier_name"], "—"), row["supplier_contact"]
            )
        ),
        rx.table.cell(
            rx.text(rx.cond(row["last_restocked"] != "", row["last_restocked"], "—"), white_space="nowrap")
        ),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    rx.icon("arrow-left-right", size=14),
                    _("Stock"),
                    size="1",
                    variant="soft",
                    on_click=S.open_movement(row["id"]),
                    aria_label=_("Record stock movement for") + " " + row["name"].to(str),
                ),
                rx.icon_button(
                    rx.icon("pencil", size=14),
                    size="1",
                    variant="soft",
                    color_scheme="gray",
                    aria_label=_("Edit") + " " + row["name"].to(str),
                    on_click=S.edit_item(row["id"]),
                ),
                spacing="2",
            )
        ),
        align="center",
    )


def items_table() -> rx.Component:
    return rx.box(
        list_table(
            S,
            (
                _("Item"),
                _("In stock"),
                _("Reorder point"),
                _("Supplier"),
                _("Last restocked"),
                actions_header("120px"),
            ),
            item_row,
            _("items"),
            empty_state(
                "package",
                _("No items here"),
                _("Add the cafe's, playroom's and party supplies; the staff are told when one runs low."),
                new_item_button(),
            ),
        ),
        width="100%",
        overflow_x="auto",
    )


def item_form() -> rx.Component:
    field = field_factory(S.form, S.errors)
    return edit_dialog(
        S,
        (_("Edit item"), _("New item")),
        field(_("Name"), "name", max_length=120),
        field_grid(
            field(_("Category"), "category", form_select, label_choices(CATEGORY_LABELS)),
            field(_("Unit"), "unit", max_length=20, placeholder=_("kg, pcs, pack")),
            field(
                _("Reorder point"),
                "reorder_point",
                form_count,
                hint=_("Staff are told when stock falls to this."),
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
        ),
        rx.cond(
            S.editing_id == 0,
            field(
                _("Opening stock"),
                "opening_quantity",
                form_count,
                hint=_("Recorded as the item's first restock."),
            ),
        ),
        field_grid(
            field(_("Supplier"), "supplier_name", max_length=200),
            field(_("Supplier contact"), "supplier_contact", max_length=200),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        field(_("Notes"), "notes", form_text_area, rows="2"),
        submit_label=_("Save item"),
        max_width="680px",
        description=_("The quantity changes only through stock movements, so every change is on record."),
    )


def movement_line(m) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(m["when"], size="1", white_space="nowrap")),
        rx.table.cell(rx.text(m["kind_label"], size="2")),
        rx.table.cell(rx.text(m["change"], size="2", weight="bold")),
        rx.table.cell(muted(m["note"], size="1")),
    )


def movement_form() -> rx.Component:
    field = field_factory(S.movement_form, S.movement_errors)
    item = S.movement_item
    return form_dialog(
        _("Stock of") + " " + item["name"].to(str),
        rx.text(
            _("In stock:") + " " + item["quantity"].to_string() + " " + item["unit"].to(str),
            size="3",
            weight="bold",
        ),
        field_grid(
            field(_("Movement"), "kind", form_select, label_choices(MOVEMENT_LABELS)),
            field(_("Quantity"), "amount", form_count, hint=_("For a correction: the quantity you counted.")),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        field(_("Note"), "note", max_length=300),
        rx.cond(
            S.movements.length() > 0,
            rx.vstack(
                rx.heading(_("Latest movements"), size="3", as_="h3"),
                data_table(
                    (_("When"), _("Movement"), _("Change"), _("Note")), S.movements, movement_line, size="1"
                ),
                spacing="2",
                width="100%",
            ),
        ),
        open=S.movement_open,
        on_close=S.close_movement,
        on_submit=S.save_movement,
        message=S.movement_message,
        saving=S.movement_saving,
        submit_label=_("Record movement"),
        max_width="620px",
        key="movement-" + item["id"].to_string() + S.movement_open.to_string(),
    )


def admin_inventory() -> rx.Component:
    return admin_page(
        _("Inventory"),
        section_card(
            rx.heading(_("Items"), as_="h2", class_name="sr-only"),
            inventory_toolbar(),
            loading_rows(S.loading),
            items_table(),
        ),
        item_form(),
        movement_form(),
        active="/admin/inventory",
    )
