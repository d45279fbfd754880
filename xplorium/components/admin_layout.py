"""The back-office frame (sidebar, header) and the small pieces every admin page shares:
fields with their errors, empty states, pagination and confirmations."""

import reflex as rx

from xplorium.components.links import language_switch, menu_link, page_href
from xplorium.components.paging import page_steps
from xplorium.components.text import muted
from xplorium.constants import VENUE_NAME
from xplorium.i18n import N_, _
from xplorium.state.auth import SIGNIN_ROUTE, AuthState, sign_out_script

# (label, icon, route). Some pages are built by other parts of the back office.
NAV_ITEMS = (
    (N_("Board"), "layout-dashboard", "/admin/board"),
    (N_("Check-in"), "scan-line", "/admin/checkin"),
    (N_("Dashboard"), "chart-line", "/admin/dashboard"),
    (N_("Bookings"), "calendar-check", "/admin/bookings"),
    (N_("Calendar"), "calendar-days", "/admin/calendar"),
    (N_("Events"), "party-popper", "/admin/events"),
    (N_("Pricing"), "tags", "/admin/pricing"),
    (N_("Rooms"), "door-open", "/admin/rooms"),
    (N_("Maintenance"), "wrench", "/admin/maintenance"),
    (N_("Inventory"), "package", "/admin/inventory"),
    (N_("Content"), "file-pen-line", "/admin/content"),
    (N_("Customers"), "contact", "/admin/customers"),
    (N_("Loyalty"), "award", "/admin/loyalty"),
    (N_("Campaigns"), "megaphone", "/admin/campaigns"),
    (N_("Import"), "file-up", "/admin/import"),
    (N_("Users"), "users", "/admin/users"),
    (N_("Reports"), "file-down", "/admin/reports"),
    (N_("Settings"), "settings", "/admin/settings"),
    (N_("Audit log"), "scroll-text", "/admin/audit"),
    (N_("Security"), "shield-check", "/admin/security"),
    (N_("Backup"), "database-backup", "/admin/backup"),
    (N_("Failed jobs"), "triangle-alert", "/admin/jobs"),
)
SIDEBAR_WIDTH = "232px"


def nav_item(label: str, icon: str, href: str, active: bool) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(label, size="2", weight="medium"),
            align="center",
            spacing="3",
            padding_x="0.75rem",
            padding_y="0.5rem",
            border_radius="8px",
            background=rx.color("orange", 4) if active else "transparent",
            color=rx.color("orange", 12) if active else rx.color("gray", 12),
            _hover={"background": rx.color("orange", 3)},
            width="100%",
        ),
        href=page_href(href),
        underline="none",
        aria_current="page" if active else None,
        width="100%",
    )


def initial_avatar(name: rx.Var, size: str, color_scheme: str = "orange") -> rx.Component:
    """A person shown as the first letter of their name."""
    return rx.avatar(fallback=name.to(str)[:1].upper(), size=size, radius="full", color_scheme=color_scheme)


def sidebar(active: str) -> rx.Component:
    return rx.box(
        rx.el.aside(
            rx.vstack(
                rx.link(
                    rx.hstack(
                        rx.icon("sparkles", size=22, color=rx.color("orange", 10)),
                        rx.vstack(
                            rx.text(VENUE_NAME, size="5", weight="bold", color=rx.color("gray", 12)),
                            rx.text(
                                _("Back office"), size="1", color=rx.color("orange", 11), weight="medium"
                            ),
                            spacing="0",
                        ),
                        align="center",
                        spacing="2",
                    ),
                    href=page_href("/admin/board"),
                    underline="none",
                    padding_x="0.75rem",
                    padding_bottom="1rem",
                ),
                rx.el.nav(
                    rx.vstack(
                        *(nav_item(_(label), icon, href, href == active) for label, icon, href in NAV_ITEMS),
                        spacing="1",
                        width="100%",
                    ),
                    aria_label=_("Back office"),
                    style={"width": "100%"},
                ),
                rx.spacer(),
                rx.link(
                    rx.hstack(rx.icon("external-link", size=16), rx.text(_("View public site"), size="2")),
                    href=page_href("/"),
                    color=rx.color("gray", 11),
                    padding_x="0.75rem",
                ),
                height="100%",
                spacing="1",
                padding="1.25rem 0.75rem",
            ),
            # The navigation stays in view while the page scrolls ...
            style={"height": "100vh", "position": "sticky", "top": "0"},
        ),
        width=SIDEBAR_WIDTH,
        min_width=SIDEBAR_WIDTH,
        # ... and the sidebar's background runs the page's whole length.
        align_self="stretch",
        background=rx.color("gray", 2),
        border_right=hairline(5),
        display=rx.breakpoints(initial="none", md="block"),
    )


