"""/admin/import: bookings (the bookings export's columns) or events from a CSV, checked first."""

import reflex as rx

from xplorium.components.admin_layout import admin_page, alert_actions, hairline, titled_card
from xplorium.components.admin_list import compact_table
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.services.imports import KINDS
from xplorium.state.backoffice.imports import UPLOAD_ID
from xplorium.state.backoffice.imports import ImportAdminState as S


def picker() -> rx.Component:
    upload = rx.upload.root(
        rx.vstack(
            rx.icon("file-up", size=28, color=rx.color("orange", 10)),
            rx.text(_("Drop a CSV file here, or"), size="2"),
            rx.button(_("Choose a file"), type="button", variant="soft"),
            rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.text(name, size="2", weight="medium")),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        accept={"text/csv": [".csv"]},
        max_files=1,
        multiple=False,
        border=hairline(7, "dashed"),
        border_radius="12px",
        padding="1.5rem",
        width="100%",
    )
    # The dropzone's hidden file input is what assistive technology reaches: it needs the name.
    zone = upload.children[0]
    zone.children[0].custom_attrs["aria-label"] = _("CSV file to import")
    return upload


def report_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["line"], size="2")),
        rx.table.cell(
            rx.cond(row["reference"] != "", rx.code(row["reference"], size="1"), rx.text("—", size="2"))
        ),
        rx.table.cell(rx.text(row["summary"], size="2")),
        rx.table.cell(
            rx.cond(
                row["ok"],
                rx.badge(_("OK"), color_scheme="green", variant="soft"),
                rx.text(row["problems"], size="2", color=rx.color("red", 11)),
            )
        ),
        align="center",
    )


def report() -> rx.Component:
    return rx.cond(
        S.checked,
        titled_card(
            _("Rows"),
            rx.callout(
                S.summary,
                icon="info",
                color_scheme=rx.cond(S.summary.contains(" problems"), "red", "green"),
                role="status",
            ),
            compact_table((_("Line"), _("Reference"), _("Booking"), _("Problems")), S.rows, report_row),
        ),
    )


def admin_import() -> rx.Component:
    return admin_page(
        _("Import"),
        titled_card(
            _("Bookings or events from a CSV file"),
            muted(
                _(
                    "Bookings use the columns of the bookings export. Check the file first: every row's "
                    "problems are listed beside it. The import is all or nothing: one problem and no row "
                    "is imported."
                )
            ),
            rx.el.fieldset(
                rx.el.legend(rx.text(_("The file holds"), size="2", weight="medium")),
                rx.radio_group.root(
                    rx.hstack(
                        rx.radio_group.item(value="bookings", id="kind-bookings"),
                        rx.el.label(_("Bookings"), html_for="kind-bookings"),
                        rx.radio_group.item(value="events", id="kind-events"),
                        rx.el.label(_("Events"), html_for="kind-events"),
                        spacing="2",
                        align="center",
                    ),
                    value=S.kind,
                    on_change=S.set_kind,
                ),
                style={"border": "none", "padding": "0", "margin": "0"},
            ),
            *(
                rx.cond(
                    S.kind == name,
                    muted(
                        _("Required columns: ")
                        + ", ".join(kind.required)
                        + ". "
                        + _("Known columns: ")
                        + ", ".join(kind.columns),
                        size="1",
                    ),
                )
                for name, kind in KINDS.items()
            ),
            picker(),
            rx.cond(
                S.file_error != "",
                rx.text(S.file_error, color=rx.color("red", 11), size="2", role="alert", id="file-error"),
            ),
            rx.hstack(
                rx.button(
                    rx.icon("list-checks", size=16),
                    _("Check file"),
                    variant="soft",
                    loading=S.working,
                    on_click=S.check_file(rx.upload_files(upload_id=UPLOAD_ID)),
                ),
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(
                        rx.button(rx.icon("upload", size=16), _("Import…"), loading=S.working)
                    ),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title(_("Import every row of this file?")),
                        rx.alert_dialog.description(
                            _(
                                "The rows are added at once; imported bookings send no emails. If any row "
                                "has a problem, nothing is imported."
                            ),
                            size="2",
                        ),
                        alert_actions(
                            _("Keep it"),
                            rx.alert_dialog.action(
                                rx.button(
                                    _("Import"), on_click=S.import_file(rx.upload_files(upload_id=UPLOAD_ID))
                                )
                            ),
                        ),
                        max_width="460px",
                    ),
                ),
                spacing="3",
                wrap="wrap",
            ),
        ),
        report(),
        active="/admin/import",
    )
