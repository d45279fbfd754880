"""The settings page's party-day sections: deposits and the waiver."""

import reflex as rx

from xplorium.components.admin_form import field_factory, field_grid
from xplorium.components.admin_layout import alert_actions, end_actions, form_field, kept_form, titled_card
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.settings import DepositSettingsState as D
from xplorium.state.backoffice.settings import WaiverAdminState as W


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
    field = field_factory(D.values, D.errors)
    return kept_form(
        titled_card(
            _("Deposits"),
            muted(
                _(
                    "When an offer needs a deposit, approving its booking emails the parent the amount, "
                    "the due date and an IPS QR code to pay it from any Serbian banking app."
                )
            ),
            field_grid(
                field(_("Days to pay after approval"), "deposit_due_days", type="number", min="0"),
                field(
                    _("Payment code"),
                    "deposit_payment_code",
                    hint=_("e.g. 289 (other transactions)"),
                    max_length=3,
                ),
                field(_("Payee (name and place)"), "deposit_payee", max_length=70),
                field(
                    _("Account number"),
                    "deposit_account",
                    hint=_("18 digits with the bank's code and the control digits."),
                    max_length=24,
                    placeholder="160-0000000123456-54",
                ),
                field(
                    _("Purpose of payment"),
                    "deposit_purpose",
                    hint=_("The booking reference is added after it."),
                    max_length=35,
                ),
                columns=rx.breakpoints(initial="1", md="2"),
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
            end_actions(
                rx.button(
                    rx.icon("save", size=16), _("Save deposit settings"), type="submit", loading=D.saving
                ),
            ),
        ),
        on_submit=D.save,
        key=D.version.to_string(),
    )


def _waiver_text(label: str, name: str, value: rx.Var) -> rx.Component:
    """The waiver's text in one language."""
    return form_field(label, name, rx.text_area(name=name, id=name, default_value=value, rows="6"), W.errors)


def waiver_settings() -> rx.Component:
    return rx.fragment(
        kept_form(
            titled_card(
                _("Waiver"),
                muted(
                    rx.cond(
                        W.number > 0,
                        _("Version ") + W.number.to_string() + _(", published ") + W.published + ".",
                        _("No waiver is published yet: party guests cannot sign one."),
                    ),
                    id="waiver-version",
                ),
                _waiver_text(_("Text in Serbian"), "body_sr", W.body_sr),
                _waiver_text(_("Text in English"), "body_en", W.body_en),
                muted(
                    _(
                        "Signed waivers are never changed: publishing a new version asks every guardian to sign again."
                    ),
                    size="1",
                ),
                end_actions(rx.button(_("Publish as a new version"), type="submit", variant="soft")),
            ),
            on_submit=W.ask_publish,
            key=W.version.to_string(),
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title(_("Publish a new waiver version?")),
                rx.alert_dialog.description(
                    _("Every guardian will be asked to sign it again, even with a signature from this year."),
                    size="2",
                ),
                alert_actions(
                    _("Keep the current one"),
                    rx.button(_("Publish"), on_click=W.publish, loading=W.saving),
                    W.keep,
                ),
                max_width="440px",
            ),
            open=W.confirming,
        ),
    )
