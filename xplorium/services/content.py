"""Versioned page content: every save is a new version; draft → review → publish.

One SiteContent row per section is the lock that serialises saves and publishes of that
section; a partial unique index keeps at most one PUBLISHED version per section.
"""

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from xplorium.constants import (
    CONTENT_ITEM_TEXT_MAX,
    CONTENT_LIST_MAX,
    CONTENT_TEXT_MAX,
    SHORT_TEXT_MAX,
)
from xplorium.db import session_scope
from xplorium.i18n import LOCALES, N_, _
from xplorium.models import ContentVersion, SiteContent, User
from xplorium.models.content import ContentBody, MenuItem
from xplorium.models.enums import AuditAction, ContentSection, ContentStatus
from xplorium.services import audit, catalog, clock
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound, ValidationFailed
from xplorium.services.parsing import parse_amount
from xplorium.services.sanitize import clean_text, required_text

ENTITY = "site_content"
SECTION_LABELS = {
    ContentSection.HOME: N_("Home page"),
    ContentSection.CAFE: N_("Cafe"),
    ContentSection.SENSORY: N_("Sensory room"),
    ContentSection.IGRAONICA: N_("Playroom (igraonica)"),
    ContentSection.HOURS: N_("Opening hours page"),
    ContentSection.CONTACT: N_("Contact page"),
}
# The public page of each section, for links from the editor.
SECTION_PATHS = {
    ContentSection.HOME: "/",
    ContentSection.CAFE: "/cafe",
    ContentSection.SENSORY: "/sensory",
    ContentSection.IGRAONICA: "/igraonica",
    ContentSection.HOURS: "/hours",
    ContentSection.CONTACT: "/contact",
}
# Sections whose page lists menu items (name, description, price).
SECTIONS_WITH_ITEMS = frozenset({ContentSection.CAFE})


def _section(value: object) -> ContentSection:
    try:
        return ContentSection(str(value))
    except ValueError:
        raise NotFound(_("There is no such page section.")) from None


