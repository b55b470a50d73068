from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from portico.accounts.models import StaffRole
from portico.claims.adjudication.examiner import claim_line_deny, claim_line_release
from portico.claims.models import ClaimEvent, ClaimStatus, EventKind, LineStatus
from portico.common.errors import ValidationFailed
from portico.providers.models import NetworkParticipation
from tests import factories
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


@pytest.fixture
def pended(adjudicated, contracted):
    NetworkParticipation.objects.update(contracted=False)  # no non-contracted schedule: pricing pends
    claim = adjudicated(lines=contracted.professional()["lines"][:1])
    assert claim.status == ClaimStatus.PENDED
    return claim


@pytest.fixture
def examiner():
    return factories.UserFactory(staff_roles=[StaffRole.CLAIMS_EXAMINER.value])


def test_releasing_with_an_allowed_amount_prices_the_line_by_hand_and_finalizes(pended, contracted, examiner):
    actor = contracted.world.actor(examiner)
    claim = claim_line_release(
        actor=actor, claim_id=pended.pk, line_number=1, note="Priced per contract", allowed=Decimal("70.00")
    )
    line = claim.lines.get(number=1)
    assert (claim.status, line.status, line.allowed, line.paid) == (
        ClaimStatus.FINALIZED, LineStatus.PAID, Decimal("70.00"), Decimal("70.00"),
    )  # fmt: skip
    # Non-contracted: out-of-network benefits, which this plan doesn't list, so no member cost share.
    assert adjust(claim, 1) == [("CO", "45", "55.00")]
    assert ClaimEvent.objects.filter(claim=claim, kind=EventKind.EXAMINER, by=examiner).exists()


def test_denying_a_pended_line_records_the_reason(pended, contracted, examiner):
    claim = claim_line_deny(
        actor=contracted.world.actor(examiner), claim_id=pended.pk, line_number=1, reason="50", note="No records"
    )
    assert claim.status == ClaimStatus.FINALIZED
    assert adjust(claim, 1) == [("CO", "50", "125.00")]


def test_a_line_pended_for_want_of_a_rate_is_released_only_with_an_allowed_amount(pended, contracted, examiner):
    with pytest.raises(ValidationFailed) as caught:
        claim_line_release(actor=contracted.world.actor(examiner), claim_id=pended.pk, line_number=1, note="n")
    assert "allowed" in caught.value.errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"note": ""}, "note"), ({"reason": "999"}, "reason"), ({"line_number": 2}, "line")],
)
def test_a_bad_decision_is_refused_naming_the_field_and_nothing_changes(pended, contracted, examiner, changes, field):
    args = {"claim_id": pended.pk, "line_number": 1, "reason": "50", "note": "x", **changes}
    with pytest.raises(ValidationFailed) as caught:
        claim_line_deny(actor=contracted.world.actor(examiner), **args)
    assert field in caught.value.errors
    assert pended.lines.get(number=1).status == LineStatus.PENDED


def test_the_examiner_page_releases_a_line_and_a_provider_cannot_open_it(pended, contracted, examiner, client_a):
    client = Client()
    client.force_login(examiner)
    page = client.get(f"/claims/work/{pended.pk}/")
    assert page.status_code == 200
    assert "A claims examiner prices it." in page.content.decode()
    bad = client.post(f"/claims/work/{pended.pk}/", {"line": "1", "action": "release", "allowed": "abc", "note": "n"})
    assert bad.status_code == 400
    assert "dollars and cents" in bad.content.decode()
    done = client.post(f"/claims/work/{pended.pk}/", {"line": "1", "action": "release", "allowed": "70", "note": "n"})
    assert done.status_code == 302
    pended.refresh_from_db()
    assert pended.status == ClaimStatus.FINALIZED
    assert client_a.get(f"/claims/work/{pended.pk}/").status_code in (302, 403, 404)
