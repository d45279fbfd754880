"""Read-through cache with explicit invalidation: Redis when configured, memory otherwise."""

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
import structlog

from xplorium.config import settings
from xplorium.constants import CACHE_TTL_SECONDS
from xplorium.services.redis_client import get_redis

log = structlog.get_logger(__name__)


class Cache:
    def __init__(self, client: redis.Redis | None = None, prefix: str = settings.redis_prefix + "cache:"):
        self._redis = client
        self._prefix = prefix
        self._memory: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get_or_load(self, key: str, loader: Callable[[], Any], ttl: int = CACHE_TTL_SECONDS) -> Any:
        """The cached value of `key`, or `loader()` stored for next time. Values must be JSON."""
        raw = self._get(key)
        if raw is not None:
            return json.loads(raw)
        value = loader()
        self._set(key, json.dumps(value, default=str), ttl)
        return value

    def invalidate(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._memory.pop(key, None)
        if self._redis is not None and keys:
            try:
                self._redis.delete(*(self._prefix + k for k in keys))
            except redis.RedisError:
                # The change itself has committed; the stale entry expires within its TTL.
                log.warning("cache_unavailable", op="invalidate")

    def _get(self, key: str) -> str | None:
        if self._redis is not None:
            try:
                return self._redis.get(self._prefix + key)
            except redis.RedisError:
                # A cache outage slows pages down; it must not take them down.
                log.warning("cache_unavailable", op="get")
                return None
        with self._lock:
            entry = self._memory.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            return entry[1]

    def _set(self, key: str, raw: str, ttl: int) -> None:
        if self._redis is not None:
            try:
                self._redis.set(self._prefix + key, raw, ex=ttl)
            except redis.RedisError:
                log.warning("cache_unavailable", op="set")
            return
        with self._lock:
            self._memory[key] = (time.monotonic() + ttl, raw)


_cache: Cache | None = None


def get_cache() -> Cache:
    global _cache
    if _cache is None:
        _cache = Cache(get_redis())
    return _cache
