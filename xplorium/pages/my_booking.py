"""/profile/bookings/<reference>: a parent's own booking, its deposit and the party's guests."""

import reflex as rx

from xplorium.components.cards import column_card, titled_card
from xplorium.components.dialogs import confirm_dialog
from xplorium.components.links import page_href
from xplorium.components.public import column_page, dead_link
from xplorium.components.text import muted, rsvp_counts
from xplorium.i18n import _
from xplorium.state.my_booking import MyBookingState as S


def fact(label: str, value, field_id: str = "") -> rx.Component:
    """One row of the payment order: its label in a narrow column, the value beside it."""
    return rx.hstack(
        muted(label, width="7.5rem", flex_shrink="0"),
        rx.text(value, size="2", weight="medium", id=field_id or None, word_break="break-word", flex="1"),
        spacing="2",
        align="start",
        width="100%",
    )


def deposit_card() -> rx.Component:
    d = S.deposit
    return titled_card(
        _("Deposit"),
        rx.cond(
            S.deposit_paid,
            rx.callout(
                _("Received, thank you: ") + d["received_label"],
                icon="circle-check",
                color_scheme="grass",
                width="100%",
            ),
            rx.vstack(
                rx.text(
                    _("Please pay "),
                    rx.text.strong(d["amount_label"], id="deposit-amount"),
                    _(" by "),
                    rx.text.strong(d["due_label"], id="deposit-due"),
                    _(". The rest is paid on the day."),
                    size="3",
                ),
                rx.cond(
                    d["qr"] != "",
                    rx.flex(
                        rx.image(
                            src=d["qr"],
                            alt=_("IPS QR code for paying the deposit"),
                            width="220px",
                            height="220px",
                            id="deposit-qr",
                        ),
                        rx.vstack(
                            rx.text(
                                _("Scan it with your bank's app (IPS pay), or pay by hand:"),
                                size="2",
                            ),
                            fact(_("Payee"), d["payee"]),
                            fact(_("Account"), d["account"], "deposit-account"),
                            fact(_("Amount"), d["amount_label"]),
                            fact(_("Payment code"), d["payment_code"]),
                            fact(_("Model"), d["model"]),
                            fact(_("Reference"), d["payment_reference"], "deposit-reference"),
                            fact(_("Purpose"), d["purpose"]),
                            spacing="1",
                            min_width="0",
                        ),
                        gap="4",
                        wrap="wrap",
                        align="start",
                    ),
                    rx.text(_("The venue will send you the payment details."), size="2"),
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )


def guest_row(guest) -> rx.Component:
    return column_card(
        rx.hstack(
            rx.text(guest["child_name"], weight="bold"),
            rx.badge(
                guest["answer"],
                color_scheme=rx.cond(guest["attending"] == "True", "grass", "gray"),
                variant="soft",
            ),
            justify="between",
            width="100%",
        ),
        rx.cond(guest["child_age"] != "", rx.text(_("Age: "), guest["child_age"], size="2")),
        rx.cond(guest["allergies"] != "", rx.text(_("Allergies: "), guest["allergies"], size="2")),
        muted(_("Answered by "), guest["guardian_name"], size="1"),
        rx.cond(guest["waiver"] != "", rx.text(_("Waiver: "), guest["waiver"], size="1")),
        spacing="1",
    )


def revoke_dialog() -> rx.Component:
    return confirm_dialog(
        _("Turn off the party link?"),
        _("Families who have not answered yet will not be able to. You can make a new link later."),
        keep_label=_("Keep the link"),
        on_keep=S.keep_link,
        confirm_label=_("Turn it off"),
        on_confirm=S.revoke_link,
        working=S.working,
        is_open=S.confirm_revoke,
    )


def party_card() -> rx.Component:
    return titled_card(
        _("Guest list"),
        rx.cond(
            S.link != "",
            rx.vstack(
                rx.text(
                    _(
                        "Share this private link with the families you invite. Each answers for their "
                        "child, tells us about allergies and signs the waiver."
                    ),
                    size="2",
                ),
                rx.el.label(rx.text(_("Party link"), size="2", weight="medium"), html_for="party-link"),
                rx.input(value=S.link, read_only=True, id="party-link", width="100%", size="3"),
                rx.flex(
                    rx.button(
                        rx.icon("copy", size=16),
                        _("Copy link"),
                        on_click=[rx.set_clipboard(S.link), S.copied],
                        size="2",
                    ),
                    rx.button(
                        _("New link"), variant="soft", on_click=S.renew_link, loading=S.working, size="2"
                    ),
                    rx.button(
                        _("Turn off"), variant="soft", color_scheme="red", on_click=S.ask_revoke, size="2"
                    ),
                    gap="2",
                    wrap="wrap",
                ),
                spacing="2",
                width="100%",
            ),
            rx.vstack(
                rx.text(_("The party link is off."), size="2"),
                rx.button(_("Make a new link"), on_click=S.renew_link, loading=S.working, size="2"),
                spacing="2",
            ),
        ),
        rx.separator(size="4"),
        rx.text(
            rsvp_counts(S),
            size="3",
            weight="medium",
            id="party-counts",
        ),
        rx.cond(
            S.waivers_missing > 0,
            rx.text(
                S.waivers_missing.to_string() + " " + _("waivers still to sign"),
                size="2",
                color=rx.color("amber", 11),
            ),
        ),
        rx.cond(
            S.guests.length() > 0,
            rx.vstack(rx.foreach(S.guests, guest_row), spacing="2", width="100%", id="party-guests"),
            muted(_("No answers yet.")),
        ),
        rx.cond(
            S.coming > 0,
            rx.flex(
                rx.text(
                    _("The booking is for ") + S.guest_count.to_string() + _(" guests."),
                    size="2",
                ),
                rx.button(
                    _("Set the guest count to the children coming"),
                    variant="soft",
                    size="2",
                    on_click=S.apply_count,
                    loading=S.working,
                    disabled=S.coming == S.guest_count,
                ),
                gap="2",
                align="center",
                wrap="wrap",
            ),
        ),
    )


def content() -> rx.Component:
    b = S.booking
    return rx.vstack(
        rx.link(_("← My profile"), href=page_href("/profile"), size="2"),
        rx.heading(b["type_label"] + " · " + b["reference"], as_="h1", size="7"),
        rx.text(b["date_label"] + ", " + b["time_label"], size="3"),
        muted(b["status_label"] + " · " + b["guest_count"] + " " + _("guests")),
        rx.cond(S.has_deposit, deposit_card()),
        rx.cond(S.is_party, party_card()),
        revoke_dialog(),
        spacing="4",
        width="100%",
    )


def my_booking() -> rx.Component:
    return column_page(
        S.loaded,
        rx.cond(
            S.found,
            content(),
            dead_link(
                _("Booking not found"),
                S.message,
                rx.link(_("Back to my profile"), href=page_href("/profile")),
            ),
        ),
        max_width="760px",
    )
