"""/admin/loyalty: adjust a customer's points (with a reason, confirmed first) and the recent ledger."""

import reflex as rx

from xplorium import formatting
from xplorium.components.admin_form import named_input
from xplorium.components.admin_layout import (
    admin_page,
    alert_actions,
    empty_state,
    error_callout,
    field_error,
    form_field,
    hairline,
    initial_avatar,
    kept_form,
    loading_rows,
    section_card,
    swatch,
    titled_card,
)
from xplorium.components.admin_list import list_table, main_and_detail
from xplorium.components.admin_points import delta_badge
from xplorium.components.badges import tier_badge
from xplorium.components.links import page_href
from xplorium.components.text import muted
from xplorium.constants import MAX_POINTS_ADJUSTMENT
from xplorium.i18n import _
from xplorium.models.enums import LoyaltyTier
from xplorium.services.loyalty import TIER_LABELS
from xplorium.state.backoffice.dashboard import TIER_COLORS
from xplorium.state.backoffice.loyalty import LoyaltyAdminState as L


def customer_picker() -> rx.Component:
    return rx.vstack(
        rx.text(_("Customer"), size="2", weight="medium", as_="div"),
        rx.cond(
            L.picked.contains("id"),
            rx.hstack(
                initial_avatar(L.picked["name"], "3"),
                rx.vstack(
                    rx.text(L.picked["name"], weight="bold", id="picked-name"),
                    muted(L.picked["email"], size="1"),
                    spacing="0",
                    flex="1",
                    min_width="0",
                ),
                rx.vstack(
                    rx.text(L.picked["points"].to_string() + " pts", weight="bold", id="picked-points"),
                    tier_badge(L.picked["tier"].to(str)),
                    spacing="1",
                    align="end",
                ),
                rx.icon_button(
                    rx.icon("x", size=14),
                    variant="ghost",
                    color_scheme="gray",
                    aria_label=_("Choose another customer"),
                    on_click=L.clear_pick,
                    type="button",
                ),
                width="100%",
                align="center",
                spacing="3",
                padding="0.75rem",
                border=hairline(6, color="orange"),
                background=rx.color("orange", 2),
                border_radius="10px",
            ),
            rx.vstack(
                kept_form(
                    rx.hstack(
                        rx.input(
                            rx.input.slot(rx.icon("search", size=16)),
                            name="query",
                            id="customer-query",
                            placeholder=_("Name, email or phone"),
                            aria_label=_("Find a customer"),
                            default_value=L.query,
                            flex="1",
                        ),
                        rx.button(_("Find"), type="submit", variant="soft"),
                        width="100%",
                        spacing="2",
                    ),
                    on_submit=L.search,
                ),
                rx.cond(
                    L.matches.length() > 0,
                    rx.vstack(
                        rx.foreach(
                            L.matches,
                            lambda m: rx.button(
                                rx.hstack(
                                    rx.text(m["name"], weight="medium"),
                                    muted(m["email"], size="1"),
                                    rx.spacer(),
                                    rx.text(m["points"].to_string() + " pts", size="1"),
                                    width="100%",
                                    align="center",
                                    spacing="2",
                                ),
                                variant="ghost",
                                color_scheme="gray",
                                width="100%",
                                justify="start",
                                type="button",
                                on_click=L.pick(m["id"]),
                                class_name="xp-match",
                            ),
                        ),
                        spacing="1",
                        width="100%",
                        id="customer-matches",
                    ),
                    rx.cond(L.searched, muted(_("No customer matches."))),
                ),
                spacing="2",
                width="100%",
            ),
        ),
        field_error(L.errors, "customer"),
        spacing="2",
        width="100%",
    )


def adjust_field(label: str, name: str, value: rx.Var, placeholder: str, **props) -> rx.Component:
    """A text field of the adjustment, read out with its error."""
    control = named_input(name, value, placeholder=placeholder, aria_describedby=f"{name}-error", **props)
    return form_field(label, name, control, L.errors)


