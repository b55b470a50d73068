"""Reads of payments. A provider sees only its organization's payments; another organization's payment answers
"not found", exactly like one that does not exist, and the attempt is recorded. Every read that shows members
(a payment's claims, the PDF) records an access event per member.

Payments reuse the claim access actions (a remittance is a read of the claims it pays); the detail says which.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from portico.claims.models import ClaimAdjustment, ClaimLine
from portico.common.access import Actor, access_record, access_record_many
from portico.common.errors import NotFound
from portico.common.models import AccessAction
from portico.payments.models import Payment, PaymentClaim, PaymentRun

DEFAULT_PAGE = 25
MAX_PAGE = 200


def payments_visible_to(actor: Actor) -> QuerySet[Payment]:
    """Every payment the actor may see: those made to the organization acted for (none for plan staff here)."""
    if actor.organization_id is None:
        return Payment.objects.none()
    return Payment.objects.filter(organization_id=actor.organization_id)


@dataclass(frozen=True)
class PaymentFilters:
    number: str = ""  # EFT trace or check number
    paid_from: dt.date | None = None
    paid_to: dt.date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    icn: str = ""
    member_id: str = ""


@dataclass(frozen=True)
class PaymentPage:
    rows: list[Payment]
    total: int
    offset: int
    limit: int


def payment_list(*, actor: Actor, filters: PaymentFilters, offset: int = 0, limit: int = DEFAULT_PAGE) -> PaymentPage:
    """The organization's payments, newest first, filtered. The list names no member; a search by member ID is
    recorded as a claim list read of that member when it finds one."""
    rows = payments_visible_to(actor)
    if filters.number:
        rows = rows.filter(trace_number=filters.number.strip())
    if filters.paid_from:
        rows = rows.filter(payment_date__gte=filters.paid_from)
    if filters.paid_to:
        rows = rows.filter(payment_date__lte=filters.paid_to)
    if filters.amount_min is not None:
        rows = rows.filter(amount__gte=filters.amount_min)
    if filters.amount_max is not None:
        rows = rows.filter(amount__lte=filters.amount_max)
    if filters.icn:
        rows = rows.filter(claims__claim__icn=filters.icn.strip().upper())
    if filters.member_id:
        rows = rows.filter(claims__claim__member__member_number=filters.member_id.strip())
    rows = rows.distinct()
    limit = max(1, min(MAX_PAGE, limit))
    offset = max(0, offset)
    total = rows.count()
    page = list(rows.order_by("-payment_date", "-id")[offset : offset + limit])
    if filters.member_id and page:
        members = set(
            PaymentClaim.objects.filter(
                payment__in=page, claim__member__member_number=filters.member_id.strip()
            ).values_list("claim__member_id", flat=True)
        )
        access_record_many(
            actor=actor, action=AccessAction.CLAIM_LIST, member_ids=sorted(members), detail="remittance search"
        )
    return PaymentPage(rows=page, total=total, offset=offset, limit=limit)


def _claims_prefetch() -> Prefetch:
    lines = ClaimLine.objects.order_by("number").prefetch_related(
        Prefetch("adjustments", queryset=ClaimAdjustment.objects.order_by("id"))
    )
    return Prefetch(
        "claims",
        queryset=PaymentClaim.objects.select_related("claim", "claim__member")
        .prefetch_related(Prefetch("claim__lines", queryset=lines))
        .order_by("claim__icn", "id"),
    )


def access_payment(*, actor: Actor, payment_id: int, what: str = "remittance") -> Payment:
    """The organization's payment with its claims, lines and adjustments and its provider-level adjustments;
    each member on it recorded as seen. NotFound (recorded) for anything else."""
    found = (
        payments_visible_to(actor)
        .select_related("run")
        .prefetch_related(_claims_prefetch(), "adjustments")
        .filter(pk=payment_id)
        .first()
    )
    if found is None:
        access_record(actor=actor, action=AccessAction.CLAIM_DENIED, detail=f"requested payment {payment_id}")
        raise NotFound(_("Payment not found."))
    members = sorted({pc.claim.member_id for pc in found.claims.all() if pc.claim.member_id is not None})
    access_record_many(
        actor=actor, action=AccessAction.CLAIM_VIEW, member_ids=members, detail=f"{what} {found.trace_number}"
    )
    return found


def payment_for_claim(claim_id: int) -> Payment | None:
    """The payment that paid this claim, or None. For the claim detail page's link to its remittance: the caller
    has already fetched the claim through ``access_claim``, so this records nothing."""
    found = PaymentClaim.objects.select_related("payment").filter(claim_id=claim_id).first()
    return found.payment if found is not None else None


def payment_runs() -> QuerySet[PaymentRun]:
    """Every payment run, newest first (plan staff: no member data)."""
    return PaymentRun.objects.select_related("started_by").order_by("-started_at", "-id")


def payment_run_get(run_id: int) -> PaymentRun:
    found = payment_runs().filter(pk=run_id).first()
    if found is None:
        raise NotFound(_("Payment run not found."))
    return found


def run_payments(run: PaymentRun) -> QuerySet[Payment]:
    """A run's payments by payee (no member data)."""
    return run.payments.order_by("payee_name", "tin", "npi", "id")
