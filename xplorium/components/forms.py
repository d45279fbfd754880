"""Form building blocks: labelled inputs with their error beside them, and the auth page frame."""

import reflex as rx
from reflex_base.vars.base import Var

from xplorium.components.cards import narrow_card
from xplorium.components.layout import page
from xplorium.components.text import muted
from xplorium.constants import PASSWORD_MIN_LENGTH
from xplorium.i18n import N_, _

PASSWORD_HINT = N_("At least {count} characters, with lower and upper case letters, a digit and a symbol.")


def field_error(message: Var | str, field_id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.hstack(
            rx.icon("circle-alert", size=14, color=rx.color("red", 11), flex_shrink="0", margin_top="2px"),
            rx.text(message, size="2", color=rx.color("red", 11)),
            id=f"{field_id}-error",
            role="alert",
            spacing="1",
            align="start",
        ),
    )


def text_field(
    label: str,
    name: str,
    *,
    error: Var | str = "",
    type: str = "text",
    hint: str = "",
    auto_complete: str | None = None,
    default_value: Var | str | None = None,
    placeholder: str = "",
    input_mode: str | None = None,
    field_id: str | None = None,
) -> rx.Component:
    """A label, an input and (when there is one) the error message right under it."""
    field_id = field_id or name
    described_by = " ".join(
        part for part in (f"{field_id}-hint" if hint else "", f"{field_id}-error") if part
    )
    props = {}
    if auto_complete:
        props["auto_complete"] = auto_complete
    if default_value is not None:
        props["default_value"] = default_value
    if input_mode:
        props["input_mode"] = input_mode
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="xp-label"),
        rx.input(
            id=field_id,
            name=name,
            type=type,
            placeholder=placeholder,
            size="3",
            width="100%",
            aria_describedby=described_by,
            aria_invalid=rx.cond(error != "", "true", "false"),
            color_scheme=rx.cond(error != "", "red", "orange"),
            **props,
        ),
        rx.cond(hint != "", muted(hint, id=f"{field_id}-hint", size="1")),
        field_error(error, field_id),
        spacing="1",
        width="100%",
    )


def email_field(error: Var | str, *, field_id: str) -> rx.Component:
    return text_field(
        _("Email"),
        "email",
        type="email",
        error=error,
        auto_complete="email",
        placeholder="name@example.com",
        field_id=field_id,
    )


def password_field(label: str, name: str, *, error: Var | str, field_id: str, new: bool) -> rx.Component:
    """A password input; a new password gets the policy as its hint and the browser's generator."""
    return text_field(
        label,
        name,
        type="password",
        error=error,
        auto_complete="new-password" if new else "current-password",
        hint=_(PASSWORD_HINT).format(count=PASSWORD_MIN_LENGTH) if new else "",
        field_id=field_id,
    )


def checkbox_field(
    label: rx.Component | str, name: str, *, error: Var | str = "", default_checked=False
) -> rx.Component:
    field_id = name
    return rx.vstack(
        rx.el.label(
            rx.checkbox(
                id=field_id,
                name=name,
                default_checked=default_checked,
                size="2",
                aria_describedby=f"{field_id}-error",
                margin_top="3px",
            ),
            rx.text(label, size="2"),
            html_for=field_id,
            class_name="xp-check",
        ),
        field_error(error, field_id),
        spacing="1",
        width="100%",
    )


def bare_fieldset(legend: rx.Component, *children: rx.Component, **props) -> rx.Component:
    """A fieldset without the browser's frame: it groups the controls under their legend."""
    return rx.el.fieldset(legend, *children, border="none", padding="0", margin="0", **props)


def form_alert(message: Var | str, *, color: str = "red", icon: str = "triangle-alert") -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon=icon, color_scheme=color, role="alert", width="100%"),
    )


def wide_button(label: rx.Component | Var | str, *, loading: Var | bool, **props) -> rx.Component:
    """The main action of a form or card: a full-width button that spins while `loading`."""
    return rx.button(label, loading=loading, **{"size": "3", "width": "100%", **props})


def submit_button(label: str | Var, *, loading: Var | bool, loading_label: str = "", **props) -> rx.Component:
    """Disabled until the page is connected: a form submitted before Reflex takes over would
    be sent by the browser itself, as a GET with every field (a password!) in the URL."""
    return wide_button(
        rx.cond(loading, loading_label, label) if loading_label else label,
        loading=loading,
        type="submit",
        disabled=loading | ~rx.State.is_hydrated,
        **{"color_scheme": "orange", **props},
    )


def server_checked_form(on_submit, *children: rx.Component, spacing: str = "4", **props) -> rx.Component:
    """A form whose fields keep their values and show the server's messages beside them."""
    return rx.form(
        rx.vstack(*children, spacing=spacing, width="100%"),
        on_submit=on_submit,
        reset_on_submit=False,
        # Server-side messages beside the fields instead of the browser's own bubbles.
        no_validate=True,
        width="100%",
        **props,
    )


def auth_page(title: str, subtitle: rx.Component | str, *children: rx.Component) -> rx.Component:
    """A centered card on a soft background, used by sign-in, sign-up and reset."""
    return page(
        rx.center(
            narrow_card(
                rx.vstack(
                    rx.heading(title, size="7", as_="h1"),
                    muted(subtitle, size="3") if isinstance(subtitle, str) else subtitle,
                    spacing="2",
                    width="100%",
                ),
                *children,
                spacing="5",
                max_width="460px",
            ),
            padding_x="1rem",
            padding_y=rx.breakpoints(initial="2rem", md="4rem"),
            width="100%",
            background=f"linear-gradient(160deg, {rx.color('orange', 2)} 0%, {rx.color('gray', 1)} 55%)",
            min_height="70vh",
        )
    )
