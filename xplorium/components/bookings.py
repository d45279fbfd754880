"""Booking pieces shared by the board, the list and the calendar: badges and the detail panel."""

import reflex as rx

from xplorium.components.badges import BOOKING_STATUS_COLORS
from xplorium.components.forms import form_alert
from xplorium.components.links import page_href
from xplorium.components.loading import spinner_block
from xplorium.components.text import muted
from xplorium.constants import REJECT_REASON_MIN_LENGTH
from xplorium.i18n import N_, _
from xplorium.state.backoffice.bookings import BookingPanelState as P

# The panel's actions: (action, label, icon, colour, variant, the button's id).
PANEL_ACTIONS = (
    ("approve", N_("Approve"), "check", "grass", None, "panel-approve"),
    ("complete", N_("Complete"), "flag", "blue", "soft", None),
    ("mark_paid", N_("Mark paid"), "banknote", "grass", "soft", None),
    ("mark_deposit", N_("Deposit received"), "landmark", "grass", "soft", "panel-deposit"),
    ("reject", N_("Reject"), "x", "red", "soft", "panel-reject"),
    ("cancel", N_("Cancel booking"), "ban", "red", "outline", None),
)
TYPE_ICONS = {
    "PARTY": "cake",
    "PLAYGROUND": "castle",
    "SENSORY_ROOM": "sparkles",
    "CAFE": "coffee",
    "EVENT": "ticket",
}


def status_badge(status) -> rx.Component:
    return rx.match(
        status,
        *(
            (value, rx.badge(value.title(), color_scheme=color, variant="soft", radius="full"))
            for value, color in BOOKING_STATUS_COLORS.items()
        ),
        rx.badge(status, variant="soft"),
    )


def type_icon(booking_type, size: int = 14) -> rx.Component:
    return rx.box(
        rx.match(
            booking_type,
            *((value, rx.icon(icon, size=size)) for value, icon in TYPE_ICONS.items()),
            rx.icon("calendar", size=size),
        ),
        display="inline-flex",
        flex_shrink="0",
        aria_hidden="true",
    )


def _fact(label: str, *value: rx.Component | rx.Var | str) -> rx.Component:
    return rx.vstack(
        muted(label, size="1", weight="medium"),
        rx.text(*value, size="2"),
        spacing="0",
        align="start",
        min_width="0",
    )


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="2", as_="h3", color=rx.color("gray", 11), weight="medium"),
        *children,
        spacing="2",
        width="100%",
        padding="0.9rem",
        border=f"1px solid {rx.color('gray', 4)}",
        border_radius="10px",
        background=rx.color("gray", 1),
    )


