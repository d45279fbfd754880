"""/admin/board: the live booking board the front desk keeps open all day.

The cards come from the BoardShared snapshot, pushed to this screen the moment any
booking changes anywhere (xplorium/live.py); nothing here polls.
"""

import reflex as rx

from xplorium.components.admin_layout import admin_page, hairline, swatch
from xplorium.components.admin_list import toolbar
from xplorium.components.bookings import booking_panel, status_badge, type_icon
from xplorium.components.links import link_button, page_href
from xplorium.components.live import change_watcher
from xplorium.components.text import muted
from xplorium.constants import BOARD_DAYS
from xplorium.i18n import _, current_locale
from xplorium.services.board import COLUMNS
from xplorium.state.backoffice.bookings import BoardViewState as V
from xplorium.state.backoffice.bookings import BookingPanelState as P
from xplorium.state.live import BoardShared as B
from xplorium.state.live import LiveState

COLUMN_COLORS = {"pending": "amber", "approved": "grass", "completed": "blue", "closed": "gray"}
COLUMN_EMPTY = {
    "pending": "Nothing waiting for approval.",
    "approved": "No approved bookings in this period.",
    "completed": "Nothing completed yet.",
    "closed": "No cancellations or rejections.",
}


def _text(item, field: str) -> rx.Var:
    """A text of a board card in this page's language (the snapshot carries every language)."""
    return item.texts[current_locale()][field].to(str)


def _count(statuses: tuple) -> rx.Var:
    counts = rx.cond(V.scope == "today", B.today_counts, B.counts)
    total = counts[statuses[0].value].to(int)
    for status in statuses[1:]:
        total = total + counts[status.value].to(int)
    return total


