from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.support.backoffice_staff import (  # noqa: F401 - fixtures
    admin_ctx_fixture,
    admin_fixture,
    parent_ctx_fixture,
    parent_fixture,
)
from tests.support.catalog_data import held_room
from xplorium.constants import PRICE_UNITS
from xplorium.db import session_scope
from xplorium.models import AuditLog, PricingPackage
from xplorium.models.enums import HoldMode
from xplorium.services import catalog, pricing, rooms
from xplorium.services.cache import get_cache
from xplorium.services.errors import Conflict, Forbidden, ValidationFailed

BASE = {
    "name": "Birthday Classic",
    "category": "PARTY",
    "amount": "2500,50",
    "unit": "per_child",
    "description": "Two hours <i>of fun</i>",
    "features": "Host\n\n Cake \nDecorations",
    "popular": False,
}


def package_form(**changes) -> dict:
    """A party package form, holding the party room whole."""
    return BASE | held_room("party_room", HoldMode.WHOLE) | changes


def test_create_stores_a_decimal_amount_and_feature_list(admin_ctx):
    created = pricing.create_package(admin_ctx, package_form())
    assert created["amount"] == "2500.50" and created["status"] == "DRAFT"
    assert created["features"] == ["Host", "Cake", "Decorations"]
    assert created["description"] == "Two hours of fun"
    with session_scope() as session:
        assert session.get(PricingPackage, created["id"]).amount == Decimal("2500.50")


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-1", "negative"), ("12.345", "2 decimals"), ("abc", "number"), ("", "required"), ("NaN", "number")],
)
def test_bad_amounts_are_refused_beside_the_field(admin_ctx, amount, message):
    with pytest.raises(ValidationFailed) as error:
        pricing.create_package(admin_ctx, package_form(amount=amount))
    assert message in error.value.fields["amount"]


def test_unknown_category_and_unit_are_refused(admin_ctx):
    with pytest.raises(ValidationFailed) as error:
        pricing.create_package(admin_ctx, package_form(category="SPA", unit="per_galaxy", name=""))
    assert set(error.value.fields) == {"category", "unit", "name"}


def test_only_published_packages_are_shown_publicly(admin_ctx):
    draft = pricing.create_package(admin_ctx, package_form(name="Draft one"))
    live = pricing.create_package(admin_ctx, package_form(name="Live one"))
    gone = pricing.create_package(admin_ctx, package_form(name="Old one"))
    pricing.publish(admin_ctx, live["id"])
    pricing.publish(admin_ctx, gone["id"])
    pricing.archive(admin_ctx, gone["id"])
    public = pricing.published_packages()
    assert [p["name"] for p in public["PARTY"]] == ["Live one"]
    assert public["CAFE"] == []
    assert draft["id"] not in [p["id"] for group in public.values() for p in group]


def test_status_changes_follow_the_rules(admin_ctx):
    package = pricing.create_package(admin_ctx, package_form())
    pricing.archive(admin_ctx, package["id"])
    with pytest.raises(Conflict):
        pricing.publish(admin_ctx, package["id"])  # archived goes back to draft first
    pricing.change_status(admin_ctx, package["id"], "DRAFT")
    assert pricing.publish(admin_ctx, package["id"])["status"] == "PUBLISHED"


def test_reorder_within_a_category_and_list_by_category(admin_ctx):
    a = pricing.create_package(admin_ctx, package_form(name="A"))["id"]
    b = pricing.create_package(admin_ctx, package_form(name="B"))["id"]
    cafe = pricing.create_package(admin_ctx, package_form(name="Latte", category="CAFE", unit="per_person"))
    assert pricing.move_package(admin_ctx, b, "up") == [b, a]
    listed = pricing.list_packages(admin_ctx)
    # Categories in their public order (playroom, sensory, cafe, party), then display order.
    assert [p["name"] for p in listed.items] == ["Latte", "B", "A"]
    assert [p["id"] for p in pricing.list_packages(admin_ctx, category="CAFE").items] == [cafe["id"]]


def test_popular_flag_and_edits_are_audited_with_their_changes(admin_ctx, admin):
    package = pricing.create_package(admin_ctx, package_form())
    pricing.set_popular(admin_ctx, package["id"], True)
    pricing.update_package(admin_ctx, package["id"], package_form(amount="3000", popular=True))
    with session_scope() as session:
        entries = session.exec(sa.select(AuditLog).order_by(AuditLog.id)).scalars().all()
    assert [e.action for e in entries] == ["CREATE", "UPDATE", "UPDATE"]
    assert entries[1].changes == {"popular": {"from": False, "to": True}}
    assert entries[2].changes == {"amount": {"from": "2500.50", "to": "3000.00"}}
    assert all(e.actor_id == admin.id for e in entries)


