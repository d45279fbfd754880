"""Back-office users page: the super-admin rules live in services/user_admin.py."""

from dataclasses import asdict, replace

import reflex as rx

from xplorium.i18n import N_, _
from xplorium.services import user_admin
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.list_state import ALL, AdminListMixin, ConfirmMixin, SearchMixin, chosen
from xplorium.state.calls import call

ROLE_LABELS = {"USER": N_("Parent (user)"), "ADMIN": N_("Admin"), "SUPER_ADMIN": N_("Super admin")}
# action -> (confirmation title, text, button label)
PROMPTS = {
    "block": (
        N_("Block {name}?"),
        N_("They are signed out at once and cannot sign in until unblocked."),
        N_("Block"),
    ),
    "unblock": (N_("Unblock {name}?"), N_("They can sign in again."), N_("Unblock")),
    "delete": (
        N_("Delete {name}'s account?"),
        N_(
            "They are signed out, and their email, password, phone and notes are erased. "
            "Their bookings and points stay; a super admin can reopen the account later."
        ),
        N_("Delete"),
    ),
    "restore": (
        N_("Restore {name}'s account?"),
        N_(
            "Its email was erased at deletion: enter the address the person gives you. "
            "They get a link there to choose a password."
        ),
        N_("Restore"),
    ),
    "role:USER": (
        N_("Make {name} a parent account?"),
        N_("They lose access to the back office."),
        N_("Change role"),
    ),
    "role:ADMIN": (
        N_("Make {name} an admin?"),
        N_("They get the back office: bookings, events, prices, content and users."),
        N_("Change role"),
    ),
    "role:SUPER_ADMIN": (
        N_("Make {name} a super admin?"),
        N_("They can manage every account, other super admins included."),
        N_("Change role"),
    ),
}


class UsersAdminState(AdminListMixin, SearchMixin, ConfirmMixin, StaffState):
    restore_email: str = ""
    restore_error: str = ""
    role_filter: str = ALL
    show_deleted: bool = False
    me_id: int = 0

    create_open: bool = False
    errors: dict[str, str] = {}
    form_message: str = ""
    saving: bool = False
    created_email: str = ""
    created_password: str = ""

    async def _fetch(self):
        return await call(
            user_admin.list_users,
            request_context(),
            search=self.search,
            role=chosen(self.role_filter),
            include_deleted=self.show_deleted,
            page=self.page,
        )

    def _take(self, data):
        super()._take(replace(data, items=[asdict(r) for r in data.items]))

    async def _fresh_visit(self, me):
        # A page opened afresh shows no dialog left open from an earlier visit.
        self.create_open = self.confirm_open = False
        self.created_email, self.created_password = "", ""
        self.me_id = me.user_id

    @rx.event
    @require_roles(*STAFF)
    async def set_role_filter(self, value: str):
        self.role_filter = value
        return await self._first_page()

    @rx.event
    @require_roles(*STAFF)
    async def set_show_deleted(self, value: bool):
        self.show_deleted = bool(value)
        return await self._first_page()

    # ------------------------------------------------------------ create

    @rx.event
    @require_roles(*STAFF)
    def open_create(self):
        self.errors, self.form_message, self.create_open = {}, "", True

    @rx.event
    @require_roles(*STAFF)
    def close_create(self):
        self.create_open = False

    @rx.event
    @require_roles(*STAFF)
    async def create(self, form_data: dict):
        self.saving = True
        yield
        result = await call(
            user_admin.create_user_with_password,
            request_context(),
            email=form_data.get("email", ""),
            name=form_data.get("name", ""),
            role=form_data.get("role", "USER"),
        )
        self.saving = False
        if not result.ok:
            self.errors, self.form_message = result.fields, ("" if result.fields else result.message)
            return
        self.create_open, self.errors, self.form_message = False, {}, ""
        self.created_email, self.created_password = result.data.user.email, result.data.password
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    def forget_password(self):
        """The generated password is shown once: closing the dialog drops it from the state."""
        self.created_email, self.created_password = "", ""

    # ------------------------------------------------------------ changes

    @rx.event
    @require_roles(*STAFF)
    def ask(self, action: str, user_id: int, name: str):
        if action not in PROMPTS:
            return
        title, body, label = PROMPTS[action]
        self.restore_email, self.restore_error = "", ""
        self._ask(action, user_id, _(title).format(name=name), _(body), _(label))

    @rx.event
    @require_roles(*STAFF)
    def set_restore_email(self, value: str):
        self.restore_email = value

    @rx.event
    @require_roles(*STAFF)
    async def confirm(self):
        action, role, target = self._confirmed()
        ctx = request_context()
        if action == "role":
            result = await call(user_admin.change_role, ctx, target, role)
        elif action in ("block", "unblock"):
            result = await call(user_admin.set_blocked, ctx, target, action == "block")
        elif action == "delete":
            result = await call(user_admin.soft_delete, ctx, target)
        elif action == "restore":
            result = await call(user_admin.restore, ctx, target, self.restore_email)
            if not result.ok and "email" in result.fields:
                # Keep the dialog open with the problem beside the field.
                self.confirm_open, self.restore_error = True, result.fields["email"]
                return None
        else:
            return None
        return await self._reload_after(result, _("Saved."))
