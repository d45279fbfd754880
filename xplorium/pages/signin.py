"""Sign in (/signin), sign up (/signup) and password reset (/reset, /reset/new)."""

import reflex as rx

from xplorium.components.forms import (
    auth_page,
    checkbox_field,
    email_field,
    form_alert,
    password_field,
    server_checked_form,
    submit_button,
    text_field,
    wide_button,
)
from xplorium.components.layout import sign_out_button
from xplorium.components.links import link_button, page_href
from xplorium.components.loading import spinner_block
from xplorium.components.public import button_row
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.account import ResetPasswordState, ResetRequestState, SignInState, SignUpState
from xplorium.state.auth import AuthState


def _muted_link(text: str, label: str, href: str) -> rx.Component:
    return muted(
        text + " ",
        rx.link(label, href=page_href(href), color=rx.color("orange", 11), weight="medium"),
        text_align="center",
        width="100%",
    )


def _email_sent(message: rx.Var, text: str, label: str, href: str) -> rx.Component:
    """What a form that emails a link shows once it is sent, and where to go next."""
    return rx.vstack(
        rx.callout(message, icon="mail", color_scheme="green", width="100%", role="status"),
        _muted_link(text, label, href),
        spacing="4",
        width="100%",
    )


def _expired_link(text: str) -> rx.Component:
    return rx.callout(text, icon="clock", color_scheme="amber", width="100%")


def already_signed_in() -> rx.Component:
    return rx.vstack(
        rx.callout(
            rx.text(_("You're signed in as "), rx.text.strong(AuthState.user_name), "."),
            icon="circle-check",
            color_scheme="green",
            width="100%",
        ),
        button_row(
            rx.cond(
                AuthState.is_staff,
                rx.link(rx.button(_("Open the back office"), size="3"), href=page_href("/admin")),
                rx.link(rx.button(_("Go to my profile"), size="3"), href=page_href("/profile")),
            ),
            sign_out_button("/signin", size="3"),
        ),
        spacing="4",
        width="100%",
    )


def signin_form() -> rx.Component:
    return server_checked_form(
        SignInState.submit,
        form_alert(SignInState.notice, color="green", icon="circle-check"),
        form_alert(SignInState.form_error),
        email_field(SignInState.email_error, field_id="signin-email"),
        password_field(
            _("Password"), "password", error=SignInState.password_error, field_id="signin-password", new=False
        ),
        rx.link(_("Forgot your password?"), href=page_href("/reset"), size="2", color=rx.color("orange", 11)),
        submit_button(_("Sign in"), loading=SignInState.submitting, loading_label=_("Signing in…")),
        _muted_link(_("New here?"), _("Create an account"), "/signup"),
    )


def enrolment_help() -> rx.Component:
    return rx.vstack(
        rx.callout(
            _(
                "Your account needs two-factor sign-in. Scan this code with an authenticator app "
                "(Google Authenticator, Microsoft Authenticator, 1Password, ...), then enter the code it shows."
            ),
            icon="shield-check",
            color_scheme="orange",
            width="100%",
        ),
        rx.center(
            rx.image(src=SignInState.enrol_qr, alt=_("QR code for your authenticator app"), width="220px"),
            width="100%",
        ),
        muted(
            _("Can't scan it? Enter this key in the app: "),
            rx.code(SignInState.enrol_secret, id="two-factor-secret"),
        ),
        spacing="3",
        width="100%",
    )


def code_form() -> rx.Component:
    return server_checked_form(
        SignInState.submit_code,
        rx.cond(SignInState.enrol_secret != "", enrolment_help()),
        text_field(
            _("Code from your authenticator app"),
            "code",
            error=SignInState.code_error,
            auto_complete="one-time-code",
            input_mode="numeric",
            hint=_("6 digits. No phone? Enter one of your recovery codes instead."),
            field_id="two-factor-code",
        ),
        submit_button(_("Continue"), loading=SignInState.submitting, loading_label=_("Checking…")),
        rx.button(
            _("Use another account"),
            type="button",
            variant="ghost",
            on_click=SignInState.start_over,
            width="100%",
        ),
    )


