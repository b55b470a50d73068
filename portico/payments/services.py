"""Every state change of payments: the payment run, and provider-level adjustments waiting for one.

A run pays every finalized claim that no run has paid yet, grouped by payee (the organization, the TIN and the
billing NPI on the claim), with the payee's waiting provider-level adjustments. It is one transaction: it pays
everything or nothing. Two runs never pay one claim twice: the claims are locked (skipping rows another run
holds, on PostgreSQL) and ``PaymentClaim.claim`` is unique.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext as _

from portico.claims.models import Claim, ClaimLine, ClaimStatus, Frequency
from portico.common.dates import day_start
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
from portico.providers.models import ProviderOrganization

if TYPE_CHECKING:
    from portico.accounts.models import User

ZERO = Decimal("0.00")
Payee = tuple[int, str, str]  # organization id, TIN, billing NPI
M = TypeVar("M", Claim, ProviderAdjustment)


def _locked(rows: QuerySet[M]) -> QuerySet[M]:
    """Rows another run holds are skipped (PostgreSQL); SQLite serializes writers, so it needs no lock."""
    if connection.features.has_select_for_update_skip_locked:
        return rows.select_for_update(skip_locked=True, of=("self",))
    return rows


def check_tins() -> set[str]:
    """Payees paid by paper check instead of EFT, by TIN (``PORTICO_PAYMENT_CHECK_TINS``)."""
    tins = settings.PORTICO_PAYMENT_CHECK_TINS or []
    return {str(t) for t in tins} if isinstance(tins, (list, tuple, set)) else set()


def _payee_of(claim: Claim, organization: ProviderOrganization) -> Payee:
    return (claim.organization_id, claim.billing_tin or organization.tin, claim.billing_npi or organization.group_npi)


@dataclass
class _PayeeBatch:
    claims: list[tuple[Claim, Decimal, Decimal, Decimal]] = field(default_factory=list)  # claim, charge, paid, PR
    adjustments: list[ProviderAdjustment] = field(default_factory=list)

    @property
    def claims_total(self) -> Decimal:
        return sum((paid for _c, _ch, paid, _pr in self.claims), ZERO)

    @property
    def adjustments_total(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), ZERO)


@dataclass(frozen=True)
class RunPreview:
    """What a run started now would pay."""

    claim_count: int
    payee_count: int
    total: Decimal
    recoveries: int


def _line_totals(claim_ids: list[int]) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    rows = (
        ClaimLine.objects.filter(claim_id__in=claim_ids)
        .values("claim_id")
        .annotate(charge=Sum("charge"), paid=Sum("paid"), pr=Sum("member_responsibility"))
    )
    return {r["claim_id"]: (r["charge"] or ZERO, r["paid"] or ZERO, r["pr"] or ZERO) for r in rows}


def _recoveries_due(received_by: dt.date | None = None) -> QuerySet[PaymentClaim]:
    """Paid claims since voided or replaced whose payment has not been taken back yet (by a void or corrected
    claim received on or before ``received_by``, when given)."""
    recovered = ProviderAdjustment.objects.filter(claim__isnull=False).values("claim_id")
    due = PaymentClaim.objects.filter(claim__status__in=[ClaimStatus.VOIDED, ClaimStatus.REPLACED], paid__gt=0)
    if received_by is not None:
        cutoff = day_start(received_by + dt.timedelta(days=1))
        due = due.filter(Exists(Claim.objects.filter(replaces_id=OuterRef("claim_id"), submitted_at__lt=cutoff)))
    return due.exclude(claim_id__in=recovered).select_related("claim", "payment")


def _gather(*, lock: bool, received_by: dt.date | None = None) -> dict[Payee, _PayeeBatch]:
    """What a run would pay, by payee: finalized claims not yet paid (received on or before ``received_by``, when
    given) and waiting provider-level adjustments."""
    # A void pays nothing and has no line of its own to report: what its original was paid is recovered (WO).
    claims = (
        Claim.objects.filter(status=ClaimStatus.FINALIZED, payment_claim__isnull=True)
        .exclude(frequency=Frequency.VOID)
        .order_by("id")
    )
    if received_by is not None:
        claims = claims.filter(submitted_at__lt=day_start(received_by + dt.timedelta(days=1)))
    if lock:
        claims = _locked(claims)
    found = list(claims)
    totals = _line_totals([c.pk for c in found])
    organizations = ProviderOrganization.objects.in_bulk({c.organization_id for c in found})
    batches: dict[Payee, _PayeeBatch] = defaultdict(_PayeeBatch)
    for claim in found:
        charge, paid, pr = totals.get(claim.pk, (ZERO, ZERO, ZERO))
        batches[_payee_of(claim, organizations[claim.organization_id])].claims.append((claim, charge, paid, pr))
    waiting = ProviderAdjustment.objects.filter(payment__isnull=True).order_by("id")
    for adjustment in _locked(waiting) if lock else waiting:
        batches[(adjustment.organization_id, adjustment.tin, adjustment.npi)].adjustments.append(adjustment)
    # A payee with no claim and only money owed back waits for a claim to take it from.
    return {p: b for p, b in batches.items() if b.claims or b.adjustments_total > 0}


def payment_run_preview() -> RunPreview:
    """How many claims and payees a run started now would pay, and the total (recoveries not yet made counted)."""
    batches = _gather(lock=False)
    total = sum((max(ZERO, b.claims_total + b.adjustments_total) for b in batches.values()), ZERO)
    return RunPreview(
        claim_count=sum(len(b.claims) for b in batches.values()),
        payee_count=len(batches),
        total=total,
        recoveries=_recoveries_due().count(),
    )


def _recover_voided(*, started_by: User | None, received_by: dt.date | None) -> int:
    """A voided or replaced claim that was paid: its payment is recovered (PLB WO) in this run or a later one."""
    made = 0
    for paid in _recoveries_due(received_by):
        try:
            # A concurrent run recovering the same claim wins; the unique constraint turns this one away.
            with transaction.atomic():
                ProviderAdjustment.objects.create(
                    organization_id=paid.payment.organization_id,
                    tin=paid.payment.tin,
                    npi=paid.payment.npi,
                    reason=AdjustmentReason.WO,
                    amount=-paid.paid,
                    reference=paid.claim.icn or "",
                    note=_("Recovery of the payment on claim %(icn)s, which was voided or replaced.")
                    % {"icn": paid.claim.icn},
                    claim=paid.claim,
                    created_by=started_by,
                )
        except IntegrityError:
            continue
        made += 1
    return made


def _number(method: str, run: PaymentRun, n: int) -> str:
    if method == PaymentMethod.CHECK:
        return f"{run.pk}{n:05d}"
    return f"{run.as_of:%Y%m%d}{run.pk:06d}{n:05d}"


@transaction.atomic
def payment_run_execute(
    *,
    as_of: dt.date,
    started_by: User | None = None,
    trigger: RunTrigger = RunTrigger.SCHEDULED,
    received_by: dt.date | None = None,
) -> PaymentRun:
    """Pay every finalized claim not yet paid, one payment per payee, dated ``as_of``; idempotent per claim.

    - ``received_by``: only claims (and voids and corrections) received on or before that day; the demo's past
      weekly runs use it so that no payment predates a claim it pays. A run made now leaves it out.

    - Recoveries of voided or replaced paid claims are made first and applied like any provider adjustment.
    - A payee's payment is the sum of its claims' paid amounts plus its waiting provider-level adjustments.
    - A negative net is never paid: the payment is zero (a remittance only) and the shortfall waits for the next
      run as a forwarding balance (FB).
    - A run with nothing to pay is still recorded ("nothing to pay"), so the weekly schedule shows it ran.
    """
    _recover_voided(started_by=started_by, received_by=received_by)
    run = PaymentRun.objects.create(trigger=trigger, as_of=as_of, started_by=started_by)
    batches = _gather(lock=True, received_by=received_by)
    by_check = check_tins()
    organizations = ProviderOrganization.objects.in_bulk({p[0] for p in batches})
    total = ZERO
    claim_count = 0
    for n, (payee, batch) in enumerate(sorted(batches.items()), start=1):
        organization_id, tin, npi = payee
        net = batch.claims_total + batch.adjustments_total
        carried: ProviderAdjustment | None = None
        if net < 0:
            # Balance the remittance to zero now, and carry what is still owed to the next run.
            carried = ProviderAdjustment(
                organization_id=organization_id, tin=tin, npi=npi, reason=AdjustmentReason.FB, amount=net,
                note=_("Balance still owed to the plan, carried to the next payment."),
                created_by=started_by,
            )  # fmt: skip
            offset = ProviderAdjustment.objects.create(
                organization_id=organization_id, tin=tin, npi=npi, reason=AdjustmentReason.FB, amount=-net,
                note=_("Balance carried forward to the next payment."), created_by=started_by,
            )  # fmt: skip
            batch.adjustments.append(offset)
        amount = batch.claims_total + batch.adjustments_total
        method = PaymentMethod.NONE if amount == 0 else PaymentMethod.CHECK if tin in by_check else PaymentMethod.EFT
        payment = Payment.objects.create(
            run=run,
            organization_id=organization_id,
            payee_name=organizations[organization_id].legal_name,
            tin=tin,
            npi=npi,
            method=method,
            trace_number=_number(method, run, n),
            payment_date=as_of,
            claims_total=batch.claims_total,
            adjustments_total=batch.adjustments_total,
            amount=amount,
        )
        PaymentClaim.objects.bulk_create(
            PaymentClaim(payment=payment, claim=claim, charge=charge, paid=paid, member_responsibility=pr)
            for claim, charge, paid, pr in batch.claims
        )
        Claim.objects.filter(pk__in=[claim.pk for claim, *_rest in batch.claims]).update(
            remitted_on=as_of, remittance_number=payment.trace_number
        )
        ProviderAdjustment.objects.filter(pk__in=[a.pk for a in batch.adjustments]).update(payment=payment)
        if carried is not None:
            carried.reference = payment.trace_number
            carried.save()
        total += amount
        claim_count += len(batch.claims)
    run.claim_count = claim_count
    run.payment_count = len(batches)
    run.total_amount = total
    run.status = RunStatus.COMPLETED if batches else RunStatus.NOTHING_TO_PAY
    run.save(update_fields=["claim_count", "payment_count", "total_amount", "status"])
    return run


@transaction.atomic
def provider_adjustment_create(
    *,
    organization: ProviderOrganization,
    reason: AdjustmentReason,
    amount: Decimal,
    tin: str = "",
    npi: str = "",
    reference: str = "",
    note: str = "",
    created_by: User | None = None,
) -> ProviderAdjustment:
    """A provider-level adjustment waiting for the payee's next payment (a recovery is negative, interest positive)."""
    errors: dict[str, list[str]] = {}
    if amount == 0:
        errors["amount"] = [_("The amount is not zero.")]
    if reason == AdjustmentReason.WO and amount > 0:
        errors["amount"] = [_("A recovery is a negative amount.")]
    if reason == AdjustmentReason.L6 and amount < 0:
        errors["amount"] = [_("Interest is a positive amount.")]
    if errors:
        raise ValidationFailed(errors)
    return ProviderAdjustment.objects.create(
        organization=organization,
        tin=tin or organization.tin,
        npi=npi or organization.group_npi,
        reason=reason,
        amount=amount,
        reference=reference,
        note=note,
        created_by=created_by,
    )
