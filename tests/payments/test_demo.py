"""The demo's past payment run: made once there are finalized claims of the demo organization, never twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from portico.claims.models import ClaimStatus, Frequency
from portico.payments.demo import ORGANIZATION, payment_demo_load, payment_demo_week, thursday_before
from portico.payments.models import AdjustmentReason, Payment, PaymentClaim, PaymentRun, ProviderAdjustment
from portico.payments.services import payment_run_execute
from tests.payments.support import PayWorld

pytestmark = pytest.mark.django_db


def test_the_demo_run_pays_the_demo_organizations_finalized_claims_once(pay: PayWorld) -> None:
    org = pay.world.org_a
    org.legal_name, org.is_demo = ORGANIZATION, True
    org.save()
    assert payment_demo_load(as_of=dt.date(2026, 12, 2)) == 0  # nothing finalized yet
    paid = pay.claim("a", received=_at(dt.date(2026, 11, 24)))
    waits = pay.claim("a", received=_at(dt.date(2026, 11, 26)))  # the run's own day: the next run pays it
    assert payment_demo_load(as_of=dt.date(2026, 12, 2)) == 1
    assert Payment.objects.get().claims.get().claim == paid
    assert not PaymentClaim.objects.filter(claim=waits).exists()
    payment = Payment.objects.get()
    assert payment.payment_date == dt.date(2026, 11, 26)  # the Thursday before
    assert payment.amount == Decimal("101.25")
    assert payment_demo_load(as_of=dt.date(2026, 12, 2)) == 0
    assert PaymentRun.objects.count() == 1


def test_a_weekly_demo_run_is_dated_its_thursday_and_pays_what_was_finalized_before_it(pay: PayWorld) -> None:
    assert thursday_before(dt.date(2026, 12, 3)) == dt.date(2026, 11, 26)  # a Thursday: the week before
    assert thursday_before(dt.date(2026, 12, 2), 3) == dt.date(2026, 11, 12)
    pay.claim("a", received=_at(dt.date(2026, 11, 10)))
    later = pay.claim("a", received=_at(dt.date(2026, 11, 13)))  # after that run: paid by the next
    run = payment_demo_week(as_of=dt.date(2026, 11, 12))
    assert run.claim_count == 1
    assert timezone.localdate(PaymentRun.objects.get(pk=run.pk).started_at) == dt.date(2026, 11, 12)
    assert Payment.objects.get().payment_date == dt.date(2026, 11, 12)
    following = payment_demo_week(as_of=dt.date(2026, 11, 19))
    assert [pc.claim for pc in following.payments.get().claims.all()] == [later]  # the first paid once
    assert Payment.objects.get(run=following).payment_date == dt.date(2026, 11, 19)


def test_a_past_weekly_run_recovers_only_what_was_voided_before_it(pay: PayWorld) -> None:
    paid = pay.claim("a", paid=("60.00",), received=_at(dt.date(2026, 11, 2)))
    payment_demo_week(as_of=dt.date(2026, 11, 5))
    void = pay.claim("a", paid=(), received=_at(dt.date(2026, 11, 16)))
    void.replaces, void.frequency = paid, Frequency.VOID
    void.save(update_fields=["replaces", "frequency"])
    paid.status = ClaimStatus.VOIDED
    paid.save(update_fields=["status"])
    pay.claim("a", paid=("100.00",), received=_at(dt.date(2026, 11, 10)))
    payment_demo_week(as_of=dt.date(2026, 11, 12))  # the void came in after: nothing recovered yet
    assert not ProviderAdjustment.objects.filter(claim=paid).exists()
    pay.claim("a", paid=("100.00",), received=_at(dt.date(2026, 11, 17)))
    payment_demo_week(as_of=dt.date(2026, 11, 19))
    recovery = ProviderAdjustment.objects.get(claim=paid)
    assert (recovery.reason, recovery.amount) == (AdjustmentReason.WO, Decimal("-60.00"))
    assert recovery.payment is not None
    assert recovery.payment.payment_date == dt.date(2026, 11, 19)


def test_a_payment_run_made_now_pays_whatever_is_finalized(pay: PayWorld) -> None:
    pay.claim("a", received=_at(dt.date(2026, 12, 2)))
    assert payment_run_execute(as_of=dt.date(2026, 11, 30)).claim_count == 1  # no cutoff unless asked


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14, 30)))
