"""Public, read-only data every page's header and footer shows."""

import reflex as rx

from xplorium.db import session_scope
from xplorium.services.venue import opening_hours_rows, public_settings


class SiteState(rx.State):
    contact_phone: str = ""
    contact_email: str = ""
    address: str = ""
    opening_hours: list[dict[str, str]] = []

    @rx.event
    def load_site(self):
        info = public_settings(session_scope)
        self.contact_phone = info["contact_phone"]
        self.contact_email = info["contact_email"]
        self.address = info["address"]
        self.opening_hours = opening_hours_rows(info["opening_hours"])
