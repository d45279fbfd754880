"""/admin/checkin: the front desk on a tablet. Scan the confirmation's QR code with the camera,
or type a reference or a name; today's arrivals with waiver status and allergies; arrived/undo."""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    kept_form,
    loaded_or_empty,
    loading_rows,
    secondary_button,
    section_card,
    titled_card,
)
from xplorium.components.qr_scanner import qr_scanner
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.checkin import CheckinState as S


def _note(icon, label: str, value: rx.Var, color, align: str) -> rx.Component:
    """A line of an arrival's card: an icon, then what is noted about the party."""
    return rx.hstack(
        rx.icon(icon, size=16),
        rx.text(label, " ", value, size="2"),
        color=color,
        align=align,
        spacing="1",
    )


def arrival_card(row) -> rx.Component:
    busy = S.working_id == row["id"]
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.text(row["time_label"], size="4", weight="bold"),
                    rx.code(row["reference"], size="2"),
                    rx.cond(
                        row["arrived"],
                        rx.badge(_("Arrived"), " ", row["arrived_label"], color_scheme="grass", size="2"),
                    ),
                    rx.cond(row["no_show"], rx.badge(_("No-show"), color_scheme="red", size="2")),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(row["contact_name"], size="4", weight="medium"),
                muted(row["summary"]),
                rx.cond(
                    row["waiver"] != "",
                    _note(
                        rx.cond(row["waiver_ok"], "shield-check", "shield-alert"),
                        _("Waivers:"),
                        row["waiver"],
                        rx.cond(row["waiver_ok"], rx.color("grass", 11), rx.color("amber", 11)),
                        "center",
                    ),
                ),
                rx.cond(
                    row["allergies"] != "",
                    _note("wheat-off", _("Allergies:"), row["allergies"], rx.color("red", 11), "start"),
                ),
                spacing="1",
                align="start",
                min_width="0",
            ),
            rx.cond(
                row["arrived"],
                secondary_button(
                    rx.icon("undo-2", size=18),
                    _("Undo"),
                    size="3",
                    loading=busy,
                    on_click=S.undo(row["id"].to(str)),
                    aria_label=row["undo_label"].to(str),
                ),
                rx.button(
                    rx.icon("log-in", size=18),
                    _("Arrived"),
                    size="3",
                    disabled=~row["can_check_in"].to(bool),
                    loading=busy,
                    on_click=S.arrived(row["id"].to(str)),
                    aria_label=row["arrive_label"].to(str),
                ),
            ),
            justify="between",
            align="center",
            gap="3",
            wrap="wrap",
        ),
        width="100%",
        class_name="checkin-card",
    )


def search_panel() -> rx.Component:
    return section_card(
        kept_form(
            rx.flex(
                rx.vstack(
                    rx.el.label(
                        rx.text(_("Reference or name"), size="2", weight="medium"), html_for="checkin-query"
                    ),
                    rx.input(
                        id="checkin-query",
                        name="query",
                        placeholder="XP-…",
                        size="3",
                        width="100%",
                        auto_complete="off",
                        max_length=200,
                    ),
                    spacing="1",
                    flex="1",
                    min_width="12rem",
                ),
                rx.button(rx.icon("search", size=18), _("Find"), type="submit", size="3"),
                rx.button(
                    rx.icon("scan-line", size=18),
                    rx.cond(S.scanning, _("Stop the camera"), _("Scan with camera")),
                    type="button",
                    size="3",
                    variant="soft",
                    on_click=S.toggle_scanner,
                    id="checkin-scan",
                ),
                gap="3",
                align="end",
                wrap="wrap",
            ),
            on_submit=S.search,
        ),
        rx.cond(
            S.scanning,
            rx.box(
                qr_scanner(
                    on_scan=S.scanned,
                    on_error=S.camera_failed,
                    formats=["qr_code"],
                    paused=S.working_id != "",
                    sound=False,
                ),
                max_width="360px",
                width="100%",
                id="checkin-camera",
            ),
        ),
        rx.cond(
            S.scan_message != "",
            rx.callout(S.scan_message, icon="info", width="100%", role="status", id="checkin-scan-message"),
        ),
        rx.cond(
            S.searched,
            rx.vstack(
                rx.heading(_("Found"), as_="h2", size="4"),
                rx.cond(
                    S.found.length() > 0,
                    rx.vstack(rx.foreach(S.found, arrival_card), spacing="3", width="100%"),
                    rx.text(
                        _("No booking matches. Check the reference, or try the parent's surname."), size="2"
                    ),
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )


def admin_checkin() -> rx.Component:
    return admin_page(
        _("Check-in"),
        search_panel(),
        titled_card(
            _("Today's arrivals"),
            loading_rows(S.loading),
            loaded_or_empty(
                S.arrivals,
                S.loading,
                rx.vstack(
                    rx.foreach(S.arrivals, arrival_card), spacing="3", width="100%", id="checkin-arrivals"
                ),
                empty_state(
                    "calendar", _("No bookings today"), _("Confirmed bookings for today appear here.")
                ),
            ),
        ),
        active="/admin/checkin",
    )
