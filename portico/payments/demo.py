"""The demo world's past payment runs, all synthetic money.

- Weekly history: ``payment_demo_week`` is the run of one past Thursday. The claims demo's history
  (``portico/claims/demo_history.py``) calls it after each week's claims are adjudicated, so each run pays what
  was finalized before it (the history corrects and voids its claims before they are paid: see its docstring).
- The last run: once the demo claims are adjudicated (finalized), a weekly run dated the Thursday before the
  demo's as-of date pays what is left, with a little interest to show a provider-level adjustment.
  ``payment_demo_ensure()`` runs after the claims demo (from ``portico demo-data`` and ``portico codes demo``);
  it makes nothing until there are finalized demo claims not yet paid, and nothing twice.

The run service stamps its start "now"; the payment date is the run's ``as_of``, and the demo moves the run's
start to the configured hour of the weekly run (PAYMENT_RUN_HOUR) that day, so the run list reads as a weekly
history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portico.claims.models import Claim, ClaimStatus
from portico.demo.build import demo_world_loaded
from portico.payments.models import AdjustmentReason, PaymentRun, ProviderAdjustment, RunTrigger
from portico.payments.services import payment_run_execute, provider_adjustment_create
from portico.providers.models import ProviderOrganization

ORGANIZATION = "Thimbleberry Family Medicine, P.C."


def thursday_before(day: dt.date, weeks: int = 1) -> dt.date:
    """The Thursday ``weeks`` weeks back: 1 is the last Thursday before ``day`` (a week back if it is one)."""
    back = (day.weekday() - 3) % 7 or 7
    return day - dt.timedelta(days=back + 7 * (weeks - 1))


def _dated(run: PaymentRun) -> PaymentRun:
    """The run's start moved to the weekly run's hour on its payment date, and the recoveries it made with it."""
    at = timezone.make_aware(dt.datetime.combine(run.as_of, dt.time(settings.PORTICO["PAYMENT_RUN_HOUR"])))
    PaymentRun.objects.filter(pk=run.pk).update(started_at=at)
    ProviderAdjustment.objects.filter(payment__run=run, claim__isnull=False).update(created_at=at)
    run.started_at = at
    return run


def payment_demo_week(*, as_of: dt.date) -> PaymentRun:
    """One past weekly run, dated ``as_of``: pays every finalized claim not yet paid (every organization) that was
    received before that day — a claim received later waits for the next run, as it would have."""
    return _dated(
        payment_run_execute(as_of=as_of, trigger=RunTrigger.SCHEDULED, received_by=as_of - dt.timedelta(days=1))
    )


@transaction.atomic
def payment_demo_load(*, as_of: dt.date) -> int:
    """Pay the demo organization's finalized claims in a past run; the number of claims paid."""
    organization = ProviderOrganization.objects.filter(legal_name=ORGANIZATION, is_demo=True).first()
    day = thursday_before(as_of, 1)
    if organization is None or PaymentRun.objects.filter(as_of=day).exists():
        return 0
    waiting = Claim.objects.filter(organization=organization, status=ClaimStatus.FINALIZED, payment_claim__isnull=True)
    if not waiting.exists():
        return 0
    provider_adjustment_create(
        organization=organization,
        reason=AdjustmentReason.L6,
        amount=Decimal("1.25"),
        reference="PROMPT-PAY",
        note="Interest on a claim paid after the prompt-payment deadline.",
    )
    return payment_demo_week(as_of=day).claim_count


def payment_demo_ensure() -> str:
    """Make the demo's past payment runs if there are finalized demo claims and no payment yet; say what happened."""
    build = demo_world_loaded()
    if build is None or not build.finished:
        return ""
    made = payment_demo_load(as_of=build.as_of)
    return f"Demo payments: {made} claims paid in past runs." if made else "Demo payments: nothing to pay yet."
