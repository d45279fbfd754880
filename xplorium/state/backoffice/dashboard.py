"""The managers' dashboard: thin state over services/dashboard.py.

Live updates: the page links to the live board like every back-office page (the header's
live connector) and watches `BoardShared.version`; whenever a booking changes anywhere, the
board's push moves that version on and the page's change watcher fires `live_refresh`, which
re-reads the aggregates (services/dashboard.overview, ~15 small GROUP BY queries). Nothing
polls.
"""

import reflex as rx

from xplorium.i18n import N_, _
from xplorium.services import dashboard
from xplorium.services.loyalty import TIER_LABELS
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call

TIER_COLORS = {
    "BRONZE": "#b4713d",
    "SILVER": "#94a3b8",
    "GOLD": "#e0a526",
    "PLATINUM": "#5b9bb5",
    "VIP": "#8b5cf6",
}
# Short names that fit under a chart's bars.
TYPE_SHORT = {
    "PARTY": N_("Party"),
    "PLAYGROUND": N_("Playroom"),
    "SENSORY_ROOM": N_("Sensory"),
    "CAFE": N_("Café"),
    "EVENT": N_("Event"),
}
TYPE_COLORS = {
    "PARTY": "#f97316",
    "PLAYGROUND": "#57534e",
    "SENSORY_ROOM": "#14b8a6",
    "CAFE": "#eab308",
    "EVENT": "#8b5cf6",
}
# One line colour per room, in display order (repeating past the sixth room).
ROOM_COLORS = ("#f97316", "#14b8a6", "#8b5cf6", "#eab308", "#57534e", "#ec4899")
SEGMENT_COLORS = {"VIP": "#8b5cf6", "REGULAR": "#f97316", "FIRST_TIME": "#fdba74", "NEW": "#d6d3d1"}


def _delta_label(now: float, before: float) -> str:
    if before == 0:
        return _("new this month") if now else _("no change")
    change = round(100 * (now - before) / before)
    return f"{'+' if change >= 0 else ''}{change}% vs last month"


