"""The public page frame: header with navigation, content, footer with contact and hours."""

import reflex as rx

from xplorium.constants import VENUE_NAME
from xplorium.state.auth import AuthState, sign_out_script
from xplorium.state.site import SiteState

NAV_LINKS = (
    ("Cafe", "/cafe"),
    ("Sensory room", "/sensory"),
    ("Playroom", "/igraonica"),
    ("Parties", "/parties"),
    ("Events", "/events"),
    ("Pricing", "/pricing"),
    ("Hours & contact", "/contact"),
)

# Phones get slightly smaller header buttons so logo, account, "Book now" and menu fit in 390px.
HEADER_BUTTON_SIZE = rx.breakpoints(initial="2", sm="3")


def logo() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("sparkles", size=26, color=rx.color("orange", 10)),
            rx.heading(VENUE_NAME, size="6", weight="bold", color=rx.color("gray", 12)),
            align="center",
            spacing="2",
        ),
        href="/",
        underline="none",
        aria_label=f"{VENUE_NAME} home",
    )


def nav_link(label: str, href: str) -> rx.Component:
    return rx.link(label, href=href, color=rx.color("gray", 12), weight="medium", size="3")


def account_menu() -> rx.Component:
    """Sign in, or the signed-in person's menu. Display only: every page re-checks on the server."""
    return rx.cond(
        AuthState.signed_in,
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("circle-user", size=18),
                    rx.desktop_only(rx.text(AuthState.user_name, max_width="140px", truncate=True)),
                    rx.icon("chevron-down", size=14),
                    variant="ghost",
                    color_scheme="gray",
                    size=HEADER_BUTTON_SIZE,
                    aria_label="Account menu",
                ),
            ),
            rx.menu.content(
                rx.box(rx.text(AuthState.user_name, size="2", weight="bold"), padding="0.4rem 0.75rem"),
                rx.menu.item(rx.link("My profile", href="/profile", color="inherit", width="100%")),
                rx.cond(
                    AuthState.is_staff,
                    rx.menu.item(rx.link("Back office", href="/admin", color="inherit", width="100%")),
                ),
                rx.menu.separator(),
                rx.menu.item("Sign out", on_click=sign_out_script("/"), color_scheme="red"),
            ),
        ),
        rx.link(
            rx.button(
                rx.icon("log-in", size=16),
                rx.desktop_only("Sign in"),
                variant="soft",
                size=HEADER_BUTTON_SIZE,
                aria_label="Sign in",
            ),
            href="/signin",
        ),
    )


def header() -> rx.Component:
    return rx.el.header(
        # Every page using this layout fills the signed-in display vars and the footer's
        # contact details and hours (pages need not list these in their on_load).
        rx.fragment(on_mount=[AuthState.refresh, SiteState.load_site]),
        rx.hstack(
            logo(),
            rx.desktop_only(
                rx.hstack(*(nav_link(label, href) for label, href in NAV_LINKS), spacing="5"),
            ),
            rx.hstack(
                account_menu(),
                rx.link(
                    rx.button(
                        "Book now", size=HEADER_BUTTON_SIZE, color_scheme="orange", white_space="nowrap"
                    ),
                    href="/book",
                ),
                rx.mobile_and_tablet(
                    rx.menu.root(
                        rx.menu.trigger(
                            rx.icon_button(
                                rx.icon("menu"),
                                variant="soft",
                                size=HEADER_BUTTON_SIZE,
                                aria_label="Open menu",
                            )
                        ),
                        rx.menu.content(
                            *(rx.menu.item(rx.link(label, href=href)) for label, href in NAV_LINKS)
                        ),
                    ),
                ),
                spacing=rx.breakpoints(initial="2", sm="3"),
                align="center",
            ),
            justify="between",
            align="center",
            max_width="1200px",
            margin="0 auto",
            padding_x="1.25rem",
            padding_y="0.9rem",
            width="100%",
        ),
        background=rx.color("gray", 1),
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        position="sticky",
        top="0",
        z_index="10",
        width="100%",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.grid(
            rx.vstack(
                logo(),
                rx.text(
                    "Cafe, sensory room, indoor playroom and birthday parties for families in Belgrade.",
                    color=rx.color("gray", 11),
                    size="2",
                ),
                spacing="3",
            ),
            rx.vstack(
                rx.heading("Contact", size="4", as_="h2"),
                rx.text(SiteState.address, size="2"),
                rx.link(SiteState.contact_phone, href="tel:" + SiteState.contact_phone, size="2"),
                rx.link(SiteState.contact_email, href="mailto:" + SiteState.contact_email, size="2"),
                spacing="2",
            ),
            rx.vstack(
                rx.heading("Opening hours", size="4", as_="h2"),
                opening_hours_table(),
                spacing="2",
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="6",
            max_width="1200px",
            margin="0 auto",
            padding="2.5rem 1.25rem",
            width="100%",
        ),
        background=rx.color("orange", 2),
        border_top=f"1px solid {rx.color('orange', 5)}",
        width="100%",
    )


def opening_hours_table() -> rx.Component:
    return rx.vstack(
        rx.foreach(
            SiteState.opening_hours,
            lambda row: rx.hstack(
                rx.text(row["day"], size="2"),
                rx.text(row["hours"], size="2", weight="medium"),
                justify="between",
                width="100%",
                max_width="260px",
            ),
        ),
        spacing="1",
        width="100%",
    )


def page(*children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        header(),
        rx.el.main(*children, id="main", width="100%", flex="1"),
        footer(),
        spacing="0",
        min_height="100vh",
        width="100%",
    )
