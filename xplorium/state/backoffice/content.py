"""Back-office content editor: drafts, review, publishing, history, revert and preview."""

import re

import reflex as rx

from xplorium.i18n import DEFAULT_LOCALE, _
from xplorium.models.enums import ContentSection
from xplorium.services import content
from xplorium.services.bilingual import ENGLISH
from xplorium.services.security import generate_token
from xplorium.state.auth import STAFF, StaffState, current_user, request_context, require_roles
from xplorium.state.backoffice.common import refusal_events
from xplorium.state.calls import call

TEXT_FIELDS = ("title", "headline", "intro", "paragraphs", "highlights")
# Each field in Serbian ("title") and in English ("title_en"); one version holds both.
EMPTY_EDITOR = {key + suffix: "" for suffix in ("", "_en") for key in TEXT_FIELDS}
EMPTY_PREVIEW = {"title": "", "status": "", "version": "", "section": ""}
ITEM_FIELDS = ("name", "description", "name_en", "description_en", "price")
_BLANK_LINES = re.compile(r"\n\s*\n")


def _item(**values: str) -> dict[str, str]:
    # A stable key per row, so removing one row leaves the others' typed text in place.
    return {"key": generate_token()[:10]} | {field: values.get(field, "") for field in ITEM_FIELDS}


def _editor_texts(title: str, body: dict, suffix: str) -> dict[str, str]:
    return {
        "title" + suffix: title,
        "headline" + suffix: body["headline"],
        "intro" + suffix: body["intro"],
        "paragraphs" + suffix: "\n\n".join(body["paragraphs"]),
        "highlights" + suffix: "\n".join(body["highlights"]),
    }


def _body(form_data: dict, suffix: str, items: list[dict]) -> dict:
    """One language's body from the submitted form (items already read, in that language)."""
    return {
        "headline": form_data.get("headline" + suffix, ""),
        "intro": form_data.get("intro" + suffix, ""),
        "paragraphs": _BLANK_LINES.split(str(form_data.get("paragraphs" + suffix, ""))),
        "highlights": str(form_data.get("highlights" + suffix, "")).split("\n"),
        "items": items,
    }


class ContentAdminState(StaffState):
    sections: list[dict] = []
    section: str = ContentSection.CAFE.value
    section_label: str = ""
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
    preview_body_en: dict = {}

    confirm_open: bool = False
    confirm_version_id: int = 0
    confirm_text: str = ""

    @rx.var
    def has_items(self) -> bool:
        return self.section in {s.value for s in content.SECTIONS_WITH_ITEMS}

    def _label_section(self) -> None:
        # Set by the handlers, which run in the page's language (a computed var would not).
        try:
            self.section_label = _(content.SECTION_LABELS[ContentSection(self.section)])
        except ValueError:
            self.section_label = ""

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
            body, body_en = version["body"], version["body_en"]
            self.editor = _editor_texts(version["title"], body, "") | _editor_texts(
                version["title_en"], body_en, "_en"
            )
            english = body_en["items"]
            self.items = [
                _item(
                    name=item["name"],
                    description=item["description"],
                    price=item["price"],
                    name_en=english[index]["name"] if index < len(english) else "",
                    description_en=english[index]["description"] if index < len(english) else "",
                )
                for index, item in enumerate(body["items"])
            ]
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
        self._label_section()
        self.loading = True
        yield
        yield await self._refresh(into_editor=True)

    @rx.event
    @require_roles(*STAFF)
    async def select_section(self, section: str):
        if section not in {s.value for s in ContentSection}:
            return None
        self.section = section
        self._label_section()
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
            {"key": item["key"]} | {f: str(form_data.get(f"item_{f}_{item['key']}", "")) for f in ITEM_FIELDS}
            for item in self.items
        ]
        body = _body(form_data, "", [{f: i[f] for f in ("name", "description", "price")} for i in items])
        body_en = _body(
            form_data, "_en", [{"name": i["name_en"], "description": i["description_en"]} for i in items]
        )
        result = await call(
            content.save_draft,
            request_context(),
            self.section,
            form_data.get("title", ""),
            body,
            form_data.get("title_en", ""),
            body_en,
        )
        self.saving = False
        if not result.ok:
            # Keep what was typed; show each problem beside its field.
            self.editor = {key: str(form_data.get(key, "")) for key in EMPTY_EDITOR}
            self.items = items
            self.errors, self.form_message = result.fields, result.message
            self.editor_key += 1
            return
        yield rx.toast.success(
            _("Saved as draft version {version} (Serbian and English).").format(
                version=result.data["version"]
            )
        )
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
        return await self._after(result, _("Sent for review."))

    @rx.event
    @require_roles(*STAFF)
    async def back_to_draft(self, version_id: int):
        result = await call(content.return_to_draft, request_context(), version_id)
        return await self._after(result, _("Returned to draft."))

    @rx.event
    @require_roles(*STAFF)
    async def revert(self, version_id: int):
        result = await call(content.revert, request_context(), version_id)
        if not result.ok:
            return refusal_events(result)
        self._fill_editor(result.data)
        return [
            rx.toast.success(
                _("Version copied into new draft {version}.").format(version=result.data["version"])
            ),
            *await self._refresh(False),
        ]

    @rx.event
    @require_roles(*STAFF)
    def ask_publish(self, version_id: int, version: int):
        self.confirm_version_id = int(version_id)
        self.confirm_text = _(
            "Version {version} replaces what parents see on {section_path} now. The version published until now is archived (you can revert to it later)."
        ).format(version=version, section_path=self.section_path)
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
        return await self._after(result, _("Published: the public page shows it now."))

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
        self.preview_body = data["shown"][DEFAULT_LOCALE]
        self.preview_body_en = data["shown"][ENGLISH]
        self.preview_open = True
        return None

    @rx.event
    @require_roles(*STAFF)
    def close_preview(self):
        self.preview_open = False
