"""/admin/jobs: background jobs that failed (their last error) and the queue's figures."""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    loaded_or_empty,
    loading_rows,
    titled_card,
)
from xplorium.components.admin_list import data_table
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.jobs import JobsAdminState as S


def figure(label: str, name: str) -> rx.Component:
    return rx.vstack(
        muted(label, size="1"),
        rx.text(S.figures[name], size="4", weight="bold"),
        spacing="0",
    )


def job_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["failed_at"], size="2", white_space="nowrap")),
        rx.table.cell(rx.code(row["task"], size="1")),
        rx.table.cell(rx.text(row["what"], size="2")),
        rx.table.cell(rx.text(row["error"], size="1", color=rx.color("red", 11), max_width="320px")),
        rx.table.cell(rx.text(row["attempts"], size="2")),
        rx.table.cell(
            rx.button(
                rx.icon("rotate-ccw", size=14),
                _("Retry"),
                size="1",
                variant="soft",
                on_click=S.retry(row["id"]),
                aria_label=_("Retry job ") + row["id"].to(str),
            )
        ),
        align="start",
    )


def admin_jobs() -> rx.Component:
    return admin_page(
        _("Failed jobs"),
        titled_card(
            _("The queue now"),
            rx.hstack(
                figure(_("Waiting"), "waiting"),
                figure(_("Oldest waiting (s)"), "oldest_waiting_seconds"),
                figure(_("Running"), "running"),
                figure(_("Failed in the last hour"), "failed_last_hour"),
                figure(_("Workers"), "workers"),
                spacing="6",
                wrap="wrap",
            ),
        ),
        titled_card(
            _("Failed, newest first"),
            loading_rows(S.loading),
            loaded_or_empty(
                S.rows,
                S.loading,
                data_table(
                    (_("Failed at"), _("Task"), _("What"), _("Last error"), _("Attempts"), ""),
                    S.rows,
                    job_row,
                    variant="surface",
                    size="1",
                ),
                empty_state(
                    "circle-check", _("No failed jobs"), _("Every email and scheduled task went through.")
                ),
            ),
        ),
        active="/admin/jobs",
    )
