"""The requirement check over the JSON API: ``POST /api/v1/prior-auth/requirements``, the same engine as the page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router
from pydantic import BaseModel

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.queries import membership_for
from portico.codes.list_access import CHECKER_ROLES
from portico.codes.requirements import (
    MAX_LINES,
    MAX_MODIFIERS,
    MAX_UNITS,
    DecidingList,
    LineAnswer,
    RequirementAnswer,
    SubmitTo,
    requirement_check,
    requirement_request_parse,
)
from portico.common.access import Actor
from portico.common.errors import PermissionDenied
from portico.members.api import ErrorOut  # one error shape across the API

router = Router(tags=["prior authorization"], auth=TokenAuth(*CHECKER_ROLES))


class ServiceLineIn(BaseModel):
    code: str = Field(
        ..., min_length=1, max_length=20, description="CPT or HCPCS code, such as 99213 or E0601.", examples=["70551"]
    )
    modifiers: list[str] = Field(
        default_factory=list, max_length=MAX_MODIFIERS, description="Up to four two-character modifiers."
    )
    place_of_service: str | None = Field(None, description="Two-digit place of service code, such as 11 (office).")
    units: int = Field(1, ge=1, le=MAX_UNITS)


class RequirementsIn(BaseModel):
    line_of_business: str | None = Field(
        None, description="The line of business code (NCCCO, WVCCO, MGCCO, CADSNP in the demo).", examples=["NCCCO"]
    )
    member_id: str | None = Field(
        None,
        description="Instead of line_of_business: the member ID (with birth_date) finds the member's line of "
        "business on the date of service, through the eligibility engine. Needs the Eligibility & benefits role.",
    )
    birth_date: str | None = Field(None, description="With member_id: date of birth, YYYY-MM-DD.")
    date_of_service: str | None = Field(
        None, description="YYYY-MM-DD; today when omitted. From two years back to one year ahead."
    )
    lines: list[ServiceLineIn] = Field(..., min_length=1, max_length=MAX_LINES)


class LineOfBusinessOut(BaseModel):
    code: str
    name: str


class ListVersionOut(BaseModel):
    list_id: int
    list_name: str
    kind: str = Field(description="no_auth or vendor")
    vendor: str | None = Field(description="The vendor's key, for a vendor list.")
    version: int
    effective: dt.date = Field(description="First date of service the version applies to.")
    ends: dt.date | None = Field(description="Last date of service it applies to; null: until a newer one.")


class VendorOut(BaseModel):
    key: str
    name: str
    starts: dt.date = Field(description="First date of service the vendor reviews.")


class SubmitToOut(BaseModel):
    name: str
    phone: str
    fax: str
    how_to_submit: str


class LineOut(BaseModel):
    line: int = Field(description="The line's position in the request, from 1.")
    code: str
    modifiers: list[str]
    place_of_service: str | None
    units: int
    description: str
    code_status: str = Field(description="valid, invalid, not_billable, terminated or not_yet_effective")
    outcome: str = Field(description="no_auth, vendor, plan or invalid")
    outcome_label: str
    rule: str = Field(
        description="no_auth_list, vendor_list, vendor_not_started, not_listed, invalid_code or invalid_modifier"
    )
    explanation: str = Field(description="Why, in words, naming the list version that decided.")
    category: str | None = Field(description="The vendor's category (or the No-Auth list's group).")
    vendor: VendorOut | None
    decided_by: ListVersionOut | None
    submit_to: SubmitToOut | None = Field(description="Where and how to send the request (vendor or plan lines).")
    warning: str | None


class RequirementsOut(BaseModel):
    line_of_business: LineOfBusinessOut
    found_from_member: bool
    date_of_service: dt.date
    lines: list[LineOut]
    lists_checked: list[ListVersionOut] = Field(description="The list versions in force on the date.")


def _actor(request: HttpRequest) -> Actor:
    actor = actor_for_api(request)
    membership = membership_for(user=actor.user, organization_id=actor.organization_id)
    if membership is None or not any(membership.has_role(role) for role in CHECKER_ROLES):
        raise PermissionDenied(
            _("Your role in this organization does not include %(a)s or %(b)s.")
            % {"a": CHECKER_ROLES[0].label, "b": CHECKER_ROLES[1].label}
        )
    return actor


def _list_out(item: DecidingList) -> ListVersionOut:
    return ListVersionOut(
        list_id=item.list_id,
        list_name=item.list_name,
        kind=item.kind,
        vendor=item.vendor_key or None,
        version=item.version_number,
        effective=item.effective,
        ends=item.ends,
    )


def _submit_out(item: SubmitTo | None) -> SubmitToOut | None:
    if item is None:
        return None
    return SubmitToOut(name=item.name, phone=item.phone, fax=item.fax, how_to_submit=item.how_to_submit)


def _line_out(item: LineAnswer) -> LineOut:
    vendor = item.vendor
    return LineOut(
        line=item.number,
        code=item.display,
        modifiers=list(item.line.modifiers),
        place_of_service=item.line.place_of_service or None,
        units=item.line.units,
        description=item.description,
        code_status=item.code_status,
        outcome=item.outcome.value,
        outcome_label=item.outcome_label,
        rule=item.rule.value,
        explanation=item.explanation,
        category=item.category or None,
        vendor=VendorOut(key=vendor.key, name=vendor.name, starts=vendor.starts) if vendor else None,
        decided_by=_list_out(item.decided_by) if item.decided_by else None,
        submit_to=_submit_out(item.submit_to),
        warning=item.warning or None,
    )


def _answer_out(answer: RequirementAnswer) -> RequirementsOut:
    return RequirementsOut(
        line_of_business=LineOfBusinessOut(code=answer.line_of_business.code, name=answer.line_of_business.name),
        found_from_member=answer.from_member,
        date_of_service=answer.date_of_service,
        lines=[_line_out(line) for line in answer.lines],
        lists_checked=[_list_out(item) for item in answer.lists_checked],
    )


@router.post(
    "/requirements",
    response={200: RequirementsOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Does a service need prior authorization, and where is it sent?",
    operation_id="prior_auth_requirements",
)
def requirements(request: HttpRequest, payload: RequirementsIn) -> RequirementsOut:
    """For each service line on the date of service: `no_auth` (on the No-Auth list), `vendor` (on a specialty
    vendor's list and the date on or after the vendor's start: send it there), `plan` (everything else: send it
    to the plan) or `invalid` (the code is not valid on the date, with the reason). Each line names the rule and
    the list version that decided it, and where and how to submit.

    Give `line_of_business`, or `member_id` + `birth_date` to find it (a member that does not match is 404,
    worded like an eligibility "not found"; a member with no coverage on the date is 400 `not_covered`).
    Bad input is 422 naming the field (`lines.0.code`)."""
    actor = _actor(request)
    parsed = requirement_request_parse(payload.model_dump())
    return _answer_out(requirement_check(actor=actor, request=parsed))
