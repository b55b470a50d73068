"""Rule 11 — member cost share, from the benefit in effect on the date of service for the member's benefit plan
(``portico.plans.queries.benefits_in_effect``, as eligibility finds it), by service type and network: the copay
(PR-3), then what is left of the deductible (PR-1; the accumulator's deductible met, plus what earlier lines of
this claim applied), then the coinsurance on the rest (PR-2). Never more than the allowed amount. Medicaid
benefits carry no cost share; a full-benefit dual member (the D-SNP) owes none either — Medicaid covers it.
The accumulators are read, not written: the plan's accumulator feed stays their source.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import ZERO, Adjustment, Batch, ClaimWork, LineWork
from portico.claims.models import ClaimKind, GroupCode
from portico.common.money import money_text
from portico.members.eligibility import benefit_year_of
from portico.members.models import Accumulator, CoverageLevel, DualStatus
from portico.plans.models import Benefit, Network, ServiceType
from portico.plans.queries import benefit_plan_info, benefits_in_effect
from portico.pricing.models import NetworkStatus

NAME = "cost_share"
CENT = Decimal("0.01")
ACTION = gettext_noop("Bill the member for this amount, less anything they paid at the visit.")


def service_type(work: ClaimWork, w: LineWork) -> str:
    """The benefit's service type for a line: inpatient or outpatient hospital for a UB-04 (by type of bill), an
    office visit for E/M codes, lab for 8xxxx, radiology for 7xxxx, otherwise medical care."""
    if work.claim.kind == ClaimKind.INSTITUTIONAL:
        return (
            ServiceType.HOSPITAL_INPATIENT
            if work.claim.type_of_bill.startswith("011")
            else ServiceType.HOSPITAL_OUTPATIENT
        )
    code = w.line.code
    if code.startswith("992"):
        return ServiceType.OFFICE_VISIT
    if code.startswith("8") and code[:5].isdigit():
        return ServiceType.DIAGNOSTIC_LAB
    if code.startswith("7") and code[:5].isdigit():
        return ServiceType.DIAGNOSTIC_XRAY
    return ServiceType.MEDICAL_CARE


def _benefit(benefit_plan_id: int, w: LineWork, kind: str, network: str) -> Benefit | None:
    chosen = benefits_in_effect(benefit_plan_id=benefit_plan_id, on=w.day)
    for st in (kind, ServiceType.MEDICAL_CARE, ServiceType.PLAN_COVERAGE):
        if (found := chosen.get((st, network))) is not None:
            return found
    return None


def _deductibles_met(batch: Batch) -> dict[tuple[int, int, str], Decimal]:
    """The individual deductible met so far, by (member, benefit year, network), for the batch's members."""
    rows = Accumulator.objects.filter(member_id__in=batch.member_ids, level=CoverageLevel.INDIVIDUAL).values_list(
        "member_id", "benefit_year", "network", "deductible_met"
    )
    return {(member_id, year, network): met or ZERO for member_id, year, network, met in rows}


def apply(work: ClaimWork) -> None:
    member = work.claim.member
    if member is None or member.dual_status == DualStatus.FULL:
        return
    deductible_used: dict[tuple[int, str], Decimal] = {}
    for w in work.open_lines(NAME):
        if w.coverage is None or w.allowed is None or w.allowed <= 0:
            continue
        network = Network.IN if w.network_status == NetworkStatus.IN else Network.OUT
        benefit = _benefit(w.coverage.benefit_plan_id, w, service_type(work, w), network)
        if benefit is None or not benefit.covered:
            continue
        left = w.allowed
        copay = min(benefit.copay or ZERO, left)
        left -= copay
        deductible = ZERO
        if benefit.deductible_individual:
            year = benefit_year_of(
                start_month=benefit_plan_info(w.coverage.benefit_plan_id).benefit_year_start_month, dos=w.day
            )
            key = (year, network)
            if key not in deductible_used:
                met = work.together.once(NAME, _deductibles_met)
                deductible_used[key] = met.get((member.pk, year, network), ZERO)
            deductible = min(max(ZERO, benefit.deductible_individual - deductible_used[key]), left)
            deductible_used[key] += deductible
            left -= deductible
        coinsurance = ZERO
        if benefit.coinsurance_percent:
            coinsurance = (left * benefit.coinsurance_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        for reason, amount, text in (
            ("1", deductible, gettext_noop("The member's deductible: %(amount)s of the allowed amount is theirs.")),
            ("2", coinsurance, gettext_noop("The member's coinsurance (%(percent)s%%) on what the deductible left.")),
            ("3", copay, gettext_noop("The member's copay for this service: %(amount)s.")),
        ):
            w.add(
                Adjustment(
                    group=GroupCode.PR,
                    reason=reason,
                    amount=amount,
                    explanation=text,
                    provider_action=ACTION,
                    rule=NAME,
                    params={
                        "amount": money_text(amount),
                        "percent": f"{(benefit.coinsurance_percent or ZERO).normalize()}",
                    },
                )
            )
