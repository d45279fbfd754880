"""Sign-in, sign-up, password reset and profile pages: thin states over services.accounts.

Passwords arrive only in form submissions (uncontrolled inputs) and are never stored in
state. Slow work (bcrypt, SMTP) runs in a worker thread so the event loop stays free.
"""

import asyncio

import reflex as rx

from xplorium import live
from xplorium.constants import RESET_COOKIE_NAME
from xplorium.i18n import _
from xplorium.services import accounts, reminders, sessions, two_factor
from xplorium.services.accounts import BookingLine
from xplorium.services.bookings import transitions
from xplorium.state.arguments import form_text
from xplorium.state.auth import (
    ALL_ROLES,
    AuthState,
    anonymous_context,
    complete_sign_in,
    current_user,
    parse_cookie_header,
    request_context,
    require_roles,
    session_token_of,
)
from xplorium.state.calls import call
from xplorium.state.forms import SubmittedForm, submission


def _checked(form_data: dict, key: str) -> bool:
    return form_data.get(key) in (True, "on", "true", "1", "yes")


class SignInState(AuthState):
    email_error: str = ""
    password_error: str = ""
    form_error: str = ""
    notice: str = ""
    submitting: bool = False
    # Staff with two-factor sign-in: the code step after the password.
    second_step: bool = False
    enrol_qr: str = ""
    enrol_secret: str = ""
    code_error: str = ""
    # Shown once, right after enrolling during sign-in.
    recovery_codes: list[str] = []
    # Server-side only (backend vars never reach the browser).
    _challenge: str = ""
    _completed: sessions.PendingSession | None = None

    def _restart(self) -> None:
        self.email_error = self.password_error = self.form_error = self.code_error = ""
        self.second_step, self.submitting = False, False
        self.enrol_qr = self.enrol_secret = ""
        self.recovery_codes = []
        self._challenge, self._completed = "", None

    @rx.event
    async def load(self):
        self._show(await asyncio.to_thread(sessions.resolve, session_token_of(self)))
        query = self.router.url.query_parameters
        self._restart()
        if query.get("reset"):
            self.notice = _("Your password was changed. Sign in with your new password.")
        elif query.get("expired"):
            self.form_error = _("That sign-in link has expired. Please sign in again.")
            self.notice = ""
        else:
            self.notice = ""

    def _finish(self, pending: sessions.PendingSession):
        # Stay "submitting" while the browser follows the route that sets the cookie.
        return complete_sign_in(pending, self.router.url.query_parameters.get("next"))

    @rx.event
    async def submit(self, form_data: dict):
        if self.submitting:
            return
        email, password = form_text(form_data, "email"), form_text(form_data, "password")
        self._restart()
        self.submitting = True
        self.notice = ""
        yield
        result = await call(accounts.sign_in, anonymous_context(self), email=email, password=password)
        if not result.ok:
            self.submitting = False
            self.email_error = result.fields.get("email", "")
            self.password_error = result.fields.get("password", "")
            self.form_error = "" if result.fields else result.message
            return
        if isinstance(result.data, two_factor.Challenge):
            self.submitting = False
            self.second_step = True
            self._challenge = result.data.token
            if result.data.enrolment is not None:
                self.enrol_qr = result.data.enrolment.qr_code
                self.enrol_secret = result.data.enrolment.secret
            return
        yield self._finish(result.data.pending)

    @rx.event
    async def submit_code(self, form_data: dict):
        if self.submitting or not self.second_step:
            return
        code = form_text(form_data, "code")
        self.submitting, self.code_error = True, ""
        yield
        result = await call(
            two_factor.complete_sign_in, anonymous_context(self), challenge=self._challenge, code=code
        )
        if not result.ok:
            if result.code == "unauthenticated":
                self._restart()
                self.form_error = result.message
                return
            self.submitting = False
            self.code_error = result.fields.get("code", "") or result.message
            return
        if result.data.recovery_codes:
            # Shown once; the sign-in completes when they are put away.
            self.submitting = False
            self.recovery_codes = list(result.data.recovery_codes)
            self._completed = result.data.pending
            self.enrol_qr = self.enrol_secret = ""
            return
        yield self._finish(result.data.pending)

    @rx.event
    def finish_enrolment(self):
        if self._completed is None:
            return
        pending, self._completed = self._completed, None
        self.recovery_codes = []
        self.submitting = True
        return self._finish(pending)

    @rx.event
    def start_over(self):
        self._restart()


