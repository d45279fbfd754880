"""GET /metrics: who may scrape it, and that what operators watch is counted."""

import asyncio
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from tests.services.bookings.conftest import book
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from tests.test_live import Screens, _admins
from xplorium import live, metrics
from xplorium.api import api
from xplorium.config import PROJECT_ROOT, settings
from xplorium.services.errors import Conflict, RateLimited, ValidationFailed
from xplorium.services.ratelimit import get_limiter
from xplorium.state.arguments import checked


def sample(name: str, **labels: str) -> float:
    """The value of one sample of the exposition (0 when it has not been counted yet)."""
    text = metrics.exposition().decode()
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


def scrape(client_host: str = "127.0.0.1", **headers: str):
    client = TestClient(api, base_url="http://testserver", client=(client_host, 50000))
    return client.get("/metrics", headers=headers)


def test_a_scraper_on_this_machine_reads_the_metrics(clean):
    answer = scrape()
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    assert "xplorium_jobs_waiting" in answer.text


@pytest.mark.parametrize(
    "host, headers",
    [("203.0.113.9", {}), ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"})],
    ids=["another machine", "through a proxy"],
)
def test_metrics_are_refused_to_others_without_the_token(clean, host, headers):
    answer = scrape(host, **headers)
    assert answer.status_code == 403
    assert "xplorium_" not in answer.text


def test_with_a_token_only_a_scraper_that_sends_it_reads_them(clean, monkeypatch):
    monkeypatch.setattr(settings, "metrics_token", "s3cret-token")
    assert scrape().status_code == 403
    assert scrape("203.0.113.9", Authorization="Bearer wrong").status_code == 403
    assert scrape("203.0.113.9", Authorization="Bearer s3cret-token").status_code == 200


def test_requests_are_timed_by_route_family(clean):
    before = sample("xplorium_http_request_seconds_count", method="GET", route="/api/health")
    TestClient(api, base_url="http://testserver").get("/api/health")
    assert sample("xplorium_http_request_seconds_count", method="GET", route="/api/health") == before + 1


def test_bookings_made_and_refused_are_counted_by_reason(catalog):
    created = sample("xplorium_bookings_created_total", type="PLAYGROUND")
    taken = sample("xplorium_bookings_refused_total", reason="taken")
    invalid = sample("xplorium_bookings_refused_total", reason="invalid")
    book(catalog, "Private playroom hire", "10:00", 20)
    with pytest.raises(Conflict):
        book(catalog, "Private playroom hire", "10:30", 20, number=1)
    with pytest.raises(ValidationFailed):
        book(catalog, "Play session", "10:00", 0, number=2)
    assert sample("xplorium_bookings_created_total", type="PLAYGROUND") == created + 1
    assert sample("xplorium_bookings_refused_total", reason="taken") == taken + 1
    assert sample("xplorium_bookings_refused_total", reason="invalid") == invalid + 1


def test_rate_limit_refusals_are_counted_by_scope(clean):
    before = sample("xplorium_rate_limit_refusals_total", scope="metrics-test")
    limiter = get_limiter()
    limiter.hit("metrics-test", "someone", 1, timedelta(minutes=1))
    with pytest.raises(RateLimited):
        limiter.hit("metrics-test", "someone", 1, timedelta(minutes=1))
    assert sample("xplorium_rate_limit_refusals_total", scope="metrics-test") == before + 1


def test_a_board_push_is_counted_with_the_lag_of_its_changes(clean):
    screens = Screens()
    board = live.Broadcaster(screens)
    insert_booking(day=day_ahead(1))
    _admins(screens, board, 1)
    asyncio.run(board.step())
    pushes = sample("xplorium_board_pushes_total")
    lags = sample("xplorium_board_push_lag_seconds_count")
    board.changed(live.BookingChange(live.CREATED, "XP-1"), publish=False)
    board.changed(live.BookingChange(live.CREATED, "XP-2"), publish=False)
    assert asyncio.run(board.step())
    assert sample("xplorium_board_pushes_total") == pushes + 1
    assert sample("xplorium_board_push_lag_seconds_count") == lags + 2


def test_every_worker_of_one_app_counts_into_the_same_figures(tmp_path):
    """Two processes sharing the multiprocess directory: one scrape adds them up."""
    count = textwrap.dedent(
        """
        from xplorium import metrics
        metrics.BOOKINGS_CREATED.labels("CAFE").inc()
        """
    )
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True, cwd=PROJECT_ROOT)  # noqa: S603
    read = (
        "import sys; from prometheus_client import generate_latest; from xplorium import metrics; "
        "sys.stdout.write(generate_latest(metrics.counted()).decode())"
    )
    text = subprocess.run(  # noqa: S603
        [sys.executable, "-c", read], env=env, check=True, capture_output=True, text=True, cwd=PROJECT_ROOT
    ).stdout
    values = [
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "xplorium_bookings_created_total" and s.labels.get("type") == "CAFE"
    ]
    assert values == [2.0]


def test_every_event_handler_is_timed_to_its_last_update():
    async def save(self):
        return None

    def steps(self):
        yield
        yield

    for handler in (checked(save), checked(steps)):
        label = handler.__qualname__
        before = sample("xplorium_event_handler_seconds_count", handler=label)
        outcome = handler(object())
        if asyncio.iscoroutine(outcome):
            asyncio.run(outcome)
        else:
            next(outcome)
            assert sample("xplorium_event_handler_seconds_count", handler=label) == before
            list(outcome)
        assert sample("xplorium_event_handler_seconds_count", handler=label) == before + 1
