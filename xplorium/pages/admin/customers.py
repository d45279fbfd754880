"""/admin/customers (list, filters, totals sync, marketing export) and /admin/customers/<id>."""

import reflex as rx

from xplorium.components.admin_form import field_grid, form_input, form_select, form_text_area
from xplorium.components.admin_layout import (
    admin_page,
    confirm_dialog,
    empty_state,
    end_actions,
    error_callout,
    form_field,
    initial_avatar,
    kept_form,
    loading_rows,
    or_empty,
    secondary_button,
    section_card,
    titled_card,
)
from xplorium.components.admin_list import (
    choice_select,
    data_table,
    filter_select,
    list_search,
    list_table,
    toolbar,
)
from xplorium.components.admin_points import delta_badge
from xplorium.components.badges import BOOKING_STATUS_COLORS, tier_badge
from xplorium.components.links import download_button, download_menu_item, link_button, page_href
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.models.enums import ContactMethod
from xplorium.services.customers import CONTACT_LABELS, MARKETING_CHOICES, SORTS
from xplorium.services.loyalty import TIER_LABELS, TIERS
from xplorium.state.backoffice.customers import ALL
from xplorium.state.backoffice.customers import CustomerDetailState as C
from xplorium.state.backoffice.customers import CustomersAdminState as S

MARKETING_EXPORT_URL = "/api/admin/customers/marketing.csv"
SEGMENT_BADGE = {"VIP": "purple", "REGULAR": "orange", "FIRST_TIME": "amber", "NEW": "gray"}
# ---------------------------------------------------------------- list


def customers_toolbar() -> rx.Component:
    return toolbar(
        list_search(
            S, placeholder=_("Name, email or phone"), aria_label=_("Search customers"), width="240px"
        ),
        filter_select(
            S, "tier", _("Filter by tier"), [(ALL, _("All tiers"))] + [(t, _(TIER_LABELS[t])) for t in TIERS]
        ),
        filter_select(
            S,
            "marketing",
            _("Filter by marketing consent"),
            [(key, _(label)) for key, label in MARKETING_CHOICES.items()],
        ),
        choice_select(
            S.sort,
            S.set_sort,
            _("Sort by"),
            [(key, _("Sort: {order}").format(order=_(text))) for key, text in SORTS.items()],
        ),
        rx.spacer(),
        rx.menu.root(
            rx.menu.trigger(
                secondary_button(
                    rx.icon("ellipsis", size=16),
                    _("Tools"),
                )
            ),
            rx.menu.content(
                rx.menu.item(
                    rx.icon("refresh-cw", size=14), _("Rebuild totals from bookings"), on_click=S.ask_sync
                ),
                download_menu_item(
                    rx.icon("download", size=14),
                    _("Export marketing list (CSV)"),
                    href=MARKETING_EXPORT_URL,
                    id="export-marketing",
                ),
            ),
        ),
    )


def customer_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.hstack(
                    initial_avatar(row["name"], "2"),
                    rx.vstack(
                        rx.hstack(
                            rx.text(row["name"], weight="medium", color=rx.color("gray", 12)),
                            rx.cond(
                                row["guest"].to(bool),
                                rx.tooltip(
                                    rx.badge(_("Guest"), size="1", variant="outline", color_scheme="gray"),
                                    content="No password: created from a booking made as a guest.",
                                ),
                            ),
                            spacing="2",
                            align="center",
                        ),
                        muted(row["email"], size="1"),
                        spacing="0",
                    ),
                    spacing="3",
                    align="center",
                ),
                href=page_href("/admin/customers/" + row["id"].to_string()),
                underline="none",
                id="customer-" + row["id"].to_string(),
            )
        ),
        rx.table.cell(tier_badge(row["tier"])),
        rx.table.cell(rx.text(row["points"].to_string(), size="2"), text_align="right"),
        rx.table.cell(rx.text(row["bookings"].to_string(), size="2"), text_align="right"),
        rx.table.cell(rx.text(row["spent"], size="2", white_space="nowrap"), text_align="right"),
        rx.table.cell(rx.text(rx.cond(row["last_booking"] != "", row["last_booking"], "—"), size="2")),
        rx.table.cell(
            rx.cond(
                row["marketing"].to(bool),
                rx.tooltip(
                    rx.icon("mail-check", size=16, color=rx.color("grass", 10)),
                    content="Opted in to marketing",
                ),
                rx.tooltip(rx.icon("mail-x", size=16, color=rx.color("gray", 8)), content="No marketing"),
            )
        ),
        align="center",
    )


