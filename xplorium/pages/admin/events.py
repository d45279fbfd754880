"""/admin/events: list, create, edit, publish, cancel, archive, delete, reorder, attendees."""

import reflex as rx

from xplorium.components.admin_form import (
    DESCRIPTION_LABELS,
    bilingual_fields,
    field_factory,
    field_grid,
    form_input,
    form_select,
    form_select_var,
    form_text_area,
)
from xplorium.components.admin_layout import admin_page, empty_state, form_field, loading_rows, section_card
from xplorium.components.admin_list import (
    actions_header,
    add_button,
    closable_dialog,
    close_button,
    data_table,
    edit_dialog,
    filter_select,
    list_confirm_dialog,
    list_search,
    list_table,
    main_and_detail,
    move_buttons,
    order_header,
    row_menu,
    status_menu_items,
    toolbar,
)
from xplorium.components.badges import status_badge
from xplorium.components.text import muted
from xplorium.i18n import N_, _
from xplorium.state.backoffice.events import EventsAdminState as S
from xplorium.state.backoffice.list_state import ALL

STATUS_FILTERS = (ALL, "DRAFT", "PUBLISHED", "COMPLETED", "CANCELLED", "ARCHIVED")
STATUS_BUTTONS = (
    ("PUBLISHED", N_("Publish"), "send"),
    ("COMPLETED", N_("Mark completed"), "circle-check"),
    ("CANCELLED", N_("Cancel event"), "ban"),
    ("ARCHIVED", N_("Archive"), "archive"),
)
TITLE_LABELS = (
    N_("Title (Serbian)"),
    N_("Title in English"),
    N_("Optional: English readers see the Serbian title when empty."),
)


def events_toolbar() -> rx.Component:
    return toolbar(
        list_search(
            S, placeholder=_("Search title or category"), aria_label=_("Search events"), width="280px"
        ),
        filter_select(
            S,
            "status",
            _("Filter by status"),
            ((s, _("All statuses") if s == ALL else s.title()) for s in STATUS_FILTERS),
        ),
        rx.spacer(),
        new_event_button(),
    )


def new_event_button() -> rx.Component:
    return add_button(_("New event"), S.new_event)


def actions_menu(row) -> rx.Component:
    return row_menu(
        _("Actions for ") + row["title"].to(str),
        rx.menu.item(rx.icon("pencil", size=14), _("Edit"), on_click=S.edit_event(row["id"])),
        rx.menu.item(rx.icon("users", size=14), _("Attendees"), on_click=S.show_attendees(row["id"])),
        rx.menu.separator(),
        *status_menu_items(
            row, STATUS_BUTTONS, lambda status: S.set_event_status(row["id"], status, row["title"])
        ),
        rx.menu.separator(),
        rx.menu.item(
            rx.icon("trash-2", size=14),
            _("Delete"),
            color_scheme="red",
            on_click=S.ask_delete(row["id"], row["title"]),
        ),
    )


def event_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(move_buttons(S.move, row["id"])),
        rx.table.cell(main_and_detail(row["title"], "/events/" + row["slug"].to(str), weight="medium")),
        rx.table.cell(
            main_and_detail(row["date"], row["start_time"].to(str) + "–" + row["end_time"].to(str))
        ),
        rx.table.cell(status_badge(row["status"])),
        rx.table.cell(
            rx.text(row["taken"].to_string() + " / " + row["capacity"].to_string()),
            rx.cond(
                row["waitlisted"].to(int) > 0,
                rx.text(row["waitlisted"].to_string() + " waiting", size="1", color=rx.color("amber", 11)),
            ),
        ),
        rx.table.cell(
            rx.cond(
                row["room"] != "",
                main_and_detail(
                    row["room"], rx.cond(row["hold_mode"] == "WHOLE", _("Whole room"), _("Places"))
                ),
                muted(_("No room")),
            )
        ),
        rx.table.cell(rx.text(row["price"].to(str) + " " + row["currency"].to(str))),
        rx.table.cell(actions_menu(row)),
        align="center",
    )


