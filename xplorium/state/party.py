"""The party link's page: an invited family answers for their child and signs the waiver."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import party_guests
from xplorium.state.arguments import CheckedArguments
from xplorium.state.calls import call, public_context
from xplorium.state.forms import FoundItemForm, submission


class PartyInviteState(CheckedArguments, FoundItemForm, rx.State):
    # The token stays on the server side of the state (never sent back to the browser).
    _token: str = ""
    loaded: bool = False
    found: bool = False
    message: str = ""
    child_name: str = ""
    when_label: str = ""
    waiver_number: int = 0
    waiver_text: str = ""
    attending: str = "yes"
    errors: dict[str, str] = {}
    submitting: bool = False
    done: bool = False
    done_message: str = ""

    @rx.event
    async def load_invite(self):
        self._token = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.errors, self.message, self.done, self.submitting = {}, "", False, False
        result = await call(party_guests.invitation, self._token)
        self.found = result.ok
        if result.ok:
            data = result.data
            self.child_name = data["child_name"]
            self.when_label = f"{data['date_label']}, {data['time_label']}"
            self.waiver_number = data["waiver"]["number"]
            self.waiver_text = data["waiver"]["text"]
        else:
            self.message = result.message
        self.loaded = True

    @rx.event
    def choose(self, value: str):
        self.attending = "no" if value == "no" else "yes"

    @rx.event
    @submission
    async def submit(self, form_data: dict):
        result = await call(
            party_guests.answer,
            await public_context(self),
            self._token,
            {
                "attending": self.attending == "yes",
                "child_name": form_data.get("child_name", ""),
                "child_age": form_data.get("child_age", ""),
                "allergies": form_data.get("allergies", ""),
                "guardian_name": form_data.get("guardian_name", ""),
                "guardian_contact": form_data.get("guardian_contact", ""),
                "consent_name": form_data.get("consent_name", ""),
                "waiver_version": self.waiver_number,
            },
        )
        self.submitting = False
        if result.ok:
            self.errors, self.done = {}, True
            data = result.data
            if not data["attending"]:
                self.done_message = _(
                    "Thank you for letting the family know. We are sorry {name} cannot come."
                ).format(name=data["child_name"])
            elif data["waiver_reused"]:
                self.done_message = _(
                    "Thank you! {name} is on the guest list. Their waiver from an earlier visit still covers them."
                ).format(name=data["child_name"])
            else:
                self.done_message = _(
                    "Thank you! {name} is on the guest list and the waiver is signed."
                ).format(name=data["child_name"])
            return
        self.errors = result.fields
        self.message = result.message

    @rx.event
    def answer_another(self):
        self.done, self.errors, self.message, self.attending = False, {}, "", "yes"
