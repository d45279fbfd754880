"""Stepping through a list that is shown a page at a time."""

import reflex as rx

from xplorium.i18n import _


def page_steps(
    page: rx.Var,
    page_count: rx.Var,
    on_prev,
    on_next,
    *,
    prev_label: str,
    next_label: str,
    button_props: dict | None = None,
    **props,
) -> rx.Component:
    """The buttons to the page before and after (each off at its end), and "Page 2 of 5" between.

    `button_props` style both buttons (soft by default)."""
    button_props = {"variant": "soft", **(button_props or {})}
    return rx.hstack(
        rx.button(
            rx.icon("chevron-left", size=16), prev_label, disabled=page <= 1, on_click=on_prev, **button_props
        ),
        rx.text(
            _("Page {page} of {count}").format(page=page.to_string(), count=page_count.to_string()),
            size="2",
        ),
        rx.button(
            next_label,
            rx.icon("chevron-right", size=16),
            disabled=page >= page_count,
            on_click=on_next,
            **button_props,
        ),
        align="center",
        spacing="3",
        **props,
    )
