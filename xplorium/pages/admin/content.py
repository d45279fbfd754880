"""/admin/content: per-section editor with draft → review → publish, history, revert, preview."""

import reflex as rx

from xplorium.components.admin_form import field_factory, form_text_area
from xplorium.components.admin_layout import (
    admin_page,
    confirm_dialog,
    empty_state,
    error_callout,
    field_error,
    hairline,
    loading_rows,
    section_card,
    titled_card,
)
from xplorium.components.admin_list import closable_dialog, close_button, row_menu
from xplorium.components.badges import status_badge
from xplorium.components.content_view import content_view
from xplorium.components.links import page_href
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.content import ContentAdminState as S


def section_button(entry) -> rx.Component:
    selected = S.section == entry["section"]
    return rx.el.button(
        rx.hstack(
            rx.vstack(
                rx.text(entry["label"], weight="medium", size="2"),
                muted(
                    rx.cond(
                        entry["published_version"].to(int) > 0,
                        _("Live: version ") + entry["published_version"].to_string(),
                        _("Not published yet"),
                    ),
                    size="1",
                ),
                spacing="0",
                align="start",
            ),
            rx.spacer(),
            rx.cond(entry["latest_status"] != "", status_badge(entry["latest_status"])),
            align="center",
            width="100%",
        ),
        type="button",
        on_click=S.select_section(entry["section"]),
        aria_pressed=rx.cond(selected, "true", "false"),
        width="100%",
        text_align="left",
        padding="0.6rem 0.75rem",
        border_radius="8px",
        border=rx.cond(selected, hairline(8, color="orange"), hairline(5)),
        background=rx.cond(selected, rx.color("orange", 3), rx.color("gray", 1)),
        cursor="pointer",
        font="inherit",
        color="inherit",
    )


def _item_input(item, field: str, placeholder: str, label: str, **props) -> rx.Component:
    return rx.input(
        name="item_" + field + "_" + item["key"].to(str),
        default_value=item[field],
        placeholder=placeholder,
        aria_label=label,
        **props,
    )


def item_row(item, index) -> rx.Component:
    key = item["key"].to(str)
    idx = index.to_string()
    return rx.vstack(
        rx.grid(
            _item_input(item, "name", _("Name (Serbian)"), _("Menu item name in Serbian")),
            _item_input(item, "name_en", _("Name in English"), _("Menu item name in English")),
            _item_input(item, "price", _("Price"), _("Menu item price"), inputmode="decimal"),
            rx.icon_button(
                rx.icon("x", size=14),
                type="button",
                variant="soft",
                color_scheme="gray",
                aria_label=_("Remove item"),
                on_click=S.remove_item(key),
            ),
            _item_input(
                item, "description", _("Description (Serbian)"), _("Menu item description in Serbian")
            ),
            _item_input(
                item, "description_en", _("Description in English"), _("Menu item description in English")
            ),
            columns=rx.breakpoints(initial="minmax(0, 1fr) auto", md="1.2fr 1.2fr 0.7fr auto"),
            spacing="2",
            width="100%",
        ),
        rx.text(S.errors.get("items." + idx + ".name", ""), color=rx.color("red", 11), size="1"),
        rx.text(S.errors.get("items." + idx + ".price", ""), color=rx.color("red", 11), size="1"),
        spacing="0",
        width="100%",
        key=key,
        padding_bottom="0.5rem",
        border_bottom=hairline(),
    )


def language_fields(suffix: str, legend: str, note: str) -> rx.Component:
    """The page texts of one language: Serbian (suffix "") or English ("_en")."""

    field = field_factory(S.editor, S.errors)
    return rx.el.fieldset(
        rx.el.legend(rx.text(legend, size="3", weight="bold")),
        muted(note, size="1"),
        rx.vstack(
            field(_("Page title"), "title" + suffix),
            field(_("Headline"), "headline" + suffix),
            field(_("Introduction"), "intro" + suffix, form_text_area, rows="2"),
            field(
                _("Text"),
                "paragraphs" + suffix,
                form_text_area,
                hint=_("Leave an empty line between paragraphs."),
                rows="6",
            ),
            field(
                _("Highlights"),
                "highlights" + suffix,
                form_text_area,
                hint=_("One per line, shown as badges."),
                rows="3",
            ),
            spacing="3",
            width="100%",
            margin_top="0.5rem",
        ),
        border=hairline(5),
        border_radius="8px",
        padding="0.75rem 1rem 1rem",
        margin="0",
        min_width="0",
        width="100%",
    )