def default_notifications() -> rx.Component:
    """The header's live status and notification bell (xplorium/components/admin_live.py)."""
    from xplorium.components.admin_live import header_live

    return header_live()


def mobile_menu(active: str) -> rx.Component:
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(rx.icon_button(rx.icon("menu"), variant="soft", aria_label=_("Open menu"))),
            rx.menu.content(
                *(menu_link(_(label), href) for label, _icon, href in NAV_ITEMS),
            ),
        ),
        display=rx.breakpoints(initial="block", md="none"),
    )


def header(title: str, active: str, notifications: rx.Component | None) -> rx.Component:
    return rx.el.header(
        rx.hstack(
            # A long title gives way (cut with an ellipsis) before the header's controls do,
            # so a phone never scrolls sideways.
            rx.hstack(
                mobile_menu(active),
                rx.heading(
                    title,
                    size=rx.breakpoints(initial="5", md="6"),
                    as_="h1",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    white_space="nowrap",
                    min_width="0",
                ),
                align="center",
                spacing="3",
                min_width="0",
                flex="1 1 auto",
            ),
            rx.hstack(
                language_switch(),
                notifications if notifications is not None else default_notifications(),
                rx.separator(
                    orientation="vertical", size="1", display=rx.breakpoints(initial="none", md="block")
                ),
                rx.hstack(
                    initial_avatar(AuthState.user_name, "2"),
                    rx.vstack(
                        rx.text(AuthState.user_name, size="2", weight="medium"),
                        muted(
                            rx.match(
                                AuthState.user_role,
                                ("SUPER_ADMIN", _("Super admin")),
                                ("ADMIN", _("Admin")),
                                _("Parent (user)"),
                            ),
                            size="1",
                        ),
                        spacing="0",
                        # On a phone the header keeps only the avatar, so nothing spills sideways.
                        display=rx.breakpoints(initial="none", md="flex"),
                    ),
                    align="center",
                    spacing="2",
                ),
                secondary_button(
                    rx.icon("log-out", size=16),
                    rx.text(_("Sign out"), display=rx.breakpoints(initial="none", md="inline")),
                    size="2",
                    aria_label=_("Sign out"),
                    on_click=sign_out_script(SIGNIN_ROUTE),
                    id="admin-sign-out",
                ),
                align="center",
                spacing=rx.breakpoints(initial="2", md="3"),
                flex_shrink="0",
            ),
            justify="between",
            align="center",
            width="100%",
            padding_x=rx.breakpoints(initial="0.75rem", md="1.5rem"),
            padding_y="0.9rem",
            border_bottom=hairline(5),
            background=rx.color("gray", 1),
            position="sticky",
            top="0",
            z_index="5",
        ),
        style={"width": "100%", "position": "sticky", "top": "0", "z_index": "5"},
    )


def admin_page(
    title: str,
    *children: rx.Component,
    active: str,
    notifications: rx.Component | None = None,
) -> rx.Component:
    """A back-office page: sidebar, header, then `children` in the main column."""
    return rx.hstack(
        rx.el.a(_("Skip to content"), href="#main", class_name="skip-link"),
        sidebar(active),
        rx.vstack(
            header(title, active, notifications),
            rx.el.main(
                rx.vstack(*children, spacing="5", width="100%"),
                id="main",
                tab_index=-1,
                style={"width": "100%", "max_width": "1240px", "padding": "1.5rem"},
            ),
            spacing="0",
            width="100%",
            min_width="0",
            min_height="100vh",
            background=rx.color("gray", 1),
        ),
        spacing="0",
        width="100%",
        align="start",
    )


# ---------------------------------------------------------------- shared pieces


def field_error(errors: rx.Var, name: str) -> rx.Component:
    message = errors.get(name, "")
    return rx.cond(
        message != "",
        rx.text(message, color=rx.color("red", 11), size="1", role="alert", id=f"{name}-error"),
    )


def form_field(label: str, name: str, control: rx.Component, errors: rx.Var, hint: str = "") -> rx.Component:
    """A label, its control, an optional hint and the field's error right beneath it."""
    control.style.setdefault("width", "100%")
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=name),
        control,
        rx.cond(hint != "", muted(hint, size="1")) if hint else rx.fragment(),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def icon_tile(
    icon, size: int, radius: str, padding: str, tint: str = "orange", shade: int = 10, **props
) -> rx.Component:
    """An icon (of `size`, in `tint`'s `shade`) centred on a pale tile of the same tint."""
    return rx.center(
        rx.icon(icon, size=size, color=rx.color(tint, shade)),
        background=rx.color(tint, 3),
        border_radius=radius,
        padding=padding,
        **props,
    )