def _history_entry(entry) -> rx.Component:
    return rx.hstack(
        rx.box(
            width="9px",
            height="9px",
            border_radius="50%",
            background=rx.color("orange", 9),
            margin_top="5px",
            flex_shrink="0",
        ),
        rx.vstack(
            rx.hstack(
                rx.badge(entry.action, variant="soft", color_scheme="orange", size="1"),
                rx.text(entry.who, size="1", weight="medium"),
                muted(entry.when, size="1"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.foreach(entry.lines, lambda line: muted(line, size="1")),
            spacing="1",
            align="start",
        ),
        spacing="2",
        align="start",
        width="100%",
    )


def _field_error(name: str) -> rx.Component:
    message = P.errors.get(name, "")
    return rx.cond(message != "", rx.text(message, size="1", color=rx.color("red", 11), role="alert"))


def _amount_input(name: str, input_id: str, default) -> rx.Component:
    return rx.input(name=name, id=input_id, default_value=default, inputmode="decimal", width="100%")


def _dialog_fields(*fields: tuple[rx.Var | str, rx.Component, str]) -> rx.Component:
    """A confirmation's fields in one column: each (label, control, error key) as the label
    above its control (the label points at the control's id) and the server's error below."""
    parts = []
    for label, control, error_key in fields:
        parts += [
            rx.el.label(rx.text(label, size="2", weight="medium"), html_for=control.id),
            control,
            _field_error(error_key),
        ]
    return rx.vstack(*parts, spacing="1", width="100%")


def _confirm(
    action: str,
    title: str,
    body: rx.Component | str,
    button: str,
    color: str,
    on_submit,
    *fields: rx.Component,
) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.form(
                rx.vstack(
                    rx.alert_dialog.title(title),
                    rx.alert_dialog.description(body, size="2"),
                    *fields,
                    rx.hstack(
                        rx.button(
                            _("Keep it"),
                            type="button",
                            variant="soft",
                            color_scheme="gray",
                            on_click=P.dismiss,
                        ),
                        rx.button(
                            button, type="submit", color_scheme=color, loading=P.busy, id=f"confirm-{action}"
                        ),
                        spacing="3",
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=on_submit,
                reset_on_submit=False,
            ),
            max_width="480px",
            on_open_auto_focus=rx.call_script("window.xpFocusConfirmation()"),
        ),
        open=P.confirm == action,
        on_open_change=P.confirm_open_change,
    )


def confirmations() -> rx.Component:
    return rx.fragment(
        _confirm(
            "approve",
            _("Approve this booking?"),
            _("The time is held for the parent and they are emailed the confirmation."),
            _("Approve booking"),
            "grass",
            P.approve,
        ),
        _confirm(
            "reject",
            _("Reject this booking?"),
            _("The parent is emailed the reason below. This cannot be undone."),
            _("Reject booking"),
            "red",
            P.reject,
            _dialog_fields(
                (
                    _("Reason for the parent"),
                    rx.text_area(
                        name="reason",
                        id="reject-reason",
                        placeholder=_(
                            "At least {reject_reason_min_length} characters, e.g. the party room is closed for repairs that day."
                        ).format(reject_reason_min_length=REJECT_REASON_MIN_LENGTH),
                        rows="3",
                        width="100%",
                        auto_focus=True,
                    ),
                    "reason",
                ),
            ),
        ),
        _confirm(
            "cancel",
            _("Cancel this booking?"),
            _("The time becomes free again and the parent is emailed. This cannot be undone."),
            _("Cancel booking"),
            "red",
            P.cancel_booking,
            _dialog_fields(
                (
                    _("Reason (optional)"),
                    rx.text_area(name="reason", id="cancel-reason", rows="2", width="100%"),
                    "reason",
                ),
            ),
        ),
        _confirm(
            "complete",
            _("Mark this booking completed?"),
            _("Use this once the visit has taken place. It cannot be undone."),
            _("Mark completed"),
            "blue",
            P.complete,
        ),
        _confirm(
            "mark_paid",
            _("Record the payment"),
            _("The parent is emailed a receipt."),
            _("Mark paid"),
            "grass",
            P.mark_paid,
            _dialog_fields(
                (
                    _("Amount paid (") + P.detail.currency + ")",
                    _amount_input("amount", "paid-amount", P.detail.rest_due),
                    "amount",
                ),
            ),
        ),
        _confirm(
            "mark_deposit",
            _("Record the deposit"),
            _("The amount and the day it reached the venue's account."),
            _("Mark deposit received"),
            "grass",
            P.mark_deposit,
            _dialog_fields(
                (
                    _("Amount received") + " (" + P.detail.currency + ")",
                    _amount_input("deposit_amount", "deposit-amount-input", P.detail.deposit_amount),
                    "deposit_amount",
                ),
                (
                    _("Date received"),
                    rx.input(name="deposit_on", id="deposit-on", type="date", width="100%"),
                    "deposit_on",
                ),
            ),
        ),
    )


def _action_buttons() -> rx.Component:
    """The buttons of what can be done with the booking now (each asks before acting)."""
    return rx.hstack(
        *(
            rx.cond(
                P.detail.actions.contains(action),
                rx.button(
                    rx.icon(icon, size=16),
                    _(label),
                    color_scheme=color,
                    variant=variant,
                    # Approving is the usual next step: it shows the panel is working on it.
                    loading=P.busy if action == "approve" else None,
                    on_click=P.ask(action),
                    id=button_id,
                ),
            )
            for action, label, icon, color, variant, button_id in PANEL_ACTIONS
        ),
        spacing="2",
        wrap="wrap",
    )


def _panel_body() -> rx.Component:
    d = P.detail
    return rx.vstack(
        form_alert(P.message),
        _action_buttons(),
        rx.grid(
            _section(
                _("When"),
                rx.grid(
                    _fact(_("Date"), d.date_long),
                    _fact(_("Time"), d.time_label),
                    _fact(_("Length"), d.duration_label),
                    _fact(_("Guests"), d.guest_count.to_string()),
                    _fact(_("Rooms"), rx.cond(d.rooms != "", d.rooms, _("None held"))),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
            ),
            _section(
                _("Parent"),
                rx.text(d.contact_name, size="3", weight="bold"),
                rx.link(
                    rx.hstack(
                        rx.icon("mail", size=14), rx.text(d.email, size="2"), spacing="2", align="center"
                    ),
                    href="mailto:" + d.email,
                ),
                rx.link(
                    rx.hstack(
                        rx.icon("phone", size=14), rx.text(d.phone, size="2"), spacing="2", align="center"
                    ),
                    href="tel:" + d.phone,
                ),
                muted(
                    rx.cond(d.customer_account, _("Has an account"), _("Guest (no password)")),
                    " · ",
                    d.customer_bookings.to_string(),
                    _(" bookings on record"),
                    rx.cond(d.customer_tier != "", " · " + d.customer_tier, ""),
                    size="1",
                ),
            ),
            rx.cond(
                d.is_party,
                _section(
                    _("Party"),
                    rx.grid(
                        _fact(_("Birthday child"), d.child_name),
                        _fact(_("Age"), d.child_age),
                        _fact(_("Food and drinks"), rx.cond(d.food_and_drinks != "", d.food_and_drinks, "—")),
                        _fact(
                            _("Guests' answers"),
                            rx.link(
                                _("Guest list, allergies and kitchen list"),
                                href=page_href("/admin/party/" + d.id.to_string()),
                                size="2",
                            ),
                        ),
                        columns="2",
                        spacing="3",
                        width="100%",
                    ),
                ),
            ),
            _section(
                _("Price and payment"),
                rx.grid(
                    _fact(_("Quote"), d.price_label),
                    _fact(
                        _("Payment"),
                        rx.cond(
                            d.paid,
                            rx.badge(_("Paid"), color_scheme="grass", variant="soft"),
                            rx.badge(_("Not paid"), color_scheme="gray", variant="soft"),
                        ),
                    ),
                    _fact(_("Amount paid"), rx.cond(d.payment_label != "", d.payment_label, "—")),
                    _fact(_("Paid on"), rx.cond(d.paid_at != "", d.paid_at, "—")),
                    rx.cond(
                        d.deposit_state != "none",
                        _fact(
                            _("Deposit"),
                            rx.match(
                                d.deposit_state,
                                ("received", _("Received: ") + d.deposit_received_label),
                                (
                                    "overdue",
                                    d.deposit_label + _(" overdue since ") + d.deposit_due_label,
                                ),
                                d.deposit_label + _(" due by ") + d.deposit_due_label,
                            ),
                        ),
                    ),
                    rx.cond(
                        d.checked_in_label != "",
                        _fact(_("Arrived"), d.checked_in_label),
                        rx.cond(d.no_show, _fact(_("Arrival"), rx.badge(_("No-show"), color_scheme="red"))),
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            d.special_requests != "",
            _section(_("Parent's requests"), rx.text(d.special_requests, size="2", white_space="pre-wrap")),
        ),
        rx.cond(
            d.reject_reason != "",
            _section(_("Reason given to the parent"), rx.text(d.reject_reason, size="2")),
        ),
        _section(
            _("Staff notes (never shown to the parent)"),
            rx.form(
                rx.vstack(
                    rx.el.label(
                        rx.text(_("Notes"), size="1", weight="medium"),
                        html_for="admin-notes",
                        class_name="sr-only",
                    ),
                    rx.text_area(
                        name="admin_notes",
                        id="admin-notes",
                        default_value=d.admin_notes,
                        key=d.reference + d.updated_label,
                        rows="3",
                        width="100%",
                        placeholder=_("Allergies, who to call, deposit agreed…"),
                    ),
                    _field_error("admin_notes"),
                    rx.button(_("Save notes"), size="1", variant="soft", type="submit", loading=P.busy),
                    spacing="2",
                    align="end",
                    width="100%",
                ),
                on_submit=P.save_notes,
                reset_on_submit=False,
                width="100%",
            ),
        ),
        _section(
            _("History"),
            rx.cond(
                d.history.length() > 0,
                rx.vstack(rx.foreach(d.history, _history_entry), spacing="3", width="100%"),
                muted(_("No changes recorded yet.")),
            ),
        ),
        muted(_("Received ") + d.created_label + _(" · updated ") + d.updated_label, size="1"),
        spacing="3",
        width="100%",
    )


def booking_panel() -> rx.Component:
    """The booking detail, opened from any back-office booking screen."""
    return rx.fragment(
        rx.dialog.root(
            rx.dialog.content(
                rx.vstack(
                    rx.hstack(
                        rx.vstack(
                            rx.hstack(
                                rx.dialog.title(P.detail.reference, margin="0", size="5"),
                                status_badge(P.detail.status),
                                rx.badge(
                                    type_icon(P.detail.type),
                                    P.detail.type_label,
                                    variant="outline",
                                    color_scheme="gray",
                                ),
                                spacing="2",
                                align="center",
                                wrap="wrap",
                            ),
                            rx.dialog.description(
                                P.detail.date_long + " · " + P.detail.time_label,
                                size="2",
                                color=rx.color("gray", 11),
                            ),
                            spacing="1",
                            align="start",
                        ),
                        rx.spacer(),
                        rx.dialog.close(
                            rx.icon_button(
                                rx.icon("x", size=18),
                                variant="ghost",
                                color_scheme="gray",
                                aria_label=_("Close"),
                            )
                        ),
                        width="100%",
                        align="start",
                    ),
                    rx.cond(
                        P.loading,
                        spinner_block("3rem", width="100%"),
                        _panel_body(),
                    ),
                    spacing="4",
                    width="100%",
                ),
                max_width="760px",
                width="96vw",
                id="booking-panel",
                on_close_auto_focus=rx.call_script("window.xpRestoreFocus()"),
            ),
            open=P.open,
            on_open_change=P.set_open,
        ),
        confirmations(),
    )
