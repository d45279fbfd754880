"""The venue's front page: the home content, the rooms, the next events, how to find us."""

import reflex as rx

from xplorium.components.cards import card_link
from xplorium.components.grids import card_grid, two_columns
from xplorium.components.layout import opening_hours_card, page, venue_contacts
from xplorium.components.links import link_button, page_href
from xplorium.components.public import (
    button_row,
    container,
    event_grid,
    eyebrow_badge,
    gradient_band,
    headline,
    highlights,
    page_section,
    section_heading,
    shaded_band,
)
from xplorium.components.text import muted
from xplorium.constants import VENUE_NAME
from xplorium.i18n import _
from xplorium.state.public import CardView, HomeState


def hero() -> rx.Component:
    return gradient_band(
        rx.vstack(
            eyebrow_badge(_("{venue} · Novi Beograd").format(venue=VENUE_NAME)),
            rx.cond(
                HomeState.loaded,
                headline(rx.cond(HomeState.headline != "", HomeState.headline, VENUE_NAME)),
                rx.skeleton(height="3.5rem", width="80%"),
            ),
            muted(HomeState.intro, size="5", max_width="640px"),
            highlights(HomeState.highlights),
            button_row(
                link_button(_("Book a visit"), href=page_href("/book"), size="4", color_scheme="orange"),
                link_button(
                    _("See prices"),
                    href=page_href("/pricing"),
                    size="4",
                    variant="outline",
                    color_scheme="orange",
                ),
            ),
            spacing="5",
        ),
        padding_y=rx.breakpoints(initial="3rem", md="5rem"),
    )


def attraction_card(card: CardView) -> rx.Component:
    return card_link(
        card.href,
        rx.center(
            rx.icon(card.icon, size=28, color=rx.color("orange", 11)),
            background=rx.color("orange", 3),
            border_radius="12px",
            padding="0.75rem",
        ),
        rx.heading(card.title, size="5", as_="h3"),
        muted(card.text, size="3"),
        rx.text(_("Learn more →"), color=rx.color("orange", 11), weight="medium", size="2"),
    )


def attractions() -> rx.Component:
    return page_section(
        section_heading(_("Everything under one roof")),
        card_grid(HomeState.cards, attraction_card, widest="4"),
    )


def upcoming() -> rx.Component:
    return rx.cond(
        HomeState.events.length() > 0,
        page_section(
            rx.hstack(
                section_heading(_("Coming up")),
                rx.link(_("All events →"), href=page_href("/events"), weight="medium"),
                justify="between",
                align="end",
                width="100%",
            ),
            event_grid(HomeState.events),
            padding_top="0",
        ),
    )


def visit_us() -> rx.Component:
    return shaded_band(
        container(
            two_columns(
                rx.vstack(
                    rx.heading(_("Visit us"), size="7", as_="h2"),
                    *venue_contacts("4"),
                    rx.link(_("How to find us →"), href=page_href("/contact"), size="3", weight="medium"),
                    spacing="3",
                ),
                opening_hours_card("h3"),
            ),
            padding_y="3rem",
        ),
    )


def index() -> rx.Component:
    return page(hero(), attractions(), upcoming(), visit_us())
