"""A parent's own booking page: the deposit to pay (IPS QR code) and the party's guest list."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import deposits, party_guests
from xplorium.state.auth import ALL_ROLES, AuthState, current_user, request_context, require_roles
from xplorium.state.calls import call


class MyBookingState(AuthState):
    loaded: bool = False
    found: bool = False
    message: str = ""
    reference: str = ""
    booking: dict[str, str] = {}
    is_party: bool = False
    has_deposit: bool = False
    deposit: dict[str, str] = {}
    deposit_paid: bool = False
    link: str = ""
    guests: list[dict[str, str]] = []
    coming: int = 0
    answered: int = 0
    waivers_missing: int = 0
    guest_count: int = 0
    working: bool = False
    confirm_revoke: bool = False

    def _apply_party(self, data: dict) -> None:
        self.link = data["link"]
        self.guests = [{k: str(v) for k, v in g.items()} for g in data["guests"]]
        self.coming = data["summary"]["coming"]
        self.answered = data["summary"]["answered"]
        self.waivers_missing = data["summary"]["waivers_missing"]
        self.guest_count = data["guest_count"]

    @rx.event
    @require_roles(*ALL_ROLES)
    async def load(self):
        self._show(current_user())
        self.reference = self.router.url.path.rstrip("/").rsplit("/", 1)[-1].upper()[:16]
        self.confirm_revoke, self.working = False, False
        result = await call(deposits.for_parent, request_context(), self.reference)
        self.found = result.ok
        if not result.ok:
            self.message = result.message
            self.loaded = True
            return
        data = result.data
        self.booking = {k: str(v) for k, v in data["booking"].items()}
        self.is_party = data["is_party"]
        self.has_deposit = data["deposit"] is not None
        self.deposit = {k: str(v) for k, v in (data["deposit"] or {}).items()}
        self.deposit_paid = bool(data["deposit"] and data["deposit"]["paid"])
        if self.is_party:
            party = await call(party_guests.for_parent, request_context(), self.reference)
            if party.ok:
                self._apply_party(party.data)
        self.loaded = True

    async def _party_action(self, operation, done: str):
        self.working = True
        yield
        result = await call(operation, request_context(), self.reference)
        self.working, self.confirm_revoke = False, False
        if not result.ok:
            yield rx.toast.error(result.message)
            return
        self._apply_party(result.data)
        yield rx.toast.success(done)

    @rx.event
    @require_roles(*ALL_ROLES)
    async def renew_link(self):
        async for event in self._party_action(
            party_guests.renew_link, _("A new party link is ready; the old one no longer works.")
        ):
            yield event

    @rx.event
    @require_roles(*ALL_ROLES)
    def ask_revoke(self):
        self.confirm_revoke = True

    @rx.event
    @require_roles(*ALL_ROLES)
    def keep_link(self):
        self.confirm_revoke = False

    @rx.event
    @require_roles(*ALL_ROLES)
    async def revoke_link(self):
        async for event in self._party_action(party_guests.revoke_link, _("The party link is turned off.")):
            yield event

    @rx.event
    @require_roles(*ALL_ROLES)
    async def apply_count(self):
        async for event in self._party_action(
            party_guests.apply_guest_count, _("The booking's guest count now follows the answers.")
        ):
            yield event

    @rx.event
    @require_roles(*ALL_ROLES)
    def copied(self):
        return rx.toast.success(_("Link copied. Paste it into your invitation message."))
