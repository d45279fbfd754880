"""/admin/calendar: bookings by month, week or day, or the day by room; a booking opens the detail panel."""

import reflex as rx

from xplorium import formatting
from xplorium.components.admin_layout import admin_page, error_callout, hairline, section_card, swatch
from xplorium.components.admin_list import choice_select, toolbar
from xplorium.components.bookings import BOOKING_STATUS_COLORS, booking_panel, status_badge, type_icon
from xplorium.components.links import page_href
from xplorium.components.live import change_watcher
from xplorium.components.text import muted
from xplorium.constants import CALENDAR_DAY_CHIPS
from xplorium.i18n import _
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.services.bookings.rules import TYPE_LABELS
from xplorium.state.backoffice.bookings import ALL, ROOMS_VIEW
from xplorium.state.backoffice.bookings import BookingPanelState as P
from xplorium.state.backoffice.bookings import CalendarState as C
from xplorium.state.live import BoardShared


def _chip_color(status) -> rx.Var:
    return rx.match(
        status, *((s, rx.color(c, 4)) for s, c in BOOKING_STATUS_COLORS.items()), rx.color("gray", 4)
    )


def _chip_edge(status) -> rx.Var:
    return rx.match(
        status, *((s, rx.color(c, 9)) for s, c in BOOKING_STATUS_COLORS.items()), rx.color("gray", 9)
    )


def _chip_look(item) -> dict:
    """What the month's and the week's chips share: the status colours, and opening as a button."""
    return {
        "border_radius": "6px",
        "background": _chip_color(item.status),
        "border_left": f"3px solid {_chip_edge(item.status)}",
        "cursor": "pointer",
        "role": "button",
        "tab_index": 0,
        "id": "chip-" + item.reference,
    }


def chip(item, show_name: bool = True) -> rx.Component:
    return rx.hstack(
        type_icon(item.type, 12),
        rx.text(item.start, size="1", weight="bold"),
        rx.text(
            item.contact_name,
            size="1",
            white_space="nowrap",
            overflow="hidden",
            text_overflow="ellipsis",
            min_width="0",
        )
        if show_name
        else rx.fragment(),
        spacing="1",
        align="center",
        width="100%",
        min_width="0",
        padding="2px 6px",
        overflow="hidden",
        on_click=P.open_booking(item.id).stop_propagation,
        title=item.reference + " · " + item.type_label + " · " + item.time_label + " · " + item.status,
        **_chip_look(item),
    )


def holiday_badge(day) -> rx.Component:
    """A public holiday's name and the venue's hours that day (closed, special or usual)."""
    return rx.cond(
        day.holiday != "",
        rx.link(
            rx.badge(
                rx.icon("flag", size=12),
                rx.text(day.holiday + " · " + day.holiday_note, trim="both", white_space="normal"),
                color_scheme=rx.match(day.holiday_mode, ("closed", "crimson"), ("special", "amber"), "gray"),
                variant="soft",
                size="1",
                max_width="100%",
            ),
            href=page_href("/admin/settings#holidays"),
            aria_label=day.holiday + ", " + day.holiday_note + ". " + _("Set the hours in Settings"),
            underline="none",
            max_width="100%",
        ),
    )


def month_cell(day) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.box(
                rx.text(day.day_number.to_string(), size="1", weight=rx.cond(day.is_today, "bold", "medium")),
                padding="0 6px",
                border_radius="999px",
                background=rx.cond(day.is_today, rx.color("orange", 9), "transparent"),
                color=rx.cond(
                    day.is_today, "white", rx.cond(day.in_range, rx.color("gray", 12), rx.color("gray", 9))
                ),
            ),
            rx.spacer(),
            rx.cond(day.count > 0, muted(day.count.to_string(), size="1")),
            width="100%",
        ),
        holiday_badge(day),
        rx.foreach(day.bookings[:CALENDAR_DAY_CHIPS], lambda item: chip(item)),
        rx.cond(
            day.count > CALENDAR_DAY_CHIPS,
            rx.button(
                "+" + (day.count - CALENDAR_DAY_CHIPS).to_string() + " more",
                size="1",
                variant="ghost",
                on_click=C.open_day(day.iso),
                aria_label=_("Show every booking of ") + day.label,
            ),
        ),
        spacing="1",
        align="start",
        min_height="112px",
        padding="6px",
        background=rx.cond(day.in_range, rx.color("gray", 1), rx.color("gray", 2)),
        border=hairline(),
        min_width="0",
        on_double_click=C.open_day(day.iso),
    )