def _local(moment) -> str:
    return moment.astimezone(clock.VENUE_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""


def version_dict(version: ContentVersion, author: str = "") -> dict[str, Any]:
    """A version with both its texts: `title`/`body` in Serbian, `title_en`/`body_en` in English."""
    return {
        "id": version.id,
        "version": version.version,
        "title": version.title,
        "body": normalise_body(version.body or {}),
        "title_en": version.title_en or "",
        "body_en": normalise_body(version.body_en or {}),
        "status": ContentStatus(version.status).value,
        "author": author,
        "created_at": _local(version.created_at),
        "published_at": _local(version.published_at),
    }


def normalise_body(body: Mapping[str, Any]) -> ContentBody:
    """Every ContentBody key present, so pages can render any version without checks."""
    return {
        "headline": str(body.get("headline") or ""),
        "intro": str(body.get("intro") or ""),
        "paragraphs": [str(p) for p in body.get("paragraphs") or []],
        "highlights": [str(h) for h in body.get("highlights") or []],
        "items": [
            {
                "name": str(i.get("name") or ""),
                "description": str(i.get("description") or ""),
                "price": str(i.get("price") or ""),
            }
            for i in body.get("items") or []
            if isinstance(i, Mapping)
        ],
    }


# ---------------------------------------------------------------- validation


def _clean_texts(errors: FieldErrors, body: Mapping[str, Any], suffix: str) -> dict[str, Any]:
    """The headline, introduction, paragraphs and highlights of one language, cleaned."""
    paragraphs = [
        clean_text(p, max_length=CONTENT_TEXT_MAX, multiline=True) for p in body.get("paragraphs") or []
    ]
    paragraphs = [p for p in paragraphs if p]
    highlights = [clean_text(h, max_length=SHORT_TEXT_MAX) for h in body.get("highlights") or []]
    highlights = [h for h in highlights if h]
    if len(paragraphs) > CONTENT_LIST_MAX:
        errors.add("paragraphs" + suffix, _("At most {count} paragraphs.").format(count=CONTENT_LIST_MAX))
    if len(highlights) > CONTENT_LIST_MAX:
        errors.add("highlights" + suffix, _("At most {count} highlights.").format(count=CONTENT_LIST_MAX))
    return {
        "headline": clean_text(body.get("headline"), max_length=SHORT_TEXT_MAX),
        "intro": clean_text(body.get("intro"), max_length=CONTENT_ITEM_TEXT_MAX * 4, multiline=True),
        "paragraphs": paragraphs,
        "highlights": highlights,
    }


def _raw_items(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [raw if isinstance(raw, Mapping) else {} for raw in body.get("items") or []]


def _clean_items(
    errors: FieldErrors, section: ContentSection, body: Mapping[str, Any], body_en: Mapping[str, Any]
) -> tuple[list[MenuItem], list[MenuItem]]:
    """The menu in both languages, row by row: the price is one, written on the Serbian row."""
    raw_items, raw_en = _raw_items(body), _raw_items(body_en)
    if (raw_items or raw_en) and section not in SECTIONS_WITH_ITEMS:
        errors.add("items", _("This section has no menu."))
    items: list[MenuItem] = []
    items_en: list[MenuItem] = []
    for index in range(max(len(raw_items), len(raw_en))):
        raw = raw_items[index] if index < len(raw_items) else {}
        english = raw_en[index] if index < len(raw_en) else {}
        name = clean_text(raw.get("name"), max_length=SHORT_TEXT_MAX)
        description = clean_text(raw.get("description"), max_length=CONTENT_ITEM_TEXT_MAX)
        name_en = clean_text(english.get("name"), max_length=SHORT_TEXT_MAX)
        description_en = clean_text(english.get("description"), max_length=CONTENT_ITEM_TEXT_MAX)
        price_text = str(raw.get("price") or "").strip()
        if not (name or description or price_text or name_en or description_en):
            continue  # an empty row left in the editor
        if not name:
            errors.add(f"items.{index}.name", _("Each menu item needs a name in Serbian."))
        price = (
            parse_amount(errors, f"items.{index}.price", price_text, label=_("Price")) if price_text else None
        )
        price_label = f"{price:.2f}" if price is not None else ""
        items.append({"name": name, "description": description, "price": price_label})
        items_en.append({"name": name_en, "description": description_en, "price": price_label})
    if len(items) > CONTENT_LIST_MAX:
        errors.add("items", _("At most {count} menu items.").format(count=CONTENT_LIST_MAX))
    return items, items_en


def validate_body(
    section: ContentSection,
    title: object,
    body: Mapping[str, Any],
    title_en: object = "",
    body_en: Mapping[str, Any] | None = None,
) -> tuple[str, ContentBody, str, ContentBody]:
    """Both texts of a version, cleaned: the Serbian one complete, the English one optional
    (errors in English are reported as "<field>_en", like its form fields)."""
    errors = FieldErrors()
    body_en = body_en if isinstance(body_en, Mapping) else {}
    clean_title = required_text(errors, "title", title, max_length=SHORT_TEXT_MAX, label=_("Title"))
    clean_title_en = clean_text(title_en, max_length=SHORT_TEXT_MAX)
    texts = _clean_texts(errors, body, "")
    texts_en = _clean_texts(errors, body_en, "_en")
    if not (texts["headline"] or texts["intro"] or texts["paragraphs"]):
        errors.add("headline", _("Write at least a headline, an introduction or a paragraph."))
    items, items_en = _clean_items(errors, section, body, body_en)
    errors.raise_if_any()
    return clean_title, {**texts, "items": items}, clean_title_en, {**texts_en, "items": items_en}


# ---------------------------------------------------------------- reading


def _content_row(session: Session, section: ContentSection, lock: bool) -> SiteContent | None:
    statement = sa.select(SiteContent).where(SiteContent.section == section)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).scalars().first()


def _locked_content(session: Session, section: ContentSection) -> SiteContent:
    """The section's row, locked; created on first use (a concurrent creator wins harmlessly)."""
    row = _content_row(session, section, lock=True)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            session.add(SiteContent(section=section))
            session.flush()
    except IntegrityError:
        pass
    row = _content_row(session, section, lock=True)
    assert row is not None
    return row


def sections_overview(ctx: RequestContext) -> list[dict[str, Any]]:
    """Each section with its published and latest version numbers."""
    require_staff(ctx)
    with session_scope() as session:
        rows = session.exec(
            sa.select(
                SiteContent.section, ContentVersion.version, ContentVersion.status, ContentVersion.created_at
            )
            .join(ContentVersion, ContentVersion.content_id == SiteContent.id)
            .order_by(ContentVersion.version)
        ).all()
    summary: dict[str, dict[str, Any]] = {
        s.value: {
            "section": s.value,
            "label": _(SECTION_LABELS[s]),
            "path": SECTION_PATHS[s],
            "published_version": 0,
            "latest_version": 0,
            "latest_status": "",
            "updated_at": "",
        }
        for s in ContentSection
    }
    for section, number, status, created_at in rows:
        entry = summary[ContentSection(section).value]
        entry["latest_version"] = number
        entry["latest_status"] = ContentStatus(status).value
        entry["updated_at"] = _local(created_at)
        if status == ContentStatus.PUBLISHED:
            entry["published_version"] = number
    return list(summary.values())


def history(ctx: RequestContext, section: str) -> list[dict[str, Any]]:
    """Every version of a section, newest first, with who saved it and when."""
    require_staff(ctx)
    key = _section(section)
    with session_scope() as session:
        rows = session.exec(
            sa.select(ContentVersion, User.name, User.email)
            .join(SiteContent, SiteContent.id == ContentVersion.content_id)
            .outerjoin(User, User.id == ContentVersion.created_by_id)
            .where(SiteContent.section == key)
            .order_by(ContentVersion.version.desc())
        ).all()
        return [version_dict(v, name or email or "—") for v, name, email in rows]


def get_version(ctx: RequestContext, version_id: int) -> dict[str, Any]:
    """One version's texts: what the editor loads, and `shown` as the preview renders it,
    {locale: page}, each language as its readers will see it (English falls back per field)."""
    require_staff(ctx)
    with session_scope() as session:
        version, section = _version(session, version_id)
        data = version_dict(version) | {"section": section.value}
    texts = (data["title"], data["body"], data["title_en"], data["body_en"])
    return data | {"shown": {locale: catalog.localized_content(*texts, locale=locale) for locale in LOCALES}}


def published_content(section: str) -> dict[str, Any] | None:
    """The PUBLISHED version of a section, or None: all the public site may ever show.

    Read straight from the database; public pages read through the catalog cache,
    which publishing invalidates.
    """
    key = _section(section)
    with session_scope() as session:
        version = (
            session.exec(
                sa.select(ContentVersion)
                .join(SiteContent, SiteContent.id == ContentVersion.content_id)
                .where(SiteContent.section == key, ContentVersion.status == ContentStatus.PUBLISHED)
            )
            .scalars()
            .first()
        )
        return None if version is None else version_dict(version)


def _version(
    session: Session, version_id: object, lock: bool = False
) -> tuple[ContentVersion, ContentSection]:
    try:
        key = int(version_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotFound(_("That version does not exist.")) from None
    row = session.exec(
        sa.select(ContentVersion, SiteContent.section)
        .join(SiteContent, SiteContent.id == ContentVersion.content_id)
        .where(ContentVersion.id == key)
    ).first()
    if row is None:
        raise NotFound(_("That version does not exist."))
    version, section = row
    section = ContentSection(section)
    if lock:
        # The section row first, always, so that saves and publishes queue up in one order.
        _locked_content(session, section)
        session.refresh(version)
    return version, section


# ---------------------------------------------------------------- writing


def _new_version(
    session: Session,
    ctx: RequestContext,
    section: ContentSection,
    texts: tuple[str, ContentBody, str, ContentBody],
) -> ContentVersion:
    """A new DRAFT version holding `texts`: (title, body) in Serbian, then in English."""
    title, body, title_en, body_en = texts
    content = _locked_content(session, section)
    last = session.exec(
        sa.select(sa.func.max(ContentVersion.version)).where(ContentVersion.content_id == content.id)
    ).scalar_one()
    version = ContentVersion(
        content_id=content.id,
        version=(last or 0) + 1,
        title=title,
        body=dict(body),
        title_en=title_en,
        body_en=dict(body_en),
        status=ContentStatus.DRAFT,
        created_by_id=ctx.actor_id,
    )
    content.updated_at = clock.now()
    session.add_all([version, content])
    session.flush()
    return version


def save_draft(
    ctx: RequestContext,
    section: str,
    title: object,
    body: Mapping[str, Any],
    title_en: object = "",
    body_en: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Save the editor's texts, Serbian and English, as one new DRAFT version."""
    require_staff(ctx)
    key = _section(section)
    if not isinstance(body, Mapping) or not isinstance(body_en, Mapping | None):
        raise ValidationFailed({"body": _("The content could not be read.")})
    texts = validate_body(key, title, body, title_en, body_en)
    with session_scope() as session:
        version = _new_version(session, ctx, key, texts)
        audit.record(
            session,
            ctx,
            AuditAction.CREATE,
            ENTITY,
            key.value,
            {
                "version": version.version,
                "status": ContentStatus.DRAFT,
                "title": texts[0],
                "title_en": texts[2],
            },
        )
        return version_dict(version) | {"section": key.value}


def revert(ctx: RequestContext, version_id: int) -> dict[str, Any]:
    """Copy an old version, both its languages, into a NEW draft; history is never rewritten."""
    require_staff(ctx)
    with session_scope() as session:
        source, section = _version(session, version_id, lock=True)
        texts = (
            source.title,
            normalise_body(source.body or {}),
            source.title_en or "",
            normalise_body(source.body_en or {}),
        )
        version = _new_version(session, ctx, section, texts)
        audit.record(
            session,
            ctx,
            AuditAction.ROLLBACK,
            ENTITY,
            section.value,
            {"from_version": source.version, "version": version.version},
        )
        return version_dict(version) | {"section": section.value}


def _set_status(
    ctx: RequestContext, version_id: int, allowed_from: tuple[ContentStatus, ...], target: ContentStatus
) -> dict[str, Any]:
    require_staff(ctx)
    with session_scope() as session:
        version, section = _version(session, version_id, lock=True)
        current = ContentStatus(version.status)
        if current not in allowed_from:
            raise Conflict(
                _("Version {version} is {lower}; it cannot become {lower2}.").format(
                    version=version.version, lower=current.value.lower(), lower2=target.value.lower()
                )
            )
        changes: dict[str, Any] = {"version": version.version, "status": {"from": current, "to": target}}
        if target == ContentStatus.PUBLISHED:
            previous = (
                session.exec(
                    sa.select(ContentVersion).where(
                        ContentVersion.content_id == version.content_id,
                        ContentVersion.status == ContentStatus.PUBLISHED,
                    )
                )
                .scalars()
                .first()
            )
            if previous is not None:
                previous.status = ContentStatus.ARCHIVED
                session.add(previous)
                # Archived before the new one is published: the one-published index checks each row.
                session.flush()
                changes["archived_version"] = previous.version
            version.published_at = clock.now()
        version.status = target
        session.add(version)
        session.flush()
        action = {
            ContentStatus.PUBLISHED: AuditAction.PUBLISH,
            ContentStatus.ARCHIVED: AuditAction.ARCHIVE,
        }.get(target, AuditAction.UPDATE)
        audit.record(session, ctx, action, ENTITY, section.value, changes)
        result = version_dict(version) | {"section": section.value}
    if target in (ContentStatus.PUBLISHED, ContentStatus.ARCHIVED):
        catalog.invalidate_content(section)
    return result


def submit_for_review(ctx: RequestContext, version_id: int) -> dict[str, Any]:
    return _set_status(ctx, version_id, (ContentStatus.DRAFT,), ContentStatus.REVIEW)


def return_to_draft(ctx: RequestContext, version_id: int) -> dict[str, Any]:
    return _set_status(ctx, version_id, (ContentStatus.REVIEW,), ContentStatus.DRAFT)


def publish(ctx: RequestContext, version_id: int) -> dict[str, Any]:
    """Publish a reviewed version; the one published before it is archived."""
    return _set_status(ctx, version_id, (ContentStatus.REVIEW,), ContentStatus.PUBLISHED)
