"""Texts kept in both languages: English for English readers when written, Serbian otherwise."""

from sqlmodel import select

from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import Event, PricingPackage
from xplorium.models.enums import PricingCategory
from xplorium.services import catalog as catalog_service
from xplorium.services.bilingual import localized


def test_english_falls_back_to_serbian_when_missing():
    assert localized("Rođendan", "Birthday", "en") == "Birthday"
    assert localized("Rođendan", "", "en") == "Rođendan"
    assert localized("Rođendan", None, "en") == "Rođendan"
    assert localized("Rođendan", "Birthday", "sr_Latn") == "Rođendan"
    assert localized(["Igra"], [], "en") == ["Igra"]
    with use_locale("en"):
        assert localized("Igraonica", "Playroom") == "Playroom"
    with use_locale("sr_Latn"):
        assert localized("Igraonica", "Playroom") == "Igraonica"


def test_public_packages_and_events_are_in_the_readers_language(catalog):
    with session_scope() as session:
        party = session.get(PricingPackage, catalog.package_id("Classic party"))
        party.name, party.name_en = "Klasičan rođendan", "Classic party"
        party.description, party.description_en = "Sve za lep rođendan.", ""
        session.add(party)
        event = session.exec(select(Event).where(Event.slug == "lego-workshop")).one()
        event.title, event.title_en = "LEGO radionica", ""
        event.description, event.description_en = "Gradimo zajedno.", "We build together."
        session.add(event)
    catalog_service.invalidate_pricing()
    catalog_service.invalidate_events("lego-workshop")

    def party_package() -> dict:
        return catalog_service.find_package(PricingCategory.PARTY, catalog.package_id("Classic party"))

    with use_locale("sr_Latn"):
        assert party_package()["name"] == "Klasičan rođendan"
        assert catalog_service.event_by_slug("lego-workshop")["description"] == "Gradimo zajedno."
    with use_locale("en"):
        assert party_package()["name"] == "Classic party"
        assert party_package()["description"] == "Sve za lep rođendan."  # no English: the Serbian one
        shown = catalog_service.event_by_slug("lego-workshop")
        assert (shown["title"], shown["description"]) == ("LEGO radionica", "We build together.")
        listed = next(e for e in catalog_service.upcoming_events() if e["slug"] == "lego-workshop")
        assert listed["title"] == "LEGO radionica"