class DashboardState(StaffState):
    loaded: bool = False
    loading: bool = False
    refreshing: bool = False
    refreshes: int = 0
    updated_at: str = ""
    month_label: str = ""
    month_short: str = ""

    kpis: dict[str, str] = {}
    kpi_up: dict[str, bool] = {}
    active_share: int = 0
    tiers: list[dict] = []
    points: list[dict] = []
    tier_changes: list[dict] = []
    monthly: list[dict] = []
    by_type: list[dict] = []
    top_customers: list[dict] = []
    segments: list[dict] = []
    forecast_points: list[dict] = []
    forecast_next: list[dict] = []
    forecast_r2: str = ""
    forecast_total: str = ""
    forecast_slope: str = ""
    cancellation: dict[str, str] = {}
    approval: dict[str, str] = {}
    tier_moves: dict[str, int] = {}
    # Occupancy per room: chart points by month ({"label", "room_<id>": share}), the rooms'
    # series, and the table (a row per room, a cell per month).
    occupancy_points: list[dict] = []
    occupancy_series: list[dict[str, str]] = []
    occupancy_rows: list[dict] = []
    occupancy_months: list[str] = []

    def _apply(self, data: dict) -> None:
        k = data["kpis"]
        ltv = data["segments"]["avg_lifetime_value"]
        self.kpis = {
            "customers": f"{k['customers']:,}".replace(",", " "),
            "active": f"{k['active']:,}".replace(",", " "),
            "churned": f"{k['churned']:,}".replace(",", " "),
            "never": f"{k['never']:,}".replace(",", " "),
            "active_share": f"{k['active_share']}%",
            "bookings_month": str(k["bookings_month"]),
            "bookings_delta": _delta_label(k["bookings_month"], k["bookings_prev"]),
            "revenue_month": dashboard.rsd(k["revenue_month"]),
            "revenue_month_num": dashboard.rsd(k["revenue_month"]).removesuffix(" RSD"),
            "revenue_delta": _delta_label(k["revenue_month"], k["revenue_prev"]),
            "pending": str(k["pending"]),
            "ltv": dashboard.rsd(ltv),
            "ltv_num": dashboard.rsd(ltv).removesuffix(" RSD"),
        }
        self.active_share = k["active_share"]
        self.kpi_up = {
            "bookings": k["bookings_month"] >= k["bookings_prev"],
            "revenue": k["revenue_month"] >= k["revenue_prev"],
        }
        self.tiers = [
            {**row, "fill": TIER_COLORS[row["tier"]], "name": _(TIER_LABELS[row["tier"]])}
            for row in data["tiers"]
        ]
        self.points = data["points"]
        self.tier_changes = [{**row, "down_neg": -row["down"]} for row in data["tier_changes"]]
        self.tier_moves = {
            "up": sum(row["up"] for row in data["tier_changes"]),
            "down": sum(row["down"] for row in data["tier_changes"]),
        }
        self.monthly = [{**row, "revenue_k": round(row["revenue"] / 1000, 1)} for row in data["monthly"]]
        self.by_type = [
            {
                **row,
                "short": _(TYPE_SHORT[row["type"]]),
                "fill": TYPE_COLORS[row["type"]],
                "revenue_label": dashboard.rsd(row["revenue"]),
            }
            for row in data["by_type"]
        ]
        self.top_customers = [
            {
                **row,
                "spent_k": round(row["spent"] / 1000, 1),
                "fill": TIER_COLORS.get(row["tier"], "#f97316"),
                "tier_label": _(TIER_LABELS.get(row["tier"], row["tier"])),
            }
            for row in data["top_customers"]
        ]
        self.segments = [
            {**row, "fill": SEGMENT_COLORS[row["segment"]]} for row in data["segments"]["segments"]
        ]
        forecast = data["forecast"]
        self.forecast_points = [
            {
                "label": p["label"],
                "actual": None if p["actual"] is None else round(p["actual"] / 1000, 2),
                "trend": None if p["trend"] is None else round(p["trend"] / 1000, 2),
                "forecast": None if p["forecast"] is None else round(p["forecast"] / 1000, 2),
            }
            for p in forecast["points"]
        ]
        self.forecast_next = forecast["next"]
        self.forecast_r2 = f"{forecast['r2']:.2f}"
        self.forecast_total = dashboard.rsd(forecast["total_next"])
        slope = forecast["slope"]
        self.forecast_slope = _("{value}{rsd} per month").format(
            value="+" if slope >= 0 else "−", rsd=dashboard.rsd(abs(slope))
        )
        c, a = data["cancellation"], data["approval"]
        self.cancellation = {
            "rate": f"{c['rate']}%",
            "reject_rate": f"{c['reject_rate']}%",
            "cancelled": str(c["cancelled"]),
            "rejected": str(c["rejected"]),
            "total": str(c["total"]),
        }
        self.approval = {
            "avg": f"{a['avg_hours']} h",
            "median": f"{a['median_hours']} h",
            "approved": str(a["approved"]),
        }
        self._apply_occupancy(data["occupancy"])
        self.month_label = data["month_label"]
        self.month_short = data["month_label"].split()[0][:3]
        self.updated_at = data["updated_at"]
        self.loaded = True

    def _apply_occupancy(self, rooms: list[dict]) -> None:
        months = rooms[0]["months"] if rooms else []
        self.occupancy_months = [m["label"] for m in months]
        self.occupancy_series = [
            {"key": f"room_{room['id']}", "name": room["name"], "color": ROOM_COLORS[i % len(ROOM_COLORS)]}
            for i, room in enumerate(rooms)
        ]
        self.occupancy_points = [
            {"label": m["label"]} | {f"room_{room['id']}": room["months"][i]["share"] for room in rooms}
            for i, m in enumerate(months)
        ]
        self.occupancy_rows = [
            {
                "name": room["name"],
                "capacity": room["capacity"],
                "color": ROOM_COLORS[i % len(ROOM_COLORS)],
                "cells": [
                    {
                        "share": f"{m['share']:g}%",
                        "detail": f"{m['sold']:,.0f} of {m['open']:,.0f} place-hours".replace(",", " "),
                    }
                    for m in room["months"]
                ],
            }
            for i, room in enumerate(rooms)
        ]

    async def _reload(self):
        # ~15 aggregate queries: in a worker thread, so the event loop keeps serving sockets.
        result = await call(dashboard.overview, request_context())
        self.loading = self.refreshing = False
        if not result.ok:
            return refusal_events(result)
        self._apply(result.data)
        return None

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        """on_load: every figure, freshly aggregated."""
        self._show(current_user())
        self.loading = not self.loaded
        yield
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def refresh(self):
        """The Refresh button."""
        self.refreshing = True
        yield
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF, activity=False)
    async def live_refresh(self):
        """Fired by the page's change watcher after a booking changed anywhere. Not the manager's
        own activity: a dashboard left open does not keep an idle session alive."""
        self.refreshing = True
        yield
        self.refreshes += 1
        yield await self._reload()
