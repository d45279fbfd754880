"""/admin/bookings: every booking, filtered, searched, sorted and paged; CSV and iCalendar export."""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    loaded_or_empty,
    loading_rows,
    pagination,
    section_card,
)
from xplorium.components.admin_list import (
    choice_select,
    csv_button,
    data_table,
    date_filter,
    filter_field,
    filter_form,
)
from xplorium.components.bookings import booking_panel, status_badge, type_icon
from xplorium.components.live import change_watcher
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services.bookings.rules import TYPE_LABELS
from xplorium.state.backoffice.bookings import ALL
from xplorium.state.backoffice.bookings import BookingPanelState as P
from xplorium.state.backoffice.bookings import BookingsListState as S
from xplorium.state.live import BoardShared

CSV_ROUTE = "/api/admin/bookings.csv"
ICS_ROUTE = "/api/admin/bookings.ics"


def _error(name: str) -> rx.Component:
    message = S.errors.get(name, "")
    return rx.cond(message != "", rx.text(message, size="1", color=rx.color("red", 11), role="alert"))


def _labelled(label: str, control: rx.Component, name: str) -> rx.Component:
    return filter_field(label, name, control, _error(name), width="100%")


def _choice(label: str, name: str, aria_label: str, options) -> rx.Component:
    """The filter `name` as a select of (value, label) `options`, its label above, its error below."""
    return rx.vstack(
        rx.text(label, size="1", weight="medium"),
        choice_select(S.filters[name], lambda v: S.set_filter(name, v), aria_label, options, width="100%"),
        _error(name),
        spacing="1",
        width="100%",
    )


def filter_bar() -> rx.Component:
    return filter_form(
        S,
        _labelled(
            _("Search"),
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="q",
                id="q",
                placeholder=_("Name, email, phone, ref."),
                default_value=S.filters["q"],
                width="100%",
            ),
            "q",
        ),
        _choice(
            _("Status"),
            "status",
            _("Filter by status"),
            [(ALL, _("All statuses")), *((s.value, s.value.title()) for s in BookingStatus)],
        ),
        _choice(
            _("Type"),
            "type",
            _("Filter by type"),
            [(ALL, _("All types")), *((t.value, _(TYPE_LABELS[t])) for t in BookingType)],
        ),
        _labelled(_("From"), date_filter(S.filters, "date_from"), "date_from"),
        _labelled(_("To"), date_filter(S.filters, "date_to"), "date_to"),
        apply_label=_("Apply"),
        columns=rx.breakpoints(initial="1", sm="3", lg="2fr 1fr 1fr 1fr 1fr auto"),
        reset_on_submit=False,
        # Filled again whenever the filters change (from the URL on load, or "Clear").
        key=S.export_query,
    )


def export_buttons() -> rx.Component:
    return rx.hstack(
        muted(S.total.to_string(), rx.cond(S.total == 1, " booking", " bookings"), id="bookings-total"),
        rx.spacer(),
        csv_button(_("Export CSV"), CSV_ROUTE + "?" + S.export_query, id="export-csv"),
        csv_button(_("Export iCalendar"), ICS_ROUTE + "?" + S.export_query, "calendar-plus", id="export-ics"),
        width="100%",
        align="center",
        spacing="2",
        wrap="wrap",
    )


def sort_header(label: str, column: str) -> rx.Component:
    active = S.filters["sort"] == column
    return rx.table.column_header_cell(
        rx.button(
            label,
            rx.cond(
                active,
                rx.cond(
                    S.filters["dir"] == "asc", rx.icon("arrow-up", size=14), rx.icon("arrow-down", size=14)
                ),
                rx.icon("arrow-up-down", size=14, opacity="0.35"),
            ),
            variant="ghost",
            color_scheme="gray",
            size="1",
            on_click=S.sort_by(column),
            aria_label=_("Sort by {lower}").format(lower=label.lower()),
        ),
        # On the column header, where assistive technology looks for it (not on the button).
        aria_sort=rx.cond(active, rx.cond(S.filters["dir"] == "asc", "ascending", "descending"), "none"),
    )


def booking_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(row.day_label, size="2", weight="medium", white_space="nowrap"),
                muted(row.time_label, size="1"),
                rx.code(row.reference, size="1", variant="ghost", color_scheme="gray"),
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.hstack(type_icon(row.type), rx.text(row.type_label, size="2"), spacing="2", align="center")
        ),
        rx.table.cell(
            rx.vstack(
                rx.el.button(
                    row.contact_name,
                    type="button",
                    class_name="xp-open",
                    on_click=P.open_booking(row.id).stop_propagation,
                    aria_label=_("Open booking ") + row.reference + ", " + row.contact_name,
                ),
                muted(row.email, size="1"),
                muted(row.phone, size="1"),
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(row.guest_count.to_string(), size="2")),
        rx.table.cell(
            rx.vstack(
                rx.text(row.price_label, size="2", white_space="nowrap"),
                rx.cond(row.paid, rx.badge(_("Paid"), color_scheme="grass", variant="soft", size="1")),
                spacing="1",
            )
        ),
        rx.table.cell(status_badge(row.status)),
        on_click=P.open_booking(row.id),
        cursor="pointer",
        _hover={"background": rx.color("orange", 2)},
        id="row-" + row.reference,
        align="center",
    )


def bookings_table() -> rx.Component:
    return loaded_or_empty(
        S.rows,
        S.loading,
        rx.vstack(
            rx.box(
                data_table(
                    (
                        sort_header(_("When"), "starts_at"),
                        sort_header(_("Type"), "type"),
                        sort_header(_("Parent"), "contact_name"),
                        rx.table.column_header_cell(muted(_("Guests"), size="1", weight="medium")),
                        sort_header(_("Price"), "price"),
                        sort_header(_("Status"), "status"),
                    ),
                    S.rows,
                    booking_row,
                    variant="surface",
                    size="2",
                ),
                width="100%",
                overflow_x="auto",
            ),
            pagination(
                S.page, S.page_count, S.total, S.go_to_page(S.page - 1), S.go_to_page(S.page + 1), "bookings"
            ),
            spacing="3",
            width="100%",
        ),
        empty_state(
            "calendar-search",
            _("No bookings match"),
            _("Try other filters, or clear them to see every booking."),
        ),
    )


def admin_bookings() -> rx.Component:
    return admin_page(
        _("Bookings"),
        section_card(filter_bar(), export_buttons(), loading_rows(S.loading), bookings_table()),
        change_watcher(
            version=BoardShared.version, ready=BoardShared.version > 0, on_change=[S.refresh, P.refresh]
        ),
        booking_panel(),
        active="/admin/bookings",
    )
