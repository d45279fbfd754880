"""/admin/settings: opening hours, the new rooms' cleanup buffer, booking rate limit, contact details."""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    error_callout,
    form_field,
    loading_rows,
    section_card,
)
from xplorium.components.party_settings import deposit_settings, waiver_settings
from xplorium.constants import BOOKING_LIMIT_WINDOW, BUFFER_MINUTES_MAX, BUFFER_MINUTES_MIN
from xplorium.i18n import _
from xplorium.state.backoffice.settings import SettingsAdminState as S


def hours_row(row) -> rx.Component:
    day = row["weekday"].to(str)
    return rx.vstack(
        rx.grid(
            rx.text(row["day"], weight="medium", size="2"),
            rx.el.label(
                rx.hstack(
                    rx.checkbox(
                        name="closed_" + day,
                        default_checked=row["closed"] == "on",
                        aria_label=row["day"].to(str) + " closed",
                    ),
                    rx.text(_("Closed"), size="2"),
                    spacing="2",
                    align="center",
                )
            ),
            rx.input(
                name="open_" + day,
                type="time",
                default_value=row["open"],
                aria_label=row["day"].to(str) + " opens",
            ),
            rx.input(
                name="close_" + day,
                type="time",
                default_value=row["close"],
                aria_label=row["day"].to(str) + " closes",
            ),
            columns="100px 90px minmax(0, 1fr) minmax(0, 1fr)",
            spacing="3",
            align="center",
            width="100%",
        ),
        rx.text(
            S.errors.get("hours." + day, ""),
            color=rx.color("red", 11),
            size="1",
            role="alert",
        ),
        spacing="1",
        width="100%",
    )


def number_input(name: str, **props) -> rx.Component:
    return rx.input(name=name, id=name, type="number", default_value=S.values[name], **props)


def admin_settings() -> rx.Component:
    errors = S.errors
    window_minutes = int(BOOKING_LIMIT_WINDOW.total_seconds() // 60)
    return admin_page(
        _("Settings"),
        loading_rows(S.loading),
        rx.form(
            rx.vstack(
                rx.hstack(
                    rx.text(
                        _("Changes apply at once to new bookings and to the public site."),
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                    rx.spacer(),
                    rx.button(
                        rx.icon("save", size=16),
                        _("Save settings"),
                        type="submit",
                        size="3",
                        loading=S.saving,
                    ),
                    align="center",
                    width="100%",
                ),
                error_callout(S.form_message),
                rx.grid(
                    section_card(
                        rx.heading(_("Opening hours"), size="4", as_="h2"),
                        rx.text(
                            _("Bookings can start only within these hours."),
                            size="2",
                            color=rx.color("gray", 11),
                        ),
                        rx.grid(
                            rx.text(_("Day"), size="1", color=rx.color("gray", 11)),
                            rx.text("", size="1"),
                            rx.text(_("Opens"), size="1", color=rx.color("gray", 11)),
                            rx.text(_("Closes"), size="1", color=rx.color("gray", 11)),
                            columns="100px 90px minmax(0, 1fr) minmax(0, 1fr)",
                            spacing="3",
                            width="100%",
                        ),
                        rx.foreach(S.hours, hours_row),
                    ),
                    rx.vstack(
                        section_card(
                            rx.heading(_("Booking rules"), size="4", as_="h2"),
                            form_field(
                                _("Cleanup buffer of new rooms (minutes)"),
                                "buffer_minutes",
                                number_input(
                                    "buffer_minutes", min=str(BUFFER_MINUTES_MIN), max=str(BUFFER_MINUTES_MAX)
                                ),
                                errors,
                                hint=_(
                                    "{buffer_minutes_min}–{buffer_minutes_max} minutes kept free after a whole-room hire; each room has its own (Rooms)."
                                ).format(
                                    buffer_minutes_min=BUFFER_MINUTES_MIN,
                                    buffer_minutes_max=BUFFER_MINUTES_MAX,
                                ),
                            ),
                            form_field(
                                _("Bookings per email or IP per {window_minutes} minutes").format(
                                    window_minutes=window_minutes
                                ),
                                "booking_rate_limit",
                                number_input("booking_rate_limit", min="1"),
                                errors,
                            ),
                            form_field(
                                _("Loyalty points per 100 RSD paid"),
                                "points_per_100_rsd",
                                number_input("points_per_100_rsd", min="0"),
                                errors,
                            ),
                        ),
                        section_card(
                            rx.heading(_("Contact details"), size="4", as_="h2"),
                            form_field(
                                _("Phone"),
                                "contact_phone",
                                rx.input(
                                    name="contact_phone",
                                    id="contact_phone",
                                    type="tel",
                                    default_value=S.values["contact_phone"],
                                ),
                                errors,
                            ),
                            form_field(
                                _("Email"),
                                "contact_email",
                                rx.input(
                                    name="contact_email",
                                    id="contact_email",
                                    type="email",
                                    default_value=S.values["contact_email"],
                                ),
                                errors,
                            ),
                            form_field(
                                _("Address"),
                                "address",
                                rx.input(name="address", id="address", default_value=S.values["address"]),
                                errors,
                            ),
                        ),
                        spacing="5",
                        width="100%",
                    ),
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="5",
                    width="100%",
                ),
                rx.hstack(
                    rx.button(
                        rx.icon("save", size=16),
                        _("Save settings"),
                        type="submit",
                        size="3",
                        loading=S.saving,
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=S.save,
            key=S.version.to_string(),
            width="100%",
        ),
        deposit_settings(),
        waiver_settings(),
        active="/admin/settings",
    )
