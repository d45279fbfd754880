"""Published prices by category, and the birthday parties page built from the party packages."""

import reflex as rx

from xplorium.components.layout import page
from xplorium.components.links import anchor_button, page_href
from xplorium.components.public import (
    banner,
    container,
    empty_state,
    packages_or,
    page_section,
    section_heading,
    shaded_band,
)
from xplorium.components.text import muted
from xplorium.constants import (
    CHILD_AGE_MAX,
    CHILD_AGE_MIN,
    CURRENCY,
    PARTY_GUESTS_MAX,
    PARTY_GUESTS_MIN,
)
from xplorium.i18n import N_, _
from xplorium.state.public import PricingGroup, PricingState


def category_link(group: PricingGroup) -> rx.Component:
    return anchor_button(group.label, anchor=group.anchor, variant="soft", color_scheme="gray", size="2")


def pricing_group(group: PricingGroup) -> rx.Component:
    return rx.vstack(
        rx.heading(group.label, as_="h2", size=rx.breakpoints(initial="6", md="7"), id=group.anchor),
        packages_or(
            group.packages,
            empty_state("tag", _("Nothing published yet"), _("Ask us about prices for this room.")),
        ),
        spacing="4",
        width="100%",
        padding_top="1rem",
        scroll_margin_top="5rem",
    )


def pricing() -> rx.Component:
    return page(
        banner(
            _("Prices"),
            _("Prices and packages"),
            _("All prices are in {currency}. Choose a package and book it in a minute.").format(
                currency=CURRENCY
            ),
        ),
        container(
            rx.vstack(
                rx.flex(rx.foreach(PricingState.groups, category_link), wrap="wrap", gap="0.5rem"),
                rx.foreach(PricingState.groups, pricing_group),
                spacing="6",
                width="100%",
            ),
        ),
    )


STEPS = (
    (
        "package",
        N_("Choose a package"),
        N_("Pick the party that suits your child, and the number of guests."),
    ),
    ("calendar-days", N_("Pick a date and time"), N_("See the free times of the day and choose one.")),
    (
        "mail-check",
        N_("We confirm"),
        N_("You get a reference number at once, and our confirmation soon after."),
    ),
)


def step(icon: str, title: str, text: str, number: int) -> rx.Component:
    return rx.hstack(
        rx.center(
            rx.icon(icon, size=22, color=rx.color("orange", 11)),
            background=rx.color("orange", 3),
            border_radius="12px",
            padding="0.7rem",
            flex_shrink="0",
        ),
        rx.vstack(
            rx.text(f"{number}. {title}", weight="bold", size="3"),
            muted(text),
            spacing="1",
        ),
        align="start",
        spacing="3",
    )


def parties() -> rx.Component:
    return page(
        banner(
            _("Parties"),
            _("Birthday parties"),
            _(
                "Parties for {party_guests_min} to {party_guests_max} guests, for children from {child_age_min} to {child_age_max}."
            ).format(
                party_guests_min=PARTY_GUESTS_MIN,
                party_guests_max=PARTY_GUESTS_MAX,
                child_age_min=CHILD_AGE_MIN,
                child_age_max=CHILD_AGE_MAX,
            ),
            rx.link(
                rx.button(_("Book a party"), size="4", color_scheme="orange"),
                href=page_href("/book?type=PARTY"),
            ),
        ),
        page_section(
            section_heading(_("Party packages")),
            packages_or(
                PricingState.party_packages,
                empty_state("cake", _("Party packages coming soon"), _("Call us to plan a party.")),
                N_("Book this party"),
            ),
        ),
        shaded_band(
            page_section(
                section_heading(_("How booking works")),
                rx.grid(
                    *(
                        step(icon, _(title), _(text), n)
                        for n, (icon, title, text) in enumerate(STEPS, start=1)
                    ),
                    columns=rx.breakpoints(initial="1", md="3"),
                    spacing="5",
                    width="100%",
                ),
            ),
        ),
    )
