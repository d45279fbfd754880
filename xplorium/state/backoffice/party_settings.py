"""Settings page sections of party day: deposits (and each offer's), and the waiver's versions."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import deposits, waivers
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import checkbox, refusal_events
from xplorium.state.calls import call

FIELDS = ("deposit_due_days", "deposit_payee", "deposit_account", "deposit_purpose", "deposit_payment_code")


class DepositSettingsState(StaffState):
    values: dict[str, str] = {}
    auto_cancel: bool = False
    packages: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    saving: bool = False
    version: int = 0

    def _apply(self, data: dict) -> None:
        self.values = {key: str(data[key]) for key in FIELDS}
        self.auto_cancel = bool(data["deposit_auto_cancel"])
        self.packages = data["packages"]
        self.version += 1

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        result = await call(deposits.get_settings, request_context())
        if not result.ok:
            yield refusal_events(result)
            return
        self.errors = {}
        self._apply(result.data)

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        self.saving = True
        yield
        data = {key: str(form_data.get(key, "")) for key in FIELDS}
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
        self.errors = {}
        self._apply(result.data)
        yield rx.toast.success(_("Deposit settings saved; they apply to bookings approved from now on."))


class WaiverAdminState(StaffState):
    number: int = 0
    published: str = ""
    body_sr: str = ""
    body_en: str = ""
    errors: dict[str, str] = {}
    confirming: bool = False
    saving: bool = False
    version: int = 0
    _draft: dict[str, str] = {}

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        result = await call(waivers.admin_view, request_context())
        if not result.ok:
            yield refusal_events(result)
            return
        data = result.data
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
