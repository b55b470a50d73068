from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portico.claims.models import LineStatus
from portico.members.models import DualStatus, Member, OtherInsurance
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


def _primary(member: Member) -> None:
    OtherInsurance.objects.create(
        member=member, payer_name="Cascade Mutual", policy_number="P1", subscriber_relationship="18", cob_order=1,
        start=dt.date(2026, 1, 1),
    )  # fmt: skip


def test_other_primary_insurance_with_no_payment_reported_is_denied_with_carc_22(adjudicated, contracted):
    _primary(contracted.world.member_a)
    claim = adjudicated()
    assert adjust(claim, 1) == [("CO", "22", "125.00")]
    assert "Cascade Mutual" in claim.lines.get(number=1).adjustments.get().provider_action_text


def test_with_the_other_payers_payment_we_pay_the_lesser_amount(adjudicated, contracted):
    _primary(contracted.world.member_a)
    claim = adjudicated(
        lines=contracted.professional()["lines"][:1],
        other_payers=[{"payer_name": "Cascade Mutual", "paid_amount": "50.00", "paid_date": "2026-06-10"}],
    )
    line = claim.lines.get(number=1)
    # allowed 80, copay 15 → we would pay 65; allowed - other paid = 30 → we pay 30; OA-23 35.
    assert (line.status, line.paid) == (LineStatus.PAID, Decimal("30.00"))
    assert adjust(claim, 1) == [("CO", "45", "45.00"), ("PR", "3", "15.00"), ("OA", "23", "35.00")]
    assert line.charge == line.paid + sum(a.amount for a in line.adjustments.all())


def test_a_full_dual_member_owes_no_cost_share(adjudicated, contracted):
    Member.objects.filter(pk=contracted.world.member_a.pk).update(dual_status=DualStatus.FULL)
    claim = adjudicated()
    line = claim.lines.get(number=1)
    assert (line.paid, line.member_responsibility) == (Decimal("80.00"), 0)
    assert adjust(claim, 1) == [("CO", "45", "45.00")]