def customers_table() -> rx.Component:
    return list_table(
        S,
        (
            _("Customer"),
            _("Tier"),
            rx.table.column_header_cell(_("Points"), text_align="right"),
            rx.table.column_header_cell(_("Bookings"), text_align="right"),
            rx.table.column_header_cell(_("Spent"), text_align="right"),
            _("Last booking"),
            rx.table.column_header_cell(
                rx.text(_("Marketing"), class_name="sr-only"), rx.icon("mail", size=14)
            ),
        ),
        customer_row,
        "customers",
        empty_state("contact", _("No customers match"), _("Try another search, tier or marketing filter.")),
    )


def sync_note() -> rx.Component:
    return muted(
        _("Totals (bookings, spent, first and last booking) "),
        rx.cond(
            S.last_sync != "",
            _("were rebuilt from the bookings on ") + S.last_sync + ".",
            _("have not been rebuilt yet."),
        ),
        size="1",
        id="last-sync",
    )


def admin_customers() -> rx.Component:
    return admin_page(
        _("Customers"),
        section_card(customers_toolbar(), loading_rows(S.loading), customers_table(), sync_note()),
        confirm_dialog(
            S.sync_open,
            _("Rebuild every customer's totals?"),
            _(
                "Bookings, spent, first and last booking are recounted from all bookings, and guest "
                "bookings with a new email get a customer record (without a password). Takes a moment."
            ),
            _("Rebuild totals"),
            S.run_sync,
            S.cancel_sync,
            busy=S.syncing,
            color_scheme="orange",
        ),
        active="/admin/customers",
    )


# ---------------------------------------------------------------- detail


def detail_card(title: str, *children: rx.Component) -> rx.Component:
    """A card of the customer page: its title, then `children`."""
    return section_card(rx.heading(title, size="3", as_="h3"), *children, spacing="3")


def fact(label: str, value, fact_id: str = "") -> rx.Component:
    return rx.vstack(
        muted(label, size="1"),
        rx.text(value, size="4", weight="bold", id=fact_id or None),
        spacing="0",
        align="start",
        min_width="110px",
    )


