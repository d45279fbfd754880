"""The settings page's party-day sections: deposits and the waiver."""

import reflex as rx

from xplorium.components.admin_layout import form_field, section_card
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.settings import DepositSettingsState as D
from xplorium.state.backoffice.settings import WaiverAdminState as W


def _text(name: str, **props) -> rx.Component:
    return rx.input(name=name, id=name, default_value=D.values[name], **props)


def package_row(package) -> rx.Component:
    pid = package["id"].to(str)
    return rx.flex(
        rx.text(package["name"], size="2", weight="medium", min_width="10rem", flex="1"),
        rx.el.select(
            rx.el.option(_("No deposit"), value="none"),
            rx.el.option(_("Share of the price (%)"), value="percent"),
            rx.el.option(_("Fixed amount (RSD)"), value="fixed"),
            name="kind_" + pid,
            id="kind_" + pid,
            default_value=package["kind"],
            class_name="xp-select",
            aria_label=_("Deposit of ") + package["name"].to(str),
        ),
        rx.input(
            name="value_" + pid,
            default_value=package["value"],
            inputmode="decimal",
            width="8rem",
            aria_label=_("Share or amount for ") + package["name"].to(str),
        ),
        rx.cond(
            D.errors.contains("package." + pid),
            rx.text(
                D.errors["package." + pid], color=rx.color("red", 11), size="1", role="alert", width="100%"
            ),
        ),
        gap="2",
        align="center",
        wrap="wrap",
        width="100%",
    )


def deposit_settings() -> rx.Component:
    errors = D.errors
    return rx.form(
        section_card(
            rx.heading(_("Deposits"), size="4", as_="h2"),
            muted(
                _(
                    "When an offer needs a deposit, approving its booking emails the parent the amount, "
                    "the due date and an IPS QR code to pay it from any Serbian banking app."
                )
            ),
            rx.grid(
                form_field(
                    _("Days to pay after approval"),
                    "deposit_due_days",
                    _text("deposit_due_days", type="number", min="0"),
                    errors,
                ),
                form_field(
                    _("Payment code"),
                    "deposit_payment_code",
                    _text("deposit_payment_code", max_length=3),
                    errors,
                    hint=_("e.g. 289 (other transactions)"),
                ),
                form_field(
                    _("Payee (name and place)"),
                    "deposit_payee",
                    _text("deposit_payee", max_length=70),
                    errors,
                ),
                form_field(
                    _("Account number"),
                    "deposit_account",
                    _text("deposit_account", max_length=24, placeholder="160-0000000123456-54"),
                    errors,
                    hint=_("18 digits with the bank's code and the control digits."),
                ),
                form_field(
                    _("Purpose of payment"),
                    "deposit_purpose",
                    _text("deposit_purpose", max_length=35),
                    errors,
                    hint=_("The booking reference is added after it."),
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            rx.el.label(
                rx.hstack(
                    rx.checkbox(
                        name="deposit_auto_cancel",
                        default_checked=D.auto_cancel,
                        id="deposit_auto_cancel",
                        aria_label=_("Cancel overdue bookings automatically"),
                    ),
                    rx.text(
                        _(
                            "Cancel a booking automatically when its deposit is overdue (the parent is emailed)"
                        ),
                        size="2",
                    ),
                    spacing="2",
                    align="center",
                ),
            ),
            rx.heading(_("Offers that need a deposit"), size="3", as_="h3"),
            rx.vstack(rx.foreach(D.packages, package_row), spacing="2", width="100%"),
            rx.hstack(
                rx.button(
                    rx.icon("save", size=16), _("Save deposit settings"), type="submit", loading=D.saving
                ),
                justify="end",
                width="100%",
            ),
        ),
        on_submit=D.save,
        key=D.version.to_string(),
        reset_on_submit=False,
        width="100%",
    )


def waiver_settings() -> rx.Component:
    return rx.fragment(
        rx.form(
            section_card(
                rx.heading(_("Waiver"), size="4", as_="h2"),
                muted(
                    rx.cond(
                        W.number > 0,
                        _("Version ") + W.number.to_string() + _(", published ") + W.published + ".",
                        _("No waiver is published yet: party guests cannot sign one."),
                    ),
                    id="waiver-version",
                ),
                form_field(
                    _("Text in Serbian"),
                    "body_sr",
                    rx.text_area(name="body_sr", id="body_sr", default_value=W.body_sr, rows="6"),
                    W.errors,
                ),
                form_field(
                    _("Text in English"),
                    "body_en",
                    rx.text_area(name="body_en", id="body_en", default_value=W.body_en, rows="6"),
                    W.errors,
                ),
                muted(
                    _(
                        "Signed waivers are never changed: publishing a new version asks every guardian to sign again."
                    ),
                    size="1",
                ),
                rx.hstack(
                    rx.button(_("Publish as a new version"), type="submit", variant="soft"),
                    justify="end",
                    width="100%",
                ),
            ),
            on_submit=W.ask_publish,
            key=W.version.to_string(),
            reset_on_submit=False,
            width="100%",
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title(_("Publish a new waiver version?")),
                rx.alert_dialog.description(
                    _("Every guardian will be asked to sign it again, even with a signature from this year."),
                    size="2",
                ),
                rx.hstack(
                    rx.alert_dialog.cancel(
                        rx.button(
                            _("Keep the current one"), variant="soft", color_scheme="gray", on_click=W.keep
                        )
                    ),
                    rx.button(_("Publish"), on_click=W.publish, loading=W.saving),
                    spacing="3",
                    justify="end",
                    margin_top="1rem",
                ),
                max_width="440px",
            ),
            open=W.confirming,
        ),
    )
