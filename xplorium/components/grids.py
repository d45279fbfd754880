"""Grids that lay out a page's parts: two columns, and a grid of cards."""

import reflex as rx


def two_columns(*children: rx.Component, wide_from: str = "md", spacing: str = "6", **props) -> rx.Component:
    """Two columns from the `wide_from` breakpoint up (sm, md), one above the other below it."""
    return rx.grid(
        *children,
        columns=rx.breakpoints(initial="1", **{wide_from: "2"}),
        spacing=spacing,
        width="100%",
        **props,
    )


def card_grid(items: rx.Var, card, widest: str = "3") -> rx.Component:
    """A `card` for each of `items`: one column on a phone, two on a tablet, `widest` on a desktop."""
    return rx.grid(
        rx.foreach(items, card),
        columns=rx.breakpoints(initial="1", sm="2", lg=widest),
        spacing="4",
        width="100%",
    )
