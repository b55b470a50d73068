"""The benefit tables of the demo world's benefit plans: one row per service type, in and out of network,
for two benefit years, so that effective dating shows (the current year changes some values).

Amounts are realistic for Oregon Medicaid (OHP through a CCO: no cost share) and for a Medicare Advantage
HMO D-SNP (Medicare-like deductible and maximum out-of-pocket, copays and coinsurance), but they describe a
fictional plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from portico.plans.models import Benefit, ServiceType

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Share:
    """One network's cost share for one service type (a Benefit row without its plan and dates)."""

    covered: bool = True
    copay: Decimal | None = None
    coinsurance_percent: Decimal | None = None
    deductible_individual: Decimal | None = None
    deductible_family: Decimal | None = None
    oop_max_individual: Decimal | None = None
    oop_max_family: Decimal | None = None
    visit_limit: int | None = None
    visit_limit_period: str = ""
    authorization_required: bool = False
    notes: str = ""


def money(value: str | int) -> Decimal:
    return Decimal(value).quantize(ZERO)


def free(notes: str = "", *, auth: bool = False, limit: int | None = None, period: str = "") -> Share:
    """Covered with no cost share (how OHP covers nearly everything)."""
    return Share(copay=ZERO, authorization_required=auth, notes=notes, visit_limit=limit, visit_limit_period=period)


def copay(
    amount: str | int, notes: str = "", *, auth: bool = False, limit: int | None = None, period: str = ""
) -> Share:
    return Share(
        copay=money(amount), authorization_required=auth, notes=notes, visit_limit=limit, visit_limit_period=period
    )


def coinsurance(percent: str | int, notes: str = "", *, auth: bool = False) -> Share:
    return Share(coinsurance_percent=money(percent), authorization_required=auth, notes=notes)


def not_covered(notes: str) -> Share:
    return Share(covered=False, notes=notes)


AUTH = "Authorization required."
IMAGING_AUTH = (
    "Authorization required. For dates of service on or after 2026-05-01, Summit Specialty Review takes "
    "imaging authorizations."
)
CARDIAC_AUTH = (
    "Authorization required. For dates of service on or after 2026-05-01, Summit Specialty Review takes "
    "cardiac authorizations."
)
MSK_AUTH = "Authorization required after the first 12 visits; from 2026-05-01 Summit Specialty Review reviews."
BENEFIT_YEAR = "benefit year"

# ---- Medicaid: OHP Plus through a CCO ------------------------------------------------------------------

MEDICAID_OUT = not_covered("Not covered out of network without an approved authorization.")

