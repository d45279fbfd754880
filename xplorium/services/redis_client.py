"""The shared Redis connection, or None when the app runs without Redis."""

from functools import lru_cache

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from xplorium.config import settings

# Short timeouts and one immediate retry (a pooled connection may be stale after a Redis
# restart): redis-py's default backoff makes a request wait ~10 s when Redis is down, and
# every caller here has a fallback that is better than that wait.
TIMEOUT_SECONDS = 2
RETRIES = 1


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), RETRIES),
        decode_responses=True,
    )


@lru_cache
def get_redis() -> redis.Redis | None:
    if not settings.redis_url:
        return None
    return connect(settings.redis_url)
