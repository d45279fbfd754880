"""The shared Redis connection, or None when the app runs without Redis."""

from functools import lru_cache

import redis

from xplorium.config import settings


@lru_cache
def get_redis() -> redis.Redis | None:
    if not settings.redis_url:
        return None
    return redis.Redis.from_url(
        settings.redis_url, socket_timeout=2, socket_connect_timeout=2, decode_responses=True
    )
