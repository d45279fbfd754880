"""A signed-in parent's own page (/profile): details, password, loyalty and bookings."""

import reflex as rx

from xplorium.components.badges import BOOKING_STATUS_COLORS, TIER_BADGE
from xplorium.components.cards import column_card, titled_card
from xplorium.components.dialogs import confirm_dialog
from xplorium.components.forms import (
    bare_fieldset,
    checkbox_field,
    field_error,
    password_field,
    server_checked_form,
    submit_button,
    text_field,
)
from xplorium.components.grids import two_columns
from xplorium.components.layout import sign_out_button
from xplorium.components.links import download_button, page_href
from xplorium.components.paging import page_steps
from xplorium.components.public import column_page, icon_line
from xplorium.components.text import muted
from xplorium.i18n import N_, _
from xplorium.services.accounts import BookingLine
from xplorium.state.account import ProfileState

CONTACT_CHOICES = (("EMAIL", N_("Email")), ("PHONE", N_("Phone call")), ("SMS", "SMS"))


OWN_DATA_ROUTE = "/api/profile/data.json"


def section(title: str, *children: rx.Component, description: str = "") -> rx.Component:
    return titled_card(
        title,
        rx.cond(description != "", muted(description)),
        *children,
        spacing="4",
        size=rx.breakpoints(initial="2", sm="3"),
    )


def loyalty_card() -> rx.Component:
    return column_card(
        icon_line("award", rx.heading(_("Loyalty"), size="5", as_="h2"), icon_size=22, spacing="2"),
        rx.hstack(
            rx.badge(
                ProfileState.loyalty_tier,
                size="3",
                variant="solid",
                color_scheme=rx.match(ProfileState.loyalty_tier, *TIER_BADGE.items(), "orange"),
            ),
            rx.text(rx.text.strong(ProfileState.points_text), " points", size="4"),
            align="center",
            spacing="3",
        ),
        rx.cond(
            ProfileState.next_tier != "",
            rx.vstack(
                rx.progress(
                    value=ProfileState.tier_progress,
                    color_scheme="orange",
                    aria_label=_("Progress to the next tier"),
                ),
                muted(ProfileState.points_to_next_text, _(" more points to "), ProfileState.next_tier, "."),
                spacing="2",
                width="100%",
            ),
            muted(_("You have reached our highest tier. Thank you!")),
        ),
        muted(_("You earn points for every completed visit."), size="1"),
        size=rx.breakpoints(initial="2", sm="3"),
        background=f"linear-gradient(135deg, {rx.color('orange', 2)}, {rx.color('amber', 2)})",
    )


def details_form() -> rx.Component:
    return server_checked_form(
        ProfileState.save_profile,
        rx.vstack(
            rx.text(_("Email"), class_name="xp-label"),
            rx.text(ProfileState.email, size="3", weight="medium"),
            muted(_("Your email is your sign-in name; contact us to change it."), size="1"),
            spacing="1",
            width="100%",
        ),
        text_field(
            _("Name"),
            "name",
            error=ProfileState.name_error,
            default_value=ProfileState.name,
            auto_complete="name",
            field_id="profile-name",
        ),
        text_field(
            _("Phone"),
            "phone",
            type="tel",
            error=ProfileState.phone_error,
            default_value=ProfileState.phone,
            auto_complete="tel",
            placeholder="064 123 4567",
            hint=_("Serbian numbers can be written without +381."),
            input_mode="tel",
            field_id="profile-phone",
        ),
        bare_fieldset(
            rx.el.legend(_("How should we contact you?"), class_name="xp-label"),
            rx.radio_group.root(
                rx.flex(
                    *(
                        rx.el.label(
                            rx.radio_group.item(value=value, id=f"contact-{value.lower()}"),
                            rx.text(_(label), size="2"),
                            html_for=f"contact-{value.lower()}",
                            class_name="xp-check",
                        )
                        for value, label in CONTACT_CHOICES
                    ),
                    spacing="5",
                    wrap="wrap",
                ),
                name="preferred_contact",
                default_value=ProfileState.preferred_contact,
                aria_describedby="preferred_contact-error",
            ),
            field_error(ProfileState.contact_error, "preferred_contact"),
            display="grid",
            gap="0.5rem",
        ),
        checkbox_field(
            _("Send me news about events and offers."),
            "marketing_opt_in",
            default_checked=ProfileState.marketing_opt_in,
        ),
        rx.box(
            submit_button(_("Save details"), loading=ProfileState.saving, loading_label=_("Saving…")),
            max_width="240px",
            width="100%",
        ),
        # A new key after each save re-mounts the inputs with the saved values.
        key=ProfileState.form_version.to_string(),
    )


def password_form() -> rx.Component:
    return server_checked_form(
        ProfileState.change_password,
        password_field(
            _("Current password"),
            "current_password",
            error=ProfileState.current_password_error,
            field_id="current_password",
            new=False,
        ),
        password_field(
            _("New password"),
            "new_password",
            error=ProfileState.new_password_error,
            field_id="new_password",
            new=True,
        ),
        rx.box(
            submit_button(
                _("Change password"), loading=ProfileState.password_saving, loading_label=_("Changing…")
            ),
            max_width="240px",
            width="100%",
        ),
    )


def status_badge(item: BookingLine) -> rx.Component:
    return rx.badge(
        item.status_label,
        color_scheme=rx.match(item.status, *BOOKING_STATUS_COLORS.items(), "gray"),
        variant="soft",
    )


def details_link(item: BookingLine) -> rx.Component:
    """The booking's own page: its deposit, and a party's guest list."""
    return rx.link(
        item.reference,
        href=page_href("/profile/bookings/" + item.reference),
        size="2",
        font_family="monospace",
        aria_label=_("Details of booking ") + item.reference,
    )


