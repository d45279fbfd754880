"""The venue's rooms (cafe, sensory room, playroom) and the hours-and-contact page, from content."""

import reflex as rx

from xplorium.components.cards import column_card, titled_card
from xplorium.components.grids import two_columns
from xplorium.components.layout import CONTACT_ICONS, opening_hours_card, page, venue_contacts
from xplorium.components.links import link_button, page_href
from xplorium.components.public import (
    banner,
    container,
    empty_state,
    highlights,
    icon_line,
    packages_or,
    page_section,
    paragraphs,
    section_heading,
    shaded_band,
)
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.public import SectionState
from xplorium.state.site import SiteState


def book_button(label: str, booking_type: str) -> rx.Component:
    return link_button(label, href=page_href(f"/book?type={booking_type}"), size="4", color_scheme="orange")


def about() -> rx.Component:
    return container(
        rx.vstack(
            highlights(SectionState.highlights),
            paragraphs(SectionState.paragraphs),
            spacing="5",
        ),
    )


def packages(title: str, subtitle: str) -> rx.Component:
    return shaded_band(
        page_section(
            section_heading(title, subtitle),
            packages_or(
                SectionState.packages,
                empty_state(
                    "tag", _("Prices coming soon"), _("Call us and we will tell you about our offers.")
                ),
            ),
        ),
    )


def menu_item(item) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(item["name"], weight="bold", size="3"),
            muted(item["description"]),
            spacing="0",
            flex="1",
        ),
        rx.text(item["price"], weight="bold", size="3", color=rx.color("orange", 11), white_space="nowrap"),
        justify="between",
        align="start",
        spacing="4",
        padding_y="0.75rem",
        border_bottom=f"1px dashed {rx.color('gray', 6)}",
        width="100%",
    )


def menu() -> rx.Component:
    return rx.cond(
        SectionState.items.length() > 0,
        page_section(
            section_heading(_("Menu")),
            column_card(rx.foreach(SectionState.items, menu_item), spacing="0", size="3", max_width="760px"),
            spacing="4",
            padding_top="0",
        ),
    )


def loading_or(content: rx.Component) -> rx.Component:
    # Until the content arrives the banner would be blank; a skeleton keeps the layout still.
    return rx.cond(
        SectionState.loaded,
        content,
        container(
            rx.vstack(rx.skeleton(height="3rem", width="60%"), rx.skeleton(height="1.5rem", width="80%"))
        ),
    )


ON_LOAD_SITE = SiteState.load_site


def room_page(eyebrow: str, book: rx.Component, *sections: rx.Component) -> rx.Component:
    """A room's page: its banner with the `book` button, its text, then `sections`."""
    return page(
        loading_or(
            rx.fragment(
                banner(eyebrow, SectionState.headline, SectionState.intro, book),
                about(),
                *sections,
            )
        )
    )


def cafe() -> rx.Component:
    return room_page(
        _("Cafe"),
        book_button(_("Reserve a table"), "CAFE"),
        menu(),
        packages(_("Cafe offers"), _("Reserve a table or one of our coffee-and-play offers.")),
    )


def sensory() -> rx.Component:
    return room_page(
        _("Sensory room"),
        book_button(_("Book a session"), "SENSORY_ROOM"),
        packages(_("Sessions and prices"), _("Choose a session and book the time that suits you.")),
    )


def igraonica() -> rx.Component:
    return room_page(
        _("Playroom · Igraonica"),
        book_button(_("Book a visit"), "PLAYGROUND"),
        packages(_("Playroom prices"), _("Drop in to play, or hire the whole playroom for your group.")),
    )


def contact_card() -> rx.Component:
    return titled_card(
        _("Contact"),
        *(
            icon_line(icon, line, icon_size=20)
            for icon, line in zip(CONTACT_ICONS, venue_contacts("3"), strict=True)
        ),
        size="3",
    )


def contact() -> rx.Component:
    return page(
        banner(_("Visit us"), SectionState.headline, SectionState.intro),
        container(
            two_columns(
                rx.vstack(opening_hours_card("h2"), paragraphs(SectionState.paragraphs), spacing="4"),
                rx.vstack(
                    contact_card(),
                    rx.cond(
                        SectionState.extra_headline != "",
                        rx.vstack(
                            rx.heading(SectionState.extra_headline, as_="h2", size="5"),
                            rx.text(SectionState.extra_intro, size="4"),
                            paragraphs(SectionState.extra_paragraphs),
                            spacing="3",
                        ),
                    ),
                    spacing="5",
                ),
            ),
        ),
    )
