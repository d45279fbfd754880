"""/admin/security: a staff member's own two-factor sign-in and open sessions."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import accounts, two_factor
from xplorium.services.accounts import SessionLine
from xplorium.state.arguments import form_text
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.calls import call


class SecurityState(StaffState):
    loaded: bool = False
    two_factor_on: bool = False
    two_factor_required: bool = False
    recovery_left: int = 0
    enrol_qr: str = ""
    enrol_secret: str = ""
    code_error: str = ""
    # Shown once, after enrolling or renewing.
    recovery_codes: list[str] = []
    sessions: list[SessionLine] = []
    busy: bool = False

    async def _refresh(self) -> None:
        status = await call(two_factor.status, request_context())
        if status.ok:
            self.two_factor_on = status.data.enabled
            self.two_factor_required = status.data.required
            self.recovery_left = status.data.recovery_codes_left
        listed = await call(accounts.active_sessions, request_context(), current_user().session_id)
        if listed.ok:
            self.sessions = listed.data
        self.loaded = True

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        self._show(current_user())
        self.code_error, self.recovery_codes = "", []
        self.enrol_qr = self.enrol_secret = ""
        await self._refresh()

    @rx.event
    @require_roles(*STAFF)
    async def start_enrolment(self):
        result = await call(two_factor.start_enrolment, request_context())
        if not result.ok:
            return rx.toast.error(result.message)
        self.enrol_qr, self.enrol_secret, self.code_error = result.data.qr_code, result.data.secret, ""
        return None

    async def _with_code(self, operation, form_data: dict, done: str):
        code = form_text(form_data, "code")
        self.busy, self.code_error = True, ""
        yield
        result = await call(operation, request_context(), code)
        self.busy = False
        if not result.ok:
            self.code_error = result.fields.get("code", "") or result.message
            return
        if isinstance(result.data, tuple):
            self.recovery_codes = list(result.data)
        self.enrol_qr = self.enrol_secret = ""
        await self._refresh()
        yield rx.toast.success(done)

    @rx.event
    @require_roles(*STAFF)
    async def confirm_enrolment(self, form_data: dict):
        async for update in self._with_code(
            two_factor.confirm_enrolment, form_data, _("Two-factor sign-in is on.")
        ):
            yield update

    @rx.event
    @require_roles(*STAFF)
    async def renew_codes(self, form_data: dict):
        async for update in self._with_code(
            two_factor.renew_recovery_codes, form_data, _("New recovery codes: the old ones no longer work.")
        ):
            yield update

    @rx.event
    @require_roles(*STAFF)
    async def turn_off(self, form_data: dict):
        async for update in self._with_code(two_factor.disable, form_data, _("Two-factor sign-in is off.")):
            yield update

    @rx.event
    @require_roles(*STAFF)
    def hide_codes(self):
        self.recovery_codes = []

    @rx.event
    @require_roles(*STAFF)
    async def sign_out_others(self):
        result = await call(accounts.sign_out_other_sessions, request_context(), current_user().session_id)
        if not result.ok:
            return rx.toast.error(result.message)
        await self._refresh()
        return rx.toast.success(_("Signed out of {data} other session(s).").format(data=result.data))
