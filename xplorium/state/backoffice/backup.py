"""Back-office backup page (super admins only): the download is a plain authenticated route."""

import reflex as rx

from xplorium.models.enums import Role
from xplorium.services import backup
from xplorium.state.auth import StaffState, current_user, require_roles


class BackupAdminState(StaffState):
    tables: int = 0

    @rx.event
    @require_roles(Role.SUPER_ADMIN)
    def load(self):
        self._show(current_user())
        self.tables = len(backup.backup_tables())
