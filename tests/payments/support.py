"""Fixtures of the payments tests: clinics A and B (tests/conftest.py) with the Payments role, and finalized
claims made straight in the database with their line results and adjustments, as adjudication leaves them."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from portico.accounts.models import Membership, ProviderRole, User
from portico.accounts.services import api_token_create
from portico.claims.models import Claim, ClaimAdjustment, ClaimLine, ClaimStatus, GroupCode, LineStatus
from portico.common.access import Actor
from portico.common.models import Channel
from portico.providers.models import ProviderOrganization
from tests import factories
from tests.conftest import World

DAY = dt.date(2026, 6, 1)
PAY_DAY = dt.date(2026, 6, 12)
_numbers = itertools.count(1)


@dataclass
class PayWorld:
    world: World

    def actor(self, org: str = "a", channel: Channel = Channel.WEB) -> Actor:
        return self.world.actor(self.world.user_a if org == "a" else self.world.user_b, channel)

    def claim(
        self,
        org: str = "a",
        *,
        paid: tuple[str, ...] = ("80.00", "20.00"),
        status: str = ClaimStatus.FINALIZED,
        billing_npi: str = "",
        billing_tin: str = "",
        received: dt.datetime | None = None,
    ) -> Claim:
        """A finalized claim with one line per ``paid`` amount; a zero line is denied with a CO-97 adjustment,
        every other line paid with a CO-45 contractual reduction and PR-3 copay."""
        organization: ProviderOrganization = self.world.org_a if org == "a" else self.world.org_b
        member = self.world.member_a if org == "a" else self.world.member_b
        user = self.world.user_a if org == "a" else self.world.user_b
        claim = Claim.objects.create(
            organization=organization,
            icn=f"26{next(_numbers):09d}",
            status=status,
            billing_tin=billing_tin or organization.tin,
            billing_npi=billing_npi,
            member=member,
            member_id_given=member.member_number,
            patient_account_number="ACCT-9",
            total_charge=Decimal(0),
            created_by=user,
            submitted_by=user,
            submitted_at=received or timezone.now(),
            first_service_date=DAY,
            last_service_date=DAY,
        )
        total = Decimal(0)
        for number, amount in enumerate(paid, start=1):
            pay = Decimal(amount)
            charge = pay + Decimal("50.00")
            total += charge
            line = ClaimLine.objects.create(
                claim=claim,
                number=number,
                service_from=DAY,
                service_to=DAY,
                place_of_service="11",
                code="99213",
                charge=charge,
                status=LineStatus.PAID if pay else LineStatus.DENIED,
                allowed=pay + Decimal("15.00") if pay else Decimal(0),
                paid=pay,
                member_responsibility=Decimal("15.00") if pay else Decimal(0),
            )
            if pay:
                ClaimAdjustment.objects.create(
                    line=line, group=GroupCode.CO, reason="45", amount=Decimal("35.00"),
                    explanation="The charge is above the fee schedule; the difference is written off.",
                )  # fmt: skip
                ClaimAdjustment.objects.create(
                    line=line, group=GroupCode.PR, reason="3", amount=Decimal("15.00"),
                    explanation="The member's copay.", provider_action="Collect it from the member.",
                )  # fmt: skip
            else:
                ClaimAdjustment.objects.create(
                    line=line, group=GroupCode.CO, reason="97", remark="M15", amount=charge,
                    explanation="Included in another service paid on this claim.",
                )  # fmt: skip
        claim.total_charge = total
        claim.save(update_fields=["total_charge"])
        return claim


def pay_world_build(world: World) -> PayWorld:
    for membership in Membership.objects.filter(organization__in=[world.org_a, world.org_b]):
        membership.roles = [ProviderRole.CLAIMS.value, ProviderRole.PAYMENTS.value]
        membership.save()
    return PayWorld(world=world)


@pytest.fixture
def pay(world: World) -> PayWorld:
    return pay_world_build(world)


@pytest.fixture
def examiner(db) -> User:
    factories.UserFactory(username="payments-examiner", staff_roles=["claims_examiner"])
    return User.objects.get(username="payments-examiner")


@pytest.fixture
def pay_token_a(pay: PayWorld) -> str:
    _token, raw = api_token_create(user=pay.world.user_a, organization_id=pay.world.org_a.pk, name="PM")
    return raw
