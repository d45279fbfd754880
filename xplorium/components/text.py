"""Text styles that pages share, so a style is chosen in one place."""

import reflex as rx


def muted(*children, size: str = "2", **props) -> rx.Component:
    """Secondary text (a detail, a hint, a caption) in the muted grey."""
    return rx.text(*children, size=size, color=rx.color("gray", 11), **props)
