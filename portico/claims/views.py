"""Claim pages for providers (mounted at /claims/): the status list, new professional and institutional claims,
drafts, the acknowledgment, the detail at line level, a print view, a corrected claim and a void; and the claims
examiner's read-only queue.

The views only translate HTTP: parse, call one service or query, render. Bad input is shown next to its field with
status 400 and changes nothing. Another organization's claim answers "not found" (404).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portico.accounts.actors import actor_for_request, provider_role_required, staff_role_required
from portico.accounts.models import ProviderRole, StaffRole
from portico.authorizations.attachments import Upload, attachment_path, max_bytes
from portico.claims.adjudication.examiner import (
    ADJUSTMENT_REASONS,
    DENIAL_REASONS,
    allowed_parse,
    claim_line_adjust,
    claim_line_deny,
    claim_line_release,
)
from portico.claims.inputs import MAX_LINES, MAX_OTHER_PAYERS, NDC_UNITS
from portico.claims.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Frequency,
    line_tally,
)
from portico.claims.queries import (
    ClaimFilters,
    ClaimPage,
    access_claim,
    access_claim_attachment,
    access_claim_by_id,
    claim_list,
    claims_awaiting_examiner,
    examiner_claim,
)
from portico.claims.services import claim_draft_save, claim_submit, claim_void, replaceable
from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.providers.queries import locations_of, organization_get, practitioners_of

claims_required = provider_role_required(ProviderRole.CLAIMS)

LINE_FIELDS = (
    "service_from", "service_to", "place_of_service", "revenue_code", "code", "modifiers", "units", "charge",
    "diagnosis_pointers", "ndc", "ndc_unit", "ndc_quantity",
)  # fmt: skip
FORM_FIELDS = (
    "member_id", "birth_date", "patient_account_number", "billing_npi", "billing_taxonomy", "rendering_npi",
    "service_location_id", "prior_authorization_number", "type_of_bill", "admission_date", "admission_type",
    "admission_source", "discharge_date", "discharge_status", "condition_codes",
)  # fmt: skip
OTHER_FIELDS = ("payer_name", "paid_amount", "paid_date")
PAGE_DIAGNOSES = 12
INSTITUTIONAL_ROWS = 3  # occurrence and value codes shown
DEFAULT_ROWS = 2
ADD_ROWS = 3
PAGE_SIZE = 25


def _anchor(key: str) -> str:
    """The id of the field an error is about: ``lines.2.units`` → ``id_lines-2-units``."""
    parts = key.split(".")
    if parts[0] == "lines" and len(parts) == 1:
        return "id_lines-0-code"
    if parts[0] == "lines" and len(parts) == 2:
        return f"id_lines-{parts[1]}-service_from"
    if parts[0] in ("occurrence_codes", "value_codes") and len(parts) <= 2:
        return f"id_{parts[0]}-{parts[1] if len(parts) == 2 else 0}-code"
    if parts[0] in ("diagnoses", "other_payers") and len(parts) == 1:
        return f"id_{parts[0]}-0" + ("-payer_name" if parts[0] == "other_payers" else "")
    return "id_" + "-".join(parts)


def _error_links(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(_anchor(key), message) for key, found in errors.items() for message in found]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/not_found.html", status=404)


# ---- the form -----------------------------------------------------------------------------------------------


def _row_count(source: Any, default: int = DEFAULT_ROWS) -> int:
    try:
        count = int(source.get("rows", default))
    except (TypeError, ValueError):
        count = default
    return max(1, min(MAX_LINES, count))


def _split(value: str) -> list[str]:
    return [part for part in value.replace(",", " ").split() if part]


def _posted(request: HttpRequest, kind: str) -> dict[str, Any]:
    """The form as the services take it (the same keys as the API)."""
    post = request.POST
    data: dict[str, Any] = {name: post.get(name, "").strip() for name in FORM_FIELDS}
    data["kind"] = kind
    data["frequency"] = post.get("frequency", Frequency.ORIGINAL)
    data["replaces"] = post.get("replaces", "").strip()
    data["condition_codes"] = _split(data["condition_codes"])
    data["diagnoses"] = [post.get(f"diagnoses-{i}", "").strip() for i in range(PAGE_DIAGNOSES)]
    while data["diagnoses"] and not data["diagnoses"][-1]:
        data["diagnoses"].pop()
    lines = []
    for i in range(_row_count(post)):
        line: dict[str, Any] = {name: post.get(f"lines-{i}-{name}", "").strip() for name in LINE_FIELDS}
        line["modifiers"] = _split(line["modifiers"])
        line["diagnosis_pointers"] = _split(line["diagnosis_pointers"])
        lines.append(line)
    data["lines"] = lines
    data["other_payers"] = [
        {name: post.get(f"other_payers-{i}-{name}", "").strip() for name in OTHER_FIELDS}
        for i in range(MAX_OTHER_PAYERS)
    ]
    data["occurrence_codes"] = [
        {"code": post.get(f"occurrence_codes-{i}-code", "").strip(), "date": post.get(f"occurrence_codes-{i}-date", "")}
        for i in range(INSTITUTIONAL_ROWS)
    ]
    data["value_codes"] = [
        {"code": post.get(f"value_codes-{i}-code", "").strip(), "amount": post.get(f"value_codes-{i}-amount", "")}
        for i in range(INSTITUTIONAL_ROWS)
    ]
    return data


def _uploads(request: HttpRequest) -> list[Upload]:
    limit = max_bytes()
    return [
        Upload(name=f.name or "attachment", content=f.read(limit + 1))
        for f in request.FILES.getlist("attachments")
        if f.name or f.size
    ]


def _data_of(row: Claim) -> dict[str, Any]:
    """A saved claim (a draft, or the claim a correction starts from), as form data."""
    return {
        "member_id": row.member.member_number if row.member else row.member_id_given,
        "birth_date": row.birth_date_given.isoformat() if row.birth_date_given else "",
        "patient_account_number": row.patient_account_number,
        "billing_npi": row.billing_npi,
        "billing_taxonomy": row.billing_taxonomy,
        "rendering_npi": row.rendering_practitioner.npi if row.rendering_practitioner else "",
        "service_location_id": str(row.service_location_id or ""),
        "prior_authorization_number": row.prior_authorization_number,
        "type_of_bill": row.type_of_bill,
        "admission_date": row.admission_date.isoformat() if row.admission_date else "",
        "admission_type": row.admission_type,
        "admission_source": row.admission_source,
        "discharge_date": row.discharge_date.isoformat() if row.discharge_date else "",
        "discharge_status": row.discharge_status,
        "condition_codes": list(row.condition_codes),
        "occurrence_codes": list(row.occurrence_codes),
        "value_codes": list(row.value_codes),
        "diagnoses": list(row.diagnoses),
        "other_payers": [
            {
                "payer_name": o.payer_name,
                "paid_amount": str(o.paid_amount),
                "paid_date": o.paid_date.isoformat() if o.paid_date else "",
            }
            for o in row.other_payers.all()
        ],
        "lines": [
            {
                "service_from": line.service_from.isoformat() if line.service_from else "",
                "service_to": line.service_to.isoformat()
                if line.service_to and line.service_to != line.service_from
                else "",
                "place_of_service": line.place_of_service,
                "revenue_code": line.revenue_code,
                "code": line.code,
                "modifiers": list(line.modifiers),
                "units": f"{line.units.normalize():f}",
                "charge": str(line.charge) if line.charge else "",
                "diagnosis_pointers": [str(p) for p in line.diagnosis_pointers],
                "ndc": line.ndc,
                "ndc_unit": line.ndc_unit,
                "ndc_quantity": f"{line.ndc_quantity.normalize():f}" if line.ndc_quantity is not None else "",
            }
            for line in row.lines.all()
        ],
    }


def _joined(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _form_context(
    request: HttpRequest,
    *,
    kind: str,
    data: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    draft: Claim | None = None,
    replaces: Claim | None = None,
    key: str = "",
    rows: int | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    errors = errors or {}
    organization_id = actor_for_request(request).organization_id
    lines = [{name: _joined(line.get(name, "")) for name in LINE_FIELDS} for line in (data.get("lines") or [])]
    count = max(rows or 0, len(lines), DEFAULT_ROWS)
    lines += [dict.fromkeys(LINE_FIELDS, "") for _ in range(count - len(lines))]
    diagnoses = [str(d) for d in (data.get("diagnoses") or [])][:PAGE_DIAGNOSES]
    diagnoses += [""] * (PAGE_DIAGNOSES - len(diagnoses))
    others = list(data.get("other_payers") or [])[:MAX_OTHER_PAYERS]
    others += [dict.fromkeys(OTHER_FIELDS, "") for _ in range(MAX_OTHER_PAYERS - len(others))]
    occurrences = list(data.get("occurrence_codes") or [])[:INSTITUTIONAL_ROWS]
    occurrences += [{"code": "", "date": ""} for _ in range(INSTITUTIONAL_ROWS - len(occurrences))]
    values = list(data.get("value_codes") or [])[:INSTITUTIONAL_ROWS]
    values += [{"code": "", "amount": ""} for _ in range(INSTITUTIONAL_ROWS - len(values))]
    organization = organization_get(organization_id=organization_id) if organization_id else None
    return {
        "kind": kind,
        "institutional": kind == ClaimKind.INSTITUTIONAL,
        "data": {**data, "condition_codes": _joined(data.get("condition_codes"))},
        "errors": errors,
        "error_links": _error_links(errors),
        "draft": draft,
        "replaces": replaces,
        "idempotency_key": key or (draft.idempotency_key if draft and draft.idempotency_key else uuid.uuid4().hex),
        "rows": [
            {
                "index": i,
                "number": i + 1,
                "values": line,
                "errors": {name: errors.get(f"lines.{i}.{name}", []) for name in LINE_FIELDS},
                "line_errors": errors.get(f"lines.{i}", []),
            }
            for i, line in enumerate(lines)
        ],
        "row_count": len(lines),
        "can_add_rows": len(lines) < MAX_LINES,
        "diagnosis_rows": [
            {"index": i, "letter": chr(65 + i), "value": value, "errors": errors.get(f"diagnoses.{i}", [])}
            for i, value in enumerate(diagnoses)
        ],
        "other_rows": [
            {
                "index": i,
                "number": i + 1,
                "values": other,
                "errors": {name: errors.get(f"other_payers.{i}.{name}", []) for name in OTHER_FIELDS},
            }
            for i, other in enumerate(others)
        ],
        "occurrence_rows": [
            {"index": i, "values": row, "errors": errors.get(f"occurrence_codes.{i}", [])}
            for i, row in enumerate(occurrences)
        ],
        "value_rows": [
            {"index": i, "values": row, "errors": errors.get(f"value_codes.{i}", [])} for i, row in enumerate(values)
        ],
        "group_npi": organization.group_npi if organization else "",
        "practitioners": practitioners_of(organization_id=organization_id) if organization_id else [],
        "locations": locations_of(organization_id=organization_id) if organization_id else [],
        "ndc_units": NDC_UNITS,
        "max_mb": max_bytes() // (1024 * 1024),
        **(extra or {}),
    }


def _form_url(kind: str, draft: Claim | None, replaces: Claim | None) -> str:
    from django.urls import reverse

    if draft is not None:
        return reverse("claims:edit", args=[draft.pk])
    if replaces is not None:
        return reverse("claims:correct", args=[replaces.icn])
    return reverse("claims:new_institutional" if kind == ClaimKind.INSTITUTIONAL else "claims:new_professional")


def _render_form(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context["form_url"] = _form_url(context["kind"], context["draft"], context["replaces"])
    return render(request, "claims/form.html", context, status=status)


def _handle_post(request: HttpRequest, *, kind: str, draft: Claim | None, replaces: Claim | None) -> HttpResponse:
    actor = actor_for_request(request)
    data = _posted(request, kind)
    if replaces is not None:
        data["frequency"], data["replaces"] = Frequency.REPLACEMENT, replaces.icn
    else:
        data["frequency"], data["replaces"] = Frequency.ORIGINAL, ""
    key = request.POST.get("idempotency_key", "").strip()
    action = request.POST.get("action", "submit")
    common: dict[str, Any] = {"kind": kind, "data": data, "draft": draft, "replaces": replaces, "key": key}
    if action == "add_lines":
        rows = min(MAX_LINES, _row_count(request.POST) + ADD_ROWS)
        context = _form_context(request, rows=rows, **common)
        context["focus_row"] = _row_count(request.POST)
        return _render_form(request, context)
    try:
        if action == "save_draft" and replaces is None:
            saved = claim_draft_save(
                actor=actor, data=data, claim_id=draft.pk if draft else None, idempotency_key=key,
                uploads=_uploads(request),
            )  # fmt: skip
            messages.success(request, _("The draft was saved. You can come back to it from the claim list."))
            if saved.status == ClaimStatus.DRAFT:
                return redirect("claims:edit", claim_id=saved.pk)
            return redirect("claims:detail", icn=saved.icn)
        result = claim_submit(
            actor=actor, data=data, claim_id=draft.pk if draft else None, idempotency_key=key,
            uploads=_uploads(request),
        )  # fmt: skip
    except ValidationFailed as exc:
        return _render_form(request, _form_context(request, errors=exc.errors, **common), status=400)
    except Throttled as exc:
        return _render_form(request, _form_context(request, extra={"throttled": exc.message}, **common), status=429)
    except NotFound:
        return _not_found(request)
    return redirect("claims:received", icn=result.claim.icn)


def _new(request: HttpRequest, kind: str) -> HttpResponse:
    if request.method == "POST":
        return _handle_post(request, kind=kind, draft=None, replaces=None)
    return _render_form(request, _form_context(request, kind=kind, data={}, draft=None, replaces=None))


@never_cache
@claims_required
@require_http_methods(["GET", "POST"])
def new_professional(request: HttpRequest) -> HttpResponse:
    """A new professional claim (the CMS-1500 data)."""
    return _new(request, ClaimKind.PROFESSIONAL)


@never_cache
@claims_required
@require_http_methods(["GET", "POST"])
def new_institutional(request: HttpRequest) -> HttpResponse:
    """A new institutional claim (the UB-04 data)."""
    return _new(request, ClaimKind.INSTITUTIONAL)


@never_cache
@claims_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Continue a draft; a claim already submitted opens its detail page."""
    try:
        draft = access_claim_by_id(actor=actor_for_request(request), claim_id=claim_id)
    except NotFound:
        return _not_found(request)
    if draft.status != ClaimStatus.DRAFT:
        return redirect("claims:detail", icn=draft.icn)
    if request.method == "POST":
        return _handle_post(request, kind=draft.kind, draft=draft, replaces=None)
    context = _form_context(request, kind=draft.kind, data=_data_of(draft), draft=draft, replaces=None)
    return _render_form(request, context)


