"""Member resource requests over the JSON API, for the token's organization (the token's person needs the
Eligibility role there, or the administrator role): ``GET /api/v1/member-resources/programs`` lists the programs
in force and what each needs; ``GET /api/v1/member-resources`` lists the organization's requests;
``POST /api/v1/member-resources`` sends one — the same service as the page, with the same checks;
``GET /api/v1/member-resources/{id}`` reads one with its timeline. Another organization's request answers 404,
exactly like one that does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router
from ninja.responses import Status
from pydantic import BaseModel

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.models import ProviderRole
from portico.common.dates import today
from portico.members.api import ErrorOut  # one error shape across the API
from portico.members.resources import queries, services
from portico.members.resources.fields import FIELDS
from portico.members.resources.models import ResourceRequest
from portico.members.resources.rules import in_season, programs_in_force, season_label

router = Router(tags=["member resources"], auth=TokenAuth(ProviderRole.ELIGIBILITY))


class FieldOut(BaseModel):
    key: str
    kind: str = Field(..., description="text, textarea, choice, date, time, attest (true to confirm) or address")
    label: str
    required: bool
    choices: list[str] = Field(default_factory=list, description="The values a choice or address field takes.")


class ProgramOut(BaseModel):
    key: str
    kind: str
    name: str
    description: str
    eligible_programs: list[str] = Field(..., description="Program kinds of the lines of business it serves.")
    season: str = Field("", description="When in the year it is offered; empty for all year.")
    in_season: bool
    min_notice_days: int
    fields: list[FieldOut]


class EventOut(BaseModel):
    kind: str
    status: str
    at: dt.datetime
    by_plan: bool
    note: str


class ResourceOut(BaseModel):
    id: int
    reference: str
    program: str
    program_name: str
    kind: str
    status: str = Field(
        ..., description="submitted, in_review, needs_information, arranged, denied, completed or withdrawn"
    )
    member_id: str = Field(..., description="The plan member ID.")
    needed_on: dt.date
    line_of_business: str
    details: dict[str, Any]
    submitted_at: dt.datetime
    question: str = Field("", description="The plan's question waiting for your answer (in the portal).")
    arrangement: str = ""
    scheduled_for: dt.date | None = None
    decision_reason: str = ""
    events: list[EventOut] = Field(default_factory=list)


class ResourceListOut(BaseModel):
    total: int
    offset: int
    limit: int
    results: list[ResourceOut]


class ListQuery(BaseModel):
    status: str = Field("", description="open, or one status; empty for all.")
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=200)


class ResourceIn(BaseModel):
    program: str = Field(..., description="The program's key, from /member-resources/programs.", examples=["rides"])
    member_id: str = Field(..., description="The plan member ID.", examples=["CH100000001"])
    details: dict[str, str | bool] = Field(
        default_factory=dict,
        description="The program's fields by key; attest fields true; an address field on_file or other, with "
        "<key>_text for another address.",
        examples=[{"condition_attestation": True, "device": "air_conditioner", "delivery_address": "on_file"}],
    )


def _out(row: ResourceRequest, *, with_events: bool = False) -> ResourceOut:
    question = queries.open_question(request=row) if with_events else None
    return ResourceOut(
        id=row.pk,
        reference=row.reference,
        program=row.program.key,
        program_name=row.program.name,
        kind=row.kind,
        status=row.status,
        member_id=row.member.member_number,
        needed_on=row.needed_on,
        line_of_business=row.line_of_business.name,
        details=row.details,
        submitted_at=row.submitted_at,
        question=question.note if question else "",
        arrangement=row.arrangement,
        scheduled_for=row.scheduled_for,
        decision_reason=row.decision_reason,
        events=[
            EventOut(kind=e.kind, status=e.status, at=e.at, by_plan=e.from_plan, note=e.note)
            for e in queries.provider_events(request=row)
        ]
        if with_events
        else [],
    )


@router.get(
    "/programs", response={200: list[ProgramOut]}, summary="List the member resource programs and what each needs",
    operation_id="member_resource_programs",
)  # fmt: skip
def program_list(request: HttpRequest) -> list[ProgramOut]:
    day = today()
    optional_of = {p.pk: set(p.optional_fields or []) for p in programs_in_force(on=day)}
    return [
        ProgramOut(
            key=p.key,
            kind=p.kind,
            name=p.name,
            description=p.description,
            eligible_programs=list(p.eligible_programs),
            season=season_label(p),
            in_season=in_season(p, day),
            min_notice_days=p.min_notice_days,
            fields=[
                FieldOut(
                    key=key,
                    kind=FIELDS[key].kind,
                    label=str(FIELDS[key].label),
                    required=key not in optional_of[p.pk],
                    choices=[value for value, _label in FIELDS[key].choices],
                )
                for key in p.form_fields
            ],
        )
        for p in programs_in_force(on=day)
    ]


@router.get(
    "", response={200: ResourceListOut, 422: ErrorOut}, summary="List your organization's member resource requests",
    operation_id="member_resource_list",
)  # fmt: skip
def resource_list(request: HttpRequest, filters: Query[ListQuery]) -> ResourceListOut:
    found = queries.resource_request_list(
        actor=actor_for_api(request), status=filters.status, offset=filters.offset, limit=filters.limit
    )
    return ResourceListOut(
        total=found.total, offset=found.offset, limit=found.limit, results=[_out(r) for r in found.rows]
    )


@router.post(
    "", response={201: ResourceOut, 400: ErrorOut, 422: ErrorOut},
    summary="Send a member resource request (a ride, an interpreter, a climate device, ...)",
    operation_id="member_resource_submit",
)  # fmt: skip
def resource_submit(request: HttpRequest, payload: ResourceIn) -> Status:
    """Checks the program's fields, the notice it needs and that the member qualifies on the day it is needed;
    answers 422 naming each bad field (``member_id`` also says why a member does not qualify). A member your
    organization may not see answers like one that does not exist."""
    actor = actor_for_api(request)
    row = services.resource_request_submit(
        actor=actor, program_key=payload.program, member_reference=payload.member_id, values=payload.details
    )
    found = queries.access_resource_request(actor=actor, request_id=row.pk, record=False)
    return Status(201, _out(found, with_events=True))


@router.get(
    "/{request_id}", response={200: ResourceOut, 404: ErrorOut}, summary="Read one member resource request",
    operation_id="member_resource_get",
)  # fmt: skip
def resource_get(request: HttpRequest, request_id: int) -> ResourceOut:
    row = queries.access_resource_request(actor=actor_for_api(request), request_id=request_id)
    return _out(row, with_events=True)
