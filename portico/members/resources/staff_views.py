"""Care coordinators' pages of member resources (mounted at /member-resources/work/): the queue, soonest needed
first, and a request to work — take or release it, ask the provider a question, arrange, deny or complete it, add
a note. Only plan staff with the Care coordinator role reach them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portico.accounts.actors import staff_role_required
from portico.accounts.models import StaffRole, User
from portico.common.errors import DomainError, NotFound
from portico.members.resources import queries, services
from portico.members.resources.fields import details_rows
from portico.members.resources.models import ALLOWED, ResourceKind, ResourceRequest, ResourceStatus
from portico.members.resources.views import error_links, errors_of

care_coordinator_required = staff_role_required(StaffRole.CARE_COORDINATOR)

# Each action form's fields, in the order the error summary lists them.
FORM_ORDER = ["question", "arrangement", "scheduled_for", "note", "reason", "action"]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "resources/staff/not_found.html", status=404)


@care_coordinator_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    show = request.GET.get("show", "")
    status = request.GET.get("status", queries.OPEN)
    filters = queries.QueueFilters(
        status=status if status in (queries.OPEN, "", *ResourceStatus.values) else queries.OPEN,
        kind=request.GET.get("kind", ""),
        mine=show == "mine",
        unassigned=show == "unassigned",
    )
    return render(
        request,
        "resources/staff/queue.html",
        {
            "rows": queries.resource_queue(user=user, filters=filters),
            "filters": filters,
            "show": show,
            "counts": queries.queue_counts(user=user),
            "status_choices": ResourceStatus.choices,
            "kind_choices": ResourceKind.choices,
            "open_value": queries.OPEN,
        },
    )


def _context(row: ResourceRequest, **extra: Any) -> dict[str, Any]:
    allowed = ALLOWED[row.status]
    return {
        "row": row,
        "member": row.member,
        "details": details_rows(row.details, row.program.form_fields),
        "events": row.events.select_related("by"),
        "can_take": row.is_open,
        "can_ask": ResourceStatus.NEEDS_INFORMATION in allowed,
        "can_arrange": ResourceStatus.ARRANGED in allowed,
        "can_deny": ResourceStatus.DENIED in allowed,
        "can_complete": ResourceStatus.COMPLETED in allowed,
        "errors": {},
        "error_links": [],
        "error_form": "",
        "values": {},
        **extra,
    }


@care_coordinator_required
@require_GET
def work(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        row = queries.staff_access_resource_request(user=_user(request), request_id=request_id)
    except NotFound:
        return _not_found(request)
    return render(request, "resources/staff/work.html", _context(row))


def _with_errors(request: HttpRequest, request_id: int, form: str, errors: dict[str, list[str]]) -> HttpResponse:
    row = queries.staff_access_resource_request(user=_user(request), request_id=request_id, record=False)
    values = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    links = [
        (anchor.replace("id_", f"id_{form}-", 1) if form else anchor, m)
        for anchor, m in error_links(errors, FORM_ORDER)
    ]
    context = _context(row, errors=errors, error_links=links, error_form=form, values=values)
    return render(request, "resources/staff/work.html", context, status=400)


@care_coordinator_required
@require_POST
def assign(request: HttpRequest, request_id: int) -> HttpResponse:
    release = request.POST.get("action") == "release"
    try:
        if release:
            services.resource_request_release(user=_user(request), request_id=request_id)
        else:
            services.resource_request_take(user=_user(request), request_id=request_id)
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("resources:work", request_id=request_id)
    messages.success(request, _("The request is back in the queue.") if release else _("The request is yours."))
    return redirect("resources:work", request_id=request_id)


@care_coordinator_required
@require_POST
def ask(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.resource_request_ask(
            user=_user(request), request_id=request_id, question=request.POST.get("question", "")
        )
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        return _with_errors(request, request_id, "ask", errors_of(exc, "question"))
    messages.success(request, _("Your question was sent. The request waits for the provider's answer."))
    return redirect("resources:work", request_id=request_id)


@care_coordinator_required
@require_POST
def decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """``action`` arrange (with ``arrangement``, ``scheduled_for``, ``note``), deny (``reason``) or complete
    (``note``)."""
    action = request.POST.get("action", "")
    user = _user(request)
    try:
        if action == "arrange":
            services.resource_request_arrange(
                user=user,
                request_id=request_id,
                arrangement=request.POST.get("arrangement", ""),
                scheduled_for=request.POST.get("scheduled_for", ""),
                note=request.POST.get("note", ""),
            )
            done = _("The request is approved and arranged. The provider is told.")
        elif action == "deny":
            services.resource_request_deny(user=user, request_id=request_id, reason=request.POST.get("reason", ""))
            done = _("The request is denied. The provider is told, with your reason.")
        elif action == "complete":
            services.resource_request_complete(user=user, request_id=request_id, note=request.POST.get("note", ""))
            done = _("The request is completed.")
        else:
            return _with_errors(request, request_id, "", {"action": [_("Choose arrange, deny or complete.")]})
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        return _with_errors(request, request_id, action, errors_of(exc, "reason" if action == "deny" else "note"))
    messages.success(request, done)
    return redirect("resources:work", request_id=request_id)


@care_coordinator_required
@require_POST
def note(request: HttpRequest, request_id: int) -> HttpResponse:
    for_provider = request.POST.get("for_provider") == "1"
    try:
        services.resource_request_note(
            user=_user(request), request_id=request_id, note=request.POST.get("note", ""), for_provider=for_provider
        )
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        return _with_errors(request, request_id, "note", errors_of(exc, "note"))
    messages.success(
        request, _("The note was added; the provider is told.") if for_provider else _("The note was added.")
    )
    return redirect("resources:work", request_id=request_id)
