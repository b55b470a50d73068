"""The demo world's claims: six months of history and the well-known claims, received through the real services,
adjudicated and paid in weekly runs; made once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from portico.claims.demo import DIAGNOSES, KEY_PREFIX, PROCEDURES, claim_demo_ensure, claim_demo_load
from portico.claims.demo_history import HISTORY_WEEKS, KEY
from portico.claims.models import (
    Claim,
    ClaimAdjustment,
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    EventKind,
    Frequency,
    LineStatus,
)
from portico.codes.models import Code, CodeSystem
from portico.payments.demo import payment_demo_ensure, thursday_before
from portico.payments.models import AdjustmentReason, PaymentRun, ProviderAdjustment
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
        made = claim_demo_load(as_of=AS_OF)
        payment_demo_ensure()
        return made


def test_the_well_known_claims_are_adjudicated_corrected_and_voided(demo_claims: int) -> None:
    claims = Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX).exclude(idempotency_key__startswith=KEY)
    assert claims.count() == 8
    assert set(claims.values_list("kind", flat=True)) == {"professional", "institutional"}
    assert not claims.filter(status=ClaimStatus.RECEIVED).exists()
    assert claims.filter(frequency=Frequency.REPLACEMENT).count() == 1
    lines = ClaimLine.objects.filter(claim__in=claims)
    assert {"paid", "denied"} <= set(lines.values_list("status", flat=True))
    assert ClaimAdjustment.objects.filter(line__claim__idempotency_key=KEY_PREFIX + "maria-sent-again", reason="18")
    assert claims.filter(frequency=Frequency.VOID).count() == 1
    assert claims.filter(status=ClaimStatus.REPLACED).count() == 1
    assert claims.filter(status=ClaimStatus.VOIDED).count() == 1
    assert all(claim.icn for claim in claims)
    assert claim_demo_load(as_of=AS_OF) == 0
    assert claim_demo_ensure() == "Demo claims: already there."


def test_the_history_has_the_shape_of_a_real_one(demo_claims: int) -> None:
    history = Claim.objects.filter(idempotency_key__startswith=KEY)
    assert 150 <= history.count() <= demo_claims
    by_lines = history.annotate(
        n=Count("lines"),
        paid=Count("lines", filter=Q(lines__status=LineStatus.PAID)),
        denied=Count("lines", filter=Q(lines__status=LineStatus.DENIED)),
    )
    paid = by_lines.filter(status=ClaimStatus.FINALIZED, paid__gt=0).count()
    denied = by_lines.filter(status=ClaimStatus.FINALIZED, denied=Count("lines")).exclude(frequency=Frequency.VOID)
    assert paid > history.count() * 0.7  # mostly paid
    assert denied.count() > 0
    reasons = set(
        ClaimAdjustment.objects.filter(line__claim__in=history, line__status="denied").values_list("reason", flat=True)
    )
    assert {"18", "22", "29", "197"} <= reasons  # sent twice, other insurance first, filed late, no authorization
    assert ClaimAdjustment.objects.filter(line__claim__in=history, group="PR").exists()  # D-SNP cost share
    pended = history.filter(status=ClaimStatus.PENDED)
    assert pended.count() > 0
    assert set(
        ClaimLine.objects.filter(claim__in=pended, status=LineStatus.PENDED).values_list("pend_rule", flat=True)
    ) == {
        "duplicates",
        "pricing",
    }
    assert history.filter(frequency=Frequency.REPLACEMENT).count() > 0
    assert (
        history.filter(status=ClaimStatus.REPLACED).count() == history.filter(frequency=Frequency.REPLACEMENT).count()
    )
    assert history.filter(status=ClaimStatus.VOIDED).count() > 0
    assert history.values("organization").distinct().count() == 4
    assert history.filter(kind="institutional").exists()
    assert history.values("member").distinct().count() > 100
    received = sorted(history.values_list("submitted_at", flat=True))
    assert (AS_OF - timezone.localdate(received[0])).days > 150  # six months back
    for icn, at in history.values_list("icn", "submitted_at"):
        day = timezone.localdate(at)
        assert icn == f"{day:%y}{day.timetuple().tm_yday:03d}{icn[5:]}"  # the ICN carries the receipt date
    # The history's "Received" entry names the number the claim has, history and well-known claims alike.
    demo = Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX)
    received_notes = ClaimEvent.objects.filter(claim__in=demo, kind=EventKind.RECEIVED)
    assert received_notes.count() == demo.count()
    assert all(e.note == e.claim.icn for e in received_notes.select_related("claim"))


def test_weekly_runs_paid_each_claim_in_the_first_run_after_it_came_in(demo_claims: int) -> None:
    runs = PaymentRun.objects.filter(as_of__lt=AS_OF).order_by("as_of")
    assert runs.count() == HISTORY_WEEKS
    assert {r.as_of.weekday() for r in runs} == {3}  # Thursdays
    assert runs.filter(claim_count__gt=0).count() >= HISTORY_WEEKS - 2
    assert all(timezone.localdate(r.started_at) == r.as_of for r in runs)
    history = Claim.objects.filter(idempotency_key__startswith=KEY)
    assert history.filter(payment_claim__isnull=False).count() > 100
    # Each claim, of the history and the well-known ones, was paid in the first run after it came in: never by a
    # payment dated before it was received.
    paid = Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX, payment_claim__isnull=False)
    well_known = paid.exclude(idempotency_key__startswith=KEY)
    assert well_known.count() >= 5
    assert {c.payment_claim.payment.payment_date for c in well_known} == {thursday_before(AS_OF)}
    for claim in paid.select_related("payment_claim__payment"):
        day = claim.payment_claim.payment.payment_date
        assert claim.submitted_at is not None
        received = timezone.localdate(claim.submitted_at)
        assert received < day
        assert day - received <= dt.timedelta(days=14)


def test_paid_claims_later_corrected_or_voided_are_recovered_on_a_later_remittance(demo_claims: int) -> None:
    history = Claim.objects.filter(idempotency_key__startswith=KEY)
    recovered = ProviderAdjustment.objects.filter(reason=AdjustmentReason.WO, claim__in=history)
    assert recovered.count() >= 2
    for adjustment in recovered.select_related("claim__payment_claim__payment", "payment"):
        assert adjustment.claim is not None
        assert adjustment.claim.status in (ClaimStatus.REPLACED, ClaimStatus.VOIDED)
        assert adjustment.amount == -adjustment.claim.payment_claim.paid
        assert adjustment.payment is not None  # applied on a later run's payment
        assert adjustment.payment.payment_date > adjustment.claim.payment_claim.payment.payment_date
