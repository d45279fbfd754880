"""/admin/dashboard: the managers' morning view — customers, loyalty, bookings, revenue, forecast.

Every figure is an SQL aggregate (services/dashboard.py). The page refreshes itself whenever a
booking changes anywhere: it watches the live board's version (state/backoffice/dashboard.py).
"""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    hairline,
    icon_tile,
    or_empty,
    secondary_button,
    swatch,
)
from xplorium.components.admin_list import data_table, main_and_detail
from xplorium.components.links import page_href
from xplorium.components.live import change_watcher
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.services.loyalty import TIER_LABELS, TIERS
from xplorium.state.backoffice.dashboard import TIER_COLORS
from xplorium.state.backoffice.dashboard import DashboardState as D
from xplorium.state.live import BoardShared

ORANGE = "#f97316"
ORANGE_DARK = "#c2410c"
INK = "#57534e"
MUTED = "#a8a29e"
GRID = "#e7e5e4"
RED = "#dc2626"
AXIS_TICK = {"fontSize": 12, "fill": "#78716c"}
TOOLTIP_STYLE = {"borderRadius": "8px", "border": "1px solid #e7e5e4", "fontSize": "13px"}

# ---------------------------------------------------------------- building blocks


def _series(make, *children, **props) -> rx.Component:
    """A chart series without the grow-in animation: figures change live, and a manager
    looking at a refreshed chart should see the new numbers at once, not a replay."""
    return make(*children, is_animation_active=False, **props)


def _bar(key, *children, name, **props) -> rx.Component:
    """The bars of each point's `key`, called `name` in the tooltip and legend."""
    return _series(rx.recharts.bar, *children, data_key=key, name=name, **props)


def _line(key, *, name, **props) -> rx.Component:
    """The line through each point's `key`, called `name` in the tooltip and legend."""
    return _series(rx.recharts.line, data_key=key, name=name, **props)


def _area(key, *, name, **props) -> rx.Component:
    """The area under each point's `key`, called `name` in the tooltip and legend."""
    return _series(rx.recharts.area, data_key=key, name=name, **props)


def _tooltip() -> rx.Component:
    return rx.recharts.graphing_tooltip(
        content_style=TOOLTIP_STYLE, cursor={"fill": "rgba(249,115,22,0.06)"}, separator=": "
    )


def _grid() -> rx.Component:
    return rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False, stroke=GRID)


def _x(key: str = "label", tick: dict | None = None, **props) -> rx.Component:
    return rx.recharts.x_axis(data_key=key, tick=tick or AXIS_TICK, axis_line=False, tick_line=False, **props)


def _y(width: int = 44, **props) -> rx.Component:
    return rx.recharts.y_axis(tick=AXIS_TICK, axis_line=False, tick_line=False, width=width, **props)


def _legend() -> rx.Component:
    return rx.recharts.legend(icon_size=10, wrapper_style={"fontSize": "12px", "paddingTop": "6px"})


def _monthly_chart(
    make, y_axes, *series, data, height: int, margin: dict, interval=None, legend=True, **props
):
    """A chart of figures by month, the card's width: the grid, the months along the bottom (every
    `interval`-th labelled), `y_axes`, the tooltip and (with `legend`) the legend, then `series`."""
    return make(
        _grid(),
        _x(interval=interval),
        *y_axes,
        _tooltip(),
        *((_legend(),) if legend else ()),
        *series,
        data=data,
        height=height,
        width="100%",
        margin=margin,
        **props,
    )


def chart_card(
    title: str,
    subtitle: str | rx.Var,
    body: rx.Component,
    *,
    card_id: str,
    footer: rx.Component | None = None,
    span: int = 1,
    aside: rx.Component | None = None,
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading(title, size="3", as_="h2", weight="bold"),
                    muted(subtitle, size="1"),
                    spacing="0",
                    align="start",
                ),
                rx.spacer(),
                aside if aside is not None else rx.fragment(),
                width="100%",
                align="start",
            ),
            rx.box(body, width="100%", id=card_id),
            footer if footer is not None else rx.fragment(),
            spacing="3",
            width="100%",
            height="100%",
        ),
        size="2",
        width="100%",
        min_width="0",
        grid_column=rx.breakpoints(initial="span 1", lg=f"span {span}"),
    )


