"""Back-office content editor: drafts, review, publishing, history, revert and preview."""

import re

import reflex as rx

from xplorium.models.enums import ContentSection
from xplorium.services import content
from xplorium.services.security import generate_token
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call

EMPTY_EDITOR = {"title": "", "headline": "", "intro": "", "paragraphs": "", "highlights": ""}
EMPTY_PREVIEW = {"title": "", "status": "", "version": "", "section": ""}
_BLANK_LINES = re.compile(r"\n\s*\n")


def _item(name: str = "", description: str = "", price: str = "") -> dict[str, str]:
    # A stable key per row, so removing one row leaves the others' typed text in place.
    return {"key": generate_token()[:10], "name": name, "description": description, "price": price}


class ContentAdminState(StaffState):
    sections: list[dict] = []
    section: str = ContentSection.CAFE.value
    history: list[dict] = []
    editor: dict[str, str] = dict(EMPTY_EDITOR)
    items: list[dict[str, str]] = []
    editor_key: int = 0
    errors: dict[str, str] = {}
    form_message: str = ""
    loading: bool = False
    saving: bool = False

    preview_open: bool = False
    preview_meta: dict[str, str] = dict(EMPTY_PREVIEW)
    preview_body: dict = {}

    confirm_open: bool = False
    confirm_version_id: int = 0
    confirm_text: str = ""

    @rx.var
    def has_items(self) -> bool:
        return self.section in {s.value for s in content.SECTIONS_WITH_ITEMS}

    @rx.var
    def section_label(self) -> str:
        try:
            return content.SECTION_LABELS[ContentSection(self.section)]
        except ValueError:
            return ""

    @rx.var
    def section_path(self) -> str:
        try:
            return content.SECTION_PATHS[ContentSection(self.section)]
        except ValueError:
            return "/"

    # ------------------------------------------------------------ loading

    async def _refresh(self, into_editor: bool) -> list:
        ctx = request_context()
        overview = await call(content.sections_overview, ctx)
        history = await call(content.history, ctx, self.section)
        self.loading = False
        for result in (overview, history):
            if not result.ok:
                return refusal_events(result)
        self.sections, self.history = overview.data, history.data
        if into_editor:
            self._fill_editor(history.data[0] if history.data else None)
        return []

    def _fill_editor(self, version: dict | None) -> None:
        if version is None:
            self.editor, self.items = dict(EMPTY_EDITOR), []
        else:
            body = version["body"]
            self.editor = {
                "title": version["title"],
                "headline": body["headline"],
                "intro": body["intro"],
                "paragraphs": "\n\n".join(body["paragraphs"]),
                "highlights": "\n".join(body["highlights"]),
            }
            self.items = [_item(i["name"], i["description"], i["price"]) for i in body["items"]]
        if self.has_items and not self.items:
            self.items = [_item()]
        self.errors, self.form_message = {}, ""
        self.editor_key += 1

    @rx.event
    @require_roles(*STAFF)
    async def load(self):
        # A page opened afresh shows no dialog left open from an earlier visit.
        self.preview_open = self.confirm_open = False
        self._show(current_user())
        wanted = self.router.url.query_parameters.get("section", "")
        if wanted in {s.value for s in ContentSection}:
            self.section = wanted
        self.loading = True
        yield
        yield await self._refresh(into_editor=True)

    @rx.event
    @require_roles(*STAFF)
    async def select_section(self, section: str):
        if section not in {s.value for s in ContentSection}:
            return None
        self.section = section
        return await self._refresh(into_editor=True)

    # ------------------------------------------------------------ editing

    @rx.event
    @require_roles(*STAFF)
    def add_item(self):
        self.items = [*self.items, _item()]

    @rx.event
    @require_roles(*STAFF)
    def remove_item(self, key: str):
        self.items = [i for i in self.items if i["key"] != key]

    @rx.event
    @require_roles(*STAFF)
    async def save(self, form_data: dict):
        self.saving = True
        yield
        items = [
            {
                "key": item["key"],
                "name": str(form_data.get(f"item_name_{item['key']}", "")),
                "description": str(form_data.get(f"item_description_{item['key']}", "")),
                "price": str(form_data.get(f"item_price_{item['key']}", "")),
            }
            for item in self.items
        ]
        body = {
            "headline": form_data.get("headline", ""),
            "intro": form_data.get("intro", ""),
            "paragraphs": _BLANK_LINES.split(str(form_data.get("paragraphs", ""))),
            "highlights": str(form_data.get("highlights", "")).split("\n"),
            "items": [{k: v for k, v in i.items() if k != "key"} for i in items],
        }
        result = await call(
            content.save_draft, request_context(), self.section, form_data.get("title", ""), body
        )
        self.saving = False
        if not result.ok:
            # Keep what was typed; show each problem beside its field.
            self.editor = {key: str(form_data.get(key, "")) for key in EMPTY_EDITOR}
            self.items = items
            self.errors, self.form_message = result.fields, result.message
            self.editor_key += 1
            return
        yield rx.toast.success(f"Saved as draft version {result.data['version']}.")
        yield await self._refresh(into_editor=True)

    @rx.event
    @require_roles(*STAFF)
    async def edit_version(self, version_id: int):
        result = await call(content.get_version, request_context(), version_id)
        if not result.ok:
            return refusal_events(result)
        self._fill_editor(result.data)
        return rx.toast.info(
            f"Version {result.data['version']} loaded into the editor. Saving makes a new draft."
        )

    # ------------------------------------------------------------ workflow

    async def _after(self, result, message: str) -> list:
        if not result.ok:
            return refusal_events(result)
        return [rx.toast.success(message), *await self._refresh(into_editor=False)]

    @rx.event
    @require_roles(*STAFF)
    async def submit_review(self, version_id: int):
        result = await call(content.submit_for_review, request_context(), version_id)
        return await self._after(result, "Sent for review.")

    @rx.event
    @require_roles(*STAFF)
    async def back_to_draft(self, version_id: int):
        result = await call(content.return_to_draft, request_context(), version_id)
        return await self._after(result, "Returned to draft.")

    @rx.event
    @require_roles(*STAFF)
    async def revert(self, version_id: int):
        result = await call(content.revert, request_context(), version_id)
        if not result.ok:
            return refusal_events(result)
        self._fill_editor(result.data)
        return [
            rx.toast.success(f"Version copied into new draft {result.data['version']}."),
            *await self._refresh(False),
        ]

    @rx.event
    @require_roles(*STAFF)
    def ask_publish(self, version_id: int, version: int):
        self.confirm_version_id = int(version_id)
        self.confirm_text = (
            f"Version {version} replaces what parents see on {self.section_path} now. "
            "The version published until now is archived (you can revert to it later)."
        )
        self.preview_open = False
        self.confirm_open = True

    @rx.event
    @require_roles(*STAFF)
    def cancel_publish(self):
        self.confirm_open = False

    @rx.event
    @require_roles(*STAFF)
    async def publish(self):
        self.confirm_open = False
        result = await call(content.publish, request_context(), self.confirm_version_id)
        return await self._after(result, "Published: the public page shows it now.")

    # ------------------------------------------------------------ preview

    @rx.event
    @require_roles(*STAFF)
    async def show_preview(self, version_id: int):
        result = await call(content.get_version, request_context(), version_id)
        if not result.ok:
            return refusal_events(result)
        data = result.data
        self.preview_meta = {
            "id": str(data["id"]),
            "title": data["title"],
            "status": data["status"],
            "version": str(data["version"]),
            "section": data["section"],
        }
        self.preview_body = data["body"]
        self.preview_open = True
        return None

    @rx.event
    @require_roles(*STAFF)
    def close_preview(self):
        self.preview_open = False