MEDICAID_IN: dict[str, Share] = {
    "30": Share(copay=ZERO, notes="OHP through the CCO: no copays, no deductible, no premium."),
    "1": free(),
    "2": free("Authorization required for scheduled inpatient surgery and some outpatient procedures.", auth=True),
    "4": free(),
    "5": free(),
    "6": free(AUTH, auth=True),
    "7": free(),
    "8": free(),
    "12": free("Authorization required for most items; see the DME list.", auth=True),
    "13": free(AUTH, auth=True),
    "18": free("Authorization required for rentals over 2 months.", auth=True),
    "20": free(),
    "33": free("Chiropractic care for back conditions on the Prioritized List.", auth=True),
    "35": free(
        "Dental care through the CCO's dental plan: exams and cleanings twice a year; fillings, "
        "extractions and dentures for adults."
    ),
    "40": free(AUTH, auth=True),
    "42": free(AUTH, auth=True),
    "45": free(),
    "47": free(),
    "48": free("Authorization required. Notify the plan within one business day of an emergency admission.", auth=True),
    "50": free(),
    "51": free("No authorization for emergencies."),
    "52": free("No authorization for emergencies."),
    "53": free(AUTH, auth=True),
    "62": free("Authorization required for MRI, CT and PET.", auth=True),
    "65": free(),
    "68": free("Well-child visits on the Bright Futures schedule."),
    "73": free(),
    "76": free(),
    "78": free(AUTH, auth=True),
    "80": free(),
    "81": free("Adult wellness visit once a year.", limit=1, period=BENEFIT_YEAR),
    "82": free("Members may choose any family-planning provider, in or out of network."),
    "86": free("No authorization for emergencies."),
    "88": free("CCO formulary. Mental-health drugs are paid by OHA fee-for-service, not the CCO."),
    "93": free("Routine foot care only with diabetes or a circulatory condition."),
    "98": free(),
    "99": free(),
    "A0": free(),
    "A3": free(),
    "A4": free(),
    "A6": free(),
    "A7": free(AUTH, auth=True),
    "A8": free(),
    "AD": free("30 visits per year combined with physical and speech therapy.", limit=30, period=BENEFIT_YEAR),
    "AE": free("30 visits per year combined with occupational and speech therapy.", limit=30, period=BENEFIT_YEAR),
    "AF": free("30 visits per year combined with physical and occupational therapy.", limit=30, period=BENEFIT_YEAR),
    "AG": free("Post-hospital skilled nursing. Long-term care is arranged through APD.", auth=True),
    "AI": free("No authorization for outpatient substance use disorder treatment."),
    "AL": free("Eye exams and glasses for members under 21 and pregnant members; medical eye care for all."),
    "BG": free(AUTH, auth=True),
    "BH": free(),
    "MH": free("No authorization for outpatient mental health assessment and therapy."),
    "UC": free(),
}

MEDICAID_OUT_COVERED: dict[str, Share] = {
    "51": free("Emergency care is covered anywhere."),
    "52": free("Emergency care is covered anywhere."),
    "86": free("Emergency care is covered anywhere."),
    "UC": free("Urgent care is covered out of network when the member is away from the service area."),
    "82": free("Members may choose any family-planning provider, in or out of network."),
    "30": not_covered(
        "Out-of-network care needs an approved authorization, except emergencies, urgent care "
        "away from home and family planning."
    ),
}

# What changed on January 1 of the current benefit year.
MEDICAID_IN_CHANGES: dict[str, Share] = {
    "33": free(
        "Up to 30 visits a year for back conditions, combined with acupuncture and physical therapy; "
        "no authorization needed.",
        limit=30,
        period=BENEFIT_YEAR,
    ),
    "35": free(
        "Dental care through the CCO's dental plan: exams and cleanings twice a year; fillings, "
        "extractions, dentures and periodontal maintenance for adults."
    ),
    "62": free(IMAGING_AUTH, auth=True),
    "BG": free(CARDIAC_AUTH, auth=True),
    "AL": free(
        "Routine eye exam every 24 months for adults; glasses for members under 21 and pregnant members.",
        limit=1,
        period="24 months",
    ),
}

BRIDGE_PLAN_NOTE = "OHP Bridge (basic health program, ages 19-64): no copays, no deductible, no premium."

# ---- Medicare Advantage HMO D-SNP ----------------------------------------------------------------------

DSNP_OUT = not_covered(
    "HMO: out-of-network care is not covered except emergencies, urgent care and out-of-area dialysis."
)
NOT_MEDICARE = "Not a Medicare benefit; covered by the member's Medicaid (CCO)."
QMB_NOTE = "Full duals: Medicaid pays Medicare cost sharing. Do not bill QMB members."


def dsnp_plan_row(*, deductible: str, oop_max: str) -> Share:
    return Share(
        deductible_individual=money(deductible),
        deductible_family=money(deductible) * 2,
        oop_max_individual=money(oop_max),
        oop_max_family=money(oop_max) * 2,
        notes=QMB_NOTE,
    )