def cancel_button(item: BookingLine) -> rx.Component:
    return rx.cond(
        item.can_cancel,
        rx.button(
            _("Cancel"),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=ProfileState.ask_cancel(item.reference),
            aria_label=_("Cancel booking ") + item.reference,
        ),
    )


def reminder_switch(item: BookingLine) -> rx.Component:
    return rx.cond(
        item.can_cancel,
        rx.el.label(
            rx.hstack(
                rx.switch(
                    checked=item.reminder,
                    on_change=lambda wanted: ProfileState.set_reminder(item.reference, wanted),
                    size="1",
                    aria_label=_("Reminder email for booking ") + item.reference,
                ),
                rx.text(_("Reminder"), size="1"),
                spacing="1",
                align="center",
            ),
            title=_("An email the day before"),
        ),
    )


def cancel_dialog() -> rx.Component:
    """Cancelling cannot be undone by the parent, so it is confirmed first."""
    return confirm_dialog(
        _("Cancel this booking?"),
        _("Booking "),
        rx.text.strong(ProfileState.cancel_reference),
        _(
            " will be cancelled and the time given to other families. "
            "To book again, you will need to make a new booking."
        ),
        keep_label=_("Keep booking"),
        on_keep=ProfileState.keep_booking,
        confirm_label=_("Cancel booking"),
        on_confirm=ProfileState.cancel_booking,
        working=ProfileState.cancelling,
        is_open=ProfileState.cancel_reference != "",
    )


def booking_card(item: BookingLine) -> rx.Component:
    """Phones: one card per booking instead of a wide table."""
    return column_card(
        rx.hstack(
            rx.text(item.type_label, weight="bold"),
            status_badge(item),
            justify="between",
            width="100%",
        ),
        rx.text(item.date, " · ", item.time, size="2"),
        rx.hstack(
            muted(item.guests.to_string(), " guests"),
            rx.text(item.price, size="2", weight="medium"),
            justify="between",
            width="100%",
        ),
        rx.hstack(
            details_link(item),
            reminder_switch(item),
            cancel_button(item),
            justify="between",
            align="center",
            width="100%",
        ),
        spacing="1",
    )


def bookings_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *(
                    rx.table.column_header_cell(h)
                    for h in (
                        _("Reference"),
                        _("What"),
                        _("Date"),
                        _("Time"),
                        _("Guests"),
                        _("Price"),
                        _("Status"),
                        "",
                        "",
                    )
                )
            )
        ),
        rx.table.body(
            rx.foreach(
                ProfileState.bookings,
                lambda b: rx.table.row(
                    rx.table.cell(details_link(b)),
                    rx.table.cell(b.type_label),
                    rx.table.cell(b.date),
                    rx.table.cell(b.time),
                    rx.table.cell(b.guests),
                    rx.table.cell(b.price),
                    rx.table.cell(status_badge(b)),
                    rx.table.cell(reminder_switch(b)),
                    rx.table.cell(cancel_button(b)),
                ),
            )
        ),
        variant="surface",
        width="100%",
    )


def no_bookings() -> rx.Component:
    return rx.vstack(
        rx.icon("calendar-heart", size=36, color=rx.color("orange", 9)),
        rx.text(_("No bookings yet"), weight="bold", size="3"),
        muted(_("When you book a visit, a party or a table, it shows up here."), text_align="center"),
        rx.link(rx.button(_("Book a visit"), color_scheme="orange"), href=page_href("/book")),
        align="center",
        spacing="2",
        padding_y="1.5rem",
        width="100%",
    )


def bookings_section() -> rx.Component:
    return section(
        _("My bookings"),
        rx.cond(
            ProfileState.bookings_total > 0,
            rx.vstack(
                rx.desktop_only(bookings_table(), width="100%"),
                rx.mobile_and_tablet(
                    rx.vstack(rx.foreach(ProfileState.bookings, booking_card), spacing="3", width="100%"),
                    width="100%",
                ),
                rx.cond(
                    ProfileState.bookings_pages > 1,
                    page_steps(
                        ProfileState.bookings_page,
                        ProfileState.bookings_pages,
                        ProfileState.bookings_previous,
                        ProfileState.bookings_next,
                        prev_label=_("Newer"),
                        next_label=_("Older"),
                        justify="center",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            no_bookings(),
        ),
    )


def profile_content() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.heading(_("Hello, "), ProfileState.name, size="8", as_="h1"),
                rx.text(_("Member since "), ProfileState.member_since, color=rx.color("gray", 11)),
                spacing="1",
            ),
            sign_out_button("/", id="profile-sign-out"),
            justify="between",
            align="center",
            width="100%",
            wrap="wrap",
            spacing="3",
        ),
        loyalty_card(),
        bookings_section(),
        cancel_dialog(),
        two_columns(
            section(_("My details"), details_form()),
            section(
                _("Password"),
                password_form(),
                description=_("Changing it signs you out on your other devices."),
            ),
            spacing="4",
            align_items="start",
        ),
        section(
            _("My data"),
            download_button(
                rx.icon("download", size=16),
                _("Download my data (JSON)"),
                href=OWN_DATA_ROUTE,
                id="download-my-data",
                variant="soft",
            ),
            description=_(
                "Everything we hold about you: your account, consent, bookings, event registrations "
                "and loyalty points. To have your account erased, ask us at the front desk or by email."
            ),
        ),
        spacing="5",
        width="100%",
    )


def profile() -> rx.Component:
    return column_page(ProfileState.loaded, profile_content(), max_width="1100px")
