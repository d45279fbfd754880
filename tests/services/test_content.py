import pytest
import sqlalchemy as sa

from tests.support.backoffice_staff import (  # noqa: F401 - fixtures
    admin_ctx_fixture,
    admin_fixture,
    parent_ctx_fixture,
    parent_fixture,
)
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import AuditLog, ContentVersion
from xplorium.services import catalog, content
from xplorium.services.cache import get_cache
from xplorium.services.errors import Conflict, Forbidden, NotFound, ValidationFailed

CAFE = {
    "headline": "Coffee while they play",
    "intro": "Specialty coffee <b>and</b> fresh juice.",
    "paragraphs": ["We roast locally.", "  "],
    "highlights": ["Wi-Fi", "Kids' menu"],
    "items": [
        {"name": "Espresso", "description": "Double shot", "price": "220"},
        {"name": "", "description": "", "price": ""},
    ],
}


def publish_new(ctx, section: str, title: str, body: dict) -> dict:
    draft = content.save_draft(ctx, section, title, body)
    content.submit_for_review(ctx, draft["id"])
    return content.publish(ctx, draft["id"])


def test_every_save_is_a_new_numbered_draft(admin_ctx, admin):
    first = content.save_draft(admin_ctx, "cafe", "Cafe", CAFE)
    second = content.save_draft(admin_ctx, "cafe", "Cafe 2", CAFE | {"headline": "New"})
    assert (first["version"], second["version"]) == (1, 2)
    assert first["status"] == second["status"] == "DRAFT"
    assert first["body"]["intro"] == "Specialty coffee and fresh juice."
    assert first["body"]["paragraphs"] == ["We roast locally."]
    assert first["body"]["items"] == [{"name": "Espresso", "description": "Double shot", "price": "220.00"}]
    rows = content.history(admin_ctx, "cafe")
    assert [(r["version"], r["author"]) for r in rows] == [(2, "Ana Admin"), (1, "Ana Admin")]
    assert all(r["created_at"] for r in rows)


def test_nothing_is_public_until_a_reviewed_version_is_published(admin_ctx):
    draft = content.save_draft(admin_ctx, "cafe", "Cafe", CAFE)
    assert content.published_content("cafe") is None
    with pytest.raises(Conflict):
        content.publish(admin_ctx, draft["id"])  # a draft must be reviewed first
    content.submit_for_review(admin_ctx, draft["id"])
    assert content.published_content("cafe") is None
    content.publish(admin_ctx, draft["id"])
    assert content.published_content("cafe")["body"]["headline"] == "Coffee while they play"
    content.save_draft(admin_ctx, "cafe", "Cafe", CAFE | {"headline": "Unreviewed"})
    assert content.published_content("cafe")["body"]["headline"] == "Coffee while they play"


def test_publishing_archives_the_previously_published_version(admin_ctx):
    v1 = publish_new(admin_ctx, "cafe", "Cafe", CAFE)
    v2 = publish_new(admin_ctx, "cafe", "Cafe", CAFE | {"headline": "Second"})
    statuses = {r["version"]: r["status"] for r in content.history(admin_ctx, "cafe")}
    assert statuses == {v1["version"]: "ARCHIVED", v2["version"]: "PUBLISHED"}
    assert content.published_content("cafe")["version"] == 2


def test_database_allows_only_one_published_version_per_section(admin_ctx):
    v1 = publish_new(admin_ctx, "cafe", "Cafe", CAFE)
    draft = content.save_draft(admin_ctx, "cafe", "Cafe", CAFE)
    with pytest.raises(sa.exc.IntegrityError), session_scope() as session:
        row = session.get(ContentVersion, draft["id"])
        row.status = "PUBLISHED"
        session.flush()
    assert content.published_content("cafe")["id"] == v1["id"]


def test_revert_creates_a_new_draft_with_the_old_text(admin_ctx):
    v1 = publish_new(admin_ctx, "cafe", "Old cafe", CAFE)
    publish_new(admin_ctx, "cafe", "New cafe", CAFE | {"headline": "Changed"})
    reverted = content.revert(admin_ctx, v1["id"])
    assert (reverted["version"], reverted["status"], reverted["title"]) == (3, "DRAFT", "Old cafe")
    assert reverted["body"] == v1["body"]
    # The site still shows version 2 until the reverted draft is reviewed and published.
    assert content.published_content("cafe")["title"] == "New cafe"
    assert [r["status"] for r in content.history(admin_ctx, "cafe")] == ["DRAFT", "PUBLISHED", "ARCHIVED"]
    with session_scope() as session:
        actions = session.exec(sa.select(AuditLog.action).order_by(AuditLog.id)).scalars().all()
    assert actions[-1] == "ROLLBACK"


def test_preview_returns_a_versions_text_without_publishing_it(admin_ctx):
    draft = content.save_draft(admin_ctx, "sensory", "Sensory room", {"headline": "Calm lights"})
    preview = content.get_version(admin_ctx, draft["id"])
    assert (preview["section"], preview["body"]["headline"]) == ("sensory", "Calm lights")
    assert content.published_content("sensory") is None


