"""Payments over the JSON API: the organization's payments and one payment's remittance, the same queries as the
remittance pages. ``GET /api/v1/payments`` lists (search by trace or check number, dates, amount, claim, member);
``GET /api/v1/payments/{id}`` reads one down to each line's adjustments. Another organization's payment answers
404, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from pydantic import BaseModel

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.models import ProviderRole
from portico.accounts.queries import membership_for
from portico.common.access import Actor
from portico.common.errors import PermissionDenied
from portico.members.api import ErrorOut  # one error shape across the API
from portico.payments.models import Payment
from portico.payments.queries import PaymentFilters, access_payment, payment_list

router = Router(tags=["payments"], auth=TokenAuth(ProviderRole.PAYMENTS))


def _actor(request: HttpRequest) -> Actor:
    actor = actor_for_api(request)
    membership = membership_for(user=actor.user, organization_id=actor.organization_id)
    if membership is None or not membership.has_role(ProviderRole.PAYMENTS):
        raise PermissionDenied(
            _("Your role in this organization does not include %(role)s.") % {"role": ProviderRole.PAYMENTS.label}
        )
    return actor


class AdjustmentOut(BaseModel):
    group: str = Field(..., description="Group code: CO, PR, OA, PI or CR.")
    reason: str = Field(..., description="Claim adjustment reason code (CARC).")
    remark: str = Field("", description="Remittance advice remark code (RARC), if any.")
    amount: Decimal
    explanation: str
    provider_action: str


class LineOut(BaseModel):
    number: int
    service_from: dt.date | None
    code: str
    revenue_code: str
    modifiers: list[str]
    status: str
    charge: Decimal
    allowed: Decimal | None
    paid: Decimal | None
    member_responsibility: Decimal | None
    adjustments: list[AdjustmentOut]


class PaidClaimOut(BaseModel):
    icn: str
    member_id: str
    patient_account_number: str
    charge: Decimal
    paid: Decimal
    member_responsibility: Decimal
    lines: list[LineOut]


class ProviderAdjustmentOut(BaseModel):
    reason: str = Field(..., description="X12 PLB reason: WO overpayment recovery, L6 interest, FB forwarding balance.")
    amount: Decimal = Field(..., description="As it affects the payment: negative recovers, positive adds.")
    reference: str
    note: str


class PaymentOut(BaseModel):
    id: int
    payee_name: str
    tin: str
    npi: str
    method: str = Field(..., description="eft, check, or none (a remittance with no money).")
    trace_number: str = Field(..., description="The EFT trace number or the check number.")
    payment_date: dt.date
    claims_total: Decimal
    adjustments_total: Decimal
    amount: Decimal = Field(..., description="claims_total + adjustments_total; never negative.")
    claims: list[PaidClaimOut] = Field(default_factory=list, description="Only when reading one payment.")
    provider_adjustments: list[ProviderAdjustmentOut] = Field(default_factory=list)


class PaymentListOut(BaseModel):
    total: int
    offset: int
    limit: int
    results: list[PaymentOut]


class PaymentListQuery(BaseModel):
    number: str | None = Field(None, description="EFT trace or check number.")
    paid_from: dt.date | None = None
    paid_to: dt.date | None = None
    amount_min: Decimal | None = Field(None, ge=0, le=10**11)
    amount_max: Decimal | None = Field(None, ge=0, le=10**11)
    icn: str | None = Field(None, description="A claim the payment covers.")
    member_id: str | None = Field(None, description="A member on one of its claims.")
    offset: int = Field(0, ge=0)
    limit: int = Field(25, ge=1, le=200)


def payment_out(row: Payment, *, detail: bool) -> PaymentOut:
    out = PaymentOut(
        id=row.pk,
        payee_name=row.payee_name,
        tin=row.tin,
        npi=row.npi,
        method=row.method,
        trace_number=row.trace_number,
        payment_date=row.payment_date,
        claims_total=row.claims_total,
        adjustments_total=row.adjustments_total,
        amount=row.amount,
    )
    if not detail:
        return out
    out.claims = [
        PaidClaimOut(
            icn=pc.claim.icn or "",
            member_id=pc.claim.member.member_number if pc.claim.member else pc.claim.member_id_given,
            patient_account_number=pc.claim.patient_account_number,
            charge=pc.charge,
            paid=pc.paid,
            member_responsibility=pc.member_responsibility,
            lines=[
                LineOut(
                    number=line.number,
                    service_from=line.service_from,
                    code=line.code,
                    revenue_code=line.revenue_code,
                    modifiers=list(line.modifiers or []),
                    status=line.status,
                    charge=line.charge,
                    allowed=line.allowed,
                    paid=line.paid,
                    member_responsibility=line.member_responsibility,
                    adjustments=[
                        AdjustmentOut(
                            group=a.group,
                            reason=a.reason,
                            remark=a.remark,
                            amount=a.amount,
                            explanation=a.explanation_text,
                            provider_action=a.provider_action_text,
                        )
                        for a in line.adjustments.all()
                    ],
                )
                for line in pc.claim.lines.all()
            ],
        )
        for pc in row.claims.all()
    ]
    out.provider_adjustments = [
        ProviderAdjustmentOut(reason=a.reason, amount=a.amount, reference=a.reference, note=a.note)
        for a in row.adjustments.all()
    ]
    return out


@router.get(
    "",
    response={200: PaymentListOut, 403: ErrorOut, 422: ErrorOut},
    summary="List your organization's payments",
    operation_id="payment_list",
)
def list_payments(request: HttpRequest, filters: Query[PaymentListQuery]) -> PaymentListOut:
    """Newest first; search by EFT trace or check number, payment dates, amount, a claim's ICN or a member ID."""
    page = payment_list(
        actor=_actor(request),
        filters=PaymentFilters(
            number=(filters.number or "").strip(),
            paid_from=filters.paid_from,
            paid_to=filters.paid_to,
            amount_min=filters.amount_min,
            amount_max=filters.amount_max,
            icn=(filters.icn or "").strip().upper(),
            member_id=(filters.member_id or "").strip().upper(),
        ),
        offset=filters.offset,
        limit=filters.limit,
    )
    return PaymentListOut(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        results=[payment_out(row, detail=False) for row in page.rows],
    )


@router.get(
    "/{payment_id}",
    response={200: PaymentOut, 403: ErrorOut, 404: ErrorOut},
    summary="Read one payment's remittance",
    operation_id="payment_get",
)
def get_payment(request: HttpRequest, payment_id: int) -> PaymentOut:
    """The payment, each claim it pays with its lines and every adjustment (group, CARC, RARC, amount, the
    explanation), and the provider-level adjustments (PLB)."""
    return payment_out(access_payment(actor=_actor(request), payment_id=payment_id, what="API remittance"), detail=True)
