"""The back-office landing page: who is signed in, their notifications, sign out everywhere."""

import reflex as rx

from xplorium.services import accounts, notifications
from xplorium.state.auth import (
    STAFF,
    StaffState,
    current_user,
    request_context,
    require_roles,
    sign_out_script,
)
from xplorium.state.calls import call

RECENT_NOTIFICATIONS = 5


class AdminHomeState(StaffState):
    admin_name: str = ""
    admin_role: str = ""
    unread_count: int = 0
    notifications: list[dict] = []
    loaded: bool = False
    refreshing: bool = False
    message: str = ""

    async def _load_inbox(self) -> None:
        result = await call(notifications.inbox, request_context(), limit=RECENT_NOTIFICATIONS)
        if result.ok:
            self.unread_count = result.data["unread"]
            self.notifications = result.data["items"]
            self.message = ""
        else:
            self.message = result.message

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        """The page's on_load: anyone but staff is sent to sign in."""
        user = current_user()
        self._show(user)
        self.admin_name = user.name or user.email.split("@")[0]
        self.admin_role = user.role.value.replace("_", " ").title()
        await self._load_inbox()
        self.loaded = True

    @rx.event
    @require_roles(*STAFF)
    async def refresh_notifications(self):
        self.refreshing = True
        yield
        await self._load_inbox()
        self.refreshing = False

    @rx.event
    @require_roles(*STAFF)
    async def mark_all_read(self):
        result = await call(notifications.mark_all_read, request_context())
        if not result.ok:
            return rx.toast.error(result.message)
        await self._load_inbox()
        return rx.toast.success("All notifications marked as read.")

    @rx.event
    @require_roles(*STAFF)
    async def sign_out_everywhere(self):
        """End every session of this account (lost phone, shared computer)."""
        result = await call(accounts.sign_out_everywhere, request_context())
        if not result.ok:
            return rx.toast.error(result.message)
        # The cookie is HttpOnly: only the sign-out route can clear it.
        return sign_out_script()
