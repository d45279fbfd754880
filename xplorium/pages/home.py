"""The venue's front page."""

import reflex as rx

from xplorium.components.layout import CONTAINER, opening_hours_table, page
from xplorium.constants import VENUE_NAME
from xplorium.state.site import SiteState

ATTRACTIONS = (
    (
        "coffee",
        "Cafe",
        "Specialty coffee, fresh juices and a kids' menu while the little ones play.",
        "/cafe",
    ),
    (
        "brain",
        "Sensory room",
        "A calm, light-and-sound room designed with therapists for ages 1–8.",
        "/sensory",
    ),
    ("castle", "Playroom", "Climbing, slides and a ball pit, supervised by our trained staff.", "/igraonica"),
    (
        "cake",
        "Birthday parties",
        "Themed parties for 5 to 50 guests, food and decorations included.",
        "/parties",
    ),
)


def today_card() -> rx.Component:
    """Whether the venue is open today, and how to get there: what a parent checks first."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("clock", size=20, color=rx.color("orange", 10)),
                rx.text(SiteState.today_hours, size="4", weight="bold"),
                align="center",
                spacing="2",
            ),
            rx.text(SiteState.today_day, size="2", color=rx.color("gray", 11)),
            rx.separator(size="4"),
            rx.hstack(
                rx.icon("map-pin", size=18, color=rx.color("orange", 10), flex_shrink="0"),
                rx.text(SiteState.address, size="2"),
                align="start",
                spacing="2",
            ),
            rx.hstack(
                rx.icon("phone", size=18, color=rx.color("orange", 10), flex_shrink="0"),
                rx.link(SiteState.contact_phone, href="tel:" + SiteState.contact_phone, size="2"),
                align="center",
                spacing="2",
            ),
            rx.hstack(
                *(
                    rx.badge(label, variant="surface", color_scheme=color, size="2")
                    for label, color in (("Ages 1–10", "orange"), ("Free parking", "teal"), ("Cafe", "amber"))
                ),
                wrap="wrap",
                spacing="2",
            ),
            spacing="3",
        ),
        size="3",
        width="100%",
        max_width=rx.breakpoints(initial="100%", md="360px"),
        justify_self=rx.breakpoints(initial="stretch", md="end"),
        box_shadow="0 12px 32px rgba(194, 65, 12, 0.12)",
    )


def hero() -> rx.Component:
    return rx.box(
        rx.grid(
            rx.vstack(
                rx.badge(
                    "Family entertainment in Novi Beograd", color_scheme="orange", size="2", variant="soft"
                ),
                rx.heading(
                    f"Play, relax and celebrate at {VENUE_NAME}",
                    size=rx.breakpoints(initial="8", md="9"),
                    as_="h1",
                    weight="bold",
                    line_height="1.1",
                ),
                rx.text(
                    "A cafe for parents, a sensory room and an indoor playroom for children, "
                    "and birthday parties they will talk about for weeks.",
                    size=rx.breakpoints(initial="4", md="5"),
                    color=rx.color("gray", 11),
                    max_width="640px",
                ),
                rx.hstack(
                    rx.link(rx.button("Book a visit", size="4", color_scheme="orange"), href="/book"),
                    rx.link(
                        rx.button("See prices", size="4", variant="outline", color_scheme="orange"),
                        href="/pricing",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="5",
            ),
            today_card(),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            gap=rx.breakpoints(initial="2rem", md="3rem"),
            align_items="center",
            **CONTAINER,
            padding_x="1.25rem",
            padding_y=rx.breakpoints(initial="2.5rem", md="5rem"),
        ),
        background=f"linear-gradient(135deg, {rx.color('orange', 3)} 0%, {rx.color('amber', 2)} 60%, {rx.color('teal', 3)} 100%)",
        width="100%",
    )


def attraction_card(icon: str, title: str, text: str, href: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.center(
                    rx.icon(icon, size=28, color=rx.color("orange", 11)),
                    background=rx.color("orange", 3),
                    border_radius="12px",
                    padding="0.75rem",
                ),
                rx.heading(title, size="5", as_="h3"),
                rx.text(text, color=rx.color("gray", 11), size="3"),
                rx.text("Learn more →", color=rx.color("orange", 11), weight="medium", size="2"),
                spacing="3",
            ),
            size="3",
            height="100%",
        ),
        href=href,
        underline="none",
        color="inherit",
    )


def attractions() -> rx.Component:
    return rx.vstack(
        rx.heading("Everything under one roof", size="7", as_="h2"),
        rx.grid(
            *(attraction_card(*item) for item in ATTRACTIONS),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        spacing="5",
        **CONTAINER,
        padding="3rem 1.25rem",
    )


def visit_us() -> rx.Component:
    return rx.box(
        rx.grid(
            rx.vstack(
                rx.heading("Visit us", size="7", as_="h2"),
                rx.text(SiteState.address, size="4"),
                rx.link(SiteState.contact_phone, href="tel:" + SiteState.contact_phone, size="4"),
                rx.link(SiteState.contact_email, href="mailto:" + SiteState.contact_email, size="4"),
                rx.text(
                    "Next to the park, with free parking for guests and step-free access for prams. "
                    "Planning a birthday? Tell us the date and we will take care of the rest.",
                    size="3",
                    color=rx.color("gray", 11),
                    max_width="480px",
                ),
                rx.link(
                    rx.button("Plan a birthday party", size="3", variant="outline", color_scheme="orange"),
                    href="/parties",
                ),
                spacing="3",
            ),
            rx.card(
                rx.vstack(
                    rx.heading("Opening hours", size="5", as_="h3"),
                    opening_hours_table(),
                    spacing="3",
                ),
                size="3",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="6",
            **CONTAINER,
            padding="3rem 1.25rem",
        ),
        background=rx.color("gray", 2),
        width="100%",
    )


@rx.page(route="/", title=f"{VENUE_NAME} — cafe, sensory room and playroom", on_load=SiteState.load_site)
def index() -> rx.Component:
    return page(hero(), attractions(), visit_us())