def test_changes_invalidate_the_public_pricing_cache(admin_ctx):
    package = pricing.create_package(admin_ctx, package_form())
    get_cache().get_or_load(catalog.in_locale(catalog.PRICING_KEY), lambda: {"stale": True})
    pricing.publish(admin_ctx, package["id"])
    assert get_cache().get_or_load(catalog.in_locale(catalog.PRICING_KEY), lambda: "reloaded") == "reloaded"


def test_parents_cannot_change_prices(parent_ctx):
    with pytest.raises(Forbidden):
        pricing.create_package(parent_ctx, package_form())


def test_every_unit_the_back_office_offers_can_be_quoted():
    """One list of units: a package an admin can save is one the booking form can price."""
    from xplorium.services.bookings.quotes import price_for

    for unit in PRICE_UNITS:
        assert price_for({"amount": "100", "unit": unit}, guests=5, duration_minutes=120) >= 100


def test_a_package_names_its_room_and_what_a_booking_holds(admin_ctx):
    created = pricing.create_package(
        admin_ctx, package_form(name="Playroom visit", category="PLAYGROUND") | held_room("playroom")
    )
    assert (created["room"], created["hold_mode"], created["hold_label"]) == (
        "Playroom",
        "PLACES",
        "One place per guest",
    )
    pricing.publish(admin_ctx, created["id"])
    # The booking form prices and holds from the published package.
    quoted = catalog.pricing_for("PLAYGROUND")[0]
    assert (quoted["room_id"], quoted["hold_mode"]) == (created["room_id"], "PLACES")
    moved = pricing.update_package(
        admin_ctx, created["id"], package_form() | held_room("cafe", HoldMode.WHOLE)
    )
    assert (moved["room"], moved["hold_mode"]) == ("Cafe", "WHOLE")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"room_id": ""}, "room_id"),
        ({"room_id": 999999}, "room_id"),
        ({"room_id": "playroom"}, "room_id"),
        ({"hold_mode": ""}, "hold_mode"),
        ({"hold_mode": "HALF"}, "hold_mode"),
    ],
)
def test_a_package_without_a_real_room_or_hold_is_refused_and_nothing_changes(admin_ctx, changes, field):
    package = pricing.create_package(admin_ctx, package_form())
    with pytest.raises(ValidationFailed) as error:
        pricing.create_package(admin_ctx, package_form(**changes))
    assert list(error.value.fields) == [field]
    with pytest.raises(ValidationFailed):
        pricing.update_package(admin_ctx, package["id"], package_form(amount="9999", **changes))
    assert pricing.get_package(admin_ctx, package["id"])["amount"] == "2500.50"
    assert pricing.list_packages(admin_ctx).total == 1


def test_the_room_select_offers_every_room_and_says_which_are_inactive(admin_ctx):
    cafe = rooms.room_by_slug("cafe")
    rooms.save_room(admin_ctx, {**cafe, "active": False}, cafe["id"])
    choices = {c["value"]: c["label"] for c in rooms.room_choices()}
    assert choices[str(cafe["id"])] == "Cafe · 40 places (inactive)"
    assert choices[str(rooms.room_by_slug("sensory_room")["id"])] == "Sensory room · 6 places"
    assert len(choices) == len(rooms.all_rooms())


def test_a_package_has_an_english_name_and_description_beside_the_serbian_ones(admin_ctx):
    package = pricing.create_package(
        admin_ctx,
        package_form(
            name="Rođendan", name_en="  Birthday  ", description="Za decu.", description_en="For kids."
        ),
    )
    assert (package["name"], package["name_en"]) == ("Rođendan", "Birthday")
    assert (package["description"], package["description_en"]) == ("Za decu.", "For kids.")
    edited = pricing.update_package(admin_ctx, package["id"], package_form(name="Rođendan", name_en=""))
    assert edited["name_en"] == ""  # optional: the site then shows the Serbian name
    with session_scope() as session:
        changes = session.exec(
            sa.select(AuditLog.changes).where(
                AuditLog.action == "UPDATE", AuditLog.entity == "pricing_package"
            )
        ).scalar_one()
    assert changes["package_en"] == {"from": "Birthday", "to": ""}
