"""PCP rosters over the JSON API: ``GET /api/v1/rosters`` and ``GET /api/v1/rosters/locations``.

The same ``roster_for`` as the page: scoped to the token's organization, every listed member recorded.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.models import ProviderRole
from portico.accounts.queries import membership_for
from portico.common.access import Actor
from portico.common.dates import today
from portico.common.errors import PermissionDenied
from portico.common.models import AccessAction
from portico.members.api import ErrorOut  # one error shape across the API
from portico.members.rosters import PAGE_SIZE_MAX, Roster, RosterFlag, RosterRow, roster_for
from portico.providers.queries import locations_of, practitioners_of

router = Router(tags=["rosters"], auth=TokenAuth(ProviderRole.ELIGIBILITY))


class RosterQuery(Schema):
    location_id: int | None = Field(
        None, description="One of your organization's service locations (see /rosters/locations)."
    )
    practitioner_id: int | None = Field(
        None,
        description="Or one of your organization's practitioners: their members at your locations. "
        "Give exactly one of location_id and practitioner_id.",
    )
    as_of: dt.date | None = Field(
        None,
        description="The roster date (YYYY-MM-DD); today if left out. From 12 months back through the end of "
        "next month.",
    )
    line_of_business: str | None = Field(
        None, description="Only members covered on the date in this line of business (its code)."
    )
    eligible_only: bool = Field(False, description="Only members with coverage on the date.")
    flag: RosterFlag | None = Field(
        None,
        description="`new`: members whose assignment began this month; `ending`: members whose assignment "
        "or coverage ends this month.",
    )
    sort: str = Field(
        "name",
        description="name, member_id, birth_date, assignment_start, line_of_business or pcp; "
        "a leading '-' reverses the order.",
    )
    q: str | None = Field(None, max_length=80, description="Part of a member's name or member ID.")
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(1000, ge=1, le=PAGE_SIZE_MAX, description="Rows per page.")


class RosterSubjectOut(Schema):
    kind: str = Field(description="location or practitioner")
    id: int
    name: str


class RosterCountsOut(Schema):
    listed: int = Field(description="Members matching the filters (all pages).")
    new_this_month: int
    ending_this_month: int
    not_eligible: int


class RosterRowOut(Schema):
    id: int = Field(description="Portico's id for the member (for /eligibility calls).")
    member_id: str = Field(description="The plan's member ID.")
    last_name: str
    first_name: str
    birth_date: dt.date
    line_of_business: str | None = Field(description="Line of business of the coverage on the date.")
    practitioner: str
    location: str
    assignment_start: dt.date = Field(description="First day of the member's unbroken time on this roster.")
    assignment_end: dt.date | None
    eligible_on_date: bool
    coverage_end: dt.date | None = Field(description="Last day of the member's unbroken coverage, if set.")
    new_this_month: bool
    assignment_ends_this_month: bool
    coverage_ends_this_month: bool


class RosterOut(Schema):
    organization: str
    subject: RosterSubjectOut
    as_of: dt.date
    generated_at: dt.datetime
    synthetic: bool = Field(description="True for demonstration data: the members are fictional.")
    page: int
    page_count: int
    page_size: int | None
    counts: RosterCountsOut
    rows: list[RosterRowOut]


class LocationOut(Schema):
    id: int
    name: str
    city: str


class PractitionerOut(Schema):
    id: int
    name: str
    npi: str


class RosterChoicesOut(Schema):
    locations: list[LocationOut]
    practitioners: list[PractitionerOut]


def _actor(request: HttpRequest) -> Actor:
    """The token's actor, if the token's user holds the eligibility role in the token's organization."""
    actor = actor_for_api(request)
    membership = membership_for(user=actor.user, organization_id=actor.organization_id)
    if membership is None or not membership.has_role(ProviderRole.ELIGIBILITY):
        raise PermissionDenied(
            _("Your role in this organization does not include %(role)s.") % {"role": ProviderRole.ELIGIBILITY.label}
        )
    return actor


def _row_out(row: RosterRow) -> RosterRowOut:
    return RosterRowOut(
        id=row.member_id,
        member_id=row.member_number,
        last_name=row.last_name,
        first_name=row.first_name,
        birth_date=row.birth_date,
        line_of_business=row.line_of_business or None,
        practitioner=row.practitioner_name,
        location=row.location_name,
        assignment_start=row.assignment_start,
        assignment_end=row.assignment_end,
        eligible_on_date=row.eligible_on_date,
        coverage_end=row.coverage_end,
        new_this_month=row.new_this_month,
        assignment_ends_this_month=row.assignment_ends_this_month,
        coverage_ends_this_month=row.coverage_ends_this_month,
    )


def _roster_out(roster: Roster) -> RosterOut:
    return RosterOut(
        organization=roster.organization_name,
        subject=RosterSubjectOut(kind=roster.subject_kind, id=roster.subject_id, name=roster.subject_name),
        as_of=roster.as_of,
        generated_at=roster.generated_at,
        synthetic=roster.synthetic,
        page=roster.page,
        page_count=roster.page_count,
        page_size=roster.page_size,
        counts=RosterCountsOut(
            listed=roster.counts.listed,
            new_this_month=roster.counts.new_this_month,
            ending_this_month=roster.counts.ending_this_month,
            not_eligible=roster.counts.not_eligible,
        ),
        rows=[_row_out(row) for row in roster.rows],
    )


@router.get(
    "",
    response={200: RosterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="PCP roster of a service location or practitioner",
    operation_id="roster_get",
)
def roster_get(request: HttpRequest, filters: Query[RosterQuery]) -> RosterOut:
    """The members assigned on a date to one of your organization's service locations or practitioners,
    with their eligibility that day and flags for members new this month or ending this month.

    A location or practitioner that is not your organization's is answered 404, like one that does not
    exist. Each member returned is recorded in the access log."""
    roster = roster_for(
        actor=_actor(request),
        as_of=filters.as_of or today(),
        location_id=filters.location_id,
        practitioner_id=filters.practitioner_id,
        line_of_business=filters.line_of_business or None,
        eligible_only=filters.eligible_only,
        flag=filters.flag.value if filters.flag else None,
        sort=filters.sort,
        search=" ".join((filters.q or "").split()) or None,
        page=filters.page,
        page_size=filters.page_size,
        action=AccessAction.ROSTER_VIEW,
    )
    return _roster_out(roster)


@router.get(
    "/locations",
    response={200: RosterChoicesOut, 403: ErrorOut},
    summary="Service locations and practitioners you can ask for a roster of",
    operation_id="roster_choices",
)
def roster_choices(request: HttpRequest) -> RosterChoicesOut:
    """Your organization's service locations and practitioners, with the ids ``GET /rosters`` takes."""
    actor = _actor(request)
    organization_id = actor.organization_id or 0
    return RosterChoicesOut(
        locations=[
            LocationOut(id=location.pk, name=location.name, city=location.city)
            for location in locations_of(organization_id=organization_id)
        ],
        practitioners=[
            PractitionerOut(id=practitioner.pk, name=practitioner.display_name, npi=practitioner.npi)
            for practitioner in practitioners_of(organization_id=organization_id)
        ],
    )
