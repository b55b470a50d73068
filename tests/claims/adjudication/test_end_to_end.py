"""From entry to remittance, through the real services: a professional and an institutional claim are submitted,
adjudicated (the institutional line no schedule prices pends and a claims examiner adjusts it), paid by a payment
run and read on the remittance; then the professional claim is corrected and the institutional one voided, and the
next run pays the correction and recovers what the replaced and voided claims were paid. Clinic B sees none of it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole, StaffRole
from portico.accounts.services import api_token_create
from portico.claims.adjudication.examiner import claim_line_adjust
from portico.claims.adjudication.pipeline import claims_adjudicate, claims_waiting
from portico.claims.models import Claim, ClaimStatus, LineStatus
from portico.claims.services import claim_submit, claim_void
from portico.common.access import Actor
from portico.common.models import Channel
from portico.common.money import money_text
from portico.members.models import Accumulator
from portico.payments.models import Payment, PaymentClaim, ProviderAdjustment
from portico.payments.services import payment_run_execute
from tests import factories
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db
PAY_DAY = dt.date(2026, 7, 2)
NEXT_PAY_DAY = dt.date(2026, 7, 9)


def _adjudicate_waiting() -> None:
    claims_adjudicate(claim_ids=claims_waiting())


def _remittance(client: Client, payment: Payment) -> str:
    response = client.get(f"/remittance/{payment.pk}/")
    assert response.status_code == 200
    return response.text


def test_claims_go_from_entry_to_remittance_corrected_and_voided(contracted):
    world = contracted.world
    for org in (world.org_a, world.org_b):
        Membership.objects.filter(organization=org).update(
            roles=[ProviderRole.ELIGIBILITY.value, ProviderRole.CLAIMS.value, ProviderRole.PAYMENTS.value]
        )
    # The member has met the year's $500 deductible, so the hospital lines are paid, not all the member's.
    Accumulator.objects.create(member=world.member_a, benefit_year=2026, network="in", deductible_met=Decimal(500))
    biller = contracted.actor()
    examiner = Actor(
        user=factories.UserFactory(username="examiner", staff_roles=[StaffRole.CLAIMS_EXAMINER]),
        organization_id=None,
        channel=Channel.WEB,
    )

    professional = claim_submit(actor=biller, data=contracted.professional(), idempotency_key="p-1").claim
    institutional = claim_submit(actor=biller, data=contracted.institutional(), idempotency_key="i-1").claim
    assert professional.icn != institutional.icn
    _adjudicate_waiting()
    professional.refresh_from_db()
    institutional.refresh_from_db()
    # 99213 at $80 of $125 less the member's $15 office-visit copay; 87880 at $20 of $35.
    assert professional.status == ClaimStatus.FINALIZED
    amounts = [(line.allowed, line.paid) for line in professional.lines.order_by("number")]
    assert amounts == [(Decimal("80.00"), Decimal("65.00")), (Decimal("20.00"), Decimal("20.00"))]
    assert adjust(professional, 1) == [("CO", "45", "45.00"), ("PR", "3", "15.00")]
    # The revenue-code-only room line has no rate: pended, then the examiner sets its allowed amount.
    assert institutional.status == ClaimStatus.PENDED
    room = institutional.lines.get(number=2)
    assert (room.status, room.pend_rule) == (LineStatus.PENDED, "pricing")
    claim_line_adjust(
        actor=examiner, claim_id=institutional.pk, line_number=2, allowed=Decimal("60.00"), reason="45",
        note="Priced at the hospital's room rate.",
    )  # fmt: skip
    institutional.refresh_from_db()
    assert institutional.status == ClaimStatus.FINALIZED
    room = institutional.lines.get(number=2)
    assert (room.allowed, room.paid) == (Decimal("60.00"), Decimal("60.00"))
    assert adjust(institutional, 2) == [("CO", "45", "20.50")]

    biller_client, other_client = Client(), Client()
    biller_client.force_login(world.user_a)
    other_client.force_login(world.user_b)
    before_run = biller_client.get(f"/claims/{professional.icn}/").text
    assert "<strong>Finalized.</strong> Adjudication is done: the plan pays $" in before_run
    assert "Next: the weekly payment run sends it" in before_run

    first_run = payment_run_execute(as_of=PAY_DAY)
    payment = Payment.objects.get(run=first_run, organization=world.org_a)
    paid_first = {pc.claim_id: pc.paid for pc in PaymentClaim.objects.filter(payment=payment)}
    assert set(paid_first) == {professional.pk, institutional.pk}
    assert payment.amount == sum(paid_first.values()) > 0
    for claim in (professional, institutional):
        lines_paid = sum((line.paid or Decimal(0) for line in claim.lines.all()), Decimal(0))
        assert paid_first[claim.pk] == lines_paid

    page = _remittance(biller_client, payment)
    assert professional.icn in page
    assert institutional.icn in page
    assert "CO-45" in page
    assert other_client.get(f"/remittance/{payment.pk}/").status_code == 404
    assert other_client.get(f"/claims/{professional.icn}/").status_code == 404
    claim_page = biller_client.get(f"/claims/{professional.icn}/").text
    assert payment.trace_number in claim_page  # the claim links to its remittance
    # Its status now says it is paid, how much, when and in which payment — on the page, the list and the API.
    said = f"{money_text(paid_first[professional.pk])} paid on 07/02/2026 in payment {payment.trace_number}."
    assert f"<strong>Paid.</strong> {said}" in claim_page
    assert said in biller_client.get("/claims/").text
    token = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM")[1]
    read = biller_client.get(f"/api/v1/claims/{professional.icn}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert (read["status"], read["outcome"]) == ("finalized", "paid")
    assert (read["remitted_on"], read["remittance_number"]) == ("2026-07-02", payment.trace_number)
    assert read["next_step"].startswith(said)

    # A corrected claim (frequency 7) replaces the professional claim; the institutional claim is voided.
    lines = contracted.professional()["lines"]
    corrected = claim_submit(
        actor=biller, data=contracted.professional(frequency="7", replaces=professional.icn, lines=lines[:1]),
        idempotency_key="p-2",
    ).claim  # fmt: skip
    void = claim_void(actor=biller, icn=institutional.icn, idempotency_key="i-void").claim
    _adjudicate_waiting()
    professional.refresh_from_db()
    institutional.refresh_from_db()
    corrected.refresh_from_db()
    void.refresh_from_db()
    assert professional.status == ClaimStatus.REPLACED
    assert institutional.status == ClaimStatus.VOIDED
    assert corrected.status == void.status == ClaimStatus.FINALIZED
    assert corrected.lines.get(number=1).status == LineStatus.PAID  # not a duplicate of the claim it corrects

    second_run = payment_run_execute(as_of=NEXT_PAY_DAY)
    recoveries = ProviderAdjustment.objects.filter(reason="WO", organization=world.org_a)
    assert {(r.reference, r.amount) for r in recoveries} == {
        (professional.icn, -paid_first[professional.pk]),
        (institutional.icn, -paid_first[institutional.pk]),
    }
    assert PaymentClaim.objects.filter(claim=corrected, payment__run=second_run).exists()
    assert not PaymentClaim.objects.filter(claim=void).exists()  # the void is the recovery, not a claim paid
    again = payment_run_execute(as_of=NEXT_PAY_DAY)  # nothing is paid or recovered twice
    assert again.claim_count == 0
    assert ProviderAdjustment.objects.filter(reason="WO", organization=world.org_a).count() == 2
    assert not Claim.objects.filter(organization=world.org_b).exists()
