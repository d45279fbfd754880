"""Read-through cache with explicit invalidation, in Redis and in memory."""

from datetime import date
from decimal import Decimal

import pytest

import xplorium.services.cache as cache_module
from xplorium.config import settings
from xplorium.services import catalog
from xplorium.services.cache import Cache, get_cache
from xplorium.services.redis_client import connect


class Loader:
    """Returns the current value of the 'database' and counts how often it was read."""

    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.value


@pytest.fixture(params=["redis", "memory"])
def cache(request, clean):
    return Cache(connect(settings.redis_url)) if request.param == "redis" else Cache(None)


def test_read_through_loads_once_then_serves_from_the_cache(cache):
    loader = Loader({"packages": [{"name": "Rođendan", "amount": "15000.00"}]})
    assert cache.get_or_load("pricing", loader) == loader.value
    loader.value = {"packages": []}
    assert cache.get_or_load("pricing", loader) == {"packages": [{"name": "Rođendan", "amount": "15000.00"}]}
    assert loader.calls == 1


def test_invalidation_makes_the_next_read_load_fresh_data(cache):
    loader = Loader(["old"])
    cache.get_or_load("events", loader)
    loader.value = ["new"]
    cache.invalidate("events")
    assert cache.get_or_load("events", loader) == ["new"]
    assert loader.calls == 2


def test_invalidating_one_key_keeps_the_others(cache):
    events, pricing = Loader(["e"]), Loader(["p"])
    cache.get_or_load("events", events)
    cache.get_or_load("pricing", pricing)
    cache.invalidate("events", "never-cached")
    cache.get_or_load("events", events)
    cache.get_or_load("pricing", pricing)
    assert (events.calls, pricing.calls) == (2, 1)


def test_redis_entries_carry_their_ttl(clean, redis_client):
    Cache(connect(settings.redis_url)).get_or_load("short", lambda: 1, ttl=60)
    assert 0 < redis_client.ttl(settings.redis_prefix + "cache:short") <= 60


def test_memory_entries_expire_after_their_ttl(clean, monkeypatch):
    cache, loader = Cache(None), Loader(1)
    cache.get_or_load("short", loader, ttl=60)
    later = cache_module.time.monotonic() + 61
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: later)
    cache.get_or_load("short", loader)
    assert loader.calls == 2


def test_values_that_are_not_json_are_stored_as_text(cache):
    value = {"date": date(2026, 12, 5), "amount": Decimal("1500.00")}
    cache.get_or_load("mixed", lambda: value)
    assert cache.get_or_load("mixed", lambda: None) == {"date": "2026-12-05", "amount": "1500.00"}


def test_two_processes_on_one_redis_see_each_others_invalidation(clean):
    worker_a, worker_b = Cache(connect(settings.redis_url)), Cache(connect(settings.redis_url))
    loader = Loader("v1")
    worker_a.get_or_load("content:home", loader)
    assert worker_b.get_or_load("content:home", loader) == "v1"
    loader.value = "v2"
    worker_b.invalidate("content:home")
    assert worker_a.get_or_load("content:home", loader) == "v2"
    assert loader.calls == 2


def test_a_redis_outage_loads_from_the_source_instead_of_failing(clean):
    cache = Cache(connect("redis://127.0.0.1:1/0"))
    loader = Loader("fresh")
    assert cache.get_or_load("pricing", loader) == "fresh"
    loader.value = "newer"
    cache.invalidate("pricing")  # no error either
    # Nothing could be cached, so the next read goes to the source again.
    assert cache.get_or_load("pricing", loader) == "newer"
    assert loader.calls == 2


def test_catalog_invalidation_clears_the_app_cache(clean):
    loader = Loader(["package"])
    get_cache().get_or_load(catalog.in_locale(catalog.PRICING_KEY), loader)
    get_cache().get_or_load(catalog.in_locale(catalog.event_key("pidzama-zurka")), loader)
    catalog.invalidate_pricing()
    catalog.invalidate_events("pidzama-zurka")
    get_cache().get_or_load(catalog.in_locale(catalog.PRICING_KEY), loader)
    get_cache().get_or_load(catalog.in_locale(catalog.event_key("pidzama-zurka")), loader)
    assert loader.calls == 4
