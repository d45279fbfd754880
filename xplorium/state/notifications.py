"""The notification bell of the back-office header: unread count, latest items, preferences."""

from dataclasses import dataclass

import reflex as rx

from xplorium.i18n import localized
from xplorium.services import notifications
from xplorium.services.result import Result
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.calls import call
from xplorium.state.live import kept_alive


@dataclass
class NotificationLine:
    id: int = 0
    kind: str = ""
    icon: str = "bell"
    title: str = ""
    body: str = ""
    link: str = ""
    when: str = ""
    unread: bool = False


@dataclass
class PreferenceLine:
    kind: str = ""
    label: str = ""
    in_app: bool = True
    email: bool = False


def _safe_link(link: str) -> str:
    # Links are written by our services; still, only ever follow one inside the back office.
    return link if link.startswith("/admin") and "//" not in link else ""


@kept_alive
class NotificationsState(StaffState):
    unread: int = 0
    items: list[NotificationLine] = []
    prefs: list[PreferenceLine] = []
    show_prefs: bool = False
    message: str = ""

    async def _load(self) -> None:
        result = await call(notifications.inbox, request_context())
        if not result.ok:
            self.message = result.message
            return
        self.message = ""
        self.unread = result.data["unread"]
        self.items = [NotificationLine(**item) for item in result.data["items"]]

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        """The bell mounts with every back-office page."""
        await self._load()

    async def _load_after(self, result: Result):
        """A change's outcome: its refusal, or the bell as it is now."""
        if not result.ok:
            return rx.toast.error(result.message)
        await self._load()
        return None

    def _prefs_after(self, result: Result):
        """A preference change's outcome: its refusal, or the preferences as they are now."""
        if not result.ok:
            return rx.toast.error(result.message)
        self.prefs = [PreferenceLine(**p) for p in result.data]
        return None

    @rx.event
    @require_roles(*STAFF, activity=False)
    async def refresh(self):
        """Fired by the live board after each booking change."""
        await self._load()

    @rx.event
    @require_roles(*STAFF)
    async def open_item(self, notification_id: int):
        """Mark one read and open what it is about."""
        item = next((n for n in self.items if n.id == notification_id), None)
        result = await call(notifications.mark_read, request_context(), [notification_id])
        if not result.ok:
            return rx.toast.error(result.message)
        await self._load()
        link = _safe_link(item.link) if item is not None else ""
        return rx.redirect(localized(link)) if link else None

    @rx.event
    @require_roles(*STAFF)
    async def mark_read(self, notification_id: int):
        result = await call(notifications.mark_read, request_context(), [notification_id])
        return await self._load_after(result)

    @rx.event
    @require_roles(*STAFF)
    async def mark_all_read(self):
        result = await call(notifications.mark_all_read, request_context())
        return await self._load_after(result)

    @rx.event
    @require_roles(*STAFF)
    async def toggle_prefs(self):
        self.show_prefs = not self.show_prefs
        if self.show_prefs:
            result = await call(notifications.preferences, request_context())
            if result.ok:
                self.prefs = [PreferenceLine(**p) for p in result.data]

    @rx.event
    @require_roles(*STAFF)
    async def set_in_app(self, kind: str, value: bool):
        result = await call(notifications.set_preference, request_context(), kind, in_app=bool(value))
        return self._prefs_after(result)

    @rx.event
    @require_roles(*STAFF)
    async def set_email(self, kind: str, value: bool):
        result = await call(notifications.set_preference, request_context(), kind, email=bool(value))
        return self._prefs_after(result)
