from __future__ import annotations

import datetime as dt

import pytest

from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.models import Claim, ClaimStatus, LineStatus
from portico.members.models import Coverage
from tests import factories
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


def _run(claim: Claim) -> Claim:
    claim_adjudicate(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def test_coverage_ending_on_the_date_of_service_still_covers_it(submitted, contracted):
    claim = submitted()
    Coverage.objects.filter(member=contracted.world.member_a).update(end=dt.date(2026, 6, 1))
    assert _run(claim).lines.get(number=1).status == LineStatus.PAID


def test_coverage_ending_the_day_before_denies_every_line_with_carc_27(submitted, contracted):
    claim = submitted()
    Coverage.objects.filter(member=contracted.world.member_a).update(end=dt.date(2026, 5, 31))
    claim = _run(claim)
    assert claim.status == ClaimStatus.FINALIZED
    assert adjust(claim, 1) == [("CO", "27", "125.00")]
    line = claim.lines.get(number=1)
    assert (line.status, line.paid) == (LineStatus.DENIED, 0)
    assert "ended on 2026-05-31" in line.adjustments.get().explanation_text


def test_no_coverage_in_the_claims_line_of_business_is_carc_31(submitted):
    claim = submitted()
    other = factories.BenefitPlanFactory(line_of_business__name="Commercial Silver").line_of_business
    Claim.objects.filter(pk=claim.pk).update(line_of_business=other)
    assert adjust(_run(claim), 2) == [("CO", "31", "35.00")]
