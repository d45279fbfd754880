"""Cards that frame a page or one part of it: titled, narrow, or one link as a whole."""

import reflex as rx

from xplorium.components.links import page_href


def titled_card(title, *children: rx.Component, heading_size="5", spacing="3", **props) -> rx.Component:
    """A full-width card: its h2 title, then `children` in one column."""
    return rx.card(
        rx.vstack(
            rx.heading(title, as_="h2", size=heading_size),
            *children,
            spacing=spacing,
            width="100%",
        ),
        width="100%",
        **props,
    )


def narrow_card(*children: rx.Component, max_width: str, spacing: str = "4") -> rx.Component:
    """A card of one column, no wider than `max_width`, roomier on larger screens."""
    return rx.card(
        rx.vstack(*children, spacing=spacing, width="100%"),
        size=rx.breakpoints(initial="3", sm="4"),
        width="100%",
        max_width=max_width,
    )


def card_link(href: str | rx.Var, *children: rx.Component) -> rx.Component:
    """A whole card that is one link to a page (no underline, the text keeps its colours)."""
    return rx.link(
        rx.card(rx.vstack(*children, spacing="3"), size="3", height="100%"),
        href=page_href(href),
        underline="none",
        color="inherit",
    )
