"""The plan side of the demo world: Cascadia Health, its four lines of business and their benefit plans.

Creation is idempotent by code (payer ID, line-of-business code, benefit-plan code), so a database that
already holds Cascadia Health (from fixtures or another seed) is reused rather than duplicated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portico.demo.benefits import BRIDGE_TABLE, DSNP_TABLE, MEDICAID_TABLE, BenefitTable, benefit_rows
from portico.plans.models import Benefit, BenefitPlan, HealthPlan, LineOfBusiness, ProgramKind

PLAN_NAME = "Cascadia Health"
PAYER_ID = "CASCADIA"
PLAN_PHONE = "503-555-0100"


@dataclass(frozen=True)
class BenefitPlanSpec:
    code: str
    name: str
    table: BenefitTable
    weight: float
    min_age: int = 0
    max_age: int = 200


@dataclass(frozen=True)
class LobSpec:
    """A line of business, the share of members enrolled in it, and where its members live."""

    code: str
    name: str
    program: str
    product: str
    share: float
    region: str | None  # None: serves every region (the D-SNP)
    launched: dt.date
    plans: tuple[BenefitPlanSpec, ...]

    @property
    def is_medicare(self) -> bool:
        return self.program == ProgramKind.MEDICARE_ADVANTAGE


def _cco(code: str, name: str, share: float, region: str) -> LobSpec:
    return LobSpec(
        code=code,
        name=name,
        program=ProgramKind.MEDICAID,
        product="CCO",
        share=share,
        region=region,
        launched=dt.date(2018, 1, 1),
        plans=(
            BenefitPlanSpec(f"{code}-OHP-PLUS", f"{name} - OHP Plus", MEDICAID_TABLE, 0.92),
            BenefitPlanSpec(f"{code}-OHP-BRIDGE", f"{name} - OHP Bridge", BRIDGE_TABLE, 0.08, 19, 64),
        ),
    )


NORTH_COAST_CCO = _cco("NCCCO", "North Coast CCO", 0.28, "north_coast")
WILLAMETTE_VALLEY_CCO = _cco("WVCCO", "Willamette Valley CCO", 0.34, "willamette_valley")
METRO_GORGE_CCO = _cco("MGCCO", "Metro Gorge CCO", 0.24, "metro_gorge")
ADVANTAGE_DUAL = LobSpec(
    code="CADSNP",
    name="Cascadia Advantage Dual",
    program=ProgramKind.MEDICARE_ADVANTAGE,
    product="HMO D-SNP",
    share=0.14,
    region=None,
    launched=dt.date(2020, 1, 1),
    plans=(BenefitPlanSpec("CADSNP-HMO", "Cascadia Advantage Dual (HMO D-SNP)", DSNP_TABLE, 1.0),),
)
LINES_OF_BUSINESS: tuple[LobSpec, ...] = (NORTH_COAST_CCO, WILLAMETTE_VALLEY_CCO, METRO_GORGE_CCO, ADVANTAGE_DUAL)


@dataclass(frozen=True)
class PlanIds:
    """Database ids of the plan side, keyed by code, for the generators."""

    plan_id: int
    lob_ids: dict[str, int]
    benefit_plan_ids: dict[str, int]


def plan_world_create(*, current_year: int) -> PlanIds:
    """Cascadia Health, its lines of business and benefit plans, each plan with a full benefit table for
    the previous and the current benefit year. Existing rows with the same codes are reused; a benefit
    plan that already has benefits keeps them."""
    plan, _created = HealthPlan.objects.get_or_create(
        payer_id=PAYER_ID, defaults={"name": PLAN_NAME, "phone": PLAN_PHONE}
    )
    lob_ids: dict[str, int] = {}
    benefit_plan_ids: dict[str, int] = {}
    new_benefits: list[Benefit] = []
    for spec in LINES_OF_BUSINESS:
        lob, _created = LineOfBusiness.objects.get_or_create(
            code=spec.code,
            defaults={"plan": plan, "name": spec.name, "program": spec.program, "product": spec.product},
        )
        lob_ids[spec.code] = lob.pk
        for plan_spec in spec.plans:
            benefit_plan, _created = BenefitPlan.objects.get_or_create(
                code=plan_spec.code, defaults={"line_of_business": lob, "name": plan_spec.name}
            )
            benefit_plan_ids[plan_spec.code] = benefit_plan.pk
            if not Benefit.objects.filter(benefit_plan=benefit_plan).exists():
                new_benefits.extend(
                    benefit_rows(table=plan_spec.table, benefit_plan_id=benefit_plan.pk, current_year=current_year)
                )
    Benefit.objects.bulk_create(new_benefits, batch_size=500)
    return PlanIds(plan_id=plan.pk, lob_ids=lob_ids, benefit_plan_ids=benefit_plan_ids)
