"""/admin/security: two-factor sign-in and the open sessions of the signed-in staff member."""

import reflex as rx

from xplorium.components.admin_layout import admin_page, titled_card
from xplorium.components.admin_list import data_table
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.services.accounts import SessionLine
from xplorium.state.backoffice.security import SecurityState as S


def code_form(on_submit, label: str, button: str, form_id: str) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label(rx.text(label, size="2", weight="medium"), html_for=f"{form_id}-code"),
            rx.input(
                id=f"{form_id}-code",
                name="code",
                auto_complete="one-time-code",
                input_mode="numeric",
                max_length=12,
                width="12rem",
            ),
            rx.cond(
                S.code_error != "", rx.text(S.code_error, color=rx.color("red", 11), size="1", role="alert")
            ),
            rx.button(button, type="submit", loading=S.busy),
            spacing="2",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        id=form_id,
    )


def recovery_codes() -> rx.Component:
    return rx.vstack(
        rx.callout(
            _(
                "Your recovery codes. Each signs you in once if you lose your phone. Save them now (print them, "
                "or keep them in a password manager): they are shown only this once."
            ),
            icon="key-round",
            color_scheme="green",
            width="100%",
        ),
        rx.grid(rx.foreach(S.recovery_codes, lambda c: rx.code(c, size="3")), columns="2", spacing="2"),
        rx.button(_("I have saved them"), on_click=S.hide_codes, variant="soft"),
        spacing="3",
        width="100%",
        id="recovery-codes",
    )


def enrolment() -> rx.Component:
    return rx.vstack(
        rx.text(_("Scan this code with your authenticator app, then enter the 6-digit code it shows.")),
        rx.image(src=S.enrol_qr, alt=_("QR code for your authenticator app"), width="220px"),
        rx.text(_("Can't scan it? Enter this key in the app: "), rx.code(S.enrol_secret), size="2"),
        code_form(S.confirm_enrolment, _("Code from the app"), _("Turn on two-factor sign-in"), "enrol"),
        spacing="3",
    )


def two_factor_card() -> rx.Component:
    return titled_card(
        _("Two-factor sign-in"),
        rx.cond(S.recovery_codes.length() > 0, recovery_codes()),
        rx.cond(
            S.two_factor_on,
            rx.vstack(
                rx.callout(
                    rx.text(
                        _("On: every sign-in asks for a code from your app. Recovery codes left: "),
                        rx.text.strong(S.recovery_left),
                        ".",
                    ),
                    icon="shield-check",
                    color_scheme="green",
                ),
                code_form(S.renew_codes, _("Current code"), _("Make new recovery codes"), "renew"),
                rx.cond(
                    ~S.two_factor_required,
                    code_form(S.turn_off, _("Current code"), _("Turn off two-factor sign-in"), "turn-off"),
                    muted(_("Your role requires two-factor sign-in.")),
                ),
                spacing="4",
            ),
            rx.cond(
                S.enrol_qr != "",
                enrolment(),
                rx.vstack(
                    rx.text(_("Off: signing in needs only your password.")),
                    rx.button(_("Set up two-factor sign-in"), on_click=S.start_enrolment),
                    spacing="3",
                ),
            ),
        ),
    )


def session_row(line: SessionLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.device, max_width="28rem"),
        rx.table.cell(line.ip),
        rx.table.cell(line.started),
        rx.table.cell(line.last_seen),
        rx.table.cell(rx.cond(line.current, rx.badge(_("This browser"), color_scheme="green"), "")),
    )


def sessions_card() -> rx.Component:
    return titled_card(
        _("Where you are signed in"),
        data_table(
            (
                _("Browser"),
                _("Address"),
                _("Signed in"),
                _("Last active"),
                rx.table.column_header_cell(rx.el.span(_("This browser"), class_name="sr-only")),
            ),
            S.sessions,
            session_row,
            variant="surface",
            size="1",
            id="sessions",
        ),
        rx.button(
            _("Sign out everywhere else"),
            on_click=S.sign_out_others,
            color_scheme="red",
            variant="soft",
            disabled=S.sessions.length() <= 1,
            id="sign-out-others",
        ),
    )


def security() -> rx.Component:
    return admin_page(
        _("Security"),
        rx.cond(S.loaded, rx.vstack(two_factor_card(), sessions_card(), spacing="5", width="100%")),
        active="/admin/security",
    )
