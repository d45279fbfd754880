"""The back-office landing page (/admin): staff only."""

import reflex as rx

from xplorium.components.admin_layout import (
    alert_actions,
    hairline,
    or_empty,
    section_card,
    swatch,
    titled_card,
)
from xplorium.components.layout import page
from xplorium.components.links import link_button
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.home import AdminHomeState


def _line(marker: rx.Component, title: rx.Var, detail: rx.Component, aside: rx.Component, padding_y: str):
    """A line of a card's list: a marker, the title over its detail, and `aside` at the end."""
    return rx.hstack(
        marker,
        rx.vstack(rx.text(title, weight="medium", size="2"), detail, spacing="0", flex="1"),
        aside,
        align="center",
        spacing="3",
        width="100%",
        padding_y=padding_y,
        border_bottom=hairline(),
    )


def _card_header(title: str, *extras: rx.Component) -> rx.Component:
    """A card's heading, then what goes with it (a count, its actions), wrapping on a phone."""
    return rx.hstack(
        rx.heading(title, size="4", as_="h2"),
        *extras,
        align="center",
        spacing="2",
        width="100%",
        wrap="wrap",
    )


def notification_row(item) -> rx.Component:
    return _line(
        rx.cond(
            item["unread"],
            swatch(rx.color("orange", 9), size="8px", radius="50%", flex_shrink="0"),
            rx.box(width="8px", height="8px", flex_shrink="0"),
        ),
        item["title"],
        rx.cond(item["body"] != "", muted(item["body"])),
        muted(item["when"], size="1", white_space="nowrap"),
        "0.5rem",
    )


def inbox_card() -> rx.Component:
    return section_card(
        _card_header(
            _("Notifications"),
            rx.badge(
                AdminHomeState.unread_count.to_string() + " unread", color_scheme="orange", variant="soft"
            ),
            rx.spacer(),
            rx.button(
                rx.icon("refresh-cw", size=16),
                _("Refresh"),
                variant="soft",
                loading=AdminHomeState.refreshing,
                on_click=AdminHomeState.refresh_notifications,
            ),
            rx.button(
                _("Mark all read"),
                variant="outline",
                disabled=AdminHomeState.unread_count == 0,
                on_click=AdminHomeState.mark_all_read,
            ),
        ),
        or_empty(
            AdminHomeState.notifications,
            rx.vstack(rx.foreach(AdminHomeState.notifications, notification_row), spacing="0", width="100%"),
            _("You're all caught up: no notifications yet."),
        ),
        rx.cond(
            AdminHomeState.message != "",
            rx.callout(AdminHomeState.message, color_scheme="red", icon="triangle_alert"),
        ),
    )


def job_line(job, overdue: bool) -> rx.Component:
    return _line(
        rx.icon("wrench", size=16, color=rx.color("red" if overdue else "orange", 10), flex_shrink="0"),
        job["equipment"],
        muted(job["location_label"].to(str) + " · " + job["kind_label"].to(str), size="1"),
        rx.text(
            job["when"],
            size="1",
            color=rx.color("red", 11) if overdue else rx.color("gray", 11),
            white_space="nowrap",
        ),
        "0.4rem",
    )


def maintenance_card() -> rx.Component:
    return section_card(
        _card_header(
            _("Maintenance"),
            rx.cond(
                AdminHomeState.overdue_count > 0,
                rx.badge(AdminHomeState.overdue_count.to_string() + " " + _("overdue"), color_scheme="red"),
            ),
            rx.spacer(),
            link_button(_("Open the log"), href="/admin/maintenance", variant="soft"),
        ),
        rx.cond(
            AdminHomeState.overdue_jobs.length() > 0,
            rx.vstack(
                rx.heading(_("Overdue"), size="2", as_="h3", color=rx.color("red", 11)),
                rx.foreach(AdminHomeState.overdue_jobs, lambda job: job_line(job, True)),
                spacing="1",
                width="100%",
            ),
        ),
        rx.heading(_("Coming up this week"), size="2", as_="h3"),
        or_empty(
            AdminHomeState.upcoming_jobs,
            rx.vstack(
                rx.foreach(AdminHomeState.upcoming_jobs, lambda job: job_line(job, False)),
                spacing="1",
                width="100%",
            ),
            _("Nothing scheduled for the coming week."),
        ),
        spacing="3",
    )


def account_card() -> rx.Component:
    return titled_card(
        _("Your account"),
        rx.text(
            _("Signed in as "),
            rx.text.strong(AdminHomeState.admin_name),
            " (",
            AdminHomeState.admin_role,
            ").",
            size="2",
        ),
        muted(
            _(
                "Staff sessions end after 30 minutes without activity. If you used a shared computer "
                "or lost a device, end every session of your account:"
            )
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(rx.button(_("Sign out everywhere"), color_scheme="red", variant="soft")),
            rx.alert_dialog.content(
                rx.alert_dialog.title(_("Sign out everywhere?")),
                rx.alert_dialog.description(
                    _(
                        "Every session of your account ends, this one included. You will need to sign in again."
                    )
                ),
                alert_actions(
                    _("Cancel"),
                    rx.alert_dialog.action(
                        rx.button(
                            _("Sign out everywhere"),
                            color_scheme="red",
                            on_click=AdminHomeState.sign_out_everywhere,
                        )
                    ),
                ),
            ),
        ),
        spacing="3",
    )


def admin_home() -> rx.Component:
    return page(
        rx.vstack(
            rx.cond(
                AdminHomeState.loaded,
                rx.vstack(
                    rx.heading(_("Back office"), size="8", as_="h1"),
                    muted(_("Welcome back, "), AdminHomeState.admin_name, ".", size="4"),
                    rx.grid(
                        inbox_card(),
                        maintenance_card(),
                        account_card(),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), padding="4rem", width="100%"),
            ),
            max_width="1200px",
            margin="0 auto",
            padding="2rem 1.25rem",
            width="100%",
        )
    )
