"""A small process-local cache for reference data (benefit plans, benefits; the PCP directory has its own).

Reference data is read on every eligibility answer and changes rarely; keeping it in each worker's memory
for ``PORTICO["REFERENCE_CACHE_SECONDS"]`` (60 s by default) saves several queries per inquiry. A change made
by staff is seen everywhere within that time. Member data is never cached here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")

_store: dict[Hashable, tuple[float, object]] = {}
_lock = threading.Lock()
MAX_ENTRIES = 50_000


def memo(key: Hashable, loader: Callable[[], T]) -> T:
    """The value cached under ``key`` if younger than the TTL, else ``loader()`` (then cached)."""
    ttl = settings.PORTICO["REFERENCE_CACHE_SECONDS"]
    now = time.time()
    if ttl > 0:
        hit = _store.get(key)
        if hit is not None and now - hit[0] < ttl:
            return hit[1]  # type: ignore[return-value]
    value = loader()
    if ttl > 0:
        with _lock:
            if len(_store) >= MAX_ENTRIES:
                _store.clear()
            _store[key] = (now, value)
    return value


def memo_clear() -> None:
    with _lock:
        _store.clear()