@never_cache
@claims_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, icn: str) -> HttpResponse:
    """A corrected claim (frequency 7): the earlier claim's data to change, submitted complete."""
    try:
        original = access_claim(actor=actor_for_request(request), icn=icn)
    except NotFound:
        return _not_found(request)
    if not replaceable(original):
        messages.error(request, _("This claim can no longer be corrected or voided."))
        return redirect("claims:detail", icn=original.icn)
    if request.method == "POST":
        return _handle_post(request, kind=original.kind, draft=None, replaces=original)
    context = _form_context(request, kind=original.kind, data=_data_of(original), draft=None, replaces=original)
    return _render_form(request, context)


@never_cache
@claims_required
@require_http_methods(["GET", "POST"])
def void(request: HttpRequest, icn: str) -> HttpResponse:
    """Confirm, then void the claim (frequency 8): no changes are sent, the claim is cancelled."""
    actor = actor_for_request(request)
    try:
        original = access_claim(actor=actor, icn=icn)
    except NotFound:
        return _not_found(request)
    if not replaceable(original):
        messages.error(request, _("This claim can no longer be corrected or voided."))
        return redirect("claims:detail", icn=original.icn)
    if request.method == "POST":
        try:
            result = claim_void(
                actor=actor, icn=original.icn or "", idempotency_key=request.POST.get("idempotency_key", "")
            )
        except ValidationFailed as exc:
            errors = exc.errors
            context = {"claim": original, "errors": errors, "error_links": _error_links(errors)}
            return render(request, "claims/void.html", context, status=400)
        return redirect("claims:received", icn=result.claim.icn)
    return render(request, "claims/void.html", {"claim": original, "idempotency_key": uuid.uuid4().hex})


