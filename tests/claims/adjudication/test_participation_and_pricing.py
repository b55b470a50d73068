from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.models import Claim, ClaimStatus, LineStatus
from portico.pricing.pricer import pricing_cache_clear
from portico.providers.models import NetworkParticipation
from tests.claims.adjudication.conftest import adjust
from tests.pricing.support import flat_version, schedule

pytestmark = pytest.mark.django_db


def _run(claim: Claim) -> Claim:
    claim_adjudicate(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def test_without_a_participation_the_line_is_priced_on_the_non_contracted_schedule(submitted):
    NetworkParticipation.objects.all().delete()
    flat_version(schedule("non-contracted"), dt.date(2020, 1, 1), {"99213": "60.00", "87880": "10.00"})
    pricing_cache_clear()
    claim = _run(submitted())
    line = claim.lines.get(number=1)
    assert (line.status, line.allowed) == (LineStatus.PAID, Decimal("60.00"))


def test_a_line_no_schedule_prices_is_pended_with_the_reason(submitted):
    claim = submitted()
    NetworkParticipation.objects.update(contracted=False)  # non-contracted: no schedule for it
    claim = _run(claim)
    line = claim.lines.get(number=1)
    assert (claim.status, line.status, line.pend_rule) == (ClaimStatus.PENDED, LineStatus.PENDED, "pricing")
    assert "A claims examiner prices it." in line.pend_reason_text
    assert line.paid is None
    assert not line.adjustments.exists()


def test_a_claim_without_the_billing_npi_is_denied_with_carc_16(submitted):
    claim = submitted()
    Claim.objects.filter(pk=claim.pk).update(billing_npi="")
    claim = _run(claim)
    assert adjust(claim, 1) == [("CO", "16", "125.00")]
    assert claim.lines.get(number=1).adjustments.get().remark == "N257"


def test_a_contracted_participation_prices_in_network(submitted):
    NetworkParticipation.objects.update(start=dt.date(2026, 6, 1))  # the first day of service counts
    claim = _run(submitted())
    assert claim.lines.get(number=1).allowed == Decimal("80.00")