def kpi_card(
    label: str,
    value: rx.Var,
    icon: str,
    note: rx.Component,
    *,
    kpi_id: str,
    tint: str = "orange",
    unit: str = "",
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                icon_tile(icon, 13, "6px", "4px", tint, 11, flex_shrink="0"),
                muted(label, size="1", weight="medium", white_space="nowrap"),
                width="100%",
                align="center",
                spacing="2",
            ),
            rx.hstack(
                rx.text(value, size="6", weight="bold", id=kpi_id, line_height="1.15", white_space="nowrap"),
                muted(unit, size="1", weight="medium") if unit else rx.fragment(),
                spacing="1",
                align="baseline",
            ),
            note,
            spacing="2",
            width="100%",
        ),
        size="2",
        width="100%",
        min_width="0",
    )


def delta_note(text: rx.Var, up: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon(rx.cond(up, "trending-up", "trending-down"), size=14),
        rx.text(text, size="1", weight="medium"),
        spacing="1",
        align="center",
        color=rx.cond(up, rx.color("grass", 11), rx.color("red", 11)),
    )


def small_note(*parts) -> rx.Component:
    return muted(*parts, size="1")


# ---------------------------------------------------------------- KPI row


def kpi_row() -> rx.Component:
    k = D.kpis
    return rx.grid(
        kpi_card(
            _("Customers"),
            k["customers"],
            "users",
            rx.vstack(
                rx.progress(
                    value=D.active_share,
                    size="1",
                    color_scheme="orange",
                    aria_label=_("Share of customers active"),
                ),
                small_note(
                    k["active"], _(" active · "), k["churned"], _(" churned · "), k["never"], _(" not yet")
                ),
                spacing="1",
                width="100%",
            ),
            kpi_id="kpi-customers",
        ),
        kpi_card(
            _("Active · 90 days"),
            k["active_share"],
            "activity",
            small_note(k["active"], _(" booked in the last 90 days")),
            kpi_id="kpi-active",
            tint="grass",
        ),
        kpi_card(
            _("Bookings · ") + D.month_short,
            k["bookings_month"],
            "calendar-check",
            delta_note(k["bookings_delta"], D.kpi_up["bookings"]),
            kpi_id="kpi-bookings",
            tint="blue",
        ),
        kpi_card(
            _("Revenue · ") + D.month_short,
            k["revenue_month_num"],
            "banknote",
            delta_note(k["revenue_delta"], D.kpi_up["revenue"]),
            kpi_id="kpi-revenue",
            tint="grass",
            unit="RSD",
        ),
        kpi_card(
            _("To approve"),
            k["pending"],
            "hourglass",
            rx.link(
                rx.hstack(
                    rx.text(_("Open the board"), size="1"), rx.icon("arrow-right", size=12), spacing="1"
                ),
                href=page_href("/admin/board"),
            ),
            kpi_id="kpi-pending",
            tint="amber",
        ),
        kpi_card(
            _("Lifetime value"),
            k["ltv_num"],
            "gem",
            small_note(_("average paid per customer")),
            kpi_id="kpi-ltv",
            tint="purple",
            unit="RSD",
        ),
        columns=rx.breakpoints(initial="2", md="3", lg="6"),
        spacing="3",
        width="100%",
    )


# ---------------------------------------------------------------- charts


def revenue_by_month() -> rx.Component:
    chart = _monthly_chart(
        rx.recharts.composed_chart,
        (_y(y_axis_id="left", unit="k"), _y(y_axis_id="right", orientation="right", allow_decimals=False)),
        _bar(
            "revenue_k",
            name=_("Revenue (k RSD)"),
            y_axis_id="left",
            fill=ORANGE,
            radius=[4, 4, 0, 0],
            max_bar_size=34,
        ),
        _line(
            "bookings",
            name=_("Bookings"),
            y_axis_id="right",
            stroke=INK,
            stroke_width=2,
            type_="monotone",
            dot=False,
        ),
        data=D.monthly,
        height=300,
        margin={"top": 8, "right": 4, "left": 0, "bottom": 0},
    )
    return chart_card(
        _("Revenue and bookings by month"),
        _("Last 12 months by visit date · paid bookings count as revenue"),
        chart,
        card_id="chart-monthly",
        span=2,
    )


