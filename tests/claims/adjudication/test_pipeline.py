from __future__ import annotations

from decimal import Decimal

import pytest

from portico.claims.adjudication.pipeline import RULE_NAMES, claim_adjudicate
from portico.claims.models import ClaimAdjustment, ClaimEvent, ClaimStatus, EventKind, LineStatus
from portico.claims.services import claim_void
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


def test_a_clean_claim_is_paid_with_its_write_off_and_the_members_share(adjudicated):
    claim = adjudicated()
    assert claim.status == ClaimStatus.FINALIZED
    visit, strep = claim.lines.order_by("number")
    # 99213: charge 125, rate 80 → CO-45 45; office-visit copay 15 → paid 65.
    assert (visit.status, visit.allowed, visit.paid, visit.member_responsibility) == (
        LineStatus.PAID, Decimal("80.00"), Decimal("65.00"), Decimal("15.00"),
    )  # fmt: skip
    assert adjust(claim, 1) == [("CO", "45", "45.00"), ("PR", "3", "15.00")]
    # 87880: charge 35, rate 20 → CO-45 15; lab falls to plan coverage, whose $500 deductible takes all 20.
    assert (strep.allowed, strep.paid, strep.member_responsibility) == (Decimal("20.00"), 0, Decimal("20.00"))
    assert adjust(claim, 2) == [("CO", "45", "15.00"), ("PR", "1", "20.00")]


def test_every_decided_line_keeps_charge_equal_to_paid_plus_adjustments(adjudicated):
    claims = [adjudicated(), adjudicated()]  # the second is an exact duplicate: denied
    for claim in claims:
        for line in claim.lines.all():
            total = sum((a.amount for a in line.adjustments.all()), Decimal(0))
            assert line.charge == line.paid + total, (claim.icn, line.number)


def test_adjudicating_a_finalized_claim_again_changes_nothing(adjudicated):
    claim = adjudicated()
    before = ClaimAdjustment.objects.filter(line__claim=claim).count()
    events = ClaimEvent.objects.filter(claim=claim).count()
    claim_adjudicate(claim_id=claim.pk)
    assert ClaimAdjustment.objects.filter(line__claim=claim).count() == before
    assert ClaimEvent.objects.filter(claim=claim).count() == events


def test_the_adjudication_is_on_the_claims_history(adjudicated):
    claim = adjudicated()
    event = ClaimEvent.objects.filter(claim=claim, kind=EventKind.ADJUDICATED).get()
    assert event.status == ClaimStatus.FINALIZED


def test_the_rules_run_in_the_documented_order():
    assert RULE_NAMES == (
        "coverage", "participation", "duplicates", "timely_filing", "ncci", "authorization", "cob", "pricing",
        "cost_share",
    )  # fmt: skip


def test_submit_adjudicates_after_commit_and_the_page_explains_every_adjustment(
    submitted, contracted, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = submitted()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALIZED
    client.force_login(contracted.world.user_a)
    page = client.get(f"/claims/{claim.icn}/").content.decode()
    assert "Adjustments explained" in page
    assert "CO-45" in page
    assert "PR-3" in page
    assert "PR-1" in page
    assert "The charge is more than the allowed amount, $80.00." in page
    assert "The member&#x27;s copay for this service: $15.00." in page
    assert "$65.00" in page


def test_a_void_is_recorded_as_finalized(adjudicated, contracted, django_capture_on_commit_callbacks):
    claim = adjudicated()
    with django_capture_on_commit_callbacks(execute=True):
        void = claim_void(actor=contracted.actor(), icn=claim.icn, idempotency_key="void-1").claim
    void.refresh_from_db()
    assert void.status == ClaimStatus.FINALIZED