class SignUpState(SubmittedForm, AuthState):
    name_error: str = ""
    email_error: str = ""
    password_error: str = ""
    privacy_error: str = ""
    form_error: str = ""
    check_email: bool = False
    sent_message: str = ""
    submitting: bool = False

    def _clear_messages(self) -> None:
        self.name_error = self.email_error = self.password_error = self.privacy_error = self.form_error = ""

    @rx.event
    async def load(self):
        self._show(await asyncio.to_thread(sessions.resolve, session_token_of(self)))
        self._clear_messages()
        self.check_email = False
        self.submitting = False

    @rx.event
    @submission
    async def submit(self, form_data: dict):
        result = await call(
            accounts.sign_up,
            anonymous_context(self),
            name=form_text(form_data, "name"),
            email=form_text(form_data, "email"),
            password=form_text(form_data, "password"),
            accept_privacy=_checked(form_data, "accept_privacy"),
            marketing_opt_in=_checked(form_data, "marketing_opt_in"),
        )
        if not result.ok:
            self.submitting = False
            self.name_error = result.fields.get("name", "")
            self.email_error = result.fields.get("email", "")
            self.password_error = result.fields.get("password", "")
            self.privacy_error = result.fields.get("accept_privacy", "")
            self.form_error = "" if result.fields else result.message
            return
        self.submitting = False
        self.check_email = True
        self.sent_message = result.data


class ResetRequestState(SubmittedForm, AuthState):
    email_error: str = ""
    form_error: str = ""
    sent_message: str = ""
    expired: bool = False
    submitting: bool = False

    def _clear_messages(self) -> None:
        self.email_error = self.form_error = self.sent_message = ""

    @rx.event
    def load(self):
        self._clear_messages()
        self.expired = bool(self.router.url.query_parameters.get("expired"))
        self.submitting = False

    @rx.event
    @submission
    async def submit(self, form_data: dict):
        result = await call(
            accounts.request_password_reset,
            anonymous_context(self),
            email=form_text(form_data, "email"),
            in_background=True,
        )
        self.submitting = False
        if not result.ok:
            self.email_error = result.fields.get("email", "")
            self.form_error = "" if result.fields else result.message
            return
        self.expired = False
        self.sent_message = result.data


class ResetPasswordState(SubmittedForm, AuthState):
    """/reset/new: the token is in an HttpOnly cookie set by the emailed link's route."""

    link_valid: bool = False
    loaded: bool = False
    password_error: str = ""
    form_error: str = ""
    submitting: bool = False

    def _reset_token(self) -> str | None:
        headers = self.router.headers
        return parse_cookie_header(headers.cookie or headers.raw_headers.get("cookie", ""), RESET_COOKIE_NAME)

    @rx.event
    async def load(self):
        self.link_valid = (
            await asyncio.to_thread(accounts.reset_token_expiry, self._reset_token()) is not None
        )
        self._clear_messages()
        self.submitting = False
        self.loaded = True

    def _clear_messages(self) -> None:
        self.password_error = self.form_error = ""

    @rx.event
    @submission
    async def submit(self, form_data: dict):
        result = await call(
            accounts.reset_password,
            anonymous_context(self),
            token=self._reset_token(),
            new_password=form_text(form_data, "password"),
        )
        if not result.ok:
            self.submitting = False
            if "token" in result.fields:
                self.link_valid = False
            self.password_error = result.fields.get("password", "")
            self.form_error = "" if result.fields else result.message
            return
        # The route forgets the used token (HttpOnly cookie) and opens sign-in.
        yield rx.call_script("window.location.replace('/api/auth/reset/done')")