def forecast() -> rx.Component:
    chart = _monthly_chart(
        rx.recharts.composed_chart,
        (_y(unit="k"),),
        _bar("actual", name=_("Revenue (k)"), fill="#fed7aa", radius=[3, 3, 0, 0], max_bar_size=18),
        _line("trend", name=_("Trend (k)"), stroke=MUTED, stroke_width=2, dot=False, connect_nulls=True),
        _line(
            "forecast",
            name=_("Forecast (k)"),
            stroke=ORANGE_DARK,
            stroke_width=2.5,
            stroke_dasharray="6 4",
            dot={"r": 3},
            connect_nulls=True,
        ),
        data=D.forecast_points,
        height=200,
        margin={"top": 8, "right": 4, "left": 0, "bottom": 0},
        interval=2,
        legend=False,
    )
    ahead = rx.vstack(
        rx.foreach(
            D.forecast_next,
            lambda m: rx.hstack(
                rx.box(width="14px", border_top=f"2px dashed {ORANGE_DARK}"),
                muted(m["label"]),
                rx.spacer(),
                rx.text(m["value_label"], size="2", weight="bold", white_space="nowrap"),
                width="100%",
                align="center",
                spacing="2",
            ),
        ),
        width="100%",
        spacing="1",
        id="forecast-next",
    )
    return chart_card(
        _("Revenue forecast"),
        _("Linear fit of the last 12 complete months"),
        chart,
        card_id="chart-forecast",
        aside=rx.tooltip(
            rx.badge("R² " + D.forecast_r2, color_scheme="orange", variant="soft", id="forecast-r2"),
            content="How well a straight line explains the last 12 months (1 = perfectly).",
        ),
        footer=rx.vstack(
            ahead,
            small_note(
                _("Next 3 months: "), rx.text.strong(D.forecast_total), _(" · trend "), D.forecast_slope
            ),
            spacing="2",
            width="100%",
        ),
    )


def _donut(data, value_key: str, name_key: str, radii: tuple[str, str], height: int) -> rx.Component:
    """A ring chart of `data`'s shares (each row's colour in its "fill"); `radii`: inner, outer."""
    return rx.recharts.pie_chart(
        rx.recharts.pie(
            data=data,
            data_key=value_key,
            name_key=name_key,
            inner_radius=radii[0],
            outer_radius=radii[1],
            padding_angle=2,
            stroke="none",
            is_animation_active=False,
        ),
        _tooltip(),
        height=height,
        width="100%",
    )


def tiers_chart() -> rx.Component:
    pie = _donut(D.tiers, "customers", "name", ("58%", "88%"), height=190)
    legend = rx.vstack(
        rx.foreach(
            D.tiers,
            lambda row: rx.hstack(
                swatch(row["fill"]),
                rx.text(row["name"], size="2", flex="1"),
                rx.text(
                    row["customers"].to_string(),
                    size="2",
                    weight="bold",
                    id="tier-count-" + row["tier"].to(str),
                ),
                align="center",
                spacing="2",
                width="100%",
            ),
        ),
        spacing="2",
        width="140px",
        flex_shrink="0",
    )
    return chart_card(
        _("Customers per tier"),
        _("Tier follows points: 1k Silver · 3k Gold · 6k Platinum · 10k VIP"),
        rx.hstack(rx.box(pie, flex="1", min_width="0"), legend, align="center", width="100%", spacing="3"),
        card_id="chart-tiers",
    )


