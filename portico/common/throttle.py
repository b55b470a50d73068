"""A fixed-window counter per user and scope, kept in Redis when configured, else in Django's cache."""

from __future__ import annotations

import time
from functools import cache as memoize

import redis
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

from portico.common.errors import Throttled


def throttle_hit(*, scope: str, key: str | int, limit: int, window_seconds: int) -> None:
    """Count one hit; raise Throttled once ``limit`` hits fall in the current window."""
    if limit <= 0:
        return
    window = int(time.time()) // window_seconds
    cache_key = f"throttle:{scope}:{key}:{window}"
    redis_client = _redis()
    if redis_client is not None:
        # INCR and a first-time EXPIRE in one round trip (Django's cache API needs two for an incr).
        pipe = redis_client.pipeline(transaction=False)
        pipe.incr(cache_key)
        pipe.expire(cache_key, window_seconds + 5, nx=True)
        count = int(pipe.execute()[0])
    else:
        count = _count_in_django_cache(cache_key, window_seconds)
    if count > limit:
        retry_after = window_seconds - int(time.time()) % window_seconds
        raise Throttled(
            ngettext(
                "Too many inquiries in a short time. Try again in %(seconds)d second.",
                "Too many inquiries in a short time. Try again in %(seconds)d seconds.",
                retry_after,
            )
            % {"seconds": retry_after},
            retry_after=retry_after,
        )


@memoize
def _redis() -> redis.Redis | None:
    url = getattr(settings, "REDIS_URL", None)
    return redis.Redis.from_url(url) if url else None


def _count_in_django_cache(cache_key: str, window_seconds: int) -> int:
    try:
        return int(cache.incr(cache_key))
    except ValueError:
        # add() loses only if another worker created the counter in between; then count on it.
        return 1 if cache.add(cache_key, 1, timeout=window_seconds + 5) else int(cache.incr(cache_key))
