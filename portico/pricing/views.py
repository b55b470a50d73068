"""/fee-schedules/: the fee schedules a person may see, a schedule's rates (searchable, CSV), the rate lookup.

Public schedules are open to anyone, signed in or not; a contracted schedule only to people acting for its
organization and to plan staff (``queries``); anything else is "not found". Views only translate HTTP.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portico.common.dates import today
from portico.common.errors import NotFound, ValidationFailed
from portico.pricing import queries
from portico.pricing.models import FeeSchedule, FeeScheduleVersion, PricingMethod
from portico.pricing.pdf import MAX_ROWS as PDF_MAX_ROWS
from portico.pricing.pdf import fee_schedule_pdf_render
from portico.pricing.pricer import FACILITY_PLACES

ROWS_PER_PAGE = 100
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _viewer(request: HttpRequest) -> queries.Viewer:
    membership = getattr(request, "membership", None)
    return queries.Viewer(
        organization_id=membership.organization_id if membership else None,
        plan_staff=bool(request.user.is_authenticated and request.user.is_plan_staff),
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "pricing/not_found.html", status=404)


def _day(request: HttpRequest) -> tuple[str, dt.date | None, dict[str, list[str]]]:
    value = request.GET.get("date", "").strip() or today().isoformat()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value, None, {"date": [_("The date of service must be a date like 2025-06-01.")]}
    if not queries.EARLIEST_DAY <= day <= queries.LATEST_DAY:
        return value, None, {"date": [_("The date of service must be between 2000-01-01 and 2099-12-31.")]}
    return value, day, {}


@require_GET
def schedule_list(request: HttpRequest) -> HttpResponse:
    """Every fee schedule this person may see: the public ones, and their organization's contracted ones."""
    schedules = queries.fee_schedules_visible(viewer=_viewer(request))
    return render(request, "pricing/list.html", {"schedules": schedules})


def _version_context(schedule: FeeSchedule, version: FeeScheduleVersion | None) -> dict[str, Any]:
    return {
        "version": version,
        "locality": queries.locality_of(schedule=schedule, version=version) if version else None,
        "is_mpfs": schedule.method == PricingMethod.MPFS,
    }


@require_GET
def schedule_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A schedule's versions and the rates of the one in force on a date, searchable by code or words."""
    try:
        schedule = queries.fee_schedule_visible(viewer=_viewer(request), slug=slug)
    except NotFound:
        return _not_found(request)
    date_value, day, errors = _day(request)
    q = " ".join(request.GET.get("q", "").split())[:40]
    context: dict[str, Any] = {
        "schedule": schedule,
        "versions": queries.fee_schedule_versions(schedule=schedule),
        "values": {"date": date_value, "q": q},
        "errors": errors,
        "error_links": [(f"id_{k}", m) for k, ms in errors.items() for m in ms],
    }
    if errors:
        return render(request, "pricing/detail.html", context, status=400)
    assert day is not None
    version = queries.version_on(schedule=schedule, day=day)
    context.update(_version_context(schedule, version))
    if version is not None:
        rows = queries.fee_schedule_rows(schedule=schedule, version=version, q=q)
        everything = rows if not q else queries.fee_schedule_rows(schedule=schedule, version=version)
        context["pdf_allowed"] = len(everything) <= PDF_MAX_ROWS
        context["page"] = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        context["query"] = urlencode({k: v for k, v in {"date": date_value, "q": q}.items() if v})
        context["download_query"] = urlencode({"date": day.isoformat()})
    return render(request, "pricing/detail.html", context)


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


@require_GET
def schedule_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Every rate of the version in force on the date, as CSV."""
    try:
        schedule = queries.fee_schedule_visible(viewer=_viewer(request), slug=slug)
    except NotFound:
        return _not_found(request)
    _value, day, errors = _day(request)
    version = queries.version_on(schedule=schedule, day=day) if day else None
    if errors or version is None:
        message = errors["date"][0] if errors else _("No version of this schedule is in force on that date.")
        return render(request, "pricing/download_error.html", {"schedule": schedule, "message": message}, status=400)
    rows = queries.fee_schedule_rows(schedule=schedule, version=version)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{schedule.slug}-v{version.number}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    mpfs = schedule.method == PricingMethod.MPFS
    header = [_("Code"), _("Modifier"), _("Description")]
    header += [_("Non-facility rate"), _("Facility rate")] if mpfs else [_("Rate")]
    header += [_("Version"), _("In force from"), _("In force through")]
    writer.writerow(header)
    for row in rows:
        cells: list[object] = [row.code, row.modifier, row.description, row.rate]
        if mpfs:
            cells.append(row.facility_rate if row.facility_rate is not None else row.rate)
        cells += [version.number, version.effective_start.isoformat(), version.effective_end or ""]
        writer.writerow([_csv_cell(c) for c in cells])
    return response


@require_GET
def schedule_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Every rate of the version in force on the date, as a printable PDF."""
    try:
        schedule = queries.fee_schedule_visible(viewer=_viewer(request), slug=slug)
    except NotFound:
        return _not_found(request)
    _value, day, errors = _day(request)
    version = queries.version_on(schedule=schedule, day=day) if day else None
    if errors or version is None:
        message = errors["date"][0] if errors else _("No version of this schedule is in force on that date.")
        return render(request, "pricing/download_error.html", {"schedule": schedule, "message": message}, status=400)
    rows = queries.fee_schedule_rows(schedule=schedule, version=version)
    if len(rows) > PDF_MAX_ROWS:
        message = _("This version has %(count)s rates, too many to print: download the CSV instead.") % {
            "count": len(rows)
        }
        return render(request, "pricing/download_error.html", {"schedule": schedule, "message": message}, status=400)
    content = fee_schedule_pdf_render(
        schedule=schedule, version=version, rows=rows, locality=queries.locality_of(schedule=schedule, version=version)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{schedule.slug}-v{version.number}.pdf"'
    return response


@require_GET
def rate_lookup(request: HttpRequest, slug: str) -> HttpResponse:
    """One code's rate on a date of service and at a place of service, and how it was derived."""
    viewer = _viewer(request)
    try:
        schedule = queries.fee_schedule_visible(viewer=viewer, slug=slug)
    except NotFound:
        return _not_found(request)
    values = {
        "code": request.GET.get("code", "").strip()[:10],
        "modifier": request.GET.get("modifier", "").strip()[:5],
        "date": request.GET.get("date", "").strip()[:10] or today().isoformat(),
        "place_of_service": request.GET.get("place_of_service", "").strip()[:5],
    }
    context: dict[str, Any] = {"schedule": schedule, "values": values, "errors": {}, "error_links": []}
    if not values["code"]:
        return render(request, "pricing/lookup.html", context)
    try:
        lookup = queries.rate_lookup_parse(**values)
    except ValidationFailed as exc:
        context["errors"] = exc.errors
        context["error_links"] = [(f"id_{k}", m) for k, ms in exc.errors.items() for m in ms]
        return render(request, "pricing/lookup.html", context, status=400)
    _schedule, rate, reason = queries.fee_schedule_rate_lookup(viewer=viewer, slug=slug, lookup=lookup)
    context.update(
        {"lookup": lookup, "rate": rate, "reason": reason, "facility": lookup.place_of_service in FACILITY_PLACES}
    )
    return render(request, "pricing/lookup.html", context)
