"""The demo's past payment run: made once there are finalized claims of the demo organization, never twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portico.payments.demo import ORGANIZATION, payment_demo_load
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