def empty_state(icon: str, title: str, text: str, action: rx.Component | None = None) -> rx.Component:
    return rx.center(
        rx.vstack(
            icon_tile(icon, 28, "999px", "0.9rem"),
            rx.heading(title, size="4", as_="h3"),
            muted(text, text_align="center", max_width="420px"),
            action if action is not None else rx.fragment(),
            align="center",
            spacing="3",
        ),
        padding="3rem 1rem",
        width="100%",
        border=hairline(6, "dashed"),
        border_radius="12px",
    )


def loading_rows(loading: rx.Var) -> rx.Component:
    return rx.cond(
        loading,
        rx.hstack(rx.spinner(size="2"), muted(_("Loading…")), spacing="2"),
    )


def or_empty(items: rx.Var, shown: rx.Component, empty_note: str) -> rx.Component:
    """`shown` while `items` holds any, else a muted note that there are none."""
    return rx.cond(items.length() > 0, shown, muted(empty_note))


def loaded_or_empty(items: rx.Var, loading: rx.Var, shown: rx.Component, empty: rx.Component) -> rx.Component:
    """`shown` while `items` holds any; `empty` only once loading is over (it would flash before)."""
    return rx.cond(items.length() > 0, shown, rx.cond(~loading, empty))


def secondary_button(*children: rx.Component | str, **props) -> rx.Component:
    """A grey soft button: the lesser action beside the main one (Cancel, Clear, Undo, Refresh…)."""
    return rx.button(*children, variant="soft", color_scheme="gray", **props)


def pagination(
    page: rx.Var, page_count: rx.Var, total: rx.Var, on_prev, on_next, noun: str = "items"
) -> rx.Component:
    return rx.hstack(
        muted(total.to_string() + f" {noun}"),
        page_steps(
            page,
            page_count,
            on_prev,
            on_next,
            prev_label=_("Previous"),
            next_label=_("Next"),
            button_props={"color_scheme": "gray", "size": "2"},
        ),
        justify="between",
        align="center",
        width="100%",
    )


def alert_actions(cancel_label: str, confirm: rx.Component, on_cancel=None) -> rx.Component:
    """The last row of an alert dialog: a grey button that closes it (and runs `on_cancel`),
    then `confirm`."""
    return rx.hstack(
        rx.alert_dialog.cancel(secondary_button(cancel_label, on_click=on_cancel)),
        confirm,
        spacing="3",
        justify="end",
        margin_top="1rem",
    )


def confirm_dialog(
    open_: rx.Var,
    title: rx.Var,
    body: rx.Var,
    confirm_label: rx.Var,
    on_confirm,
    on_cancel,
    busy: rx.Var | bool = False,
    color_scheme: str = "red",
    fields: rx.Component | None = None,
) -> rx.Component:
    """One controlled confirmation per page, asked before anything destructive or public.

    `fields` holds inputs the action needs (e.g. the email an account is restored under).
    """
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(body, size="2"),
            fields if fields is not None else rx.fragment(),
            alert_actions(
                _("Keep it"),
                rx.button(confirm_label, color_scheme=color_scheme, on_click=on_confirm, loading=busy),
                on_cancel,
            ),
            max_width="460px",
        ),
        open=open_,
    )


def error_callout(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
    )


def hairline(shade: int = 4, style: str = "solid", color: str = "gray") -> str:
    """The 1px line that frames and divides the back office's pieces (`shade` of `color`)."""
    return f"1px {style} {rx.color(color, shade)}"


def swatch(background, size: str = "10px", radius: str = "3px", **props) -> rx.Component:
    """A small square (or, with radius "50%", dot) of colour: a legend's key, a status light."""
    return rx.box(width=size, height=size, border_radius=radius, background=background, **props)


def section_card(*children: rx.Component, spacing: str = "4", **props) -> rx.Component:
    """A full-width card of the main column, its `children` stacked `spacing` apart."""
    return rx.card(rx.vstack(*children, spacing=spacing, width="100%"), size="3", width="100%", **props)


def titled_card(title: rx.Var | str, *children: rx.Component, **props) -> rx.Component:
    """A section card headed by `title` (the page's second-level heading), then `children`."""
    return section_card(rx.heading(title, size="4", as_="h2"), *children, **props)


def end_actions(*buttons: rx.Component, **props) -> rx.Component:
    """The row of `buttons` that closes a form or card, at its right end."""
    return rx.hstack(*buttons, justify="end", width="100%", **props)


def kept_form(*children: rx.Component, on_submit, **props) -> rx.Component:
    """A full-width form that keeps what was typed when submitted: the server may refuse it and
    say why beside the fields."""
    return rx.form(*children, on_submit=on_submit, reset_on_submit=False, width="100%", **props)
