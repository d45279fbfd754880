"""The back-office settings page's sections: the venue's hours, rules and contact details, the
public holidays' hours, party day's deposits and the waiver's versions."""

import reflex as rx

from xplorium.i18n import _, ngettext
from xplorium.services import deposits, holiday_hours, venue, waivers
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import checkbox
from xplorium.state.backoffice.list_state import PageLoadMixin
from xplorium.state.calls import call

SCALARS = (
    "buffer_minutes",
    "booking_rate_limit",
    "points_per_100_rsd",
    "contact_phone",
    "contact_email",
    "address",
)


class SettingsAdminState(PageLoadMixin, StaffState):
    hours: list[dict[str, str]] = []
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    form_message: str = ""
    saving: bool = False
    # Changes to the key remount the form, so its inputs show freshly loaded values.
    version: int = 0

    def _take(self, data: dict) -> None:
        """The settings as loaded or just saved: the form shows them, without errors."""
        self.errors, self.form_message = {}, ""
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

    async def _fetch(self):
        return await call(venue.get_settings, request_context())

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
        self._take(result.data)
        yield rx.toast.success(
            _("Settings saved. The booking rules and the public site use them from now on.")
        )


class HolidayHoursState(PageLoadMixin, StaffState):
    year: str = ""
    years: list[str] = []
    holidays: list[dict] = []
    # A problem beside the holiday it belongs to: {"YYYY-MM-DD": message}.
    errors: dict[str, str] = {}
    saving_day: str = ""
    # Changes to the key remount the rows, so their inputs show freshly loaded values.
    version: int = 0

    async def _fresh_visit(self, me):
        years = await call(holiday_hours.planning_years)
        self.years = [str(y) for y in years.data] if years.ok else []
        if self.year not in self.years:
            self.year = self.years[0] if self.years else ""
        self.errors, self.saving_day = {}, ""

    async def _fetch(self):
        return await call(holiday_hours.year_holidays, request_context(), self.year)

    def _take(self, data):
        self.holidays = data
        self.version += 1

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


DEPOSIT_FIELDS = (
    "deposit_due_days",
    "deposit_payee",
    "deposit_account",
    "deposit_purpose",
    "deposit_payment_code",
)


class DepositSettingsState(PageLoadMixin, StaffState):
    values: dict[str, str] = {}
    auto_cancel: bool = False
    packages: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    saving: bool = False
    version: int = 0

    def _take(self, data: dict) -> None:
        """The deposit settings as loaded or just saved: the form shows them, without errors."""
        self.errors = {}
        self.values = {key: str(data[key]) for key in DEPOSIT_FIELDS}
        self.auto_cancel = bool(data["deposit_auto_cancel"])
        self.packages = data["packages"]
        self.version += 1

    async def _fetch(self):
        return await call(deposits.get_settings, request_context())

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        self.saving = True
        yield
        data = {key: str(form_data.get(key, "")) for key in DEPOSIT_FIELDS}
        data["deposit_auto_cancel"] = checkbox(form_data, "deposit_auto_cancel")
        data["packages"] = [
            {
                "id": p["id"],
                "kind": str(form_data.get(f"kind_{p['id']}", "none")),
                "value": str(form_data.get(f"value_{p['id']}", "")),
            }
            for p in self.packages
        ]
        result = await call(deposits.update_settings, request_context(), data)
        self.saving = False
        if not result.ok:
            self.errors = result.fields
            yield rx.toast.error(result.message)
            return
        self._take(result.data)
        yield rx.toast.success(_("Deposit settings saved; they apply to bookings approved from now on."))


class WaiverAdminState(PageLoadMixin, StaffState):
    number: int = 0
    published: str = ""
    body_sr: str = ""
    body_en: str = ""
    errors: dict[str, str] = {}
    confirming: bool = False
    saving: bool = False
    version: int = 0
    _draft: dict[str, str] = {}

    async def _fetch(self):
        return await call(waivers.admin_view, request_context())

    def _take(self, data: dict) -> None:
        self.number, self.published = data["number"], data["published"]
        self.body_sr, self.body_en = data["body_sr"], data["body_en"]
        self.errors, self.confirming = {}, False
        self.version += 1

    @rx.event
    @require_roles(*STAFF)
    def ask_publish(self, form_data: dict):
        """Publishing asks every family to sign again: confirmed first."""
        self._draft = {
            "body_sr": str(form_data.get("body_sr", "")),
            "body_en": str(form_data.get("body_en", "")),
        }
        self.confirming = True

    @rx.event
    @require_roles(*STAFF)
    def keep(self):
        self.confirming = False

    @rx.event
    @require_roles(*STAFF)
    async def publish(self):
        self.saving = True
        yield
        draft = self._draft or {}
        result = await call(
            waivers.publish, request_context(), draft.get("body_sr", ""), draft.get("body_en", "")
        )
        self.saving, self.confirming = False, False
        if not result.ok:
            self.errors = result.fields
            return
        yield rx.toast.success(
            _("Waiver version {number} published; guardians sign it at their next visit.").format(
                number=result.data["number"]
            )
        )
        yield WaiverAdminState.load
