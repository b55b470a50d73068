"""Claims over the JSON API: submit (original, corrected or void), list, read — the same services as the pages.

``POST /api/v1/claims`` submits and answers with the plan's claim number (ICN) and the date received;
``GET /api/v1/claims`` lists the organization's claims; ``GET /api/v1/claims/{icn}`` reads one at line level.
Another organization's claim answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router
from ninja.responses import Status
from pydantic import BaseModel

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.models import ProviderRole
from portico.accounts.queries import membership_for
from portico.claims.inputs import MAX_LINES, MAX_MODIFIERS, MAX_OTHER_PAYERS, MAX_POINTERS
from portico.claims.models import Claim, ClaimKind, ClaimStatus, Frequency, line_tally, text_fill
from portico.claims.queries import ClaimFilters, access_claim, claim_lines, claim_list
from portico.claims.services import claim_submit, claim_void
from portico.common.access import Actor
from portico.common.errors import PermissionDenied, ValidationFailed
from portico.members.api import ErrorOut  # one error shape across the API

router = Router(tags=["claims"], auth=TokenAuth(ProviderRole.CLAIMS))


def _actor(request: HttpRequest) -> Actor:
    actor = actor_for_api(request)
    membership = membership_for(user=actor.user, organization_id=actor.organization_id)
    if membership is None or not membership.has_role(ProviderRole.CLAIMS):
        raise PermissionDenied(
            _("Your role in this organization does not include %(role)s.") % {"role": ProviderRole.CLAIMS.label}
        )
    return actor


class ClaimLineIn(BaseModel):
    service_from: str = Field(..., description="First date of service, YYYY-MM-DD.", examples=["2026-06-01"])
    service_to: str | None = Field(None, description="Last date of service; the first when omitted.")
    place_of_service: str | None = Field(None, description="Two digits, such as 11 (professional: required).")
    revenue_code: str | None = Field(None, description="Institutional: four digits, such as 0450 (required).")
    code: str | None = Field(None, description="CPT or HCPCS (professional: required).", examples=["99213"])
    modifiers: list[str] = Field(default_factory=list, max_length=MAX_MODIFIERS, description="Up to four.")
    units: Decimal = Field(Decimal(1), gt=0, description="Units (decimals allowed, such as 0.5).")
    charge: Decimal = Field(..., gt=0, description="The line's charge in dollars.", examples=["125.00"])
    ndc: str | None = Field(None, description="National Drug Code, 11 digits, for drug lines.")
    ndc_unit: str | None = Field(None, description="F2, GR, ME, ML or UN.")
    ndc_quantity: Decimal | None = None
    diagnosis_pointers: list[int] = Field(
        default_factory=list, max_length=MAX_POINTERS, description="1-based positions in diagnoses (professional)."
    )


class ClaimOtherPayerIn(BaseModel):
    payer_name: str = Field(..., max_length=100)
    paid_amount: Decimal = Field(..., ge=0)
    paid_date: str | None = Field(None, description="YYYY-MM-DD")


class OccurrenceCodeIn(BaseModel):
    code: str
    date: str


class ValueCodeIn(BaseModel):
    code: str
    amount: Decimal


class ClaimIn(BaseModel):
    kind: str = Field(ClaimKind.PROFESSIONAL, description="professional or institutional.")
    frequency: str = Field(
        Frequency.ORIGINAL, description="1 original, 7 corrected (replaces `replaces`), 8 void of `replaces`."
    )
    replaces: str | None = Field(None, description="For frequency 7 or 8: the ICN of the earlier claim.")
    member_id: str | None = Field(None, description="Plan member ID, Medicaid ID or MBI.", examples=["CH100000001"])
    birth_date: str | None = Field(None, description="Date of birth, YYYY-MM-DD.", examples=["1980-05-17"])
    patient_account_number: str | None = Field(None, max_length=38)
    billing_npi: str | None = Field(None, description="Your group NPI when omitted.")
    billing_taxonomy: str | None = None
    rendering_npi: str | None = Field(None, description="One of your organization's practitioners.")
    service_location_id: int | None = Field(None, description="One of your organization's service locations.")
    prior_authorization_number: str | None = Field(None, description="One of your organization's, for the member.")
    diagnoses: list[str] = Field(default_factory=list, max_length=25, description="ICD-10-CM, principal first.")
    other_payers: list[ClaimOtherPayerIn] = Field(default_factory=list, max_length=MAX_OTHER_PAYERS)
    type_of_bill: str | None = Field(None, description="Institutional, such as 0131.")
    admission_date: str | None = None
    admission_type: str | None = None
    admission_source: str | None = None
    discharge_date: str | None = None
    discharge_status: str | None = None
    occurrence_codes: list[OccurrenceCodeIn] = Field(default_factory=list)
    value_codes: list[ValueCodeIn] = Field(default_factory=list)
    condition_codes: list[str] = Field(default_factory=list)
    lines: list[ClaimLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class ClaimAdjustmentOut(BaseModel):
    group: str
    reason: str
    remark: str
    amount: Decimal
    explanation: str
    provider_action: str


class ClaimLineOut(BaseModel):
    number: int
    service_from: dt.date | None
    service_to: dt.date | None
    place_of_service: str
    revenue_code: str
    code: str
    modifiers: list[str]
    units: Decimal
    charge: Decimal
    ndc: str
    diagnosis_pointers: list[int]
    status: str = Field(description="pending (not yet adjudicated), paid, denied or pended")
    allowed: Decimal | None
    paid: Decimal | None
    member_responsibility: Decimal | None
    adjustments: list[ClaimAdjustmentOut]


class ClaimEventOut(BaseModel):
    kind: str
    at: dt.datetime
    status: str
    related_icn: str | None
    note: str


class ClaimOut(BaseModel):
    icn: str | None = Field(description="The plan's claim number (given on submit).")
    kind: str
    frequency: str
    replaces: str | None = Field(description="The ICN this claim corrects or voids.")
    status: str = Field(description="received, in_process, pended, finalized, replaced or voided (draft on the web)")
    outcome: str | None = Field(
        description="For a finalized claim (not a void): paid, partly_paid or denied, from its lines; else null."
    )
    next_step: str = Field(description="Where it stands and what happens next, in plain words.")
    remitted_on: dt.date | None = Field(
        description="The payment date of the remittance advice that reported it (paid or denied); null until then."
    )
    remittance_number: str = Field(description="That payment's EFT trace or check number; empty until then.")
    received_at: dt.datetime | None
    member_id: str
    line_of_business: str | None
    patient_account_number: str
    billing_npi: str
    total_charge: Decimal
    first_service_date: dt.date | None
    last_service_date: dt.date | None
    diagnoses: list[str]
    prior_authorization_number: str
    lines: list[ClaimLineOut]
    events: list[ClaimEventOut] = Field(default_factory=list)


class ClaimListOut(BaseModel):
    total: int = Field(description="How many claims match, counted up to 10,000 (see `total_exact`).")
    total_exact: bool = Field(
        True, description="False when more than 10,000 claims match: `total` is then 10,000; page on with `offset`."
    )
    offset: int
    limit: int
    results: list[ClaimOut]


def claims_out(rows: list[Claim], *, detail: bool) -> list[ClaimOut]:
    """Claims as the API shows them, every line and adjustment read for all of them at once (``claim_lines``)."""
    lines = claim_lines(claims=rows)
    return [claim_out(row, lines[row.pk], detail=detail) for row in rows]


def _line_out(line: dict[str, Any]) -> ClaimLineOut:
    return ClaimLineOut.model_validate(
        {
            **line,
            "adjustments": [
                {
                    **a,
                    "explanation": text_fill(a["explanation"], a["params"]),
                    "provider_action": text_fill(a["provider_action"], a["params"]),
                }
                for a in line["adjustments"]
            ],
        }
    )


def claim_out(row: Claim, lines: list[dict[str, Any]], *, detail: bool) -> ClaimOut:
    """A claim as the API shows it, with its lines as ``claim_lines`` reads them."""
    row.tally = line_tally((line["status"], line["paid"]) for line in lines)
    standing = row.standing
    return ClaimOut(
        icn=row.icn,
        kind=row.kind,
        frequency=row.frequency,
        replaces=row.replaces.icn if row.replaces_id and row.replaces else None,
        status=row.status,
        outcome=standing.outcome.value if standing.outcome else None,
        next_step=standing.next_step,
        remitted_on=row.remitted_on,
        remittance_number=row.remittance_number,
        received_at=row.submitted_at,
        member_id=row.member.member_number if row.member else row.member_id_given,
        line_of_business=row.line_of_business.code if row.line_of_business else None,
        patient_account_number=row.patient_account_number,
        billing_npi=row.billing_npi,
        total_charge=row.total_charge,
        first_service_date=row.first_service_date,
        last_service_date=row.last_service_date,
        diagnoses=list(row.diagnoses),
        prior_authorization_number=row.prior_authorization_number,
        lines=[_line_out(line) for line in lines],
        events=[
            ClaimEventOut(
                kind=e.kind,
                at=e.at,
                status=e.status,
                related_icn=e.related.icn if e.related else None,
                note=e.note_text,
            )
            for e in row.events.select_related("related")
        ]
        if detail
        else [],
    )


@router.post(
    "",
    response={200: ClaimOut, 201: ClaimOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Submit a claim (original, corrected or void)",
    operation_id="claim_submit",
)
def submit(
    request: HttpRequest,
    payload: ClaimIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Recommended: any unique string up to 80 characters (a UUID). Sending the same key again "
        "returns the first claim and its ICN (HTTP 200) instead of creating a second one.",
    ),
) -> Status[ClaimOut]:
    """Submit a claim; the answer is the acknowledgment: `icn` (the plan's claim number) and `received_at`.
    The member is found by member ID and date of birth (recorded like an eligibility inquiry) and must be covered
    on every date of service. Codes are checked on each line's date of service, NPIs by their check digit and
    owner. A bad field answers 422 naming it (`lines.1.modifiers`, `diagnoses.0`, `member_id`, ...), and nothing
    is saved. Frequency 7 replaces the claim `replaces` (send the complete corrected claim); frequency 8 voids
    it (only `replaces` is read). Answers 201 when created, 200 when the `Idempotency-Key` was already used."""
    actor = _actor(request)
    if payload.frequency == Frequency.VOID:
        if not payload.replaces:
            raise ValidationFailed({"replaces": [_("A void names the claim number (ICN) of the claim it cancels.")]})
        result = claim_void(actor=actor, icn=payload.replaces, idempotency_key=idempotency_key)
    else:
        data = payload.model_dump(mode="json")
        result = claim_submit(actor=actor, data=data, idempotency_key=idempotency_key)
    found = access_claim(actor=actor, icn=result.claim.icn or "")
    return Status(201 if result.created else 200, claims_out([found], detail=True)[0])


class ClaimListQuery(BaseModel):
    status: str | None = Field(None, description="draft, received, in_process, pended, finalized, replaced, voided")
    member_id: str | None = Field(None, description="The member's plan member ID.")
    icn: str | None = None
    patient_account_number: str | None = None
    service_from: dt.date | None = Field(None, description="Claims with a date of service on or after.")
    service_to: dt.date | None = Field(None, description="Claims with a date of service on or before.")
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    amount_min: Decimal | None = Field(None, description="Total charge at least.")
    amount_max: Decimal | None = Field(None, description="Total charge at most.")
    offset: int = Field(0, ge=0)
    limit: int = Field(
        25, ge=1, le=200, description="Claims per page, with every line and adjustment (25, as the web list)."
    )


@router.get(
    "",
    response={200: ClaimListOut, 403: ErrorOut, 422: ErrorOut},
    summary="List your organization's claims",
    operation_id="claim_list",
)
def list_claims(request: HttpRequest, filters: Query[ClaimListQuery]) -> ClaimListOut:
    """Newest first, with each line's status; filter by status, member, ICN, patient account number, dates of
    service, date received and total charge."""
    actor = _actor(request)
    if filters.status and filters.status not in ClaimStatus.values:
        raise ValidationFailed(
            {"status": [_("The status is one of %(choices)s.") % {"choices": ", ".join(ClaimStatus.values)}]}
        )
    page = claim_list(
        actor=actor,
        filters=ClaimFilters(
            status=filters.status or "",
            member_id=(filters.member_id or "").strip().upper(),
            icn=(filters.icn or "").strip().upper(),
            patient_account_number=(filters.patient_account_number or "").strip(),
            service_from=filters.service_from,
            service_to=filters.service_to,
            received_from=filters.received_from,
            received_to=filters.received_to,
            amount_min=filters.amount_min,
            amount_max=filters.amount_max,
        ),
        offset=filters.offset,
        limit=filters.limit,
        tallied=False,  # claims_out tallies the lines it reads
    )
    return ClaimListOut(
        total=page.total,
        total_exact=page.total_exact,
        offset=page.offset,
        limit=page.limit,
        results=claims_out(page.rows, detail=False),
    )


@router.get(
    "/{icn}",
    response={200: ClaimOut, 403: ErrorOut, 404: ErrorOut},
    summary="Read one claim at line level",
    operation_id="claim_get",
)
def get_claim(request: HttpRequest, icn: str) -> ClaimOut:
    """Status and what happens next; every line with its status, allowed, paid, member responsibility and
    adjustments (once adjudicated); the history."""
    found = access_claim(actor=_actor(request), icn=icn)
    return claims_out([found], detail=True)[0]
