"""An event's page with its registration form, and the page behind the emailed cancel link."""

import reflex as rx

from xplorium import live
from xplorium.constants import REGISTRATION_GUESTS_MAX, REGISTRATION_GUESTS_MIN
from xplorium.i18n import _
from xplorium.services import catalog, registrations
from xplorium.state.arguments import CheckedArguments
from xplorium.state.calls import call, public_context, query_param
from xplorium.state.forms import FoundItemForm, submission
from xplorium.state.public import EventView, event_view


class EventDetailState(CheckedArguments, FoundItemForm, rx.State):
    loaded: bool = False
    found: bool = False
    event: EventView = EventView()
    errors: dict[str, str] = {}
    message: str = ""
    done_status: str = ""
    done_message: str = ""
    submitting: bool = False
    guest_choices: list[str] = [str(n) for n in range(REGISTRATION_GUESTS_MIN, REGISTRATION_GUESTS_MAX + 1)]

    def _slug(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    async def _refresh(self, slug: str) -> None:
        result = await call(catalog.event_by_slug, slug)
        self.found = bool(result.ok and result.data)
        self.event = event_view(result.data) if self.found else EventView()

    @rx.event
    async def load_event(self):
        self.errors, self.message, self.done_status, self.done_message = {}, "", "", ""
        self.submitting = False
        await self._refresh(self._slug())
        self.loaded = True

    @rx.event
    @rx.event
    @submission
    async def register(self, form_data: dict):
        result = await call(
            registrations.register,
            await public_context(self),
            self.event.slug,
            {
                "name": form_data.get("name", ""),
                "email": form_data.get("email", ""),
                "guest_count": form_data.get("guest_count", ""),
            },
        )
        self.submitting = False
        if result.ok:
            # Staff were notified (new registration, maybe "event full"): their bells update now.
            live.notices_changed()
            self.errors = {}
            self.done_status = result.data["status"]
            self.done_message = (
                _("You are registered! We have emailed you the details and a link to cancel if plans change.")
                if result.data["status"] == "CONFIRMED"
                else _(
                    "The event is full, so you are on the waiting list. "
                    "We will email you as soon as a place frees up."
                )
            )
            await self._refresh(self.event.slug)
            return
        self.errors = result.fields
        self.message = result.message


class RegistrationCancelState(CheckedArguments, rx.State):
    _token: str = ""
    loaded: bool = False
    valid: bool = False
    done: bool = False
    working: bool = False
    message: str = ""
    event_title: str = ""
    event_href: str = ""
    when_label: str = ""
    guest_count: int = 0
    status_label: str = ""
    is_cancelled: bool = False

    @rx.event
    async def load_cancel(self):
        self._token = query_param(self, "token")
        self.done, self.working, self.message = False, False, ""
        result = await call(registrations.registration_for_token, self._token)
        self.valid = result.ok
        if result.ok:
            data = result.data
            self.event_title = data["event_title"]
            self.event_href = f"/events/{data['event_slug']}"
            self.when_label = f"{data['date_label']}, {data['time_label']}"
            self.guest_count = data["guest_count"]
            self.status_label = data["status_label"]
            self.is_cancelled = data["status"] == "CANCELLED"
            if self.is_cancelled:
                self.message = _("This registration is already cancelled.")
        else:
            self.message = result.message
        self.loaded = True

    @rx.event
    async def confirm_cancel(self):
        if self.working or not self.valid:
            return
        self.working = True
        yield
        result = await call(registrations.cancel_registration, await public_context(self), self._token)
        self.working = False
        if result.ok:
            self.done = True
            self.is_cancelled = True
            self.status_label = result.data["status_label"]
            self.message = _("Your registration is cancelled. Thank you for letting us know.")
        else:
            self.message = result.message