def adjust_form() -> rx.Component:
    return titled_card(
        _("Adjust points"),
        muted(
            _(
                "Add or remove up to {count} points at a time. The balance never goes below zero, "
                "the tier follows the points, and every change is recorded with its reason."
            ).format(count=formatting.number(MAX_POINTS_ADJUSTMENT))
        ),
        customer_picker(),
        kept_form(
            rx.vstack(
                error_callout(L.form_message),
                adjust_field(
                    _("Points (+ to add, − to remove)"),
                    "points",
                    L.points,
                    _("e.g. 250 or -250"),
                    input_mode="numeric",
                ),
                adjust_field(
                    _("Reason"),
                    "reason",
                    L.reason,
                    _("e.g. Compensation for the cancelled party"),
                    max_length=500,
                ),
                rx.button(
                    rx.icon("award", size=16),
                    _("Review change"),
                    type="submit",
                    width="100%",
                    id="review-adjustment",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=L.review,
            key=L.form_key,
        ),
    )


def tiers_card() -> rx.Component:
    rows = []
    tiers = list(LoyaltyTier)
    for index, tier in enumerate(tiers):
        threshold = tier.threshold
        upper = tiers[index + 1].threshold - 1 if index + 1 < len(tiers) else None
        span = f"{threshold:,} – {upper:,}" if upper is not None else f"{threshold:,} and more"
        rows.append(
            rx.hstack(
                swatch(TIER_COLORS[tier]),
                rx.text(_(TIER_LABELS[tier]), size="2", weight="medium", width="80px"),
                muted(span.replace(",", " ") + " points"),
                align="center",
                spacing="2",
            )
        )
    return section_card(
        rx.heading(_("Tiers"), size="3", as_="h2"),
        *rows,
        muted(
            _("Completed and paid bookings earn points automatically (see Settings for the rate)."),
            size="1",
        ),
        spacing="2",
    )


def ledger_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["when"], size="1", white_space="nowrap")),
        rx.table.cell(
            rx.link(
                row["customer"],
                href=page_href("/admin/customers/" + row["user_id"].to_string()),
                weight="medium",
                size="2",
            )
        ),
        rx.table.cell(
            delta_badge(row),
            text_align="right",
        ),
        rx.table.cell(rx.text(row["points_after"].to_string(), size="2"), text_align="right"),
        rx.table.cell(
            rx.cond(
                row["tier_move"] != "",
                rx.hstack(
                    muted(row["tier_before_label"], size="1"),
                    rx.icon(rx.cond(row["tier_move"] == "up", "arrow-up-right", "arrow-down-right"), size=14),
                    rx.text(row["tier_after_label"], size="1", weight="bold"),
                    spacing="1",
                    align="center",
                    color=rx.cond(row["tier_move"] == "up", rx.color("grass", 11), rx.color("red", 11)),
                ),
                muted(row["tier_after_label"], size="1"),
            )
        ),
        rx.table.cell(
            main_and_detail(
                row["reason"],
                rx.cond(row["kind"] == "EARN", _("Earned"), _("Adjusted")) + " · " + row["actor"].to(str),
                size="2",
            )
        ),
        align="center",
    )


def ledger_card() -> rx.Component:
    return titled_card(
        _("Recent points changes"),
        loading_rows(L.loading),
        list_table(
            L,
            (
                _("When"),
                _("Customer"),
                rx.table.column_header_cell(_("Change"), text_align="right"),
                rx.table.column_header_cell(_("Balance"), text_align="right"),
                _("Tier"),
                _("Reason"),
            ),
            ledger_row,
            "changes",
            empty_state(
                "award",
                _("No points changes yet"),
                _("Adjustments and points earned by bookings appear here."),
            ),
            variant=None,
            size="1",
            id="ledger-table",
        ),
        spacing="3",
    )


def confirm_adjustment() -> rx.Component:
    p = L.preview
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                p["verb"] + " " + p["delta"].to(str).replace("-", "").replace("+", "") + " points?"
            ),
            rx.alert_dialog.description(
                rx.vstack(
                    rx.text(L.picked["name"], weight="bold"),
                    rx.hstack(
                        rx.text(p["before"], " pts"),
                        rx.icon("arrow-right", size=14),
                        rx.text(p["after"], " pts", weight="bold"),
                        align="center",
                        spacing="2",
                    ),
                    rx.cond(
                        p["tier_before"] != p["tier_after"],
                        rx.text(
                            _("Tier: ")
                            + p["tier_before_label"].to(str)
                            + " → "
                            + p["tier_after_label"].to(str),
                            color=rx.color("orange", 11),
                            weight="medium",
                        ),
                    ),
                    muted(_("Reason: "), L.reason),
                    spacing="2",
                    align="start",
                ),
                size="2",
            ),
            alert_actions(
                _("Go back"),
                rx.button(_("Apply change"), on_click=L.apply, loading=L.saving, id="apply-adjustment"),
                L.cancel_confirm,
            ),
            max_width="440px",
        ),
        open=L.confirm_open,
    )


def admin_loyalty() -> rx.Component:
    return admin_page(
        _("Loyalty"),
        rx.grid(
            rx.vstack(adjust_form(), tiers_card(), spacing="4", width="100%"),
            rx.box(ledger_card(), grid_column=rx.breakpoints(initial="span 1", lg="span 2")),
            columns=rx.breakpoints(initial="1", lg="3"),
            spacing="4",
            width="100%",
            align="start",
        ),
        confirm_adjustment(),
        active="/admin/loyalty",
    )
