"""/admin/settings: opening hours, the new rooms' cleanup buffer, booking rate limit, contact details."""

import reflex as rx

from xplorium.components.admin_form import field_factory
from xplorium.components.admin_layout import (
    admin_page,
    end_actions,
    error_callout,
    hairline,
    loaded_or_empty,
    loading_rows,
    section_card,
    titled_card,
)
from xplorium.components.party_settings import deposit_settings, waiver_settings
from xplorium.components.text import muted
from xplorium.constants import BOOKING_LIMIT_WINDOW, BUFFER_MINUTES_MAX, BUFFER_MINUTES_MIN
from xplorium.i18n import _
from xplorium.services.holiday_hours import MODE_LABELS
from xplorium.state.backoffice.settings import HolidayHoursState as H
from xplorium.state.backoffice.settings import SettingsAdminState as S


def time_input(name, value: rx.Var, aria_label, **props) -> rx.Component:
    """A time of day in a row of hours; the row says whose it is in `aria_label`."""
    return rx.input(name=name, type="time", default_value=value, aria_label=aria_label, **props)


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
            time_input("open_" + day, row["open"], row["day"].to(str) + " opens"),
            time_input("close_" + day, row["close"], row["day"].to(str) + " closes"),
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


# The holiday rows' controls and their column headings line up (two columns on a phone).
HOLIDAY_COLUMNS = rx.breakpoints(initial="minmax(0, 1fr) minmax(0, 1fr)", sm="1.4fr 1fr 1fr 5rem")


def holiday_row(row) -> rx.Component:
    """One public holiday: its date and name, and a small form for the venue's hours that day."""
    day = row["day"].to(str)
    name = row["name"].to(str)
    error = H.errors.get(day, "")
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.text(name, weight="medium", size="2"),
                    muted(
                        row["date_label"].to(str) + " · " + _("usual hours") + " " + row["usual"].to(str),
                        size="1",
                    ),
                    spacing="0",
                    min_width="0",
                ),
                rx.spacer(),
                rx.badge(
                    row["mode_label"],
                    color_scheme=rx.match(row["mode"], ("closed", "crimson"), ("special", "amber"), "gray"),
                    variant="soft",
                ),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.el.input(type="hidden", name="day", value=day),
            rx.grid(
                rx.el.select(
                    *(rx.el.option(_(label), value=value) for value, label in MODE_LABELS.items()),
                    name="mode",
                    default_value=row["mode"],
                    class_name="xp-native-select",
                    aria_label=_("Hours on") + " " + name,
                    disabled=row["past"].to(bool),
                ),
                time_input(
                    "opens",
                    row["opens"],
                    name + " " + _("opens (special hours)"),
                    disabled=row["past"].to(bool),
                ),
                time_input(
                    "closes",
                    row["closes"],
                    name + " " + _("closes (special hours)"),
                    disabled=row["past"].to(bool),
                ),
                rx.button(
                    _("Save"),
                    type="submit",
                    variant="soft",
                    loading=H.saving_day == day,
                    disabled=row["past"].to(bool),
                    aria_label=_("Save the hours of") + " " + name,
                ),
                columns=HOLIDAY_COLUMNS,
                spacing="2",
                width="100%",
                align="center",
            ),
            rx.cond(error != "", rx.text(error, color=rx.color("red", 11), size="1", role="alert")),
            spacing="2",
            width="100%",
            padding_bottom="0.75rem",
            border_bottom=hairline(),
        ),
        on_submit=H.save,
        reset_on_submit=False,
        key=day + H.version.to_string(),
        width="100%",
        id="holiday-" + day,
    )