# ---- the list, the acknowledgment and the detail ------------------------------------------------------------


def _day(values: dict[str, str], name: str, errors: dict[str, list[str]]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(values[name]) if values[name] else None
    except ValueError:
        errors[name] = [_("Enter a date like 2026-06-01.")]
        return None


def _amount(values: dict[str, str], name: str, errors: dict[str, list[str]]) -> Decimal | None:
    if not values[name]:
        return None
    try:
        return Decimal(values[name].replace(",", "").lstrip("$"))
    except InvalidOperation:
        errors[name] = [_("Enter an amount such as 100 or 100.00.")]
        return None


FILTER_FIELDS = (
    "status", "member_id", "icn", "patient_account_number", "service_from", "service_to", "received_from",
    "received_to", "amount_min", "amount_max",
)  # fmt: skip


def _list_filters(request: HttpRequest) -> tuple[ClaimFilters, dict[str, str], dict[str, list[str]]]:
    values = {name: request.GET.get(name, "").strip()[:40] for name in FILTER_FIELDS}
    errors: dict[str, list[str]] = {}
    if values["status"] and values["status"] not in ClaimStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    filters = ClaimFilters(
        status=values["status"] if "status" not in errors else "",
        member_id=values["member_id"].replace(" ", "").replace("-", "").upper(),
        icn=values["icn"].replace(" ", "").upper(),
        patient_account_number=values["patient_account_number"],
        service_from=_day(values, "service_from", errors),
        service_to=_day(values, "service_to", errors),
        received_from=_day(values, "received_from", errors),
        received_to=_day(values, "received_to", errors),
        amount_min=_amount(values, "amount_min", errors),
        amount_max=_amount(values, "amount_max", errors),
    )
    return filters, values, errors


@dataclass(frozen=True)
class ListPager:
    """Where a page of the claim list is; ``num_pages`` is None when more claims match than are counted."""

    number: int
    num_pages: int | None
    has_previous: bool
    has_next: bool

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _list_pager(page: ClaimPage, number: int) -> ListPager:
    if not page.total_exact:
        # Past the counted claims the pages go on while they are full.
        return ListPager(number, None, number > 1, len(page.rows) == page.limit)
    pages = max(1, -(-page.total // page.limit))
    return ListPager(min(number, pages), pages, number > 1, number < pages)


@never_cache
@claims_required
@require_GET
def claim_list_page(request: HttpRequest) -> HttpResponse:
    """The organization's claims and drafts, newest first, with filters and what happens next."""
    filters, values, errors = _list_filters(request)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    page = claim_list(
        actor=actor_for_request(request), filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    query = urlencode({k: v for k, v in values.items() if v})
    return render(
        request,
        "claims/list.html",
        {
            "page": page,
            "pager": _list_pager(page, number),
            "query": query,
            "values": values,
            "errors": errors,
            "error_links": _error_links(errors),
            "status_choices": ClaimStatus.choices,
        },
        status=400 if errors else 200,
    )


def _detail_context(claim: Claim) -> dict[str, Any]:
    lines = list(claim.lines.prefetch_related("adjustments").order_by("number"))
    claim.tally = line_tally((line.status, line.paid) for line in lines)
    standing = claim.standing
    return {
        "claim": claim,
        "standing": standing,
        "next_step": standing.next_step,
        "lines": lines,
        "adjusted": any(line.adjustments.all() for line in lines),
        "events": list(claim.events.select_related("by", "related")),
        "other_payers": list(claim.other_payers.all()),
        "attachments": list(claim.attachments.all()),
        "replaced_by": claim.replaced_by.exclude(status=ClaimStatus.DRAFT).first(),
        "can_replace": replaceable(claim),
        "diagnoses": [(chr(65 + i), code) for i, code in enumerate(claim.diagnoses)],
    }


@never_cache
@claims_required
@require_GET
def received(request: HttpRequest, icn: str) -> HttpResponse:
    """The acknowledgment: the plan's claim number and the date received."""
    try:
        claim = access_claim(actor=actor_for_request(request), icn=icn)
    except NotFound:
        return _not_found(request)
    return render(request, "claims/received.html", _detail_context(claim))


@never_cache
@claims_required
@require_GET
def detail(request: HttpRequest, icn: str) -> HttpResponse:
    """One claim at line level: status and what happens next, amounts once known, adjustments, history."""
    try:
        claim = access_claim(actor=actor_for_request(request), icn=icn)
    except NotFound:
        return _not_found(request)
    return render(request, "claims/detail.html", _detail_context(claim))


@never_cache
@claims_required
@require_GET
def print_view(request: HttpRequest, icn: str) -> HttpResponse:
    """The claim's status on one printable page."""
    try:
        claim = access_claim(actor=actor_for_request(request), icn=icn)
    except NotFound:
        return _not_found(request)
    return render(request, "claims/print.html", _detail_context(claim))


@claims_required
@require_GET
def attachment(request: HttpRequest, icn: str, attachment_id: int) -> HttpResponseBase:
    try:
        found = access_claim_attachment(actor=actor_for_request(request), icn=icn, attachment_id=attachment_id)
    except NotFound:
        return _not_found(request)
    path = attachment_path(found.stored_name)
    if not path.is_file():
        return _not_found(request)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=found.original_name, content_type=found.content_type
    )


# ---- the claims examiner's queue ----------------------------------------------------------------------------


@never_cache
@staff_role_required(StaffRole.CLAIMS_EXAMINER)
@require_GET
def work_queue(request: HttpRequest) -> HttpResponse:
    """Received and pended claims, oldest first (read-only until adjudication comes)."""
    rows = claims_awaiting_examiner()
    paginator = Paginator(rows, PAGE_SIZE)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    return render(request, "claims/work.html", {"pager": paginator.get_page(number)})


@never_cache
@staff_role_required(StaffRole.CLAIMS_EXAMINER)
@require_http_methods(["GET", "POST"])
def work_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """One claim for the examiner: its lines, why each pended line waits, and release, adjust or deny with a
    note."""
    actor = actor_for_request(request)
    try:
        claim = examiner_claim(actor=actor, claim_id=claim_id)
    except NotFound:
        return render(request, "claims/not_found.html", status=404)
    errors: dict[str, list[str]] = {}
    values = {"line": "", "action": "", "allowed": "", "reason": "", "adjust_reason": "", "note": ""}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        try:
            number = int(values["line"])
        except ValueError:
            number = 0
        try:
            if values["action"] == "release":
                claim_line_release(
                    actor=actor,
                    claim_id=claim.pk,
                    line_number=number,
                    note=values["note"],
                    allowed=allowed_parse(values["allowed"]),
                )
                messages.success(request, _("Line %(n)s released.") % {"n": number})
            elif values["action"] == "adjust":
                try:
                    claim_line_adjust(
                        actor=actor,
                        claim_id=claim.pk,
                        line_number=number,
                        allowed=allowed_parse(values["allowed"]),
                        reason=values["adjust_reason"],
                        note=values["note"],
                    )
                except ValidationFailed as exc:  # the page has a list of adjustment reasons of its own
                    raise ValidationFailed(
                        {("adjust_reason" if k == "reason" else k): v for k, v in exc.errors.items()}
                    ) from exc
                messages.success(request, _("Line %(n)s adjusted.") % {"n": number})
            elif values["action"] == "deny":
                claim_line_deny(
                    actor=actor, claim_id=claim.pk, line_number=number, reason=values["reason"], note=values["note"]
                )
                messages.success(request, _("Line %(n)s denied.") % {"n": number})
            else:
                raise ValidationFailed({"action": [_("Choose release, adjust or deny.")]})
        except ValidationFailed as exc:
            errors = exc.errors
        except NotFound:
            return render(request, "claims/not_found.html", status=404)
        else:
            return redirect("claims:work_claim", claim_id=claim.pk)
    context = {
        **_detail_context(claim),
        "errors": errors,
        "error_links": _error_links(errors),
        "values": values,
        "denial_reasons": [(code, label) for code, (label, _e, _a) in DENIAL_REASONS.items()],
        "adjustment_reasons": [(code, label) for code, (label, _e, _a) in ADJUSTMENT_REASONS.items()],
    }
    return render(request, "claims/work_claim.html", context, status=400 if errors else 200)
