"""Page content in Serbian and English: one version holds both texts, from the editor to the site."""

import sqlalchemy as sa

from tests.services.test_content import versions
from tests.support.accounts import make_user, open_session
from tests.support.states import drive, new_root, substate
from xplorium.db import session_scope
from xplorium.models import AuditLog
from xplorium.models.enums import Role
from xplorium.state.backoffice.content import ContentAdminState

SERBIAN = {
    "title": "Kafić",
    "headline": "Kafa dok se deca igraju",
    "intro": "Specijalna kafa i sveži sokovi.",
    "paragraphs": "Kafu pržimo u Beogradu.\n\nBiljno mleko uvek imamo.",
    "highlights": "Wi-Fi\nDečji meni",
}
ENGLISH = {
    "title_en": "Cafe",
    "headline_en": "Coffee while the children play",
    "intro_en": "",  # not translated: English readers get the Serbian introduction
    "paragraphs_en": "We roast our coffee in Belgrade.",
    "highlights_en": "",
}


def editor(token: str) -> ContentAdminState:
    state = substate(new_root(token), ContentAdminState)
    state.section = "cafe"
    return state


def menu_row(state: ContentAdminState, key: str, **values: str) -> dict:
    """What the browser submits for a menu row the editor shows (its inputs are named by key)."""
    state.items = [
        *state.items,
        {"key": key, "name": "", "description": "", "name_en": "", "description_en": "", "price": ""},
    ]
    return {f"item_{field}_{key}": value for field, value in values.items()}


def test_the_editor_saves_both_languages_in_one_version_and_restoring_a_version_restores_both(clean):
    token = open_session(make_user(Role.ADMIN, name="Ana Admin"))
    state = editor(token)
    row = menu_row(state, "k1", name="Espreso", name_en="Espresso", description="Dupli", price="220")
    drive(state.save(SERBIAN | ENGLISH | row))

    (first,) = versions()
    assert (first.version, first.title, first.title_en) == (1, "Kafić", "Cafe")
    assert first.body["paragraphs"] == ["Kafu pržimo u Beogradu.", "Biljno mleko uvek imamo."]
    assert first.body_en["paragraphs"] == ["We roast our coffee in Belgrade."]
    assert first.body["items"] == [{"name": "Espreso", "description": "Dupli", "price": "220.00"}]
    assert first.body_en["items"] == [{"name": "Espresso", "description": "", "price": "220.00"}]
    assert [r["version"] for r in state.history] == [1]  # one history for both languages

    # A second version changes both texts; restoring the first brings both of them back.
    state = editor(token)
    drive(state.save(SERBIAN | ENGLISH | {"title": "Novi kafić", "title_en": "New cafe"}))
    drive(state.revert(first.id))
    restored = versions()[-1]
    assert (restored.version, restored.title, restored.title_en) == (3, "Kafić", "Cafe")
    assert (restored.body, restored.body_en) == (first.body, first.body_en)
    assert (state.editor["title"], state.editor["title_en"]) == ("Kafić", "Cafe")
    assert state.editor["paragraphs_en"] == "We roast our coffee in Belgrade."
    assert (state.items[0]["name"], state.items[0]["name_en"], state.items[0]["price"]) == (
        "Espreso",
        "Espresso",
        "220.00",
    )
    with session_scope() as session:
        actions = (
            session.exec(sa.select(AuditLog.action).where(AuditLog.entity == "site_content")).scalars().all()
        )
    assert sorted(actions) == ["CREATE", "CREATE", "ROLLBACK"]