DSNP_IN: dict[str, Share] = {
    "30": dsnp_plan_row(deductible="257", oop_max="9350"),
    "1": coinsurance(20),
    "2": coinsurance(20, AUTH, auth=True),
    "4": copay(15),
    "5": copay(0),
    "6": coinsurance(20, AUTH, auth=True),
    "7": coinsurance(20),
    "8": coinsurance(20),
    "12": coinsurance(20, AUTH, auth=True),
    "13": copay(250, AUTH, auth=True),
    "18": coinsurance(20, AUTH, auth=True),
    "20": copay(10),
    "33": copay(20, "Medicare-covered manipulation of the spine, 12 visits per year.", limit=12, period=BENEFIT_YEAR),
    "35": copay(0, "Preventive and comprehensive dental: $2,500 allowance per year."),
    "40": coinsurance(20, AUTH, auth=True),
    "42": copay(0, AUTH, auth=True),
    "45": not_covered("Hospice is paid by Original Medicare, not the plan."),
    "47": copay(295, "Per day for days 1-5 of each admission; $0 after day 5.", auth=True),
    "48": copay(295, "Per day for days 1-5 of each admission; $0 after day 5. Authorization required.", auth=True),
    "50": coinsurance(20),
    "51": copay(110, "Waived if admitted within 24 hours."),
    "52": copay(110, "Waived if admitted within 24 hours."),
    "53": copay(250, AUTH, auth=True),
    "62": copay(100, "Authorization required for MRI, CT and PET.", auth=True),
    "65": not_covered(NOT_MEDICARE),
    "68": not_covered(NOT_MEDICARE),
    "73": copay(0),
    "76": coinsurance(20, "Also covered out of network when away from the service area."),
    "78": coinsurance(20, AUTH, auth=True),
    "80": copay(0),
    "81": copay(0, "Annual wellness visit.", limit=1, period=BENEFIT_YEAR),
    "82": copay(0),
    "86": copay(110, "Waived if admitted within 24 hours."),
    "88": Share(notes="Part D. With Extra Help: generics $0-$4.90, brand names $0-$12.15."),
    "93": copay(20, "Routine foot care, 6 visits per year.", limit=6, period=BENEFIT_YEAR),
    "98": copay(0, "Primary care $0; specialist $10."),
    "99": coinsurance(20),
    "A0": copay(10),
    "A3": copay(0),
    "A4": copay(20),
    "A6": copay(20),
    "A7": copay(
        295,
        "Per day for days 1-5; 190-day lifetime limit in a psychiatric hospital.",
        auth=True,
        limit=190,
        period="lifetime",
    ),
    "A8": copay(20),
    "AD": copay(20, MSK_AUTH),
    "AE": copay(20, MSK_AUTH),
    "AF": copay(20, MSK_AUTH),
    "AG": copay(0, "$0 for days 1-20; $214 a day for days 21-100.", auth=True, limit=100, period="benefit period"),
    "AI": copay(20),
    "AL": copay(0, "Routine eye exam once a year; $300 eyewear allowance.", limit=1, period=BENEFIT_YEAR),
    "BG": copay(20, "Up to 36 sessions.", auth=True, limit=36, period="benefit period"),
    "BH": not_covered(NOT_MEDICARE),
    "MH": copay(20),
    "UC": copay(40),
}

DSNP_OUT_COVERED: dict[str, Share] = {
    "51": copay(110, "Emergency care is covered anywhere; waived if admitted within 24 hours."),
    "52": copay(110, "Emergency care is covered anywhere; waived if admitted within 24 hours."),
    "86": copay(110, "Emergency care is covered anywhere; waived if admitted within 24 hours."),
    "UC": copay(40, "Urgent care is covered anywhere in the United States."),
    "76": coinsurance(20, "Out-of-area dialysis is covered."),
}

