from __future__ import annotations

from collections.abc import Iterator

import pytest

from portico.pricing.pricer import pricing_cache_clear


@pytest.fixture(autouse=True)
def _fresh_pricing_cache() -> Iterator[None]:
    """Ids come back after a rolled-back test: never let one test's schedules price the next one's lines."""
    pricing_cache_clear()
    yield
    pricing_cache_clear()
