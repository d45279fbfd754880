"""/party/<token>: the private party link an invited family opens on a phone."""

import reflex as rx

from xplorium.components.forms import bare_fieldset, form_alert, server_checked_form, submit_button
from xplorium.components.links import page_href
from xplorium.components.public import (
    dead_link,
    emailed_link_page,
    eyebrow_badge,
    icon_line,
    labelled_input,
    labelled_text_area,
)
from xplorium.components.text import muted
from xplorium.constants import CHILD_AGE_MAX, VENUE_NAME
from xplorium.i18n import N_, _
from xplorium.state.party import PartyInviteState as S

ANSWERS = (("yes", N_("Yes, we are coming")), ("no", N_("No, we cannot come")))


def answer_choice() -> rx.Component:
    return bare_fieldset(
        rx.el.legend(rx.text(_("Is your child coming?"), size="2", weight="medium")),
        rx.radio_group.root(
            rx.vstack(
                *(
                    rx.hstack(
                        rx.radio_group.item(value=value, id=f"rsvp-{value}"),
                        rx.el.label(_(label), html_for=f"rsvp-{value}"),
                        spacing="2",
                        align="center",
                    )
                    for value, label in ANSWERS
                ),
                spacing="2",
                padding_top="0.25rem",
            ),
            value=S.attending,
            on_change=S.choose,
            name="attending",
            size="3",
        ),
    )


def waiver_box() -> rx.Component:
    return rx.vstack(
        rx.heading(_("Waiver"), as_="h2", size="4"),
        rx.box(
            rx.text(S.waiver_text, size="2", white_space="pre-wrap"),
            id="waiver-text",
            tab_index=0,
            role="region",
            aria_label=_("Waiver text"),
            max_height="14rem",
            overflow_y="auto",
            padding="0.75rem",
            border=f"1px solid {rx.color('gray', 6)}",
            border_radius="8px",
            background=rx.color("gray", 2),
            width="100%",
        ),
        labelled_input(
            _("Type your full name to sign"),
            "consent_name",
            S.errors,
            field_id="rsvp-consent",
            auto_complete="off",
            max_length=200,
            hint=_("Typing your name is your signature: you agree to the waiver for this child for a year."),
        ),
        rx.cond(
            S.errors.contains("waiver"),
            rx.callout(S.errors["waiver"], icon="triangle-alert", color_scheme="red", width="100%"),
        ),
        spacing="2",
        width="100%",
    )


def rsvp_form() -> rx.Component:
    errors = S.errors
    return server_checked_form(
        S.submit,
        answer_choice(),
        labelled_input(_("Child's name"), "child_name", errors, field_id="rsvp-child", max_length=200),
        rx.cond(
            S.attending == "yes",
            rx.vstack(
                labelled_input(
                    _("Child's age"),
                    "child_age",
                    errors,
                    field_id="rsvp-age",
                    type="number",
                    min=0,
                    max=CHILD_AGE_MAX,
                    input_mode="numeric",
                ),
                labelled_text_area(
                    _("Allergies or dietary needs"),
                    "allergies",
                    errors,
                    placeholder=_("e.g. peanuts, gluten, vegetarian (leave empty if none)"),
                    max_length=1000,
                ),
                spacing="3",
                width="100%",
            ),
        ),
        labelled_input(
            _("Your name (parent or guardian)"),
            "guardian_name",
            errors,
            field_id="rsvp-guardian",
            auto_complete="name",
            max_length=200,
        ),
        labelled_input(
            _("Your phone or email"),
            "guardian_contact",
            errors,
            field_id="rsvp-contact",
            auto_complete="tel",
            max_length=254,
            hint=_("Only the venue and the party's parent see your answer; the venue calls you if needed."),
        ),
        rx.cond(S.attending == "yes", waiver_box()),
        form_alert(S.message),
        submit_button(
            rx.cond(S.attending == "yes", _("Send the answer and sign"), _("Send the answer")),
            loading=S.submitting,
            id="rsvp-submit",
        ),
    )


def invitation() -> rx.Component:
    return rx.vstack(
        eyebrow_badge(_("Party invitation")),
        rx.heading(
            rx.cond(S.child_name != "", S.child_name + " · ", "") + _("Birthday party"),
            as_="h1",
            size="7",
        ),
        icon_line("calendar", rx.text(S.when_label, size="3", weight="medium", id="party-when"), spacing="2"),
        muted(_("at {venue}, Novi Beograd").format(venue=VENUE_NAME)),
        rx.cond(
            S.done,
            rx.vstack(
                rx.callout(
                    S.done_message, icon="circle-check", color_scheme="grass", width="100%", id="rsvp-done"
                ),
                rx.button(_("Answer for another child"), variant="soft", on_click=S.answer_another),
                spacing="3",
                width="100%",
            ),
            rsvp_form(),
        ),
        spacing="3",
        width="100%",
    )


def party_invite() -> rx.Component:
    return emailed_link_page(
        S.loaded,
        S.found,
        invitation(),
        dead_link(
            _("This link does not work"),
            S.message,
            rx.link(_("Visit {venue}").format(venue=VENUE_NAME), href=page_href("/")),
        ),
        size="3",
        max_width="560px",
    )
