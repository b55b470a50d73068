"""Eligibility & benefits pages: single inquiry, the member's answer (and its print view), and batches."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portico.accounts.actors import actor_for_request, provider_role_required
from portico.accounts.models import ProviderRole
from portico.common.dates import today
from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.members import batch as batches
from portico.members.eligibility import (
    eligibility_check,
    eligibility_for_member,
    eligibility_inquiry_parse,
    service_date_bounds,
)
from portico.plans.models import DEFAULT_SERVICE_TYPES, SERVICE_TYPE_CODES, ServiceType

eligibility_required = provider_role_required(ProviderRole.ELIGIBILITY)


def _form_context(data: dict[str, Any] | None = None, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    earliest, latest = service_date_bounds()
    data = data or {}
    chosen = data.get("service_types") or list(DEFAULT_SERVICE_TYPES)
    return {
        "data": data,
        "errors": errors or {},
        "earliest": earliest,
        "latest": latest,
        "today": today(),
        "dos_value": data.get("date_of_service") or today().isoformat(),
        "service_type_choices": [(code, label, code in chosen) for code, label in ServiceType.choices],
    }


def not_found(request: HttpRequest, message: str | None = None) -> HttpResponse:
    return render(request, "members/not_found.html", {"message": message or _("Member not found.")}, status=404)


@eligibility_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """The eligibility inquiry form; a POST answers on the same page (htmx swaps just the answer)."""
    partial = request.headers.get("HX-Request") == "true"
    if request.method == "GET":
        return render(request, "members/search.html", _form_context())
    data = {
        "member_id": request.POST.get("member_id", ""),
        "last_name": request.POST.get("last_name", ""),
        "first_name": request.POST.get("first_name", ""),
        "birth_date": request.POST.get("birth_date", ""),
        "date_of_service": request.POST.get("date_of_service", ""),
        "service_types": request.POST.getlist("service_types"),
    }
    context = _form_context(data)
    status = 200
    try:
        inquiry = eligibility_inquiry_parse(data)
        context["result"] = eligibility_check(actor=actor_for_request(request), inquiry=inquiry)
        context["service_types_param"] = ",".join(inquiry.service_types)
    except ValidationFailed as exc:
        context["errors"] = exc.errors
        status = 400
    except Throttled as exc:
        context["throttled"] = exc.message
        status = 429
    template = "members/_search_outcome.html" if partial else "members/search.html"
    response = render(request, template, context, status=status)
    if partial:
        # htmx swaps only 2xx responses; the partial carries the form with its errors next to the fields.
        response.status_code = 200
    return response


def _member_answer(request: HttpRequest, member_id: int, template: str) -> HttpResponse:
    raw_date = request.GET.get("date") or today().isoformat()
    raw_types = request.GET.get("types", "")
    try:
        parsed_date = dt.date.fromisoformat(raw_date)
    except ValueError:
        parsed_date = None
    earliest, latest = service_date_bounds()
    if parsed_date is None or not earliest <= parsed_date <= latest:
        return render(
            request,
            "members/not_found.html",
            {"message": _("The date of service must be between %(a)s and %(b)s.") % {"a": earliest, "b": latest}},
            status=400,
        )
    types = [t for t in raw_types.split(",") if t in SERVICE_TYPE_CODES] or list(DEFAULT_SERVICE_TYPES)
    try:
        result = eligibility_for_member(
            actor=actor_for_request(request),
            member_id=member_id,
            date_of_service=parsed_date,
            service_types=types,
        )
    except NotFound:
        return not_found(request)
    context = {"result": result, "service_types_param": ",".join(types), "print_view": "print" in template}
    return render(request, template, context)


@eligibility_required
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_answer(request, member_id, "members/member.html")


@eligibility_required
def member_print(request: HttpRequest, member_id: int) -> HttpResponse:
    return _member_answer(request, member_id, "members/member_print.html")


@eligibility_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = {"file": [_("Choose a CSV file to upload.")]}
        else:
            try:
                created = batches.batch_create(
                    actor=actor,
                    filename=upload.name or "",
                    content=upload.read(),
                    language=translation.get_language() or "en",
                )
                return redirect("members:batch_detail", batch_id=created.pk)
            except ValidationFailed as exc:
                errors = exc.errors
            except Throttled as exc:
                errors = {"file": [exc.message]}
    recent = batches.EligibilityBatch.objects.filter(organization_id=actor.organization_id, user=actor.user)[:10]
    return render(
        request,
        "members/batch.html",
        {"errors": errors, "recent": recent, "max_rows": batches.settings.PORTICO["BATCH_MAX_ROWS"]},
        status=400 if errors else 200,
    )


@eligibility_required
def batch_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="eligibility-batch-template.csv"'
    writer = csv.writer(response)
    writer.writerow(batches.REQUIRED_COLUMNS)
    writer.writerow(["CH100000001", "1985-04-12", today().isoformat()])
    return response


@eligibility_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    try:
        found = batches.batch_of(actor=actor, batch_id=batch_id)
    except NotFound:
        return not_found(request, _("Batch not found."))
    context: dict[str, Any] = {"batch": found}
    if found.status == batches.BatchStatus.DONE:
        context["rows"] = batches.batch_rows_read(actor=actor, batch=found)
    if request.headers.get("HX-Request") == "true":
        return render(request, "members/_batch_status.html", context)
    return render(request, "members/batch_detail.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@eligibility_required
def batch_csv(request: HttpRequest, batch_id: int) -> HttpResponseBase:
    actor = actor_for_request(request)
    try:
        found = batches.batch_of(actor=actor, batch_id=batch_id)
    except NotFound:
        return not_found(request, _("Batch not found."))
    if found.status != batches.BatchStatus.DONE:
        return render(request, "members/batch_detail.html", {"batch": found}, status=409)
    rows = batches.batch_rows_read(actor=actor, batch=found, export=True)
    writer = csv.writer(_Echo())
    header = [
        "row", "member_id", "birth_date", "date_of_service", "status", "message", "line_of_business",
        "benefit_plan", "coverage_start", "coverage_end", "pcp", "pcp_clinic", "pcp_phone", "other_insurance",
    ]  # fmt: skip

    def lines() -> Any:
        yield writer.writerow(header)
        for r in rows:
            yield writer.writerow([
                r.row_number, r.member_number_given, r.birth_date_given, r.date_of_service, r.status, r.message,
                r.line_of_business, r.benefit_plan, r.coverage_start or "", r.coverage_end or "", r.pcp_name,
                r.pcp_clinic, r.pcp_phone, r.other_insurance,
            ])  # fmt: skip

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="eligibility-batch-{found.pk}.csv"'
    return response
