"""JSON API for codes: ``GET /api/v1/codes/search`` and ``POST /api/v1/codes/verify`` — the page's engine."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router
from pydantic import BaseModel, Field

from portico.codes.checks import MAX_VERIFY_CODES, CodeCheck, codes_split, codes_verify
from portico.codes.models import Code, CodeSystem
from portico.codes.search import MAX_QUERY_LENGTH, codes_search
from portico.common.dates import today
from portico.common.errors import ValidationFailed

router = Router(tags=["codes"])


class CodeOut(BaseModel):
    system: str = Field(description="icd10cm, cpt, hcpcs, modifier, revenue, pos, carc, rarc, group or taxonomy.")
    code: str = Field(description="As written (F32.A, 99213, 0450).")
    description: str
    billable: bool
    effective: dt.date | None
    terminated: dt.date | None

    @classmethod
    def of(cls, row: Code) -> CodeOut:
        return cls(
            system=row.system,
            code=row.display,
            description=row.short_description or row.long_description,
            billable=row.billable,
            effective=row.effective,
            terminated=row.terminated,
        )


class SearchHitOut(CodeOut):
    match: str = Field(description="exact, prefix or words: how the code matched, best first.")
    status: str = Field(description="valid, not_billable, terminated or not_yet_effective on the date.")
    message: str


class SearchOut(BaseModel):
    query: str
    date: dt.date
    results: list[SearchHitOut]


class SearchParams(BaseModel):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="A code (prefix) or words.")
    system: CodeSystem | None = Field(None, description="Only this code system.")
    date: dt.date | None = Field(None, description="Date of service for validity; today when omitted.")
    limit: int = Field(25, ge=1, le=100)


@router.get("/search", response=SearchOut, summary="Search codes by code or words")
def search(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    """Ranked: the exact code, codes starting with it, then codes whose descriptions hold every word (as a
    prefix, any order); billable before header codes in each. Each result says whether it is valid on
    ``date``."""
    day = params.date or today()
    hits = codes_search(q=params.q, system=params.system, day=day, limit=params.limit)
    return SearchOut(
        query=params.q,
        date=day,
        results=[
            SearchHitOut(
                **CodeOut.of(hit.code).model_dump(), match=hit.match, status=hit.status, message=hit.status_message
            )
            for hit in hits
        ],
    )


class VerifyIn(BaseModel):
    codes: list[str] | str = Field(
        ...,
        description="Codes of any systems, as a list or as pasted text; modifiers after hyphens (99213-25).",
        examples=[["99213-25", "J1100", "F32.A", "0450"]],
    )
    date: dt.date | None = Field(None, description="Date of service; today when omitted.")


class CheckOut(BaseModel):
    written: str
    status: str = Field(description="valid, invalid, not_billable, terminated or not_yet_effective.")
    ok: bool = Field(description="The code and all its modifiers are valid on the date.")
    message: str
    code: CodeOut | None
    modifiers: list[CheckOut]
    billable_children: list[CodeOut] = Field(description="For a header: billable codes under it.")
    also_in: list[CodeOut] = Field(description="The same characters are also a code in these systems.")

    @classmethod
    def of(cls, check: CodeCheck) -> CheckOut:
        return cls(
            written=check.text,
            status=check.status,
            ok=check.ok,
            message=check.message,
            code=CodeOut.of(check.found) if check.found else None,
            modifiers=[cls.of(modifier) for modifier in check.modifiers],
            billable_children=[CodeOut.of(child) for child in check.children],
            also_in=[CodeOut.of(other) for other in check.also],
        )


class VerifyOut(BaseModel):
    date: dt.date
    results: list[CheckOut]


@router.post("/verify", response=VerifyOut, summary="Verify codes for a date of service")
def verify(request: HttpRequest, payload: VerifyIn) -> VerifyOut:
    """Each code: valid, invalid, not billable (a header, with its billable children), terminated (with the
    date and replacement where known) or not yet effective; modifiers are checked too."""
    text = payload.codes if isinstance(payload.codes, str) else "\n".join(payload.codes)
    tokens = codes_split(text)
    if not tokens:
        raise ValidationFailed({"codes": ["Give at least one code."]})
    if len(tokens) > MAX_VERIFY_CODES:
        raise ValidationFailed({"codes": [f"At most {MAX_VERIFY_CODES} codes at a time; got {len(tokens)}."]})
    day = payload.date or today()
    return VerifyOut(date=day, results=[CheckOut.of(check) for check in codes_verify(text=text, day=day)])