def recovery_codes_panel() -> rx.Component:
    return rx.vstack(
        rx.callout(
            _(
                "Two-factor sign-in is on. Keep these recovery codes somewhere safe (printed, or in a password "
                "manager): each one signs you in once if you lose your phone. They are shown only now."
            ),
            icon="key-round",
            color_scheme="green",
            width="100%",
        ),
        rx.grid(
            rx.foreach(SignInState.recovery_codes, lambda code: rx.code(code, size="3")),
            columns="2",
            spacing="2",
            id="recovery-codes",
            width="100%",
        ),
        wide_button(
            _("I have saved them — continue"),
            loading=SignInState.submitting,
            on_click=SignInState.finish_enrolment,
        ),
        spacing="4",
        width="100%",
    )


def signin() -> rx.Component:
    return auth_page(
        _("Sign in"),
        _("Parents and staff sign in here to see bookings, points and the back office."),
        rx.cond(
            AuthState.signed_in,
            already_signed_in(),
            rx.cond(
                SignInState.recovery_codes.length() > 0,
                recovery_codes_panel(),
                rx.cond(SignInState.second_step, code_form(), signin_form()),
            ),
        ),
    )


def signup_form() -> rx.Component:
    return server_checked_form(
        SignUpState.submit,
        form_alert(SignUpState.form_error),
        text_field(
            _("Your name"),
            "name",
            error=SignUpState.name_error,
            auto_complete="name",
            field_id="signup-name",
        ),
        email_field(SignUpState.email_error, field_id="signup-email"),
        password_field(
            _("Password"), "password", error=SignUpState.password_error, field_id="signup-password", new=True
        ),
        checkbox_field(
            rx.fragment(
                _("I have read and accept the "),
                rx.link(_("privacy policy"), href=page_href("/privacy"), color=rx.color("orange", 11)),
                ".",
            ),
            "accept_privacy",
            error=SignUpState.privacy_error,
        ),
        checkbox_field(
            _("Send me news about events and offers (you can stop any time)."), "marketing_opt_in"
        ),
        submit_button(
            _("Create account"), loading=SignUpState.submitting, loading_label=_("Creating your account…")
        ),
        _muted_link(_("Already have an account?"), _("Sign in"), "/signin"),
    )


def check_email_panel() -> rx.Component:
    return _email_sent(SignUpState.sent_message, _("Already done?"), _("Sign in"), "/signin")


def signup() -> rx.Component:
    return auth_page(
        _("Create an account"),
        _("See your bookings and loyalty points in one place, and book faster next time."),
        rx.cond(
            AuthState.signed_in,
            already_signed_in(),
            rx.cond(SignUpState.check_email, check_email_panel(), signup_form()),
        ),
    )


def reset_request() -> rx.Component:
    return auth_page(
        _("Reset your password"),
        _("Enter the email you signed up with and we'll send you a link to choose a new password."),
        rx.cond(
            ResetRequestState.expired,
            _expired_link(_("That reset link has expired or was already used. Ask for a new one below.")),
        ),
        rx.cond(
            ResetRequestState.sent_message != "",
            _email_sent(ResetRequestState.sent_message, _("Remembered it?"), _("Back to sign in"), "/signin"),
            server_checked_form(
                ResetRequestState.submit,
                form_alert(ResetRequestState.form_error),
                email_field(ResetRequestState.email_error, field_id="reset-email"),
                submit_button(
                    _("Send reset link"), loading=ResetRequestState.submitting, loading_label=_("Sending…")
                ),
                _muted_link(_("Remembered it?"), _("Back to sign in"), "/signin"),
            ),
        ),
    )


def reset_new() -> rx.Component:
    return auth_page(
        _("Choose a new password"),
        _("After this, every device signed in to your account is signed out."),
        rx.cond(
            ResetPasswordState.loaded,
            rx.cond(
                ResetPasswordState.link_valid,
                server_checked_form(
                    ResetPasswordState.submit,
                    form_alert(ResetPasswordState.form_error),
                    password_field(
                        _("New password"),
                        "password",
                        error=ResetPasswordState.password_error,
                        field_id="reset-password",
                        new=True,
                    ),
                    submit_button(
                        _("Save new password"),
                        loading=ResetPasswordState.submitting,
                        loading_label=_("Saving…"),
                    ),
                ),
                rx.vstack(
                    _expired_link(_("This reset link has expired or was already used.")),
                    link_button(_("Ask for a new link"), href=page_href("/reset"), size="3", width="100%"),
                    spacing="4",
                    width="100%",
                ),
            ),
            spinner_block("2rem", width="100%"),
        ),
    )
