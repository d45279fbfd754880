"""Events and pricing refuse a status move with the one check, each with its own table."""

import pytest

from tests.services.test_pricing import package_form
from xplorium.services import events, pricing, status_moves
from xplorium.services.errors import Conflict


def test_a_refused_package_move_says_from_and_to_like_an_event_does(catalog, admin_ctx):
    package = pricing.create_package(admin_ctx, package_form())
    pricing.archive(admin_ctx, package["id"])

    with pytest.raises(Conflict) as refused:
        pricing.change_status(admin_ctx, package["id"], "PUBLISHED")

    assert refused.value.message == "A archived package cannot become published."
    assert refused.value.details == {"from": "ARCHIVED", "to": "PUBLISHED"}


def test_both_tables_are_checked_by_the_one_helper():
    for table in (events.TRANSITIONS, pricing.TRANSITIONS):
        for current, following in table.items():
            for target in type(current):
                if target in following:
                    status_moves.refuse_unless_allowed(table, current, target, "{lower} {lower2}")
                else:
                    with pytest.raises(Conflict):
                        status_moves.refuse_unless_allowed(table, current, target, "{lower} {lower2}")
