"""Sliding-window rate limiting: shared through Redis, per process without it."""

from datetime import timedelta

import pytest

from xplorium.config import settings
from xplorium.services.errors import RateLimited
from xplorium.services.ratelimit import RateLimiter, get_limiter
from xplorium.services.redis_client import connect
from xplorium.services.result import run

WINDOW = timedelta(seconds=60)


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def redis_limiter(clock: Clock) -> RateLimiter:
    # Its own connection, as another worker process would have.
    return RateLimiter(connect(settings.redis_url), clock=clock)


@pytest.fixture(params=["redis", "memory"])
def limiter_and_clock(request, clean):
    clock = Clock()
    limiter = redis_limiter(clock) if request.param == "redis" else RateLimiter(None, clock=clock)
    return limiter, clock


def test_the_attempt_over_the_limit_is_refused_and_told_when_to_retry(limiter_and_clock):
    limiter, clock = limiter_and_clock
    for _ in range(5):
        limiter.hit("sign_in", "ana@example.rs", 5, timedelta(minutes=15))
        clock.advance(1)
    with pytest.raises(RateLimited) as refused:
        limiter.hit("sign_in", "ana@example.rs", 5, timedelta(minutes=15))
    # The first attempt was 5 s ago, so a place frees in 15 min - 5 s.
    assert refused.value.details["retry_after"] == 15 * 60 - 5
    assert refused.value.message == "Too many attempts. Please try again in 15 minutes."
    assert refused.value.status == 429


def test_the_window_slides(limiter_and_clock):
    limiter, clock = limiter_and_clock
    for _ in range(3):  # at t = 0, 10, 20
        limiter.hit("general", "10.0.0.1", 3, WINDOW)
        clock.advance(10)
    with pytest.raises(RateLimited) as refused:  # t = 30
        limiter.hit("general", "10.0.0.1", 3, WINDOW)
    assert refused.value.details["retry_after"] == 30
    assert "30 seconds" in refused.value.message

    clock.advance(30.001)  # t = 60.001: the hit at t = 0 has left the window, only that one
    limiter.hit("general", "10.0.0.1", 3, WINDOW)
    with pytest.raises(RateLimited) as refused:
        limiter.hit("general", "10.0.0.1", 3, WINDOW)
    assert refused.value.details["retry_after"] == 10

    clock.advance(10)  # t = 70.001: the hit at t = 10 has left too
    limiter.hit("general", "10.0.0.1", 3, WINDOW)


def test_refused_attempts_do_not_extend_the_wait(limiter_and_clock):
    limiter, clock = limiter_and_clock
    limiter.hit("reset", "ana@example.rs", 1, WINDOW)
    for _ in range(20):
        clock.advance(2)
        with pytest.raises(RateLimited):
            limiter.hit("reset", "ana@example.rs", 1, WINDOW)
    clock.advance(20.001)
    limiter.hit("reset", "ana@example.rs", 1, WINDOW)


def test_scopes_and_identifiers_are_counted_apart_and_emails_case_insensitively(limiter_and_clock):
    limiter, _clock = limiter_and_clock
    limiter.hit("sign_in", "Ana@Example.rs", 1, WINDOW)
    with pytest.raises(RateLimited):
        limiter.hit("sign_in", " ana@example.rs", 1, WINDOW)
    limiter.hit("sign_up", "ana@example.rs", 1, WINDOW)
    limiter.hit("sign_in", "marko@example.rs", 1, WINDOW)


def test_reset_clears_the_count(limiter_and_clock):
    limiter, _clock = limiter_and_clock
    limiter.hit("sign_in", "ana@example.rs", 1, WINDOW)
    limiter.reset("sign_in", "ana@example.rs")
    limiter.hit("sign_in", "ana@example.rs", 1, WINDOW)


def test_two_limiters_on_one_redis_share_the_count(clean):
    clock = Clock()
    worker_a, worker_b = redis_limiter(clock), redis_limiter(clock)
    worker_a.hit("booking", "10.0.0.7", 4, WINDOW)
    worker_b.hit("booking", "10.0.0.7", 4, WINDOW)
    worker_a.hit("booking", "10.0.0.7", 4, WINDOW)
    worker_b.hit("booking", "10.0.0.7", 4, WINDOW)
    with pytest.raises(RateLimited):
        worker_a.hit("booking", "10.0.0.7", 4, WINDOW)
    with pytest.raises(RateLimited):
        worker_b.hit("booking", "10.0.0.7", 4, WINDOW)


def test_memory_limiters_are_per_process(clean):
    # Without Redis each process counts alone; that is why production configures REDIS_URL.
    clock = Clock()
    first, second = RateLimiter(None, clock=clock), RateLimiter(None, clock=clock)
    first.hit("general", "10.0.0.1", 1, WINDOW)
    second.hit("general", "10.0.0.1", 1, WINDOW)
    with pytest.raises(RateLimited):
        first.hit("general", "10.0.0.1", 1, WINDOW)


def test_redis_keeps_no_email_and_expires_its_keys(clean, redis_client):
    limiter = redis_limiter(Clock())
    limiter.hit("sign_in", "ana@example.rs", 5, WINDOW)
    keys = list(redis_client.scan_iter(match=settings.redis_prefix + "rl:*"))
    assert len(keys) == 1
    assert "ana" not in keys[0]
    assert 0 < redis_client.pttl(keys[0]) <= 60_000


def test_the_app_limiter_uses_the_configured_redis(clean, redis_client):
    get_limiter().hit("general", "10.9.9.9", 30, WINDOW)
    assert list(redis_client.scan_iter(match=settings.redis_prefix + "rl:general:*"))


def test_a_redis_outage_falls_back_to_limiting_in_process(clean):
    limiter = RateLimiter(connect("redis://127.0.0.1:1/0"), clock=Clock())
    limiter.hit("sign_in", "ana@example.rs", 2, WINDOW)
    limiter.hit("sign_in", "ana@example.rs", 2, WINDOW)
    with pytest.raises(RateLimited):
        limiter.hit("sign_in", "ana@example.rs", 2, WINDOW)


def test_a_refusal_becomes_a_result_with_the_retry_time(clean):
    limiter = RateLimiter(None, clock=Clock())
    limiter.hit("reset", "ana@example.rs", 1, timedelta(hours=1))
    result = run(limiter.hit, "reset", "ana@example.rs", 1, timedelta(hours=1))
    assert not result.ok
    assert result.code == "rate_limited"
    assert result.message == "Too many attempts. Please try again in 60 minutes."
    assert result.details == {"retry_after": 3600}


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (45, "45 seconds"), (60, "1 minute"), (61, "2 minutes"), (900, "15 minutes")],
)
def test_retry_time_wording(seconds, text):
    assert RateLimited(seconds).message == f"Too many attempts. Please try again in {text}."
