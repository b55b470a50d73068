"""The demo world's past payment run: once the demo claims are adjudicated (finalized), a weekly run dated the
Thursday before the demo's as-of date pays them, with a little interest to show a provider-level adjustment.

Not called by the demo build yet: ``payment_demo_ensure()`` is meant to run after the claims demo has been
adjudicated (it makes nothing until there are finalized demo claims, and nothing twice).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from portico.claims.models import Claim, ClaimStatus
from portico.demo.build import demo_world_loaded
from portico.payments.models import AdjustmentReason, PaymentClaim, RunTrigger
from portico.payments.services import payment_run_execute, provider_adjustment_create
from portico.providers.models import ProviderOrganization

ORGANIZATION = "Thimbleberry Family Medicine, P.C."


def _thursday_before(day: dt.date, weeks: int = 1) -> dt.date:
    back = (day.weekday() - 3) % 7 or 7
    return day - dt.timedelta(days=back + 7 * (weeks - 1))


@transaction.atomic
def payment_demo_load(*, as_of: dt.date) -> int:
    """Pay the demo organization's finalized claims in a past run; the number of claims paid."""
    organization = ProviderOrganization.objects.filter(legal_name=ORGANIZATION, is_demo=True).first()
    if organization is None or PaymentClaim.objects.filter(claim__organization=organization).exists():
        return 0
    finalized = Claim.objects.filter(organization=organization, status=ClaimStatus.FINALIZED)
    if not finalized.exists():
        return 0
    provider_adjustment_create(
        organization=organization,
        reason=AdjustmentReason.L6,
        amount=Decimal("1.25"),
        reference="PROMPT-PAY",
        note="Interest on a claim paid after the prompt-payment deadline.",
    )
    return payment_run_execute(as_of=_thursday_before(as_of, 1), trigger=RunTrigger.SCHEDULED).claim_count


def payment_demo_ensure() -> str:
    """Make the demo's past payment runs if there are finalized demo claims and no payment yet; say what happened."""
    build = demo_world_loaded()
    if build is None or not build.finished:
        return ""
    made = payment_demo_load(as_of=build.as_of)
    return f"Demo payments: {made} claims paid in past runs." if made else "Demo payments: nothing to pay yet."
