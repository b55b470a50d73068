"""JSON API for eligibility and benefits: the same engine as the page, as ``POST /api/v1/eligibility``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import BaseModel, ConfigDict

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.models import ProviderRole
from portico.members.eligibility import EligibilityResult, eligibility_check, eligibility_inquiry_parse

router = Router(tags=["eligibility"])


class EligibilityIn(BaseModel):
    member_id: str | None = Field(None, description="Plan member ID, Medicaid ID or Medicare MBI.")
    last_name: str | None = Field(None, description="With first_name, instead of (or besides) member_id.")
    first_name: str | None = None
    birth_date: str = Field(..., description="Date of birth, YYYY-MM-DD.", examples=["1980-05-17"])
    date_of_service: str | None = Field(
        None, description="YYYY-MM-DD; today when omitted. From 12 months back through the end of this month."
    )
    service_types: list[str] | None = Field(
        None, description="X12 service type codes (30, 98, MH, ...); a CORE-like default set when omitted."
    )


# Output schemas are plain pydantic models, not ninja Schemas: ninja's per-object Django resolver costs about
# half a millisecond on an answer this size, on every inquiry.


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    member_id: str
    medicaid_id: str
    mbi: str
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    preferred_language: str
    dual_status: str


class CoverageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line_of_business: str
    program: str
    benefit_plan: str
    start: dt.date
    end: dt.date | None
    termination_reason: str
    active_on_date: bool


class PcpOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    practitioner: str
    practitioner_npi: str
    clinic: str
    phone: str
    address: str
    start: dt.date
    end: dt.date | None
    current_on_date: bool


class OtherInsuranceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    cob_order: int
    payer_name: str
    policy_number: str
    group_number: str
    subscriber_relationship: str
    start: dt.date
    end: dt.date | None


class CostShareOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    covered: bool
    copay: Decimal | None
    coinsurance_percent: Decimal | None
    visit_limit: int | None
    visit_limit_period: str
    authorization_required: bool
    notes: str


class BenefitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    service_type: str
    service_type_label: str
    in_network: CostShareOut | None
    out_of_network: CostShareOut | None


class AccumulatorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    network: str
    deductible: Decimal | None
    deductible_met: Decimal
    deductible_remaining: Decimal | None
    oop_max: Decimal | None
    oop_met: Decimal
    oop_remaining: Decimal | None


class EligibilityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    status: str = Field(..., description="covered, not_covered or not_found")
    reason: str | None = Field(
        None,
        description="no_coverage_on_date, coverage_ended, coverage_not_started or identifiers_do_not_match",
    )
    message: str
    date_of_service: dt.date
    member: MemberOut | None = None
    coverage: CoverageOut | None = None
    coverage_history: list[CoverageOut]
    pcp: PcpOut | None = None
    pcp_history: list[PcpOut]
    other_insurance: list[OtherInsuranceOut]
    accumulators: list[AccumulatorOut]
    benefits: list[BenefitOut]


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]]


@router.post(
    "",
    response={200: EligibilityOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Check eligibility and benefits",
    operation_id="eligibility_check",
    auth=TokenAuth(ProviderRole.ELIGIBILITY),
)
def check(request: HttpRequest, payload: EligibilityIn) -> EligibilityResult:
    """Is this person covered on the date of service, by which plan, who is their PCP, is there other
    insurance, and what will they owe? Identify the member by member ID + date of birth, or last name +
    first name + date of birth. A member that does not match answers `status: not_found` (HTTP 200), worded so
    that it does not reveal whether the member exists."""
    actor = actor_for_api(request)  # the role was checked at the door (TokenAuth)
    inquiry = eligibility_inquiry_parse(payload.model_dump())
    # The engine's answer as it is: ninja validates it once, from its attributes, against EligibilityOut.
    return eligibility_check(actor=actor, inquiry=inquiry)