class ProfileState(AuthState):
    loaded: bool = False
    email: str = ""
    name: str = ""
    phone: str = ""
    preferred_contact: str = "EMAIL"
    marketing_opt_in: bool = False
    loyalty_points: int = 0
    loyalty_tier: str = "BRONZE"
    next_tier: str = ""
    points_to_next: int = 0
    tier_progress: int = 0
    member_since: str = ""
    # Re-mounts the profile form with fresh default values after a save.
    form_version: int = 0

    name_error: str = ""
    phone_error: str = ""
    contact_error: str = ""
    saving: bool = False

    current_password_error: str = ""
    new_password_error: str = ""
    password_saving: bool = False

    bookings: list[BookingLine] = []
    # The booking whose cancellation is being confirmed ("" when no dialog is open).
    cancel_reference: str = ""
    cancelling: bool = False
    bookings_page: int = 1
    bookings_pages: int = 1
    bookings_total: int = 0

    @rx.var
    def points_text(self) -> str:
        return f"{self.loyalty_points:,}"

    @rx.var
    def points_to_next_text(self) -> str:
        return f"{self.points_to_next:,}"

    def _apply(self, profile: accounts.Profile) -> None:
        self.email = profile.email
        self.name = profile.name
        self.phone = profile.phone
        self.preferred_contact = profile.preferred_contact
        self.marketing_opt_in = profile.marketing_opt_in
        self.loyalty_points = profile.loyalty_points
        self.loyalty_tier = profile.loyalty_tier
        self.next_tier, self.points_to_next, self.tier_progress = profile.tier_progress
        self.member_since = profile.member_since
        self.form_version += 1

    async def _load_bookings(self, page: int) -> None:
        result = await call(accounts.booking_history, request_context(), page=page)
        if result.ok:
            self.bookings = result.data["items"]
            self.bookings_page = result.data["page"]
            self.bookings_pages = result.data["pages"]
            self.bookings_total = result.data["total"]

    @rx.event
    @require_roles(*ALL_ROLES)
    def ask_cancel(self, reference: str):
        self.cancel_reference = reference

    @rx.event
    @require_roles(*ALL_ROLES)
    def keep_booking(self):
        self.cancel_reference = ""

    @rx.event
    @require_roles(*ALL_ROLES)
    async def cancel_booking(self):
        reference, self.cancel_reference = self.cancel_reference, ""
        if not reference:
            return
        self.cancelling = True
        yield
        result = await call(transitions.cancel_own_booking, request_context(), reference)
        self.cancelling = False
        if not result.ok:
            yield rx.toast.error(result.message)
            return
        # Committed: every admin's live board shows the cancellation now.
        live.bookings_changed(live.CANCELLED, reference)
        await self._load_bookings(self.bookings_page)
        yield rx.toast.success(
            _("Booking {reference} is cancelled. We have emailed you a confirmation.").format(
                reference=reference
            )
        )

    @rx.event
    @require_roles(*ALL_ROLES)
    async def set_reminder(self, reference: str, wanted: bool):
        result = await call(reminders.set_wanted, request_context(), reference, wanted)
        if not result.ok:
            yield rx.toast.error(result.message)
            return
        await self._load_bookings(self.bookings_page)
        yield rx.toast.success(
            _("We will remind you of {reference} the day before.").format(reference=reference)
            if result.data["reminder"]
            else _("No reminder for {reference}.").format(reference=reference)
        )

    @rx.event
    @require_roles(*ALL_ROLES)
    async def load(self):
        self._show(current_user())
        result = await call(accounts.get_profile, request_context())
        if not result.ok:
            return rx.toast.error(result.message)
        self._apply(result.data)
        self.name_error = self.phone_error = self.contact_error = ""
        self.current_password_error = self.new_password_error = ""
        await self._load_bookings(1)
        self.loaded = True

    @rx.event
    @require_roles(*ALL_ROLES)
    async def save_profile(self, form_data: dict):
        if self.saving:
            return
        self.saving = True
        self.name_error = self.phone_error = self.contact_error = ""
        yield
        result = await call(
            accounts.update_profile,
            request_context(),
            name=form_text(form_data, "name"),
            phone=form_text(form_data, "phone"),
            preferred_contact=form_text(form_data, "preferred_contact"),
            marketing_opt_in=_checked(form_data, "marketing_opt_in"),
        )
        self.saving = False
        if not result.ok:
            self.name_error = result.fields.get("name", "")
            self.phone_error = result.fields.get("phone", "")
            self.contact_error = result.fields.get("preferred_contact", "")
            if not result.fields:
                yield rx.toast.error(result.message)
            return
        self._apply(result.data)
        self.user_name = result.data.name or self.user_name
        yield rx.toast.success(_("Your details were saved."))

    @rx.event
    @require_roles(*ALL_ROLES)
    async def change_password(self, form_data: dict):
        if self.password_saving:
            return
        self.password_saving = True
        self.current_password_error = self.new_password_error = ""
        yield
        result = await call(
            accounts.change_password,
            request_context(),
            current_password=form_text(form_data, "current_password"),
            new_password=form_text(form_data, "new_password"),
            keep_session_id=current_user().session_id,
        )
        self.password_saving = False
        if not result.ok:
            self.current_password_error = result.fields.get("current_password", "")
            self.new_password_error = result.fields.get("new_password", "")
            if not result.fields:
                yield rx.toast.error(result.message)
            return
        yield [
            rx.set_value("current_password", ""),
            rx.set_value("new_password", ""),
            rx.toast.success(_("Password changed. Your other devices were signed out.")),
        ]

    @rx.event
    @require_roles(*ALL_ROLES)
    async def bookings_previous(self):
        if self.bookings_page > 1:
            await self._load_bookings(self.bookings_page - 1)

    @rx.event
    @require_roles(*ALL_ROLES)
    async def bookings_next(self):
        if self.bookings_page < self.bookings_pages:
            await self._load_bookings(self.bookings_page + 1)
