"""Text that pages share, so its style and wording are chosen in one place."""

import reflex as rx

from xplorium.i18n import _


def muted(*children, size: str = "2", **props) -> rx.Component:
    """Secondary text (a detail, a hint, a caption) in the muted grey."""
    return rx.text(*children, size=size, color=rx.color("gray", 11), **props)


def rsvp_counts(state) -> rx.Var:
    """How the guests of a party answered: "3 answered · 2 coming" (the state's counts)."""
    return (
        state.answered.to_string()
        + " "
        + _("answered")
        + " · "
        + state.coming.to_string()
        + " "
        + _("coming")
    )
