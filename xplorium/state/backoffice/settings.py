"""Back-office settings page."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import venue
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, refusal_events
from xplorium.state.calls import call

SCALARS = (
    "buffer_minutes",
    "booking_rate_limit",
    "points_per_100_rsd",
    "contact_phone",
    "contact_email",
    "address",
)


class SettingsAdminState(StaffState):
    hours: list[dict[str, str]] = []
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    form_message: str = ""
    loading: bool = False
    saving: bool = False
    # Changes to the key remount the form, so its inputs show freshly loaded values.
    version: int = 0

    def _apply(self, data: dict) -> None:
        self.hours = [
            {
                "weekday": h["weekday"],
                "day": h["day"],
                "closed": "on" if h["closed"] else "",
                "open": h["open"],
                "close": h["close"],
            }
            for h in data["opening_hours"]
        ]
        self.values = {key: str(data[key]) for key in SCALARS}
        self.version += 1

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        self.loading = True
        yield
        result = await call(venue.get_settings, request_context())
        self.loading = False
        if not result.ok:
            yield refusal_events(result)
            return
        self.errors, self.form_message = {}, ""
        self._apply(result.data)

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        self.saving = True
        yield
        hours = [
            {
                "weekday": str(day),
                "closed": checkbox(form_data, f"closed_{day}"),
                "open": form_data.get(f"open_{day}", ""),
                "close": form_data.get(f"close_{day}", ""),
            }
            for day in range(7)
        ]
        data = {key: form_data.get(key, "") for key in SCALARS} | {"opening_hours": hours}
        result = await call(venue.update_settings, request_context(), data)
        self.saving = False
        if not result.ok:
            self.errors, self.form_message = result.fields, result.message
            return
        self.errors, self.form_message = {}, ""
        self._apply(result.data)
        yield rx.toast.success(
            _("Settings saved. The booking rules and the public site use them from now on.")
        )
