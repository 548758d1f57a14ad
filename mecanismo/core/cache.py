"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache holds nothing the portal cannot rebuild (rate-limit counters, cached fragments), so when
Redis is down a request must still answer: reads miss, writes are dropped, and a warning is
logged. Without this, allauth's rate limiter turns a Redis outage into a 500 on the login and
password-reset pages (§10: nothing lost, never a 500).
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What each operation answers while Redis is down. `add` answers True so that lock-style uses
# (allauth's rate limiter takes a lock with cache.add) proceed: rate limits fail open during an
# outage rather than locking everybody out.
_FALLBACKS = {
    "add": True,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": None,
}


def _tolerant(name, fallback):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as exc:
            logger.warning("cache %s skipped: Redis unreachable (%s)", name, exc)
            if name == "get":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            return fallback

    return wrapper


class TolerantRedisCache(RedisCache):
    pass


for _name, _fallback in _FALLBACKS.items():
    setattr(TolerantRedisCache, _name, _tolerant(_name, _fallback))


def _incr(self, key, delta=1, version=None):
    try:
        return RedisCache.incr(self, key, delta, version)
    except RedisError as exc:
        # Django's contract: incr of a missing key raises ValueError.
        raise ValueError(f"Key {key!r} not found (Redis unreachable: {exc})") from exc


TolerantRedisCache.incr = _incr