def _horizontal_bars(data, label_key: str, value_key: str, name: str, fill, label_width: int, **props):
    """Categories down the side (their names always fit), values along the bottom."""
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False, stroke=GRID),
        rx.recharts.x_axis(
            type_="number", tick=AXIS_TICK, axis_line=False, tick_line=False, allow_decimals=False
        ),
        rx.recharts.y_axis(
            data_key=label_key,
            type_="category",
            tick=AXIS_TICK,
            axis_line=False,
            tick_line=False,
            width=label_width,
            interval=0,
        ),
        _tooltip(),
        _bar(value_key, fill, name=name, radius=[0, 4, 4, 0], max_bar_size=22)
        if isinstance(fill, rx.Component)
        else _bar(value_key, name=name, fill=fill, radius=[0, 4, 4, 0], max_bar_size=22),
        data=data,
        layout="vertical",
        width="100%",
        margin={"top": 0, "right": 8, "left": 0, "bottom": 0},
        **props,
    )


def points_chart() -> rx.Component:
    chart = _horizontal_bars(D.points, "bucket", "customers", _("Customers"), "#fb923c", 64, height=210)
    return chart_card(
        _("Points distribution"), _("Customers by loyalty points balance"), chart, card_id="chart-points"
    )


def segments_chart() -> rx.Component:
    chart = _horizontal_bars(
        D.segments,
        "label",
        "customers",
        _("Customers"),
        rx.foreach(D.segments, lambda row: rx.recharts.cell(fill=row["fill"])),
        124,
        height=210,
    )
    return chart_card(
        _("Customer segments"),
        _("Customers by number of bookings made"),
        chart,
        card_id="chart-segments",
    )


def tier_changes_chart() -> rx.Component:
    chart = _monthly_chart(
        rx.recharts.bar_chart,
        (_y(allow_decimals=False),),
        rx.recharts.reference_line(y=0, stroke=MUTED),
        *(
            _bar(
                tier,
                name=_("Up to {tier}").format(tier=_(TIER_LABELS[tier])),
                stack_id="moves",
                fill=TIER_COLORS[tier],
            )
            for tier in TIERS[1:]
        ),
        _bar("down_neg", name=_("Down a tier"), stack_id="moves", fill="#fca5a5"),
        data=D.tier_changes,
        height=250,
        # Recharts' "sign" offset stacks downgrades below zero; Reflex's prop list lacks it.
        custom_attrs={"stackOffset": "sign"},
        margin={"top": 8, "right": 4, "left": -8, "bottom": 0},
    )
    return chart_card(
        _("Tier changes over time"),
        _("From the loyalty ledger: customers moving up (by tier reached) and down"),
        chart,
        card_id="chart-tier-changes",
        span=2,
        aside=rx.hstack(
            rx.badge(
                rx.icon("arrow-up", size=12),
                D.tier_moves["up"].to_string(),
                color_scheme="grass",
                variant="soft",
            ),
            rx.badge(
                rx.icon("arrow-down", size=12),
                D.tier_moves["down"].to_string(),
                color_scheme="red",
                variant="soft",
            ),
            spacing="2",
            id="tier-moves",
        ),
    )


def stat(label: str, value: rx.Var, hint: rx.Component, stat_id: str) -> rx.Component:
    return rx.vstack(
        muted(label, size="1", weight="medium"),
        rx.text(value, size="6", weight="bold", id=stat_id),
        hint,
        spacing="0",
        align="start",
        flex="1",
    )


