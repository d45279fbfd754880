"""/admin/rooms: the venue's rooms (capacity, cleanup buffer, active) and their closures."""

import reflex as rx

from xplorium.components.admin_form import field_factory, field_grid, form_checkbox, form_count
from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    loaded_or_empty,
    loading_rows,
    or_empty,
    secondary_button,
    section_card,
)
from xplorium.components.admin_list import (
    add_button,
    data_table,
    edit_dialog,
    form_dialog,
    list_confirm_dialog,
    main_and_detail,
    toolbar,
)
from xplorium.components.text import muted
from xplorium.constants import BUFFER_MINUTES_MAX, ROOM_CAPACITY_MAX
from xplorium.i18n import _
from xplorium.state.backoffice.rooms import RoomsAdminState as S


def closure_item(closure) -> rx.Component:
    return rx.hstack(
        rx.icon("calendar-x", size=14, color=rx.color("red", 10)),
        main_and_detail(closure["label"], closure["reason"], size="2", weight="medium"),
        rx.spacer(),
        secondary_button(
            _("Reopen"),
            size="1",
            on_click=S.ask_reopen(closure["id"]),
        ),
        align="center",
        spacing="2",
        width="100%",
    )


def status_badge(row) -> rx.Component:
    return rx.cond(
        row["active"].to(bool),
        rx.badge(_("Active"), color_scheme="green"),
        rx.badge(_("Inactive"), color_scheme="gray"),
    )


def closures(row) -> rx.Component:
    return or_empty(
        row["closures"].to(list),
        rx.vstack(rx.foreach(row["closures"].to(list[dict]), closure_item), spacing="2", width="100%"),
        _("Open"),
    )


def actions(row) -> rx.Component:
    return rx.hstack(
        rx.icon_button(
            rx.icon("pencil", size=14),
            variant="soft",
            size="1",
            aria_label=_("Edit ") + row["name"].to(str),
            on_click=S.edit_room(row["id"]),
        ),
        rx.button(
            _("Close room"), size="1", variant="soft", color_scheme="red", on_click=S.ask_close(row["id"])
        ),
        spacing="2",
        align="center",
    )


def room_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row["name"], weight="medium")),
        rx.table.cell(rx.text(row["capacity"].to(str) + " places")),
        rx.table.cell(rx.text(row["buffer_minutes"].to(str) + " min")),
        rx.table.cell(status_badge(row)),
        rx.table.cell(closures(row), min_width="240px"),
        rx.table.cell(actions(row)),
        align="center",
    )


def room_card(row) -> rx.Component:
    """A room on a phone: the table's columns one under another."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(row["name"], weight="bold"), rx.spacer(), status_badge(row), width="100%"),
            muted(
                row["capacity"].to(str) + _(" places · ") + row["buffer_minutes"].to(str) + _(" min cleanup")
            ),
            closures(row),
            actions(row),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def new_room_button() -> rx.Component:
    return add_button(_("New room"), S.new_room)


def rooms_list() -> rx.Component:
    """Every room (a venue has a handful: no pages), a table on wider screens, cards on a phone."""
    return loaded_or_empty(
        S.rows,
        S.loading,
        rx.box(
            rx.tablet_and_desktop(
                data_table(
                    (_("Room"), _("Capacity"), _("Cleanup buffer"), _("Status"), _("Closures"), _("Actions")),
                    S.rows,
                    room_row,
                    variant="surface",
                ),
            ),
            rx.mobile_only(rx.vstack(rx.foreach(S.rows, room_card), spacing="3", width="100%")),
            width="100%",
        ),
        empty_state(
            "door-open",
            _("No rooms yet"),
            _("Add the venue's rooms; every offer and event holds places in one of them."),
            new_room_button(),
        ),
    )


def room_form() -> rx.Component:
    field = field_factory(S.form, S.errors)
    return edit_dialog(
        S,
        (_("Edit room"), _("New room")),
        field(_("Name"), "name", max_length=120),
        field_grid(
            field(
                _("Capacity (places)"),
                "capacity",
                form_count,
                min=1,
                max=ROOM_CAPACITY_MAX,
                hint=_("Children for a play room, seats for the cafe."),
            ),
            field(
                _("Cleanup buffer (minutes)"),
                "buffer_minutes",
                form_count,
                max=BUFFER_MINUTES_MAX,
                hint=_("Held after an exclusive hire; left empty, the venue's usual buffer."),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        form_checkbox(S.form, "active", _("Active (offers and events can use it)")),
        submit_label=_("Save room"),
        max_width="560px",
    )


def closure_form() -> rx.Component:
    field = field_factory(S.closure_form, S.closure_errors)
    return form_dialog(
        _("Close the ") + S.closure_room_name,
        field_grid(
            field(_("First day"), "starts_on", type="date"),
            field(_("Last day"), "ends_on", type="date"),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        field(_("Reason"), "reason", max_length=200, placeholder=_("Maintenance")),
        open=S.closure_open,
        on_close=S.close_closure_form,
        on_submit=S.save_closure,
        message=S.closure_message,
        saving=S.closure_saving,
        submit_label=_("Close room"),
        max_width="520px",
        description=_(
            "No booking can take the room on these days. Bookings already there must be moved first."
        ),
        key="closure-" + S.closure_room_id.to_string() + S.closure_open.to_string(),
    )


def admin_rooms() -> rx.Component:
    return admin_page(
        _("Rooms"),
        section_card(
            toolbar(
                muted(_("Every offer and event holds places in a room; a closure holds it for whole days.")),
                rx.spacer(),
                new_room_button(),
            ),
            loading_rows(S.loading),
            rooms_list(),
        ),
        room_form(),
        closure_form(),
        list_confirm_dialog(S, color_scheme="orange"),
        active="/admin/rooms",
    )
