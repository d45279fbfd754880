"""Back-office campaigns: the list with counts, the new-campaign form with a live count of its
recipients, a test send to oneself, sending (now or at a time) and cancelling."""

import reflex as rx

from xplorium.i18n import _
from xplorium.services import campaigns
from xplorium.services.result import Result
from xplorium.state.auth import STAFF, StaffState, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.backoffice.list_state import (
    AdminListMixin,
    ConfirmMixin,
    SearchMixin,
    StatusFilterMixin,
    chosen,
)
from xplorium.state.calls import call

SEGMENT_FIELDS = ("tier", "tags", "segment", "last_visit_after", "last_visit_before", "birthday_month")
EMPTY_SEGMENT = dict.fromkeys(SEGMENT_FIELDS, "")
CONTENT_FIELDS = ("name", "subject", "body")


class CampaignsAdminState(AdminListMixin, StatusFilterMixin, SearchMixin, ConfirmMixin, StaffState):
    segment: dict[str, str] = dict(EMPTY_SEGMENT)
    recipients: int = 0
    counting: bool = False
    errors: dict[str, str] = {}
    form_message: str = ""
    form_key: int = 0
    saving: bool = False
    schedule_at: str = ""
    busy: bool = False

    async def _fetch(self) -> Result:
        return await call(
            campaigns.list_campaigns,
            request_context(),
            search=self.search,
            status=chosen(self.status_filter) or "",
            page=self.page,
        )

    async def _fresh_visit(self, me) -> None:
        self.segment, self.errors, self.form_message = dict(EMPTY_SEGMENT), {}, ""
        self.confirm_open, self.schedule_at = False, ""
        counted = await call(campaigns.preview_count, request_context(), EMPTY_SEGMENT)
        self.recipients = counted.data if counted.ok else 0

    async def _count(self):
        result = await call(campaigns.preview_count, request_context(), self.segment)
        self.counting = False
        if result.ok:
            self.recipients = result.data
            self.errors = {k: v for k, v in self.errors.items() if k not in SEGMENT_FIELDS}
        else:
            self.errors = {
                **{k: v for k, v in self.errors.items() if k not in SEGMENT_FIELDS},
                **result.fields,
            }

    @rx.event
    @require_roles(*STAFF)
    async def count_recipients(self):
        self.counting = True
        yield
        await self._count()

    @rx.event
    @require_roles(*STAFF)
    async def set_segment_field(self, name: str, value: str):
        if name not in SEGMENT_FIELDS:
            return
        self.segment = {**self.segment, name: str(value)}
        self.counting = True
        yield
        await self._count()

    @rx.event
    @require_roles(*STAFF)
    async def create(self, form_data: dict):
        self.saving = True
        yield
        data = {**{k: str(form_data.get(k, "")) for k in CONTENT_FIELDS}, **self.segment}
        result = await call(campaigns.create_campaign, request_context(), data)
        self.saving = False
        if not result.ok:
            self.errors, self.form_message = result.fields, ("" if result.fields else result.message)
            return
        self.errors, self.form_message, self.form_key = {}, "", self.form_key + 1
        self.segment = dict(EMPTY_SEGMENT)
        yield rx.toast.success(_("Campaign “{name}” saved as a draft.").format(name=result.data["name"]))
        self.page = 1
        yield await self._reload()
        await self._count()

    @rx.event
    @require_roles(*STAFF)
    async def send_test(self, campaign_id: int):
        result = await call(campaigns.send_test, request_context(), campaign_id)
        if not result.ok:
            yield refusal_events(result)
            return
        yield rx.toast.success(_("A test message is on its way to {email}.").format(email=result.data))

    @rx.event
    @require_roles(*STAFF)
    def ask_send(self, campaign_id: int, name: str):
        self.schedule_at = ""
        self._ask(
            "send",
            campaign_id,
            _("Send “{name}”?").format(name=name),
            _(
                "Every customer of its segment who agreed to marketing emails receives it. Leave the "
                "time empty to send now, or choose when."
            ),
            _("Send"),
        )

    @rx.event
    @require_roles(*STAFF)
    def ask_cancel(self, campaign_id: int, name: str):
        self._ask(
            "cancel",
            campaign_id,
            _("Cancel “{name}”?").format(name=name),
            _("Nobody who has not received it yet will. This cannot be undone."),
            _("Cancel campaign"),
        )

    @rx.event
    @require_roles(*STAFF)
    def set_schedule_at(self, value: str):
        self.schedule_at = str(value)

    @rx.event
    @require_roles(*STAFF)
    async def confirm(self):
        self.busy = True
        yield
        ctx = request_context()
        if self.confirm_action == "send":
            result = await call(campaigns.schedule, ctx, self.confirm_target, self.schedule_at)
            done = _("The campaign is scheduled; it goes out in batches.")
        else:
            result = await call(campaigns.cancel, ctx, self.confirm_target)
            done = _("The campaign is cancelled.")
        self.busy = False
        if not result.ok:
            yield rx.toast.error(result.fields.get("scheduled_at") or result.message, close_button=True)
            return
        self.confirm_open = False
        yield rx.toast.success(done)
        yield await self._reload()

    @rx.event
    @require_roles(*STAFF)
    async def reload_list(self):
        """The counts as they are now (a campaign that is sending moves on in batches)."""
        return await self._reload()