def holidays_card() -> rx.Component:
    return section_card(
        rx.hstack(
            rx.heading(_("Public holidays"), size="4", as_="h2"),
            rx.spacer(),
            rx.el.label(rx.text(_("Year"), size="2"), html_for="holiday-year"),
            rx.el.select(
                rx.foreach(H.years, lambda y: rx.el.option(y, value=y)),
                id="holiday-year",
                value=H.year,
                on_change=H.choose_year,
                class_name="xp-native-select",
                width="auto",
            ),
            align="center",
            width="100%",
            spacing="2",
        ),
        muted(
            _(
                "Serbia's public holidays, Orthodox dates included. Mark each closed or with special "
                "hours for that year; the booking form follows at once. Special hours limit the start "
                "times offered."
            )
        ),
        loading_rows(H.loading),
        loaded_or_empty(
            H.holidays,
            H.loading,
            rx.vstack(
                rx.grid(
                    muted(_("Hours that day"), size="1"),
                    muted(_("Opens (special hours)"), size="1"),
                    muted(_("Closes (special hours)"), size="1"),
                    rx.text("", size="1"),
                    columns=HOLIDAY_COLUMNS,
                    spacing="2",
                    width="100%",
                    display=rx.breakpoints(initial="none", sm="grid"),
                    aria_hidden="true",
                ),
                rx.foreach(H.holidays, holiday_row),
                spacing="3",
                width="100%",
            ),
            rx.text(_("No public holidays found for this year."), size="2"),
        ),
        id="holidays",
    )


def save_button() -> rx.Component:
    """Submits the settings form; it stands above and below the form's cards."""
    return rx.button(rx.icon("save", size=16), _("Save settings"), type="submit", size="3", loading=S.saving)


def admin_settings() -> rx.Component:
    field = field_factory(S.values, S.errors)
    window_minutes = int(BOOKING_LIMIT_WINDOW.total_seconds() // 60)
    return admin_page(
        _("Settings"),
        loading_rows(S.loading),
        rx.form(
            rx.vstack(
                rx.hstack(
                    muted(_("Changes apply at once to new bookings and to the public site.")),
                    rx.spacer(),
                    save_button(),
                    align="center",
                    width="100%",
                ),
                error_callout(S.form_message),
                rx.grid(
                    titled_card(
                        _("Opening hours"),
                        muted(_("Bookings can start only within these hours.")),
                        rx.grid(
                            muted(_("Day"), size="1"),
                            rx.text("", size="1"),
                            muted(_("Opens"), size="1"),
                            muted(_("Closes"), size="1"),
                            columns="100px 90px minmax(0, 1fr) minmax(0, 1fr)",
                            spacing="3",
                            width="100%",
                        ),
                        rx.foreach(S.hours, hours_row),
                    ),
                    rx.vstack(
                        titled_card(
                            _("Booking rules"),
                            field(
                                _("Cleanup buffer of new rooms (minutes)"),
                                "buffer_minutes",
                                type="number",
                                min=str(BUFFER_MINUTES_MIN),
                                max=str(BUFFER_MINUTES_MAX),
                                hint=_(
                                    "{buffer_minutes_min}–{buffer_minutes_max} minutes kept free after a whole-room hire; each room has its own (Rooms)."
                                ).format(
                                    buffer_minutes_min=BUFFER_MINUTES_MIN,
                                    buffer_minutes_max=BUFFER_MINUTES_MAX,
                                ),
                            ),
                            field(
                                _("Bookings per email or IP per {window_minutes} minutes").format(
                                    window_minutes=window_minutes
                                ),
                                "booking_rate_limit",
                                type="number",
                                min="1",
                            ),
                            field(
                                _("Loyalty points per 100 RSD paid"),
                                "points_per_100_rsd",
                                type="number",
                                min="0",
                            ),
                        ),
                        titled_card(
                            _("Contact details"),
                            field(_("Phone"), "contact_phone", type="tel"),
                            field(_("Email"), "contact_email", type="email"),
                            field(_("Address"), "address"),
                        ),
                        spacing="5",
                        width="100%",
                    ),
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="5",
                    width="100%",
                ),
                end_actions(save_button()),
                spacing="4",
                width="100%",
            ),
            on_submit=S.save,
            key=S.version.to_string(),
            width="100%",
        ),
        deposit_settings(),
        waiver_settings(),
        holidays_card(),
        active="/admin/settings",
    )
