"""The benchmark's short mode on the suite's own app server: correctness and statement counts.

Every scenario of `python -m bench` runs at tiny sizes against the session's production
server and database (no second server is started). Times are recorded but never asserted:
what must hold is that every booking succeeded, the contested slot was booked exactly once,
the contested session's last places went to exactly as many groups as fit,
every admin board received every booking, the pages loaded, nobody was disconnected, and
the booking and the public pages stayed within their statement budgets.
"""

from dataclasses import replace

import pytest
from sqlmodel import select

from bench import report, runner
from bench.config import SHORT
from bench.seed import Seeded, add_admins, allow_bench_rate, insert_history
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import Booking

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(catalog) -> Seeded:
    data = Seeded(catalog=catalog)
    allow_bench_rate()
    data.history_customers, data.history_bookings = insert_history(
        SHORT.history_bookings, SHORT.history_customers
    )
    add_admins(data, max(SHORT.admins, SHORT.scale_admins))
    return data


def test_the_short_benchmark_is_correct_and_within_query_budgets(app_server, engine, seeded):
    config = replace(SHORT, workers=())
    results = runner.execute(config, engine, seeded, server=app_server)
    try:
        server = results["servers"][0]

        booking = server["booking"]
        assert (booking["booked"], booking["errors"]) == (config.parents * config.rounds, 0), booking
        assert booking["latency_ms"]["count"] == booking["booked"]

        base = server["baseline"]
        assert (base["booked"], base["errors"]) == (config.parents * config.rounds, 0), base

        contested = server["contested"]
        assert contested["exactly_one"], contested
        assert contested["taken_answers"] == config.contested - 1

        places = server["contested_places"]
        assert places["exact"], places
        assert (places["booked"], places["full_answers"]) == (3, config.contested - 3), places

        pages = server["pages"]
        assert pages["errors"] == 0, pages
        assert pages["loads"] == config.page_clients * config.page_loads * 3

        fanout = server["fanout"]
        assert fanout["admins_joined"] == config.admins, fanout
        assert fanout["bookings"] == config.fanout_bookings
        assert fanout["deliveries"] == fanout["expected_deliveries"] == config.admins * config.fanout_bookings
        assert fanout["missed_deliveries"] == 0

        burst = server["burst"]
        assert (burst["booked"], burst["errors"], burst["missed"]) == (burst["attempted"], 0, 0), burst
        assert burst["caught_up"] and burst["admins_joined"] == config.burst_admins

        scale = server["scale"]
        assert scale["parents_connected"] == config.scale_parents, scale
        assert scale["admins_joined"] == config.scale_admins
        assert (scale["errors"], scale["dropped_connections"], scale["missed_deliveries"]) == (0, 0, 0), scale
        assert scale["bookings"] >= 1
        assert scale["backend_rss_mib"]["peak"] > 0

        queries = results["queries"]
        assert queries["create_booking"]["per_booking"] <= 3, queries["create_booking"]
        assert queries["submit_handler"]["booked"] and queries["submit_handler"]["per_submit"] <= 3
        assert queries["on_load_warm"] == {"/": 0, "/pricing": 0, "/events": 0}
        assert queries["board_snapshot"] == 1
        assert queries["defer_ms"]["count"] == config.query_samples
        delivery = queries["worker_delivery"]
        assert delivery["delivered"] == delivery["count"] == config.delivery_count, delivery

        assert results["headline"]["latency_ratio"]["p50"] is not None
        assert report.problems(results) == []
        table = report.markdown(results)
        assert "Headline" in table and "Contested slot" in table and "Burst" in table
        assert "Email jobs: deferring one" in table and "Job worker:" in table

        # Every booking the app confirmed is in the database, once.
        references = booking["references"]
        with session_scope() as session:
            stored = session.exec(select(Booking.reference).where(Booking.reference.in_(references))).all()
        assert sorted(stored) == sorted(references)
    finally:
        runner.forget_redis(None)
