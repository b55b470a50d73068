"""Reads of plan reference data: benefit plans and their effective-dated benefits (cached briefly)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portico.common.memo import memo
from portico.plans.models import Benefit, BenefitPlan, ProgramKind


@dataclass(frozen=True)
class BenefitPlanInfo:
    id: int
    name: str
    line_of_business: str
    line_of_business_code: str
    program: str
    benefit_year_start_month: int


def benefit_plan_info(benefit_plan_id: int) -> BenefitPlanInfo:
    def load() -> BenefitPlanInfo:
        plan = BenefitPlan.objects.select_related("line_of_business").get(pk=benefit_plan_id)
        return BenefitPlanInfo(
            id=plan.pk,
            name=plan.name,
            line_of_business=plan.line_of_business.name,
            line_of_business_code=plan.line_of_business.code,
            program=plan.line_of_business.program,
            benefit_year_start_month=plan.benefit_year_start_month,
        )

    return memo(("benefit_plan", benefit_plan_id), load)


def program_label(program: str) -> str:
    return str(ProgramKind(program).label)


def benefits_in_effect(*, benefit_plan_id: int, on: dt.date) -> dict[tuple[str, str], Benefit]:
    """The benefit row per (service type, network) in effect on the date: the latest start wins."""
    rows: list[Benefit] = memo(
        ("benefits", benefit_plan_id),
        lambda: list(Benefit.objects.filter(benefit_plan_id=benefit_plan_id).order_by("-effective_start")),
    )
    chosen: dict[tuple[str, str], Benefit] = {}
    for row in rows:
        if row.effective_start <= on and (row.effective_end is None or on <= row.effective_end):
            chosen.setdefault((row.service_type, row.network), row)
    return chosen
