"""/admin/reports: every export of the back office on one page, each a staff-only, audited file."""

import reflex as rx

from xplorium.components.admin_layout import admin_page, icon_tile
from xplorium.components.links import download_button
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.services.reports import REPORTS, Report

ICONS = {
    "bookings": "calendar-check",
    "bookings_calendar": "calendar-plus",
    "customers": "contact",
    "attendance": "ticket",
    "revenue": "chart-line",
    "marketing": "mail",
    "inventory": "package",
    "reorder": "shopping-cart",
    "maintenance": "wrench",
}


def report_card(report: Report) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                icon_tile(ICONS.get(report.key, "file-text"), 20, "10px", "0.6rem"),
                rx.vstack(
                    rx.heading(_(report.title), size="3", as_="h2"),
                    rx.badge(report.format, variant="soft", color_scheme="gray"),
                    spacing="1",
                ),
                align="center",
                spacing="3",
            ),
            muted(_(report.description), flex="1"),
            download_button(
                rx.icon("download", size=16),
                _("Download"),
                href=report.href,
                variant="soft",
                id=f"report-{report.key}",
                aria_label=_("Download {report}").format(report=_(report.title)),
            ),
            spacing="3",
            height="100%",
            align="start",
        ),
        size="2",
    )


def admin_reports() -> rx.Component:
    return admin_page(
        _("Reports"),
        muted(
            _(
                "Every export of the back office. Each download is recorded in the audit log; the files hold "
                "personal data, so keep them safe and delete them when done."
            )
        ),
        rx.grid(
            *(report_card(report) for report in REPORTS),
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            spacing="4",
            width="100%",
        ),
        active="/admin/reports",
    )
