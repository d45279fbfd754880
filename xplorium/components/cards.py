"""Cards that frame a page or one part of it: titled, narrow, or one link as a whole."""

import reflex as rx

from xplorium.components.links import page_href


def column_card(*children: rx.Component, spacing: str = "3", **props) -> rx.Component:
    """A full-width card with `children` in one column; `props` style the card."""
    return rx.card(rx.vstack(*children, spacing=spacing, width="100%"), width="100%", **props)


def titled_card(title, *children: rx.Component, heading_size: str = "5", **props) -> rx.Component:
    """A column_card under its h2 title."""
    return column_card(rx.heading(title, as_="h2", size=heading_size), *children, **props)


def narrow_card(*children: rx.Component, max_width: str, spacing: str = "4") -> rx.Component:
    """A column_card no wider than `max_width`, roomier on larger screens."""
    return column_card(
        *children, spacing=spacing, size=rx.breakpoints(initial="3", sm="4"), max_width=max_width
    )


def card_link(href: str | rx.Var, *children: rx.Component) -> rx.Component:
    """A whole card that is one link to a page (no underline, the text keeps its colours)."""
    return rx.link(
        rx.card(rx.vstack(*children, spacing="3"), size="3", height="100%"),
        href=page_href(href),
        underline="none",
        color="inherit",
    )
