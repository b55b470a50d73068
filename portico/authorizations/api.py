"""Prior-authorization requests over the JSON API: submit, list, read — the same services as the pages.

``POST /api/v1/authorizations`` submits (routing every line at once); ``GET /api/v1/authorizations`` lists the
organization's requests; ``GET /api/v1/authorizations/{id}`` reads one. Another organization's request answers 404,
exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router
from ninja.responses import Status
from pydantic import BaseModel

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.models import ProviderRole
from portico.accounts.queries import membership_for
from portico.authorizations.inputs import MAX_DIAGNOSES, MAX_LINES
from portico.authorizations.models import AuthorizationRequest, CareSetting, RequestStatus, Urgency
from portico.authorizations.queries import AuthorizationFilters, access_authorization, authorization_list
from portico.authorizations.services import DuplicateWarning, authorization_submit
from portico.codes.requirements import MAX_MODIFIERS, MAX_UNITS
from portico.common.access import Actor
from portico.common.errors import PermissionDenied, ValidationFailed
from portico.members.api import ErrorOut  # one error shape across the API

router = Router(tags=["prior authorization"], auth=TokenAuth(ProviderRole.AUTHORIZATIONS))


def _actor(request: HttpRequest) -> Actor:
    actor = actor_for_api(request)
    membership = membership_for(user=actor.user, organization_id=actor.organization_id)
    if membership is None or not membership.has_role(ProviderRole.AUTHORIZATIONS):
        raise PermissionDenied(
            _("Your role in this organization does not include %(role)s.") % {"role": ProviderRole.AUTHORIZATIONS.label}
        )
    return actor


class LineIn(BaseModel):
    code: str = Field(..., min_length=1, max_length=12, description="CPT or HCPCS code.", examples=["70551"])
    modifiers: list[str] = Field(default_factory=list, max_length=MAX_MODIFIERS, description="Up to four.")
    units: int = Field(1, ge=1, le=MAX_UNITS, description="Units or visits.")
    start: str = Field(..., description="First date of service, YYYY-MM-DD.", examples=["2026-06-01"])
    end: str | None = Field(None, description="Last date of service, YYYY-MM-DD; the first when omitted.")
    place_of_service: str | None = Field(None, description="Two-digit place of service code, such as 22.")


class AuthorizationIn(BaseModel):
    member_id: str = Field(..., description="Plan member ID, Medicaid ID or MBI.", examples=["CH100000001"])
    birth_date: str = Field(..., description="Date of birth, YYYY-MM-DD.", examples=["1980-05-17"])
    setting: str = Field(
        CareSetting.OUTPATIENT, description="outpatient, inpatient, behavioral_health, dme or home_health."
    )
    urgency: str = Field(Urgency.STANDARD, description="standard or expedited.")
    expedited_attested: bool = Field(
        False,
        description="Required true for an expedited request: waiting could seriously jeopardize the member's "
        "life, health or ability to regain maximum function.",
    )
    requesting_npi: str = Field(..., description="NPI of the requesting practitioner (of your organization).")
    servicing_npi: str | None = Field(None, description="NPI of the servicing practitioner, if another.")
    servicing_location_id: int | None = Field(None, description="One of your organization's service locations.")
    facility_name: str | None = Field(None, max_length=200, description="Where the service happens, if elsewhere.")
    diagnoses: list[str] = Field(
        ...,
        min_length=1,
        max_length=MAX_DIAGNOSES,
        description="ICD-10-CM codes, primary first.",
        examples=[["M17.11"]],
    )
    clinical_notes: str | None = None
    lines: list[LineIn] = Field(..., min_length=1, max_length=MAX_LINES)


class LineOut(BaseModel):
    number: int
    code: str
    modifiers: list[str]
    units: int
    start: dt.date | None
    end: dt.date | None
    place_of_service: str
    status: str = Field(description="not_required, in_review, pended, approved, partially_approved, denied, withdrawn")
    route: str = Field(description="not_required, vendor (a specialty vendor reviews it) or plan (the plan's UM)")
    reviewer: str = Field(description="Who reviews the line: the vendor's or the plan's name; empty if not required.")
    vendor: str | None = Field(description="The vendor's key, for a vendor line.")
    category: str
    route_reason: str = Field(description="Why the line went where it went, naming the list version.")
    list_version_id: int | None = Field(description="The code list version that decided the route, if one did.")
    due_at: dt.datetime | None = Field(description="When the decision is due (lines in review).")
    decided_units: int | None
    decided_start: dt.date | None
    decided_end: dt.date | None
    decision_reason: str
    decided_at: dt.datetime | None


class EventOut(BaseModel):
    kind: str
    at: dt.datetime
    note: str


class AttachmentOut(BaseModel):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class WarningOut(BaseModel):
    line: int = Field(description="0-based position of the line in the request sent.")
    code: str
    other_id: int
    other_number: str
    message: str


class AuthorizationOut(BaseModel):
    id: int
    number: str | None = Field(description="The authorization number to put on the claim (given on submit).")
    status: str = Field(description="draft, submitted, pended, decided or withdrawn")
    member_id: str
    line_of_business: str | None
    setting: str
    urgency: str
    diagnoses: list[str]
    submitted_at: dt.datetime | None
    created_at: dt.datetime
    lines: list[LineOut]
    events: list[EventOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(default_factory=list)
    warnings: list[WarningOut] = Field(
        default_factory=list, description="On submit: open requests for the same member, code and overlapping dates."
    )


class AuthorizationListOut(BaseModel):
    total: int
    offset: int
    limit: int
    results: list[AuthorizationOut]


def _reviewer(row: AuthorizationRequest, route: str, vendor_name: str) -> str:
    if route == "vendor":
        return vendor_name
    if route == "plan" and row.line_of_business is not None:
        return row.line_of_business.plan.name
    return ""


def authorization_out(
    row: AuthorizationRequest, *, detail: bool, warnings: list[DuplicateWarning] | None = None
) -> AuthorizationOut:
    lines = [
        LineOut(
            number=line.number,
            code=line.code,
            modifiers=list(line.modifiers),
            units=line.units,
            start=line.start,
            end=line.end,
            place_of_service=line.place_of_service,
            status=line.status or "",
            route=line.route or "",
            reviewer=_reviewer(row, line.route, line.vendor.name if line.vendor else ""),
            vendor=line.vendor.key if line.vendor else None,
            category=line.category,
            route_reason=line.route_reason,
            list_version_id=line.routed_by_id,
            due_at=line.due_at,
            decided_units=line.decided_units,
            decided_start=line.decided_start,
            decided_end=line.decided_end,
            decision_reason=line.decision_reason,
            decided_at=line.decided_at,
        )
        for line in row.lines.select_related("vendor").order_by("number")
    ]
    return AuthorizationOut(
        id=row.pk,
        number=row.number,
        status=row.status,
        member_id=row.member.member_number if row.member else row.member_id_given,
        line_of_business=row.line_of_business.code if row.line_of_business else None,
        setting=row.setting,
        urgency=row.urgency,
        diagnoses=list(row.diagnoses),
        submitted_at=row.submitted_at,
        created_at=row.created_at,
        lines=lines,
        events=[EventOut(kind=e.kind, at=e.at, note=e.note) for e in row.events.all()] if detail else [],
        attachments=[
            AttachmentOut(
                id=a.pk,
                name=a.original_name,
                content_type=a.content_type,
                size=a.size,
                sha256=a.sha256,
                uploaded_at=a.uploaded_at,
            )
            for a in row.attachments.all()
        ]
        if detail
        else [],
        warnings=[WarningOut(**w.__dict__) for w in warnings or []],
    )


@router.post(
    "",
    response={200: AuthorizationOut, 201: AuthorizationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Submit a prior-authorization request",
    operation_id="authorization_submit",
)
def submit(
    request: HttpRequest,
    payload: AuthorizationIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Recommended: any unique string up to 80 characters (a UUID). Sending the same key again "
        "returns the first request (HTTP 200) instead of creating a second one.",
    ),
) -> Status[AuthorizationOut]:
    """Submit a request: the member is found by member ID and date of birth (recorded like an eligibility
    inquiry) and must be covered on the first date of service; every line is routed at once — `not_required`
    (on the No-Auth list), `vendor` or `plan`, each in-review line with its `due_at`. A bad field answers 422
    naming it (`lines.0.code`, `diagnoses.1`, `member_id`, ...) and nothing is saved. An open request of your
    organization for the same member, code and overlapping dates does not stop the submission: it comes back in
    `warnings`. Answers 201 when created, 200 when the `Idempotency-Key` was already used."""
    actor = _actor(request)
    data = payload.model_dump()
    data["lines"] = [dict(line) for line in data["lines"]]
    result = authorization_submit(
        actor=actor, data=data, idempotency_key=idempotency_key or "", acknowledge_duplicates=True
    )
    found = access_authorization(actor=actor, request_id=result.request.pk)
    return Status(201 if result.created else 200, authorization_out(found, detail=True, warnings=result.warnings))


class ListQuery(BaseModel):
    status: str | None = Field(None, description="draft, submitted, pended, decided or withdrawn")
    member_id: str | None = Field(None, description="The member's plan member ID.")
    code: str | None = Field(None, description="Requests with a line of this procedure code.")
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=200)


@router.get(
    "",
    response={200: AuthorizationListOut, 403: ErrorOut, 422: ErrorOut},
    summary="List your organization's prior-authorization requests",
    operation_id="authorization_list",
)
def list_requests(request: HttpRequest, filters: Query[ListQuery]) -> AuthorizationListOut:
    """Newest first, with each line's status; filter by status, member, code and date of submission."""
    actor = _actor(request)
    if filters.status and filters.status not in RequestStatus.values:
        raise ValidationFailed(
            {"status": [_("The status is one of %(choices)s.") % {"choices": ", ".join(RequestStatus.values)}]}
        )
    page = authorization_list(
        actor=actor,
        filters=AuthorizationFilters(
            status=filters.status or "",
            member_id=(filters.member_id or "").strip().upper(),
            code=(filters.code or "").strip().upper(),
            submitted_from=filters.submitted_from,
            submitted_to=filters.submitted_to,
        ),
        offset=filters.offset,
        limit=filters.limit,
    )
    return AuthorizationListOut(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        results=[authorization_out(row, detail=False) for row in page.rows],
    )


@router.get(
    "/{request_id}",
    response={200: AuthorizationOut, 403: ErrorOut, 404: ErrorOut},
    summary="Read one prior-authorization request",
    operation_id="authorization_get",
)
def get_request(request: HttpRequest, request_id: int) -> AuthorizationOut:
    """Every line with its status, reviewer, due time and decision; the timeline; the attachments."""
    found = access_authorization(actor=_actor(request), request_id=request_id)
    return authorization_out(found, detail=True)
