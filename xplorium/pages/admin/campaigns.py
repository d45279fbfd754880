"""/admin/campaigns: email campaigns to a segment of the customers who opted in."""

import reflex as rx

from xplorium.components.admin_form import field_grid, named_input
from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    end_actions,
    error_callout,
    form_field,
    loading_rows,
    secondary_button,
    titled_card,
)
from xplorium.components.admin_list import (
    filter_select,
    list_confirm_dialog,
    list_search,
    list_table,
    main_and_detail,
    toolbar,
)
from xplorium.i18n import _
from xplorium.services import campaigns, loyalty
from xplorium.services.customers import SEGMENT_LABELS
from xplorium.state.backoffice.campaigns import CampaignsAdminState as S
from xplorium.state.backoffice.list_state import ALL

CAMPAIGN_STATUS_COLORS = {
    "DRAFT": "gray",
    "SCHEDULED": "amber",
    "SENDING": "blue",
    "SENT": "green",
    "CANCELLED": "red",
}


def _native_select(name: str, label: str, options: list[tuple[str, str]]) -> rx.Component:
    return form_field(
        label,
        name,
        rx.el.select(
            *(rx.el.option(text, value=value) for value, text in options),
            name=name,
            id=name,
            default_value=S.segment[name],
            on_change=lambda value: S.set_segment_field(name, value),
            class_name="xp-native-select",
        ),
        S.errors,
    )


def _segment_input(name: str, label: str, **props) -> rx.Component:
    # The count follows when the admin leaves the field (see schedule_field on debounced inputs).
    return form_field(
        label,
        name,
        named_input(name, S.segment[name], on_blur=lambda value: S.set_segment_field(name, value), **props),
        S.errors,
    )


