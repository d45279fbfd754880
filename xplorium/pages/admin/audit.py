"""/admin/audit: who changed what, filtered by actor, action, entity and date."""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    field_error,
    loading_rows,
    section_card,
)
from xplorium.components.admin_list import filter_field, list_table
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.audit import AuditAdminState as S


def filter_bar() -> rx.Component:
    return rx.form(
        rx.grid(
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
            filter_field(
                _("Action"),
                "audit-action",
                rx.select(
                    S.actions,
                    value=S.filters["action"],
                    on_change=lambda v: S.set_filter("action", v),
                    id="audit-action",
                ),
            ),
            filter_field(
                _("Entity"),
                "audit-entity",
                rx.select(
                    S.entities,
                    value=S.filters["entity"],
                    on_change=lambda v: S.set_filter("entity", v),
                    id="audit-entity",
                ),
            ),
            filter_field(
                _("From"),
                "date_from",
                rx.input(name="date_from", id="date_from", type="date", default_value=S.filters["date_from"]),
                field_error(S.errors, "date_from"),
            ),
            filter_field(
                _("To"),
                "date_to",
                rx.input(name="date_to", id="date_to", type="date", default_value=S.filters["date_to"]),
                field_error(S.errors, "date_to"),
            ),
            rx.hstack(
                rx.button(rx.icon("filter", size=16), _("Filter"), type="submit"),
                rx.button(
                    _("Clear"), variant="soft", color_scheme="gray", type="button", on_click=S.clear_filters
                ),
                spacing="2",
                align="end",
                height="100%",
            ),
            columns="1.4fr 1fr 1fr 1fr 1fr auto",
            spacing="3",
            align="end",
            width="100%",
        ),
        on_submit=S.apply_filters,
        width="100%",
    )


def entry_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["created_at"], size="2", white_space="nowrap")),
        rx.table.cell(
            rx.vstack(
                rx.text(row["actor"], size="2", weight="medium"),
                muted(row["actor_email"], size="1"),
                spacing="0",
            )
        ),
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
