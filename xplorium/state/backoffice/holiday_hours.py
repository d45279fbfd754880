"""Back-office public holidays (on the settings page): closed, special hours or usual hours."""

import reflex as rx

from xplorium.i18n import _, ngettext
from xplorium.services import holiday_hours
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call


class HolidayHoursState(StaffState):
    year: str = ""
    years: list[str] = []
    holidays: list[dict] = []
    # A problem beside the holiday it belongs to: {"YYYY-MM-DD": message}.
    errors: dict[str, str] = {}
    saving_day: str = ""
    loading: bool = False
    # Changes to the key remount the rows, so their inputs show freshly loaded values.
    version: int = 0

    async def _reload(self) -> list:
        result = await call(holiday_hours.year_holidays, request_context(), self.year)
        self.loading = False
        if not result.ok:
            return refusal_events(result)
        self.holidays = result.data
        self.version += 1
        return []

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        years = await call(holiday_hours.planning_years)
        self.years = [str(y) for y in years.data] if years.ok else []
        if self.year not in self.years:
            self.year = self.years[0] if self.years else ""
        self.errors, self.saving_day = {}, ""
        self.loading = True
        yield
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def choose_year(self, year: str):
        if year not in self.years:
            return None
        self.year, self.errors = year, {}
        return await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        day = str(form_data.get("day", ""))
        self.saving_day = day
        yield
        data = {key: form_data.get(key, "") for key in ("day", "mode", "opens", "closes")}
        result = await call(holiday_hours.set_holiday_hours, request_context(), data)
        self.saving_day = ""
        if not result.ok:
            self.errors = {day: " ".join(result.fields.values()) or result.message}
            return
        self.errors = {}
        name = next((h["name"] for h in self.holidays if h["day"] == day), day)
        yield await self._reload()
        message = _("{holiday}: saved. The booking form follows it from now on.").format(holiday=name)
        count = result.data["bookings"]
        if count:
            message += " " + ngettext(
                "{count} booking already made for that day stays as it is; contact the parent if needed.",
                "{count} bookings already made for that day stay as they are; contact the parents if needed.",
                count,
            ).format(count=count)
        yield rx.toast.success(message)