def events_table() -> rx.Component:
    return list_table(
        S,
        (
            order_header(),
            _("Event"),
            _("Date"),
            _("Status"),
            _("Places"),
            _("Room"),
            _("Price"),
            actions_header("56px"),
        ),
        event_row,
        "events",
        empty_state(
            "party-popper",
            _("No events here yet"),
            _("Create an event, publish it, and parents can register on the public site."),
            new_event_button(),
        ),
    )


def text_input(name: str, **props) -> rx.Component:
    return form_input(S.form, name, **props)


def event_form() -> rx.Component:
    field = field_factory(S.form, S.errors)
    return edit_dialog(
        S,
        (_("Edit event"), _("New event")),
        field_grid(
            *bilingual_fields(
                field,
                "title",
                TITLE_LABELS,
                max_length=200,
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        *bilingual_fields(field, "description", DESCRIPTION_LABELS, form_text_area, rows="4"),
        field_grid(
            field(_("Date"), "date", type="date"),
            field(_("Starts"), "start_time", type="time"),
            field(_("Ends"), "end_time", type="time"),
        ),
        field_grid(
            field(_("Capacity (places)"), "capacity", type="number", min="1"),
            field(_("Price (RSD)"), "price", inputmode="decimal"),
            field(_("Location"), "location"),
        ),
        field_grid(
            field(
                _("Room"),
                "room_id",
                form_select_var,
                S.room_options,
                _("No room"),
                hint=_("Once published, the event holds it for its time."),
            ),
            field(
                _("The event holds"),
                "hold_mode",
                form_select,
                (("WHOLE", _("The whole room")), ("PLACES", _("Its capacity in places"))),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
        ),
        field_grid(
            form_field(
                _("Category"), "category", text_input("category", placeholder=_("Workshop")), S.errors
            ),
            form_field(_("Theme"), "theme", text_input("theme", placeholder=_("Dinosaurs")), S.errors),
            columns="2",
        ),
        field(_("Image address"), "image_url", placeholder="https://…"),
        form_field(
            _("Tags"),
            "tags",
            text_input("tags", placeholder=_("kids, music")),
            S.errors,
            hint=_("Separate tags with commas."),
        ),
        submit_label=_("Save event"),
        max_width="720px",
        description=_("Saved events start as drafts; publish them to show them on the public site."),
    )


def attendee_table(rows, waiting: bool) -> rx.Component:
    return data_table(
        (
            *((rx.table.column_header_cell("#"),) if waiting else ()),
            _("Name"),
            _("Email"),
            _("Guests"),
            _("Registered"),
        ),
        rows,
        lambda r: rx.table.row(
            *((rx.table.cell(r["position"]),) if waiting else ()),
            rx.table.cell(r["name"]),
            rx.table.cell(r["email"]),
            rx.table.cell(r["guest_count"]),
            rx.table.cell(r["registered_at"]),
        ),
        size="1",
    )


def attendees_dialog() -> rx.Component:
    event = S.attendee_event
    return closable_dialog(
        S.attendees_open,
        S.close_attendees,
        rx.hstack(
            rx.dialog.title(_("Attendees · ") + event["title"].to(str)),
            rx.button(rx.icon("download", size=16), _("Export CSV"), variant="soft", on_click=S.export_csv),
            justify="between",
            width="100%",
        ),
        muted(
            _("{taken} of {capacity} places taken").format(
                taken=event["taken"].to_string(), capacity=event["capacity"].to_string()
            )
        ),
        rx.heading(_("Confirmed"), size="3", margin_top="1rem", as_="h3"),
        rx.cond(
            S.confirmed.length() > 0,
            attendee_table(S.confirmed, False),
            rx.text(_("Nobody has registered yet."), size="2"),
        ),
        rx.heading(_("Waiting list"), size="3", margin_top="1rem", as_="h3"),
        rx.cond(
            S.waiting.length() > 0,
            attendee_table(S.waiting, True),
            rx.text(_("The waiting list is empty."), size="2"),
        ),
        rx.hstack(
            close_button(_("Close"), S.close_attendees),
            justify="end",
            margin_top="1rem",
        ),
        max_width="760px",
    )


def admin_events() -> rx.Component:
    return admin_page(
        _("Events"),
        section_card(events_toolbar(), loading_rows(S.loading), events_table()),
        event_form(),
        attendees_dialog(),
        list_confirm_dialog(S),
        active="/admin/events",
    )
