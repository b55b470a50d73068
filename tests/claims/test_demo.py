"""The demo world's claims: received through the real services, one corrected, one voided; made once."""

from __future__ import annotations

import pytest

from portico.claims.demo import DIAGNOSES, KEY_PREFIX, PROCEDURES, claim_demo_ensure, claim_demo_load
from portico.claims.models import Claim, ClaimAdjustment, ClaimLine, ClaimStatus, Frequency
from portico.codes.models import Code, CodeSystem
from tests.demo.conftest import AS_OF, demo_world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo_claims(demo_world, django_db_blocker):  # type: ignore[no-untyped-def]  # noqa: F811
    with django_db_blocker.unblock():
        assert claim_demo_ensure().startswith("Demo claims: waiting for the code sets")
        Code.objects.bulk_create(
            [Code(system=CodeSystem.CPT, code=code, display=code) for code in PROCEDURES]
            + [Code(system=CodeSystem.ICD10CM, code=code.replace(".", ""), display=code) for code in DIAGNOSES]
        )
        return claim_demo_load(as_of=AS_OF)


def test_the_demo_claims_are_adjudicated_corrected_and_voided(demo_claims: int) -> None:
    claims = Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX)
    assert demo_claims == claims.count() == 8
    assert set(claims.values_list("kind", flat=True)) == {"professional", "institutional"}
    assert not claims.filter(status=ClaimStatus.RECEIVED).exists()
    assert claims.filter(frequency=Frequency.REPLACEMENT).count() == 1
    lines = ClaimLine.objects.filter(claim__in=claims)
    assert {"paid", "denied", "pended"} <= set(lines.values_list("status", flat=True))
    assert ClaimAdjustment.objects.filter(line__claim__idempotency_key=KEY_PREFIX + "maria-sent-again", reason="18")
    assert claims.filter(frequency=Frequency.VOID).count() == 1
    assert claims.filter(status=ClaimStatus.REPLACED).count() == 1
    assert claims.filter(status=ClaimStatus.VOIDED).count() == 1
    assert all(claim.icn for claim in claims)
    assert claim_demo_load(as_of=AS_OF) == 0
    assert claim_demo_ensure() == "Demo claims: already there."
