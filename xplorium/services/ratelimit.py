"""Sliding-window rate limiter: Redis when configured (shared by every worker), memory otherwise."""

import math
import threading
import time
from collections import defaultdict, deque
from datetime import timedelta

import redis
import structlog

from xplorium import metrics
from xplorium.config import settings
from xplorium.services.errors import RateLimited
from xplorium.services.redis_client import get_redis
from xplorium.services.security import generate_token, hash_token

log = structlog.get_logger(__name__)

# Atomically: drop hits older than the window, count, and record this hit if under the limit.
# Returns {allowed, retry_after_ms}.
_SLIDING_WINDOW = """
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
"""


def _key(scope: str, identifier: str) -> str:
    # Hashed so that no email or IP address is kept in Redis.
    return f"{scope}:{hash_token(identifier.strip().lower())[:24]}"


class RateLimiter:
    def __init__(
        self, client: redis.Redis | None = None, clock=time.time, prefix: str = settings.redis_prefix + "rl:"
    ):
        self._redis = client
        self._clock = clock
        self._prefix = prefix
        self._script = client.register_script(_SLIDING_WINDOW) if client is not None else None
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, scope: str, identifier: str, limit: int, window: timedelta) -> None:
        """Count one attempt of `identifier` (an email, an IP) in `scope`; raise when over."""
        key = _key(scope, identifier)
        window_ms = int(window.total_seconds() * 1000)
        now_ms = int(self._clock() * 1000)
        allowed, retry_ms = None, 0
        if self._script is not None:
            try:
                allowed, retry_ms = self._script(
                    keys=[self._prefix + key],
                    args=[now_ms, window_ms, limit, f"{now_ms}-{generate_token()[:8]}"],
                )
            except redis.RedisError:
                # Still limit, per process, rather than refuse every sign-in while Redis is down.
                log.warning("rate_limiter_redis_unavailable", scope=scope)
        if allowed is None:
            allowed, retry_ms = self._hit_memory(key, now_ms, window_ms, limit)
        if not allowed:
            metrics.RATE_LIMITED.labels(scope).inc()
            log.info("rate_limited", scope=scope)
            raise RateLimited(math.ceil(int(retry_ms) / 1000))

    def reset(self, scope: str, identifier: str) -> None:
        key = _key(scope, identifier)
        if self._redis is not None:
            try:
                self._redis.delete(self._prefix + key)
            except redis.RedisError:
                log.warning("rate_limiter_redis_unavailable", scope=scope)
        with self._lock:
            self._hits.pop(key, None)

    def _hit_memory(self, key: str, now_ms: int, window_ms: int, limit: int) -> tuple[int, int]:
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now_ms - window_ms:
                hits.popleft()
            if len(hits) < limit:
                hits.append(now_ms)
                return 1, 0
            return 0, hits[0] + window_ms - now_ms


_limiter: RateLimiter | None = None


def get_limiter() -> RateLimiter:
    global _limiter
    if _limiter is None:
        _limiter = RateLimiter(get_redis())
    return _limiter
