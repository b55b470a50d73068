"""The seam for the 835 (electronic remittance advice): everything an 835 writer needs about one payment, as
plain frozen dataclasses with no Django in them. The X12 writing itself comes with the EDI work (``edi/``); it
takes a ``Remittance`` and never reads the database.

Signs: amounts are as the plan computed them. A provider-level adjustment's ``amount`` is signed as it affects
the payment (a recovery is negative); in the 835's PLB segment a reduction is positive, so the writer negates it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from portico.claims.models import ClaimStatus, LineStatus
from portico.payments.models import Payment, PaymentMethod


@dataclass(frozen=True)
class AdjustmentData:  # CAS
    group: str
    reason: str
    amount: Decimal


@dataclass(frozen=True)
class ServiceData:  # SVC, DTM*472, CAS, LQ
    line_number: int
    code: str
    revenue_code: str
    modifiers: tuple[str, ...]
    charge: Decimal
    paid: Decimal
    units: Decimal
    service_from: dt.date | None
    service_to: dt.date | None
    adjustments: tuple[AdjustmentData, ...]
    remarks: tuple[str, ...]


@dataclass(frozen=True)
class ClaimData:  # CLP, NM1*QC, DTM*232/233, SVC loop
    icn: str
    patient_account_number: str
    status_code: str  # CLP02: 1 processed as primary, 4 denied, 22 reversal
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    frequency: str
    member_id: str
    member_last_name: str
    member_first_name: str
    services: tuple[ServiceData, ...]


@dataclass(frozen=True)
class ProviderAdjustmentData:  # PLB
    reason: str
    reference: str
    amount: Decimal


@dataclass(frozen=True)
class Remittance:  # BPR, TRN, N1*PR, N1*PE, LX loop, PLB
    payer_name: str
    payee_name: str
    payee_tin: str
    payee_npi: str
    method: str  # BPR04: ACH, CHK or NON
    amount: Decimal
    payment_date: dt.date
    trace_number: str
    claims: tuple[ClaimData, ...]
    provider_adjustments: tuple[ProviderAdjustmentData, ...]


BPR_METHOD = {PaymentMethod.EFT: "ACH", PaymentMethod.CHECK: "CHK", PaymentMethod.NONE: "NON"}


def _status_code(paid: Decimal, statuses: set[str], claim_status: str) -> str:
    if claim_status in (ClaimStatus.VOIDED, ClaimStatus.REPLACED) and paid == 0:
        return "22"
    if statuses and statuses <= {LineStatus.DENIED}:
        return "4"
    return "1"


def remittance_for_payment(payment: Payment, *, payer_name: str = "") -> Remittance:
    """The 835's data for one payment (fetch it with ``queries.access_payment`` so the read is recorded)."""
    claims = []
    for paid in payment.claims.all():
        claim = paid.claim
        lines = list(claim.lines.all())
        services = tuple(
            ServiceData(
                line_number=line.number,
                code=line.code,
                revenue_code=line.revenue_code,
                modifiers=tuple(line.modifiers or ()),
                charge=line.charge,
                paid=line.paid or Decimal("0.00"),
                units=line.units,
                service_from=line.service_from,
                service_to=line.service_to,
                adjustments=tuple(AdjustmentData(a.group, a.reason, a.amount) for a in line.adjustments.all()),
                remarks=tuple(sorted({a.remark for a in line.adjustments.all() if a.remark})),
            )
            for line in lines
        )
        member = claim.member
        claims.append(
            ClaimData(
                icn=claim.icn or "",
                patient_account_number=claim.patient_account_number,
                status_code=_status_code(paid.paid, {line.status for line in lines}, claim.status),
                charge=paid.charge,
                paid=paid.paid,
                patient_responsibility=paid.member_responsibility,
                frequency=claim.frequency,
                member_id=member.member_number if member else claim.member_id_given,
                member_last_name=member.last_name if member else "",
                member_first_name=member.first_name if member else "",
                services=services,
            )
        )
    return Remittance(
        payer_name=payer_name,
        payee_name=payment.payee_name,
        payee_tin=payment.tin,
        payee_npi=payment.npi,
        method=BPR_METHOD[PaymentMethod(payment.method)],
        amount=payment.amount,
        payment_date=payment.payment_date,
        trace_number=payment.trace_number,
        claims=tuple(claims),
        provider_adjustments=tuple(
            ProviderAdjustmentData(a.reason, a.reference, a.amount) for a in payment.adjustments.all()
        ),
    )
