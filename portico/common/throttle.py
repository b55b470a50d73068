"""A fixed-window counter per user and scope, kept in the shared cache."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.translation import ngettext

from portico.common.errors import Throttled


def throttle_hit(*, scope: str, key: str | int, limit: int, window_seconds: int) -> None:
    """Count one hit; raise Throttled once ``limit`` hits fall in the current window."""
    if limit <= 0:
        return
    window = int(time.time()) // window_seconds
    cache_key = f"throttle:{scope}:{key}:{window}"
    # Most hits find the window's counter already there: one round trip to the cache.
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # add() loses only if another worker created the counter in between; then count on it.
        count = 1 if cache.add(cache_key, 1, timeout=window_seconds + 5) else cache.incr(cache_key)
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