def test_sections_are_independent(admin_ctx):
    publish_new(admin_ctx, "cafe", "Cafe", CAFE)
    sensory = content.save_draft(admin_ctx, "sensory", "Sensory", {"headline": "Lights"})
    assert sensory["version"] == 1
    overview = {s["section"]: s for s in content.sections_overview(admin_ctx)}
    assert (overview["cafe"]["published_version"], overview["cafe"]["latest_status"]) == (1, "PUBLISHED")
    assert (overview["sensory"]["published_version"], overview["sensory"]["latest_status"]) == (0, "DRAFT")
    assert overview["home"]["latest_version"] == 0


def test_validation_rejects_empty_content_and_bad_menu_items(admin_ctx):
    with pytest.raises(ValidationFailed) as error:
        content.save_draft(admin_ctx, "cafe", "", {"items": [{"name": "", "price": "abc"}]})
    assert {"title", "headline", "items.0.name", "items.0.price"} <= set(error.value.fields)
    with pytest.raises(ValidationFailed) as error:
        content.save_draft(admin_ctx, "home", "Home", {"headline": "Hi", "items": [{"name": "Tea"}]})
    assert "items" in error.value.fields
    with pytest.raises(NotFound):
        content.save_draft(admin_ctx, "secret", "X", {"headline": "Hi"})


def test_publishing_invalidates_the_public_content_cache(admin_ctx):
    get_cache().get_or_load(catalog.content_key("cafe"), lambda: {"stale": True})
    publish_new(admin_ctx, "cafe", "Cafe", CAFE)
    assert get_cache().get_or_load(catalog.content_key("cafe"), lambda: {"fresh": True}) == {"fresh": True}


def test_parents_cannot_edit_content(parent_ctx):
    with pytest.raises(Forbidden):
        content.save_draft(parent_ctx, "cafe", "Cafe", CAFE)


def test_concurrent_saves_get_distinct_consecutive_versions(admin_ctx):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=6) as pool:
        saved = list(
            pool.map(
                lambda i: content.save_draft(admin_ctx, "home", f"Home {i}", {"headline": "Hi"}), range(12)
            )
        )
    assert sorted(v["version"] for v in saved) == list(range(1, 13))


def versions() -> list[ContentVersion]:
    with session_scope() as session:
        return list(session.exec(sa.select(ContentVersion).order_by(ContentVersion.version)).scalars())


def test_each_reader_gets_their_language_and_english_falls_back_to_serbian_per_field(admin_ctx):
    body = {
        "headline": "Kafa dok se deca igraju",
        "intro": "Specijalna kafa.",
        "paragraphs": ["Pržimo u Beogradu."],
    }
    body["items"] = [{"name": "Espreso", "description": "Dupli", "price": "220"}]
    body_en = {"headline": "Coffee while the children play", "items": [{"name": "Espresso"}]}
    draft = content.save_draft(admin_ctx, "cafe", "Kafić", body, "", body_en)
    content.submit_for_review(admin_ctx, draft["id"])
    content.publish(admin_ctx, draft["id"])

    with use_locale("sr_Latn"):
        serbian = catalog.section_content("cafe")
    with use_locale("en"):
        english = catalog.section_content("cafe")  # the cached version, read in English
    assert (serbian["title"], serbian["headline"]) == ("Kafić", "Kafa dok se deca igraju")
    assert english["headline"] == "Coffee while the children play"
    assert english["title"] == "Kafić"  # no English title: the Serbian one
    assert english["intro"] == "Specijalna kafa." and english["paragraphs"] == ["Pržimo u Beogradu."]
    assert english["items"] == [{"name": "Espresso", "description": "Dupli", "price": "220.00"}]
    assert serbian["items"] == [{"name": "Espreso", "description": "Dupli", "price": "220.00"}]


def test_serbian_is_required_and_english_errors_are_reported_beside_the_english_fields(admin_ctx):
    english_only = {"headline": "", "intro": "", "paragraphs": []}
    with pytest.raises(ValidationFailed) as refused:
        content.save_draft(admin_ctx, "cafe", "", english_only, "Cafe", {"headline": "Coffee"})
    assert {"title", "headline"} <= refused.value.fields.keys()
    with pytest.raises(ValidationFailed) as refused:
        content.save_draft(
            admin_ctx, "cafe", "Kafić", {"headline": "Kafa"}, "Cafe", {"paragraphs": ["x"] * 100}
        )
    assert "paragraphs_en" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        content.save_draft(
            admin_ctx,
            "cafe",
            "Kafić",
            {"headline": "Kafa", "items": []},
            "",
            {"items": [{"name": "Espresso"}]},
        )
    assert refused.value.fields["items.0.name"] == "Each menu item needs a name in Serbian."
    assert versions() == []
