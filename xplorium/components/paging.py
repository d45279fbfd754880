"""Stepping through a list that is shown a page at a time."""

import reflex as rx

from xplorium.i18n import _


def page_steps(
    page: rx.Var, page_count: rx.Var, on_prev, on_next, *, prev_label: str, next_label: str, **props
) -> rx.Component:
    """The buttons to the page before and after (each off at its end), and "Page 2 of 5" between."""
    return rx.hstack(
        rx.button(
            rx.icon("chevron-left", size=16), prev_label, variant="soft", disabled=page <= 1, on_click=on_prev
        ),
        rx.text(
            _("Page {page} of {count}").format(page=page.to_string(), count=page_count.to_string()),
            size="2",
        ),
        rx.button(
            next_label,
            rx.icon("chevron-right", size=16),
            variant="soft",
            disabled=page >= page_count,
            on_click=on_next,
        ),
        align="center",
        spacing="3",
        **props,
    )
