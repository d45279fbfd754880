"""/admin/party/<booking id>: a party's guest answers, allergy summary and printable kitchen list."""

import reflex as rx

from xplorium.components.admin_layout import admin_page, empty_state, loading_rows, section_card
from xplorium.components.admin_list import compact_table
from xplorium.components.text import muted, rsvp_counts
from xplorium.i18n import _
from xplorium.state.backoffice.party import PartyGuestsAdminState as S


def guest_row(guest) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(guest["child_name"], weight="medium")),
        rx.table.cell(guest["answer"]),
        rx.table.cell(guest["child_age"]),
        rx.table.cell(rx.text(guest["allergies"], color=rx.color("red", 11))),
        rx.table.cell(guest["guardian_name"]),
        rx.table.cell(guest["guardian_contact"]),
        rx.table.cell(
            rx.badge(
                guest["waiver"],
                color_scheme=rx.cond(guest["waiver_ok"] == "True", "grass", "amber"),
                variant="soft",
            )
        ),
    )


def guests_table() -> rx.Component:
    return compact_table(
        (
            _("Child"),
            _("Answer"),
            _("Age"),
            _("Allergies or diet"),
            _("Guardian"),
            _("Contact"),
            _("Waiver"),
        ),
        S.guests,
        guest_row,
    )


def kitchen_list() -> rx.Component:
    return rx.box(
        rx.heading(_("Kitchen list"), as_="h2", size="4"),
        muted(S.reference + " · " + S.title + " · " + S.when_label),
        rx.text(S.coming.to_string() + " " + _("children coming"), size="3", weight="medium"),
        rx.cond(
            S.kitchen.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.kitchen,
                    lambda k: rx.el.li(
                        rx.text.strong(k["child_name"]), " (", k["child_age"], "): ", k["allergies"]
                    ),
                ),
                id="kitchen-list",
                style={"padding_left": "1.25rem"},
            ),
            rx.text(_("No allergies or dietary needs were given."), size="2"),
        ),
        class_name="print-area",
        width="100%",
    )


def admin_party() -> rx.Component:
    return admin_page(
        _("Party guests"),
        loading_rows(S.loading),
        rx.cond(
            S.found,
            rx.fragment(
                section_card(
                    rx.hstack(
                        rx.heading(S.reference, as_="h2", size="5"),
                        rx.text(S.when_label, size="2"),
                        spacing="3",
                        align="baseline",
                        wrap="wrap",
                    ),
                    rx.text(
                        rsvp_counts(S) + " · " + S.waivers_missing.to_string() + " " + _("waivers missing"),
                        size="2",
                        id="party-summary",
                    ),
                    rx.cond(
                        S.allergies.length() > 0,
                        rx.hstack(
                            rx.text(_("Allergy summary:"), size="2", weight="medium"),
                            rx.foreach(
                                S.allergies,
                                lambda a: rx.badge(
                                    a["need"], " × ", a["count"], color_scheme="red", variant="soft"
                                ),
                            ),
                            wrap="wrap",
                            spacing="2",
                            id="allergy-summary",
                        ),
                    ),
                    rx.cond(
                        S.guests.length() > 0,
                        guests_table(),
                        empty_state(
                            "users", _("No answers yet"), _("Answers through the party link appear here.")
                        ),
                    ),
                ),
                section_card(
                    kitchen_list(),
                    rx.button(
                        rx.icon("printer", size=16),
                        _("Print the kitchen list"),
                        on_click=S.print_kitchen_list,
                        class_name="no-print",
                        variant="soft",
                    ),
                ),
            ),
            rx.cond(
                ~S.loading, empty_state("users", _("Party not found"), _("Open it from the bookings list."))
            ),
        ),
        active="/admin/bookings",
    )