def month_view() -> rx.Component:
    return rx.vstack(
        rx.grid(
            *(
                muted(
                    formatting.weekday_name(index, "abbreviated").capitalize(),
                    size="1",
                    weight="bold",
                    padding="4px 6px",
                )
                for index in range(7)
            ),
            columns="7",
            width="100%",
        ),
        rx.foreach(
            C.weeks,
            lambda week: rx.grid(
                rx.foreach(week, month_cell), columns="repeat(7, minmax(0, 1fr))", width="100%"
            ),
        ),
        spacing="0",
        width="100%",
        id="calendar-month",
    )


def week_chip(item) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            type_icon(item.type, 12),
            rx.text(item.time_label, size="1", weight="bold", white_space="nowrap"),
            spacing="1",
            align="center",
        ),
        rx.text(item.contact_name, size="1", weight="medium"),
        muted(item.type_label, " · ", item.guest_count.to_string(), " guests", size="1"),
        spacing="0",
        align="start",
        width="100%",
        padding="4px 6px",
        on_click=P.open_booking(item.id),
        title=item.reference + " · " + item.status,
        **_chip_look(item),
    )


def week_column(day) -> rx.Component:
    return rx.vstack(
        rx.box(
            rx.vstack(
                rx.text(day.weekday, size="1", weight="medium"),
                rx.text(day.day_number.to_string(), size="4", weight="bold"),
                spacing="0",
                align="center",
            ),
            on_click=C.open_day(day.iso),
            padding="6px",
            width="100%",
            border_radius="8px",
            cursor="pointer",
            background=rx.cond(day.is_today, rx.color("orange", 9), "transparent"),
            color=rx.cond(day.is_today, "white", rx.color("gray", 12)),
            _hover={"background": rx.cond(day.is_today, rx.color("orange", 10), rx.color("gray", 3))},
            role="button",
            tab_index=0,
            aria_label=_("Open day ") + day.label,
        ),
        holiday_badge(day),
        rx.foreach(day.bookings, week_chip),
        rx.cond(
            day.count == 0,
            muted(_("No bookings"), size="1", align="center", width="100%"),
        ),
        spacing="1",
        min_height="320px",
        padding="6px",
        border=hairline(),
        background=rx.color("gray", 1),
        min_width="0",
    )


def week_view() -> rx.Component:
    return rx.box(
        rx.grid(rx.foreach(C.days, week_column), columns="repeat(7, minmax(110px, 1fr))", width="100%"),
        width="100%",
        overflow_x="auto",
        id="calendar-week",
    )


def day_row(item) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(item.start, size="4", weight="bold"),
            muted(item.time_label, size="1"),
            spacing="0",
            width="96px",
            flex_shrink="0",
        ),
        rx.box(width="4px", align_self="stretch", border_radius="4px", background=_chip_edge(item.status)),
        rx.vstack(
            rx.hstack(
                type_icon(item.type),
                rx.text(item.type_label, size="2", weight="medium"),
                status_badge(item.status),
                rx.cond(item.paid, rx.badge(_("Paid"), color_scheme="grass", variant="soft", size="1")),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.text(
                item.contact_name,
                " · ",
                item.guest_count.to_string(),
                _(" guests · "),
                item.price_label,
                size="2",
            ),
            rx.code(item.reference, size="1", variant="ghost", color_scheme="gray"),
            spacing="1",
            align="start",
        ),
        spacing="3",
        width="100%",
        padding="0.75rem",
        border=hairline(),
        border_radius="10px",
        background=rx.color("gray", 1),
        cursor="pointer",
        _hover={"background": rx.color("orange", 2)},
        on_click=P.open_booking(item.id),
        role="button",
        tab_index=0,
    )


