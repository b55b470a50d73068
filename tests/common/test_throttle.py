"""The inquiry throttle counts per user and window, in Redis (production) or Django's cache (demo)."""

import uuid

import pytest

from portico.common import throttle
from portico.common.errors import Throttled


@pytest.fixture(params=["django-cache", "redis"])
def backend(request, settings):
    if request.param == "redis":
        settings.REDIS_URL = "redis://127.0.0.1:6379/14"
    else:
        settings.REDIS_URL = None
    throttle._redis.cache_clear()
    yield request.param
    throttle._redis.cache_clear()


@pytest.mark.usefixtures("throttle_window")
def test_the_limit_is_enforced_per_user_with_a_retry_time(backend):
    user = uuid.uuid4().hex  # a fresh counter each run, also in a shared Redis
    for _ in range(3):
        throttle.throttle_hit(scope="test", key=user, limit=3, window_seconds=60)
    with pytest.raises(Throttled) as raised:
        throttle.throttle_hit(scope="test", key=user, limit=3, window_seconds=60)
    assert 0 < raised.value.retry_after <= 60
    throttle.throttle_hit(scope="test", key=uuid.uuid4().hex, limit=3, window_seconds=60)


def test_the_redis_counter_expires_with_its_window(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/14"
    throttle._redis.cache_clear()
    user = uuid.uuid4().hex
    throttle.throttle_hit(scope="test", key=user, limit=3, window_seconds=60)
    client = throttle._redis()
    keys = client.keys(f"throttle:test:{user}:*")
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= 65
    throttle._redis.cache_clear()
