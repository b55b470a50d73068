"""JSON API for fee schedules: ``GET /api/v1/fee-schedules`` (the schedules the token's organization may see)
and ``GET /api/v1/fee-schedules/rate`` (one code's rate on a date, and how it was derived) — the pages' engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router
from pydantic import BaseModel

from portico.accounts.actors import actor_for_api
from portico.pricing import queries
from portico.pricing.models import FeeSchedule
from portico.pricing.pricer import MpfsDerivation

router = Router(tags=["fee schedules"])


class VersionOut(BaseModel):
    number: int
    effective_start: dt.date
    effective_end: dt.date | None


class ScheduleOut(BaseModel):
    slug: str = Field(description="Names the schedule in `/fee-schedules/rate?schedule=`.")
    name: str
    network_status: str = Field(description="in, out or non_contracted.")
    provider_kind: str = Field(description="The kind of provider it applies to; empty for every kind.")
    line_of_business: str | None = Field(description="Its code; null for every line of business.")
    contracted: bool = Field(description="True: your organization's own contracted schedule.")
    method: str = Field(description="flat, or mpfs (a percentage of the Medicare physician fee schedule).")
    versions: list[VersionOut]

    @classmethod
    def of(cls, schedule: FeeSchedule) -> ScheduleOut:
        return cls(
            slug=schedule.slug,
            name=schedule.name,
            network_status=schedule.network_status,
            provider_kind=schedule.provider_kind,
            line_of_business=schedule.line_of_business.code if schedule.line_of_business else None,
            contracted=schedule.organization_id is not None,
            method=schedule.method,
            versions=[
                VersionOut(number=v.number, effective_start=v.effective_start, effective_end=v.effective_end)
                for v in queries.fee_schedule_versions(schedule=schedule)
            ],
        )


class DerivationOut(BaseModel):
    release: str
    facility: bool = Field(description="True: the facility practice-expense RVU (facility place of service).")
    work_rvu: Decimal
    pe_rvu: Decimal
    mp_rvu: Decimal
    gpci_year: int
    locality: str
    work_gpci: Decimal
    pe_gpci: Decimal
    mp_gpci: Decimal
    conversion_factor: Decimal
    percentage: Decimal

    @classmethod
    def of(cls, d: MpfsDerivation) -> DerivationOut:
        return cls(**{name: getattr(d, name) for name in cls.model_fields})


class RateOut(BaseModel):
    schedule: str
    code: str
    modifier: str
    date_of_service: dt.date
    place_of_service: str
    found: bool
    rate: Decimal | None = Field(description="Per unit, in dollars and cents; null when the schedule has none.")
    reason: str = Field(description="Why there is no rate; empty when there is one.")
    version: VersionOut | None
    description: str
    derivation: DerivationOut | None


class RateQuery(BaseModel):
    schedule: str = Field(description="The schedule's slug, from `GET /fee-schedules`.")
    code: str = Field(description="CPT or HCPCS code, like 90834.")
    modifier: str = ""
    date: str = Field(description="Date of service, YYYY-MM-DD.")
    place_of_service: str = Field("", description="2 digits; 11 (office) when empty.")


def _viewer(request: HttpRequest) -> queries.Viewer:
    return queries.Viewer(organization_id=actor_for_api(request).organization_id)


@router.get(
    "",
    response=list[ScheduleOut],
    operation_id="fee_schedule_list",
    summary="The fee schedules your organization may see",
)
def fee_schedule_list(request: HttpRequest) -> list[ScheduleOut]:
    """The published public schedules (the non-contracted ones, say) and your organization's contracted ones."""
    return [ScheduleOut.of(s) for s in queries.fee_schedules_visible(viewer=_viewer(request))]


@router.get(
    "/rate",
    response=RateOut,
    operation_id="fee_schedule_rate",
    summary="One code's rate in a fee schedule on a date of service",
)
def fee_schedule_rate(request: HttpRequest, params: Query[RateQuery]) -> RateOut:
    """The rate per unit and how it was derived. A schedule you may not see answers 404, like one that does not
    exist; a bad field answers 422 naming it."""
    lookup = queries.rate_lookup_parse(
        code=params.code, modifier=params.modifier, date=params.date, place_of_service=params.place_of_service
    )
    schedule, rate, reason = queries.fee_schedule_rate_lookup(
        viewer=_viewer(request), slug=params.schedule, lookup=lookup
    )
    return RateOut(
        schedule=schedule.slug,
        code=lookup.code,
        modifier=lookup.modifier,
        date_of_service=lookup.day,
        place_of_service=lookup.place_of_service,
        found=rate is not None,
        rate=rate.amount if rate else None,
        reason=reason,
        version=VersionOut(
            number=rate.version_number, effective_start=rate.effective_start, effective_end=rate.effective_end
        )
        if rate
        else None,
        description=rate.description if rate else "",
        derivation=DerivationOut.of(rate.derivation) if rate and rate.derivation else None,
    )