def day_view() -> rx.Component:
    return rx.vstack(
        rx.foreach(C.days, lambda day: rx.foreach(day.bookings, day_row)),
        rx.cond(
            C.total == 0,
            rx.center(
                muted(_("No bookings on this day.")),
                padding="3rem",
                width="100%",
                border=hairline(6, "dashed"),
                border_radius="12px",
            ),
        ),
        spacing="2",
        width="100%",
        id="calendar-day",
    )


# Day by room: the hours column, then a column per room, in a box that scrolls sideways alone.
ROOM_HEADER_HEIGHT = "68px"
HOURS_WIDTH = "56px"
ROOM_COLUMN_MIN = "168px"
KIND_COLORS = {"event": "purple", "closure": "gray", "offer": "cyan"}


def _block_color(block, shade: int) -> rx.Var:
    return rx.match(
        block.kind,
        *((kind, rx.color(color, shade)) for kind, color in KIND_COLORS.items()),
        rx.match(
            block.status,
            *((s, rx.color(c, shade)) for s, c in BOOKING_STATUS_COLORS.items()),
            rx.color("gray", shade),
        ),
    )


def room_block(block) -> rx.Component:
    body = rx.vstack(
        rx.text(block.label, size="1", weight="bold", class_name="xp-room-block-line"),
        muted(block.time_label + " · " + block.places_label, size="1", class_name="xp-room-block-line"),
        spacing="1",
        align="start",
        min_width="0",
    )
    style = {
        "position": "absolute",
        "top": block.top,
        "height": block.height,
        "left": "calc(" + block.left + " + 3px)",
        "width": "calc(" + block.width + " - 6px)",
        "padding": "3px 6px",
        "border_radius": "6px",
        "overflow": "hidden",
        "background": _block_color(block, 4),
        "border_left": "3px solid " + _block_color(block, 9).to(str),
        "title": block.label + " · " + block.time_label + " · " + block.places_label,
    }
    return rx.cond(
        block.kind == "booking",
        rx.box(
            body,
            cursor="pointer",
            _hover={"filter": "brightness(0.96)"},
            on_click=P.open_booking(block.booking_id),
            role="button",
            tab_index=0,
            aria_label=_("Open ") + block.label,
            class_name="xp-room-block xp-room-booking",
            **style,
        ),
        rx.box(
            body,
            class_name="xp-room-block",
            background_image=rx.cond(
                block.kind == "closure",
                "repeating-linear-gradient(135deg, transparent 0 6px, rgba(0,0,0,0.05) 6px 12px)",
                "none",
            ),
            **style,
        ),
    )


def hour_lines() -> rx.Component:
    return rx.foreach(
        C.room_hours,
        lambda hour: rx.box(
            position="absolute",
            top=hour.top,
            left="0",
            right="0",
            border_top=hairline(),
        ),
    )


def room_column(column) -> rx.Component:
    return rx.vstack(
        rx.vstack(
            rx.text(column.name, size="2", weight="bold", trim="both"),
            muted(column.occupancy_label, size="1", class_name="xp-room-occupancy"),
            spacing="1",
            height=ROOM_HEADER_HEIGHT,
            padding="8px",
            width="100%",
            border_bottom=hairline(5),
            background=rx.color("gray", 2),
        ),
        rx.box(
            hour_lines(),
            rx.foreach(column.blocks, room_block),
            position="relative",
            height=C.room_day_height,
            width="100%",
        ),
        spacing="0",
        flex=f"1 0 {ROOM_COLUMN_MIN}",
        min_width=ROOM_COLUMN_MIN,
        border_left=hairline(),
        id="room-column-" + column.id.to_string(),
        class_name="xp-room-column",
    )


def hours_column() -> rx.Component:
    return rx.vstack(
        rx.box(height=ROOM_HEADER_HEIGHT, width="100%", border_bottom=hairline(5)),
        rx.box(
            rx.foreach(
                C.room_hours,
                lambda hour: muted(
                    hour.label,
                    size="1",
                    position="absolute",
                    top=hour.top,
                    right="6px",
                    transform="translateY(-50%)",
                ),
            ),
            position="relative",
            height=C.room_day_height,
            width="100%",
        ),
        spacing="0",
        width=HOURS_WIDTH,
        flex_shrink="0",
        position="sticky",
        left="0",
        z_index="1",
        background=rx.color("gray", 1),
    )


