"""The public page frame: header with navigation, content, footer with contact and hours."""

import reflex as rx

from xplorium.components.cards import column_card
from xplorium.components.links import language_switch, link_button, menu_link, page_href
from xplorium.components.text import muted
from xplorium.constants import VENUE_NAME
from xplorium.i18n import N_, _
from xplorium.state.auth import AuthState, sign_out_script
from xplorium.state.site import SiteState

# The centred column every section's content sits in.
CONTAINER = {"max_width": "1200px", "margin": "0 auto", "width": "100%"}

NAV_LINKS = (
    (N_("Cafe"), "/cafe"),
    (N_("Sensory room"), "/sensory"),
    (N_("Playroom"), "/igraonica"),
    (N_("Parties"), "/parties"),
    (N_("Events"), "/events"),
    (N_("Pricing"), "/pricing"),
    (N_("Hours & contact"), "/contact"),
)

# Phones get slightly smaller header buttons so logo, account, "Book now" and menu fit in 390px.
HEADER_BUTTON_SIZE = rx.breakpoints(initial="2", sm="3")
# The icons beside the lines of venue_contacts().
CONTACT_ICONS = ("map-pin", "phone", "mail")


def logo() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("sparkles", size=26, color=rx.color("orange", 10), class_name="xp-logo-icon"),
            # Not a heading: each page's own title is its one h1.
            rx.text(
                VENUE_NAME, size="6", weight="bold", color=rx.color("gray", 12), class_name="xp-logo-name"
            ),
            align="center",
            spacing="2",
        ),
        href=page_href("/"),
        underline="none",
        aria_label=f"{VENUE_NAME} home",
    )


def nav_link(label: str, href: str) -> rx.Component:
    return rx.link(_(label), href=page_href(href), color=rx.color("gray", 12), weight="medium", size="3")


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
                    aria_label=_("Account menu"),
                ),
            ),
            rx.menu.content(
                rx.box(rx.text(AuthState.user_name, size="2", weight="bold"), padding="0.4rem 0.75rem"),
                menu_link(_("My profile"), "/profile"),
                rx.cond(AuthState.is_staff, menu_link(_("Back office"), "/admin")),
                rx.menu.separator(),
                rx.menu.item(_("Sign out"), on_click=sign_out_script("/"), color_scheme="red"),
            ),
        ),
        link_button(
            rx.icon("log-in", size=16),
            rx.desktop_only(_("Sign in")),
            href=page_href("/signin"),
            variant="soft",
            size=HEADER_BUTTON_SIZE,
            aria_label=_("Sign in"),
        ),
    )


def sign_out_button(back_to: str, **props) -> rx.Component:
    """A grey button that signs out and opens the page `back_to`."""
    return rx.button(
        _("Sign out"), variant="soft", color_scheme="gray", on_click=sign_out_script(back_to), **props
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
                language_switch(),
                account_menu(),
                link_button(
                    _("Book now"),
                    href=page_href("/book"),
                    size=HEADER_BUTTON_SIZE,
                    color_scheme="orange",
                    white_space="nowrap",
                ),
                rx.mobile_and_tablet(
                    rx.menu.root(
                        rx.menu.trigger(
                            rx.icon_button(
                                rx.icon("menu"),
                                variant="soft",
                                size=HEADER_BUTTON_SIZE,
                                aria_label=_("Open menu"),
                            )
                        ),
                        rx.menu.content(*(menu_link(_(label), href) for label, href in NAV_LINKS)),
                    ),
                ),
                spacing=rx.breakpoints(initial="2", sm="3"),
                align="center",
                class_name="xp-header-actions",
            ),
            justify="between",
            align="center",
            **CONTAINER,
            padding_x="1.25rem",
            padding_y="0.9rem",
            class_name="xp-public-header",
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
                muted(
                    _("Cafe, sensory room, indoor playroom and birthday parties for families in Belgrade."),
                    max_width="320px",
                ),
                link_button(
                    _("Book a visit"),
                    href=page_href("/book"),
                    size="2",
                    variant="soft",
                    color_scheme="orange",
                ),
                spacing="3",
            ),
            rx.vstack(
                rx.heading(_("Contact"), size="3", as_="h2"),
                *(
                    footer_line(icon, line)
                    for icon, line in zip(CONTACT_ICONS, venue_contacts("2"), strict=True)
                ),
                spacing="2",
            ),
            rx.vstack(
                rx.heading(_("Opening hours"), size="3", as_="h2"),
                rx.foreach(
                    SiteState.hours_summary,
                    lambda group: rx.hstack(
                        muted(group["days"], min_width="72px"),
                        rx.text(group["hours"], size="2", weight="medium"),
                        spacing="3",
                    ),
                ),
                spacing="1",
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="6",
            **CONTAINER,
            padding="2.5rem 1.25rem 1.5rem",
        ),
        rx.box(
            rx.flex(
                muted(_("© {venue}, Novi Beograd").format(venue=VENUE_NAME), size="1"),
                muted(_("All prices in RSD, VAT included."), size="1"),
                justify="between",
                wrap="wrap",
                gap="2",
                **CONTAINER,
                padding="1rem 1.25rem",
            ),
            border_top=f"1px solid {rx.color('orange', 5)}",
        ),
        background=rx.color("orange", 2),
        border_top=f"1px solid {rx.color('orange', 5)}",
        width="100%",
    )


def venue_contacts(size: str) -> tuple[rx.Component, rx.Component, rx.Component]:
    """The venue's address, phone (a tel: link) and email (a mailto: link), in text `size`."""
    return (
        rx.text(SiteState.address, size=size),
        rx.link(SiteState.contact_phone, href="tel:" + SiteState.contact_phone, size=size),
        rx.link(SiteState.contact_email, href="mailto:" + SiteState.contact_email, size=size),
    )


def footer_line(icon: str, content: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=16, color=rx.color("orange", 10), flex_shrink="0", margin_top="2px"),
        content,
        spacing="2",
        align="start",
    )


def opening_hours_table() -> rx.Component:
    """Every weekday with its hours; today's row stands out."""
    return rx.vstack(
        rx.foreach(
            SiteState.opening_hours,
            lambda row: rx.hstack(
                rx.text(
                    row["day"],
                    rx.cond(row["day"] == SiteState.today_day, _(" (today)"), ""),
                    size="2",
                    weight=rx.cond(row["day"] == SiteState.today_day, "bold", "regular"),
                ),
                rx.text(row["hours"], size="2", weight="medium"),
                justify="between",
                width="100%",
                padding_x="0.5rem",
                padding_y="0.2rem",
                border_radius="6px",
                background=rx.cond(row["day"] == SiteState.today_day, rx.color("orange", 3), "transparent"),
            ),
        ),
        spacing="0",
        width="100%",
    )


def opening_hours_card(heading_level: str) -> rx.Component:
    """The opening hours in a card, under a heading of the page's `heading_level` (h2, h3)."""
    return column_card(
        rx.heading(_("Opening hours"), as_=heading_level, size="5"), opening_hours_table(), size="3"
    )


def page(*children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.el.a(_("Skip to content"), href="#main", class_name="skip-link"),
        header(),
        rx.el.main(*children, id="main", width="100%", flex="1"),
        footer(),
        spacing="0",
        min_height="100vh",
        width="100%",
    )
