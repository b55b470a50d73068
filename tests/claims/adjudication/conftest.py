"""Fixtures of the adjudication tests: the claims world (tests/claims/support.py), clinic A contracted in the
member's line of business from 2020, and an in-network fee schedule for every line of business (99213 $80,
99214 $110, 87880 $20). ``adjudicated`` submits a claim and runs the pipeline on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.models import Claim
from portico.claims.services import claim_submit
from portico.pricing.models import NetworkStatus
from portico.pricing.pricer import pricing_cache_clear
from portico.providers.models import NetworkParticipation
from tests.claims.support import ClaimsWorld, claims, private_files  # noqa: F401  (fixtures)
from tests.pricing.support import flat_version, schedule

RATES = {"99213": "80.00", "99214": "110.00", "87880": "20.00"}


@pytest.fixture(autouse=True)
def _fresh_pricing_cache() -> Iterator[None]:
    pricing_cache_clear()
    yield
    pricing_cache_clear()


@pytest.fixture
def contracted(claims: ClaimsWorld) -> ClaimsWorld:  # noqa: F811
    lob_id = claims.world.member_a.coverages.values_list("line_of_business_id", flat=True).get()
    NetworkParticipation.objects.create(
        organization=claims.world.org_a, line_of_business_id=lob_id, contracted=True, start=dt.date(2020, 1, 1)
    )
    flat_version(schedule("in-network", network_status=NetworkStatus.IN), dt.date(2020, 1, 1), RATES)
    pricing_cache_clear()
    return claims


Submit = Callable[..., Claim]


@pytest.fixture
def submitted(contracted: ClaimsWorld) -> Submit:
    """Submit a claim (professional by default, with changes) for clinic A; not yet adjudicated."""
    counter = iter(range(1, 1000))

    def make(data: dict[str, Any] | None = None, **changes: Any) -> Claim:
        payload = data if data is not None else contracted.professional(**changes)
        return claim_submit(actor=contracted.actor(), data=payload, idempotency_key=f"k-{next(counter)}").claim

    return make


@pytest.fixture
def adjudicated(submitted: Submit) -> Submit:
    def make(data: dict[str, Any] | None = None, **changes: Any) -> Claim:
        claim = submitted(data, **changes)
        claim_adjudicate(claim_id=claim.pk)
        claim.refresh_from_db()
        return claim

    return make


def adjust(claim: Claim, number: int = 1) -> list[tuple[str, str, str]]:
    """A line's adjustments as (group, reason, amount)."""
    line = claim.lines.get(number=number)
    return [(a.group, a.reason, str(a.amount)) for a in line.adjustments.all()]