def operations_card() -> rx.Component:
    c, a = D.cancellation, D.approval
    chart = _monthly_chart(
        rx.recharts.area_chart,
        (_y(unit="%", width=40),),
        _area(
            "cancel_rate", name=_("Cancelled %"), stroke=RED, fill="#fee2e2", stroke_width=2, type_="monotone"
        ),
        _area(
            "no_show_rate",
            name=_("No-show %"),
            stroke="#92400e",
            fill="transparent",
            stroke_width=2,
            type_="monotone",
        ),
        data=D.monthly,
        height=120,
        margin={"top": 6, "right": 4, "left": -8, "bottom": 0},
        interval=2,
        legend=False,
    )
    return chart_card(
        _("Cancellations and approvals"),
        _("Last 12 months"),
        rx.vstack(
            rx.hstack(
                stat(
                    _("Cancellation rate"),
                    c["rate"],
                    small_note(c["cancelled"], " of ", c["total"]),
                    "cancel-rate",
                ),
                stat(_("Rejected"), c["reject_rate"], small_note(c["rejected"], " requests"), "reject-rate"),
                width="100%",
            ),
            chart,
            rx.separator(size="4"),
            rx.hstack(
                stat(_("Time to approval"), a["median"], small_note("median"), "approval-median"),
                stat(_("Average"), a["avg"], small_note(a["approved"], " approved"), "approval-avg"),
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        card_id="chart-operations",
    )


def occupancy_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.hstack(
                swatch(row["color"], size="9px", radius="50%", flex_shrink="0"),
                main_and_detail(
                    row["name"],
                    row["capacity"].to_string() + " places",
                    weight="medium",
                    size="2",
                    white_space="nowrap",
                ),
                spacing="2",
                align="center",
            )
        ),
        rx.foreach(
            row["cells"].to(list[dict]),
            lambda cell: rx.table.cell(
                rx.tooltip(rx.text(cell["share"], size="2"), content=cell["detail"]),
                text_align="right",
                white_space="nowrap",
            ),
        ),
        align="center",
    )


def occupancy_chart() -> rx.Component:
    chart = _monthly_chart(
        rx.recharts.line_chart,
        (_y(unit="%", width=56),),
        rx.foreach(
            D.occupancy_series,
            lambda series: _line(
                series["key"],
                name=series["name"],
                stroke=series["color"],
                stroke_width=2,
                type_="monotone",
                dot={"r": 3},
            ),
        ),
        data=D.occupancy_points,
        height=280,
        margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
    )
    table = rx.box(
        data_table(
            (
                _("Room"),
                rx.foreach(
                    D.occupancy_months,
                    lambda label: rx.table.column_header_cell(
                        label, text_align="right", white_space="nowrap"
                    ),
                ),
            ),
            D.occupancy_rows,
            occupancy_row,
            size="1",
        ),
        width="100%",
        overflow_x="auto",
    )
    return chart_card(
        _("Occupancy by room"),
        _("Place-hours sold ÷ place-hours open, last 6 months and this one"),
        or_empty(D.occupancy_rows, rx.vstack(chart, table, spacing="3", width="100%"), _("No active rooms.")),
        card_id="chart-occupancy",
        span=3,
    )


def by_type_chart() -> rx.Component:
    pie = _donut(D.by_type, "revenue", "short", ("55%", "90%"), height=170)

    def line(dot, name, bookings, revenue, weight: str = "regular", **props) -> rx.Component:
        return rx.hstack(
            dot,
            rx.text(name, size="2", flex="1", min_width="0", weight=weight),
            rx.text(bookings, size="2", width="76px", text_align="right", weight=weight),
            rx.text(
                revenue, size="2", width="112px", text_align="right", white_space="nowrap", weight=weight
            ),
            align="center",
            spacing="2",
            width="100%",
            padding_y="6px",
            border_bottom=hairline(),
            **props,
        )

    rows = rx.vstack(
        line(rx.box(width="9px", flex_shrink="0"), _("Type"), _("Bookings"), _("Revenue"), weight="bold"),
        rx.foreach(
            D.by_type,
            lambda row: line(
                swatch(row["fill"], size="9px", flex_shrink="0"),
                row["short"],
                row["bookings"].to_string(),
                row["revenue_label"],
                id="type-" + row["type"].to(str),
            ),
        ),
        spacing="0",
        width="100%",
    )
    return chart_card(
        _("By type"),
        _("Share of revenue, and bookings, last 12 months"),
        rx.vstack(pie, rows, spacing="2", width="100%"),
        card_id="chart-by-type",
    )


