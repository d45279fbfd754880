"""A confirmation asked before a step that cannot be undone."""

import reflex as rx


def confirm_dialog(
    title: str,
    *description: rx.Component | str,
    keep_label: str,
    on_keep,
    confirm_label: str,
    on_confirm,
    working: rx.Var,
    is_open: rx.Var,
) -> rx.Component:
    """An alert dialog: the title, what happens, and the buttons to keep things or to go ahead."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(*description, size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(keep_label, variant="soft", color_scheme="gray", on_click=on_keep)
                ),
                rx.button(confirm_label, color_scheme="red", on_click=on_confirm, loading=working),
                spacing="3",
                justify="end",
                margin_top="1rem",
            ),
            max_width="440px",
        ),
        open=is_open,
    )
