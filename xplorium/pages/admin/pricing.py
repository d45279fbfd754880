"""/admin/pricing: packages by category; create, edit, publish, archive, reorder, popular."""

import reflex as rx

from xplorium.components.admin_form import (
    DESCRIPTION_LABELS,
    bilingual_fields,
    field_factory,
    field_grid,
    form_checkbox,
    form_select,
    form_select_var,
    form_text_area,
)
from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    loading_rows,
    secondary_button,
    section_card,
)
from xplorium.components.admin_list import (
    add_button,
    edit_dialog,
    list_confirm_dialog,
    list_table,
    main_and_detail,
    move_buttons,
    order_header,
    toolbar,
)
from xplorium.components.badges import status_badge
from xplorium.components.text import muted
from xplorium.constants import PRICE_UNITS
from xplorium.i18n import N_, _
from xplorium.services.pricing import CATEGORY_LABELS, HOLD_LABELS
from xplorium.state.backoffice.pricing import ALL
from xplorium.state.backoffice.pricing import PricingAdminState as S

NAME_LABELS = (
    N_("Name (Serbian)"),
    N_("Name in English"),
    N_("Optional: English readers see the Serbian name when empty."),
)


def category_tabs() -> rx.Component:
    # A filter of the one table below, not tabs (tabs would each need a panel of their own).
    return rx.segmented_control.root(
        rx.segmented_control.item(_("All"), value=ALL),
        *(
            rx.segmented_control.item(_(label), value=category.value)
            for category, label in CATEGORY_LABELS.items()
        ),
        value=S.category_filter,
        on_change=S.set_category_filter,
        aria_label=_("Show packages of"),
    )


def package_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(move_buttons(S.move, row["id"])),
        rx.table.cell(
            rx.vstack(
                rx.hstack(
                    rx.text(row["name"], weight="medium"),
                    rx.cond(
                        row["popular"].to(bool),
                        rx.badge(_("Popular"), color_scheme="orange", variant="solid", size="1"),
                    ),
                    spacing="2",
                    align="center",
                ),
                muted(row["features"].to(list[str]).join(" · "), size="1"),
                spacing="1",
            )
        ),
        rx.table.cell(rx.text(row["category_label"])),
        rx.table.cell(
            main_and_detail(
                row["amount"].to(str) + " " + row["currency"].to(str), row["unit_label"], weight="medium"
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.cond(
                    row["room"] != "",
                    rx.text(row["room"]),
                    rx.badge(_("No room: not bookable"), color_scheme="red", variant="soft", size="1"),
                ),
                muted(row["hold_label"], size="1"),
                spacing="0",
            )
        ),
        rx.table.cell(status_badge(row["status"])),
        rx.table.cell(
            rx.hstack(
                rx.switch(
                    checked=row["popular"].to(bool),
                    on_change=lambda value: S.toggle_popular(row["id"], value),
                    aria_label=_("Popular"),
                ),
                rx.text(_("Popular"), size="1"),
                spacing="2",
                align="center",
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.icon_button(
                    rx.icon("pencil", size=14),
                    variant="soft",
                    size="1",
                    aria_label=_("Edit"),
                    on_click=S.edit_package(row["id"]),
                ),
                rx.match(
                    row["status"],
                    (
                        "DRAFT",
                        rx.button(
                            _("Publish"), size="1", on_click=S.set_package_status(row["id"], "PUBLISHED")
                        ),
                    ),
                    (
                        "PUBLISHED",
                        rx.button(
                            _("Archive"),
                            size="1",
                            variant="soft",
                            color_scheme="red",
                            on_click=S.ask_archive(row["id"], row["name"]),
                        ),
                    ),
                    secondary_button(
                        _("Back to draft"),
                        size="1",
                        on_click=S.set_package_status(row["id"], "DRAFT"),
                    ),
                ),
                spacing="2",
                align="center",
            )
        ),
        align="center",
    )


def new_package_button() -> rx.Component:
    return add_button(_("New package"), S.new_package)


def packages_table() -> rx.Component:
    return list_table(
        S,
        (
            order_header(),
            _("Package"),
            _("Category"),
            _("Price"),
            _("Holds"),
            _("Status"),
            _("Highlight"),
            _("Actions"),
        ),
        package_row,
        "packages",
        empty_state(
            "tags",
            _("No packages in this list"),
            _("Add a package; once published it appears on the public pricing page and in booking quotes."),
            new_package_button(),
        ),
    )


def package_form() -> rx.Component:
    field = field_factory(S.form, S.errors)
    return edit_dialog(
        S,
        (_("Edit package"), _("New package")),
        field_grid(
            *bilingual_fields(field, "name", NAME_LABELS, max_length=120),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        field_grid(
            field(
                _("Category"),
                "category",
                form_select,
                ((c.value, label) for c, label in CATEGORY_LABELS.items()),
            ),
            field(_("Amount (RSD)"), "amount", inputmode="decimal", placeholder="1500.00"),
            field(_("Charged"), "unit", form_select, PRICE_UNITS.items()),
        ),
        field_grid(
            field(_("Room"), "room_id", form_select_var, S.room_options, _("Choose a room")),
            field(
                _("A booking holds"),
                "hold_mode",
                form_select,
                ((m.value, label) for m, label in HOLD_LABELS.items()),
                hint=_("Private hire and parties take the whole room (plus its cleanup buffer)."),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        *bilingual_fields(field, "description", DESCRIPTION_LABELS, form_text_area, rows="3"),
        field(
            _("Features"),
            "features",
            form_text_area,
            rows="5",
            placeholder=_("2 hours of play\nA host for the party"),
            hint=_("One feature per line; they are listed on the pricing page in this order."),
        ),
        form_checkbox(S.form, "popular", _("Highlight as popular")),
        submit_label=_("Save package"),
        max_width="640px",
    )


def admin_pricing() -> rx.Component:
    return admin_page(
        _("Pricing"),
        section_card(
            toolbar(category_tabs(), rx.spacer(), new_package_button()),
            loading_rows(S.loading),
            packages_table(),
        ),
        package_form(),
        list_confirm_dialog(S),
        active="/admin/pricing",
    )