DSNP_IN_CHANGES: dict[str, Share] = {
    "30": dsnp_plan_row(deductible="283", oop_max="9250"),
    "35": copay(0, "Preventive and comprehensive dental: $3,000 allowance per year."),
    "47": copay(325, "Per day for days 1-5 of each admission; $0 after day 5.", auth=True),
    "48": copay(325, "Per day for days 1-5 of each admission; $0 after day 5. Authorization required.", auth=True),
    "51": copay(115, "Waived if admitted within 24 hours."),
    "52": copay(115, "Waived if admitted within 24 hours."),
    "62": copay(125, IMAGING_AUTH, auth=True),
    "86": copay(115, "Waived if admitted within 24 hours."),
    "88": Share(notes="Part D. With Extra Help: generics $0-$5.10, brand names $0-$12.65."),
    "98": copay(0, "Primary care $0; specialist $15."),
    "A6": copay(15),
    "AG": copay(0, "$0 for days 1-20; $218 a day for days 21-100.", auth=True, limit=100, period="benefit period"),
    "AL": copay(0, "Routine eye exam once a year; $350 eyewear allowance.", limit=1, period=BENEFIT_YEAR),
    "BG": copay(20, "Up to 36 sessions. " + CARDIAC_AUTH, auth=True, limit=36, period="benefit period"),
    "UC": copay(45),
}
DSNP_OUT_CHANGES: dict[str, Share] = {
    "51": copay(115, "Emergency care is covered anywhere; waived if admitted within 24 hours."),
    "52": copay(115, "Emergency care is covered anywhere; waived if admitted within 24 hours."),
    "86": copay(115, "Emergency care is covered anywhere; waived if admitted within 24 hours."),
    "UC": copay(45, "Urgent care is covered anywhere in the United States."),
}


@dataclass(frozen=True)
class BenefitTable:
    """Cost shares for one benefit plan design: previous-year rows and the current year's changes."""

    in_network: dict[str, Share]
    out_covered: dict[str, Share]
    out_default: Share
    in_changes: dict[str, Share]
    out_changes: dict[str, Share]

    def share(self, *, service_type: str, network: str, current: bool) -> Share:
        if network == "in":
            base = self.in_network[service_type]
            return self.in_changes.get(service_type, base) if current else base
        base = self.out_covered.get(service_type, self.out_default)
        return self.out_changes.get(service_type, base) if current else base


MEDICAID_TABLE = BenefitTable(MEDICAID_IN, MEDICAID_OUT_COVERED, MEDICAID_OUT, MEDICAID_IN_CHANGES, {})
BRIDGE_TABLE = replace(
    MEDICAID_TABLE, in_network={**MEDICAID_IN, "30": replace(MEDICAID_IN["30"], notes=BRIDGE_PLAN_NOTE)}
)
DSNP_TABLE = BenefitTable(DSNP_IN, DSNP_OUT_COVERED, DSNP_OUT, DSNP_IN_CHANGES, DSNP_OUT_CHANGES)


def benefit_rows(*, table: BenefitTable, benefit_plan_id: int, current_year: int) -> Iterator[Benefit]:
    """Unsaved Benefit rows for every service type and network: the previous benefit year (ending December
    31) and the current one (open-ended), so an answer depends on the date of service."""
    previous_start = dt.date(current_year - 1, 1, 1)
    previous_end = dt.date(current_year - 1, 12, 31)
    current_start = dt.date(current_year, 1, 1)
    for service_type in ServiceType.values:
        for network in ("in", "out"):
            for start, end, current in ((previous_start, previous_end, False), (current_start, None, True)):
                share = table.share(service_type=service_type, network=network, current=current)
                yield Benefit(
                    benefit_plan_id=benefit_plan_id,
                    service_type=service_type,
                    network=network,
                    effective_start=start,
                    effective_end=end,
                    covered=share.covered,
                    copay=share.copay if share.covered else None,
                    coinsurance_percent=share.coinsurance_percent,
                    deductible_individual=share.deductible_individual,
                    deductible_family=share.deductible_family,
                    oop_max_individual=share.oop_max_individual,
                    oop_max_family=share.oop_max_family,
                    visit_limit=share.visit_limit,
                    visit_limit_period=share.visit_limit_period,
                    authorization_required=share.authorization_required,
                    notes=share.notes,
                )