def header_card() -> rx.Component:
    c = C.customer
    tier = c["tier"].to(str)
    return rx.card(
        rx.hstack(
            initial_avatar(c["name"], "6"),
            rx.vstack(
                rx.hstack(
                    rx.heading(c["name"], size="6", as_="h2", id="customer-name"),
                    tier_badge(tier),
                    rx.match(
                        c["segment"].to(str),
                        *(
                            (key, rx.badge(label, color_scheme=color, variant="outline"))
                            for key, label, color in (
                                ("VIP", _("Segment: VIP (5+ bookings)"), SEGMENT_BADGE["VIP"]),
                                ("REGULAR", _("Segment: regular"), SEGMENT_BADGE["REGULAR"]),
                                ("FIRST_TIME", _("Segment: first-time"), SEGMENT_BADGE["FIRST_TIME"]),
                                ("NEW", _("No bookings yet"), SEGMENT_BADGE["NEW"]),
                            )
                        ),
                        rx.fragment(),
                    ),
                    rx.cond(
                        c["guest"].to(bool),
                        rx.badge(_("Guest (no password)"), variant="soft", color_scheme="gray"),
                    ),
                    rx.cond(
                        c["blocked"].to(bool), rx.badge(_("Blocked"), color_scheme="red", variant="soft")
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                rx.hstack(
                    rx.hstack(
                        rx.icon("mail", size=14), rx.text(c["email"], size="2"), spacing="1", align="center"
                    ),
                    rx.cond(
                        c["phone"] != "",
                        rx.hstack(
                            rx.icon("phone", size=14),
                            rx.text(c["phone"], size="2"),
                            spacing="1",
                            align="center",
                        ),
                    ),
                    muted(_("Customer since ") + c["joined"].to(str)),
                    spacing="4",
                    color=rx.color("gray", 11),
                    wrap="wrap",
                ),
                spacing="2",
                align="start",
            ),
            rx.spacer(),
            link_button(
                rx.icon("award", size=16),
                _("Adjust points"),
                href=page_href("/admin/loyalty?customer=" + C.customer_id.to_string()),
                variant="soft",
            ),
            spacing="4",
            align="center",
            width="100%",
            wrap="wrap",
        ),
        size="3",
        width="100%",
    )


def totals_card() -> rx.Component:
    c = C.customer
    return detail_card(
        _("Totals and loyalty"),
        rx.flex(
            fact(_("Bookings"), c["bookings"].to_string(), "customer-bookings"),
            fact(_("Lifetime value"), c["spent"], "customer-spent"),
            fact(_("Points"), c["points"].to_string(), "customer-points"),
            fact(_("Last booking"), rx.cond(c["last_booking"] != "", c["last_booking"], "—")),
            fact(_("First booking"), rx.cond(c["first_booking"] != "", c["first_booking"], "—")),
            fact(_("Cancelled"), c["cancelled"].to_string()),
            wrap="wrap",
            spacing="5",
            width="100%",
        ),
        rx.cond(
            c["next_tier"] != "",
            rx.vstack(
                rx.progress(
                    value=c["tier_progress"].to(int),
                    color_scheme="orange",
                    size="2",
                    aria_label=_("Progress to the next tier"),
                ),
                muted(
                    c["points_to_next"].to_string() + _(" points to ") + c["next_tier_label"].to(str),
                    size="1",
                ),
                spacing="1",
                width="100%",
            ),
            muted(_("Top tier reached."), size="1"),
        ),
        muted(
            rx.cond(
                c["active"].to(bool),
                _("Active: booked in the last 90 days."),
                _("Not active in the last 90 days."),
            ),
            size="1",
        ),
    )


def tag_chip(tag) -> rx.Component:
    """A customer's tag, with the button that removes it."""
    return rx.badge(
        tag,
        rx.icon_button(
            rx.icon("x", size=12),
            size="1",
            variant="ghost",
            color_scheme="orange",
            aria_label=_("Remove tag ") + tag,
            on_click=C.remove_tag(tag),
        ),
        color_scheme="orange",
        variant="soft",
        size="2",
        radius="full",
    )


def tags_card() -> rx.Component:
    return detail_card(
        _("Tags"),
        or_empty(
            C.tags,
            rx.flex(rx.foreach(C.tags, tag_chip), wrap="wrap", spacing="2", id="customer-tags"),
            _("No tags yet."),
        ),
        kept_form(
            rx.hstack(
                rx.input(
                    name="tag",
                    id="new-tag",
                    placeholder=_("e.g. birthday-regular"),
                    aria_label=_("New tag"),
                    max_length=40,
                    flex="1",
                ),
                rx.button(rx.icon("plus", size=14), _("Add"), type="submit", variant="soft"),
                spacing="2",
                width="100%",
            ),
            on_submit=C.add_tag,
        ),
        rx.cond(C.tag_error != "", rx.text(C.tag_error, size="1", color=rx.color("red", 11), role="alert")),
    )


def _switch(label: str, name: str, checked, hint: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.hstack(
                rx.switch(name=name, id=name, default_checked=checked),
                rx.text(label, size="2", weight="medium"),
                spacing="2",
                align="center",
            ),
            html_for=name,
        ),
        muted(hint, size="1"),
        spacing="1",
    )


def profile_card() -> rx.Component:
    errors = C.errors
    return detail_card(
        _("Contact, preferences and notes"),
        kept_form(
            rx.vstack(
                error_callout(C.form_message),
                field_grid(
                    form_field(
                        _("Name"),
                        "name",
                        form_input(C.profile, "name", required=True),
                        errors,
                    ),
                    form_field(
                        _("Phone"),
                        "phone",
                        form_input(C.profile, "phone", type="tel"),
                        errors,
                        hint=_("Serbian numbers may be written locally, e.g. 064 123 4567."),
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                ),
                form_field(
                    _("Preferred contact"),
                    "preferred_contact",
                    form_select(
                        C.profile, "preferred_contact", [(m.value, CONTACT_LABELS[m]) for m in ContactMethod]
                    ),
                    errors,
                ),
                rx.hstack(
                    _switch(
                        _("Marketing emails"),
                        "marketing_opt_in",
                        C.marketing,
                        _("Included in the marketing list export."),
                    ),
                    _switch("SMS", "sms_opt_in", C.sms, _("Reminders and offers by SMS.")),
                    spacing="6",
                    wrap="wrap",
                ),
                rx.cond(
                    errors.contains("sms_opt_in"),
                    rx.text(errors["sms_opt_in"], size="1", color=rx.color("red", 11), role="alert"),
                ),
                muted(C.customer["consent"], size="1"),
                form_field(
                    _("Notes (staff only)"),
                    "notes",
                    form_text_area(C.profile, "notes", rows="4"),
                    errors,
                ),
                end_actions(rx.button(_("Save details"), type="submit", loading=C.saving)),
                spacing="3",
                width="100%",
            ),
            on_submit=C.save_profile,
            key=C.form_key,
        ),
    )


def booking_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.code(row["reference"], variant="ghost"),
                href=page_href("/admin/bookings?reference=" + row["reference"].to(str)),
            )
        ),
        rx.table.cell(rx.text(row["date"], " · ", row["time"], size="2", white_space="nowrap")),
        rx.table.cell(rx.text(row["type_label"], size="2", white_space="nowrap")),
        rx.table.cell(
            rx.match(
                row["status"],
                *(
                    (s, rx.badge(s.title(), color_scheme=color, variant="soft"))
                    for s, color in BOOKING_STATUS_COLORS.items()
                ),
                rx.badge(row["status"]),
            )
        ),
        rx.table.cell(row["guests"].to_string(), text_align="right"),
        rx.table.cell(
            rx.cond(
                row["paid"].to(bool),
                rx.text(
                    row["paid_amount"], " paid", size="2", color=rx.color("grass", 11), white_space="nowrap"
                ),
                rx.text(row["price"], size="2", white_space="nowrap"),
            ),
            text_align="right",
        ),
        align="center",
    )


