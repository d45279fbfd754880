"""Back-office import: a bookings or events CSV checked (dry run) or imported, each row's problems shown."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import imports
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.calls import call

UPLOAD_ID = "import_file"


class ImportAdminState(StaffState):
    kind: str = "bookings"
    rows: list[dict] = []
    file_error: str = ""
    summary: str = ""
    imported: bool = False
    checked: bool = False
    working: bool = False

    @rx.event
    @require_roles(*STAFF)
    def load(self):
        self._show(current_user())
        self.rows, self.file_error, self.summary, self.imported, self.checked = [], "", "", False, False
        self.kind = "bookings"

    @rx.event
    @require_roles(*STAFF)
    def set_kind(self, value: str):
        if value in imports.KINDS:
            self.kind, self.rows, self.checked, self.file_error = value, [], False, ""

    async def _run(self, files: list[rx.UploadFile], *, dry_run: bool):
        if not files:
            self.file_error = _("Choose a CSV file first.")
            return
        content = await files[0].read()
        result = await call(imports.import_rows, request_context(), self.kind, content, dry_run=dry_run)
        if not result.ok:
            self.rows, self.summary, self.imported = [], "", False
            self.file_error = result.fields.get("file", result.message)
            return
        report = result.data
        self.rows, self.file_error, self.checked = report.rows, "", True
        self.imported = report.imported > 0
        if report.problems:
            self.summary = _("{bad} of {total} rows have problems; nothing was imported.").format(
                bad=report.problems, total=len(report.rows)
            )
        elif dry_run:
            self.summary = _("All {total} rows can be imported.").format(total=len(report.rows))
        else:
            self.summary = _("{total} rows imported.").format(total=report.imported)

    @rx.event
    @require_roles(*STAFF)
    async def check_file(self, files: list[rx.UploadFile]):
        self.working = True
        yield
        await self._run(files, dry_run=True)
        self.working = False

    @rx.event
    @require_roles(*STAFF)
    async def import_file(self, files: list[rx.UploadFile]):
        self.working = True
        yield
        await self._run(files, dry_run=False)
        self.working = False
        if self.imported:
            yield rx.toast.success(self.summary)