def segment_fields() -> rx.Component:
    anything = _("Any")
    return rx.vstack(
        rx.heading(_("Who receives it"), as_="h3", size="3"),
        field_grid(
            _native_select(
                "tier", _("Tier"), [("", anything), *((t, loyalty.TIER_LABELS[t]) for t in loyalty.TIERS)]
            ),
            _native_select(
                "segment", _("Segment"), [("", anything), *((k, _(v)) for k, v in SEGMENT_LABELS.items())]
            ),
            _native_select(
                "birthday_month",
                _("Party child's birthday month"),
                [("", anything), *((str(n), _(m)) for n, m in enumerate(campaigns.MONTHS, start=1))],
            ),
            _segment_input("tags", _("Tags (any of, comma-separated)"), placeholder="birthday-regular"),
            _segment_input("last_visit_after", _("Last visit after"), type="date"),
            _segment_input("last_visit_before", _("Last visit before"), type="date"),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
        ),
        rx.box(
            rx.hstack(
                rx.icon("users", size=18, color=rx.color("blue", 11)),
                rx.cond(S.counting, rx.spinner(size="1")),
                rx.text(
                    _("Recipients now: "),
                    rx.text.strong(S.recipients.to_string(), id="recipient-count"),
                    _(" (customers of this segment who agreed to marketing emails)"),
                    size="2",
                    color=rx.color("blue", 11),
                ),
                align="center",
                spacing="2",
            ),
            role="status",
            background=rx.color("blue", 3),
            border_radius="8px",
            padding="0.75rem 1rem",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def new_campaign_card() -> rx.Component:
    return titled_card(
        _("New campaign"),
        rx.form(
            rx.vstack(
                error_callout(S.form_message),
                field_grid(
                    form_field(_("Name (staff only)"), "name", rx.input(name="name", id="name"), S.errors),
                    form_field(_("Subject"), "subject", rx.input(name="subject", id="subject"), S.errors),
                    columns=rx.breakpoints(initial="1", sm="2"),
                ),
                form_field(
                    _("Message"),
                    "body",
                    rx.text_area(name="body", id="body", rows="6"),
                    S.errors,
                    hint=_("Plain text. Every message ends with a one-click unsubscribe link."),
                ),
                segment_fields(),
                end_actions(
                    rx.button(rx.icon("save", size=16), _("Save draft"), type="submit", loading=S.saving)
                ),
                spacing="4",
                width="100%",
            ),
            key=S.form_key.to_string(),
            on_submit=S.create,
            no_validate=True,
            width="100%",
        ),
    )


def status_of(row) -> rx.Component:
    return rx.match(
        row["status"],
        *(
            (value, rx.badge(row["status_label"], color_scheme=color, variant="soft"))
            for value, color in CAMPAIGN_STATUS_COLORS.items()
        ),
        rx.badge(row["status_label"], variant="soft"),
    )


def campaign_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(main_and_detail(row["name"], row["subject"], weight="medium", size="2")),
        rx.table.cell(status_of(row)),
        rx.table.cell(
            rx.text(rx.cond(row["finished_at"] != "", row["finished_at"], row["scheduled_at"]), size="2")
        ),
        rx.table.cell(rx.text(row["sent"], size="2")),
        rx.table.cell(rx.text(row["failed"], size="2")),
        rx.table.cell(rx.text(row["unsubscribed"], size="2")),
        rx.table.cell(
            rx.hstack(
                secondary_button(
                    rx.icon("mail", size=14),
                    _("Send me a test"),
                    size="1",
                    on_click=S.send_test(row["id"]),
                ),
                rx.cond(
                    row["editable"],
                    rx.button(
                        rx.icon("send", size=14),
                        _("Send…"),
                        size="1",
                        on_click=S.ask_send(row["id"], row["name"]),
                    ),
                ),
                rx.cond(
                    row["cancellable"],
                    rx.button(
                        _("Cancel…"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=S.ask_cancel(row["id"], row["name"]),
                    ),
                ),
                spacing="2",
                wrap="wrap",
            )
        ),
        align="center",
    )


def campaigns_card() -> rx.Component:
    return titled_card(
        _("Campaigns"),
        toolbar(
            list_search(
                S,
                placeholder=_("Search name or subject"),
                aria_label=_("Search campaigns"),
                width="220px",
            ),
            filter_select(
                S,
                "status",
                _("Filter by status"),
                [
                    (ALL, _("All statuses")),
                    *((s.value, _(label)) for s, label in campaigns.STATUS_LABELS.items()),
                ],
            ),
            rx.spacer(),
            rx.button(
                rx.icon("refresh-cw", size=14), _("Refresh counts"), variant="soft", on_click=S.reload_list
            ),
        ),
        loading_rows(S.loading),
        rx.box(
            list_table(
                S,
                [
                    _("Campaign"),
                    _("Status"),
                    _("When"),
                    _("Sent"),
                    _("Failed"),
                    _("Unsubscribed"),
                    _("Actions"),
                ],
                campaign_row,
                _("campaigns"),
                empty_state(
                    "megaphone", _("No campaigns yet"), _("Write the first one above; it starts as a draft.")
                ),
            ),
            overflow_x="auto",
            width="100%",
        ),
    )


def schedule_field() -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.text(_("Send at (venue time, optional)"), size="2", weight="medium"), html_for="scheduled_at"
        ),
        # Uncontrolled: a controlled input (value + on_change) becomes a debounced input, whose
        # chunk brings a second copy of the theme's CSS that overrides the layout's responsive rules.
        rx.input(
            id="scheduled_at", type="datetime-local", default_value=S.schedule_at, on_change=S.set_schedule_at
        ),
        spacing="1",
        margin_top="0.75rem",
        width="100%",
    )


def admin_campaigns() -> rx.Component:
    return admin_page(
        _("Campaigns"),
        new_campaign_card(),
        campaigns_card(),
        list_confirm_dialog(
            S,
            busy=S.busy,
            color_scheme="orange",
            fields=rx.cond(S.confirm_action == "send", schedule_field()),
        ),
        active="/admin/campaigns",
    )