def bookings_card() -> rx.Component:
    return section_card(
        rx.hstack(
            rx.heading(_("Bookings"), size="3", as_="h3"),
            rx.spacer(),
            rx.cond(
                C.bookings.length() > 10,
                secondary_button(
                    rx.cond(
                        C.show_all,
                        _("Show the latest 10"),
                        _("Show all ") + C.bookings.length().to_string(),
                    ),
                    size="1",
                    on_click=C.toggle_all,
                ),
            ),
            width="100%",
            align="center",
        ),
        or_empty(
            C.bookings,
            data_table(
                (
                    _("Reference"),
                    _("When"),
                    _("What"),
                    _("Status"),
                    rx.table.column_header_cell(_("Guests"), text_align="right"),
                    rx.table.column_header_cell(_("Amount"), text_align="right"),
                ),
                C.shown_bookings,
                booking_row,
                size="1",
                id="customer-bookings-table",
            ),
            _("No bookings yet."),
        ),
        spacing="3",
    )


def ledger_line(row) -> rx.Component:
    """A change of the customer's points: how many, why, when and by whom, and the tier it reached."""
    return rx.hstack(
        delta_badge(row, min_width="56px", justify="center"),
        rx.vstack(
            rx.text(row["reason"], size="2"),
            muted(row["when"], " · ", row["actor"], size="1"),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(
            row["tier_move"] != "",
            rx.badge(row["tier_after_label"], variant="outline", color_scheme="orange"),
        ),
        width="100%",
        align="center",
        spacing="3",
    )


def ledger_card() -> rx.Component:
    return detail_card(
        _("Points history"),
        or_empty(
            C.ledger,
            rx.vstack(rx.foreach(C.ledger, ledger_line), spacing="3", width="100%"),
            _("No points yet."),
        ),
    )


def detail_body() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(
                rx.icon("arrow-left", size=14),
                rx.text(_("All customers"), size="2"),
                spacing="1",
                align="center",
            ),
            href=page_href("/admin/customers"),
        ),
        header_card(),
        rx.grid(
            rx.vstack(totals_card(), ledger_card(), spacing="4", width="100%"),
            rx.vstack(profile_card(), tags_card(), spacing="4", width="100%"),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="4",
            width="100%",
            align="start",
        ),
        bookings_card(),
        data_request_card(),
        spacing="4",
        width="100%",
    )


def data_request_card() -> rx.Component:
    return titled_card(
        _("Data request"),
        muted(
            _(
                "Everything held about this person as one file, or their erasure: the account is closed "
                "and what identifies them removed; bookings stay for the books, under their name."
            )
        ),
        rx.hstack(
            download_button(
                rx.icon("download", size=16),
                _("Download their data (JSON)"),
                href="/api/admin/customers/" + C.customer_id.to_string() + "/data.json",
                id="customer-data-download",
                variant="soft",
            ),
            rx.button(
                rx.icon("user-x", size=16),
                _("Erase personal data…"),
                color_scheme="red",
                variant="soft",
                on_click=C.ask_erase,
            ),
            spacing="3",
            wrap="wrap",
        ),
        spacing="3",
    )


def erase_dialog() -> rx.Component:
    return confirm_dialog(
        C.erase_open,
        _("Erase this customer's personal data?"),
        _(
            "Their email, phone, notes, tags and consent are removed and the account is closed. "
            "This cannot be undone."
        ),
        _("Erase"),
        C.erase,
        C.cancel_erase,
        busy=C.erasing,
    )


def admin_customer() -> rx.Component:
    return admin_page(
        _("Customer"),
        rx.cond(
            C.missing,
            empty_state(
                "contact",
                _("Customer not found"),
                _("The customer may have been deleted, or the link is wrong."),
                rx.link(rx.button(_("All customers"), variant="soft"), href=page_href("/admin/customers")),
            ),
            rx.cond(C.customer.contains("id"), detail_body(), loading_rows(True)),
        ),
        erase_dialog(),
        active="/admin/customers",
    )
