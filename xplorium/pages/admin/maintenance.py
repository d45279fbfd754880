"""/admin/maintenance: the maintenance log (jobs, their status, the rooms they close)."""

import reflex as rx

from xplorium.components.admin_form import (
    field_factory,
    field_grid,
    form_select,
    form_select_var,
    form_text_area,
    label_choices,
)
from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    field_error,
    loading_rows,
    secondary_button,
    section_card,
)
from xplorium.components.admin_list import (
    actions_header,
    add_button,
    csv_button,
    edit_dialog,
    filter_select,
    list_confirm_dialog,
    list_search,
    list_table,
    row_menu,
    status_menu_items,
    toolbar,
)
from xplorium.components.badges import labelled_badge
from xplorium.components.text import muted
from xplorium.i18n import N_, _
from xplorium.services.maintenance import KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS
from xplorium.state.backoffice.maintenance import ALL
from xplorium.state.backoffice.maintenance import MaintenanceAdminState as S

CSV_ROUTE = "/api/admin/maintenance.csv"
STATUS_COLORS = {"SCHEDULED": "blue", "IN_PROGRESS": "amber", "COMPLETED": "green", "CANCELLED": "gray"}
PRIORITY_COLORS = {"LOW": "gray", "NORMAL": "blue", "HIGH": "orange", "URGENT": "red"}
# Status menu entries: (status, label, icon).
STATUS_ACTIONS = (
    ("IN_PROGRESS", N_("Start work"), "play"),
    ("COMPLETED", N_("Mark completed"), "circle-check"),
    ("CANCELLED", N_("Cancel job"), "ban"),
)


def maintenance_toolbar() -> rx.Component:
    return toolbar(
        list_search(S, placeholder=_("Search jobs"), aria_label=_("Search maintenance jobs"), width="200px"),
        filter_select(
            S, "status", _("Filter by status"), ((ALL, _("All statuses")), *label_choices(STATUS_LABELS))
        ),
        filter_select(S, "kind", _("Filter by type"), ((ALL, _("All types")), *label_choices(KIND_LABELS))),
        rx.spacer(),
        csv_button(_("Export CSV"), CSV_ROUTE),
        new_job_button(),
    )


def new_job_button() -> rx.Component:
    return add_button(_("New job"), S.new_job)


def actions_menu(row) -> rx.Component:
    return row_menu(
        _("Actions for") + " " + row["equipment"].to(str),
        rx.menu.item(rx.icon("pencil", size=14), _("Edit"), on_click=S.edit_job(row["id"])),
        rx.menu.separator(),
        *status_menu_items(
            row, STATUS_ACTIONS, lambda status: S.set_job_status(row["id"], status, row["equipment"])
        ),
    )


def job_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.text(row["equipment"], weight="medium"),
                muted(row["description"], size="1", trim="end", max_width="320px"),
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(row["location_label"]),
                rx.cond(
                    row["closes_room"].to(bool),
                    rx.badge(
                        rx.icon("lock", size=12), _("Closes the room"), color_scheme="red", variant="soft"
                    ),
                ),
                spacing="1",
            )
        ),
        rx.table.cell(rx.text(row["kind_label"])),
        rx.table.cell(
            rx.vstack(
                rx.text(row["when"], white_space="nowrap"),
                rx.cond(
                    row["overdue"].to(bool),
                    rx.badge(_("Overdue"), color_scheme="red", variant="solid"),
                ),
                spacing="1",
            )
        ),
        rx.table.cell(labelled_badge(row["priority"], PRIORITY_COLORS, PRIORITY_LABELS)),
        rx.table.cell(labelled_badge(row["status"], STATUS_COLORS, STATUS_LABELS)),
        rx.table.cell(
            rx.text(rx.cond(row["cost_label"] != "", row["cost_label"], "—"), white_space="nowrap")
        ),
        rx.table.cell(actions_menu(row)),
        align="center",
    )


