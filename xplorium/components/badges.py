"""Badges that several pages show the same way."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services.loyalty import TIER_LABELS

STATUS_COLORS = {
    "DRAFT": "gray",
    "REVIEW": "amber",
    "PUBLISHED": "green",
    "COMPLETED": "blue",
    "CANCELLED": "red",
    "ARCHIVED": "brown",
    "CONFIRMED": "green",
    "WAITLISTED": "amber",
    "ACTIVE": "green",
    "BLOCKED": "red",
    "DELETED": "gray",
    "USER": "gray",
    "ADMIN": "blue",
    "SUPER_ADMIN": "purple",
}
# A booking's status, on the staff screens and on the parent's own bookings.
BOOKING_STATUS_COLORS = {
    "PENDING": "amber",
    "APPROVED": "grass",
    "COMPLETED": "blue",
    "CANCELLED": "gray",
    "REJECTED": "red",
}
TIER_BADGE = {"BRONZE": "bronze", "SILVER": "gray", "GOLD": "amber", "PLATINUM": "cyan", "VIP": "purple"}


def tier_badge(tier) -> rx.Component:
    """A loyalty tier (a name or a Var of one) as its coloured badge."""
    return rx.match(
        tier,
        *(
            (name, rx.badge(_(TIER_LABELS[name]), color_scheme=color, variant="soft"))
            for name, color in TIER_BADGE.items()
        ),
        rx.badge(tier, variant="soft"),
    )


def labelled_badge(value, colors: dict, labels: dict) -> rx.Component:
    """A value (a Var) as a soft badge: `colors` and `labels` (messages) are keyed by value."""
    return rx.match(
        value,
        *(
            (key, rx.badge(_(labels[key]), color_scheme=color, variant="soft"))
            for key, color in colors.items()
        ),
        rx.badge(value, variant="soft"),
    )


def status_badge(status: rx.Var | str) -> rx.Component:
    return rx.match(
        status,
        *(
            (value, rx.badge(value.replace("_", " ").title(), color_scheme=color, variant="soft"))
            for value, color in STATUS_COLORS.items()
        ),
        rx.badge(status, variant="soft"),
    )
