"""The demo's past payment run: made once there are finalized claims of the demo organization, never twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from portico.payments.demo import ORGANIZATION, payment_demo_load, payment_demo_week, thursday_before
from portico.payments.models import Payment, PaymentRun
from tests.payments.support import PayWorld

pytestmark = pytest.mark.django_db


def test_the_demo_run_pays_the_demo_organizations_finalized_claims_once(pay: PayWorld) -> None:
    org = pay.world.org_a
    org.legal_name, org.is_demo = ORGANIZATION, True
    org.save()
    assert payment_demo_load(as_of=dt.date(2026, 12, 2)) == 0  # nothing finalized yet
    pay.claim("a")
    assert payment_demo_load(as_of=dt.date(2026, 12, 2)) == 1
    payment = Payment.objects.get()
    assert payment.payment_date == dt.date(2026, 11, 26)  # the Thursday before
    assert payment.amount == Decimal("101.25")
    assert payment_demo_load(as_of=dt.date(2026, 12, 2)) == 0
    assert PaymentRun.objects.count() == 1


def test_a_weekly_demo_run_is_dated_its_thursday_and_pays_what_was_finalized_before_it(pay: PayWorld) -> None:
    assert thursday_before(dt.date(2026, 12, 3)) == dt.date(2026, 11, 26)  # a Thursday: the week before
    assert thursday_before(dt.date(2026, 12, 2), 3) == dt.date(2026, 11, 12)
    pay.claim("a")
    run = payment_demo_week(as_of=dt.date(2026, 11, 12))
    assert run.claim_count == 1
    assert timezone.localdate(PaymentRun.objects.get(pk=run.pk).started_at) == dt.date(2026, 11, 12)
    assert Payment.objects.get().payment_date == dt.date(2026, 11, 12)
    assert payment_demo_week(as_of=dt.date(2026, 11, 19)).claim_count == 0  # paid once