def booking_card(item) -> rx.Component:
    is_pending = item.status == "PENDING"
    just_changed = B.created_references.contains(item.reference)
    return rx.box(
        rx.vstack(
            rx.hstack(
                type_icon(item.type, 15),
                rx.text(item.time_label, size="3", weight="bold", white_space="nowrap"),
                rx.spacer(),
                rx.cond(
                    item.fresh,
                    rx.badge(_("New"), color_scheme="orange", variant="solid", radius="full", size="1"),
                ),
                width="100%",
                align="center",
                spacing="2",
                color=rx.color("gray", 12),
            ),
            muted(
                rx.cond(item.is_today, _("Today"), _text(item, "day_label")),
                " · ",
                _text(item, "type_label"),
                size="1",
                weight=rx.cond(item.is_today, "bold", "regular"),
            ),
            # The card's one keyboard stop for opening it (a card holding buttons cannot be one).
            rx.el.button(
                item.contact_name,
                type="button",
                class_name="xp-open",
                on_click=P.open_booking(item.id).stop_propagation,
                aria_label=_("Open booking ") + item.reference + ", " + item.contact_name,
            ),
            rx.cond(
                item.rooms != "",
                rx.hstack(
                    rx.icon("door-open", size=13),
                    rx.text(item.rooms, size="1"),
                    spacing="1",
                    align="center",
                    color=rx.color("gray", 11),
                    class_name="xp-card-rooms",
                ),
            ),
            rx.hstack(
                rx.hstack(
                    rx.icon("users", size=13),
                    rx.text(item.guest_count.to_string(), size="1"),
                    spacing="1",
                    align="center",
                ),
                rx.text(_text(item, "price_label"), size="1", white_space="nowrap"),
                rx.cond(item.paid, rx.badge(_("Paid"), color_scheme="grass", variant="soft", size="1")),
                rx.match(
                    item.deposit,
                    ("due", rx.badge(_("Deposit due"), color_scheme="amber", variant="soft", size="1")),
                    (
                        "overdue",
                        rx.badge(_("Deposit overdue"), color_scheme="red", variant="solid", size="1"),
                    ),
                    (
                        "received",
                        rx.badge(_("Deposit received"), color_scheme="grass", variant="outline", size="1"),
                    ),
                    rx.fragment(),
                ),
                rx.cond(item.arrived, rx.badge(_("Arrived"), color_scheme="blue", variant="soft", size="1")),
                spacing="3",
                align="center",
                color=rx.color("gray", 11),
                wrap="wrap",
            ),
            rx.hstack(
                rx.code(item.reference, size="1", variant="ghost", color_scheme="gray", white_space="nowrap"),
                rx.spacer(),
                rx.cond(item.column == "closed", status_badge(item.status)),
                width="100%",
                align="center",
            ),
            rx.cond(
                is_pending,
                rx.grid(
                    rx.button(
                        rx.icon("check", size=14),
                        _("Approve"),
                        size="1",
                        color_scheme="grass",
                        on_click=P.ask_for(item.id, "approve").stop_propagation,
                        aria_label=_("Approve booking ") + item.reference,
                        class_name="xp-approve",
                    ),
                    rx.button(
                        rx.icon("x", size=14),
                        _("Reject"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=P.ask_for(item.id, "reject").stop_propagation,
                        aria_label=_("Reject booking ") + item.reference,
                    ),
                    columns="2",
                    spacing="2",
                    width="100%",
                    padding_top="0.35rem",
                ),
            ),
            spacing="1",
            align="start",
            width="100%",
        ),
        id="booking-" + item.reference,
        class_name=rx.cond(just_changed, "xp-card xp-flash", "xp-card"),
        padding="0.75rem",
        border_radius="10px",
        background=rx.color("gray", 1),
        border=rx.cond(item.fresh, f"2px solid {rx.color('orange', 8)}", hairline(5)),
        box_shadow="0 1px 2px rgba(0,0,0,0.04)",
        cursor="pointer",
        width="100%",
        on_click=P.open_booking(item.id),
    )


def column(key: str, label: str, statuses: tuple) -> rx.Component:
    count = _count(statuses)
    color = COLUMN_COLORS[key]
    return rx.vstack(
        rx.hstack(
            swatch(rx.color(color, 9), size="8px", radius="50%"),
            rx.heading(label, size="3", as_="h2"),
            rx.badge(count.to_string(), color_scheme=color, variant="soft", radius="full", id=f"count-{key}"),
            align="center",
            spacing="2",
            width="100%",
        ),
        rx.vstack(
            rx.foreach(
                B.items,
                lambda item: rx.cond(
                    (item.column == key) & ((V.scope == "all") | item.is_today),
                    booking_card(item),
                ),
            ),
            rx.cond(
                count == 0,
                rx.center(
                    muted(COLUMN_EMPTY[key], text_align="center"),
                    padding="1.5rem 0.5rem",
                    border=hairline(6, "dashed"),
                    border_radius="10px",
                    width="100%",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        spacing="3",
        width="100%",
        min_width="0",
        padding="0.75rem",
        border_radius="14px",
        background=rx.color(color, 2),
        border=hairline(color=color),
        align="start",
        id=f"column-{key}",
    )


def board_toolbar() -> rx.Component:
    return toolbar(
        rx.vstack(
            muted(
                rx.cond(
                    V.scope == "today",
                    _("Today's bookings"),
                    _("Today and the next {value} days").format(value=BOARD_DAYS - 1),
                )
            ),
            rx.hstack(
                rx.text(B.pending.to_string(), size="6", weight="bold", id="pending-total"),
                muted(_("waiting for approval")),
                spacing="2",
                align="baseline",
            ),
            spacing="0",
            align="start",
        ),
        rx.spacer(),
        rx.segmented_control.root(
            rx.segmented_control.item(_("Upcoming"), value="all"),
            rx.segmented_control.item(_("Today"), value="today"),
            value=V.scope,
            on_change=V.set_scope,
            aria_label=_("Which bookings to show"),
        ),
        rx.tooltip(
            rx.icon_button(
                rx.cond(LiveState.sound == "on", rx.icon("volume-2", size=18), rx.icon("volume-x", size=18)),
                variant="soft",
                color_scheme="gray",
                on_click=LiveState.toggle_sound,
                aria_label=rx.cond(
                    LiveState.sound == "on", _("Mute new-booking sound"), _("Play a sound for new bookings")
                ),
            ),
            content="Sound for new bookings",
        ),
        link_button(
            rx.icon("list", size=16), _("All bookings"), href=page_href("/admin/bookings"), variant="soft"
        ),
    )


def admin_board() -> rx.Component:
    return admin_page(
        _("Live board"),
        board_toolbar(),
        rx.cond(
            B.version > 0,
            rx.grid(
                *(column(key, _(label), statuses) for key, label, statuses in COLUMNS),
                columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                spacing="4",
                width="100%",
                align_items="start",
            ),
            rx.center(
                rx.vstack(
                    rx.spinner(size="3"),
                    rx.text(_("Connecting to the live board…"), size="2"),
                    align="center",
                ),
                padding="4rem",
                width="100%",
            ),
        ),
        change_watcher(version=B.version, ready=B.version > 0, on_change=P.refresh),
        booking_panel(),
        active="/admin/board",
    )
