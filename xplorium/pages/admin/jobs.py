"""/admin/jobs: background jobs that failed (their last error) and the queue's figures."""

import reflex as rx

from xplorium.components.admin_layout import admin_page, empty_state, loading_rows, section_card
from xplorium.state.backoffice.jobs import JobsAdminState as S


def figure(label: str, name: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=rx.color("gray", 11)),
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
                "Retry",
                size="1",
                variant="soft",
                on_click=S.retry(row["id"]),
                aria_label="Retry job " + row["id"].to(str),
            )
        ),
        align="start",
    )


@rx.page(route="/admin/jobs", title="Failed jobs · Back office", on_load=S.load)
def admin_jobs() -> rx.Component:
    return admin_page(
        "Failed jobs",
        section_card(
            rx.hstack(
                figure("Waiting", "waiting"),
                figure("Oldest waiting (s)", "oldest_waiting_seconds"),
                figure("Running", "running"),
                figure("Failed in the last hour", "failed_last_hour"),
                figure("Workers", "workers"),
                spacing="6",
                wrap="wrap",
            ),
        ),
        section_card(
            loading_rows(S.loading),
            rx.cond(
                S.rows.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Failed at"),
                            rx.table.column_header_cell("Task"),
                            rx.table.column_header_cell("What"),
                            rx.table.column_header_cell("Last error"),
                            rx.table.column_header_cell("Attempts"),
                            rx.table.column_header_cell(""),
                        )
                    ),
                    rx.table.body(rx.foreach(S.rows, job_row)),
                    variant="surface",
                    size="1",
                    width="100%",
                ),
                rx.cond(
                    ~S.loading,
                    empty_state(
                        "circle-check", "No failed jobs", "Every email and scheduled task went through."
                    ),
                ),
            ),
        ),
        active="/admin/jobs",
    )
