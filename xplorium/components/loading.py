"""What stands in for content that is still loading."""

import reflex as rx


def spinner_block(padding: str, **props) -> rx.Component:
    """A large spinner centred in the space the content will take once it has loaded."""
    return rx.center(rx.spinner(size="3"), padding=padding, **props)
