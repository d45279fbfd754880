"""Party-day fixtures, imported by name beside the catalog's: an admin, a parent, the venue's
payment details and a party offer with a deposit."""

from decimal import Decimal

import pytest

from tests.support.accounts import make_user
from tests.support.bookings_data import insert_booking
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import PricingPackage
from xplorium.models.enums import BookingStatus, Role
from xplorium.services.context import RequestContext
from xplorium.services.venue import load_settings

# A valid domestic account (its last two digits are the MOD 97 control of the rest).
ACCOUNT = "160000000012345654"
PAYEE = "Xplorium doo, Novi Beograd"
WAIVER_SR = (
    "Roditelj ili staratelj potvrđuje da je dete zdravo, da je upoznat sa pravilima igraonice i da "
    "odgovara za dete tokom boravka u Xplorium-u."
)
WAIVER_EN = (
    "The parent or guardian confirms that the child is well, knows the playroom's rules and is "
    "responsible for the child while at Xplorium."
)


@pytest.fixture(autouse=True, name="english")
def english_fixture():
    """Bookings made here are made from English pages: their emails are read in English."""
    with use_locale("en"):
        yield


def ctx_for(user) -> RequestContext:
    return RequestContext(
        actor_id=user.id, actor_role=user.role.value, ip="198.51.100.7", user_agent="pytest"
    )


@pytest.fixture(name="admin")
def admin_fixture(clean) -> RequestContext:
    return ctx_for(make_user(Role.ADMIN, email="frontdesk@xplorium.rs"))


@pytest.fixture(name="parent")
def parent_fixture(clean):
    return make_user(Role.USER, email="mama@example.com", name="Jelena Jović")


@pytest.fixture(name="venue")
def venue_fixture(catalog):
    """The catalog, the venue's payment details, and a 30 % deposit on the classic party."""
    with session_scope() as session:
        row = load_settings(session)
        row.deposit_account, row.deposit_payee, row.deposit_due_days = ACCOUNT, PAYEE, 7
        session.add(row)
        package = session.get(PricingPackage, catalog.package_id("Classic party"))
        package.deposit_percent = 30
        session.add(package)
    return catalog


def party(venue, parent, **fields):
    """A pending party of the classic package for `parent` (24 000 RSD: deposit 7 200)."""
    fields.setdefault("price", "24000.00")
    fields.setdefault("package_id", venue.package_id("Classic party"))
    return insert_booking(
        status=BookingStatus.PENDING,
        user_id=parent.id,
        email=parent.email,
        name=parent.name,
        **fields,
    )


DEPOSIT = Decimal("7200.00")
