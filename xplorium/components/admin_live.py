"""The back-office header's live parts: the connection to the board, and the notification bell."""

import reflex as rx

from xplorium import live
from xplorium.components.admin_layout import hairline, or_empty, swatch
from xplorium.components.live import change_watcher, keep_alive, link_watchdog
from xplorium.components.text import muted
from xplorium.i18n import _, current_locale
from xplorium.state.live import BoardShared, LiveState
from xplorium.state.notifications import NotificationsState as N


def live_connector() -> rx.Component:
    """Joins this screen to the live board, keeps the link alive, announces new bookings."""
    return rx.fragment(
        rx.box(on_mount=[LiveState.join, N.load], display="none"),
        keep_alive(interval=LiveState.keepalive_ms, on_tick=LiveState.keepalive),
        link_watchdog(
            beat=BoardShared.beat,
            version=BoardShared.version,
            link=BoardShared.link,
            stale_ms=int(live.BEAT_SECONDS * live.STALE_BEATS * 1000),
            on_stale=LiveState.join,
        ),
        change_watcher(
            version=BoardShared.version,
            ready=BoardShared.version > 0,
            kind=BoardShared.change_kind,
            message=BoardShared.change_message[current_locale()].to(str),
            announce=True,
            sound=LiveState.sound == "on",
            on_change=N.refresh,
        ),
        change_watcher(version=BoardShared.notices, ready=BoardShared.version > 0, on_change=N.refresh),
    )


def _link_badge(*children, color_scheme: str, class_name: str, **props) -> rx.Component:
    """One of the link's states; styles.css shows only the one the watchdog set."""
    return rx.badge(
        *children, color_scheme=color_scheme, variant="soft", radius="full", class_name=class_name, **props
    )


def live_badge() -> rx.Component:
    """ "Live" while the screen is linked and hearing the board, else "Reconnecting…"/"Connecting…".

    Which one shows is decided in the browser by the link watchdog (html[data-xp-board], see
    assets/styles.css): when the link is lost the server cannot say so.
    """
    return rx.fragment(
        rx.tooltip(
            _link_badge(
                swatch(rx.color("grass", 9), size="7px", radius="50%"),
                _("Live"),
                color_scheme="grass",
                class_name="xp-board-live",
                id="live-badge",
            ),
            content=_("Bookings update on this screen as they happen. Last change {time}").format(
                time=BoardShared.built_at
            ),
        ),
        _link_badge(
            _("Reconnecting…"),
            color_scheme="amber",
            class_name="xp-board-reconnecting",
            id="live-reconnecting",
        ),
        _link_badge(_("Connecting…"), color_scheme="gray", class_name="xp-board-connecting"),
    )


def _small_icon_button(icon: str, label: str, on_click) -> rx.Component:
    """A small grey icon button of the notification panel, its `label` also its tooltip."""
    return rx.icon_button(
        rx.icon(icon, size=14),
        size="1",
        variant="ghost",
        color_scheme="gray",
        aria_label=label,
        title=label,
        on_click=on_click,
    )


def _notification_row(item) -> rx.Component:
    return rx.hstack(
        rx.box(
            rx.icon(item.icon, size=16, color=rx.color("orange", 11)),
            padding="6px",
            border_radius="8px",
            background=rx.color("orange", 3),
            flex_shrink="0",
        ),
        rx.vstack(
            # The row's one keyboard stop (a row holding "Mark read" cannot be a button itself).
            rx.el.button(
                item.title,
                type="button",
                class_name="xp-open",
                font_weight=rx.cond(item.unread, "700", "400"),
                on_click=N.open_item(item.id).stop_propagation,
            ),
            rx.cond(item.body != "", muted(item.body, size="1")),
            muted(item.when, size="1"),
            spacing="0",
            align="start",
            flex="1",
            min_width="0",
        ),
        rx.cond(
            item.unread,
            _small_icon_button("check", _("Mark read"), N.mark_read(item.id).stop_propagation),
        ),
        align="start",
        spacing="3",
        width="100%",
        padding="0.6rem",
        border_radius="8px",
        cursor="pointer",
        background=rx.cond(item.unread, rx.color("orange", 2), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        on_click=N.open_item(item.id),
    )


def _pref_switch(label: str, checked: rx.Var, on_change) -> rx.Component:
    """One channel of a notification kind, switched on or off."""
    return rx.el.label(
        rx.hstack(
            rx.switch(checked=checked, on_change=on_change, size="1"),
            rx.text(label, size="1"),
            spacing="1",
            align="center",
        )
    )


def _preferences() -> rx.Component:
    return rx.vstack(
        muted(_("Tell me about"), size="1", weight="bold"),
        rx.foreach(
            N.prefs,
            lambda p: rx.hstack(
                rx.text(p.label, size="2", flex="1"),
                _pref_switch(_("In app"), p.in_app, lambda v: N.set_in_app(p.kind, v)),
                _pref_switch(_("Email"), p.email, lambda v: N.set_email(p.kind, v)),
                width="100%",
                align="center",
                spacing="3",
            ),
        ),
        spacing="2",
        width="100%",
        padding_top="0.5rem",
        border_top=hairline(),
    )


def notification_bell() -> rx.Component:
    # The trigger is the button itself (a wrapper would carry its aria-expanded); the count
    # sits beside it, already in the button's name.
    return rx.box(
        rx.popover.root(
            rx.popover.trigger(
                rx.icon_button(
                    rx.icon("bell", size=18),
                    variant="ghost",
                    color_scheme="gray",
                    size="2",
                    aria_label=_("Notifications: {count} unread").format(count=N.unread.to_string()),
                    id="notification-bell",
                ),
            ),
            rx.popover.content(
                rx.vstack(
                    rx.hstack(
                        rx.heading(_("Notifications"), size="3", as_="h2"),
                        rx.spacer(),
                        rx.button(
                            _("Mark all read"),
                            size="1",
                            variant="soft",
                            disabled=N.unread == 0,
                            on_click=N.mark_all_read,
                            id="mark-all-read",
                        ),
                        _small_icon_button("settings-2", _("Notification preferences"), N.toggle_prefs),
                        width="100%",
                        align="center",
                        spacing="2",
                    ),
                    or_empty(
                        N.items,
                        rx.vstack(rx.foreach(N.items, _notification_row), spacing="1", width="100%"),
                        _("Nothing yet: new bookings and cancellations appear here."),
                    ),
                    rx.cond(N.show_prefs, _preferences()),
                    spacing="3",
                    width="100%",
                    max_height="70vh",
                    overflow_y="auto",
                    overflow_x="hidden",
                ),
                width="380px",
                max_width="94vw",
                align="end",
            ),
        ),
        rx.cond(
            N.unread > 0,
            rx.badge(
                rx.cond(N.unread > 99, "99+", N.unread.to_string()),
                color_scheme="red",
                variant="solid",
                radius="full",
                size="1",
                position="absolute",
                top="-6px",
                right="-8px",
                id="unread-count",
                pointer_events="none",
            ),
        ),
        position="relative",
    )


def header_live() -> rx.Component:
    """What the back-office header shows on every page: live status and the bell."""
    return rx.hstack(live_connector(), live_badge(), notification_bell(), align="center", spacing="3")