def rooms_view() -> rx.Component:
    return rx.vstack(
        rx.cond(
            ~C.room_day_open,
            rx.callout(
                _("The venue is closed on this day by its opening hours."),
                icon="moon",
                color_scheme="gray",
                width="100%",
            ),
        ),
        rx.box(
            rx.hstack(
                hours_column(),
                rx.foreach(C.room_columns, room_column),
                spacing="0",
                align="start",
                width="100%",
                padding_top="8px",
                padding_bottom="8px",
            ),
            width="100%",
            max_width="100%",
            overflow_x="auto",
            border=hairline(),
            border_radius="10px",
            id="calendar-rooms",
        ),
        spacing="2",
        width="100%",
        min_width="0",
    )


def _step_button(direction: str, to: rx.Var, label: str) -> rx.Component:
    """An arrow (`direction`: "left" or "right") to the previous or next month, week or day."""
    return rx.icon_button(
        rx.icon(f"chevron-{direction}", size=18),
        variant="soft",
        color_scheme="gray",
        on_click=C.go(to),
        aria_label=label,
    )


def calendar_toolbar() -> rx.Component:
    return toolbar(
        rx.hstack(
            _step_button("left", C.prev, _("Previous")),
            rx.button(_("Today"), variant="soft", on_click=C.go(C.today)),
            _step_button("right", C.next, _("Next")),
            rx.heading(C.title, size="5", as_="h2", id="calendar-title"),
            rx.cond(C.loading, rx.spinner(size="2")),
            spacing="2",
            align="center",
        ),
        rx.spacer(),
        rx.cond(C.view != ROOMS_VIEW, filters()),
        rx.segmented_control.root(
            rx.segmented_control.item(_("Month"), value="month"),
            rx.segmented_control.item(_("Week"), value="week"),
            rx.segmented_control.item(_("Day"), value="day"),
            rx.segmented_control.item(_("Rooms"), value=ROOMS_VIEW),
            value=C.view,
            on_change=C.set_view,
            aria_label=_("Calendar view"),
        ),
    )


def filters() -> rx.Component:
    """Type and status filters of the month, week and day views (the rooms view shows every hold)."""
    return rx.hstack(
        choice_select(
            C.type_filter,
            C.set_type,
            _("Filter by type"),
            [(ALL, _("All types")), *((t.value, _(TYPE_LABELS[t])) for t in BookingType)],
        ),
        choice_select(
            C.status_filter,
            C.set_status,
            _("Filter by status"),
            [(ALL, _("Active bookings")), *((s.value, s.value.title()) for s in BookingStatus)],
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def _swatch(label: str, color: str) -> rx.Component:
    """A legend entry: the colour's square and what it stands for."""
    return rx.hstack(
        swatch(rx.color(color, 9)),
        muted(label, size="1"),
        spacing="1",
        align="center",
    )


def legend() -> rx.Component:
    return rx.hstack(
        *(_swatch(status.title(), color) for status, color in BOOKING_STATUS_COLORS.items()),
        rx.cond(
            C.view == ROOMS_VIEW,
            rx.hstack(
                *(
                    _swatch(label, color)
                    for label, color in (
                        (_("Event"), "purple"),
                        (_("Closed"), "gray"),
                        (_("Waiting-list offer"), "cyan"),
                    )
                ),
                spacing="4",
                wrap="wrap",
            ),
        ),
        rx.spacer(),
        muted(C.total.to_string() + _(" bookings shown"), size="1"),
        spacing="4",
        width="100%",
        wrap="wrap",
    )


def admin_calendar() -> rx.Component:
    return admin_page(
        _("Calendar"),
        section_card(
            calendar_toolbar(),
            error_callout(C.message),
            rx.match(
                C.view, ("week", week_view()), ("day", day_view()), (ROOMS_VIEW, rooms_view()), month_view()
            ),
            legend(),
        ),
        change_watcher(
            version=BoardShared.version, ready=BoardShared.version > 0, on_change=[C.refresh, P.refresh]
        ),
        booking_panel(),
        active="/admin/calendar",
    )