def top_customer_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                rx.tooltip(
                    swatch(row["fill"], size="9px", radius="50%", flex_shrink="0"),
                    content=row["tier_label"],
                ),
                rx.vstack(
                    rx.link(
                        row["name"],
                        href=page_href("/admin/customers/" + row["id"].to_string()),
                        weight="medium",
                        size="2",
                        white_space="nowrap",
                    ),
                    muted(
                        row["bookings"].to_string() + _(" bookings · ") + row["tier_label"].to(str), size="1"
                    ),
                    spacing="0",
                ),
                spacing="2",
                align="center",
            )
        ),
        rx.table.cell(
            rx.text(row["spent_label"], weight="bold", size="2"), text_align="right", white_space="nowrap"
        ),
        align="center",
    )


def top_customers() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False, stroke=GRID),
        rx.recharts.x_axis(type_="number", tick=AXIS_TICK, axis_line=False, tick_line=False, unit="k"),
        rx.recharts.y_axis(
            data_key="short_name",
            type_="category",
            tick=AXIS_TICK,
            axis_line=False,
            tick_line=False,
            width=84,
        ),
        _tooltip(),
        _bar(
            "spent_k",
            rx.foreach(D.top_customers, lambda row: rx.recharts.cell(fill=row["fill"])),
            name=_("Lifetime value (k RSD)"),
            radius=[0, 4, 4, 0],
            max_bar_size=16,
        ),
        data=D.top_customers,
        layout="vertical",
        height=440,
        width="100%",
        margin={"top": 0, "right": 8, "left": 0, "bottom": 0},
    )
    table = data_table(
        (_("Customer"), rx.table.column_header_cell(_("Lifetime value"), text_align="right")),
        D.top_customers,
        top_customer_row,
        size="1",
    )
    return chart_card(
        _("Top customers"),
        _("By lifetime value (paid bookings); the bar colour is their tier"),
        or_empty(
            D.top_customers,
            rx.grid(
                chart,
                table,
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
                align="center",
            ),
            _("No paid bookings yet."),
        ),
        card_id="chart-top-customers",
        span=2,
    )


# ---------------------------------------------------------------- page


def toolbar() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.heading(_("Good to see you"), size="5", as_="h2"),
            muted(
                _("Customers, loyalty and revenue for ")
                + D.month_label
                + ". Figures refresh as bookings change."
            ),
            spacing="1",
            align="start",
        ),
        rx.spacer(),
        rx.hstack(
            rx.cond(D.refreshing, rx.spinner(size="1")),
            muted(_("Updated "), D.updated_at, size="1", id="dashboard-updated"),
            secondary_button(
                rx.icon("refresh-cw", size=14),
                _("Refresh"),
                size="2",
                on_click=D.refresh,
                loading=D.refreshing,
            ),
            align="center",
            spacing="3",
        ),
        width="100%",
        align="end",
        wrap="wrap",
        spacing="3",
    )


def dashboard_body() -> rx.Component:
    return rx.vstack(
        toolbar(),
        kpi_row(),
        rx.grid(
            revenue_by_month(),
            forecast(),
            tiers_chart(),
            points_chart(),
            segments_chart(),
            tier_changes_chart(),
            operations_card(),
            top_customers(),
            by_type_chart(),
            occupancy_chart(),
            columns=rx.breakpoints(initial="1", lg="3"),
            spacing="4",
            width="100%",
        ),
        muted(
            _(
                "Bookings count when pending, approved or completed; revenue is what was paid, by the month of the "
                "visit. Active customers booked in the last 90 days. The forecast extends a least-squares line through "
                "the last 12 complete months. Room occupancy counts what bookings and published events hold (a whole-room "
                "hire counts every place) against each room's places over the opening hours."
            ),
            size="1",
        ),
        spacing="4",
        width="100%",
    )


def admin_dashboard() -> rx.Component:
    return admin_page(
        _("Dashboard"),
        change_watcher(version=BoardShared.version, on_change=D.live_refresh),
        rx.cond(
            D.loaded,
            dashboard_body(),
            rx.center(
                rx.hstack(rx.spinner(), rx.text(_("Adding up the numbers…"))), padding="4rem", width="100%"
            ),
        ),
        active="/admin/dashboard",
    )