def editor() -> rx.Component:
    errors = S.errors
    return section_card(
        rx.hstack(
            rx.heading(_("Edit · ") + S.section_label, size="4", as_="h2"),
            rx.spacer(),
            rx.link(
                rx.hstack(rx.icon("external-link", size=14), rx.text(_("Public page"), size="2")),
                href=page_href(S.section_path),
                is_external=True,
            ),
            align="center",
            width="100%",
        ),
        rx.form(
            rx.vstack(
                error_callout(S.form_message),
                language_fields(
                    "",
                    _("Srpski (Serbian)"),
                    _("Required: visitors read the page in Serbian by default."),
                ),
                language_fields(
                    "_en",
                    _("English"),
                    _("Optional: a field left empty shows the Serbian text to English readers."),
                ),
                rx.cond(
                    S.has_items,
                    rx.vstack(
                        rx.text(_("Menu items"), size="2", weight="medium"),
                        muted(
                            _("Each item in Serbian and in English; the price is the same in both."), size="1"
                        ),
                        rx.foreach(S.items, item_row),
                        field_error(errors, "items"),
                        rx.button(
                            rx.icon("plus", size=14),
                            _("Add item"),
                            type="button",
                            variant="soft",
                            size="1",
                            on_click=S.add_item,
                        ),
                        spacing="2",
                        width="100%",
                    ),
                ),
                rx.hstack(
                    muted(
                        _(
                            "Saving creates a new draft version; the live page changes only when a reviewed version is published."
                        ),
                        size="1",
                    ),
                    rx.spacer(),
                    rx.button(rx.icon("save", size=16), _("Save draft"), type="submit", loading=S.saving),
                    align="center",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.section + S.editor_key.to_string(),
            width="100%",
        ),
    )


def version_actions(row) -> rx.Component:
    vid = row["id"]
    return rx.hstack(
        rx.button(
            rx.icon("eye", size=14), _("Preview"), size="1", variant="soft", on_click=S.show_preview(vid)
        ),
        rx.match(
            row["status"],
            (
                "DRAFT",
                rx.button(
                    _("Send for review"),
                    size="1",
                    variant="soft",
                    color_scheme="amber",
                    on_click=S.submit_review(vid),
                ),
            ),
            (
                "REVIEW",
                rx.hstack(
                    rx.button(_("Publish"), size="1", on_click=S.ask_publish(vid, row["version"])),
                    rx.button(
                        _("Back to draft"),
                        size="1",
                        variant="ghost",
                        color_scheme="gray",
                        on_click=S.back_to_draft(vid),
                    ),
                    spacing="1",
                ),
            ),
            rx.fragment(),
        ),
        row_menu(
            _("More"),
            rx.menu.item(_("Load into editor"), on_click=S.edit_version(vid)),
            rx.menu.item(_("Revert to this version (new draft)"), on_click=S.revert(vid)),
            icon_size=14,
            size="1",
        ),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def history_panel() -> rx.Component:
    return titled_card(
        _("Versions"),
        rx.cond(
            S.history.length() > 0,
            rx.vstack(
                rx.foreach(
                    S.history,
                    lambda row: rx.vstack(
                        rx.hstack(
                            rx.text("v" + row["version"].to_string(), weight="bold"),
                            status_badge(row["status"]),
                            rx.spacer(),
                            muted(row["created_at"], size="1"),
                            align="center",
                            width="100%",
                        ),
                        muted(row["title"].to(str) + _(" · by ") + row["author"].to(str), size="1"),
                        version_actions(row),
                        spacing="2",
                        width="100%",
                        padding_bottom="0.75rem",
                        border_bottom=hairline(),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            empty_state(
                "file-pen-line", _("No versions yet"), _("Write the page on the left and save a draft.")
            ),
        ),
    )


def preview_box(body, element_id: str) -> rx.Component:
    return rx.box(
        content_view(body),
        padding="2rem",
        margin_top="1rem",
        border=hairline(5),
        border_radius="12px",
        background=rx.color("gray", 1),
        id=element_id,
    )


def preview_dialog() -> rx.Component:
    meta = S.preview_meta
    return closable_dialog(
        S.preview_open,
        S.close_preview,
        rx.hstack(
            rx.dialog.title(_("Preview · version ") + meta["version"]),
            status_badge(meta["status"]),
            rx.spacer(),
            rx.cond(
                meta["status"] == "REVIEW",
                rx.button(
                    _("Publish this version"),
                    size="2",
                    on_click=S.ask_publish(meta["id"].to(int), meta["version"].to(int)),
                ),
            ),
            close_button(_("Close"), S.close_preview, size="2"),
            align="center",
            width="100%",
        ),
        muted(_("This is how the public page will show it.")),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(_("Srpski"), value="sr"),
                rx.tabs.trigger(_("English"), value="en"),
            ),
            rx.tabs.content(preview_box(S.preview_body, "content-preview"), value="sr"),
            rx.tabs.content(preview_box(S.preview_body_en, "content-preview-en"), value="en"),
            default_value="sr",
            margin_top="1rem",
        ),
        max_width="900px",
    )


def admin_content() -> rx.Component:
    return admin_page(
        _("Content"),
        loading_rows(S.loading),
        rx.grid(
            titled_card(
                _("Pages"),
                rx.vstack(rx.foreach(S.sections, section_button), spacing="2", width="100%"),
            ),
            editor(),
            history_panel(),
            # One column until the three fit (at 200 % zoom the editor keeps the full width).
            columns=rx.breakpoints(initial="minmax(0, 1fr)", lg="250px minmax(0, 1fr) 330px"),
            spacing="5",
            width="100%",
            align="start",
        ),
        preview_dialog(),
        confirm_dialog(
            S.confirm_open,
            _("Publish this version?"),
            S.confirm_text,
            _("Publish"),
            S.publish,
            S.cancel_publish,
        ),
        active="/admin/content",
    )
