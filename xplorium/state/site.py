"""Public, read-only data every page's header and footer shows."""

import reflex as rx

from xplorium import formatting
from xplorium.db import session_scope
from xplorium.services.venue import (
    opening_hours_rows,
    opening_hours_summary,
    public_settings,
    today_hours,
    venue_today,
)
from xplorium.state.arguments import CheckedArguments


class SiteState(CheckedArguments, rx.State):
    contact_phone: str = ""
    contact_email: str = ""
    address: str = ""
    opening_hours: list[dict[str, str]] = []
    hours_summary: list[dict[str, str]] = []
    today_day: str = ""
    today_hours: str = ""

    @rx.event
    def load_site(self):
        info = public_settings(session_scope)
        weekday = venue_today()
        self.contact_phone = info["contact_phone"]
        self.contact_email = info["contact_email"]
        self.address = info["address"]
        self.opening_hours = opening_hours_rows(info["opening_hours"])
        self.hours_summary = opening_hours_summary(info["opening_hours"])
        self.today_day = formatting.weekday_name(weekday).capitalize()
        self.today_hours = today_hours(info["opening_hours"], weekday)
