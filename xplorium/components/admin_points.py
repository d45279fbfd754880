"""Loyalty points as the back office shows them (customer page and loyalty page)."""

import reflex as rx


def delta_badge(row: rx.Var, **props) -> rx.Component:
    """A ledger row's change of points: green when earned, red when taken away."""
    return rx.badge(
        row["delta_label"],
        color_scheme=rx.cond(row["delta"].to(int) > 0, "grass", "red"),
        variant="soft",
        **props,
    )
