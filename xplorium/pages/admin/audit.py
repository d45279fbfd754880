"""/admin/audit: who changed what, filtered by actor, action, entity and date."""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    field_error,
    loading_rows,
    section_card,
)
from xplorium.components.admin_list import date_filter, filter_field, filter_form, list_table, main_and_detail
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.audit import AuditAdminState as S


def _choice(label: str, name: str, options: rx.Var) -> rx.Component:
    """The filter `name` as a select of the state's `options`."""
    control_id = f"audit-{name}"
    return filter_field(
        label,
        control_id,
        rx.select(options, value=S.filters[name], on_change=lambda v: S.set_filter(name, v), id=control_id),
    )


def filter_bar() -> rx.Component:
    return filter_form(
        S,
        filter_field(
            _("Actor"),
            "actor",
            rx.input(
                name="actor",
                id="actor",
                placeholder=_("Name, email or id"),
                default_value=S.filters["actor"],
            ),
        ),
        _choice(_("Action"), "action", S.actions),
        _choice(_("Entity"), "entity", S.entities),
        filter_field(
            _("From"), "date_from", date_filter(S.filters, "date_from"), field_error(S.errors, "date_from")
        ),
        filter_field(_("To"), "date_to", date_filter(S.filters, "date_to"), field_error(S.errors, "date_to")),
        apply_label=_("Filter"),
        columns="1.4fr 1fr 1fr 1fr 1fr auto",
    )


def entry_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["created_at"], size="2", white_space="nowrap")),
        rx.table.cell(main_and_detail(row["actor"], row["actor_email"], size="2", weight="medium")),
        rx.table.cell(rx.badge(row["action"], variant="soft", color_scheme="orange")),
        rx.table.cell(
            rx.text(
                row["entity"].to(str),
                # An export or an import is about many rows: no number to show.
                rx.cond(row["entity_id"].to(str) != "", " #" + row["entity_id"].to(str), ""),
                size="2",
                class_name="xp-audit-entity",
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.foreach(
                    row["change_lines"].to(list[str]), lambda line: rx.code(line, size="1", variant="ghost")
                ),
                spacing="0",
                max_width="340px",
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(row["ip"], size="1"),
                muted(
                    row["user_agent"],
                    size="1",
                    max_width="220px",
                    trim="both",
                    truncate=True,
                    title=row["user_agent"].to(str),
                ),
                spacing="0",
            )
        ),
        align="start",
    )


def admin_audit() -> rx.Component:
    return admin_page(
        _("Audit log"),
        section_card(
            filter_bar(),
            loading_rows(S.loading),
            list_table(
                S,
                (_("When"), _("Who"), _("Action"), _("What"), _("Changes"), _("From")),
                entry_row,
                "entries",
                empty_state(
                    "scroll-text",
                    _("No entries match"),
                    _("Try other filters, or clear them to see everything."),
                ),
                size="1",
            ),
        ),
        active="/admin/audit",
    )