def jobs_table() -> rx.Component:
    return rx.box(
        list_table(
            S,
            (
                _("Equipment"),
                _("Room or area"),
                _("Type"),
                _("Scheduled"),
                _("Priority"),
                _("Status"),
                _("Cost"),
                actions_header("56px"),
            ),
            job_row,
            _("jobs"),
            empty_state(
                "wrench",
                _("No maintenance jobs here"),
                _("Log repairs, inspections and cleaning; a job in a room can close it for its time."),
                new_job_button(),
            ),
        ),
        width="100%",
        overflow_x="auto",
    )


def in_the_way_panel() -> rx.Component:
    return rx.cond(
        S.in_the_way.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.vstack(
                rx.text(_("The room is already booked in that time:"), weight="bold", size="2"),
                rx.el.ul(rx.foreach(S.in_the_way, lambda line: rx.el.li(rx.text(line, size="2")))),
                rx.text(
                    _("Move or cancel these on the board first, or save the job without closing the room."),
                    size="2",
                ),
                rx.hstack(
                    secondary_button(
                        _("Change the time"),
                        type="button",
                        on_click=S.back_to_form,
                    ),
                    rx.button(
                        _("Save, keep the room open"),
                        type="button",
                        color_scheme="orange",
                        loading=S.saving,
                        on_click=S.save_keeping_room_open,
                        id="save-keeping-room-open",
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
            ),
            color_scheme="amber",
            role="alert",
            width="100%",
        ),
    )


def job_form() -> rx.Component:
    errors = S.errors
    field = field_factory(S.form, errors)
    return edit_dialog(
        S,
        (_("Edit maintenance job"), _("New maintenance job")),
        in_the_way_panel(),
        field(_("Equipment"), "equipment", max_length=200),
        field_grid(
            field(_("Room or area"), "location", form_select_var, S.location_options, _("Choose…")),
            field(_("Type"), "kind", form_select, label_choices(KIND_LABELS)),
            field(_("Priority"), "priority", form_select, label_choices(PRIORITY_LABELS)),
            columns=rx.breakpoints(initial="1", sm="3"),
        ),
        field(_("Description"), "description", form_text_area, rows="3"),
        field_grid(
            field(_("Date"), "scheduled_on", type="date"),
            field(_("From"), "starts_time", type="time"),
            field(_("Until"), "ends_time", type="time"),
            columns=rx.breakpoints(initial="1", sm="3"),
        ),
        rx.vstack(
            rx.el.label(
                rx.hstack(
                    rx.checkbox(
                        name="closes_room", default_checked=S.form["closes_room"] == "on", id="closes_room"
                    ),
                    rx.text(_("Take the room out of use for this time (no bookings then)"), size="2"),
                    spacing="2",
                    align="center",
                ),
            ),
            muted(
                _("Without a time, the whole day. Bookings already there are shown before saving."), size="1"
            ),
            field_error(errors, "closes_room"),
            spacing="1",
            width="100%",
        ),
        field_grid(
            field(_("Cost (RSD)"), "cost_rsd", inputmode="decimal"),
            field(_("Performed by"), "performed_by", max_length=200),
            field(_("Completed on"), "completed_on", type="date"),
            columns=rx.breakpoints(initial="1", sm="3"),
        ),
        field(_("Notes"), "notes", form_text_area, rows="2"),
        submit_label=_("Save job"),
        max_width="760px",
        description=_("New jobs are scheduled; start, complete or cancel them from the list."),
        key=S.editing_id.to_string() + S.form_open.to_string() + S.in_the_way.length().to_string(),
    )


def admin_maintenance() -> rx.Component:
    return admin_page(
        _("Maintenance"),
        section_card(
            rx.heading(_("Jobs"), as_="h2", class_name="sr-only"),
            maintenance_toolbar(),
            loading_rows(S.loading),
            jobs_table(),
        ),
        job_form(),
        list_confirm_dialog(S),
        active="/admin/maintenance",
    )
