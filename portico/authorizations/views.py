"""Prior-authorization pages for providers: the list, a new request (from scratch or from the requirement check),
a draft resumed, the request's detail, its attachments and the printable confirmation of lines needing none.

The views only translate HTTP: parse, call one service or query, render. Bad input is shown next to its field with
status 400 and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portico.accounts.actors import actor_for_request, provider_role_required
from portico.accounts.models import ProviderRole
from portico.authorizations.attachments import Upload, attachment_path, max_bytes
from portico.authorizations.inputs import MAX_DIAGNOSES, MAX_LINES
from portico.authorizations.models import (
    STAFF_ONLY_EVENTS,
    AuthorizationAttachment,
    AuthorizationRequest,
    CareSetting,
    DeterminationLetter,
    LineRoute,
    LineStatus,
    RequestStatus,
    Urgency,
)
from portico.authorizations.queries import (
    AuthorizationFilters,
    access_attachment,
    access_authorization,
    authorization_list,
)
from portico.authorizations.review_queries import access_letter
from portico.authorizations.review_services import (
    APPEALABLE,
    authorization_info_answer,
    authorization_line_appeal,
    information_request_open,
)
from portico.authorizations.services import (
    ATTACHABLE_STATUSES,
    DuplicateSuspected,
    authorization_attachment_add,
    authorization_draft_save,
    authorization_submit,
)
from portico.codes.list_queries import line_of_business_by_code
from portico.common.errors import DomainError, NotFound, Throttled, ValidationFailed
from portico.providers.queries import locations_of, practitioners_of

authorizations_required = provider_role_required(ProviderRole.AUTHORIZATIONS)

LINE_FIELDS = ("code", "modifiers", "units", "start", "end", "place_of_service")
FORM_FIELDS = (
    "member_id", "birth_date", "setting", "urgency", "requesting_npi", "servicing_npi", "servicing_location_id",
    "facility_name", "clinical_notes",
)  # fmt: skip
DEFAULT_ROWS = 3
ADD_ROWS = 3
PAGE_DIAGNOSES = 4
PAGE_SIZE = 25


def _anchor(key: str) -> str:
    """The id of the field an error is about: ``lines.2.units`` → ``id_lines-2-units``."""
    parts = key.split(".")
    if parts[0] == "lines":
        if len(parts) == 1:
            return "id_lines-0-code"
        return f"id_lines-{parts[1]}-{parts[2] if len(parts) > 2 else 'code'}"
    if parts[0] == "diagnoses":
        return f"id_diagnoses-{parts[1] if len(parts) > 1 else 0}"
    return f"id_{parts[0]}"


def _error_links(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(_anchor(key), message) for key, found in errors.items() for message in found]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "authorizations/not_found.html", status=404)


# ---- the form -----------------------------------------------------------------------------------------------


def _row_count(source: Any, default: int = DEFAULT_ROWS) -> int:
    try:
        count = int(source.get("rows", default))
    except (TypeError, ValueError):
        count = default
    return max(1, min(MAX_LINES, count))


def _posted(request: HttpRequest) -> dict[str, Any]:
    """The form as the services take it (the same keys as the API)."""
    post = request.POST
    data: dict[str, Any] = {name: post.get(name, "").strip() for name in FORM_FIELDS}
    data["expedited_attested"] = post.get("expedited_attested") == "yes"
    data["diagnoses"] = [post.get(f"diagnoses-{i}", "").strip() for i in range(_diagnosis_count(post))]
    data["lines"] = [
        {name: post.get(f"lines-{i}-{name}", "").strip() for name in LINE_FIELDS} for i in range(_row_count(post))
    ]
    return data


def _diagnosis_count(source: Any) -> int:
    try:
        count = int(source.get("diagnosis_rows", PAGE_DIAGNOSES))
    except (TypeError, ValueError):
        count = PAGE_DIAGNOSES
    return max(PAGE_DIAGNOSES, min(MAX_DIAGNOSES, count))


def _uploads(request: HttpRequest) -> list[Upload]:
    limit = max_bytes()
    return [
        Upload(name=f.name or "attachment", content=f.read(limit + 1))
        for f in request.FILES.getlist("attachments")
        if f.name or f.size
    ]


def _data_of(row: AuthorizationRequest) -> dict[str, Any]:
    """A saved draft, as form data."""
    return {
        "member_id": row.member_id_given,
        "birth_date": row.birth_date_given.isoformat() if row.birth_date_given else "",
        "setting": row.setting,
        "urgency": row.urgency,
        "expedited_attested": row.expedited_attested,
        "requesting_npi": row.requesting_practitioner.npi if row.requesting_practitioner else "",
        "servicing_npi": row.servicing_practitioner.npi if row.servicing_practitioner else "",
        "servicing_location_id": str(row.servicing_location_id or ""),
        "facility_name": row.facility_name,
        "clinical_notes": row.clinical_notes,
        "diagnoses": list(row.diagnoses),
        "lines": [
            {
                "code": line.code,
                "modifiers": " ".join(line.modifiers),
                "units": str(line.units),
                "start": line.start.isoformat() if line.start else "",
                "end": line.end.isoformat() if line.end and line.end != line.start else "",
                "place_of_service": line.place_of_service,
            }
            for line in row.lines.all()
        ],
    }


def _prefilled(request: HttpRequest) -> tuple[dict[str, Any], str]:
    """A new request from the requirement check's link: line of business, date and the routed lines' codes."""
    day = request.GET.get("date_of_service", "").strip()
    try:
        start = dt.date.fromisoformat(day).isoformat() if day else ""
    except ValueError:
        start = ""
    codes = [c.strip().upper()[:20] for c in request.GET.getlist("code") if c.strip()][:MAX_LINES]
    lines = [
        {"code": code, "modifiers": "", "units": "", "start": start, "end": "", "place_of_service": ""}
        for code in codes
    ]
    lob = line_of_business_by_code(request.GET.get("lob", "").strip())
    return {"lines": lines, "diagnoses": []}, lob.name if lob else ""


def _form_context(
    request: HttpRequest,
    *,
    data: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    draft: AuthorizationRequest | None = None,
    key: str = "",
    rows: int | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    errors = errors or {}
    organization_id = actor_for_request(request).organization_id
    lines = list(data.get("lines") or [])
    count = max(rows or 0, len(lines), DEFAULT_ROWS if not lines else len(lines))
    lines += [dict.fromkeys(LINE_FIELDS, "") for _ in range(count - len(lines))]
    diagnoses = list(data.get("diagnoses") or [])
    diagnoses += [""] * (max(PAGE_DIAGNOSES, len(diagnoses)) - len(diagnoses))
    return {
        "data": data,
        "errors": errors,
        "error_links": _error_links(errors),
        "draft": draft,
        "idempotency_key": key or (draft.idempotency_key if draft and draft.idempotency_key else uuid.uuid4().hex),
        "rows": [
            {
                "index": i,
                "number": i + 1,
                "values": line,
                "errors": {name: errors.get(f"lines.{i}.{name}", []) for name in LINE_FIELDS},
            }
            for i, line in enumerate(lines)
        ],
        "row_count": len(lines),
        "can_add_rows": len(lines) < MAX_LINES,
        "diagnosis_rows": [
            {"index": i, "value": value, "errors": errors.get(f"diagnoses.{i}", [])}
            for i, value in enumerate(diagnoses)
        ],
        "diagnosis_count": len(diagnoses),
        "practitioners": practitioners_of(organization_id=organization_id) if organization_id else [],
        "locations": locations_of(organization_id=organization_id) if organization_id else [],
        "settings_choices": CareSetting.choices,
        "urgency_choices": Urgency.choices,
        "max_mb": max_bytes() // (1024 * 1024),
        **(extra or {}),
    }


def _handle_post(request: HttpRequest, draft: AuthorizationRequest | None) -> HttpResponse:
    actor = actor_for_request(request)
    data = _posted(request)
    key = request.POST.get("idempotency_key", "").strip()
    action = request.POST.get("action", "submit")
    draft_id = draft.pk if draft else None
    if action == "add_lines":
        rows = min(MAX_LINES, _row_count(request.POST) + ADD_ROWS)
        context = _form_context(request, data=data, draft=draft, key=key, rows=rows)
        context["focus_row"] = _row_count(request.POST)
        return render(request, "authorizations/form.html", context)
    try:
        if action == "save_draft":
            saved = authorization_draft_save(
                actor=actor, data=data, request_id=draft_id, idempotency_key=key, attachments=_uploads(request)
            )
            messages.success(request, _("The draft was saved. You can come back to it from the request list."))
            if saved.status == RequestStatus.DRAFT:
                return redirect("authorizations:edit", request_id=saved.pk)
            return redirect("authorizations:detail", request_id=saved.pk)
        result = authorization_submit(
            actor=actor,
            data=data,
            request_id=draft_id,
            idempotency_key=key,
            acknowledge_duplicates=request.POST.get("confirm_duplicates") == "yes",
            attachments=_uploads(request),
        )
    except ValidationFailed as exc:
        context = _form_context(request, data=data, errors=exc.errors, draft=draft, key=key)
        return render(request, "authorizations/form.html", context, status=400)
    except DuplicateSuspected as exc:
        context = _form_context(request, data=data, draft=draft, key=key, extra={"duplicates": exc.warnings})
        return render(request, "authorizations/form.html", context, status=409)
    except Throttled as exc:
        context = _form_context(request, data=data, draft=draft, key=key, extra={"throttled": exc.message})
        return render(request, "authorizations/form.html", context, status=429)
    except NotFound:
        return _not_found(request)
    if result.created:
        messages.success(
            request,
            _("Request %(number)s was submitted. Each line's status is below.") % {"number": result.request.number},
        )
    return redirect("authorizations:detail", request_id=result.request.pk)


@never_cache
@authorizations_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """A new request: from scratch, or with the lines the requirement check routed
    (``?lob=&date_of_service=&code=``)."""
    if request.method == "POST":
        return _handle_post(request, None)
    data, from_lob = _prefilled(request)
    return render(request, "authorizations/form.html", _form_context(request, data=data, extra={"from_lob": from_lob}))


@never_cache
@authorizations_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, request_id: int) -> HttpResponse:
    """Resume a draft; a request already submitted opens its detail page."""
    try:
        draft = access_authorization(actor=actor_for_request(request), request_id=request_id)
    except NotFound:
        return _not_found(request)
    if draft.status != RequestStatus.DRAFT:
        return redirect("authorizations:detail", request_id=draft.pk)
    if request.method == "POST":
        return _handle_post(request, draft)
    return render(request, "authorizations/form.html", _form_context(request, data=_data_of(draft), draft=draft))


# ---- the list and the detail ------------------------------------------------------------------------------


def _list_filters(request: HttpRequest) -> tuple[AuthorizationFilters, dict[str, str], dict[str, list[str]]]:
    values = {
        name: request.GET.get(name, "").strip()
        for name in ("status", "member_id", "code", "submitted_from", "submitted_to", "mine")
    }
    errors: dict[str, list[str]] = {}
    if values["status"] and values["status"] not in RequestStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    days: dict[str, dt.date | None] = {}
    for name in ("submitted_from", "submitted_to"):
        try:
            days[name] = dt.date.fromisoformat(values[name]) if values[name] else None
        except ValueError:
            days[name] = None
            errors[name] = [_("Enter a date like 2026-06-01.")]
    filters = AuthorizationFilters(
        status=values["status"] if "status" not in errors else "",
        member_id=values["member_id"].replace(" ", "").replace("-", "").upper(),
        code=values["code"].replace(" ", "").upper(),
        submitted_from=days["submitted_from"],
        submitted_to=days["submitted_to"],
        submitted_by_id=request.user.pk if values["mine"] == "yes" else None,
    )
    return filters, values, errors


@never_cache
@authorizations_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """The organization's requests, newest first, with filters."""
    filters, values, errors = _list_filters(request)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    page = authorization_list(
        actor=actor_for_request(request), filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    paginator = Paginator(range(page.total), PAGE_SIZE)
    query = urlencode({k: v for k, v in values.items() if v})
    return render(
        request,
        "authorizations/list.html",
        {
            "page": page,
            "pager": paginator.get_page(number),
            "query": query,
            "values": values,
            "errors": errors,
            "error_links": _error_links(errors),
            "status_choices": RequestStatus.choices,
        },
        status=400 if errors else 200,
    )


def _detail_context(row: AuthorizationRequest) -> dict[str, Any]:
    lines = list(row.lines.select_related("vendor", "routed_by__code_list").order_by("number"))
    questions = list(row.information_requests.prefetch_related("lines").select_related("answered_by"))
    return {
        "req": row,
        "lines": lines,
        "reviewer_plan": row.line_of_business.plan.name if row.line_of_business else "",
        "events": list(row.events.exclude(kind__in=STAFF_ONLY_EVENTS).select_related("by", "line")),
        "questions": [
            {
                "q": q,
                "key": f"q{q.pk}-",
                "open": information_request_open(q),
                "lines": [line.number for line in q.lines.all()],
            }
            for q in questions
        ],
        "letters": list(row.letters.select_related("decision__line").defer("content")),
        "appealable": [
            {"line": line, "key": f"appeal-{line.pk}-"}
            for line in lines
            if line.status in APPEALABLE and line.appealed_at is None
        ],
        "attachments": list(row.attachments.all()),
        "can_attach": row.status in ATTACHABLE_STATUSES,
        "not_required": [line for line in lines if line.status == LineStatus.NOT_REQUIRED],
        "decided": any(line.decided_at for line in lines),
        "max_mb": max_bytes() // (1024 * 1024),
        "route_vendor": LineRoute.VENDOR,
        "route_plan": LineRoute.PLAN,
    }


@never_cache
@authorizations_required
@require_GET
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request: every line with its status, reviewer, due time and decision; the timeline; the files."""
    try:
        row = access_authorization(actor=actor_for_request(request), request_id=request_id)
    except NotFound:
        return _not_found(request)
    return render(request, "authorizations/detail.html", _detail_context(row))


@authorizations_required
@require_POST
def attachment_add(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    try:
        added = authorization_attachment_add(actor=actor, request_id=request_id, uploads=_uploads(request))
    except NotFound:
        return _not_found(request)
    except (ValidationFailed, DomainError) as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {"attachments": [exc.message]}
        row = access_authorization(actor=actor, request_id=request_id)
        context = {**_detail_context(row), "errors": errors, "error_links": _error_links(errors)}
        return render(request, "authorizations/detail.html", context, status=400)
    messages.success(request, _("%(n)s file(s) attached.") % {"n": len(added)})
    return redirect("authorizations:detail", request_id=request_id)


@authorizations_required
@require_GET
def attachment_download(request: HttpRequest, request_id: int, attachment_id: int) -> HttpResponseBase:
    """The file, to those who may see the request, as a download with the type detected from its content."""
    try:
        found = access_attachment(actor=actor_for_request(request), request_id=request_id, attachment_id=attachment_id)
    except NotFound:
        return _not_found(request)
    return attachment_response(found)


@never_cache
@authorizations_required
@require_GET
def confirmation(request: HttpRequest, request_id: int) -> HttpResponse:
    """A printable confirmation that the request's lines on the No-Auth list need no authorization."""
    try:
        row = access_authorization(actor=actor_for_request(request), request_id=request_id)
    except NotFound:
        return _not_found(request)
    context = _detail_context(row)
    if not context["not_required"]:
        return _not_found(request)
    return render(request, "authorizations/confirmation.html", context)


# ---- answers, appeals, letters ------------------------------------------------------------------------------


def _detail_with_errors(
    request: HttpRequest, request_id: int, errors: dict[str, list[str]], anchor_prefix: str
) -> HttpResponse:
    row = access_authorization(actor=actor_for_request(request), request_id=request_id)
    links = [(f"id_{anchor_prefix}{key}", m) for key, found in errors.items() for m in found]
    context = {
        **_detail_context(row),
        "errors": errors,
        "error_prefix": anchor_prefix,
        "error_links": links,
        "values": {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"},
    }
    return render(request, "authorizations/detail.html", context, status=400)


@authorizations_required
@require_POST
def answer(request: HttpRequest, request_id: int, question_id: int) -> HttpResponse:
    """The provider's answer to the reviewer's question: text and/or files; the request returns to review."""
    try:
        authorization_info_answer(
            actor=actor_for_request(request),
            request_id=request_id,
            info_request_id=question_id,
            answer=request.POST.get("answer", ""),
            attachments=_uploads(request),
        )
    except NotFound:
        return _not_found(request)
    except (ValidationFailed, DomainError) as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field or "answer": [exc.message]}
        return _detail_with_errors(request, request_id, errors, f"q{question_id}-")
    messages.success(request, _("Your answer was sent; the request is back in review."))
    return redirect("authorizations:detail", request_id=request_id)


@authorizations_required
@require_POST
def appeal(request: HttpRequest, request_id: int, line_id: int) -> HttpResponse:
    """Appeal a denied or partially approved line: the reason and any supporting files."""
    try:
        line = authorization_line_appeal(
            actor=actor_for_request(request),
            request_id=request_id,
            line_id=line_id,
            reason=request.POST.get("reason", ""),
            attachments=_uploads(request),
        )
    except NotFound:
        return _not_found(request)
    except (ValidationFailed, DomainError) as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field or "reason": [exc.message]}
        return _detail_with_errors(request, request_id, errors, f"appeal-{line_id}-")
    messages.success(request, _("Line %(n)s was appealed; it is back in review.") % {"n": line.number})
    return redirect("authorizations:detail", request_id=request_id)


def _private_download(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_response(found: AuthorizationAttachment) -> FileResponse:
    """An attachment already access-checked, as a download of the type detected from its content."""
    return _private_download(
        FileResponse(
            attachment_path(found.stored_name).open("rb"),
            as_attachment=True,
            filename=found.original_name,
            content_type=found.content_type,
        )
    )


def letter_response(found: DeterminationLetter) -> FileResponse:
    """A determination letter already access-checked, as a PDF download."""
    return _private_download(
        FileResponse(
            io.BytesIO(bytes(found.content)),
            as_attachment=True,
            filename=found.filename,
            content_type="application/pdf",
        )
    )


@authorizations_required
@require_GET
def letter(request: HttpRequest, request_id: int, letter_id: int) -> HttpResponseBase:
    """A determination letter, to the organization that made the request."""
    try:
        found = access_letter(actor=actor_for_request(request), request_id=request_id, letter_id=letter_id)
    except NotFound:
        return _not_found(request)
    return letter_response(found)
