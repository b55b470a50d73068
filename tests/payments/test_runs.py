"""The payment run: grouping by payee, idempotency per claim, the amount invariant, provider-level adjustments,
negative nets carried forward, recoveries of voided claims, the schedule (task and command)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Sum

from portico.claims.models import ClaimStatus, Frequency
from portico.common.errors import ValidationFailed
from portico.payments.models import (
    AdjustmentReason,
    Payment,
    PaymentClaim,
    PaymentMethod,
    PaymentRun,
    ProviderAdjustment,
    RunStatus,
    RunTrigger,
)
from portico.payments.remittance835 import remittance_for_payment
from portico.payments.services import payment_run_execute, payment_run_preview, provider_adjustment_create
from portico.payments.tasks import payment_run_weekly
from tests.payments.support import PAY_DAY, PayWorld

pytestmark = pytest.mark.django_db


def assert_invariant(payment: Payment) -> None:
    claims = payment.claims.aggregate(t=Sum("paid"))["t"] or Decimal(0)
    adjustments = payment.adjustments.aggregate(t=Sum("amount"))["t"] or Decimal(0)
    assert payment.claims_total == claims
    assert payment.adjustments_total == adjustments
    assert payment.amount == claims + adjustments
    assert payment.amount >= 0


def test_a_run_groups_claims_by_payee_tin_and_npi(pay: PayWorld) -> None:
    a1, a2 = pay.claim("a"), pay.claim("a", paid=("40.00",))
    a_other_npi = pay.claim("a", billing_npi="1234567893")
    b1 = pay.claim("b", paid=("10.00", "0"))
    run = payment_run_execute(as_of=PAY_DAY)
    assert run.status == RunStatus.COMPLETED
    assert run.claim_count == 4
    assert run.payment_count == 3
    by_claim = {pc.claim_id: pc.payment for pc in PaymentClaim.objects.select_related("payment")}
    assert by_claim[a1.pk] == by_claim[a2.pk] != by_claim[a_other_npi.pk]
    assert by_claim[a1.pk].amount == Decimal("140.00")
    assert by_claim[b1.pk].amount == Decimal("10.00")
    assert by_claim[b1.pk].organization == pay.world.org_b
    assert run.total_amount == Decimal("250.00")
    for payment in Payment.objects.all():
        assert_invariant(payment)
        assert payment.method == PaymentMethod.EFT
        assert payment.payment_date == PAY_DAY
    assert len({p.trace_number for p in Payment.objects.all()}) == 3


def test_a_second_run_pays_no_claim_twice(pay: PayWorld) -> None:
    pay.claim("a")
    first = payment_run_execute(as_of=PAY_DAY)
    second = payment_run_execute(as_of=PAY_DAY)
    assert first.claim_count == 1
    assert second.claim_count == 0
    assert second.status == RunStatus.NOTHING_TO_PAY
    assert PaymentClaim.objects.count() == 1


def test_a_claim_cannot_be_put_on_two_payments(pay: PayWorld) -> None:
    claim = pay.claim("a")
    payment_run_execute(as_of=PAY_DAY)
    payment = Payment.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentClaim.objects.create(payment=payment, claim=claim, charge=1, paid=1)


def test_claims_not_finalized_wait(pay: PayWorld) -> None:
    pay.claim("a", status=ClaimStatus.PENDED)
    pay.claim("a", status=ClaimStatus.RECEIVED)
    assert payment_run_execute(as_of=PAY_DAY).claim_count == 0


def test_a_void_is_never_put_on_a_payment(pay: PayWorld) -> None:
    original = pay.claim("a", status=ClaimStatus.VOIDED)  # voided before any run paid it
    void = pay.claim("a", paid=())
    void.frequency, void.replaces = Frequency.VOID, original
    void.save(update_fields=["frequency", "replaces"])
    assert payment_run_preview().claim_count == 0
    run = payment_run_execute(as_of=PAY_DAY)
    assert (run.claim_count, run.payment_count) == (0, 0)
    assert not PaymentClaim.objects.exists()
    assert not ProviderAdjustment.objects.exists()  # nothing was paid, so nothing is recovered


def test_a_fully_denied_claim_is_on_the_remittance_with_nothing_paid(pay: PayWorld) -> None:
    pay.claim("a", paid=("0",))
    run = payment_run_execute(as_of=PAY_DAY)
    payment = run.payments.get()
    assert payment.amount == 0
    assert payment.method == PaymentMethod.NONE
    data = remittance_for_payment(payment)
    assert data.method == "NON"
    assert data.claims[0].status_code == "4"
    assert data.claims[0].services[0].remarks == ("M15",)


def test_interest_and_recovery_are_applied_to_the_payees_payment(pay: PayWorld) -> None:
    pay.claim("a", paid=("100.00",))
    org = pay.world.org_a
    provider_adjustment_create(organization=org, reason=AdjustmentReason.L6, amount=Decimal("2.50"), reference="I-1")
    provider_adjustment_create(organization=org, reason=AdjustmentReason.WO, amount=Decimal("-30.00"), reference="R-7")
    payment = payment_run_execute(as_of=PAY_DAY).payments.get()
    assert payment.amount == Decimal("72.50")
    assert payment.adjustments.count() == 2
    assert_invariant(payment)
    assert not ProviderAdjustment.objects.filter(payment__isnull=True).exists()


def test_cents_add_up_exactly_even_where_the_database_adds_in_floating_point(pay: PayWorld) -> None:
    # 15029.37 + -182.41 is 14846.959999999999 in floating point, which SQLite's sum of decimals is.
    pay.claim("a", paid=("15029.37",))
    provider_adjustment_create(
        organization=pay.world.org_a, reason=AdjustmentReason.WO, amount=Decimal("-182.41"), reference="R-8"
    )
    payment = payment_run_execute(as_of=PAY_DAY).payments.get()
    assert payment.amount == Decimal("14846.96")
    assert_invariant(payment)


def test_a_negative_net_pays_zero_and_carries_the_balance_forward(pay: PayWorld) -> None:
    org = pay.world.org_a
    pay.claim("a", paid=("20.00",))
    provider_adjustment_create(organization=org, reason=AdjustmentReason.WO, amount=Decimal("-50.00"))
    first = payment_run_execute(as_of=PAY_DAY).payments.get()
    assert first.amount == 0
    assert first.method == PaymentMethod.NONE
    assert_invariant(first)
    carried = ProviderAdjustment.objects.get(payment__isnull=True)
    assert carried.reason == AdjustmentReason.FB
    assert carried.amount == Decimal("-30.00")
    assert carried.reference == first.trace_number
    # Nothing more to pay against it: the balance waits, no zero payment every week.
    assert payment_run_execute(as_of=PAY_DAY).payment_count == 0
    pay.claim("a", paid=("100.00",))
    second = payment_run_execute(as_of=PAY_DAY).payments.get()
    assert second.amount == Decimal("70.00")
    assert_invariant(second)


def test_a_paid_claim_later_voided_is_recovered_once(pay: PayWorld) -> None:
    claim = pay.claim("a", paid=("60.00",))
    payment_run_execute(as_of=PAY_DAY)
    claim.status = ClaimStatus.VOIDED
    claim.save(update_fields=["status"])
    assert payment_run_preview().recoveries == 1
    pay.claim("a", paid=("100.00",))
    payment = payment_run_execute(as_of=PAY_DAY).payments.get()
    assert payment.amount == Decimal("40.00")
    recovery = payment.adjustments.get()
    assert (recovery.reason, recovery.amount, recovery.reference) == ("WO", Decimal("-60.00"), claim.icn)
    payment_run_execute(as_of=PAY_DAY)
    assert ProviderAdjustment.objects.filter(claim=claim).count() == 1


def test_a_payee_on_the_check_list_is_paid_by_check(pay: PayWorld, settings) -> None:
    settings.PORTICO_PAYMENT_CHECK_TINS = [pay.world.org_b.tin]
    pay.claim("a")
    pay.claim("b")
    payment_run_execute(as_of=PAY_DAY)
    assert Payment.objects.get(organization=pay.world.org_b).method == PaymentMethod.CHECK
    assert Payment.objects.get(organization=pay.world.org_a).method == PaymentMethod.EFT


def test_the_preview_counts_what_a_run_would_pay(pay: PayWorld) -> None:
    pay.claim("a")
    pay.claim("b", paid=("5.00",))
    preview = payment_run_preview()
    assert (preview.claim_count, preview.payee_count, preview.total) == (2, 2, Decimal("105.00"))
    assert PaymentRun.objects.count() == 0


def test_a_recovery_must_be_negative_and_interest_positive(pay: PayWorld) -> None:
    org = pay.world.org_a
    with pytest.raises(ValidationFailed) as raised:
        provider_adjustment_create(organization=org, reason=AdjustmentReason.WO, amount=Decimal("5"))
    assert "amount" in raised.value.errors
    with pytest.raises(ValidationFailed):
        provider_adjustment_create(organization=org, reason=AdjustmentReason.L6, amount=Decimal("-5"))
    assert not ProviderAdjustment.objects.exists()


def test_the_weekly_task_and_the_command_run_the_payments(pay: PayWorld) -> None:
    pay.claim("a")
    result = payment_run_weekly.call()
    assert result["claims"] == 1
    assert PaymentRun.objects.get().trigger == RunTrigger.SCHEDULED
    pay.claim("b")
    out = StringIO()
    call_command("payments", "run", "--date", "2026-06-19", stdout=out)
    assert "1 claim, 1 payment," in out.getvalue()
    assert Payment.objects.filter(payment_date="2026-06-19").count() == 1


def test_the_835_seam_carries_the_payment_down_to_adjustments(pay: PayWorld) -> None:
    claim = pay.claim("a", paid=("80.00",))
    provider_adjustment_create(organization=pay.world.org_a, reason=AdjustmentReason.L6, amount=Decimal("1.00"))
    payment = payment_run_execute(as_of=PAY_DAY).payments.get()
    data = remittance_for_payment(payment, payer_name="Cascadia Health")
    assert (data.method, data.amount, data.trace_number) == ("ACH", Decimal("81.00"), payment.trace_number)
    assert data.claims[0].icn == claim.icn
    assert data.claims[0].status_code == "1"
    assert [(a.group, a.reason) for a in data.claims[0].services[0].adjustments] == [("CO", "45"), ("PR", "3")]
    assert data.provider_adjustments[0].reason == "L6"
