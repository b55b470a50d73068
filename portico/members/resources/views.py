"""Provider pages of member resources (mounted at /member-resources/): the organization's requests, choosing a
program, the program's form, a request with its timeline (answer the plan's question, withdraw while open).

Who may use them: the organization's people with the Eligibility role — the front desk that checks coverage is
who sets up a ride or an interpreter — and its administrators, who hold every role (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portico.accounts.actors import actor_for_request, provider_role_required
from portico.accounts.models import ProviderRole
from portico.common.dates import today
from portico.common.errors import DomainError, NotFound, ValidationFailed
from portico.members.resources import queries, services
from portico.members.resources.fields import FIELDS, OTHER, details_rows
from portico.members.resources.models import ResourceProgram, ResourceRequest, ResourceStatus
from portico.members.resources.rules import (
    eligible_programs_label,
    in_season,
    program_in_force,
    programs_in_force,
    season_label,
)

resources_required = provider_role_required(ProviderRole.ELIGIBILITY)

MEMBER_FIELD = "member_id"


def errors_of(exc: DomainError, default_field: str) -> dict[str, list[str]]:
    if isinstance(exc, ValidationFailed):
        return exc.errors
    return {exc.field or default_field: [exc.message]}


def error_links(errors: Mapping[str, list[str]], order: list[str]) -> list[tuple[str, str]]:
    """(anchor, message) for the error summary, in the form's order."""
    ordered = sorted(errors.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return [(f"id_{field}", message) for field, found in ordered for message in found]


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "resources/not_found.html", status=404)


def program_facts(program: ResourceProgram) -> dict[str, Any]:
    """What a person reads about a program before choosing it."""
    return {
        "program": program,
        "who": eligible_programs_label(program),
        "season": season_label(program),
        "lookback_days": program.coverage_lookback_days,
        "notice_days": program.min_notice_days,
    }


def form_fields(
    program: ResourceProgram, values: Mapping[str, Any], errors: Mapping[str, list[str]]
) -> list[dict[str, Any]]:
    """The program's fields as the template draws them: label, kind, hint, choices, what was typed, errors."""
    rows = []
    optional = set(program.optional_fields or [])
    for key in program.form_fields:
        spec = FIELDS[key]
        value = values.get(key, "")
        rows.append(
            {
                "key": key,
                "kind": spec.kind,
                "label": spec.label,
                "hint": spec.hint,
                "required": key not in optional,
                "value": "" if isinstance(value, bool) else str(value or ""),
                "checked": str(value).lower() in ("1", "true", "on", "yes"),
                "choices": [(v, label) for v, label in spec.choices],
                "text_value": str(values.get(f"{key}_text", "") or ""),
                "other": OTHER,
                "max_length": spec.max_length,
                "errors": errors.get(key, []),
            }
        )
    return rows


@resources_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    found = queries.resource_request_list(actor=actor_for_request(request), status=status, limit=200)
    return render(
        request,
        "resources/list.html",
        {
            "rows": found.rows,
            "total": found.total,
            "status": status,
            "status_choices": ResourceStatus.choices,
            "open_value": queries.OPEN,
        },
    )


@resources_required
@require_GET
def program_choose(request: HttpRequest) -> HttpResponse:
    """The programs in force today, each with who qualifies and what it needs."""
    day = today()
    programs = [{**program_facts(p), "in_season": in_season(p, day)} for p in programs_in_force(on=day)]
    # ``?member=<member ID>`` (from the eligibility answer) is carried on to the program's form.
    member = request.GET.get("member", "").strip()[:40]
    return render(request, "resources/choose.html", {"programs": programs, "member": member})


def _form_context(
    program: ResourceProgram, values: Mapping[str, Any], errors: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    errors = errors or {}
    order = [MEMBER_FIELD, *program.form_fields]
    return {
        **program_facts(program),
        "member_field": MEMBER_FIELD,
        "member_value": values.get(MEMBER_FIELD, ""),
        "member_errors": errors.get(MEMBER_FIELD, []),
        "fields": form_fields(program, values, errors),
        "errors": errors,
        "error_links": error_links(errors, order),
    }


@resources_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, program_key: str) -> HttpResponse:
    """The program's form: the member by plan member ID, then what the program needs. ``?member=`` fills in the
    member ID (a link from the eligibility answer)."""
    program = program_in_force(key=program_key, on=today())
    if program is None:
        return render(request, "resources/not_found.html", {"program_missing": True}, status=404)
    if request.method != "POST":
        return render(
            request, "resources/form.html", _form_context(program, {MEMBER_FIELD: request.GET.get("member", "")})
        )
    values = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    try:
        row = services.resource_request_submit(
            actor=actor_for_request(request),
            program_key=program.key,
            member_reference=values.get(MEMBER_FIELD, ""),
            values=values,
        )
    except DomainError as exc:
        return render(
            request, "resources/form.html", _form_context(program, values, errors_of(exc, MEMBER_FIELD)), status=400
        )
    messages.success(
        request,
        _("Your request %(reference)s was sent. A care coordinator works it; this page shows each step.")
        % {"reference": row.reference},
    )
    return redirect("resources:detail", request_id=row.pk)


def _detail_context(request: HttpRequest, row: ResourceRequest, **extra: Any) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "row": row,
        "details": details_rows(row.details, row.program.form_fields),
        "events": queries.provider_events(request=row),
        "question": queries.open_question(request=row),
        "can_write": membership is not None and membership.has_role(ProviderRole.MESSAGING),
        "errors": {},
        "error_links": [],
        "values": {},
        **extra,
    }


@resources_required
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        row = queries.access_resource_request(actor=actor_for_request(request), request_id=request_id)
    except NotFound:
        return not_found(request)
    return render(request, "resources/detail.html", _detail_context(request, row))


def _with_errors(request: HttpRequest, request_id: int, errors: dict[str, list[str]]) -> HttpResponse:
    row = queries.access_resource_request(actor=actor_for_request(request), request_id=request_id, record=False)
    context = _detail_context(
        request, row, errors=errors, error_links=error_links(errors, ["answer", "reason"]),
        values={k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"},
    )  # fmt: skip
    return render(request, "resources/detail.html", context, status=400)


@resources_required
@require_POST
def request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.resource_request_answer(
            actor=actor_for_request(request), request_id=request_id, answer=request.POST.get("answer", "")
        )
    except NotFound:
        return not_found(request)
    except DomainError as exc:
        return _with_errors(request, request_id, errors_of(exc, "answer"))
    messages.success(request, _("Your answer was sent to the care coordinator."))
    return redirect("resources:detail", request_id=request_id)


@resources_required
@require_POST
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.resource_request_withdraw(
            actor=actor_for_request(request), request_id=request_id, reason=request.POST.get("reason", "")
        )
    except NotFound:
        return not_found(request)
    except DomainError as exc:
        return _with_errors(request, request_id, errors_of(exc, "reason"))
    messages.success(request, _("The request was withdrawn."))
    return redirect("resources:detail", request_id=request_id)
